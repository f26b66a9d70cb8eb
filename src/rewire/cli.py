"""The `rewire` command: what learners and teachers do with the course, one subcommand each.

    rewire lab [--teacher] [JUPYTERLAB_OPTIONS]     the course in JupyterLab
    rewire present 05 [--theme dark] [VOILA_OPTIONS] one lesson full screen, code hidden
    rewire site [--solutions] [--sphinxopts=...]    the offline course website
    rewire questions | exercises | tables | strip | bench
    rewire collect PATH | grade [-- NBGRADER_OPTIONS] | feedback
    rewire hub setup|stop|release|submitted|collect|grade|feedback|export ...   a seminar on JupyterHub

`rewire SUBCOMMAND --help` explains each. Every subcommand works in the course folder (the
current folder or the nearest parent with nbgrader_config.py and lessons/). Bad input ends
with one line that says what is wrong and a non-zero exit status, never a traceback
(REWIRE_DEBUG=1 shows the traceback of an unexpected error).
"""
import argparse
import importlib.util
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

# The JupyterLab each person sees (configuration folders under .jupyter/, chosen per launch):
# a learner has the Validate button; a teacher also has the Nbgrader menu, the formgrader
# and the Create Assignment sidebar. Neither has the exchange's assignment and course lists.
LAB_MODES = {"learner": ("learner", "course"), "teacher": ("teacher", "course")}
BENCHMARKS = ("bench_widgets.py", "bench_models.py", "bench_course.py", "bench_browser.py",
              "bench_grading.py", "bench_report.py", "summary.py")


class Stop(Exception):
    """Bad input or a missing prerequisite: its message is the one line the user sees,
    after the name of the command (`where`, by default the subcommand that ran)."""

    def __init__(self, message, where=None):
        super().__init__(message)
        self.where = where


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad input in one line rather than a usage block."""

    def error(self, message):
        raise Stop(f"{message} (see {self.prog} --help)", where=self.prog)


def course_root(start=None):
    """The course folder: `start` (default: the current folder) or its nearest parent that
    holds nbgrader_config.py and lessons/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "lessons").is_dir():
            return folder
    raise Stop(f"no course folder in {here} or above it (a folder with nbgrader_config.py and lessons/); "
               "cd into the course first")


def lessons_list(root):
    return ", ".join(p.stem for p in sorted((root / "lessons").glob("*.ipynb")))


def requested_port(options):
    """The port given among JupyterLab or Voilà options (--port N, --port=N, --X.port=N), or None."""
    for index, option in enumerate(options):
        match = re.fullmatch(r"--(?:\w+\.)?port(?:=(.*))?", option)
        if not match:
            continue
        value = match.group(1) if match.group(1) is not None else next(iter(options[index + 1:]), "")
        if not value.isdigit() or not 0 < int(value) < 65536:
            raise Stop(f"the port must be a number from 1 to 65535, not {value!r}")
        return int(value)
    return None


def require_free_port(options):
    """A port the user asked for must be free: Jupyter would otherwise quietly take another."""
    port = requested_port(options)
    if port is None:
        return
    with socket.socket() as probe:
        if os.name == "posix":  # as the Jupyter servers do (on Windows it would allow taking a port in use)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise Stop(f"port {port} is in use: choose another --port, or leave --port out "
                       "to take the next free one") from None


def launch(command, root, env=None):
    """Hand the terminal to a server (JupyterLab, Voilà) until it stops."""
    if os.name == "posix":
        os.chdir(root)
        os.execvpe(command[0], command, env or os.environ)
    server = subprocess.Popen(command, cwd=root, env=env)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the server too; let it shut its kernels down
        return server.wait()


def lab_environment(root, teacher=False):
    """The environment for JupyterLab in learner or teacher mode: JUPYTER_CONFIG_PATH puts the
    mode's folders of .jupyter/ before every other configuration (jupyter --paths)."""
    folders = [str(root / ".jupyter" / name) for name in LAB_MODES["teacher" if teacher else "learner"]]
    inherited = os.environ.get("JUPYTER_CONFIG_PATH")
    return dict(os.environ, JUPYTER_CONFIG_PATH=os.pathsep.join(folders + ([inherited] if inherited else [])))


def lab(args, extra):
    root = course_root()
    require_free_port(extra)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               "--ServerApp.default_url=/lab/tree/lessons"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    who = ("JupyterLab for teachers: the Nbgrader menu, the formgrader and Create Assignment" if args.teacher
           else "JupyterLab for learners (rewire lab --teacher adds the teacher's tools)")
    print(f"{who}; stop with Ctrl+C", flush=True)
    return launch(command + extra, root, lab_environment(root, args.teacher))


def present(args, extra):
    root = course_root()
    if args.lesson is None or not re.fullmatch(r"\d{1,2}", args.lesson):
        given = "no lesson given" if args.lesson is None else f"{args.lesson!r} is not a lesson number"
        raise Stop(f"{given}: give the two digits its file starts with, e.g. rewire present 05 (make present LESSON=05); "
                   f"the lessons are {lessons_list(root)}")
    number = args.lesson.zfill(2)
    found = sorted((root / "lessons").glob(f"{number}_*.ipynb"))
    if not found:
        raise Stop(f"no lesson starts with {number} in lessons/; the lessons are {lessons_list(root)}")
    require_free_port(extra)
    lesson = found[0].relative_to(root).as_posix()
    print(f"Presenting {lesson} with Voilà (stop with Ctrl+C; reload the page to start the lesson afresh)", flush=True)
    return launch([sys.executable, "-m", "voila", lesson, "--template=rewire", f"--theme={args.theme}",
                   "--show_tracebacks=True", *extra], root, present_environment(root))


def present_environment(root):
    """Voilà finds the course's template, share/jupyter/voila/templates/rewire (Voilà's lab
    template without the stylesheets it would load from a CDN), through JUPYTER_PATH."""
    inherited = os.environ.get("JUPYTER_PATH")
    return dict(os.environ, JUPYTER_PATH=os.pathsep.join([str(root / "share" / "jupyter")] + ([inherited] if inherited else [])))


def site(args, extra):
    root = course_root()
    try:
        options = shlex.split(args.sphinxopts)
    except ValueError as error:
        raise Stop(f"--sphinxopts could not be read ({error})") from None
    if not all(importlib.util.find_spec(name) for name in ("sphinx", "myst_nb")):  # they come with the test extras
        raise Stop("the website needs Sphinx and myst-nb: pip install -e '.[test]' (make site installs them)")
    vendoring = subprocess.call([sys.executable, str(root / "docs" / "vendor.py")], cwd=root)
    if vendoring:  # vendor.py has said in one line what went wrong
        return vendoring
    output = Path("docs") / "_build" / ("teacher" if args.solutions else "html")
    doctrees = output.with_name(output.name + "-doctrees")
    for stale in (output, doctrees):  # each build starts afresh: no page of an earlier build survives
        shutil.rmtree(root / stale, ignore_errors=True)
    env = dict(os.environ, REWIRE_SITE_SOLUTIONS="1" if args.solutions else "", REWIRE_SITE_PROGRESS="1")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "--quiet", *options, "docs", str(output), "-d", str(doctrees)]
    if subprocess.call(command, cwd=root, env=env):
        raise Stop("the site was not built: see Sphinx's messages above (--sphinxopts= builds in spite of warnings)")
    print(f"The site is in {output.as_posix()}/: open {output.as_posix()}/index.html, or publish the folder as it is.")
    if args.solutions:
        print("This is the teacher's edition, with the answers: never publish it where students can read it.")


def questions(args, extra):
    from rewire import bank

    root = course_root()
    bank.build(root)
    print("self-checks, quiz cells and answer key rebuilt from solutions/question_bank.yml; "
          "now run rewire exercises")


def exercises(args, extra):
    from rewire.terminal import progress

    root = course_root()
    if (root / ".git").exists() and shutil.which("git"):
        # Regenerating overwrites exercises/: refuse while anyone's edits there are uncommitted.
        if subprocess.call(["git", "diff", "--quiet", "--", "exercises/"], cwd=root):
            raise Stop("exercises/ has uncommitted edits; commit or stash them first")
    assignments = sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir())
    for assignment in progress(assignments, desc="student versions", unit="assignment"):
        made = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
                              cwd=root, capture_output=True, text=True)
        if made.returncode:
            sys.stderr.write(made.stdout + made.stderr)
            raise Stop(f"nbgrader could not generate {assignment} (its messages are above)")
    print(f"exercises/ regenerated from solutions/ ({len(assignments)} assignments)")


def collect(args, extra):
    from rewire import grading

    root = course_root()
    path = Path(args.path)
    if not path.exists():
        raise Stop(f"{args.path} does not exist: give a .zip or a folder of downloaded notebooks")
    if path.is_file() and not zipfile.is_zipfile(path):
        raise Stop(f"{args.path} is not a zip file: give a .zip or a folder of downloaded notebooks")
    return grading.main(["collect", str(path.resolve()), "--root", str(root)])


def grade(args, extra):
    from rewire import grading

    root = course_root()
    before, after = split_at_dashes(extra)
    return grading.main(["grade", *args.assignments, *before, "--root", str(root), "--", *after])


def feedback(args, extra):
    from rewire import grading

    return grading.main(["feedback", "--root", str(course_root())])


def report(args, extra):
    from rewire import report as item_report

    root = course_root()
    if not (root / "gradebook.db").exists():
        raise Stop("nothing is graded here yet (no gradebook.db): run rewire grade first")
    return item_report.main([*args.assignments, "--root", str(root)])


def export_grades(args, extra):
    from rewire import export

    root = course_root()
    if not (root / "gradebook.db").exists():
        raise Stop("nothing is graded here yet (no gradebook.db): run rewire grade first")
    return export.main([args.platform, "--root", str(root), *(["--no-questions"] if args.no_questions else [])])


def hub(args, extra):
    from rewire import hub as seminar

    return seminar.main(extra)


def progress(args, extra):
    from rewire import progress as learner_progress

    print(learner_progress.show())


def bench(args, extra):
    root = course_root()
    for step, script in enumerate(BENCHMARKS, start=1):
        print(f"[{step}/{len(BENCHMARKS)}] benchmarks/{script}", flush=True)
        if subprocess.call([sys.executable, str(root / "benchmarks" / script)], cwd=root):
            raise Stop(f"benchmarks/{script} failed (its messages are above)")


def tables(args, extra):
    course_root()  # the tables are rebuilt by the package from its models; the course must be here
    if subprocess.call([sys.executable, "-m", "rewire.tables"]):
        raise Stop("the tables were not rebuilt (see the messages above)")


def strip(args, extra):
    root = course_root()
    notebooks = sorted(str(p.relative_to(root)) for pattern in ("lessons/*.ipynb", "solutions/*/*.ipynb")
                       for p in root.glob(pattern))
    command = [sys.executable, "-m", "nbconvert", "--clear-output", "--inplace", "--log-level=WARN", *notebooks]
    if subprocess.call(command, cwd=root):
        raise Stop("nbconvert could not clear the outputs (see the messages above)")
    print(f"outputs and execution counts cleared from {len(notebooks)} notebooks")


def split_at_dashes(arguments):
    if "--" in arguments:
        index = arguments.index("--")
        return arguments[:index], arguments[index + 1:]
    return arguments, []


def parser():
    """The command line: each subcommand with its help, the function that runs it, and
    whether it passes unknown options on (to JupyterLab, Voilà or nbgrader)."""
    top = OneLineParser(prog="rewire", description=__doc__.split("\n\n")[0],
                        epilog="rewire SUBCOMMAND --help explains each one.")
    commands = top.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=OneLineParser)

    def add(name, function, help, passes_options=False, **kwargs):
        sub = commands.add_parser(name, help=help, description=help, allow_abbrev=False, **kwargs)
        sub.set_defaults(function=function, passes_options=passes_options)
        return sub

    add("lab", lab, "open the course in JupyterLab, as a learner sees it; other options go to JupyterLab "
        "(e.g. --port 8899 --no-browser)", passes_options=True).add_argument(
        "--teacher", action="store_true", help="add the teacher's tools: the Nbgrader menu, formgrader and Create Assignment")
    presenting = add("present", present, "show one lesson full screen for a room with Voilà, code hidden; "
                     "other options go to Voilà (e.g. --port 8870 --no-browser)", passes_options=True)
    presenting.add_argument("lesson", nargs="?", help="the two digits the lesson's file starts with, e.g. 05")
    presenting.add_argument("--theme", choices=("light", "dark"), default="light",
                            help="the page's theme (the figures stay white, so light suits most projectors)")
    website = add("site", site, "build the offline course website in docs/_build/html, every lesson executed")
    website.add_argument("--solutions", action="store_true",
                         help="the teacher's edition (instructor guide, solutions, answer key) in docs/_build/teacher: never publish it")
    website.add_argument("--sphinxopts", default="-W --keep-going", metavar="OPTIONS",
                         help="options for sphinx-build (default: '-W --keep-going', warnings are errors); "
                              "write it as --sphinxopts='...'; --sphinxopts= builds in spite of warnings")
    add("questions", questions, "rebuild self-checks, quiz cells and answer key from solutions/question_bank.yml")
    add("exercises", exercises, "regenerate the student versions in exercises/ from solutions/ "
        "(refuses while exercises/ has uncommitted edits)")
    add("collect", collect, "file downloaded notebooks into submitted/ (files named <student>_<notebook>.ipynb "
        "or <student>/<notebook>.ipynb)").add_argument("path", help="a .zip or a folder of notebooks")
    add("grade", grade, "grade every submission in submitted/: grades.csv, feedback/<student>/, "
        "feedback/integrity_report.csv; options after -- go to nbgrader (e.g. -- --Execute.timeout=30)",
        passes_options=True).add_argument("assignments", nargs="*", help="only these assignments (default: all)")
    add("feedback", feedback, "after grading reflections by hand in the formgrader: feedback and grades.csv again")
    add("report", report, "after grading: per question facility, discrimination, option shares and "
        "misconceptions, reliability; an HTML page and CSV files per assignment in reports/").add_argument(
        "assignments", nargs="*", help="only these assignments (default: every graded one)")
    exporting = add("export-grades", export_grades, "grades as a CSV that Moodle's or Canvas's gradebook imports "
                    "(per assignment and per question, and the integrity flag in a column of its own)")
    exporting.add_argument("platform", choices=("canvas", "moodle"))
    exporting.add_argument("--no-questions", action="store_true", help="only one column per assignment")
    # Every argument, --help included, goes to rewire.hub, which has steps and options of its own.
    add("hub", hub, "a seminar on JupyterHub on this server: set it up from a class list, release, collect, "
        "grade, return feedback, stop (rewire hub --help)", passes_options=True, add_help=False)
    add("progress", progress, "which lesson self-checks you have answered right, by lesson and objective "
        "(kept on this computer only)")
    add("bench", bench, "time the apps, models, course, browser and grading (results in benchmarks/results/)")
    add("tables", tables, "recompute the packaged model runs of the lesion and hand-map apps")
    add("strip", strip, "clear outputs and execution counts from lessons/ and solutions/ before committing")
    return top


def with_own_tools_on_path():
    """The environment's own programs first on PATH (nbgrader runs `alembic` by name), also
    when the environment is not activated (e.g. `.venv/bin/rewire` or a Windows shortcut)."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])


def main(argv=None):
    with_own_tools_on_path()
    arguments = list(sys.argv[1:] if argv is None else argv)
    name = "rewire"
    before, after = split_at_dashes(arguments)  # what follows -- is for the tool underneath
    try:
        args, extra = parser().parse_known_args(before)
        extra += ["--", *after] if after else []
        if args.command is None:
            parser().print_help()
            return 2
        name = f"rewire {args.command}"
        if extra and not args.passes_options:
            raise Stop(f"unrecognized arguments: {' '.join(extra)} (see {name} --help)")
        return args.function(args, extra) or 0
    except Stop as stop:
        print(f"{stop.where or name}: {stop}", file=sys.stderr)
        return 2 if stop.where else 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001  (a traceback is for developers: REWIRE_DEBUG=1)
        if os.environ.get("REWIRE_DEBUG"):
            raise
        print(f"{name}: {type(error).__name__}: {error} (REWIRE_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
