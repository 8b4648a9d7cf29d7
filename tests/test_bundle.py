"""The one style sheet (backspasm_site/bundle.py) keeps what a page or a script can use, and only that:
the classes in the built pages, the classes Material's JavaScript adds at run time (read from its
installed bundle, not typed here), and the custom properties something reads."""

from __future__ import annotations

import glob
import os
import re

from helpers.search import ITEMS, search
from helpers.site import pages

from backspasm_site import bundle

MATERIAL_JS = os.path.join(os.path.dirname(__import__("material").__file__), "templates", "assets", "javascripts")


def _material_bundle():
    (path,) = glob.glob(os.path.join(MATERIAL_JS, "bundle.*.min.js"))
    return open(path, encoding="utf-8").read()


def _built(site_dir):
    html = "".join(open(os.path.join(site_dir, rel), encoding="utf-8").read() for rel in pages(site_dir))
    (css,) = glob.glob(os.path.join(site_dir, "assets", "stylesheets", "guide.*.css"))
    return html, open(css, encoding="utf-8").read()


def test_classes_material_adds_at_run_time_are_read_from_its_bundle():
    known = bundle.runtime_classes(_material_bundle())
    # made with a class (its JSX), toggled, added, and held in a variable before use
    for name in ("md-search-result__item", "md-tooltip2--active", "md-dialog--active", "focus-visible"):
        assert name in known, name
    assert "tabbed-control" in known and "md-tag-icon" in known
    assert "md-source__fact--stars" in known  # from the prefix `md-source__fact--${t}`
    # words of the code that are not classes it adds
    for name in ("bug", "success", "keys", "comment", "md-status"):
        assert name not in known, name


def test_the_style_sheet_keeps_run_time_classes_and_drops_the_rest(site_dir):
    html, css = _built(site_dir)
    in_pages = bundle.html_classes(html)
    # no page carries it: only Material's search, at run time, makes it; its rule stays
    assert "md-search-result__item" not in in_pages
    assert re.search(r"(^|[,}\s])\.md-search-result__item\s*\{", css, re.M)
    # and the purge does drop it when the run-time classes are not counted: this test can fail
    main = glob.glob(os.path.join(site_dir, "assets", "stylesheets", "main.*.min.css"))[0]
    palette = {"primary": {"indigo"}, "accent": {"indigo"}, "scheme": {"default", "slate"}}
    assert ".md-search-result__item{" not in bundle.purge(open(main, encoding="utf-8").read(), in_pages, palette)
    # a type of box no page uses and no script adds (Material's "bug" admonition) is gone
    assert ".bug" not in css and ".md-version__list" in css


def test_no_custom_property_is_left_that_nothing_reads(site_dir):
    html, css = _built(site_dir)
    scripts = "".join(
        open(p, encoding="utf-8").read()
        for p in glob.glob(os.path.join(site_dir, "assets", "javascripts", "**", "*.js"), recursive=True)
    )
    declared = {
        m.group(1) for _, b in bundle._rules(css) for d in bundle.declarations(b) if (m := bundle.PROPERTY.match(d))
    }
    read = set(re.findall(r"var\(\s*(--[\w-]+)", css)) | set(re.findall(r"--[\w-]+", scripts + html))
    assert declared and not declared - read, sorted(declared - read)
    # what the scripts set or read stays: Material's tooltips and progress bar, the mermaid colours
    assert "--md-tooltip-width" in css or "--md-tooltip-width" not in scripts
    assert "--md-admonition-icon--bug" not in css  # read only by the dropped .bug rule
    assert (
        bundle.drop_unused_properties(":root{--a:1;--b:var(--a);--c:2}p{x:var(--c)}", "")
        == ":root{--c:2}\np{x:var(--c)}\n"
    )


def test_a_search_result_has_materials_style(browser, http_site):
    """The run-time classes in a real page: Material's search result keeps its divider and block link."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    ranked, _ = search(pg, http_site, "sciatica")
    assert ranked
    # (the first result has none: Material draws the line above each of the others)
    dividers = pg.eval_on_selector_all(ITEMS, "lis => lis.map(li => getComputedStyle(li).boxShadow)")
    link = pg.eval_on_selector(ITEMS + " > a", "a => getComputedStyle(a).display")
    ctx.close()
    assert len(dividers) > 1 and all(d != "none" for d in dividers[1:]) and link == "block", (dividers, link)
