"""MkDocs hooks (mkdocs.yml: hooks): checks that no page can skip.

- front matter: every page is validated; one line per problem, then the build stops;
- offline build: features that cannot work from file:// are switched off;
- block macros: their HTML replaces their placeholder paragraphs (``macros/render.py``);
  blocks marked data-search-exclude go in after the search plugin has indexed the page;
- every built page must carry the disclaimer and a link to urgent help;
- search: lay words from data/ go into a boosted ``synonyms`` field.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from pydantic import ValidationError

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from macros import OFFLINE_ZIP, expand_blocks, expand_late_blocks, site_data  # noqa: E402
from macros.model import FrontMatter, error_lines  # noqa: E402
from macros.search import page_synonyms, targets_by_page  # noqa: E402

log = get_plugin_logger("checks")
OFFLINE_UNSAFE = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}

_problems: list[str] = []
_synonyms: dict[str, str] = {}
_build: dict = {}  # this build's data, and for each page the data targets on it: set once in on_config


def on_config(config):
    _problems.clear()
    _synonyms.clear()
    data = site_data(config)
    _build.update(data=data, targets=targets_by_page(data))
    if config.extra.get("offline"):
        config.theme["features"] = [f for f in config.theme["features"] if f not in OFFLINE_UNSAFE]
    return config


def front_matter_problems(src_path, meta, source_keys):
    """One line per problem: 'docs/x.md: field 'title': what is wrong'."""
    where = f"docs/{src_path}"
    if not meta:
        return [f"{where}: front matter: missing or not valid YAML (title, description, reviewed, "
                f"next_review and sources are required)"]
    problems = []
    try:
        fm = FrontMatter.model_validate(meta)
    except ValidationError as exc:
        return [f"{where}: field '{field}': {msg}" for field, msg in error_lines(exc)]
    if not fm.sources and not src_path.startswith("about/"):
        problems.append(f"{where}: field 'sources': must list at least one source key (only about/ pages may be empty)")
    for key in fm.sources:
        if key not in source_keys:
            problems.append(f"{where}: field 'sources': unknown source key '{key}' (not in data/sources.yml)")
    return problems


@event_priority(100)  # before macros renders, so a broken page is reported as such
def on_page_markdown(markdown, page, config, files):
    data = _build["data"]
    for problem in front_matter_problems(page.file.src_path, page.meta, data.sources):
        log.error(problem)
        _problems.append(problem)
    for target in sorted(_build["targets"].get(page.file.src_uri, set()) | {page.file.src_uri}):
        extra = page.meta.get("synonyms") or [] if "#" not in target else []
        syn = page_synonyms(data, target, extra)
        if syn:
            anchor = target.partition("#")[2]
            _synonyms[page.url + ("#" + anchor if anchor else "")] = syn
    return markdown


EXTERNAL_LINK = re.compile(r'<a href="(https?://)')


def mark_external(html):
    """Mark external links, so print can show where they go (internal ones are rewritten by JS)."""
    return EXTERNAL_LINK.sub(r'<a class="external" href="\1', html)


def on_page_content(html, page, config, files):
    """Swap in the HTML of table, list and box macros."""
    return mark_external(expand_blocks(html, page))


@event_priority(-100)  # after the search plugin (0) has indexed the page
def on_page_context(context, page, config, nav):
    """Swap in the blocks kept out of search (tables, reference lists): the indexer would only skip them."""
    page.content = mark_external(expand_late_blocks(page.content, page))
    return context


def on_env(env, config, files):
    if _problems:
        raise PluginError(f"{len(_problems)} front-matter problem(s); see the lines above")
    return env


def on_post_page(output, page, config):
    bsg = config.extra["bsg"]
    if bsg["disclaimer"] not in output:
        raise PluginError(f"docs/{page.file.src_path}: the built page has no disclaimer (check overrides/)")
    if 'class="urgent-help"' not in output:
        raise PluginError(f"docs/{page.file.src_path}: the built page has no link to urgent help (check overrides/)")
    return output


def copy_offline_zip(config):
    """The online site carries the offline zip built just before it (scripts/build.py)."""
    if config.extra.get("offline"):
        return
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    src = os.path.join(root, "dist", OFFLINE_ZIP)
    if os.path.exists(src):
        os.makedirs(os.path.join(config.site_dir, "downloads"), exist_ok=True)
        for suffix in ("", ".sha256"):
            shutil.copyfile(src + suffix, os.path.join(config.site_dir, "downloads", OFFLINE_ZIP + suffix))


def write_robots(config):
    lines = ["User-agent: *", "Allow: /"]
    if config.site_url and not config.extra.get("offline"):
        lines.append(f"Sitemap: {config.site_url.rstrip('/')}/sitemap.xml")
    with open(os.path.join(config.site_dir, "robots.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


@event_priority(-50)  # after search writes its index (0), before offline copies it to search_index.js (-100)
def on_post_build(config):
    copy_offline_zip(config)
    write_robots(config)
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as fh:
        index = json.load(fh)
    for doc in index["docs"]:
        if doc["location"] in _synonyms:
            doc["synonyms"] = _synonyms[doc["location"]]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, separators=(",", ":"))
