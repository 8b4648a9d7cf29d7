"""Checks no page can skip: its front matter before it renders, and the built page after."""
from __future__ import annotations

import re

from pydantic import ValidationError

from .content.models import FrontMatter, error_lines

EXEMPT_FROM_SOURCES = ("about/",)  # about pages describe the site, not the evidence: they may list none


def front_matter_problems(src_path, meta, source_keys):
    """One line per problem: 'docs/x.md: field 'title': what is wrong'."""
    where = f"docs/{src_path}"
    if not meta:
        return [f"{where}: front matter: missing or not valid YAML (title, description, reviewed, "
                f"next_review and sources are required)"]
    problems = []
    try:
        fm = FrontMatter.model_validate(meta)
    except ValidationError as exc:
        return [f"{where}: field '{field}': {msg}" for field, msg in error_lines(exc)]
    if not fm.sources and not src_path.startswith(EXEMPT_FROM_SOURCES):
        problems.append(f"{where}: field 'sources': must list at least one source key (only about/ pages may be empty)")
    for key in fm.sources:
        if key not in source_keys:
            problems.append(f"{where}: field 'sources': unknown source key '{key}' (not in data/sources.yml)")
    return problems


def built_page_problem(src_path, output, disclaimer):
    """What a built page lacks that every page must carry (the disclaimer, a link to urgent help), or None."""
    if disclaimer not in output:
        return f"docs/{src_path}: the built page has no disclaimer (check overrides/)"
    if 'class="urgent-help"' not in output:
        return f"docs/{src_path}: the built page has no link to urgent help (check overrides/)"
    return None


SAME_PAGE_LINK = re.compile(r'href="#([^"]+)"')
ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


def missing_anchor_problem(src_path, content):
    """Links within a page to an anchor the page lacks (MkDocs checks Markdown links; this also covers
    the HTML that macros write, such as the steps of "What should I do now?"), or None."""
    ids = set(ELEMENT_ID.findall(content))
    missing = sorted({a for a in SAME_PAGE_LINK.findall(content) if a not in ids})
    if missing:
        return f"docs/{src_path}: link(s) to {', '.join('#' + a for a in missing)}, not on the page"
    return None
