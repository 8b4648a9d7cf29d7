"""Load and validate everything in data/, once per build.

Every problem becomes one line naming the file, the entry and the field,
and all of them are reported together in a ``DataError``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml
from pydantic import BaseModel, ValidationError

from .models import error_lines, Cause, Claim, GlossaryTerm, NextStepRoute, SiteInfo, Source, Symptom, Topic, Treatment

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10x faster

# file name -> (model, the field that names an entry)
LISTS = {
    "treatments.yml": (Treatment, "id"),
    "causes.yml": (Cause, "id"),
    "symptoms.yml": (Symptom, "id"),
    "sources.yml": (Source, "key"),
    "glossary.yml": (GlossaryTerm, "term"),
    "claims.yml": (Claim, "id"),
    "topics.yml": (Topic, "id"),
    "next-steps.yml": (NextStepRoute, "id"),  # the last step of "What should I do now?"
}


class DataError(Exception):
    """Bad data: the message has one line per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class SiteData:
    site: SiteInfo
    treatments: dict[str, Treatment]
    causes: dict[str, Cause]
    symptoms: dict[str, Symptom]
    sources: dict[str, Source]
    glossary: dict[str, GlossaryTerm]
    claims: dict[str, Claim]
    topics: dict[str, Topic]
    next_steps: dict[str, NextStepRoute]
    data_dir: str = ""
    docs_dir: str = ""
    # derived indexes, filled by ``_link``
    treatments_by_cause: dict[str, list[Treatment]] = field(default_factory=dict)


def _read_yaml(path, rel, problems):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=SafeLoader)
    except FileNotFoundError:
        problems.append(f"{rel}: file is missing")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problems.append(f"{rel}: not valid YAML{where}: {getattr(exc, 'problem', exc)}")
    return None


def _validate(model: type[BaseModel], raw, rel, label, problems):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for field, msg in error_lines(exc):
            problems.append(f"{rel}: {label}: field '{field}': {msg}")
    return None


def _load_list(data_dir, name, problems):
    model, key = LISTS[name]
    rel = f"data/{name}"
    raw = _read_yaml(os.path.join(data_dir, name), rel, problems)
    if raw is None:
        return {}
    if not isinstance(raw, list):
        problems.append(f"{rel}: must be a list of entries, got {type(raw).__name__}")
        return {}
    out = {}
    for i, item in enumerate(raw, start=1):
        ident = item.get(key) if isinstance(item, dict) else None
        label = f"entry '{ident}' (#{i})" if ident else f"entry #{i}"
        if not isinstance(item, dict):
            problems.append(f"{rel}: {label}: must be a mapping of fields")
            continue
        obj = _validate(model, item, rel, label, problems)
        if obj is None:
            continue
        ident = getattr(obj, key)
        if ident in out:
            problems.append(f"{rel}: {label}: field '{key}': duplicate '{ident}'")
            continue
        out[ident] = obj
    return out


def _page_exists(docs_dir, page):
    path = page.split("#", 1)[0]
    return path.endswith(".md") and os.path.isfile(os.path.join(docs_dir, path))


def _check_refs(d: SiteData, problems, coverage=True):
    def need(rel, label, fieldname, values, known, what):
        for value in values:
            if value not in known:
                problems.append(f"{rel}: {label}: field '{fieldname}': unknown {what} '{value}'")

    def page(rel, label, value):
        if not _page_exists(d.docs_dir, value):
            problems.append(f"{rel}: {label}: field 'page': no such page 'docs/{value.split('#')[0]}'")

    for t in d.treatments.values():
        label, rel = f"entry '{t.id}'", "data/treatments.yml"
        need(rel, label, "helps_with", t.helps_with, d.causes, "cause id")
        need(rel, label, "sources", t.sources, d.sources, "source key")
        page(rel, label, t.page)
    for c in d.causes.values():
        label, rel = f"entry '{c.id}'", "data/causes.yml"
        need(rel, label, "symptoms", c.symptoms, d.symptoms, "symptom id")
        page(rel, label, c.page)
        if coverage and not any(c.id in t.helps_with for t in d.treatments.values()):
            problems.append(f"{rel}: {label}: no treatment lists it in 'helps_with' (every cause needs one)")
    for s in d.symptoms.values():
        label, rel = f"entry '{s.id}'", "data/symptoms.yml"
        need(rel, label, "causes", s.causes, d.causes, "cause id")
        page(rel, label, s.page)
    for tp in d.topics.values():
        page("data/topics.yml", f"entry '{tp.id}'", tp.page)
    for r in d.next_steps.values():
        page("data/next-steps.yml", f"entry '{r.id}'", r.page)
    for c in d.claims.values():
        label, rel = f"entry '{c.id}'", "data/claims.yml"
        page(rel, label, c.page)
        if c.source:
            need(rel, label, "source", [c.source], d.sources, "source key")


def load(data_dir: str, docs_dir: str) -> SiteData:
    """Read, validate and cross-check every data file; raise DataError listing all problems."""
    problems: list[str] = []
    raw_site = _read_yaml(os.path.join(data_dir, "site.yml"), "data/site.yml", problems)
    site = None
    if raw_site is not None:
        site = _validate(SiteInfo, raw_site, "data/site.yml", "site settings", problems)
    lists = {name: _load_list(data_dir, name, problems) for name in LISTS}
    if site is None:
        raise DataError(problems)
    treatments_ok = not any(p.startswith("data/treatments.yml") for p in problems)
    d = SiteData(
        site=site,
        treatments=lists["treatments.yml"],
        causes=lists["causes.yml"],
        symptoms=lists["symptoms.yml"],
        sources=lists["sources.yml"],
        glossary=lists["glossary.yml"],
        claims=lists["claims.yml"],
        topics=lists["topics.yml"],
        next_steps=lists["next-steps.yml"],
        data_dir=data_dir,
        docs_dir=docs_dir,
    )
    _check_refs(d, problems, coverage=treatments_ok)
    if problems:
        raise DataError(problems)
    d.treatments_by_cause = {
        cid: [t for t in d.treatments.values() if cid in t.helps_with] for cid in d.causes
    }
    return d


def data_stamp(data_dir: str, docs_dir: str):
    """What ``load`` depends on, cheaply: the data files' modification times (``mkdocs serve`` reuses data while it holds)."""
    stamp = []
    for name in ["site.yml", *LISTS]:
        try:
            stamp.append(os.stat(os.path.join(data_dir, name)).st_mtime_ns)
        except FileNotFoundError:
            stamp.append(None)
    return (os.path.abspath(data_dir), os.path.abspath(docs_dir), tuple(stamp))
