"""The page being rendered: its data, where it sits (so links are relative to it), its citations and blocks.

Every macro function takes a ``PageContext`` first. Nothing here reads files.
"""

from __future__ import annotations

import functools

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from ..content.load import SiteData
from ..content.words import did_you_mean, with_variants
from .blocks import BlockStore
from .html import GlossaryText, attr


class MacroError(ValueError):
    """A page called a macro with something that is not in the data."""


@functools.cache
def page_url(src_path, use_directory_urls):
    """The URL MkDocs gives a docs page ('causes/x.md' -> 'causes/x/' or 'causes/x.html')."""
    return File(src_path, "", "", use_directory_urls).url


def ref_id(key):
    """The id of a source's entry in a page's reference list."""
    return "ref-" + key.lower()


class PageContext:
    def __init__(
        self, data: SiteData, src_path: str, meta_sources=(), use_directory_urls=True, offline=False, project_root=None
    ):
        self.data = data
        self.labels = data.site.labels
        self.src_path = src_path.replace("\\", "/")
        self.meta_sources = list(meta_sources or [])
        self.use_directory_urls = use_directory_urls
        self.offline = offline  # the file:// copy (OFFLINE=true)
        self.project_root = project_root  # the folder of mkdocs.yml (its dist/ holds the offline zip)
        self.cited: list[str] = []  # source keys in the order the page first cites them
        self.said: dict[str, dict] = {}  # source key -> {quote: Excerpt}: what it says for the statements cited here
        self.blocks = BlockStore()
        self.text = GlossaryText(data.glossary)

    def block(self, html_text):
        return self.blocks.add(html_text)

    # ----- lookups -------------------------------------------------------
    def lookup(self, table, ident, what):
        try:
            return getattr(self.data, table)[ident]
        except KeyError:
            known = sorted(getattr(self.data, table))
            hint = did_you_mean(ident, known) or f" (see data/{table}.yml)"
            raise MacroError(f"unknown {what} '{ident}'{hint}") from None

    def treatment(self, tid):
        return self.lookup("treatments", tid, "treatment id")

    def cause(self, cid):
        return self.lookup("causes", cid, "cause id")

    def variants(self, words):
        return with_variants(self.data, words)

    # ----- links ---------------------------------------------------------
    def href(self, target):
        """URL from this page to a docs path ('causes/x.md#y'), as MkDocs would write the link."""
        path, _, anchor = target.partition("#")
        here = page_url(self.src_path, self.use_directory_urls)
        url = get_relative_url(page_url(path, self.use_directory_urls), here)
        return url + ("#" + anchor if anchor else "")

    def url_to(self, site_path):
        """URL from this page to a file of the built site that is not a docs page ('downloads/x.zip')."""
        return get_relative_url(site_path, page_url(self.src_path, self.use_directory_urls))

    def link(self, target, text_html) -> str:
        return f'<a href="{attr(self.href(target))}">{text_html}</a>'

    # ----- citations -----------------------------------------------------
    def cite_number(self, key, excerpt=None):
        """The page's number for a source, given on its first citation; ``excerpt``: what the source says
        for the statement cited (shown in the reference list)."""
        self.lookup("sources", key, "source key")
        if key not in self.cited:
            self.cited.append(key)
        if excerpt is not None:
            self.said.setdefault(key, {}).setdefault(excerpt.quote, excerpt)
        return self.cited.index(key) + 1

    def reference_keys(self):
        """Sources cited on the page, then the rest of its front-matter ``sources``."""
        return list(self.cited) + [k for k in self.meta_sources if k not in self.cited]
