"""Citation coverage: medical and safety advice on every page carries a source (scripts/citation_coverage.py)."""

from __future__ import annotations

import os

from bs4 import BeautifulSoup

from backspasm_site.quality.citations import (
    ADVICE_WORDS,
    THRESHOLD,
    advice_words,
    check_html,
    check_site,
    main,
    overall,
    table,
)

CITE = '<sup class="cite">[<a href="#ref-nhs-bp">1</a>]</sup>'


def page(body):
    return f"<html><body><article class='md-content__inner md-typeset'><h1>T</h1>{body}</article></body></html>"


def write_site(root, pages):
    for rel, body in pages.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(page(body))
    return str(root)


def test_every_page_cites_its_advice(site_dir):
    results = check_site(site_dir)
    print("\nCitation coverage of medical and safety advice (paragraphs, list items, table rows):")
    print(table(results))
    assert len(results) >= 30, "expected every built page outside about/"
    assert not any(r.page.startswith("about/") for r in results)
    below = [f"{r.page}: {r.cited}/{r.advice} ({r.share:.1f}%)" for r in results if not r.passes()]
    assert not below, (
        f"pages below {THRESHOLD:g}% citation coverage (run scripts/citation_coverage.py site --uncited): {below}"
    )


def test_an_uncited_advice_paragraph_fails(tmp_path, capsys):
    site = write_site(
        tmp_path,
        {
            "index.html": f"<p>Ask a pharmacist about ibuprofen.{CITE}</p>",
            "causes/x/index.html": "<p>Take ibuprofen for a few days.</p><p>Your back has many muscles.</p>",
        },
    )
    assert main([site]) == 1
    out = capsys.readouterr().out
    assert "causes/x/index.html" in out and "below 95%" in out
    result = check_html(page("<p>Take ibuprofen for a few days.</p>"))
    assert (result.advice, result.cited) == (1, 0)
    assert not result.passes()


def test_cited_advice_passes_and_about_pages_are_not_checked(tmp_path):
    site = write_site(
        tmp_path,
        {
            "index.html": f"<p>Call 999 if both legs go numb.{CITE}</p>",
            "about/x/index.html": "<p>Take ibuprofen for a few days.</p>",
        },
    )
    assert main([site]) == 0
    results = check_site(site)
    assert [r.page for r in results] == ["index.html"]
    assert overall(results) == (1, 1, 100.0)


def test_each_kind_of_advice_is_found():
    samples = {
        "medicine": "Ask a pharmacist before you take naproxen.",
        "procedure": "A scan is rarely needed.",
        "pregnancy": "Tell your midwife about the pain.",
        "risk": "This raises the risk of a fall.",
        "urgent action": "Go to A&E now.",
    }
    assert set(samples) == set(ADVICE_WORDS)
    for kind, text in samples.items():
        assert kind in {k for k, _ in advice_words(text)}, (kind, text)
    assert advice_words("Your back has lots of muscles. This is called a spasm.") == []
    # short capitalised terms match only in capitals: "tens", "er" and "gp" are not advice words
    assert advice_words("Tens of people came. Er, it was fine. gp") == []
    assert {w for _, w in advice_words("Ask your GP. Use a TENS machine.")} == {"GP", "TENS"}


def test_rows_items_and_navigation():
    html = page(
        "<table><thead><tr><th>Treatment</th><th>Sources</th></tr></thead><tbody>"
        f"<tr><td>Surgery</td><td>{CITE}</td></tr>"
        "<tr><td>Injections</td><td></td></tr></tbody></table>"
        f"<ul><li>Avoid heavy lifting.{CITE}<ul><li>Do not take two NSAIDs.</li></ul></li></ul>"
        "<p>Read more in <a href='../when-to-get-help/'>emergency signs</a>.</p>"
        "<p class='admonition-title'>Urgent help</p>"
        "<aside class='page-info'><p>It does not replace advice from a doctor.</p></aside>"
        "<ol class='references'><li id='ref-x'>A doctor's guide</li></ol>"
    )
    result = check_html(html)
    got = [(b.tag, b.text, b.cited) for b in result.blocks]
    assert got == [
        ("tr", "Surgery", True),
        ("tr", "Injections", False),
        ("li", "Avoid heavy lifting.", True),
        ("li", "Do not take two NSAIDs.", False),
    ]


def test_a_link_to_a_source_counts_as_a_citation():
    html = page('<ul><li>Trouble breathing means call 999. <a href="../about/sources/#src-nhs-bp">[2]</a></li></ul>')
    assert check_html(html).cited == 1


def test_a_real_page_with_its_citations_removed_fails(site_dir):
    rel = "causes/sciatica/index.html"
    with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
        soup = BeautifulSoup(fh.read(), "html.parser")
    before = check_html(str(soup), rel)
    assert before.advice >= 10 and before.cited > 0
    for sup in soup.select("sup.cite"):
        sup.decompose()
    after = check_html(str(soup), rel)
    assert after.advice == before.advice
    assert after.cited == 0 and not after.passes()


def test_a_name_is_not_advice_but_a_doctor_visit_is():
    assert advice_words("Doctors call this a slipped disc.") == []
    assert advice_words("Doctors name this sciatica.") == []
    assert {k for k, _ in advice_words("See a doctor if it gets worse.")} == {"urgent action"}
