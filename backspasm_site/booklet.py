"""The whole guide as one booklet (``booklet/``): every page in nav order on one page, to print or read.

The plugin adds ``booklet.md`` as a generated page that is not in nav (``booklet_file``) and, when the
booklet's turn comes to be built, every other page's HTML is final (``topic``):

- each topic is a ``<section>`` that starts on new paper when printed, its headings one level down
  (the booklet has the one ``<h1>``), its review dates and its reference list;
- every ``id`` gets the topic's prefix (``b-causes-sciatica-…``) so ids stay unique, and every link is
  rewritten: to a page of the guide it becomes an anchor in the booklet, to any other file of the site
  it is made relative to ``booklet/``; links that leave the site are kept;
- the first printed page holds the emergency signs and numbers (``emergency_box``) and the contents.

Why not mkdocs-print-site-plugin: see README ("The booklet").
"""

from __future__ import annotations

import glob
import gzip
import html
import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from .render.html import escape

MARK = "guide-booklet-topics"  # where the topics go in the booklet page's HTML
ATTR_ID = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
HREF = re.compile(r'\bhref="([^"]*)"')
HEADING = re.compile(r"<(/?)h([1-6])\b")
DATA_NEXT_STEPS = re.compile(r'\sdata-next-steps(?:="[^"]*")?(?=[\s>])')  # with or without its value


SIZE_MARK = "{guide-booklet-size}"  # in the booklet link until the booklet is built (write_size)


def size_text(nbytes):
    """What the booklet costs to download, as a web server sends it (gzip), to the nearest 10 KB."""
    return f"{max(10, round(nbytes / 10240) * 10)} KB"


def write_size(site_dir, booklet_url):
    """Put the booklet's download size into the booklet link of every built page: the booklet is far
    larger than a page (every topic at once), so the link says what it costs before a reader taps it.
    The size is measured here, from the built file, never typed."""
    rel = booklet_url + "index.html" if booklet_url.endswith("/") or not booklet_url else booklet_url
    path = os.path.join(site_dir, rel)
    if not os.path.isfile(path):
        return
    with open(path, "rb") as fh:
        size = size_text(len(gzip.compress(fh.read(), 9, mtime=0)))
    for page in glob.glob(os.path.join(site_dir, "**", "*.html"), recursive=True):
        with open(page, encoding="utf-8") as fh:
            text = fh.read()
        if SIZE_MARK in text:
            with open(page, "w", encoding="utf-8") as fh:
                fh.write(text.replace(SIZE_MARK, html.escape(size)))


def slug(src_uri):
    return "b-" + src_uri.removesuffix(".md").replace("/", "-")


def booklet_file(config, src_uri, words, reviewed, next_review):
    """The booklet's Markdown page: front matter and the mark the topics replace (``topics``)."""
    text = (
        f"---\ntitle: {words.booklet_title}\ndescription: {words.booklet_description}\n"
        f"reviewed: {reviewed.isoformat()}\nnext_review: {next_review.isoformat()}\n"
        f"sources: []\nsearch:\n  exclude: true\n---\n\n{words.booklet_intro}\n\n{MARK}\n"
    )
    return File.generated(config, src_uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)


def _ids(fragment, prefix):
    return " ".join(f"{prefix}-{part}" for part in fragment.split())


def topic(content, page, prefix_of, booklet_url, labels, words, meta_line):
    """One page's final HTML as a booklet section: ids prefixed, links pointing inside the booklet.

    ``prefix_of``: {page URL (relative to the site root): its section id} for every page in the booklet."""
    prefix = prefix_of[page.url]

    def href(m):
        url = html.unescape(m.group(1))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            return m.group(0)
        if not parts.path:  # a place on the same page
            return f'href="#{_ids(parts.fragment, prefix)}"' if parts.fragment else f'href="#{prefix}"'
        target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page.url), unquote(parts.path)))
        target = target.lstrip("/") + ("/" if parts.path.endswith("/") and target != "/" else "")
        if target in prefix_of:
            other = prefix_of[target]
            return f'href="#{_ids(parts.fragment, other) if parts.fragment else other}"'
        rel = get_relative_url(target or ".", booklet_url)
        return f'href="{html.escape(rel + ("#" + parts.fragment if parts.fragment else ""))}"'

    body = ATTR_ID.sub(lambda m: f'{m.group(1)}="{_ids(m.group(2), prefix)}"', content)
    body = HREF.sub(href, body)
    body = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", body)
    body = DATA_NEXT_STEPS.sub("", body)  # the guide's steps all show: next-steps.js leaves them
    if "<h1" not in content:  # as overrides/partials/content.html adds it
        body = f"<h2>{escape(page.meta.get('title') or page.title or '')}</h2>\n" + body
    own = get_relative_url(page.url or ".", booklet_url)
    return (
        f'<section class="booklet-topic" id="{prefix}">\n{body}\n'
        f'<p class="booklet-topic__meta">{meta_line} <a href="{html.escape(own)}">{escape(words.booklet_topic_link)}</a></p>\n'
        f"</section>"
    )


def review_line(page, labels):
    r, n = page.meta.get("reviewed"), page.meta.get("next_review")
    if not (r and n):
        return ""
    day = lambda d: f'<time datetime="{d.isoformat()}">{d.strftime("%-d %B %Y")}</time>'  # noqa: E731
    return f"{escape(labels.reviewed)} {day(r)}. {escape(labels.next_review)} {day(n)}."


def emergency_box(data, labels, numbers_html, text):
    """The emergency signs and numbers, for the booklet's first printed page (the full advice, with its
    sources, is in the topic "When to get help")."""
    level = data.site.urgency["emergency"]
    signs = "".join(f"<li>{text(s.name)}</li>" for s in data.symptoms.values() if s.urgency == "emergency")
    return (
        f'<div class="admonition danger booklet-emergency">\n<p class="admonition-title">{escape(labels.red_flags_title)}</p>\n'
        f"<p>{escape(labels.red_flags_intro)} {text(level.action)}</p>\n<ul>{signs}</ul>\n"
        f"<p>{escape(labels.call)} {numbers_html}.</p>\n</div>"
    )


def contents(words, entries):
    """The contents list: [(section id, title)]."""
    items = "".join(f'<li><a href="#{sid}">{escape(title)}</a></li>' for sid, title in entries)
    return (
        f'<nav class="booklet-contents" aria-labelledby="booklet-contents-title">'
        f'<h2 id="booklet-contents-title">{escape(words.booklet_contents)}</h2><ol>{items}</ol></nav>'
    )
