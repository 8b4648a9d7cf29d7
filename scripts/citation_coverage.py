"""Citation coverage of medical and safety advice on built pages (see backspasm_site/quality/citations.py)."""

import sys

from backspasm_site.quality.citations import main

if __name__ == "__main__":
    sys.exit(main())
