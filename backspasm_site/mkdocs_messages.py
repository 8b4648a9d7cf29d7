"""MkDocs' own messages about mkdocs.yml and the pages, reworded to name the file first, as ours do.

MkDocs says ``Config value 'site_url': The URL isn't valid`` or ``Doc file 'x.md' contains a link …``;
an editor reading the build output looks for a file name at the start of the line. The filter is put
on MkDocs' loggers when the plugin is made, which MkDocs does while it checks mkdocs.yml (so a mistake
in a setting checked before 'plugins' still gets MkDocs' own words)."""

from __future__ import annotations

import logging
import re

REWRITES = [
    (re.compile(r"^Config value '([^']+)': (.*)$", re.S), r"mkdocs.yml: field '\1': \2"),
    (
        re.compile(r"^A reference to '([^']+)' is included in the 'nav' configuration, (.*)$", re.S),
        r"mkdocs.yml: nav: '\1' is listed, \2",
    ),
    (re.compile(r"^Doc file '([^']+)' contains (.*)$", re.S), r"docs/\1: contains \2"),
    # Material's privacy plugin, which (with assets_fetch off) only reports what a page loads from elsewhere
    (re.compile(r"^External file: (\S+) in '([^']+)'\s*$", re.S), r"docs/\2: loads \1 from another site"),
]
LOGGERS = ("mkdocs.config", "mkdocs.structure.nav", "mkdocs.structure.pages", "mkdocs.material.privacy")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# while the pages are read and rendered, MkDocs' words about a page are held (``collect``) so that the plugin
# can give each page one line, with its own findings about the same page
COLLECTED = ("mkdocs.structure.pages", "mkdocs.material.privacy")
_held: list[str] | None = None


class FileFirst(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = ANSI.sub("", record.getMessage())
        for pattern, replacement in REWRITES:
            new = pattern.sub(replacement, message)
            if new != message:
                record.msg, record.args = new, ()
                if _held is not None and record.name in COLLECTED and record.levelno >= logging.WARNING:
                    _held.append(new)
                    return False
                break
        return True


def collect() -> None:
    """From now on, hold MkDocs' warnings about pages (``held`` hands them over and stops holding)."""
    global _held
    _held = []


def held() -> list[str]:
    global _held
    out, _held = _held or [], None
    return out


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, FileFirst) for f in logger.filters):
            logger.addFilter(FileFirst())


def uninstall() -> None:
    """As a fresh process starts (tests that fork one build after another)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.filters[:] = [f for f in logger.filters if not isinstance(f, FileFirst)]


def warned() -> bool:
    """Whether MkDocs has counted a warning in this build (in strict mode it stops after on_post_build)."""
    from mkdocs.utils import CountHandler

    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
