"""The evidence label of a treatment, from what its key sources say. One rule, in one place.

Each treatment in data/treatments.yml records, in a small fixed vocabulary, what each key source
says about it for back pain: the two main guidelines (NICE NG59, ACP 2017) and the review or
trial conclusion. Where the picture differs for one cause (an epidural for sudden, severe
sciatica; a support belt in pregnancy), ``per_cause`` records that cause's positions too.

``evidence_label`` turns positions into one of the labels in data/site.yml ``evidence:``. The
rule is the ordered table ``RULES`` below: the first step that matches gives the label. The legend
on /treatments/ prints the same table's plain words, so the explanation cannot drift from the code.
Same positions always give the same label, because the label is never typed by hand.
"""

from __future__ import annotations

from typing import Literal, get_args

# What a guideline says.
#   recommend: advises it. consider: says it can be considered, or lists it as an option.
#   last-resort: only if everything else has failed. no-recommendation: looked at it and made
#   none (for example, asked for more research). do-not-offer: advises against it.
#   not-covered: does not address it.
GuidelineSays = Literal["recommend", "consider", "last-resort", "no-recommendation", "do-not-offer", "not-covered"]
# What a review (or, where there is none, a trial) concluded.
ReviewSays = Literal["benefit", "small-benefit", "no-benefit", "too-little-research"]
Says = Literal[
    "recommend",
    "consider",
    "last-resort",
    "no-recommendation",
    "do-not-offer",
    "not-covered",
    "benefit",
    "small-benefit",
    "no-benefit",
    "too-little-research",
]
GUIDELINE_WORDS = set(get_args(GuidelineSays))
REVIEW_WORDS = set(get_args(ReviewSays))

SUPPORT = {"recommend", "consider"}
AGAINST = {"do-not-offer"}
HOLD_BACK = {"no-recommendation", "last-resort"}


def _split(positions):
    """(guideline positions that address it, review positions) from [(kind, says), ...]."""
    guidelines = [says for kind, says in positions if kind == "guideline" and says != "not-covered"]
    reviews = [says for kind, says in positions if kind == "review"]
    return guidelines, reviews


# (label, plain words for the legend, test on (guideline positions, review positions)). Order matters.
RULES = [
    (
        "guidelines-disagree",
        "One major guideline advises it or says it can be considered, and another advises against it "
        "or chose not to recommend it.",
        lambda g, r: bool(SUPPORT & set(g)) and bool((AGAINST | HOLD_BACK) & set(g)),
    ),
    (
        "recommended",
        "At least one major guideline advises it, and none advises against it.",
        lambda g, r: "recommend" in g and not AGAINST & set(g),
    ),
    (
        "may-help",
        "A major guideline says it can be considered, and none advises against it.",
        lambda g, r: "consider" in g and not AGAINST & set(g),
    ),
    (
        "not-recommended",
        "A major guideline advises against it (or keeps it for when all else has failed), and none advises it.",
        lambda g, r: bool((AGAINST | {"last-resort"}) & set(g)),
    ),
    (
        "not-recommended",
        "No guideline covers it, and reviews found it does not help.",
        lambda g, r: not g and "no-benefit" in r,
    ),
    (
        "may-help",
        "No guideline covers it, but reviews found some benefit.",
        lambda g, r: not g and bool({"benefit", "small-benefit"} & set(r)),
    ),
    (
        "little-evidence",
        "Otherwise: no guideline advice either way, and too little research to say.",
        lambda g, r: True,
    ),
]


def evidence_label(positions) -> str:
    """The evidence label for positions given as [(kind, says), ...], kind "guideline" or "review".

    The first matching step of ``RULES`` wins. Only the positions decide: which source said them,
    and the order they are listed in, make no difference.
    """
    guidelines, reviews = _split(positions)
    for label, _words, test in RULES:
        if test(guidelines, reviews):
            return label
    raise AssertionError("the last rule always matches")  # pragma: no cover


def rule_steps():
    """(label, plain words) for each step, in order: what the legend on /treatments/ shows."""
    return [(label, words) for label, words, _test in RULES]
