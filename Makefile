# Two commands: `make run` serves the demo network, `make test` runs every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast install browser loadtool proxy checkers staging soak lint check pytest demo bench bench-markup clean messages

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

# $(call debian_package,MISSING,PACKAGE,NAME,FOR,OTHERWISE): when the shell test MISSING holds and
# we are root, install Debian's PACKAGE (said as NAME, needed FOR); if that fails, say OTHERWISE.
define debian_package
	@if $(1) && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(3) for $(4)…"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null \
		|| echo "$(5)"; \
	fi
endef

# Debian's chromium for the browser tests (a Playwright browser download fails here).
# Installed when we are root and it is missing; otherwise those tests say why they skip.
browser:
	$(call debian_package,[ ! -x /usr/bin/chromium ],chromium,chromium,the browser tests,chromium could not be installed: browser tests will be skipped)

# Debian's wrk for the benchmark's page load (the issue's reference tool); without it the
# harness falls back to its pure-Python load generator and says so.
loadtool:
	$(call debian_package,! command -v wrk >/dev/null,wrk,wrk,the page load benchmark,wrk could not be installed: the benchmark uses its Python load generator)

# Debian's nginx and varnish for the staging run (the reverse proxy and HTTP cache of
# docs/deploy.md); the suite runs the VCL in varnishtest, so `make pytest` installs them too.
proxy:
	$(call debian_package,! command -v nginx >/dev/null,nginx,nginx,the staging run,nginx could not be installed: staging cannot start)
	$(call debian_package,! command -v varnishd >/dev/null,varnish,varnish,the staging run's HTTP cache,varnish could not be installed: staging cannot start)

# The staging page checkers: axe-core and the Nu HTML Checker (npm, pinned in .ci/package.json),
# the latter run with Debian's Java, installed when we are root and it is missing.
checkers:
	$(call debian_package,! command -v java >/dev/null,default-jre-headless,Java,the Nu HTML Checker,Java could not be installed: the HTML check will be skipped)
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null \
		|| echo "npm could not be installed: the page checks will be skipped"; \
	fi
	@[ -f .ci/node_modules/.package-lock.json ] || npm ci --prefix .ci --no-audit --no-fund --loglevel=error

# The production topology on this machine (nginx, gunicorn, PostgreSQL, Redis, the background
# workers, DEBUG=0) and the staging tests against it; DATABASE_URL= (empty) runs it on SQLite.
staging: install proxy browser checkers
	$(BIN)/python .ci/staging.py test $(PYTEST_ARGS)

# Load with faults against staging for 60 s (bench/soak.py; docs/benchmarks.md): starts staging,
# soaks it, stops it. DATABASE_URL= runs it on SQLite; SOAK_ARGS="--seconds 120 --outage lock".
soak: install proxy
	$(BIN)/python -m bench.soak --start $(SOAK_ARGS)

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

pytest: install browser proxy
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint check pytest

# Daily work: lint, checks and every test but the browser, benchmark and hostile-corpus ones.
test-fast: lint check
	$(BIN)/pytest -n 2 --dist loadgroup -m "not slow" $(PYTEST_ARGS)

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
