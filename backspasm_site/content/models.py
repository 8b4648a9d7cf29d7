"""Typed shapes of the files in data/ and of page front matter.

Pydantic checks types and allowed values; cross-references (ids that point
at other files, pages that must exist) are checked in ``load.py``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
import string
import typing
from typing import Literal, get_args
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator, model_validator

from .evidence import Says
from .words import did_you_mean

Id = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
SourceKey = Field(pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$")

# best first: the order tables and the legend list them in
Evidence = Literal["recommended", "may-help", "guidelines-disagree", "little-evidence", "not-recommended"]
# most urgent first. maternity: pregnant, with a sign that needs the maternity unit or midwife now
Urgency = Literal["emergency", "urgent", "maternity", "see-a-doctor", "self-care"]
Kind = Literal["self-care", "medicine", "therapy", "procedure"]
# professional-reference: CKS, BNF, a medicine's leaflet (SPC/PIL), a regulator's safety update.
# commercial: private clinics, pharmacy chains and consumer health sites (shown as such).
SourceType = Literal[
    "guideline", "professional-reference", "review", "study", "patient-information", "commercial", "source-article"
]
# Kinds that can never be the only source of a caution or a warning sign.
WEAK_SOURCE_TYPES = ("commercial", "source-article")
Verdict = Literal["used", "corrected", "rejected"]

NonEmpty = Field(min_length=1)
# the reader's own words ("my", "I"): a search phrase, not a name of the thing
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|me|my|myself|mine)\b", re.IGNORECASE)


def shown_names(names):
    """``also_called`` is shown on the page as "Also called: …": names only, no phrase in the reader's voice."""
    for name in names:
        if FIRST_PERSON.search(name):
            raise ValueError(
                f"'{name}' is a phrase in the reader's voice: put it in search_terms, "
                "which search finds but the page does not show"
            )
    return names


# Markup in a plain-text field: a tag (or a stray < or >) or a character reference such as &amp; or &#60;.
# Every field is printed as text (escaped), so markup would show as typed, or worse, if one template forgot.
MARKUP = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def markup_problem(value):
    """What is wrong with markup in a plain-text value (a string, or a list/dict of them), or None."""
    if isinstance(value, str):
        m = MARKUP.search(value)
        if m:
            return (
                f"is plain text: markup ({m.group(0)!r} in {value[max(0, m.start() - 20) : m.end() + 20]!r}) "
                f"is not allowed; write the words (e.g. 'and', 'more than') instead"
            )
    elif isinstance(value, (list, tuple)):
        for item in value:
            problem = markup_problem(item)
            if problem:
                return problem
    elif isinstance(value, dict):
        return markup_problem(list(value.values()))
    return None


# Characters no plain text needs: control characters, bidi controls (they can reverse what a reader
# sees), zero-width characters (they hide inside words and ids), and line or paragraph separators.
INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
NAME_FIELDS = {"name", "term", "title", "heading", "also_called", "phrases", "label", "publisher", "reviewer"}
MAX_NAME, MAX_TEXT = 200, 1000  # characters: a name is a few words, any other field a short paragraph


def text_problem(value, multiline=False, limit=MAX_TEXT):
    """What is wrong with one plain-text value as text, or None: markup, a character that is not text,
    a line break in a one-line field, or too long."""
    problem = markup_problem(value)
    if problem:
        return problem
    m = INVISIBLE.search(value)
    if m and not (multiline and m.group(0) == "\t"):
        return (
            f"has an invisible or control character (U+{ord(m.group(0)):04X}) at character {m.start() + 1}; "
            f"delete it and type the text again"
        )
    if "\n" in value and not multiline:
        return "is one line of text: it has a line break (join the lines, or put the text in quotes on one line)"
    if len(value) > limit:
        return f"is {len(value)} characters long; at most {limit}"
    return None


class Strict(BaseModel):
    """A data entry: unknown fields are errors (a typo is caught), text is stripped, and text is only text:
    no markup, no control, bidi or zero-width characters, one line (unless the field is in ``multiline``),
    no empty list items, and names of bounded length."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    multiline: typing.ClassVar[frozenset] = frozenset()  # fields whose text may have line breaks
    # phrases the site fills in: field -> the {names} it fills (a field not listed has none); None: the
    # model's text is not filled in, so braces are not checked
    fills: typing.ClassVar[dict[str, str] | None] = None

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_text(cls, value, info):
        multiline = info.field_name in cls.multiline
        limit = MAX_NAME if info.field_name in NAME_FIELDS else MAX_TEXT
        items = (
            [value]
            if isinstance(value, str)
            else (
                list(value)
                if isinstance(value, (list, tuple))
                else list(value.values())
                if isinstance(value, dict)
                else []
            )
        )
        for i, item in enumerate(items):
            if isinstance(item, (list, tuple)):  # a list of lists (spelling variants)
                items.extend(item)
                continue
            if not isinstance(item, str):
                continue
            if not item.strip() and not isinstance(value, str):
                raise ValueError(f"item {i + 1} is empty; delete it or write the text")
            problem = text_problem(item, multiline, limit) or (
                None
                if cls.fills is None
                else fill_problem(item, cls.fills.get(info.field_name, ""), required=isinstance(value, str))
            )
            if problem:
                raise ValueError(problem)
        return value


def fill_problem(text, names, required=True):
    """A {name} in a phrase that the site does not fill in (or a bare {}), or one it fills that the phrase
    lost, or None. ``names``: the names it fills, space-separated; ``required``: a phrase must use them all
    (the phrases of a mapping, such as each outcome's heading, may use some)."""
    allowed = names.split()
    try:
        used = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:  # a lone { or }
        return f"{exc}; write {{{{ or }}}} for a brace shown as it is"
    for name in used:
        if name not in allowed:
            can = f"it can use {', '.join('{' + n + '}' for n in allowed)}" if allowed else "it fills in nothing"
            return f"'{{{name}}}' is not filled in by the site here ({can}); keep the words in braces as they were"
    lost = [name for name in allowed if name not in used] if required else []
    if lost:
        return f"{', '.join('{' + n + '}' for n in lost)} is missing: the site fills it in here; put it back"
    return None


def safe_url(value):
    """A link readers may follow: https only, no user name or password, not this machine."""
    parts = urlsplit(str(value))
    if parts.scheme != "https":
        raise ValueError(f"must start with https:// (got '{parts.scheme}:')")
    if parts.username or parts.password or "@" in parts.netloc:
        raise ValueError("must not carry a user name or password (user:pass@)")
    host = (parts.hostname or "").lower()
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise ValueError(
            f"the host '{host}' has letters that are not plain ASCII (a look-alike address?); "
            f"type the address as the publisher writes it in ASCII"
        )
    try:
        local = ipaddress.ip_address(host).is_private or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost" or host.endswith(".localhost") or "." not in host
    if local:
        raise ValueError(f"must point at a public web address, not '{host}'")
    return value


def _model_in(annotation):
    """The model class inside a field's type (``X``, ``list[X]``, ``Optional[X]``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _fields_at(model, parent):
    """The field names of the entry at ``parent`` (a pydantic loc) inside ``model``, or None when unknown."""
    for part in parent:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if model else None
        model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else None


def _loc(field):
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def error_lines(exc: ValidationError, model=None):
    """(loc, field, message) per mistake, ``loc`` as pydantic gives it (keys and list indexes).

    One mistake, one line: a misspelt field name is one "did you mean" line, not an unknown field
    plus a missing one; an unknown field names the fields there are; a value that is not one of
    the allowed words says which allowed word is closest. A model-level check names its field
    as 'field: message'."""
    errors = exc.errors()
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing" and e["loc"]}
    misspelt = {}  # loc of the unknown field -> the missing field it was meant to be
    for e in errors:
        if e["type"] == "extra_forbidden" and e["loc"]:
            parent, name = tuple(e["loc"][:-1]), str(e["loc"][-1])
            close = difflib.get_close_matches(name, [str(m[-1]) for m in missing if m[:-1] == parent], 1, 0.6)
            if close:
                misspelt[tuple(e["loc"])] = close[0]
                missing.discard(parent + (close[0],))
    for err in errors:
        loc = tuple(err["loc"])
        field = ".".join(str(part) for part in loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            if loc not in missing:
                continue  # reported as the misspelling it is
            msg = "is missing"
        elif err["type"] == "extra_forbidden":
            if loc in misspelt:
                msg = f"is not a field here: did you mean '{misspelt[loc]}'?"
            else:
                known = _fields_at(model, loc[:-1])
                hint = did_you_mean(loc[-1], known) if known else ""
                msg = "is not a field here" + (hint or (f" (the fields are: {', '.join(known)})" if known else ""))
        elif err["type"] == "string_type" and isinstance(err.get("input"), (bool, int, float, dt.date)):
            value = err["input"]
            kind = (
                "a yes/no value" if isinstance(value, bool) else "a date" if isinstance(value, dt.date) else "a number"
            )
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            msg = f"YAML read this as {kind} ({shown}), not text: put the text in quotes"
        elif err["type"] in ("literal_error", "enum"):
            allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            msg += did_you_mean(err.get("input"), allowed) if isinstance(err.get("input"), str) else ""
        if not field:
            head, sep, rest = msg.partition(": ")
            field, msg = (head, rest) if sep and head.replace("_", "").replace(".", "").isalnum() else ("(entry)", msg)
            loc = _loc(field) if field != "(entry)" else ()
        yield loc, field, msg


EXCERPT_MAX_WORDS = 40


class Excerpt(Strict):
    """What a source says in support of one statement: copied exactly as read, and where in the source.

    quote: at most 40 words, never reworded (it is shown in quote marks). section: the heading in the
    source it sits under. read_at: the address it was read at, when that was a copy (a mirror, an archive,
    a quote elsewhere) rather than the publisher's page given in data/sources.yml.
    """

    quote: str = Field(min_length=1, max_length=400)
    section: str = NonEmpty
    read_at: HttpUrl | None = None

    @field_validator("quote")
    @classmethod
    def _short(cls, value):
        if "..." in value or "…" in value:
            raise ValueError(
                "quotes one stretch of the source as it reads, with nothing left out (no '...'); "
                "give a second excerpt from another source, or quote a shorter stretch"
            )
        words = len(value.split())
        if words > EXCERPT_MAX_WORDS:
            raise ValueError(f"is {words} words; copy at most {EXCERPT_MAX_WORDS} words of the source")
        return value

    @field_validator("read_at", mode="before")
    @classmethod
    def _https(cls, value):
        return value if value is None else safe_url(value)


class Sourced(Strict):
    """A safety statement: the sources that back it and what each says, or the editors' own advice.

    excerpts: for each source in ``sources``, what it says (an Excerpt). editorial: why the editors
    give this advice when no source says it; such a statement is marked as ours, never cited.
    """

    editorial: str | None = None
    sources: list[str] = Field(default=[], validate_default=True)
    excerpts: dict[str, Excerpt] = {}

    @field_validator("sources")
    @classmethod
    def _backed(cls, value, info):
        if not value and not info.data.get("editorial"):
            raise ValueError("needs at least one source, or 'editorial:' saying why this is our own advice")
        return value

    @field_validator("excerpts")
    @classmethod
    def _of_sources(cls, value, info):
        sources = info.data.get("sources") or []
        stray = [k for k in value if k not in sources]
        if stray:
            raise ValueError(f"'{stray[0]}' is not one of this entry's sources {sources}")
        return value


class Caution(Sourced):
    """One safety point about a treatment, with the sources that back it (shown next to it)."""

    text: str = NonEmpty


class Position(Strict):
    """What one key source says about a treatment, in the fixed vocabulary of ``evidence.py``,
    with the words of the source that show it (``excerpt``)."""

    source: str = SourceKey
    says: Says
    excerpt: Excerpt | None = None
    # when no copy we could reach has the source's own words for this point: why, and what we did read.
    # The position stands (its label is from the guideline as summarised elsewhere) and is listed as
    # open in the review log; the build accepts it only with this reason written down.
    unread: str | None = None


class PerCause(Strict):
    """Where the picture differs for one cause: that cause's positions replace the general ones."""

    cause: str = Id
    positions: list[Position] = Field(min_length=1)
    note: str = NonEmpty  # shown on the cause page and the treatment page, in plain words
    sources: list[str] = []  # what backs the note, beyond the positions' sources (cited with it)
    excerpts: dict[str, Excerpt] = {}  # what each of those sources says


class Treatment(Strict):
    id: str = Id
    name: str = NonEmpty
    also_called: list[str] = []
    search_terms: list[str] = []  # search only: misspellings, the reader's phrases, situations
    questions: list[str] = []  # search only: the questions the page answers, as a reader asks them
    kind: Kind
    summary: str = Field(min_length=1, max_length=140)
    positions: list[Position] = Field(min_length=1)
    per_cause: list[PerCause] = []
    evidence_note: str = NonEmpty
    cautions: list[Caution] = Field(min_length=1)
    helps_with: list[str] = []
    sources: list[str] = Field(min_length=1)
    page: str = NonEmpty
    # Filled in by data.load from the positions (evidence.evidence_label); never typed in the data.
    evidence: Evidence | None = None
    cause_evidence: dict[str, Evidence] = {}

    @field_validator("also_called")
    @classmethod
    def _names(cls, value):
        return shown_names(value)

    @model_validator(mode="before")
    @classmethod
    def _not_typed(cls, raw):
        if isinstance(raw, dict):
            for name in ("evidence", "cause_evidence"):
                if name in raw:
                    raise ValueError(
                        f"{name}: is not typed by hand; it comes from 'positions' by one rule "
                        "(backspasm_site/content/evidence.py)"
                    )
        return raw

    def label_for(self, cause=None):
        """The evidence label for this treatment, for one cause if it has its own positions."""
        return self.cause_evidence.get(cause, self.evidence) if cause else self.evidence


class Cause(Strict):
    id: str = Id
    name: str = NonEmpty
    also_called: list[str] = []
    search_terms: list[str] = []  # search only: misspellings, the reader's phrases, situations
    questions: list[str] = []  # search only: the questions the page answers, as a reader asks them
    summary: str = Field(min_length=1, max_length=200)
    symptoms: list[str] = []
    page: str = NonEmpty

    @field_validator("also_called")
    @classmethod
    def _names(cls, value):
        return shown_names(value)


class Symptom(Sourced):
    id: str = Id
    name: str = NonEmpty
    phrases: list[str] = Field(min_length=1)
    urgency: Urgency
    # sources (Sourced): what backs the sign and its level; excerpts: what each says
    note: str | None = None  # why this level, where the sources differ or we chose the safer level
    summary: str | None = Field(default=None, min_length=1, max_length=80)  # named in the short lists
    # emergency signs only: what to do, a key of data/site.yml emergency.actions (none: the level's action)
    action: str | None = Field(default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    causes: list[str] = []
    page: str = NonEmpty


class Topic(Strict):
    """A general page (diagnosis, prevention…) and the lay words that should find it."""

    id: str = Id
    name: str = NonEmpty
    also_called: list[str] = Field(min_length=1)
    search_terms: list[str] = []  # search only: misspellings, the reader's phrases, situations
    questions: list[str] = []  # search only: the questions the page answers, as a reader asks them
    page: str = NonEmpty

    @field_validator("also_called")
    @classmethod
    def _names(cls, value):
        return shown_names(value)


PartialDate = Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


class Source(Strict):
    """Where a fact comes from, and how we know it.

    year: the year it was published, or "undated" (never the year we looked at it).
    checked: when we last read it (YYYY, YYYY-MM or YYYY-MM-DD: no more precise than we know).
    seen_via: where we read it, when that was a copy (a mirror, a stored copy, a quote elsewhere)
    and not the publisher's own page.
    """

    key: str = SourceKey
    title: str = NonEmpty
    publisher: str = NonEmpty
    # the year the source was published, or "undated" when it gives none (never the year we looked)
    year: int | Literal["undated"]
    # when we read it (YYYY, YYYY-MM or YYYY-MM-DD); seen_via: where, when that was a copy, not the publisher's page
    checked: str = PartialDate
    seen_via: str | None = None
    url: HttpUrl | None = None
    type: SourceType
    note: str | None = None

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value):
        if isinstance(value, bool) or not (value == "undated" or (isinstance(value, int) and 1900 <= value <= 2100)):
            raise ValueError('must be the year it was published (1900-2100) or "undated"')
        if isinstance(value, int) and value > dt.date.today().year:
            raise ValueError(f"{value} is in the future: the year it was published, not a year to come")
        return value

    @field_validator("checked")
    @classmethod
    def _checked_not_future(cls, value):
        if value[:4].isdigit() and int(value[:4]) > dt.date.today().year:
            raise ValueError(f"{value} is in the future: when we last read it")
        return value

    @property
    def year_text(self):
        return "undated" if self.year == "undated" else str(self.year)

    @field_validator("url", mode="before")
    @classmethod
    def _https(cls, value):
        return value if value is None else safe_url(value)


class GlossaryTerm(Strict):
    term: str = NonEmpty
    definition: str = Field(min_length=1, max_length=300)

    @field_validator("definition")
    @classmethod
    def _plain(cls, value):
        if any(c in value for c in '[]"'):
            raise ValueError('must not contain [ ] or " (it is used as a tooltip)')
        return value


class Claim(Strict):
    id: str = Field(pattern=r"^S[0-9]+$")
    paragraph: str = Field(pattern=r"^P[0-9]+$")
    heading: str = NonEmpty
    quote: str = NonEmpty
    verdict: Verdict
    page: str = NonEmpty
    reason: str | None = None
    source: str | None = None

    @field_validator("quote")
    @classmethod
    def _short(cls, value):
        if len(value.split()) > 12:
            raise ValueError(f"quote has {len(value.split())} words; at most 12")
        return value

    @model_validator(mode="after")
    def _reasoned(self):
        if self.verdict != "used":
            if not self.reason:
                raise ValueError(f"reason: required when verdict is '{self.verdict}'")
            if not self.source:
                raise ValueError(f"source: required when verdict is '{self.verdict}'")
        return self


class Review(Strict):
    """One entry of the review log (data/reviews.yml): a check of the site's pages against the evidence."""

    id: str = Id
    date: str = PartialDate  # YYYY-MM-DD, or YYYY-MM when the day is not known
    reviewer: str = NonEmpty  # a role, not a name
    scope: str = NonEmpty  # what was checked, against what
    pages: list[str] = Field(min_length=1)  # docs paths (the log links to each)
    found: list[str] = Field(min_length=1)
    changed: list[str] = Field(min_length=1)

    @property
    def date_text(self):
        """'2 December 2026', or 'December 2026' when only the month is known."""
        parts = [int(x) for x in self.date.split("-")]
        d = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        return {3: f"{d.day} {d:%B %Y}", 2: f"{d:%B %Y}", 1: f"{d:%Y}"}[len(parts)]


class NextStepRoute(Strict):
    """A choice in the last step of "What should I do now?" (data/next-steps.yml): a situation, in the
    reader's words, and a page that may help. Warning signs are not routes: they come from symptoms.yml."""

    id: str = Id
    text: str = Field(min_length=1, max_length=90)
    page: str = NonEmpty


class Label(Strict):
    label: str = NonEmpty
    explanation: str = NonEmpty


class UrgencyLevel(Sourced):
    label: str = NonEmpty
    action: str = NonEmpty
    note: str | None = None  # for editors: why this action, where the sources differ
    # sources (Sourced): what backs the action (cited next to it); excerpts: what each says
    # The signs named for a level in short lists are not typed here: they are the symptoms with a
    # "summary" in data/symptoms.yml (get_help(), signs_summary(), the action plan).


class EmergencyAction(Sourced):
    """What to do for one group of emergency signs (data/site.yml emergency.actions), when it is not the
    level's own action: e.g. call for an ambulance and do not go by car."""

    action: str = NonEmpty
    note: str | None = None  # for editors: why this action, where the sources differ


class RouteFirst(Strict):
    """People who must go somewhere else before any general step (data/site.yml routes_first): asked about
    straight after the emergency signs in "What should I do now?" and named first in the help box.

    level: the urgency whose signs are their step (it comes next in the guide). Otherwise title, action
    and page: their own outcome and where to read more, with the sources of the action."""

    id: str = Id
    who: str = NonEmpty
    level: Urgency | None = None
    title: str | None = None
    action: str | None = None
    page: str | None = None
    editorial: str | None = None
    sources: list[str] = []
    excerpts: dict[str, Excerpt] = {}

    @model_validator(mode="after")
    def _one_way(self):
        if bool(self.level) == bool(self.action):
            raise ValueError("level: give either 'level' (its step of signs) or 'title', 'action' and 'page'")
        if self.action and not (self.title and self.page):
            raise ValueError("title: an entry with an 'action' needs a 'title' and a 'page'")
        if self.action and not (self.sources or self.editorial):
            raise ValueError("sources: an 'action' needs a source, or 'editorial:' saying why it is our advice")
        stray = [k for k in self.excerpts if k not in self.sources]
        if stray:
            raise ValueError(f"excerpts: '{stray[0]}' is not one of this entry's sources {self.sources}")
        return self


class EmergencyNumber(Strict):
    number: str = Field(pattern=r"^[0-9]{3}$")
    where: str = NonEmpty


class Emergency(Strict):
    numbers: list[EmergencyNumber] = Field(min_length=1)
    fallback: str = NonEmpty
    banner_signs: list[str] = Field(min_length=1)  # symptom ids, shown by their summary in the banner
    urgent_advice: str = NonEmpty
    actions: dict[str, EmergencyAction] = {}  # per group of emergency signs (Symptom.action), in order


class Disclaimer(Strict):
    short: str = NonEmpty
    full: list[str] = Field(min_length=1)


def require_every_key(model, **fields):
    """The model, if each named mapping has a key for every value of its Literal; else 'name: missing [...]'."""
    for name, allowed in fields.items():
        missing = set(allowed.__args__) - set(getattr(model, name))
        if missing:
            raise ValueError(f"{name}: missing {sorted(missing)}")
    return model


class TableLabels(Strict):
    """Header cells of one generated table, in column order."""

    fills: typing.ClassVar[dict[str, str] | None] = {}

    treatments: list[str] = Field(min_length=5, max_length=5)
    legend: list[str] = Field(min_length=2, max_length=2)
    symptom_index: list[str] = Field(min_length=3, max_length=3)
    other_words: list[str] = Field(min_length=2, max_length=2)
    claims: list[str] = Field(min_length=4, max_length=4)
    review_log: list[str] = Field(min_length=4, max_length=4)


# the urgency levels that get a step of their own in "What should I do now?", most urgent first:
# every level but self-care (a reader with none of the warning signs reaches the pages that may help)
STEP_LEVELS = tuple(u for u in get_args(Urgency) if u != "self-care")


class NextStepsLabels(Strict):
    """The phrases of the "What should I do now?" guide (render/next_steps.py)."""

    fills: typing.ClassVar[dict[str, str] | None] = {
        "step": "n title",
        "go_to": "place",
        "step_name": "n",
        "outcomes": "numbers",
    }

    step: str = NonEmpty  # "{n}": the step's number; "{title}": its title
    titles: dict[Urgency, str]  # each warning-sign step's title (every level in STEP_LEVELS)
    question: str = NonEmpty  # asked under every warning-sign step's title
    answer_yes: str = NonEmpty
    answer_no: str = NonEmpty
    go_to: str = NonEmpty  # "{place}": where the answer leads (an outcome's heading or a step)
    step_name: str = NonEmpty  # "{n}": how an answer names the next step
    routes_title: str = NonEmpty
    routes_intro: str = NonEmpty
    routes_none: str = NonEmpty
    outcomes: dict[Urgency, str]  # each outcome's heading; "{numbers}": the emergency numbers
    first_title: str = NonEmpty  # the step that asks who must go elsewhere (data/site.yml routes_first)
    first_question: str = NonEmpty
    first_none: str = NonEmpty
    page_link: str = NonEmpty  # the link to the guide in the banner, the help box and the home page
    help_box_lead: str = NonEmpty  # before that link in the help box

    @model_validator(mode="after")
    def _complete(self):
        for name, allowed in (("titles", STEP_LEVELS), ("outcomes", get_args(Urgency))):
            missing = set(allowed) - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name}: missing {sorted(missing)}")
        return self


class Labels(Strict):
    """Every reader-facing phrase that generated HTML and the theme show (data/site.yml ``labels:``).

    A phrase with ``{name}`` fields is filled in by the renderer; the names are listed beside it.
    """

    fills: typing.ClassVar[dict[str, str] | None] = {
        "evidence_means": "label",
        "all_the_signs": "level",
        "checked": "date",
        "source_where": "section",
        "source_copy": "host",
        "for_cause": "cause",
        "claims_sentence": "total used corrected rejected",
        "offline_link": "size",
        "offline_how": "file",
        "report_subject": "title",
        "report_body": "title url reviewed",
        "search_feedback_subject": "query",
        "search_feedback_body": "query",
    }

    multiline: typing.ClassVar[frozenset] = frozenset(
        {"report_body", "search_feedback_body"}
    )  # e-mail bodies, in lines

    also_called: str = NonEmpty
    sources_heading: str = NonEmpty
    or_word: str = NonEmpty
    call: str = NonEmpty
    tables: TableLabels
    no_single_cause: str = NonEmpty
    evidence_box_title: str = NonEmpty
    evidence_means: str = NonEmpty  # "{label}" is the grade's name
    evidence_link: str = NonEmpty
    red_flags_title: str = NonEmpty
    red_flags_intro: str = NonEmpty
    red_flags_link: str = NonEmpty
    you_might_say: str = NonEmpty
    all_the_signs: str = NonEmpty  # "{level}" is the urgency label
    help_page_title: str = NonEmpty
    source_types: dict[SourceType, str]
    checked: str = NonEmpty  # {date}
    seen_via: str = NonEmpty
    read_at_address: str = NonEmpty
    source_says: str = NonEmpty  # the reference list's "What this source says" (the excerpts cited on the page)
    source_where: str = NonEmpty  # {section}: where in the source the words are
    source_copy: str = NonEmpty  # {host}: the copy the words were read in
    editors_advice: str = NonEmpty  # marks a statement the editors make with no source saying it
    banner_more: str = NonEmpty
    positions_intro: str = NonEmpty
    position_sources: dict[Literal["uk", "us", "review", "study"], str]
    says: dict[Says, str]
    for_cause: str = NonEmpty  # {cause}
    rule_intro: str = NonEmpty
    rule_label: str = NonEmpty
    verdicts: dict[Verdict, str]
    claims_sentence: str = NonEmpty  # {total}, {used}, {corrected}, {rejected}
    offline_here: str = NonEmpty
    offline_not_built: str = NonEmpty
    offline_link: str = NonEmpty  # {size}: the zip's size in MB
    offline_how: str = NonEmpty  # {file}: the file to open
    banner_lead: str = NonEmpty
    banner_link: str = NonEmpty
    page_info: str = NonEmpty
    reviewed: str = NonEmpty
    next_review: str = NonEmpty
    disclaimer_link: str = NonEmpty
    report_link: str = NonEmpty
    report_subject: str = NonEmpty  # {title}
    report_body: str = NonEmpty  # {title}, {url}, {reviewed}
    schema_about: str = NonEmpty
    search_loading: str = NonEmpty  # in the search box until the index is in (assets/javascripts/search.js)
    search_did_you_mean: str = NonEmpty  # before the corrected query
    search_weak: str = NonEmpty  # when the best result matched only words that are on nearly every page
    search_help_link: str = NonEmpty  # the link to the when-to-get-help page, under search_weak
    search_feedback: str = NonEmpty  # the link that opens the reader's e-mail with the query filled in
    search_feedback_subject: str = NonEmpty  # {query}
    search_feedback_body: str = NonEmpty  # {query}
    next_steps: NextStepsLabels

    @model_validator(mode="after")
    def _complete(self):
        return require_every_key(self, source_types=SourceType, verdicts=Verdict, says=Says)


class OfflineAppText(Strict):
    """Words of the offline app (service worker, save control, copy age): data/site.yml ``offline_app``.

    Fields in braces are filled in by backspasm_site/offline_app.py or, for {mb}, {done}, {total}
    and {date}, by docs/assets/javascripts/offline-app.js.
    """

    fills: typing.ClassVar[dict[str, str] | None] = {
        "copy_made": "made due",
        "out_of_date": "due address",
        "updated": "date",
        "save_size": "mb",
        "save_data": "mb",
        "save_progress": "done total",
    }

    short_name: str = Field(min_length=1, max_length=12)
    copy_made: str = Field(pattern=r"\{made\}.*\{due\}")
    out_of_date: str = Field(pattern=r"\{address\}")
    updated: str = Field(pattern=r"\{date\}")
    save_heading: str = NonEmpty
    save_intro: str = NonEmpty
    save_button: str = NonEmpty
    save_size: str = Field(pattern=r"\{mb\}")
    save_data: str = Field(pattern=r"\{mb\}")
    save_progress: str = Field(pattern=r"\{done\}.*\{total\}")
    save_done: str = NonEmpty
    save_failed: str = NonEmpty
    saved_already: str = NonEmpty
    offline_title: str = NonEmpty
    offline_intro: str = NonEmpty
    offline_saved: str = NonEmpty
    offline_none: str = NonEmpty


class ReaderToolsText(Strict):
    """Words of the reader tools (text size, listen, share, was it helpful, the booklet): data/site.yml
    ``reader_tools``. Shown by overrides/partials/reader-tools.html, docs/assets/javascripts/reader-tools.js
    (it fills in {url}) and backspasm_site/booklet.py."""

    fills: typing.ClassVar[dict[str, str] | None] = {
        "copied": "url",
        "copy_this": "url",
        "helpful_subject": "title answer",
        "helpful_body": "title url answer",
        "booklet_link": "size",
    }

    multiline: typing.ClassVar[frozenset] = frozenset({"helpful_body"})  # an e-mail body, in lines
    toolbar: str = NonEmpty
    text_size: str = NonEmpty
    sizes: list[str] = Field(min_length=3, max_length=3)
    listen_group: str = NonEmpty
    listen: str = NonEmpty
    pause: str = NonEmpty
    stop: str = NonEmpty
    share: str = NonEmpty
    copied: str = Field(pattern=r"\{url\}")
    copy_this: str = Field(pattern=r"\{url\}")
    helpful_question: str = NonEmpty
    helpful_yes: str = NonEmpty
    helpful_no: str = NonEmpty
    helpful_subject: str = Field(pattern=r"\{title\}.*\{answer\}")
    helpful_body: str = Field(pattern=r"\{url\}")
    booklet_link: str = NonEmpty
    booklet_title: str = NonEmpty
    booklet_description: str = NonEmpty
    booklet_intro: str = NonEmpty
    booklet_contents: str = NonEmpty
    booklet_topic_link: str = NonEmpty


class Scope(Strict):
    """Who the guide is for, said once (shown by scope() in render/topics.py)."""

    min_age: int = Field(ge=1, le=21)
    adults: str = NonEmpty  # who the guide is for
    children: str = NonEmpty  # what a parent of a younger child or teenager should do
    symptom: str = Id  # the symptoms.yml entry for a child's back pain: its urgency is shown with it
    sources: list[str] = Field(min_length=1)


class SiteInfo(Strict):
    disclaimer: Disclaimer
    scope: Scope
    emergency: Emergency
    evidence: dict[Evidence, Label]
    urgency: dict[Urgency, UrgencyLevel]
    routes_first: list[RouteFirst] = []  # who goes elsewhere before any general step, in this order
    kinds: dict[Kind, str]
    spelling_variants: list[list[str]] = []
    unnamed_brands: list[str] = []
    search_generic_words: list[str] = []
    known_names: list[str] = []  # names spelled right that no dictionary has (tests/test_lay_words.py)
    # words that mean the same in a statement and in its source's excerpt ("pee", "urine"): content/excerpts.py
    equivalents: list[list[str]] = []
    labels: Labels
    offline_app: OfflineAppText
    reader_tools: ReaderToolsText

    @model_validator(mode="after")
    def _complete(self):
        return require_every_key(self, evidence=Evidence, urgency=Urgency, kinds=Kind)


class SearchMeta(Strict):
    """A page's ``search:`` settings (Material's search plugin)."""

    boost: float | None = Field(default=None, gt=0, le=10)
    exclude: bool | None = None


class FrontMatter(Strict):
    """Page front matter. Unknown keys are errors, so typos are caught."""

    title: str = NonEmpty
    description: str = Field(min_length=1, max_length=160)
    reviewed: dt.date
    next_review: dt.date
    sources: list[str]
    search: SearchMeta | None = None
    hide: list[str] | None = None
    reading_level: Literal["list-page"] | None = None
    synonyms: list[str] | None = None  # search only: words that should find this page
    questions: list[str] | None = None  # search only: the questions this page answers

    @field_validator("reviewed", "next_review", mode="before")
    @classmethod
    def _iso_date(cls, value):
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            raise ValueError("must be an ISO date (YYYY-MM-DD)")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError("must be an ISO date (YYYY-MM-DD)") from None
        return value

    @field_validator("title", "description")
    @classmethod
    def _no_template(cls, value):
        if any(mark in value for mark in ("{{", "{%", "{#")):
            raise ValueError("is plain text: {{, {% and {# are not allowed here (they would run as a macro)")
        return value

    @model_validator(mode="after")
    def _order(self):
        if self.reviewed > dt.date.today():
            raise ValueError(f"reviewed: {self.reviewed} is in the future; write the day the page was reviewed")
        if self.next_review <= self.reviewed:
            raise ValueError(f"next_review: {self.next_review} must be after reviewed ({self.reviewed})")
        return self
