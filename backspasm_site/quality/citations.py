"""Citation coverage of built pages: the share of advice paragraphs and list items that carry a source.

    python scripts/citation_coverage.py [SITE_DIR] [PAGE ...]   # e.g. site long-term-back-pain

A block is a leaf paragraph or list item in the article. Not counted: headings, the Key points box,
the "Also called" line, the get-help box and the Sources list (macros that carry no advice of their
own), a lead-in that ends with ":" right before a list, and navigation lines ("Read more…", "See…")
that hold a link. A block is cited when it holds a citation mark (sup.cite).
"""
from __future__ import annotations

import os
import re

from bs4 import BeautifulSoup

from ..paths import SITE, built_pages

SKIP = [".admonition.abstract", ".admonition-title", "p.also-called", ".get-help", "ol.references", "h2#sources", ".page-info",
        "nav", ".md-source-file", "h1", "h2", "h3", "h4", "a.headerlink"]
NAV = re.compile(r"^(Read |See |Start with |Take our |Our |Print our |More help )")


def blocks(html):
    """(text, cited) for every counted block of a built page."""
    soup = BeautifulSoup(html, "html.parser")
    art = soup.select_one("article.md-content__inner") or soup.body
    for sel in SKIP:
        for el in art.select(sel):
            el.decompose()
    out = []
    for el in art.find_all(["p", "li"]):
        if el.find(["p", "li", "ul", "ol"]):
            continue  # leaf blocks only
        text = " ".join(el.get_text(" ").split())
        if not text:
            continue
        nxt = el.find_next_sibling()
        if el.name == "p" and text.endswith(":") and nxt is not None and nxt.name in ("ul", "ol"):
            continue  # a lead-in: its list items are counted
        if el.find("a", href=True) and NAV.match(text):
            continue
        out.append((text, el.select_one("sup.cite") is not None))
    return out


def coverage(html):
    """(cited, total, [uncited texts])."""
    bs = blocks(html)
    return sum(c for _, c in bs), len(bs), [t for t, c in bs if not c]


def main(site_dir=SITE, *names):
    """One line per page (with the uncited blocks when pages are named), then the total."""
    paths = ([os.path.join(site_dir, n, "index.html") for n in names] if names
             else [os.path.join(site_dir, rel) for rel in built_pages(site_dir)])
    total_c = total_n = 0
    for path in paths:
        c, n, missing = coverage(open(path, encoding="utf-8").read())
        total_c, total_n = total_c + c, total_n + n
        share = f"{c / n:6.1%}" if n else "   n/a"
        print(f"{share}  {c:3d}/{n:<3d} {os.path.relpath(path, site_dir)}")
        if names:
            for t in missing:
                print(f"        uncited: {t[:110]}")
    if total_n:
        print(f"all: {total_c}/{total_n} = {total_c / total_n:.1%}")

