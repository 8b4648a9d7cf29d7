"""Building a project copy in a test."""

from __future__ import annotations

import os
import re

from backspasm_site.paths import run_mkdocs


def mkdocs_build(project, site=None, offline=False, extra_env=None):
    """Strict build of a project copy; returns the CompletedProcess (output in .stdout)."""
    return run_mkdocs(project, site or os.path.join(project, "site"), offline=offline, extra_env=extra_env)


# the closing lines that count problems, not problems themselves
SUMMARY = re.compile(
    r"problem\(s\)|see the lines above|^Aborted with|Error building page '[^']*':\s*$|"
    r"page\(s\) (clash|are not UTF-8)|Aborted with \d+ warnings"
)


def problem_lines(output):
    """The problems a build printed: one per ERROR or WARNING line, or, under a heading line that ends in
    ':' (the data loader's "invalid data:"), one per indented line below it."""
    out = []
    heading = False
    for line in output.splitlines():
        m = re.match(r"^(ERROR|WARNING)\s+-\s+(?:backspasm_site: )?(.*)$", line)
        if m:
            text = m.group(2).strip()
            heading = text.endswith(":") and not re.match(r"^(docs|data|overrides)/", text)
            if text and not heading and not SUMMARY.search(text):
                out.append(text)
        elif heading and line.startswith((" ", "\t")) and line.strip():
            out.append(line.strip())
        else:
            heading = False
    return out
