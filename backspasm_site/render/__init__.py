"""Data into HTML for pages: one module per topic, each listing its macros in ``MACROS``.

Every macro is a plain function whose first argument is the ``PageContext`` of the page
being rendered (``page.py``); the plugin binds that argument and registers the rest of the
signature with mkdocs-macros, so a page calls ``{{ cite('NICE-NG59') }}``.

- ``treatments``: evidence badges, the comparison table, cautions and lists by cause;
- ``symptoms``: emergency numbers, red flags, urgency lists, the help box, the symptom A-Z;
- ``citations``: ``cite``, ``references`` and the full source list;
- ``lay_words``: "Also called" and the table of words people use;
- ``next_steps``: "What should I do now?", its steps and outcomes;
- ``about``: the disclaimer, the glossary, the claims register and the offline link;
- ``topics``: crisis lines, support and facts, the scope sentence and the appointment checklist;
- ``html`` and ``blocks``: the shared HTML helpers and the placeholder mechanism.

Put a block macro (a table, a list, a box) on a line of its own: it returns a placeholder
that the plugin swaps for its HTML after Markdown has run.
"""

from __future__ import annotations

from . import about, citations, lay_words, next_steps, symptoms, topics, treatments
from .page import MacroError, PageContext

MACROS = {
    fn.__name__: fn
    for module in (lay_words, treatments, symptoms, citations, about, topics, next_steps)
    for fn in module.MACROS
}

__all__ = ["MACROS", "MacroError", "PageContext"]
