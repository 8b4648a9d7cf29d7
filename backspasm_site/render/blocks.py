"""Placeholders for generated HTML: a macro returns a one-line token, the finished HTML goes in after Markdown.

Tables, lists and boxes are built as HTML, not as Markdown for Python-Markdown to parse back.
A block macro returns ``guide-block-N`` on a line of its own (so ``<p>guide-block-N</p>`` in
the HTML); ``expand`` swaps the HTML in after Markdown has run (the plugin's ``on_page_content``).
Blocks marked ``data-search-exclude`` go in later still (``expand_late``, ``on_page_context``),
after the search plugin has indexed the page, as it would skip them anyway.
"""

from __future__ import annotations

from .html import as_typed

TOKEN = "guide-block-{}"


class BlockStore:
    """The generated blocks of one page, in the order their macros were called."""

    def __init__(self):
        self.blocks: list[str] = []

    def add(self, html_text):
        """Keep finished HTML aside; return the one-line placeholder that stands for it."""
        self.blocks.append(as_typed(html_text))
        return TOKEN.format(len(self.blocks) - 1)

    @staticmethod
    def searchable(html_text):
        """False for a block whose outer element carries data-search-exclude."""
        return "data-search-exclude" not in html_text.split(">", 1)[0]

    def expand(self, page_html):
        """Every kept block in place of its placeholder paragraph; returns (html, missing block numbers).

        A block kept out of search only gets a marker comment here; ``expand_late`` puts it in.
        """
        missing = []
        for i, block in enumerate(self.blocks):
            token = f"<p>{TOKEN.format(i)}</p>"
            if token not in page_html:
                missing.append(i)
                continue
            page_html = page_html.replace(token, block if self.searchable(block) else f"<!--{TOKEN.format(i)}-->", 1)
        return page_html, missing

    def expand_late(self, page_html):
        """The blocks kept out of search, in place of their marker comments."""
        for i, block in enumerate(self.blocks):
            if not self.searchable(block):
                page_html = page_html.replace(f"<!--{TOKEN.format(i)}-->", block, 1)
        return page_html
