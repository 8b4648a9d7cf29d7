"""Fixtures: the built site, project copies, the loaded data, a local HTTP server, Chromium pages,
and one visit of every built page per browser and palette that many tests read.

Speed, without any test having to ask for it (README, "Tests"):

- the site is built once, before any test (on the xdist controller, so workers never race to build);
- a test that uses a browser fixture is marked ``browser`` (``make check`` leaves those out);
- tests that share an expensive fixture run on one xdist worker (``--dist loadgroup``), so the fixture
  is made once: every user of a module-scoped fixture runs with its module, and every user of a
  fixture in ``SHARED`` runs with the others of its group.

Shared helpers (not fixtures) live in ``tests/helpers/``; paths and the build in ``backspasm_site.paths``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, PageWatch
from helpers.server import serve
from helpers.site import pages
from helpers.visits import visit_every_page

from backspasm_site.content.load import load
from backspasm_site.paths import DATA, DIST, DOCS, ROOT, SITE, SITE_OFFLINE, ZIP_FOLDER, ZIP_NAME, copy_project

# fixtures that open a browser (directly or through another fixture): their tests are marked `browser`
BROWSER_FIXTURES = {"browser", "page", "firefox"}
# expensive session fixtures -> the xdist group of every test that uses them
SHARED = {"visits_light": "visits-light", "visits_dark": "visits-dark", "offline_visits": "offline-visits"}


def _ensure_built():
    if not os.path.exists(os.path.join(SITE, "index.html")) or not os.path.exists(SITE_OFFLINE):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build.py")], check=True, cwd=ROOT)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: opens Chromium or Firefox (set from the fixtures a test uses)")


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, or a run without xdist
        _ensure_built()


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(item.fixturenames)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("xdist_group"):
            continue
        group = next((SHARED[n] for n in sorted(names & SHARED.keys())), None)
        if group is None:
            defs = getattr(item, "_fixtureinfo", None)
            scoped = defs and any(
                d[-1].scope in ("module", "class", "package") for d in defs.name2fixturedefs.values() if d
            )
            group = item.module.__name__ if scoped else None
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    # the users of the longest fixtures first: xdist hands out work in this order, and a long group
    # started last would leave the other worker idle at the end
    items.sort(key=lambda item: not SHARED.keys() & set(item.fixturenames))


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
def unzipped(offline_site_dir, tmp_path_factory):
    """The offline zip, unpacked as a reader would: one folder with index.html at its top."""
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(os.path.join(DIST, ZIP_NAME)) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
        assert tops == {ZIP_FOLDER}, tops
        zf.extractall(dest)
    folder = dest / ZIP_FOLDER
    assert (folder / "index.html").is_file()
    return str(folder)


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


# One visit of every built page, recorded (helpers/visits.py): read these instead of opening every page again.
@pytest.fixture(scope="session")
def visits_light(browser, http_site, site_dir):
    """{page: Visit} for every online page in the light palette, with axe's findings."""
    return visit_every_page(
        browser,
        [(rel, http_site + rel.removesuffix("index.html")) for rel in pages(site_dir)],
        scheme="light",
        axe=True,
    )


@pytest.fixture(scope="session")
def visits_dark(browser, http_site, site_dir):
    """{page: Visit} for every online page in the dark palette, with axe's findings."""
    return visit_every_page(
        browser, [(rel, http_site + rel.removesuffix("index.html")) for rel in pages(site_dir)], scheme="dark", axe=True
    )


@pytest.fixture(scope="session")
def offline_visits(browser, unzipped):
    """{page: Visit} for every page of the unzipped offline copy, from file:// with the network blocked."""
    return visit_every_page(
        browser, [(rel, "file://" + os.path.join(unzipped, rel)) for rel in pages(unzipped)], scheme="light", axe=False
    )
