"""Settings of the site's plugin (mkdocs.yml ``plugins: - backspasm: ...``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GuideConfig(Config):
    enabled = c.Type(bool, default=True)
    # the file:// copy: Material's offline plugin is on, so features that need a server are switched off
    offline = c.Type(bool, default=False)
    # folder of the data files, relative to mkdocs.yml
    data_dir = c.Type(str, default="data")
    # the search index field that carries the lay words (boost it under the search plugin's `fields`)
    synonyms_field = c.Type(str, default="synonyms")
    # size budgets (KB, 1 KB = 1000 bytes): a built page, and the search index every reader downloads
    page_budget_kb = c.Type(int, default=400)
    search_index_budget_kb = c.Type(int, default=600)
    booklet_budget_kb = c.Type(int, default=2000)  # booklet/: every page on one page
    # where "Report a problem with this page" sends the reader's email (mkdocs.yml, or REPORT_ADDRESS)
    report_address = c.Type(str, default="")
    # every source of a safety statement must come with what it says (an excerpt) in data/
    excerpts_required = c.Type(bool, default=True)
