# All set-up lives here: `make demo` and `make test` work on a fresh clone and are idempotent.
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
STAMP   := $(VENV)/.installed
SHARED  := ../shared
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test gate lint serve clean

install: $(STAMP)

# torch==2.13.0 first: that takes the local CPU build instead of a multi-GB CUDA download.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check torch==2.13.0
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev,ray]'
	touch $(STAMP)

# The demo store is ./storylens.db, the default `storylens serve` opens. The seed articles join it when
# ../shared is present (dated copy preferred), so the web UI shows both stories.
demo: $(STAMP)
	@if [ -f $(SHARED)/seeds-dated/seeds.jsonl ]; then \
	    $(VENV)/bin/storylens analyze $(SHARED)/seeds-dated/seeds.jsonl --db storylens.db >/dev/null; \
	elif [ -d $(SHARED)/seeds ]; then \
	    $(VENV)/bin/storylens analyze $(SHARED)/seeds --db storylens.db >/dev/null; fi
	$(VENV)/bin/storylens analyze examples/corpus --db storylens.db \
	    --json report.json --markdown report.md --html report.html
	@echo "Next: $(VENV)/bin/storylens serve   (or: make serve) and open the address it prints"

test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

# Pinned floors for the key figures (extraction F1, quote F1, speaker accuracy, clustering B³) on fixed subsets.
gate: $(STAMP)
	$(PY) bench/gate.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

serve: $(STAMP)
	$(VENV)/bin/storylens serve --db storylens.db

clean:
	rm -rf $(VENV) report.json report.md report.html storylens.db storylens.db-wal storylens.db-shm
