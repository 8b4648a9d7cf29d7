"""Foundation: the strict build, its failure messages, and zero external resources."""

from __future__ import annotations

import os
import re

import pytest
from helpers.build import mkdocs_build


def test_strict_build_outputs(site_dir):
    for rel in ("index.html", "sitemap.xml", "search/search_index.json", "404.html", "robots.txt"):
        assert os.path.isfile(os.path.join(site_dir, rel)), rel


def _set_front_matter(project, rel, old, new):
    path = os.path.join(project, "docs", rel)
    text = open(path, encoding="utf-8").read()
    assert old in text, f"{old!r} not in {rel}"
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def _replace_front_matter(project, rel, front):
    path = os.path.join(project, "docs", rel)
    text = open(path, encoding="utf-8").read()
    body = text.split("---", 2)[2]
    open(path, "w", encoding="utf-8").write(f"---\n{front}\n---{body}")


GOOD = {
    "title": "title: Heat",
    "description": "description: Using heat safely.",
    "reviewed": "reviewed: 2026-11-25",
    "next_review": "next_review: 2027-11-25",
    "sources": "sources: [NHS-BP]",
}


def _front(**changes):
    fields = dict(GOOD, **changes)
    return "\n".join(v for v in fields.values() if v)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": None}, "title", "is missing"),
        ({"description": None}, "description", "is missing"),
        ({"description": "description: " + "x" * 161}, "description", "at most 160"),
        ({"reviewed": "reviewed: 25/11/2026"}, "reviewed", "ISO date"),
        ({"next_review": "next_review: 2026-11-01"}, "next_review", "must be after reviewed"),
        ({"sources": None}, "sources", "is missing"),
        ({"sources": "sources: []"}, "sources", "at least one source"),
        ({"sources": "sources: [NO-SUCH-SOURCE]"}, "sources", "unknown source key 'NO-SUCH-SOURCE'"),
        ({"title": "title: Heat\nreveiwed: 2026-11-25"}, "reveiwed", "is not a field here (did you mean 'reviewed'?)"),
    ],
)
def test_bad_front_matter_stops_the_build(project, changes, field, message):
    _replace_front_matter(project, "treatments/heat.md", _front(**changes))
    result = mkdocs_build(project)
    assert result.returncode != 0, result.stdout
    line = next((l for l in result.stdout.splitlines() if "docs/treatments/heat.md" in l and f"'{field}'" in l), None)
    assert line, result.stdout
    assert message in line, line


def test_invalid_yaml_front_matter_is_reported_not_swallowed(project):
    # MkDocs silently drops front matter that is not valid YAML (here: month 13).
    _replace_front_matter(project, "treatments/cold.md", _front(reviewed="reviewed: 2026-13-01"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(
        r"docs/treatments/cold\.md:\d+: front matter: not valid YAML: '2026-13-01' is not a real date", result.stdout
    ), result.stdout


def _append_and_build(project, text, rel="treatments/massage.md"):
    """Append Markdown to one page of a project copy, then build it strictly."""
    with open(os.path.join(project, "docs", rel), "a", encoding="utf-8") as fh:
        fh.write(text)
    return mkdocs_build(project)


@pytest.mark.parametrize(
    "call, message",
    [
        ("{{ no_such_macro('x') }}", "no_such_macro"),
        ("{{ cautions('no-such-treatment') }}", "unknown treatment id 'no-such-treatment'"),
        ("{{ treatment_table(cause='no-such-cause') }}", "unknown cause id 'no-such-cause'"),
    ],
)
def test_macro_errors_stop_the_build_naming_the_page(project, call, message):
    result = _append_and_build(project, f"\n{call}\n")
    assert result.returncode != 0
    assert "treatments/massage.md" in result.stdout
    assert message in result.stdout


def test_block_macro_inside_a_paragraph_stops_the_build(project):
    """A table macro glued to a line of text cannot be placed: say where and how to fix it."""
    result = _append_and_build(project, "\nSome words right before the table\n{{ cautions('massage') }}\n")
    assert result.returncode != 0
    assert re.search(
        r"docs/treatments/massage\.md:\d+: cautions\(\) makes a table, list or box, which must be on a "
        r"line of its own",
        result.stdout,
    ), result.stdout
    assert not os.path.exists(os.path.join(project, "site", "treatments", "massage", "index.html"))


EXTERNAL_RESOURCE = [
    re.compile(r"<(?:link)\b[^>]*\bhref=[\"']?(https?:)?//", re.I),
    re.compile(r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=[\"']?(https?:)?//", re.I),
    re.compile(r"@import\s+(url\()?[\"']?(https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(https?:)?//", re.I),
]
ALLOWED_LINK = re.compile(r"<link\b[^>]*rel=[\"']?canonical", re.I)


def _resource_hits(text):
    hits = []
    for pattern in EXTERNAL_RESOURCE:
        for m in pattern.finditer(text):
            start = text.rfind("<", 0, m.start() + 1)
            tag = text[start : text.find(">", m.end()) + 1]
            if not ALLOWED_LINK.search(tag):
                hits.append(tag[:160])
    return hits


def test_no_external_resources_in_built_files(site_dir):
    offenders = {}
    for folder, _, files in os.walk(site_dir):
        for name in files:
            if name.endswith((".html", ".css")):
                path = os.path.join(folder, name)
                hits = _resource_hits(open(path, encoding="utf-8").read())
                if hits:
                    offenders[os.path.relpath(path, site_dir)] = hits
    assert not offenders, offenders


def test_external_resource_detector_works():
    assert _resource_hits('<img src="https://cdn.example/x.png">')
    assert _resource_hits('<link rel="stylesheet" href="//fonts.example/css">')
    assert _resource_hits("body{background:url('https://x/y.png')}")
    assert not _resource_hits('<a href="https://www.nhs.uk/">NHS</a>')
    assert not _resource_hits('<link rel="canonical" href="https://site.example/">')


def test_privacy_audit_fails_build_on_external_asset(project):
    result = _append_and_build(project, '\n<img src="https://cdn.example.org/picture.png" alt="x">\n')
    assert result.returncode != 0
    assert "cdn.example.org" in result.stdout
