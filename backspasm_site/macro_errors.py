"""Macro mistakes in a page as one line each: ``docs/x.md:LINE: what is wrong (did you mean …?)``.

mkdocs-macros would print a mistake as a WARNING with a traceback, count lines from after the
front matter, and stop the whole build at the first bad page (``on_error_fail``). The plugin
checks each page's template before macros renders it (``template_problems``): a syntax error or a
name that is neither a macro nor a variable is reported here, with the line in the file, and the
page is passed on with its macros switched off (``inert``), so every bad page is reported in one
build. A macro that is called with something not in the data raises ``MacroError``; the plugin's
binding catches it and names the line the page template is running (``running_line``). Any other
error while the page's macros run (``{{ 1/0 }}``, a bug in a macro) is caught by the page
template itself (``ReportingTemplate``), reported with its line, and the build goes on to the
next page instead of exiting at the first.
"""
from __future__ import annotations

import re
import sys
import traceback
from types import FrameType
from typing import Never

import jinja2
from jinja2 import nodes

from .content.words import did_you_mean

LITERAL_HINT = "to show {{ as text, write {{ '{{' }} or put the text between {% raw %} and {% endraw %}"


def front_matter_lines(source, markdown):
    """How many lines of the file come before ``markdown`` (the page text after its front matter)."""
    source = source.lstrip("\ufeff")
    at = source.rfind(markdown) if markdown else -1
    if at < 0:
        return 0
    return source.count("\n", 0, at)


def template_problems(env: jinja2.Environment, markdown, known_names, macro_names=()):
    """(line in ``markdown``, message) for a syntax error or each unknown name in the page's template."""
    try:
        ast = env.parse(markdown)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 1
        text = markdown.splitlines()[line - 1] if 0 < line <= len(markdown.splitlines()) else ""
        hint = ""
        if not re.search(r"\{\{\s*[A-Za-z_]\w*\s*\(", text) or "`" in text:
            hint = f"; {LITERAL_HINT}"
        return [(line, f"macro syntax error: {exc.message}{hint}")]
    problems = []
    for name, line in sorted(names_used(ast).items()):
        if name not in known_names:
            problems.append((line, f"'{name}' is not a macro or a variable{did_you_mean(name, macro_names)}; "
                                   f"{LITERAL_HINT}"))
    return problems


JINJA_NAMES = {"loop", "caller", "varargs", "kwargs", "self", "super"}  # Jinja gives these itself


def names_used(ast):
    """name -> the first line that reads it, for the names a template reads but does not set itself.

    A walk over the parsed page (Jinja's ``meta.find_undeclared_variables`` generates the whole
    template's code to find them: about as costly as compiling the page a second time)."""
    read: dict[str, int] = {}
    set_here = set(JINJA_NAMES)
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load":
            read.setdefault(node.name, node.lineno)
        else:  # store, param: {% set %}, {% for %} and macro arguments
            set_here.add(node.name)
    return {name: line for name, line in read.items() if name not in set_here}


def inert(markdown):
    """The page's text with no macro to run (so the rest of the build can go on and report more)."""
    return "{% raw %}" + markdown.replace("{% endraw %}", "") + "{% endraw %}"


def call_line(lines, name, args, taken=()):
    """The first line (1-based) calling macro ``name`` with ``args`` that is not in ``taken``, or None."""
    first = [re.escape(str(a)) for a in args[:1]]
    patterns = [rf"\b{re.escape(name)}\s*\(\s*['\"]?{first[0]}" if first else None, rf"\b{re.escape(name)}\s*\("]
    for pattern in filter(None, patterns):
        for i, line in enumerate(lines, start=1):
            if i not in taken and re.search(pattern, line):
                return i
    return None


def running_line():
    """The line of the page template that is running now (called from inside a macro), or None."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def error_line(exc):
    """The page template's line where ``exc`` was raised (Jinja names its frames '<template>'), or None."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def runtime_message(exc) -> str:
    return f"the macros on this line failed: {exc} ({type(exc).__name__})"


class ReportingTemplate(jinja2.Template):
    """A page template that reports an error while it runs, instead of raising it.

    The plugin sets it as the macros environment's ``template_class`` through a subclass whose
    ``report(exc, line)`` records the problem and returns what the page shows instead."""

    @staticmethod
    def report(exc, line) -> Never:  # pragma: no cover - always replaced by the plugin's subclass
        raise exc

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every error becomes one line naming the page and line
            return type(self).report(exc, error_line(exc))
