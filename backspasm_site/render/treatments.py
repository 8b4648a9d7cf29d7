"""Treatment macros: evidence badges and boxes, the comparison table, cautions, causes and treatments lists."""
from __future__ import annotations

import html
import typing

from ..content.models import Evidence
from .citations import cites
from .html import admonition, badge, bullet_list, escape, table
from .page import MacroError, PageContext

# best first: the order of the Evidence literal in content/models.py
EVIDENCE_ORDER = list(typing.get_args(Evidence))


def evidence_badge(page: PageContext, tid):
    """A treatment's evidence label, in words."""
    grade = page.treatment(tid).evidence
    return badge("evidence", grade, page.data.site.evidence[grade].label)


def _sorted(treatments):
    return sorted(treatments, key=lambda t: (EVIDENCE_ORDER.index(t.evidence), t.name.lower()))


def treatment_table(page: PageContext, cause=None, kind=None):
    """The comparison table of treatments, best evidence first; optionally for one cause or one kind."""
    rows = list(page.data.treatments.values())
    if cause is not None:
        page.cause(cause)
        rows = [t for t in rows if cause in t.helps_with]
    if kind is not None:
        if kind not in page.data.site.kinds:
            raise MacroError(f"unknown kind '{kind}' (known: {', '.join(page.data.site.kinds)})")
        rows = [t for t in rows if t.kind == kind]
    if not rows:
        raise MacroError(f"treatment_table(cause={cause!r}, kind={kind!r}) matches no treatment")
    cells = [
        [page.link(t.page, page.text(t.name)), page.text(t.summary), evidence_badge(page, t.id),
         page.text(" ".join(t.cautions)), cites(page, t.sources)]
        for t in _sorted(rows)
    ]
    return page.block(f'<div class="treatment-table" data-search-exclude>\n'
                      f"{table(map(escape, page.labels.tables.treatments), cells)}\n</div>")


def treatments_for(page: PageContext, cause):
    """A list of the treatments used for one cause, with their evidence labels."""
    page.cause(cause)
    items = _sorted(page.data.treatments_by_cause[cause])
    return page.block(bullet_list(
        f"{page.link(t.page, page.text(t.name))}: {evidence_badge(page, t.id)} {page.text(t.summary)}" for t in items
    ))


def causes_for(page: PageContext, tid):
    """A list of the causes a treatment is used for."""
    t = page.treatment(tid)
    if not t.helps_with:
        return escape(page.labels.no_single_cause) + "\n"
    causes = page.data.causes
    return page.block(bullet_list(
        f"{page.link(causes[c].page, page.text(causes[c].name))}: {page.text(causes[c].summary)}" for c in t.helps_with
    ))


def cautions(page: PageContext, tid):
    """A treatment's cautions, as a list."""
    return page.block(bullet_list(page.text(c) for c in page.treatment(tid).cautions))


def evidence_summary(page: PageContext, tid):
    """The "What the evidence says" box: the label, what it means, the note and its sources."""
    t = page.treatment(tid)
    label = page.data.site.evidence[t.evidence]
    means = escape(page.labels.evidence_means).format(label=f"<strong>{html.escape(label.label)}</strong>")
    body = (
        f"<p>{evidence_badge(page, tid)} {means} "
        f"{page.text(label.explanation)}</p>\n"
        f"<p>{page.text(t.evidence_note)}{cites(page, t.sources)}</p>\n"
        f"<p>{page.link('treatments/index.md#evidence-labels', html.escape(page.labels.evidence_link))}</p>"
    )
    return page.block(admonition("info", page.labels.evidence_box_title, body))


def evidence_legend(page: PageContext):
    """The table of evidence labels and what each means."""
    grades = page.data.site.evidence
    rows = [[badge("evidence", grade, grades[grade].label), page.text(grades[grade].explanation)]
            for grade in EVIDENCE_ORDER]
    return page.block(table(map(escape, page.labels.tables.legend), rows))


MACROS = [evidence_badge, treatment_table, treatments_for, causes_for, cautions, evidence_summary, evidence_legend]
