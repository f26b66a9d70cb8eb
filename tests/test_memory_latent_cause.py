"""Specifications of rewire.memory.LatentCause, in hours-based protocols.

Model: Gershman, Monfils, Norman & Niv 2017, eLife 6:e23763, ported from the authors' code
(github.com/sjgershm/memory-modification, imm_localmap.m and imm_run.m). Phenomena:
Monfils et al. 2009 (retrieval-extinction), Nader, Schafe & LeDoux 2000 (protein-synthesis
inhibitor after reactivation), Schiller et al. 2010 (only the reminded cue is spared).

The last group of tests pins the model's honest limits (where its window closes in hours,
what it is sensitive to): these are properties the lesson teaches, not bugs.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewire.memory import Protocol
from rewire.memory import designs
from rewire.memory.latent_cause import LatentCause, power_law_time_units

MONTH_HOURS = 24 * 30


def monfils(reminder_hours_before_extinction=None, acquisition_trials=3, test_after_hours=MONTH_HOURS):
    """Acquire, a day later (reminder, wait) extinguish 18 trials, test after a delay
    (rewire.memory.designs)."""
    return designs.monfils(reminder_hours_before_extinction, acquisition_trials=acquisition_trials,
                           test_after_hours=test_after_hours)


def end_of_extinction(result):
    return [trial["response"] for trial in result.trials if trial["phase"] == "extinguish"][-1]


def cr_at_test(reminder_hours_before_extinction=None, model=None, **protocol):
    model = model or LatentCause()
    return model.run(monfils(reminder_hours_before_extinction, **protocol)).tests["test"]


# --- Monfils et al. 2009: retrieval-extinction ---------------------------------------------


def test_without_a_reminder_fear_returns_a_month_after_extinction():
    result = LatentCause().run(monfils(None))
    assert end_of_extinction(result) < 0.3  # 0.22: extinguished
    assert result.tests["test"] > 0.95  # 0.998: back a month later
    assert result.tests["test"] > end_of_extinction(result) + 0.6


def test_a_reminder_ten_minutes_before_extinction_prevents_the_return_of_fear():
    result = LatentCause().run(monfils(1 / 6))
    assert end_of_extinction(result) < 0.1
    assert result.tests["test"] < 0.1  # 0.043
    assert result.tests["test"] < cr_at_test(None) - 0.8


def test_a_reminder_long_before_extinction_lets_fear_return():
    # "Long" is a week in this model's single time scale (see the window tests below).
    assert cr_at_test(24 * 7) > 0.8  # 0.864
    assert cr_at_test(24 * 7) > cr_at_test(1 / 6) + 0.7


def test_without_a_reminder_extinction_is_learned_by_a_new_cause_after_one_it_rewrites_the_old():
    # The mechanism, read from the records: the inferred cause of each trial.
    no_reminder = LatentCause().run(monfils(None)).trials
    assert {t["cause"] for t in no_reminder if t["phase"] == "acquire"} == {0}
    assert {t["cause"] for t in no_reminder if t["phase"] == "extinguish"} == {1}
    assert no_reminder[-1]["cause"] == 1 and no_reminder[-1]["n_causes"] == 2
    reminded = LatentCause().run(monfils(1 / 6)).trials
    assert {t["cause"] for t in reminded} == {0} and reminded[-1]["n_causes"] == 1
    # The acquisition cause's weight for the cue: kept without a reminder, erased with one.
    assert no_reminder[-1]["cue_weights"][0] > 0.5
    assert reminded[-1]["cue_weights"][0] < 0.05


# --- Nader, Schafe & LeDoux 2000: protein-synthesis inhibitor ------------------------------


def nader(reminder=True, blocker_hours_after_reminder=0.0, blocker=True, outcome=False):
    protocol = designs.nader(reminder, blocker_hours_after_reminder if blocker else None, reminder_outcome=outcome)
    return LatentCause().run(protocol).tests["test"]


def test_a_blocker_right_after_a_reminder_leaves_less_fear_at_test():
    assert nader(blocker=False) > 0.95  # reminder alone: 1.0
    assert nader() < 0.55  # 0.44
    assert nader() < nader(blocker=False) - 0.4


def test_a_blocker_without_a_reminder_leaves_fear_intact():
    assert nader(reminder=False) > 0.95
    assert nader(reminder=False) == pytest.approx(nader(reminder=False, blocker=False))


def test_a_blocker_six_hours_after_the_reminder_does_nothing():
    assert nader(blocker_hours_after_reminder=6) == pytest.approx(nader(blocker=False), abs=1e-12)


def test_a_reminder_that_brings_the_outcome_is_not_disrupted_by_the_blocker():
    # No prediction error, no updating of the old cause, nothing for the blocker to shrink.
    assert nader(outcome=True) > 0.95


def test_the_blocker_shrinks_the_reminded_cause_in_the_iterations_after_the_reminder():
    # imm_localmap.m shrinks w_k by (1 - q_k) in each of the (here 3) iterations after the
    # reminder: the acquisition cause's weight falls from 0.49 to 0.03.
    protocol = Protocol().acquire(trials=3).wait(hours=24).retrieve()
    plain = LatentCause().run(protocol.wait(hours=1).test(label="t")).trials[3]
    blocked = LatentCause().run(protocol.block_protein_synthesis().wait(hours=1).test(label="t")).trials[3]
    assert blocked["cue_weights"][0] < 0.1 * plain["cue_weights"][0]


# --- Schiller et al. 2010: only the reminded cue is spared ---------------------------------


def schiller(reminder_hours_before_extinction=1 / 6, model=None):
    """Two cues trained interleaved, a day later a reminder of CSa only, then interleaved
    extinction of both, and a test of each a day later (rewire.memory.designs)."""
    # imm_run.m (design 14) simulates Schiller 2010 with its own response function,
    # theta 0.0016 and lambda 0.00008; with the defaults neither cue's fear returns.
    protocol = designs.schiller(reminder_hours_before_extinction)
    return (model or LatentCause(theta=0.0016, lambda_=0.00008)).run(protocol).tests


def test_fear_returns_to_the_cue_that_was_not_reminded_but_not_to_the_reminded_one():
    tests = schiller()
    assert tests["reminded"] < 0.05  # 0.000
    assert tests["not reminded"] > 0.4  # 0.55
    assert tests["not reminded"] > tests["reminded"] + 0.4


# --- The honest limits: what the lesson teaches about this model --------------------------


def test_the_default_time_map_puts_a_day_and_ten_minutes_at_the_papers_units():
    model = LatentCause()
    assert model.wait_units(24) == pytest.approx(20, abs=0.2)  # paper: 20
    assert model.wait_units(1 / 6) == pytest.approx(3, abs=0.05)  # paper: 3
    # ...but one scale cannot also put 6 h at the paper's 100 units (nor a month at 200).
    assert model.wait_units(6) == pytest.approx(11.75, abs=0.01)
    assert model.wait_units(MONTH_HOURS) == pytest.approx(72.5, abs=0.1)
    assert model.wait_units(0) == 0
    assert power_law_time_units(24.0) == pytest.approx(model.wait_units(24))


def window_closes_hours():
    """The smallest reminder-extinction gap (hours) after which fear returns a month later,
    by bisection on the test CR (it jumps from about 0.04 to about 0.88)."""
    low, high = 24.0, MONTH_HOURS
    assert cr_at_test(low) < 0.5 < cr_at_test(high)
    while high - low > 0.05:
        middle = (low + high) / 2
        low, high = (low, middle) if cr_at_test(middle) > 0.5 else (middle, high)
    return high


def test_in_one_time_scale_the_window_closes_after_days_not_six_hours():
    # A property the lesson teaches, not a bug. Monfils 2009 and Schiller 2010 found fear
    # back when the reminder came 6 h before extinction. This model, with one increasing
    # map from hours to its time units, keeps the window open for almost four days: the
    # paper's simulation got its "6 h" result by giving 6 h 100 units and 24 h only 20;
    # no increasing map gives all three Monfils results at once (see the module).
    assert cr_at_test(6) < 0.1  # 0.042: a reminder 6 h before still prevents return of fear
    closes = window_closes_hours()
    assert 80 < closes < 105  # measured: 92.4 h, about 3.9 days
    assert cr_at_test(closes - 1) < 0.1 and cr_at_test(closes + 1) > 0.8  # a sharp switch of cause


def test_the_window_does_not_depend_on_when_fear_is_tested():
    # It is where extinction switches to a new cause; the test delay only scales recovery.
    for test_after_hours in (24 * 7, MONTH_HOURS):
        assert cr_at_test(90, test_after_hours=test_after_hours) < 0.1
        assert cr_at_test(95, test_after_hours=test_after_hours) > 0.7


def test_in_this_model_a_blocker_must_come_within_about_half_a_minute_of_the_reminder():
    # Reconstructed timing (see the module): the inhibitor acts in the update iterations
    # still to come, and the first one, which decides the effect, is over 1 model unit
    # (33 s with the default map) after the reminder. Laboratory blockers act over hours.
    assert nader(blocker_hours_after_reminder=20 / 3600) < 0.55
    assert nader(blocker_hours_after_reminder=1 / 60) > 0.95


def test_return_of_fear_without_a_reminder_needs_the_papers_three_acquisition_trials():
    # Sensitive, as the paper warns: with 4 trials extinction stays with the acquisition
    # cause even without a reminder (the original code does the same with its own units).
    assert cr_at_test(None, acquisition_trials=3) > 0.95
    assert cr_at_test(None, acquisition_trials=4) < 0.1


def test_cue_specificity_here_comes_from_the_extra_reminder_trial_not_its_timing():
    # In the paper's Schiller simulation, as here, every trial joins one cause; the reminded
    # cue is spared because it had one more unreinforced trial under a very sharp response
    # function. So a reminder a week before extinction spares it too.
    tests = schiller(reminder_hours_before_extinction=24 * 7)
    assert tests["reminded"] < 0.05 and tests["not reminded"] > 0.4
    defaults = schiller(model=LatentCause())
    assert max(defaults.values()) < 0.1


def test_contexts_are_ignored_by_default_as_in_the_papers_simulations():
    def renewal(model):
        p = Protocol().acquire(trials=3, context="A").wait(hours=24).extinguish(trials=18, context="B")
        return model.run(p.wait(hours=24).test(context="A", label="ABA").test(context="B", label="ABB")).tests

    default = renewal(LatentCause())
    assert default["ABA"] == pytest.approx(
        LatentCause().run(Protocol().acquire(trials=3).wait(hours=24).extinguish(trials=18)
                          .wait(hours=24).test(label="ABA")).tests["ABA"])
    with_contexts = renewal(LatentCause(context_salience=1.0))
    assert with_contexts["ABA"] > 0.9 > 0.1 > with_contexts["ABB"]  # renewal once contexts count


# --- The port itself ----------------------------------------------------------------------

PAPER_UNITS = {24.0: 20.0, 1 / 6: 3.0, 6.0: 100.0, float(MONTH_HOURS): 200.0}


def paper_units(hours):
    """imm_run.m's intervals for the waits of its Monfils and Nader designs."""
    return np.array([next(u for h, u in PAPER_UNITS.items() if abs(h - w) < 1e-6) for w in hours])


@pytest.mark.parametrize(
    "steps, expected",
    [
        # imm_run.m designs 1-3 (Monfils 2009): no reminder (19 extinction trials), a
        # reminder 3 units or 100 units before extinction; values of imm_localmap.m.
        (lambda p: p.extinguish(trials=19), 0.991248),
        (lambda p: p.retrieve().wait(hours=1 / 6).extinguish(trials=18), 0.067099),
        (lambda p: p.retrieve().wait(hours=6).extinguish(trials=18), 0.847421),
    ],
)
def test_with_the_papers_time_units_the_port_gives_the_original_codes_numbers(steps, expected):
    protocol = steps(Protocol().acquire(trials=3).wait(hours=24)).wait(hours=MONTH_HOURS).test(label="t")
    assert LatentCause(time_units=paper_units).run(protocol).tests["t"] == pytest.approx(expected, abs=1e-6)


def test_with_the_papers_time_units_the_blocker_gives_the_original_codes_number():
    # imm_run.m design 6 (one acquisition trial, reminder with the inhibitor, test).
    protocol = (Protocol().acquire(trials=1).wait(hours=24).retrieve().block_protein_synthesis()
                .wait(hours=24).test(label="t"))
    assert LatentCause(time_units=paper_units).run(protocol).tests["t"] == pytest.approx(0.646988, abs=1e-6)


def test_a_replaced_time_map_is_used_and_checked():
    protocol = monfils(1 / 6)
    same = LatentCause(time_units=lambda hours: 5.95 * hours**0.38).run(protocol)
    assert same.tests == LatentCause().run(protocol).tests
    with pytest.raises(ValueError, match="time_units"):
        LatentCause(time_units=lambda hours: -hours).run(protocol)
    with pytest.raises(ValueError, match="time_units"):
        LatentCause(time_units="fast")


def test_the_defaults_are_the_published_ones():
    model = LatentCause()
    published = dict(alpha=0.1, g=1.0, eta=0.3, sigma_r2=0.4, sigma_x2=1.0, theta=0.02, lambda_=0.01,
                     max_iter=3, max_causes=15)
    assert {name: getattr(model, name) for name in published} == published


@pytest.mark.parametrize(
    "name, value",
    [("alpha", 0), ("alpha", -1), ("g", -0.1), ("g", 11), ("eta", 1.5), ("sigma_r2", 0), ("sigma_x2", -1),
     ("theta", float("nan")), ("lambda_", 0), ("max_iter", 0), ("max_iter", 2.5), ("max_causes", 0),
     ("context_salience", 2), ("time_scale", 0), ("time_exponent", 0), ("alpha", "0.1"), ("eta", True)],
)
def test_parameters_out_of_range_are_refused_with_their_name(name, value):
    with pytest.raises(ValueError, match=name):
        LatentCause(**{name: value})


def test_records_carry_the_posterior_and_the_cause():
    result = LatentCause().run(monfils(1 / 6))
    for trial in result.trials:
        assert math.fsum(trial["posterior"]) == pytest.approx(1.0)
        assert 0 <= trial["cause"] < trial["n_causes"] <= 15
        assert len(trial["cue_weights"]) == trial["n_causes"]
    times = [trial["model_time"] for trial in result.trials]
    assert times[0] == 0 and all(b - a >= 1 for a, b in zip(times, times[1:]))


# --- Properties ---------------------------------------------------------------------------

step = st.one_of(
    st.tuples(st.just("acquire"), st.integers(1, 4), st.sampled_from("AB"), st.sampled_from(["CS", "CS2"])),
    st.tuples(st.just("extinguish"), st.integers(1, 6), st.sampled_from("AB"), st.sampled_from(["CS", "CS2"])),
    st.tuples(st.just("retrieve"), st.booleans(), st.sampled_from("AB"), st.sampled_from(["CS", "CS2"])),
    st.tuples(st.just("wait"), st.floats(1e-4, 24 * 365 * 10)),
    st.tuples(st.just("test"), st.sampled_from("ABC")),
    st.tuples(st.just("stress"), st.sampled_from("AB")),
    st.tuples(st.just("block")),
)

parameters = st.fixed_dictionaries({}, optional={
    "alpha": st.floats(1e-3, 100), "g": st.floats(0, 10), "eta": st.floats(0, 1),
    "sigma_r2": st.floats(1e-3, 100), "sigma_x2": st.floats(1e-3, 100), "theta": st.floats(-10, 10),
    "lambda_": st.floats(1e-6, 10), "max_iter": st.integers(1, 5), "max_causes": st.integers(1, 15),
    "context_salience": st.floats(0, 1), "time_scale": st.floats(1e-2, 1e3), "time_exponent": st.floats(0.05, 2),
})


def build(steps, trial_interval_minutes):
    protocol = Protocol(trial_interval_minutes=trial_interval_minutes)
    for n, (kind, *args) in enumerate(steps):
        if kind == "acquire":
            protocol = protocol.acquire(trials=args[0], context=args[1], cue=args[2])
        elif kind == "extinguish":
            protocol = protocol.extinguish(trials=args[0], context=args[1], cue=args[2])
        elif kind == "retrieve":
            protocol = protocol.retrieve(outcome=args[0], context=args[1], cue=args[2])
        elif kind == "wait":
            protocol = protocol.wait(hours=args[0])
        elif kind == "test":
            protocol = protocol.test(context=args[0], label=f"test {n}")
        elif kind == "stress":
            protocol = protocol.stress(context=args[0])
        else:
            protocol = protocol.block_protein_synthesis()
    return protocol


@settings(max_examples=150, deadline=None)
@given(st.lists(step, max_size=12), st.floats(0.01, 60), parameters)
def test_any_valid_protocol_gives_finite_responses_between_0_and_1_and_the_same_twice(steps, interval, params):
    protocol = build(steps, interval)
    first = LatentCause(**params).run(protocol)
    for trial in first.trials:
        assert 0.0 <= trial["response"] <= 1.0
        assert math.isfinite(trial["expected_outcome"])
        assert all(math.isfinite(w) for w in trial["cue_weights"])
        assert all(0.0 <= q <= 1.0 for q in trial["posterior"])
        assert math.fsum(trial["posterior"]) == pytest.approx(1.0)
    assert set(first.tests) == set(protocol.test_labels())
    again = LatentCause(**params).run(protocol)
    assert again.trials == first.trials and dict(again.tests) == dict(first.tests)


# --- Tests are probes (rewire.memory.protocol), unlike imm_localmap.m ----------------------


def test_tests_are_probes_that_leave_later_tests_unchanged():
    base = designs.monfils(None).steps[:-1]
    from rewire.memory import Protocol
    protocol = Protocol(steps=base)
    alone = LatentCause().run(protocol.test(label="last")).tests["last"]
    after = LatentCause().run(protocol.test(label="first").test(label="second").test(label="last")).tests["last"]
    assert after == pytest.approx(alone, abs=1e-3)


def test_a_test_joins_no_cause_and_changes_no_weight():
    protocol = designs.monfils(None).test(label="again")
    trials = LatentCause().run(protocol).trials
    first, again = trials[-2], trials[-1]
    assert first["cue_weights"] == again["cue_weights"]
    assert first["n_causes"] == again["n_causes"]


# --- Long after the last event --------------------------------------------------------------


def test_long_after_the_last_event_responses_stay_bounded_and_the_documented_recovery_holds():
    from rewire.memory import designs
    hours = (24, 24 * 7, 24 * 30, 24 * 365, 24 * 3650)
    monfils_design = [LatentCause().run(designs.monfils(None, test_after_hours=h)).tests["test"] for h in hours]
    quirk_design = [LatentCause().run(designs.spontaneous_recovery(h, acquisition_trials=7, extinction_trials=20,
                                                                   acquisition_to_extinction_hours=1.0)).tests["test"]
                    for h in hours]
    for value in monfils_design + quirk_design:
        assert 0.0 <= value <= 1.0 and np.isfinite(value)
    assert min(monfils_design[1:4]) > 0.95  # full return from a week to a year
    assert 0.85 < monfils_design[-1] < monfils_design[-2]  # the slight dip by ten years
    assert quirk_design[0] < 0.1 and quirk_design[3] > quirk_design[0]  # small, still growing (Quirk: full in 10 d)


def test_memory_strength_helps_from_one_to_two_pairings_as_the_paper_shows_then_hurts():
    from rewire.memory import designs

    def blocked(pairings):
        return LatentCause().run(designs.nader(True, 0.0, acquisition_trials=pairings)).tests["test"]

    assert blocked(2) > blocked(1) + 0.2  # imm_run.m designs 6 and 10: strong training resists
    assert blocked(10) < 0.1 < blocked(3)  # but ten pairings are erased: Wang et al. 2009 found the opposite
