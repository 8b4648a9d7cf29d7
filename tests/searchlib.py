"""Drive Material's search box in Chromium and read the ranked result pages."""
from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

QUERIES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "search_queries.tsv")
META = ".md-search-result__meta"


def load_queries(path=QUERIES):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            query, expected = line.rstrip("\n").split("\t")
            rows.append((query, expected.strip().strip("/")))
    return rows


def page_key(href, base):
    """'http://h/causes/sciatica/?h=x#y' or 'file:///…/causes/sciatica.html' -> 'causes/sciatica'."""
    path = urlsplit(href).path
    base_path = urlsplit(base).path
    if base_path.endswith(".html"):
        base_path = base_path.rsplit("/", 1)[0] + "/"
    rel = path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    rel = rel.removesuffix("index.html").removesuffix(".html").strip("/")
    return rel


def search(page, base_url, query, timeout=15000):
    """Type ``query`` into a freshly loaded page's search box; return (ranked page keys, seconds)."""
    page.goto(base_url)
    box = page.locator("input[data-md-component=search-query]")
    box.focus()  # on file:// this starts the index
    page.wait_for_function(
        f"() => /Type to start/.test(document.querySelector('{META}').textContent)", timeout=timeout)
    start = time.perf_counter()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function(
        f"() => /matching document|No matching/.test(document.querySelector('{META}').textContent)",
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


def rank_of(ranked, expected):
    return ranked.index(expected) + 1 if expected in ranked else None
