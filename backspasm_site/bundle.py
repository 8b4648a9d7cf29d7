"""One style sheet and one script for every page, made after the build (fewer requests, fewer bytes).

- ``guide.<hash>.css``: Material's main and palette style sheets, then ours (``extra_css``), without what
  no page can use. A selector stays if every class it names is in a ``class`` attribute of a built page
  or is one a script adds at run time (``runtime_classes``: read from Material's bundle and ours, where
  an element is made with a class or a class is added or toggled); a palette rule stays if it is for a
  colour or scheme the site's palette uses; a custom property (``--md-…``) stays if the style sheet
  left, a script or a page names it. About 11 KB gzip less on every page than Material's two style
  sheets with ours, and one render-blocking request, not five.
- ``guide.<hash>.js``: our scripts that run after Material's bundle (``extra_javascript``, the copy's
  age, the offline app), one after the other. ``search.js`` stays on its own: it must run before
  Material's bundle.

Pages are written with the placeholders ``CSS`` and ``JS`` (``overrides/main.html``); ``write_bundles``
makes the files, named by the hash of their bytes (so hosts may cache them for a year), and puts those
names in every page. The parts are removed from the built site.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re

CSS = "assets/stylesheets/guide.css"
JS = "assets/javascripts/guide.js"
MATERIAL_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
CONDITIONAL = ("@media", "@supports", "@layer", "@container")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
CLASS_ATTR = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_STRING = r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)"""
STRING = re.compile(_STRING)
# where a script gives an element a class: {class: "…"} (Material's JSX), .className = "…", markup in a
# string (class="…"), classList.add/toggle/replace("…")
SET_CLASS = re.compile(r"\bclass(?:Name)?\s*[:=]\s*" + _STRING + r"""|\bclass=\\?["']([^"'\\]*)""")
CLASS_LIST = re.compile(r"\bclassList\.(?:add|toggle|replace)\(([^()]*)\)")
WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
TEMPLATE = re.compile(r"`((?:[^`\\]|\\.)*)`")
# a template literal of hyphenated words only, gaps and all: a class list made before it is used
CLASS_LIST_TEXT = re.compile(r"(?:\s*-?[_a-zA-Z]\w*(?:-[\w-]*)+)+\s*")
PROPERTY = re.compile(r"\s*(--[\w-]+)\s*:")
PALETTE_ATTR = re.compile(r"\[data-md-color-(primary|accent|scheme)=[\"']?([\w-]+)")


def _skip_string(css, i):
    quote, j = css[i], i + 1
    while j < len(css) and css[j] != quote:
        j += 2 if css[j] == "\\" else 1
    return j + 1


def _skip_comment(css, i):
    end = css.find("*/", i + 2)
    return len(css) if end < 0 else end + 2


def blocks(css):
    """[(prelude, body)] of one level of a style sheet; body is None for a statement such as @import."""
    out, i, start, n = [], 0, 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            css = css[:i] + " " * (_skip_comment(css, i) - i) + css[_skip_comment(css, i) :]
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css[j] in "\"'":
                    j = _skip_string(css, j)
                    continue
                if css.startswith("/*", j):
                    j = _skip_comment(css, j)
                    continue
                depth += {"{": 1, "}": -1}.get(css[j], 0)
                j += 1
            out.append((css[start:i].strip(), css[i + 1 : j - 1]))
            i = start = j
        elif c == ";" and css[start:i].lstrip().startswith("@"):
            out.append((css[start : i + 1].strip(), None))
            i = start = i + 1
        else:
            i += 1
    return out


def selectors(prelude):
    parts, depth, cur = [], 0, ""
    for ch in prelude:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return parts + [cur]


class Known:
    """The class names a page can carry: ``names``, and ``prefixes`` (a script's ``md-tag--${name}``)."""

    def __init__(self, names=(), prefixes=()):
        self.names = set(names)
        self.prefixes = tuple(sorted(set(prefixes)))

    def __contains__(self, name):
        return name in self.names or (bool(self.prefixes) and name.startswith(self.prefixes))

    def __or__(self, other):
        return Known(self.names | other.names, self.prefixes + other.prefixes)


def html_classes(text):
    """The classes in the ``class`` attributes of a page's HTML."""
    return Known(w for m in CLASS_ATTR.finditer(text) for w in (m.group(1) or m.group(2) or m.group(3) or "").split())


def _strings(js):
    return (next(g for g in m.groups() if g is not None) for m in STRING.finditer(js))


def _words(text):
    """Words of a string; one written just before a template literal's ``${`` is a prefix."""
    names: set[str] = set()
    prefixes: set[str] = set()
    text = re.sub(r"\$\{[^}]*\}", "${}", text)
    for m in WORD.finditer(text):
        (prefixes if text.startswith("${", m.end()) else names).add(m.group(0))
    return names, prefixes


def runtime_classes(js):
    """The classes a script can put on an element at run time, read from its code: every word of a
    string that gives an element its class (Material's ``x("li", {class: "md-search-result__item"})``,
    ``.className = "…"``, markup in a string, ``classList.add/toggle/replace("…")``) and, for a class
    held in a variable first (``let t = `tabbed-control tabbed-control--${e}`; x("div", {class: t})``),
    every template literal made of hyphenated words only. A word that ends where a ``${…}`` begins is
    a prefix (``md-source__fact--`` keeps ``.md-source__fact--stars``)."""
    names: set[str] = set()
    prefixes: set[str] = set()

    def take(text):
        n, p = _words(text)
        names.update(n)
        prefixes.update(p)

    for m in SET_CLASS.finditer(js):
        take(next((g for g in m.groups() if g is not None), ""))
    for m in CLASS_LIST.finditer(js):
        for text in _strings(m.group(1)):
            take(text)
    for m in TEMPLATE.finditer(js):
        if CLASS_LIST_TEXT.fullmatch(re.sub(r"\$\{[^}]*\}", "", m.group(1))):
            take(m.group(1))
    return Known(names, {p for p in prefixes if len(p) > 3})


def _can_match(selector, known, palette):
    plain = re.sub(r":not\([^)]*\)", "", selector)  # a class inside :not() need not exist
    if not all(name in known for name in CLASS.findall(plain)):
        return False
    return all(value in palette.get(kind, {value}) for kind, value in PALETTE_ATTR.findall(plain))


def purge(css, known, palette):
    """``css`` without the rules whose every selector names a class not in ``known`` (or a palette value
    not in ``palette``: {"primary": {...}, ...}). At-rules other than conditional groups stay whole."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith(CONDITIONAL):
            inner = purge(body, known, palette)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            out.append(prelude + "{" + body + "}")
        else:
            keep = [s.strip() for s in selectors(prelude) if _can_match(s, known, palette)]
            if keep:
                out.append(",".join(keep) + "{" + body.strip() + "}")
    return "\n".join(out) + "\n"


def declarations(body):
    """A rule's declarations, split at the semicolons outside strings and brackets (a data: URL has ``;``)."""
    out, start, depth, i, n = [], 0, 0, 0, len(body)
    while i < n:
        c = body[i]
        if c in "\"'":
            i = _skip_string(body, i)
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == ";" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return [d.strip() for d in out if d.strip()]


def _rules(css):
    """(prelude, body) of every plain rule, conditional groups looked into."""
    for prelude, body in blocks(css):
        if body is None or (prelude.startswith("@") and not prelude.startswith(CONDITIONAL)):
            continue
        if prelude.startswith(CONDITIONAL):
            yield from _rules(body)
        else:
            yield prelude, body


def _without_properties(css, dead):
    out = []
    for prelude, body in blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith(CONDITIONAL):
            inner = _without_properties(body, dead)
            if inner.strip():
                out.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            out.append(prelude + "{" + body + "}")
        else:
            keep = [d for d in declarations(body) if not ((m := PROPERTY.match(d)) and m.group(1) in dead)]
            if keep:
                out.append(prelude + "{" + ";".join(keep) + "}")
    return "\n".join(out) + "\n"


def drop_unused_properties(css, named_elsewhere):
    """``css`` without the custom properties (``--name: …``) that nothing reads: no ``var(--name)`` in the
    style sheet and no mention in ``named_elsewhere`` (the scripts, which set and read some, and the pages).
    Repeated until none is left: a property only an unused one read goes next."""
    elsewhere = set(re.findall(r"--[\w-]+", named_elsewhere))
    while True:
        declared = {m.group(1) for _, body in _rules(css) for d in declarations(body) if (m := PROPERTY.match(d))}
        read = set(re.findall(r"var\(\s*(--[\w-]+)", css)) | elsewhere
        dead = declared - read
        if not dead:
            return css
        css = _without_properties(css, dead)


def palette_values(config):
    palette = config.theme.get("palette") or {}
    out: dict[str, set[str]] = {"primary": set(), "accent": set(), "scheme": set()}
    for p in palette if isinstance(palette, list) else [palette]:
        for kind, default in (("primary", "indigo"), ("accent", "indigo"), ("scheme", "default")):
            out[kind].add(str(p.get(kind) or default).replace(" ", "-"))
    return out


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _hashed(site_dir, placeholder, text):
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    rel = re.sub(r"\.(css|js)$", rf".{digest}.\1", placeholder)
    with open(os.path.join(site_dir, rel), "w", encoding="utf-8") as fh:
        fh.write(text)
    return rel


def _pages(site_dir):
    return [
        p
        for p in glob.glob(os.path.join(site_dir, "**", "*.html"), recursive=True)
        if not os.path.relpath(p, site_dir).startswith("downloads")
    ]


def write_bundles(site_dir, config, styles, scripts):
    """Make both bundles and put their names in every page; ``styles``: our style sheets (``extra_css``),
    ``scripts``: our scripts after Material's bundle, in order (site-relative). Returns the site-relative paths of Material's originals, left on disk but unused."""
    pages = _pages(site_dir)
    html = "".join(_read(p) for p in pages)
    js = "".join(
        _read(p) for p in glob.glob(os.path.join(site_dir, "assets", "javascripts", "**", "*.js"), recursive=True)
    )
    known = html_classes(html) | runtime_classes(js)
    material = [sorted(glob.glob(os.path.join(site_dir, pattern)))[0] for pattern in MATERIAL_CSS]
    ours = [os.path.join(site_dir, p) for p in styles]
    palette = palette_values(config)
    css = "".join(
        purge(re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", _read(p)), known, palette) for p in material + ours
    )
    css = drop_unused_properties(css, js + html)
    js = ";\n".join(_read(os.path.join(site_dir, p)).rstrip().rstrip(";") for p in scripts) + ";\n"
    names = {CSS: _hashed(site_dir, CSS, css), JS: _hashed(site_dir, JS, js)}
    for page in pages:
        text = _read(page)
        new = text
        for placeholder, rel in names.items():
            new = new.replace(os.path.basename(placeholder) + '"', os.path.basename(rel) + '"')
        if new != text:
            with open(page, "w", encoding="utf-8") as fh:
                fh.write(new)
    for part in ours + [os.path.join(site_dir, p) for p in scripts]:
        os.remove(part)
    return [os.path.relpath(p, site_dir).replace(os.sep, "/") for p in material]
