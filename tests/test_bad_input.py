"""Bad input never ships: one small case per input of the editor's review (shared/notes/editor-bad-input-review.md).

Each case asserts that the build stops and that its message names the file and the line or the field.
Data-file cases run the loader the build runs (``load``: its lines are what the build prints, as
``test_a_data_mistake_stops_the_build`` shows end to end). Page cases share one strict build of a
project copy with every page mistake in it at once, so they also prove that every bad page is
reported in one build, each once, with no cascade.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml
from helpers.build import mkdocs_build

from backspasm_site.content.load import DataError, load
from backspasm_site.paths import copy_project


def edit(project, rel, old, new, count=1):
    path = os.path.join(project, rel)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert old in text, (rel, old)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, count))


def line_of(project, rel, needle):
    """The first line of the file that holds ``needle`` (a needle starting with spaces: that starts with it)."""
    with open(os.path.join(project, rel), encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.startswith(needle) if needle.startswith(" ") else needle in line:
                return i
    raise AssertionError(f"{needle!r} not in {rel}")


def write(project, rel, content):
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(os.path.join(project, rel), mode) as fh:
        fh.write(content)


def data_problems(project):
    with pytest.raises(DataError) as info:
        load(os.path.join(project, "data"), os.path.join(project, "docs"))
    return info.value.problems


# ----- data files: (what the editor did, expected problem lines (regex), and nothing else) -----
def _dup_field(p):
    edit(p, "data/treatments.yml", "  kind: self-care\n", "  kind: self-care\n  kind: medicine\n")


def _tab_in_list(p):
    edit(p, "data/treatments.yml", "    - text: Wrap a hot water bottle", "\t- text: Wrap a hot water bottle")


DATA_CASES = {
    "6c duplicate field in one entry": (
        _dup_field,
        [
            r"^data/treatments\.yml:\d+: key 'kind' is given twice in "
            r"the same entry \(first on line \d+\); keep one$"
        ],
    ),
    "7a empty site.yml": (lambda p: write(p, "data/site.yml", ""), [r"^data/site\.yml: file is empty$"]),
    "7b empty sources.yml": (
        lambda p: write(p, "data/sources.yml", "# nothing yet\n"),
        [r"^data/sources\.yml: file is empty$"],
    ),
    "7c empty treatments.yml": (
        lambda p: write(p, "data/treatments.yml", "[]\n"),
        [r"^data/treatments\.yml: file is empty \(an empty list\)$"],
    ),
    "7c empty causes.yml": (lambda p: write(p, "data/causes.yml", ""), [r"^data/causes\.yml: file is empty$"]),
    "7c empty symptoms.yml": (lambda p: write(p, "data/symptoms.yml", ""), [r"^data/symptoms\.yml: file is empty$"]),
    "7d empty topics.yml": (lambda p: write(p, "data/topics.yml", ""), [r"^data/topics\.yml: file is empty$"]),
    "7d empty claims.yml": (lambda p: write(p, "data/claims.yml", ""), [r"^data/claims\.yml: file is empty$"]),
    "7e empty glossary.yml": (lambda p: write(p, "data/glossary.yml", ""), [r"^data/glossary\.yml: file is empty$"]),
    "12b Latin-1 bytes in a data file": (
        lambda p: write(
            p,
            "data/treatments.yml",
            open(os.path.join(p, "data/treatments.yml"), "rb").read() + "- id: caf\xe9\n".encode("latin-1"),
        ),
        [r"^data/treatments\.yml:\d+: not UTF-8 text \(byte 0xe9 at column 10\); save the file as UTF-8$"],
    ),
    "1d tab before a list item": (_tab_in_list, [r"^data/treatments\.yml:\d+: not valid YAML: .*tab"]),
    "17a javascript: source url, no cascade": (
        lambda p: edit(
            p,
            "data/sources.yml",
            "  url: https://www.nice.org.uk/guidance/ng59",
            "  url: javascript:alert(document.domain)",
        ),
        [
            r"^data/sources\.yml:\d+: entry 'NICE-NG59' \(#\d+\): field 'url': must start with https:// \(got 'javascript:'\)$"
        ],
    ),
    "17b http: source url": (
        lambda p: edit(
            p,
            "data/sources.yml",
            "  url: https://www.nice.org.uk/guidance/ng59",
            "  url: http://www.nice.org.uk/guidance/ng59",
        ),
        [r"^data/sources\.yml:\d+: entry 'NICE-NG59' \(#\d+\): field 'url': must start with https:// \(got 'http:'\)$"],
    ),
    "17b credentials in a source url": (
        lambda p: edit(
            p,
            "data/sources.yml",
            "  url: https://www.nice.org.uk/guidance/ng59",
            "  url: https://user:pass@evil.example/",
        ),
        [r"field 'url': must not carry a user name or password"],
    ),
    "17b localhost source url": (
        lambda p: edit(
            p, "data/sources.yml", "  url: https://www.nice.org.uk/guidance/ng59", "  url: https://localhost:8000/"
        ),
        [r"field 'url': must point at a public web address, not 'localhost'"],
    ),
    "extra typo in a cause entry, no cascade": (
        lambda p: edit(p, "data/causes.yml", "- id: muscle-strain\n", "- id: muscle-strain\n  colour: red\n"),
        [
            r"^data/causes\.yml:\d+: entry 'muscle-strain' \(#1\): field 'colour': is not a field here \(the fields are: id, name, "
            r"[a-z_, ]+\)$"
        ],
    ),
    "misspelt field name: one line, not 'unknown' plus 'missing'": (
        lambda p: edit(p, "data/treatments.yml", "  summary: Warmth on your back", "  sumary: Warmth on your back"),
        [
            r"^data/treatments\.yml:\d+: entry 'heat' \(#1\): field 'sumary': is not a field here: "
            r"did you mean 'summary'\?$"
        ],
    ),
    "a word that is not allowed": (
        lambda p: edit(
            p,
            "data/treatments.yml",
            "    - source: COCH-HEAT\n      says: small-benefit",
            "    - source: COCH-HEAT\n      says: smal-benefit",
        ),
        [
            r"^data/treatments\.yml:\d+: entry 'heat' \(#1\): field 'positions\.2\.says': Input should be .*"
            r"\(did you mean 'small-benefit'\?\)$"
        ],
    ),
    "markup in a data name": (
        lambda p: edit(p, "data/treatments.yml", "  name: Heat\n", "  name: Heat <b>now</b>\n"),
        [r"^data/treatments\.yml:\d+: entry 'heat' \(#1\): field 'name': is plain text: markup \('<'"],
    ),
    "character reference in a summary": (
        lambda p: edit(p, "data/treatments.yml", "Warmth on your back", "Warmth &amp; comfort on your back"),
        [r"^data/treatments\.yml:\d+: entry 'heat' \(#1\): field 'summary': is plain text: markup \('&amp;'"],
    ),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_a_data_mistake_gives_one_clear_line(tmp_path, pristine, case):
    change, expected = DATA_CASES[case]
    project = copy_project(tmp_path / "project", root=pristine)
    change(project)
    problems = data_problems(project)
    assert len(problems) == len(expected), "\n".join(problems)  # one mistake, one line: no cascade
    for pattern, line in zip(expected, problems):
        assert re.search(pattern, line), line


def test_a_duplicate_field_names_its_real_line(project):
    _dup_field(project)
    first = line_of(project, "data/treatments.yml", "  kind: self-care")
    assert data_problems(project) == [
        f"data/treatments.yml:{first + 1}: key 'kind' is given twice in the same entry (first on line {first}); "
        f"keep one"
    ]


def test_a_field_mistake_names_its_real_line(project):
    edit(project, "data/treatments.yml", "  summary: Warmth on your back", "  sumary: Warmth on your back")
    edit(project, "data/sources.yml", "- key: NICE-NG59\n", "- key: NICE-NG59\n  yaer: 2016\n")
    # in heat too, but heat failed validation: only the next entry's is reported
    edit(
        project,
        "data/treatments.yml",
        "- source: ACP-2017\n      says: recommend",
        "- source: ACP-2071\n      says: recommend",
        count=2,
    )
    typo = line_of(project, "data/treatments.yml", "  sumary: Warmth")
    extra = line_of(project, "data/sources.yml", "  yaer: 2016")
    with open(os.path.join(project, "data/treatments.yml"), encoding="utf-8") as fh:
        unknown = [i for i, line in enumerate(fh, start=1) if "ACP-2071" in line][1]
    entry = yaml.safe_load(open(os.path.join(project, "data/treatments.yml"), encoding="utf-8"))
    entry = next(t for t in entry if any(p["source"] == "ACP-2071" for p in t["positions"]) and t["id"] != "heat")
    at = next(i for i, p in enumerate(entry["positions"]) if p["source"] == "ACP-2071")
    found = data_problems(project)
    assert found[0].startswith(f"data/treatments.yml:{typo}: entry 'heat' (#1): field 'sumary': "), found
    assert any(
        p.startswith(f"data/sources.yml:{extra}: entry 'NICE-NG59' (#")
        and "field 'yaer'" in p
        and "did you mean 'year'?" in p
        for p in found
    ), found
    # a cross-reference found after validation still points at its line, with the closest key
    assert (
        f"data/treatments.yml:{unknown}: entry '{entry['id']}': field 'positions.{at}.source': unknown source key "
        f"'ACP-2071' (did you mean 'ACP-2017'?)"
    ) in found, found


def test_a_data_mistake_stops_the_build(project):
    _dup_field(project)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(r"data/treatments\.yml:\d+: key 'kind' is given twice", result.stdout), result.stdout
    assert "Traceback" not in result.stdout


def test_a_page_that_is_not_utf8_is_named_with_its_line(project):
    path = os.path.join(project, "docs/treatments/heat.md")
    raw = open(path, "rb").read()
    write(project, "docs/treatments/heat.md", raw + "\nCaf\xe9 au lait.\n".encode("latin-1"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    line = raw.count(b"\n") + 2
    assert (
        f"docs/treatments/heat.md:{line}: not UTF-8 text (byte 0xe9 at column 4); save the file as UTF-8"
        in result.stdout
    )
    assert "Traceback" not in result.stdout, result.stdout


# ----- pages: every mistake in one copy, one build -----------------------------------------------
# (name, file, how to break it, the text to find the line by (a front matter field: its own line), expected message)
PAGE_CASES = [
    (
        "3 unknown source in cite()",
        "docs/treatments/heat.md",
        ("{{ references() }}", "Heat helps.{{ cite('NICE-NG95') }}\n\n{{ references() }}"),
        "cite('NICE-NG95')",
        "cite(): unknown source key 'NICE-NG95' (did you mean 'NICE-NG59'?)",
    ),
    (
        "13 macro syntax error",
        "docs/treatments/cold.md",
        ("{{ references() }}", "Cold helps.{{ cite('NHS-BP' }}\n\n{{ references() }}"),
        "cite('NHS-BP' }}",
        "macro syntax error: unexpected '}', expected ')'",
    ),
    (
        "14 literal {{ name }} in prose",
        "docs/treatments/massage.md",
        ("{{ references() }}", "Type {{ name }} in the box.\n\n{{ references() }}"),
        "{{ name }}",
        "'name' is not a macro or a variable; to show {{ as text, write {{ '{{' }} or put the text between "
        "{% raw %} and {% endraw %}",
    ),
    (
        "typo in a macro name",
        "docs/treatments/surgery.md",
        ("{{ references() }}", "{{ evidense_badge('surgery') }}\n\n{{ references() }}"),
        "evidense_badge",
        "'evidense_badge' is not a macro or a variable (did you mean 'evidence_badge'?)",
    ),
    (
        "2 unknown source key in front matter",
        "docs/treatments/yoga-and-relaxation.md",
        ("sources: [", "sources: [NHS-BPX, "),
        "sources: [NHS-BPX",
        "field 'sources': unknown source key 'NHS-BPX' (did you mean 'NHS-BP'?)",
    ),
    (
        '9 description with "><script>',
        "docs/treatments/epsom-salt-baths.md",
        ("description: ", 'description: \'Heat "><script>document.title="PWNED"</script> \'\nx_description: '),
        "description: 'Heat",
        "field 'description': is plain text: markup ('>' in 'Heat \"><script>document.tit') is not allowed",
    ),
    (
        "10 title with <tag>",
        "docs/treatments/tens-and-ultrasound.md",
        ("title: ", "title: Heat & ice <fast> for a spasm\nx_title: "),
        "title: Heat & ice",
        "field 'title': is plain text: markup ('<'",
    ),
    (
        "16 past next_review",
        "docs/treatments/botulinum-toxin.md",
        ("reviewed: 2026-11-25\nnext_review: 2027-11-25", "reviewed: 2024-01-01\nnext_review: 2025-01-01"),
        "next_review: 2025-01-01",
        "field 'next_review': 2025-01-01 has passed",
    ),
    (
        "18 http: link in a page",
        "docs/treatments/spinal-manipulation.md",
        ("{{ references() }}", "See [a shop](http://example.com/shop).\n\n{{ references() }}"),
        "http://example.com/shop",
        "link 'http://example.com/shop': must use https://",
    ),
    (
        "18b javascript: link in Markdown",
        "docs/treatments/inversion-therapy.md",
        ("{{ references() }}", "See [this](javascript:alert(1)).\n\n{{ references() }}"),
        "javascript:alert(1)",
        "link 'javascript:alert(1)': javascript: links are not allowed",
    ),
    (
        "18b raw <a href=javascript:>",
        "docs/treatments/physical-therapy.md",
        ("{{ references() }}", '<p><a href="javascript:alert(2)">click</a></p>\n\n{{ references() }}'),
        "javascript:alert(2)",
        "link 'javascript:alert(2)': javascript: links are not allowed",
    ),
    (
        "credentials in a page link",
        "docs/treatments/muscle-relaxants.md",
        ("{{ references() }}", "See [that](https://user:pass@evil.example/).\n\n{{ references() }}"),
        "user:pass@",
        "link 'https://user:pass@evil.example/': must not carry a user name or password",
    ),
    (
        "a macro called without what it needs, below other calls",
        "docs/treatments/exercise-and-stretching.md",
        ("{{ references() }}", "Moving helps.{{ cite() }}\n\n{{ references() }}"),
        "{{ cite() }}",
        "cite(): missing 1 required positional argument: 'key'",
    ),
    (
        "an operator in a page: only macro calls run",
        "docs/treatments/pain-relievers.md",
        ("{{ references() }}", "One {{ 1/0 }} two.\n\n{{ references() }}"),
        "{{ 1/0 }}",
        "an operator is not allowed in a page: only text and macro calls with plain values",
    ),
    (
        "block macro glued to text",
        "docs/treatments/nerve-pain-medicines.md",
        ("{{ references() }}", "Words before\n{{ cautions('massage') }}\n\n{{ references() }}"),
        "cautions('massage')",
        "cautions() makes a table, list or box, which must be on a line of its own",
    ),
]


def _strip_placeholders(project, rel):
    """The x_ lines above only keep each old front-matter value out of the way: drop them."""
    path = os.path.join(project, rel)
    text = open(path, encoding="utf-8").read()
    write(project, rel, re.sub(r"^x_\w+: .*\n", "", text, flags=re.M))


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    for _, rel, (old, new), _, _ in PAGE_CASES:
        edit(project, rel, old, new)
        _strip_placeholders(project, rel)
    # 4b: a data page: anchor that does not exist; and a data entry whose page is not in nav
    edit(project, "data/treatments.yml", "  page: treatments/heat.md\n", "  page: treatments/heat.md#no-such-anchor\n")
    edit(project, "mkdocs.yml", "      - treatments/hydration-and-diet.md\n", "")
    result = mkdocs_build(project)
    return project, result


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_a_page_mistake_is_one_line_naming_file_and_line(broken_build, case):
    project, result = broken_build
    _, rel, _, needle, message = case
    assert result.returncode != 0
    where = f"{rel}:{line_of(project, rel, needle)}: " if needle else f"{rel}: "
    lines = [l for l in result.stdout.splitlines() if where in l]
    assert len(lines) == 1 and message in lines[0], "\n".join(lines) or result.stdout


def test_every_bad_page_is_reported_in_one_build(broken_build):
    project, result = broken_build
    assert "Traceback" not in result.stdout and "Macro Rendering Error" not in result.stdout
    assert not re.search(r"^WARNING .*\[macros\]", result.stdout, re.M)
    problems = [l for l in result.stdout.splitlines() if l.startswith("ERROR")]
    for _, rel, *_ in PAGE_CASES:  # each page once: no second line for the same mistake
        assert len([l for l in problems if f"{rel}:" in l]) == 1, [l for l in problems if rel in l]


def test_a_bad_data_anchor_is_caught_by_the_build(broken_build):
    _, result = broken_build
    assert re.search(
        r"data/treatments\.yml:\d+: entry 'heat': field 'page': docs/treatments/heat\.md has no section "
        r"'#no-such-anchor'",
        result.stdout,
    ), result.stdout


def test_a_data_page_missing_from_nav_is_named(broken_build):
    _, result = broken_build
    lines = [l for l in result.stdout.splitlines() if "is not in nav (mkdocs.yml)" in l]
    assert len(lines) == 1, lines  # one line for the page, naming every entry that points at it
    assert (
        "docs/treatments/hydration-and-diet.md is not in nav (mkdocs.yml), but data points at it: "
        "data/treatments.yml entry 'hydration-and-diet', data/claims.yml entry 'S57'"
    ) in lines[0], lines


# ----- sizes -------------------------------------------------------------------------------------
def test_a_page_over_its_budget_stops_the_build_with_the_numbers(project):
    edit(project, "mkdocs.yml", "page_budget_kb: 400", "page_budget_kb: 120")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(
        r"docs/symptoms\.md: the built page is [0-9,]+ KB; the budget is 120 KB "
        r"\(backspasm: page_budget_kb in mkdocs\.yml\)",
        result.stdout,
    ), result.stdout


def test_a_search_index_over_its_budget_stops_the_build_with_the_numbers(project):
    # the review's case was a 5 MB page making a 5.3 MB index; here the budget is set below today's index
    edit(project, "mkdocs.yml", "search_index_budget_kb: 600", "search_index_budget_kb: 100")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert re.search(
        r"search/search_index\.json \(every reader downloads it\) is [0-9,]+ KB; the budget is 100 KB "
        r"\(backspasm: search_index_budget_kb in mkdocs\.yml\)",
        result.stdout,
    ), result.stdout


def test_problems_are_one_line_per_file():
    from backspasm_site.checks import one_line_per_file

    got = one_line_per_file(
        [
            "docs/a.md:3: no snippets",
            "docs/b.md: contains a link 'x.md', but the target is not found.",
            "docs/a.md:9: no snippets",
            "a line that names no file",
            "docs/b.md:7: <img> is not allowed",
            "docs/a.md:3: no snippets",
        ]
    )
    assert got == [
        "docs/a.md:3: no snippets (also line 9)",
        "docs/b.md: contains a link 'x.md', but the target is not found; also line 7: <img> is not allowed",
        "a line that names no file",
    ]
