# make sample  — installs what is missing, renders the sample edition
# make test    — lint, type-check and run the whole test suite
# make test-fast — the tests not marked slow, on two workers (under a minute), no lint
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := seeds/tianjin-daily-2026-04-23
# chromium: the browser test of `layout serve` (tests/desk/test_browser.py, Playwright drives it);
# fontconfig: fc-list finds a fallback font for a character the catalogue's fonts lack
DEBS := fonts-noto-cjk fonts-lxgw-wenkai qpdf ghostscript poppler-utils chromium fontconfig

.PHONY: sample test test-fast deps debs lint clean bench

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

deps: debs $(BIN)/.installed

# Debian packages: installed as root, or via passwordless sudo; otherwise the exact command is printed.
debs:
	@missing=""; \
	for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "cannot install them without root; run:  sudo apt-get install$$missing"; exit 1; fi; \
	fi

sample: deps
	$(BIN)/layout render $(SAMPLE)

lint: deps
	$(BIN)/ruff check layout tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing"; fi; exit $$rc

# two workers (pytest-xdist), each test file kept on one worker so its module fixtures are built once;
# `make test-fast XDIST=` runs them in one process
XDIST ?= -n 2 --dist loadfile
test-fast: deps
	$(BIN)/python -m pytest -m "not slow" $(XDIST); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-fast: pytest collected no tests: failing"; fi; exit $$rc

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache

bench: deps
	bench/run --scales 1,2,4
