"""Readers can report a problem: every page, online and offline, has a mailto: link with the page filled in."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.build import mkdocs_build
from helpers.site import pages, soup

from backspasm_site.paths import front_matter

ADDRESS = "corrections@backspasmguide.example.org"  # report_address in mkdocs.yml


def _report(site, rel):
    links = soup(site, rel).select("p.report-problem a")
    assert len(links) == 1, rel
    parts = urlsplit(links[0]["href"])
    assert parts.scheme == "mailto", rel
    return links[0], parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


@pytest.mark.parametrize("which", ["online", "offline"])
def test_every_page_has_a_filled_in_report_link(which, site_dir, offline_site_dir, data):
    site = site_dir if which == "online" else offline_site_dir
    built = pages(site)
    assert len(built) > 20
    for rel in built:
        link, address, fields = _report(site, rel)
        assert link.get_text() == data.site.labels.report_link
        assert address == ADDRESS
        title = soup(site, rel).find("h1").get_text().strip()
        assert title in fields["subject"], rel
        assert f"Page: {title}" in fields["body"], rel
        assert "Address: " in fields["body"] and "Reviewed: " in fields["body"], rel
        assert not link.find_parent("form") and not soup(site, rel).select("form[action]"), rel


@pytest.mark.parametrize("which, rel", [("online", "treatments/heat/index.html"), ("offline", "treatments/heat.html")])
def test_the_report_has_the_pages_web_address_and_review_date(site_dir, offline_site_dir, which, rel):
    _, _, fields = _report(site_dir if which == "online" else offline_site_dir, rel)
    reviewed = front_matter(os.path.join(os.path.dirname(site_dir), "docs", "treatments", "heat.md"))["reviewed"]
    assert "Address: https://backspasmguide.example.org/treatments/heat/\n" in fields["body"]
    assert f"Reviewed: {reviewed}\n" in fields["body"]


def test_the_address_can_be_set_by_environment(project):
    result = mkdocs_build(project, extra_env={"REPORT_ADDRESS": "editor@example.net"})
    assert result.returncode == 0, result.stdout
    _, address, _ = _report(os.path.join(project, "site"), "treatments/cold/index.html")
    assert address == "editor@example.net"
