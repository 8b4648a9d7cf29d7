"""Property-based: generated hostile text (markup, line breaks, control, bidi and zero-width characters,
look-alike letters, Markdown syntax) fed into data fields, front matter and page HTML. Each input is
either refused with one line naming the place, or shown exactly as typed.

Through the loader, the models and the page-HTML checker directly (fast), plus one real build.
"""

from __future__ import annotations

import html
import os
import re

import yaml
from helpers.build import mkdocs_build, problem_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backspasm_site import html_check
from backspasm_site.checks import front_matter_problems
from backspasm_site.content.load import DataError, load
from backspasm_site.content.yaml_loader import read_front_matter
from backspasm_site.paths import copy_project
from backspasm_site.render.html import escape

FAST = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_BITS = [
    "<script>",
    "<b>",
    "&amp;",
    "&#60;",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x1b",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "!!! danger",
    "*",
    "_",
    "`",
    "[x](javascript:1)",
    "{: onclick=x}",
    "# ",
    "- ",
    "1. ",
    "|",
    "{{",
    "{%",
    "\u0430",
    "\u0435",
    "\u043e",
    ":",
    "'",
    '"',
    "\\",
    "~",
    "^",
]
text_strategy = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE_BITS),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@st.composite
def plain_words(draw):
    return draw(st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=20)).strip() or "words"


def _glossary_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("prop") / "project")


def _load_with_definition(project, definition):
    path = os.path.join(project, "data", "glossary.yml")
    entries = yaml.safe_load(open(path, encoding="utf-8"))
    entries[0]["definition"] = definition
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(entries, fh, allow_unicode=True, sort_keys=False, width=10_000)
    try:
        return load(os.path.join(project, "data"), os.path.join(project, "docs")), None
    except DataError as exc:
        return None, exc.problems


_project_cache = {}


@settings(FAST, max_examples=25)
@given(text=text_strategy)
def test_a_data_text_field_is_refused_by_line_and_field_or_kept_as_typed(text, tmp_path_factory):
    project = _project_cache.get("p") or _project_cache.setdefault("p", _glossary_project(tmp_path_factory))
    data, problems = _load_with_definition(project, text)
    if problems is not None:
        assert len(problems) == 1, problems
        assert re.match(r"^data/glossary\.yml:\d+: entry '[^']+' \(#1\): field 'definition': \S", problems[0]), problems
        return
    term = next(iter(data.glossary.values()))
    assert term.definition == text.strip()  # kept exactly (less the outer blanks), as typed
    assert not re.search(r"[\n\x00-\x1f\u202a-\u202e\u2066-\u2069\u200b-\u200f<>]", term.definition)


FRONT = (
    "---\ntitle: {title}\ndescription: A page.\nreviewed: 2026-01-01\nnext_review: 2027-06-01\n"
    "sources: [NHS-BP]\n---\nText.\n"
)


@FAST
@given(title=text_strategy)
def test_a_front_matter_title_is_refused_at_its_line_or_kept_as_typed(title):
    source = FRONT.format(title=title)
    meta, problems = read_front_matter(source, "docs/x.md")
    if not problems:
        problems = front_matter_problems("x.md", meta, {"NHS-BP"}, today=None)
    if problems:
        assert len(problems) == 1, problems
        assert re.match(r"^docs/x\.md:\d+: ", problems[0]), problems
        return
    assert isinstance(meta["title"], str)
    # what YAML gave is what the page shows: text, no markup, nothing invisible
    assert not re.search(r"[<>\n\x00-\x1f\u202a-\u202e\u2066-\u2069\u200b-\u200f]", meta["title"])


@FAST
@given(text=text_strategy)
def test_data_text_in_a_page_reads_as_typed(text):
    """What ``escape`` makes of any text, once HTML is parsed, is exactly that text: no element, no Markdown."""
    out = escape(text)
    assert "<" not in out and not re.search(r"[*`\[\]|~]", out)
    assert html.unescape(out) == text


TAGS = ["script", "iframe", "object", "embed", "form", "style", "base", "meta", "img", "svg", "frame", "video"]
attr_value = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "jav&#x09;ascript:x",
            "java\nscript:x",
            "data:text/html,x",
            "vbscript:x",
            "&#106;avascript:x",
        ]
    ),
    plain_words(),
)


@FAST
@given(
    tag=st.sampled_from(["a", "p", "span", "div"] + TAGS),
    attr=st.sampled_from(["href", "title", "onclick", "onerror", "style", "formaction", "xlink:href", "data-x"]),
    value=attr_value,
)
def test_page_html_is_refused_or_harmless(tag, attr, value):
    snippet = f'<{tag} {attr}="{value}">x</{tag}>'
    problems, _ = html_check.content_problems("x.md", snippet, ["Words.", snippet], offset=0)
    plain = html.unescape(value)
    harmful = (
        tag in TAGS
        or attr not in ("href", "title")
        or (attr == "href" and (tag != "a" or html_check.link_problem(plain) is not None))
        or (attr == "title" and html_check.DANGEROUS_SCHEME.match(html_check.squeezed(plain)))
    )
    if harmful:
        assert len(problems) == 1 and problems[0].startswith("docs/x.md:2: "), problems
    else:
        assert problems == []


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(["Heat \u202eevil", 'Heat\n\n!!! danger "Call now"', "Heat *bold* [x](y)"]))
def test_a_real_build_refuses_or_shows_the_typed_name(name, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("build") / "project")
    path = os.path.join(project, "data", "treatments.yml")
    text = open(path, encoding="utf-8").read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            text.replace(
                "  name: Heat\n",
                f"  name: {yaml.safe_dump(name, width=10_000).splitlines()[0]}\n"
                if "\n" not in name
                else f"  name: {json_quote(name)}\n",
                1,
            )
        )
    result = mkdocs_build(project)
    if result.returncode != 0:
        lines = [line for line in problem_lines(result.stdout) if "data/" in line]
        assert len(lines) == 1 and re.search(
            r"data/treatments\.yml:\d+: entry 'heat' \(#1\): field 'name': ", lines[0]
        ), result.stdout
        return
    page = open(os.path.join(project, "site", "treatments", "index.html"), encoding="utf-8").read()
    assert (
        html.escape(name, quote=False).replace("*", "&#42;").replace("[", "&#91;").replace("]", "&#93;") in page
        or html.escape(name, quote=False) in page
    ), "the typed name is not shown as typed"
    assert "<strong>bold</strong>" not in page and "<em>bold</em>" not in page


def json_quote(text):
    import json

    return json.dumps(text)
