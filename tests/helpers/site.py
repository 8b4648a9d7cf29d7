"""Helpers for reading a built site (online: directory URLs; offline: .html files)."""
from __future__ import annotations

import functools
import os
import posixpath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from backspasm_site.paths import built_pages as pages  # noqa: F401  (one page walker)


@functools.lru_cache(maxsize=None)
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


def has_anchor(site_dir, rel, fragment):
    return not fragment or soup(site_dir, rel).find(id=fragment) is not None


def page_for(site_dir, src_md):
    """Built file of a docs/ source page ('causes/x.md' -> 'causes/x/index.html')."""
    stem = src_md[:-3]
    candidates = [stem + ".html", stem + "/index.html", stem.removesuffix("index") + "index.html"]
    for cand in candidates:
        cand = cand.lstrip("/")
        if os.path.isfile(os.path.join(site_dir, cand)):
            return cand
    raise FileNotFoundError(src_md)
