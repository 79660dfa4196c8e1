# Two commands: `make run` serves the demo network, `make test` runs every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install browser loadtool lint check pytest demo bench bench-markup clean messages

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Debian's chromium for the browser tests (a Playwright browser download fails here).
# Installed when we are root and it is missing; otherwise those tests say why they skip.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| echo "chromium could not be installed: browser tests will be skipped"; \
	fi

# Debian's wrk for the benchmark's page load (the issue's reference tool); without it the
# harness falls back to its pure-Python load generator and says so.
loadtool:
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's wrk for the page load benchmark…"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
		|| echo "wrk could not be installed: the benchmark uses its Python load generator"; \
	fi

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) search_index rebuild

run: demo
	@echo "Serving Tavolone on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and its worker)"
	@trap 'kill 0' INT TERM EXIT; $(MANAGE) worker & $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

pytest: install browser
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint check pytest

# Italian catalogue: add new msgids to locale/it/LC_MESSAGES/django.po, compile the .mo (pure
# Python, no gettext needed) and list what still needs translating.
messages: install
	$(MANAGE) translations

bench: install loadtool
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-markup: install
	$(BIN)/python -m bench.markup $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
