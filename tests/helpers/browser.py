"""Chromium's settings for the tests and scripts/bench.py, and a watch on what a page logs and fetches."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# headless Chromium on a machine with no network: no background fetches, no first-run, no sandbox (root)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


class PageWatch:
    """Records console errors, failed requests and requests that leave the machine."""

    LOCAL = ("file:", "http://127.0.0.1", "data:", "about:", "blob:")

    def __init__(self, page, block_external=True):
        self.errors, self.external, self.failed = [], [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        if block_external:

            def route(r):
                if r.request.url.startswith(self.LOCAL):
                    return r.continue_()
                self.external.append(r.request.url)
                return r.abort()

            page.route("**/*", route)
