"""Check every link of the built site with LinkChecker, internal links and #anchors included. (see backspasm_site/quality/links.py)."""
from backspasm_site.quality.links import main

if __name__ == "__main__":
    main()
