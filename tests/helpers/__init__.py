"""Helpers the tests (and scripts/bench.py, scripts/check_links.py) share: reading built pages (``site``),
driving search (``search``), one visit of every page (``visits``), serving a folder (``server``),
the browser's settings (``browser``) and building copies (``build``)."""
