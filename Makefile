# Everything a fresh machine with only Python 3.11+ needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.sqlite
# The demo's data stands on Friday 2026-11-20 09:00 (lamplighter.demo.scenarios.DEMO_TODAY);
# the dashboard serves it as of that morning, with the clock running on from there.
DEMO_NOW ?= 2026-11-20T09:00:00Z

.PHONY: install browser demo test lint typecheck bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

browser:
	@# Browser tests drive Debian's Chromium (playwright cannot download browsers here).
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "note: /usr/bin/chromium missing (apt-get install chromium); browser tests will skip"

demo: install
	$(BIN)/lamplighter demo --db $(DEMO_DB)
	@echo "Dashboard: $(BIN)/lamplighter keys create --role admin --db $(DEMO_DB), then make serve and open http://127.0.0.1:8000/"

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

test: lint typecheck browser
	$(BIN)/pytest -n 2 --dist loadgroup -q

bench: install
	@set -e; for script in benchmarks/*.py; do \
		echo "== $$script"; $(PY) $$script; \
	done

serve: install
	LAMPLIGHTER_NOW=$(DEMO_NOW) $(BIN)/lamplighter serve --db $(DEMO_DB)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache $(DEMO_DB)
