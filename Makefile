# The README's two commands: `make demo` and `make test`, both from a fresh clone; `make test-fast`
# for the edit loop (the suite without Spark, the browser and corpus-wide runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast install clean bench serve model

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f veille.db veille.db-wal veille.db-shm
	$(BIN)/veille ingest examples/dispatches --db veille.db
	$(BIN)/veille articles --db veille.db
	$(BIN)/veille stories --db veille.db
	$(BIN)/veille timeline --db veille.db
	$(BIN)/veille stats --db veille.db

serve: $(STAMP)
	$(BIN)/veille serve --db veille.db

test: $(STAMP)
	$(BIN)/python -m pytest

# Test tiers are pytest markers (pyproject.toml): slow (corpus-wide), spark, browser.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not spark and not browser"

bench: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/throughput.py ../shared/corpus/dev/articles.jsonl
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/linking.py ../shared/corpus/dev
	$(BIN)/python bench/train_clustering.py ../shared/corpus/dev ../shared/corpus/dev2
	$(BIN)/python bench/scale.py ../shared/corpus/dev --sizes 10000 100000
	$(BIN)/python bench/timebank.py ../shared/benchmarks/fr_timebank/Data
	$(BIN)/python bench/serve_load.py ../shared/corpus/dev --events 100000 --clients 50 --seconds 30
	$(BIN)/python bench/batch.py ../shared/corpus/dev/articles.jsonl ../shared/corpus/dev2/articles.jsonl --articles 1000 --files 8

# The main-event model shipped in src/veille/nlp/data/, rebuilt from the labelled corpora.
model: $(STAMP)
	$(BIN)/veille train ../shared/corpus/train ../shared/corpus/dev ../shared/corpus/dev2

clean:
	rm -rf $(VENV) veille.db veille.db-wal veille.db-shm .pytest_cache
