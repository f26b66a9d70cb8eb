"""One experiment, written once, run through any theory of memory change.

A Protocol is an immutable list of steps (acquire, retrieve, extinguish, expose, wait,
test, stress, block protein synthesis); each method returns a new Protocol with one more
step.
Time is in hours. Trials within a block are ``trial_interval_minutes`` apart, and a block
ends one interval after its last trial. ``events()`` turns the steps into what a model
consumes: trials (with their absolute time, phase, context, cue and outcome) and the
moments a protein-synthesis inhibitor is given.

The text form (``str(protocol)``, ``Protocol.parse``) is one step a line:

    acquire trials=3 context=A cue=CS
    wait hours=24
    retrieve context=A cue=CS outcome=no
    extinguish trials=18 context=A cue=CS
    test context=A cue=CS label="a month later"
    stress context=A
    expose trials=10 context=A
    block protein synthesis

**The rule for tests: a test is a probe.** Every model reads the response out at a test
and learns nothing from it, as if each test were given to its own group of animals. The
reason: the published designs the models are scored against (``rewire.memory.designs``)
compare groups tested once (renewal ABA against ABC against AAA, reminder against no
reminder), and a probe that taught the model would make a protocol's later tests depend on
how many probes came before, which the experiment did not have. When the animal's test
session itself matters, as in the fading of reinstated fear over test trials (Rescorla &
Heth 1975), write that session as the steps the animal experiences (``extinguish`` trials,
whose responses are in ``Result.trials``) with probes between them. ``LatentCause``
follows the rule too, although the authors' MATLAB code learns from test trials (see its
docstring).
"""
from __future__ import annotations

import math
import re
import shlex
from dataclasses import dataclass, field, replace

from .._checks import check_int, check_range

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
DEFAULT_CUE = "CS"
PHASES = ("acquire", "retrieve", "extinguish", "expose", "test", "stress")


class ProtocolError(ValueError):
    """A protocol step or text line that does not make sense; says which and why."""


@dataclass(frozen=True)
class Step:
    """One step of a protocol, as written."""

    kind: str
    trials: int = 0
    hours: float = 0.0
    context: str | None = None
    cue: str | None = None
    outcome: bool = False
    label: str | None = None


@dataclass(frozen=True)
class Trial:
    """One trial: at ``time_hours`` the ``cue`` (None for an unsignalled event) is shown in
    ``context``, followed by the aversive outcome if ``outcome``. Tests carry their label."""

    time_hours: float
    phase: str
    context: str
    cue: str | None
    outcome: bool
    label: str | None = None


@dataclass(frozen=True)
class Blockade:
    """A protein-synthesis inhibitor given at ``time_hours`` (Nader, Schafe & LeDoux 2000)."""

    time_hours: float


def _name(what, value):
    if not isinstance(value, str) or not NAME.match(value):
        raise ProtocolError(
            f"{what} must be a name such as 'A' or 'CS' (a letter, then letters, digits, _ or -), got {value!r}"
        )
    return value


def _checked(step):
    """The step with its values validated, or a ProtocolError naming the problem."""
    try:
        if step.kind in ("acquire", "extinguish", "retrieve", "expose"):
            step = replace(step, trials=check_int("trials", step.trials, 1, 10_000))
        if step.kind == "wait":
            step = replace(step, hours=check_range("hours", step.hours, 0.0, 24 * 365 * 10, low_open=True))
    except ValueError as error:
        raise ProtocolError(f"{step.kind}: {error}") from None
    if step.kind in PHASES:
        _name("context", step.context)
    if step.kind in ("acquire", "retrieve", "extinguish", "test"):
        _name("cue", step.cue)
    if step.kind == "test" and (not isinstance(step.label, str) or not step.label.strip()):
        raise ProtocolError(f"test: label must be a non-empty text, got {step.label!r}")
    if not isinstance(step.outcome, bool):
        raise ProtocolError(f"{step.kind}: outcome must be True or False, got {step.outcome!r}")
    return step


@dataclass(frozen=True)
class Protocol:
    """An experiment as a sequence of steps; immutable, each method returns a new one.

    >>> p = Protocol().acquire(trials=3, context="A").wait(hours=24).test(context="A", label="recall")
    """

    steps: tuple[Step, ...] = ()
    trial_interval_minutes: float = field(default=2.0)

    def __post_init__(self):
        check_range("trial_interval_minutes", self.trial_interval_minutes, 0.0, 24 * 60.0, low_open=True)

    def _with(self, step):
        step = _checked(step)
        if step.kind == "test" and step.label in self.test_labels():
            raise ProtocolError(f"test: the label {step.label!r} is used twice; give each test its own label")
        return replace(self, steps=self.steps + (step,))

    def acquire(self, trials=1, context="A", cue=DEFAULT_CUE):
        """The cue paired with the aversive outcome, ``trials`` times."""
        return self._with(Step("acquire", trials=trials, context=context, cue=cue, outcome=True))

    def retrieve(self, context="A", cue=DEFAULT_CUE, outcome=False, trials=1):
        """A reminder: one brief cue presentation (the laboratory reminder), or ``trials``
        of them in a row for a longer re-exposure (Suzuki et al. 2004); ``outcome=True``
        brings the outcome too (no prediction error)."""
        return self._with(Step("retrieve", trials=trials, context=context, cue=cue, outcome=outcome))

    def extinguish(self, trials=1, context="A", cue=DEFAULT_CUE):
        """The cue alone, ``trials`` times."""
        return self._with(Step("extinguish", trials=trials, context=context, cue=cue))

    def expose(self, trials=1, context="A"):
        """The context alone, without cue or outcome, ``trials`` times (context extinction,
        as after the reinstating shocks of Bouton & Bolles 1979)."""
        return self._with(Step("expose", trials=trials, context=context))

    def wait(self, hours):
        """Time passes with nothing happening."""
        return self._with(Step("wait", hours=hours))

    def test(self, context="A", label="test", cue=DEFAULT_CUE):
        """One cue-alone probe; the conditioned response is reported under ``label``."""
        return self._with(Step("test", trials=1, context=context, cue=cue, label=label))

    def stress(self, context="A"):
        """An unsignalled aversive event in ``context`` (reinstatement)."""
        return self._with(Step("stress", trials=1, context=context, outcome=True))

    def block_protein_synthesis(self):
        """A protein-synthesis inhibitor, given now: it acts on the memory just reactivated."""
        return self._with(Step("block"))

    def test_labels(self):
        """The labels of the tests, in order."""
        return [step.label for step in self.steps if step.kind == "test"]

    def events(self):
        """The trials and blockades of the protocol, in time order, with absolute times in hours."""
        interval_hours = self.trial_interval_minutes / 60.0
        now = 0.0
        for step in self.steps:
            if step.kind == "wait":
                now += step.hours
            elif step.kind == "block":
                yield Blockade(now)
            else:
                for _ in range(step.trials):
                    yield Trial(now, step.kind, step.context, step.cue, step.outcome, step.label)
                    now += interval_hours

    def __str__(self):
        return "\n".join(_line(step) for step in self.steps)

    @classmethod
    def parse(cls, text, trial_interval_minutes=2.0):
        """The protocol a text describes (the form ``str`` writes); a ProtocolError names the
        line and the problem."""
        protocol = cls(trial_interval_minutes=trial_interval_minutes)
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                protocol = _parse_line(protocol, line)
            except ProtocolError as error:
                raise ProtocolError(f"line {number} ({line!r}): {error}") from None
        return protocol


def _line(step):
    if step.kind == "block":
        return "block protein synthesis"
    if step.kind == "wait":
        hours = repr(step.hours)  # the shortest text that reads back to the same number
        return f"wait hours={hours.removesuffix('.0')}"
    words = [step.kind]
    if step.kind in ("acquire", "extinguish", "expose") or (step.kind == "retrieve" and step.trials != 1):
        words.append(f"trials={step.trials}")
    words.append(f"context={step.context}")
    if step.cue is not None:
        words.append(f"cue={step.cue}")
    if step.kind == "retrieve":
        words.append(f"outcome={'yes' if step.outcome else 'no'}")
    if step.kind == "test":
        words.append(f"label={shlex.quote(step.label)}")
    return " ".join(words)


_ALLOWED = {
    "acquire": {"trials", "context", "cue"},
    "retrieve": {"context", "cue", "outcome", "trials"},
    "expose": {"trials", "context"},
    "extinguish": {"trials", "context", "cue"},
    "wait": {"hours"},
    "test": {"context", "cue", "label"},
    "stress": {"context"},
}


def _parse_line(protocol, line):
    if re.fullmatch(r"block\s+protein\s+synthesis", line):
        return protocol.block_protein_synthesis()
    try:
        kind, *pairs = shlex.split(line)
    except ValueError as error:
        raise ProtocolError(f"cannot read it ({error})") from None
    if kind not in _ALLOWED:
        raise ProtocolError(f"unknown step {kind!r}; steps are {', '.join(_ALLOWED)} and 'block protein synthesis'")
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in _ALLOWED[kind]:
            raise ProtocolError(f"{kind} takes {', '.join(sorted(_ALLOWED[kind]))} as key=value, got {pair!r}")
        values[key] = _value(key, value)
    return getattr(protocol, kind)(**values)


def _value(key, text):
    if key == "trials":
        if not re.fullmatch(r"-?\d+", text):
            raise ProtocolError(f"trials must be a whole number, got {text!r}")
        return int(text)
    if key == "hours":
        try:
            hours = float(text)
        except ValueError:
            raise ProtocolError(f"hours must be a number, got {text!r}") from None
        if not math.isfinite(hours):
            raise ProtocolError(f"hours must be a finite number, got {text!r}")
        return hours
    if key == "outcome":
        if text not in ("yes", "no"):
            raise ProtocolError(f"outcome must be yes or no, got {text!r}")
        return text == "yes"
    return text
