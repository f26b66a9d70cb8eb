"""Why the distinction matters: the source article's four puzzles, each as a teaching simulation.

The source article lists four puzzles that, it says, the distinction between inhibition
(new learning) and memory updating (reconsolidation) explains. Each function below turns one
puzzle into a simulation with the memory models of ``rewire.memory`` (no new theory of
extinction or reconsolidation is written here) and returns a small frozen dataclass that a
lesson can plot directly and a slider can drive (each run takes a few milliseconds):

* ``lasting_change``: why some changes last. The same relapse probes after a course of
  inhibition and after a course of updating.
* ``know_but_feel``: "I know but I can't feel it". A declarative belief that instruction
  updates in one step, beside a learned emotional response that instruction does not touch.
* ``sudden_breakthrough``: a long course of gradual inhibition with one session in which the
  conditions for reconsolidation happen to be met.
* ``symptom_cycling``: one core learning expressed in several areas of life; therapies that
  inhibit one expression at a time, and an update of the core.

Every function is **a teaching model**: it shows what the theories in ``rewire.memory``
predict for a protocol shaped like the puzzle, not what happens in a person or what a
therapy does. The memory models are teaching formalisations themselves (Bouton 2004 for
``ContextGatedExtinction``; Nader, Schafe & LeDoux 2000 and Lee 2009 for ``LabileTrace``).
The source article presents reconsolidation-based change as permanent, relapse-free and
context-general; the evidence in people is mixed (the registered replication of Schiller et
al. 2010 found no effect: Chalkia et al. 2020; meta-analysis: Kredlow et al. 2016; review:
Elsey, van Ast & Kindt 2018). This course is education, not clinical advice.

Conventions: the Protocol runs in hours; parameters carry their unit in their name
(``days_between_sessions``, ``minutes_before_mismatch``); responses are conditioned
responses from 0 (no fear) to 1 (full fear). Every argument is validated with ``_checks``
(a ValueError names the parameter and its range); the ranges keep each run well under
50 ms. Result arrays are read-only.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import therapy
from ._checks import check_int, check_range
from .memory.labile_trace import LabileTrace
from .memory.protocol import Blockade, Protocol

__all__ = [
    "LastingChange", "KnowButFeel", "Breakthrough", "SymptomCycling",
    "lasting_change", "know_but_feel", "sudden_breakthrough", "symptom_cycling",
]

ACQUISITION_CONTEXT = "A"   # where the fear was learned
THERAPY_CONTEXT = "T"       # the therapy room
NEW_CONTEXT = "H"           # a place linked to neither the fear nor the therapy
FOLLOW_UP = therapy.PROBES[2]  # "at follow-up", as in the therapy courses
RELAPSE_PROBES = ("end of therapy", FOLLOW_UP, "in a new context", "after stress")


def _read_only(values, dtype=float):
    array = np.array(values, dtype=dtype)
    array.flags.writeable = False
    return array


def _check_bool(name, value):
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def _sessions(value, name="sessions", most=30):
    return check_int(name, value, 1, most)


def _trials(value, name="trials_per_session", most=50):
    return check_int(name, value, 1, most)


def _days_between_sessions(value):
    return check_range("days_between_sessions", value, 0.0, 365.0, low_open=True)


def _follow_up_days(value):
    return check_range("follow_up_days", value, 1.0, 3650.0, low_open=True)


def _minutes_before_mismatch(value):
    return check_range("minutes_before_mismatch", value, 1.0, 48 * 60.0)


def _acquisition_trials(value):
    return check_int("acquisition_trials", value, 1, 50)


def _weeks_before_therapy(value):
    return check_range("weeks_before_therapy", value, 0.0, 520.0, low_open=True)


def _with_relapse_probes(protocol, follow_up_days, cue="CS"):
    """Append the relapse probes (the shape of rewire.therapy's courses): a day after the
    last session in the therapy room, then ``follow_up_days`` after it in the therapy room,
    in a new context, and an hour after an unsignalled aversive event in that context."""
    return (protocol.wait(hours=24)
            .test(context=THERAPY_CONTEXT, label=RELAPSE_PROBES[0], cue=cue)
            .wait(hours=(follow_up_days - 1) * 24)
            .test(context=THERAPY_CONTEXT, label=RELAPSE_PROBES[1], cue=cue)
            .test(context=NEW_CONTEXT, label=RELAPSE_PROBES[2], cue=cue)
            .stress(context=NEW_CONTEXT)
            .wait(hours=1)
            .test(context=NEW_CONTEXT, label=RELAPSE_PROBES[3], cue=cue))


# ---------------------------------------------------------------------------------------
# Puzzle 1: why some changes last
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LastingChange:
    """The same probes after a course of inhibition and after a course of updating.

    Fields:
        probes: probe names, in time order: ``"before therapy"``, ``"end of therapy"`` (a
            day after the last session), then ``follow_up_days`` after the last session
            ``"at follow-up"`` (therapy room), ``"in a new context"`` and ``"after stress"``
            (an hour after an unsignalled aversive event in that new context). The last three
            are the relapse probes.
        after_inhibition: (n_probes,) fear at each probe after the exposure-like course.
        after_updating: (n_probes,) fear at each probe after the reminder + mismatch course.
    """

    probes: tuple
    after_inhibition: np.ndarray
    after_updating: np.ndarray

    def relapse_probes(self):
        """The names of the relapse probes (those after the end of therapy)."""
        return self.probes[2:]


def lasting_change(*, sessions=6, trials_per_session=10, days_between_sessions=7.0,
                   follow_up_days=30.0, minutes_before_mismatch=10.0):
    """Puzzle 1, why some changes last: the same relapse probes after inhibition and after
    updating. A teaching model.

    Both courses are ``rewire.therapy``'s teaching protocols, run through ``LabileTrace``
    (which is ``ContextGatedExtinction`` whenever no reminder is given): the fear is learned
    in context A, and four weeks later ``sessions`` weekly sessions in the therapy room each
    bring ``trials_per_session`` encounters with the feared cue that end safely.

    * Inhibition (``therapy.exposure_course``): the encounters are extinction trials; they
      write a new, context-gated inhibitory memory and leave the original one intact.
    * Updating (``therapy.coherence_therapy_course``): each session first reactivates the
      memory with a reminder whose expected outcome does not come (the mismatch), and the
      encounters follow ``minutes_before_mismatch`` minutes later, inside the window, where
      they rewrite the original trace.

    Arguments (keyword only):
        sessions: sessions in each course, integer in [1, 30]. Default 6.
        trials_per_session: encounters per session, integer in [1, 50]. Default 10.
        days_between_sessions: days from one session to the next, in (0, 365]. Default 7.
        follow_up_days: days from the last session to the relapse probes, in (1, 3650].
            Default 30.
        minutes_before_mismatch: minutes from the reminder to the encounters in the updating
            course, in [1, 2880]. Default 10; about 360 (6 h) lets the window close, and the
            updating course then behaves like the inhibition course.

    Returns a ``LastingChange``. With the defaults both courses end with almost no fear
    (0.06 and 0.00 a day after the last session); after inhibition the fear returns at
    follow-up (0.43), in a new context (0.63) and after stress (0.68); after updating it
    stays near 0 (0.01, 0.03, 0.03).

    Illustrates: the return of fear after extinction (spontaneous recovery, renewal and
    reinstatement: Bouton 2004; Rescorla 2004) and its prevention by retrieval shortly
    before extinction (Monfils et al. 2009 in rats; Schiller et al. 2010 in humans). The
    human result did not replicate in a registered replication (Chalkia et al. 2020), and
    the pooled human effect is small to moderate (Kredlow et al. 2016): the simulation shows
    what the theories predict, not that a therapy achieves it.
    """
    options = dict(
        sessions=_sessions(sessions),
        trials_per_session=_trials(trials_per_session),
        days_between_sessions=_days_between_sessions(days_between_sessions),
        follow_up_days=_follow_up_days(follow_up_days),
    )
    minutes = _minutes_before_mismatch(minutes_before_mismatch)
    model = LabileTrace()
    inhibition = model.run(therapy.exposure_course(**options)).tests
    updating = model.run(therapy.coherence_therapy_course(minutes_before_mismatch=minutes, **options)).tests
    return LastingChange(
        probes=therapy.PROBES,
        after_inhibition=_read_only([inhibition[name] for name in therapy.PROBES]),
        after_updating=_read_only([updating[name] for name in therapy.PROBES]),
    )


# ---------------------------------------------------------------------------------------
# Puzzle 2: "I know but I can't feel it"
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnowButFeel:
    """Two systems, one story: what the person believes and what the person feels.

    Fields:
        stages: moments of the main story, in time order: ``"after learning"``, ``"after
            instruction"``, ``"after updating"``, ``"at follow-up"``.
        times_hours: (n_stages,) hours from the start of learning to each moment.
        expectancy: (n_stages,) the declarative expectancy (belief that the outcome will
            follow the cue), 0 to 1.
        fear: (n_stages,) the learned emotional response (conditioned fear), 0 to 1.
        blocker_stages: moments of the other direction (Kindt et al. 2009):
            ``"after learning"``, ``"a day after the reminder"``.
        blocker_expectancy: (2,) the expectancy, the same whether the reminder was given
            with the blocker or with a placebo (the blocker does not act on the belief).
        placebo_fear: (2,) fear when the reminder is given with a placebo.
        blocker_fear: (2,) fear when the reminder is given with a blocker of restabilisation
            (in the model, a protein-synthesis blocker; in Kindt et al., propranolol).
    """

    stages: tuple
    times_hours: np.ndarray
    expectancy: np.ndarray
    fear: np.ndarray
    blocker_stages: tuple
    blocker_expectancy: np.ndarray
    placebo_fear: np.ndarray
    blocker_fear: np.ndarray


def _declarative_expectancy(protocol, learning_rate, instructed_at=(), credibility=1.0, cue="CS"):
    """The declarative system of ``know_but_feel``: the expectancy at each test of ``protocol``.

    It learns from every trial with the cue (acquire, retrieve, extinguish) with a delta
    rule, ``e += learning_rate * (outcome - e)``; just before each test whose label is in
    ``instructed_at`` the instruction "the outcome will not come" moves it in one step,
    ``e *= 1 - credibility``. Tests, unsignalled events and blockers leave it unchanged.
    """
    expectancy = 0.0
    at_tests = {}
    for event in protocol.events():
        if isinstance(event, Blockade) or event.cue != cue:
            continue
        if event.phase == "test":
            if event.label in instructed_at:
                expectancy *= 1.0 - credibility
            at_tests[event.label] = expectancy
        else:
            expectancy += learning_rate * (float(event.outcome) - expectancy)
    return at_tests


def know_but_feel(*, acquisition_trials=8, instruction_credibility=1.0,
                  expectancy_learning_rate=0.3, mismatch_trials=10,
                  minutes_before_mismatch=10.0, follow_up_days=30.0):
    """Puzzle 2, "I know but I can't feel it": a belief changed by instruction beside a
    learned emotional response that instruction does not touch. **A teaching model** (two
    systems written for this course, not a published model).

    The two systems:

    * **Declarative expectancy** (what the person believes will happen): learns from each
      encounter with the cue by a delta rule (``expectancy_learning_rate``) and is moved in
      one step by an instruction such as "the shock electrodes have been removed":
      ``expectancy *= 1 - instruction_credibility``.
    * **The learned emotional response** (what the person feels): the conditioned fear of
      ``LabileTrace`` (ContextGatedExtinction's learning plus reconsolidation). It stands
      for fear-potentiated startle, the one measure that instruction left in place in
      Sevenster, Beckers & Kindt (2012); skin conductance followed the instruction there,
      so it is not what this fear models. Instruction
      is not an event this system receives: only experience (extinction trials, new
      inhibitory learning that can fade) or updating inside the reconsolidation window
      changes it. In this model the mismatch that opens the trace is the emotional system's
      own: it still expects the outcome after the instruction, so a reminder still surprises
      it.

    The story (main fields): ``acquisition_trials`` paired trials in context A; a day later the fear and the
    expectancy are measured (``"after learning"``); the instruction is given and both are
    measured again (``"after instruction"``: the expectancy falls to near 0, the fear stays
    high: "I know but I can't feel it"); then a reminder with mismatch, followed
    ``minutes_before_mismatch`` minutes later by ``mismatch_trials`` encounters without the
    outcome (``"after updating"``, a day later: the fear is gone too); and
    ``follow_up_days`` later (``"at follow-up"``: still gone). With the window closed
    (``minutes_before_mismatch`` about 360) the encounters are ordinary extinction: the fear
    falls, then returns at follow-up while the belief stays at 0.

    The other direction (``blocker_*`` fields): after the same learning, a reminder given
    with a blocker of restabilisation erases the fear a day later while the expectancy is
    the same as with a placebo.

    Arguments (keyword only):
        acquisition_trials: paired trials that build the fear and the belief, integer in
            [1, 50]. Default 8.
        instruction_credibility: how far the instruction moves the belief toward "no
            outcome", in [0, 1]. Default 1 (fully believed).
        expectancy_learning_rate: learning rate of the belief per encounter, in (0, 1].
            Default 0.3 (a teaching choice).
        mismatch_trials: encounters without the outcome after the reminder, integer in
            [1, 50]. Default 10.
        minutes_before_mismatch: minutes from the reminder to the encounters, in
            [1, 2880]. Default 10 (inside the window).
        follow_up_days: days from the updating session to the follow-up, in (1, 3650].
            Default 30.

    Returns a ``KnowButFeel``. With the defaults: expectancy 0.94 / 0.00 / 0.00 / 0.00 and
    fear 0.90 / 0.90 / 0.04 / 0.05 over the four stages; with a blocker the fear a day after
    the reminder is 0.00 (placebo 0.90: a brief reminder alone changes nothing, as in the
    vehicle groups of Nader et al. 2000) and the expectancy is 0.66 in both arms.

    Empirical hooks. Instruction: Sevenster, Beckers & Kindt (2012, Psychophysiology
    49:1426-1435) told people before extinction that the shock would no longer follow the
    cue; the instruction abolished the shock-expectancy ratings and the skin-conductance
    response but not the fear-potentiated startle, which also recovered later. The other
    direction: Kindt, Soeter & Vervliet (2009, Nature Neuroscience 12:256-258) gave
    propranolol (a beta-blocker, oral, before a brief reactivation of the memory, so that
    it acted while the memory was labile); a day later the startle fear response was gone
    and did not return after extinction and reinstatement, while the verbal shock
    expectancy was unaffected. The dissociation runs both ways, which is why the model has
    two systems. Caution: the propranolol effect failed to replicate in several studies
    (for example Bos, Beckers & Kindt 2014, Frontiers in Behavioral Neuroscience 8:412;
    Chalkia et al. 2019, Frontiers in Human Neuroscience 13:51); reviews find human
    reconsolidation evidence mixed (Elsey, van Ast & Kindt 2018). The source article's
    "cortical versus subcortical" reading of the puzzle is its interpretation; the model
    only says that two systems learning by different rules can disagree.
    """
    acquisition_trials = _acquisition_trials(acquisition_trials)
    credibility = check_range("instruction_credibility", instruction_credibility, 0.0, 1.0)
    rate = check_range("expectancy_learning_rate", expectancy_learning_rate, 0.0, 1.0, low_open=True)
    mismatch_trials = _trials(mismatch_trials, "mismatch_trials")
    minutes = _minutes_before_mismatch(minutes_before_mismatch)
    follow_up_days = _follow_up_days(follow_up_days)

    stages = ("after learning", "after instruction", "after updating", FOLLOW_UP)
    learned = (Protocol()
               .acquire(trials=acquisition_trials, context=ACQUISITION_CONTEXT)
               .wait(hours=24)
               .test(context=ACQUISITION_CONTEXT, label=stages[0]))
    story = (learned
             .test(context=ACQUISITION_CONTEXT, label=stages[1])
             .retrieve(context=ACQUISITION_CONTEXT)
             .wait(hours=minutes / 60.0)
             .extinguish(trials=mismatch_trials, context=ACQUISITION_CONTEXT)
             .wait(hours=24)
             .test(context=ACQUISITION_CONTEXT, label=stages[2])
             .wait(hours=(follow_up_days - 1) * 24)
             .test(context=ACQUISITION_CONTEXT, label=stages[3]))
    model = LabileTrace()
    result = model.run(story)
    times = {record["label"]: record["time_hours"] for record in result.trials if record["phase"] == "test"}
    belief = _declarative_expectancy(story, rate, instructed_at=(stages[1],), credibility=credibility)

    blocker_stages = ("after learning", "a day after the reminder")
    reminded = learned.retrieve(context=ACQUISITION_CONTEXT)
    placebo = reminded.wait(hours=24).test(context=ACQUISITION_CONTEXT, label=blocker_stages[1])
    blocked = (reminded.block_protein_synthesis().wait(hours=24)
               .test(context=ACQUISITION_CONTEXT, label=blocker_stages[1]))
    placebo_tests = model.run(placebo).tests
    blocker_tests = model.run(blocked).tests
    blocker_belief = _declarative_expectancy(blocked, rate)

    return KnowButFeel(
        stages=stages,
        times_hours=_read_only([times[stage] for stage in stages]),
        expectancy=_read_only([belief[stage] for stage in stages]),
        fear=_read_only([result.tests[stage] for stage in stages]),
        blocker_stages=blocker_stages,
        blocker_expectancy=_read_only([blocker_belief[stage] for stage in blocker_stages]),
        placebo_fear=_read_only([placebo_tests[stage] for stage in blocker_stages]),
        blocker_fear=_read_only([blocker_tests[stage] for stage in blocker_stages]),
    )


# ---------------------------------------------------------------------------------------
# Puzzle 3: sudden breakthroughs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakthrough:
    """Fear session by session in a long course of inhibition, with or without one
    breakthrough session.

    Fields:
        sessions: (n_sessions,) session numbers 1, 2, ...
        days: (n_sessions,) day of each session, counted from the first (0, 7, 14, ...).
        fear_at_start: (n_sessions,) fear at the start of each session, before its first
            encounter (after the week's spontaneous recovery).
        fear_at_end: (n_sessions,) fear right after the session's last encounter.
        breakthrough_session: the session in which the reconsolidation conditions were met,
            or None.
        probes: ``"end of therapy"``, ``"at follow-up"``, ``"in a new context"``,
            ``"after stress"`` (as in ``lasting_change``).
        probe_fear: (4,) fear at each probe.

    Plot ``fear_at_start`` and ``fear_at_end`` against ``sessions`` (or interleave them
    with ``sawtooth()``) to see the saw-tooth: fear falls within each session and comes
    partly back before the next.
    """

    sessions: np.ndarray
    days: np.ndarray
    fear_at_start: np.ndarray
    fear_at_end: np.ndarray
    breakthrough_session: int | None
    probes: tuple
    probe_fear: np.ndarray

    def sawtooth(self):
        """(x, y) for one line through the course: session k's start at x = k and its end
        at x = k + 0.5, so that the fall within a session and the return between sessions
        alternate."""
        x = np.ravel(np.column_stack([self.sessions, self.sessions + 0.5]))
        y = np.ravel(np.column_stack([self.fear_at_start, self.fear_at_end]))
        return x, y


def sudden_breakthrough(*, n_sessions=20, breakthrough_session=12, trials_per_session=3,
                        breakthrough_trials=10, days_between_sessions=7.0,
                        minutes_before_mismatch=10.0, acquisition_trials=8,
                        weeks_before_therapy=4.0, follow_up_days=30.0):
    """Puzzle 3, sudden breakthroughs: many sessions of gradual inhibition, and one session
    in which the conditions for reconsolidation are met by accident. A teaching model.

    The fear is learned in context A (``acquisition_trials`` paired trials);
    ``weeks_before_therapy`` weeks later, ``n_sessions`` sessions in the therapy room,
    ``days_between_sessions`` apart, each bring ``trials_per_session`` encounters with the
    feared cue that end safely (extinction trials, run through ``LabileTrace``, which is
    ``ContextGatedExtinction`` when no reminder is given). Fear is probed (without learning)
    at the start and end of every session. Between sessions the inhibitory memory is
    retrieved less (spontaneous recovery), so each week starts with some fear back: a
    saw-tooth that declines gradually and then levels off at a floor it cannot pass.

    In session ``breakthrough_session`` the memory is reactivated vividly with a mismatch (a
    reminder whose expected outcome does not come) and ``breakthrough_trials`` encounters
    follow ``minutes_before_mismatch`` minutes later, inside the window: the original trace
    is rewritten. From the next session on, the fear at the start of sessions no longer
    comes back: a step change. ``breakthrough_session=None`` gives the course without it.

    Arguments (keyword only):
        n_sessions: sessions in the course, integer in [1, 60]. Default 20.
        breakthrough_session: the session (1 to ``n_sessions``) in which the conditions are
            met, or None for none. Default 12.
        trials_per_session: encounters per ordinary session, integer in [1, 20]. Default 3
            (few, so that the decline is gradual).
        breakthrough_trials: encounters inside the window in the breakthrough session,
            integer in [1, 50]. Default 10 (the mismatch repeated, as the source's
            conditions ask). With as few as ``trials_per_session`` the trace is only partly
            rewritten: the fear stays down in the therapy room but part of it returns in a
            new context.
        days_between_sessions: days from one session to the next, in (0, 365]. Default 7.
        minutes_before_mismatch: minutes from the reminder to the encounters in the
            breakthrough session, in [1, 2880]. Default 10; about 360 lets the window close
            and the breakthrough session becomes an ordinary one.
        acquisition_trials: paired trials that built the fear, integer in [1, 50].
            Default 8.
        weeks_before_therapy: weeks from learning to the first session, in (0, 520].
            Default 4.
        follow_up_days: days from the last session to the follow-up probes, in
            (1, 3650]. Default 30.

    Returns a ``Breakthrough``. With the defaults the fear at the start of sessions falls
    0.72, 0.46, 0.35, 0.31, ... and levels off at about 0.27 (within sessions it falls to
    about 0); after the breakthrough in session 12 it is 0.00 at every later session, and
    the probes give 0.00 at the end of therapy, at follow-up and in a new context, 0.04
    after stress. Without the breakthrough the floor stays at 0.27 to the last session and
    the probes give 0.06 / 0.43 / 0.63 / 0.68.

    Illustrates: spontaneous recovery between sessions of extinction and its floor (Bouton
    2004; Rescorla 2004), and the prevention of the return of fear by retrieval before
    extinction (Monfils et al. 2009; Schiller et al. 2010; not replicated by Chalkia et al.
    2020). Sudden gains are a real clinical observation: in cognitive-behavioural therapy
    for depression many patients improve by a large step between two sessions (Tang &
    DeRubeis 1999, J Consult Clin Psychol 67:894-904), whose authors linked the gains to
    cognitive change in the session before. That such breakthroughs happen because the
    reconsolidation conditions were met by accident is the source article's hypothesis,
    not a finding.
    """
    n_sessions = _sessions(n_sessions, "n_sessions", most=60)
    if breakthrough_session is not None:
        breakthrough_session = check_int("breakthrough_session", breakthrough_session, 1, n_sessions)
    trials_per_session = _trials(trials_per_session, most=20)
    breakthrough_trials = _trials(breakthrough_trials, "breakthrough_trials")
    days_between = _days_between_sessions(days_between_sessions)
    minutes = _minutes_before_mismatch(minutes_before_mismatch)
    acquisition_trials = _acquisition_trials(acquisition_trials)
    weeks = _weeks_before_therapy(weeks_before_therapy)
    follow_up_days = _follow_up_days(follow_up_days)

    p = (Protocol()
         .acquire(trials=acquisition_trials, context=ACQUISITION_CONTEXT)
         .wait(hours=weeks * 7 * 24))
    for session in range(1, n_sessions + 1):
        if session > 1:
            p = p.wait(hours=days_between * 24)
        p = p.test(context=THERAPY_CONTEXT, label=f"start {session}")
        if session == breakthrough_session:
            p = (p.retrieve(context=THERAPY_CONTEXT)
                 .wait(hours=minutes / 60.0)
                 .extinguish(trials=breakthrough_trials, context=THERAPY_CONTEXT))
        else:
            p = p.extinguish(trials=trials_per_session, context=THERAPY_CONTEXT)
        p = p.test(context=THERAPY_CONTEXT, label=f"end {session}")
    p = _with_relapse_probes(p, follow_up_days)
    tests = LabileTrace().run(p).tests

    numbers = np.arange(1, n_sessions + 1)
    return Breakthrough(
        sessions=_read_only(numbers, dtype=int),
        days=_read_only((numbers - 1) * days_between),
        fear_at_start=_read_only([tests[f"start {k}"] for k in numbers]),
        fear_at_end=_read_only([tests[f"end {k}"] for k in numbers]),
        breakthrough_session=breakthrough_session,
        probes=RELAPSE_PROBES,
        probe_fear=_read_only([tests[name] for name in RELAPSE_PROBES]),
    )


# ---------------------------------------------------------------------------------------
# Puzzle 4: cycling through therapies
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SymptomCycling:
    """Fear of each symptom after each therapy episode.

    Fields:
        stages: ``"before therapy"``, then ``"after therapy for S1"``, ... (a day after each
            inhibition episode), then ``"after updating the core"`` (when ``update_core``),
            then ``"at follow-up"``.
        symptoms: symptom names ``"S1"``, ``"S2"``, ...
        treated: (n_stages,) what each stage's episode treated: a symptom name, ``"core"``,
            or None (before therapy, follow-up).
        fear: (n_stages, n_symptoms) fear of each symptom at each stage, 0 to 1.
    """

    stages: tuple
    symptoms: tuple
    treated: tuple
    fear: np.ndarray

    def fear_of(self, symptom):
        """(n_stages,) the fear of one symptom across the stages."""
        return self.fear[:, self.symptoms.index(symptom)]


CORE_CUE = "core"


def symptom_cycling(*, n_symptoms=3, update_core=True, sessions_per_episode=6,
                    trials_per_session=10, days_between_episodes=90.0,
                    minutes_before_mismatch=10.0, acquisition_trials=8, follow_up_days=30.0):
    """Puzzle 4, cycling through therapies: one core learning expressed through several
    symptoms; therapies that inhibit one symptom at a time, and an update of the core. A
    teaching model.

    **Symptom substitution is the source article's hypothesis, and it is weakly supported.**
    The article says that when therapies only inhibit, the core emotional learning persists
    and produces new symptoms as old ones are suppressed. Behaviour-therapy outcome research
    has generally not found that new symptoms replace successfully treated ones; when
    untreated problems change, they more often improve along with the treated one
    (generalisation, response covariation; Kazdin 1982, "Symptom substitution,
    generalization, and response covariation: implications for psychotherapy outcome",
    Psychological Bulletin 91:349-365). This model does not produce new symptoms either:
    it shows that untreated expressions of a core learning stay, and treated ones return.

    The formalisation (a teaching choice that uses the existing models unchanged): the core
    learning is one acquisition memory (cue ``"core"``, e.g. an emotional schema such as
    "if I show need, I am rejected"), learned in context A with ``acquisition_trials``
    paired trials. Symptom k is that core learning met in one area of life, context
    ``"S<k>"``. The acquisition memory generalises to every area (at 0.8 in
    ``ContextGatedExtinction``), so every symptom inherits fear from the core; extinction is
    context-specific (it generalises at 0.3), which is Bouton's (2004) account of renewal.

    * Inhibition episodes: symptom 1, 2, ... in turn, ``days_between_episodes`` apart, each
      a course of ``sessions_per_episode`` weekly sessions of ``trials_per_session``
      extinction trials in that symptom's context. The treated symptom falls to near 0; the
      others fall only by the small share of inhibition that generalises; earlier treated
      symptoms come partly back as their inhibition fades (spontaneous recovery).
    * Updating the core (``update_core=True``): ``days_between_episodes`` after the last
      episode, one session in the therapy room: a reminder of the core learning with
      mismatch and, ``minutes_before_mismatch`` minutes later, ``trials_per_session``
      encounters without the outcome, inside the window (``LabileTrace``). The original
      trace is rewritten, so every symptom falls, including those never treated.

    Fear of each symptom is probed (without learning) before therapy, a day after each
    episode, and ``follow_up_days`` after the last episode.

    Arguments (keyword only):
        n_symptoms: symptoms (areas of life) expressing the core, integer in [1, 6].
            Default 3.
        update_core: whether a final session updates the core, True or False. Default True.
        sessions_per_episode: weekly sessions in each inhibition episode, integer in
            [1, 12]. Default 6.
        trials_per_session: encounters per session, integer in [1, 30]. Default 10.
        days_between_episodes: days from the end of one episode to the start of the next,
            in (0, 3650]. Default 90.
        minutes_before_mismatch: minutes from the reminder to the encounters in the
            updating session, in [1, 2880]. Default 10.
        acquisition_trials: paired trials that built the core learning, integer in
            [1, 50]. Default 8.
        follow_up_days: days from the last episode to the follow-up, in (1, 3650].
            Default 30.

    Returns a ``SymptomCycling``. With the defaults (S1, S2, S3): before therapy 0.72 each;
    after therapy for S1: 0.06, 0.52, 0.52; after S2: 0.26, 0.05, 0.46; after S3: 0.20, 0.23,
    0.04; after updating the core 0.00 each, and 0.00 at follow-up. Without the update the
    follow-up gives 0.29, 0.31, 0.33.
    """
    n_symptoms = check_int("n_symptoms", n_symptoms, 1, 6)
    update_core = _check_bool("update_core", update_core)
    sessions_per_episode = _sessions(sessions_per_episode, "sessions_per_episode", most=12)
    trials_per_session = _trials(trials_per_session, most=30)
    gap_days = check_range("days_between_episodes", days_between_episodes, 0.0, 3650.0, low_open=True)
    minutes = _minutes_before_mismatch(minutes_before_mismatch)
    acquisition_trials = _acquisition_trials(acquisition_trials)
    follow_up_days = _follow_up_days(follow_up_days)

    symptoms = tuple(f"S{k}" for k in range(1, n_symptoms + 1))
    stages, treated = [], []

    def probe(protocol, stage, what):
        stages.append(stage)
        treated.append(what)
        for symptom in symptoms:
            protocol = protocol.test(context=symptom, cue=CORE_CUE, label=f"{stage}|{symptom}")
        return protocol

    p = (Protocol()
         .acquire(trials=acquisition_trials, context=ACQUISITION_CONTEXT, cue=CORE_CUE)
         .wait(hours=4 * 7 * 24))
    p = probe(p, "before therapy", None)
    for number, symptom in enumerate(symptoms):
        if number:
            p = p.wait(hours=gap_days * 24)
        for session in range(sessions_per_episode):
            if session:
                p = p.wait(hours=7 * 24)
            p = p.extinguish(trials=trials_per_session, context=symptom, cue=CORE_CUE)
        p = probe(p.wait(hours=24), f"after therapy for {symptom}", symptom)
    if update_core:
        p = (p.wait(hours=gap_days * 24)
             .retrieve(context=THERAPY_CONTEXT, cue=CORE_CUE)
             .wait(hours=minutes / 60.0)
             .extinguish(trials=trials_per_session, context=THERAPY_CONTEXT, cue=CORE_CUE))
        p = probe(p.wait(hours=24), "after updating the core", CORE_CUE)
    p = probe(p.wait(hours=(follow_up_days - 1) * 24), FOLLOW_UP, None)
    tests = LabileTrace().run(p).tests

    return SymptomCycling(
        stages=tuple(stages),
        symptoms=symptoms,
        treated=tuple(treated),
        fear=_read_only([[tests[f"{stage}|{symptom}"] for symptom in symptoms] for stage in stages]),
    )
