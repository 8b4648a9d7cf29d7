"""Load and validate everything in data/, once per build.

Every problem becomes one line naming the file and line, the entry and the field
(``data/treatments.yml:17: entry 'heat' (#1): field 'positions.2.says': …``),
and all of them are reported together in a ``DataError``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from . import topics
from .evidence import GUIDELINE_WORDS, REVIEW_WORDS, evidence_label
from .excerpts import Tripwire
from .models import (
    WEAK_SOURCE_TYPES,
    Cause,
    Claim,
    GlossaryTerm,
    NextStepRoute,
    Review,
    SiteInfo,
    Source,
    Symptom,
    Topic,
    Treatment,
    error_lines,
)
from .words import did_you_mean
from .yaml_loader import YamlProblem, line_of, read_yaml

# file name -> (model, the field that names an entry)
LISTS = {
    "treatments.yml": (Treatment, "id"),
    "causes.yml": (Cause, "id"),
    "symptoms.yml": (Symptom, "id"),
    "sources.yml": (Source, "key"),
    "glossary.yml": (GlossaryTerm, "term"),
    "claims.yml": (Claim, "id"),
    "topics.yml": (Topic, "id"),
    "reviews.yml": (Review, "id"),
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
    reviews: dict[str, Review] = field(default_factory=dict)
    next_steps: dict[str, NextStepRoute] = field(default_factory=dict)
    data_dir: str = ""
    docs_dir: str = ""
    # derived indexes, filled by ``_link``
    treatments_by_cause: dict[str, list[Treatment]] = field(default_factory=dict)
    # what failed to load, so a reference to it is not reported a second time as "unknown":
    # file name -> ids of its entries that failed validation, or None when the whole file failed
    failed: dict[str, set | None] = field(default_factory=dict)
    # the topic pages' phone lines, facts and checklist (content/topics.py)
    support: topics.Support | None = None
    questions: topics.Questions | None = None
    # what was read, for the line of a field: file -> {"entries": id -> entry} or {"mapping": the file}
    raws: dict = field(default_factory=dict, repr=False)

    def at(self, rel, entry=None, path=()):
        """'data/x.yml:LINE' for a field of an entry (or of the file's mapping), or just the file."""
        raw = self.raws.get(rel, {})
        raw = raw.get("entries", {}).get(entry) if entry is not None else raw.get("mapping")
        return _at(rel, line_of(raw, path))


def _read_yaml(path, rel, problems):
    try:
        return read_yaml(path, rel)
    except YamlProblem as exc:
        problems.extend(exc.problems)
    return None


def _at(rel, line):
    """'data/x.yml:LINE', or just the file when the line is not known."""
    return f"{rel}:{line}" if line else rel


def _validate(model: type[BaseModel], raw, rel, label, problems):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.append(
            _one_line(rel, label, [(line_of(raw, loc), field, msg) for loc, field, msg in error_lines(exc, model)])
        )
    return None


def _one_line(rel, label, errors):
    """All of one entry's field errors as one line, at the first one's line: 'field 'a': m1; field 'b'
    (line 9): m2', or, when every field has the same fault, 'fields 'a', 'b': m'."""
    first = errors[0][0]
    if len(errors) > 1 and len({msg for _, _, msg in errors}) == 1:
        names = ", ".join(f"'{field}'" for _, field, _ in errors)
        return f"{_at(rel, first)}: {label}: fields {names}: {errors[0][2]}"
    parts = [
        f"field '{field}'{f' (line {line})' if line and line != first else ''}: {msg}" for line, field, msg in errors
    ]
    return f"{_at(rel, first)}: {label}: " + "; ".join(parts)


# a cross-reference problem as _check_refs words it: the file, whose entry (or site.yml part), which field
REF = re.compile(
    r"^(data/[\w.-]+\.yml): (?:entry '(?P<entry>[^']*)'(?: \(#\d+\))?|urgency '(?P<urgency>[^']*)'"
    r"|(?P<part>emergency|scope|routes_first))(?:: field '(?P<field>[^']*)')?"
)


def _with_lines(problems, d):
    """Each cross-reference problem with the line of its field: the entries were validated as models,
    so the line is looked up in what was read (``d.at``)."""
    out = []
    for problem in problems:
        m = REF.match(problem)
        if not m:
            out.append(problem)
            continue
        path = tuple(int(p) if p.isdigit() else p for p in m.group("field").split(".")) if m.group("field") else ()
        if m.group("entry") is not None:
            where = d.at(m.group(1), m.group("entry"), path)
        else:
            where = d.at(
                m.group(1), None, (("urgency", m.group("urgency")) if m.group("urgency") else (m.group("part"),)) + path
            )
        out.append(where + problem[len(m.group(1)) :])
    return out


def _load_list(data_dir, name, problems, failed, raws):
    model, key = LISTS[name]
    rel = f"data/{name}"
    raw = _read_yaml(os.path.join(data_dir, name), rel, problems)
    failed[name] = None  # until the file has been read as a list
    if raw is None:
        return {}
    if not isinstance(raw, list):
        problems.append(
            f"{rel}: must be a list of entries (each starting with '- {key}:'), "
            f"got {'a mapping' if isinstance(raw, dict) else type(raw).__name__}"
        )
        return {}
    if not raw:
        problems.append(f"{rel}: file is empty (an empty list)")
        return {}
    failed[name] = set()
    out = {}
    for i, item in enumerate(raw, start=1):
        ident = item.get(key) if isinstance(item, dict) else None
        label = f"entry '{ident}' (#{i})" if ident else f"entry #{i}"
        if not isinstance(item, dict):
            problems.append(f"{rel}: {label}: must be a mapping of fields")
            continue
        if isinstance(ident, str):
            raws.setdefault(rel, {"entries": {}})["entries"].setdefault(ident, item)
        obj = _validate(model, item, rel, label, problems)
        if obj is None:
            if isinstance(ident, str):
                failed[name].add(ident)
            continue
        ident = getattr(obj, key)
        if ident in out:
            problems.append(f"{_at(rel, line_of(item, (key,)))}: {label}: field '{key}': duplicate '{ident}'")
            continue
        out[ident] = obj
    return out


def _page_exists(docs_dir, page):
    path = page.split("#", 1)[0]
    return path.endswith(".md") and os.path.isfile(os.path.join(docs_dir, path))


def _check_excerpts(d: SiteData, problems, required=False):
    """Each safety statement's excerpts: about the statement (the tripwire), and, when ``required``, one for
    each source it cites."""
    wire = Tripwire(d.site.equivalents)

    def check(rel, label, prefix, statement, sources, excerpts, editorial=None):
        for key, ex in excerpts.items():
            if not wire.shared(statement, ex.quote):
                problems.append(
                    f"{rel}: {label}: field '{prefix}excerpts.{key}': the words quoted from {key} share "
                    f"no key word with the statement ({statement[:60]!r}); quote the part of the source "
                    f"that says it, cite another source, or list two words that mean the same under "
                    f"'equivalents' in data/site.yml"
                )
        if required and not editorial:
            for key in sources:
                if key not in excerpts:
                    problems.append(
                        f"{rel}: {label}: field '{prefix}sources': no excerpt for {key}: add "
                        f"'excerpts: {{{key}: {{quote: ..., section: ...}}}}' (what it says, at most "
                        f"40 words, exactly as read)"
                    )

    for t in d.treatments.values():
        rel, label = "data/treatments.yml", f"entry '{t.id}'"
        about = " ".join([t.name, *t.also_called])

        def positions(prefix, items, statement, rel=rel, label=label, t=t):
            for j, pos in enumerate(items):
                if pos.excerpt:
                    check(rel, label, f"{prefix}{j}.", statement, [pos.source], {pos.source: pos.excerpt})
                elif required and pos.says != "not-covered" and not pos.unread:
                    problems.append(
                        f"{rel}: {label}: field '{prefix}{j}.source': no excerpt for {pos.source}: "
                        f"add 'excerpt: {{quote: ..., section: ...}}' (what it says about {t.name}), "
                        f"or 'unread:' saying why its words could not be read"
                    )

        positions("positions.", t.positions, about)
        for i, pc in enumerate(t.per_cause):
            positions(f"per_cause.{i}.positions.", pc.positions, about)
            check(rel, label, f"per_cause.{i}.", pc.note, pc.sources, pc.excerpts)
        for i, c in enumerate(t.cautions):
            check(rel, label, f"cautions.{i}.", c.text, c.sources, c.excerpts, c.editorial)
    for s in d.symptoms.values():
        check(
            "data/symptoms.yml",
            f"entry '{s.id}'",
            "",
            " ".join(filter(None, [s.name, s.summary])),
            s.sources,
            s.excerpts,
            s.editorial,
        )
    for level, u in d.site.urgency.items():
        check("data/site.yml", f"urgency '{level}'", "", f"{u.label} {u.action}", u.sources, u.excerpts, u.editorial)
    # an action's source may say what to do for its signs, in the signs' words: both are the statement;
    # when symptoms.yml (or one sign) failed, that mistake is reported already and the signs are unknown
    symptoms_failed = d.failed.get("symptoms.yml", set())
    for key, a in d.site.emergency.actions.items() if symptoms_failed is not None and not symptoms_failed else ():
        signs = " ".join(s.name for s in d.symptoms.values() if s.action == key)
        check(
            "data/site.yml", "emergency", f"actions.{key}.", f"{a.action} {signs}", a.sources, a.excerpts, a.editorial
        )
    for i, r in enumerate(d.site.routes_first):
        if r.action or r.sources:
            check(
                "data/site.yml",
                "routes_first",
                f"{i}.",
                " ".join(filter(None, [r.who, r.title, r.action])),
                r.sources,
                r.excerpts,
                r.editorial,
            )


def _check_refs(d: SiteData, problems, coverage=True):
    def need(rel, label, fieldname, values, known, what):
        for value in values:
            if value not in known:
                problems.append(
                    f"{rel}: {label}: field '{fieldname}': unknown {what} '{value}'{did_you_mean(value, known)}"
                )

    def strong_enough(rel, label, fieldname, keys):
        """A safety statement needs at least one source that is not commercial or the source article."""
        known = [d.sources[k] for k in keys if k in d.sources]
        if known and len(known) == len(keys) and all(src.type in WEAK_SOURCE_TYPES for src in known):
            kinds = ", ".join(sorted({src.type for src in known}))
            problems.append(
                f"{rel}: {label}: field '{fieldname}': rests only on {kinds} sources "
                f"({', '.join(keys)}); add a guideline, professional or patient-information source"
            )

    missing: dict[str, list[tuple[str, str, str]]] = {}  # a page that is not there -> who names it

    def page(rel, label, value, fieldname="page"):
        if not _page_exists(d.docs_dir, value):
            missing.setdefault(value.split("#")[0], []).append((rel, label, fieldname))

    for t in d.treatments.values():
        label, rel = f"entry '{t.id}'", "data/treatments.yml"
        need(rel, label, "helps_with", t.helps_with, d.causes, "cause id")
        need(rel, label, "sources", t.sources, d.sources, "source key")

        def positions(fieldname, items, rel=rel, label=label):
            for j, pos in enumerate(items):
                src = d.sources.get(pos.source)
                where = f"{fieldname}.{j}.source"
                if src is None:
                    problems.append(
                        f"{rel}: {label}: field '{where}': unknown source key '{pos.source}'"
                        f"{did_you_mean(pos.source, d.sources)}"
                    )
                elif src.type == "guideline" and pos.says not in GUIDELINE_WORDS:
                    problems.append(
                        f"{rel}: {label}: field '{fieldname}.{j}.says': '{pos.says}' is a review "
                        f"word, but {pos.source} is a guideline"
                    )
                elif src.type in ("review", "study") and pos.says not in REVIEW_WORDS:
                    problems.append(
                        f"{rel}: {label}: field '{fieldname}.{j}.says': '{pos.says}' is a guideline "
                        f"word, but {pos.source} is a {src.type}"
                    )
                elif src.type not in ("guideline", "review", "study"):
                    problems.append(
                        f"{rel}: {label}: field '{where}': {pos.source} is {src.type}; positions "
                        "come from guidelines and reviews only"
                    )

        positions("positions", t.positions)
        for i, pc in enumerate(t.per_cause):
            if pc.cause not in t.helps_with:
                problems.append(f"{rel}: {label}: field 'per_cause.{i}.cause': '{pc.cause}' is not in helps_with")
            positions(f"per_cause.{i}.positions", pc.positions)
            need(rel, label, f"per_cause.{i}.sources", pc.sources, d.sources, "source key")
        for i, c in enumerate(t.cautions):
            need(rel, label, f"cautions.{i}.sources", c.sources, d.sources, "source key")
            strong_enough(rel, label, f"cautions.{i}.sources", c.sources)
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
        need(rel, label, "sources", s.sources, d.sources, "source key")
        strong_enough(rel, label, "sources", s.sources)
        page(rel, label, s.page)
    for level, u in d.site.urgency.items():
        need("data/site.yml", f"urgency '{level}'", "sources", u.sources, d.sources, "source key")
        strong_enough("data/site.yml", f"urgency '{level}'", "sources", u.sources)
    for sign in d.site.emergency.banner_signs:
        s = d.symptoms.get(sign)
        if s is not None and s.urgency != "emergency":
            problems.append(
                f"data/site.yml: emergency: field 'banner_signs': '{sign}' is not an emergency sign: "
                f"{d.at('data/symptoms.yml', sign, ('urgency',))} gives it urgency '{s.urgency}' "
                "(the banner shows emergency signs only)"
            )
    need(
        "data/site.yml",
        "emergency",
        "banner_signs",
        [sign for sign in d.site.emergency.banner_signs if sign not in d.symptoms],
        d.symptoms,
        "emergency symptom id",
    )
    for tp in d.topics.values():
        page("data/topics.yml", f"entry '{tp.id}'", tp.page)
    for rv in d.reviews.values():
        for i, target in enumerate(rv.pages):
            page("data/reviews.yml", f"entry '{rv.id}'", target, f"pages.{i}")
    for r in d.next_steps.values():
        page("data/next-steps.yml", f"entry '{r.id}'", r.page)
    for c in d.claims.values():
        label, rel = f"entry '{c.id}'", "data/claims.yml"
        page(rel, label, c.page)
        if c.source:
            need(rel, label, "source", [c.source], d.sources, "source key")
    for path, refs in missing.items():
        problems.append(_missing_page(d, path, refs))


def _missing_page(d, path, refs):
    """One line for a page that data names but docs/ does not have: the entry's line when one names it;
    the page first when several do (a deleted or renamed page, not many wrong entries)."""
    rel, label, fieldname = refs[0]
    if len(refs) == 1:
        return f"{rel}: {label}: field '{fieldname}': no such page 'docs/{path}'"
    shown = [f"{d.at(r, _entry_id(lb), (f,))} ({lb})" for r, lb, f in refs[:3]]
    more = f" and {len(refs) - 3} more" if len(refs) > 3 else ""
    return f"docs/{path}: no such page, and {len(refs)} data entries name it: {', '.join(shown)}{more}"


def _entry_id(label):
    """'entry 'x'' -> 'x' (the key ``SiteData.at`` looks entries up by)."""
    return label.split("'")[1]


# "unknown <what> '<id>'": the file where such ids live
CASCADE = re.compile(r"unknown (source key|cause id|symptom id|emergency symptom id|treatment id) '([^']*)'")
ID_FILES = {
    "source key": "sources.yml",
    "cause id": "causes.yml",
    "symptom id": "symptoms.yml",
    "emergency symptom id": "symptoms.yml",
    "treatment id": "treatments.yml",
}


def _without_cascades(problems, failed):
    """Cross-reference problems, less those about an id whose own entry (or whole file) already failed."""
    out = []
    for line in problems:
        m = CASCADE.search(line)
        if m:
            gone = failed.get(ID_FILES[m.group(1)], set())
            if gone is None or m.group(2) in gone:  # that file, or that entry, is reported already
                continue
        out.append(line)
    return out


def _kinds(d, items):
    return [("guideline" if d.sources[p.source].type == "guideline" else "review", p.says) for p in items]


def grade(d: SiteData) -> None:
    """Every treatment's label (and per-cause labels) from its positions, by evidence.evidence_label."""
    for t in d.treatments.values():
        t.evidence = evidence_label(_kinds(d, t.positions))
        t.cause_evidence = {pc.cause: evidence_label(_kinds(d, pc.positions)) for pc in t.per_cause}


def load(data_dir: str, docs_dir: str, require_excerpts: bool = False) -> SiteData:
    """Read, validate and cross-check every data file; raise DataError listing all problems."""
    problems: list[str] = []
    raw_site = _read_yaml(os.path.join(data_dir, "site.yml"), "data/site.yml", problems)
    site = None
    if raw_site is not None:
        site = _validate(SiteInfo, raw_site, "data/site.yml", "site settings", problems)
    failed: dict = {}
    raws: dict = {"data/site.yml": {"mapping": raw_site}}
    lists = {name: _load_list(data_dir, name, problems, failed, raws) for name in LISTS}
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
        reviews=lists["reviews.yml"],
        next_steps=lists["next-steps.yml"],
        data_dir=data_dir,
        docs_dir=docs_dir,
        failed=failed,
        raws=raws,
    )
    refs: list[str] = []
    _check_refs(d, refs, coverage=treatments_ok)
    _check_excerpts(d, refs, required=require_excerpts)
    topics.load_into(d, refs, _read_yaml, _validate)
    problems += _with_lines(_without_cascades(refs, failed), d)
    if problems:
        raise DataError(problems)
    grade(d)
    d.treatments_by_cause = {cid: [t for t in d.treatments.values() if cid in t.helps_with] for cid in d.causes}
    return d


def data_stamp(data_dir: str, docs_dir: str):
    """What ``load`` depends on, cheaply: the data files' modification times (``mkdocs serve`` reuses data while it holds)."""
    stamp = []
    for name in ["site.yml", *LISTS, *topics.FILES]:
        try:
            stamp.append(os.stat(os.path.join(data_dir, name)).st_mtime_ns)
        except FileNotFoundError:
            stamp.append(None)
    return (os.path.abspath(data_dir), os.path.abspath(docs_dir), tuple(stamp))
