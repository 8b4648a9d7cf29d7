"""data/: loading and every validation rule, one broken copy per rule."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml
from helpers.build import mkdocs_build

from backspasm_site.content.load import DataError, load
from backspasm_site.paths import ROOT


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ plus the real docs dir (pages must exist)."""
    dest = tmp_path / "data"
    shutil.copytree(os.path.join(ROOT, "data"), dest)
    return str(dest)


def edit(data_dir, name, change):
    path = os.path.join(data_dir, name)
    items = yaml.safe_load(open(path, encoding="utf-8"))
    change(items)
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(items, fh, allow_unicode=True, sort_keys=False)


def problems(data_dir):
    with pytest.raises(DataError) as info:
        load(data_dir, os.path.join(ROOT, "docs"))
    return info.value.problems


def first(items, **match):
    return next(i for i in items if all(i.get(k) == v for k, v in match.items()))


def test_real_data_loads():
    d = load(os.path.join(ROOT, "data"), os.path.join(ROOT, "docs"))
    assert len(d.treatments) >= 17 and len(d.causes) == 11
    assert any(s.urgency == "emergency" for s in d.symptoms.values())
    for cause in d.causes:
        assert d.treatments_by_cause[cause], cause


DROP = object()
AT_LINE = re.compile(r"^(data/[\w.-]+\.yml):(\d+): ")  # a problem's file and line


def change_field(ident, key, value):
    """An edit that sets (or, with DROP, removes) one field of one entry (None: the first entry)."""

    def change(items):
        item = items[0] if ident is None else next(i for i in items if ident in (i.get("id"), i.get("key")))
        if value is DROP:
            del item[key]
        else:
            item[key] = value

    return change


CASES = [
    (
        "treatments.yml",
        "heat",
        "evidence",
        "recommended",
        "data/treatments.yml: entry 'heat' (#",
        "field 'evidence': is not typed by hand",
    ),
    (
        "treatments.yml",
        "heat",
        "positions",
        [{"source": "NICE-NG59", "says": "works-great"}],
        "data/treatments.yml: entry 'heat' (#",
        "field 'positions.0.says'",
    ),
    (
        "treatments.yml",
        "heat",
        "positions",
        [{"source": "COCH-HEAT", "says": "recommend"}],
        "data/treatments.yml: entry 'heat'",
        "field 'positions.0.says': 'recommend' is a guideline word",
    ),
    (
        "treatments.yml",
        "heat",
        "positions",
        [{"source": "NHS-BP", "says": "recommend"}],
        "data/treatments.yml: entry 'heat'",
        "field 'positions.0.source': NHS-BP is patient-information",
    ),
    (
        "treatments.yml",
        "heat",
        "cautions",
        [{"text": "Wrap it.", "sources": []}],
        "data/treatments.yml: entry 'heat'",
        "field 'cautions.0.sources': needs at least one source, or 'editorial:'",
    ),
    (
        "treatments.yml",
        "heat",
        "cautions",
        [{"text": "Wrap it."}],
        "data/treatments.yml: entry 'heat'",
        "field 'cautions.0.sources': needs at least one source, or 'editorial:'",
    ),
    (
        "treatments.yml",
        "heat",
        "cautions",
        [{"text": "Wrap it.", "sources": ["HEALTHLINE-RX", "SOURCE-ARTICLE"]}],
        "data/treatments.yml: entry 'heat'",
        "field 'cautions.0.sources': rests only on commercial, source-article",
    ),
    (
        "treatments.yml",
        "heat",
        "cautions",
        [{"text": "Wrap it.", "sources": ["NOPE-2"]}],
        "data/treatments.yml: entry 'heat'",
        "field 'cautions.0.sources': unknown source key 'NOPE-2'",
    ),
    (
        "symptoms.yml",
        "fever",
        "sources",
        [],
        "data/symptoms.yml: entry 'fever'",
        "field 'sources': needs at least one source, or 'editorial:'",
    ),
    (
        "symptoms.yml",
        "fever",
        "sources",
        DROP,
        "data/symptoms.yml: entry 'fever'",
        "field 'sources': needs at least one source, or 'editorial:'",
    ),
    # a sign with no excerpts (its own sources are our advice), so the weak source is the only problem
    (
        "symptoms.yml",
        "keeps-coming-back",
        "sources",
        ["SOURCE-ARTICLE"],
        "data/symptoms.yml: entry 'keeps-coming-back'",
        "field 'sources': rests only on source-article sources",
    ),
    (
        "symptoms.yml",
        "keeps-coming-back",
        "sources",
        ["SDM-KIDNEY"],
        "data/symptoms.yml: entry 'keeps-coming-back'",
        "field 'sources': rests only on commercial sources",
    ),
    ("sources.yml", "NHS-BP", "year", 2026.5, "data/sources.yml: entry 'NHS-BP'", "field 'year'"),
    ("sources.yml", "NHS-BP", "checked", DROP, "data/sources.yml: entry 'NHS-BP'", "field 'checked': is missing"),
    ("sources.yml", "NHS-BP", "checked", "last week", "data/sources.yml: entry 'NHS-BP'", "field 'checked'"),
    ("treatments.yml", "heat", "kind", "gadget", "data/treatments.yml: entry 'heat'", "field 'kind'"),
    ("treatments.yml", "heat", "summary", DROP, "data/treatments.yml: entry 'heat'", "field 'summary': is missing"),
    (
        "treatments.yml",
        "heat",
        "sources",
        [],
        "data/treatments.yml: entry 'heat'",
        "field 'sources': List should have at least 1 item",
    ),
    (
        "treatments.yml",
        "heat",
        "sources",
        ["NOPE-1"],
        "data/treatments.yml: entry 'heat'",
        "field 'sources': unknown source key 'NOPE-1'",
    ),
    (
        "treatments.yml",
        "heat",
        "helps_with",
        ["no-such-cause"],
        "data/treatments.yml: entry 'heat'",
        "field 'helps_with': unknown cause id 'no-such-cause'",
    ),
    (
        "treatments.yml",
        "heat",
        "page",
        "treatments/nope.md",
        "data/treatments.yml: entry 'heat'",
        "field 'page': no such page 'docs/treatments/nope.md'",
    ),
    (
        "treatments.yml",
        "heat",
        "id",
        "Heat Pack",
        "data/treatments.yml: entry 'Heat Pack'",
        "field 'id': String should match pattern",
    ),
    ("treatments.yml", "cold", "id", "heat", "data/treatments.yml: entry 'heat'", "field 'id': duplicate 'heat'"),
    (
        "causes.yml",
        "sciatica",
        "symptoms",
        ["no-such-symptom"],
        "data/causes.yml: entry 'sciatica'",
        "field 'symptoms': unknown symptom id 'no-such-symptom'",
    ),
    ("causes.yml", "sciatica", "page", "causes/nope.md", "data/causes.yml: entry 'sciatica'", "no such page"),
    ("symptoms.yml", None, "urgency", "soonish", "data/symptoms.yml: entry", "field 'urgency'"),
    ("symptoms.yml", None, "causes", ["nope"], "data/symptoms.yml: entry", "field 'causes': unknown cause id 'nope'"),
    ("symptoms.yml", None, "phrases", [], "data/symptoms.yml: entry", "field 'phrases'"),
    ("sources.yml", "NICE-NG59", "type", "blog", "data/sources.yml: entry 'NICE-NG59'", "field 'type'"),
    ("sources.yml", "NICE-NG59", "url", "not a url", "data/sources.yml: entry 'NICE-NG59'", "field 'url'"),
    ("sources.yml", "NICE-NG59", "year", "recent", "data/sources.yml: entry 'NICE-NG59'", "field 'year'"),
    ("glossary.yml", None, "definition", 'say "this"', "data/glossary.yml: entry", "field 'definition'"),
]


@pytest.mark.parametrize(
    "name, ident, key, value, where, message", CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_rule_names_file_entry_and_field(data_copy, name, ident, key, value, where, message):
    edit(data_copy, name, change_field(ident, key, value))
    found = problems(data_copy)
    hits = [p for p in found if where in AT_LINE.sub(r"\1: ", p) and message in p]
    assert hits, "\n".join(found)
    # the line is the field's own (or, when the field is missing, where its entry starts)
    at = AT_LINE.match(hits[0])
    assert at, hits[0]
    line = open(os.path.join(data_copy, name), encoding="utf-8").read().splitlines()[int(at.group(2)) - 1]
    field = re.search(r"field '([^']*)'", hits[0]).group(1).split(".")[-1]
    assert f"{field}:" in line or line.lstrip().startswith("- "), (hits[0], line)


def test_cause_without_treatment_is_an_error(data_copy):
    def change(items):
        for t in items:
            t["helps_with"] = [c for c in t["helps_with"] if c != "fibromyalgia"]

    edit(data_copy, "treatments.yml", change)
    assert any(
        re.match(r"data/causes\.yml:\d+: entry 'fibromyalgia'", p) and "helps_with" in p for p in problems(data_copy)
    )


def test_missing_and_unparsable_files(data_copy):
    os.remove(os.path.join(data_copy, "glossary.yml"))
    with open(os.path.join(data_copy, "causes.yml"), "a") as fh:
        fh.write("\n- id: [unclosed\n")
    found = problems(data_copy)
    assert "data/glossary.yml: file is missing" in found
    assert any(re.match(r"data/causes\.yml:\d+: not valid YAML: ", p) for p in found), found


def test_site_settings_need_every_label(data_copy):
    path = os.path.join(data_copy, "site.yml")
    site = yaml.safe_load(open(path))
    del site["evidence"]["may-help"]
    yaml.safe_dump(site, open(path, "w"))
    assert any("data/site.yml" in p and "evidence" in p and "may-help" in p for p in problems(data_copy))


def test_every_problem_is_reported_at_once(data_copy):
    edit(data_copy, "treatments.yml", change_field("heat", "evidence", "x"))
    edit(data_copy, "causes.yml", change_field("sciatica", "symptoms", ["x"]))
    found = problems(data_copy)
    assert any("treatments.yml" in p for p in found) and any("causes.yml" in p for p in found)


def test_bad_data_stops_the_build_with_the_message(project):
    edit(os.path.join(project, "data"), "treatments.yml", change_field("massage", "evidence", "magic"))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert (
        re.search(r"data/treatments\.yml:\d+: entry 'massage'", result.stdout) and "field 'evidence'" in result.stdout
    )
    assert not os.path.exists(os.path.join(project, "site", "index.html"))
