"""A blind list of hostile inputs (tests/hostile_blind.yml, written by someone who had not seen the tests):
each case is applied to a copy of the project, which is built (bounded in time), and the build must either
refuse with exactly one clear line naming the file, or ship the input as harmless text.

    python tests/test_hostile_blind.py [-j 3] [--json out.json]   # every case once, with the counts

A case whose ``find`` text is not in its file is "not applicable" (reported, not dropped).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import tempfile

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from helpers.build import problem_lines  # noqa: E402

from backspasm_site.html_check import site_problems  # noqa: E402
from backspasm_site.paths import copy_project, mkdocs_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_FILE = os.path.join(HERE, "hostile_blind.yml")
TIMEOUT = 300  # seconds: a build that takes longer counts as a hang (a shared machine is slow)
# what must never reach a built file: the build machine's files and settings
LEAKS = ["root:x:0:0", "/bin/bash", "PATH=", "__builtins__", "<class '", "site-packages", "HOSTNAME="]


def load_cases():
    with open(CASES_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def apply(case, project):
    """Make the case's edit in ``project``; False when its ``find`` text is not in the file (not applicable)."""
    path = os.path.join(project, case["file"])
    action = case["action"]
    text = case.get("text") or ""
    if action in ("replace", "append") and not os.path.isfile(path):
        return False
    if action == "replace":
        with open(path, encoding="utf-8") as fh:
            old = fh.read()
        if case["find"] not in old:
            return False
        new = old.replace(case["find"], text, 1)
    elif action == "append":
        with open(path, encoding="utf-8") as fh:
            new = fh.read() + text
    elif action == "create":
        new = text
    elif action == "symlink":
        if os.path.lexists(path):
            os.remove(path) if not os.path.isdir(path) or os.path.islink(path) else shutil.rmtree(path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.symlink(text, path)
        return True
    elif action == "delete":
        if not os.path.lexists(path):
            return False
        os.remove(path) if not os.path.isdir(path) else shutil.rmtree(path)
        return True
    else:
        raise ValueError(f"unknown action {action!r}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # surrogateescape: a case may stand for raw bytes that are not UTF-8 (a lone \udce9 is the byte 0xE9)
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
        fh.write(new)
    return True


def shipped_harm(case, site, project):
    """What is harmful in a site that built with the case in it, or None."""
    found = site_problems(site)
    if found:
        return found[0]
    typed = case.get("text") or ""
    pages = []
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith((".html", ".json", ".js", ".txt", ".xml", ".md", ".yml", ".webmanifest")):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                    pages.append((os.path.relpath(os.path.join(folder, name), site), fh.read()))
    for rel, text in pages:
        for leak in LEAKS + [project]:
            if leak in text and leak not in typed:
                return f"{rel}: carries {leak!r} from the build machine"
        if rel.endswith(".html"):
            # the typed tag with what follows it (a bare "<script>" is on every page: the theme's own)
            for bad in re.findall(
                r"<(?:script|iframe|object|embed|meta|base|form|style)\b[^>]*>[^<]{0,20}", typed, re.I
            ):
                if bad in text:
                    return f"{rel}: ships {bad!r} as markup"
    # the safety pages: built, in nav on the home page, found by search
    for page in ("when-to-get-help", "what-to-do-now"):
        if not os.path.exists(os.path.join(site, page, "index.html")):
            return f"{page}/ is not in the built site"
        index = os.path.join(site, "search", "search_index.json")
        if os.path.exists(index):
            with open(index, encoding="utf-8") as fh:
                locations = {d["location"].split("#")[0] for d in json.load(fh)["docs"]}
            if f"{page}/" not in locations:
                return f"{page}/ is not in the search index"
    with open(os.path.join(site, "index.html"), encoding="utf-8") as fh:
        home = fh.read()
    if 'href="when-to-get-help/"' not in home:
        return "the home page has no link to when-to-get-help/"
    # the emergency signs are shown, not hidden or folded away, on the help page and the home page
    with open(os.path.join(project, "data", "symptoms.yml"), encoding="utf-8") as fh:
        signs = [s["name"] for s in yaml.safe_load(fh) or [] if isinstance(s, dict) and s.get("urgency") == "emergency"]
    for page in ("when-to-get-help/index.html", "index.html"):
        with open(os.path.join(site, page), encoding="utf-8") as fh:
            text = fh.read()
        article = text.split("<article", 1)[-1].split("</article>", 1)[0]
        # the theme's copy-age notes are hidden until their script shows them
        article = re.sub(r'<div class="admonition (?:warning copy-stale|info copy-updated)[^>]*>', "", article)
        # each reference's "What this source says" is folded by design: it quotes a source, it gives no advice
        article = re.sub(r'<details class="source-says" data-source-says>.*?</details>', "", article, flags=re.S)
        # the reader tools (text size, listen) wait hidden until their script shows them: they hold no advice
        article = re.sub(
            r'(<[^>]*(?:class="reader-tools[^"]*"|data-reader-tool=)[^>]*?)\shidden(?=[\s>])', r"\1", article
        )
        if page != "index.html" and re.search(
            r"<details(?![^>]*\bopen)|\shidden[\s>=]|aria-hidden=\"true\"[^>]*>[^<]{20,}", article
        ):
            return f"{page}: part of the page is hidden or folded away"
        # the words as a reader sees them: a glossary term inside a sign is an <abbr>, a number a tel: link
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", article)).split())
        missing = [n for n in signs if " ".join(str(n).split()) not in words]
        if missing:
            return f"{page}: the emergency sign '{missing[0]}' is not shown"
    return None


def _child(project, site, out_path):
    """A strict build of ``project`` in this (forked) process, its log in ``out_path``; exits 0, 1 or 2 (crash)."""
    import logging
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    code = 2
    with open(out_path, "w", encoding="utf-8") as out:
        handler = logging.StreamHandler(out)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        root = logging.getLogger("mkdocs")
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)
        root.propagate = False
        try:
            from backspasm_site import mkdocs_messages

            # every build with the rewording of MkDocs' messages on, whatever this worker ran before (a fresh
            # `mkdocs build` turns it on when it makes the plugin: a setting checked before that keeps MkDocs' words)
            mkdocs_messages.install()
            os.chdir(project)
            os.environ.update(mkdocs_env())
            config = load_config(os.path.join(project, "mkdocs.yml"), strict=True, site_dir=site)
            build(config)
            code = 0
        except (Abort, BuildError, ConfigurationError) as exc:
            out.write(f"ERROR   -  {exc}\n")
            code = 1
        except SystemExit as exc:
            out.write(f"exit {exc.code}\n")
            code = 2
        except BaseException:  # noqa: BLE001 - a crash is what is being measured
            traceback.print_exc(file=out)
            code = 2
        out.flush()
    os._exit(code)


def _build(project, site):
    """(returncode, output) of a strict build of ``project``, in a fork of this process (bounded in time)."""
    import multiprocessing

    out_path = os.path.join(os.path.dirname(site), "build.log")
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(project, site, out_path))
    proc.start()
    proc.join(TIMEOUT)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, ""
    with open(out_path, encoding="utf-8", errors="replace") as fh:
        return proc.exitcode, fh.read()


_WARM = []


def _warm_up():
    """Once per process, before the first fork: import what every build imports, and build the project as it
    is (it must build clean) and read that site's files with the built-file checks, whose parses are kept by
    content (``html_check._site_messages``, ``headers.inline_parts``). Each forked case then pays for its own
    build only, and its checks parse again only the files the case changed. A kept parse is the same pure
    function of the same text, so no verdict depends on it."""
    if _WARM:
        return
    import markdown  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import pymdownx.details
    import pymdownx.snippets  # noqa: E401,F401
    from mkdocs.config import load_config

    from backspasm_site import headers, mkdocs_messages
    from backspasm_site.paths import ROOT

    load_config(os.path.join(ROOT, "mkdocs.yml"))
    mkdocs_messages.uninstall()  # making the plugin turned it on; each forked build turns it on itself
    with tempfile.TemporaryDirectory(prefix="hostile-base-") as tmp:
        project = copy_project(os.path.join(tmp, "project"))
        site = os.path.join(tmp, "site")
        returncode, out = _build(project, site)
        assert returncode == 0, f"the project as it is does not build: {out[-600:]}"
        site_problems(site)
        headers.inline_hashes(site)
    _WARM.append(True)


def run_case(case, workdir):
    """(verdict, detail): not applicable | clear refusal | unclear | shipped harmless | shipped harmful | crash or hang."""
    _warm_up()
    project = copy_project(os.path.join(workdir, "project"))
    if not apply(case, project):
        return "not applicable", f"find text not in {case['file']}"
    site = os.path.join(workdir, "site")
    returncode, out = _build(project, site)
    if returncode is None:
        return "crash or hang", f"no result in {TIMEOUT} s"
    if "Traceback (most recent call last)" in out or returncode not in (0, 1):
        return "crash or hang", (out.strip().splitlines() or ["(no output)"])[-1][:300]
    if returncode != 0:
        lines = problem_lines(out)
        file = case["file"]
        named = [l for l in lines if file in l or (file.startswith("docs/") and file[5:] in l)]
        if len(lines) == 1 and named:
            return "clear refusal", lines[0][:300]
        return "unclear", (" | ".join(lines) or out.strip()[-300:])[:600]
    harm = shipped_harm(case, site, project)
    if harm:
        return "shipped harmful", harm[:300]
    return "shipped harmless", ""


CASES = load_cases() if os.path.exists(CASES_FILE) else []


ACCEPTED = ("clear refusal", "shipped harmless", "not applicable")
WORSE = {"unclear": 1, "shipped harmful": 2, "crash or hang": 3}
# Cases the build does not yet handle as it should, each with the verdict it gets today: open work, in
# sight. A case here may not get worse, and one that comes right must leave the list (the test says so).
OPEN_FILE = os.path.join(HERE, "hostile_blind_open.yml")
OPEN = (yaml.safe_load(open(OPEN_FILE, encoding="utf-8")) or {}) if os.path.exists(OPEN_FILE) else {}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_hostile_input_is_refused_clearly_or_shipped_as_text(case, tmp_path):
    verdict, detail = run_case(case, str(tmp_path))
    known = OPEN.get(case["id"])
    if known is None:
        assert verdict in ACCEPTED, f"{verdict}: {detail}"
    else:
        assert verdict not in ACCEPTED, f"now '{verdict}': remove {case['id']} from tests/hostile_blind_open.yml"
        assert WORSE[verdict] <= WORSE[known], f"worse than recorded ({known}): {verdict}: {detail}"


def main():
    import argparse
    from concurrent.futures import ThreadPoolExecutor

    ap = argparse.ArgumentParser()
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--json")
    ap.add_argument("ids", nargs="*")
    args = ap.parse_args()
    cases = [c for c in CASES if not args.ids or c["id"] in args.ids]

    def one(case):
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            return case, *run_case(case, tmp)

    _warm_up()
    results = []
    with ThreadPoolExecutor(args.j) as pool:
        for case, verdict, detail in pool.map(one, cases):
            results.append({"id": case["id"], "kind": case["kind"], "verdict": verdict, "detail": detail})
            print(f"{verdict:16} {case['id']}: {detail}", flush=True)
    counts = {}
    for r in results:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    print(json.dumps(counts, indent=1))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"counts": counts, "results": results}, fh, indent=1)


if __name__ == "__main__":
    main()
