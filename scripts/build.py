"""Strict builds: the offline copy (zipped into dist/) and then the online site (site/).

python scripts/build.py                 # offline zip, then online site that links to it
python scripts/build.py --offline-only  # just dist/back-spasm-guide-offline.zip (+ .sha256)
"""

from __future__ import annotations

import argparse
import sys

from backspasm_site.publish import BuildFailed, build_site


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offline-only", action="store_true")
    args = ap.parse_args()
    try:
        build_site(offline_only=args.offline_only)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
