# The two commands of the README, each setting everything up first:
#   make demo   -> local virtual environment, then the main job on the embedded synthetic data
#   make test   -> local virtual environment, then the whole test suite (notebooks, then pytest)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.mvkp-installed
# nbdev_test runs each notebook in its own process; 2 workers match a 2-core machine.
NB_WORKERS ?= 2

.PHONY: setup demo results test test-nbs test-py test-slow bench readme check clean browser mocap docs

setup: $(STAMP)

# PyPI's torch for x86_64 is the CUDA build: the environment takes about 6.5 GB, 5.5 of them torch and
# its CUDA libraries. Say so before pip runs out of room ('No space left on device'), and keep no
# second copy of the wheels in pip's cache.
DISK_NEEDED_GB ?= 7

$(STAMP): settings.ini setup.py
	@free=$$(df -Pk . | awk 'NR == 2 {print int($$4 / 1048576)}'); \
	if [ "$$free" -lt $(DISK_NEEDED_GB) ]; then \
	  echo "warning: $$free GB free on the disk of $$(pwd); the environment in $(VENV) needs about $(DISK_NEEDED_GB) GB (torch's CUDA build)"; fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --no-cache-dir --upgrade pip
	$(BIN)/python -m pip install --no-cache-dir -e ".[dev]"
	touch $(STAMP)

demo: setup
	$(BIN)/mvkp demo --out runs/demo

# The results report of the demo's run (label fractions, baselines, lifting, cross-dataset check).
results: setup
	$(BIN)/mvkp eval --run runs/demo

test: setup browser mocap test-nbs test-py

# The HTML viewer's test drives Debian's Chromium headless; install it where we can (root + apt-get).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium and chromium-driver for the browser test"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1) || \
	  echo "could not install chromium: tests/test_viewer_browser.py will be skipped"; \
	else echo "no chromium and no root apt-get: tests/test_viewer_browser.py will be skipped"; fi

# Captured motion for the studio (`mvkp demo --motion procedural captured`, 01a_mocap): Debian's
# assimp-testmodels ships CMU's BVH takes 01_01, 01_03 and Boxing_Toes; install it where we can.
mocap:
	@if [ -d /usr/share/assimp/models/BVH ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's assimp-testmodels (motion capture, BVH) for the studio's captured motion"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q assimp-testmodels >/dev/null 2>&1 || \
	  (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q assimp-testmodels >/dev/null 2>&1) || \
	  echo "could not install assimp-testmodels: the studio keeps to procedural motion and 01a_mocap skips Debian's takes"; \
	else echo "no assimp-testmodels and no root apt-get: the studio keeps to procedural motion and 01a_mocap skips Debian's takes"; fi

test-nbs: setup
	$(BIN)/nbdev_test --n_workers $(NB_WORKERS) --timing

test-py: setup
	$(BIN)/python -m pytest -q tests

# The offline documentation site in _docs/: nbdev_proc_nbs, then Sphinx with MyST-NB (tools/docs.py), all from .venv.
# Where Quarto is installed, $(BIN)/nbdev_docs builds nbdev's own site instead.
docs: setup
	$(BIN)/python tools/docs.py

# Cells flagged `#| slow` (long training, full benchmarks) are left out of `make test`.
test-slow: setup
	$(BIN)/nbdev_test --n_workers $(NB_WORKERS) --flags slow

# Triangulation against its peers (benchmarks/triangulation.py): the `bench` extra (kornia, and what
# aniposelib's triangulation imports), then aniposelib without its declared dependencies: it asks for
# opencv-contrib-python, which would install a second cv2 over opencv-python, while what it uses of
# OpenCV (undistortPoints, triangulatePoints, aruco) is in opencv-python.
bench: setup
	$(BIN)/python -m pip install --no-cache-dir -q -e ".[bench]"
	$(BIN)/python -m pip install --no-cache-dir -q --no-deps "aniposelib==0.8.0"
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
	rm -rf $(VENV) runs _docs _proc _proc_sphinx
