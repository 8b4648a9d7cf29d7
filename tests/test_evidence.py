"""Evidence labels come from what the key sources say, by one rule (backspasm_site/content/evidence.py)."""

from __future__ import annotations

import itertools
import os
import random

import pytest
from helpers.site import article, page_for

from backspasm_site.content.evidence import GUIDELINE_WORDS, REVIEW_WORDS, evidence_label, rule_steps
from backspasm_site.content.load import _kinds, load
from backspasm_site.paths import ROOT


@pytest.fixture(scope="module")
def data():
    return load(os.path.join(ROOT, "data"), os.path.join(ROOT, "docs"))


def signature(d, positions):
    return tuple(sorted(_kinds(d, positions)))


def test_same_positions_always_give_the_same_label(data):
    by_signature = {}
    for t in data.treatments.values():
        by_signature.setdefault(signature(data, t.positions), set()).add(t.evidence)
        for pc in t.per_cause:
            by_signature.setdefault(signature(data, pc.positions), set()).add(t.cause_evidence[pc.cause])
    assert all(len(labels) == 1 for labels in by_signature.values()), by_signature
    # several treatments share a picture, so the check above compares real pairs
    assert (
        sum(
            1
            for t in data.treatments.values()
            if [
                u
                for u in data.treatments.values()
                if signature(data, u.positions) == signature(data, t.positions) and u.id != t.id
            ]
        )
        >= 6
    )


def test_order_and_which_source_said_it_do_not_matter():
    rng = random.Random(7)
    words = [("guideline", w) for w in sorted(GUIDELINE_WORDS)] + [("review", w) for w in sorted(REVIEW_WORDS)]
    for _ in range(500):
        positions = rng.sample(words, rng.randint(1, 4))
        labels = {evidence_label(list(p)) for p in itertools.permutations(positions)}
        assert len(labels) == 1, positions


def test_the_three_split_decisions_get_one_label(data):
    """Clinical review 4.1: NICE against or silent, ACP an option -> the same label each time."""
    labels = {data.treatments[t].evidence for t in ("acupuncture", "muscle-relaxants", "nerve-pain-medicines")}
    assert labels == {"guidelines-disagree"}


@pytest.mark.parametrize(
    "positions, label",
    [
        ([("guideline", "consider"), ("guideline", "recommend"), ("review", "small-benefit")], "recommended"),
        ([("guideline", "consider"), ("guideline", "consider")], "may-help"),
        ([("guideline", "do-not-offer"), ("guideline", "consider")], "guidelines-disagree"),
        ([("guideline", "no-recommendation"), ("guideline", "consider")], "guidelines-disagree"),
        ([("guideline", "do-not-offer"), ("guideline", "last-resort")], "not-recommended"),
        ([("guideline", "not-covered"), ("review", "no-benefit")], "not-recommended"),
        ([("guideline", "not-covered"), ("review", "small-benefit")], "may-help"),
        ([("guideline", "not-covered"), ("review", "too-little-research")], "little-evidence"),
        ([("guideline", "not-covered")], "little-evidence"),
    ],
)
def test_rule_cases(positions, label):
    assert evidence_label(positions) == label


def test_every_label_the_rule_gives_is_defined_in_site_settings(data):
    assert {label for label, _ in rule_steps()} <= set(data.site.evidence)


def test_cause_pages_show_the_per_cause_label(site_dir, data):
    checked = 0
    for t in data.treatments.values():
        for pc in t.per_cause:
            art = article(site_dir, page_for(site_dir, data.causes[pc.cause].page))
            row = next(tr for tr in art.select("div.treatment-table tbody tr") if tr.td.a.get_text() == t.name)
            cause_label = data.site.evidence[t.cause_evidence[pc.cause]].label
            assert [b.get_text() for b in row.select(".badge")] == [cause_label], (t.id, pc.cause)
            assert pc.note.split(".")[0] in row.get_text(), (t.id, pc.cause)
            checked += 1
    assert checked >= 5
    # and the surgery picture differs by cause, as NICE's does (clinical review S10)
    surgery = data.treatments["surgery"]
    assert surgery.evidence == "not-recommended" and surgery.label_for("sciatica") == "may-help"
    assert data.treatments["spinal-injections"].label_for("sciatica") == "may-help"
    assert data.treatments["back-supports"].label_for("pregnancy") != "not-recommended"


def test_treatment_page_shows_what_each_source_says_and_per_cause_labels(site_dir, data):
    t = data.treatments["surgery"]
    art = article(site_dir, page_for(site_dir, t.page.split("#")[0]))
    box = art.select_one("div.admonition.info p.positions").parent  # the evidence box (not the copy's status box)
    assert len(box.select_one("p.positions").select("sup.cite")) == len(t.positions)
    for pc in t.per_cause:
        label = data.site.evidence[t.cause_evidence[pc.cause]].label
        assert any(pc.note in p.get_text() and label in p.get_text() for p in box.select("p")), pc.cause


def test_legend_explains_the_rule_in_the_order_it_runs(site_dir):
    art = article(site_dir, page_for(site_dir, "treatments/index.md"))
    steps = [li.get_text(" ") for li in art.select("ol.evidence-rule li")]
    assert len(steps) == len(rule_steps())
    for shown, (_label, words) in zip(steps, rule_steps()):
        assert words in shown
