"""The command line of `make grade`, `make feedback` and `make collect`."""
import argparse
import sys
from pathlib import Path

from rewire.grading import pipeline
from rewire.grading.collect import NotCollectable, collect
from rewire.grading.sandbox import SandboxUnavailable


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rewire.grading", description="Grade, feed back, collect.")
    commands = parser.add_subparsers(dest="command", required=True)
    grade_parser = commands.add_parser("grade", help="grade every submission in submitted/")
    grade_parser.add_argument("assignments", nargs="*", help="only these assignments")
    grade_parser.add_argument("--root", default=".")
    grade_parser.add_argument("--unsandboxed", action="store_true",
                              help="run student code as yourself, without the sandbox (unsafe)")
    grade_parser.add_argument("--workers", type=int, default=None, help="submissions graded at once (default: cores)")
    refresh_parser = commands.add_parser("feedback", help="after grading by hand: feedback and grades.csv again")
    refresh_parser.add_argument("--root", default=".")
    collect_parser = commands.add_parser("collect", help="file downloaded notebooks into submitted/")
    collect_parser.add_argument("path")
    collect_parser.add_argument("--root", default=".")
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if args.command == "grade":
        try:
            settings = pipeline.configure(pipeline.cell_timeout(extra), args.unsandboxed, args.workers)
        except SandboxUnavailable as error:
            print(error, file=sys.stderr)
            return 2
        report = pipeline.grade(args.root, args.assignments or None, settings)
        if (Path(args.root) / "grades.csv").exists():
            flagged = sorted({row[0] for row in report})
            print(f"grades.csv and feedback/ written; {len(flagged)} student(s) flagged in feedback/integrity_report.csv")
    elif args.command == "feedback":
        pipeline.refresh(args.root)
        print("feedback/ and grades.csv written again, with the scores given by hand")
    else:
        try:
            unfiled = collect(args.path, args.root)
        except NotCollectable as error:
            print(error, file=sys.stderr)
            return 2
        print("collected into submitted/")
        for name in unfiled:
            print(f"NOT FILED: {name} (name it <student>_<notebook>.ipynb or <student>/<notebook>.ipynb)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
