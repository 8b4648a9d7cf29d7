""" "What should I do now?": warning signs from data, one step per urgency level, then pages that may help.

The guide is plain HTML: every answer is a link, to the next step's anchor, to an outcome on the
same page or to another page, so it works with no JavaScript, from file://, in a saved copy, with a
screen reader, on a keyboard and on paper. Nothing a reader picks is stored or sent.

- ``next_steps()``: the steps. First the emergency signs. Then, when data/site.yml has ``routes_first``,
  a step that asks who must go elsewhere (pregnancy, cancer, a child), followed by the step of each level
  those entries name (the maternity signs), in data order; then the other levels of ``STEPS`` that have
  signs, most urgent first. Each sign is in the step of its own level only; then "Which sounds most like
  you?" with the routes of data/next-steps.yml. A "yes" leads to the level's outcome.
- ``route_outcome(id)``: the outcome of a routes_first entry with its own action (``#outcome-<id>``).
- ``outcome(level)``: an outcome's heading (``#outcome-<level>``, in the table of contents) and what to
  do, from data/site.yml. The page's own Markdown follows with the advice and its citations.
- ``emergency_number_list()``: "999, 911 or 112", for headings and short sentences.
- ``page_exists(path)``: whether docs/<path> exists in this build, to link a page only when it does.
"""

from __future__ import annotations

import os

from ..content.models import STEP_LEVELS
from ..paths import front_matter
from .citations import sourced
from .html import attr, badge, escape
from .page import MacroError, PageContext
from .symptoms import _names, emergency_groups

STEPS = STEP_LEVELS  # most urgent first; self-care signs get no step: "none of these" is theirs
SELF_CARE = "self-care"


def outcome_id(level) -> str:
    return f"outcome-{level}"


def step_id(n) -> str:
    return f"step-{n}"


def order(data):
    """The step levels in the guide's order: emergency, then the levels that routes_first entries name (in
    data order), then the rest, most urgent first. The order comes from data/site.yml, not from here."""
    firsts = [r.level for r in data.site.routes_first if r.level]
    return [STEPS[0], *dict.fromkeys(firsts), *[lvl for lvl in STEPS[1:] if lvl not in firsts]]


def plan(data):
    """[(level, [its signs])] for each step level that has signs, in the guide's order (``order``)."""
    out = []
    for level in order(data):
        signs = [s for s in data.symptoms.values() if s.urgency == level]
        if signs:
            out.append((level, signs))
    return out


def emergency_number_list(page: PageContext):
    """The emergency numbers alone, from data/site.yml: '999, 911 or 112'."""
    nums = [n.number for n in page.data.site.emergency.numbers]
    return ", ".join(nums[:-1]) + (f" {page.labels.or_word} " if len(nums) > 1 else "") + nums[-1]


def outcome_title(page: PageContext, level):
    return page.labels.next_steps.outcomes[level].format(numbers=emergency_number_list(page))


def route_title(page: PageContext, target):
    """The title of the page a route leads to (its front matter), as the answer names it on screen and paper."""
    return front_matter(os.path.join(page.data.docs_dir, target.split("#")[0])).get("title", target)


def _answer(href, answer, place, labels):
    go = escape(labels.go_to.format(place=place))
    return (
        f'<li><a href="{attr(href)}"><strong>{escape(answer)}</strong> '
        f'<span class="next-step-goto">{go}</span></a></li>'
    )


def next_steps(page: PageContext):
    """Every step of the guide, in order.

    Each step is a ``<section>`` (md_in_html) whose heading is Markdown, so the steps are in the table of
    contents and "Skip to content" lands on step 1; its body is a block kept out of search (the help
    page carries the signs), as is the heading.
    """
    labels = page.labels.next_steps
    steps = plan(page.data)
    out = ['<div class="next-steps" data-next-steps markdown>', ""]
    sections = {}

    def step(n, title, body):
        sections[n] = (title, body)

    def emit(n, title, body):
        out.extend(
            [
                f'<section class="next-step" id="{step_id(n)}" tabindex="-1" aria-labelledby="{step_id(n)}-title" markdown>',
                "",
                f"## {labels.step.format(n=n, title=title)} {{ #{step_id(n)}-title data-search-exclude }}",
                "",
                page.block('<div class="next-step-body" data-search-exclude>\n' + "\n".join(body) + "\n</div>"),
                "",
                "</section>",
                "",
            ]
        )

    firsts = page.data.site.routes_first
    levels_first = {r.level for r in firsts if r.level}
    # step numbers: emergency 1, then the routes_first question, then the levels in plan order
    numbers, n = {}, 1
    for i, (level, _) in enumerate(steps):
        numbers[level] = n
        n += 1
        if i == 0 and firsts:
            n += 1  # the routes_first question
    first_n = 2 if firsts else None
    after_firsts = next((numbers[lvl] for lvl, _ in steps[1:] if lvl not in levels_first), n)

    def sign_step(level, signs, nxt):
        name = labels.step_name.format(n=nxt)
        step(
            numbers[level],
            labels.titles[level],
            [
                f"<p>{escape(labels.question)}</p>",
                '<ul class="next-step-signs">',
                *(f"<li>{page.text(s.name)}{sourced(page, s)}</li>" for s in signs),
                "</ul>",
                '<ul class="next-step-answers">',
                _answer("#" + outcome_id(level), labels.answer_yes, outcome_title(page, level), labels),
                _answer("#" + step_id(nxt), labels.answer_no, name[0].upper() + name[1:], labels),
                "</ul>",
            ],
        )

    for i, (level, signs) in enumerate(steps):
        sign_step(level, signs, numbers[level] + 1)
        if i == 0 and firsts:
            answers = []
            for r in firsts:
                if r.level:
                    to = labels.step_name.format(n=numbers[r.level]) if r.level in numbers else None
                    href = "#" + step_id(numbers[r.level]) if to else "#" + outcome_id(r.level)
                    place = to[0].upper() + to[1:] if to else outcome_title(page, r.level)
                else:
                    href, place = "#" + outcome_id(r.id), r.title
                answers.append(_answer(href, r.who, place, labels))
            none = labels.step_name.format(n=after_firsts)
            step(
                first_n,
                labels.first_title,
                [
                    f"<p>{escape(labels.first_question)}</p>",
                    '<ul class="next-step-answers next-step-first">',
                    *answers,
                    _answer("#" + step_id(after_firsts), labels.first_none, none[0].upper() + none[1:], labels),
                    "</ul>",
                ],
            )
    n_routes = n
    routes = [
        _answer(page.href(r.page), r.text, route_title(page, r.page), labels) for r in page.data.next_steps.values()
    ]
    step(
        n_routes,
        labels.routes_title,
        [
            f"<p>{escape(labels.routes_intro)}</p>",
            '<ul class="next-step-answers next-step-routes">',
            *routes,
            _answer("#" + outcome_id(SELF_CARE), labels.routes_none, outcome_title(page, SELF_CARE), labels),
            "</ul>",
        ],
    )
    for k in sorted(sections):
        emit(k, *sections[k])
    out.append("</div>")
    return "\n".join(out) + "\n"


def outcome(page: PageContext, level) -> str:
    """An outcome's heading and what to do, cited with the level's sources (data/site.yml ``urgency``).

    Markdown: the page's own advice follows it."""
    if level not in page.data.site.urgency:
        raise MacroError(f"unknown urgency '{level}' (known: {', '.join(page.data.site.urgency)})")
    u = page.data.site.urgency[level]
    head = f'## {outcome_title(page, level)} {{ #{outcome_id(level)} tabindex="-1" }}\n\n'
    if level == "emergency":  # what to do differs by sign: one line per group (data/site.yml emergency.actions)
        lines = "".join(
            f"<li>{_names(page, [s for s in signs if s.summary] or signs, capital=True)}: "
            f"{page.text(a.action)}{sourced(page, a)}</li>"
            for a, signs in emergency_groups(page)
        )
        return (
            head + f'<p class="next-steps-action">{badge("urgency", level, u.label)}</p>\n'
            f'<ul class="next-steps-actions">{lines}</ul>\n'
        )
    return (
        head + f'<p class="next-steps-action">{badge("urgency", level, u.label)} '
        f"{page.text(u.action)}{sourced(page, u)}</p>\n"
    )


def route_outcome(page: PageContext, rid):
    """The outcome of a routes_first entry that has its own action (data/site.yml), e.g. people with cancer:
    its heading (``#outcome-<id>``), what to do, cited, and where to read more. The page's own Markdown follows."""
    r = next((r for r in page.data.site.routes_first if r.id == rid and r.action), None)
    if r is None:
        known = [r.id for r in page.data.site.routes_first if r.action]
        raise MacroError(f"unknown routes_first entry '{rid}' (known: {', '.join(known)})")
    return (
        f'## {r.title} {{ #{outcome_id(r.id)} tabindex="-1" }}\n\n'
        f'<p class="next-steps-action">{page.text(r.action)}{sourced(page, r)} '
        f"{page.link(r.page, escape(route_title(page, r.page)))}</p>\n"
    )


def page_exists(page: PageContext, path):
    """True when docs/<path> is part of this build (for a link to a page another change may add)."""
    return os.path.isfile(os.path.join(page.data.docs_dir, path))


MACROS = [next_steps, outcome, route_outcome, emergency_number_list, page_exists]
