"""A quiet HTTP server on loopback for a built site (tests, link check and benchmark)."""
from backspasm_site.paths import serve  # noqa: F401  (one server, shared with scripts)
