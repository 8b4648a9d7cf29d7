"""The offline app (issue 16), in real Chromium with a phone viewport, over a local HTTP server:
saving the guide in the browser, the offline page, updates, the copy's age, the manifest, and
no service worker under `mkdocs serve`."""

from __future__ import annotations

import datetime as dt
import glob
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers.browser import PageWatch
from helpers.build import mkdocs_build
from helpers.search import load_queries, rank_of, search
from helpers.site import pages
from helpers.visits import axe_problems
from PIL import Image

from backspasm_site.paths import ROOT, copy_project, front_matter

SITE_YML = yaml.safe_load(open(os.path.join(ROOT, "data", "site.yml"), encoding="utf-8"))
WORDS = SITE_YML["offline_app"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

CACHES_JS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((r) => r.url);
  }
  return out;
}"""


# every service worker registration of the page's origin, to say what state a stuck one is in
WORKERS_JS = """async () => (await navigator.serviceWorker.getRegistrations()).map((r) => ({
  scope: r.scope, installing: r.installing && r.installing.scriptURL,
  waiting: r.waiting && r.waiting.scriptURL, active: r.active && [r.active.scriptURL, r.active.state]}))"""


def worker_info(site):
    text = open(os.path.join(site, "sw.js"), encoding="utf-8").read()
    return json.loads(re.search(r"^self\.GUIDE_BUILD = (.*);$", text, re.M).group(1))


def earliest_next_review(docs="docs"):
    return min(
        front_matter(p)["next_review"] for p in glob.glob(os.path.join(ROOT, docs, "**", "*.md"), recursive=True)
    )


def phone(browser, **kw):
    return browser.new_context(**PHONE, **kw)


def wait_until(fn, timeout=60, what="condition"):  # generous: CI machines are busy
    end = time.monotonic() + timeout
    while True:
        try:
            value = fn()
        except Exception as exc:  # the page may be navigating
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def wait_controlled(pg):
    pg.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)


def cached(pg):
    return pg.evaluate(CACHES_JS)


def version_cache(pg):
    names = [n for n in cached(pg) if n.startswith("guide-v")]
    assert len(names) == 1, names
    return names[0]


def keys_in(pg, base):
    """URL keys (relative to base) in the one version cache."""
    return {u[len(base) :] for u in cached(pg)[version_cache(pg)]}


def only_update_checks_failed(watch, failed, srv, also=()):
    """With the network off, only the worker's update check (sw.js) and the pages named in
    ``also`` (not saved: the worker tries the network, then shows the offline page) may fail."""
    # (and the tab icon: a browser may fetch it outside the worker, or just as the server stops; it is no content)
    allowed = {srv.url + "sw.js", srv.url + "assets/images/favicon.svg"} | {srv.url + k for k in also}
    assert not [u for u in failed if u not in allowed], failed
    assert not [e for e in watch.errors if "ERR_INTERNET_DISCONNECTED" not in e], watch.errors
    assert len([e for e in watch.errors if "ERR_INTERNET_DISCONNECTED" in e]) <= len(failed)


class Switchable:
    """A loopback HTTP server whose folder can be swapped: one origin, two builds in turn."""

    def __init__(self, directory, port=0):
        holder = self
        self.directory = directory

        self.requests = []  # paths asked for, in order

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **k):
                super().__init__(*a, directory=holder.directory, **k)

            def do_GET(self):
                holder.requests.append(self.path.lstrip("/"))
                super().do_GET()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_save_the_whole_guide_then_read_and_search_offline(browser, site_dir):
    info = worker_info(site_dir)
    total = sum(size for _, size in info["files"].values())
    srv = Switchable(site_dir)
    # Save-Data on: the first tap only says how big the download is
    ctx = phone(browser)
    ctx.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'connection', "
        "{get() { return {saveData: true, effectiveType: '4g', addEventListener() {}}; }});"
    )
    pg = ctx.new_page()
    watch = PageWatch(pg, block_external=False)
    failed, outside = [], []
    ctx.on("requestfailed", lambda r: failed.append(r.url))
    ctx.on("request", lambda r: outside.append(r.url) if not r.url.startswith((srv.url, "data:", "blob:")) else None)
    pg.goto(srv.url)
    wait_controlled(pg)
    button = pg.locator("[data-offline-save]")
    button.wait_for(state="visible")
    status = pg.locator(".offline-save__status")
    mb = f"{total / 1e6:.1f}"
    assert status.inner_text() == WORDS["save_size"].format(mb=mb)
    assert pg.get_attribute("html", "data-offline") is None
    wait_until(lambda: "" in keys_in(pg, srv.url), what="home page kept")
    before = keys_in(pg, srv.url)
    button.click()
    assert status.inner_text() == WORDS["save_data"].format(mb=mb)
    assert keys_in(pg, srv.url) == before, "Save-Data: nothing may download before the second tap"
    assert "treatments/heat/" not in before  # never the whole guide unasked
    start = time.perf_counter()
    button.click()
    pg.wait_for_selector("html[data-offline=saved]", timeout=120000)
    seconds = time.perf_counter() - start
    assert status.inner_text() == WORDS["save_done"]
    assert not axe_problems(pg), axe_problems(pg)  # the control as shown, in light and dark
    assert keys_in(pg, srv.url) >= set(info["files"]), set(info["files"]) - keys_in(pg, srv.url)
    print(f"full save: {len(info['files'])} files, {total:,} bytes, {seconds:.2f} s over loopback")

    srv.stop()
    ctx.set_offline(True)
    for rel in pages(site_dir):
        pg.goto(srv.url + rel.removesuffix("index.html"))
        assert pg.locator("article h1").first.is_visible(), rel
        assert pg.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", rel
        assert pg.locator("body.guide-offline-page").count() == 0, rel
        pg.wait_for_selector("html[data-offline=saved]")
    # links work offline, with instant navigation
    pg.goto(srv.url)
    pg.locator("article p:not(.urgent-help) a[href$='when-to-get-help/']").first.click()
    pg.wait_for_url(srv.url + "when-to-get-help/")
    assert "help" in pg.locator("article h1").first.inner_text().lower()
    rows = load_queries()[::4][:14]
    firsts = 0
    for query, expected in rows:
        ranked, _ = search(pg, srv.url, query)
        firsts += rank_of(ranked, expected) == 1
    assert firsts >= 10, f"only {firsts} of {len(rows)} queries ranked the expected page first offline"
    ctx.close()
    assert not outside, outside
    only_update_checks_failed(watch, failed, srv)


def test_one_visit_keeps_the_shell_the_page_and_urgent_help(browser, site_dir):
    info = worker_info(site_dir)
    srv = Switchable(site_dir)
    ctx = phone(browser)
    pg = ctx.new_page()
    watch = PageWatch(pg, block_external=False)
    failed = []
    ctx.on("requestfailed", lambda r: failed.append(r.url))
    pg.goto(srv.url + "treatments/heat/")
    wait_controlled(pg)
    wait_until(lambda: "treatments/heat/" in keys_in(pg, srv.url), what="the page being read kept")
    keys = keys_in(pg, srv.url)
    shell = set(info["shell"])
    assert shell <= keys, shell - keys  # CSS, JS, the offline page
    assert {"", "when-to-get-help/", "manifest.webmanifest", "assets/offline.html"} <= keys
    assert "causes/sciatica/" not in keys
    # a first visit stays small: search and the large icons wait until they are used
    lazy = {k for k in info["files"] if k.startswith(("search/", "assets/javascripts/workers/", "assets/icons/"))}
    assert lazy and not lazy & shell and not lazy & keys, lazy & keys
    print("after one visit:", sorted(keys))
    search(pg, srv.url, "sciatica")  # the first search keeps the index and the search worker
    wait_until(lambda: "search/search_index.json" in keys_in(pg, srv.url), what="the search index kept")
    assert [k for k in keys_in(pg, srv.url) if k.startswith("assets/javascripts/workers/")]
    pg.goto(srv.url + "treatments/heat/")
    # a page opened by instant navigation is kept too
    pg.locator("a.md-footer__link--next").click()  # heat -> cold, in nav order
    pg.wait_for_url(srv.url + "treatments/cold/")
    wait_until(lambda: "treatments/cold/" in keys_in(pg, srv.url), what="the page opened next kept")
    assert pg.get_attribute("html", "data-offline") is None

    srv.stop()
    ctx.set_offline(True)
    for key in ("treatments/heat/", "treatments/cold/", "when-to-get-help/"):
        pg.goto(srv.url + key)
        assert pg.locator("article h1").first.is_visible(), key
    pg.goto(srv.url + "causes/sciatica/")
    assert pg.locator("body.guide-offline-page").count() == 1
    text = pg.inner_text("body")
    for n in SITE_YML["emergency"]["numbers"]:
        assert n["number"] in text, n
    assert WORDS["offline_title"] in text and WORDS["offline_none"] not in text
    links = pg.eval_on_selector_all(".saved-pages a", "els => els.map(a => a.href)")
    assert {srv.url + k for k in ("", "when-to-get-help/", "treatments/heat/", "treatments/cold/")} <= set(links)
    assert srv.url + "causes/sciatica/" not in links
    assert not axe_problems(pg)
    pg.locator(".saved-pages a[href$='treatments/heat/']").click()
    pg.wait_for_url(srv.url + "treatments/heat/")
    assert pg.locator("article h1").first.is_visible()
    ctx.close()
    only_update_checks_failed(watch, failed, srv, also=["causes/sciatica/"])


def _build(tmp_path, name, edit=None):
    project = copy_project(tmp_path / name)
    if edit:
        edit(project)
    site = os.path.join(project, "site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout
    return site


TODAY = dt.datetime.now(dt.UTC).date()


def _new_version(project):
    """A new build: one page reviewed today, with a new sentence."""
    path = os.path.join(project, "docs", "treatments", "heat.md")
    text = re.sub(
        r"^reviewed: .*$", f"reviewed: {TODAY.isoformat()}", open(path, encoding="utf-8").read(), count=1, flags=re.M
    )
    text = text.replace("{{ references() }}", "Heat can feel good on a sore back. NEWBUILDMARK\n\n{{ references() }}")
    open(path, "w", encoding="utf-8").write(text)


def _update_result(pg):
    """Ask for an update and wait for the new worker to finish: 'activated', 'redundant' or 'none'."""
    return pg.evaluate("""async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update().catch(() => {});
      const w = reg.installing || reg.waiting;
      if (!w) return reg.active && reg.active.state === 'activated' ? 'none' : 'no worker';
      if (w.state === 'redundant' || w.state === 'activated') return w.state;
      return await new Promise((resolve) => w.addEventListener('statechange', () => {
        if (w.state === 'redundant' || w.state === 'activated') resolve(w.state);
      }));
    }""")


def test_a_new_build_replaces_the_saved_copy_whole(browser, tmp_path):
    site_a = _build(tmp_path, "a")
    site_b = _build(tmp_path, "b", _new_version)
    a, b = worker_info(site_a), worker_info(site_b)
    assert a["version"] != b["version"]
    # B with its changed page missing on the server: its download fails part-way
    site_broken = str(tmp_path / "broken")
    shutil.copytree(site_b, site_broken)
    os.remove(os.path.join(site_broken, "treatments", "heat", "index.html"))

    srv = Switchable(site_a)
    ctx = phone(browser)
    pg = ctx.new_page()
    pg.goto(srv.url)
    wait_controlled(pg)
    pg.locator("[data-offline-save]").click()
    pg.wait_for_selector("html[data-offline=saved]", timeout=120000)
    assert version_cache(pg) == "guide-v" + a["version"]

    # a partial download of the new build leaves the old copy whole and in use
    srv.requests.clear()
    srv.directory = site_broken
    assert _update_result(pg) == "redundant"
    assert "guide-v" + a["version"] in cached(pg)
    pg.goto(srv.url + "treatments/heat/")
    assert "NEWBUILDMARK" not in pg.content()
    # that navigation (and the page's own check) started another try at the broken build: wait for it
    # to fail too. Still installing when the server switches, it would be the newest worker, so the
    # next check would find nothing new, and its late fetch of the page could even succeed.
    assert _update_result(pg) == "redundant"

    # the complete new build: downloaded into its own cache, then the old one is deleted
    srv.directory = site_b
    start = time.perf_counter()
    pg.goto(srv.url)
    notice = pg.locator(".copy-updated")
    notice.wait_for(state="visible", timeout=120000)
    print(f"update to {b['version']} reached the saved copy in {time.perf_counter() - start:.2f} s")
    assert notice.inner_text() == WORDS["updated"].format(date=TODAY.strftime("%-d %B %Y"))
    fetched = {p for p in srv.requests if p != "sw.js"}
    assert "treatments/heat/" in fetched and "search/search_index.json" in fetched  # changed
    assert not [
        p for p in fetched if p.startswith("assets/javascripts/bundle.")
    ]  # unchanged: copied from the old cache
    print(f"the update fetched {len(fetched)} of {len(b['files'])} files ({sorted(fetched)}); the rest were unchanged")
    assert not axe_problems(pg)
    names = cached(pg)
    assert sorted(n for n in names if n.startswith("guide-v")) == ["guide-v" + b["version"]], names
    keys = {u[len(srv.url) :] for u in names["guide-v" + b["version"]]}
    assert set(b["files"]) <= keys and "__guide/saved" in keys
    pg.wait_for_selector("html[data-offline=saved]")
    # the notice is shown once
    pg.goto(srv.url + "about/")
    pg.wait_for_selector("html[data-offline=saved]")
    assert pg.locator(".copy-updated").is_hidden()

    srv.stop()
    ctx.set_offline(True)
    pg.goto(srv.url + "treatments/heat/")
    assert "NEWBUILDMARK" in pg.content()
    pg.goto(srv.url + "treatments/surgery/")
    assert pg.locator("article h1").first.is_visible()
    ctx.close()


@pytest.mark.parametrize("where", ["online", "zip"])
def test_out_of_date_warning_follows_the_clock(browser, http_site, site_dir, offline_site_dir, where):
    due = earliest_next_review()
    address = yaml.safe_load(open(os.path.join(ROOT, "mkdocs.yml")).read().replace("!ENV", ""))["site_url"]
    address = os.environ.get("SITE_URL") or address[1]
    urls = (
        [http_site, http_site + "causes/sciatica/"]
        if where == "online"
        else ["file://" + os.path.join(offline_site_dir, p) for p in ("index.html", "causes/sciatica.html")]
    )
    for delta, shown in ((-1, False), (0, False), (1, True), (400, True)):
        ctx = phone(browser)
        pg = ctx.new_page()
        pg.clock.set_fixed_time(dt.datetime.combine(due + dt.timedelta(days=delta), dt.time(12)))
        for url in urls:
            pg.goto(url)
            pg.wait_for_load_state("load")
            box = pg.locator(".copy-stale")
            assert box.count() == 1
            if shown:
                box.wait_for(state="visible", timeout=5000)
                assert address in box.inner_text() and due.strftime("%-d %B %Y") in box.inner_text()
                assert box.locator(f"a[href='{address}']").count() == 1
                assert not axe_problems(pg)
            else:
                assert box.is_hidden(), (url, delta)
        ctx.close()


def test_every_page_says_how_old_its_copy_is(site_dir, offline_site_dir):
    due = earliest_next_review().strftime("%-d %B %Y")
    for folder in (site_dir, offline_site_dir):
        for rel in pages(folder):
            soup = BeautifulSoup(open(os.path.join(folder, rel), encoding="utf-8").read(), "html.parser")
            age = soup.select_one("aside.page-info p.copy-age")
            assert age is not None, rel
            made, next_due = [t["datetime"] for t in age.find_all("time")]
            assert dt.date.fromisoformat(made) <= dt.date.today() + dt.timedelta(days=1)
            assert due in age.get_text(), rel
            assert soup.select_one(".copy-stale[hidden][data-next-review]") is not None, rel


def test_manifest_is_valid_and_its_icons_exist(browser, http_site, site_dir, offline_site_dir):
    manifest = json.load(open(os.path.join(site_dir, "manifest.webmanifest"), encoding="utf-8"))
    assert manifest["name"] == "Back Spasm Guide" and manifest["short_name"] == WORDS["short_name"]
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    palette = open(glob.glob(os.path.join(site_dir, "assets/stylesheets/palette.*.min.css"))[0]).read()
    assert f"[data-md-color-primary=indigo]{{--md-primary-fg-color:{manifest['theme_color']}" in palette
    sizes = set()
    for icon in manifest["icons"]:
        with Image.open(os.path.join(site_dir, icon["src"])) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"] and img.format == "PNG"
            sizes.add((img.width, icon.get("purpose", "any")))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes
    ctx = phone(browser)
    pg = ctx.new_page()
    pg.goto(http_site + "causes/")
    cdp = ctx.new_cdp_session(pg)
    got = cdp.send("Page.getAppManifest")
    assert got["url"] == http_site + "manifest.webmanifest"
    assert not got["errors"], got["errors"]
    parsed = cdp.send("Page.getAppId")
    assert parsed.get("appId") == http_site, parsed
    ctx.close()
    # the zip has no manifest and no service worker: browsers allow neither on file://
    for rel in pages(offline_site_dir):
        html = open(os.path.join(offline_site_dir, rel), encoding="utf-8").read()
        assert 'rel="manifest"' not in html and "offline-app.js" not in html, rel
    assert not os.path.exists(os.path.join(offline_site_dir, "sw.js"))
    assert not glob.glob(os.path.join(offline_site_dir, "assets/javascripts/offline-*.js"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_service_worker_under_mkdocs_serve(browser, site_dir, tmp_path):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    # a published copy was opened on this address before, and left its worker
    srv = Switchable(site_dir, port=port)
    ctx = phone(browser)
    pg = ctx.new_page()
    pg.goto(base)
    wait_controlled(pg)
    assert [w["active"] for w in pg.evaluate(WORKERS_JS)] == [[base + "sw.js", "activated"]]
    srv.stop()

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:

        def up():
            try:
                return urllib.request.urlopen(base + "sw.js", timeout=2).status == 200
            except OSError:
                return False

        wait_until(up, timeout=90, what="mkdocs serve")
        served_sw = urllib.request.urlopen(base + "sw.js").read().decode()
        assert "offline-sw-remove.js" in served_sw and "self.GUIDE_BUILD" not in served_sw
        # the old worker finds the remover at its update check: it unregisters and clears the copy
        watch = PageWatch(pg, block_external=False)
        pg.goto(base)
        try:  # a loaded CI machine: the update check, install and activation can take a while
            wait_until(
                lambda: pg.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0,
                timeout=90,
                what="the old worker removed",
            )
        except AssertionError as exc:
            raise AssertionError(
                f"{exc}; workers: {pg.evaluate(WORKERS_JS)}; page errors: {watch.errors}; "
                f"failed requests: {watch.failed}"
            ) from None
        wait_until(lambda: not [n for n in cached(pg) if n.startswith("guide-")], what="the old copy deleted")
        # the remover reloads the open page from the preview server: no worker controls it then
        wait_until(
            lambda: pg.evaluate(
                "navigator.serviceWorker.controller === null"
                " && document.documentElement.outerHTML.includes('livereload')"
            ),
            what="the page reloaded from mkdocs serve",
        )
        for url in (base, base + "treatments/heat/", base + "about/"):
            pg.goto(url, wait_until="domcontentloaded", timeout=90000)  # a busy machine: serve can be slow
            assert "livereload" in pg.content()  # the page comes from mkdocs serve
            assert pg.evaluate("navigator.serviceWorker.controller") is None
            assert pg.locator("script[src*='offline-app.js'], #guide-offline-app").count() == 0
            assert pg.locator("article h1").first.is_visible()
        # still so after a rebuild (the hook keeps what on_startup saw)
        path = os.path.join(project, "docs", "about", "index.md")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("\nServe rebuild check REBUILDMARK.\n")
        wait_until(
            lambda: "REBUILDMARK" in urllib.request.urlopen(base + "about/").read().decode(),
            timeout=90,
            what="the rebuild",
        )
        # live reload brings the open page up to date by itself (no goto: it would race the reload)
        wait_until(lambda: "REBUILDMARK" in pg.content(), timeout=60, what="live reload")
        pg.wait_for_load_state("domcontentloaded")
        assert pg.locator("script[src*='offline-app.js'], #guide-offline-app").count() == 0
        assert pg.locator(".offline-save").is_hidden()
        assert pg.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        ctx.close()
