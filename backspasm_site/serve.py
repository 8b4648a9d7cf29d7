"""``mkdocs serve`` that survives mistakes: the last good build stays on show, with the problems on it.

MkDocs' own server, when a rebuild fails, leaves requests hanging ("the server will appear stuck")
and exits when the first build fails; mkdocs-macros can even end the process. Under serve, the
plugin (``on_startup``) wraps the build that ``mkdocs serve`` runs:

- a good build is kept aside (a copy of the served folder);
- a build that stops (a data error, a page problem, a strict-mode warning, a macro error) is
  replaced by the last good build, with a box listing every problem at the top of each page, and
  the browser reloads to show it; the problems are also in the terminal, as they happen;
- the next good save rebuilds and the box goes away.

``mkdocs build`` (``make build``, ``make test``, CI) is not touched: it stays strict and stops.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import tempfile

log = logging.getLogger("mkdocs.plugins.backspasm_site.serve")
BANNER_CLASS = "guide-build-errors"


class _Collect(logging.Handler):
    """Every warning and error MkDocs and the plugins log during one build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        message = record.getMessage().strip()
        if message:
            self.lines.append(message)


def banner(lines) -> str:
    items = "\n".join(html.escape(line) for line in lines)
    return (
        f'<div class="{BANNER_CLASS}" role="alert" style="background:#fff0f0;color:#600;border:3px solid #b00;'
        f'padding:1em;margin:0;font:15px/1.4 monospace;position:relative;z-index:10">'
        f"<strong>The last save did not build ({len(lines)} line(s) below). You are seeing the last good "
        f"build. Fix the problem and save: this page reloads.</strong>"
        f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{items}</pre></div>'
    )


def show_problems(site_dir, good_dir, lines) -> None:
    """The last good build (or an error page when there is none) in ``site_dir``, the problems on every page."""
    shutil.rmtree(site_dir, ignore_errors=True)
    if good_dir and os.path.isdir(good_dir):
        shutil.copytree(good_dir, site_dir)
    else:
        os.makedirs(site_dir, exist_ok=True)
        page = "<!doctype html><html lang=en><head><meta charset=utf-8><title>Build problems</title></head><body></body></html>"
        for name in ("index.html", "404.html"):
            with open(os.path.join(site_dir, name), "w", encoding="utf-8") as fh:
                fh.write(page)
    box = banner(lines)
    for folder, _, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                text = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + box, text, count=1)
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(text)


def keep_serving_on_errors() -> None:
    """Wrap the build ``mkdocs serve`` calls (once per process)."""
    import mkdocs.commands.serve as serve_command

    real_build = serve_command.build
    if getattr(real_build, "guide_keeps_serving", False):
        return
    good: dict[str, str | None] = {"dir": None}

    def build(config, **kwargs):
        collect = _Collect()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collect)
        try:
            real_build(config, **kwargs)
        except (Exception, SystemExit) as exc:  # SystemExit: mkdocs-macros' exit() on a template error
            message = str(exc).strip()
            lines = collect.lines + ([message] if message and message not in collect.lines else [])
            mkdocs_log.removeHandler(collect)
            show_problems(config.site_dir, good["dir"], lines or ["the build stopped (no message)"])
            log.error(
                "The build stopped; still serving the last good build, with the problems shown on "
                "every page. Save a fix and it rebuilds."
            )
            return
        mkdocs_log.removeHandler(collect)
        last_good = good["dir"] = good["dir"] or tempfile.mkdtemp(prefix="backspasm-last-good-")
        shutil.rmtree(last_good, ignore_errors=True)
        shutil.copytree(config.site_dir, last_good)

    build.guide_keeps_serving = True  # type: ignore[attr-defined]  # a mark that says the command is wrapped
    serve_command.build = build
