"""About pages: the full disclaimer, the glossary, the claims register and the offline-copy link."""

from __future__ import annotations

import os
import re
import typing

from ..content.models import Verdict
from ..offline_app import save_control
from ..paths import DOWNLOADS, ZIP_NAME
from .citations import cite
from .html import attr, escape, table
from .page import MacroError, PageContext
from .symptoms import page_title


def disclaimer(page: PageContext):
    """The full disclaimer, a paragraph per point."""
    return "\n\n".join(page.data.site.disclaimer.full) + "\n"


def glossary(page: PageContext):
    """Every glossary term and its definition, A-Z, as a definition list."""
    terms = sorted(page.data.glossary.values(), key=lambda g: g.term.lower())
    return "\n\n".join(f"{g.term}\n:   {g.definition}" for g in terms) + "\n"


def unbrand(page: PageContext, text):
    """The text with each brand the article advertised replaced by "[brand]"."""
    for brand in page.data.site.unnamed_brands:
        text = re.sub(re.escape(brand), "[brand]", text, flags=re.IGNORECASE)
    return text


def claims_summary(page: PageContext):
    """How many of the article's claims we used, corrected or left out, and the table of every claim."""
    labels = page.labels
    claims = list(page.data.claims.values())
    if not claims:
        raise MacroError("data/claims.yml has no claims")
    counts = {v: sum(1 for c in claims if c.verdict == v) for v in typing.get_args(Verdict)}
    rows = []
    for c in sorted(claims, key=lambda c: int(c.id[1:])):
        heading, quote = unbrand(page, c.heading), unbrand(page, c.quote)
        did = escape(labels.verdicts[c.verdict])
        if c.reason:
            did = f"{did}: {page.text(c.reason)}{cite(page, c.source) if c.source else ''}"
        rows.append(
            [page.text(heading), f"“{page.text(quote)}”", did, page.link(c.page, page.text(page_title(page, c.page)))]
        )
    sentence = labels.claims_sentence.format(total=len(claims), **counts)
    return f"{escape(sentence)}\n\n" + page.block(table(map(escape, labels.tables.claims), rows)) + "\n"


def offline_download(page: PageContext):
    """The "Read offline" link with the zip's size, or a note inside the offline copy itself."""
    labels = page.labels
    if page.offline:
        return escape(labels.offline_here) + "\n"
    save = save_control(page.data.site.offline_app)  # saving in the browser (offline_app.py)
    zip_path = os.path.join(page.project_root, "dist", ZIP_NAME)
    if not os.path.exists(zip_path):
        return labels.offline_not_built + "\n\n" + save
    size = f"{os.path.getsize(zip_path) / 1_000_000:.1f}"
    href = page.url_to(f"{DOWNLOADS}/{ZIP_NAME}")
    how = escape(labels.offline_how).format(file="<code>index.html</code>")
    return (
        f'<p class="offline-download"><a href="{attr(href)}" download>{escape(labels.offline_link.format(size=size))}'
        f"</a>. {how}</p>\n" + save
    )


def review_log(page: PageContext):
    """The review log (data/reviews.yml), newest first: when, what was checked, what was found and changed."""
    reviews = sorted(page.data.reviews.values(), key=lambda rv: rv.date, reverse=True)
    if not reviews:
        raise MacroError("data/reviews.yml has no reviews")
    rows = []
    for rv in reviews:
        pages = ", ".join(page.link(p, page.text(page_title(page, p))) for p in rv.pages)
        rows.append(
            [
                f'<time datetime="{rv.date}">{rv.date_text}</time>',
                f"{page.text(rv.reviewer)}: {page.text(rv.scope)} ({pages})",
                "<br>".join(page.text(x) for x in rv.found),
                "<br>".join(page.text(x) for x in rv.changed),
            ]
        )
    return page.block(f'<div class="review-log">\n{table(map(escape, page.labels.tables.review_log), rows)}\n</div>')


MACROS = [disclaimer, glossary, claims_summary, offline_download, review_log]
