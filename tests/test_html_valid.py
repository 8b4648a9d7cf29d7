"""The W3C Nu HTML checker (npm ``vnu-jar``, run with Java) over every built page, online and offline.

Zero errors of ours. The only errors let through come from Material's own templates, each listed
below with its reason; an allow-list entry matches one message on one kind of element only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

from backspasm_site.paths import ROOT

VNU = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

# (message pattern, pattern of the offending markup, why it is Material's and not ours)
ALLOWED = [
    (
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
        'Material\'s partials/nav-item.html writes tabindex="" on section labels when navigation.sections '
        "is on (it means: not focusable); browsers ignore the empty value",
    ),
    (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search|toc)" type="checkbox" id="__(drawer|search|toc)" '
        r'autocomplete="off">',
        "Material's base.html (and partials/toc.html) drive the drawer, search and contents with checkboxes and "
        "set autocomplete=off so Firefox does not restore them open after a reload",
    ),
    (
        r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'<label class="md-nav__title" for="__toc">',
        "Material's partials/toc.html: the contents title in the mobile drawer is a label for the hidden "
        "__toc checkbox toggle, which is how Material opens it without JavaScript",
    ),
]


def _html_files(site):
    out = []
    for folder, _, files in os.walk(site):
        out += [os.path.join(folder, f) for f in files if f.endswith(".html")]
    return sorted(out)


def test_no_html_errors_of_ours(site_dir, offline_site_dir):
    java = shutil.which("java")
    assert java, "java is missing: `make test` installs Debian's default-jre-headless"
    assert os.path.exists(VNU), "vnu.jar is missing: `make test` runs npm ci for vnu-jar (package.json)"
    files = _html_files(site_dir) + _html_files(offline_site_dir)
    assert len(files) > 40
    proc = subprocess.run(
        [java, "-jar", VNU, "--errors-only", "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    used = set()
    ours = []
    for m in messages:
        extract = m.get("extract", "")
        for i, (msg, markup, _) in enumerate(ALLOWED):
            if re.search(msg, m["message"]) and re.search(markup, extract):
                used.add(i)
                break
        else:
            where = os.path.relpath(m.get("url", "").removeprefix("file:"), ROOT)
            ours.append(f"{where}:{m.get('lastLine')}: {m['message']} | {extract.strip()[:160]}")
    assert not ours, f"{len(ours)} HTML error(s) of ours:\n" + "\n".join(ours[:40])
    # an entry that no longer matches anything is dropped, so the list stays short and true
    assert used == set(range(len(ALLOWED))), [ALLOWED[i][0] for i in set(range(len(ALLOWED))) - used]


def test_the_checker_finds_a_broken_attribute(tmp_path):
    """The gate can fail: the review's broken <meta> (a " in a description, unescaped) is an error to vnu."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!doctype html><html lang=en><head><title>x</title>"
        '<meta name="description" content="Why a "heat pack" helps"></head><body></body></html>'
    )
    proc = subprocess.run(
        [shutil.which("java") or "java", "-jar", VNU, "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
    )
    messages = [m["message"] for m in json.loads(proc.stderr or proc.stdout)["messages"]]
    assert messages, "vnu found nothing wrong in a broken page"
