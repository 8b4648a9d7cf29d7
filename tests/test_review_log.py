"""The review log and the sources page: how we know what we say (issue 13, sections 3 and 4)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml
from helpers.site import article, page_for

from backspasm_site.content.load import DataError, load
from backspasm_site.paths import ROOT


@pytest.fixture(scope="module")
def data():
    return load(os.path.join(ROOT, "data"), os.path.join(ROOT, "docs"))


def test_review_log_has_its_own_page_linked_from_the_editorial_policy(site_dir, data):
    # on a page of its own: it grows with every review, and the editorial policy stays light
    policy = article(site_dir, page_for(site_dir, "about/editorial-policy.md"))
    assert policy.select_one("#review-log") and not policy.select_one("div.review-log")
    assert policy.select_one("a[href$='review-log/']")
    art = article(site_dir, page_for(site_dir, "about/review-log.md"))
    table = art.select_one("div.review-log table")
    rows = table.select("tbody tr")
    assert len(rows) == len(data.reviews) >= 5
    shown = {row.select_one("time")["datetime"] for row in rows}
    assert shown == {rv.date for rv in data.reviews.values()}
    dates = [row.select_one("time")["datetime"] for row in rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    expected = sorted(data.reviews.values(), key=lambda rv: rv.date, reverse=True)
    for row, rv in zip(rows, expected):
        assert row.select_one("time")["datetime"] == rv.date
        # the page links (a tap-to-call number in the scope is a link too, but not to a page)
        assert len([a for a in row.select("td")[1].select("a") if "tel" not in (a.get("class") or [])]) == len(rv.pages)
        assert all(x.split(".")[0] in row.get_text() for x in rv.found + rv.changed)


def test_review_pages_must_exist(tmp_path):
    dest = tmp_path / "data"
    shutil.copytree(os.path.join(ROOT, "data"), dest)
    path = dest / "reviews.yml"
    items = yaml.safe_load(open(path))
    items[0]["pages"] = ["nope.md"]
    yaml.safe_dump(items, open(path, "w"), sort_keys=False, allow_unicode=True)
    with pytest.raises(DataError) as info:
        load(str(dest), os.path.join(ROOT, "docs"))
    assert any(re.match(r"data/reviews\.yml:\d+: entry", p) and "field 'pages.0'" in p for p in info.value.problems)


def test_sources_page_shows_year_checked_date_and_copies(site_dir, data):
    art = article(site_dir, page_for(site_dir, "about/sources.md"))
    for s in data.sources.values():
        li = art.find(id=f"src-{s.key.lower()}")
        text = li.get_text(" ")
        assert f"({s.year_text})" in text, s.key
        assert s.checked in li.select_one(".provenance").get_text(), s.key
        if s.seen_via:
            # after the label's colon the record's first letter is small ("read through a copy: copies of…")
            assert s.seen_via.split(" (")[0].split(",")[0].lower() in li.get_text().lower(), s.key
    # undated pages say so, and no source claims the year we looked at it as its year
    assert any(s.year == "undated" for s in data.sources.values())
    assert not any(s.year == 2026 for s in data.sources.values())
    headings = [h.get_text().rstrip("¶") for h in art.select("h2")]
    assert data.site.labels.source_types["commercial"] in headings
    assert data.site.labels.source_types["professional-reference"] in headings


def test_no_caution_or_sign_rests_on_weak_sources_alone(data):
    weak = {"commercial", "source-article"}
    for t in data.treatments.values():
        for c in t.cautions:
            # the editors' own advice cites nothing, and says so (editorial)
            assert c.editorial or any(data.sources[k].type not in weak for k in c.sources), (t.id, c.text)
    for s in data.symptoms.values():
        assert s.editorial or any(data.sources[k].type not in weak for k in s.sources), s.id
