"""Search in a real browser: a reader's own words find the right page."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml
from helpers.search import load_queries, rank_of, search

from backspasm_site.paths import ROOT
from backspasm_site.quality.search_rank import BrowserSearch, hit_rates


def search_index(site_dir):
    return json.load(open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8"))


def test_query_list_is_honest():
    rows = load_queries()
    assert len(rows) >= 40
    assert len({q.lower() for q, _ in rows}) == len(rows), "duplicate queries"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for _, expected in rows:
        src = os.path.join(root, "docs", (expected or "index") + ".md")
        src_index = os.path.join(root, "docs", expected, "index.md")
        assert os.path.exists(src) or os.path.exists(src_index), expected
    covered = {e for _, e in rows}
    assert "when-to-get-help" in covered and sum(e == "when-to-get-help" for _, e in rows) >= 5


# Every query list and what it must reach in a real browser (hit@1, hit@3). The blind lists were written
# by someone who saw only the page titles and descriptions; search_blind.tsv is held out: never tuned
# against, read only for these totals.
LISTS = {
    "search_queries.tsv": (0.95, 1.0),
    "search_typos.tsv": (0.96, 0.98),
    "search_blind_dev.tsv": (0.83, 0.96),  # 0.80/0.90 before the everyday words of 2026-12-03 (issue 26)
    "search_blind_dev2.tsv": (0.82, 0.96),  # second blind development list: 0.735/0.864 before them
    "search_blind.tsv": (0.85, 0.97),  # 0.83/0.958 before; the aim is 0.90 and 0.97
}


@pytest.mark.parametrize("name", LISTS)
def test_search_ranks_the_right_page(page, http_site, name):
    """hit@1 and hit@3 of one query list, all typed into one loaded page (the index loads once)."""
    rows = load_queries(os.path.join(os.path.dirname(os.path.abspath(__file__)), name))
    box = BrowserSearch(page, http_site)
    results = []
    for query, expected in rows:
        ranked, seconds = box.search(query)
        results.append((query, expected, rank_of(ranked, expected), ranked[:3], seconds))
    if name != "search_blind.tsv":  # the held-out list's queries are not printed
        for query, expected, rank, top, seconds in results:
            mark = "ok " if rank == 1 else ("top3" if rank and rank <= 3 else "MISS")
            print(f"{mark} rank={rank}  {query!r} -> {expected}  (got {top}, {seconds * 1000:.0f} ms)")
    hit1, hit3 = hit_rates([r[2] for r in results])
    print(f"{name}: hit@1 = {hit1:.1%}, hit@3 = {hit3:.1%} over {len(rows)} queries")
    assert not page.watch.errors, page.watch.errors
    assert not page.watch.external, page.watch.external
    need1, need3 = LISTS[name]
    assert hit1 >= need1 and hit3 >= need3, (
        f"{name}: hit@1 {hit1:.1%} (need {need1:.0%}), hit@3 {hit3:.1%} (need {need3:.0%})"
    )


def test_a_weak_match_says_so_and_offers_two_ways_on(page, http_site):
    """Only words on nearly every page matched: the box says so and links the guide and the help page;
    a distinctive word or an emergency sign: no box. Every query: the e-mail link with the query in it."""
    from urllib.parse import parse_qs, unquote, urlsplit

    labels = yaml.safe_load(open(os.path.join(ROOT, "data", "site.yml"), encoding="utf-8"))["labels"]
    box = BrowserSearch(page, http_site)
    shown = "() => !document.querySelector('.search-weak').hidden"
    for query, weak in (
        ("back pain", True),
        ("sciatica", False),
        ("low mood", False),
        ("numb groin", False),
        ("spasm doctor help", True),
    ):
        box.search(query)
        assert page.evaluate(shown) is weak, query
        href = page.eval_on_selector(".search-feedback a", "a => a.href")
        parts = urlsplit(href)
        assert parts.scheme == "mailto" and unquote(parts.path) == mkdocs_report_address()
        fields = parse_qs(parts.query)
        assert fields["subject"] == [labels["search_feedback_subject"].format(query=query)]
        assert fields["body"] == [labels["search_feedback_body"].format(query=query)]
    box.search("back pain")
    weak_box = page.locator(".search-weak")
    assert labels["search_weak"] in weak_box.inner_text()
    links = weak_box.locator("a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        labels["next_steps"]["page_link"],
        labels["search_help_link"],
    ]
    links.nth(1).click()
    page.wait_for_url("**/when-to-get-help/")
    assert page.locator(".search-feedback").is_hidden()  # the box is empty on the new page: no link
    assert not page.watch.errors and not page.watch.external, (page.watch.errors, page.watch.external)


def mkdocs_report_address():
    text = open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8").read()
    return re.search(r'report_address: !ENV \[REPORT_ADDRESS, "([^"]+)"\]', text).group(1)


def test_red_flag_phrases_put_help_page_first(page, http_site):
    for query in ("numb groin", "lost bladder control", "can't pee", "both legs numb"):
        ranked, _ = search(page, http_site, query)
        assert ranked and ranked[0] == "when-to-get-help", (query, ranked[:3])


def test_synonyms_field_is_in_the_index(site_dir):
    index = search_index(site_dir)
    assert index["config"]["fields"]["synonyms"]["boost"] > 1
    by_loc = {d["location"]: d for d in index["docs"]}
    heat = by_loc["treatments/heat/"]["synonyms"].split()
    assert {"hot", "water", "bottle"} <= set(heat) and len(heat) == len(set(heat))
    disc = by_loc["causes/herniated-disc/"]["synonyms"].split()
    assert {"slipped", "disc", "disk"} <= set(disc)  # spelling variant from data/site.yml
    assert "back" not in disc and "pain" not in disc  # generic words would pull every page up
    for doc in index["docs"]:  # nor words a typed "pain*" or "back*" would hit ("painkillers")
        assert not any(w.startswith(("pain", "back")) for w in doc.get("synonyms", "").split()), doc["location"]
    # non-emergency symptoms sit on their section of the help page, emergencies on the page itself
    assert "fever" in by_loc["when-to-get-help/#urgent"]["synonyms"].split()
    assert "groin" in by_loc["when-to-get-help/"]["synonyms"].split()


def test_python_reproduction_of_ranking(site_dir):
    """Fast check with lunr.py (scripts/search_rank.py); the browser test above is the ground truth."""
    from backspasm_site.quality.search_rank import Index

    idx = Index(search_index(site_dir))
    rows = load_queries()
    ranks = [rank_of(idx.search(q), e) for q, e in rows]
    assert sum(r == 1 for r in ranks) / len(rows) >= 0.80
    assert sum(bool(r and r <= 3) for r in ranks) / len(rows) >= 0.95
    # stop words are separators: a typed "a" or "my" adds no prefix wildcard noise
    assert idx.terms("put my back out lifting a box") == ["put", "back", "out", "lifting", "box"]


def test_blocks_marked_search_exclude_are_shown_but_not_indexed(site_dir):
    """Tables, symptom lists, get-help boxes and reference lists are on the pages, not in the index.

    They reach the page after the search plugin has run (the plugin's on_page_context); this proves both halves.
    """
    from helpers.site import article, pages

    index = search_index(site_dir)
    indexed = {d["location"].split("#")[0]: [] for d in index["docs"]}
    for d in index["docs"]:
        indexed[d["location"].split("#")[0]].append(d["title"] + " " + d["text"])
    kinds = set()
    for rel in pages(site_dir):
        url = "" if rel == "index.html" else rel.removesuffix("index.html")
        for block in article(site_dir, rel).select("[data-search-exclude]"):
            if block.name in ("h1", "h2", "h3"):
                continue
            rows = block.select("tr, li") or [block]
            first = " ".join(rows[-1].get_text(" ").split())  # a whole row or item, as it reads
            assert first, (rel, block.name)
            # a page kept out of search whole (the booklet) has no index entries at all
            assert not any(first in " ".join(t.split()) for t in indexed.get(url, [])), (rel, first)
            kinds.add(block.name + "." + block["class"][0])
    assert kinds == {
        "ol.references",
        "div.get-help",
        "div.treatment-table",
        "div.symptom-index",
        "div.other-words",
        "div.next-step-body",
    }
