""" "What should I do now?" (docs/what-to-do-now.md): steps made from data, every path, keyboard, print, offline."""

from __future__ import annotations

import io
import os
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers.browser import PageWatch
from helpers.build import mkdocs_build
from helpers.search import search
from helpers.site import page_for, resolve, soup
from helpers.visits import WCAG
from pypdf import PdfReader

from backspasm_site.content.load import DataError, load
from backspasm_site.paths import DOCS, ROOT
from backspasm_site.quality.readability import article_text, grade
from backspasm_site.render.next_steps import STEPS, order, outcome_id

GUIDE = "what-to-do-now.md"


def text(el):
    return " ".join(el.get_text(" ").split())


def steps(page_soup):
    """[(section id, title, [sign texts], [answer hrefs])] in page order."""
    out = []
    for sec in page_soup.select("div.next-steps section.next-step"):
        signs = [
            " ".join(
                "".join(
                    t
                    for t in li.find_all(string=True)
                    if not t.find_parent("sup") and not t.find_parent(class_="editorial")
                ).split()
            )
            for li in sec.select("ul.next-step-signs > li")
        ]  # each sign's words, without its citations or "Our advice"
        out.append(
            (sec["id"], text(sec.h2).rstrip("¶ "), signs, [a["href"] for a in sec.select("ul.next-step-answers a")])
        )
    return out


def step_of_level(data, sections):
    """Urgency level -> index of its step in ``sections`` (from the step titles in data/site.yml)."""
    titles = data.site.labels.next_steps.titles
    out = {}
    for i, (_, title, _, _) in enumerate(sections):
        for level in STEPS:
            if title.endswith(titles[level]):
                out[level] = i
    return out


def check_signs(data, page_soup):
    sections = steps(page_soup)
    where = step_of_level(data, sections)
    for s in data.symptoms.values():
        name = " ".join(s.name.split())
        found = [i for i, sec in enumerate(sections) if name in sec[2]]
        if s.urgency in STEPS:
            assert found == [where[s.urgency]], (s.id, s.urgency, found)
        else:
            assert found == [], (s.id, "a self-care sign has no step", found)
    return sections, where


def walk(site_dir, rel, page_soup, start="step-1"):
    """Every path from step 1: [(hrefs followed, where it ends)]; each end is an outcome here or a built page."""
    by_id = {sec[0]: sec for sec in steps(page_soup)}
    paths = []

    def go(step, trail):
        for href in by_id[step][3]:
            if href.startswith("#") and href[1:] in by_id:
                go(href[1:], trail + [href])
                continue
            target = resolve(site_dir, rel, href)
            assert target is not None, href
            file, fragment = target
            assert os.path.isfile(os.path.join(site_dir, file)), href
            if file == rel:
                heading = page_soup.find(id=fragment)
                assert heading is not None and heading.name == "h2", href
                assert fragment.startswith("outcome-"), href
            paths.append((trail, href))

    go(start, [])
    return paths


@pytest.fixture(scope="module")
def guide(site_dir):
    rel = page_for(site_dir, GUIDE)
    return rel, soup(site_dir, rel)


def test_every_sign_is_in_its_own_step_and_in_no_other(data, guide):
    sections, where = check_signs(data, guide[1])
    # the order comes from data: emergency, then the levels routes_first names, then most urgent first
    assert [lvl for lvl in order(data) if lvl in where] == sorted(where, key=where.get)
    assert where["emergency"] == 0  # nothing is asked before the emergency signs
    first = guide[1].select_one("article").find(["section", "h2"])
    assert first.get("id") == "step-1"
    # "Skip to content" lands on step 1, not on an outcome
    skip = guide[1].select_one("a.md-skip")
    assert skip["href"] == "#step-1-title"


def test_who_must_go_elsewhere_is_asked_before_any_general_step(data, guide):
    """Pregnancy, cancer and children are routed right after the emergency signs (the clinical review, N1),
    in the order of data/site.yml routes_first; a pregnant reader reaches the maternity signs before the
    same-day step, whose outcome also sends her to the maternity unit."""
    sections = steps(guide[1])
    where = step_of_level(data, sections)
    firsts = data.site.routes_first
    assert firsts
    ask = sections[1]
    assert ask[1].endswith(data.site.labels.next_steps.first_title)
    hrefs = ask[3]
    for r, href in zip(firsts, hrefs):
        if r.level:
            assert href == "#" + sections[where[r.level]][0]
            assert where[r.level] < where["urgent"]
        else:
            assert href == "#" + outcome_id(r.id)
            assert guide[1].find(id=outcome_id(r.id)).name == "h2"
    assert hrefs[-1] == "#" + sections[where["urgent"]][0]  # "none of these" skips the maternity signs
    urgent = guide[1].find(id=outcome_id("urgent"))
    after = " ".join(urgent.find_next("p", class_=None).get_text().split()) if urgent else ""
    assert "maternity unit instead" in after, after


def test_every_path_ends_at_an_outcome_that_exists(site_dir, data, guide):
    rel, page_soup = guide
    paths = walk(site_dir, rel, page_soup)
    ends = {end for _, end in paths}
    levels = [lvl for lvl in STEPS if any(s.urgency == lvl for s in data.symptoms.values())]
    own = [r for r in data.site.routes_first if r.action]  # who has an outcome of their own (cancer, child)
    assert {"#" + outcome_id(lvl) for lvl in levels} | {"#" + outcome_id(r.id) for r in own} <= ends
    assert "#" + outcome_id("self-care") in ends
    # every end is reached (a pregnant reader's path and the others meet again at the same-day step)
    assert len(ends) == len(levels) + len(data.next_steps) + 1 + len(own)
    outcomes = page_soup.select('article h2[id^="outcome-"]')
    assert len(outcomes) == len(levels) + 1 + len(own)  # one per step level, self-care, and each of its own
    for h2 in outcomes:  # each outcome cites its sources, before the next heading
        cited = []
        for el in h2.find_next_siblings():
            if el.name in ("h2", "div") and el is not h2:
                break
            cited += el.select("sup.cite a")
        assert cited, f"outcome {h2['id']} cites no source"
    print(
        f"\n{len(paths)} paths, {len(ends)} outcomes ({len(outcomes)} on the page, "
        f"{len(ends) - len(outcomes)} pages that may help)"
    )


def test_the_page_is_honest_about_what_it_does(guide, data):
    art = guide[1].select_one("article")
    words = text(art)
    assert "does not save" in words and "What this guide does not cover" in words
    assert art.find("form") is None and art.find("input") is None and art.find("script") is None
    numbers = [n.number for n in data.site.emergency.numbers]
    call = art.find(id=outcome_id("emergency"))
    assert all(n in text(call) for n in numbers)
    # the numbers come from data/site.yml, never typed into the page
    assert not any(n in open(os.path.join(DOCS, GUIDE), encoding="utf-8").read() for n in numbers)


def test_linked_from_home_banner_and_help_box(site_dir):
    home = soup(site_dir, "index.html").select_one("article")
    first = home.find_all(recursive=False)[:4]
    assert any(el.find("a", href="what-to-do-now/") for el in first), "not near the top of the home page"
    for rel in ("index.html", "treatments/heat/index.html"):
        banner = soup(site_dir, rel).select_one(".emergency-banner a.next-steps-link")
        assert resolve(site_dir, rel, banner["href"])[0] == "what-to-do-now/index.html"
    box = soup(site_dir, "treatments/heat/index.html").select_one("div.get-help")
    assert any(
        (resolve(site_dir, "treatments/heat/index.html", a["href"]) or ("",))[0] == "what-to-do-now/index.html"
        for a in box.find_all("a")  # a tel: link resolves to None
    )


def test_questions_checklist_is_linked_only_if_it_exists(guide):
    exists = os.path.exists(os.path.join(DOCS, "questions-for-your-doctor.md"))
    links = [a for a in guide[1].select("article a") if "questions-for-your-doctor" in a["href"]]
    assert bool(links) == exists


def test_reading_grade(site_dir, guide):
    html = open(os.path.join(site_dir, guide[0]), encoding="utf-8").read()
    g = grade(article_text(html))
    print(f"\nreading grade {g}")
    assert g <= 8.0


def test_a_route_to_a_missing_page_is_a_data_error(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(os.path.join(ROOT, "data"), data_dir)
    path = data_dir / "next-steps.yml"
    routes = yaml.safe_load(path.read_text(encoding="utf-8"))
    routes[1]["page"] = "causes/no-such-page.md"
    path.write_text(yaml.safe_dump(routes, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(str(data_dir), DOCS)
    assert any(
        re.fullmatch(
            rf"data/next-steps\.yml:\d+: entry '{routes[1]['id']}': field 'page': no such page "
            r"'docs/causes/no-such-page\.md'",
            p,
        )
        for p in info.value.problems
    ), info.value.problems


@pytest.fixture(scope="module")
def changed_build(tmp_path_factory):
    """A copy with one new warning sign, two signs at another level and the questions page added."""
    from backspasm_site.paths import copy_project

    project = copy_project(tmp_path_factory.mktemp("next-steps") / "project")
    path = os.path.join(project, "data", "symptoms.yml")
    signs = yaml.safe_load(open(path, encoding="utf-8"))
    signs.append(
        {
            "id": "test-new-sign",
            "name": "A brand new test warning sign: numbness around your buttocks",
            "phrases": ["new test sign"],
            "urgency": "emergency",
            "sources": ["NHS-BP"],
            # every safety statement quotes its source (data/symptoms.yml, saddle-numbness)
            "excerpts": {
                "NHS-BP": {
                    "quote": "numbness or tingling around your genitals or buttocks",
                    "section": "Call 999 or go to A&E if: You have back pain and",
                }
            },
            "causes": [],
            "page": "when-to-get-help.md#emergency",
        }
    )
    moved = {"tight-knot": "urgent", "fever": "see-a-doctor"}
    for s in signs:
        s["urgency"] = moved.get(s["id"], s["urgency"])
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(signs, fh, allow_unicode=True, sort_keys=False)
    # (the checklist page exists and is in nav: the guide links it)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout
    site = os.path.join(project, "site")
    return load(os.path.join(project, "data"), os.path.join(project, "docs")), site


def test_a_new_or_changed_sign_moves_to_its_step_on_the_next_build(changed_build):
    data, site = changed_build
    page_soup = BeautifulSoup(
        open(os.path.join(site, "what-to-do-now", "index.html"), encoding="utf-8").read(), "html.parser"
    )
    sections, where = check_signs(data, page_soup)
    assert any("A brand new test warning sign" in name for name in sections[where["emergency"]][2])
    assert data.symptoms["tight-knot"].name in sections[where["urgent"]][2]
    assert data.symptoms["fever"].name in sections[where["see-a-doctor"]][2]
    assert data.symptoms["fever"].name not in sections[where["urgent"]][2]
    links = [a for a in page_soup.select("article a") if "questions-for-your-doctor" in a["href"]]
    assert (
        links
        and resolve(site, "what-to-do-now/index.html", links[0]["href"])[0] == "questions-for-your-doctor/index.html"
    )


def test_a_missing_outcome_stops_the_build(project):
    path = os.path.join(project, "docs", GUIDE)
    md = open(path, encoding="utf-8").read()
    assert "{{ outcome('urgent') }}" in md
    open(path, "w", encoding="utf-8").write(md.replace("{{ outcome('urgent') }}", ""))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/what-to-do-now.md: link(s) to #outcome-urgent, not on the page" in result.stdout


# ----- in a real browser ------------------------------------------------------


def _focus(pg, href, limit=250):
    """Press Tab until the answer that links to ``href`` has the focus; fail if it never does."""
    want = pg.evaluate("h => new URL(h, location.href).href", href)  # instant navigation makes hrefs absolute
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if (
            pg.evaluate(
                "(() => { const e = document.activeElement;"
                " return e && e.closest('.next-step-answers') ? e.href : null })()"
            )
            == want
        ):
            return
    raise AssertionError(f"Tab never reached the link to {href}")


def test_keyboard_alone_walks_every_path(browser, http_site, site_dir, guide):
    rel, page_soup = guide
    paths = walk(site_dir, rel, page_soup)
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    watch = PageWatch(pg)
    url = http_site + "what-to-do-now/"
    for trail, end in paths:
        pg.goto(url)
        for href in trail:
            _focus(pg, href)
            pg.keyboard.press("Enter")
            try:
                pg.wait_for_function(f"() => location.hash === {href!r}", timeout=5000)
            except Exception as exc:
                raise AssertionError(
                    (trail, href, pg.url, pg.evaluate("document.activeElement.outerHTML.slice(0, 200)"))
                ) from exc
            pg.locator(href).wait_for(state="visible", timeout=5000)
        _focus(pg, end)
        pg.keyboard.press("Enter")
        if end.startswith("#"):
            pg.wait_for_function(f"() => location.hash === {end!r}")
            pg.wait_for_function(f"() => document.activeElement === document.querySelector({end!r})", timeout=5000)
            box = pg.locator(end).bounding_box()
            assert 0 <= box["y"] < 844, (end, box)  # the outcome is on screen
        else:
            target = resolve(site_dir, rel, end)[0].removesuffix("index.html")
            pg.wait_for_url(http_site + target)
            assert pg.locator("article h1").first.is_visible()
    ctx.close()
    assert not watch.errors and not watch.external, (watch.errors, watch.external)


SETTLED = """() => new Promise((resolve) => {
  let last = null, calm = 0;
  const look = () => {
    const busy = document.getAnimations().some((a) => a.playState === "running");
    calm = !busy && window.scrollY === last ? calm + 1 : 0;
    last = window.scrollY;
    if (calm >= 3) resolve(true); else setTimeout(look, 100);
  };
  look();
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(browser, http_site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(color_scheme=scheme)
    pg = ctx.new_page()
    for where in ("what-to-do-now/", "what-to-do-now/#step-2", ""):
        pg.goto(http_site + where)
        # an anchor scrolls the page, and Material fades the header's title in: check the settled page
        # (no animation running and the page not moving, for 3 looks 100 ms apart: a fade can start late)
        pg.evaluate(SETTLED)
        result = Axe().run(pg, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
        violations = result.response["violations"]
        assert not violations, (where, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations])
    ctx.close()


def test_works_from_file_url_in_the_offline_copy(browser, offline_site_dir, data):
    path = os.path.join(offline_site_dir, "what-to-do-now.html")
    page_soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
    paths = walk(offline_site_dir, "what-to-do-now.html", page_soup)
    assert all(end.startswith("#") or end.endswith(".html") for _, end in paths)
    pg = browser.new_page()
    watch = PageWatch(pg)
    pg.goto("file://" + path)
    last = len(steps(page_soup))
    for n in range(1, last):  # "No, none of these" to the last step, as data/symptoms.yml has it now
        pg.click(f'#step-{n} a[href="#step-{n + 1}"]')
        pg.wait_for_function(f"() => location.hash === '#step-{n + 1}'")
    route = next(iter(data.next_steps.values()))
    pg.click(f'#step-{last} a >> text="{route.text}"')
    pg.wait_for_load_state("load")
    assert pg.url.startswith("file://") and pg.url.endswith(route.page.replace(".md", ".html"))
    assert pg.locator("article h1").first.is_visible()
    pg.close()
    assert not watch.external and not watch.failed and not watch.errors, (watch.external, watch.failed, watch.errors)


def test_search_for_what_should_i_do_finds_it_first(page, http_site):
    for query in ("what should I do", "what do I do now"):
        ranked, _ = search(page, http_site, query)
        assert ranked and ranked[0] == "what-to-do-now", (query, ranked[:3])


def test_prints_every_step_and_outcome_on_two_pages_at_most(page, http_site, data):
    labels = data.site.labels.next_steps
    for fmt in ("A4", "Letter"):
        page.goto(http_site + "what-to-do-now/")
        page.emulate_media(media="print")
        pdf = PdfReader(
            io.BytesIO(page.pdf(format=fmt, margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}))
        )
        printed = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
        assert len(pdf.pages) <= 2, f"{fmt}: {len(pdf.pages)} pages"
        for title in [
            *labels.titles.values(),
            labels.routes_title,
            "Get help today",
            "Book an appointment",
            "Look after yourself at home",
            "Call 999",
        ]:
            assert title in printed, (fmt, title)


def urgent_step(data):
    """The id of the same-day step: its place comes from data (routes_first puts steps before it)."""
    from backspasm_site.render.next_steps import plan

    levels = [lvl for lvl, _ in plan(data)]
    return f"step-{levels.index('urgent') + 1 + (1 if data.site.routes_first else 0)}"


STEP_VISIBILITY = "() => [...document.querySelectorAll('section.next-step')].map(s => s.checkVisibility() ? 1 : 0)"


def test_without_javascript_every_step_shows_and_the_links_work(browser, http_site, data):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(http_site + "what-to-do-now/")
    assert set(pg.evaluate(STEP_VISIBILITY)) == {1}
    pg.click('#step-1 a[href="#step-2"]')
    assert pg.evaluate("location.hash") == "#step-2"
    assert 0 <= pg.locator("#step-2").bounding_box()["y"] < 844
    urgent = urgent_step(data)
    pg.click(f'#step-2 a[href="#{urgent}"]')  # "none of these": on to the same-day signs
    assert pg.evaluate("location.hash") == f"#{urgent}"
    pg.click(f'#{urgent} a[href="#outcome-urgent"]')
    assert pg.evaluate("location.hash") == "#outcome-urgent"
    ctx.close()


def test_javascript_shows_one_step_at_a_time_and_keeps_the_place(browser, http_site, guide):
    count = len(steps(guide[1]))

    def only(i):  # step i (from 0) on screen, the others hidden
        return "".join("1" if j == i else "0" for j in range(count))

    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    watch = PageWatch(pg)
    pg.goto(http_site)  # arrive the way readers do: from the home page, by instant navigation
    pg.click("article a.next-steps-start")
    pg.wait_for_url(http_site + "what-to-do-now/")
    pg.wait_for_function(f"() => ({STEP_VISIBILITY})().join('') === '{only(0)}'")
    storage = "[JSON.stringify(localStorage), JSON.stringify(sessionStorage), document.cookie]"
    before = pg.evaluate(storage)  # the theme's own settings (palette) may be there already
    pg.click('#step-1 a[href$="#step-2"]')
    pg.wait_for_function(f"() => ({STEP_VISIBILITY})().join('') === '{only(1)}'")
    assert pg.evaluate("document.activeElement.id") == "step-2"  # a screen reader hears the new step
    pg.reload()  # the place is in the address, nowhere else
    pg.wait_for_function(f"() => ({STEP_VISIBILITY})().join('') === '{only(1)}'")
    pg.go_back()
    pg.wait_for_function(f"() => ({STEP_VISIBILITY})().join('') === '{only(0)}'")
    pg.click('#step-1 a[href$="#step-2"]')
    pg.click('#step-2 a[href$="#outcome-cancer"]')  # an outcome keeps the step that led to it on screen
    pg.wait_for_function("() => location.hash === '#outcome-cancer'")
    assert "".join(map(str, pg.evaluate(STEP_VISIBILITY))) == only(1)
    assert 0 <= pg.locator("#outcome-cancer").bounding_box()["y"] < 844
    assert pg.evaluate(storage) == before  # nothing the reader chose was stored
    ctx.close()
    assert not watch.errors and not watch.external, (watch.errors, watch.external)
