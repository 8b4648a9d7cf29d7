"""Helpers for reading a built site (online: directory URLs; offline: .html files)."""

from __future__ import annotations

import functools
import os
import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from backspasm_site.paths import ROOT
from backspasm_site.paths import built_pages as pages  # noqa: F401  (one page walker)

# the source article the guide was written from, outside the repository (CI has it beside the checkout)
SHARED_SOURCE = os.path.join(ROOT, "..", "shared", "source", "source-article.txt")


@functools.cache
def _soup(path):
    return BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")


def soup(site_dir, rel):
    return _soup(os.path.join(site_dir, rel))


def article(site_dir, rel):
    return soup(site_dir, rel).select_one("article.md-content__inner")


def resolve(site_dir, from_rel, href):
    """(target file rel path, fragment) for an internal href, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
        return None
    path = unquote(parts.path)
    base = posixpath.dirname(from_rel)
    target = posixpath.normpath(posixpath.join(base, path)) if path else from_rel
    if target == ".":
        target = ""
    full = os.path.join(site_dir, target)
    if os.path.isdir(full):
        target = posixpath.join(target, "index.html") if target else "index.html"
    return target, parts.fragment


class _LinksAndIds(HTMLParser):
    LINKS = {"a": "href", "link": "href", "script": "src", "img": "src"}

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id") is not None:
            self.ids.add(found["id"])
        attr = self.LINKS.get(tag)
        if attr and found.get(attr) is not None:
            self.links.append((tag, found[attr]))


@functools.cache
def _links_and_ids(path):
    parser = _LinksAndIds()
    with open(path, encoding="utf-8") as fh:
        parser.feed(fh.read())
    parser.close()
    return tuple(parser.links), frozenset(parser.ids)


def links(site_dir, rel):
    """(tag, address) of every a/link href and script/img src of a built file, in document order.

    A plain parser, not BeautifulSoup: the link checks read every page, and building a tree of each
    cost most of their time."""
    return _links_and_ids(os.path.join(site_dir, rel))[0]


def has_anchor(site_dir, rel, fragment):
    return not fragment or fragment in _links_and_ids(os.path.join(site_dir, rel))[1]


def page_for(site_dir, src_md):
    """Built file of a docs/ source page ('causes/x.md' -> 'causes/x/index.html')."""
    stem = src_md[:-3]
    candidates = [stem + ".html", stem + "/index.html", stem.removesuffix("index") + "index.html"]
    for cand in candidates:
        cand = cand.lstrip("/")
        if os.path.isfile(os.path.join(site_dir, cand)):
            return cand
    raise FileNotFoundError(src_md)
