"""The site's plugin as a plugin: its words come from data, and the site builds the same on ProperDocs."""

from __future__ import annotations

import filecmp
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

import yaml
from bs4 import BeautifulSoup
from helpers.build import mkdocs_build

from backspasm_site.paths import ROOT, built_pages, mkdocs_env

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# where the plugin and the theme put generated words (prose typed in docs/ is elsewhere)
GENERATED = [
    ".emergency-banner",
    ".page-info",
    "th",
    ".admonition-title",
    ".also-called",
    ".get-help",
    ".offline-download",
    "h2#sources",
    ".admonition.danger p",
    ".admonition.info p",
]
# the offline app's parts of a page: the save control, the copy's age and its notices, the words for the page script
APP_PARTS = ".offline-save, .copy-age, .copy-updated, .copy-stale, #guide-offline-app"
GENERATED_ON = {"about/sources/index.html": ["h2"]}  # the source-type headings


def _relabel(value, path):
    """A new phrase for every label, keeping its {fields}: 'Zq-tables-claims-2 {total}'."""
    if isinstance(value, dict):
        return {k: _relabel(v, f"{path}-{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_relabel(v, f"{path}-{i}") for i, v in enumerate(value)]
    return " ".join([f"Zq{path}", *PLACEHOLDER.findall(value)])


def _flatten(value, path="labels"):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{path}-{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _flatten(v, f"{path}-{i}")
    else:
        yield path, value


def test_every_generated_phrase_comes_from_data_labels(project):
    path = os.path.join(project, "data", "site.yml")
    site = yaml.safe_load(open(path, encoding="utf-8"))
    old = dict(_flatten(site["labels"]))
    # the words of the site's other text (urgency actions, disclaimer…): a label may share a phrase with it
    other_text = yaml.safe_dump({k: v for k, v in site.items() if k != "labels"}, allow_unicode=True, width=10**6)
    for name in sorted(glob.glob(os.path.join(project, "data", "*.yml"))):  # and the other data's words
        if not name.endswith("site.yml"):
            data = yaml.safe_load(open(name, encoding="utf-8"))
            other_text += yaml.safe_dump(data, allow_unicode=True, width=10**6)
    site["labels"] = _relabel(site["labels"], "labels")
    # the offline app's words too (the save control, the copy's age, the offline page, the app's name)
    old_app = dict(_flatten(site["offline_app"], "offline_app"))
    site["offline_app"] = _relabel(site["offline_app"], "offline_app")
    site["offline_app"]["short_name"] = "Zqshort"  # at most 12 characters
    yaml.safe_dump(site, open(path, "w", encoding="utf-8"), sort_keys=False, allow_unicode=True)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout
    built = os.path.join(project, "site")
    everything, generated = [], []
    for rel in built_pages(built):
        soup = BeautifulSoup(open(os.path.join(built, rel), encoding="utf-8").read(), "html.parser")
        everything.append(str(soup))
        selectors = GENERATED + GENERATED_ON.get(rel, [])
        generated += [" ".join(el.get_text(" ").split()) for sel in selectors for el in soup.select(sel)]
    app_files = [
        open(os.path.join(built, rel), encoding="utf-8").read()
        for rel in ("assets/offline.html", "manifest.webmanifest")
    ]
    app_parts = "\n".join(
        app_files
        + [
            str(el)
            for rel in ("index.html", "about/index.html")
            for el in BeautifulSoup(open(os.path.join(built, rel), encoding="utf-8").read(), "html.parser").select(
                APP_PARTS
            )
        ]
    )
    everything, generated = "\n".join(everything + app_files), "\n".join(generated)
    app_missing = [key for key in old_app if key != "offline_app-short_name" and f"Zq{key}" not in app_parts]
    assert not app_missing and '"short_name": "Zqshort"' in app_files[1], app_missing
    for key, phrase in old_app.items():  # no copy of the old words left in Python or a template
        words = PLACEHOLDER.sub("", phrase).strip(" :.")
        assert key == "offline_app-short_name" or words not in app_parts, (key, phrase)
    # shown only in the offline build, only beside a built zip, or only for a treatment linked to no cause
    # ... or only for a position no treatment has today ("found a benefit")
    unused = {
        "labels-offline_here",
        "labels-offline_link",
        "labels-offline_how",
        "labels-no_single_cause",
        "labels-says-benefit",
    }
    missing = [key for key in old if key not in unused and f"Zq{key}" not in everything]
    assert not missing, f"labels never shown after the change: {missing}"
    for key, phrase in old.items():
        words = PLACEHOLDER.sub("", phrase).strip(" :")
        if len(words.split()) >= 2 and words not in other_text:  # one-word labels ("Call", "or") occur in prose
            assert not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", generated), (key, phrase)


def test_the_site_builds_the_same_with_properdocs(project):
    """ProperDocs (a fork of MkDocs 1.6 that keeps plugins working) builds the same pages, generator tag aside."""
    ours = os.path.join(project, "site-mkdocs")
    assert mkdocs_build(project, site=ours).returncode == 0
    theirs = os.path.join(project, "site-properdocs")
    proc = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "properdocs"),
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            "-d",
            theirs,
        ],
        cwd=project,
        env=mkdocs_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    assert "ProperDocs" in proc.stdout or os.path.exists(theirs)
    files = sorted(os.path.relpath(os.path.join(d, f), ours) for d, _, fs in os.walk(ours) for f in fs)
    assert files == sorted(os.path.relpath(os.path.join(d, f), theirs) for d, _, fs in os.walk(theirs) for f in fs)
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    differ = []
    for rel in files:
        a, b = os.path.join(ours, rel), os.path.join(theirs, rel)
        if filecmp.cmp(a, b, shallow=False):
            continue
        read = (lambda p: gzip.open(p).read()) if rel.endswith(".gz") else (lambda p: open(p, "rb").read())
        if rel == "sw.js":  # it lists each file's hash, and the pages differ by their generator tag
            listed = [
                json.loads(re.search(rb"^self\.GUIDE_BUILD = (.*);$", read(p), re.M).group(1))["files"] for p in (a, b)
            ]
            if sorted(listed[0]) == sorted(listed[1]):
                continue
        if generator.sub(b"", read(a)) != generator.sub(b"", read(b)):
            differ.append(rel)
    assert not differ, differ
    assert len(built_pages(theirs)) >= 40


def test_enabled_false_switches_the_plugin_off(project):
    """`enabled: false` (as for `make bench`'s bare build): plain MkDocs and Material, none of the guide's work."""
    path = os.path.join(project, "mkdocs.yml")
    text = open(path, encoding="utf-8").read()
    for old, new in (("enabled: !ENV [MACROS_ENABLED, true]", "enabled: false"), ("  custom_dir: overrides\n", "")):
        assert old in text, old
        text = text.replace(old, new)
    open(path, "w", encoding="utf-8").write(text)
    built = os.path.join(project, "site")
    on = mkdocs_build(project, extra_env={"GUIDE_ENABLED": "true"})
    assert on.returncode != 0 and "mkdocs.yml: theme.custom_dir is missing" in on.stdout, on.stdout  # the plugin checks
    # the glossary snippet the plugin writes, from the real build (as make bench's bare build, scripts/bench.py)
    shutil.copytree(os.path.join(ROOT, ".build"), os.path.join(project, ".build"), dirs_exist_ok=True)
    # not strict: with macros off, a link to an anchor a macro would have made is a warning
    off = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", built],
        cwd=project,
        env=mkdocs_env(extra_env={"GUIDE_ENABLED": "false"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert off.returncode == 0, off.stdout
    assert not os.path.exists(os.path.join(built, "sw.js")) and not os.path.exists(os.path.join(built, "robots.txt"))
    home = open(os.path.join(built, "index.html"), encoding="utf-8").read()
    assert "{{ red_flags() }}" in home  # macro calls stay as text
    index = json.load(open(os.path.join(built, "search", "search_index.json"), encoding="utf-8"))
    assert not any("synonyms" in doc for doc in index["docs"])


def test_the_plugin_works_with_the_macros_plugin_off(project):
    """`make bench`'s plain build: macro calls stay as text, and the plugin's checks still pass."""
    path = os.path.join(project, "mkdocs.yml")
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace("enabled: !ENV [MACROS_ENABLED, true]", "enabled: false"))
    built = os.path.join(project, "site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", built],
        cwd=project,
        env=mkdocs_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    home = open(os.path.join(built, "index.html"), encoding="utf-8").read()
    assert "{{ red_flags() }}" in home and 'class="emergency-banner"' in home


def test_our_scripts_and_styles_ship_without_comments(site_dir):
    from backspasm_site.publish import OUR_ASSETS, compact

    source = (
        "/* A header\n * over lines */\n(function () {\n  // a note\n  var a = 1; // kept: after code\n"
        "  /* one line */ var b = 2;\n\n  var url = 'https://example.org/x'\n})()\n"
    )
    assert compact(source) == (
        "(function () {\nvar a = 1; // kept: after code\nvar b = 2;\nvar url = 'https://example.org/x'\n})()\n"
    )
    assert compact("var t = `a\n// b\n`\n") == "var t = `a\n// b\n`\n"  # a template literal: untouched
    docs = os.path.join(os.path.dirname(site_dir), "docs")
    shipped = [
        rel
        for rel in (
            os.path.relpath(os.path.join(d, f), site_dir).replace(os.sep, "/")
            for d, _, fs in os.walk(os.path.join(site_dir, "assets", "javascripts"))
            for f in fs
        )
        if OUR_ASSETS.match(rel)
    ]
    # the others are in the page's one script and one style sheet (bundle.py); text-size.js runs in the
    # head, before the page is first drawn
    assert sorted(shipped) == [
        "assets/javascripts/next-steps.js",  # on "What should I do now?" only
        "assets/javascripts/offline-sw-remove.js",
        "assets/javascripts/offline-sw.js",
        "assets/javascripts/search.js",
        "assets/javascripts/text-size.js",
    ], shipped
    bundled_js = glob.glob(os.path.join(site_dir, "assets/javascripts/guide.*.js"))
    bundled_css = glob.glob(os.path.join(site_dir, "assets/stylesheets/guide.*.css"))
    assert len(bundled_js) == len(bundled_css) == 1
    parts = ["copy-age", "reader-tools", "offline-app"]
    # every script we wrote runs somewhere: shipped and named by a page or a script, or in the bundle
    built = "".join(
        open(p, encoding="utf-8").read() for p in glob.glob(os.path.join(site_dir, "**/*.html"), recursive=True)
    )
    built += "".join(open(os.path.join(site_dir, rel), encoding="utf-8").read() for rel in [*shipped, "sw.js"])
    for name in sorted(os.listdir(os.path.join(docs, "assets/javascripts"))):
        # (offline-sw-remove.js: sw.js imports it once the saved guide is switched off, offline_app.py)
        if name.endswith(".js") and not name.startswith(("iframe-worker", "offline-sw-remove")):
            stem = name[:-3]
            assert stem in parts or f"assets/javascripts/{name}" in shipped and name in built, f"{name} never runs"
    assert OUR_ASSETS.match("assets/stylesheets/site.css") and OUR_ASSETS.match("assets/stylesheets/topics.css")
    joined = open(bundled_js[0], encoding="utf-8").read()
    assert (
        joined
        == ";\n".join(
            compact(open(os.path.join(docs, "assets/javascripts", p + ".js"), encoding="utf-8").read())
            .rstrip()
            .rstrip(";")
            for p in parts
        )
        + ";\n"
    )
    for rel in shipped + [os.path.relpath(bundled_js[0], site_dir), os.path.relpath(bundled_css[0], site_dir)]:
        built = open(os.path.join(site_dir, rel), encoding="utf-8").read()
        if rel in shipped:
            assert built == compact(open(os.path.join(docs, rel), encoding="utf-8").read()), rel
        assert not re.search(r"^\s*(/\*|//)", built, re.M), rel
        if rel.endswith(".js"):
            check = subprocess.run(["node", "--check", os.path.join(site_dir, rel)], capture_output=True, text=True)
            assert check.returncode == 0, (rel, check.stderr)
