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
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .content.words import did_you_mean

LITERAL_HINT = "to show {{ as text, write {{ '{{' }} or put the text between {% raw %} and {% endraw %}"


def front_matter_lines(source, markdown):
    """How many lines of the file come before ``markdown`` (the page text after its front matter)."""
    source = source.lstrip("\ufeff")
    at = source.rfind(markdown) if markdown else -1
    if at < 0:
        return 0
    return source.count("\n", 0, at)


class PageSandbox(ImmutableSandboxedEnvironment):
    """Where a page's macros run: Jinja's sandbox (no attribute that starts with _, nothing that changes
    data), no loader (a page cannot read another file) and no globals but the site's own macros."""


def sandboxed(env: jinja2.Environment, macros: dict, template_class):
    """A sandbox with ``env``'s delimiters and undefined behaviour, whose only names are ``macros``.

    mkdocs-macros' own environment also offers ``config``, ``environment``, ``macros_info()`` and
    Jinja's ``cycler``, ``lipsum``…: each a route to the build machine's paths, settings or modules."""
    sandbox = PageSandbox(
        undefined=env.undefined,
        block_start_string=env.block_start_string,
        block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string,
    )
    sandbox.globals.clear()
    sandbox.globals.update(macros)
    sandbox.template_class = template_class
    return sandbox


NO_FILES = (
    "{% include %}, {% import %} and {% extends %} are not allowed in a page (a page cannot read other "
    "files); use a macro"
)


# What a page's template may hold: text, and calls of the site's macros with plain values (text, numbers,
# lists, mappings), alone or as the test of an {% if %}. Nothing else runs: no attribute, operator, filter,
# loop or variable, so no route to Python's insides and no value that grows without bound.
PLAIN = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.Keyword,
    nodes.List,
    nodes.Tuple,
    nodes.Dict,
    nodes.Pair,
    nodes.If,
    nodes.Call,
    nodes.Name,
)
WHAT = {
    "Getattr": "an attribute (.name)",
    "Getitem": "an index ([...])",
    "Filter": "a filter (|)",
    "For": "{% for %}",
    "Assign": "{% set %}",
    "AssignBlock": "{% set %}",
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Test": "a test (is)",
    "CondExpr": "an inline if",
    "Concat": "~",
    "Slice": "a slice",
}


def unsafe_problems(ast):
    """(line, message) for anything in a page's template but text and macro calls with plain values."""
    problems = []

    def walk(node, in_call=False):
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            problems.append((node.lineno, NO_FILES))
            return
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(getattr(node, "arg", None), "value", None)
        if isinstance(node, (nodes.Getattr, nodes.Getitem)) and isinstance(name, str) and name.startswith("_"):
            problems.append(
                (
                    node.lineno,
                    f"'{name}': names that start with _ are not allowed in a page (macros are called as name(...))",
                )
            )
            return
        if isinstance(node, nodes.Call) and (not isinstance(node.node, nodes.Name) or node.dyn_args or node.dyn_kwargs):
            problems.append((node.lineno, "only the site's macros can be called, as name(...)"))
            return
        if isinstance(node, nodes.Name) and not in_call:
            return  # a bare name: reported by name (not a macro or a variable)
        if not isinstance(node, PLAIN):
            kind = type(node).__name__
            what = WHAT.get(
                kind, "an operator" if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare)) else kind
            )
            problems.append(
                (
                    getattr(node, "lineno", 1) or 1,
                    f"{what} is not allowed in a page: only text and macro calls with plain values "
                    f"(text, numbers, lists), e.g. {{{{ cite('NHS-BP') }}}}",
                )
            )
            return
        if isinstance(node, nodes.Call):
            walk(node.node, in_call=True)
            for child in [*node.args, *node.kwargs]:
                walk(child)
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(ast)
    # a reach into Python's insides is named as such, whatever it sits in (the first line per line wins)
    inside = [
        (
            node.lineno,
            f"'{node.attr}': names that start with _ are not allowed in a page (macros are called as name(...))",
        )
        for node in ast.find_all(nodes.Getattr)
        if node.attr.startswith("_")
    ]
    return inside + problems


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
    problems = unsafe_problems(ast)
    for name, line in sorted(names_used(ast).items()):
        if name not in known_names:
            problems.append(
                (line, f"'{name}' is not a macro or a variable{did_you_mean(name, macro_names)}; {LITERAL_HINT}")
            )
    first: dict = {}  # one line per line of the page: the first thing wrong on it
    for line, message in problems:
        first.setdefault(line, message)
    return sorted(first.items())


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


def inert(markdown, drop=()):
    """The page's text with no macro to run (so the rest of the build can go on and report more), less the
    lines in ``drop`` (1-based: the lines reported, so what is on them is not read as Markdown either)."""
    lines = markdown.split("\n")
    text = "\n".join("" if i in drop else line for i, line in enumerate(lines, start=1))
    return "{% raw %}" + text.replace("{% endraw %}", "") + "{% endraw %}"


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
        """Render with none of the variables mkdocs-macros passes (config, page, navigation, files…):
        a page's only names are the site's macros."""
        try:
            return super().render()
        except Exception as exc:  # noqa: BLE001 - every error becomes one line naming the page and line
            return type(self).report(exc, error_line(exc))
