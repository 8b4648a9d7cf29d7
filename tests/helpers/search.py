"""Drive Material's search box in Chromium (Playwright) and read the ranked result pages.

One loaded page serves query after query: a page load and an index load per query cost about a
second each, the query itself a few milliseconds. A query is done when search.js has recorded its
``guide-search`` measure for exactly that query and the result list shown is the new one.
"""

from __future__ import annotations

import time

from backspasm_site.paths import SEARCH_QUERIES, SEARCH_TYPOS
from backspasm_site.quality.search_rank import load_queries, page_key

TYPOS = SEARCH_TYPOS
QUERIES = SEARCH_QUERIES
RESULTS_META = ".md-search-result__meta"
BOX = "input[data-md-component=search-query]"
ITEMS = "li.md-search-result__item"

__all__ = ["BOX", "QUERIES", "RESULTS_META", "TYPOS", "load_queries", "page_key", "rank_of", "search"]

# Marks the results on show, so that the wait below can tell them from the next query's.
MARK_OLD = f"() => document.querySelectorAll('{ITEMS}').forEach(li => li.dataset.old = '1')"
# search.js measures each query it answers (detail.query); Material then swaps the list
DONE = f"""q => {{
  const m = performance.getEntriesByName('guide-search');
  if (!m.length || m[m.length - 1].detail.query !== q) return false;
  const meta = document.querySelector('{RESULTS_META}').textContent;
  const items = document.querySelectorAll('{ITEMS}');
  if ([...items].some(li => li.dataset.old)) return false;
  return /No matching/.test(meta) || (/matching document/.test(meta) && items.length > 0);
}}"""


def rank_of(ranked, expected):
    return ranked.index(expected) + 1 if expected in ranked else None


def ready(page, base_url, timeout=15000):
    """Open ``base_url`` (unless it is open already) with its search index loaded."""
    if page.url == base_url and page.evaluate("() => !!(window.guideSearch && window.guideSearch.loaded())"):
        return
    page.goto(base_url)
    page.locator(BOX).focus()  # on file:// this starts the index
    page.wait_for_function(
        f"() => /Type to start/.test(document.querySelector('{RESULTS_META}').textContent)", timeout=timeout
    )


def ranked_pages(page, base_url):
    hrefs = page.eval_on_selector_all(f"{ITEMS} > a.md-search-result__link", "els => els.map(a => a.href)")
    ranked = []
    for href in hrefs:
        key = page_key(href, base_url)
        if key not in ranked:
            ranked.append(key)
    return ranked


def search(page, base_url, query, timeout=15000):
    """Type ``query`` into the search box of ``base_url`` (loaded once per page); return
    (ranked page keys, seconds from typing to the results on show)."""
    ready(page, base_url, timeout)
    box = page.locator(BOX)
    if box.input_value() != query:  # the same query again would start no new search
        page.evaluate(MARK_OLD)
        start = time.perf_counter()
        box.fill(query)
        box.dispatch_event("keyup")
        page.wait_for_function(DONE, arg=query, timeout=timeout)
        elapsed = time.perf_counter() - start
    else:
        elapsed = 0.0
    return ranked_pages(page, base_url), elapsed
