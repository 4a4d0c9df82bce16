# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
## The suite runs in parallel processes (pytest-xdist), each with its own PostgreSQL cluster,
## redis-server, live servers and Chromium, whole test files to a process; XDIST= runs it in one.
XDIST ?= -n auto --dist loadfile

.PHONY: run test venv system-packages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV); on Debian or Ubuntu: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## make run: install, migrate the SQLite database, load the demo network when empty, serve.
run: $(STAMP)
	FLASK_DEBUG=1 $(BIN)/ipn db upgrade
	FLASK_DEBUG=1 $(BIN)/ipn demo
	FLASK_DEBUG=1 $(BIN)/ipn run --host 127.0.0.1 --port 5000

## System packages the test suite needs: Chromium for browser tests, PostgreSQL for the second
## database, npm for the browser tests' axe-core, Java for the W3C HTML checker (vnu-jar).
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing with apt-get ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The test suite needs these system packages:$$missing"; \
	    echo "Install them, e.g.: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

## axe-core (pinned in package.json) for the browser tests' accessibility audits.
node_modules/axe-core/axe.min.js: package.json | system-packages
	@command -v npm >/dev/null || { echo "The browser tests need npm (Node.js) to install axe-core: e.g. sudo apt-get install npm"; exit 1; }
	npm install --no-audit --no-fund
	@touch $@

## make test: everything the suite needs, then the whole suite on SQLite and PostgreSQL, browser tests included.
test: $(STAMP) system-packages node_modules/axe-core/axe.min.js
	IPN_TEST_DATABASES=sqlite,postgresql $(BIN)/pytest $(XDIST) --screenshot=only-on-failure --output=test-results $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) test-results .pytest_cache
