"""Paths and names that the plugin, the scripts and the tests share, and the few helpers they all use.

Test-only code (the browser's settings, the loopback server, the search driver) is in tests/helpers/.

The package is installed in editable mode (``pip install -e .``), so ``ROOT`` is the project
checkout that holds ``mkdocs.yml``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
DATA = os.path.join(ROOT, "data")
SITE = os.path.join(ROOT, "site")
SITE_OFFLINE = os.path.join(ROOT, "site-offline")
DIST = os.path.join(ROOT, "dist")
SEARCH_QUERIES = os.path.join(ROOT, "tests", "search_queries.tsv")  # what readers type -> the page it should find
SEARCH_TYPOS = os.path.join(ROOT, "tests", "search_typos.tsv")  # the same, misspelled and loosely typed

ZIP_NAME = "back-spasm-guide-offline.zip"
ZIP_FOLDER = "back-spasm-guide"  # the one folder the zip unpacks into
HELP_PAGE = "when-to-get-help.md"
NEXT_STEPS_PAGE = "what-to-do-now.md"  # "What should I do now?" (render/next_steps.py)
BOOKLET_PAGE = "booklet.md"  # the whole guide on one page, made by the plugin (booklet.py)
DOWNLOADS = "downloads"  # folder of the online site that carries the offline zip

# The parts of the project a build needs (tests and the benchmark build copies of them)
PROJECT_PARTS = ["mkdocs.yml", "docs", "data", "overrides"]


def copy_project(dest, root=ROOT):
    """A copy of the project's sources in ``dest`` (created), to build or break things in."""
    os.makedirs(dest, exist_ok=True)
    for part in PROJECT_PARTS:
        src = os.path.join(root, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, part), ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest)
    return str(dest)


def mkdocs_env(offline=False, extra_env=None):
    env = dict(os.environ, OFFLINE="true" if offline else "false", NO_MKDOCS_2_WARNING="1")
    env.update(extra_env or {})
    return env


def run_mkdocs(project, site_dir, offline=False, extra_env=None, quiet=False, check=False):
    """A strict ``mkdocs build`` of ``project`` into ``site_dir`` in a fresh process.

    Returns the CompletedProcess with stdout and stderr together in ``.stdout``.
    """
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site_dir]
    if quiet:
        cmd.append("--quiet")
    proc = subprocess.run(
        cmd,
        cwd=project,
        env=mkdocs_env(offline, extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{proc.stdout}")
    return proc


def built_pages(site_dir):
    """Relative paths of every built content page (not 404, assets, search, downloads)."""
    out = []
    for folder, _, files in os.walk(site_dir):
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/")
            if (
                name.endswith(".html")
                and name != "404.html"
                and not rel.startswith(("assets/", "search/", "downloads/"))
            ):
                out.append(rel)
    return sorted(out)


def front_matter(path):
    """The YAML front matter of a Markdown file, as a dict ({} when it has none), read as MkDocs reads it."""
    from mkdocs.utils.meta import get_data

    with open(path, encoding="utf-8") as fh:
        return get_data(fh.read())[1]
