"""Symptoms and urgency: emergency numbers, the red-flag box, urgency lists, the help box, the symptom A-Z."""

from __future__ import annotations

import html

from ..paths import HELP_PAGE, NEXT_STEPS_PAGE
from .citations import sourced
from .html import admonition, badge, bullet_list, escape, table
from .page import MacroError, PageContext

HELP_BOX_LEVELS = ("emergency", "urgent", "see-a-doctor")  # most urgent first


def emergency_numbers(page: PageContext) -> str:
    """'999 (UK), 911 (US and Canada) or 112 (Europe), or your local emergency number'."""
    emergency = page.data.site.emergency
    nums = [f"{n.number} ({n.where})" for n in emergency.numbers]
    head = ", ".join(nums[:-1]) + (f" {page.labels.or_word} " if len(nums) > 1 else "") + nums[-1]
    return f"{head}, {emergency.fallback}"


def urgency_badge(page: PageContext, level):
    return badge("urgency", level, page.data.site.urgency[level].label)


def red_flags(page: PageContext):
    """The red box of emergency signs, with what to do and the numbers to call."""
    labels = page.labels
    flags = [s for s in page.data.symptoms.values() if s.urgency == "emergency"]
    level = page.data.site.urgency["emergency"]
    body = "\n".join(
        [
            f"<p>{escape(labels.red_flags_intro)} {page.text(level.action)}{sourced(page, level)}</p>",
            bullet_list(f"{page.text(s.name)}{sourced(page, s)}" for s in flags),
            f"<p>{escape(labels.call)} {html.escape(emergency_numbers(page))}.{sourced(page, level)}</p>",
            f"<p>{page.link(HELP_PAGE, escape(labels.red_flags_link))}</p>",
        ]
    )
    return page.block(admonition("danger", labels.red_flags_title, body))


def urgency_list(page: PageContext, level):
    """Every sign of one urgency level, with the words people use for it."""
    if level not in page.data.site.urgency:
        raise MacroError(f"unknown urgency '{level}' (known: {', '.join(page.data.site.urgency)})")
    items = []
    for s in (s for s in page.data.symptoms.values() if s.urgency == level):
        said = "; ".join(f"“{page.text(p)}”" for p in s.phrases[:4])
        items.append(
            f"<strong>{page.text(s.name)}</strong>.{sourced(page, s)} {escape(page.labels.you_might_say)} {said}."
        )
    return page.block(bullet_list(items))


def signs(page: PageContext, level):
    """The short names of a level's key signs: every sign in data/symptoms.yml with a ``summary``."""
    if level not in page.data.site.urgency:
        raise MacroError(f"unknown urgency '{level}' (known: {', '.join(page.data.site.urgency)})")
    return [s.summary for s in page.data.symptoms.values() if s.urgency == level and s.summary]


def signs_summary(page: PageContext, level, capital=False):
    """A level's key signs as one phrase, "a; b; or c", generated so it cannot drift from the full list."""
    names = signs(page, level)
    if not names:
        raise MacroError(f"no sign at level '{level}' has a summary in data/symptoms.yml")
    # semicolons, as a sign's own words may contain commas or "or"
    text = names[0] if len(names) == 1 else "; ".join(names[:-1]) + f"; {page.labels.or_word} " + names[-1]
    if capital:
        text = text[0].upper() + text[1:]
    return page.text(text)


def get_help(page: PageContext):
    """The three kinds of help, most urgent first, each with its key signs (from data/symptoms.yml), and the guide."""
    items = []
    for level in HELP_BOX_LEVELS:
        u = page.data.site.urgency[level]
        link = page.link(HELP_PAGE + "#" + level, escape(page.labels.all_the_signs.format(level=u.label)))
        items.append(
            f"{urgency_badge(page, level)} {signs_summary(page, level, capital=True)}. "
            f"{page.text(u.action)}{sourced(page, u)} {link}."
        )
    guide = page.labels.next_steps
    ask = f"<p>{escape(guide.help_box_lead)} {page.link(NEXT_STEPS_PAGE, escape(guide.page_link))}</p>"
    return page.block(f'<div class="get-help" data-search-exclude>\n{bullet_list(items)}\n{ask}\n</div>')


def banner_text(data, labels):
    """The emergency banner's signs: the symptoms named in data/site.yml emergency.banner_signs."""
    names = [data.symptoms[sid].summary or data.symptoms[sid].name for sid in data.site.emergency.banner_signs]
    text = ", ".join(names) + ", " + labels.banner_more
    return text[0].upper() + text[1:]


def symptoms_for(page: PageContext, cause):
    """The signs linked to one cause, each with its urgency."""
    c = page.cause(cause)
    items = []
    for sid in c.symptoms:
        s = page.data.symptoms[sid]
        text = page.text(s.name)
        if s.page.split("#")[0] != page.src_path:
            text = page.link(s.page, text)
        items.append(f"{text} {urgency_badge(page, s.urgency)}{sourced(page, s)}")
    return page.block(bullet_list(items))


def page_title(page: PageContext, target):
    """What to call a data ``page:`` target in a "Read more" cell."""
    data = page.data
    path = target.split("#")[0]
    for group in (data.causes.values(), data.treatments.values()):
        for item in group:
            if item.page == target or item.page == path:
                return item.name
    anchor = target.partition("#")[2]
    if path == HELP_PAGE:
        title = page.labels.help_page_title
        return title + (f": {data.site.urgency[anchor].label}" if anchor in data.site.urgency else "")
    return path.removesuffix(".md").replace("/index", "").replace("-", " ").split("/")[-1].capitalize()


def symptom_index(page: PageContext):
    """The A-Z of everything people notice and say, each with its urgency and where to read more."""
    entries = []
    for s in page.data.symptoms.values():
        for text in page.variants([s.name, *s.phrases]):
            entries.append((text, s))
    entries.sort(key=lambda e: e[0].lower().lstrip("“\"'"))
    groups: dict[str, list] = {}
    for text, s in entries:
        groups.setdefault(text.lstrip("“\"'")[:1].upper(), []).append(
            [
                page.text(text),
                urgency_badge(page, s.urgency) + sourced(page, s),
                page.link(s.page, page.text(page_title(page, s.page))),
            ]
        )
    head = list(map(escape, page.labels.tables.symptom_index))
    out = []
    for letter, rows in groups.items():
        out += [
            f"### {letter}",
            "",
            page.block(f'<div class="symptom-index" data-search-exclude>\n{table(head, rows)}\n</div>'),
            "",
        ]
    return "\n".join(out)


MACROS = [emergency_numbers, red_flags, urgency_list, get_help, signs_summary, symptoms_for, symptom_index]
