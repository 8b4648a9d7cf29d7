"""Reading level of built pages: Flesch-Kincaid grade of the article text.

    python scripts/readability.py [SITE_DIR]     # prints one line per page, worst last

The text is the page's <article> with navigation, tables, code, the "Sources" list,
the review/disclaimer footer and permalink symbols removed. textstat needs its CMU
dictionary installed first (scripts/install_cmudict.py; `make test` does it).
"""

from __future__ import annotations

import os
import re

from bs4 import BeautifulSoup

from ..paths import SITE, built_pages

REMOVE = [
    "nav",
    "table",
    "pre",
    "code",
    "script",
    "style",
    "a.headerlink",
    ".page-info",
    ".references",
    "sup.cite",
    ".md-source-file",
    "form",
    ".md-content__button",
    ".badge",
]


def article_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    art = soup.select_one("article.md-content__inner") or soup.body
    for sel in REMOVE:
        for el in art.select(sel):
            el.decompose()
    for h in art.select("h2#sources, h1"):
        h.decompose()
    parts = []
    for el in art.find_all(["p", "li", "dd", "dt", "h2", "h3", "h4", "summary", "div"]):
        if el.find(["p", "li", "dd", "div", "ul", "ol", "dl"]):
            continue  # only leaf blocks: each piece of text once
        text = " ".join(el.get_text(" ").split())
        if text:
            parts.append(text if re.search(r"[.!?:]$", text) else text + ".")
    return "\n".join(parts)


def grade(text: str) -> float:
    import textstat

    textstat.set_lang("en_US")
    return round(textstat.flesch_kincaid_grade(text), 1)


def page_meta(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    tag = soup.find("meta", attrs={"name": "reading-level"})
    return {"list_page": bool(tag and tag.get("content") == "list-page")}


def main(site_dir=SITE) -> None:
    rows = []
    for rel in built_pages(site_dir):
        with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
            html = fh.read()
        text = article_text(html)
        rows.append((grade(text), len(text.split()), rel, page_meta(html)["list_page"]))
    for g, words, rel, listed in sorted(rows):
        print(f"{g:5.1f}  {words:5d} words  {rel}{'  (list page: not enforced)' if listed else ''}")
