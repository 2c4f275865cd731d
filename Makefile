# Two commands work on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Python caches compiled modules (its default): every command, test worker and worker
# process then starts from the cache instead of compiling the package again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast lint setup clean update-baseline bench notebooks strip-notebooks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# The 2026-2030 scenarios from the 2025 state, with common random numbers: the indicator
# table on screen; the run folder with charts, the comparison against the first and a
# Word report in it. (The 2021-2025 set is scenarios/*.yaml; `sim evaluate` reviews it.)
MAIN_SCENARIOS := scenarios/15th/no-new-investment.yaml scenarios/15th/continue-14th.yaml \
	scenarios/15th/targets-2030.yaml scenarios/15th/beds-first-2030.yaml \
	scenarios/15th/workforce-first-2030.yaml scenarios/15th/home-care-first-2030.yaml \
	scenarios/15th/ltc-insurance-2030.yaml

# A small global sensitivity study (a tenth of the district) ranks the figures to measure
# first; the report picks it up from the run folder.
run: $(STAMP)
	@out=runs/main-$$(date -u +%Y%m%d-%H%M%S) && \
	$(BIN)/sim run $(MAIN_SCENARIOS) --out $$out && \
	$(BIN)/sim compare $$out --out $$out/comparison --quiet && \
	$(BIN)/sim sensitivity $(MAIN_SCENARIOS) --out $$out/sensitivity --population-scale 0.1 \
		--trajectories 4 --samples 32 --top 6 --decision-replications 2 && \
	$(BIN)/sim report $$out/comparison --format docx --out $$out/report-zh.docx --quiet && \
	echo "comparison against the baseline: $$out/comparison (differences.csv, costs.csv, charts/)" && \
	echo "figures to measure first: $$out/sensitivity/measure_first.csv" && \
	echo "Word report: $$out/report-zh.docx"

# Every tier: unit, functional and the slow statistical checks, on every core (each test
# file's tests run in one worker, so a file's fixtures are made once).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

# The inner loop: unit tests only (validation, formulas, layers), well under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit -m "not slow"

# Refresh the stored back-test tables on purpose, after checking that results should change.
update-baseline: $(STAMP)
	$(BIN)/python tests/backtest.py --update

lint: $(STAMP)
	$(BIN)/ruff check sim tests
	$(BIN)/ruff format --check sim tests
	$(BIN)/mypy sim

# Speed, memory and scaling; prints a table and writes benchmarks/results.json (several minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# JupyterLab on the project's environment; the kernel imports the installed `sim` package.
notebooks: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

# Clear notebook outputs before committing, so that diffs show only the cells.
strip-notebooks: $(STAMP)
	$(BIN)/python notebooks/strip_outputs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
