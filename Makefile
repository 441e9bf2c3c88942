# Fujian Park Atlas — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.requirements.stamp
ASSETS := static/vendor/.assets.stamp
PORT   ?= 8501

.PHONY: run test test-fast lint format bench assets venv wheel clean

# The venv: pinned requirements, then the project itself as an editable package (console scripts
# fpa-gis, fpa-clusters, fpa-layers; no sys.path hacks in scripts/ or bench/).
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# Leaflet and plugin JS/CSS for offline mode, from the npm registry (not committed, never a CDN at run time).
$(ASSETS): scripts/fetch_assets.py $(STAMP)
	$(PY) scripts/fetch_assets.py

assets: $(ASSETS)

run: $(STAMP) $(ASSETS)
	$(PY) -m streamlit run serve.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(STAMP) $(ASSETS)
	$(PY) -m pytest

# Everything but the browser tests (no chromium needed).
test-fast: $(STAMP) $(ASSETS)
	$(PY) -m pytest -m "not browser"

# ruff, ruff format, the import contracts (docs/ARCHITECTURE.md) and mypy on the four packages.
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

wheel: $(STAMP)
	$(PY) -m pip wheel --no-deps --no-build-isolation -w dist .

bench: $(STAMP) $(ASSETS)
	for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) static/vendor tests/output dist build
