"""Drive Material's search box in Chromium and read the ranked result pages."""
from __future__ import annotations

# one query loader and one search driver, shared with scripts/bench.py
from backspasm_site.quality.search_rank import browser_search as search  # noqa: F401
from backspasm_site.quality.search_rank import RESULTS_META, load_queries, page_key  # noqa: F401
from backspasm_site.paths import SEARCH_TYPOS as TYPOS  # noqa: F401


def rank_of(ranked, expected):
    return ranked.index(expected) + 1 if expected in ranked else None
