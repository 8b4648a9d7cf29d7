"""What the build reads and how the site is laid out: only regular files inside the project, one page per
address, the safety pages in nav, and theme overrides that name themselves when they break.
"""

from __future__ import annotations

import os
import re
import stat
import traceback
import unicodedata

import jinja2
from mkdocs.exceptions import PluginError


def irregular_files(root, parts):
    """One line per entry of ``parts`` (folders of ``root``) that is not a regular file or folder inside the
    project: a symbolic link (it could publish any file of the machine), a device, a pipe or a socket."""
    problems = []
    for part in parts:
        top = os.path.join(root, part)
        if os.path.islink(top):
            problems.append(
                f"{part}: is a symbolic link (to {os.readlink(top)}); the build reads only regular "
                f"files inside the project: make it a real folder"
            )
            continue
        for folder, dirs, files in os.walk(top):
            for name in sorted(dirs + files):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    problems.append(
                        f"{rel}: is a symbolic link (to {os.readlink(path)}); the build reads and "
                        f"publishes only regular files inside the project: copy the file in instead"
                    )
                elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    problems.append(f"{rel}: is not a regular file; delete it")
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
    return problems


PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # one part of a page's path: its web address
# pages the build or the theme makes; a file of that name in docs/ would silently take its place
RESERVED_PAGES = {"404.md": "the theme makes the not-found page from its 404.html"}


def page_name_problems(pages, reserved):
    """One line per page whose path is not lowercase a-z, 0-9 and hyphens (its path is its web address,
    and a capital or an accent makes a twin of another page on Windows and macOS), or that takes the name
    of a page the build makes. ``pages``: src paths; ``reserved``: {src path: who makes it}."""

    def same_file(path):  # how Windows and macOS compare names: one Unicode form, any case
        return unicodedata.normalize("NFC", path).casefold()

    def look_alike(path):
        return unicodedata.normalize("NFKD", path).encode("ascii", "ignore").decode().lower()

    problems = []
    for path in pages:
        if path in reserved:
            problems.append(f"docs/{path}: this name is taken: {reserved[path]}; delete the file")
            continue
        if all(PAGE_NAME.fullmatch(part) for part in path.removesuffix(".md").split("/")):
            continue
        twin = next((p for p in pages if p != path and same_file(p) == same_file(path)), None)
        alike = next((p for p in pages if p != path and look_alike(p) == look_alike(path)), None)
        hint = (
            f"; on Windows and macOS it is the same file as docs/{twin}"
            if twin
            else f"; it reads like docs/{alike}"
            if alike
            else ""
        )
        problems.append(
            f"docs/{path}: a page's file name is its web address: use only lowercase a-z, 0-9 and hyphens{hint}"
        )
    return problems


def url_clashes(files):
    """One line per address that two source files would both be built to."""
    by_dest: dict[str, list[str]] = {}
    for f in files:
        by_dest.setdefault(f.dest_uri, []).append(f.src_uri)
    return [
        f"docs/{srcs[0]}: " + " and ".join(f"docs/{s}" for s in srcs) + f" would both be published as "
        f"'{dest}'; rename or delete one"
        for dest, srcs in by_dest.items()
        if len(srcs) > 1
    ]


def _nav_paths(items):
    for item in items or ():
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _nav_paths(value if isinstance(value, list) else [value])
        elif isinstance(item, list):
            yield from _nav_paths(item)


def nav_problems(config_nav, nav, required, files=None):
    """A page listed twice in nav, and each of the ``required`` pages (the safety pages) missing from it
    (or from the pages: deleted, excluded or a draft). ``nav`` None: read from mkdocs.yml's nav alone."""
    problems, seen = [], set()
    for path in _nav_paths(config_nav):
        if re.match(r"^\s*[a-z][a-z0-9+.-]*:", path, re.I) and not path.startswith("https://"):
            problems.append(f"mkdocs.yml: nav: '{path}' is not a page of docs/ nor an https:// address")
        if path in seen and "://" not in path:
            problems.append(f"mkdocs.yml: nav: '{path}' is listed twice; list each page once")
        seen.add(path)
    in_nav = {p.file.src_uri for p in nav.pages} if nav is not None else seen
    for page in required:
        if files is not None and not (
            files.get_file_from_path(page) and files.get_file_from_path(page).inclusion.is_included()
        ):
            problems.append(
                f"mkdocs.yml: docs/{page} must be in the site, and it is missing, excluded or a draft "
                f"(exclude_docs, draft_docs); readers in trouble look for it: put it back"
            )
        elif config_nav and page not in in_nav:
            problems.append(f"mkdocs.yml: nav: '{page}' must stay in nav (readers in trouble look for it there)")
    return problems


def _override_where(exc, overrides):
    """'overrides/x.html:LINE' for the deepest frame of ``exc`` in an override template, or None."""
    if (
        isinstance(exc, jinja2.TemplateSyntaxError)
        and exc.filename
        and os.path.realpath(exc.filename).startswith(overrides + os.sep)
    ):
        return f"overrides/{os.path.relpath(os.path.realpath(exc.filename), overrides)}:{exc.lineno}"
    where = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        name = os.path.realpath(frame.f_code.co_filename)
        if name.startswith(overrides + os.sep):
            where = f"overrides/{os.path.relpath(name, overrides)}:{lineno}"
    return where


def override_problems(env, overrides):
    """One line per override template (overrides/) that does not compile, naming its file and line, and per
    override file (templates, icons) holding what no built page may (an event handler, a remote script)."""
    from .html_check import file_problems

    problems = []
    for folder, _, names in os.walk(overrides):
        for name in sorted(names):
            if name.endswith((".html", ".svg")):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                    found = file_problems(
                        f"overrides/{os.path.relpath(os.path.join(folder, name), overrides)}", fh.read()
                    )
                if found:
                    problems.append(found[0])
                    continue
            if not name.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), overrides).replace(os.sep, "/")
            try:
                env.get_template(rel)
            except jinja2.TemplateSyntaxError as exc:
                where = _override_where(exc, overrides) or f"overrides/{rel}"
                problems.append(f"{where}: template error: {exc.message}")
    return problems


def reporting_template(template_class, overrides):
    """``template_class`` whose render names the override file and line of an error raised in it."""

    class OverrideReporting(template_class):  # type: ignore[misc, valid-type]  # whichever class it is given
        def render(self, *args, **kwargs):
            try:
                return super().render(*args, **kwargs)
            except PluginError:
                raise
            except Exception as exc:  # noqa: BLE001 - named by the override that raised it
                where = _override_where(exc, overrides)
                if where is None:
                    raise
                raise PluginError(f"{where}: template error: {exc} ({type(exc).__name__})") from None

    return OverrideReporting


ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
URL_UNSAFE = re.compile(r"[\s\"'<>`\\]")


# a group with a repeat inside, itself repeated: the shape of regular expressions that backtrack for ever
NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)\s*[+*{]")


def config_problems(config, root, report_address):
    """mkdocs.yml settings that would bring in something from outside the project or break out of the
    page: scripts and style sheets from another site, a theme folder outside the project, a site address
    or report address that is not plainly one."""
    problems = []
    for key in ("extra_javascript", "extra_css"):
        for item in config.get(key) or []:
            path = str(getattr(item, "path", item))
            if "://" in path or path.startswith("//") or os.path.isabs(path) or ".." in path.split("/"):
                problems.append(
                    f"mkdocs.yml: {key}: '{path}' is not a file of docs/; the guide loads nothing from another site"
                )
    custom = (config.get("theme") and config.theme.custom_dir) or None
    if not custom:  # the banner, the disclaimer and the review dates are in the theme layout, overrides/
        problems.append("mkdocs.yml: theme.custom_dir is missing; it must be 'overrides' (the guide's page layout)")
    elif os.path.realpath(custom) != os.path.realpath(os.path.join(root, "overrides")):
        shown = os.path.relpath(custom, root) if os.path.isabs(custom) else custom
        problems.append(f"mkdocs.yml: theme.custom_dir '{shown}' must be the project's overrides/ folder")
    # the theme's own links and pictures: files of docs/, never another site (the privacy plugin would only warn)
    theme = config.get("theme")
    extra = config.get("extra") or {}
    places = [("theme.logo", theme and theme.get("logo")), ("theme.favicon", theme and theme.get("favicon"))]
    places += [("extra.homepage", extra.get("homepage"))]
    places += [(f"extra.alternate.{i}.link", (a or {}).get("link")) for i, a in enumerate(extra.get("alternate") or [])]
    remote = [
        f"{key} ({value!r})" for key, value in places if isinstance(value, str) and re.match(r"^\s*(\w+:|//)", value)
    ]
    if remote:
        problems.append(
            f"mkdocs.yml: {', '.join(remote)}: must be a file of docs/; the guide loads nothing from another site"
        )
    if extra.get("analytics"):  # who reads which symptom page is nobody else's business
        problems.append(
            "mkdocs.yml: extra.analytics: the guide sends nothing about its readers to another site; remove it"
        )
    search = config.plugins.get("material/search") or config.plugins.get("search")
    separator = str(getattr(search, "config", {}).get("separator") or "")
    if NESTED_REPEAT.search(separator):
        problems.append(
            "mkdocs.yml: plugins: search: separator: a repeated group that holds a repeat (such as '(\\w+\\s?)+') "
            "can make the build and every reader's search hang on a long word; write it without the outer repeat"
        )
    if config.site_url and URL_UNSAFE.search(config.site_url):
        problems.append(f"mkdocs.yml: site_url {config.site_url!r} is not a plain address (no spaces, quotes or <>)")
    if report_address and not ADDRESS.match(report_address):
        problems.append(
            f"mkdocs.yml: report_address {report_address!r} is not an e-mail address such as corrections@example.org"
        )
    return problems


# mkdocs-macros settings that would read files or import code from anywhere (include_dir, include_yaml,
# module_name, modules) or leave a page's macros unrun (render_by_default): the guide's macros come from
# backspasm_site and its facts from data/, so each keeps its default
MACROS_DEFAULTS = {
    "include_dir": "",
    "include_yaml": [],
    "module_name": "main",
    "modules": [],
    "render_by_default": True,
}


def macros_problems(config):
    """One line naming every mkdocs-macros setting in mkdocs.yml that is not its default (MACROS_DEFAULTS)."""
    macros = config.plugins.get("macros")
    if macros is None:
        return []
    changed = {
        key: macros.config.get(key)
        for key, default in MACROS_DEFAULTS.items()
        if macros.config.get(key) not in (default, None) and not (default == [] and not macros.config.get(key))
    }
    if not changed:
        return []
    shown = ", ".join(f"{key} ({value!r})" for key, value in changed.items())
    return [
        f"mkdocs.yml: plugins: macros: {shown}: must stay unset; the guide's macros come from backspasm_site "
        f"and its facts from data/"
    ]


def sandbox_theme(env):
    """The theme's templates (Material's and overrides/) run sandboxed, as the pages' macros do: no
    attribute that starts with '_' (``lipsum.__globals__``), no unsafe call. A template that tries names its
    file and line (``reporting_template``); what the theme itself does is unchanged."""
    from jinja2.sandbox import SandboxedEnvironment

    if not isinstance(env, SandboxedEnvironment):
        env.__class__ = type("SandboxedThemeEnvironment", (SandboxedEnvironment, type(env)), {})
        env.binop_table = dict(SandboxedEnvironment.default_binop_table)
        env.unop_table = dict(SandboxedEnvironment.default_unop_table)
    return env
