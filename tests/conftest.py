"""Fixtures: the built site, project copies, the loaded data, a local HTTP server, Chromium pages.

Shared helpers (not fixtures) live in ``tests/helpers/``; paths and the build in ``backspasm_site.paths``.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from backspasm_site.content.load import load
from backspasm_site.paths import DATA, DOCS, ROOT, SITE, SITE_OFFLINE, copy_project
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, PageWatch
from helpers.server import serve


def _ensure_built():
    if not os.path.exists(os.path.join(SITE, "index.html")) or not os.path.exists(SITE_OFFLINE):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build.py")], check=True, cwd=ROOT)


@pytest.fixture(scope="session")
def site_dir():
    """The online build made by `make test` (scripts/build.py), built here if missing."""
    _ensure_built()
    return SITE


@pytest.fixture(scope="session")
def offline_site_dir():
    _ensure_built()
    return SITE_OFFLINE


@pytest.fixture(scope="session")
def data():
    """The project's data/, loaded and validated as the build does."""
    return load(DATA, DOCS)


@pytest.fixture
def project(tmp_path):
    """A copy of the project's sources to change and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def http_site(site_dir):
    """Base URL of the online build served on loopback."""
    server = serve(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def preview(site_dir):
    """The online build served by Debian's nginx with the build's own headers (``make preview``)."""
    from backspasm_site.preview import Preview

    server = Preview(site_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    ctx.close()
