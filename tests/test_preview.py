"""The published site as a real web server sends it (`make preview`: Debian's nginx with the headers
the build wrote, backspasm_site/headers.py), in Chromium: the headers themselves, no Content Security
Policy violation anywhere (every page, both palettes, search, the guide, saving, the offline copy),
the same headers on a page the service worker serves offline, and what a first visit costs."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from helpers.search import search
from helpers.site import pages
from test_offline_app import PHONE, keys_in, wait_until, worker_info

from backspasm_site.headers import IMMUTABLE, site_headers
from backspasm_site.preview import first_visit

# every violation in every document of the context, reported to the test (instant navigation keeps
# the window, a full load runs this again)
CSP_WATCH = """window.__guideCspSeen = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const v = {page: location.href, directive: e.effectiveDirective, blocked: e.blockedURI,
             sample: e.sample, source: e.sourceFile, line: e.lineNumber};
  window.__guideCspSeen.push(v);
  window.__guideCsp(v);
}, true);"""
BUDGET_FIRST_VISIT_KB = 100
BUDGET_PAGE_KB = 80  # one page's own first load, everything it fetches before search is used
# The booklet is every topic on one page, to print (about 300 KB gzip): a download, not a page to browse.
# Its link says its size (measured by the build), and search leaves it out; it is held to that instead.
DOWNLOADS = {"booklet/index.html": "every topic on one page, to print: its link states its size"}
# Issue 23 is open: four pages heavy with cited sources are still over the page budget (muscle strain
# and the treatments overview 84 KB, sciatica 82 KB, the sources page 80.7 KB). Strict: the test fails
# once the budget is met, so this mark goes with the fix.
OVER_BUDGET = "issue 23 open: some pages over the page budget (see the note above BUDGET_PAGE_KB)"


def wait_controlled(pg):
    # a function, not an expression: Playwright evaluates an expression with eval(), which the CSP refuses
    pg.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)


class Violations:
    """Collects CSP violations (the DOM event, and Chromium's console line, which workers log too)."""

    def __init__(self, ctx):
        self.found = []
        ctx.expose_function("__guideCsp", lambda v: self.found.append(v))
        ctx.add_init_script(CSP_WATCH)
        ctx.on(
            "console", lambda m: self.found.append({"console": m.text}) if "Content Security Policy" in m.text else None
        )


def get(url):
    """(status, headers, body) from the preview server; a 404 is a response too."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def _sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_one_policy_with_the_hash_of_every_inline_script(site_dir):
    """Worked out here from the built HTML with another parser: the policy allows exactly what the pages run."""
    scripts, styles = set(), set()
    for rel in [*pages(site_dir), "404.html", "assets/offline.html"]:
        soup = BeautifulSoup(open(os.path.join(site_dir, rel), encoding="utf-8").read(), "html.parser")
        for s in soup.find_all("script", src=False):
            if s.get("type") in (None, "", "text/javascript", "module"):
                scripts.add(_sha(s.string or ""))
        styles.update(_sha(s.string or "") for s in soup.find_all("style"))
        assert not soup.find_all(style=True), rel  # style="" would need 'unsafe-inline' or 'unsafe-hashes'
    policy = dict(d.strip().split(" ", 1) for d in site_headers(site_dir)["all"]["Content-Security-Policy"].split(";"))
    assert set(policy["script-src"].split()) == {"'self'"} | scripts
    assert set(policy["style-src"].split()) == {"'self'"} | styles
    assert 3 <= len(scripts) <= 12, scripts  # Material's few, one scope script per folder depth
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    for directive in ("img-src", "font-src", "connect-src", "manifest-src", "worker-src", "base-uri", "form-action"):
        assert directive in policy, directive
    assert "unsafe" not in "".join(policy.values())
    # the zip has no policy: from file:// search runs in a hidden frame that a CSP would block
    assert not os.path.exists(os.path.join(site_dir, "..", "site-offline", "_headers"))


def test_headers_file_says_what_the_server_sends(site_dir, preview):
    spec = site_headers(site_dir)
    text = open(os.path.join(site_dir, "_headers"), encoding="utf-8").read()
    blocks, path = {}, None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" "):
            path = line
            assert path not in blocks, f"{path} twice in _headers"
            blocks[path] = {}
        else:
            name, value = line.strip().split(": ", 1)
            blocks[path][name] = value
    assert blocks["/*"] == spec["all"]
    assert "Cache-Control" not in blocks["/*"]  # one Cache-Control per path: hosts join repeated headers
    urls = {
        "": "no-cache",
        "treatments/heat/": "no-cache",
        "sw.js": "no-cache",
        "manifest.webmanifest": "no-cache",
        "search/search_index.json": "no-cache",
        "no-such-page/": "no-cache",
    }
    urls.update({p: IMMUTABLE for p in spec["immutable"]})
    assert any("bundle." in p for p in spec["immutable"]) and any("main." in p for p in spec["immutable"])
    for url, cache in urls.items():
        status, headers, _ = get(preview.url + url)
        assert status == (404 if url.startswith("no-such") else 200), url
        for name, value in spec["all"].items():
            assert headers[name] == value, (url, name)
        assert headers["Cache-Control"] == cache, url
        if url in ("sw.js", "manifest.webmanifest") or "/" + url in blocks:
            assert blocks["/" + url]["Cache-Control"] == cache, url
    assert get(preview.url + "_headers")[0] == 404
    status, headers, _ = get(preview.url + "assets/" + spec["immutable"][0].split("assets/", 1)[1])
    assert headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_policy_violation_on_any_page(browser, preview, site_dir, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    seen = Violations(ctx)
    pg = ctx.new_page()
    want = "default" if scheme == "light" else "slate"
    for rel in pages(site_dir):
        pg.goto(preview.url + rel.removesuffix("index.html"))
        pg.wait_for_load_state("load")
        assert pg.locator("article h1").first.is_visible(), rel
        # Material's inline palette script ran: the page follows the system's light or dark
        assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == want, rel
    # the palette switch, through every choice and back (instant navigation keeps the choice)
    pg.goto(preview.url)
    for _ in range(3):
        label = pg.locator("form[data-md-component=palette] label:visible").first
        before = pg.evaluate("document.body.getAttribute('data-md-color-media')")
        label.click()
        pg.wait_for_function(f"() => document.body.getAttribute('data-md-color-media') !== {before!r}")
    pg.locator("article a[href$='when-to-get-help/']").first.click()
    pg.wait_for_url(preview.url + "when-to-get-help/")
    ctx.close()
    assert not seen.found, seen.found[:5]


def test_search_guide_saving_and_offline_copy_without_a_violation(browser, preview, site_dir):
    ctx = browser.new_context(**PHONE)
    seen = Violations(ctx)
    pg = ctx.new_page()
    ranked, _ = search(pg, preview.url, "sciatica")
    assert ranked and ranked[0].startswith("causes/sciatica"), ranked
    ranked, _ = search(pg, preview.url, "siatica")  # the typo path
    assert "causes/sciatica" in ranked[:3], ranked
    # "What should I do now?", one step at a time
    pg.goto(preview.url)
    pg.click("article a.next-steps-start")  # by instant navigation, as readers arrive
    pg.wait_for_url(preview.url + "what-to-do-now/")
    pg.wait_for_selector("#step-2", state="hidden")  # next-steps.js shows one step at a time
    pg.click('#step-1 a[href$="#step-2"]')
    pg.click('#step-2 a[href$="#step-4"]')  # none of these (pregnant, cancer, a child)
    pg.click('#step-4 a[href$="#outcome-urgent"]')
    pg.wait_for_function("() => location.hash === '#outcome-urgent'")
    pg.locator("#outcome-urgent").wait_for(state="visible")
    # save the whole guide, then read it offline
    pg.goto(preview.url)
    wait_controlled(pg)
    pg.locator("[data-offline-save]").click()
    pg.wait_for_selector("html[data-offline=saved]", timeout=120000)
    ctx.set_offline(True)
    for key in ("treatments/heat/", "about/sources/", "what-to-do-now/"):
        response = pg.goto(preview.url + key)
        assert response.from_service_worker, key
        assert pg.locator("article h1").first.is_visible()
    ranked, _ = search(pg, preview.url, "heat")
    assert "treatments/heat" in ranked, ranked
    # a page that does not exist, with no network: the worker's offline page, its style sheet allowed
    pg.goto(preview.url + "no-such-page/")
    assert pg.locator("body.guide-offline-page").count() == 1
    assert pg.evaluate("getComputedStyle(document.querySelector('.emergency')).color") == "rgb(255, 255, 255)"
    ctx.close()
    assert not seen.found, seen.found[:5]


def test_a_page_from_the_worker_carries_the_same_headers(browser, preview, site_dir):
    spec = site_headers(site_dir)
    ctx = browser.new_context(**PHONE)
    seen = Violations(ctx)
    pg = ctx.new_page()
    online = pg.goto(preview.url + "treatments/heat/")
    assert not online.from_service_worker
    wait_controlled(pg)
    wait_until(lambda: {"when-to-get-help/", "treatments/heat/"} <= keys_in(pg, preview.url), what="pages kept")
    ctx.set_offline(True)
    for key in ("when-to-get-help/", "treatments/heat/", "no-such-page/"):
        response = pg.goto(preview.url + key)
        assert response.from_service_worker, key
        headers = response.all_headers()
        for name, value in spec["all"].items():
            assert headers.get(name.lower()) == value, (key, name, headers)
    assert not seen.found, seen.found
    # and the browser holds the cached page to that policy: a script the page did not ship is refused
    pg.goto(preview.url + "treatments/heat/")
    ran = pg.evaluate("""() => { window.injected = false; const s = document.createElement('script');
      s.textContent = 'window.injected = true'; document.head.appendChild(s); return window.injected; }""")
    assert ran is False
    pg.wait_for_function("() => window.__guideCspSeen.length > 0")
    assert [v["directive"] for v in pg.evaluate("() => window.__guideCspSeen")] == ["script-src-elem"]
    assert any(v.get("directive") == "script-src-elem" for v in seen.found)  # the watch the other tests rely on
    ctx.close()


def test_a_first_visit_costs_little(browser, preview, site_dir):
    """Everything one first visit downloads (the page, then the worker's background caching), counted
    by the server: the gzip bytes of every response body, up to a marker request sent once all is done."""
    info = worker_info(site_dir)
    ctx = browser.new_context(**PHONE)
    pg = ctx.new_page()
    rows = first_visit(pg, preview, sorted(set(info["shell"]) | {""}))
    ctx.close()
    paths = [r[0] for r in rows]
    assert not [p for p in paths if re.search(r"search_index|/workers/|/icons/icon-512|maskable", p)], paths
    body_kb = sum(r[2] for r in rows) / 1024
    with_headers_kb = sum(r[3] for r in rows) / 1024
    print(f"first visit: {len(rows)} responses, {body_kb:.1f} KB gzip bodies ({with_headers_kb:.1f} KB with headers)")
    for path, status, body, _ in rows:
        print(f"  {status} {body:>7} {path}")
    assert "/when-to-get-help/" in paths and "/sw.js" in paths
    assert body_kb <= BUDGET_FIRST_VISIT_KB, (body_kb, rows)


@pytest.mark.xfail(strict=True, reason=OVER_BUDGET)
def test_every_page_first_load_is_small(browser, preview, site_dir):
    """Each page on its own, as a new reader's browser loads it (nothing cached, no worker yet), counted
    by the server: the gzip bytes of every response until the network is idle."""
    weights = {}
    for rel in pages(site_dir):
        ctx = browser.new_context(**PHONE, service_workers="block")
        pg = ctx.new_page()
        start = len(preview.log())
        pg.goto(preview.url + rel.removesuffix("index.html"), wait_until="networkidle")
        pg.evaluate("(n) => fetch('robots.txt?end-of-page-' + n, {cache: 'no-store'})", rel)
        marker = f"end-of-page-{rel}"
        wait_until(lambda m=marker, s=start: any(m in r[0] for r in preview.log()[s:]), what="the marker")
        ctx.close()
        rows = preview.log()[start:]
        rows = rows[: next(i for i, r in enumerate(rows) if f"end-of-page-{rel}" in r[0])]
        assert not [r for r in rows if re.search(r"search_index|/workers/", r[0])], (rel, rows)
        assert any(r[0].endswith(".css") for r in rows) and any("bundle." in r[0] for r in rows), rows
        weights[rel] = sum(r[2] for r in rows) / 1024
    largest = max(weights, key=weights.get)
    print(
        f"first load: median {sorted(weights.values())[len(weights) // 2]:.1f} KB, "
        f"largest {weights[largest]:.1f} KB ({largest})"
    )
    over = {k: round(v, 1) for k, v in weights.items() if v > BUDGET_PAGE_KB and k not in DOWNLOADS}
    print("over budget:", ", ".join(f"{k} {v} KB" for k, v in sorted(over.items())))
    assert not over, over


def test_the_booklet_is_a_download_whose_link_states_its_size(preview, site_dir):
    """Exempt from the page budget by name (DOWNLOADS): so it must say what it costs, and stay out of search."""
    assert set(DOWNLOADS) <= set(pages(site_dir))
    status, headers, body = get(preview.url + "booklet/")
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    served_kb = len(body) / 1024
    for rel in ("index.html", "causes/sciatica/index.html", "booklet/index.html"):
        soup = BeautifulSoup(open(os.path.join(site_dir, rel), encoding="utf-8").read(), "html.parser")
        link = soup.select_one("p.booklet-link a")
        stated = re.search(r"(\d+) KB", link.get_text())
        assert stated and abs(int(stated.group(1)) - served_kb) <= 10, (rel, link.get_text(), served_kb)
    index = open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8").read()
    assert '"location":"booklet/' not in index.replace(" ", "") and served_kb > BUDGET_PAGE_KB
