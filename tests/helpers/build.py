"""Building a project copy in a test."""

from __future__ import annotations

import os

from backspasm_site.paths import run_mkdocs


def mkdocs_build(project, site=None, offline=False, extra_env=None):
    """Strict build of a project copy; returns the CompletedProcess (output in .stdout)."""
    return run_mkdocs(project, site or os.path.join(project, "site"), offline=offline, extra_env=extra_env)
