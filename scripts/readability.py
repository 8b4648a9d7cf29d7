"""Reading level of built pages: Flesch-Kincaid grade of the article text. (see backspasm_site/quality/readability.py)."""

import sys

from backspasm_site.quality.readability import main

if __name__ == "__main__":
    main(*sys.argv[1:])
