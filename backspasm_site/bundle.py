"""One style sheet and one script for every page, made after the build (fewer requests, fewer bytes).

- ``guide.<hash>.css``: Material's main and palette style sheets, then ours (``extra_css``), without the
  rules no page can use: a selector stays if every class it names occurs somewhere in the built HTML
  or in a script (Material's, ours), and a palette rule stays if it is for a colour or scheme the
  site's palette uses. About 6 KB gzip less on every page, and one render-blocking request, not four.
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
    corpus = "".join(_read(p) for p in pages)
    corpus += "".join(
        _read(p) for p in glob.glob(os.path.join(site_dir, "assets", "javascripts", "**", "*.js"), recursive=True)
    )
    known = set(re.findall(r"[\w-]+", corpus))
    material = [sorted(glob.glob(os.path.join(site_dir, pattern)))[0] for pattern in MATERIAL_CSS]
    ours = [os.path.join(site_dir, p) for p in styles]
    palette = palette_values(config)
    css = "".join(
        purge(re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", _read(p)), known, palette) for p in material + ours
    )
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
