"""Strict builds: the offline copy (zipped into dist/) and then the online site (site/).

    python scripts/build.py                 # offline zip, then online site that links to it
    python scripts/build.py --offline-only  # just dist/back-spasm-guide-offline.zip (+ .sha256)

The offline build is the same mkdocs.yml with OFFLINE=true (Material's offline plugin,
.html URLs, no instant navigation). The online build copies the zip into site/downloads/.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZIP_NAME = "back-spasm-guide-offline.zip"
FOLDER = "back-spasm-guide"  # the one folder the zip unpacks into
# Not useful from file://: the 404 page uses root-absolute URLs, sitemaps point at the web.
OFFLINE_SKIP = {"404.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt"}


def mkdocs(site_dir, offline=False, root=ROOT, extra_env=None):
    env = dict(os.environ, OFFLINE="true" if offline else "false", NO_MKDOCS_2_WARNING="1")
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site_dir]
    subprocess.run(cmd, cwd=root, env=env, check=True)


def make_zip(site_dir, zip_path):
    os.makedirs(os.path.dirname(zip_path), exist_ok=True)
    tmp = zip_path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for folder, dirs, files in os.walk(site_dir):
            dirs.sort()
            for name in sorted(files):
                if name in OFFLINE_SKIP:
                    continue
                full = os.path.join(folder, name)
                arc = os.path.join(FOLDER, os.path.relpath(full, site_dir))
                zf.write(full, arc)
    os.replace(tmp, zip_path)
    digest = hashlib.sha256(open(zip_path, "rb").read()).hexdigest()
    with open(zip_path + ".sha256", "w") as fh:
        fh.write(f"{digest}  {os.path.basename(zip_path)}\n")
    return digest


def build_offline(root=ROOT):
    site_off = os.path.join(root, "site-offline")
    shutil.rmtree(site_off, ignore_errors=True)
    mkdocs(site_off, offline=True, root=root)
    zip_path = os.path.join(root, "dist", ZIP_NAME)
    make_zip(site_off, zip_path)
    return zip_path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offline-only", action="store_true")
    args = ap.parse_args()
    zip_path = build_offline()
    print(f"offline copy: {os.path.relpath(zip_path, ROOT)} ({os.path.getsize(zip_path):,} bytes)")
    if args.offline_only:
        return
    site = os.path.join(ROOT, "site")
    shutil.rmtree(site, ignore_errors=True)
    mkdocs(site)
    print(f"online site: site/ ({sum(len(f) for _, _, f in os.walk(site))} files)")


if __name__ == "__main__":
    main()
