# Two commands matter: `make run` and `make test`. Everything else is what they are made of;
# `make test-fast` is the quick lane for development.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=
# pytest-xdist: one worker per core (each with its own test database and media folders).
XDIST  ?= -n auto
# The two clocks the suite must also pass under (libfaketime shifts every process it starts).
FAKETIME_OFFSETS := +365d -200d
# axe-core checks accessibility in the browser tests; npm installs this exact version.
AXE_VERSION := 4.14.1
AXE_STAMP   := $(VENV)/axe/.installed-$(AXE_VERSION)

# `make bench` is never part of `make test`: it needs PostgreSQL and Redis and takes minutes.
.PHONY: guide-screenshots bench run test test-only test-fast test-any-date lint format messages makemessages migrate demo check system-deps paper-deps browser-deps faketime-deps nginx-deps clean

# E-mail is sent at once in development (settings.TASKS["mail"] is immediate): no worker runs.
run: $(VENV)/.installed system-deps paper-deps messages migrate demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev system-deps paper-deps browser-deps nginx-deps messages test-only

test-only:
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# No browser, no PostgreSQL-only tests and no two servers, spread over the cores: minutes, not a
# quarter hour.
test-fast: $(VENV)/.installed-dev system-deps paper-deps messages
	$(PY) -m pytest $(XDIST) -m "not browser and not postgres_only and not two_servers" $(PYTEST_ARGS)

# The whole suite on a clock a year ahead and on one 200 days back: no test may depend on
# the day it runs. Chromium and the live server share the shifted clock, so cookies agree.
test-any-date: $(VENV)/.installed-dev system-deps paper-deps browser-deps faketime-deps nginx-deps messages
	@for offset in $(FAKETIME_OFFSETS); do \
		echo "→ make test-only under faketime $$offset"; \
		faketime -f "$$offset" $(MAKE) --no-print-directory test-only || exit 1; \
	done

# The guide's screenshots (/admin/guide/): every role's walk on the demo, in a temporary SQLite
# database, served and photographed with Chromium; the pictures land in workflows/static/.
guide-screenshots: $(VENV)/.installed-dev system-deps browser-deps messages
	$(PY) -m tests.browser.guide_screenshots

bench: $(VENV)/.installed system-deps messages
	$(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# System packages: gettext compiles the Russian catalogue, Chromium runs the browser tests,
# Pango and a Cyrillic font let WeasyPrint print the papers.
# As root they are installed with apt; otherwise the exact command to run is printed.
define need_apt
	@if ! command -v $(1) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing $(2) with apt-get…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		else \
			echo "Missing $(1). Install it with:  sudo apt-get install -y $(2)"; exit 1; \
		fi; \
	fi
endef

# Libraries are not commands: these are checked as installed Debian packages instead.
define need_apt_packages
	@missing=$$(for package in $(1); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing" $$missing "with apt-get…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing" $$missing". Install them with:  sudo apt-get install -y" $$missing; exit 1; \
		fi; \
	fi
endef

system-deps:
	$(call need_apt,msgfmt,gettext)

# nginx in front of two app servers (tests/portal/test_two_servers.py, issue 16), from Debian.
nginx-deps:
	$(call need_apt_packages,nginx)

# libfaketime runs the suite on another day (`make test-any-date`, the guard in .ci/run).
faketime-deps:
	$(call need_apt,faketime,faketime)

# WeasyPrint renders the printable PDFs with Pango and HarfBuzz; DejaVu carries the Cyrillic.
PAPER_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core

paper-deps:
	$(call need_apt_packages,$(PAPER_PACKAGES))

browser-deps: $(AXE_STAMP)
	$(call need_apt,chromium,chromium)

$(AXE_STAMP):
	$(call need_apt,npm,npm)
	npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	touch $@

messages: $(VENV)/.installed system-deps
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

makemessages: $(VENV)/.installed system-deps
	$(PY) manage.py makemessages --locale ru --ignore=.venv --ignore=staticfiles --no-obsolete --add-location file

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --no-input

demo: $(VENV)/.installed
	$(PY) manage.py load_demo

clean:
	rm -rf $(VENV) staticfiles .test-media .test-private-media
