"""MkDocs hooks for the offline app (mkdocs.yml: hooks); the work is done in ``macros/offline_app.py``.

- ``mkdocs serve`` is told apart from a build (``on_startup``): then no service worker is
  registered (an editor always sees the page just saved), and ``sw.js`` only removes old ones;
- the offline (zip) build leaves the app's scripts out: browsers allow no service worker on file://;
- every page shows when this copy was made and when its pages are next due for review
  (``config.extra.bsg_app``, read by overrides/partials/copy-*.html).
"""
from __future__ import annotations

import os
import sys

from mkdocs.plugins import event_priority

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from macros import offline_app as app, site_data  # noqa: E402

# Module state lives as long as the process: MkDocs loads a hook file once (``mkdocs serve`` too).
_state = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


def _settings(config):
    online = not config.extra.get("offline")
    serve = _state["command"] == "serve"
    return online, serve


def on_config(config):
    online, serve = _settings(config)
    words = site_data(config).site.offline_app
    config.extra["bsg_app"] = {"online": online, "serve": serve, "sw": online and not serve,
                               "save_control": app.save_control(words) if online else ""}
    return config


def on_files(files, config):
    if config.extra.get("offline"):
        for path in app.APP_JS:
            f = files.get_file_from_path(path)
            if f is not None:
                files.remove(f)
    return files


def on_env(env, config, files):
    """All pages are read by now (front matter included) and none is rendered yet."""
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    due, reviewed = app.copy_dates(pages)
    data = site_data(config)
    made = app.build_day()
    config.extra["bsg_app"].update(app.theme_text(data.site.offline_app, made, due, reviewed, config.site_url or ""))
    _state["titles"] = {app.url_key(p.file.dest_uri): p.meta.get("title") or p.title for p in pages}
    return env


@event_priority(-60)  # after macros/hooks.py has finished the search index (-50)
def on_post_build(config):
    online, serve = _settings(config)
    if not online:
        return
    data = site_data(config)
    words = data.site.offline_app
    colour = app.theme_colour(config.site_dir, app.primary_name(config))
    app.write_icons(config.site_dir, colour)
    app.write_manifest(config.site_dir, config, words, colour)
    if serve:
        app.write_remover(config.site_dir)
        return
    app.write_offline_page(config.site_dir, config, words, data.site.emergency, config.extra["bsg"]["numbers"])
    app.write_worker(config.site_dir, _state.get("titles", {}), config.extra["bsg_app"]["reviewed"])
