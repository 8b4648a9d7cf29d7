"""The offline copy (the zip) in Firefox too: Debian's firefox-esr, driven over Marionette (PyPI
marionette-driver; no geckodriver). Open every page from file://, follow links, search."""

from __future__ import annotations

import gc
import os
import time

import pytest
from helpers.search import DONE, MARK_OLD, load_queries, page_key, rank_of
from helpers.site import pages

FIREFOX = "/usr/bin/firefox-esr"
META = ".md-search-result__meta"
# Any http(s) request would go to a proxy that is not there: the copy must need no network.
NO_NETWORK = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "",
}


@pytest.fixture(scope="module")
def firefox(tmp_path_factory):
    from marionette_driver.marionette import Marionette

    if not os.path.exists(FIREFOX):
        pytest.fail(f"{FIREFOX} is missing: `make test` installs Debian's firefox-esr")
    log = str(tmp_path_factory.mktemp("gecko") / "gecko.log")
    client = Marionette(bin=FIREFOX, port=0, headless=True, gecko_log=log, prefs=NO_NETWORK)
    client.start_session()
    client.timeout.page_load = 30
    yield client
    client.cleanup()
    # remove the temporary profiles now: mozprofile would try at interpreter exit, and fail noisily
    from mozprofile.profile import BaseProfile

    for obj in gc.get_objects():
        if isinstance(obj, BaseProfile) and obj.restore:
            obj.cleanup()
            obj.restore = False


def wait_for(client, script, timeout=15, args=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = client.execute_script(script, script_args=args or [])
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out: {script}")


def not_local(client):
    """Resources loaded from anywhere but the copy (Firefox lists http(s) ones; the proxy makes them fail)."""
    return client.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(u => !/^(file|data|blob|about):/.test(u))"
    )


def test_every_page_opens_from_file_url(firefox, unzipped):
    built = pages(unzipped)
    assert len(built) >= 40
    for rel in built:
        firefox.navigate("file://" + os.path.join(unzipped, rel))
        state = firefox.execute_script("""
            const h1 = document.querySelector('article h1');
            return {h1: !!h1 && h1.offsetHeight > 0,
                    header: getComputedStyle(document.querySelector('.md-header')).position,
                    age: !!document.querySelector('aside.page-info .copy-age'),
                    stale: document.querySelector('.copy-stale').hidden,
                    icon: document.querySelector('.md-header svg').getBoundingClientRect().width};""")
        assert state["h1"] and state["header"] == "sticky" and state["age"] and state["icon"] > 0, (rel, state)
        assert state["stale"], (rel, "the out-of-date warning shows before its date")
        assert not not_local(firefox), (rel, not_local(firefox))


def test_links_work_from_file_url(firefox, unzipped):
    firefox.navigate("file://" + os.path.join(unzipped, "index.html"))
    firefox.find_element("css selector", "article p:not(.urgent-help) a[href='when-to-get-help.html']").click()
    wait_for(firefox, "return location.href.endsWith('/when-to-get-help.html') && document.readyState === 'complete'")
    assert "help" in firefox.find_element("css selector", "article h1").text.lower()
    firefox.find_element("css selector", "a.md-footer__link--next").click()
    wait_for(firefox, "return /\\/causes\\/index\\.html$/.test(location.href) && document.readyState === 'complete'")
    href = firefox.find_element("css selector", "article a[href='muscle-strain.html']").get_property("href")
    firefox.navigate(href)
    assert firefox.get_url().endswith("/causes/muscle-strain.html")
    assert firefox.find_element("css selector", "article h1").is_displayed()


def test_search_works_from_file_url(firefox, unzipped):
    base = "file://" + os.path.join(unzipped, "index.html")
    rows = load_queries()[::4][:14]
    firsts = 0
    firefox.navigate(base)  # one page for every query, as a reader searches again
    box = firefox.find_element("css selector", "input[data-md-component=search-query]")
    box.click()
    wait_for(firefox, f"return /Type to start/.test(document.querySelector('{META}').textContent)")
    for query, expected in rows:
        firefox.execute_script(f"({MARK_OLD})()")
        box.clear()
        box.send_keys(query)
        wait_for(firefox, f"return ({DONE})(arguments[0])", args=[query])
        hrefs = firefox.execute_script(
            "return Array.from(document.querySelectorAll('li.md-search-result__item > a.md-search-result__link'))"
            ".map(a => a.href)"
        )
        ranked = []
        for href in hrefs:
            key = page_key(href, base)
            if key not in ranked:
                ranked.append(key)
        print(f"firefox offline: {query!r} -> rank {rank_of(ranked, expected)} ({ranked[:3]})")
        firsts += rank_of(ranked, expected) == 1
    assert firsts >= 10, f"only {firsts} of {len(rows)} queries ranked the expected page first in Firefox"
    assert not not_local(firefox)
