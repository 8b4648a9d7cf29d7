"""Turn validated data into HTML for one page.

A ``PageRenderer`` lives for one page: it knows where the page sits (so links
are relative to it, as MkDocs would write them) and numbers the page's citations.

Tables, lists and boxes are built as HTML here, not as Markdown for Python-Markdown
to parse back: a macro returns a one-line placeholder, and ``expand`` swaps the
finished HTML in after Markdown has run (``macros/hooks.py``, ``on_page_content``).
Blocks marked ``data-search-exclude`` (tables, reference lists) go in later still, after
the search plugin has indexed the page (``on_page_context``), as it would skip them anyway.
Headings stay Markdown, so they get ids, permalinks and a place in the table of
contents. Glossary terms in generated text get the same ``<abbr>`` tooltips that
the ``abbr`` extension gives prose. Nothing here reads files.
"""
from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from .data import SiteData
from .evidence import rule_steps

EVIDENCE_ORDER = ["recommended", "may-help", "guidelines-disagree", "little-evidence", "not-recommended"]
URGENCY_ORDER = ["emergency", "urgent", "maternity", "see-a-doctor", "self-care"]


class MacroError(ValueError):
    """A page called a macro with something that is not in the data."""


BLOCK = "bsg-block-{}"  # a paragraph of its own in Markdown, so "<p>bsg-block-N</p>" in HTML


def _attr(text):
    return html.escape(str(text), quote=False).replace('"', "&quot;")


@functools.lru_cache(maxsize=None)
def page_url(src_path, use_directory_urls):
    """The URL MkDocs gives a docs page ('causes/x.md' -> 'causes/x/' or 'causes/x.html')."""
    return File(src_path, "", "", use_directory_urls).url


@functools.lru_cache(maxsize=8)
def _abbr_pattern(terms):
    """One regex for all glossary terms, longest first, whole words (as the abbr extension matches)."""
    if not terms:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b")


def _table(head, rows):
    """An HTML table: ``head`` is a list of header cells, ``rows`` lists of cell HTML."""
    out = ["<table>", "<thead>", "<tr>"]
    out += [f"<th>{h}</th>" for h in head]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in rows:
        out += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]  # a line each, as search splits words
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _ul(items):
    return "<ul>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"


def _badge(kind, key, label):
    """A label in words; the colour (from the CSS class) only supports it."""
    return f'<span class="badge {kind}-{key}">{html.escape(label)}</span>'


def _admonition(kind, title, body):
    return (f'<div class="admonition {kind}">\n<p class="admonition-title">{html.escape(title)}</p>\n'
            f"{body}\n</div>")


@functools.lru_cache(maxsize=None)
def _word(word):
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def variant_forms(phrase, groups):
    """The phrase with each spelling variant swapped in ("slipped disc" -> "slipped disk")."""
    forms = []
    for group in groups:
        for word in group:
            pattern = _word(word)
            if pattern.search(phrase):
                forms += [pattern.sub(other, phrase) for other in group if other != word]
    return forms


def with_variants(data: SiteData, words):
    """Words plus their spelling variants from data/site.yml (disc/disk…), in order, no repeats."""
    groups = tuple(tuple(g) for g in data.site.spelling_variants)
    out, seen = [], set()
    for word in words:
        for form in (word, *variant_forms(word, groups)):
            if form.lower() not in seen:
                seen.add(form.lower())
                out.append(form)
    return out


def ref_id(key):
    return "ref-" + key.lower()


class PageRenderer:
    def __init__(self, data: SiteData, src_path: str, meta_sources=(), use_directory_urls=True):
        self.d = data
        self.src_path = src_path.replace("\\", "/")
        self.meta_sources = list(meta_sources or [])
        self.use_directory_urls = use_directory_urls
        self.cited: list[str] = []
        self.blocks: list[str] = []
        self._abbr = _abbr_pattern(tuple(data.glossary))

    # ----- blocks: HTML swapped in after Markdown -------------------------
    def block(self, html_text):
        """Keep finished HTML aside; return the one-line placeholder that stands for it."""
        self.blocks.append(html_text)
        return BLOCK.format(len(self.blocks) - 1)

    @staticmethod
    def searchable(html_text):
        """False for a block whose outer element carries data-search-exclude."""
        return "data-search-exclude" not in html_text.split(">", 1)[0]

    def expand(self, page_html):
        """Put every kept block in place of its placeholder paragraph; return (html, missing).

        A block kept out of search only gets a marker comment here; ``expand_late`` puts it in
        after the search plugin has indexed the page, so the indexer never parses what it would
        skip anyway (the same index, less work).
        """
        missing = []
        for i, block in enumerate(self.blocks):
            token = f"<p>{BLOCK.format(i)}</p>"
            if token not in page_html:
                missing.append(i)
                continue
            page_html = page_html.replace(token, block if self.searchable(block) else f"<!--{BLOCK.format(i)}-->", 1)
        return page_html, missing

    def expand_late(self, page_html):
        """The blocks kept out of search, in place of their marker comments."""
        for i, block in enumerate(self.blocks):
            if not self.searchable(block):
                page_html = page_html.replace(f"<!--{BLOCK.format(i)}-->", block, 1)
        return page_html

    def text(self, value):
        """Data text as HTML: escaped, with glossary terms as <abbr> tooltips."""
        value = str(value)
        if self._abbr is None:
            return html.escape(value, quote=False)
        out, last = [], 0
        for m in self._abbr.finditer(value):
            term = m.group(1)
            out += [html.escape(value[last:m.start()], quote=False),
                    f'<abbr title="{_attr(self.d.glossary[term].definition)}">{html.escape(term, quote=False)}</abbr>']
            last = m.end()
        out.append(html.escape(value[last:], quote=False))
        return "".join(out)

    # ----- lookups -------------------------------------------------------
    def _get(self, table, ident, what):
        try:
            return getattr(self.d, table)[ident]
        except KeyError:
            known = ", ".join(sorted(getattr(self.d, table)))
            raise MacroError(f"unknown {what} '{ident}' (known: {known})") from None

    def treatment(self, tid):
        return self._get("treatments", tid, "treatment id")

    def cause(self, cid):
        return self._get("causes", cid, "cause id")

    def href(self, target):
        """URL from this page to a docs path ('causes/x.md#y'), as MkDocs would write the link."""
        path, _, anchor = target.partition("#")
        here = page_url(self.src_path, self.use_directory_urls)
        url = get_relative_url(page_url(path, self.use_directory_urls), here)
        return url + ("#" + anchor if anchor else "")

    def a(self, target, text_html):
        return f'<a href="{_attr(self.href(target))}">{text_html}</a>'

    # ----- small pieces --------------------------------------------------
    def emergency_numbers(self):
        nums = [f"{n.number} ({n.where})" for n in self.d.site.emergency.numbers]
        head = ", ".join(nums[:-1]) + (" or " if len(nums) > 1 else "") + nums[-1]
        return f"{head}, {self.d.site.emergency.fallback}"

    def evidence_badge(self, tid, cause=None):
        """The treatment's label (for one cause, if that cause has its own positions), as a badge."""
        grade = self.treatment(tid).label_for(cause)
        return _badge("evidence", grade, self.d.site.evidence[grade].label)

    def urgency_badge(self, level):
        return _badge("urgency", level, self.d.site.urgency[level].label)

    def also_called(self, ident):
        item = self.d.treatments.get(ident) or self.d.causes.get(ident) or self.d.topics.get(ident)
        if item is None:
            raise MacroError(f"unknown treatment, cause or topic id '{ident}'")
        words = [w for w in self.d_variants(item.also_called) if w.lower() != item.name.lower()]
        if not words:
            return ""
        return '<p class="also-called"><strong>Also called:</strong> ' + html.escape(", ".join(words)) + "</p>"

    def d_variants(self, words):
        return with_variants(self.d, words)

    # ----- citations -----------------------------------------------------
    def cite(self, key):
        source = self._get("sources", key, "source key")
        if key not in self.cited:
            self.cited.append(key)
        n = self.cited.index(key) + 1
        title = _attr(f"{source.publisher} ({source.year_text}). {source.title}")
        return f'<sup class="cite"><a href="#{ref_id(key)}" title="{title}">[{n}]</a></sup>'

    def cites(self, keys):
        return "".join(self.cite(k) for k in keys)

    def references(self):
        keys = list(self.cited) + [k for k in self.meta_sources if k not in self.cited]
        for key in keys:
            self._get("sources", key, "source key")
        if not keys:
            return ""
        items = "\n".join(f'<li id="{ref_id(k)}">{self.source_entry(k)}</li>' for k in keys)
        block = self.block(f'<ol class="references" data-search-exclude>\n{items}\n</ol>')
        return f"## Sources {{ data-search-exclude }}\n\n{block}\n"

    def source_entry(self, key, provenance=False):
        """One reference: publisher (year or "undated"), title, link; with ``provenance``, how we read it."""
        s = self.d.sources[key]
        text = f"{html.escape(s.publisher)} ({s.year_text}). <cite>{html.escape(s.title)}</cite>."
        if s.url:
            host = urlsplit(str(s.url)).hostname or str(s.url)
            text += f' <a href="{_attr(s.url)}">{html.escape(host.removeprefix("www."))}</a>'
        if provenance:
            how = f"Checked {html.escape(s.checked)}"
            how += f"; read through a copy: {self.text(s.seen_via)}" if s.seen_via else "; read at its own address"
            text += f' <span class="provenance">{how}.</span>'
            if s.note:
                text += f' <span class="source-note">{self.text(s.note)}</span>'
        return text

    # ----- treatments ----------------------------------------------------
    def _sorted(self, treatments, cause=None):
        return sorted(treatments, key=lambda t: (EVIDENCE_ORDER.index(t.label_for(cause)), t.name.lower()))

    def _cause_note(self, t, cause):
        """A cause's own note on a treatment, cited to the sources of that cause's positions."""
        pc = next((pc for pc in t.per_cause if pc.cause == cause), None)
        if pc is None:
            return ""
        keys = [p.source for p in pc.positions if p.says != "not-covered"] + list(pc.sources)
        return f' <span class="per-cause-note">{self.text(pc.note)}{self.cites(keys)}</span>'

    def _who(self, key):
        """Who a position comes from, in plain words."""
        src = self.d.sources[key]
        if key.startswith(("NICE", "AOMRC")):
            return "UK guidance (NICE)"
        if key.startswith("ACP"):
            return "US guidance (ACP)"
        return "the main review" if src.type == "review" else "a long-term trial"

    def treatment_table(self, cause=None, kind=None):
        rows = list(self.d.treatments.values())
        if cause is not None:
            self.cause(cause)
            rows = [t for t in rows if cause in t.helps_with]
        if kind is not None:
            if kind not in self.d.site.kinds:
                raise MacroError(f"unknown kind '{kind}' (known: {', '.join(self.d.site.kinds)})")
            rows = [t for t in rows if t.kind == kind]
        if not rows:
            raise MacroError(f"treatment_table(cause={cause!r}, kind={kind!r}) matches no treatment")
        cells = [
            [self.a(t.page, self.text(t.name)), self.text(t.summary) + self._cause_note(t, cause),
             self.evidence_badge(t.id, cause), " ".join(self.caution(c) for c in t.cautions), self.cites(t.sources)]
            for t in self._sorted(rows, cause)
        ]
        table = _table(["Treatment", "What it is", "Evidence", "Cautions", "Sources"], cells)
        return self.block(f'<div class="treatment-table" data-search-exclude>\n{table}\n</div>')

    def treatments_for(self, cause):
        self.cause(cause)
        items = self._sorted(self.d.treatments_by_cause[cause], cause)
        return self.block(_ul(
            f"{self.a(t.page, self.text(t.name))}: {self.evidence_badge(t.id, cause)} {self.text(t.summary)}"
            f"{self._cause_note(t, cause)}" for t in items
        ))

    def causes_for(self, tid):
        t = self.treatment(tid)
        if not t.helps_with:
            return "This treatment is not linked to one cause. It is used for back pain in general.\n"
        # the cause's own label and note where it has its own positions (cited); otherwise its summary
        items = []
        for c in t.helps_with:
            cause = self.d.causes[c]
            link = self.a(cause.page, self.text(cause.name))
            if any(pc.cause == c for pc in t.per_cause):
                items.append(f"{link}: {self.evidence_badge(tid, c)}{self._cause_note(t, c)}")
            else:
                items.append(link)  # the cause page says what it is, with its sources
        return self.block(_ul(items))

    def caution(self, c):
        """A caution with its own citation numbers next to it."""
        return f"{self.text(c.text)}{self.cites(c.sources)}"

    def cautions(self, tid):
        return self.block(_ul(self.caution(c) for c in self.treatment(tid).cautions))

    def evidence_summary(self, tid):
        t = self.treatment(tid)
        label = self.d.site.evidence[t.evidence]
        says = {"recommend": "advises it", "consider": "says it can be considered", "last-resort":
                "keeps it for when all else has failed", "no-recommendation": "makes no recommendation",
                "do-not-offer": "advises against it", "not-covered": "does not cover it", "benefit":
                "found a benefit", "small-benefit": "found a small benefit", "no-benefit": "found it does not help",
                "too-little-research": "found too little research to say"}
        what = "; ".join(f"{self._who(p.source)} {says[p.says]}{self.cite(p.source)}" for p in t.positions)
        per_cause = "".join(
            f"<p>For {self.a(self.d.causes[pc.cause].page, self.text(self.d.causes[pc.cause].name.lower()))}: "
            f"{self.evidence_badge(tid, pc.cause)}{self._cause_note(t, pc.cause)}</p>\n" for pc in t.per_cause)
        body = (
            f"<p>{self.evidence_badge(tid)} <strong>{html.escape(label.label)}</strong> means: "
            f"{self.text(label.explanation)}</p>\n"
            f"<p>{self.text(t.evidence_note)}{self.cites(t.sources)}</p>\n"
            f'<p class="positions">What the key sources say: {what}.</p>\n'
            f"{per_cause}"
            f"<p>{self.a('treatments/index.md#evidence-labels', 'How we grade the evidence')}</p>"
        )
        return self.block(_admonition("info", "What the evidence says", body))

    def evidence_legend(self):
        """The labels, and the rule that gives them (the same table evidence_label() runs)."""
        rows = [[_badge("evidence", grade, self.d.site.evidence[grade].label),
                 self.text(self.d.site.evidence[grade].explanation)] for grade in EVIDENCE_ORDER]
        steps = "\n".join(f"<li>{self.text(words)} Label: {_badge('evidence', label, self.d.site.evidence[label].label)}</li>"
                          for label, words in rule_steps())
        return self.block(_table(["Label", "What it means"], rows) +
                          '\n<p>How we choose the label. For each treatment we record what UK guidance (NICE), '
                          "US guidance (ACP) and the main review say. Then we go down this list and use the "
                          "first line that fits. Where one cause has its own guidance, its page uses that cause's "
                          "label.</p>\n" f'<ol class="evidence-rule">\n{steps}\n</ol>')

    # ----- symptoms and urgency -----------------------------------------
    def red_flags(self):
        flags = [s for s in self.d.symptoms.values() if s.urgency == "emergency"]
        level = self.d.site.urgency["emergency"]
        body = "\n".join([
            f"<p>Back pain with any of these signs can be serious. {self.text(level.action)}{self.cites(level.sources)}</p>",
            _ul(f"{self.text(s.name)}{self.cites(s.sources)}" for s in flags),
            f"<p>Call {html.escape(self.emergency_numbers())}.{self.cites(level.sources)}</p>",
            f"<p>{self.a('when-to-get-help.md', 'All warning signs and what to do')}</p>",
        ])
        return self.block(_admonition("danger", "Emergency signs: get help now", body))

    def urgency_list(self, level):
        if level not in self.d.site.urgency:
            raise MacroError(f"unknown urgency '{level}' (known: {', '.join(self.d.site.urgency)})")
        items = []
        for s in (s for s in self.d.symptoms.values() if s.urgency == level):
            said = "; ".join(f"“{self.text(p)}”" for p in s.phrases[:4])
            items.append(f"<strong>{self.text(s.name)}</strong>.{self.cites(s.sources)} You might say: {said}.")
        return self.block(_ul(items))

    def signs(self, level):
        """The short names of a level's key signs: every sign in data/symptoms.yml with a ``summary``."""
        if level not in self.d.site.urgency:
            raise MacroError(f"unknown urgency '{level}' (known: {', '.join(self.d.site.urgency)})")
        return [s.summary for s in self.d.symptoms.values() if s.urgency == level and s.summary]

    def signs_summary(self, level, capital=False):
        """Those signs as one phrase: "a; b; or c" (generated, so it cannot drift from the full list)."""
        names = self.signs(level)
        if not names:
            raise MacroError(f"no sign at level '{level}' has a summary in data/symptoms.yml")
        # semicolons, as a sign's own words may contain commas or "or"
        text = names[0] if len(names) == 1 else "; ".join(names[:-1]) + "; or " + names[-1]
        if capital:
            text = text[0].upper() + text[1:]
        return self.text(text)

    GET_HELP_LEVELS = ("emergency", "urgent", "see-a-doctor")  # most urgent first

    def get_help(self):
        """The three kinds of help, most urgent first, each with its key signs (from data/symptoms.yml)."""
        items = []
        for level in self.GET_HELP_LEVELS:
            u = self.d.site.urgency[level]
            link = self.a("when-to-get-help.md#" + level, f"{html.escape(u.label)}: all the signs")
            items.append(f"{self.urgency_badge(level)} {self.signs_summary(level, capital=True)}. "
                         f"{self.text(u.action)}{self.cites(u.sources)} {link}.")
        return self.block(f'<div class="get-help" data-search-exclude>\n{_ul(items)}\n</div>')

    def banner(self):
        """The emergency banner's signs: the symptoms named in data/site.yml emergency.banner_signs."""
        names = [self.d.symptoms[sid].summary or self.d.symptoms[sid].name
                 for sid in self.d.site.emergency.banner_signs]
        text = ", ".join(names) + ", or another emergency sign?"
        return text[0].upper() + text[1:]

    def symptoms_for(self, cause):
        c = self.cause(cause)
        items = []
        for sid in c.symptoms:
            s = self.d.symptoms[sid]
            text = self.text(s.name)
            if s.page.split("#")[0] != self.src_path:
                text = self.a(s.page, text)
            items.append(f"{text} {self.urgency_badge(s.urgency)}{self.cites(s.sources)}")
        return self.block(_ul(items))

    def symptom_index(self):
        entries = []
        for s in self.d.symptoms.values():
            for text in self.d_variants([s.name, *s.phrases]):
                entries.append((text, s))
        entries.sort(key=lambda e: e[0].lower().lstrip("“\"'"))
        groups: dict[str, list] = {}
        for text, s in entries:
            groups.setdefault(text.lstrip("“\"'")[:1].upper(), []).append(
                [self.text(text), self.urgency_badge(s.urgency) + self.cites(s.sources),
                 self.a(s.page, self.text(self._page_title(s.page)))])
        out = []
        for letter, rows in groups.items():
            table = _table(["What you notice", "How urgent", "Read more"], rows)
            out += [f"### {letter}", "", self.block(f'<div class="symptom-index" data-search-exclude>\n{table}\n</div>'), ""]
        return "\n".join(out)

    def other_words(self):
        rows = []
        for item in [*self.d.causes.values(), *self.d.treatments.values()]:
            for word in self.d_variants(item.also_called):
                rows.append((word, item))
        rows.sort(key=lambda r: r[0].lower())
        table = _table(["Words people use", "Read more"],
                       [[self.text(w), self.a(item.page, self.text(item.name))] for w, item in rows])
        return self.block(f'<div class="other-words" data-search-exclude>\n{table}\n</div>')

    def _page_title(self, page):
        path = page.split("#")[0]
        for group in (self.d.causes.values(), self.d.treatments.values()):
            for item in group:
                if item.page == page or item.page == path:
                    return item.name
        anchor = page.partition("#")[2]
        if path == "when-to-get-help.md":
            return "When to get help" + (f": {self.d.site.urgency[anchor].label}" if anchor in self.d.site.urgency else "")
        return path.removesuffix(".md").replace("/index", "").replace("-", " ").split("/")[-1].capitalize()

    # ----- about pages ---------------------------------------------------
    def disclaimer(self):
        return "\n\n".join(self.d.site.disclaimer.full) + "\n"

    def source_list(self):
        names = {
            "guideline": "Clinical guidelines",
            "professional-reference": "Professional references (for doctors, nurses and pharmacists)",
            "review": "Systematic reviews",
            "study": "Studies",
            "patient-information": "Patient information",
            "commercial": "Commercial and consumer sites (lower authority)",
            "source-article": "The article we started from",
        }
        out = []
        for kind, heading in names.items():
            keys = sorted((s for s in self.d.sources.values() if s.type == kind), key=lambda s: s.publisher.lower())
            if not keys:
                continue
            items = "\n".join(f'<li id="src-{s.key.lower()}">{self.source_entry(s.key, provenance=True)}</li>'
                              for s in keys)
            out += [f"## {heading}", "", self.block(f'<ul class="references">\n{items}\n</ul>'), ""]
        return "\n".join(out)

    def glossary(self):
        terms = sorted(self.d.glossary.values(), key=lambda g: g.term.lower())
        return "\n\n".join(f"{g.term}\n:   {g.definition}" for g in terms) + "\n"

    def unbrand(self, text):
        for brand in self.d.site.unnamed_brands:
            text = re.sub(re.escape(brand), "[brand]", text, flags=re.IGNORECASE)
        return text

    def claims_summary(self):
        claims = list(self.d.claims.values())
        if not claims:
            raise MacroError("data/claims.yml has no claims")
        counts = {v: sum(1 for c in claims if c.verdict == v) for v in ("used", "corrected", "rejected")}
        words = {"used": "Used", "corrected": "Corrected", "rejected": "Left out"}
        rows = []
        for c in sorted(claims, key=lambda c: int(c.id[1:])):
            heading, quote = self.unbrand(c.heading), self.unbrand(c.quote)
            did = words[c.verdict]
            if c.reason:
                did = f"{did}: {self.text(c.reason)}{self.cite(c.source) if c.source else ''}"
            rows.append([self.text(heading), f"“{self.text(quote)}”", did,
                         self.a(c.page, self.text(self._page_title(c.page)))])
        table = _table(["Article section", "What it said", "What we did", "Where to read more"], rows)
        return (f"We found {len(claims)} claims in the article. "
                f"We used {counts['used']}, corrected {counts['corrected']} and left out {counts['rejected']}.\n\n"
                + self.block(table) + "\n")
