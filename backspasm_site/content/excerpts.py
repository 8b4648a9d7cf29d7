"""The tripwire on what sources say: an excerpt must share a key word with the statement it backs.

A key word is a word of the statement that is not a common word (the medicine, the sign, the action).
Two words match when they are the same word, share a stem (at least 4 letters, or the whole shorter
word: "numb" and "numbness"), or are listed together under ``equivalents`` in data/site.yml ("pee" and
"urine"). Passing proves nothing about support (the review log is the proof); failing means the excerpt
is almost surely from the wrong place or the wrong source.
"""

from __future__ import annotations

import re

# Words too common to show that an excerpt is about the statement.
COMMON = frozenset(
    """
a about above after again all also am an and any are as at be been before being below both but by can
cannot could did do does doing down during each few for from further had has have having he her here
him his how i if in into is it its itself just may me might more most much must my no nor not now of
off on once only or other our out over own same she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which
while who why will with would you your yours yourself get gets getting go goes going make makes take
takes taking use used using ask one two new way like feel feels feeling back pain lower
""".split()
)
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The key words of ``text``: lower case, a plural 's' dropped, common words left out."""
    out = []
    for w in WORD.findall(text.lower().replace("’", "'").replace("'s", "")):
        if w in COMMON or (len(w) < 3 and not w.isdigit()):
            continue
        if (len(w) > 3 or w[:-1].isdigit()) and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]  # "legs", and "16s" as in "over 16s"
        out.append(w)
    return out


def _stem_match(a: str, b: str) -> bool:
    if a == b:
        return True
    n = min(len(a), len(b))
    if n < 4:
        return False
    common = len(next((a[:i] for i in range(n, 0, -1) if a[:i] == b[:i]), ""))
    return common >= min(5, n)


class Tripwire:
    def __init__(self, equivalents: list[list[str]]):
        self.group: dict[str, int] = {}
        for i, group in enumerate(equivalents):
            for w in group:
                for k in words(w) or [w.lower()]:
                    self.group.setdefault(k, i)

    def group_of(self, word: str):
        """The equivalents group of ``word``: its own, or that of a listed word it extends ("peeing": "pee")."""
        if word in self.group:
            return self.group[word]
        return next(
            (i for g, i in self.group.items() if _stem_match(word, g) or (len(g) >= 3 and word.startswith(g))), None
        )

    def shared(self, statement: str, quote: str) -> list[str]:
        """The statement's key words that the quote also has (directly, by stem or by equivalence)."""
        said = words(quote)
        groups = {self.group_of(w) for w in said} - {None}
        return [
            w
            for w in dict.fromkeys(words(statement))
            if self.group_of(w) in groups or any(_stem_match(w, q) for q in said)
        ]
