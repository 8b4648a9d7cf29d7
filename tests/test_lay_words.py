"""What readers see as "Also called" is names, spelled right; search helpers stay in search-only fields."""

from __future__ import annotations

import glob
import os
import re

import pytest

from backspasm_site.content.models import Topic
from backspasm_site.paths import DOCS

DICTIONARIES = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def named(data):
    return [*data.treatments.values(), *data.causes.values(), *data.topics.values()]


@pytest.fixture(scope="module")
def known(data):
    missing = [d for d in DICTIONARIES if not os.path.exists(d)]
    if missing:
        pytest.fail(f"{missing} missing: `make test` installs Debian's wamerican and wbritish")
    words = set()
    for path in DICTIONARIES:
        words |= {w.strip().lower() for w in open(path, encoding="utf-8")}
    for path in glob.glob(os.path.join(DOCS, "**", "*.md"), recursive=True):
        words |= {w.lower() for w in WORD.findall(open(path, encoding="utf-8").read())}
    return words | {w.lower() for w in data.site.known_names}


def test_shown_names_are_spelled_right(data, known):
    """Each word of a shown name is in an English dictionary, on one of our pages, or in known_names."""
    bad = []
    for item in named(data):
        for name in item.also_called:
            for word in WORD.findall(name):
                parts = [word, *word.split("-")]
                if not any(p.lower() in known for p in parts):
                    bad.append(f"{item.id}: '{name}' ({word})")
    assert not bad, "not a known word (a misspelling? move it to search_terms): " + "; ".join(bad)


def test_the_check_would_catch_a_misspelling(known):
    assert "ibuprofin" not in known and "siatica" not in known and "paracetemol" not in known
    assert "ibuprofen" in known and "sciatica" in known and "osteopath" in known


def test_shown_names_are_not_plurals_of_each_other(data):
    for item in named(data):
        names = [item.name.lower(), *(n.lower() for n in item.also_called)]
        for n in names:
            for plural in (n + "s", n + "es"):
                assert plural not in names, (
                    f"{item.id}: '{n}' and '{plural}' (keep one; the other goes in search_terms)"
                )


def test_shown_names_are_not_the_readers_own_phrases(data):
    for item in named(data):
        for name in item.also_called:
            assert not re.search(r"\b(i|me|my|myself)\b", name, re.IGNORECASE), (item.id, name)
    with pytest.raises(ValueError, match="search_terms"):
        Topic(id="x", name="X", also_called=["pain down my leg"], page="x.md")


def test_search_only_words_reach_the_index_but_not_the_page(site_dir, data):
    import json

    from helpers.site import article

    index = json.load(open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8"))
    by_loc = {d["location"]: d for d in index["docs"]}
    assert "siatica" in by_loc["causes/sciatica/"]["synonyms"].split()
    assert {"caesarean", "postpartum"} <= set(by_loc["causes/pregnancy/"]["synonyms"].split())
    assert "last" in by_loc["self-care/"]["questions"].split()  # "how long does a back spasm last?"
    shown = article(site_dir, "causes/sciatica/index.html").select_one(".also-called").get_text(" ")
    assert "siatica" not in shown and "my leg" not in shown and "sciatic nerve pain" in shown
    shown = article(site_dir, "treatments/pain-relievers/index.html").select_one(".also-called").get_text(" ")
    assert "ibuprofen" in shown and "ibuprofin" not in shown
