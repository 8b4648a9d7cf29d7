"""Quality gates: links, accessibility (light and dark), keyboard, spelling, Markdown style, stale pages."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from helpers.site import has_anchor, links, pages, resolve, soup

from backspasm_site.paths import ROOT, front_matter

BIN = os.path.dirname(sys.executable)


def test_linkchecker_finds_no_broken_links(offline_site_dir):
    """LinkChecker over the offline copy by file path: every internal link (external: listed only).

    Its #anchor pass costs a minute and a half; anchors are checked here by test_online_site_internal_links_resolve
    and test_offline.py's test_offline_links_point_at_files_that_exist (and by the build itself), and
    `make check-external` runs LinkChecker with anchors."""
    from backspasm_site.quality.links import check_offline

    rc, out = check_offline(offline_site_dir, anchors=False)
    print(out[-1500:])
    assert rc == 0, out[-5000:]
    assert " 0 errors found" in out and " 0 warnings found" in out


def test_online_site_internal_links_resolve(site_dir):
    checked = 0
    for rel in pages(site_dir):
        for href in (href for tag, href in links(site_dir, rel) if tag == "a"):
            res = resolve(site_dir, rel, href)
            if res is None:
                continue
            target, fragment = res
            assert os.path.isfile(os.path.join(site_dir, target)), (rel, href)
            if target.endswith(".html"):
                assert has_anchor(site_dir, target, fragment), (rel, href)
            checked += 1
    assert checked > 1000


def _axe_clean(visits, site_dir, scheme):
    assert sorted(visits) == pages(site_dir)
    assert {rel: v.scheme for rel, v in visits.items() if v.scheme != scheme} == {}
    problems = {rel: v.axe for rel, v in visits.items() if v.axe}
    assert not problems, problems


def test_axe_finds_nothing_on_any_page_light(visits_light, site_dir):
    _axe_clean(visits_light, site_dir, "default")


def test_axe_finds_nothing_on_any_page_dark(visits_dark, site_dir):
    _axe_clean(visits_dark, site_dir, "slate")


def test_keyboard_reaches_skip_link_search_and_palette_toggle(page, http_site):
    page.goto(http_site + "treatments/heat/")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return [e.tagName, e.className || '', e.getAttribute('for') || '', e.getAttribute('aria-label') || '',"
                " (e.textContent || '').trim().slice(0, 30)].join('|') })()"
            )
        )
    joined = "\n".join(reached)
    assert "Skip to content" in reached[0], reached[0]
    # straight after "skip": the emergency numbers (tap to call), then the link to urgent help
    help_at = next(i for i, r in enumerate(reached) if "urgent-help" in r)
    assert help_at <= 4 and all(r.startswith("A|tel") for r in reached[1:help_at]), joined
    search_at = next(i for i, r in enumerate(reached) if "md-search__input" in r)
    toggle_at = next(i for i, r in enumerate(reached) if r.startswith("INPUT|md-option") and "Switch to" in r)
    assert search_at < 10 and toggle_at < 10, joined
    # the palette toggle works from the keyboard
    before = page.evaluate("document.body.getAttribute('data-md-color-media')")
    page.goto(http_site + "treatments/heat/")
    for _ in range(toggle_at + 1):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-media') !== {before!r}")
    # the search box takes typing from the keyboard alone
    for _ in range(search_at - toggle_at):
        page.keyboard.press("Tab")
    page.keyboard.type("heat")
    page.wait_for_function("() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)")


def test_images_have_alt_text(site_dir):
    for rel in pages(site_dir):
        for img in soup(site_dir, rel).select("article img"):
            assert img.get("alt", "").strip(), (rel, img)


def test_urgency_and_evidence_labels_are_words_not_only_colour(site_dir):
    labels = 0
    for rel in pages(site_dir):
        for badge in soup(site_dir, rel).select(".badge"):
            assert badge.get_text().strip(), (rel, badge)
            labels += 1
    assert labels > 100


def _run(cmd):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_spelling():
    result = _run(
        [os.path.join(BIN, "codespell"), "docs", "data", "overrides", "README.md", "backspasm_site", "scripts"]
    )
    assert result.returncode == 0, result.stdout


def test_spelling_check_catches_a_typo(tmp_path):
    bad = tmp_path / "x.md"
    bad.write_text("Take it with food to recieve the most benefit.\n")
    result = _run([os.path.join(BIN, "codespell"), str(bad)])
    assert result.returncode != 0 and "recieve" in result.stdout


def test_markdown_style():
    result = _run([os.path.join(BIN, "pymarkdown"), "--config", ".pymarkdown.json", "scan", "-r", "docs", "README.md"])
    assert result.returncode == 0, result.stdout


def stale_pages(docs_dir, today):
    """Pages whose next_review date has passed: 'docs/x.md: next_review 2026-01-01 has passed'."""
    out = []
    for folder, _, files in os.walk(docs_dir):
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                due = front_matter(path).get("next_review")
                if isinstance(due, dt.date) and due < today:
                    out.append(f"docs/{os.path.relpath(path, docs_dir)}: next_review {due} has passed")
    return out


def test_no_page_is_past_its_review_date():
    stale = stale_pages(os.path.join(ROOT, "docs"), dt.date.today())
    assert not stale, "\n".join(stale)


def test_stale_check_names_the_page(tmp_path):
    (tmp_path / "old.md").write_text("---\ntitle: Old\nnext_review: 2020-01-01\n---\nText\n")
    (tmp_path / "new.md").write_text("---\ntitle: New\nnext_review: 2999-01-01\n---\nText\n")
    assert stale_pages(str(tmp_path), dt.date(2026, 11, 25)) == ["docs/old.md: next_review 2020-01-01 has passed"]


def test_every_page_reflows_on_a_320_px_phone(browser, http_site, site_dir):
    """WCAG 1.4.10 (reflow): at 320 CSS pixels wide no page scrolls sideways; names the element that sticks out."""
    ctx = browser.new_context(viewport={"width": 320, "height": 720}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    wide = {}
    for rel in pages(site_dir):
        if rel.startswith("booklet/"):
            continue  # the whole guide on one page: its parts are these pages
        pg.goto(http_site + rel.removesuffix("index.html"))
        pg.wait_for_load_state("load")
        out = pg.evaluate(
            """() => { const W = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= W) return null;
            const e = [...document.querySelectorAll('article *, .md-banner *')]
              .find(e => e.getBoundingClientRect().right > W + 0.5);
            return e ? e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 50) : 'outside the article'; }"""
        )
        if out:
            wide[rel] = out
    ctx.close()
    assert not wide, wide
