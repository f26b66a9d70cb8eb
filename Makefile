# Rewire: two commands do all the set-up on a fresh machine.
#   make lab    create .venv, install the course, open it in JupyterLab
#   make test   create .venv with the test extras, run the whole suite
# Set-up is stamped: a second run with nothing changed skips straight to the work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Extra arguments for JupyterLab, e.g. make lab LAB_ARGS="--port 8899 --no-browser"
LAB_ARGS ?=
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k synaptic"
PYTEST_ARGS ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: lab test bench exercises grade feedback collect questions strip clean help

help:
	@echo "make lab        open the course in JupyterLab (LAB_ARGS=... passes options)"
	@echo "make test       run the whole test suite (PYTEST_ARGS=... passes options)"
	@echo "make bench      time apps, models, course and browser (results in benchmarks/results/)"
	@echo "make exercises  regenerate the student versions in exercises/ from solutions/"
	@echo "make collect    file downloaded notebooks into submitted/ (ZIP=folder-or-zip, files named <student>_<notebook>.ipynb)"
	@echo "make grade      grade submitted/: grades.csv, feedback/<student>/, feedback/integrity_report.csv"
	@echo "make feedback   after grading reflections by hand in the formgrader: feedback and grades.csv again"
	@echo "make strip      clear outputs and execution counts from lessons/ and solutions/ before committing"
	@echo "make questions  rebuild self-checks, quiz cells and answer key from solutions/question_bank.yml"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip 2>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	$(BIN)/python -m pip install --quiet -e . 2>>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	@# A learner alone has no nbgrader exchange: hide the panels that need one.
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:assignment-list @jupyter/nbgrader:course-list >/dev/null 2>&1
	$(BIN)/jupyter server extension disable --sys-prefix nbgrader.server_extensions.assignment_list nbgrader.server_extensions.course_list >/dev/null 2>&1
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp .jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]' 2>>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	touch $@

lab: $(VENV)/.installed
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --ServerApp.default_url=/lab/tree/lessons $(ROOT_FLAG) $(LAB_ARGS)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_models.py
	$(BIN)/python benchmarks/bench_course.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_grading.py

exercises: $(VENV)/.installed
	@# Regenerating overwrites exercises/: refuse while anyone's edits there are uncommitted.
	@git diff --quiet -- exercises/ || { echo "exercises/ has uncommitted edits; commit or stash them first"; exit 1; }
	for folder in solutions/*/; do $(BIN)/nbgrader generate_assignment "$$(basename $$folder)" --force || exit 1; done

# Grades every submission in submitted/ (GRADE_ARGS=... passes nbgrader options, e.g. --Execute.timeout=30).
GRADE_ARGS ?=
grade: $(VENV)/.installed
	$(BIN)/python -m rewire.grading grade -- $(GRADE_ARGS)

# After grading the reflections by hand (nbgrader formgrader): feedback and grades.csv again.
feedback: $(VENV)/.installed
	$(BIN)/python -m rewire.grading feedback

collect: $(VENV)/.installed
	@test -n "$(ZIP)" || { echo "usage: make collect ZIP=path/to/downloads.zip (or a folder)"; exit 1; }
	$(BIN)/python -m rewire.grading collect "$(ZIP)"

questions: $(VENV)/.installed
	$(BIN)/python -m rewire.bank

strip: $(VENV)/.installed
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN lessons/*.ipynb solutions/*/*.ipynb

clean:
	rm -rf $(VENV) gradebook.db submitted autograded feedback .pytest_cache
