"""The topic pages' macros (long-term pain, work and driving, coping, older adults, questions for
your doctor) and the scope sentence, from data/support.yml, data/questions.yml and site.yml ``scope``.

- ``crisis_box``: the urgent route for the top of a page (emergency numbers, then the crisis lines);
- ``support_list`` / ``support_line``: phone lines and services, as a list or inline;
- ``fact``: a value shown on more than one page ("12 weeks"), with its source;
- ``signs``: symptoms from data/symptoms.yml with their urgency, so a triage change reaches every page;
- ``scope``: who the guide is for and what a parent should do;
- ``questions_checklist``: one group of the appointment checklist, with tick boxes.
"""

from __future__ import annotations

import html
import typing

from ..content.models import Urgency
from ..paths import HELP_PAGE
from .citations import cite, cites
from .html import admonition, bullet_list
from .page import MacroError, PageContext
from .phones import tel
from .symptoms import emergency_numbers, urgency_badge

URGENCY_ORDER = list(typing.get_args(Urgency))  # most urgent first
CHECKBOX = '<span class="checkbox" aria-hidden="true">☐</span> '


def _line(page: PageContext, ident):
    for line in page.data.support.lines:
        if line.id == ident:
            return line
    known = ", ".join(line.id for line in page.data.support.lines)
    raise MacroError(f"unknown support line '{ident}' (known: {known})")


def _line_html(page: PageContext, line):
    number = f" <strong>{tel(line.number)}</strong>." if line.number else "."
    return (
        f"<strong>{page.text(line.where)}:</strong> {page.text(line.name)}{number} "
        f"{page.text(line.how)}{cites(page, line.sources)}"
    )


def support_line(page: PageContext, ident):
    """One line inline: "UK and Ireland: Samaritans 116 123. Free, day or night.[n]"."""
    return _line_html(page, _line(page, ident))


def support_list(page: PageContext, kind):
    """Every line of one kind ('crisis' or 'support') as a list."""
    lines = [line for line in page.data.support.lines if line.kind == kind]
    if not lines:
        raise MacroError(f"no support lines of kind '{kind}' (kinds: crisis, support)")
    return page.block(bullet_list(_line_html(page, line) for line in lines))


def crisis_box(page: PageContext):
    """The urgent route, for the top of a page: the emergency numbers, then the crisis lines."""
    support = page.data.support
    a = support.at_risk
    body = "\n".join(
        [
            f"<p><strong>{page.text(a.text)} {emergency_numbers(page)}</strong> "
            f"{page.text(a.then)}{cites(page, a.sources)}</p>",
            f"<p>{page.text(support.labels.talk_now)}</p>",
            bullet_list(_line_html(page, line) for line in support.lines if line.kind == "crisis"),
        ]
    )
    return page.block(admonition("danger crisis", support.labels.crisis_title, body))


def fact(page: PageContext, key) -> str:
    """A value typed once in data/support.yml ``facts`` ("12 weeks"), with its citation."""
    try:
        f = page.data.support.facts[key]
    except KeyError:
        raise MacroError(f"unknown fact '{key}' (known: {', '.join(page.data.support.facts)})") from None
    return f"{page.text(f.text)}{cites(page, f.sources)}"


def signs(page: PageContext, cited):
    """Symptoms, most urgent first, each with its urgency label from data and a source:
    ``signs({'cancer-history': 'AHCPR-94', …})``."""
    items = []
    for sid in cited:
        if sid not in page.data.symptoms:
            raise MacroError(f"unknown symptom id '{sid}'")
        items.append(page.data.symptoms[sid])
    items.sort(key=lambda s: URGENCY_ORDER.index(s.urgency))
    return page.block(
        bullet_list(
            f"{page.text(s.name)}. {page.link(HELP_PAGE + '#' + s.urgency, urgency_badge(page, s.urgency))}"
            f"{cite(page, cited[s.id])}"
            for s in items
        )
    )


def scope(page: PageContext):
    """Who the guide is for and what a parent should do, with the child symptom's urgency from data."""
    s = page.data.site.scope
    labels = page.data.support.labels
    level = page.data.symptoms[s.symptom].urgency
    u = page.data.site.urgency[level]
    link = page.link(f"{HELP_PAGE}#{level}", html.escape(u.label))
    signs_link = page.link(f"{HELP_PAGE}#emergency", html.escape(labels.scope_signs))
    then = labels.scope_emergency.format(signs="\0", numbers="\1")
    then = page.text(then).replace("\0", signs_link).replace("\1", emergency_numbers(page))
    return page.block(
        f'<p class="scope">{page.text(s.adults)} {page.text(s.children)}{cites(page, s.sources)} '
        f"{link}: {page.text(u.action)} {then}</p>"
    )


def questions_checklist(page: PageContext, group):
    """One group of the appointment checklist (data/questions.yml) as a list with tick boxes."""
    for g in page.data.questions.groups:
        if g.id == group:
            items = "\n".join(f"<li>{CHECKBOX}{page.text(q.text)}{cites(page, q.sources)}</li>" for q in g.items)
            return page.block(f'<ul class="checklist">\n{items}\n</ul>')
    known = ", ".join(g.id for g in page.data.questions.groups)
    raise MacroError(f"unknown question group '{group}' (known: {known})")


MACROS = [crisis_box, support_list, support_line, fact, signs, scope, questions_checklist]
