# All set-up lives here: `make demo` and `make test` work on a fresh clone and are idempotent.
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
STAMP   := $(VENV)/.installed
SHARED  := ../shared
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test lint bench serve clean

install: $(STAMP)

# torch==2.13.0 first: that takes the local CPU build instead of a multi-GB CUDA download.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check torch==2.13.0
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev,ray]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/storylens analyze examples/corpus --db examples/demo.db \
	    --json report.json --markdown report.md --html report.html

test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

serve: $(STAMP)
	$(VENV)/bin/storylens serve --db examples/demo.db

clean:
	rm -rf $(VENV) report.json report.md report.html examples/demo.db
