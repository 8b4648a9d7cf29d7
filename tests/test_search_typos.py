"""Search that forgives typos, in a real browser (docs/assets/javascripts/search.js).

tests/search_typos.tsv was written before the typo search, the way people mistype; a miss
stays in the list. The Python reproduction (backspasm_site/quality/search_rank.py) must plan every query
exactly as the browser does.
"""

from __future__ import annotations

import json
import os
import re

import yaml
from helpers.search import RESULTS_META as META
from helpers.search import TYPOS, load_queries, rank_of, search

from backspasm_site.paths import ROOT
from backspasm_site.quality.search_rank import Index, Typo

BOX = "input[data-md-component=search-query]"


def site_labels():
    return yaml.safe_load(open(os.path.join(ROOT, "data", "site.yml"), encoding="utf-8"))["labels"]


def index_json(site_dir):
    return json.load(open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8"))


def did_you_mean(page):
    return page.eval_on_selector(".did-you-mean", "e => e.hidden ? null : e.textContent")


def test_typo_list_is_honest():
    rows = load_queries(TYPOS)
    assert len(rows) >= 40
    assert len({q.lower() for q, _ in rows}) == len(rows), "duplicate queries"
    for _, expected in rows:
        src = os.path.join(ROOT, "docs", (expected or "index") + ".md")
        assert os.path.exists(src) or os.path.exists(os.path.join(ROOT, "docs", expected, "index.md")), expected
    assert sum(e == "when-to-get-help" for _, e in rows) >= 8
    # mostly typos: most queries have a word that is not in the index
    index = index_json(os.path.join(ROOT, "site"))
    typo = Typo(index["config"]["typo_search"], re.compile(index["config"]["separator"]))
    unknown = sum(any(not typo.known(t) for t in typo.tokens(q)) for q, _ in rows)
    assert unknown >= 0.6 * len(rows), unknown  # the rest: split words, emergency words spelt right


def test_typo_queries_find_the_right_page(page, http_site):
    rows = load_queries(TYPOS)
    lines, ranks, empty = [], [], []
    for query, expected in rows:
        ranked, _ = search(page, http_site, query)
        rank = rank_of(ranked, expected)
        ranks.append(rank)
        if not ranked:
            empty.append(query)
        mark = "ok " if rank == 1 else ("top3" if rank and rank <= 3 else "MISS")
        lines.append(
            f"{mark} rank={rank}  {query!r} -> {expected}  (got {ranked[:3]}; did you mean: {did_you_mean(page)})"
        )
    print("\n".join(lines))
    hit1 = sum(r == 1 for r in ranks) / len(rows)
    hit3 = sum(bool(r and r <= 3) for r in ranks) / len(rows)
    print(f"typos: hit@1 = {hit1:.1%}, hit@3 = {hit3:.1%} over {len(rows)} queries")
    assert not empty, f"no results for {empty}"
    assert hit1 >= 0.90 and hit3 >= 0.95, f"hit@1 {hit1:.1%} (need 90%), hit@3 {hit3:.1%} (need 95%)"
    assert not page.watch.errors and not page.watch.external, (page.watch.errors, page.watch.external)


def test_emergency_words_and_their_misspellings_put_help_page_first(page, http_site):
    for query in (
        "emergency",
        "emergncy",
        "emergancy",
        "can't pee",
        "cant pee",
        "numb groin",
        "numb groyn",
        "both legs weak",
        "both legs week",
        "incontinance",
        "cauda equina",
        "loss of bowel control",
    ):
        ranked, _ = search(page, http_site, query)
        assert ranked and ranked[0] == "when-to-get-help", (query, ranked[:3])


def test_exact_words_are_searched_as_typed(page, http_site):
    """A query whose words are all in the index takes the exact path: no 'Did you mean', same order."""

    idx = Index(index_json(os.path.join(ROOT, "site")))
    for query in ("sciatica", "hot water bottle", "physio"):
        ranked, _ = search(page, http_site, query)
        assert did_you_mean(page) is None, query
        assert ranked[:3] == idx.search(query)[:3], (query, ranked[:3])


def test_did_you_mean_uses_data_words_and_can_be_clicked(page, http_site):
    label = site_labels()["search_did_you_mean"]
    search(page, http_site, "sceatica pain")
    assert did_you_mean(page) == f"{label} sciatica pain"
    page.click(".did-you-mean a")
    assert page.input_value(BOX) == "sciatica pain"
    page.wait_for_function("() => document.querySelector('.did-you-mean').hidden")
    page.wait_for_function(f"() => /matching document/.test(document.querySelector('{META}').textContent)")
    first = page.eval_on_selector("li.md-search-result__item > a", "a => a.href")
    assert "/causes/sciatica/" in first, first


def test_python_reproduction_plans_every_query_like_the_browser(page, http_site, site_dir):
    """Corrections, 'Did you mean', the typo and fuzzy queries and the emergency flag: the same in both."""

    index = index_json(site_dir)
    typo = Typo(index["config"]["typo_search"], re.compile(index["config"]["separator"]))
    queries = [q for q, _ in load_queries(TYPOS) + load_queries()]
    search(page, http_site, "x")  # loads the index
    plans = page.evaluate("qs => qs.map(q => window.guideSearch.plan(q))", queries)
    for query, browser in zip(queries, plans):
        assert browser == typo.plan(query), query


def test_python_reproduction_ranks_the_typo_list(site_dir):

    idx = Index(index_json(site_dir))
    rows = load_queries(TYPOS)
    ranks = [rank_of(idx.search_typo(q), e) for q, e in rows]
    assert sum(r == 1 for r in ranks) / len(rows) >= 0.90
    assert all(idx.search_typo(q) for q, _ in rows)


def test_enter_opens_the_first_result_shown(page, http_site):
    """Material's Enter opens the best score: the typo path's order must be the scores' order."""
    for query, expected in (("sceatica pain", "/causes/sciatica/"), ("cant pee", "/when-to-get-help/")):
        search(page, http_site, query)
        page.locator(BOX).press("Enter")
        page.wait_for_url(f"**{expected}**")


def test_typos_and_emergency_words_work_offline_from_file_url(page, offline_site_dir):
    """The offline copy (file://, iframe-worker shim, search_index.js): same typo path, no network."""
    base = "file://" + os.path.join(offline_site_dir, "index.html")
    for query, expected in (
        ("sceatica", "causes/sciatica"),
        ("ibuprophen", "treatments/pain-relievers"),
        ("emergncy", "when-to-get-help"),
        ("cant pee", "when-to-get-help"),
    ):
        ranked, _ = search(page, base, query)
        assert ranked and ranked[0] == expected, (query, ranked[:3])
    assert did_you_mean(page) is None  # "cant" is read as "can't": nothing to correct
    search(page, base, "sceatica")
    assert did_you_mean(page).endswith(" sciatica")
    assert not page.watch.external and not page.watch.errors, (page.watch.external, page.watch.errors)
