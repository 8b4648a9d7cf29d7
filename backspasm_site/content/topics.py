"""The topic pages' own data: data/support.yml (phone lines, services, facts shown on more than one
page) and data/questions.yml (the appointment checklist), with data/site.yml ``scope``.

Loaded with the rest of data/ (``load.py`` calls ``load_into``); every problem is one line naming
the file, the entry and the field, like the other files.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import Field

from .models import Id, NonEmpty, Strict
from .words import did_you_mean

FILES = ["support.yml", "questions.yml"]


class Line(Strict):
    id: str = Id
    kind: Literal["crisis", "support"]
    where: str = NonEmpty
    name: str = NonEmpty
    number: str | None = Field(default=None, pattern=r"^[0-9][0-9 ]{1,12}$")
    how: str = NonEmpty
    sources: list[str] = Field(min_length=1)


class AtRisk(Strict):
    text: str = NonEmpty  # before the emergency numbers
    then: str = NonEmpty  # after them
    sources: list[str] = Field(min_length=1)


class Fact(Strict):
    text: str = NonEmpty
    note: str = NonEmpty  # what the value means (for editors; not shown)
    sources: list[str] = Field(min_length=1)


class SupportLabels(Strict):
    """Reader-facing phrases of the crisis box and the scope sentence."""

    crisis_title: str = NonEmpty
    talk_now: str = NonEmpty
    scope_emergency: str = NonEmpty  # "{signs}": the link to the emergency signs; "{numbers}": whom to call
    scope_signs: str = NonEmpty


class Support(Strict):
    lines: list[Line] = Field(min_length=1)
    at_risk: AtRisk
    facts: dict[str, Fact]
    labels: SupportLabels


class Question(Strict):
    text: str = Field(min_length=1, max_length=110)  # one printed line or two
    sources: list[str] = Field(min_length=1)


class QuestionGroup(Strict):
    id: str = Id
    items: list[Question] = Field(min_length=1, max_length=10)


class Questions(Strict):
    groups: list[QuestionGroup] = Field(min_length=1, max_length=3)


def load_into(d, problems, read_yaml, validate) -> None:
    """Read the two files into ``d.support`` and ``d.questions`` and cross-check them (and ``scope``)."""
    for name, model, attr in (("support.yml", Support, "support"), ("questions.yml", Questions, "questions")):
        rel = f"data/{name}"
        raw = read_yaml(os.path.join(d.data_dir, name), rel, problems)
        setattr(d, attr, None if raw is None else validate(model, raw, rel, "settings", problems))

    def keys(rel, label, values):
        for key in values:
            if key not in d.sources:
                problems.append(
                    f"{rel}: {label}: unknown source key '{key}'"
                    f"{did_you_mean(key, d.sources) or ' (not in data/sources.yml)'}"
                )

    if d.support:
        ids = [line.id for line in d.support.lines]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"data/support.yml: line '{dup}': duplicate id")
        for line in d.support.lines:
            keys("data/support.yml", f"line '{line.id}'", line.sources)
        keys("data/support.yml", "at_risk", d.support.at_risk.sources)
        for key, fact in d.support.facts.items():
            keys("data/support.yml", f"fact '{key}'", fact.sources)
    if d.questions:
        for group in d.questions.groups:
            for i, q in enumerate(group.items, start=1):
                keys("data/questions.yml", f"group '{group.id}' item {i}", q.sources)
    scope = d.site.scope
    keys("data/site.yml", "scope", scope.sources)
    symptom = d.symptoms.get(scope.symptom)
    if symptom is None:
        problems.append(f"data/site.yml: scope: field 'symptom': unknown symptom id '{scope.symptom}'")
    elif f"under {scope.min_age}" not in symptom.name:
        problems.append(
            f"data/site.yml: scope: min_age {scope.min_age} does not match the symptom "
            f"'{symptom.id}' ({symptom.name!r}): say the same age in both"
        )
    elif str(scope.min_age) not in scope.adults:
        problems.append(f"data/site.yml: scope: field 'adults' must say the age ({scope.min_age})")
