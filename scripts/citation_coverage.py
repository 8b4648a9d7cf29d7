"""Citation coverage of built pages (see backspasm_site/quality/citations.py)."""
import sys

from backspasm_site.quality.citations import main

if __name__ == "__main__":
    main(*sys.argv[1:])
