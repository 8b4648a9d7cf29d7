"""Lay words for search: what a reader might type, per page, from data/."""
from __future__ import annotations

from .render import PageRenderer


def page_synonyms(data, src_path, extra=()):
    """Space-joined lay words for the page at ``src_path`` (also_called, symptom phrases, variants)."""
    words = list(extra)
    for item in [*data.treatments.values(), *data.causes.values()]:
        if item.page.split("#")[0] == src_path:
            words += [item.name, *item.also_called]
    for s in data.symptoms.values():
        if s.page.split("#")[0] == src_path:
            words += [s.name, *s.phrases]
    return " ".join(PageRenderer(data, src_path).d_variants(words))
