"""HTTP headers for the published site, from one definition, written at build time.

``site_headers`` reads the built site (the inline scripts and style sheets it emits, the assets whose
names carry a content hash) and returns what every host must send. From it the build writes:

- ``site/_headers``: Netlify and Cloudflare Pages read it (and do not serve it);
- ``dist/nginx/``: the same headers for nginx (``guide-map.conf`` in ``http {}``, ``guide-server.conf``
  in a ``server {}``; ``site.conf`` is a complete example). ``make preview`` serves site/ with them;
- the worker's list (``sw.js``), so that a page served from the browser's cache carries them too.

The file:// zip gets none of this: a CSP there blocks search, which runs in a hidden frame from file://.

Why the policy is what it is:

- ``script-src 'self'`` plus the sha256 of each inline script: Material's few small scripts (scope,
  palette, announce, anchor), one per folder depth for the scope script. No ``'unsafe-inline'``.
- ``style-src 'self'`` plus the hash of the offline page's own ``<style>``: the built pages have no
  ``style=""`` attribute and no other ``<style>`` element; Material sets styles through the CSSOM
  (``element.style``), which a CSP does not govern. So no ``'unsafe-inline'`` for styles either.
- ``img-src 'self' data:``: Material's style sheet draws its icons from ``data:`` SVG images.
- ``connect-src 'self'``: instant navigation, the search index, the worker's downloads.
- ``worker-src 'self'``: the search worker and the service worker; ``manifest-src 'self'``.
- ``frame-ancestors 'none'``, ``base-uri 'none'``, ``form-action 'self'`` (the search box is a form).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html.parser
import os
import re

HEADERS_FILE = "_headers"
NGINX_DIR = os.path.join("dist", "nginx")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# a name with a content hash (Material's assets, our bundles): its bytes never change under that name
HASHED = re.compile(r"(^|/)[^/]+\.[0-9a-f]{8,}(\.min)?\.(js|css)$")
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}

SECURITY = {  # every response
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class _Inline(html.parser.HTMLParser):
    """The text of every inline script (that runs) and <style> element of a page, as the browser hashes it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self.styles = [], []
        self._into = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in EXECUTABLE:
            self._into = self.scripts
        elif tag == "style":
            self._into = self.styles
        else:
            return
        self._into.append("")

    def handle_data(self, data):
        if self._into is not None:
            self._into[-1] += data

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._into = None


@functools.lru_cache(maxsize=1024)
def inline_parts(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(inline scripts, <style> texts) of one HTML text. A pure function of the text, so it is kept: a build
    reads each page twice (the CSP hashes, the built-file check), and a build of a copy that differs from the
    last one in a single page (``mkdocs serve``, the tests' hostile copies) parses only that page again."""
    p = _Inline()
    p.feed(text)
    p.close()
    return tuple(p.scripts), tuple(p.styles)


def _sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _walk(site_dir):
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(names):
            yield os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/")


def inline_hashes(site_dir):
    """(script hashes, style hashes), sorted, over every built HTML file."""
    scripts: set[str] = set()
    styles: set[str] = set()
    for rel in _walk(site_dir):
        if rel.endswith(".html") and not rel.startswith("downloads/"):
            with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
                found_scripts, found_styles = inline_parts(fh.read())
            scripts.update(map(_sha, found_scripts))
            styles.update(map(_sha, found_styles))
    return sorted(scripts), sorted(styles)


def csp(script_hashes, style_hashes):
    return "; ".join(
        [
            "default-src 'none'",
            " ".join(["script-src 'self'", *script_hashes]),
            " ".join(["style-src 'self'", *style_hashes]),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def site_headers(site_dir):
    """{"all": {header: value}, "immutable": [paths], "revalidate": "no-cache"} for this build.

    Every other file (pages, sw.js, the manifest, the search index, icons) is revalidated."""
    scripts, styles = inline_hashes(site_dir)
    return {
        "all": {"Content-Security-Policy": csp(scripts, styles), **SECURITY},
        "immutable": [rel for rel in _walk(site_dir) if HASHED.search(rel)],
        "revalidate": REVALIDATE,
    }


def pages_of(site_dir):
    """URL paths of the built HTML (a folder's index.html under both of its names)."""
    out = []
    for rel in _walk(site_dir):
        if rel.endswith(".html") and not rel.startswith("downloads/"):
            out.append("/" + rel)
            if rel == "index.html" or rel.endswith("/index.html"):
                out.append("/" + rel[: -len("index.html")])
    return out


def write_headers_file(site_dir, spec):
    """Netlify / Cloudflare Pages ``_headers``: one block for every path, then Cache-Control per path.

    Where two blocks match, both hosts send both; so Cache-Control is never in ``/*`` and each path
    gets exactly one value (hashed assets: cached for a year; pages, sw.js, the manifest: revalidated)."""
    lines = ["# Made by backspasm_site/headers.py at build time: do not edit.", "/*"]
    lines += [f"  {k}: {v}" for k, v in spec["all"].items()]
    for path in spec["immutable"]:
        lines += [f"/{path}", f"  Cache-Control: {IMMUTABLE}"]
    for path in [*pages_of(site_dir), "/sw.js", "/manifest.webmanifest"]:
        lines += [path, f"  Cache-Control: {spec['revalidate']}"]
    with open(os.path.join(site_dir, HEADERS_FILE), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _q(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_nginx(out_dir, spec):
    """nginx: ``guide-map.conf`` (http context: Cache-Control by path), ``guide-server.conf`` (server
    context: the headers on every response, gzip, the 404 page) and ``site.conf``, an example site."""
    os.makedirs(out_dir, exist_ok=True)
    head = "# Made by backspasm_site/headers.py at build time: do not edit.\n"
    rows = "".join(f"    {_q('/' + p)} {_q(IMMUTABLE)};\n" for p in spec["immutable"])
    with open(os.path.join(out_dir, "guide-map.conf"), "w", encoding="utf-8") as fh:
        fh.write(
            f"{head}map_hash_bucket_size 256;\nmap $uri $guide_cache_control {{\n    default {_q(spec['revalidate'])};\n{rows}}}\n"
        )
    # add_header in a location would drop every add_header of the server: no location adds one
    server = [
        head.rstrip("\n"),
        *(f"add_header {k} {_q(v)} always;" for k, v in spec["all"].items()),
        "add_header Cache-Control $guide_cache_control always;",
        "index index.html;",
        "charset utf-8;",
        "charset_types text/css application/javascript application/json application/manifest+json text/xml;",
        "gzip on;",
        "gzip_vary on;",
        "gzip_comp_level 9;",  # static pages: the most compression costs little here, and phones gain
        "gzip_types text/css application/javascript application/json application/manifest+json image/svg+xml text/xml;",
        "error_page 404 /404.html;",
        "location / { try_files $uri $uri/ =404; }",
        "location ~ \\.webmanifest$ { default_type application/manifest+json; }",
        "location = /_headers { return 404; }",
    ]
    with open(os.path.join(out_dir, "guide-server.conf"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(server) + "\n")
    with open(os.path.join(out_dir, "site.conf"), "w", encoding="utf-8") as fh:
        fh.write(
            f"{head}# Copy this folder to /etc/nginx/guide/ and site/ to /var/www/back-spasm-guide;\n"
            "# include this file from the http block (Debian: /etc/nginx/sites-enabled/). Add TLS.\n"
            "include /etc/nginx/guide/guide-map.conf;\n"
            "server {\n    listen 80;\n    root /var/www/back-spasm-guide;\n"
            "    include /etc/nginx/guide/guide-server.conf;\n}\n"
        )


def write_all(site_dir, root):
    """Both files for this build; returns the spec (the worker re-applies ``spec["all"]``)."""
    spec = site_headers(site_dir)
    write_headers_file(site_dir, spec)
    write_nginx(os.path.join(root, NGINX_DIR), spec)
    return spec
