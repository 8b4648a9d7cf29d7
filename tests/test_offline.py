"""The offline copy: unzip, open every page from file:// with the network blocked, search, print."""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from backspasm_site.paths import DIST, ROOT, ZIP_NAME
from helpers.browser import PageWatch
from helpers.search import load_queries, rank_of, search
from helpers.site import has_anchor, pages, resolve

ZIP = os.path.join(DIST, ZIP_NAME)


@pytest.fixture(scope="module")
def unzipped(offline_site_dir, tmp_path_factory):
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(ZIP) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
        assert tops == {"back-spasm-guide"}, tops
        zf.extractall(dest)
    folder = dest / "back-spasm-guide"
    assert (folder / "index.html").is_file()
    return str(folder)


def test_zip_checksum_file_matches():
    digest = hashlib.sha256(open(ZIP, "rb").read()).hexdigest()
    line = open(ZIP + ".sha256").read().split()
    assert line == [digest, os.path.basename(ZIP)]


def test_online_site_carries_the_zip_and_links_to_it(site_dir):
    shipped = os.path.join(site_dir, "downloads", os.path.basename(ZIP))
    assert open(shipped, "rb").read() == open(ZIP, "rb").read()
    mb = f"{os.path.getsize(ZIP) / 1_000_000:.1f} MB"
    for rel in ("index.html", "about/index.html"):
        html = open(os.path.join(site_dir, rel), encoding="utf-8").read()
        soup = BeautifulSoup(html, "html.parser")
        link = soup.select_one("p.offline-download a[download]")
        assert link is not None, rel
        assert "Read offline" in link.get_text() and mb in link.get_text(), link.get_text()
        target, _ = resolve(site_dir, rel, link["href"])
        assert target == "downloads/back-spasm-guide-offline.zip"


def test_offline_links_point_at_files_that_exist(unzipped):
    built = pages(unzipped)
    assert len(built) >= 40 and all(p.endswith(".html") for p in built)
    for rel in built:
        soup = BeautifulSoup(open(os.path.join(unzipped, rel), encoding="utf-8").read(), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag, **{attr: True}):
                res = resolve(unzipped, rel, el[attr])
                if res is None:
                    continue
                target, fragment = res
                assert os.path.isfile(os.path.join(unzipped, target)), (rel, el[attr])
                if tag == "a" and target.endswith(".html"):
                    assert has_anchor(unzipped, target, fragment), (rel, el[attr])


def test_every_page_from_file_url_with_network_blocked(browser, unzipped):
    ctx = browser.new_context()
    pg = ctx.new_page()
    watch = PageWatch(pg)
    for rel in pages(unzipped):
        pg.goto("file://" + os.path.join(unzipped, rel))
        pg.wait_for_load_state("load")
        assert pg.locator("article h1").first.is_visible(), rel
        # styles and icons came from the copy: Material's CSS is applied and an SVG icon has size
        assert pg.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", rel
    ctx.close()
    assert not watch.external, watch.external
    assert not watch.failed, watch.failed
    assert not watch.errors, watch.errors


def test_tooltips_work_offline(page, unzipped):
    page.goto("file://" + os.path.join(unzipped, "treatments", "pain-relievers.html"))
    abbr = page.locator("article abbr[title]").first
    abbr.hover()
    page.wait_for_selector(".md-tooltip2, .md-tooltip", state="attached", timeout=5000)


def test_search_works_from_file_url(page, unzipped):
    base = "file://" + os.path.join(unzipped, "index.html")
    rows = load_queries()[::4][:14]
    firsts = 0
    for query, expected in rows:
        ranked, _ = search(page, base, query)
        print(f"offline: {query!r} -> rank {rank_of(ranked, expected)} ({ranked[:3]})")
        firsts += rank_of(ranked, expected) == 1
    assert firsts >= 10, f"only {firsts} of {len(rows)} queries ranked the expected page first offline"
    assert not page.watch.external and not page.watch.errors, (page.watch.external, page.watch.errors)


def _pdf(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=False, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
    return PdfReader(io.BytesIO(data))


def test_action_plan_prints_on_one_page(page, http_site):
    for fmt in ("A4", "Letter"):
        page.goto(http_site + "action-plan/")
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format=fmt, margin={"top": "12mm", "bottom": "12mm",
                                                              "left": "12mm", "right": "12mm"})))
        assert len(pdf.pages) == 1, f"{fmt}: {len(pdf.pages)} pages: " + " /// ".join(
            p.extract_text()[-300:] for p in pdf.pages)


def test_printed_treatment_page_has_no_navigation(page, http_site):
    pdf = _pdf(page, http_site + "treatments/heat/")
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "What the evidence says" in text
    for chrome in ("Skip to content", "Search", "Epsom salt", "Table of contents"):
        assert chrome not in text, chrome
    assert "nhs.uk" in text  # external link targets are printed


def test_instant_navigation_only_online(site_dir, offline_site_dir):
    def features(folder):
        html = open(os.path.join(folder, "index.html"), encoding="utf-8").read()
        cfg = BeautifulSoup(html, "html.parser").find(id="__config")
        return set(json.loads(cfg.get_text())["features"])

    assert "navigation.instant" in features(site_dir)
    assert "navigation.instant" not in features(offline_site_dir)
    assert "search.highlight" in features(offline_site_dir)
    # the worker shim is ours, never the CDN's
    html = open(os.path.join(offline_site_dir, "index.html"), encoding="utf-8").read()
    assert "assets/javascripts/iframe-worker-shim.js" in html and "unpkg.com" not in html
