"""Speed and size numbers for the site (not pass/fail). Prints a table and writes bench.json.

    python scripts/bench.py            # everything (several minutes)
    python scripts/bench.py --quick    # skip the 2,000-page scale run and Lighthouse

Measures: clean build time (median of 9, interleaved) with the macros plugin, with it
disabled (macro calls left as text; the budget's "plain" build), and with it and the
project's hooks disabled (plain MkDocs + Material, for information); live-reload
latency of `mkdocs serve` after a one-line edit; first-load weight per page (everything
Chromium fetches before search is used; raw and gzip), pages that fetch the search index on
load, what opening search adds; search index size; time from a keystroke to results, from
performance marks inside the page (exact and typo path, median and worst); offline zip size and file count; build time and memory for 100/500/2,000
generated pages; what a first visit downloads with the worker running (over nginx); Lighthouse
performance, SEO, best-practices and accessibility, median of 3, beside a default Material build
(npm lighthouse, if installed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

from backspasm_site.content.load import load
from backspasm_site.paths import ROOT, copy_project, mkdocs_env
from backspasm_site.publish import build_offline

sys.path.insert(0, os.path.join(ROOT, "tests"))  # the browser settings, server and search driver the tests use
from helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from helpers.server import serve  # noqa: E402

PY = sys.executable
ENV = mkdocs_env()


def timed_build(project, strict=True):
    """Wall time and peak memory (MiB) of one clean `mkdocs build` in a fresh process."""
    site = os.path.join(project, "site-bench")
    shutil.rmtree(site, ignore_errors=True)
    cmd = [
        PY,
        "-c",
        "import resource,sys,runpy; sys.argv=sys.argv[1:]; "
        "code=0\ntry: runpy.run_module('mkdocs', run_name='__main__')\n"
        "except SystemExit as e: code=e.code or 0\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)",
        "mkdocs",
        "build",
        "--quiet",
        "-d",
        site,
        "--strict" if strict else "--no-strict",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build failed in {project}:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    rss = int(re.search(r"MAXRSS (\d+)", proc.stderr).group(1)) / 1024
    return elapsed, rss


def without_macros(project, hooks=True):
    """Same pages with the macros plugin disabled: macro calls stay as text (the issue's "plain" build).

    The site's own plugin (front-matter checks, disclaimer check, search synonyms, theme words)
    stays on, unless ``hooks=False`` (the "bare" build: plain MkDocs + Material, without the
    plugin and the theme overrides that need it).
    """
    path = os.path.join(project, "mkdocs.yml")
    text = open(path).read()
    text = text.replace("enabled: !ENV [MACROS_ENABLED, true]", "enabled: false")
    if not hooks:
        text = text.replace("enabled: !ENV [GUIDE_ENABLED, true]", "enabled: false")
        text = text.replace("  custom_dir: overrides\n", "")
    open(path, "w").write(text)
    return project


def _variants(tmp):
    """Three copies: the real project, macros plugin disabled (plain), macros and hooks disabled (bare)."""
    full = copy_project(os.path.join(tmp, "full"))
    timed_build(full)  # warm the OS file cache once; writes the glossary snippet
    builds = {"full": full}
    for name, hooks in (("plain", True), ("bare", False)):
        builds[name] = without_macros(copy_project(os.path.join(tmp, name)), hooks=hooks)
        shutil.copytree(os.path.join(full, ".build"), os.path.join(builds[name], ".build"))
    return builds


def bench_builds(runs=9):
    """Clean build times, interleaved (each round runs full, plain and bare in a shuffled order).

    Wall time on a shared VM drifts by ±30% over minutes, so the overheads are the median of the
    ratios within each round (paired), not a ratio of medians taken at different moments. The
    budget is judged on instructions executed (``bench_instructions``), which do not drift.
    """
    with tempfile.TemporaryDirectory() as tmp:
        builds = _variants(tmp)
        times = {name: [] for name in builds}
        for round_no in range(runs):
            order = list(builds)
            random.Random(round_no).shuffle(order)  # no build always runs first, or always after another
            for name in order:
                times[name].append(timed_build(builds[name], strict=name == "full")[0])
        out = bench_instructions(builds)
    print("build times:", {k: [round(x, 2) for x in v] for k, v in times.items()}, file=sys.stderr)
    out.update({f"build_{k}_s" if k != "full" else "build_s": statistics.median(v) for k, v in times.items()})
    paired = {k: sorted(f / o - 1 for f, o in zip(times["full"], times[k])) for k in ("plain", "bare")}
    out["macros_overhead_wall"] = statistics.median(paired["plain"])
    out["macros_overhead_wall_range"] = [
        paired["plain"][len(paired["plain"]) // 4],
        paired["plain"][-1 - len(paired["plain"]) // 4],
    ]
    out["macros_and_hooks_overhead_wall"] = statistics.median(paired["bare"])
    return out


def bench_instructions(builds):
    """Instructions one clean build executes, counted by valgrind (cachegrind, no cache simulation).

    The count is the same from run to run (to about 0.05%), where wall time on this VM is not, so
    the macros overhead budget is judged on it. About 12x slower than a build; the three run at once.
    """
    if not shutil.which("valgrind"):
        print("instruction counts skipped: valgrind is not installed (make bench installs it)", file=sys.stderr)
        return {}
    procs = {}
    for name, project in builds.items():
        site = os.path.join(project, "site-valgrind")
        procs[name] = subprocess.Popen(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                PY,
                "-m",
                "mkdocs",
                "build",
                "--quiet",
                "-d",
                site,
                "--strict" if name == "full" else "--no-strict",
            ],
            cwd=project,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    counts = {}
    for name, proc in procs.items():
        err = proc.communicate()[1]
        found = re.search(r"I\s+refs:\s+([\d,]+)", err)
        if proc.returncode != 0 or not found:
            raise RuntimeError(f"valgrind build of {name} failed:\n{err[-3000:]}")
        counts[name] = int(found.group(1).replace(",", ""))
    return {
        "instructions": counts,
        "macros_overhead": counts["full"] / counts["plain"] - 1,
        "macros_and_hooks_overhead": counts["full"] / counts["bare"] - 1,
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8", "replace")


def bench_live_reload(edits=3):
    """Seconds from saving a one-line edit to the served page showing it (mkdocs serve)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(os.path.join(tmp, "serve"))
        port = free_port()
        proc = subprocess.Popen(
            [PY, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/treatments/heat/"
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    fetch(url)
                    break
                except OSError:
                    time.sleep(0.2)
            times = []
            page = os.path.join(project, "docs", "treatments", "heat.md")
            for i in range(edits):
                marker = f"bench-edit-{i}-{time.time_ns()}"
                with open(page, "a") as fh:
                    fh.write(f"\n{marker}\n")
                start = time.perf_counter()
                while marker not in fetch(url):
                    if time.perf_counter() - start > 120:
                        raise RuntimeError("live reload did not pick up the edit")
                    time.sleep(0.05)
                times.append(time.perf_counter() - start)
            return {"live_reload_s": statistics.median(times)}
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _site_file(site, base, url):
    """The built file a loopback URL was served from (None for anything else)."""
    path = url.split("?")[0].split("#")[0][len(base) :]
    if path.endswith("/") or path == "":
        path += "index.html"
    full = os.path.join(site, path)
    return full if url.startswith(base) and os.path.isfile(full) else None


def _weigh(site, base, urls):
    raw = gz = 0
    for u in set(urls):
        full = _site_file(site, base, u)
        if full:
            data = open(full, "rb").read()
            raw += len(data)
            gz += len(gzip.compress(data, 9))
    return raw, gz


SEARCH_FILES = re.compile(r"/search/search_index\.js(on)?$|/workers/search\.[0-9a-f]+\.min\.js$")


def bench_weight_and_search(site):
    """Per-page first-load bytes, what opening search adds, and search timings, over loopback.

    First load counts everything Chromium fetches for a page before the reader touches search
    (until the network is idle), the search index too if a page fetches it. Opening search
    (focus on the box, then one query) adds the index and the worker. Search timing comes from
    inside the page: performance.measure("guide-search") in assets/javascripts/search.js, from the
    last key in the box to the results in the page, per path (exact or typo).
    """
    from helpers.search import load_queries, search
    from playwright.sync_api import sync_playwright

    from backspasm_site.paths import SEARCH_TYPOS as TYPOS
    from backspasm_site.paths import built_pages as pages

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    weights, early_index, opened = {}, [], {}
    marks = {"exact": [], "typo": []}
    polled = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for rel in pages(site):
                ctx = browser.new_context()
                pg = ctx.new_page()
                urls = []
                pg.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
                pg.goto(base + rel.removesuffix("index.html"), wait_until="networkidle")
                weights[rel] = _weigh(site, base, urls)
                if any(SEARCH_FILES.search(u.split("?")[0]) for u in urls):
                    early_index.append(rel)
                if rel == "index.html":  # what opening search adds, on the home page
                    before = set(urls)
                    pg.locator("input[data-md-component=search-query]").focus()
                    pg.keyboard.type("sciatica")
                    pg.wait_for_function(
                        "() => /matching document/.test(document.querySelector('.md-search-result__meta').textContent)"
                    )
                    pg.wait_for_load_state("networkidle")
                    opened = dict(zip(("raw", "gz"), _weigh(site, base, [u for u in urls if u not in before])))
                ctx.close()
            ctx = browser.new_context()
            pg = ctx.new_page()
            for path in (None, TYPOS):
                for q, _ in load_queries(path) if path else load_queries():
                    polled.append(search(pg, base, q)[1])
                    m = pg.evaluate(
                        "() => { const m = performance.getEntriesByName('guide-search');"
                        " return m.length ? [m[m.length - 1].duration, m[m.length - 1].detail.path] : null }"
                    )
                    if m:
                        marks[m[1]].append(m[0])
            ctx.close()
            browser.close()
    finally:
        server.shutdown()
    index = open(os.path.join(site, "search", "search_index.json"), "rb").read()
    gzs = sorted(w[1] for w in weights.values())
    largest = max(weights, key=lambda k: weights[k][1])
    out = {
        "pages": len(weights),
        "page_weight_gzip_median_kb": statistics.median(gzs) / 1024,
        "page_weight_gzip_max_kb": weights[largest][1] / 1024,
        "page_weight_raw_max_kb": weights[largest][0] / 1024,
        "page_weight_largest": largest,
        "pages_fetching_search_index_on_load": len(early_index),
        "search_open_adds_kb": opened.get("raw", 0) / 1024,
        "search_open_adds_gzip_kb": opened.get("gz", 0) / 1024,
        "search_index_kb": len(index) / 1024,
        "search_index_gzip_kb": len(gzip.compress(index, 9)) / 1024,
        "search_median_ms": statistics.median(polled) * 1000,
        "search_queries": len(polled),
    }
    for path, values in marks.items():
        if values:
            out[f"search_{path}_ms"] = {"median": statistics.median(values), "worst": max(values), "n": len(values)}
    return out


def bench_offline():
    zip_path = build_offline()
    with zipfile.ZipFile(zip_path) as zf:
        files = [n for n in zf.namelist() if not n.endswith("/")]
    return {"offline_zip_mb": os.path.getsize(zip_path) / 1_000_000, "offline_files": len(files)}


def generate_pages(project, count):
    """Write ``count`` topic pages that use the real macros and data, and add them to nav."""
    data = load(os.path.join(project, "data"), os.path.join(project, "docs"))
    causes, treatments, keys = list(data.causes), list(data.treatments), list(data.sources)
    folder = os.path.join(project, "docs", "generated")
    os.makedirs(folder)
    nav = []
    for i in range(count):
        cause, treatment = causes[i % len(causes)], treatments[i % len(treatments)]
        key = keys[i % len(keys)]
        with open(os.path.join(folder, f"topic-{i}.md"), "w") as fh:
            fh.write(
                f"---\ntitle: Generated topic {i}\ndescription: A generated page for the scale benchmark.\n"
                f"reviewed: 2026-11-25\nnext_review: 2027-11-25\nsources: [{key}]\n---\n\n"
                f'!!! abstract "Key points"\n\n    - Point one for topic {i}.\n    - Point two.\n\n'
                f"{{{{ also_called('{cause}') }}}}\n\n## What it is\n\nShort text about topic {i}. "
                f"It cites a source.{{{{ cite('{key}') }}}}\n\n## Treatments\n\n"
                f"{{{{ treatment_table(cause='{cause}') }}}}\n\n{{{{ evidence_summary('{treatment}') }}}}\n\n"
                f"{{{{ cautions('{treatment}') }}}}\n\n[Back to causes](../causes/index.md)\n\n{{{{ references() }}}}\n"
            )
        if i % 50 == 0:  # like a real large site: sub-sections of 50 pages
            nav.append(f"      - Group {i // 50 + 1}:")
        nav.append(f"          - generated/topic-{i}.md")
    path = os.path.join(project, "mkdocs.yml")
    text = open(path).read().rstrip("\n") + "\n  - Generated:\n" + "\n".join(nav) + "\n"
    # the budget is for the real site: a synthetic one of 2,000 pages measures time, not index size
    text = re.sub(r"search_index_budget_kb: \d+", "search_index_budget_kb: 100000", text)
    open(path, "w").write(text)


def bench_scale(sizes):
    out = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(os.path.join(tmp, f"scale-{n}"))
            if n:
                generate_pages(project, n)
            pages = sum(f.endswith(".md") for _, _, fs in os.walk(os.path.join(project, "docs")) for f in fs)
            seconds, rss = timed_build(project)
            out[str(n)] = {"pages": pages, "build_s": seconds, "peak_mib": rss, "ms_per_page": seconds / pages * 1000}
    return out


LIGHTHOUSE_PAGES = ("", "when-to-get-help/", "treatments/")


def _lighthouse(url, tmp):
    lh = os.path.join(ROOT, "node_modules", ".bin", "lighthouse")
    report = os.path.join(tmp, "r.json")
    subprocess.run(
        [
            lh,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,seo,best-practices,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
            "--disable-background-networking --disable-component-update",
        ],
        env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    r = json.load(open(report))
    out = {k: round(v["score"] * 100) for k, v in r["categories"].items()}
    out["fcp_ms"] = round(r["audits"]["first-contentful-paint"]["numericValue"])
    out["lcp_ms"] = round(r["audits"]["largest-contentful-paint"]["numericValue"])
    return out


def _median_runs(url, runs=3):
    with tempfile.TemporaryDirectory() as tmp:
        results = [_lighthouse(url, tmp) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]} | {
        "performance_runs": [r["performance"] for r in results]
    }


def bench_lighthouse(site):
    """Lighthouse (npm, mobile, simulated throttling), median of 3 runs per page, over the nginx preview
    (the published headers, gzip), beside a default Material build of the same pages served the same way."""
    from backspasm_site.headers import site_headers, write_nginx
    from backspasm_site.preview import Preview

    if not os.path.exists(os.path.join(ROOT, "node_modules", ".bin", "lighthouse")):
        return {"lighthouse": "not installed (make bench installs it with npm ci)"}
    scores = {}
    server = Preview(site)
    try:
        for rel in LIGHTHOUSE_PAGES:
            scores["/" + rel] = _median_runs(server.url + rel)
            print("lighthouse", rel, scores["/" + rel], file=sys.stderr, flush=True)
    finally:
        server.stop()
    with tempfile.TemporaryDirectory() as tmp:  # Material as it comes: no plugin, no overrides
        project = without_macros(copy_project(os.path.join(tmp, "bare")), hooks=False)
        shutil.copytree(os.path.join(ROOT, ".build"), os.path.join(project, ".build"))  # the glossary snippet
        bare = os.path.join(project, "site-bare")
        subprocess.run(
            [PY, "-m", "mkdocs", "build", "--quiet", "--no-strict", "-d", bare],
            cwd=project,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        conf = os.path.join(tmp, "nginx")
        write_nginx(conf, site_headers(bare))
        server = Preview(bare, conf_dir=conf)
        try:
            for rel in LIGHTHOUSE_PAGES:
                scores["default Material /" + rel] = _median_runs(server.url + rel)
                print(
                    "lighthouse, default Material", rel, scores["default Material /" + rel], file=sys.stderr, flush=True
                )
        finally:
            server.stop()
    return {"lighthouse": scores}


def bench_first_visit(site):
    """Bytes one first visit to the home page downloads, the worker's background caching included, counted
    by nginx (gzip bodies), as tests/test_preview.py does."""
    from playwright.sync_api import sync_playwright

    from backspasm_site.preview import Preview, first_visit

    info = json.loads(
        re.search(r"^self\.GUIDE_BUILD = (.*);$", open(os.path.join(site, "sw.js")).read(), re.M).group(1)
    )
    server = Preview(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            rows = first_visit(ctx.new_page(), server, sorted(set(info["shell"]) | {""}))
            browser.close()
    finally:
        server.stop()
    return {
        "first_visit_gzip_kb": sum(r[2] for r in rows) / 1024,
        "first_visit_with_headers_kb": sum(r[3] for r in rows) / 1024,
        "first_visit_responses": len(rows),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--builds-only", action="store_true", help="only the build-time and macros-overhead numbers")
    ap.add_argument("--search-only", metavar="SITE", help="only page weight and search numbers, for a built site")
    ap.add_argument("--web-only", metavar="SITE", help="only first-visit bytes and Lighthouse, for a built site")
    args = ap.parse_args()
    results = {}
    if args.search_only:
        print(json.dumps(bench_weight_and_search(os.path.abspath(args.search_only)), indent=2))
        return
    if args.web_only:
        site = os.path.abspath(args.web_only)
        print(json.dumps({**bench_first_visit(site), **bench_lighthouse(site)}, indent=2))
        return
    results.update(bench_builds())
    if args.builds_only:
        print(json.dumps(results, indent=2))
        return
    results.update(bench_live_reload())
    results.update(bench_offline())
    subprocess.run([PY, os.path.join(ROOT, "scripts", "build.py")], check=True, stdout=subprocess.DEVNULL)
    site = os.path.join(ROOT, "site")
    results.update(bench_weight_and_search(site))
    results.update(bench_first_visit(site))
    sizes = [0, 40, 100, 500] + ([] if args.quick else [2000])
    results["scale"] = bench_scale(sizes)
    if not args.quick:
        results.update(bench_lighthouse(site))
    base = results["scale"]["40"]
    if "2000" in results["scale"]:
        results["scale_ratio_2000_vs_80"] = results["scale"]["2000"]["build_s"] / base["build_s"]

    rows = [
        ("clean build (median of 9)", f"{results['build_s']:.2f} s"),
        ("build with the macros plugin disabled", f"{results['build_plain_s']:.2f} s"),
        ("build with macros plugin and hooks disabled", f"{results['build_bare_s']:.2f} s"),
        (
            "macros overhead, wall time (median of paired runs)",
            f"{results['macros_overhead_wall']:.0%} (middle half {results['macros_overhead_wall_range'][0]:.0%}"
            f" to {results['macros_overhead_wall_range'][1]:.0%})",
        ),
    ]
    if "instructions" in results:
        n = results["instructions"]
        rows += [
            (
                "instructions per build: full / plain / bare",
                f"{n['full'] / 1e9:.2f} / {n['plain'] / 1e9:.2f} / {n['bare'] / 1e9:.2f} billion",
            ),
            ("macros overhead, instructions (budget 25%)", f"{results['macros_overhead']:.0%}"),
            ("macros + hooks overhead, instructions (for information)", f"{results['macros_and_hooks_overhead']:.0%}"),
        ]
    rows += [
        ("live reload after one-line edit", f"{results['live_reload_s']:.2f} s"),
        ("first-load weight, median page (gzip)", f"{results['page_weight_gzip_median_kb']:.1f} KB"),
        (
            "first visit: the page and the worker's background caching (gzip bodies, budget 100)",
            f"{results['first_visit_gzip_kb']:.1f} KB in {results['first_visit_responses']} responses "
            f"({results['first_visit_with_headers_kb']:.1f} KB with headers)",
        ),
        (
            "first-load weight, largest page, all it fetches before search is used (gzip, budget 80)",
            f"{results['page_weight_gzip_max_kb']:.1f} KB ({results['page_weight_largest']}; "
            f"{results['page_weight_raw_max_kb']:.0f} KB raw)",
        ),
        ("pages that fetch the search index on load (budget 0)", f"{results['pages_fetching_search_index_on_load']}"),
        (
            "opening search adds (index + worker)",
            f"{results['search_open_adds_gzip_kb']:.1f} KB gzip ({results['search_open_adds_kb']:.0f} KB raw)",
        ),
        ("search index", f"{results['search_index_kb']:.0f} KB ({results['search_index_gzip_kb']:.0f} KB gzip)"),
        (
            "search: typing to results, driver polling (median)",
            f"{results['search_median_ms']:.0f} ms over {results['search_queries']} queries",
        ),
        ("offline zip (budget 3 MB)", f"{results['offline_zip_mb']:.2f} MB, {results['offline_files']} files"),
    ]
    for path in ("exact", "typo"):
        if f"search_{path}_ms" in results:
            r = results[f"search_{path}_ms"]
            rows.append(
                (
                    f"search: keystroke to results in the page, {path} path (performance marks)",
                    f"median {r['median']:.0f} ms, worst {r['worst']:.0f} ms over {r['n']} queries",
                )
            )
    for n, r in results["scale"].items():
        rows.append(
            (
                f"scale: +{n} generated pages ({r['pages']} total)",
                f"{r['build_s']:.1f} s, {r['ms_per_page']:.0f} ms/page, peak {r['peak_mib']:.0f} MiB",
            )
        )
    if "scale_ratio_2000_vs_80" in results:
        rows.append(("2,000-page vs 80-page build (budget 25x)", f"{results['scale_ratio_2000_vs_80']:.1f}x"))
    if isinstance(results.get("lighthouse"), dict):
        for url, cats in results["lighthouse"].items():
            rows.append((f"lighthouse {url} (median of 3)", ", ".join(f"{k} {v}" for k, v in cats.items())))
    elif "lighthouse" in results:
        rows.append(("lighthouse", results["lighthouse"]))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  value\n{'-' * width}  {'-' * 40}")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    with open(os.path.join(ROOT, "bench.json"), "w") as fh:
        json.dump(results, fh, indent=2)
    print("\nwritten: bench.json")


if __name__ == "__main__":
    main()
