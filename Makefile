# Runner Strength Evidence Explorer: set-up, run, test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-fast lint validate browser-deps axe-deps screenshots clean
AXE := tests/browser/axe
AXE_STAMP := $(AXE)/node_modules/.installed

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create a virtualenv: install Python 3.11+ with its venv module (Debian: apt-get install python3-venv)."; \
	  exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run: create the virtualenv, install, and start the app on http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

## make serve-replicas: two app processes behind nginx on http://127.0.0.1:$(PORT), each tab kept on one of them by a
## cookie (REPLICA_PORTS, EVIDENCE_DATA_DIR, RUN_DIR: see scripts/serve-replicas.sh and docs/deploy.md)
.PHONY: serve-replicas
serve-replicas: $(STAMP)
	PORT=$(PORT) PYTHON=$(BIN)/python bash scripts/serve-replicas.sh

## make browser-deps: Debian's Chromium (browser tests) and BibTeX (bibliography test), when missing
browser-deps:
	@bash scripts/install-system-deps.sh

## make axe-deps: axe-core, the accessibility checker the browser tests inject into every page, from npm at the
## version pinned in tests/browser/axe/package-lock.json (npm comes with Debian's npm package, installed when missing)
axe-deps: $(AXE_STAMP)

$(AXE_STAMP): $(AXE)/package.json $(AXE)/package-lock.json | browser-deps
	cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE_STAMP)

## make test: install what the tests need, then lint and run every test (browser tests included)
test: $(STAMP) browser-deps axe-deps
	$(BIN)/ruff check .
	$(BIN)/python -m evidence.data.validate
	$(BIN)/python -m pytest

## make bench: the app measured against an empty app and a one-chart app (cold start, clicks in Chromium, 10 and 30
## concurrent sessions, memory, reruns at 10,000 works): writes bench/results.json and prints a table (BENCH_QUICK=1:
## fewer repeats, to try it; see bench/README.md)
.PHONY: bench
bench: $(STAMP) browser-deps
	$(BIN)/python -m bench.run

## make test-fast: unit and AppTest tests that need no browser and no Debian tool (no Chromium, BibTeX or poppler;
## no load or deploy tests)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow and not chromium and not tools"

## make screenshots: every page at desktop and phone width, in the light and the dark colour scheme, in screenshots/
screenshots: $(STAMP) browser-deps
	$(BIN)/python scripts/screenshots.py --scheme both

lint: $(STAMP)
	$(BIN)/ruff check .

validate: $(STAMP)
	$(BIN)/python -m evidence.data.validate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info $(AXE)/node_modules
