"""Each macro's output, from the real data, without a build.

Table, list and box macros return a placeholder line; ``expand`` swaps their HTML in after
Markdown, and ``expand_late`` the blocks kept out of search, after the search plugin. ``to_html``
does all three steps, the way a build does, and fails if a block went missing. ``r()`` gives a
page whose macros are called as methods (``r(data).cite("NICE-NG59")``), as a page calls them.
"""

from __future__ import annotations

import copy
import functools
import re

import markdown
import pytest
from bs4 import BeautifulSoup

from backspasm_site.render import MACROS, MacroError, PageContext
from backspasm_site.render.citations import group_citations

EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "def_list", "toc"]


class MacroPage:
    """A page context whose macros are methods; anything else is the context's own."""

    def __init__(self, context):
        self.context = context

    def __getattr__(self, name):
        if name in MACROS:
            return functools.partial(MACROS[name], self.context)
        return getattr(self.context, name)

    def expand(self, html):
        return self.context.blocks.expand(html)

    def expand_late(self, html):
        return self.context.blocks.expand_late(html)


def r(data, page="treatments/heat.md", sources=(), use_directory_urls=True):
    return MacroPage(PageContext(data, page, sources, use_directory_urls))


def to_html(rend, md_text):
    page, missing = rend.expand(markdown.markdown(md_text, extensions=EXTENSIONS))
    assert not missing, f"blocks {missing} were not placed"
    page = rend.expand_late(page)
    assert "guide-block-" not in page
    return BeautifulSoup(page, "html.parser")


def test_links_are_written_as_mkdocs_writes_them(data):
    # directory URLs (the online site) and .html files (the offline copy)
    assert r(data, "causes/sciatica.md").href("treatments/heat.md") == "../../treatments/heat/"
    assert r(data, "index.md").href("treatments/heat.md#x") == "treatments/heat/#x"
    assert r(data, "treatments/heat.md").href("treatments/index.md#evidence-labels") == "../#evidence-labels"
    assert r(data, "treatments/heat.md").href("index.md") == "../../"
    offline = r(data, "causes/sciatica.md", use_directory_urls=False)
    assert offline.href("treatments/heat.md") == "../treatments/heat.html"
    assert offline.href("index.md#top") == "../index.html#top"


def test_evidence_badge_is_text_with_a_class(data):
    t = data.treatments["heat"]
    badge = r(data).evidence_badge("heat")
    label = data.site.evidence[t.evidence].label
    assert badge == f'<span class="badge evidence-{t.evidence}">{label}</span>'


def test_block_macros_return_one_placeholder_line(data):
    rend = r(data, "treatments/index.md")
    out = rend.treatment_table()
    assert re.fullmatch(r"guide-block-\d+", out)
    # a placeholder that Markdown swallowed into a paragraph is reported, not silently dropped
    _, missing = rend.expand(markdown.markdown("Text right before\n" + out))
    assert missing == [0]


def test_blocks_kept_out_of_search_arrive_after_indexing(data):
    """What the search plugin sees (after ``expand``) has no excluded block, not even its text."""
    rend = r(data, "treatments/index.md", ["NHS-BP"])
    md_text = "\n\n".join([rend.red_flags(), rend.treatment_table(), rend.references()])
    seen_by_search, missing = rend.expand(markdown.markdown(md_text, extensions=EXTENSIONS))
    assert not missing
    assert 'class="admonition danger"' in seen_by_search  # searchable: placed at once
    assert "treatment-table" not in seen_by_search and 'class="references"' not in seen_by_search
    assert "<!--guide-block-1-->" in seen_by_search and "<!--guide-block-2-->" in seen_by_search
    final = BeautifulSoup(rend.expand_late(seen_by_search), "html.parser")
    assert final.select_one("div.treatment-table[data-search-exclude] table")
    assert final.select_one("ol.references[data-search-exclude] li#ref-nhs-bp")


def test_treatment_table_unfiltered_lists_every_treatment_with_header(data):
    rend = r(data, "treatments/index.md")
    soup = to_html(rend, rend.treatment_table())
    assert [th.get_text() for th in soup.select("thead th")] == [
        "Treatment",
        "What it is",
        "Evidence",
        "Cautions",
        "Sources",
    ]
    rows = soup.select("tbody tr")
    assert len(rows) == len(data.treatments)
    names = {row.td.a.get_text() for row in rows}
    assert names == {t.name for t in data.treatments.values()}
    assert soup.select_one("div.treatment-table").has_attr("data-search-exclude")
    for t in data.treatments.values():
        row = next(row for row in rows if row.td.a.get_text() == t.name)
        assert data.site.evidence[t.evidence].label in row.get_text()
        assert row.td.a["href"] == rend.href(t.page)
        # one citation per source, numbered on this page, pointing at the page's reference list
        cells = row.select("td")
        assert len(cells[-1].select("sup.cite a")) == len(t.sources)
        # and each caution carries its own citations, next to it
        assert len(cells[3].select("sup.cite a")) == sum(len(c.sources) for c in t.cautions)


def shown(rend, md_text):
    return {row.td.a.get_text() for row in to_html(rend, md_text).select("tbody tr")}


def test_treatment_table_filters_by_cause_and_kind(data):
    rend = r(data, "causes/sciatica.md")
    assert shown(rend, rend.treatment_table(cause="sciatica")) == {
        t.name for t in data.treatments.values() if "sciatica" in t.helps_with
    }
    meds = r(data)
    assert shown(meds, meds.treatment_table(kind="medicine")) == {
        t.name for t in data.treatments.values() if t.kind == "medicine"
    }
    with pytest.raises(MacroError, match="unknown cause id 'nope'"):
        rend.treatment_table(cause="nope")
    with pytest.raises(MacroError, match="unknown kind"):
        rend.treatment_table(kind="nope")


def test_table_is_sorted_best_evidence_first(data):
    rend = r(data)
    soup = to_html(rend, rend.treatment_table())
    grades = [span["class"][1].removeprefix("evidence-") for span in soup.select("tbody span.badge")]
    order = ["recommended", "may-help", "guidelines-disagree", "little-evidence", "not-recommended"]
    assert len(grades) == len(data.treatments)
    assert grades == sorted(grades, key=order.index)


def test_citations_are_numbered_per_page_and_listed(data):
    rend = r(data, "treatments/heat.md", ["NHS-BP", "ACP-2017", "NICE-NG59"])
    first = rend.cite("ACP-2017")
    again = rend.cite("ACP-2017")
    second = rend.cite("COCH-HEAT")
    assert first == again
    link = BeautifulSoup(first, "html.parser").select_one("sup.cite a")
    assert link["href"] == "#ref-acp-2017" and link.get_text() == "1"
    assert BeautifulSoup(first, "html.parser").sup.get_text() == "[1]"
    assert "title" not in link.attrs  # the reference list names the source (no tooltip on every row)
    assert BeautifulSoup(second, "html.parser").sup.get_text() == "[2]"
    # marks side by side on one statement become one mark, each number its own link
    grouped = BeautifulSoup(group_citations(first + second), "html.parser")
    assert [s.get_text() for s in grouped.select("sup.cite")] == ["[1, 2]"]
    assert [a["href"] for a in grouped.select("sup.cite a")] == ["#ref-acp-2017", "#ref-coch-heat"]
    refs = rend.references()
    assert refs.startswith("## Sources")
    soup = to_html(rend, refs)
    assert soup.h2.get_text().startswith("Sources")
    ids = [li["id"] for li in soup.select("ol.references li")]
    assert data.sources["ACP-2017"].title in soup.select_one("li#ref-acp-2017").get_text()
    # cited first, in citation order, then the rest of the front-matter sources
    assert ids == ["ref-acp-2017", "ref-coch-heat", "ref-nhs-bp", "ref-nice-ng59"]
    with pytest.raises(MacroError, match="unknown source key 'NOPE'"):
        rend.cite("NOPE")
    assert r(data, "about/index.md").references() == ""


def test_cross_links_both_ways(data):
    for t in data.treatments.values():
        rend = r(data, "treatments/x.md")
        out = rend.causes_for(t.id)
        if not t.helps_with:
            assert "not linked to one cause" in out
            continue
        links = {a.get_text(): a["href"] for a in to_html(rend, out).select("li > a")}
        assert links == {data.causes[c].name: f"../../causes/{c}/" for c in t.helps_with}
    for c in data.causes.values():
        rend = r(data, "causes/x.md")
        names = [a.get_text() for a in to_html(rend, rend.treatments_for(c.id)).select("li > a")]
        assert sorted(names) == sorted(t.name for t in data.treatments_by_cause[c.id])


def emergency_in_groups(data):
    """The emergency signs in the order the red box shows them: grouped by what to do (data/site.yml
    emergency.actions), the signs with the level's own action first."""
    flags = [s for s in data.symptoms.values() if s.urgency == "emergency"]
    return [s for g in [None, *data.site.emergency.actions] for s in flags if s.action == g]


def test_red_flags_lists_every_emergency_symptom(data):
    rend = r(data, "index.md")
    box = to_html(rend, rend.red_flags()).select_one("div.admonition.danger")
    assert box.select_one("p.admonition-title").get_text() == "Emergency signs: get help now"
    emergencies = emergency_in_groups(data)
    assert emergencies
    items = box.select("li")
    assert [li.get_text().split("[")[0] for li in items] == [s.name for s in emergencies]
    for li, s in zip(items, emergencies):
        # each sign carries the citation numbers of its own sources
        assert [a["href"] for a in li.select("sup.cite a")] == [f"#ref-{k.lower()}" for k in s.sources]
        # and sits under what to do for it (the clinical review, N2: collapse-type signs need an ambulance)
        action = li.find_parent("ul").find_previous_sibling("p").get_text()
        expected = data.site.emergency.actions[s.action].action if s.action else data.site.urgency["emergency"].action
        assert " ".join(expected.split()) in " ".join(action.split()), s.id
    assert box.select_one('a[href="when-to-get-help/"]')
    for n in data.site.emergency.numbers:
        assert n.number in box.get_text()


def test_symptom_index_shows_urgency_in_words_and_links(data):
    rend = r(data, "symptoms.md")
    soup = to_html(rend, rend.symptom_index())
    rows = {row.td.get_text().lower(): row for row in soup.select("div.symptom-index tbody tr")}
    for s in data.symptoms.values():
        for phrase in s.phrases:
            row = rows[phrase.lower()]
            badge = row.select_one("span.badge")
            assert badge["class"] == ["badge", f"urgency-{s.urgency}"]
            assert badge.get_text() == data.site.urgency[s.urgency].label
            cells = row.select("td")
            assert cells[2].a["href"] == rend.href(s.page)
            # the sign's own sources, cited next to its urgency
            assert [x["href"] for x in cells[1].select("sup.cite a")] == [f"#ref-{k.lower()}" for k in s.sources]
    letters = [h.get_text() for h in soup.select("h3")]
    assert letters == sorted(letters) and len(letters) == len(soup.select("div.symptom-index"))
    assert all(h["id"] for h in soup.select("h3"))  # headings stay Markdown: ids, so they reach the toc


def test_spelling_variants_are_added(data):
    rend = r(data)
    assert "slipped disk" in [w.lower() for w in rend.variants(["slipped disc"])]
    assert "aching back" in rend.variants(["ache back"]) or "aching back" in rend.variants(["achy back"])


def test_also_called(data):
    out = r(data).also_called("heat")
    assert out.startswith('<p class="also-called"><strong>Also called:</strong>')
    for word in data.treatments["heat"].also_called:
        assert word in out
    with pytest.raises(MacroError):
        r(data).also_called("nope")


def test_evidence_summary_and_cautions(data):
    t = data.treatments["massage"]
    rend = r(data, "treatments/massage.md")
    box = to_html(rend, rend.evidence_summary("massage")).select_one("div.admonition.info")
    assert box.select_one("p.admonition-title").get_text() == "What the evidence says"
    assert data.site.evidence[t.evidence].explanation in box.get_text()
    assert t.evidence_note.split(".")[0] in box.get_text()
    assert box.select_one('a[href="../#evidence-labels"]')
    note = next(p for p in box.select("p") if t.evidence_note.split(".")[0] in p.get_text())
    assert len(note.select("sup.cite")) == len(t.sources)
    # what each key source says, each cited
    said = box.select_one("p.positions")
    assert len(said.select("sup.cite")) == len(t.positions)
    rend = r(data, "treatments/massage.md")
    items = to_html(rend, rend.cautions("massage")).select("li")
    assert len(items) == len(t.cautions)
    for li, c in zip(items, t.cautions):
        cites = li.select("sup.cite a")
        assert len(cites) == len(c.sources) and c.text in li.get_text()
        # the number next to the caution points at that caution's own source in the page's list
        assert [a["href"] for a in cites] == [f"#ref-{k.lower()}" for k in c.sources]


def test_generated_text_is_escaped_and_gets_glossary_tooltips(data):
    d = copy.copy(data)
    d.treatments = dict(data.treatments)
    d.treatments["heat"] = data.treatments["heat"].model_copy(
        update={
            "summary": "Warmth <b>now</b> & NSAIDs | later",
            "cautions": [data.treatments["heat"].cautions[0].model_copy(update={"text": "Not on skin that is numb"})],
        }
    )
    rend = r(d)
    soup = to_html(rend, rend.treatment_table(kind=d.treatments["heat"].kind))
    cell = next(row for row in soup.select("tbody tr") if row.td.a.get_text() == d.treatments["heat"].name)
    summary = cell.select("td")[1]
    assert summary.get_text() == "Warmth <b>now</b> & NSAIDs | later"  # shown as typed, not as markup
    assert summary.find("b") is None
    abbr = summary.find("abbr")
    assert abbr.get_text() == "NSAIDs" and abbr["title"] == data.glossary["NSAIDs"].definition


def test_emergency_numbers_and_disclaimer(data):
    html_text = r(data).emergency_numbers()
    text = BeautifulSoup(html_text, "html.parser").get_text()
    assert text.startswith("999 (UK), 911 (US and Canada) or 112 (Europe)")
    links = BeautifulSoup(html_text, "html.parser").select("a")
    assert [(a["href"], a.get_text()) for a in links] == [("tel:999", "999"), ("tel:911", "911"), ("tel:112", "112")]
    assert text.endswith("or your local emergency number")
    assert all(p in r(data).disclaimer() for p in data.site.disclaimer.full)


def test_source_list_and_glossary(data):
    rend = r(data, "about/sources.md")
    soup = to_html(rend, rend.source_list())
    assert {li["id"] for li in soup.select("ul.references li")} == {f"src-{k.lower()}" for k in data.sources}
    assert all(h["id"] for h in soup.select("h2"))
    glossary = r(data, "about/glossary.md")
    gl = to_html(glossary, glossary.glossary())
    assert len(gl.select("dt")) == len(data.glossary)


def test_get_help_routes_to_each_tier(data):
    rend = r(data, "treatments/heat.md")
    box = to_html(rend, rend.get_help()).select_one("div.get-help")
    assert box.has_attr("data-search-exclude")
    items = box.select("li")
    firsts = data.site.routes_first
    assert len(items) == 3 + len(firsts)
    # most urgent first (the brief's rule): emergency, then who must go elsewhere (data/site.yml
    # routes_first, in its order: the clinical review's N1), then same day and soon
    order = [
        ("emergency", items[0]),
        *[(None, li) for li in items[1 : 1 + len(firsts)]],
        ("urgent", items[1 + len(firsts)]),
        ("see-a-doctor", items[2 + len(firsts)]),
    ]
    for level, li in order:
        if level is None:
            continue
        u = data.site.urgency[level]
        assert li.select("a")[-1]["href"] == f"../../when-to-get-help/#{level}"
        text = " ".join(li.get_text().split())
        if level == "emergency":  # one action per group of signs (N2)
            for a in [u, *data.site.emergency.actions.values()]:
                assert " ".join(a.action.split()) in text
        else:
            assert [x["href"] for x in li.select("sup.cite a")] == [f"#ref-{k.lower()}" for k in u.sources]
            assert " ".join(u.action.split()) in text
        named = [s.summary for s in data.symptoms.values() if s.urgency == level and s.summary]
        assert named and all(n[1:] in text for n in named), level
        assert li.select_one(f"span.badge.urgency-{level}").get_text() == u.label
    for r_, li in zip(firsts, items[1 : 1 + len(firsts)]):
        text = " ".join(li.get_text().split())
        if r_.level:
            assert li.select_one(f"span.badge.urgency-{r_.level}")
        else:
            assert r_.who in text and " ".join(r_.action.split()) in text
    # the same-day line names the signs the clinical review found missing (S6)
    urgent = items[1 + len(firsts)].get_text().lower()
    for words in ("cancer", "immune system", "steroids", "inject", "thin bones"):
        assert words in urgent, words


def test_short_sign_lists_follow_the_data(data):
    """Adding a summary to a sign in data puts it in get_help() and signs_summary(); no typed copy."""
    d = copy.copy(data)
    d.symptoms = dict(data.symptoms)
    d.symptoms["recent-infection"] = data.symptoms["recent-infection"].model_copy(
        update={"summary": "a recent infection"}
    )
    rend = r(d, "treatments/heat.md")
    box = to_html(rend, rend.get_help()).select("li")[1 + len(d.site.routes_first)].get_text()
    assert "a recent infection" in box and "a recent infection" in rend.signs_summary("urgent")
    assert "a recent infection" not in r(data, "treatments/heat.md").signs_summary("urgent")


def test_claims_summary_table(data):
    rend = r(data, "about/editorial-policy.md")
    soup = to_html(rend, rend.claims_summary())
    rows = soup.select("tbody tr")
    assert len(rows) == len(data.claims)
    assert "[brand]" in soup.get_text() or not data.site.unnamed_brands
    for brand in data.site.unnamed_brands:
        assert brand.lower() not in soup.get_text().lower()
