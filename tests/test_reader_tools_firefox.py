"""The reader tools in Firefox (Debian's firefox-esr over Marionette, as tests/test_offline_firefox.py),
from the zip on file:// with a phone-sized window: text size, listen (with a stubbed speechSynthesis),
share (the public address, never file://), and tap-to-call links."""

from __future__ import annotations

import json
import os

from test_offline_firefox import firefox, wait_for  # noqa: F401  (fixtures)

SITE_URL = "https://backspasmguide.example.org/"
WIDTH = 360


def open_page(client, root, rel):
    client.navigate("file://" + os.path.join(root, rel))
    wait_for(client, "return document.readyState === 'complete' && !document.querySelector('.reader-tools').hidden")


def test_text_size_in_firefox_is_remembered_and_fits_a_phone(firefox, unzipped):  # noqa: F811
    firefox.set_window_rect(width=WIDTH, height=800)
    open_page(firefox, unzipped, "treatments/heat.html")
    inner = firefox.execute_script("return window.innerWidth")
    assert inner <= 500, inner  # as narrow as headless Firefox makes a window (a large phone)
    sizes = []
    for step in ("0", "1", "2"):
        firefox.find_element("css selector", f"[data-reader-tool=text-size] button[data-size='{step}']").click()
        state = firefox.execute_script("""return {
            size: document.documentElement.getAttribute('data-text-size') || '0',
            pressed: [...document.querySelectorAll('[data-reader-tool=text-size] button')].map(b => b.getAttribute('aria-pressed')),
            font: parseFloat(getComputedStyle(document.querySelector('article > p')).fontSize),
            fits: document.documentElement.scrollWidth <= document.documentElement.clientWidth}""")
        assert state["size"] == step and state["pressed"] == ["true" if s == step else "false" for s in "012"], state
        assert state["fits"], (step, state)
        sizes.append(state["font"])
    assert sizes[0] < sizes[1] < sizes[2], sizes
    # kept on reload (on file:// Firefox gives each file its own storage, so not from page to page)
    open_page(firefox, unzipped, "treatments/heat.html")
    assert firefox.execute_script("return document.documentElement.getAttribute('data-text-size')") == "2"
    firefox.find_element("css selector", "[data-reader-tool=text-size] button[data-size='0']").click()


def test_share_in_firefox_gives_the_public_address(firefox, unzipped):  # noqa: F811
    open_page(firefox, unzipped, "causes/sciatica.html")
    firefox.find_element("css selector", "[data-reader-tool=share] button").click()
    said = wait_for(firefox, "return document.querySelector('[data-reader-tool=share] [role=status]').textContent")
    assert said.endswith(f"{SITE_URL}causes/sciatica/"), said
    assert firefox.find_element("css selector", "[data-reader-tool=share] [role=status]").is_displayed()


STUB = """
const log = [];
window.spoken = log;
const synth = {paused: false, getVoices: () => %s, addEventListener() {},
  speak(u) { log.push(u.text); }, pause() { log.push('pause'); this.paused = true; },
  resume() { log.push('resume'); this.paused = false; }, cancel() { log.push('cancel'); }};
Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
// the tools' script again, now that the stub is in place (Marionette has no script before the page's own):
// it is in the page's one bundled script (guide.<hash>.js), after the copy's age and the guide's steps
document.querySelector('.reader-tools').hidden = true;
const s = document.createElement('script');
s.src = [...document.scripts].find(x => /guide\\.[0-9a-f]+\\.js$/.test(x.src)).src;
document.body.appendChild(s);
"""


# Marionette's scripts see the page through a wrapper: a stub must run as the page's own script
IN_PAGE = "const s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s);"


def test_listen_in_firefox(firefox, unzipped):  # noqa: F811
    open_page(firefox, unzipped, "when-to-get-help.html")
    real = firefox.execute_script(
        "return !!window.speechSynthesis && speechSynthesis.getVoices().some(v => v.localService)"
    )
    assert firefox.find_element("css selector", "[data-reader-tool=listen]").is_displayed() == real
    voices = json.dumps([{"name": "On device", "lang": "en-GB", "localService": True}])
    firefox.execute_script(IN_PAGE, script_args=[STUB % voices])
    wait_for(
        firefox,
        "return !document.querySelector('.reader-tools').hidden"
        " && !document.querySelector('[data-reader-tool=listen]').hidden",
    )
    buttons = firefox.find_elements("css selector", "[data-reader-tool=listen] [data-listen=play]")
    buttons[-1].click()
    log = [
        e
        for e in firefox.execute_script("return window.wrappedJSObject.spoken")
        if e not in ("cancel", "pause", "resume")
    ]
    assert len(log) > 20
    assert log[0].startswith("Emergency?") and "999" in log[0], log[:2]
    assert log[1].startswith("Emergency signs"), log[:3]
    firefox.find_element("css selector", "[data-reader-tool=listen] [data-listen=pause]").click()
    firefox.find_element("css selector", "[data-reader-tool=listen] [data-listen=stop]").click()
    assert firefox.execute_script("return window.wrappedJSObject.spoken.slice(-2)") == ["pause", "cancel"]
    # no local voice: hidden
    open_page(firefox, unzipped, "when-to-get-help.html")
    firefox.execute_script(
        IN_PAGE, script_args=[STUB % json.dumps([{"name": "Cloud", "lang": "en-GB", "localService": False}])]
    )
    wait_for(firefox, "return !document.querySelector('.reader-tools').hidden")
    assert not firefox.find_element("css selector", "[data-reader-tool=listen]").is_displayed()


def test_numbers_are_tap_to_call_in_firefox(firefox, unzipped):  # noqa: F811
    open_page(firefox, unzipped, "coping-and-mental-health.html")
    links = firefox.execute_script(
        "return [...document.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.getAttribute('href'))"
    )
    assert {"tel:999", "tel:911", "tel:112", "tel:116123", "tel:988", "tel:111"} <= set(links), links
