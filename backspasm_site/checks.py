"""Checks no page can skip: its front matter before it renders, and the built page after."""
from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlsplit

from pydantic import ValidationError

from .content.models import FrontMatter, error_lines
from .content.words import did_you_mean

EXEMPT_FROM_SOURCES = ("about/",)  # about pages describe the site, not the evidence: they may list none


def front_matter_problems(src_path, meta, source_keys, today=None):
    """One line per problem: 'docs/x.md: field 'title': what is wrong'."""
    where = f"docs/{src_path}"
    if not meta:
        return [f"{where}: front matter: missing or not valid YAML (title, description, reviewed, "
                f"next_review and sources are required)"]
    problems = []
    try:
        fm = FrontMatter.model_validate(meta)
    except ValidationError as exc:
        return [f"{where}: field '{field}': {msg}" for _, field, msg in error_lines(exc, FrontMatter)]
    if not fm.sources and not src_path.startswith(EXEMPT_FROM_SOURCES):
        problems.append(f"{where}: field 'sources': must list at least one source key (only about/ pages may be empty)")
    for key in fm.sources:
        if key not in source_keys:
            problems.append(f"{where}: field 'sources': unknown source key '{key}'"
                            f"{did_you_mean(key, source_keys) or ' (not in data/sources.yml)'}")
    today = today or dt.date.today()
    if fm.next_review < today:
        problems.append(f"{where}: field 'next_review': {fm.next_review} has passed (today is {today}); "
                        f"review the page, then set reviewed and next_review")
    return problems


HREF = re.compile(r"""<(?:a|area|link|form|iframe|img|script|source|audio|video|embed|object)\b[^>]*?"""
                  r"""\s(?:href|src|action|data|poster|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
                  re.IGNORECASE)
SAFE_SCHEMES = {"", "https", "mailto", "tel"}


def link_problem(url) -> str | None:
    """Why a link in a page is refused (http:, javascript:, a user name or password), or None."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        if scheme == "http":
            return "must use https:// (or be a link to another page of the site)"
        return f"{scheme}: links are not allowed (only https://, mailto:, tel: or a page of the site)"
    if parts.username or parts.password or (scheme == "https" and "@" in parts.netloc):
        return "must not carry a user name or password"
    return None


def link_problems(src_path, page_html, markdown_lines, offset):
    """One line per refused link in a page's HTML, at the line of the Markdown that has it."""
    problems = []
    for m in HREF.finditer(page_html):
        url = html.unescape(next(g for g in m.groups() if g is not None))
        problem = link_problem(url)
        if problem:
            line = next((i for i, text in enumerate(markdown_lines, start=1) if url in text), None)
            where = f"docs/{src_path}:{line + offset}" if line else f"docs/{src_path}"
            problems.append(f"{where}: link '{url}': {problem}")
    return problems


def size_problem(what, size, budget_kb, setting) -> str | None:
    """'<what> is N KB; the budget is M KB (...)' when ``size`` (bytes) is over ``budget_kb``, else None."""
    if budget_kb and size > budget_kb * 1000:
        return (f"{what} is {size / 1000:,.0f} KB; the budget is {budget_kb:,} KB "
                f"(backspasm: {setting} in mkdocs.yml): split the page or cut it down")
    return None


def built_page_problem(src_path, output, disclaimer) -> str | None:
    """What a built page lacks that every page must carry (the disclaimer, a link to urgent help), or None."""
    if disclaimer not in output:
        return f"docs/{src_path}: the built page has no disclaimer (check overrides/)"
    if 'class="urgent-help"' not in output:
        return f"docs/{src_path}: the built page has no link to urgent help (check overrides/)"
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
