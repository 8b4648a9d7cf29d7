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
]
LOGGERS = ("mkdocs.config", "mkdocs.structure.nav", "mkdocs.structure.pages")


class FileFirst(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, replacement in REWRITES:
            new = pattern.sub(replacement, message)
            if new != message:
                record.msg, record.args = new, ()
                break
        return True


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
