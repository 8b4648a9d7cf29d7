"""Words for editors and readers: spelling variants of lay words (data/site.yml ``spelling_variants``:
"slipped disc" also as "slipped disk"), and the "did you mean" hint of every error message."""

from __future__ import annotations

import difflib
import functools
import re


def did_you_mean(word, known) -> str:
    """' (did you mean 'x'?)' for the closest known word, or ''."""
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@functools.cache
def _word(word):
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


@functools.cache
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
