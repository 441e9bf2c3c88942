# Fujian Park Atlas — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.requirements.stamp
ASSETS := static/vendor/.assets.stamp
PORT   ?= 8501

.PHONY: run test lint bench assets venv clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# Leaflet and plugin JS/CSS for offline mode, from the npm registry (not committed, never a CDN at run time).
$(ASSETS): scripts/fetch_assets.py $(STAMP)
	$(PY) scripts/fetch_assets.py

assets: $(ASSETS)

run: $(STAMP) $(ASSETS)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(STAMP) $(ASSETS)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP) $(ASSETS)
	for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) static/vendor tests/output
