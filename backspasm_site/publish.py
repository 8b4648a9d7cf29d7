"""Publishing: the offline zip, its copy inside the online site, robots.txt, the glossary snippet,
and our scripts and style sheets without their comments (``compact``).

``build_site`` is what ``make build`` runs: a strict offline build (OFFLINE=true: Material's
offline plugin, .html URLs, no instant navigation) zipped into dist/, then the online build,
which copies the zip into site/downloads/.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
import zipfile

from .html_check import site_problems
from .paths import DOWNLOADS, ROOT, ZIP_FOLDER, ZIP_NAME, run_mkdocs

# Not useful from file://: the 404 page uses root-absolute URLs, sitemaps point at the web.
OFFLINE_SKIP = {"404.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt"}
ABBR_SNIPPET = os.path.join(".build", "glossary-abbreviations.md")
# our own scripts and style sheets, shipped without comment lines or indentation (about 3.8 KB gzip
# on every page); the vendored iframe-worker shim is minified already
OUR_ASSETS = re.compile(
    r"^assets/(javascripts/(search|offline-app|offline-sw|offline-sw-remove|copy-age|next-steps|text-size|reader-tools)\.js"
    r"|stylesheets/(site|topics|reader-tools|booklet)\.css)$"
)


def compact(text):
    """The script or style sheet without whole-line comments, blank lines and indentation; the code is untouched.

    Only what is certain goes: a line that is all comment (``//``, or ``/* … */`` from where a line
    starts), and the whitespace before a line's code. A comment after code on a line stays. A file
    with a template literal across lines (a line with an odd number of backticks) is left as it is."""
    lines = text.split("\n")
    if any(line.count("`") % 2 for line in lines):
        return text
    out, in_comment = [], False
    for line in lines:
        code = line.strip()
        if in_comment:
            end = code.find("*/")
            if end < 0:
                continue
            in_comment, code = False, code[end + 2 :].strip()
        elif code.startswith("/*"):
            end = code.find("*/", 2)
            if end < 0:
                in_comment = True
                continue
            code = code[end + 2 :].strip()
        if code and not code.startswith("//"):
            out.append(code)
    return "\n".join(out) + "\n"


def write_if_changed(path, text) -> None:
    """Write ``text`` unless the file already holds it (so `mkdocs serve` sees no change and does not loop)."""
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_abbreviations(glossary, root) -> None:
    """Glossary terms as Markdown abbreviations, auto-appended to every page by pymdownx.snippets."""
    lines = [f"*[{g.term}]: {g.definition}" for g in glossary.values()]
    write_if_changed(os.path.join(root, ABBR_SNIPPET), "\n".join(lines) + "\n")


def copy_offline_zip(root, site_dir) -> None:
    """The online site carries the offline zip built just before it (``build_site``)."""
    src = os.path.join(root, "dist", ZIP_NAME)
    if os.path.exists(src):
        os.makedirs(os.path.join(site_dir, DOWNLOADS), exist_ok=True)
        for suffix in ("", ".sha256"):
            shutil.copyfile(src + suffix, os.path.join(site_dir, DOWNLOADS, ZIP_NAME + suffix))


def write_robots(site_dir, site_url, offline) -> None:
    lines = ["User-agent: *", "Allow: /"]
    if site_url and not offline:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    with open(os.path.join(site_dir, "robots.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


ZIP_EPOCH_MIN = 315532800  # 1980-01-01 00:00 UTC, the earliest time a zip entry can carry


def source_date_epoch(root=ROOT):
    """Seconds since 1970 that stand for "when these sources were made": SOURCE_DATE_EPOCH when set, else
    the time of the last commit, else None (not a git checkout). Two builds of one commit then agree."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", root, "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else None


def make_zip(site_dir, zip_path, epoch=None):
    """Zip a built offline site into one folder; write ``<zip>.sha256``; return the digest.

    The same files give the same bytes: entries sorted by path, every one dated ``epoch`` (or 1980),
    mode 0644, made on "Unix", no directory entries, so the checksum says something to a reader who builds
    the zip again from the same commit."""
    os.makedirs(os.path.dirname(zip_path), exist_ok=True)
    when = time.gmtime(max(epoch or 0, ZIP_EPOCH_MIN))[:6]
    names = []
    for folder, _, files in os.walk(site_dir):
        for name in files:
            if name not in OFFLINE_SKIP:
                names.append(os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/"))
    tmp = zip_path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for rel in sorted(names):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{rel}", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            with open(os.path.join(site_dir, rel), "rb") as fh:
                zf.writestr(info, fh.read(), compresslevel=9)
    os.replace(tmp, zip_path)
    with open(zip_path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    with open(zip_path + ".sha256", "w") as fh:
        fh.write(f"{digest}  {os.path.basename(zip_path)}\n")
    return digest


def build(project, site_dir, offline=False, extra_env=None):
    """A strict build into a clean ``site_dir``; raises with mkdocs' output when it fails."""
    shutil.rmtree(site_dir, ignore_errors=True)
    proc = run_mkdocs(project, site_dir, offline=offline, extra_env=extra_env, quiet=True)
    if proc.returncode != 0:
        raise BuildFailed(proc.stdout)
    # the second net, over every built file (theme output too): nothing that loads or runs what we did not put there
    problems = site_problems(site_dir)
    if problems:
        raise BuildFailed("\n".join(problems))
    return proc


class BuildFailed(RuntimeError):
    """A strict build stopped; the message is mkdocs' output."""


def dated(root):
    """SOURCE_DATE_EPOCH for a build of ``root`` (the copy's "made" date follows it), or {} when unknown."""
    epoch = source_date_epoch(root)
    return {"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {}


def build_offline(root=ROOT):
    """The offline copy, built and zipped into dist/; returns the zip's path."""
    site_offline = os.path.join(root, "site-offline")
    env = dated(root)
    build(root, site_offline, offline=True, extra_env=env)
    zip_path = os.path.join(root, "dist", ZIP_NAME)
    make_zip(site_offline, zip_path, int(env["SOURCE_DATE_EPOCH"]) if env else None)
    return zip_path


def build_site(root=ROOT, offline_only=False) -> None:
    """The offline zip, then (unless ``offline_only``) the online site that links to it."""
    zip_path = build_offline(root)
    print(f"offline copy: {os.path.relpath(zip_path, root)} ({os.path.getsize(zip_path):,} bytes)")
    if offline_only:
        return
    site = os.path.join(root, "site")
    build(root, site, extra_env=dated(root))
    print(f"online site: site/ ({sum(len(f) for _, _, f in os.walk(site))} files)")
