"""The classic designs of extinction and reconsolidation research, written once as Protocols.

Apps, tests, puzzles and ``rewire.memory.scoring`` build their experiments here, so that
"the Monfils design" means one protocol everywhere. Each function returns a Protocol
whose test (or tests) carry the labels given below; every group of a between-groups
design is its own Protocol (tests are probes: see ``rewire.memory.protocol``).

Times are in hours. Unless a design says otherwise, fear is learned in context A with
``acquisition_trials`` pairings, a day passes, and extinction is ``extinction_trials``
cue-alone trials.

    Bouton, M. E. (2004). Context and behavioral processes in extinction. Learn Mem 11:485-494.
    Rescorla, R. A. (2004). Spontaneous recovery. Learn Mem 11:501-509.
    Quirk, G. J. (2002). Memory for extinction of conditioned fear is long-lasting and
    persists following spontaneous recovery. Learn Mem 9:402-407.
    Rescorla, R. A. & Heth, C. D. (1975). Reinstatement of fear to an extinguished
    conditioned stimulus. J Exp Psychol Anim Behav Process 1:88-96.
    Bouton, M. E. & Bolles, R. C. (1979). Role of conditioned contextual stimuli in
    reinstatement of extinguished fear. J Exp Psychol Anim Behav Process 5:368-378.
    Napier, R. M., Macrae, M. & Kehoe, E. J. (1992). Rapid reacquisition in conditioning of
    the rabbit's nictitating membrane response. J Exp Psychol Anim Behav Process 18:182-192.
    Monfils, M.-H. et al. (2009). Science 324:951-955.
    Schiller, D. et al. (2010). Nature 463:49-53.
    Nader, K., Schafe, G. E. & LeDoux, J. E. (2000). Nature 406:722-726.
"""
from __future__ import annotations

from .._checks import check_int, check_range
from .protocol import Protocol

__all__ = [
    "DAY", "MONTH", "RENEWAL_DESIGNS", "spontaneous_recovery", "renewal", "reinstatement",
    "reinstatement_over_tests", "reacquisition", "monfils", "schiller", "nader",
]

DAY = 24.0
MONTH = 30 * DAY
RENEWAL_DESIGNS = ("ABA", "ABC", "AAB", "AAA")
TEST = "test"


def _trials(name, value):
    return check_int(name, value, 1, 1000)


def _extinguished(acquisition_trials, extinction_trials, acquire_in="A", extinguish_in="A", gap_hours=DAY):
    """Acquisition, a day (``gap_hours``), extinction: the first half of every relapse design."""
    return (Protocol()
            .acquire(trials=_trials("acquisition_trials", acquisition_trials), context=acquire_in)
            .wait(hours=check_range("acquisition_to_extinction_hours", gap_hours, 0.0, 24 * 365.0, low_open=True))
            .extinguish(trials=_trials("extinction_trials", extinction_trials), context=extinguish_in))


def spontaneous_recovery(delay_hours=DAY, *, acquisition_trials=8, extinction_trials=18,
                         acquisition_to_extinction_hours=DAY):
    """Extinction in A, then a test in A ``delay_hours`` later (label ``"test"``); fear
    returns more the longer the delay (Rescorla 2004; Quirk 2002, who gave 7 pairings and
    20 extinction trials an hour later)."""
    delay = check_range("delay_hours", delay_hours, 0.0, 24 * 365 * 10.0, low_open=True)
    return (_extinguished(acquisition_trials, extinction_trials, gap_hours=acquisition_to_extinction_hours)
            .wait(hours=delay).test(context="A", label=TEST))


def renewal(design="ABA", *, acquisition_trials=8, extinction_trials=18, delay_hours=DAY,
            stress_before_test=False):
    """Renewal: ``design`` names the contexts of acquisition, extinction and test (one of
    ``RENEWAL_DESIGNS``, or any three context letters); the test comes ``delay_hours``
    after extinction (Bouton 2004). With ``stress_before_test`` an unsignalled shock in the
    test context comes an hour before the test (renewal and reinstatement together)."""
    if not (isinstance(design, str) and len(design) == 3 and design.isalpha() and design.isupper()):
        raise ValueError(f"design must be three context letters such as {', '.join(RENEWAL_DESIGNS)}, got {design!r}")
    acquire_in, extinguish_in, test_in = design
    delay = check_range("delay_hours", delay_hours, 1.0, 24 * 365 * 10.0, low_open=True)
    protocol = _extinguished(acquisition_trials, extinction_trials, acquire_in, extinguish_in)
    if stress_before_test:
        return protocol.wait(hours=delay - 1).stress(context=test_in).wait(hours=1).test(context=test_in, label=TEST)
    return protocol.wait(hours=delay).test(context=test_in, label=TEST)


def reinstatement(stress_in="A", *, stresses=1, context_exposures=0, stress_to_test_hours=DAY,
                  acquisition_trials=8, extinction_trials=18):
    """Reinstatement: a day after extinction in A, ``stresses`` unsignalled shocks in
    ``stress_in`` (None: no shock, the control group), then ``context_exposures`` trials of
    the test context alone (Bouton & Bolles 1979 extinguished it), and a test in A
    ``stress_to_test_hours`` after the shocks. Reinstatement needs the shocks in the test
    context (Bouton & Bolles 1979)."""
    stresses = check_int("stresses", stresses, 1, 100)
    exposures = check_int("context_exposures", context_exposures, 0, 1000)
    wait = check_range("stress_to_test_hours", stress_to_test_hours, 0.0, 24 * 365 * 10.0, low_open=True)
    protocol = _extinguished(acquisition_trials, extinction_trials).wait(hours=DAY)
    if stress_in is not None:
        for _ in range(stresses):
            protocol = protocol.stress(context=stress_in)
    if exposures:
        protocol = protocol.expose(trials=exposures, context="A")
    return protocol.wait(hours=wait).test(context="A", label=TEST)


def reinstatement_over_tests(n_tests=4, trials_between_tests=4, *, stresses=1, acquisition_trials=8,
                             extinction_trials=18):
    """Reinstated fear over a test session (Rescorla & Heth 1975): shocks in A a day after
    extinction, a day later probes ``"test 1"`` ... ``"test n"`` with
    ``trials_between_tests`` cue-alone trials (the session itself) between them."""
    n_tests = check_int("n_tests", n_tests, 1, 50)
    between = check_int("trials_between_tests", trials_between_tests, 1, 100)
    stresses = check_int("stresses", stresses, 1, 100)
    protocol = _extinguished(acquisition_trials, extinction_trials).wait(hours=DAY)
    for _ in range(stresses):
        protocol = protocol.stress(context="A")
    protocol = protocol.wait(hours=DAY)
    for number in range(1, n_tests + 1):
        if number > 1:
            protocol = protocol.extinguish(trials=between, context="A")
        protocol = protocol.test(context="A", label=f"test {number}")
    return protocol


def reacquisition(reacquisition_trials=1, *, extinguished=True, acquisition_trials=8, extinction_trials=18):
    """Reacquisition: ``reacquisition_trials`` pairings in A a day after extinction
    (``extinguished=True``), or the same pairings in a cue never trained (``False``, the
    control), and a test in A a day later. Reacquisition is usually faster than first
    acquisition (Napier, Macrae & Kehoe 1992), though slow after long extinction in
    conditioned suppression (Bouton 1986)."""
    trials = _trials("reacquisition_trials", reacquisition_trials)
    if extinguished:
        protocol = _extinguished(acquisition_trials, extinction_trials).wait(hours=DAY)
    else:
        protocol = Protocol()
    return protocol.acquire(trials=trials, context="A").wait(hours=DAY).test(context="A", label=TEST)


def monfils(reminder_hours_before_extinction=None, *, acquisition_trials=3, extinction_trials=18,
            test_after_hours=MONTH, test_context="A", stress_before_test=False):
    """Monfils et al. (2009): three pairings, a day later a reminder (None: no reminder)
    ``reminder_hours_before_extinction`` before ``extinction_trials`` cue-alone trials,
    and a test ``test_after_hours`` after extinction in ``test_context`` (their
    spontaneous recovery, renewal and, with ``stress_before_test``, reinstatement tests:
    an unsignalled shock in the test context an hour before)."""
    protocol = Protocol().acquire(trials=_trials("acquisition_trials", acquisition_trials), context="A").wait(hours=DAY)
    if reminder_hours_before_extinction is not None:
        gap = check_range("reminder_hours_before_extinction", reminder_hours_before_extinction, 0.0, 24 * 365.0,
                          low_open=True)
        protocol = protocol.retrieve(context="A").wait(hours=gap)
    after = check_range("test_after_hours", test_after_hours, 1.0, 24 * 365 * 10.0, low_open=True)
    protocol = protocol.extinguish(trials=_trials("extinction_trials", extinction_trials), context="A")
    if stress_before_test:
        return protocol.wait(hours=after - 1).stress(context=test_context).wait(hours=1).test(
            context=test_context, label=TEST)
    return protocol.wait(hours=after).test(context=test_context, label=TEST)


def schiller(reminder_hours_before_extinction=1 / 6, *, pairings=3, extinction_trials=18):
    """Schiller et al. (2010), within subjects: two cues (``CSa``, ``CSb``) paired in turn, a
    day later a reminder of CSa only, ``reminder_hours_before_extinction`` later both
    extinguished in turn, and a day later a test of each (``"reminded"``, ``"not
    reminded"``): fear returns to the cue that was not reminded."""
    gap = check_range("reminder_hours_before_extinction", reminder_hours_before_extinction, 0.0, 24 * 365.0,
                      low_open=True)
    protocol = Protocol()
    for _ in range(_trials("pairings", pairings)):
        protocol = protocol.acquire(trials=1, cue="CSa").acquire(trials=1, cue="CSb")
    protocol = protocol.wait(hours=DAY).retrieve(cue="CSa").wait(hours=gap)
    for _ in range(_trials("extinction_trials", extinction_trials)):
        protocol = protocol.extinguish(trials=1, cue="CSa").extinguish(trials=1, cue="CSb")
    return protocol.wait(hours=DAY).test(cue="CSa", label="reminded").test(cue="CSb", label="not reminded")


def nader(reminder=True, blocker_hours_after_reminder=None, *, reminder_outcome=False, acquisition_trials=3,
          memory_age_days=1.0, reminder_trials=1, test_after_hours=DAY):
    """Nader, Schafe & LeDoux (2000): training, ``memory_age_days`` later a reminder (or
    none) of ``reminder_trials`` cue presentations, a protein-synthesis blocker
    ``blocker_hours_after_reminder`` after it (None: vehicle), and a test
    ``test_after_hours`` after the reminder (their post-reactivation long-term memory
    test, 24 h). The boundary-condition arguments give the designs of Milekic & Alberini
    2002 (age), Wang, de Oliveira Alvares & Nader 2009 (strength: 10 pairings) and Suzuki
    et al. 2004 (reminder duration)."""
    age = check_range("memory_age_days", memory_age_days, 0.0, 3650.0, low_open=True)
    after = check_range("test_after_hours", test_after_hours, 0.0, 24 * 365.0, low_open=True)
    protocol = Protocol().acquire(trials=_trials("acquisition_trials", acquisition_trials), context="A")
    protocol = protocol.wait(hours=age * DAY)
    if reminder:
        protocol = protocol.retrieve(context="A", outcome=reminder_outcome,
                                     trials=_trials("reminder_trials", reminder_trials))
    if blocker_hours_after_reminder is not None:
        delay = check_range("blocker_hours_after_reminder", blocker_hours_after_reminder, 0.0, after)
        if delay > 0:
            protocol = protocol.wait(hours=delay)
            after -= delay
        protocol = protocol.block_protein_synthesis()
        if after == 0.0:
            raise ValueError("blocker_hours_after_reminder must come before the test (test_after_hours)")
    return protocol.wait(hours=after).test(context="A", label=TEST)
