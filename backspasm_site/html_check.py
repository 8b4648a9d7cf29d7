"""Page HTML through a real parser and an allow-list: what a page may carry, and the built site's second net.

``ContentChecker`` reads the HTML that Markdown and the macros make of one page (one parse per
page, which also collects its ``id`` values) and refuses anything that is not on the allow-list
below: an element or attribute we do not use (scripts, frames, embeds, forms, ``<style>``,
``<base>``, ``<meta>``, event handlers), a style attribute, or a link that is not https:, mailto:,
tel: or a page of the site. Every attribute value is read as a browser reads it (character
references decoded, then spaces, control characters and case ignored), so no spelling of
``javascript:``, ``data:`` or ``vbscript:`` gets through in any attribute.

The allow-list is what our pages contain today (``tests/test_hostile.py`` walks the built site to
keep it so): add to it only what a page really needs.

``site_problems`` is the second net over every built file, theme output included: no event handler,
no frame, embed or object, no meta refresh or base, no dangerous URL, no script but the theme's own.
"""

from __future__ import annotations

import functools
import os
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# element -> the attributes it may carry beyond GLOBAL_ATTRS
CONTENT_TAGS = {
    "a": {"href", "download", "rel"},
    "abbr": set(),
    "article": set(),
    "aside": set(),
    "b": set(),
    "blockquote": set(),
    "br": set(),
    "button": {"type"},
    "caption": set(),
    "cite": set(),
    "code": set(),
    "dd": set(),
    "del": set(),
    "details": {"open"},
    "div": set(),
    "dl": set(),
    "dt": set(),
    "em": set(),
    "figcaption": set(),
    "figure": set(),
    "h1": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "hr": set(),
    "i": set(),
    "ins": set(),
    "kbd": set(),
    "li": {"value"},
    "mark": set(),
    "nav": set(),
    "ol": {"start", "type", "reversed"},
    "p": set(),
    "pre": set(),
    "progress": {"max", "value"},
    "q": set(),
    "s": set(),
    "section": set(),
    "small": set(),
    "span": set(),
    "strong": set(),
    "sub": set(),
    "summary": set(),
    "sup": set(),
    "table": set(),
    "tbody": set(),
    "td": {"colspan", "rowspan", "align"},
    "tfoot": set(),
    "th": {"colspan", "rowspan", "align", "scope"},
    "thead": set(),
    "time": {"datetime"},
    "tr": set(),
    "u": set(),
    "ul": set(),
}
GLOBAL_ATTRS = {"class", "id", "title", "role", "hidden", "tabindex", "lang", "dir"}
# data-* attributes our scripts read (docs/assets/javascripts/) and the search plugin's marker
DATA_ATTRS = {
    "data-search-exclude",
    "data-next-steps",
    "data-next-review",
    "data-offline-save",
    "data-label",
    "data-md-component",
}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "xlink:href",
    "srcset",
    "ping",
    "longdesc",
    "manifest",
    "icon",
    "codebase",
    "lowsrc",
    "dynsrc",
}
DANGEROUS_SCHEME = re.compile(r"^(?:javascript|data|vbscript|livescript|mocha):")
# removed before a value is compared: what browsers skip in a URL (ASCII whitespace and control characters)
_IGNORED = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+")
SAFE_SCHEMES = {"", "https", "mailto", "tel"}
# every element of the whole built site that can load or run something
# a style sheet that fetches from another site (a font, an image, another sheet): readers' browsers would ask it
REMOTE_CSS = re.compile(r"""(?:@import\s*(?:url\()?|url\()\s*['"]?\s*(?:https?:)?//[^)'"\s]*""", re.I)
NEVER_ANYWHERE = {"iframe", "frame", "frameset", "embed", "object", "applet", "base", "portal", "fencedframe"}


def squeezed(value):
    """An attribute value as a browser compares a URL scheme: no spaces or control characters, lower case."""
    return _IGNORED.sub("", value).lower()


def link_problem(url):
    """Why a link in a page is refused (http:, javascript:, a user name or password), or None."""
    plain = squeezed(url)
    if DANGEROUS_SCHEME.match(plain):
        return f"{plain.split(':')[0]}: links are not allowed (only https://, mailto:, tel: or a page of the site)"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "is not a valid address"
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        if scheme == "http":
            return "must use https:// (or be a link to another page of the site)"
        return f"{scheme}: links are not allowed (only https://, mailto:, tel: or a page of the site)"
    if parts.username or parts.password or (scheme == "https" and "@" in parts.netloc):
        return "must not carry a user name or password"
    if not scheme and url.strip().startswith("//"):
        return "must name its scheme (https://), not start with //"
    return None


def style_problem(value):
    """Why a style value is refused (it could fetch or run something), or None."""
    plain = squeezed(value.replace("\\", ""))
    for bad in ("url(", "expression(", "@import", "javascript:", "behavior:", "-moz-binding", "image-set("):
        if bad in plain:
            return f"style with {bad.rstrip('(:')} is not allowed"
    return None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple]] = []  # (what is wrong, texts to find its line by, best first)
        self.ids: set[str] = set()

    def bad(self, message, needle):
        self.found.append((message, (self.get_starttag_text() or "", needle)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


class ContentChecker(_Parser):
    """One page's content against the allow-list (stricter on a safety page: nothing hidden or folded away)."""

    safety = False

    def handle_starttag(self, tag, attrs):
        if self.safety and (
            tag == "details"
            and "open" not in dict(attrs)
            or any(name in ("hidden", "aria-hidden", "inert") for name, _ in attrs)
        ):
            self.bad(
                f"<{tag}> hides part of a safety page (hidden, aria-hidden or a closed box); readers in "
                f"trouble must see all of it",
                f"<{tag}",
            )
            return
        allowed = CONTENT_TAGS.get(tag)
        if allowed is None:
            self.bad(
                f"<{tag}> is not allowed in a page (the guide's pages are text, links, lists, tables and boxes)",
                f"<{tag}",
            )
            return
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.add(value)
            if name.startswith("on"):
                self.bad(f"<{tag} {name}=…>: event handlers (on…) are not allowed", name)
            elif name == "style":
                self.bad(
                    f"<{tag} style=…>: style attributes are not allowed (use a class from the site's style sheets)",
                    "style",
                )
            elif name == "href" and link_problem(value):
                self.bad(f"link '{value}': {link_problem(value)}", value)
            elif DANGEROUS_SCHEME.match(squeezed(value)):
                self.bad(f"<{tag} {name}=…>: a {squeezed(value).split(':')[0]}: address is not allowed", value)
            elif not (name in allowed or name in GLOBAL_ATTRS or name in DATA_ATTRS or name.startswith("aria-")):
                self.bad(f"<{tag} {name}=…>: the attribute '{name}' is not allowed here", name)


class SiteChecker(_Parser):
    """A whole built file (theme included): nothing that can load or run what the guide did not put there."""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in NEVER_ANYWHERE:
            self.bad(f"<{tag}> is not allowed", f"<{tag}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() in ("refresh", "set-cookie"):
            self.bad("<meta http-equiv=refresh> is not allowed", "http-equiv")
        if tag == "script" and values.get("src") and urlsplit(values["src"]).scheme:
            self.bad(f"a script from another site ({values['src']}) is not allowed", values["src"])
        if tag in ("form", "button", "input") and ("action" in values or "formaction" in values):
            self.bad(f"<{tag}> with an action is not allowed", "action")
        for name, value in attrs:
            plain = squeezed(value or "")
            if name.startswith("on"):
                self.bad(f"<{tag} {name}=…>: event handlers are not allowed", name)
            elif name == "style" and style_problem(value or ""):
                self.bad(f"<{tag}>: {style_problem(value or '')}", "style")
            elif DANGEROUS_SCHEME.match(plain) and not (
                tag == "link" and name == "href" and plain.startswith("data:image/")
            ):
                self.bad(f"<{tag} {name}=…>: a {plain.split(':')[0]}: address is not allowed", value or "")


def _where(src, needles, lines, offset):  # noqa: D103
    """'docs/x.md:LINE' for the first Markdown line holding one of ``needles`` (case-insensitive), else the file."""
    for needle in needles:
        low = needle.lower()
        line = next((i for i, text in enumerate(lines, start=1) if low and low in text.lower()), None)
        if line:
            return f"{src}:{line + offset}"
    return src


def content_problems(src_path, page_html, markdown_lines=(), offset=0, safety=False):
    """(problems, ids): one line per refused element, attribute or link in a page's HTML, at its Markdown line."""
    checker = ContentChecker()
    checker.safety = safety
    checker.feed(page_html)
    checker.close()
    src = f"docs/{src_path}"
    seen, problems = set(), []
    for message, needles in checker.found:
        where = _where(src, needles, markdown_lines, offset)
        if where not in seen:  # one line per place: a tag with three things wrong is one mistake to fix
            seen.add(where)
            problems.append(f"{where}: {message}")
    return problems, checker.ids


def file_problems(rel, text):
    """One line per thing refused in a built file (``rel`` as it is in the site)."""
    return sorted({f"{rel}: {message}" for message in _site_messages(text)})


@functools.lru_cache(maxsize=1024)
def _site_messages(text: str) -> tuple[str, ...]:
    """What ``SiteChecker`` refuses in one text: a pure function of the text, kept like ``headers.inline_parts``."""
    checker = SiteChecker()
    checker.feed(text)
    checker.close()
    return tuple(message for message, _ in checker.found)


@functools.lru_cache(maxsize=1)
def theme_scripts():
    """Patterns of the theme's own inline scripts, read from Material's installed templates
    (``partials/javascripts/*.html``): the literal code, with each ``{{ … }}`` a plain value (no quote, no
    ``<``). A built page may run no other inline script: one that a template or a text field slipped in
    would otherwise get its own hash in the CSP (headers.py) and run."""
    import material  # type: ignore[import-untyped]

    folder = os.path.join(os.path.dirname(material.__file__), "templates", "partials", "javascripts")
    found = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            text = fh.read()
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body, flags=re.S)
            found.append(
                re.compile(
                    "".join(re.escape(p) + ("" if i == len(parts) - 1 else r"[^\"'<]*") for i, p in enumerate(parts)),
                    re.S,
                )
            )
    return found


def unknown_scripts(rel, text, known):
    """One line if ``text`` (a built HTML file) runs an inline script that is not one of ``known``."""
    from .headers import inline_parts  # the same reading of inline scripts as the CSP hashes

    for body in inline_parts(text)[0]:
        if not any(p.fullmatch(body) for p in known):
            return [f"{rel}: runs an inline script the theme does not ship ({body.strip()[:50]!r}); check overrides/"]
    return []


def machine_details(root):
    """What only the build machine knows, which no built file may show: the project's folder, Python's,
    and the PATH setting (a template that prints config or the environment shows them)."""
    import sys

    found = [os.path.realpath(root), sys.prefix, os.environ.get("PATH", "")]
    return [d for d in found if len(d) > 4]


def site_problems(site_dir, machine=()):
    """Every built HTML and SVG file of ``site_dir`` through ``file_problems``; a link that leaves the folder too."""
    problems = []
    known = None  # the theme's inline scripts, read once
    real_root = os.path.realpath(site_dir)
    for folder, dirs, files in os.walk(site_dir):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site_dir)
            if os.path.islink(path) or not os.path.realpath(path).startswith(real_root + os.sep):
                problems.append(f"{rel}: is a link to a file outside the site")
        for name in files:
            if name.endswith(".css"):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                    m = REMOTE_CSS.search(fh.read())
                if m:
                    problems.append(
                        f"{os.path.relpath(os.path.join(folder, name), site_dir)}: loads "
                        f"'{m.group(0)[:60]}' from another site; ship the file with the guide"
                    )
            if name.endswith((".html", ".svg")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                rel = os.path.relpath(path, site_dir)
                problems += file_problems(rel, text)
                shown = next((d for d in machine if d in text), None)
                if shown:
                    problems.append(f"{rel}: shows the build machine's own details ({shown[:40]!r}); check overrides/")
                if name.endswith(".html"):
                    known = known if known is not None else theme_scripts()
                    problems += unknown_scripts(rel, text, known)
    # one mistake, one line: the same thing wrong in many built files (a theme template) is named once
    grouped: dict[str, list[str]] = {}
    for line in problems:
        rel, _, message = line.partition(": ")
        grouped.setdefault(message, []).append(rel)
    return [
        f"{rels[0]}: {message}" + (f" (and {len(rels) - 1} more files)" if len(rels) > 1 else "")
        for message, rels in grouped.items()
    ]
