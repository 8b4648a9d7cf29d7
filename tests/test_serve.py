"""`mkdocs serve` survives mistakes: the error in the terminal and on the page, the last good build
still served, and recovery on the next good save. The server never exits on a content error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from backspasm_site.paths import mkdocs_env

WAIT = 180  # seconds to wait for one rebuild on a busy 2-CPU machine (a bound, not a measurement)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(server, url, predicate, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited ({server.returncode}) while waiting for {what}"
        body = _get(url)
        if body is not None and predicate(body):
            return body
        time.sleep(0.5)
    pytest.fail(f"no {what} within {WAIT} s")


@pytest.fixture
def server(project, tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=mkdocs_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.url = f"http://127.0.0.1:{port}/"
    proc.log = log
    yield proc
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def _terminal(server):
    server.log.flush()
    server.log.seek(0)
    return server.log.read()


def test_serve_shows_mistakes_and_recovers(project, server):
    heat = os.path.join(project, "docs", "treatments", "heat.md")
    good = open(heat, encoding="utf-8").read()
    page = server.url + "treatments/heat/"
    body = _wait_for(server, page, lambda b: "Heat for a back spasm" in b, "first build")
    assert "guide-build-errors" not in body

    # a macro error in a page (mkdocs-macros used to end the process)
    with open(heat, "a", encoding="utf-8") as fh:
        fh.write("\nOne more.{{ cite('NOPE') }}\n")
    line = good.count("\n") + 2
    body = _wait_for(server, page, lambda b: "guide-build-errors" in b, "error box")
    assert f"docs/treatments/heat.md:{line}: cite(): unknown source key &#x27;NOPE&#x27;" in body
    assert "Heat for a back spasm" in body  # the last good build, still served
    assert f"docs/treatments/heat.md:{line}: cite(): unknown source key 'NOPE'" in _terminal(server)

    # a data error on top (the server used to hang)
    data = os.path.join(project, "data", "treatments.yml")
    good_data = open(data, encoding="utf-8").read()
    with open(data, "w", encoding="utf-8") as fh:
        fh.write(good_data.replace("  kind: self-care\n", "  kind: self-care\n  kind: medicine\n", 1))
    _wait_for(server, server.url, lambda b: "is given twice in the same entry" in b, "data error on the page")

    # fixed: the next good save rebuilds and the box goes away
    with open(data, "w", encoding="utf-8") as fh:
        fh.write(good_data)
    with open(heat, "w", encoding="utf-8") as fh:
        fh.write(good.replace("## ", "## Recovered\n\nRecovered text.\n\n## ", 1))
    body = _wait_for(server, page, lambda b: "Recovered text." in b and "guide-build-errors" not in b, "recovery")
    assert server.poll() is None
