"""hit@1 and hit@3 of query lists in a real browser (Chromium), one loaded page for all queries.

    python scripts/search_score.py [--quiet] LIST.tsv [LIST.tsv ...]

Serves site/ on loopback. Prints one line per query, or with --quiet only each list's totals
(for a held-out list, whose queries must not be read while tuning).
"""

from __future__ import annotations

import os
import sys

from playwright.sync_api import sync_playwright

from backspasm_site.paths import ROOT, SITE
from backspasm_site.quality.search_rank import BrowserSearch, hit_rates, load_queries

sys.path.insert(0, os.path.join(ROOT, "tests"))  # the browser settings and server the tests use
from helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from helpers.server import serve  # noqa: E402


def main(argv):
    quiet = "--quiet" in argv
    lists = [a for a in argv if a != "--quiet"]
    server = serve(SITE)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            box = BrowserSearch(browser.new_page(), base)
            for path in lists:
                ranks = []
                for query, expected in load_queries(path):
                    ranked, _ = box.search(query)
                    rank = ranked.index(expected) + 1 if expected in ranked else None
                    ranks.append(rank)
                    if not quiet:
                        mark = "ok  " if rank == 1 else ("top3" if rank and rank <= 3 else "MISS")
                        print(f"{mark} {rank!s:>4}  {query!r} -> {expected}   got {ranked[:3]}")
                h1, h3 = hit_rates(ranks)
                print(f"{path}: hit@1 {h1:.1%}  hit@3 {h3:.1%}  ({len(ranks)} queries)", flush=True)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
