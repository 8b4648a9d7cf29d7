"""Reproduce Material's search ranking in Python (lunr.py), for fast checks of the query list.

    python scripts/search_rank.py [site/search/search_index.json] [tests/search_queries.tsv]

The query list (``load_queries``) and the page key of a result (``page_key``) are shared with
the browser tests (tests/helpers/search.py).

Mirrors Material 9.x's search worker: lunr with b(0), one field per config.fields
entry, a tokenizer that splits on config.separator and lowercases, a trailing
wildcard on every query term, the post-query boost (page entry + share of query
terms matched) and grouping by page. The real-browser test is the ground truth;
this is for quick tuning of data and boosts.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import lunr
import lunr.builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from ..paths import SEARCH_QUERIES, SITE

TAG = re.compile(r"<[^>]+>")


def load_queries(path=SEARCH_QUERIES):
    """(query, expected page key) for each line of a tab-separated query list; '#' starts a comment."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                query, expected = line.rstrip("\n").split("\t")
                rows.append((query, expected.strip().strip("/")))
    return rows


def page_key(location, base=""):
    """A result's page, as the query list names it: 'causes/sciatica/#x', 'http://h/causes/sciatica/?h=x'
    or 'file:///…/causes/sciatica.html' (with ``base`` the site's address) -> 'causes/sciatica'."""
    path = urlsplit(location).path
    base_path = urlsplit(base).path
    if base_path.endswith(".html"):
        base_path = base_path.rsplit("/", 1)[0] + "/"
    rel = path[len(base_path):] if base and path.startswith(base_path) else path.lstrip("/")
    return rel.removesuffix("index.html").removesuffix(".html").strip("/")


def _tokenizer(separator):
    def tokenize(obj, metadata=None, separator_=None):
        if obj is None:
            return []
        text = TAG.sub(" ", str(obj)).lower()
        out = []
        for i, part in enumerate(p for p in separator.split(text) if p):
            out.append(Token(part, {"position": [0, len(part)], "index": i}))
        return out
    return tokenize


class Index:
    def __init__(self, index_json):
        cfg = index_json["config"]
        self.separator = re.compile(cfg["separator"])
        lunr.builder.Tokenizer = _tokenizer(self.separator)
        b = lunr.builder.Builder()
        b.pipeline = Pipeline()
        b.search_pipeline = Pipeline()
        if "stopWordFilter" in cfg.get("pipeline", []):
            b.pipeline.add(stop_word_filter)
        b.b(0)
        b.ref("location")
        for name, spec in cfg["fields"].items():
            b.field(name, boost=spec.get("boost", 1),
                    extractor=(lambda n: lambda d: d.get(n))(name))
        self.docs = {}
        for doc in index_json["docs"]:
            self.docs[doc["location"]] = doc
            b.add(doc, {"boost": doc.get("boost", 1)})
        self.index = b.build()

    def terms(self, query):
        return [t.lower() for part in query.split() for t in self.separator.split(part) if t]

    def search(self, query):
        terms = self.terms(query)
        if not terms:
            return []
        results = self.index.search(" ".join(t + "*" for t in terms))
        items = []
        for r in results:
            matched_terms = list(r["match_data"].metadata.keys())
            found = {}
            for t in terms:
                if any(m.startswith(t) for m in matched_terms):
                    found[t] = True
                elif stop_word_filter(Token(t)) is not None:
                    found.setdefault(t, False)
            boost = (0 if "#" in r["ref"] else 1) + (sum(found.values()) / len(found) if found else 0)
            items.append((r["score"] * (1 + boost ** 2), r["ref"]))
        items.sort(key=lambda x: -x[0])
        pages = []
        for score, ref in items:
            page = ref.split("#")[0]
            if page not in pages:
                pages.append(page)
        return [page_key(p) for p in pages]


def main(index_path=f"{SITE}/search/search_index.json", queries=SEARCH_QUERIES):
    with open(index_path, encoding="utf-8") as fh:
        idx = Index(json.load(fh))
    rows = load_queries(queries)
    h1 = h3 = 0
    for q, expected in rows:
        ranked = idx.search(q)
        rank = ranked.index(expected) + 1 if expected in ranked else None
        h1 += rank == 1
        h3 += bool(rank and rank <= 3)
        mark = "ok  " if rank == 1 else ("top3" if rank and rank <= 3 else "MISS")
        print(f"{mark} {rank!s:>4}  {q!r} -> {expected}   got {ranked[:3]}")
    print(f"hit@1 {h1 / len(rows):.1%}  hit@3 {h3 / len(rows):.1%}  ({len(rows)} queries)")


RESULTS_META = ".md-search-result__meta"


def browser_search(page, base_url, query, timeout=15000):
    """Type ``query`` into a freshly loaded page's search box (Playwright); return (ranked page keys, seconds)."""
    import time

    page.goto(base_url)
    box = page.locator("input[data-md-component=search-query]")
    box.focus()  # on file:// this starts the index
    page.wait_for_function(
        f"() => /Type to start/.test(document.querySelector('{RESULTS_META}').textContent)", timeout=timeout)
    start = time.perf_counter()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function(
        f"() => /matching document|No matching/.test(document.querySelector('{RESULTS_META}').textContent)",
        timeout=timeout)
    elapsed = time.perf_counter() - start
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(a => a.href)")
    ranked = []
    for href in hrefs:
        key = page_key(href, base_url)
        if key not in ranked:
            ranked.append(key)
    return ranked, elapsed
