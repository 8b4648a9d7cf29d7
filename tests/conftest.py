"""Shared fixtures: the built site, temporary project copies, a local HTTP server, Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = os.path.join(ROOT, "site")
SITE_OFFLINE = os.path.join(ROOT, "site-offline")
SHARED_SOURCE = os.path.join(ROOT, "..", "shared", "source", "source-article.txt")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-quic", "--no-first-run", "--disable-sync",
]
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from project import copy_project  # noqa: E402


def front_matter(path):
    """The YAML front matter of a Markdown file, as a dict ({} when it has none)."""
    text = open(path, encoding="utf-8").read()
    return (yaml.safe_load(text.split("---", 2)[1]) or {}) if text.startswith("---") else {}


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


def mkdocs_build(project, site=None, offline=False, extra_env=None):
    """Strict build of a project copy; returns the CompletedProcess (output in .stdout)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="true" if offline else "false")
    env.update(extra_env or {})
    site = site or os.path.join(project, "site")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(_QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def http_site(site_dir):
    """Base URL of the online build served on loopback."""
    server = serve(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Records console errors, failed requests and requests that leave the machine."""

    LOCAL = ("file:", "http://127.0.0.1", "data:", "about:", "blob:")

    def __init__(self, page, block_external=True):
        self.errors, self.external, self.failed = [], [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        if block_external:
            def route(r):
                if r.request.url.startswith(self.LOCAL):
                    return r.continue_()
                self.external.append(r.request.url)
                return r.abort()
            page.route("**/*", route)


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    ctx.close()
