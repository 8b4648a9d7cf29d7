"""The built site: disclaimer everywhere, generated links resolve, one evidence label per treatment."""

from __future__ import annotations

import json
import os

import yaml
from helpers.build import mkdocs_build
from helpers.site import article, has_anchor, page_for, pages, resolve, soup

from backspasm_site.content.load import load
from backspasm_site.paths import ROOT


def test_every_page_has_disclaimer_and_urgent_help_link(site_dir, data):
    built = pages(site_dir)
    assert len(built) >= 40
    short = " ".join(data.site.disclaimer.short.split())
    for rel in built:
        s = soup(site_dir, rel)
        assert short in " ".join(s.select_one(".page-info .disclaimer").get_text(" ").split()), rel
        links = s.select("a.urgent-help")
        assert len(links) >= 2, rel  # banner and footer
        for a in links:
            target, _ = resolve(site_dir, rel, a["href"])
            assert target == page_for(site_dir, "when-to-get-help.md"), (rel, a["href"])


def test_every_page_shows_review_dates_and_meta(site_dir):
    for rel in pages(site_dir):
        s = soup(site_dir, rel)
        times = s.select(".review-dates time")
        assert len(times) == 2, rel
        assert s.find("meta", attrs={"name": "description"})["content"].strip(), rel
        assert s.find("link", rel="canonical"), rel


def test_no_placeholder_text_left(site_dir):
    for rel in pages(site_dir):
        text = soup(site_dir, rel).get_text()
        assert "PLACEHOLDER" not in text, rel


def test_every_link_in_generated_tables_resolves(site_dir):
    checked = 0
    for rel in pages(site_dir):
        art = article(site_dir, rel)
        for a in art.select("table a[href]"):
            res = resolve(site_dir, rel, a["href"])
            if res is None:
                continue
            target, fragment = res
            assert os.path.isfile(os.path.join(site_dir, target)), (rel, a["href"])
            assert has_anchor(site_dir, target, fragment), (rel, a["href"])
            checked += 1
    assert checked > 100


def _label_in_row(site_dir, rel, treatment):
    """Evidence label shown in the table row that links to this treatment's page."""
    target_page = page_for(site_dir, treatment.page.split("#")[0])
    fragment = treatment.page.partition("#")[2]
    labels = []
    for row in article(site_dir, rel).select("table tr"):
        a = row.find("a", href=True)
        if not a:
            continue
        res = resolve(site_dir, rel, a["href"])
        if res and res == (target_page, fragment):
            labels.append(row.select_one(".badge").get_text())
    return labels


def test_same_evidence_label_everywhere(site_dir, data):
    overview = page_for(site_dir, "treatments/index.md")
    for t in data.treatments.values():
        label = data.site.evidence[t.evidence].label
        assert _label_in_row(site_dir, overview, t) == [label], t.id
        for cid in t.helps_with:
            cause_label = data.site.evidence[t.label_for(cid)].label  # per-cause positions, where recorded
            assert _label_in_row(site_dir, page_for(site_dir, data.causes[cid].page), t) == [cause_label], (t.id, cid)
        own = article(site_dir, page_for(site_dir, t.page.split("#")[0]))
        badges = {b.get_text() for b in own.select(f".badge.evidence-{t.evidence}")}
        assert label in badges, t.id


def test_changing_evidence_in_data_changes_it_everywhere(project):
    """The label comes from the positions: change what a guideline says and every page follows."""
    path = os.path.join(project, "data", "treatments.yml")
    items = yaml.safe_load(open(path))
    heat = next(t for t in items if t["id"] == "heat")
    old_d = load(os.path.join(ROOT, "data"), os.path.join(ROOT, "docs"))
    old = old_d.treatments["heat"].evidence
    acp = next(p for p in heat["positions"] if p["source"] == "ACP-2017")
    acp["says"] = "do-not-offer"  # recommended -> not recommended
    yaml.safe_dump(items, open(path, "w"), sort_keys=False, allow_unicode=True)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout
    site = os.path.join(project, "site")
    d = load(os.path.join(project, "data"), os.path.join(project, "docs"))
    t = d.treatments["heat"]
    new = t.evidence
    assert (old, new) == ("recommended", "not-recommended")
    new_label, old_label = d.site.evidence[new].label, d.site.evidence[old].label
    places = [page_for(site, "treatments/index.md")] + [page_for(site, d.causes[c].page) for c in t.helps_with]
    for rel in places:
        assert _label_in_row(site, rel, t) == [new_label], rel
    own = article(site, page_for(site, "treatments/heat.md"))
    assert own.select(f".badge.evidence-{new}") and not own.select(f".badge.evidence-{old}")
    assert old_label not in [b.get_text() for b in own.select(".badge")]


def test_glossary_tooltips_on_pages(site_dir, data):
    found = 0
    for rel in pages(site_dir):
        for abbr in article(site_dir, rel).select("abbr[title]"):
            assert abbr.get_text() in data.glossary, (rel, abbr.get_text())
            assert abbr["title"] == data.glossary[abbr.get_text()].definition
            found += 1
    assert found > 20


def test_no_brand_from_the_article_is_named(site_dir):
    for rel in pages(site_dir):
        assert "teeter" not in soup(site_dir, rel).get_text().lower(), rel


def test_publishing_metadata_on_every_page(site_dir):
    for rel in pages(site_dir):
        s = soup(site_dir, rel)
        assert s.find("meta", property="og:title")["content"].strip(), rel
        assert (
            s.find("meta", property="og:description")["content"]
            == s.find("meta", attrs={"name": "description"})["content"]
        ), rel
        ld = json.loads(s.find("script", type="application/ld+json").get_text())
        assert ld["@type"] == "MedicalWebPage", rel
        reviewed = s.select_one(".review-dates time")["datetime"]
        assert ld["lastReviewed"] == reviewed, rel
        assert ld["url"] == s.find("link", rel="canonical")["href"], rel


def test_sitemap_robots_and_404(site_dir):
    sitemap = open(os.path.join(site_dir, "sitemap.xml"), encoding="utf-8").read()
    assert sitemap.count("<loc>") == len(pages(site_dir))
    robots = open(os.path.join(site_dir, "robots.txt"), encoding="utf-8").read()
    assert "Sitemap: " in robots and robots.strip().splitlines()[-1].endswith("/sitemap.xml")
    s = soup(site_dir, "404.html")
    assert s.select_one("a.urgent-help"), "404 page must still show how to get urgent help"


def test_site_url_comes_from_the_environment(project):
    # a public build refuses example addresses (publish checks), so this one looks real
    result = mkdocs_build(
        project,
        extra_env={
            "SITE_URL": "https://health.backspasm-guide.org/back/",
            "REPORT_ADDRESS": "corrections@backspasm-guide.org",
        },
    )
    assert result.returncode == 0, result.stdout
    site = os.path.join(project, "site")
    canonical = soup(site, "treatments/heat/index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://health.backspasm-guide.org/back/treatments/heat/"
    assert (
        "Sitemap: https://health.backspasm-guide.org/back/sitemap.xml" in open(os.path.join(site, "robots.txt")).read()
    )
