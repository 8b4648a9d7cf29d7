"""Checks no page can skip: its front matter before it renders, and the built page after."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from .content.models import FrontMatter, error_lines
from .content.words import did_you_mean
from .content.yaml_loader import line_of
from .paths import HELP_PAGE, NEXT_STEPS_PAGE

# about pages describe the site, not the evidence: they may list none; the booklet holds every page's own
EXEMPT_FROM_SOURCES = ("about/", "booklet.md")


# pages that readers in trouble must always find: in nav, and in search
SAFETY_PAGES = (HELP_PAGE, NEXT_STEPS_PAGE)


def front_matter_problems(src_path, meta, source_keys, today=None):
    """One line per problem: 'docs/x.md:LINE: field 'title': what is wrong' (the line when ``meta`` was
    read by ``read_front_matter``)."""
    where = f"docs/{src_path}"
    if not meta:
        return [
            f"{where}:1: front matter: missing (a first line '---', then title, description, reviewed, "
            f"next_review and sources, then '---')"
        ]
    problems = []

    def at(loc):
        line = line_of(meta, loc)
        return f"{where}:{line}" if line else where

    try:
        fm = FrontMatter.model_validate(meta)
    except ValidationError as exc:
        return [f"{at(loc)}: field '{field}': {msg}" for loc, field, msg in error_lines(exc, FrontMatter)]
    if src_path in SAFETY_PAGES and fm.search and fm.search.exclude:
        problems.append(
            f"{at(('search', 'exclude'))}: field 'search.exclude': this page must always be found by "
            f"search (readers in trouble look for it); remove it"
        )
    at_sources = at(("sources",))
    if not fm.sources and not src_path.startswith(EXEMPT_FROM_SOURCES):
        problems.append(
            f"{at_sources}: field 'sources': must list at least one source key (only about/ pages may be empty)"
        )
    for key in fm.sources:
        if key not in source_keys:
            problems.append(
                f"{at_sources}: field 'sources': unknown source key '{key}'"
                f"{did_you_mean(key, source_keys) or ' (not in data/sources.yml)'}"
            )
    today = today or dt.date.today()
    if fm.next_review < today:
        problems.append(
            f"{at(('next_review',))}: field 'next_review': {fm.next_review} has passed (today is {today}); "
            f"review the page, then set reviewed and next_review"
        )
    return problems


def size_problem(what, size, budget_kb, setting) -> str | None:
    """'<what> is N KB; the budget is M KB (...)' when ``size`` (bytes) is over ``budget_kb``, else None."""
    if budget_kb and size > budget_kb * 1000:
        return (
            f"{what} is {size / 1000:,.0f} KB; the budget is {budget_kb:,} KB "
            f"(backspasm: {setting} in mkdocs.yml): split the page or cut it down"
        )
    return None


# the template that writes what every page must carry (the build checks each built page for it)
EVERY_PAGE_TEMPLATE = "overrides/partials/content.html"


def built_page_problem(src_path, output, disclaimer) -> str | None:
    """What a built page lacks that every page must carry (the disclaimer, a link to urgent help), or None.
    The template that writes them is named first: a page cannot leave them out, the template can."""
    for lacks, present in (
        ("the disclaimer", disclaimer in output),
        ("the link to urgent help", 'class="urgent-help"' in output),
    ):
        if not present:
            return (
                f"{EVERY_PAGE_TEMPLATE}: every page must show {lacks}, and docs/{src_path} was built without it; "
                "put it back in this template"
            )
    return None


SAME_PAGE_LINK = re.compile(r'href="#([^"]+)"')
ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


def missing_anchor_problem(src_path, content) -> str | None:
    """Links within a page to an anchor the page lacks (MkDocs checks Markdown links; this also covers
    the HTML that macros write, such as the steps of "What should I do now?"), or None."""
    ids = set(ELEMENT_ID.findall(content))
    missing = sorted({a for a in SAME_PAGE_LINK.findall(content) if a not in ids})
    if missing:
        return f"docs/{src_path}: link(s) to {', '.join('#' + a for a in missing)}, not on the page"
    return None


# addresses and words that stand in for a real value: reserved example domains, "you@", "TODO"
PLACEHOLDER = re.compile(
    r"(^|[@./])example(\.(org|com|net))?(/|$|\.)|\bexample\.(org|com|net)\b|\byou@|\bTODO\b"
    r"|\byour\.domain\b|\bchangeme\b",
    re.I,
)


def placeholder_problem(values):
    """For a build with a public address: the first value that is a placeholder, as one line saying what
    to set; ``values`` is [(value, what to set)]. None when every value is real."""
    for value, setting in values:
        if value and PLACEHOLDER.search(value):
            return (
                f"a public build (SITE_URL is set) cannot use the placeholder {value!r}: set {setting} "
                "to the real value"
            )
    return None


# a problem line: the file, its line when known, what is wrong
PROBLEM_AT = re.compile(r"^((?:docs|data)/[^\s:]+)(?::(\d+))?: (.*)$", re.S)


def one_line_per_file(problems: list[str]) -> list[str]:
    """The problems, one line per file, in the order found: a fault repeated on several lines is one line
    ('docs/x.md:3: m (also lines 9, 12)'); different faults of one file are joined ('…; also line 9: …').
    A line that names no file stays as it is; the same line twice is shown once."""
    groups: dict[str, list[tuple[str | None, str]]] = {}
    for problem in dict.fromkeys(problems):
        m = PROBLEM_AT.match(problem)
        if m:
            groups.setdefault(m.group(1), []).append((m.group(2), m.group(3)))
        else:
            groups.setdefault(problem, []).append((None, ""))
    out = []
    for file, items in groups.items():
        if not items[0][1]:  # names no file
            out.append(file)
            continue
        (line, message), rest = items[0], items[1:]
        head = f"{file}:{line}" if line else file
        if rest and all(m == message for _, m in rest):
            lines = [ln for ln, _ in rest if ln]
            also = f" (also line{'s' if len(lines) > 1 else ''} {', '.join(lines)})" if lines else ""
            out.append(f"{head}: {message}{also}")
        else:
            parts = [message.rstrip(".")] + [f"also{f' line {ln}' if ln else ''}: {m.rstrip('.')}" for ln, m in rest]
            out.append(f"{head}: " + "; ".join(parts))
    return out
