"""Turn validated data into Markdown/HTML for one page.

A ``PageRenderer`` lives for one page: it knows where the page sits (so links
are relative and MkDocs can check them) and numbers the page's citations.
Every function returns Markdown; nothing here reads files.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import urlsplit

from .data import SiteData

EVIDENCE_ORDER = ["recommended", "may-help", "guidelines-disagree", "little-evidence", "not-recommended"]
URGENCY_ORDER = ["emergency", "urgent", "see-a-doctor", "self-care"]


class MacroError(ValueError):
    """A page called a macro with something that is not in the data."""


def _indent(text, spaces=4):
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _attr(text):
    return html.escape(str(text), quote=True)


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


def ref_id(key):
    return "ref-" + key.lower()


class PageRenderer:
    def __init__(self, data: SiteData, src_path: str, meta_sources=()):
        self.d = data
        self.src_path = src_path.replace("\\", "/")
        self.meta_sources = list(meta_sources or [])
        self.cited: list[str] = []

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

    def link(self, target):
        """Relative link from this page to a docs path ('causes/x.md#y')."""
        path, _, anchor = target.partition("#")
        rel = posixpath.relpath(path, posixpath.dirname(self.src_path) or ".")
        return rel + ("#" + anchor if anchor else "")

    # ----- small pieces --------------------------------------------------
    def emergency_numbers(self):
        nums = [f"{n.number} ({n.where})" for n in self.d.site.emergency.numbers]
        head = ", ".join(nums[:-1]) + (" or " if len(nums) > 1 else "") + nums[-1]
        return f"{head}, {self.d.site.emergency.fallback}"

    def evidence_badge(self, tid):
        grade = self.treatment(tid).evidence
        label = self.d.site.evidence[grade].label
        return f'<span class="badge evidence-{grade}">{html.escape(label)}</span>'

    def urgency_badge(self, level):
        label = self.d.site.urgency[level].label
        return f'<span class="badge urgency-{level}">{html.escape(label)}</span>'

    def also_called(self, ident):
        item = self.d.treatments.get(ident) or self.d.causes.get(ident) or self.d.topics.get(ident)
        if item is None:
            raise MacroError(f"unknown treatment, cause or topic id '{ident}'")
        words = [w for w in self.d_variants(item.also_called) if w.lower() != item.name.lower()]
        if not words:
            return ""
        return '<p class="also-called"><strong>Also called:</strong> ' + html.escape(", ".join(words)) + "</p>"

    def d_variants(self, words):
        """Words plus their spelling variants from data/site.yml (disc/disk…), in order, no repeats."""
        out = []
        for word in words:
            for form in [word, *self._variant_forms(word)]:
                if form.lower() not in (w.lower() for w in out):
                    out.append(form)
        return out

    def _variant_forms(self, phrase):
        return variant_forms(phrase, tuple(tuple(g) for g in self.d.site.spelling_variants))

    # ----- citations -----------------------------------------------------
    def cite(self, key):
        source = self._get("sources", key, "source key")
        if key not in self.cited:
            self.cited.append(key)
        n = self.cited.index(key) + 1
        title = _attr(f"{source.publisher} ({source.year}). {source.title}").replace("&quot;", "'")
        return f'<sup class="cite">[[{n}]](#{ref_id(key)} "{title}")</sup>'

    def cites(self, keys):
        return "".join(self.cite(k) for k in keys)

    def references(self):
        keys = list(self.cited) + [k for k in self.meta_sources if k not in self.cited]
        for key in keys:
            self._get("sources", key, "source key")
        if not keys:
            return ""
        items = "\n".join(
            f'<li id="{ref_id(k)}">{self.source_entry(k)}</li>' for k in keys
        )
        return f"## Sources {{ data-search-exclude }}\n\n<ol class=\"references\" data-search-exclude>\n{items}\n</ol>\n"

    def source_entry(self, key):
        s = self.d.sources[key]
        text = f"{html.escape(s.publisher)} ({s.year}). <cite>{html.escape(s.title)}</cite>."
        if s.url:
            host = urlsplit(str(s.url)).hostname or str(s.url)
            text += f' <a href="{_attr(s.url)}">{html.escape(host.removeprefix("www."))}</a>'
        return text

    # ----- treatments ----------------------------------------------------
    def _sorted(self, treatments):
        return sorted(treatments, key=lambda t: (EVIDENCE_ORDER.index(t.evidence), t.name.lower()))

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
        out = [
            "| Treatment | What it is | Evidence | Cautions | Sources |",
            "| --- | --- | --- | --- | --- |",
        ]
        for t in self._sorted(rows):
            out.append(
                f"| [{t.name}]({self.link(t.page)}) | {t.summary} | {self.evidence_badge(t.id)} "
                f"| {' '.join(t.cautions)} | {self.cites(t.sources)} |"
            )
        return '<div class="treatment-table" data-search-exclude markdown>\n\n' + "\n".join(out) + "\n\n</div>\n"

    def treatments_for(self, cause):
        self.cause(cause)
        items = self._sorted(self.d.treatments_by_cause[cause])
        return "\n".join(
            f"- [{t.name}]({self.link(t.page)}): {self.evidence_badge(t.id)} {t.summary}" for t in items
        ) + "\n"

    def causes_for(self, tid):
        t = self.treatment(tid)
        if not t.helps_with:
            return "This treatment is not linked to one cause. It is used for back pain in general.\n"
        return "\n".join(
            f"- [{self.d.causes[c].name}]({self.link(self.d.causes[c].page)}): {self.d.causes[c].summary}"
            for c in t.helps_with
        ) + "\n"

    def cautions(self, tid):
        return "\n".join(f"- {c}" for c in self.treatment(tid).cautions) + "\n"

    def evidence_summary(self, tid):
        t = self.treatment(tid)
        label = self.d.site.evidence[t.evidence]
        body = (
            f"{self.evidence_badge(tid)} **{label.label}** means: {label.explanation}\n\n"
            f"{t.evidence_note}{self.cites(t.sources)}\n\n"
            f"[How we grade the evidence]({self.link('treatments/index.md#evidence-labels')})"
        )
        return f'!!! info "What the evidence says"\n\n{_indent(body)}\n'

    def evidence_legend(self):
        out = ["| Label | What it means |", "| --- | --- |"]
        for grade in EVIDENCE_ORDER:
            label = self.d.site.evidence[grade]
            out.append(f'| <span class="badge evidence-{grade}">{html.escape(label.label)}</span> | {label.explanation} |')
        return "\n".join(out) + "\n"

    # ----- symptoms and urgency -----------------------------------------
    def red_flags(self):
        flags = [s for s in self.d.symptoms.values() if s.urgency == "emergency"]
        level = self.d.site.urgency["emergency"]
        items = "\n".join(f"- {s.name}" for s in flags)
        body = (
            f"Back pain with any of these signs can be serious. {level.action}\n\n"
            f"{items}\n\n"
            f"Call {self.emergency_numbers()}.\n\n"
            f"[All warning signs and what to do]({self.link('when-to-get-help.md')})"
        )
        return f'!!! danger "Emergency signs: get help now"\n\n{_indent(body)}\n'

    def urgency_list(self, level):
        if level not in self.d.site.urgency:
            raise MacroError(f"unknown urgency '{level}' (known: {', '.join(self.d.site.urgency)})")
        items = [s for s in self.d.symptoms.values() if s.urgency == level]
        lines = []
        for s in items:
            said = "; ".join(f"“{p}”" for p in s.phrases[:4])
            lines.append(f"- **{s.name}**. You might say: {said}.")
        return "\n".join(lines) + "\n"

    def get_help(self):
        """The three kinds of help, with their usual signs, linking to each part of the help page."""
        lines = []
        for level in ("see-a-doctor", "urgent", "emergency"):
            u = self.d.site.urgency[level]
            lines.append(f"- {self.urgency_badge(level)} {u.when[0].upper()}{u.when[1:]}. {u.action} "
                         f"[{u.label}: all the signs]({self.link('when-to-get-help.md#' + level)}).")
        return '<div class="get-help" data-search-exclude markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"

    def symptoms_for(self, cause):
        c = self.cause(cause)
        lines = []
        for sid in c.symptoms:
            s = self.d.symptoms[sid]
            text = s.name
            if s.page.split("#")[0] != self.src_path:
                text = f"[{s.name}]({self.link(s.page)})"
            lines.append(f"- {text} {self.urgency_badge(s.urgency)}")
        return "\n".join(lines) + "\n"

    def symptom_index(self):
        entries = []
        for s in self.d.symptoms.values():
            for text in self.d_variants([s.name, *s.phrases]):
                entries.append((text, s))
        entries.sort(key=lambda e: e[0].lower().lstrip("“\"'"))
        out, letter = [], None
        for text, s in entries:
            first = text.lstrip("“\"'")[:1].upper()
            if first != letter:
                letter = first
                if out:
                    out += ["", "</div>"]
                out += ["", f"### {letter}", "", '<div class="symptom-index" data-search-exclude markdown>', "",
                        "| What you notice | How urgent | Read more |", "| --- | --- | --- |"]
            out.append(f"| {text} | {self.urgency_badge(s.urgency)} | [{self._page_title(s.page)}]({self.link(s.page)}) |")
        return "\n".join(out).strip() + "\n\n</div>\n"

    def other_words(self):
        rows = []
        for item in [*self.d.causes.values(), *self.d.treatments.values()]:
            for word in self.d_variants(item.also_called):
                rows.append((word, item))
        rows.sort(key=lambda r: r[0].lower())
        out = ['<div class="other-words" data-search-exclude markdown>', "",
               "| Words people use | Read more |", "| --- | --- |"]
        out += [f"| {w} | [{item.name}]({self.link(item.page)}) |" for w, item in rows]
        return "\n".join(out) + "\n\n</div>\n"

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
            "review": "Systematic reviews",
            "study": "Studies",
            "patient-information": "Patient information",
            "source-article": "The article we started from",
        }
        out = []
        for kind, heading in names.items():
            keys = sorted((s for s in self.d.sources.values() if s.type == kind), key=lambda s: s.publisher.lower())
            if not keys:
                continue
            out += [f"## {heading}", "", '<ul class="references">']
            out += [f'<li id="src-{s.key.lower()}">{self.source_entry(s.key)}</li>' for s in keys]
            out += ["</ul>", ""]
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
        out = [
            f"We found {len(claims)} claims in the article. "
            f"We used {counts['used']}, corrected {counts['corrected']} and left out {counts['rejected']}.",
            "",
            "| Article section | What it said | What we did | Where to read more |",
            "| --- | --- | --- | --- |",
        ]
        for c in sorted(claims, key=lambda c: int(c.id[1:])):
            heading, quote = self.unbrand(c.heading), self.unbrand(c.quote)
            did = words[c.verdict]
            if c.reason:
                did += f": {c.reason}{self.cite(c.source) if c.source else ''}"
            out.append(f"| {heading} | “{quote}” | {did} | [{self._page_title(c.page)}]({self.link(c.page)}) |")
        return "\n".join(out) + "\n"
