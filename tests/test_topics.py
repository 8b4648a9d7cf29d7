"""The topic pages (issue 14): where they live, their sources, facts from data, scope, print and first screen."""

from __future__ import annotations

import io
import os
import re

import pytest
import yaml
from helpers.build import mkdocs_build
from helpers.site import article

from backspasm_site.paths import ROOT, front_matter

TOPICS = {  # docs page -> its URL
    "long-term-back-pain.md": "long-term-back-pain/",
    "work-and-driving.md": "work-and-driving/",
    "coping-and-mental-health.md": "coping-and-mental-health/",
    "older-adults.md": "older-adults/",
    "questions-for-your-doctor.md": "questions-for-your-doctor/",
}


def _yaml(name):
    return yaml.safe_load(open(os.path.join(ROOT, "data", name), encoding="utf-8"))


def test_topic_pages_live_at_their_paths_in_nav_with_the_page_shape(site_dir):
    in_nav = open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8").read().split("\nnav:", 1)[1]
    topics = {t["page"]: t for t in _yaml("topics.yml")}
    for src, url in TOPICS.items():
        assert os.path.isfile(os.path.join(site_dir, url, "index.html")), url
        assert f"- {src}" in in_nav, f"{src} is not in mkdocs.yml nav"
        fm = front_matter(os.path.join(ROOT, "docs", src))
        assert str(fm["reviewed"]) == "2026-12-02" and fm["next_review"] > fm["reviewed"], src
        assert len(fm["description"]) <= 160, src
        art = article(site_dir, url + "index.html")
        assert art.select_one("p.also-called"), f"{src}: no 'Also called' line"
        assert src in topics, f"{src}: no lay words in data/topics.yml"
        assert art.select(".get-help .badge.urgency-urgent"), f"{src}: no get_help() box"
        assert art.select_one("ol.references li"), f"{src}: no sources list"


def test_topic_pages_are_linked_from_where_readers_look(site_dir):
    """Each page is reachable from the home page, and from at least one other page of the guide."""
    linked_from = {url: set() for url in TOPICS.values()}
    for rel in (
        "index.html",
        "self-care/index.html",
        "causes/stress/index.html",
        "treatments/index.html",
        "about/index.html",
        *[u + "index.html" for u in TOPICS.values()],
    ):
        for a in article(site_dir, rel).select("a[href]"):
            href = a["href"].split("#")[0]
            for url in TOPICS.values():
                if href.rstrip("/").endswith(url.rstrip("/")) and not rel.startswith(url):
                    linked_from[url].add(rel)
    for url, pages in linked_from.items():
        assert "index.html" in pages, f"{url}: not linked from the home page"
        assert len(pages) >= 2, (url, pages)


def test_crisis_lines_come_from_data_and_show_where_needed(site_dir):
    support = _yaml("support.yml")
    crisis = [line for line in support["lines"] if line["kind"] == "crisis"]
    assert {line["where"] for line in crisis} >= {"UK and Ireland", "US and Canada"}  # 988 serves both
    coping = article(site_dir, "coping-and-mental-health/index.html")
    box = coping.select_one(".admonition.crisis")
    text = " ".join(box.get_text(" ").split())
    for line in crisis:
        assert line["number"] in text, line["id"]
        assert len(box.select("sup.cite")) >= len(crisis)
    assert "999" in text and "911" in text  # the emergency numbers from data/site.yml
    stress = " ".join(article(site_dir, "causes/stress/index.html").get_text(" ").split())
    assert "116 123" in stress and "988" in stress
    support_text = " ".join(coping.get_text(" ").split())
    for line in support["lines"]:
        assert line["name"] in support_text, line["id"]
    # typed once: no page types a crisis number or a fact the data holds (NHS 111 is also the
    # site-wide urgent route in data/site.yml, so pages may name it)
    site_text = open(os.path.join(ROOT, "data", "site.yml"), encoding="utf-8").read()
    typed = [l["number"] for l in crisis if l["number"] not in site_text] + [
        f["text"] for f in support["facts"].values()
    ]
    assert "116 123" in typed and "12 weeks" in typed
    for folder, _, files in os.walk(os.path.join(ROOT, "docs")):
        for name in files:
            if name.endswith(".md"):
                body = open(os.path.join(folder, name), encoding="utf-8").read().split("---", 2)[-1]
                for value in typed:
                    assert not re.search(rf"(?<![\w'-]){re.escape(value)}(?![\w'-])", body), (name, value)


@pytest.mark.parametrize("width, height, whole", [(390, 844, True), (360, 640, False)])
def test_crisis_route_is_on_the_first_screen_of_a_phone(browser, http_site, width, height, whole):
    """On a common phone (390x844) the whole box shows before any scrolling; on a small one (360x640)
    at least the emergency line and the first crisis line do."""
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.goto(http_site + "coping-and-mental-health/")
    box = pg.locator(".admonition.crisis")
    assert "116 123" in box.inner_text() and "988" in box.inner_text()
    parts = [box] if whole else [box.locator("p").nth(1), box.locator("li").first]
    for part in parts:
        rect = part.bounding_box()
        assert rect and rect["y"] + rect["height"] <= height, (width, height, rect)
    ctx.close()


def test_changing_a_crisis_line_in_data_changes_every_page(project):
    path = os.path.join(project, "data", "support.yml")
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace('number: "116 123"', 'number: "116 999"'))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout
    site = os.path.join(project, "site")
    for rel in ("coping-and-mental-health/index.html", "causes/stress/index.html"):
        t = article(site, rel).get_text(" ")
        assert "116 999" in t and "116 123" not in t, rel


def test_bad_topic_data_stops_the_build_with_one_line(project):
    path = os.path.join(project, "data", "questions.yml")
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace("sources: [GOVUK-SICK]", "sources: [NO-SUCH-KEY]", 1))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(r"data/questions\.yml: group 'ask' item \d+: unknown source key 'NO-SUCH-KEY'", result.stdout), (
        result.stdout[-2000:]
    )


def test_scope_is_said_once_and_matches_the_data(site_dir):
    site = _yaml("site.yml")
    scope = site["scope"]
    symptom = next(s for s in _yaml("symptoms.yml") if s["id"] == scope["symptom"])
    assert f"under {scope['min_age']}" in symptom["name"] and str(scope["min_age"]) in scope["adults"]
    label = site["urgency"][symptom["urgency"]]["label"]
    for rel in ("about/index.html", "when-to-get-help/index.html"):
        p = article(site_dir, rel).select("p.scope")
        assert len(p) == 1, rel
        text = " ".join(p[0].get_text(" ").split())
        assert " ".join(scope["adults"].split()) in text and " ".join(scope["children"].split()) in text, rel
        assert label in text, rel
    for folder, _, files in os.walk(os.path.join(ROOT, "docs")):
        for name in files:
            if name.endswith(".md"):
                assert "back pain in children" not in open(os.path.join(folder, name), encoding="utf-8").read()


def test_checklist_comes_from_data(site_dir):
    art = article(site_dir, "questions-for-your-doctor/index.html")
    shown = [" ".join(li.get_text(" ").split()) for li in art.select("ul.checklist li")]
    groups = _yaml("questions.yml")["groups"]
    wanted = [q["text"] for g in groups for q in g["items"]]
    assert len(shown) == len(wanted)
    for text, item in zip(shown, wanted):
        assert item in text
    assert all(li.select_one("sup.cite") for li in art.select("ul.checklist li"))


@pytest.mark.parametrize("fmt", ["A4", "Letter"])
def test_questions_for_your_doctor_print_on_one_page(page, http_site, fmt):
    from pypdf import PdfReader

    page.goto(http_site + "questions-for-your-doctor/")
    page.emulate_media(media="print")
    pdf = PdfReader(
        io.BytesIO(page.pdf(format=fmt, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}))
    )
    text = pdf.pages[0].extract_text()
    assert len(pdf.pages) == 1, f"{fmt}: {len(pdf.pages)} pages: " + " /// ".join(
        p.extract_text()[-300:] for p in pdf.pages
    )
    assert "What to ask" in text and "When should I come back" in text
    assert "Skip to content" not in text
