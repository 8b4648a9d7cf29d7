"""Hostile input never ships: one test per kind of mechanism (the kinds, not the cases).

Most run the mechanism directly (the sandbox, the page-HTML checker, the models, the YAML reader);
a few real builds show that the build refuses with one line naming the place.
"""

from __future__ import annotations

import os
import re
import time

import jinja2
import pytest
from helpers.build import mkdocs_build
from jinja2.sandbox import SecurityError
from pydantic import ValidationError

from backspasm_site import html_check, macro_errors
from backspasm_site.content.models import FrontMatter, GlossaryTerm, Source, Treatment, error_lines
from backspasm_site.content.yaml_loader import YamlProblem, read_front_matter, read_yaml_text
from backspasm_site.paths import built_pages
from backspasm_site.project_files import irregular_files, nav_problems
from backspasm_site.render.html import as_typed, escape


def edit(project, rel, old, new):
    path = os.path.join(project, rel)
    text = open(path, encoding="utf-8").read()
    assert old in text, (rel, old)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))


def problems_in(result):
    return [
        l
        for l in result.stdout.splitlines()
        if l.startswith("ERROR") and "see the lines above" not in l and "Aborted" not in l
    ]


# ----- 1. macros run in Jinja's sandbox, with only the site's macros --------------------------------
ATTACKS = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ range.__self__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ cite.__globals__['__builtins__'] }}",
    "{{ config.docs_dir }}",
    "{{ macros_info() }}",
    "{{ environment }}",
    "{% include '/etc/passwd' %}",
    "{% import 'main.html' as m %}",
]


def _sandbox():
    def cite(key):
        return f"[{key}]"

    template = type("T", (macro_errors.ReportingTemplate,), {"report": staticmethod(lambda exc, line: (exc, line))})
    return macro_errors.sandboxed(jinja2.Environment(undefined=jinja2.StrictUndefined), {"cite": cite}, template)


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_reach_outside_the_macros_is_one_line_before_anything_runs(attack):
    env = _sandbox()
    page = f"Line one.\n\nSome text {attack} more.\n"
    problems = macro_errors.template_problems(env, page, env.globals, env.globals)
    assert len(problems) == 1 and problems[0][0] == 3, problems


def test_the_sandbox_stops_what_the_static_check_might_miss():
    env = _sandbox()
    # through a filter, where no attribute is written in the page
    exc, _ = env.from_string("{{ ('' | attr('__class__')) }}").render()
    assert isinstance(exc, (SecurityError, jinja2.UndefinedError)), exc
    exc, _ = env.from_string("{{ cite.__globals__ }}").render()
    assert isinstance(exc, (SecurityError, jinja2.UndefinedError)), exc
    assert env.from_string("{{ cite('NHS-BP') }}").render() == "[NHS-BP]"  # our own macros still work
    assert set(env.globals) == {"cite"}


# ----- 2. page HTML through a parser and an allow-list ---------------------------------------------
HOSTILE_HTML = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<p onclick="x()">a</p>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="jav&#x09;ascript&#58;alert(1)">a</a>',
    '<a href=" JAVASCRIPT:alert(1)">a</a>',
    '<a title="x" href="data:text/html;base64,PHNjcmlwdD4=">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<svg><a xlink:href="javascript:alert(1)">a</a></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<embed src="x.swf">',
    '<object data="x"></object>',
    '<frame src="x">',
    '<form action="https://evil.example/"><button formaction="https://evil.example/">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<p style="background-image:url(https://evil.example/)">a</p>',
    "<style>@import url(https://evil.example/x.css);</style>",
    '<video src="https://evil.example/v.mp4"></video>',
    '<a href="http://example.com/">a</a>',
    '<div data-x="javascript:alert(1)">a</div>',
    '<p title=">" onmouseover="alert(1)">a</p>',
]


@pytest.mark.parametrize("snippet", HOSTILE_HTML)
def test_hostile_page_html_is_refused_at_its_line(snippet):
    lines = ["# Title", "", "Some words.", "", snippet, ""]
    problems, _ = html_check.content_problems("x.md", "<p>Some words.</p>\n" + snippet, lines, offset=6)
    assert len(problems) == 1, problems
    assert problems[0].startswith("docs/x.md:11: "), problems


def test_the_built_site_passes_the_second_net(site_dir, offline_site_dir):
    """Nothing legitimate is refused: the whole site as built today, theme included (each page's own HTML
    passed the allow-list during the build, or the build would have stopped)."""
    assert html_check.site_problems(site_dir) == []
    assert html_check.site_problems(offline_site_dir) == []
    assert len(built_pages(site_dir)) > 40


def test_the_second_net_catches_what_the_theme_could_ship(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><meta http-equiv="Refresh" content="0;url=https://x.example/">'
        '</head><body onload="x()"><iframe src="https://x.example/"></iframe>'
        '<script src="https://cdn.example/x.js"></script></body></html>'
    )
    (tmp_path / "leak.txt").symlink_to("/etc/hostname")
    found = html_check.site_problems(str(tmp_path))
    assert len(found) == 5 and all(l.startswith(("index.html: ", "leak.txt: ")) for l in found), found


# ----- 3. text is only text -----------------------------------------------------------------------
def _treatment(**changes):
    entry = {
        "id": "heat",
        "name": "Heat",
        "kind": "self-care",
        "summary": "Warmth.",
        "evidence_note": "Note.",
        "positions": [{"source": "NICE-NG59", "says": "recommend"}],
        "sources": ["NICE-NG59"],
        "cautions": [{"text": "Careful.", "sources": ["NHS-BP"]}],
        "page": "treatments/heat.md",
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("name", "Heat\n!!! danger", "line break"),
        ("name", "Heat \u202eevil", "U+202E"),
        ("name", "He\u200bat", "U+200B"),
        ("name", "Heat\x07", "U+0007"),
        ("name", "H" * 300, "at most 200"),
        ("also_called", ["warmth", ""], "item 2 is empty"),
        ("id", "h\u0435at", "pattern"),  # a Cyrillic e
        ("name", True, "put the text in quotes"),
    ],
)
def test_a_text_field_refuses_what_is_not_text(field, value, says):
    with pytest.raises(ValidationError) as info:
        Treatment.model_validate(_treatment(**{field: value}))
    lines = [f"{f}: {m}" for _, f, m in error_lines(info.value, Treatment)]
    assert len(lines) == 1 and lines[0].startswith(field) and says in lines[0], lines


def test_a_glossary_definition_cannot_become_a_box():
    with pytest.raises(ValidationError, match="line break"):
        GlossaryTerm.model_validate({"term": "TENS", "definition": 'A machine.\n\n!!! danger "Call 0900 123"'})


@pytest.mark.parametrize("url, says", [("https://nh\u0455.uk/x", "ASCII"), ("https://xn--nhs-k0a.uk/", "ASCII")])
def test_a_source_host_is_plain_ascii(url, says):
    with pytest.raises(ValidationError, match=says):
        Source.model_validate(
            {
                "key": "X",
                "title": "T",
                "publisher": "P",
                "year": 2020,
                "checked": "2026",
                "url": url,
                "type": "guideline",
            }
        )


def test_a_source_year_is_not_in_the_future():
    with pytest.raises(ValidationError, match="in the future"):
        Source.model_validate(
            {"key": "X", "title": "T", "publisher": "P", "year": 2099, "checked": "2026", "type": "guideline"}
        )


def test_markdown_in_data_text_is_shown_as_typed():
    typed = "*not bold* _nor this_ [a](b) `code` | cell {: .x}"
    assert "*" not in escape(typed) and "[" not in escape(typed) and "`" not in escape(typed)
    assert as_typed(escape(typed)) == typed  # blocks, which skip Markdown, get the characters back


# ----- 4. only regular files inside the project -------------------------------------------------
def test_a_symlink_anywhere_in_the_sources_is_one_line(tmp_path):
    for part in ("docs", "data", "overrides"):
        (tmp_path / part).mkdir()
    (tmp_path / "docs" / "hostname.md").symlink_to("/etc/hostname")
    (tmp_path / "data" / "loop").symlink_to(".")
    found = irregular_files(str(tmp_path), ("docs", "data", "overrides"))
    assert [l.split(":")[0] for l in found] == ["docs/hostname.md", "data/loop"]
    assert all("symbolic link" in l for l in found)


def test_a_symlinked_page_stops_the_build(project):
    os.symlink("/etc/hostname", os.path.join(project, "docs", "hostname.md"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert problems_in(result) == [
        re.search(r"^ERROR.*docs/hostname\.md: is a symbolic link.*$", result.stdout, re.M).group(0)
    ], result.stdout


# ----- 5. bounded YAML, and front matter read by us -----------------------------------------------
def test_an_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    start = time.process_time()
    with pytest.raises(YamlProblem) as info:
        read_yaml_text(bomb.encode(), "data/x.yml")
    assert time.process_time() - start < 1
    assert info.value.problems == [
        "data/x.yml:1: not valid YAML: an alias (*name) repeats the value anchored "
        "(&name) here; aliases are not allowed: write the value out"
    ]
    meta, problems = read_front_matter("---\n" + bomb + "---\nText\n", "docs/x.md")
    assert meta == {} and len(problems) == 1 and problems[0].startswith("docs/x.md:2: front matter:"), problems


@pytest.mark.parametrize(
    "front, line, cause",
    [
        ("---\ntitle: Heat\n\tdescription: x\n---\n", 3, "tab character"),
        ("---\ntitle: Heat: a guide\n---\n", 2, "put the whole value in quotes"),
        ("---\ntitle: Heat\ndescription: x\n", 1, "no closing '---'"),
        ("---\ntitle: Heat\nreviewed: 2026-02-30\n---\n", 3, "'2026-02-30' is not a real date"),
        ("---\ntitle: !ENV HOME\n---\n", 2, "!ENV"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "given twice"),
    ],
)
def test_a_front_matter_mistake_names_its_line_and_cause(front, line, cause):
    _, problems = read_front_matter(front + "Text\n", "docs/x.md")
    assert len(problems) == 1 and problems[0].startswith(f"docs/x.md:{line}: ") and cause in problems[0], problems


@pytest.mark.parametrize("value, kind", [(True, "yes/no value (true)"), (2026, "number (2026)")])
def test_a_value_yaml_guessed_says_put_it_in_quotes(value, kind):
    meta, _ = read_front_matter(f"---\ntitle: {'Yes' if value is True else value}\n---\n", "docs/x.md")
    with pytest.raises(ValidationError) as info:
        FrontMatter.model_validate(
            {**meta, "description": "d", "reviewed": "2026-01-01", "next_review": "2027-01-01", "sources": []}
        )
    ((_, field, msg),) = list(error_lines(info.value, FrontMatter))
    assert field == "title" and msg == f"YAML read this as a {kind}, not text: put the text in quotes"


# ----- 6. the safety pages are fixed in place; one page per address; https --------------------------
def test_nav_keeps_the_safety_pages_once_each():
    class Page:
        def __init__(self, uri):
            self.file = type("F", (), {"src_uri": uri})

    nav = type("Nav", (), {"pages": [Page("index.md"), Page("what-to-do-now.md")]})
    config_nav = ["index.md", {"Now": "what-to-do-now.md"}, {"Again": "index.md"}]
    assert nav_problems(config_nav, nav, ("when-to-get-help.md", "what-to-do-now.md")) == [
        "mkdocs.yml: nav: 'index.md' is listed twice; list each page once",
        "mkdocs.yml: nav: 'when-to-get-help.md' must stay in nav (readers in trouble look for it there)",
    ]


def test_the_help_page_cannot_leave_search(project):
    edit(project, "docs/when-to-get-help.md", "\n---\n", "\nsearch: {exclude: true}\n---\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    lines = problems_in(result)
    assert len(lines) == 1 and re.search(
        r"docs/when-to-get-help\.md:\d+: field 'search\.exclude': this page must "
        r"always be found by search",
        lines[0],
    ), result.stdout


def test_an_http_site_url_stops_the_build(project):
    result = mkdocs_build(
        project,
        extra_env={"SITE_URL": "http://backspasm-guide.org/", "REPORT_ADDRESS": "corrections@backspasm-guide.org"},
    )
    assert result.returncode != 0
    assert problems_in(result) == [
        "ERROR   -  backspasm_site: mkdocs.yml: site_url 'http://backspasm-guide.org/' must start with "
        "https:// (set SITE_URL to the public https address)"
    ], result.stdout


def test_an_override_template_error_names_the_override(project):
    path = os.path.join(project, "overrides", "main.html")
    lines = open(path, encoding="utf-8").read().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("{% extends")) + 1
    lines.insert(at, "{% if %}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(rf"^ERROR.*overrides/main\.html:{at + 1}: template error: ", result.stdout, re.M), result.stdout
    assert "index.md" not in "\n".join(problems_in(result)), result.stdout


def test_a_page_cannot_include_another_file(project):
    path = os.path.join(project, "docs", "treatments", "heat.md")
    text = open(path, encoding="utf-8").read().rstrip("\n")
    open(path, "w", encoding="utf-8").write(text + '\n\n--8<-- "../mkdocs.yml"\n')
    line = len(open(path, encoding="utf-8").read().splitlines())
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout and "SnippetMissingError" not in result.stdout, result.stdout
    assert problems_in(result) == [
        f"ERROR   -  backspasm_site: docs/treatments/heat.md:{line}: '--8<--' (include another file) is not allowed "
        "in a page; write the words here, or use a macro"
    ], result.stdout


@pytest.mark.parametrize(
    "old, new, says",
    [
        (
            "extra_javascript:                     # enhancements only: every page works without them\n",
            "extra_javascript:\n  - https://evil.example/a.js\n",
            "extra_javascript: 'https://evil.example/a.js'",
        ),
        ("custom_dir: overrides", "custom_dir: docs", "theme.custom_dir 'docs'"),
        (
            'report_address: !ENV [REPORT_ADDRESS, "corrections@backspasmguide.example.org"]',
            'report_address: "javascript:alert(1)"',
            "report_address 'javascript:alert(1)'",
        ),
    ],
)
def test_config_cannot_bring_in_outside_things(project, old, new, says):
    edit(project, "mkdocs.yml", old, new)
    result = mkdocs_build(project)
    assert result.returncode != 0
    found = problems_in(result)
    assert len(found) == 1 and says in found[0] and "mkdocs.yml" in found[0], result.stdout
