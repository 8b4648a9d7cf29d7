"""Publishing: a public build refuses placeholder values, and the deploy workflow runs what exists."""

from __future__ import annotations

import os
import re

import pytest
import yaml
from helpers.build import mkdocs_build

from backspasm_site.paths import ROOT

WORKFLOW = os.path.join(ROOT, ".github", "workflows", "deploy.yml")
REAL = {"SITE_URL": "https://backspasm-guide.org/", "REPORT_ADDRESS": "corrections@backspasm-guide.org"}


@pytest.mark.parametrize(
    "env, setting",
    [
        ({"SITE_URL": REAL["SITE_URL"]}, "REPORT_ADDRESS"),  # the address in mkdocs.yml is example.org's
        ({"SITE_URL": REAL["SITE_URL"], "REPORT_ADDRESS": "you@your-site.org"}, "REPORT_ADDRESS"),
        ({"SITE_URL": "https://your.domain/", "REPORT_ADDRESS": REAL["REPORT_ADDRESS"]}, "SITE_URL"),
        ({"SITE_URL": "https://backspasmguide.example.org/", "REPORT_ADDRESS": REAL["REPORT_ADDRESS"]}, "SITE_URL"),
        ({**REAL, "REPORT_ADDRESS": "TODO"}, "REPORT_ADDRESS"),
    ],
)
def test_a_public_build_refuses_a_placeholder(project, env, setting):
    result = mkdocs_build(project, extra_env=env)
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() if "placeholder" in line]
    assert len(lines) == 1, result.stdout
    assert f"set {setting}" in lines[0], lines[0]


def test_a_public_build_with_real_values_builds(project):
    result = mkdocs_build(project, extra_env=REAL)
    assert result.returncode == 0, result.stdout
    home = open(os.path.join(project, "site", "index.html"), encoding="utf-8").read()
    assert f'<link rel="canonical" href="{REAL["SITE_URL"]}">' in home
    assert "corrections%40backspasm-guide.org" in home or "corrections@backspasm-guide.org" in home


def _make_targets():
    text = open(os.path.join(ROOT, "Makefile"), encoding="utf-8").read()
    return set(re.findall(r"^([A-Za-z0-9_.-]+):", text, re.M))


def test_the_deploy_workflow_is_valid_and_runs_what_exists():
    flow = yaml.safe_load(open(WORKFLOW, encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and triggers["push"]["tags"]
    jobs = flow["jobs"]
    steps = [s for job in jobs.values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    text = open(WORKFLOW, encoding="utf-8").read()
    assert "gh-deploy" not in text  # it would skip the zip step
    targets = _make_targets()
    runs = "\n".join(s.get("run", "") for s in steps)
    called = set(re.findall(r"(?:^|&&|;)\s*make ([a-z][a-z0-9-]*)", runs, re.M))
    assert {"test", "build"} <= called, called
    assert called <= targets, called - targets
    files = set(re.findall(r"(?<![\w/.$-])([\w/.-]+\.(?:txt|toml|py|yml|in))\b", runs))
    assert {"requirements.txt", "pyproject.toml"} <= files, files
    for path in files:
        assert os.path.exists(os.path.join(ROOT, path)), path
    made = set(re.findall(r"\b((?:dist|site)/[\w./-]+)", runs))
    assert made and all(p.startswith("dist/") for p in made), made  # the release takes the build's zip
    assert "back-spasm-guide-offline.zip" in {os.path.basename(p) for p in made}
    # the Pages deploy builds with the public address; the tests run without one
    build = next(s for s in steps if "make build" in s.get("run", ""))
    assert "SITE_URL" in build.get("env", {}) and "REPORT_ADDRESS" in build.get("env", {})
    assert "cyclonedx" in runs and "SHA256SUMS" in runs


def test_the_favicon_is_the_app_icon_in_the_theme_colour(site_dir):
    import json

    svg = open(os.path.join(site_dir, "assets", "images", "favicon.svg"), encoding="utf-8").read()
    manifest = json.load(open(os.path.join(site_dir, "manifest.webmanifest"), encoding="utf-8"))
    assert f'fill="{manifest["theme_color"]}"' in svg
    home = open(os.path.join(site_dir, "index.html"), encoding="utf-8").read()
    assert '<link rel="icon" href="assets/images/favicon.svg">' in home
