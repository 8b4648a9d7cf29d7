"""The site's MkDocs plugin: data/ into pages, and the checks no page can skip.

Events, in build order:

- ``on_startup``: keeps the instance across ``mkdocs serve`` rebuilds (so loaded data is reused
  while no data file changes), and notes the command: under ``mkdocs serve`` no service worker
  is registered (``offline_app.py``); everything else is reset per build in ``on_config``.
- ``on_config``: loads and validates data/ (a bad file stops the build with one line per
  problem), writes the glossary snippet, switches off what cannot work from file:// in the
  offline build, and registers the macros with mkdocs-macros (``register_macros``).
- ``on_page_markdown`` (before macros renders): validates front matter, collects the page's
  search synonyms and opens its ``PageContext`` (citations, blocks) for the macros.
- ``on_page_content``: block macros' HTML replaces their placeholders.
- ``on_page_context`` (after search has indexed the page): the blocks kept out of search go in;
  every link to an anchor on the same page must find it; the theme gets the ``guide`` variable
  (disclaimer, banner, labels).
- ``on_files``: the offline build leaves out the offline app's scripts (no service worker on file://).
- ``on_env`` (every page's HTML is made): data ``page:`` anchors must exist and data pages must be
  in nav; stops the build with every problem found so far (front matter, macros, links), one line each;
  then the copy's dates (made, earliest next review) for every page.
- ``on_post_page``: every built page must carry the disclaimer and a link to urgent help, within
  the size budget.
- ``on_post_build``: one style sheet and one script for every page (``bundle.py``), robots.txt, the
  offline zip's copy, lay words into the search index (within its budget), and what the typo-tolerant
  search needs (vocabulary, emergency signs: ``config.typo_search``); then the offline app's files
  (manifest, icons, offline page), the HTTP headers (``headers.py``: ``_headers``, ``dist/nginx/``) and
  sw.js listing every file with its hash.
- A build with ``SITE_URL`` set (a public one) stops in ``on_config`` if an address is a placeholder.

Under ``mkdocs serve`` (``on_startup``), a build that stops does not stop the server: ``serve.py``
keeps the last good build on show, with the problems on every page, until the next good save.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import inspect
import os
import re
from urllib.parse import quote, urljoin

import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from . import booklet, bundle, macro_errors, mkdocs_messages
from .booklet import booklet_file
from .checks import (
    built_page_problem,
    front_matter_problems,
    missing_anchor_problem,
    one_line_per_file,
    placeholder_problem,
    size_problem,
)
from .config import GuideConfig
from .content.load import DataError, data_stamp, load
from .content.yaml_loader import not_utf8, read_front_matter
from .html_check import REMOTE_CSS, content_problems, machine_details, site_problems
from .offline_app import APP_JS, COPY_AGE_JS, OfflineApp
from .paths import BOOKLET_PAGE, HELP_PAGE, NEXT_STEPS_PAGE, front_matter
from .project_files import (
    RESERVED_PAGES,
    config_problems,
    irregular_files,
    macros_problems,
    nav_problems,
    override_problems,
    page_name_problems,
    reporting_template,
    sandbox_theme,
    url_clashes,
)
from .publish import OUR_ASSETS, compact, copy_offline_zip, write_abbreviations, write_robots
from .render import MACROS, MacroError, PageContext
from .render.citations import group_citations
from .render.html import mark_external
from .render.page import page_url
from .render.phones import numbers as phone_numbers
from .render.phones import tel_links
from .render.symptoms import banner_text, emergency_numbers
from .search import add_synonyms, page_questions, page_synonyms, search_extras, targets_by_page

log = get_plugin_logger(__name__)


def refuse(problems, what):
    """Each problem on its own line, then stop the build: '<n> <what>; see the lines above'."""
    for problem in problems:
        log.error(problem)
    raise PluginError(f"{len(problems)} {what}; see the lines above")


ABBR = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')
# a <pre> or <textarea> keeps its white space; elsewhere a line's indentation is bytes for nothing
KEEPS_SPACE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+")


def without_indentation(html):
    """The page without the white space that starts its lines (the theme's indentation: about 0.7 KB gzip
    on a page), except inside <pre> and <textarea>. A line break stays, so text reads the same."""
    parts = KEEPS_SPACE.split(html)
    return "".join(part if i % 3 == 1 else "" if i % 3 == 2 else INDENT.sub("\n", part) for i, part in enumerate(parts))


def first_abbr_only(html):
    """A glossary term is explained (its <abbr title>) where it first occurs on a page; after that it is
    plain text, as a reader needs it once (each title is repeated bytes on every use)."""
    seen = set()

    def once(m):
        term = m.group(1).lower()
        if term in seen:
            return m.group(1)
        seen.add(term)
        return m.group(0)

    return ABBR.sub(once, html)


JINJA_MARK = re.compile(r"\{[{%#]|[}%#]\}")  # where a template tag opens or closes
UNRENDERED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")  # a macro call or tag, when macros are off
PAGE_ONLY = {"assets/javascripts/next-steps.js": NEXT_STEPS_PAGE}  # script -> the one page that runs it
READER_TOOLS_JS = "assets/javascripts/reader-tools.js"  # text size, listen, share: partials/reader-tools.html
BLOCK_TOKEN = re.compile(r"guide-block-(\d+)")  # render/blocks.py TOKEN
# macros that show emergency signs and numbers: written on a page, they must run (not sit in {% raw %} or
# an {% if %} that is false); and the safety pages must keep the ones they have
SAFETY_MACROS = {
    "red_flags",
    "urgency_list",
    "get_help",
    "next_steps",
    "outcome",
    "emergency_numbers",
    "emergency_number_list",
    "signs_summary",
}
SAFETY_NEEDS = {
    HELP_PAGE: ("red_flags", "urgency_list", "emergency_numbers"),
    NEXT_STEPS_PAGE: ("next_steps", "emergency_number_list"),
    "index.md": ("red_flags",),
}
SAFETY_CALL = re.compile(r"\{\{-?\s*(" + "|".join(sorted(SAFETY_MACROS)) + r")\s*\(")
OFFLINE_UNSAFE = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}


SNIPPET = "--8<--"  # pymdownx.snippets: include another file


class GuidePlugin(BasePlugin[GuideConfig]):
    supports_multiple_instances = False

    def __init__(self):
        # MkDocs makes the plugin while it checks mkdocs.yml: from here on its messages about mkdocs.yml and
        # the pages name the file first (a mistake in a setting checked before 'plugins' keeps MkDocs' words)
        mkdocs_messages.install()
        self.data_cache = None  # (stamp, SiteData), kept across `mkdocs serve` rebuilds
        self.command = None

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        if command == "serve":
            from . import serve

            serve.keep_serving_on_errors()

    def on_files(self, files, *, config):
        """A page that is not UTF-8 text is named, with its line, before MkDocs tries to read it; our
        scripts and style sheets lose their comments; the offline build leaves out the offline app's scripts."""
        if not self.config.enabled:
            return files
        problems = []
        for required in (HELP_PAGE, NEXT_STEPS_PAGE):  # the emergency advice and the triage guide never go missing
            if files.get_file_from_path(required) is None:
                problems.append(f"docs/{required}: is missing; the guide cannot be built without it (put it back)")
        pages = [f.src_uri for f in files.documentation_pages()]
        problems += page_name_problems(pages, {**RESERVED_PAGES, BOOKLET_PAGE: "the build makes the booklet"})
        for f in files.documentation_pages():
            with open(f.abs_src_path, "rb") as fh:
                problem = not_utf8(fh.read(), f"docs/{f.src_path}")
            if problem:
                problems.append(problem)
        if problems:
            refuse(problems, "page file(s) the guide cannot use")
        problems += url_clashes(files)
        # before MkDocs builds nav (and warns about the pages it lacks): the safety pages, each page once
        problems += nav_problems(config.nav, None, (HELP_PAGE, NEXT_STEPS_PAGE), files)
        if problems:
            refuse(problems, "problem(s) in the pages or nav")
        pages = [front_matter(f.abs_src_path) for f in files.documentation_pages()]
        reviewed = [m["reviewed"] for m in pages if type(m.get("reviewed")) is dt.date]  # not a datetime
        due = [m["next_review"] for m in pages if type(m.get("next_review")) is dt.date]
        if reviewed and due:  # the whole guide on one page: as new as its newest page, due with its first
            files.append(booklet_file(config, BOOKLET_PAGE, self.data.site.reader_tools, max(reviewed), min(due)))
        remote = []
        for f in [f for f in files if OUR_ASSETS.match(f.src_uri)]:  # scripts and styles, without their comments
            with open(f.abs_src_path, encoding="utf-8") as fh:
                source = fh.read()
            m = REMOTE_CSS.search(source) if f.src_uri.endswith(".css") else None
            if m:  # named in the source, with its line (the built-file check would name the bundle)
                line = source.count("\n", 0, m.start()) + 1
                remote.append(f"docs/{f.src_uri}:{line}: '{m.group(0)[:50]}' loads from another site; ship the file")
            text = compact(source)
            files.remove(f)
            files.append(File.generated(config, f.src_uri, content=text))
        if remote:
            refuse(remote, "style sheet(s) load from another site")
        return self.app.on_files(files)

    # ----- once per build ------------------------------------------------
    @event_priority(100)  # before mkdocs-macros reads its settings (include_yaml, module_name: macros_problems)
    def _refuse_macros_settings(self, config):
        if not self.config.enabled:
            if config.plugins.get("macros") is not None:  # the pages' macro calls would find nothing to call
                refuse(
                    [
                        "mkdocs.yml: plugins: backspasm: 'enabled' is false, but the macros plugin is on, and "
                        "the pages' macros are the guide's: turn backspasm on (or macros off too)"
                    ],
                    "problem(s) in mkdocs.yml",
                )
            return config
        refused = macros_problems(config)
        if refused:
            refuse(refused, "problem(s) in mkdocs.yml")
        return config

    def _on_config(self, config):  # after mkdocs-macros' own on_config: its macros are registered here
        if not self.config.enabled:
            return config
        self.root = os.path.dirname(os.path.abspath(config.config_file_path))
        if os.environ.get("SITE_URL"):  # a build for the public: no stand-in address may reach readers
            problem = placeholder_problem(
                [
                    (config.site_url, "SITE_URL"),
                    (self.config.report_address, "REPORT_ADDRESS (or report_address under backspasm: in mkdocs.yml)"),
                    (config.copyright, "copyright in mkdocs.yml"),
                ]
            )
            if problem:
                raise PluginError(problem)
        self.use_directory_urls = config.use_directory_urls
        self.site_url = config.site_url
        refused = irregular_files(self.root, ("docs", "data", "overrides"))
        refused += config_problems(config, self.root, self.config.report_address)
        if not config.use_directory_urls and not self.config.offline:  # (the offline copy turns them off itself)
            refused.append(
                "mkdocs.yml: field 'use_directory_urls': must stay true for the online site: every published "
                "address, bookmark and saved copy uses it"
            )
        # (mkdocs serve puts its own http://127.0.0.1 address in site_url: only what is published must be https)
        if config.site_url and not config.site_url.startswith("https://") and self.command != "serve":
            refused.append(
                f"mkdocs.yml: site_url '{config.site_url}' must start with https:// (set SITE_URL to "
                f"the public https address)"
            )
        if refused:
            refuse(refused, "problem(s) in the project's files")
        self.front: dict[str, tuple] = {}  # src_uri -> (front matter as we read it, its problems)
        self.data = self.load_data(os.path.join(self.root, self.config.data_dir), config.docs_dir)
        self.targets = targets_by_page(self.data)
        self.phones = phone_numbers(self.data)
        self.problems: list[str] = []
        self.booklet_problem: str | None = None  # a link in the booklet to a section no page has
        self.ran: list[str] = []  # the macros that ran on the current page
        self.written: list[tuple] = []  # (safety macro, line) written on the current page
        self.ids: dict[str, set] = {}  # src_uri -> the id="" values of its HTML (for data page: anchors)
        self.lines: list[str] = []  # the current page's Markdown, for the line of a macro call
        self.offset = 0  # lines of front matter above it
        self.taken: set[int] = set()  # lines already blamed for a macro error on this page
        # block number -> (macro, args, line) on the current page; None once its template has failed
        self.block_calls: dict[int, tuple] | None = {}
        self.synonyms: dict[str, str] = {}  # page URL (#section) -> its lay words for search
        self.questions: dict[str, str] = {}  # page URL (#section) -> the words of the questions it answers
        self.pages: dict[str, PageContext] = {}  # src_uri -> context, until its blocks are in the HTML
        self.final: dict[str, str] = {}  # src_uri -> the page's final HTML (finish)
        self.nav_pages = []
        self.current: PageContext | None = None
        self.app = OfflineApp(self.data.site.offline_app, self.config.offline, self.command == "serve")
        self.theme = self.theme_variables()
        # one style sheet and one script after Material's bundle, made in on_post_build (bundle.py)
        extra = [str(getattr(s, "path", s)) for s in config.extra_javascript]
        # a script only one page uses loads on that page alone (a first visit elsewhere does not fetch it)
        self.page_scripts = {page: s for s, page in PAGE_ONLY.items() if s in extra}
        self.bundle_scripts = [s for s in extra if s not in PAGE_ONLY]
        self.bundle_scripts += [COPY_AGE_JS, READER_TOOLS_JS]
        if self.app.theme["sw"]:
            self.bundle_scripts.append(APP_JS[0])
        self.bundle_css = [str(s) for s in config.extra_css]
        config.extra_css = [bundle.CSS]
        config.extra_javascript = [bundle.JS]
        self.theme["bundle"] = True
        write_abbreviations(self.data.glossary, self.root)
        if self.config.offline:
            config.theme["features"] = [f for f in config.theme["features"] if f not in OFFLINE_UNSAFE]
        else:  # the iframe-worker shim only does anything from file://: online it is weight for nothing
            config.extra["polyfills"] = [p for p in config.extra.get("polyfills") or [] if "iframe-worker" not in p]
        macros = self.macros = config.plugins.get("macros")
        if macros is not None:
            macros.register_macros({name: self.bind(fn) for name, fn in MACROS.items() if name not in macros.macros})
            template = type(
                "PageTemplate", (macro_errors.ReportingTemplate,), {"report": staticmethod(self.template_error)}
            )
            macros._env = macro_errors.sandboxed(macros.env, {name: macros.macros[name] for name in MACROS}, template)
        if self.command in ("build", "gh-deploy"):
            # What is loaded by now (modules, data, theme) lives until the process ends: keep it out of
            # Python's garbage collector, which otherwise walks it all again on every full collection
            # (one build in its own process; under `mkdocs serve` the next rebuild must free it).
            gc.freeze()
        return config

    on_config = CombinedEvent(_refuse_macros_settings, _on_config)

    def load_data(self, data_dir, docs_dir):
        stamp = data_stamp(data_dir, docs_dir)
        if self.data_cache is None or self.data_cache[0] != stamp:
            try:
                self.data_cache = (stamp, load(data_dir, docs_dir, self.config.excerpts_required))
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
            "numbers": markupsafe.Markup(emergency_numbers(context)),  # HTML: tap-to-call links
            "labels": site.labels,
            "help_url": page_url(HELP_PAGE, self.use_directory_urls),
            "app": self.app.theme,  # offline_app.py: service worker, copy age
            "next_steps_url": page_url(NEXT_STEPS_PAGE, self.use_directory_urls),
            "report_address": self.config.report_address,  # the search's "Tell us what you searched for"
            "phones": self.phones,
            "reader": site.reader_tools,
            "booklet_url": page_url(BOOKLET_PAGE, self.use_directory_urls),
            # the booklet's size is known once it is built: on_post_build writes it in (booklet.write_size)
            "booklet_link": site.reader_tools.booklet_link.replace("{size}", booklet.SIZE_MARK),
        }

    def public_url(self, page):
        """The page's address on the web, also from the offline copy (whose own address is a file:// path)."""
        online = page_url(page.file.src_uri, True)
        return urljoin(self.site_url, online) if self.site_url else page.url

    def mailto(self, subject, body):
        address = self.config.report_address
        return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"

    def report_href(self, page):
        """The "Report a problem" mailto: link, with the page's title, address and review date filled in."""
        labels = self.data.site.labels
        title = markupsafe.Markup(page.meta.get("title") or page.title or "").unescape()
        reviewed = str(page.meta.get("reviewed", ""))
        subject = labels.report_subject.format(title=title)
        body = labels.report_body.format(title=title, url=self.public_url(page), reviewed=reviewed)
        return self.mailto(subject, body)

    def reader_page(self, page):
        """What the reader tools need from the page: its public address (to share) and the two
        "Was this page helpful?" mailto: links, with the page and the answer filled in."""
        words = self.data.site.reader_tools
        title = markupsafe.Markup(page.meta.get("title") or page.title or "").unescape()
        url = self.public_url(page)
        out = {"url": url}
        for key, answer in (("helpful_yes", words.helpful_yes), ("helpful_no", words.helpful_no)):
            out[key] = self.mailto(
                words.helpful_subject.format(title=title, answer=answer),
                words.helpful_body.format(title=title, url=url, answer=answer),
            )
        return out

    def bind(self, fn):
        """The macro ``fn`` with its first argument, the current page's context, filled in."""

        @functools.wraps(fn)
        def macro(*args, **kwargs):
            self.ran.append(fn.__name__)
            try:
                out = fn(self.current, *args, **kwargs)
            except (MacroError, TypeError) as exc:
                said = str(exc).removeprefix(f"{fn.__name__}() ")  # a TypeError names the function itself
                self.macro_problem(fn.__name__, args, f"{fn.__name__}(): {said}", macro_errors.running_line())
                return ""
            for n in BLOCK_TOKEN.findall(out if isinstance(out, str) and self.block_calls is not None else ""):
                # to name a block that cannot be placed
                self.block_calls[int(n)] = (fn.__name__, args, macro_errors.running_line())
            return out

        macro.__signature__ = inspect.signature(fn).replace(
            parameters=list(inspect.signature(fn).parameters.values())[1:]
        )
        return macro

    def problem(self, line) -> None:
        """A problem found while the pages are read: reported in ``on_env`` with MkDocs' own findings about
        the same file, one line per file, and the build stops there."""
        self.problems.append(line)

    def report_problems(self) -> list[str]:
        """The problems not yet shown, one line per file (MkDocs' warnings about the pages with them)."""
        problems, self.problems = self.problems + mkdocs_messages.held(), []
        lines = one_line_per_file(problems)
        for line in lines:
            log.error(line)
        return lines

    def on_build_error(self, *, error) -> None:
        """A build that stops before ``on_env`` still shows what was found."""
        if self.config.enabled and getattr(self, "problems", None) is not None:
            self.report_problems()

    def macro_problem(self, name, args, message, line=None) -> None:
        """A macro called with something not in the data, at ``line`` of the page's Markdown (when not
        known, the line is found by searching the page for the call)."""
        line = line or macro_errors.call_line(self.lines, name, args, self.taken)
        if line:
            self.taken.add(line)
        self.problem(f"{self.where(line)}: {message}")

    def where(self, line) -> str:
        """'docs/x.md:LINE' for a line of the current page's Markdown (counted in the file), or the file."""
        return f"docs/{self.current.src_path}" + (f":{line + self.offset}" if line else "")

    def template_error(self, exc, line):
        """Any other error while a page's macros run: one line, and the page as typed (the build goes on)."""
        self.problem(f"{self.where(line)}: {macro_errors.runtime_message(exc)}")
        self.block_calls = None  # its blocks never reach the page: not a mistake of their own
        return "\n".join(self.lines)

    # ----- every page ----------------------------------------------------
    def on_page_read_source(self, *, page, config):
        """The page's front matter read by us (aliases, tags, impossible dates and duplicate keys refused, each
        mistake with its line and cause); front matter we cannot read never reaches MkDocs' own reader."""
        if not self.config.enabled:
            return None
        text = page.file.content_string
        meta, problems = read_front_matter(text, f"docs/{page.file.src_path}")
        self.front[page.file.src_uri] = (meta, problems)
        if problems and not meta:
            lines = text.lstrip("\ufeff").split("\n")
            end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0)
            return "\n".join(lines[end + 1 :])  # the page without it (the problems are reported)
        return None

    @event_priority(100)  # before macros renders, so a broken page is reported as such
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        src = page.file.src_uri
        meta, read_problems = self.front.get(src, (page.meta, []))
        made = src == BOOKLET_PAGE  # the booklet's front matter is made from its pages', which are checked
        for problem in (
            [] if made else read_problems or front_matter_problems(page.file.src_path, meta, self.data.sources)
        ):
            self.problem(problem)
        # pymdownx.snippets would read another file into the page (any path it can reach): a page is only its
        # own words and macro calls. The build adds the glossary snippet itself (auto_append in mkdocs.yml).
        offset = macro_errors.front_matter_lines(page.file.content_string, markdown)
        if SNIPPET in markdown:
            lines = markdown.splitlines()
            for i, line in enumerate(lines, start=1):
                if SNIPPET in line:
                    self.problem(
                        f"docs/{page.file.src_path}:{i + offset}: '--8<--' (include another file) is not "
                        "allowed in a page; write the words here, or use a macro"
                    )
                    lines[i - 1] = ""
            markdown = "\n".join(lines)
        if self.macros is None:  # macro calls stay as text: in code, so Markdown (attr_list) reads nothing into them
            markdown = UNRENDERED.sub(lambda m: f"`{m.group(0)}`", markdown)
        for key in ("title", "description"):  # text, escaped once here, so every template prints it as text
            if key in page.meta and not isinstance(page.meta[key], str):
                # 'title: no' is YAML's false: reported above; text from here on, so no later plugin trips on it
                page.meta[key] = "" if page.meta[key] is None else str(page.meta[key])
                if key == "title":
                    page.title = page.meta[key] or page.file.name
            if isinstance(page.meta.get(key), str):
                if JINJA_MARK.search(page.meta[key]):  # reported above: never rendered (macros renders a title)
                    page.meta[key] = JINJA_MARK.sub("", page.meta[key])
                    if key == "title":
                        page.title = page.meta[key]
                page.meta[key] = markupsafe.escape(page.meta[key])
        self.lines = markdown.splitlines()
        self.offset = offset
        self.ran: list[str] = []  # the macros that ran on this page
        self.written = [
            (m.group(1), i)
            for i, line in enumerate(self.lines, start=1)
            if "{{" in line
            for m in SAFETY_CALL.finditer(line)
        ]
        for name in SAFETY_NEEDS.get(src, ()):
            if name not in {n for n, _ in self.written}:
                self.problem(
                    f"docs/{page.file.src_path}: must show {name}() (emergency signs and numbers); put it back"
                )
        self.taken = set()
        self.block_calls = {}
        if self.macros is not None:
            env = self.macros.env
            bad = macro_errors.template_problems(env, markdown, env.globals, env.globals)
            for line, message in bad:
                self.problem(f"docs/{page.file.src_path}:{line + self.offset}: {message}")
            if bad:
                markdown = macro_errors.inert(markdown, {line for line, _ in bad})
                self.written = []  # nothing runs on this page: reported above
        for target in sorted(self.targets.get(src, set()) | {src}):
            extra = [] if "#" in target else (page.meta.get("synonyms") or [])
            asked = [] if "#" in target else (page.meta.get("questions") or [])
            anchor = target.partition("#")[2]
            words = page_synonyms(self.data, target, extra)
            if words:
                self.synonyms[page.url + ("#" + anchor if anchor else "")] = words
            words = page_questions(self.data, target, asked)
            if words:
                self.questions[page.url + ("#" + anchor if anchor else "")] = words
        # an unknown front-matter key is reported above: references() leaves it out rather than report it again
        sources = page.meta.get("sources")
        sources = [k for k in sources if k in self.data.sources] if isinstance(sources, list) else []
        self.current = self.pages[src] = PageContext(
            self.data, src, sources, self.use_directory_urls, self.config.offline, self.root
        )
        return markdown

    def on_page_content(self, html, *, page, config, files):
        """Swap in the HTML of table, list and box macros."""
        if not self.config.enabled:
            return html
        context = self.pages.get(page.file.src_uri)
        if context is not None:
            html, missing = context.blocks.expand(html)
            for n in missing if self.block_calls is not None else ():
                name, args, line = self.block_calls.get(n, ("", (), None))
                line = line or (macro_errors.call_line(self.lines, name, args) if name else None)
                self.problem(
                    f"{self.where(line)}: {name or 'a'}() makes a table, list or box, which must be on a line of its own "
                    "(its output could not be placed); put the {{ … }} call on its own line with a blank line "
                    "before and after"
                )
        for name, line in self.written if self.block_calls is not None and self.macros is not None else ():
            if self.ran.count(name) < sum(1 for n, _ in self.written if n == name):
                self.problem(
                    f"{self.where(line)}: {name}() is written but did not run (inside {{% raw %}} or an "
                    f"{{% if %}} that is false): the emergency information it shows must stay on the page"
                )
                break
        # one parse: what the page may carry (an allow-list), and its ids (for data page: anchors)
        problems, self.ids[page.file.src_uri] = content_problems(
            page.file.src_path, html, self.lines, self.offset, safety=page.file.src_uri in (HELP_PAGE, NEXT_STEPS_PAGE)
        )
        for problem in problems:
            self.problem(problem)
        return first_abbr_only(mark_external(html))

    @event_priority(-100)  # after the search plugin (0) has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        """Swap in the blocks kept out of search (tables, reference lists): the indexer would only skip them."""
        if not self.config.enabled:
            return context
        if page.file.src_uri == BOOKLET_PAGE:
            page.content = self.booklet(page)
        page.content = self.finish(page)
        # with the macros plugin off (make bench's plain build), the anchors macros write are not there
        problem = missing_anchor_problem(page.file.src_path, page.content) if self.macros is not None else None
        if problem and page.file.src_uri == BOOKLET_PAGE:
            # the booklet's links are its pages' links: MkDocs names the page with a broken one after every
            # page is built, so the booklet's own line waits for that (on_post_build)
            self.booklet_problem = problem
        elif problem:
            raise PluginError(problem)
        context["guide"] = self.theme
        context["guide_page_scripts"] = [s for p, s in self.page_scripts.items() if p == page.file.src_uri]
        context["guide_report"] = self.report_href(page)
        context["guide_page"] = self.reader_page(page)
        return context

    def finish(self, page):
        """A page's final HTML (blocks kept out of search, external links marked, citations grouped, phone
        numbers linked), made once: the booklet may need it before the page's own turn."""
        src = page.file.src_uri
        if src not in self.final:
            page_context = self.pages.pop(src, None)
            content = page.content
            if page_context is not None:
                content = page_context.blocks.expand_late(content)
            # the blocks came in after on_page_content: a term they repeat is explained once here too
            self.final[src] = first_abbr_only(tel_links(group_citations(mark_external(content)), self.phones))
        return self.final[src]

    def booklet(self, page):
        """The booklet: the emergency box and the contents, then every page in nav order (booklet.py)."""
        words, labels = self.data.site.reader_tools, self.data.site.labels
        here = page.url
        topics = [p for p in self.nav_pages if p.file.src_uri != BOOKLET_PAGE]
        prefix_of = {p.url: booklet.slug(p.file.src_uri) for p in topics}
        sections = [
            booklet.topic(self.finish(p), p, prefix_of, here, labels, words, booklet.review_line(p, labels))
            for p in topics
        ]
        entries = [
            (prefix_of[p.url], str(markupsafe.Markup(p.meta.get("title") or p.title or "").unescape())) for p in topics
        ]
        text = PageContext(self.data, BOOKLET_PAGE).text
        head = (
            booklet.emergency_box(self.data, labels, self.theme["numbers"], text)
            + "\n"
            + booklet.contents(words, entries)
        )
        return page.content.replace(f"<p>{booklet.MARK}</p>", head + "\n" + "\n".join(sections))

    def on_template_context(self, context, *, template_name, config):
        if not self.config.enabled:
            return context
        context["guide"] = self.theme  # 404.html and other templates that are not pages
        return context

    def on_nav(self, nav, *, config, files):
        """Every data entry's page must be in nav (so readers can reach it)."""
        if not self.config.enabled:
            return nav
        mkdocs_messages.collect()  # MkDocs' words about a page join ours (report_problems)
        self.nav_pages = list(nav.pages)
        in_nav = {p.file.src_uri for p in nav.pages}
        missing: dict[str, list[str]] = {}  # page -> the data entries that point at it
        for rel, group in self.data_pages():
            for ident, target, _ in group:
                path = target.split("#")[0]
                if path not in in_nav:
                    missing.setdefault(path, []).append(f"{rel} entry '{ident}'")
        for path, entries in missing.items():
            self.problem(f"docs/{path} is not in nav (mkdocs.yml), but data points at it: {', '.join(entries)}")
        return nav

    def data_pages(self):
        """Every ``page:`` in data, as (file, [(entry id, page, (entry, path of the field))])."""
        d = self.data
        for rel, items in (
            ("data/treatments.yml", d.treatments),
            ("data/causes.yml", d.causes),
            ("data/symptoms.yml", d.symptoms),
            ("data/topics.yml", d.topics),
            ("data/claims.yml", d.claims),
            ("data/next-steps.yml", d.next_steps),
        ):
            yield rel, [(ident, item.page, (ident, ("page",))) for ident, item in items.items()]
        yield (
            "data/site.yml",
            [(r.id, r.page, (None, ("routes_first", i, "page"))) for i, r in enumerate(d.site.routes_first) if r.page],
        )

    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            return env
        missing: dict[tuple, list] = {}  # (page, anchor) -> the data entries that point at it
        for rel, group in self.data_pages():  # every page's HTML is made: its ids are known
            for ident, target, (entry, field) in group:
                path, _, anchor = target.partition("#")
                if anchor and path in self.ids and anchor not in self.ids[path]:
                    missing.setdefault((path, anchor), []).append((self.data.at(rel, entry, field), ident))
        for (path, anchor), entries in missing.items():  # one mistake, one line: the section, not each entry
            (where, ident), rest = entries[0], entries[1:]
            also = f" (and {len(rest)} more entries: {', '.join(i for _, i in rest)})" if rest else ""
            self.problem(
                f"{where}: entry '{ident}': field 'page': docs/{path} has no section "
                f"'#{anchor}'{macro_errors.did_you_mean(anchor, self.ids[path])}{also}"
            )
        # an override template that breaks names itself (its file and line), not the page being built
        overrides = os.path.realpath(os.path.join(self.root, "overrides"))
        sandbox_theme(env)
        env.template_class = reporting_template(env.template_class, overrides)
        for problem in override_problems(env, overrides) if os.path.isdir(overrides) else ():
            self.problem(problem)
        reported = self.report_problems()
        if reported:
            raise PluginError(f"{len(reported)} problem(s) in pages or data; see the lines above")
        self.app.on_env(files, config.site_url)
        return env

    def on_post_page(self, output, *, page, config):
        if not self.config.enabled:
            return output
        output = without_indentation(output)
        budget, name = (
            (self.config.booklet_budget_kb, "booklet_budget_kb")
            if page.file.src_uri == BOOKLET_PAGE
            else (self.config.page_budget_kb, "page_budget_kb")
        )
        problem = built_page_problem(page.file.src_path, output, self.theme["disclaimer"]) or size_problem(
            f"docs/{page.file.src_path}: the built page", len(output.encode("utf-8")), budget, name
        )
        if problem:
            raise PluginError(problem)
        return output

    # ----- after every page ----------------------------------------------
    @event_priority(-50)  # after search writes its index (0), before offline copies it to search_index.js (-100)
    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        if self.booklet_problem and not mkdocs_messages.warned():  # else the page's own line says it
            raise PluginError(self.booklet_problem)
        booklet.write_size(config.site_dir, page_url(BOOKLET_PAGE, self.use_directory_urls))
        self.app.unused = set(bundle.write_bundles(config.site_dir, config, self.bundle_css, self.bundle_scripts))
        if not self.config.offline:
            copy_offline_zip(self.root, config.site_dir)
        write_robots(config.site_dir, config.site_url, self.config.offline)
        add_synonyms(config.site_dir, self.questions, "questions")
        add_synonyms(
            config.site_dir,
            self.synonyms,
            self.config.synonyms_field,
            extras=lambda index: search_extras(self.data, index, self.theme["help_url"]),
        )
        index = os.path.join(config.site_dir, "search", "search_index.json")
        if os.path.exists(index):
            problem = size_problem(
                "search/search_index.json (every reader downloads it)",
                os.path.getsize(index),
                self.config.search_index_budget_kb,
                "search_index_budget_kb",
            )
            if problem:
                raise PluginError(problem)
        self.app.on_post_build(config, self.data.site, self.theme, self.root)  # lists the files above
        # the second net, over every built file (the theme's own pages, 404.html, too): nothing that loads or
        # runs what we did not put there ships from any build, not only from scripts/build.py
        refused = site_problems(config.site_dir, machine_details(self.root))
        for i, line in enumerate(refused):  # a theme page (404.html) made from an override names the override
            built = line.split(":", 1)[0]
            if built in config.theme.static_templates and os.path.isfile(os.path.join(self.root, "overrides", built)):
                refused[i] = f"overrides/{built} (built as {line})"
        if refused:
            refuse(refused, "problem(s) in the built files")
