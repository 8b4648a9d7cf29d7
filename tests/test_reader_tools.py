"""Reader tools on every page (text size, listen, share, "was this page helpful?"), tap-to-call phone
numbers and citation marks that keep lines even, in Chromium with a phone viewport (Firefox: the zip,
in tests/test_reader_tools_firefox.py). The booklet is tested in tests/test_booklet.py."""

from __future__ import annotations

import gzip
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Comment
from helpers.visits import axe_problems

from backspasm_site.paths import built_pages as pages
from backspasm_site.publish import compact
from backspasm_site.render.phones import digits, numbers

NARROW = {"viewport": {"width": 320, "height": 720}, "is_mobile": True, "has_touch": True}
SITE_URL = "https://backspasmguide.example.org/"  # mkdocs.yml site_url (no SITE_URL set for the tests)
TOOLS_JS = ("assets/javascripts/text-size.js", "assets/javascripts/reader-tools.js")
TOOLS_CSS = "assets/stylesheets/reader-tools.css"


# ----- tap to call ---------------------------------------------------------------------------------


def number_pattern(nums):
    alts = "|".join(re.escape(n).replace(r"\ ", r"[ \u00a0]") for n in nums)
    return re.compile(rf"(?<![\w\-/.])({alts})(?![\w\-/])")


def bare_numbers(path, nums):
    """Every listed number in the page's text that is not (inside) a tel: link dialling it. A link to a
    place on the same page counts only if that place holds the tel: link (the contents, "Go to: Call 999")."""
    soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
    pattern = number_pattern(nums)
    bad = []
    for text in soup.find_all(string=pattern):
        if isinstance(text, Comment) or text.find_parent(["script", "style", "title", "head"]):
            continue
        for m in pattern.finditer(text):
            dial = "tel:" + digits(m.group(1))
            link = text.find_parent("a")
            href = link.get("href", "") if link else ""
            if href == dial:
                continue
            if href.startswith("#") and len(href) > 1:
                target = soup.find(id=href[1:])
                if target is not None and target.find("a", href=dial):
                    continue
            bad.append((m.group(1), href, " ".join(text.split())[:80]))
    return bad


def test_every_number_from_data_is_tap_to_call(site_dir, offline_site_dir, data):
    nums = numbers(data)
    assert {"999", "911", "112", "111", "988", "116 123"} <= set(nums)
    walked = {}
    for site in (site_dir, offline_site_dir):
        for rel in pages(site) + (["assets/offline.html"] if site == site_dir else []):
            walked[os.path.join(site, rel)] = bare_numbers(os.path.join(site, rel), nums)
    assert len(walked) >= 99 and any(p.endswith("booklet.html") for p in walked)
    problems = {p: bad for p, bad in walked.items() if bad}
    assert not problems, problems
    # and the links are there, with the country beside the emergency numbers
    banner = BeautifulSoup(open(os.path.join(site_dir, "index.html"), encoding="utf-8").read(), "html.parser")
    text = " ".join(banner.select_one(".emergency-banner").get_text(" ").split())
    for n in data.site.emergency.numbers:
        assert banner.select_one(f'.emergency-banner a[href="tel:{n.number}"]'), n.number
        assert f"{n.number} ({n.where})" in text.replace(" (", " ("), text
    offline = open(os.path.join(site_dir, "assets", "offline.html"), encoding="utf-8").read()
    assert 'href="tel:999"' in offline and 'href="tel:111"' in offline
    coping = open(os.path.join(site_dir, "coping-and-mental-health", "index.html"), encoding="utf-8").read()
    assert 'href="tel:116123">116 123</a>' in coping and 'href="tel:988">988</a>' in coping


def test_bare_number_is_found(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<p>Call <a href="tel:999">999</a> or NHS 111. Code NORWOOD-111MH, year 2011.</p>'
        '<p><a href="#x">Call 112</a></p><h2 id="x">Call 112</h2>',
        encoding="utf-8",
    )
    assert [b[0] for b in bare_numbers(str(page), ("999", "111", "112"))] == ["111", "112", "112"]


# ----- citations -----------------------------------------------------------------------------------

LINE_BOXES = """sel => [...document.querySelectorAll(sel)].map(li => {
  const lh = parseFloat(getComputedStyle(li).lineHeight);
  const rects = [...li.getClientRects()];
  const h = li.getBoundingClientRect().height;
  return {text: li.textContent.trim().slice(0, 40), lines: h / lh, cited: !!li.querySelector('sup.cite')};
})"""


@pytest.mark.parametrize("width", [320, 390, 1024])
def test_citation_marks_keep_line_boxes_even(browser, http_site, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    pg = ctx.new_page()
    pg.goto(http_site + "when-to-get-help/")
    items = pg.evaluate(LINE_BOXES, "article .admonition.danger li, article #emergency ~ ul li")
    ctx.close()
    assert len(items) >= 8 and all(i["cited"] for i in items[:6])
    uneven = [i for i in items if abs(i["lines"] - round(i["lines"])) > 0.06]
    assert not uneven, uneven  # every item is a whole number of lines tall: a mark does not push a line apart


def test_marks_side_by_side_are_one_mark(site_dir):
    for rel in pages(site_dir):
        page = open(os.path.join(site_dir, rel), encoding="utf-8").read()
        assert not re.search(r'</sup><sup class="cite">', page), (rel, "two marks side by side")
        marks = [s.get_text() for s in BeautifulSoup(page, "html.parser").select("article sup.cite")]
        assert all(re.fullmatch(r"\[\d+(, \d+)*\]", m) for m in marks), (rel, marks)
        if rel == "when-to-get-help/index.html":
            assert any(re.fullmatch(r"\[\d+(, \d+)+\]", m) for m in marks), marks[:10]


# ----- the tools -----------------------------------------------------------------------------------


def test_every_page_has_the_tools_marked(site_dir, offline_site_dir):
    for site in (site_dir, offline_site_dir):
        for rel in pages(site):
            soup = BeautifulSoup(open(os.path.join(site, rel), encoding="utf-8").read(), "html.parser")
            tools = {t["data-reader-tool"] for t in soup.select("[data-reader-tool]")}
            assert tools == {"text-size", "listen", "share", "helpful"}, (rel, tools)
            assert soup.select_one(".reader-tools").has_attr("hidden"), rel  # shown by its script only
            url = soup.select_one("[data-reader-tool=share] button")["data-url"]
            assert url.startswith(SITE_URL), (rel, url)


def test_tools_are_absent_without_javascript(browser, http_site):
    ctx = browser.new_context(java_script_enabled=False, **NARROW)
    pg = ctx.new_page()
    pg.goto(http_site + "treatments/heat/")
    assert not pg.is_visible(".reader-tools")
    assert pg.is_visible("[data-reader-tool=helpful] a >> nth=0")  # plain links: no script needed
    ctx.close()


def open_narrow(browser, url, init=None, **extra):
    ctx = browser.new_context(**NARROW, **extra)
    if init:
        ctx.add_init_script(init)
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector(".reader-tools", state="visible")
    return ctx, pg, errors


def no_side_scroll(pg):
    return pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize(
    ("path", "scheme"), [("treatments/heat/", "light"), ("treatments/heat/", "dark"), ("symptoms/", "light")]
)
def test_text_size_three_steps_remembered_no_side_scroll_axe_clean(browser, http_site, path, scheme):
    # the size the page has when it is first drawn (a frame callback runs before the first paint)
    first_frame = (
        "requestAnimationFrame(() => { window.firstFrameSize ="
        " document.documentElement.getAttribute('data-text-size') || '0'; });"
    )
    ctx, pg, errors = open_narrow(browser, http_site + path, init=first_frame, color_scheme=scheme)
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme == "dark" else "default"
    )
    sizes = []
    for step in ("0", "1", "2"):
        pg.click(f"[data-reader-tool=text-size] button[data-size='{step}']")
        pressed = pg.eval_on_selector_all(
            "[data-reader-tool=text-size] button", "bs => bs.map(b => b.getAttribute('aria-pressed'))"
        )
        assert pressed == ["true" if s == step else "false" for s in "012"]
        sizes.append(pg.evaluate("parseFloat(getComputedStyle(document.querySelector('article > p')).fontSize)"))
        assert no_side_scroll(pg), (path, step)
        assert not axe_problems(pg), (path, step, axe_problems(pg))
        pg.reload()
        pg.wait_for_selector(".reader-tools", state="visible")
        assert pg.evaluate("window.firstFrameSize") == step  # remembered, and in place before the first paint
        assert no_side_scroll(pg), (path, step)
    assert sizes[0] < sizes[1] < sizes[2] and sizes[2] >= 1.4 * sizes[0], sizes
    assert not errors
    ctx.close()


def test_text_size_works_by_keyboard(browser, http_site):
    ctx, pg, _ = open_narrow(browser, http_site + "treatments/heat/")
    pg.focus("[data-reader-tool=text-size] button[data-size='1']")
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.documentElement.getAttribute('data-text-size')") == "1"
    pg.keyboard.press("Tab")
    pg.keyboard.press("Space")
    assert pg.evaluate("document.documentElement.getAttribute('data-text-size')") == "2"
    ctx.close()


SPEECH_STUB = """(() => {
  const log = [];
  window.spoken = log;
  const voices = %s;
  const synth = {
    paused: false, speaking: false, listeners: {},
    getVoices: () => voices,
    addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); },
    speak(u) { log.push({text: u.text, voice: u.voice && u.voice.name}); this.speaking = true; this.last = u; },
    pause() { log.push('pause'); this.paused = true; },
    resume() { log.push('resume'); this.paused = false; },
    cancel() { log.push('cancel'); this.speaking = false; },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""
LOCAL = (
    "[{name: 'Far away', lang: 'en-US', localService: false}, {name: 'On device', lang: 'en-GB', localService: true}]"
)


def test_listen_reads_the_emergency_box_first_with_a_local_voice(browser, http_site):
    ctx, pg, errors = open_narrow(browser, http_site + "when-to-get-help/", init=SPEECH_STUB % LOCAL)
    listen = "[data-reader-tool=listen]"
    assert pg.is_visible(listen)
    assert pg.is_disabled(f"{listen} [data-listen=pause]") and pg.is_disabled(f"{listen} [data-listen=stop]")
    pg.click(f"{listen} [data-listen=play]")
    log = pg.evaluate("window.spoken")
    said = [e for e in log if isinstance(e, dict)]
    assert len(said) > 20 and {e["voice"] for e in said} == {"On device"}
    banner = pg.inner_text(".emergency-banner")
    assert said[0]["text"].startswith("Emergency?") and "999" in said[0]["text"], said[0]
    assert " ".join(banner.split()).startswith(said[0]["text"][:40])
    h1 = pg.inner_text("article h1").strip()
    at_h1 = next(i for i, e in enumerate(said) if e["text"] == h1)
    danger = [
        i
        for i, e in enumerate(said)
        if e["text"].startswith(pg.inner_text("article .admonition.danger .admonition-title").strip())
    ]
    assert danger and danger[0] < at_h1  # the emergency box, then the page from its title
    assert not any(re.search(r"\[\d", e["text"]) for e in said)  # citation marks are not read out
    assert not any("Sources" == e["text"] for e in said)
    assert pg.get_attribute(f"{listen} [data-listen=pause]", "aria-pressed") == "false"
    pg.click(f"{listen} [data-listen=pause]")
    assert pg.get_attribute(f"{listen} [data-listen=pause]", "aria-pressed") == "true"
    pg.click(f"{listen} [data-listen=pause]")
    pg.click(f"{listen} [data-listen=stop]")
    tail = [e for e in pg.evaluate("window.spoken") if isinstance(e, str)]
    assert tail[-3:] == ["pause", "resume", "cancel"], tail
    assert pg.is_disabled(f"{listen} [data-listen=stop]")
    assert not axe_problems(pg, include=".reader-tools")
    assert not errors
    ctx.close()


@pytest.mark.parametrize("voices", ["[{name: 'Cloud', lang: 'en-GB', localService: false}]", "[]", None])
def test_listen_stays_hidden_without_a_local_voice(browser, http_site, voices):
    init = SPEECH_STUB % voices if voices else "delete window.speechSynthesis; delete Window.prototype.speechSynthesis;"
    ctx, pg, errors = open_narrow(browser, http_site + "treatments/heat/", init=init)
    assert pg.is_visible("[data-reader-tool=text-size]")
    assert pg.is_hidden("[data-reader-tool=listen]")
    assert not errors
    ctx.close()


def test_share_copies_the_public_link_with_a_visible_message(browser, http_site):
    ctx, pg, errors = open_narrow(
        browser, http_site + "causes/sciatica/", permissions=["clipboard-read", "clipboard-write"]
    )
    assert pg.evaluate("typeof navigator.share") == "undefined"  # desktop Linux Chromium: the copy path
    pg.click("[data-reader-tool=share] button")
    status = pg.locator("[data-reader-tool=share] [role=status]")
    status.wait_for(state="visible")
    assert status.inner_text() == f"Link copied: {SITE_URL}causes/sciatica/"
    assert pg.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}causes/sciatica/"
    assert pg.get_attribute("[data-reader-tool=share] [role=status]", "aria-live") == "polite"
    assert not axe_problems(pg, include=".reader-tools")
    assert not errors
    ctx.close()


def test_share_uses_the_web_share_api_where_there_is_one(browser, http_site):
    stub = "navigator.share = data => { window.shared = data; return Promise.resolve(); };"
    ctx, pg, errors = open_narrow(browser, http_site + "treatments/heat/", init=stub)
    pg.click("[data-reader-tool=share] button")
    pg.wait_for_function("window.shared")
    assert pg.evaluate("window.shared") == {"title": "Heat for a back spasm", "url": SITE_URL + "treatments/heat/"}
    assert not errors
    ctx.close()


def test_share_from_the_zip_gives_the_public_address(browser, offline_site_dir):
    ctx, pg, errors = open_narrow(browser, "file://" + os.path.join(offline_site_dir, "causes", "sciatica.html"))
    pg.click("[data-reader-tool=share] button")
    status = pg.locator("[data-reader-tool=share] [role=status]")
    status.wait_for(state="visible")
    assert status.inner_text().endswith(f"{SITE_URL}causes/sciatica/"), status.inner_text()
    assert "file:" not in status.inner_text()
    ctx.close()


def test_helpful_links_open_the_readers_email_with_the_page_and_answer(site_dir):
    soup = BeautifulSoup(
        open(os.path.join(site_dir, "treatments", "heat", "index.html"), encoding="utf-8").read(), "html.parser"
    )
    info = soup.select_one("aside.page-info")
    helpful = info.select_one("[data-reader-tool=helpful]")
    assert helpful.find_previous_sibling("p", class_="report-problem")  # beside the report link
    links = helpful.select("a")
    assert [a.get_text() for a in links] == ["Yes", "No"]
    for a, answer in zip(links, ("Yes", "No")):
        parts = urlsplit(a["href"])
        assert parts.scheme == "mailto" and "@" in parts.path
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert q["subject"] == f"Was the page helpful? Heat for a back spasm: {answer}"
        assert f"{SITE_URL}treatments/heat/" in q["body"] and f"Was it helpful? {answer}" in q["body"]
    assert "script" not in str(helpful)


# ----- weight --------------------------------------------------------------------------------------

# text-size.js has its own tag (it runs before the page is drawn); reader-tools.js and reader-tools.css are
# in the page's one script and one style sheet (bundle.py), so they count as their own files, compacted
TOOL_MARKUP = [
    re.compile(r'<script src="[^"]*assets/javascripts/text-size\.js"></script>\s*'),
    re.compile(r'<div class="reader-tools".*?</div>\s*</div>\s*', re.DOTALL),
    re.compile(r'<p class="helpful".*?</p>\s*<p class="booklet-link">.*?</p>\s*', re.DOTALL),
]
TEL = re.compile(r'<a class="tel" href="tel:[^"]*">([^<]*)</a>')


def gz(data):
    return len(gzip.compress(data, 9))


def added_gzip_bytes(site_dir, rel):
    """What the tools and the tel: links add to this page's first load, gzip: the page itself with and
    without them, plus the tools' own script and style files (each fetched once, counted in full)."""
    page = open(os.path.join(site_dir, rel), encoding="utf-8").read()
    before = page
    for pattern in TOOL_MARKUP:
        before, n = pattern.subn("", before)
        assert n, (rel, pattern.pattern)
    before = TEL.sub(r"\1", before)
    docs = os.path.join(os.path.dirname(site_dir), "docs")
    files = sum(
        gz(compact(open(os.path.join(docs, f), encoding="utf-8").read()).encode()) for f in (*TOOLS_JS, TOOLS_CSS)
    )
    return gz(page.encode()) - gz(before.encode()) + files


def test_first_load_grows_by_at_most_3_kb_gzip(site_dir):
    added = {rel: added_gzip_bytes(site_dir, rel) for rel in pages(site_dir) if not rel.startswith("booklet/")}
    worst = max(added, key=added.get)
    print(f"\nreader tools add at most {added[worst]} bytes gzip to a page's first load ({worst})")
    assert added[worst] <= 3 * 1024, (worst, added[worst])
