"""Symptoms and urgency: emergency numbers, the red-flag box, urgency lists, the help box, the symptom A-Z."""

from __future__ import annotations

from ..paths import HELP_PAGE, NEXT_STEPS_PAGE
from .citations import sourced
from .html import admonition, badge, bullet_list, escape, table
from .page import MacroError, PageContext
from .phones import tel

HELP_BOX_LEVELS = ("emergency", "urgent", "see-a-doctor")  # most urgent first


def emergency_numbers(page: PageContext):
    """'999 (UK), 911 (US and Canada) or 112 (Europe), or your local emergency number', each number a
    tap-to-call link (HTML)."""
    emergency = page.data.site.emergency
    nums = [tel(n.number, n.where) for n in emergency.numbers]
    head = ", ".join(nums[:-1]) + (f" {escape(page.labels.or_word)} " if len(nums) > 1 else "") + nums[-1]
    return f"{head}, {escape(emergency.fallback)}"


def urgency_badge(page: PageContext, level):
    return badge("urgency", level, page.data.site.urgency[level].label)


def emergency_groups(page: PageContext):
    """[(action, [signs])]: the emergency signs grouped by what to do, in data order.

    First the signs with no ``action`` (the level's own action in data/site.yml urgency), then one group per
    entry of emergency.actions (for example: call for an ambulance, do not go by car), each with the signs that
    name it. ``action`` is a Sourced item with an ``action`` text, so it is cited where it is shown."""
    data = page.data
    actions = data.site.emergency.actions
    flags = [s for s in data.symptoms.values() if s.urgency == "emergency"]
    for s in flags:
        if s.action and s.action not in actions:
            raise MacroError(
                f"data/symptoms.yml: entry '{s.id}': action '{s.action}' is not in data/site.yml "
                f"emergency.actions (known: {', '.join(actions)})"
            )
    groups = [(data.site.urgency["emergency"], [s for s in flags if not s.action])]
    groups += [(a, [s for s in flags if s.action == key]) for key, a in actions.items()]
    return [(a, signs) for a, signs in groups if signs]


def _names(page: PageContext, signs, capital=False):
    """Short names of signs as one phrase, "a; b; or c" (semicolons: a sign's own words may hold commas)."""
    names = [s.summary or s.name for s in signs]
    text = names[0] if len(names) == 1 else "; ".join(names[:-1]) + f"; {page.labels.or_word} " + names[-1]
    return page.text(text[0].upper() + text[1:] if capital else text)


def emergency_plan(page: PageContext, short=True):
    """What to do for each group of emergency signs, one sentence each: "Numb bottom…: call…[1] Sudden…: call for
    an ambulance…[2]". ``short``: only the signs with a summary (the help box, the action plan)."""
    parts = []
    for action, signs in emergency_groups(page):
        named = [s for s in signs if s.summary] if short else signs
        if named:
            parts.append(f"{_names(page, named, capital=True)}: {page.text(action.action)}{sourced(page, action)}")
    return " ".join(parts)


def red_flags(page: PageContext):
    """The red box of emergency signs, each group under what to do for it, and the numbers to call."""
    labels = page.labels
    level = page.data.site.urgency["emergency"]
    parts = []
    for i, (action, signs) in enumerate(emergency_groups(page)):
        intro = f"{escape(labels.red_flags_intro)} " if i == 0 else ""
        parts += [
            f"<p>{intro}<strong>{page.text(action.action)}</strong>{sourced(page, action)}</p>",
            bullet_list(f"{page.text(s.name)}{sourced(page, s)}" for s in signs),
        ]
    parts += [
        f"<p>{escape(labels.call)} {emergency_numbers(page)}.{sourced(page, level)}</p>",
        f"<p>{page.link(HELP_PAGE, escape(labels.red_flags_link))}</p>",
    ]
    return page.block(admonition("danger", labels.red_flags_title, "\n".join(parts)))


def urgency_list(page: PageContext, level):
    """Every sign of one urgency level, with the words people use for it."""
    if level not in page.data.site.urgency:
        raise MacroError(f"unknown urgency '{level}' (known: {', '.join(page.data.site.urgency)})")

    def items(signs):
        out = []
        for s in signs:
            said = "; ".join(f"“{page.text(p)}”" for p in s.phrases[:4])
            out.append(
                f"<strong>{page.text(s.name)}</strong>.{sourced(page, s)} {escape(page.labels.you_might_say)} {said}."
            )
        return bullet_list(out)

    if level == "emergency":  # each group of signs under what to do for it
        return page.block(
            "\n".join(
                f"<p><strong>{page.text(action.action)}</strong>{sourced(page, action)}</p>\n{items(signs)}"
                for action, signs in emergency_groups(page)
            )
        )
    return page.block(items(s for s in page.data.symptoms.values() if s.urgency == level))


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


def route_first_line(page: PageContext, r):
    """One entry of data/site.yml routes_first as a line of the help box: who, what to do, where to read more."""
    if r.level:
        u = page.data.site.urgency[r.level]
        link = page.link(HELP_PAGE + "#" + r.level, escape(page.labels.all_the_signs.format(level=u.label)))
        return (
            f"{urgency_badge(page, r.level)} {signs_summary(page, r.level, capital=True)}. "
            f"{page.text(u.action)}{sourced(page, u)} {link}."
        )
    return f"<strong>{page.text(r.who)}:</strong> {page.text(r.action)}{sourced(page, r)} {page.link(r.page, escape(r.title))}."


def get_help(page: PageContext):
    """The kinds of help, most urgent first: the emergency signs (each group with what to do), then the people
    who must go elsewhere (data/site.yml routes_first: pregnancy, cancer, children), then same day and soon,
    each with its key signs (from data/symptoms.yml), and the guide."""
    items = []
    for level in HELP_BOX_LEVELS:
        u = page.data.site.urgency[level]
        link = page.link(HELP_PAGE + "#" + level, escape(page.labels.all_the_signs.format(level=u.label)))
        if level == "emergency":
            items.append(f"{urgency_badge(page, level)} {emergency_plan(page)} {link}.")
            items += [route_first_line(page, r) for r in page.data.site.routes_first]
            continue
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


def sign_list(page: PageContext, ids):
    """Some signs by id, in the given order, each with its urgency label and its sources (with what they
    say), linked to its place on the help page: ``sign_list(['postnatal-emergency', ...])``."""
    items = []
    for sid in ids:
        if sid not in page.data.symptoms:
            raise MacroError(f"unknown symptom id '{sid}'")
        s = page.data.symptoms[sid]
        items.append(
            f"{page.text(s.name)}. {page.link(HELP_PAGE + '#' + s.urgency, urgency_badge(page, s.urgency))}"
            f"{sourced(page, s)}"
        )
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


MACROS = [
    emergency_numbers,
    red_flags,
    urgency_list,
    get_help,
    signs_summary,
    emergency_plan,
    symptoms_for,
    sign_list,
    symptom_index,
]
