"""Progress of long commands (`rewire site`, `rewire exercises`), in a terminal and in logs.

In a terminal, a tqdm bar redraws in place. In a log (CI, a file, a pipe) a bar that redraws
with carriage returns becomes one unreadable line, so there each report is a line of its
own, at most one every LOG_INTERVAL seconds, plus the final one.
"""
import os
import sys

from tqdm import tqdm

LOG_INTERVAL = 10  # seconds between progress lines in a log


class LogLines(tqdm):
    """A tqdm bar for logs: every report on its own line, never a carriage return."""

    def display(self, msg=None, pos=None):
        line = self.__str__() if msg is None else msg
        if not line:
            return False
        self.fp.write(line + "\n")
        self.fp.flush()
        return True

    def close(self):
        if not getattr(self, "disable", True) and self.last_print_n != self.n:
            self.display()  # how it ended, unless that line is already in the log
        self.leave = False  # tqdm's own last line would end with a carriage return
        super().close()


def is_terminal(file):
    """Whether `file` is a terminal with a width (a pseudo-terminal may report none)."""
    try:
        return file.isatty() and os.get_terminal_size(file.fileno()).columns > 0
    except (OSError, ValueError, AttributeError):
        return False


def progress(iterable=None, file=None, **options):
    """A progress bar on stderr (or `file`): tqdm in a terminal, LogLines elsewhere.
    Takes tqdm's options (total, desc, unit, ...)."""
    file = file or sys.stderr
    if is_terminal(file):
        return tqdm(iterable, file=file, **options)
    return LogLines(iterable, file=file, mininterval=LOG_INTERVAL, **options)


def follow_sphinx_build(app):
    """Report a Sphinx build's pages built (read, and executed for notebooks) of the total,
    with the time left; connected by docs/conf.py when `rewire site` runs the build."""
    bars = []

    def started(app, env, docnames):
        bars.append(progress(total=len(docnames), desc="pages built", unit="page"))

    def page_done(app, doctree):
        if bars:
            bars[-1].set_postfix_str(app.env.docname, refresh=False)
            bars[-1].update()

    def all_read(app, env):
        if bars:
            bars.pop().close()
        print("writing the HTML pages", file=sys.stderr, flush=True)

    app.connect("env-before-read-docs", started)
    app.connect("doctree-read", page_done)
    app.connect("env-updated", all_read)
