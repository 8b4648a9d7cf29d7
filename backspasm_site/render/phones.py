"""Phone numbers as tap-to-call links: every number typed in data (emergency numbers in site.yml,
phone lines in support.yml) becomes ``<a href="tel:…">`` wherever a page shows it.

Macros that print a number from data link it themselves (``tel``), with its country beside it.
Numbers typed in a page's own sentences ("call NHS 111") are linked by ``tel_links``, which the
plugin runs over each page's finished HTML, the banner and the offline page: text inside a link,
a script, a style sheet or an attribute is left alone.
"""

from __future__ import annotations

import functools
import re

from .html import escape

SKIP_INSIDE = ("a", "script", "style", "title", "textarea", "head", "code", "pre", "svg")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|<!--.*?-->", re.DOTALL)


def numbers(data):
    """Every phone number data/ lists, longest first (so '116 123' is matched before any shorter one)."""
    found = [n.number for n in data.site.emergency.numbers] + [
        line.number for line in data.support.lines if line.number
    ]
    return tuple(sorted(dict.fromkeys(found), key=len, reverse=True))


def digits(number):
    """What a phone dials: the number without its spaces ('116 123' -> '116123')."""
    return re.sub(r"[^0-9+]", "", number)


def tel(number, where=None):
    """A number as a tap-to-call link, with its country (or region) beside it when given."""
    link = f'<a class="tel" href="tel:{digits(number)}">{escape(number)}</a>'
    return f"{link} ({escape(where)})" if where else link


@functools.lru_cache(maxsize=4)
def _pattern(nums):
    # a number alone: not part of a longer number, a word or a code such as 'NORWOOD-111MH'
    alts = "|".join(re.escape(n).replace(r"\ ", r"[ \u00a0]") for n in nums)
    return re.compile(rf"(?<![\w\-/.])({alts})(?![\w\-/])")


def tel_links(page_html, nums):
    """``page_html`` with every bare listed number in its text made a tel: link."""
    if not nums:
        return page_html
    pattern = _pattern(tuple(nums))
    out: list[str] = []
    skip: list[str] = []
    last = 0
    for m in TAG.finditer(page_html):
        text = page_html[last : m.start()]
        out.append(text if skip else pattern.sub(lambda n: tel(n.group(1).replace("\u00a0", " ")), text))
        out.append(m.group(0))
        last = m.end()
        name = (m.group(2) or "").lower()
        if name in SKIP_INSIDE and not m.group(0).endswith("/>"):
            if m.group(1):
                if name in skip:
                    del skip[len(skip) - 1 - skip[::-1].index(name)]
            else:
                skip.append(name)
    text = page_html[last:]
    out.append(text if skip else pattern.sub(lambda n: tel(n.group(1)), text))
    return "".join(out)
