"""Reproduce Material's search ranking in Python (lunr.py), for fast checks of the query list. (see backspasm_site/quality/search_rank.py)."""

import sys

from backspasm_site.quality.search_rank import main

if __name__ == "__main__":
    main(*sys.argv[1:])
