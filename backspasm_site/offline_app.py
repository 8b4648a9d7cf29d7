"""The offline app: what a build writes so the online site can be saved in the browser (issue 16).

``OfflineApp`` is the plugin's part for it (``plugin.py`` calls it from its events); the rest
are plain functions:

- ``copy_dates``: when this copy was made and the earliest ``next_review`` in it (shown on every page);
- ``theme_text``: the words of data/site.yml ``offline_app`` with the build's dates filled in;
- ``save_control``: the "save the guide on this device" control (home and about pages);
- ``draw_icon``: the app icon, drawn with Pillow from the shapes below (our own artwork);
- ``write_app_files``: the web app manifest, the icons, the offline fallback page and ``sw.js``,
  which lists every file of this build with its hash. The worker's code is static,
  ``docs/assets/javascripts/offline-sw.js``; ``sw.js`` only gives it this build's list.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import html
import json
import os
import re

from .headers import write_all as write_headers

SW_FILE = "sw.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "assets/offline.html"
ICONS = "assets/icons"
ICON_SIZES = (180, 192, 512)  # 180: Apple touch icon; 192 and 512: the manifest
WORKER_JS = "assets/javascripts/offline-sw.js"
REMOVER_JS = "assets/javascripts/offline-sw-remove.js"
APP_JS = ("assets/javascripts/offline-app.js", WORKER_JS, REMOVER_JS)  # not in the zip
COPY_AGE_JS = "assets/javascripts/copy-age.js"
# Never in the browser's copy: the zip and its checksum, files for search engines (but
# sitemap.xml, which instant navigation reads to tell the site's own links) and
# for file:// only, source maps, and lunr's language files (English needs none of them).
SKIP = re.compile(
    r"^(downloads/|sitemap\.xml\.gz$|robots\.txt$|404\.html$|sw\.js$|_headers$|assets/javascripts/lunr/)"
    r"|\.map$|\.LICENSE\.txt$|offline-sw-remove\.js$|iframe-worker-shim\.js$"
)
SHELL_PAGES = ("", "when-to-get-help/")  # besides the page being read: always kept after one visit
# Not in the shell, so a first visit stays small: search (kept when the reader first searches, as it
# goes through the worker) and the icons (kept when the browser asks for them). Saving stores them too.
LAZY = re.compile(r"^(search/|assets/javascripts/workers/|assets/icons/)")
BACKGROUND = "#ffffff"


def fmt_date(day: dt.date) -> str:
    return day.strftime("%-d %B %Y")


def build_day() -> dt.date:
    """The day this copy is made: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return now.date()


def copy_dates(pages):
    """(earliest next_review, latest reviewed) over the built pages' front matter."""
    due = [p.meta["next_review"] for p in pages if isinstance(p.meta.get("next_review"), dt.date)]
    reviewed = [p.meta["reviewed"] for p in pages if isinstance(p.meta.get("reviewed"), dt.date)]
    return (min(due) if due else None), (max(reviewed) if reviewed else None)


def _time(day):
    return f'<time datetime="{day.isoformat()}">{fmt_date(day)}</time>'


def theme_text(words, made, due, reviewed, address):
    """What the templates and the page script need (the theme variable guide.app), filled for this build."""
    esc = {k: html.escape(v, quote=False) for k, v in words.model_dump().items()}
    link = f'<a class="external" href="{html.escape(address)}">{html.escape(address)}</a>'
    return {
        "made_iso": made.isoformat(),
        "due_iso": due.isoformat() if due else "",
        "reviewed": fmt_date(reviewed) if reviewed else "",
        "copy_made": esc["copy_made"].format(made=_time(made), due=_time(due) if due else "-"),
        "out_of_date": esc["out_of_date"].format(due=_time(due) if due else "-", address=link),
        # words the page script shows; it fills in only {mb}, {done}, {total} and {date}
        "client": {
            k: words.model_dump()[k]
            for k in ("updated", "save_size", "save_data", "save_progress", "save_done", "save_failed", "saved_already")
        },
    }


def save_control(words) -> str:
    """The save control: hidden until the page script has checked that this browser can save."""
    e = {k: html.escape(v, quote=False) for k, v in words.model_dump().items()}
    return (
        f'<div class="offline-save" hidden><p><strong>{e["save_heading"]}.</strong> {e["save_intro"]}</p>'
        f'<p><button type="button" class="md-button md-button--primary" data-offline-save>{e["save_button"]}'
        f'</button></p><progress class="offline-save__progress" value="0" max="1" '
        f'aria-labelledby="offline-save-status" hidden></progress>'
        f'<p class="offline-save__status" id="offline-save-status" role="status" aria-live="polite"></p></div>\n'
    )


# --- the icon: a spine of five rounded vertebrae on the theme's colour -------------------------


def draw_icon(size, colour, maskable=False):
    """A PNG-ready Pillow image of the app icon. Maskable icons fill the square (the launcher crops)."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle((0, 0, s, s), fill=colour)
        inset = 0.2  # keep the artwork inside the launcher's safe circle
    else:
        d.rounded_rectangle((0, 0, s - 1, s - 1), radius=int(s * 0.22), fill=colour)
        inset = 0.14
    box = s * (1 - 2 * inset)
    top = s * inset
    n = 5
    gap = box * 0.05
    h = (box - gap * (n - 1)) / n
    for i in range(n):
        # a gentle S curve, as the lower back has
        shift = box * (-0.02, 0.04, 0.06, 0.03, -0.04)[i]
        w = box * (0.46 + 0.06 * i)
        x0 = s / 2 - w / 2 + shift
        y0 = top + i * (h + gap)
        d.rounded_rectangle((x0, y0, x0 + w, y0 + h), radius=int(h * 0.35), fill="#ffffff")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def theme_colour(site_dir, primary):
    """The palette's primary colour, read from the built Material palette stylesheet."""
    folder = os.path.join(site_dir, "assets", "stylesheets")
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.startswith("palette.") and name.endswith(".css"):
            css = open(os.path.join(folder, name), encoding="utf-8").read()
            m = re.search(
                rf"\[data-md-color-primary={re.escape(primary)}\]\{{--md-primary-fg-color:(#[0-9a-fA-F]{{6}})", css
            )
            if m:
                return m.group(1).lower()
    raise ValueError(f"no colour for the theme's primary palette {primary!r} in the built stylesheets")


def primary_name(config):
    palette = config.theme.get("palette") or {}
    palettes = palette if isinstance(palette, list) else [palette]
    for p in palettes:
        if p.get("primary"):
            return p["primary"].replace(" ", "-")
    return "indigo"


def write_icons(site_dir, colour) -> None:
    out = os.path.join(site_dir, ICONS)
    os.makedirs(out, exist_ok=True)
    for size in ICON_SIZES:
        draw_icon(size, colour).save(os.path.join(out, f"icon-{size}.png"), optimize=True)
    draw_icon(512, colour, maskable=True).save(os.path.join(out, "icon-maskable-512.png"), optimize=True)


def write_manifest(site_dir, config, words, colour) -> None:
    icons = [{"src": f"{ICONS}/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png"} for n in ICON_SIZES[1:]]
    icons.append(
        {"src": f"{ICONS}/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"}
    )
    manifest = {
        "name": config.site_name,
        "short_name": words.short_name,
        "description": config.site_description,
        "lang": config.theme.get("language", "en"),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": colour,
        "background_color": BACKGROUND,
        "icons": icons,
    }
    with open(os.path.join(site_dir, MANIFEST), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False)


OFFLINE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;line-height:1.5;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}
.emergency{background:#8c1d18;color:#fff;padding:.8rem 1rem;margin:0}
a{color:#1d3b9e}
.emergency a{color:#fff}
@media (prefers-color-scheme: dark){body{color:#eee;background:#1e2029}a{color:#a9b8ff}}
"""


def write_offline_page(site_dir, config, words, emergency, numbers, labels, banner, phones=()):
    """The page the worker shows for a page that is not saved while there is no internet.

    ``numbers``: the emergency numbers as HTML (tap-to-call links); ``phones``: every number to link in its text.

    The worker puts the list of saved pages where ``<!--saved-pages-->`` is, and drops the
    "nothing saved" line (between the ``none`` comments) when that list is not empty.
    """
    from .render.phones import tel_links  # render/ imports this module: load it only when needed

    e = lambda s: html.escape(s, quote=False)  # noqa: E731
    page = (
        f'<!doctype html>\n<html lang="{config.theme.get("language", "en")}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(words.offline_title)} - {e(config.site_name)}</title><style>{OFFLINE_CSS}</style></head>"
        f'<body class="guide-offline-page"><p class="emergency"><strong>{e(labels.banner_lead)}</strong> '
        f"{e(banner)} {e(labels.call)} {numbers}.</p><main><h1>{e(words.offline_title)}</h1><p>{e(words.offline_intro)}</p>"
        f"<p>{tel_links(e(emergency.urgent_advice), phones)}</p><h2>{e(words.offline_saved)}</h2>"
        f'<ul class="saved-pages"><!--saved-pages--></ul><!--none--><p>{e(words.offline_none)}</p><!--/none-->'
        f"</main></body></html>\n"
    )
    path = os.path.join(site_dir, OFFLINE_PAGE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(page)


def url_key(rel):
    """The URL (relative to the site root) a built file is asked for: 'causes/index.html' -> 'causes/'."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def site_files(site_dir, unused=()):
    """{url key: [sha256 prefix, bytes]} of every file the browser's copy holds (not those ``unused``)."""
    files = {}
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, site_dir).replace(os.sep, "/")
            if SKIP.search(rel) or rel in unused:
                continue
            data = open(full, "rb").read()
            files[url_key(rel)] = [
                hashlib.sha256(data).hexdigest()[:10],
                len(data),
            ]  # 40 bits: enough to tell a changed file
    return files


def shell_text(site_dir):
    """The shell pages, the offline page and the style sheets they load: what names the files a first visit
    needs (a file Material ships that no page uses, such as its PNG favicon, or the booklet's style sheet,
    is not fetched in the background on a phone's data)."""
    paths = [os.path.join(site_dir, k, "index.html") for k in SHELL_PAGES]
    paths += [os.path.join(site_dir, OFFLINE_PAGE)]
    paths += glob.glob(os.path.join(site_dir, "assets", "stylesheets", "guide.*.css"))
    return "".join(open(p, encoding="utf-8").read() for p in paths if os.path.isfile(p))


def _named(key, text):
    return os.path.basename(key) in text


def write_worker(site_dir, titles, reviewed, headers=None, unused=()):
    """sw.js: this build's version, files and page titles; the code is imported from WORKER_JS.

    ``headers`` (headers.py ``site_headers``): the worker gives every response it stores the same
    security headers as the server (``all``) and reads files named by their hash (``immutable``)
    from the browser's HTTP cache without asking the server again."""
    files = site_files(site_dir, unused)
    pages = {k: t for k, t in sorted(titles.items()) if k in files}
    named = shell_text(site_dir)
    shell = [
        k
        for k in files
        if (k.startswith("assets/") and _named(k, named) or k in (MANIFEST, "sitemap.xml", WORKER_JS, OFFLINE_PAGE))
        and not LAZY.search(k)
    ]
    shell += [k for k in SHELL_PAGES if k in files]
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:12]
    headers = headers or {"all": {}, "immutable": []}
    info = {
        "version": version,
        "reviewed": reviewed,
        "files": files,
        "pages": pages,
        "shell": shell,
        "offline": OFFLINE_PAGE,
        "headers": headers["all"],
        "immutable": [k for k in headers["immutable"] if k in files],
    }
    body = (
        "// Made by backspasm_site/offline_app.py for this build: its files, their hashes and page titles.\n"
        f"self.GUIDE_BUILD = {json.dumps(info, ensure_ascii=False, separators=(',', ':'))};\n"
        f'importScripts("{WORKER_JS}");\n'
    )
    with open(os.path.join(site_dir, SW_FILE), "w", encoding="utf-8") as fh:
        fh.write(body)
    return info


def write_remover(site_dir) -> None:
    """Under ``mkdocs serve``: a sw.js that only removes a worker a published copy left on this address."""
    with open(os.path.join(site_dir, SW_FILE), "w", encoding="utf-8") as fh:
        fh.write(
            "// mkdocs serve: no service worker here. This one removes any left from a published copy.\n"
            f'importScripts("{REMOVER_JS}");\n'
        )


class OfflineApp:
    """Per build: what the theme shows (``guide.app``) and the files written after the build.

    ``serve``: under ``mkdocs serve`` no worker is registered and sw.js only removes old ones.
    The offline (zip) build gets the copy's age only: browsers allow no service worker on file://.
    """

    def __init__(self, words, offline, serve):
        self.words = words
        self.online = not offline
        self.serve = serve
        self.titles = {}
        self.unused = set()  # built files no page uses (Material's style sheets, once bundled)
        self.theme = {"online": self.online, "serve": serve, "sw": self.online and not serve}

    def on_files(self, files):
        if not self.online:
            for path in APP_JS:
                f = files.get_file_from_path(path)
                if f is not None:
                    files.remove(f)
        return files

    def on_env(self, files, site_url) -> None:
        """All pages are read by now (front matter included) and none is rendered yet."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        due, reviewed = copy_dates(pages)
        self.theme.update(theme_text(self.words, build_day(), due, reviewed, site_url or ""))
        self.titles = {url_key(p.file.dest_uri): p.meta.get("title") or p.title for p in pages}

    def on_post_build(self, config, site, theme, root):
        """``theme``: the plugin's theme variables (the banner's signs and the emergency numbers);
        ``root``: the project folder (the nginx headers go to its dist/nginx/)."""
        if not self.online:
            return
        colour = theme_colour(config.site_dir, primary_name(config))
        write_icons(config.site_dir, colour)
        write_manifest(config.site_dir, config, self.words, colour)
        if self.serve:
            write_remover(config.site_dir)
            return
        write_offline_page(
            config.site_dir,
            config,
            self.words,
            site.emergency,
            theme["numbers"],
            site.labels,
            theme["banner"],
            theme["phones"],
        )
        # after every page and the offline page are written: the headers hash their inline scripts
        spec = write_headers(config.site_dir, root)
        write_worker(config.site_dir, self.titles, self.theme["reviewed"], spec, self.unused)
