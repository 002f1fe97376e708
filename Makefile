# The two commands of the README, each setting everything up first:
#   make demo   -> local virtual environment, then the main job on the embedded synthetic data
#   make test   -> local virtual environment, then the whole test suite (notebooks, then pytest)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.mvkp-installed
# nbdev_test runs each notebook in its own process; 2 workers match a 2-core machine.
NB_WORKERS ?= 2

.PHONY: setup demo test test-nbs test-py test-slow bench readme check clean

setup: $(STAMP)

$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	touch $(STAMP)

demo: setup
	$(BIN)/mvkp demo --out runs/demo

test: setup test-nbs test-py

test-nbs: setup
	$(BIN)/nbdev_test --n_workers $(NB_WORKERS) --timing

test-py: setup
	$(BIN)/python -m pytest -q tests

# Cells flagged `#| slow` (long training, full benchmarks) are left out of `make test`.
test-slow: setup
	$(BIN)/nbdev_test --n_workers $(NB_WORKERS) --flags slow

bench: setup
	$(BIN)/python benchmarks/triangulation.py

# README.md is made from nbs/index.ipynb (nbdev_readme needs Quarto, which cannot be installed offline).
readme: setup
	$(BIN)/python tools/readme.py

# mvkp/ must be what nbdev_export makes of nbs/, README.md what tools/readme.py makes of
# nbs/index.ipynb, and the notebooks must be clean.
check: setup
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean
	$(BIN)/python tools/readme.py
	@if [ -n "$$(git status --porcelain -- mvkp nbs README.md)" ]; then \
	  echo "mvkp/ or nbs/ differ from what nbdev_export/nbdev_clean make: run them and commit."; \
	  git status --porcelain -- mvkp nbs README.md; git --no-pager diff --stat -- mvkp nbs; exit 1; fi

clean:
	rm -rf $(VENV) runs _docs _proc
