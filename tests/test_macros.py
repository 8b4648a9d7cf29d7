"""Each macro's output, from the real data, without a build."""
from __future__ import annotations

import os
import re

import markdown
import pytest

from conftest import ROOT
from macros.data import load
from macros.render import MacroError, PageRenderer


@pytest.fixture(scope="module")
def data():
    return load(os.path.join(ROOT, "data"), os.path.join(ROOT, "docs"))


def html(md_text):
    return markdown.markdown(md_text, extensions=["tables", "admonition", "attr_list", "md_in_html", "def_list"])


def r(data, page="treatments/heat.md", sources=()):
    return PageRenderer(data, page, sources)


def test_links_are_relative_to_the_page(data):
    assert r(data, "causes/sciatica.md").link("treatments/heat.md") == "../treatments/heat.md"
    assert r(data, "index.md").link("treatments/heat.md#x") == "treatments/heat.md#x"
    assert r(data, "treatments/heat.md").link("treatments/index.md#evidence-labels") == "index.md#evidence-labels"


def test_evidence_badge_is_text_with_a_class(data, ):
    t = data.treatments["heat"]
    badge = r(data).evidence_badge("heat")
    label = data.site.evidence[t.evidence].label
    assert badge == f'<span class="badge evidence-{t.evidence}">{label}</span>'


def test_treatment_table_unfiltered_lists_every_treatment_with_header(data):
    out = html(r(data, "treatments/index.md").treatment_table())
    assert "<thead>" in out and "<th>Evidence</th>" in out
    rows = re.findall(r"<tr>\s*<td>", out)
    assert len(rows) == len(data.treatments)
    for t in data.treatments.values():
        assert f">{t.name}</a>" in out
        assert data.site.evidence[t.evidence].label in out


def test_treatment_table_filters_by_cause_and_kind(data):
    rend = r(data, "causes/sciatica.md")
    out = rend.treatment_table(cause="sciatica")
    expected = {t.name for t in data.treatments.values() if "sciatica" in t.helps_with}
    shown = set(re.findall(r"^\| \[([^\]]+)\]", out, re.M))
    assert shown == expected
    meds = r(data).treatment_table(kind="medicine")
    assert set(re.findall(r"^\| \[([^\]]+)\]", meds, re.M)) == {
        t.name for t in data.treatments.values() if t.kind == "medicine"}
    with pytest.raises(MacroError, match="unknown cause id 'nope'"):
        rend.treatment_table(cause="nope")
    with pytest.raises(MacroError, match="unknown kind"):
        rend.treatment_table(kind="nope")


def test_table_is_sorted_best_evidence_first(data):
    out = r(data).treatment_table()
    grades = re.findall(r'class="badge evidence-([a-z-]+)"', out)
    order = ["recommended", "may-help", "guidelines-disagree", "little-evidence", "not-recommended"]
    assert grades == sorted(grades, key=order.index)


def test_citations_are_numbered_per_page_and_listed(data):
    rend = r(data, "treatments/heat.md", ["NHS-BP", "ACP-2017", "NICE-NG59"])
    first = rend.cite("ACP-2017")
    again = rend.cite("ACP-2017")
    second = rend.cite("COCH-HEAT")
    assert "[[1]](#ref-acp-2017" in first and first == again
    assert "[[2]](#ref-coch-heat" in second
    refs = rend.references()
    assert refs.startswith("## Sources")
    ids = re.findall(r'<li id="(ref-[a-z0-9-]+)">', refs)
    # cited first, in citation order, then the rest of the front-matter sources
    assert ids == ["ref-acp-2017", "ref-coch-heat", "ref-nhs-bp", "ref-nice-ng59"]
    with pytest.raises(MacroError, match="unknown source key 'NOPE'"):
        rend.cite("NOPE")
    assert r(data, "about/index.md").references() == ""


def test_cross_links_both_ways(data):
    for t in data.treatments.values():
        out = r(data, "treatments/x.md").causes_for(t.id)
        for cid in t.helps_with:
            assert f"[{data.causes[cid].name}](../causes/{cid}.md)" in out
    for c in data.causes.values():
        out = r(data, "causes/x.md").treatments_for(c.id)
        for t in data.treatments_by_cause[c.id]:
            assert f"[{t.name}](" in out


def test_red_flags_lists_every_emergency_symptom(data):
    out = r(data, "index.md").red_flags()
    assert out.startswith('!!! danger "')
    emergencies = [s for s in data.symptoms.values() if s.urgency == "emergency"]
    assert emergencies
    for s in emergencies:
        assert f"- {s.name}" in out
    assert "(when-to-get-help.md)" in out
    for n in data.site.emergency.numbers:
        assert n.number in out
    rendered = html(out)
    assert 'class="admonition danger"' in rendered


def test_symptom_index_shows_urgency_in_words_and_links(data):
    out = r(data, "symptoms.md").symptom_index()
    for s in data.symptoms.values():
        for phrase in s.phrases:
            assert f"| {phrase} |".lower() in out.lower()
    for level, info in data.site.urgency.items():
        if any(s.urgency == level for s in data.symptoms.values()):
            assert f'<span class="badge urgency-{level}">{info.label}</span>' in out
    letters = re.findall(r"^### (.)$", out, re.M)
    assert letters == sorted(letters)


def test_spelling_variants_are_added(data):
    rend = r(data)
    assert "slipped disk" in [w.lower() for w in rend.d_variants(["slipped disc"])]
    assert "aching back" in rend.d_variants(["ache back"]) or "aching back" in rend.d_variants(["achy back"])


def test_also_called(data):
    out = r(data).also_called("heat")
    assert out.startswith('<p class="also-called"><strong>Also called:</strong>')
    for word in data.treatments["heat"].also_called:
        assert word in out
    with pytest.raises(MacroError):
        r(data).also_called("nope")


def test_evidence_summary_and_cautions(data):
    t = data.treatments["massage"]
    out = r(data, "treatments/massage.md").evidence_summary("massage")
    assert out.startswith('!!! info "What the evidence says"')
    assert data.site.evidence[t.evidence].explanation in out
    assert t.evidence_note.split(".")[0] in out
    assert r(data).cautions("massage") == "".join(f"- {c}\n" for c in t.cautions)


def test_emergency_numbers_and_disclaimer(data):
    text = r(data).emergency_numbers()
    assert text.startswith("999 (UK), 911 (US and Canada) or 112 (Europe)")
    assert text.endswith("or your local emergency number")
    assert all(p in r(data).disclaimer() for p in data.site.disclaimer.full)


def test_source_list_and_glossary(data):
    out = r(data, "about/sources.md").source_list()
    for key in data.sources:
        assert f'id="src-{key.lower()}"' in out
    gl = html(r(data, "about/glossary.md").glossary())
    assert gl.count("<dt>") == len(data.glossary)


def test_get_help_routes_to_each_tier(data):
    out = r(data, "treatments/heat.md").get_help()
    for level in ("see-a-doctor", "urgent", "emergency"):
        u = data.site.urgency[level]
        assert f"(../when-to-get-help.md#{level})" in out
        assert u.when[1:] in out and u.action in out
        assert f'<span class="badge urgency-{level}">{u.label}</span>' in out
