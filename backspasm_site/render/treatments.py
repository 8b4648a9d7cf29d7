"""Treatment macros: evidence badges and boxes, the comparison table, cautions, causes and treatments lists."""

from __future__ import annotations

import html
import typing

from ..content.evidence import rule_steps
from ..content.models import Evidence
from ..content.words import did_you_mean
from .citations import cite, cites, sourced
from .html import admonition, badge, bullet_list, escape, table
from .page import MacroError, PageContext

# best first: the order of the Evidence literal in content/models.py
EVIDENCE_ORDER = list(typing.get_args(Evidence))


def evidence_badge(page: PageContext, tid, cause=None):
    """A treatment's evidence label, in words (for one cause, if that cause has its own positions)."""
    grade = page.treatment(tid).label_for(cause)
    return badge("evidence", grade, page.data.site.evidence[grade].label)


def _sorted(treatments, cause=None):
    return sorted(treatments, key=lambda t: (EVIDENCE_ORDER.index(t.label_for(cause)), t.name.lower()))


def _cause_note(page: PageContext, t, cause):
    """A cause's own note on a treatment, cited to that cause's positions and sources."""
    pc = next((pc for pc in t.per_cause if pc.cause == cause), None)
    if pc is None:
        return ""
    keys = [p.source for p in pc.positions if p.says != "not-covered"] + list(pc.sources)
    said = {**{p.source: p.excerpt for p in pc.positions if p.excerpt}, **pc.excerpts}
    return f' <span class="per-cause-note">{page.text(pc.note)}{cites(page, keys, said)}</span>'


def caution(page: PageContext, c) -> str:
    """A caution with its own citation numbers next to it."""
    return f"{page.text(c.text)}{sourced(page, c)}"


def _who(page: PageContext, key):
    """Who a position comes from, in plain words (data/site.yml labels.position_sources)."""
    who = page.labels.position_sources
    if key.startswith(("NICE", "AOMRC")):
        return who["uk"]
    if key.startswith("ACP"):
        return who["us"]
    return who["review"] if page.data.sources[key].type == "review" else who["study"]


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
        [
            page.link(t.page, page.text(t.name)),
            page.text(t.summary) + _cause_note(page, t, cause),
            evidence_badge(page, t.id, cause),
            " ".join(caution(page, c) for c in t.cautions),
            cites(page, t.sources),
        ]
        for t in _sorted(rows, cause)
    ]
    return page.block(
        f'<div class="treatment-table" data-search-exclude>\n'
        f"{table(map(escape, page.labels.tables.treatments), cells)}\n</div>"
    )


def treatments_for(page: PageContext, cause):
    """A list of the treatments used for one cause, with their evidence labels."""
    page.cause(cause)
    items = _sorted(page.data.treatments_by_cause[cause], cause)
    return page.block(
        bullet_list(
            f"{page.link(t.page, page.text(t.name))}: {evidence_badge(page, t.id, cause)} {page.text(t.summary)}"
            f"{_cause_note(page, t, cause)}"
            for t in items
        )
    )


def treatments_of_kind(page: PageContext, kind):
    """Every treatment of one kind (data/site.yml ``kinds``), best evidence first: its link, label, summary and sources."""
    if kind not in page.data.site.kinds:
        raise MacroError(f"unknown kind '{kind}'{did_you_mean(kind, page.data.site.kinds)}")
    items = _sorted(t for t in page.data.treatments.values() if t.kind == kind)
    if not items:
        raise MacroError(f"no treatment in data/treatments.yml has kind '{kind}'")
    return page.block(
        bullet_list(
            f"{page.link(t.page, page.text(t.name))} {evidence_badge(page, t.id)}: {page.text(t.summary)}"
            f"{cites(page, t.sources)}"
            for t in items
        )
    )


def causes_for(page: PageContext, tid):
    """A list of the causes a treatment is used for."""
    t = page.treatment(tid)
    if not t.helps_with:
        return escape(page.labels.no_single_cause) + "\n"
    causes = page.data.causes
    items = []
    for c in t.helps_with:
        link = page.link(causes[c].page, page.text(causes[c].name))
        if any(pc.cause == c for pc in t.per_cause):
            items.append(f"{link}: {evidence_badge(page, tid, c)}{_cause_note(page, t, c)}")
        else:
            items.append(link)  # the cause page says what it is, with its sources
    return page.block(bullet_list(items))


def cautions(page: PageContext, tid):
    """A treatment's cautions, as a list."""
    return page.block(bullet_list(caution(page, c) for c in page.treatment(tid).cautions))


def evidence_summary(page: PageContext, tid):
    """The "What the evidence says" box: the label, what it means, the note and its sources."""
    t = page.treatment(tid)
    label = page.data.site.evidence[t.evidence]
    means = escape(page.labels.evidence_means).format(label=f"<strong>{html.escape(label.label)}</strong>")
    labels = page.labels
    what = "; ".join(
        f"{_who(page, p.source)} {labels.says[p.says]}{cite(page, p.source, p.excerpt)}" for p in t.positions
    )
    per_cause = "".join(
        f"<p>{escape(labels.for_cause.format(cause=page.data.causes[pc.cause].name.lower()))} "
        f"{evidence_badge(page, tid, pc.cause)}{_cause_note(page, t, pc.cause)}</p>\n"
        for pc in t.per_cause
    )
    body = (
        f"<p>{evidence_badge(page, tid)} {means} "
        f"{page.text(label.explanation)}</p>\n"
        f"<p>{page.text(t.evidence_note)}{cites(page, t.sources)}</p>\n"
        f'<p class="positions">{escape(labels.positions_intro)} {what}.</p>\n'
        f"{per_cause}"
        f"<p>{page.link('treatments/index.md#evidence-labels', html.escape(page.labels.evidence_link))}</p>"
    )
    return page.block(admonition("info", page.labels.evidence_box_title, body))


def evidence_legend(page: PageContext):
    """The table of evidence labels and what each means."""
    grades = page.data.site.evidence
    rows = [
        [badge("evidence", grade, grades[grade].label), page.text(grades[grade].explanation)]
        for grade in EVIDENCE_ORDER
    ]
    steps = "\n".join(
        f"<li>{page.text(words)} {escape(page.labels.rule_label)} {badge('evidence', label, grades[label].label)}</li>"
        for label, words in rule_steps()
    )
    return page.block(
        table(map(escape, page.labels.tables.legend), rows) + f"\n<p>{page.text(page.labels.rule_intro)}</p>\n"
        f'<ol class="evidence-rule">\n{steps}\n</ol>'
    )


MACROS = [
    evidence_badge,
    treatment_table,
    treatments_for,
    treatments_of_kind,
    causes_for,
    cautions,
    evidence_summary,
    evidence_legend,
]
