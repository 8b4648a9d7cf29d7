"""Citations and reference lists: ``cite``, ``references``, ``source_list``, and the entry of one source."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .html import attr
from .page import PageContext, ref_id


def cite(page: PageContext, key, excerpt=None):
    """A numbered citation ``[n]`` linking to the page's reference list, which names the source.

    No ``title`` tooltip: phones never show one, and the reference list on the same page names the source.
    The brackets sit outside the link, so that marks side by side can become one ``[1, 2]``
    (``group_citations``)."""
    return f'<sup class="cite">[<a href="#{ref_id(key)}">{page.cite_number(key, excerpt)}</a>]</sup>'


def cites(page: PageContext, keys, excerpts=None):
    excerpts = excerpts or {}
    return "".join(cite(page, k, excerpts.get(k)) for k in keys)


def sourced(page: PageContext, item):
    """The citations of a safety statement (``Sourced``), with what each source says; or, for the editors'
    own advice, a mark saying so."""
    if not item.sources and item.editorial:
        return f' <span class="editorial">({html.escape(page.labels.editors_advice)})</span>'
    return cites(page, item.sources, item.excerpts)


def _says(page: PageContext, key):
    """What ``key`` says for the statements cited on this page, closed by default."""
    said = page.said.get(key)
    if not said:
        return ""
    labels = page.labels
    items = []
    for ex in said.values():
        where = html.escape(labels.source_where.format(section=ex.section))
        if ex.read_at:
            host = (urlsplit(str(ex.read_at)).hostname or "").removeprefix("www.")
            where += f'; <a href="{attr(ex.read_at)}">{html.escape(labels.source_copy.format(host=host))}</a>'
        items.append(f'<li><q>{html.escape(ex.quote, quote=False)}</q> <span class="source-where">{where}</span></li>')
    return (
        f'<details class="source-says" data-source-says><summary>{html.escape(labels.source_says)}</summary>'
        f"<ul>{''.join(items)}</ul></details>"
    )


ADJACENT_MARKS = re.compile(r'\]</sup><sup class="cite">\[')


def group_citations(page_html):
    """Citation marks written side by side (one statement, several sources) as one mark: [1, 2]."""
    return ADJACENT_MARKS.sub(", ", page_html)


def _after_colon(text):
    """``text`` as it reads after the label's colon: no closing full stop, a small first letter (not in 'NHS')."""
    text = text.rstrip(".")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def source_entry(page: PageContext, key, provenance=False):
    """One reference: publisher (year or "undated"), title, link; with ``provenance``, how we read it."""
    s = page.data.sources[key]
    labels = page.labels
    text = f"{html.escape(s.publisher)} ({s.year_text}). <cite>{html.escape(s.title)}</cite>."
    if s.url:
        host = urlsplit(str(s.url)).hostname or str(s.url)
        text += f' <a href="{attr(s.url)}">{html.escape(host.removeprefix("www."))}</a>'
    if provenance:
        how = html.escape(labels.checked.format(date=s.checked))
        how += "; " + (
            html.escape(labels.seen_via) + " " + page.text(_after_colon(s.seen_via))
            if s.seen_via
            else html.escape(labels.read_at_address)
        )
        text += f' <span class="provenance">{how}.</span>'
        if s.note:
            text += f' <span class="source-note">{page.text(s.note)}</span>'
    return text


def references(page: PageContext) -> str:
    """The page's "Sources" heading and numbered list (kept out of search). Call it last on the page."""
    keys = page.reference_keys()
    for key in keys:
        page.lookup("sources", key, "source key")
    if not keys:
        return ""
    items = "\n".join(f'<li id="{ref_id(k)}">{source_entry(page, k)}{_says(page, k)}</li>' for k in keys)
    block = page.block(f'<ol class="references" data-search-exclude>\n{items}\n</ol>')
    return f"## {page.labels.sources_heading} {{ data-search-exclude }}\n\n{block}\n"


def source_list(page: PageContext):
    """Every source in data/sources.yml, grouped by type under a heading each."""
    out = []
    for kind, heading in page.labels.source_types.items():
        keys = sorted((s for s in page.data.sources.values() if s.type == kind), key=lambda s: s.publisher.lower())
        if not keys:
            continue
        items = "\n".join(
            f'<li id="src-{s.key.lower()}">{source_entry(page, s.key, provenance=True)}</li>' for s in keys
        )
        out += [f"## {heading}", "", page.block(f'<ul class="references">\n{items}\n</ul>'), ""]
    return "\n".join(out)


MACROS = [cite, references, source_list]
