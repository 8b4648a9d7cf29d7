"""Helpers the tests share: reading built pages (``site``), driving search (``search``),
serving a folder (``server``), the browser's settings (``browser``) and building copies (``build``)."""
