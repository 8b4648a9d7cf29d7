"""The offline copy: unzip, open every page from file:// with the network blocked, search, print."""

from __future__ import annotations

import hashlib
import io
import json
import os

from bs4 import BeautifulSoup
from helpers.search import load_queries, rank_of, search
from helpers.site import has_anchor, links, pages, resolve
from pypdf import PdfReader

from backspasm_site.paths import DIST, ZIP_NAME

ZIP = os.path.join(DIST, ZIP_NAME)


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
        for tag, href in links(unzipped, rel):
            res = resolve(unzipped, rel, href)
            if res is None:
                continue
            target, fragment = res
            assert os.path.isfile(os.path.join(unzipped, target)), (rel, href)
            if tag == "a" and target.endswith(".html"):
                assert has_anchor(unzipped, target, fragment), (rel, href)


def test_every_page_from_file_url_with_network_blocked(offline_visits, unzipped):
    assert sorted(offline_visits) == pages(unzipped)
    # the heading is shown, and styles came from the copy: Material's CSS is applied
    wrong = {rel: (v.h1, v.header) for rel, v in offline_visits.items() if not v.h1 or v.header != "sticky"}
    assert not wrong, wrong
    watch = offline_visits.watch
    assert not watch.external, watch.external
    assert not offline_visits.failed, offline_visits.failed
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
    data = page.pdf(
        format="A4", print_background=False, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}
    )
    return PdfReader(io.BytesIO(data))


def test_action_plan_prints_on_one_page(page, http_site):
    for fmt in ("A4", "Letter"):
        page.goto(http_site + "action-plan/")
        page.emulate_media(media="print")
        pdf = PdfReader(
            io.BytesIO(page.pdf(format=fmt, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}))
        )
        assert len(pdf.pages) == 1, f"{fmt}: {len(pdf.pages)} pages: " + " /// ".join(
            p.extract_text()[-300:] for p in pdf.pages
        )


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
