"""Text is text: hostile front matter is inert in every built page, online and offline.

Validation refuses markup in titles and descriptions (tests/test_bad_input.py). This test switches
that refusal off (in the build's own process only) to prove the second line of defence: every
template, Material's included, prints the fields escaped. The review's inputs: a description that
closes its attribute and opens a script, a title with a tag, a description with a double quote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from backspasm_site.paths import copy_project, mkdocs_env

HOSTILE_DESCRIPTION = 'Heat "><script>document.title="PWNED"</script>'
HOSTILE_TITLE = "Heat & ice <fast> for a spasm"
QUOTED_DESCRIPTION = 'Why a "heat pack" helps, and when it does not.'

# a build with the markup refusal switched off in its process: only the templates stand in the way
BUILD_WITHOUT_REFUSAL = (
    "import re, sys; import backspasm_site.content.models as m; m.MARKUP = re.compile(r'(?!)'); "
    "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--strict', '--quiet', '--site-dir', sys.argv[1]]; "
    "cli()"
)


def _front(project, rel, field, value):
    path = os.path.join(project, "docs", rel)
    lines = open(path, encoding="utf-8").read().split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith(field + ":"))
    lines[i] = f"{field}: {json.dumps(value)}"
    open(path, "w", encoding="utf-8").write("\n".join(lines))


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    _front(project, "treatments/heat.md", "description", HOSTILE_DESCRIPTION)
    _front(project, "treatments/heat.md", "title", HOSTILE_TITLE)
    _front(project, "treatments/cold.md", "description", QUOTED_DESCRIPTION)
    sites = {}
    for offline in (False, True):
        site = os.path.join(project, "site-offline" if offline else "site")
        proc = subprocess.run(
            [sys.executable, "-c", BUILD_WITHOUT_REFUSAL, site],
            cwd=project,
            env=mkdocs_env(offline),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.returncode == 0, proc.stdout
        sites["offline" if offline else "online"] = site
    return sites


def _page(site, rel_dir):
    for cand in (f"{rel_dir}/index.html", f"{rel_dir}.html"):
        path = os.path.join(site, cand)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(rel_dir)


@pytest.mark.parametrize("which", ["online", "offline"])
def test_hostile_fields_are_text_on_their_page(hostile_sites, which):
    soup = BeautifulSoup(open(_page(hostile_sites[which], "treatments/heat"), encoding="utf-8").read(), "html.parser")
    assert soup.find("fast") is None
    assert not [
        s for s in soup.find_all("script") if "PWNED" in (s.string or "") and s.get("type") != "application/ld+json"
    ]
    assert soup.find("meta", attrs={"name": "description"})["content"] == HOSTILE_DESCRIPTION
    assert soup.find("meta", attrs={"property": "og:description"})["content"] == HOSTILE_DESCRIPTION
    assert soup.find("meta", attrs={"property": "og:title"})["content"] == HOSTILE_TITLE
    assert soup.title.string == f"{HOSTILE_TITLE} - Back Spasm Guide"
    assert soup.find("h1").get_text() == HOSTILE_TITLE
    schema = json.loads(soup.find("script", attrs={"type": "application/ld+json"}).string)
    assert (schema["name"], schema["description"]) == (HOSTILE_TITLE, HOSTILE_DESCRIPTION)
    cold = BeautifulSoup(open(_page(hostile_sites[which], "treatments/cold"), encoding="utf-8").read(), "html.parser")
    assert cold.find("meta", attrs={"name": "description"})["content"] == QUOTED_DESCRIPTION


@pytest.mark.parametrize("which", ["online", "offline"])
def test_a_hostile_title_is_text_in_every_pages_nav(hostile_sites, which):
    site = hostile_sites[which]
    count = 0
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html") and not folder.startswith(os.path.join(site, "assets")):
                text = open(os.path.join(folder, name), encoding="utf-8").read()
                assert "<fast>" not in text and "<script>document.title" not in text, os.path.join(folder, name)
                count += "Heat &amp; ice &lt;fast&gt; for a spasm" in text
    assert count > 20  # the title is in the nav of every page, as text


def test_hostile_fields_do_nothing_in_a_browser(hostile_sites, browser):
    for which in ("online", "offline"):
        ctx = browser.new_context(java_script_enabled=True)
        page = ctx.new_page()
        page.goto("file://" + _page(hostile_sites[which], "treatments/heat"))
        assert "PWNED" not in page.title()
        assert page.title() == f"{HOSTILE_TITLE} - Back Spasm Guide"
        assert page.locator("fast").count() == 0
        assert page.locator("h1").first.inner_text() == HOSTILE_TITLE
        ctx.close()
