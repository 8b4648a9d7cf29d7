"""mkdocs-macros module: the site's facts from data/, rendered into pages.

``define_env`` runs once per build: it loads and validates data/ (a bad file
stops the build with one line per problem), exposes the site settings to the
theme templates, writes the glossary abbreviations snippet and registers the
macros. Each macro delegates to a ``PageRenderer`` for the current page.
"""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from .data import DataError, load_cached
from .render import PageRenderer

MACROS = [
    "also_called", "evidence_badge", "evidence_summary", "evidence_legend", "cautions",
    "causes_for", "treatments_for", "treatment_table", "red_flags", "urgency_list",
    "symptoms_for", "symptom_index", "other_words", "emergency_numbers", "cite",
    "references", "get_help", "disclaimer", "source_list", "glossary", "claims_summary",
]

OFFLINE_ZIP = "back-spasm-guide-offline.zip"
ABBR_SNIPPET = os.path.join(".build", "glossary-abbreviations.md")

# page src_uri -> its PageRenderer, until the hook swaps the rendered blocks into the page's HTML
PENDING: dict = {}


def project_paths(config):
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))
    return root, os.path.join(root, "data"), config["docs_dir"]


def site_data(config):
    root, data_dir, docs_dir = project_paths(config)
    try:
        return load_cached(data_dir, docs_dir)
    except DataError as exc:
        raise PluginError("invalid data:\n  " + "\n  ".join(exc.problems)) from None


def write_abbreviations(data, root):
    """Glossary terms as Markdown abbreviations, auto-appended to every page by pymdownx.snippets."""
    path = os.path.join(root, ABBR_SNIPPET)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = [f"*[{g.term}]: {g.definition}" for g in data.glossary.values()]
    text = "\n".join(lines) + "\n"
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def theme_settings(data):
    """What overrides/ shows on every page (config.extra.bsg): disclaimer, emergency banner and numbers."""
    return {
        "disclaimer": data.site.disclaimer.short,
        "banner": data.site.emergency.banner,
        "numbers": PageRenderer(data, "index.md").emergency_numbers(),
    }


def expand_blocks(html, page):
    """The page's HTML with each block macro's HTML in place of its placeholder paragraph.

    Blocks kept out of search wait for ``expand_late_blocks`` (after the search plugin).
    """
    r = PENDING.get(page.file.src_uri)
    if r is None:
        return html
    html, missing = r.expand(html)
    if missing:
        raise PluginError(f"docs/{page.file.src_path}: {len(missing)} table, list or box macro(s) were not on a line "
                          "of their own, so their output could not be placed; put each such {{ … }} call on its "
                          "own line with a blank line before and after")
    return html


def expand_late_blocks(html, page):
    r = PENDING.pop(page.file.src_uri, None)
    return html if r is None else r.expand_late(html)


def define_env(env):
    data = site_data(env.conf)
    root = project_paths(env.conf)[0]
    write_abbreviations(data, root)
    env.conf["extra"]["bsg"] = theme_settings(data)
    PENDING.clear()

    def renderer():
        page = env.page
        key = page.file.src_uri
        r = PENDING.get(key)
        if r is None:
            r = PENDING[key] = PageRenderer(data, key, page.meta.get("sources", []), env.conf["use_directory_urls"])
        return r

    def bind(name):
        def macro(*args, **kwargs):
            return getattr(renderer(), name)(*args, **kwargs)

        macro.__name__ = name
        macro.__doc__ = getattr(PageRenderer, name).__doc__
        return macro

    for name in MACROS:
        env.macro(bind(name), name)

    @env.macro
    def offline_download():
        """The "Read offline" link with the zip's size, or a note inside the offline copy itself."""
        if env.conf["extra"].get("offline"):
            return ("You are reading the offline copy. It works with no internet. "
                    "Search works too. Check the online site for the newest version.\n")
        zip_path = os.path.join(root, "dist", OFFLINE_ZIP)
        save = env.conf["extra"].get("bsg_app", {}).get("save_control", "")  # macros/offline_app.py
        if not os.path.exists(zip_path):
            return "The offline copy is made when the site is published (`make build`).\n\n" + save
        size = os.path.getsize(zip_path) / 1_000_000
        href = "../" * env.page.url.count("/") + f"downloads/{OFFLINE_ZIP}"  # online build: directory URLs
        return (f'<p class="offline-download"><a href="{href}" download>Read offline: download the whole site '
                f"(zip file, {size:.1f} MB)</a>. Unzip it, then open <code>index.html</code>. "
                "Everything works with no internet, search included.</p>\n" + save)
