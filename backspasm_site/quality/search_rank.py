"""Reproduce Material's search ranking in Python (lunr.py), for fast checks of the query list.

    python scripts/search_rank.py [site/search/search_index.json] [tests/search_queries.tsv]

The query list (``load_queries``) and the page key of a result (``page_key``) are shared with
the browser tests' search driver (tests/helpers/search.py).

Mirrors Material 9.x's search worker: lunr with b(0), one field per config.fields
entry, a tokenizer that splits on config.separator and lowercases, a trailing
wildcard on every query term, the post-query boost (page entry + share of query
terms matched) and grouping by page. On top of that, the typo path of
docs/assets/javascripts/search.js (class ``Typo``, the same steps in the same order):
corrected query first, then the exact query's pages, lunr edit distance if nothing
is found, and the help page first for emergency signs. The real-browser tests are the
ground truth; this is for quick tuning of data and boosts.

    python scripts/search_rank.py site/search/search_index.json tests/search_typos.tsv
"""

from __future__ import annotations

import bisect
import json
import re
from urllib.parse import urlsplit

import lunr
import lunr.builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from ..paths import SEARCH_QUERIES, SITE

TAG = re.compile(r"<[^>]+>")


def load_queries(path=SEARCH_QUERIES):
    """(query, expected page key) for each line of a tab-separated query list; '#' starts a comment."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                query, expected = line.rstrip("\n").split("\t")
                rows.append((query, expected.strip().strip("/")))
    return rows


def page_key(location, base=""):
    """A result's page, as the query list names it: 'causes/sciatica/#x', 'http://h/causes/sciatica/?h=x'
    or 'file:///…/causes/sciatica.html' (with ``base`` the site's address) -> 'causes/sciatica'."""
    path = urlsplit(location).path
    base_path = urlsplit(base).path
    if base_path.endswith(".html"):
        base_path = base_path.rsplit("/", 1)[0] + "/"
    rel = path[len(base_path) :] if base and path.startswith(base_path) else path.lstrip("/")
    return rel.removesuffix("index.html").removesuffix(".html").strip("/")


def _tokenizer(separator):
    def tokenize(obj, metadata=None, separator_=None):
        if obj is None:
            return []
        text = TAG.sub(" ", str(obj)).lower()
        out = []
        for i, part in enumerate(p for p in separator.split(text) if p):
            out.append(Token(part, {"position": [0, len(part)], "index": i}))
        return out

    return tokenize


class Index:
    def __init__(self, index_json):
        cfg = index_json["config"]
        self.separator = re.compile(cfg["separator"])
        lunr.builder.Tokenizer = _tokenizer(self.separator)
        b = lunr.builder.Builder()
        b.pipeline = Pipeline()
        b.search_pipeline = Pipeline()
        if "stopWordFilter" in cfg.get("pipeline", []):
            b.pipeline.add(stop_word_filter)
        b.b(0)
        b.ref("location")
        for name, spec in cfg["fields"].items():
            b.field(name, boost=spec.get("boost", 1), extractor=(lambda n: lambda d: d.get(n))(name))
        self.typo_search = cfg.get("typo_search")
        self.docs = {}
        for doc in index_json["docs"]:
            self.docs[doc["location"]] = doc
            b.add(doc, {"boost": doc.get("boost", 1)})
        self.index = b.build()

    def terms(self, query):
        return [t.lower() for part in query.split() for t in self.separator.split(part) if t]

    def search(self, query):
        """The exact search: every word with a trailing wildcard, weighted as search.js does. Pages, best first."""
        terms = self.terms(query)
        if not terms:
            return []
        weighted = Typo(self.typo_search, self.separator).weighted(query) if self.typo_search else None
        return self._rank(terms, weighted or " ".join(t + "*" for t in terms))

    def search_fuzzy(self, fuzzy):
        """A lunr edit-distance query ("sciatika~2 leg~1"), which Material passes on as it is."""
        terms = [part.split("~")[0] for part in fuzzy.split()]
        return self._rank(terms, fuzzy)

    def search_typo(self, query):
        """The site's search (search.js): exact, then the typo path and the emergency rule."""
        typo = Typo(self.typo_search, self.separator)
        p = typo.plan(query)
        exact = self.search(query)
        if not p["exact"]:
            return exact
        pages = exact
        if p["typo"] or not exact:
            found = (
                self._rank(self.terms(p["typo"]), p["typoQuery"] or " ".join(t + "*" for t in self.terms(p["typo"])))
                if p["typo"]
                else []
            )
            if not found and not exact:
                found = self.search_fuzzy(p["fuzzy"])
            pages = found + [x for x in exact if x not in found]
        if p["emergency"]:
            help_page = page_key(self.typo_search["help"])
            pages = [help_page] + [x for x in pages if x != help_page]
        return pages

    def _rank(self, terms, lunr_query):
        results = self.index.search(lunr_query)
        items = []
        for r in results:
            matched_terms = list(r["match_data"].metadata.keys())
            found = {}
            for t in terms:
                if any(m.startswith(t) for m in matched_terms):
                    found[t] = True
                elif stop_word_filter(Token(t)) is not None:
                    found.setdefault(t, False)
            boost = (0 if "#" in r["ref"] else 1) + (sum(found.values()) / len(found) if found else 0)
            items.append((r["score"] * (1 + boost**2), r["ref"]))
        items.sort(key=lambda x: -x[0])
        pages = []
        for _score, ref in items:
            page = ref.split("#")[0]
            if page not in pages:
                pages.append(page)
        return [page_key(p) for p in pages]


# ---- the typo path of docs/assets/javascripts/search.js, step for step -------------------------


def osa(a, b):
    """Restricted Damerau-Levenshtein distance (adjacent swaps cost 1)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur.append(v)
        prev2, prev = prev, cur
    return prev[len(b)]


def sound(w):
    """Spelling by sound: ph/f, c/k, z/s, y/i, British ae/oe/ou, doubled letters."""
    w = w.replace("ph", "f").replace("ck", "k")
    w = re.sub("[cq]", "k", w).replace("z", "s").replace("y", "i")
    w = re.sub("ae|oe", "e", w).replace("ou", "o")
    return re.sub(r"(.)\1+", r"\1", w)


def distance(a, b):
    return min(osa(a, b), osa(sound(a), sound(b)))


def budget(n) -> int:
    return 0 if n < 3 else 1 if n <= 5 else 2


EXACT = 2  # how much more a whole-word match counts than a longer word it starts (search.js EXACT)
LUNR_SYNTAX = re.compile(r'["+~^*]|(^|\s)-')  # quotes, presence, edit distance, boost, wildcard


def emergency_budget(n) -> int:
    return 0 if n <= 3 else 1 if n <= 8 else 2


class Typo:
    def __init__(self, typo_search, separator):
        self.list = typo_search["vocab"].split(" ")
        self.df = dict(zip(self.list, typo_search["df"], strict=True))
        self.weights, self.top = typo_search["weight"], typo_search["top"]
        self.lay = set(typo_search["lay"].split(" "))
        self.emergency = typo_search["emergency"]
        self.separator = separator

    def spans(self, query):
        text, out, at = query.lower(), [], 0
        for m in self.separator.finditer(text):
            if m.start() > at:
                out.append((text[at : m.start()], at, m.start()))
            at = m.end()
        if at < len(text):
            out.append((text[at:], at, len(text)))
        return out

    def tokens(self, text):
        return [s[0] for s in self.spans(text)]

    def known(self, t):
        i = bisect.bisect_left(self.list, t)
        return i < len(self.list) and self.list[i].startswith(t)

    def is_word(self, t):
        return t in self.df

    def nearest(self, t):
        k = budget(len(t))
        if not k or re.search(r"\d", t):
            return None
        best = None
        for w in self.list:
            if len(w) < 3 or abs(len(w) - len(t)) > 2 or re.search(r"\d", w):
                continue
            d = distance(t, w)
            if d <= k:
                key = (d, w[0] != t[0], w not in self.lay, -self.df[w], w)
                if best is None or key < best[0]:
                    best = (key, w, d)
        return None if best is None else {"w": best[1], "d": best[2]}

    def split_word(self, t):
        best, score = None, 0
        for i in range(3, len(t) - 2):
            a, b = t[:i], t[i:]
            if self.is_word(a) and self.is_word(b):
                s = min(self.df[a], self.df[b])
                if s > score:
                    best, score = [a, b], s
        return best

    def half_word(self, t):
        """'codaequina' -> ['equina']: the longest indexed word of 4+ letters at either end, the rest
        corrected if it can be, else left out."""
        for n in range(len(t) - 3, 3, -1):
            for word, rest in ((t[:n], t[n:]), (t[-n:], t[:-n])):
                if self.is_word(word):
                    near = self.nearest(rest)
                    if near is None:
                        return [word]
                    return [word, near["w"]] if word == t[:n] else [near["w"], word]
        return None

    def correct(self, t):
        if len(t) >= 4 and t.endswith("nt"):  # "dont" typed for "don't": as if typed with the apostrophe
            words = self.tokens(t[:-1] + "'t")
            if all(self.known(w) for w in words):
                return words, False
        near = self.nearest(t)
        if near and near["d"] <= 1:
            return [near["w"]], True
        parts = self.split_word(t)
        if parts:
            return parts, True
        if near:
            return [near["w"]], True
        parts = self.half_word(t)
        if parts:
            return parts, True
        return None

    def weight(self, t):
        """How much a typed word counts: the weight of the commonest indexed word it starts (wildcard)."""
        i = bisect.bisect_left(self.list, t)
        best = None
        while i < len(self.list) and self.list[i].startswith(t):
            best = self.weights[i] if best is None else min(best, self.weights[i])
            i += 1
        return self.top if best is None else best

    def weighted(self, query):
        """The lunr query that lets the distinctive word decide ("mood^8 mood*^4 back^2 back*^1"), or None
        to send the query as typed: when all its words weigh the same, or it uses lunr's own syntax.
        Each word is also searched as a whole word, ``EXACT`` times stronger, so "tens" finds TENS
        before "tension"."""
        if query is None or LUNR_SYNTAX.search(query):
            return None
        terms = self.tokens(query)
        weights = [self.weight(t) for t in terms]
        if len(set(weights)) < 2:
            return None
        return " ".join(f"{t}^{w * EXACT} {t}*^{w}" for t, w in zip(terms, weights, strict=True))

    @staticmethod
    def matches_emergency_word(q, p):
        return q == p or (len(q) >= 4 and p.startswith(q)) or distance(q, p) <= emergency_budget(len(p))

    def plan(self, query):
        sp = self.spans(query)
        out, shown, changed, unknown = [], [], False, False
        i = 0
        while i < len(sp):
            t = sp[i][0]
            if self.known(t):
                out.append(t)
                i += 1
                continue
            unknown = True
            nxt = sp[i + 1] if i + 1 < len(sp) else None
            if nxt and self.is_word(t + nxt[0]):
                out.append(t + nxt[0])
                shown.append((sp[i][1], nxt[2], t + nxt[0]))
                changed = True
                i += 2
                continue
            if i > 0 and self.is_word(sp[i - 1][0] + t) and out and out[-1] == sp[i - 1][0]:
                out[-1] = sp[i - 1][0] + t
                shown.append((sp[i - 1][1], sp[i][2], sp[i - 1][0] + t))
                changed = True
                i += 1
                continue
            fix = self.correct(t)
            i += 1
            if fix is None:
                continue
            out += fix[0]
            if fix[1]:
                shown.append((sp[i - 1][1], sp[i - 1][2], " ".join(fix[0])))
                changed = True
        mine = [s[0] for s in sp] + out
        emergency = any(
            all(any(self.matches_emergency_word(q, p) for q in mine) for p in phrase) for phrase in self.emergency
        )
        did_you_mean = None
        if changed:
            did_you_mean = query
            for start, end, text in sorted(shown, key=lambda s: -s[0]):
                did_you_mean = did_you_mean[:start] + text + did_you_mean[end:]
        return {
            "exact": [s[0] for s in sp],
            "typo": " ".join(out) if unknown and out else None,
            "query": self.weighted(query),
            "typoQuery": self.weighted(" ".join(out)) if unknown and out else None,
            "fuzzy": " ".join(f"{s[0]}~{max(1, budget(len(s[0])))}" for s in sp),
            "didYouMean": did_you_mean,
            "emergency": emergency,
        }


def main(index_path=f"{SITE}/search/search_index.json", queries=SEARCH_QUERIES) -> None:
    with open(index_path, encoding="utf-8") as fh:
        idx = Index(json.load(fh))
    rows = load_queries(queries)
    h1 = h3 = 0
    for q, expected in rows:
        ranked = idx.search_typo(q) if idx.typo_search else idx.search(q)
        rank = ranked.index(expected) + 1 if expected in ranked else None
        h1 += rank == 1
        h3 += bool(rank and rank <= 3)
        mark = "ok  " if rank == 1 else ("top3" if rank and rank <= 3 else "MISS")
        print(f"{mark} {rank!s:>4}  {q!r} -> {expected}   got {ranked[:3]}")
    print(f"hit@1 {h1 / len(rows):.1%}  hit@3 {h3 / len(rows):.1%}  ({len(rows)} queries)")


RESULTS_META = ".md-search-result__meta"


def browser_search(page, base_url, query, timeout=15000):
    """Type ``query`` into a freshly loaded page's search box (Playwright); return (ranked page keys, seconds)."""
    import time

    page.goto(base_url)
    box = page.locator("input[data-md-component=search-query]")
    box.focus()  # on file:// this starts the index
    page.wait_for_function(
        f"() => /Type to start/.test(document.querySelector('{RESULTS_META}').textContent)", timeout=timeout
    )
    start = time.perf_counter()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function(
        f"() => /matching document|No matching/.test(document.querySelector('{RESULTS_META}').textContent)",
        timeout=timeout,
    )
    elapsed = time.perf_counter() - start
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(a => a.href)"
    )
    ranked = []
    for href in hrefs:
        key = page_key(href, base_url)
        if key not in ranked:
            ranked.append(key)
    return ranked, elapsed


class BrowserSearch:
    """One loaded page's search box (Playwright), for many queries in a row: the index loads once.

    Before each query the box is emptied and the "Type to start" line awaited, so the results read
    after it are the new query's, never the last one's.
    """

    BOX = "input[data-md-component=search-query]"

    def __init__(self, page, base_url, timeout=15000):
        self.page, self.base_url, self.timeout = page, base_url, timeout
        page.goto(base_url)
        page.locator(self.BOX).focus()  # on file:// this starts the index
        self._wait("Type to start")

    def _wait(self, pattern):
        self.page.wait_for_function(
            f"p => new RegExp(p).test(document.querySelector('{RESULTS_META}').textContent)",
            arg=pattern,
            timeout=self.timeout,
        )

    def search(self, query):
        """Ranked page keys for ``query`` and the seconds from typing it to its results."""
        import time

        box = self.page.locator(self.BOX)
        if box.input_value():
            box.fill("")
            box.dispatch_event("keyup")
            self._wait("Type to start")
        start = time.perf_counter()
        box.fill(query)
        box.dispatch_event("keyup")
        self._wait("matching document|No matching")
        elapsed = time.perf_counter() - start
        hrefs = self.page.eval_on_selector_all(
            "li.md-search-result__item > a.md-search-result__link", "els => els.map(a => a.href)"
        )
        ranked = []
        for href in hrefs:
            key = page_key(href, self.base_url)
            if key not in ranked:
                ranked.append(key)
        return ranked, elapsed


def hit_rates(ranks):
    """(hit@1, hit@3) of a list of ranks (None: not found)."""
    n = len(ranks) or 1
    return sum(r == 1 for r in ranks) / n, sum(bool(r and r <= 3) for r in ranks) / n
