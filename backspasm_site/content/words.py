"""Spelling variants of lay words (data/site.yml ``spelling_variants``): "slipped disc" also as "slipped disk"."""
from __future__ import annotations

import functools
import re


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


def with_variants(data, words):
    """Words plus their spelling variants from data/site.yml (disc/disk…), in order, no repeats."""
    groups = tuple(tuple(g) for g in data.site.spelling_variants)
    out, seen = [], set()
    for word in words:
        for form in (word, *variant_forms(word, groups)):
            if form.lower() not in seen:
                seen.add(form.lower())
                out.append(form)
    return out
