"""Small HTML helpers shared by every renderer: escaping, glossary tooltips, tables, lists, badges, boxes.

They write what the Markdown extensions would write for the same content (``tables``,
``admonition``, ``abbr``), so generated blocks look like typed ones.
"""

from __future__ import annotations

import functools
import html
import re

# Markdown's own characters, as character references: data text that a macro puts into a page's Markdown
# is shown as typed (a '*', '`', '[', '|' or '~' stays one), never read as emphasis, code, a link, a table
# cell or attributes ('{:' and '{#'). An underscore inside a word (a web address) is no emphasis to
# Markdown and stays. Blocks, which go in after Markdown, get their characters back (``as_typed``).
MARKDOWN_CHARS = re.compile(r"[*`\[\]\\|~]|\{(?=[:#.\s])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|^[#+:-](?=\s|$)|^#")
MARKDOWN_REFS = re.compile(r"&#(42|96|91|93|92|124|126|123|95|35|43|58|45);")


def _reference(m):
    return f"&#{ord(m.group(0))};"


def escape(text):
    """Text for an element's content: HTML-escaped, with Markdown's characters as character references."""
    return MARKDOWN_CHARS.sub(_reference, html.escape(str(text), quote=False))


def as_typed(block_html):
    """HTML that does not go through Markdown, with the characters ``escape`` referenced back as they are
    (data text cannot hold a character reference: the models refuse them)."""
    return MARKDOWN_REFS.sub(lambda m: chr(int(m.group(1))), block_html) if "&#" in block_html else block_html


def attr(text):
    """Text for a double-quoted attribute value."""
    return html.escape(str(text), quote=False).replace('"', "&quot;")


def table(head, rows):
    """An HTML table: ``head`` is a list of header cells, ``rows`` lists of cell HTML."""
    out = ["<table>", "<thead>", "<tr>"]
    out += [f"<th>{h}</th>" for h in head]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in rows:
        out += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]  # a line each, as search splits words
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def bullet_list(items):
    return "<ul>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"


def badge(family, key, label) -> str:
    """A label in words (``family`` is evidence or urgency); the colour from the CSS class only supports it."""
    return f'<span class="badge {family}-{key}">{html.escape(label)}</span>'


def admonition(style, title, body) -> str:
    """A box like Markdown's ``!!! style "title"``."""
    return f'<div class="admonition {style}">\n<p class="admonition-title">{html.escape(title)}</p>\n{body}\n</div>'


EXTERNAL_LINK = re.compile(r'<a href="(https?://)')


def mark_external(page_html):
    """Mark external links, so print can show where they go (internal ones are rewritten by JS)."""
    return EXTERNAL_LINK.sub(r'<a class="external" href="\1', page_html)


@functools.lru_cache(maxsize=8)
def _abbr_pattern(terms):
    """One regex for all glossary terms, longest first, whole words (as the abbr extension matches)."""
    if not terms:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b")


class GlossaryText:
    """Data text as HTML: escaped, with glossary terms as ``<abbr>`` tooltips (as the ``abbr`` extension does)."""

    def __init__(self, glossary):
        self.glossary = glossary
        self.pattern = _abbr_pattern(tuple(glossary))

    def __call__(self, value):
        value = str(value)
        if self.pattern is None:
            return escape(value)
        out, last = [], 0
        for m in self.pattern.finditer(value):
            term = m.group(1)
            out += [
                escape(value[last : m.start()]),
                f'<abbr title="{attr(self.glossary[term].definition)}">{escape(term)}</abbr>',
            ]
            last = m.end()
        out.append(escape(value[last:]))
        return "".join(out)
