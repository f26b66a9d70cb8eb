# Rewire: two commands do all the set-up on a fresh machine.
#   make lab    create .venv, install the course, open it in JupyterLab
#   make test   create .venv with the test extras, run the whole suite
# Set-up is stamped: a second run with nothing changed skips straight to the work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Extra arguments for JupyterLab, e.g. make lab LAB_ARGS="--port 8899 --no-browser"
LAB_ARGS ?=
# Extra arguments for Voilà in make present, e.g. PRESENT_ARGS="--port 8870 --no-browser";
# Voilà refuses an option given twice, so the theme has its own variable (PRESENT_THEME=dark).
PRESENT_ARGS ?=
PRESENT_THEME ?= light
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k synaptic"
PYTEST_ARGS ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: lab present test bench exercises grade feedback report export-grades collect questions tables strip site clean help

help:
	@echo "make lab        open the course in JupyterLab (LAB_ARGS=... passes options)"
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
	@echo "make site       build the offline course website in docs/_build/html (SOLUTIONS=1: teacher's edition with guide and answers)"

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

# One lesson as a Voilà app: widgets live, code hidden (Voilà strips sources by default),
# light theme (the figures are drawn on white). Voilà runs as root with no --allow-root.
present: $(VENV)/.installed
	@case "$(LESSON)" in [0-9][0-9]) ;; *) echo "usage: make present LESSON=NN, the two digits a lesson's file starts with:"; \
		ls lessons/*.ipynb | sed 's|^lessons/|  |; s|\.ipynb$$||'; exit 1;; esac
	@set -- lessons/$(LESSON)_*.ipynb; test -f "$$1" || { echo "no lesson starts with $(LESSON) in lessons/; there are:"; \
		ls lessons/*.ipynb | sed 's|^lessons/|  |; s|\.ipynb$$||'; exit 1; }; \
	echo "Presenting $$1 with Voilà (stop with Ctrl+C; reload the page to start the lesson afresh)"; \
	exec $(BIN)/voila "$$1" --theme=$(PRESENT_THEME) --show_tracebacks=True $(PRESENT_ARGS)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_models.py
	$(BIN)/python benchmarks/bench_course.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/summary.py

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

# After grading: what the class understood (reports/<assignment>/index.html and CSV files).
report: $(VENV)/.installed
	$(BIN)/python -m rewire.report

# Grades for a learning platform: PLATFORM=moodle or canvas (grades_<platform>.csv).
PLATFORM ?= moodle
export-grades: $(VENV)/.installed
	$(BIN)/python -m rewire.export $(PLATFORM)

collect: $(VENV)/.installed
	@test -n "$(ZIP)" || { echo "usage: make collect ZIP=path/to/downloads.zip (or a folder)"; exit 1; }
	$(BIN)/python -m rewire.grading collect "$(ZIP)"

# After changing the lesion or hand-map model: the packaged runs their apps look up.
tables: $(VENV)/.installed
	$(BIN)/python -m rewire.tables

questions: $(VENV)/.installed
	$(BIN)/python -m rewire.bank

strip: $(VENV)/.installed
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN lessons/*.ipynb solutions/*/*.ipynb

# The course website: every lesson executed, offline (JavaScript vendored from the npm registry once).
# Each build starts afresh, so no page or output of an earlier build survives. Warnings are
# errors, as in CI; SPHINXOPTS= builds in spite of them. SOLUTIONS=1 builds the teacher's
# edition (instructor guide, solutions, answer key) in docs/_build/teacher: never publish it.
SOLUTIONS ?=
SPHINXOPTS ?= -W --keep-going
SITE := docs/_build/$(if $(filter-out 0,$(SOLUTIONS)),teacher,html)
site: $(VENV)/.test-installed
	$(BIN)/python docs/vendor.py
	rm -rf $(SITE) $(SITE)-doctrees
	REWIRE_SITE_SOLUTIONS=$(SOLUTIONS) $(BIN)/sphinx-build -b html $(SPHINXOPTS) docs $(SITE) -d $(SITE)-doctrees
	@echo "The site is in $(SITE)/: open $(SITE)/index.html, or publish the folder as it is."

clean:
	rm -rf $(VENV) gradebook.db submitted autograded feedback .pytest_cache docs/_build docs/_vendor docs/lessons docs/solutions
