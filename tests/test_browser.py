"""The built site in a real browser (Debian's Chromium driven by Playwright), over loopback HTTP."""

from __future__ import annotations


def test_home_page_renders_without_errors(page, http_site):
    response = page.goto(http_site)
    assert response.ok
    page.wait_for_load_state("load")
    h1 = page.locator("article h1").first
    assert h1.is_visible()
    assert h1.inner_text().strip()
    assert "Back Spasm Guide" in page.title()
    assert page.locator(".md-banner a.urgent-help").is_visible()
    assert page.locator(".page-info .disclaimer").is_visible()
    assert not page.watch.errors, page.watch.errors
    assert not page.watch.external, page.watch.external
    assert not page.watch.failed, page.watch.failed


def test_palette_starts_from_system_preference_and_toggles(browser, http_site):
    for scheme, expected in (("dark", "slate"), ("light", "default")):
        ctx = browser.new_context(color_scheme=scheme)
        pg = ctx.new_page()
        pg.goto(http_site)
        assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        ctx.close()


def test_404_page_renders(page, http_site):
    page.goto(http_site + "404.html")
    assert page.locator("article h1").first.inner_text().strip() == "404 - Not found"
    assert page.locator(".md-banner a.urgent-help").is_visible()
    assert not page.watch.errors and not page.watch.failed, (page.watch.errors, page.watch.failed)
