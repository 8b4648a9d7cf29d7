"""The parts of the project a build needs, and a way to copy them (tests and benchmark use copies)."""
from __future__ import annotations

import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARTS = ["mkdocs.yml", "docs", "data", "macros", "overrides"]


def copy_project(dest):
    """A copy of the project's sources in ``dest`` (created), to build or break things in."""
    os.makedirs(dest, exist_ok=True)
    for part in PARTS:
        src = os.path.join(ROOT, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, part), ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest)
    return str(dest)
