"""Check every link of the built site with LinkChecker, internal links and #anchors included.

    python scripts/check_links.py              # offline copy via file paths + online site via loopback http
    python scripts/check_links.py --external   # also fetch external links (needs a network)

External links are listed, not fetched, unless --external. LinkChecker drops root
privileges to `nobody`, so the site is checked from a world-readable temporary copy.
Exit code 0 = no broken links.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

LINKCHECKER = os.path.join(os.path.dirname(sys.executable), "linkchecker")


def _config(ignore_external: bool, extra_ignore=(), anchors=True):
    lines = ["[filtering]", "checkextern=1", "ignore="]
    if ignore_external:
        lines.append("  ^https?://(?!127\\.0\\.0\\.1:)")
    lines += ["  ^mailto:", *[f"  {p}" for p in extra_ignore]]
    if anchors:  # the slow part of a run: every page is parsed again for its ids
        lines.append("[AnchorCheck]")
    lines += ["[output]", "status=0", ""]
    return "\n".join(lines)


def _readable_copy(src):
    tmp = tempfile.mkdtemp(prefix="guide-links-")
    dest = os.path.join(tmp, os.path.basename(src))
    shutil.copytree(src, dest)
    for folder, _dirs, files in os.walk(tmp):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return tmp, dest


def run_linkchecker(start_url, cfg_text):
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as fh:
        fh.write(cfg_text)
    os.chmod(fh.name, 0o644)
    try:
        proc = subprocess.run(
            [LINKCHECKER, "--no-status", "-f", fh.name, start_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    finally:
        os.unlink(fh.name)
    return proc.returncode, proc.stdout


def check_offline(site_offline, external=False, anchors=True):
    tmp, dest = _readable_copy(site_offline)
    try:
        return run_linkchecker("file://" + os.path.join(dest, "index.html"), _config(not external, anchors=anchors))
    finally:
        shutil.rmtree(tmp)


def check_online(base_url, external=False):
    """The online build, served at ``base_url`` (a loopback address)."""
    # sitemap.xml lists the public site_url addresses: not this server
    return run_linkchecker(base_url, _config(not external, extra_ignore=["/sitemap\\.xml"]))
