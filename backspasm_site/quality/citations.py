"""Citation coverage: how much of the medical and safety advice on each built page carries a source.

    python scripts/citation_coverage.py [SITE_DIR]            # table per page; exit 1 if a page is below 95%
    python scripts/citation_coverage.py site --uncited         # also list each uncited advice block
    python scripts/citation_coverage.py site --words           # print the advice word list and stop

What is checked
    Every built page in SITE_DIR (default: site/) except about/, assets/, search/, downloads/
    and 404.html. Inside the page's <article> it takes three kinds of block:
      - paragraphs (<p>),
      - list items (<li>; a nested list is a block of its own, not part of its parent),
      - table body rows (<tr> with <td> cells).
    A paragraph inside a list item or a table cell is part of that item or row, not a block
    of its own. Left out: headings, admonition titles ("Key points"), the "Also called" line,
    the Sources list, the review-date and disclaimer footer (aside.page-info), and
    navigation lines (a paragraph or list item whose only words outside its links are
    words like "Read more", "See", "in", "and": see NAV_WORDS).

Which blocks give advice
    A block gives medical or safety advice when its text (citation numbers removed; link
    and badge text kept, as a badge such as "Emergency" is advice) contains a word from
    ADVICE_WORDS below: a medicine, a procedure, pregnancy, a risk, or an urgent action.
    The list is kept here, in one place; `--words` prints it.

What counts as cited
    A block is cited when a citation is rendered inside it: the `cite()` macro's
    <sup class="cite">[<a href="#ref-KEY">n</a>]</sup> (backspasm_site/render/citations.py), or any link to a
    reference entry (href "#ref-KEY") or to a source on the sources page (href "...#src-KEY"), or the
    mark of the editors' own advice (<span class="editorial">), which says openly that no source is cited.
    So a caution row or a warning-sign item counts when its citation number is printed next
    to it, not when its sources sit only in another column of another row.

Share and threshold
    share = cited advice blocks / advice blocks, per page. A page with no advice blocks passes.
    The check fails (exit status 1) when any page's share is below THRESHOLD (95%).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from ..paths import built_pages

THRESHOLD = 95.0

# The one word list. Keys are the kinds of advice; values are regular expressions matched as
# whole words, ignoring case unless the entry starts with "(?-i)" (short capitalised terms
# such as "GP" or "ER", which would otherwise match ordinary words). "call" is not on the list:
# it also names things ("doctors call this a slipped disc"), and an urgent call always names
# a number, a place or a person that is on the list (999, 111, A&E, GP, midwife...). For the
# same reason "doctor" does not count when followed by "call" or "name" ("doctors call this...").
ADVICE_WORDS: dict[str, list[str]] = {
    "medicine": [
        r"medicines?",
        r"medications?",
        r"drugs?",
        r"painkillers?",
        r"tablets?",
        r"pills?",
        r"prescriptions?",
        r"prescribed?",
        r"pharmacists?",
        r"pharmac(?:y|ies)",
        r"doses?",
        r"dosage",
        r"ibuprofen",
        r"naproxen",
        r"diclofenac",
        r"aspirin",
        r"paracetamol",
        r"acetaminophen",
        r"codeine",
        r"co-codamol",
        r"dihydrocodeine",
        r"tramadol",
        r"morphine",
        r"opioids?",
        r"(?-i:NSAIDs?)",
        r"anti-inflammator(?:y|ies)",
        r"diazepam",
        r"benzodiazepines?",
        r"muscle relax(?:ant|er)s?",
        r"cyclobenzaprine",
        r"methocarbamol",
        r"tizanidine",
        r"baclofen",
        r"carisoprodol",
        r"gabapentin",
        r"pregabalin",
        r"gabapentinoids?",
        r"amitriptyline",
        r"duloxetine",
        r"antidepressants?",
        r"(?:cortico)?steroids?",
        r"antibiotics?",
        r"sedatives?",
        r"botulinum",
        r"botox",
        r"supplements?",
    ],
    "procedure": [
        r"surgery",
        r"surgeons?",
        r"surgical",
        r"operations?",
        r"decompression",
        r"discectomy",
        r"laminectomy",
        r"spinal fusion",
        r"disc replacement",
        r"injections?",
        r"epidurals?",
        r"nerve blocks?",
        r"denervation",
        r"scans?",
        r"(?-i:MRI)",
        r"x-rays?",
        r"(?-i:CT)",
        r"imaging",
        r"blood tests?",
        r"manipulation",
        r"chiropract(?:or|ors|ic)",
        r"osteopaths?",
        r"osteopathy",
        r"acupuncture",
        r"(?-i:TENS)",
        r"traction",
        r"inversion",
        r"braces?",
        r"corsets?",
        r"support belts?",
        r"back belts?",
        r"lumbar supports?",
    ],
    "pregnancy": [
        r"pregnan(?:t|cy|cies)",
        r"midwi(?:fe|ves)",
        r"maternity",
        r"trimesters?",
        r"antenatal",
        r"postnatal",
        r"labou?r",
        r"breastfeeding",
    ],
    "risk": [
        r"risks?",
        r"risky",
        r"dangers?",
        r"dangerous",
        r"harms?",
        r"harmful",
        r"side effects?",
        r"unsafe",
        r"safe",
        r"safely",
        r"safety",
        r"cautions?",
        r"warnings?",
        r"avoid",
        r"addict(?:ion|ive|ed)",
        r"overdose",
        r"burns?",
        r"scald",
        r"bleeding",
        r"serious",
        r"fractures?",
        r"broken bones?",
        r"cancer",
        r"infections?",
        r"sepsis",
        r"cauda equina",
        r"red flags?",
    ],
    "urgent action": [
        r"emergency",
        r"999",
        r"911",
        r"112",
        r"111",
        r"(?-i:A&E)",
        r"(?-i:ER)",
        r"ambulance",
        r"urgent(?:ly)?",
        r"same day",
        r"straight away",
        r"right away",
        r"immediately",
        r"hospital",
        r"doctors?(?!\s+(?:call|name)\b)",
        r"(?-i:GPs?)",
        r"nurses?",
    ],
}

# Words that may stand outside the links of a navigation line ("Read more in [self-care]").
NAV_WORDS = {
    "read",
    "more",
    "see",
    "also",
    "in",
    "about",
    "on",
    "the",
    "and",
    "or",
    "our",
    "page",
    "pages",
    "for",
    "of",
    "to",
    "at",
    "a",
    "an",
    "all",
    "find",
    "out",
    "go",
    "back",
    "list",
    "this",
    "next",
    "what",
    "how",
    "here",
    "there",
    "it",
    "them",
    "these",
    "those",
    "section",
}

SKIP_SITE_DIRS = ("about/", "assets/", "search/", "downloads/")
# Containers whose blocks are not article content to check.
# .other-words: the A-Z of lay names on /symptoms/, each row only a word and a link to its page (navigation).
SKIP_CONTAINERS = [
    "aside.page-info",
    "ol.references",
    "ul.references",
    "nav",
    ".md-source-file",
    "thead",
    ".other-words",
]
SKIP_BLOCK_CLASSES = {"admonition-title", "also-called"}


def _compile(term):
    flags = re.IGNORECASE
    if term.startswith("(?-i:"):
        flags = 0
        term = term[len("(?-i:") : -1]
    # Whole words: no letter or digit on either side ("call" does not match "called").
    return re.compile(rf"(?<![\w-]){term}(?![\w-])", flags)


PATTERNS = [(kind, term, _compile(term)) for kind, terms in ADVICE_WORDS.items() for term in terms]


def advice_words(text):
    """The advice kinds and words found in ``text``: [(kind, matched word), ...]."""
    found = []
    for kind, _term, pattern in PATTERNS:
        m = pattern.search(text)
        if m:
            found.append((kind, m.group(0)))
    return found


@dataclass
class Block:
    tag: str
    text: str
    words: list
    cited: bool


@dataclass
class PageResult:
    page: str
    blocks: list = field(default_factory=list)  # advice blocks only

    @property
    def advice(self):
        return len(self.blocks)

    @property
    def cited(self):
        return sum(1 for b in self.blocks if b.cited)

    @property
    def share(self):
        return 100.0 * self.cited / self.advice if self.advice else 100.0

    def passes(self, threshold=THRESHOLD):
        return self.share >= threshold


def _is_citation(tag):
    if tag.name == "sup" and "cite" in (tag.get("class") or []):
        return True
    if tag.name == "span" and "editorial" in (tag.get("class") or []):
        return True
    if tag.name == "a":
        fragment = (tag.get("href") or "").partition("#")[2]
        return fragment.startswith(("ref-", "src-"))
    return False


def _own_content(el):
    """A copy of the block without its nested lists (a nested list item is a block of its own)."""
    el = copy.copy(el)
    if el.name == "li":
        for sub in el.find_all(["ul", "ol"]):
            sub.decompose()
    return el


def _text(el):
    el = copy.copy(el)
    for sup in el.select("sup.cite"):
        sup.decompose()
    return " ".join(el.get_text(" ").split())


def _is_navigation(el):
    el = copy.copy(el)
    if not el.find("a"):
        return False
    for a in el.find_all("a"):
        a.decompose()
    for sup in el.select("sup.cite"):
        sup.decompose()
    words = re.findall(r"[a-z0-9&']+", el.get_text(" ").lower())
    return all(w in NAV_WORDS for w in words)


def blocks(article):
    """The article's paragraphs, list items and table rows, as (tag, element without nested lists)."""
    skipped = set()
    for sel in SKIP_CONTAINERS:
        for container in article.select(sel):
            skipped.add(id(container))
            skipped.update(id(d) for d in container.find_all(True))
    out = []
    for el in article.find_all(["p", "li", "tr"]):
        if id(el) in skipped or SKIP_BLOCK_CLASSES & set(el.get("class") or []):
            continue
        parents = {p.name for p in el.parents}
        if el.name == "p" and parents & {"li", "tr"}:
            continue  # part of its list item or row
        if el.name == "li" and "tr" in parents:
            continue  # part of its row
        if el.name == "tr" and not el.find("td"):
            continue  # a header row
        own = _own_content(el)
        if el.name != "tr" and _is_navigation(own):
            continue
        out.append((el.name, own))
    return out


def check_html(page_html, page="page"):
    """PageResult for one page's HTML: its advice blocks, each cited or not."""
    soup = BeautifulSoup(page_html, "html.parser")
    art = soup.select_one("article.md-content__inner") or soup.body or soup
    result = PageResult(page)
    for tag, el in blocks(art):
        text = _text(el)
        words = advice_words(text)
        if not words:
            continue
        cited = any(_is_citation(t) for t in el.find_all(["sup", "a", "span"]))
        result.blocks.append(Block(tag, text, words, cited))
    return result


def site_pages(site_dir):
    """The built pages that give advice: every content page but the about/ pages."""
    return [rel for rel in built_pages(site_dir) if not rel.startswith(SKIP_SITE_DIRS)]


def check_site(site_dir):
    results = []
    for rel in site_pages(site_dir):
        with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
            results.append(check_html(fh.read(), rel))
    return results


def overall(results):
    advice = sum(r.advice for r in results)
    cited = sum(r.cited for r in results)
    return advice, cited, (100.0 * cited / advice if advice else 100.0)


def table(results, threshold=THRESHOLD):
    width = max([len(r.page) for r in results] + [4])
    lines = [f"{'page':<{width}}  advice  cited   share", f"{'-' * width}  ------  -----  ------"]
    for r in results:
        flag = "" if r.passes(threshold) else f"  below {threshold:g}%"
        share = f"{r.share:5.1f}%" if r.advice else "     -"
        lines.append(f"{r.page:<{width}}  {r.advice:6d}  {r.cited:5d}  {share}{flag}")
    advice, cited, share = overall(results)
    lines.append(f"{'-' * width}  ------  -----  ------")
    lines.append(f"{'overall':<{width}}  {advice:6d}  {cited:5d}  {share:5.1f}%")
    return "\n".join(lines)


def uncited_report(results):
    lines = []
    for r in results:
        missing = [b for b in r.blocks if not b.cited]
        if not missing:
            continue
        lines.append(f"\n{r.page}: {len(missing)} uncited advice block(s)")
        for b in missing:
            words = ", ".join(sorted({w for _, w in b.words}))
            text = b.text if len(b.text) <= 160 else b.text[:157] + "..."
            lines.append(f"  <{b.tag}> [{words}] {text}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default="site")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--uncited", action="store_true", help="list every uncited advice block")
    parser.add_argument("--words", action="store_true", help="print the advice word list and stop")
    args = parser.parse_args(argv)
    if args.words:
        for kind, terms in ADVICE_WORDS.items():
            print(f"{kind}: {', '.join(terms)}")
        return 0
    if not os.path.isfile(os.path.join(args.site_dir, "index.html")):
        print(f"{args.site_dir}: no built site (run scripts/build.py first)", file=sys.stderr)
        return 2
    results = check_site(args.site_dir)
    print(table(results, args.threshold))
    if args.uncited:
        print(uncited_report(results))
    failing = [r.page for r in results if not r.passes(args.threshold)]
    if failing:
        print(f"\n{len(failing)} page(s) below {args.threshold:g}% citation coverage: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
