"""The whole guide as one booklet (booklet/, backspasm_site/booklet.py): every page in nav order with a
contents list, links that stay inside the booklet, each topic's dates and sources, the emergency signs
first; printed to PDF in Chromium on A4 and Letter (Debian's pdftotext reads the PDF's text)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup
from helpers.site import resolve

from backspasm_site.paths import DIST, ZIP_NAME

PDFTOTEXT = "/usr/bin/pdftotext"
MARGIN_MM = 12
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4)}  # mm


def nav_titles(site_dir):
    """Every page's title, in nav order (as Material's nav lists the built pages: the sitemap order)."""
    soup = BeautifulSoup(open(os.path.join(site_dir, "booklet", "index.html"), encoding="utf-8").read(), "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".booklet-contents li a")]


def booklet(site_dir, rel="booklet/index.html"):
    return BeautifulSoup(open(os.path.join(site_dir, rel), encoding="utf-8").read(), "html.parser")


def squash(text):
    return " ".join(text.replace("\u00ad", "").split())


def test_booklet_holds_every_page_in_nav_order(site_dir):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    soup = booklet(site_dir)
    sections = soup.select("article section.booklet-topic")
    config = load_config(os.path.join(os.path.dirname(site_dir), "mkdocs.yml"))
    nav = get_navigation(get_files(config), config)
    expected = ["b-" + p.file.src_uri.removesuffix(".md").replace("/", "-") for p in nav.pages]
    assert [s["id"] for s in sections] == expected
    assert [a["href"] for a in soup.select(".booklet-contents li a")] == ["#" + e for e in expected]
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "an id twice"
    assert soup.select("article h1") and len(soup.select("article h1")) == 1


def test_emergency_signs_come_before_the_contents(site_dir, data):
    art = booklet(site_dir).select_one("article")
    box = art.select_one(".booklet-emergency")
    assert box and box.find_next("nav", class_="booklet-contents")
    signs = [s for s in data.symptoms.values() if s.urgency == "emergency"]
    assert len(box.select("li")) == len(signs)
    assert box.select_one('a[href="tel:999"]') and box.select_one('a[href="tel:911"]')


def test_booklet_links_stay_inside_it(site_dir, offline_site_dir):
    for site, rel in ((site_dir, "booklet/index.html"), (offline_site_dir, "booklet.html")):
        soup = booklet(site, rel)
        ids = {t["id"] for t in soup.find_all(id=True)}
        checked = 0
        for a in soup.select("article .booklet-contents a[href], article section.booklet-topic a[href]"):
            res = resolve(site, rel, a["href"])
            if res is None:
                continue
            target, fragment = res
            checked += 1
            assert os.path.isfile(os.path.join(site, target)), (rel, a["href"])
            if target.endswith(".html") and target != rel:
                # the only links out to a page are "open this page on its own"
                assert a.find_parent(class_="booklet-topic__meta"), (rel, a["href"])
            elif target == rel:
                assert not fragment or fragment in ids, (rel, a["href"])
        assert checked > 3000


def test_each_topic_has_its_dates_and_sources(site_dir):
    sections = booklet(site_dir).select("section.booklet-topic")
    with_refs = 0
    for s in sections:
        assert s.select_one(".booklet-topic__meta time"), s["id"]
        with_refs += bool(s.select_one("ol.references li"))
        for a in s.select("sup.cite a"):  # a citation finds its own topic's reference list
            assert a["href"].startswith("#" + s["id"] + "-ref-"), (s["id"], a["href"])
            assert s.find(id=a["href"][1:]), (s["id"], a["href"])
    assert with_refs >= 40


def test_booklet_is_in_the_zip_and_the_saved_guide(site_dir):
    with zipfile.ZipFile(os.path.join(DIST, ZIP_NAME)) as zf:
        assert any(n.endswith("/booklet.html") for n in zf.namelist())
    sw = open(os.path.join(site_dir, "sw.js"), encoding="utf-8").read()
    build = json.loads(re.search(r"self\.GUIDE_BUILD = (\{.*\});", sw).group(1))
    assert "booklet/" in build["files"]
    index = json.load(open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8"))
    assert not any(d["location"].startswith("booklet/") for d in index["docs"])  # search finds the pages


def pdf_pages(path):
    text = subprocess.run([PDFTOTEXT, "-layout", path, "-"], check=True, capture_output=True, text=True).stdout
    return [squash(p) for p in text.split("\f") if p.strip()]


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_booklet_prints_on_paper(browser, http_site, tmp_path, paper):
    if not os.path.exists(PDFTOTEXT):
        pytest.fail(f"{PDFTOTEXT} is missing: `make test` installs Debian's poppler-utils")
    width_mm = PAPER[paper][0] - 2 * MARGIN_MM
    ctx = browser.new_context(viewport={"width": round(width_mm / 25.4 * 96), "height": 1000})
    pg = ctx.new_page()
    pg.goto(http_site + "booklet/", timeout=180000)  # 1.2 MB of HTML on a shared machine
    pg.emulate_media(media="print")
    clipped = pg.evaluate("""() => [...document.querySelectorAll('article table')].filter(t => {
        const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
        const art = document.querySelector('article').getBoundingClientRect();
        return t.scrollWidth > t.clientWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1
            || t.getBoundingClientRect().right > art.right + 1;
      }).map(t => t.closest('section') && t.closest('section').id)""")
    tables = pg.evaluate("document.querySelectorAll('article table').length")
    breaks = pg.eval_on_selector_all("section.booklet-topic", "ss => ss.map(s => getComputedStyle(s).breakBefore)")
    assert len(breaks) >= 45 and set(breaks) == {"page"}, set(breaks)  # each topic on new paper
    assert tables >= 10 and not clipped, clipped
    out = tmp_path / f"booklet-{paper}.pdf"
    margin = f"{MARGIN_MM}mm"
    pg.pdf(path=str(out), format=paper, margin={"top": margin, "bottom": margin, "left": margin, "right": margin})
    titles = pg.eval_on_selector_all("section.booklet-topic > h2:first-of-type", "hs => hs.map(h => h.textContent)")
    ctx.close()
    pages = pdf_pages(str(out))
    print(f"\nbooklet on {paper}: {len(pages)} pages")
    assert len(titles) >= 45
    assert len(titles) <= len(pages) <= 12 * len(titles), len(pages)  # a new page per topic, none runs away
    first = pages[0]
    assert "Emergency signs: get help now" in first and "999 (UK)" in first, first[:400]
    text = " ".join(pages)
    assert "Contents" in " ".join(pages[:3])
    for title in (squash(t.replace("¶", "")) for t in titles):
        assert title in text, title
