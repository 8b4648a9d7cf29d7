"""The site's MkDocs plugin: data/ into pages, and the checks no page can skip.

Events, in build order:

- ``on_startup``: keeps the instance across ``mkdocs serve`` rebuilds (so loaded data is reused
  while no data file changes); everything else is reset per build in ``on_config``.
- ``on_config``: loads and validates data/ (a bad file stops the build with one line per
  problem), writes the glossary snippet, switches off what cannot work from file:// in the
  offline build, and registers the macros with mkdocs-macros (``register_macros``).
- ``on_page_markdown`` (before macros renders): validates front matter, collects the page's
  search synonyms and opens its ``PageContext`` (citations, blocks) for the macros.
- ``on_page_content``: block macros' HTML replaces their placeholders.
- ``on_page_context`` (after search has indexed the page): the blocks kept out of search go in;
  every link to an anchor on the same page must find it; the theme gets the ``guide`` variable (disclaimer, banner, labels).
- ``on_env``: stops the build if any page's front matter was bad.
- ``on_post_page``: every built page must carry the disclaimer and a link to urgent help.
- ``on_post_build``: robots.txt, the offline zip's copy, lay words into the search index.
"""
from __future__ import annotations

import functools
import inspect
import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .checks import built_page_problem, front_matter_problems, missing_anchor_problem
from .config import GuideConfig
from .content.load import DataError, data_stamp, load
from .paths import HELP_PAGE, NEXT_STEPS_PAGE
from .publish import copy_offline_zip, write_abbreviations, write_robots
from .render import MACROS, PageContext
from .render.html import mark_external
from .render.page import page_url
from .render.symptoms import banner_text, emergency_numbers
from .search import add_synonyms, page_synonyms, targets_by_page

log = get_plugin_logger(__name__)
OFFLINE_UNSAFE = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}


class GuidePlugin(BasePlugin[GuideConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.data_cache = None  # (stamp, SiteData), kept across `mkdocs serve` rebuilds
        self.command = None

    def on_startup(self, *, command, dirty):
        self.command = command

    # ----- once per build ------------------------------------------------
    def on_config(self, config):
        self.root = os.path.dirname(os.path.abspath(config.config_file_path))
        self.use_directory_urls = config.use_directory_urls
        self.data = self.load_data(os.path.join(self.root, self.config.data_dir), config.docs_dir)
        self.targets = targets_by_page(self.data)
        self.problems: list[str] = []
        self.synonyms: dict[str, str] = {}  # page URL (#section) -> its lay words for search
        self.pages: dict[str, PageContext] = {}  # src_uri -> context, until its blocks are in the HTML
        self.current: PageContext | None = None
        self.theme = self.theme_variables()
        write_abbreviations(self.data.glossary, self.root)
        if self.config.offline:
            config.theme["features"] = [f for f in config.theme["features"] if f not in OFFLINE_UNSAFE]
        macros = config.plugins.get("macros")
        if macros is not None:
            macros.register_macros({name: self.bind(fn) for name, fn in MACROS.items() if name not in macros.macros})
        return config

    def load_data(self, data_dir, docs_dir):
        stamp = data_stamp(data_dir, docs_dir)
        if self.data_cache is None or self.data_cache[0] != stamp:
            try:
                self.data_cache = (stamp, load(data_dir, docs_dir))
            except DataError as exc:
                raise PluginError("invalid data:\n  " + "\n  ".join(exc.problems)) from None
        return self.data_cache[1]

    def theme_variables(self):
        """What overrides/ shows on every page (the template variable ``guide``)."""
        site = self.data.site
        context = PageContext(self.data, "index.md")
        return {
            "disclaimer": site.disclaimer.short,
            "banner": banner_text(self.data, site.labels),
            "numbers": emergency_numbers(context),
            "labels": site.labels,
            "help_url": page_url(HELP_PAGE, self.use_directory_urls),
            "next_steps_url": page_url(NEXT_STEPS_PAGE, self.use_directory_urls),
        }

    def bind(self, fn):
        """The macro ``fn`` with its first argument, the current page's context, filled in."""
        @functools.wraps(fn)
        def macro(*args, **kwargs):
            return fn(self.current, *args, **kwargs)

        macro.__signature__ = inspect.signature(fn).replace(
            parameters=list(inspect.signature(fn).parameters.values())[1:])
        return macro

    # ----- every page ----------------------------------------------------
    @event_priority(100)  # before macros renders, so a broken page is reported as such
    def on_page_markdown(self, markdown, *, page, config, files):
        src = page.file.src_uri
        for problem in front_matter_problems(page.file.src_path, page.meta, self.data.sources):
            log.error(problem)
            self.problems.append(problem)
        for target in sorted(self.targets.get(src, set()) | {src}):
            extra = [] if "#" in target else (page.meta.get("synonyms") or [])
            words = page_synonyms(self.data, target, extra)
            if words:
                anchor = target.partition("#")[2]
                self.synonyms[page.url + ("#" + anchor if anchor else "")] = words
        self.current = self.pages[src] = PageContext(
            self.data, src, page.meta.get("sources", []), self.use_directory_urls, self.config.offline, self.root)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        """Swap in the HTML of table, list and box macros."""
        context = self.pages.get(page.file.src_uri)
        if context is not None:
            html, missing = context.blocks.expand(html)
            if missing:
                raise PluginError(
                    f"docs/{page.file.src_path}: {len(missing)} table, list or box macro(s) were not on a line "
                    "of their own, so their output could not be placed; put each such {{ … }} call on its "
                    "own line with a blank line before and after")
        return mark_external(html)

    @event_priority(-100)  # after the search plugin (0) has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        """Swap in the blocks kept out of search (tables, reference lists): the indexer would only skip them."""
        page_context = self.pages.pop(page.file.src_uri, None)
        if page_context is not None:
            page.content = page_context.blocks.expand_late(page.content)
        page.content = mark_external(page.content)
        problem = missing_anchor_problem(page.file.src_path, page.content)
        if problem:
            raise PluginError(problem)
        context["guide"] = self.theme
        return context

    def on_template_context(self, context, *, template_name, config):
        context["guide"] = self.theme  # 404.html and other templates that are not pages
        return context

    def on_env(self, env, *, config, files):
        if self.problems:
            raise PluginError(f"{len(self.problems)} front-matter problem(s); see the lines above")
        return env

    def on_post_page(self, output, *, page, config):
        problem = built_page_problem(page.file.src_path, output, self.theme["disclaimer"])
        if problem:
            raise PluginError(problem)
        return output

    # ----- after every page ----------------------------------------------
    @event_priority(-50)  # after search writes its index (0), before offline copies it to search_index.js (-100)
    def on_post_build(self, *, config):
        if not self.config.offline:
            copy_offline_zip(self.root, config.site_dir)
        write_robots(config.site_dir, config.site_url, self.config.offline)
        add_synonyms(config.site_dir, self.synonyms, self.config.synonyms_field)
