"""Check every link of the built site with LinkChecker, internal links and #anchors included
(backspasm_site/quality/links.py).

    python scripts/check_links.py              # offline copy via file paths + online site via loopback http
    python scripts/check_links.py --external   # also fetch external links (needs a network)

Exit code 0 = no broken links.
"""

import argparse
import os
import sys

from backspasm_site.paths import ROOT, SITE, SITE_OFFLINE
from backspasm_site.quality.links import check_offline, check_online

sys.path.insert(0, os.path.join(ROOT, "tests"))  # the loopback server the tests use
from helpers.server import serve  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--external", action="store_true", help="fetch external links too (network)")
    args = ap.parse_args()
    rc, out = check_offline(SITE_OFFLINE, external=args.external)
    print(f"== offline copy (file://): exit {rc}\n{out}")
    server = serve(SITE)
    try:
        rc2, out = check_online(f"http://127.0.0.1:{server.server_address[1]}/", external=args.external)
    finally:
        server.shutdown()
    print(f"== online site (http://127.0.0.1): exit {rc2}\n{out}")
    return max(rc, rc2)


if __name__ == "__main__":
    sys.exit(main())
