"""The search index loads only when search is used, and Material still does what search.js hooks.

docs/assets/javascripts/search.js holds back Material's index request and its search worker
until the reader shows they are about to search. The first tests read Material's own bundle and
worker: if an upgrade renames what the hook relies on, they fail here, by name.
"""

from __future__ import annotations

import glob
import os
import re

import pytest
import yaml
from helpers.browser import PageWatch
from helpers.site import pages

from backspasm_site.paths import ROOT

MATERIAL_JS = os.path.join(os.path.dirname(__import__("material").__file__), "templates", "assets", "javascripts")
INDEX = re.compile(r"search/search_index\.js(on)?([?#]|$)")
WORKER = re.compile(r"/workers/search\.[0-9a-f]+\.min\.js")


def material(name):
    files = glob.glob(os.path.join(MATERIAL_JS, name))
    assert len(files) == 1, files
    return open(files[0], encoding="utf-8").read()


def test_material_bundle_still_works_the_way_search_js_expects():
    bundle = material("bundle.*.min.js")
    # the index: fetched with XMLHttpRequest online, added as a <script> from file://
    assert '"search/search_index.json"' in bundle and '"search/search_index.js"' in bundle
    assert "new XMLHttpRequest" in bundle and "document.head.appendChild" in bundle
    # the worker: created with `new Worker(url)`, spoken to in the custom-worker protocol
    assert re.search(r"=new Worker\(\w\)", bundle)
    assert re.search(r"\{type:2,data:\w\}", bundle), "QUERY message is no longer {type: 2, data}"
    assert re.search(r"\.type===1\b", bundle) and re.search(r"\.type===3\b", bundle), "READY/RESULT types changed"
    # the result box: first child is the count, last child the list ("Did you mean" goes between)
    assert ":scope > :first-child" in bundle and ":scope > :last-child" in bundle
    # Enter opens the link whose first child has the best data-md-score (the typo path sets scores)
    assert '":first-child [href]"' in bundle and '"data-md-score"' in bundle
    worker = material("workers/search.*.min.js")
    assert 'addEventListener("message"' in worker and "postMessage(" in worker
    assert "~" in worker and "editDistance" in worker  # lunr's word~N edit-distance queries


def _requests(page):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


def _early(visits):
    """Pages that fetched the index or the worker, or had search.js load it, before search was used."""
    return {
        rel: [u for u in v.requests if INDEX.search(u) or WORKER.search(u)] or "loaded"
        for rel, v in visits.items()
        if v.search_loaded or any(INDEX.search(u) or WORKER.search(u) for u in v.requests)
    }


def test_no_page_fetches_the_search_index_before_search_is_used(visits_light, visits_dark, site_dir):
    """Each page stays open while axe runs (seconds), so a late request would be caught too."""
    for visits in (visits_light, visits_dark):
        assert sorted(visits) == pages(site_dir)
        assert all(v.requests for v in visits.values())  # the record does see requests
        assert not _early(visits), _early(visits)
        assert not visits.watch.errors, visits.watch.errors  # (requests cut short by the next page load are not errors)


# search.js marks the moment search is first wanted, in the event handler itself
WANTED = "() => performance.getEntriesByName('guide-search-wanted').length > 0"
# one frame later every handler of the input so far has run
NEXT_FRAME = "() => new Promise((resolve) => requestAnimationFrame(() => resolve(true)))"


@pytest.mark.parametrize("how", ["focus", "hover", "tap", "slash", "s"])
def test_showing_intent_loads_the_index_and_the_first_keystroke_searches(browser, http_site, how):
    phone = dict(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800}) if how == "tap" else {}
    ctx = browser.new_context(**phone)
    pg = ctx.new_page()
    urls = _requests(pg)
    pg.goto(http_site + "treatments/heat/")
    pg.evaluate(NEXT_FRAME)
    assert not pg.evaluate(WANTED) and not [u for u in urls if INDEX.search(u) or WORKER.search(u)]
    box = pg.locator("input[data-md-component=search-query]")
    labels = yaml.safe_load(open(os.path.join(ROOT, "data", "site.yml"), encoding="utf-8"))["labels"]
    assert pg.text_content(".md-search-result__meta").strip() == labels["search_loading"]
    if how == "focus":
        box.focus()
    elif how == "hover":
        pg.hover(".md-search__input")
    elif how == "tap":
        pg.tap("label.md-header__button[for=__search]")
    else:
        pg.keyboard.press("/" if how == "slash" else "s")
    # type at once, before the index has arrived: the query waits for it and is not lost
    box.focus()
    pg.keyboard.type("sciatica")
    pg.wait_for_function(
        "() => /matching document/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    assert [u for u in urls if INDEX.search(u)] and [u for u in urls if WORKER.search(u)]
    first = pg.eval_on_selector("li.md-search-result__item > a", "a => a.href")
    assert "/causes/sciatica/" in first, first
    ctx.close()


def test_the_search_box_alone_does_not_load_the_index(browser, http_site):
    """Scrolling, clicking the page and other keys leave the index alone."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    urls = _requests(pg)
    pg.goto(http_site + "causes/sciatica/")
    pg.mouse.wheel(0, 800)
    pg.click("article h1")
    pg.keyboard.press("ArrowDown")
    pg.evaluate(NEXT_FRAME)
    assert not pg.evaluate(WANTED) and not pg.evaluate("window.guideSearch.loaded()")
    assert not [u for u in urls if INDEX.search(u) or WORKER.search(u)]
    ctx.close()


def test_offline_pages_do_not_load_the_index_until_search_is_used(offline_visits, browser, unzipped):
    assert len(offline_visits) >= 40 and not _early(offline_visits), _early(offline_visits)
    assert not offline_visits.watch.external and not offline_visits.watch.errors
    ctx = browser.new_context()
    pg = ctx.new_page()
    watch = PageWatch(pg)
    urls = _requests(pg)
    pg.goto("file://" + os.path.join(unzipped, "index.html"))
    assert not [u for u in urls if INDEX.search(u) or WORKER.search(u)]
    pg.locator("input[data-md-component=search-query]").focus()
    pg.wait_for_function("() => window.guideSearch.loaded()")
    assert [u for u in urls if INDEX.search(u)]
    assert not watch.external and not watch.errors, (watch.external, watch.errors)
    ctx.close()
