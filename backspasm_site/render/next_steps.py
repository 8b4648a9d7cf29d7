""" "What should I do now?": warning signs from data, one step per urgency level, then pages that may help.

The guide is plain HTML: every answer is a link, to the next step's anchor, to an outcome on the
same page or to another page, so it works with no JavaScript, from file://, in a saved copy, with a
screen reader, on a keyboard and on paper. Nothing a reader picks is stored or sent.

- ``next_steps()``: the steps. A step for each urgency level in ``STEPS`` that has at least one sign in
  data/symptoms.yml (most urgent first), each sign in the step of its own level only; then "Which
  sounds most like you?" with the routes of data/next-steps.yml. A "yes" leads to the level's outcome.
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

STEPS = STEP_LEVELS  # most urgent first; self-care signs get no step: "none of these" is theirs
SELF_CARE = "self-care"


def outcome_id(level) -> str:
    return f"outcome-{level}"


def step_id(n) -> str:
    return f"step-{n}"


def plan(data):
    """[(level, [its signs])] for each step level that has signs, most urgent first."""
    out = []
    for level in STEPS:
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

    def step(n, title, body):
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

    for n, (level, signs) in enumerate(steps, start=1):
        nxt = labels.step_name.format(n=n + 1)
        step(
            n,
            labels.titles[level],
            [
                f"<p>{escape(labels.question)}</p>",
                '<ul class="next-step-signs">',
                *(f"<li>{page.text(s.name)}{sourced(page, s)}</li>" for s in signs),
                "</ul>",
                '<ul class="next-step-answers">',
                _answer("#" + outcome_id(level), labels.answer_yes, outcome_title(page, level), labels),
                _answer("#" + step_id(n + 1), labels.answer_no, nxt[0].upper() + nxt[1:], labels),
                "</ul>",
            ],
        )
    routes = [
        _answer(page.href(r.page), r.text, route_title(page, r.page), labels) for r in page.data.next_steps.values()
    ]
    step(
        len(steps) + 1,
        labels.routes_title,
        [
            f"<p>{escape(labels.routes_intro)}</p>",
            '<ul class="next-step-answers next-step-routes">',
            *routes,
            _answer("#" + outcome_id(SELF_CARE), labels.routes_none, outcome_title(page, SELF_CARE), labels),
            "</ul>",
        ],
    )
    out.append("</div>")
    return "\n".join(out) + "\n"


def outcome(page: PageContext, level) -> str:
    """An outcome's heading and what to do, cited with the level's sources (data/site.yml ``urgency``).

    Markdown: the page's own advice follows it."""
    if level not in page.data.site.urgency:
        raise MacroError(f"unknown urgency '{level}' (known: {', '.join(page.data.site.urgency)})")
    u = page.data.site.urgency[level]
    return (
        f'## {outcome_title(page, level)} {{ #{outcome_id(level)} tabindex="-1" }}\n\n'
        f'<p class="next-steps-action">{badge("urgency", level, u.label)} '
        f"{page.text(u.action)}{sourced(page, u)}</p>\n"
    )


def page_exists(page: PageContext, path):
    """True when docs/<path> is part of this build (for a link to a page another change may add)."""
    return os.path.isfile(os.path.join(page.data.docs_dir, path))


MACROS = [next_steps, outcome, emergency_number_list, page_exists]
