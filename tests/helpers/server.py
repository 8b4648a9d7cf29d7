"""A quiet HTTP server on loopback for a built site (tests, scripts/check_links.py and scripts/bench.py)."""

from __future__ import annotations

import functools
import http.server
import threading


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """A quiet HTTP server for ``directory`` on a free loopback port, in a thread; call ``.shutdown()``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
