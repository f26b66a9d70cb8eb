# Rewire: two commands do all the set-up on a fresh machine.
#   make lab    create .venv, install the course, open it in JupyterLab
#   make test   create .venv with the test extras, run the whole suite
# Set-up is stamped: a second run with nothing changed skips straight to the work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Extra arguments for JupyterLab, e.g. make lab LAB_ARGS="--port 8899 --no-browser";
# TEACHER=1 adds the teacher's tools (Nbgrader menu, formgrader, Create Assignment).
LAB_ARGS ?=
TEACHER ?=
# Extra arguments for Voilà in make present, e.g. PRESENT_ARGS="--port 8870 --no-browser";
# Voilà refuses an option given twice, so the theme has its own variable (PRESENT_THEME=dark).
PRESENT_ARGS ?=
PRESENT_THEME ?= light
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k synaptic"
PYTEST_ARGS ?=
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

PHONY_HUB := hub hub-stop
.PHONY: $(PHONY_HUB) lab present test bench exercises grade feedback report export-grades collect questions tables strip site clean help

help:
	@echo "make lab        open the course in JupyterLab (LAB_ARGS=... passes options; TEACHER=1 adds the teacher's tools)"
	@echo "make present    show one lesson full screen for a room, code hidden (LESSON=05; PRESENT_ARGS=... passes options)"
	@echo "make test       run the whole test suite (PYTEST_ARGS=... passes options)"
	@echo "make bench      time apps, models, course and browser (results in benchmarks/results/)"
	@echo "make exercises  regenerate the student versions in exercises/ from solutions/"
	@echo "make collect    file downloaded notebooks into submitted/ (ZIP=folder-or-zip, files named <student>_<notebook>.ipynb)"
	@echo "make grade      grade submitted/: grades.csv, feedback/<student>/, feedback/integrity_report.csv"
	@echo "make feedback   after grading reflections by hand in the formgrader: feedback and grades.csv again"
	@echo "make report     after grading: item analysis per assignment in reports/<assignment>/ (HTML page and CSV)"
	@echo "make export-grades  grades for a learning platform: PLATFORM=moodle or canvas (grades_<platform>.csv)"
	@echo "make tables     recompute the packaged model runs of the lesion and hand-map apps (after changing those models)"
	@echo "make strip      clear outputs and execution counts from lessons/ and solutions/ before committing"
	@echo "make questions  rebuild self-checks, quiz cells and answer key from solutions/question_bank.yml"
	@echo "make hub       as root: a seminar on JupyterHub on this server (CLASS=students.csv TEACHER=id [PORT=8000]); make hub-stop removes it"
	@echo "make site       build the offline course website in docs/_build/html (SOLUTIONS=1: teacher's edition with guide and answers)"

$(BIN)/python:
	@echo "Set-up: creating the course's own Python environment in $(VENV)/"
	@$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Set-up 1/2: upgrading pip, the installer, in $(VENV)/"
	@$(BIN)/python -m pip install --quiet --upgrade pip 2>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	@echo "Set-up 2/2: installing the course and the rewire command with JupyterLab, nbgrader, ipywidgets, ipympl,"
	@echo "           Voilà, numpy and matplotlib (a few minutes the first time; later runs skip this)"
	@$(BIN)/python -m pip install --quiet -e . 2>>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	@# `rewire lab` chooses the learner's or teacher's tools per launch (.jupyter/); tools that
	@# start JupyterLab themselves (the browser tests) still get the course's settings here.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp .jupyter/course/labconfig/default_setting_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	@echo "Set-up for the tests: installing pytest, Playwright, Hypothesis and Sphinx (a minute or two the first time)"
	@$(BIN)/python -m pip install --quiet -e '.[test]' 2>>$(VENV)/pip.log || (cat $(VENV)/pip.log; exit 1)
	@touch $@

lab: $(VENV)/.installed
	$(BIN)/rewire lab $(if $(filter-out 0,$(TEACHER)),--teacher) $(LAB_ARGS)

# One lesson as a Voilà app: widgets live, code hidden, light theme (the figures are drawn on white).
present: $(VENV)/.installed
	$(BIN)/rewire present $(LESSON) --theme=$(PRESENT_THEME) $(PRESENT_ARGS)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/rewire bench

exercises: $(VENV)/.installed
	$(BIN)/rewire exercises

# Grades every submission in submitted/ (GRADE_ARGS=... passes nbgrader options, e.g. --Execute.timeout=30).
GRADE_ARGS ?=
grade: $(VENV)/.installed
	$(BIN)/rewire grade -- $(GRADE_ARGS)

# After grading the reflections by hand (nbgrader formgrader): feedback and grades.csv again.
feedback: $(VENV)/.installed
	$(BIN)/rewire feedback

# After grading: what the class understood (reports/<assignment>/index.html and CSV files).
report: $(VENV)/.installed
	$(BIN)/rewire report

# Grades for a learning platform: PLATFORM=moodle or canvas (grades_<platform>.csv).
PLATFORM ?= moodle
export-grades: $(VENV)/.installed
	$(BIN)/rewire export-grades $(PLATFORM)

collect: $(VENV)/.installed
	@test -n "$(ZIP)" || { echo "usage: make collect ZIP=path/to/downloads.zip (or a folder)"; exit 1; }
	$(BIN)/rewire collect "$(ZIP)"

# After changing the lesion or hand-map model: the packaged runs their apps look up.
tables: $(VENV)/.installed
	$(BIN)/rewire tables

questions: $(VENV)/.installed
	$(BIN)/rewire questions

strip: $(VENV)/.installed
	$(BIN)/rewire strip

# The course website: every lesson executed, offline (JavaScript vendored from the npm registry once).
# Each build starts afresh, so no page or output of an earlier build survives. Warnings are
# errors, as in CI; SPHINXOPTS= builds in spite of them. SOLUTIONS=1 builds the teacher's
# edition (instructor guide, solutions, answer key) in docs/_build/teacher: never publish it.
SOLUTIONS ?=
SPHINXOPTS ?= -W --keep-going
site: $(VENV)/.test-installed
	$(BIN)/rewire site $(if $(filter-out 0,$(SOLUTIONS)),--solutions) --sphinxopts="$(SPHINXOPTS)"

clean:
	rm -rf $(VENV) gradebook.db submitted autograded feedback .pytest_cache docs/_build docs/_vendor docs/lessons docs/solutions

# A seminar on JupyterHub on this server, as root (docs/instructor/hub.md).
hub: $(VENV)/.installed
	@test -n "$(CLASS)" -a -n "$(TEACHER)" || { echo "usage: sudo make hub CLASS=students.csv TEACHER=id [PORT=8000]"; exit 1; }
	$(BIN)/rewire hub setup --class-list "$(CLASS)" --teacher "$(TEACHER)" --port $(or $(PORT),8000)

hub-stop: $(VENV)/.installed
	$(BIN)/rewire hub stop
