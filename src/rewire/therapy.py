"""Therapies and the plasticity they are said to use: the source article's table as data,
and a teaching protocol for each therapy that the memory models can run.

The simulations show what each *theory* predicts for a protocol shaped like a course of
therapy, not what a therapy does to a person. This course is education, not clinical
advice.

    from rewire import therapy
    therapy.TABLE                                    # the table, one Therapy per row
    p = therapy.course("exposure therapy")           # a Protocol: sessions, then relapse probes
    therapy.simulate("coherence therapy").tests      # run through LabileTrace
    therapy.simulate("EMDR", reading="reconsolidation")   # debated: name the reading

Teachers: the table is ``TABLE`` just below; edit it there (one place). The protocols are
the ``*_course`` functions further down.

How a course is written as a protocol (the same shape for every therapy, so only the
mechanism differs; all times in hours in the Protocol):

* the fear is learned in context ``"A"`` (``acquisition_trials`` paired trials), and therapy
  starts ``weeks_before_therapy`` weeks later, in the therapy room ``"T"``;
* ``sessions`` sessions, ``days_between_sessions`` apart, each with ``trials_per_session``
  encounters with the feared cue that end without the feared outcome. In the *new
  learning* reading these are extinction trials. In the *reconsolidation* reading each
  session first reactivates the memory (a ``retrieve`` reminder whose outcome does not
  come: the mismatch), and the encounters follow ``minutes_before_mismatch`` minutes later,
  inside the reconsolidation window;
* relapse probes, which the models do not learn from: ``"before therapy"`` and ``"end of
  therapy"`` (a day after the last session) in the therapy room; then, ``follow_up_days``
  after the last session, ``"at follow-up"`` in the therapy room, ``"in a new context"``
  (``"H"``, a place linked to neither fear nor therapy) and ``"after stress"`` (the same
  place, an hour after an unsignalled aversive event there).

Run the new-learning protocols through ContextGatedExtinction or LabileTrace (with no
reminder they give the same numbers) and the reconsolidation protocols through LabileTrace;
``simulate`` uses LabileTrace for both, so one theory answers both readings.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._checks import check_int, check_range
from .memory.labile_trace import LabileTrace
from .memory.protocol import Protocol

__all__ = [
    "Therapy", "TABLE", "READINGS", "PROBES", "find", "as_markdown",
    "cbt_course", "exposure_course", "emdr_course", "ifs_course", "coherence_therapy_course",
    "course", "simulate",
]

NEW_LEARNING = "new learning"
RECONSOLIDATION = "reconsolidation"
READINGS = (NEW_LEARNING, RECONSOLIDATION)

ACQUISITION_CONTEXT = "A"
THERAPY_CONTEXT = "T"
NEW_CONTEXT = "H"
PROBES = ("before therapy", "end of therapy", "at follow-up", "in a new context", "after stress")


@dataclass(frozen=True)
class Therapy:
    """One row of the table.

    Fields:
        name: the therapy.
        mechanism: its primary mechanism, in our words.
        plasticity: the type of plasticity the source assigns, in our words.
        source_says: the source table's own label for the type of plasticity, with its hedge.
        hedge: the source's hedge in a word or phrase ("" when it states the claim flatly).
        readings: the readings the course simulates ("new learning", "reconsolidation");
            two readings mean the mechanism is debated.
        evidence: what the evidence says, with citations.
    """

    name: str
    mechanism: str
    plasticity: str
    source_says: str
    hedge: str
    readings: tuple
    evidence: str

    @property
    def debated(self):
        """True when the course simulates two readings because the mechanism is disputed."""
        return len(self.readings) > 1


# ---------------------------------------------------------------------------------------
# The table (teachers: edit here)
# ---------------------------------------------------------------------------------------

TABLE = (
    Therapy(
        name="CBT",
        mechanism="learning new ways of thinking about the trigger (cognitive restructuring)",
        plasticity="new learning that inhibits the old response",
        source_says="Inhibition (new learning)",
        hedge="",
        readings=(NEW_LEARNING,),
        evidence=(
            "The new-learning account fits what laboratory extinction shows: the old "
            "response can come back with time, in a new context or after stress (Bouton "
            "2004; Rescorla 2004), and exposure-based CBT is now designed to make the new "
            "learning stronger and more general (Craske et al. 2014). Whether a course of "
            "CBT ever meets the conditions for reconsolidation has not been tested directly. "
            "Outcome evidence is strong, across many disorders (Hofmann et al. 2012), and the "
            "effects often last after treatment ends (Hollon, Stewart & Strunk 2006)."
        ),
    ),
    Therapy(
        name="Exposure therapy",
        mechanism="extinguishing the fear response by meeting the feared cue without harm",
        plasticity="new learning that inhibits the old response",
        source_says="Inhibition (new learning)",
        hedge="",
        readings=(NEW_LEARNING,),
        evidence=(
            "Exposure is the clinical form of extinction, which is new, context-dependent "
            "learning (Bouton 2004). A reconsolidation-based variant (a reminder before "
            "extinction) reduced the return of fear a little more than extinction alone "
            "in human studies, with a small-to-moderate pooled effect (g about 0.40) and no "
            "reliable effect in rodent fear studies (Kredlow et al. 2016), and the registered "
            "replication of Schiller et al. (2010) found no benefit (Chalkia et al. 2020). "
            "Outcome evidence for exposure is strong and often lasting, for example "
            "prolonged exposure for PTSD (Powers et al. 2010)."
        ),
    ),
    Therapy(
        name="EMDR",
        mechanism="reprocessing the memory while attention is taxed (eye movements)",
        plasticity="reconsolidation, perhaps; disputed",
        source_says="Possibly reconsolidation (debated)",
        hedge="possibly ... debated",
        readings=(NEW_LEARNING, RECONSOLIDATION),
        evidence=(
            "That EMDR acts through reconsolidation is a hypothesis: its sessions recall the "
            "memory, which could reactivate it, but no study has shown that they meet the "
            "boundary conditions (a prediction error inside the window) or rule out new "
            "learning. Human reconsolidation evidence is mixed (Elsey, van Ast & Kindt "
            "2018; Kredlow et al. 2016). The source itself says 'possibly' and 'debated'. "
            "The mechanism is a separate question from the outcome: EMDR has strong trial "
            "evidence for PTSD and is recommended for it (World Health Organization 2013)."
        ),
    ),
    Therapy(
        name="IFS",
        mechanism="unburdening exiled parts (Internal Family Systems)",
        plasticity="reconsolidation, perhaps, in sessions where unburdening succeeds",
        source_says="Possibly reconsolidation (when unburdening succeeds)",
        hedge="possibly ... when unburdening succeeds",
        readings=(NEW_LEARNING, RECONSOLIDATION),
        evidence=(
            "A hypothesis with no direct test that we know of: whether unburdening "
            "reactivates the memory and brings a mismatch inside the window has not been "
            "measured. Human reconsolidation evidence in general is mixed (Elsey, van Ast & "
            "Kindt 2018). The source hedges twice: 'possibly', and only 'when unburdening "
            "succeeds'. Outcome evidence is also thin: a randomised trial in rheumatoid "
            "arthritis (Shadick et al. 2013) and a second randomised pilot, in depression "
            "(Haddock et al. 2017)."
        ),
    ),
    Therapy(
        name="Coherence therapy",
        mechanism="a deliberately arranged mismatch experience after reactivating the memory",
        plasticity="reconsolidation, intended",
        source_says="Reconsolidation (by design)",
        hedge="by design",
        readings=(RECONSOLIDATION,),
        evidence=(
            "Developed in the late 1980s and 1990s as Depth-Oriented Brief Therapy (Ecker & "
            "Hulley 1996), before the revival of reconsolidation research; its authors later "
            "mapped its steps onto the laboratory conditions (reactivation, then a mismatch, "
            "repeated within the window; Ecker, Ticic & Hulley 2012), and 'by design' is its "
            "present intention. Its "
            "'about 5 hours' is the figure used in that literature; laboratory data put the "
            "window's close between 1 and 6 h (Nader et al. 2000; Monfils et al. 2009; "
            "Schiller et al. 2010). 'By design' describes the intention, not a "
            "demonstration: in humans, the Schiller et al. result did not replicate "
            "(Chalkia et al. 2020), the propranolol effect of Kindt et al. (2009) failed to "
            "replicate in several studies, and reviews find the evidence mixed (Kredlow et "
            "al. 2016; Elsey, van Ast & Kindt 2018). Outcome evidence: case reports, and no "
            "controlled trials that we know of."
        ),
    ),
)


_ALIASES = {
    "cbt": "CBT", "cognitive behavioural therapy": "CBT", "cognitive behavioral therapy": "CBT",
    "exposure": "Exposure therapy", "exposure therapy": "Exposure therapy",
    "emdr": "EMDR", "ifs": "IFS", "internal family systems": "IFS",
    "coherence": "Coherence therapy", "coherence therapy": "Coherence therapy",
}


def find(name):
    """The row of ``TABLE`` for a therapy (case-insensitive; "exposure", "coherence" work)."""
    key = _ALIASES.get(str(name).strip().lower(), str(name).strip())
    for row in TABLE:
        if row.name.lower() == key.lower():
            return row
    names = ", ".join(repr(row.name) for row in TABLE)
    raise ValueError(f"therapy must be one of {names}, got {name!r}")


def as_markdown():
    """The table as Markdown text (therapy, mechanism, type of plasticity as the source
    says it, hedge, readings simulated), for display in a notebook."""
    lines = ["| Therapy | Primary mechanism | Type of plasticity (source) | Hedge | Simulated readings |",
             "|---|---|---|---|---|"]
    for row in TABLE:
        lines.append(f"| {row.name} | {row.mechanism} | {row.source_says} | "
                     f"{row.hedge or '(none)'} | {', '.join(row.readings)} |")
    return "\n".join(lines)


def evidence_as_markdown():
    """What the evidence says for each row, as Markdown paragraphs, for display in a notebook."""
    return "\n\n".join(f"**{row.name}** ({row.source_says}). {row.evidence}" for row in TABLE)


def courses():
    """Every teaching course by label: one per therapy, two (one per reading) where the
    mechanism is debated. Label -> (therapy name, reading or None)."""
    return {
        f"{row.name} ({reading})" if row.debated else row.name: (row.name, reading if row.debated else None)
        for row in TABLE
        for reading in (row.readings if row.debated else row.readings[:1])
    }


# ---------------------------------------------------------------------------------------
# Teaching protocols
# ---------------------------------------------------------------------------------------


def _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                    acquisition_trials, weeks_before_therapy, minutes_before_mismatch=10):
    return dict(
        sessions=check_int("sessions", sessions, 1, 200),
        trials_per_session=check_int("trials_per_session", trials_per_session, 1, 1000),
        days_between_sessions=check_range("days_between_sessions", days_between_sessions, 0.0, 365.0,
                                          low_open=True),
        follow_up_days=check_range("follow_up_days", follow_up_days, 1.0, 3650.0, low_open=True),
        acquisition_trials=check_int("acquisition_trials", acquisition_trials, 1, 1000),
        weeks_before_therapy=check_range("weeks_before_therapy", weeks_before_therapy, 0.0, 520.0,
                                         low_open=True),
        minutes_before_mismatch=check_range("minutes_before_mismatch", minutes_before_mismatch,
                                            0.0, 48 * 60.0, low_open=True),
    )


def _build(session_kinds, sessions, trials_per_session, days_between_sessions, follow_up_days,
           acquisition_trials, weeks_before_therapy, minutes_before_mismatch):
    """The protocol: acquisition, the sessions (each "new learning" or "reconsolidation"),
    and the relapse probes."""
    p = (Protocol()
         .acquire(trials=acquisition_trials, context=ACQUISITION_CONTEXT)
         .wait(hours=weeks_before_therapy * 7 * 24)
         .test(context=THERAPY_CONTEXT, label="before therapy"))
    for number, kind in enumerate(session_kinds):
        if number:
            p = p.wait(hours=days_between_sessions * 24)
        if kind == RECONSOLIDATION:
            p = p.retrieve(context=THERAPY_CONTEXT).wait(hours=minutes_before_mismatch / 60)
        p = p.extinguish(trials=trials_per_session, context=THERAPY_CONTEXT)
    return (p.wait(hours=24)
            .test(context=THERAPY_CONTEXT, label="end of therapy")
            .wait(hours=(follow_up_days - 1) * 24)
            .test(context=THERAPY_CONTEXT, label="at follow-up")
            .test(context=NEW_CONTEXT, label="in a new context")
            .stress(context=NEW_CONTEXT)
            .wait(hours=1)
            .test(context=NEW_CONTEXT, label="after stress"))


def _reading(therapy, reading):
    row = find(therapy)
    if reading is None and row.debated:
        raise ValueError(
            f"reading must be 'new learning' or 'reconsolidation' for {row.name}: its mechanism "
            f"is debated (the source says {row.source_says!r}), so choose which reading to simulate")
    if reading is None:
        return row.readings[0]
    if reading not in row.readings:
        raise ValueError(f"reading must be one of {', '.join(map(repr, row.readings))} for {row.name}, "
                         f"got {reading!r}")
    return reading


def cbt_course(*, sessions=6, trials_per_session=10, days_between_sessions=7, follow_up_days=30,
               acquisition_trials=8, weeks_before_therapy=4):
    """CBT as new learning: each weekly session, the trigger is met (in imagination or in a
    behavioural experiment) and the feared consequence does not follow; each such encounter
    is one extinction trial in the therapy room. A teaching protocol, same dose as the
    others. Returns a Protocol (see the module docstring for its probes)."""
    values = _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                             acquisition_trials, weeks_before_therapy)
    return _build([NEW_LEARNING] * values["sessions"], **values)


def exposure_course(*, sessions=6, trials_per_session=10, days_between_sessions=7, follow_up_days=30,
                    acquisition_trials=8, weeks_before_therapy=4):
    """Exposure therapy as extinction: weekly sessions of repeated encounters with the
    feared cue, without the feared outcome, in the therapy room. Returns a Protocol."""
    values = _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                             acquisition_trials, weeks_before_therapy)
    return _build([NEW_LEARNING] * values["sessions"], **values)


def emdr_course(reading=None, *, sessions=6, trials_per_session=10, days_between_sessions=7,
                follow_up_days=30, acquisition_trials=8, weeks_before_therapy=4,
                minutes_before_mismatch=10):
    """EMDR, under one of two readings, because its mechanism is debated:

    * ``reading="new learning"``: each set of recall with eye movements is an encounter
      with the memory that ends safely (an extinction trial);
    * ``reading="reconsolidation"``: each session opens by reactivating the memory with a
      mismatch, and the sets follow inside the window.

    Neither reading is established (see ``find("EMDR").evidence``). Returns a Protocol."""
    reading = _reading("EMDR", reading)
    values = _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                             acquisition_trials, weeks_before_therapy, minutes_before_mismatch)
    return _build([reading] * values["sessions"], **values)


def ifs_course(reading=None, *, sessions=6, trials_per_session=10, days_between_sessions=7,
               follow_up_days=30, acquisition_trials=8, weeks_before_therapy=4,
               minutes_before_mismatch=10):
    """IFS, under one of two readings, because its mechanism is debated:

    * ``reading="new learning"``: every session is new learning (the exiled part's fear is
      met with a safe, compassionate response: extinction trials);
    * ``reading="reconsolidation"``: as the source says, only when unburdening succeeds; here
      the sessions are new learning until the last, in which unburdening succeeds: the
      memory is reactivated, and the mismatch follows inside the window.

    Neither reading is established (see ``find("IFS").evidence``). Returns a Protocol."""
    reading = _reading("IFS", reading)
    values = _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                             acquisition_trials, weeks_before_therapy, minutes_before_mismatch)
    kinds = [NEW_LEARNING] * values["sessions"]
    if reading == RECONSOLIDATION:
        kinds[-1] = RECONSOLIDATION
    return _build(kinds, **values)


def coherence_therapy_course(*, sessions=6, trials_per_session=10, days_between_sessions=7,
                             follow_up_days=30, acquisition_trials=8, weeks_before_therapy=4,
                             minutes_before_mismatch=10):
    """Coherence therapy as its designers intend it: each session reactivates the emotional
    memory (a reminder whose expected outcome does not come: the mismatch) and repeats the
    disconfirming experience ``minutes_before_mismatch`` minutes later, inside the window
    (the source's "about 5 hours"; try 360 minutes to see the window close in LabileTrace).
    Returns a Protocol."""
    values = _checked_course(sessions, trials_per_session, days_between_sessions, follow_up_days,
                             acquisition_trials, weeks_before_therapy, minutes_before_mismatch)
    return _build([RECONSOLIDATION] * values["sessions"], **values)


_COURSES = {
    "CBT": cbt_course,
    "Exposure therapy": exposure_course,
    "EMDR": emdr_course,
    "IFS": ifs_course,
    "Coherence therapy": coherence_therapy_course,
}


def course(therapy, reading=None, **options):
    """The teaching protocol of ``therapy`` (a name in ``TABLE``); ``reading`` is required
    for the debated ones (EMDR, IFS). ``options`` go to the ``*_course`` function."""
    row = find(therapy)
    reading = _reading(row.name, reading)
    build = _COURSES[row.name]
    if row.debated:
        return build(reading, **options)
    return build(**options)


def simulate(therapy, reading=None, model=None, **options):
    """Run the teaching protocol of ``therapy`` through ``model`` (default ``LabileTrace()``,
    which is ContextGatedExtinction when there is no reminder). Returns the model's Result;
    ``result.tests`` has the probes in ``PROBES``. What a theory predicts, not what a
    therapy does to a person."""
    protocol = course(therapy, reading, **options)
    return (LabileTrace() if model is None else model).run(protocol)
