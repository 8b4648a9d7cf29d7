"""``make preview``: the built site through Debian's nginx, with exactly the headers the build wrote.

    python -m backspasm_site.preview [--port 8080]

``Preview`` is also what the browser tests use (a free loopback port, started and stopped by a
fixture). The server's own settings (port, folder, logs, temp files) are in a small nginx.conf in
a temporary folder; the headers, caching and compression are the build's ``dist/nginx/`` files,
included unchanged. The access log has one line per response: its path, status and the bytes sent
(body after compression), so a test can count what a visit downloads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import tempfile
import time

from .headers import NGINX_DIR
from .paths import ROOT, SITE

NGINX = "/usr/sbin/nginx"
MIME = "/etc/nginx/mime.types"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_conf(site_dir, conf_dir, port, run_dir):
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    temp = "".join(f"    {k}_temp_path {run_dir}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\ndaemon off;\npid {run_dir}/nginx.pid;\nerror_log {run_dir}/error.log warn;\n"
        f"events {{ worker_connections 256; }}\nhttp {{\n    include {MIME};\n    default_type application/octet-stream;\n"
        f"    log_format guide '$request_uri $status $body_bytes_sent $bytes_sent';\n"
        f"    access_log {run_dir}/access.log guide;\n{temp}    sendfile on;\n"
        f"    include {conf_dir}/guide-map.conf;\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n        root {site_dir};\n"
        f"        include {conf_dir}/guide-server.conf;\n    }}\n}}\n"
    )


class Preview:
    """nginx serving ``site_dir`` on ``127.0.0.1:port`` (a free one unless given); ``stop()`` ends it."""

    def __init__(self, site_dir=SITE, conf_dir=None, port=None):
        if not os.path.exists(NGINX):
            raise RuntimeError(f"{NGINX} is missing: `make preview` and `make test` install Debian's nginx")
        conf_dir = os.path.abspath(conf_dir or os.path.join(ROOT, NGINX_DIR))
        if not os.path.exists(os.path.join(conf_dir, "guide-server.conf")):
            raise RuntimeError(f"no {conf_dir}/guide-server.conf: run `make build` first")
        self.port = port or free_port()
        self.run_dir = tempfile.mkdtemp(prefix="guide-nginx-")
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(self.run_dir, sub))
        conf = os.path.join(self.run_dir, "nginx.conf")
        with open(conf, "w") as fh:
            fh.write(nginx_conf(os.path.abspath(site_dir), conf_dir, self.port, self.run_dir))
        self.access_log = os.path.join(self.run_dir, "access.log")
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [NGINX, "-p", self.run_dir, "-c", conf, "-e", os.path.join(self.run_dir, "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._wait_up()

    def _wait_up(self, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise RuntimeError(f"nginx stopped: {err} {self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not start on port {self.port}: {self.errors()}")

    def errors(self):
        path = os.path.join(self.run_dir, "error.log")
        return open(path).read() if os.path.exists(path) else ""

    def log(self):
        """[(path, status, body bytes, bytes with headers)] of every response so far."""
        if not os.path.exists(self.access_log):
            return []
        rows = []
        for line in open(self.access_log):
            path, status, body, total = line.split()
            rows.append((path, int(status), int(body), int(total)))
        return rows

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        shutil.rmtree(self.run_dir, ignore_errors=True)


def first_visit(page, server, shell):
    """[(path, status, gzip body bytes, bytes with headers)] of everything one first visit to the home page
    downloads, the worker's background caching included: from the page's load until the worker holds
    the shell (``shell``: URL keys) and the network is idle, then a marker request ends the count."""
    start = len(server.log())
    page.goto(server.url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60000)
    page.wait_for_function(
        """async (want) => {
      const names = (await caches.keys()).filter((n) => n.startsWith("guide-v"));
      if (names.length !== 1) return false;
      const have = new Set((await (await caches.open(names[0])).keys()).map((r) => r.url));
      return want.every((u) => have.has(u));
    }""",
        arg=[server.url + k for k in shell],
        timeout=60000,
        polling=100,
    )
    page.wait_for_load_state("networkidle")
    page.evaluate("() => fetch('robots.txt?end-of-first-visit', {cache: 'no-store'})")
    end = time.monotonic() + 30
    while not any("end-of-first-visit" in r[0] for r in server.log()[start:]):
        if time.monotonic() > end:
            raise RuntimeError("the end-of-visit marker never reached the server's log")
        time.sleep(0.05)
    rows = server.log()[start:]
    return rows[: next(i for i, r in enumerate(rows) if "end-of-first-visit" in r[0])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8080)
    args = ap.parse_args()
    server = Preview(port=args.port)
    print(f"serving site/ with the build's headers on {server.url} (Ctrl-C stops)", flush=True)
    try:
        server.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
