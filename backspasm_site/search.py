"""Lay words for search: what a reader might type, per page, from data/, in a boosted index field.

Material's search plugin indexes each page's text; the plugin adds, per page or section,
the lay words from data/ (names, ``also_called``, symptom ``phrases``, spelling variants)
as one more field of ``search/search_index.json`` (``synonyms``, boosted in mkdocs.yml).
"""

from __future__ import annotations

import json
import math
import os
import re

from .content.words import with_variants
from .paths import HELP_PAGE

WORD = re.compile(r"[\s\-,:!=\[\]()\"/'’.?]+")


def page_words(data, target, extra=()):
    """Lay names and phrases that lead to ``target`` ('x.md' or 'x.md#section'), with spelling variants.

    Names shown on the page (``also_called``) and search-only words (``search_terms``) alike. Emergency symptoms go on the page itself; other entries that point at a section
    go on that section, so one long page does not collect every word.
    """
    words = list(extra)
    for item in [*data.treatments.values(), *data.causes.values(), *data.topics.values()]:
        if item.page == target:
            words += [item.name, *item.also_called, *item.search_terms]
    for s in data.symptoms.values():
        where = s.page.split("#")[0] if s.urgency == "emergency" else s.page
        if where == target:
            words += [s.name, *s.phrases]
    return with_variants(data, words)


def page_questions(data, target, extra=()):
    """The words of the questions ``target`` answers (data ``questions``, front matter ``questions``), each
    once, generic words dropped, for the ``questions`` search field: weaker than a name (mkdocs.yml), so
    "how long" or "when should I" leans to the page that answers it without outweighing a page's names."""
    asked = list(extra)
    for item in [*data.treatments.values(), *data.causes.values(), *data.topics.values()]:
        if item.page == target:
            asked += item.questions
    return distinct_words(data, with_variants(data, asked))


def targets_by_page(data):
    """For each docs page, every 'page' or 'page#section' in data/ that lives on it (once per build)."""
    out: dict[str, set] = {}
    for group in (data.treatments, data.causes, data.topics, data.symptoms):
        for item in group.values():
            out.setdefault(item.page.split("#")[0], set()).add(item.page)
    return out


def page_synonyms(data, src_path, extra=()):
    """The page's distinctive lay words, each once, for the boosted ``synonyms`` search field.

    Repeating a word would raise its weight, and words on every page ("back", "pain")
    would pull this page up for every query, so both are dropped.
    """
    return distinct_words(data, page_words(data, src_path, extra))


def distinct_words(data, phrases):
    """The words of ``phrases``, each once, without the generic words of data/site.yml."""
    generic = {w.lower() for w in data.site.search_generic_words}
    # every typed word gets a trailing wildcard, so "pain" would also hit "painkillers" here
    stems = tuple(w for w in generic if len(w) >= 4)
    seen = []
    for phrase in phrases:
        for word in WORD.split(phrase.lower()):
            if word and word not in generic and not word.startswith(stems) and word not in seen:
                seen.append(word)
    return " ".join(seen)


def add_synonyms(site_dir, synonyms, field="synonyms", extras=None) -> None:
    """Write each location's lay words into the built search index (before the offline plugin copies it),
    and ``extras(index)`` (what the typo-tolerant search needs) as the index's ``config.typo_search``."""
    path = os.path.join(site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as fh:
        index = json.load(fh)
    for doc in index["docs"]:
        if doc["location"] in synonyms:
            doc[field] = synonyms[doc["location"]]
    if extras is not None:
        index["config"]["typo_search"] = extras(index)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, separators=(",", ":"))


TAG = re.compile(r"<[^>]+>")
SEARCHED_FIELDS = ("title", "text", "synonyms", "questions")
WEIGHT_TOP = 10


def query_weights(on_page):
    """How much each word counts in a query, from how many pages have it (``on_page``: page -> words).

    A lunr query-term boost (whole numbers only, in Material's query syntax): 1 for a word on every
    page, up to ``WEIGHT_TOP`` for a word on one page, by inverse document frequency
    (log(pages / pages with it) / log(pages)). So in "low mood back pain" the word "mood" decides.
    """
    n = len(on_page)
    pages: dict[str, int] = {}
    for words in on_page.values():
        for w in words:
            pages[w] = pages.get(w, 0) + 1
    top = math.log(n) if n > 1 else 1.0
    return {w: max(1, round(WEIGHT_TOP * math.log(n / c) / top)) for w, c in pages.items()}


def index_tokens(text, separator):
    """Words of ``text`` as the browser tokenizes them: tags out, lower case, split on the search separator."""
    return [t for t in separator.split(TAG.sub(" ", text or "").lower()) if t]


def search_extras(data, index, help_location):
    """What the typo-tolerant search needs in the browser (assets/javascripts/search.js), from data/.

    Added to the index as ``config.typo_search``, so it loads with the index (only once search is used):
    - ``vocab``: every word in the index, with the number of entries it is in (for "Did you mean");
    - ``lay``: the lay words from data/ (the ``synonyms`` field), preferred when two suggestions tie;
    - ``weight``: per vocab word, how much it counts in a query (``query_weights``): words on nearly
      every page ("back", "pain") count 1, a word on one page counts ``WEIGHT_TOP``;
    - ``emergency``: emergency signs as word lists: the phrases and names of every symptom with
      urgency "emergency", the help page's other names (topics.yml), the emergency numbers and the
      word for the level itself; generic words ("back", "pain") are dropped, so "car crash back pain"
      needs "car" and "crash";
    - ``help``: where those go (``help_location``: the help page's URL, as the index names it).
    """
    separator = re.compile(index["config"]["separator"])
    generic = {w.lower() for w in data.site.search_generic_words}
    df: dict[str, int] = {}
    lay: set[str] = set()
    on_page: dict[str, set] = {}
    for doc in index["docs"]:
        words = set()
        for field in SEARCHED_FIELDS:
            words.update(index_tokens(doc.get(field), separator))
        lay.update(index_tokens(doc.get("synonyms"), separator))
        on_page.setdefault(doc["location"].split("#")[0], set()).update(words)
        for w in words:
            df[w] = df.get(w, 0) + 1
    vocab = sorted(w for w in df if re.fullmatch(r"[a-z0-9][a-z0-9'’]*", w))
    weights = query_weights(on_page)
    phrases = ["emergency", *(n.number for n in data.site.emergency.numbers)]
    for s in data.symptoms.values():
        if s.urgency == "emergency":
            phrases += [s.name, *s.phrases]
    for t in data.topics.values():
        if t.page == HELP_PAGE:
            phrases += t.also_called
    emergency = []
    for phrase in with_variants(data, phrases):
        sign = [w for w in index_tokens(phrase, separator) if w not in generic]
        if sign and sign not in emergency:
            emergency.append(sign)
    return {
        "vocab": " ".join(vocab),
        "df": [df[w] for w in vocab],
        "weight": [weights[w] for w in vocab],
        "top": WEIGHT_TOP,
        "lay": " ".join(sorted(lay & set(vocab))),
        "emergency": emergency,
        "help": help_location,
    }
