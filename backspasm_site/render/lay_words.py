"""Lay words shown to readers: "Also called: …" on a page, and the table of words people use."""

from __future__ import annotations

import html

from .html import escape, table
from .page import MacroError, PageContext


def also_called(page: PageContext, ident):
    """'Also called: …' for a treatment, cause or topic, spelling variants included."""
    data = page.data
    item = data.treatments.get(ident) or data.causes.get(ident) or data.topics.get(ident)
    if item is None:
        raise MacroError(f"unknown treatment, cause or topic id '{ident}'")
    words = [w for w in page.variants(item.also_called) if w.lower() != item.name.lower()]
    if not words:
        return ""
    return (
        f'<p class="also-called"><strong>{escape(page.labels.also_called)}</strong> '
        + html.escape(", ".join(words))
        + "</p>"
    )


def other_words(page: PageContext):
    """Every lay name of a cause or treatment, A-Z, with the page it leads to."""
    rows = []
    for item in [*page.data.causes.values(), *page.data.treatments.values()]:
        for word in page.variants(item.also_called):
            rows.append((word, item))
    rows.sort(key=lambda r: r[0].lower())
    cells = [[page.text(w), page.link(item.page, page.text(item.name))] for w, item in rows]
    return page.block(
        f'<div class="other-words" data-search-exclude>\n'
        f"{table(map(escape, page.labels.tables.other_words), cells)}\n</div>"
    )


MACROS = [also_called, other_words]
