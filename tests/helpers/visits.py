"""Open every built page once in Chromium and record what a test may want to know about it.

Several checks need every page in a real browser (accessibility in each palette, the search index
not fetched early, console errors, styles applied offline). Each page load costs about a second on
a busy machine, so the pages are opened once per browser and palette and the tests read the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .browser import PageWatch

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}

STATE_JS = """() => {
  const h1 = document.querySelector('article h1');
  const header = document.querySelector('.md-header');
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    h1: !!h1 && h1.offsetHeight > 0 && getComputedStyle(h1).visibility !== 'hidden',
    header: header ? getComputedStyle(header).position : null,
    search_loaded: !!(window.guideSearch && window.guideSearch.loaded()),
  };
}"""


@dataclass
class Visit:
    url: str
    scheme: str | None = None  # the palette Material applied (body data-md-color-scheme)
    h1: bool = False  # the article's heading is shown
    header: str | None = None  # the header's CSS position ("sticky" when Material's CSS loaded)
    search_loaded: bool = False  # search.js had loaded the index (after the checks below ran)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for while it was open
    axe: list[tuple] = field(default_factory=list)  # (rule, impact, first targets) of each WCAG violation


class Visits(dict):
    """{built page: Visit}, plus ``watch`` (what the pages logged, and external requests) and
    ``failed``: requests that failed for a reason other than the next page load cutting them short."""

    def __init__(self, watch):
        super().__init__()
        self.watch = watch
        self.failed: list[tuple[str, str]] = []


def axe_violations(pg, context=None):
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(pg, context=context, options=AXE_OPTIONS).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]


def visit_every_page(browser, targets, scheme="light", axe=False):
    """Open each (name, url) of ``targets`` in one context with that colour scheme and record a Visit.

    The page stays open while axe runs, so a late request for the search index is caught too; the
    search state is read last."""
    ctx = browser.new_context(color_scheme=scheme)
    pg = ctx.new_page()
    visits = Visits(PageWatch(pg))
    into: list[list[str]] = [[]]  # the request list of the page open now
    pg.on("request", lambda r: into[0].append(r.url))
    # a favicon still loading when the next page opens is aborted: that is not a missing file
    pg.on(
        "requestfailed", lambda r: visits.failed.append((r.url, r.failure)) if r.failure != "net::ERR_ABORTED" else None
    )
    for name, url in targets:
        visit = visits[name] = Visit(url)
        into[0] = visit.requests
        pg.goto(url)
        pg.wait_for_load_state("load")
        if axe:
            visit.axe = axe_violations(pg)
        state = pg.evaluate(STATE_JS)
        visit.scheme, visit.h1, visit.header = state["scheme"], state["h1"], state["header"]
        visit.search_loaded = state["search_loaded"]
    ctx.close()
    return visits


def axe_problems(pg, include=None):
    """axe's WCAG violations on the page as it is now, in light and in dark ([] when none)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    found = []
    for scheme in ("light", "dark"):
        pg.emulate_media(color_scheme=scheme)
        result = Axe().run(pg, context=include, options=options).response["violations"]
        found += [(scheme, v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result]
    pg.emulate_media(color_scheme="light")
    return found
