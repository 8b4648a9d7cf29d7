"""Content: reading level, page shape, sources, and the register of every claim in the source article."""

from __future__ import annotations

import os
import re

import pytest
from helpers.site import SHARED_SOURCE, article, has_anchor, page_for, pages

from backspasm_site.paths import ROOT, front_matter
from backspasm_site.quality.readability import article_text, grade, page_meta

MAX_GRADE = 8.0


def docs_pages():
    out = []
    for folder, _, files in os.walk(os.path.join(ROOT, "docs")):
        out += [
            os.path.relpath(os.path.join(folder, f), os.path.join(ROOT, "docs")) for f in files if f.endswith(".md")
        ]
    return sorted(out)


def test_reading_level_of_every_page(site_dir):
    rows, too_hard = [], []
    for rel in pages(site_dir):
        html = open(os.path.join(site_dir, rel), encoding="utf-8").read()
        text = article_text(html)
        g = grade(text)
        listed = page_meta(html)["list_page"]
        rows.append((g, rel, len(text.split()), listed))
        if g > MAX_GRADE and not listed:
            too_hard.append(f"{rel}: grade {g}")
    print("\nFlesch-Kincaid grade per page (article text; navigation, tables and sources excluded):")
    for g, rel, words, listed in sorted(rows, reverse=True):
        print(f"  {g:4.1f}  {words:5d} words  {rel}{'  [list page: reported, not enforced]' if listed else ''}")
    assert len(rows) >= 40
    assert not too_hard, too_hard


def test_reading_level_check_can_fail():
    hard = (
        "<article class='md-content__inner'><p>Pharmacological interventions demonstrating "
        "statistically significant heterogeneity necessitate individualised multidisciplinary "
        "consideration notwithstanding contraindications.</p></article>"
    )
    assert grade(article_text(hard)) > MAX_GRADE


def test_list_pages_are_only_the_lists():
    listed = sorted(
        p for p in docs_pages() if front_matter(os.path.join(ROOT, "docs", p)).get("reading_level") == "list-page"
    )
    assert listed == ["about/glossary.md", "about/sources.md", "symptoms.md"]


def test_pages_start_with_key_points(site_dir):
    exempt = {"action-plan.md", "what-to-do-now.md", "symptoms.md", "about/sources.md", "about/glossary.md"}
    for src in docs_pages():
        if src in exempt:
            continue
        art = article(site_dir, page_for(site_dir, src))
        boxes = art.select("div.admonition:not(.copy-stale):not(.copy-updated)")  # the copy's status boxes first
        first_blocks = [
            el
            for el in art.find_all(recursive=False)
            if el.name not in ("h1", "a") and not {"copy-stale", "copy-updated"} & set(el.get("class") or [])
        ][:3]
        titles = [b.select_one(".admonition-title").get_text() for b in boxes[:2]]
        assert "Key points" in titles, src
        assert any("admonition" in (el.get("class") or []) for el in first_blocks), src


def test_front_matter_sources_are_listed_on_the_page(site_dir):
    for src in docs_pages():
        keys = front_matter(os.path.join(ROOT, "docs", src)).get("sources") or []
        art = article(site_dir, page_for(site_dir, src))
        for key in keys:
            assert art.find(id=f"ref-{key.lower()}"), (src, key)
        if not src.startswith("about/"):
            assert art.find(id="sources"), src


def test_treatment_and_cause_pages_have_their_sections(site_dir, data):
    for t in data.treatments.values():
        if "#" in t.page:
            continue
        art = article(site_dir, page_for(site_dir, t.page))
        text = art.get_text(" ")
        for heading in ("What the evidence says", "Who should not use it", "When to stop"):
            assert heading in text, (t.id, heading)
        assert art.select(f".badge.evidence-{t.evidence}"), t.id
        assert art.select_one("p.also-called"), t.id
        assert art.select(".badge.urgency-urgent"), f"{t.id}: no routes to help (get_help)"
    for c in data.causes.values():
        art = article(site_dir, page_for(site_dir, c.page))
        assert art.select("div.treatment-table table"), c.id
        assert "When to get help" in art.get_text(" "), c.id
        assert art.select(".badge.urgency-urgent"), f"{c.id}: no routes to help (get_help)"
        assert art.select_one("p.also-called"), c.id


# ----- the claims register ---------------------------------------------------


def test_claims_register_pages_and_anchors_exist(site_dir, data):
    assert len(data.claims) >= 80
    for c in data.claims.values():
        path, _, anchor = c.page.partition("#")
        assert anchor, f"{c.id}: page must name an anchor"
        target = page_for(site_dir, path)
        assert has_anchor(site_dir, target, anchor), (c.id, c.page)


def test_claims_register_is_rendered_on_editorial_policy(site_dir, data):
    art = article(site_dir, page_for(site_dir, "about/editorial-policy.md"))
    table = art.find(id="claims").find_next("table")
    rows = table.select("tbody tr")
    assert len(rows) == len(data.claims)
    assert "teeter" not in table.get_text().lower()


def test_claims_paragraph_ids_are_complete(data):
    numbers = sorted({int(c.paragraph[1:]) for c in data.claims.values()})
    assert numbers == list(range(1, numbers[-1] + 1)), "a paragraph of the article has no claim"
    ids = sorted(int(c.id[1:]) for c in data.claims.values())
    assert ids == list(range(1, len(ids) + 1))


def article_paragraphs(text, headings):
    """Non-blank lines of the article that are neither headings nor the 'Contents' stub."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("•").strip()
        if line and line not in headings and line != "Contents":
            out.append(line)
    return out


def test_claims_quote_the_article_verbatim_and_cover_every_paragraph(data):
    if not os.path.exists(SHARED_SOURCE):
        pytest.skip(f"source article not found at {SHARED_SOURCE}: verbatim check needs ../shared (CI has it)")
    text = open(SHARED_SOURCE, encoding="utf-8").read()
    headings = {c.heading for c in data.claims.values()} | {text.splitlines()[0].strip()}
    paragraphs = article_paragraphs(text, headings)
    assert len(paragraphs) == max(int(c.paragraph[1:]) for c in data.claims.values())
    covered = set()
    for c in data.claims.values():
        para = paragraphs[int(c.paragraph[1:]) - 1]
        assert c.quote in para, f"{c.id}: quote not found verbatim in {c.paragraph}: {c.quote!r}"
        assert c.heading in text, f"{c.id}: heading not in the article: {c.heading!r}"
        covered.add(c.paragraph)
    missing = [f"P{i}" for i in range(1, len(paragraphs) + 1) if f"P{i}" not in covered]
    assert not missing, missing


def test_no_sentence_copied_from_the_article(site_dir):
    if not os.path.exists(SHARED_SOURCE):
        pytest.skip(f"source article not found at {SHARED_SOURCE}")
    source = " ".join(open(SHARED_SOURCE, encoding="utf-8").read().split()).lower()
    words = re.findall(r"[a-z’']+", source)
    grams = {" ".join(words[i : i + 10]) for i in range(len(words) - 9)}
    for rel in pages(site_dir):
        if rel.startswith("about/editorial-policy"):
            continue  # the claims register quotes the article on purpose (12 words at most)
        page_words = re.findall(r"[a-z’']+", article_text(open(os.path.join(site_dir, rel)).read()).lower())
        for i in range(len(page_words) - 9):
            assert " ".join(page_words[i : i + 10]) not in grams, (rel, " ".join(page_words[i : i + 10]))
