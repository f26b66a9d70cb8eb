"""Specifications of rewire.puzzles: the source article's four puzzles as teaching
simulations (lesson 6, "why the distinction matters"). Each test states a claim the lesson
makes, with a margin; the numbers are what the theories in rewire.memory predict for a
protocol shaped like the puzzle, not what a therapy does to a person."""
import dataclasses
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewire import puzzles, therapy
from rewire.memory.context_gated import ContextGatedExtinction

FUNCTIONS = (puzzles.lasting_change, puzzles.know_but_feel, puzzles.sudden_breakthrough,
             puzzles.symptom_cycling)


@pytest.fixture(scope="module")
def lasting():
    return puzzles.lasting_change()


@pytest.fixture(scope="module")
def knowing():
    return puzzles.know_but_feel()


@pytest.fixture(scope="module")
def breakthrough():
    return puzzles.sudden_breakthrough()


@pytest.fixture(scope="module")
def no_breakthrough():
    return puzzles.sudden_breakthrough(breakthrough_session=None)


@pytest.fixture(scope="module")
def cycling():
    return puzzles.symptom_cycling()


def probe(result, name, which):
    return getattr(result, which)[result.probes.index(name)]


def stage(result, name, field="fear"):
    return getattr(result, field)[result.stages.index(name)]


# --------------------------------------------------------------------------------------
# Puzzle 1: why some changes last
# --------------------------------------------------------------------------------------


def test_the_probes_are_the_therapy_lessons_probes_with_the_follow_up_named_by_its_role(lasting):
    assert lasting.probes == ("before therapy", "end of therapy", "at follow-up", "in a new context",
                              "after stress")
    assert lasting.relapse_probes() == ("at follow-up", "in a new context", "after stress")


def test_both_courses_start_from_the_same_fear_and_end_with_almost_none(lasting):
    assert probe(lasting, "before therapy", "after_inhibition") == probe(lasting, "before therapy", "after_updating")
    assert probe(lasting, "before therapy", "after_inhibition") > 0.6
    assert probe(lasting, "end of therapy", "after_inhibition") < 0.1
    assert probe(lasting, "end of therapy", "after_updating") < 0.1


def test_after_inhibition_fear_returns_in_a_new_context_but_not_after_updating(lasting):
    assert probe(lasting, "in a new context", "after_inhibition") > 0.5
    assert probe(lasting, "in a new context", "after_updating") < 0.1


def test_after_inhibition_fear_returns_with_time_and_after_stress_but_not_after_updating(lasting):
    assert probe(lasting, "at follow-up", "after_inhibition") > 0.3
    assert probe(lasting, "at follow-up", "after_updating") < 0.05
    assert probe(lasting, "after stress", "after_inhibition") > 0.5
    assert probe(lasting, "after stress", "after_updating") < 0.15
    for name in lasting.relapse_probes():
        gap = probe(lasting, name, "after_inhibition") - probe(lasting, name, "after_updating")
        assert gap > 0.3, name


def test_the_inhibition_course_gives_the_same_numbers_in_both_theories(lasting):
    bouton = ContextGatedExtinction().run(therapy.exposure_course()).tests
    expected = [bouton[name] for name in therapy.PROBES]
    np.testing.assert_allclose(lasting.after_inhibition, expected, atol=1e-12)


def test_updating_after_the_window_has_closed_is_inhibition_again(lasting):
    closed = puzzles.lasting_change(minutes_before_mismatch=360)
    for name in closed.relapse_probes():
        assert probe(closed, name, "after_updating") > probe(lasting, name, "after_updating") + 0.2, name


# --------------------------------------------------------------------------------------
# Puzzle 2: "I know but I can't feel it"
# --------------------------------------------------------------------------------------


def test_the_story_has_four_moments_in_time_order(knowing):
    assert knowing.stages == ("after learning", "after instruction", "after updating", "at follow-up")
    assert np.all(np.diff(knowing.times_hours) > 0)
    assert knowing.times_hours[-1] - knowing.times_hours[2] == pytest.approx(29 * 24, abs=1.0)


def test_learning_builds_both_the_belief_and_the_fear(knowing):
    assert stage(knowing, "after learning", "expectancy") > 0.9
    assert stage(knowing, "after learning") > 0.8


def test_instruction_removes_the_expectancy_but_not_the_fear(knowing):
    assert stage(knowing, "after instruction", "expectancy") < 0.05
    assert stage(knowing, "after instruction") == stage(knowing, "after learning")
    assert stage(knowing, "after instruction") > 0.8


def test_updating_inside_the_window_removes_the_fear_too_and_it_stays_gone(knowing):
    for moment in ("after updating", "at follow-up"):
        assert stage(knowing, moment) < 0.05
        assert stage(knowing, moment, "expectancy") < 0.05


def test_extinction_after_the_window_lowers_the_fear_but_it_returns_while_the_belief_stays_at_zero():
    closed = puzzles.know_but_feel(minutes_before_mismatch=360)
    assert stage(closed, "after updating") < 0.15
    assert stage(closed, "at follow-up") > 0.3
    assert stage(closed, "at follow-up", "expectancy") < 0.05


def test_a_partly_believed_instruction_moves_the_belief_part_of_the_way(knowing):
    half = puzzles.know_but_feel(instruction_credibility=0.5)
    assert stage(half, "after instruction", "expectancy") == pytest.approx(
        0.5 * stage(knowing, "after learning", "expectancy"))
    assert stage(half, "after instruction") == stage(knowing, "after instruction")
    ignored = puzzles.know_but_feel(instruction_credibility=0.0)
    assert stage(ignored, "after instruction", "expectancy") == stage(ignored, "after learning", "expectancy")


def test_a_blocker_at_reactivation_removes_the_fear_but_not_the_expectancy(knowing):
    """Kindt, Soeter & Vervliet 2009: the dissociation in the other direction."""
    assert knowing.blocker_stages == ("after learning", "a day after the reminder")
    assert knowing.blocker_fear[0] == knowing.placebo_fear[0] > 0.8
    assert knowing.blocker_fear[1] < 0.05
    assert knowing.placebo_fear[1] > 0.5
    assert knowing.blocker_expectancy[1] > 0.5


def test_the_docstring_labels_the_teaching_model_and_cites_both_directions_and_the_failed_replications():
    doc = " ".join(puzzles.know_but_feel.__doc__.split())
    assert "A teaching model" in doc
    assert "Kindt, Soeter & Vervliet (2009, Nature Neuroscience 12:256-258)" in doc
    assert "Sevenster, Beckers & Kindt (2012" in doc
    assert "failed to replicate in several studies" in doc
    assert "Bos, Beckers & Kindt 2014" in doc


# --------------------------------------------------------------------------------------
# Puzzle 3: sudden breakthroughs
# --------------------------------------------------------------------------------------


def test_sessions_are_numbered_and_dated_weekly(breakthrough):
    assert list(breakthrough.sessions) == list(range(1, 21))
    assert list(breakthrough.days) == [7.0 * k for k in range(20)]
    assert breakthrough.breakthrough_session == 12
    assert breakthrough.probes == ("end of therapy", "at follow-up", "in a new context", "after stress")


def test_gradual_inhibition_declines_session_by_session_then_levels_off(no_breakthrough):
    start = no_breakthrough.fear_at_start
    assert start[0] > 0.6
    assert np.all(np.diff(start) <= 1e-12)
    assert start[0] - start[1] > 0.15 and start[1] - start[2] > 0.05
    assert np.all(start > 0.2), "the weekly relapse never falls below a floor"
    assert abs(start[-1] - start[9]) < 0.01, "the floor is reached by session 10"


def test_fear_falls_within_sessions_and_returns_between_them_a_saw_tooth(no_breakthrough):
    start, end = no_breakthrough.fear_at_start, no_breakthrough.fear_at_end
    assert np.all(end < start)
    assert np.all(start[1:] > end[:-1] + 0.15)
    x, y = no_breakthrough.sawtooth()
    assert len(x) == len(y) == 2 * len(no_breakthrough.sessions)
    assert np.all(np.diff(x) > 0)
    assert np.all(y[1::2] <= y[0::2])


def test_a_breakthrough_session_makes_a_step_after_which_fear_stays_down(breakthrough, no_breakthrough):
    k = breakthrough.breakthrough_session - 1
    start = breakthrough.fear_at_start
    np.testing.assert_array_equal(start[:k + 1], no_breakthrough.fear_at_start[:k + 1])
    step = start[k] - start[k + 1]
    assert start[k] > 0.2 and step > 0.2
    assert step > 10 * np.max(-np.diff(start[k - 5:k + 1])), "a step, not the gradual decline"
    assert np.all(start[k + 1:] < 0.02), "after the breakthrough fear no longer comes back"
    assert np.all(no_breakthrough.fear_at_start[k + 1:] > 0.2)


def test_after_a_breakthrough_the_relapse_probes_stay_low_and_without_it_fear_returns(breakthrough, no_breakthrough):
    assert np.all(breakthrough.probe_fear < 0.1)
    assert probe(no_breakthrough, "at follow-up", "probe_fear") > 0.3
    assert probe(no_breakthrough, "in a new context", "probe_fear") > 0.5
    assert probe(no_breakthrough, "after stress", "probe_fear") > 0.5


def test_a_short_breakthrough_rewrites_the_trace_only_in_part():
    short = puzzles.sudden_breakthrough(breakthrough_trials=3)
    assert np.all(short.fear_at_start[12:] < 0.02)
    assert 0.15 < probe(short, "in a new context", "probe_fear") < 0.45


def test_a_breakthrough_session_outside_the_window_is_no_breakthrough():
    late = puzzles.sudden_breakthrough(minutes_before_mismatch=360)
    assert np.all(late.fear_at_start[12:] > 0.15)
    assert probe(late, "in a new context", "probe_fear") > 0.5


def test_a_breakthrough_can_come_at_any_session(no_breakthrough):
    # In session 1 no inhibition has been learned yet, and the reminder writes none (a
    # brief reminder is retrieval, not extinction: Nader et al. 2000's reminder-only
    # groups), so the small remainder of the rewritten trace shows: a few hundredths,
    # against the floor of 0.27 without the breakthrough.
    for session in (1, 5, 20):
        result = puzzles.sudden_breakthrough(breakthrough_session=session)
        assert np.all(result.fear_at_start[session:] < 0.08)
        assert np.all(result.fear_at_start[session:] < 0.3 * no_breakthrough.fear_at_start[-1])
        assert result.fear_at_end[session - 1] < 0.08


# --------------------------------------------------------------------------------------
# Puzzle 4: cycling through therapies
# --------------------------------------------------------------------------------------


def test_the_stages_say_what_each_episode_treated(cycling):
    assert cycling.symptoms == ("S1", "S2", "S3")
    assert cycling.stages == ("before therapy", "after therapy for S1", "after therapy for S2",
                              "after therapy for S3", "after updating the core", "at follow-up")
    assert cycling.treated == (None, "S1", "S2", "S3", "core", None)
    assert cycling.fear.shape == (6, 3)


def test_every_symptom_inherits_its_fear_from_the_one_core_learning(cycling):
    before = cycling.fear[0]
    assert np.all(before > 0.6)
    assert np.ptp(before) == 0


def test_inhibiting_one_symptom_leaves_the_others_and_updating_the_core_removes_all(cycling):
    after_s1 = cycling.fear[cycling.stages.index("after therapy for S1")]
    assert after_s1[0] < 0.1
    assert np.all(after_s1[1:] > 0.4)
    for moment in ("after updating the core", "at follow-up"):
        assert np.all(cycling.fear[cycling.stages.index(moment)] < 0.05), moment


def test_each_inhibition_episode_lowers_its_own_symptom_most(cycling):
    for row, treated in zip(cycling.fear[1:4], ("S1", "S2", "S3")):
        own = row[cycling.symptoms.index(treated)]
        assert own < 0.1
        assert own < min(value for name, value in zip(cycling.symptoms, row) if name != treated) - 0.1


def test_treated_symptoms_come_back_while_the_next_one_is_treated(cycling):
    s1 = cycling.fear_of("S1")
    assert s1[2] > s1[1] + 0.1


def test_treating_one_symptom_eases_the_others_a_little_as_generalisation_not_substitution(cycling):
    before, after_s1 = cycling.fear[0], cycling.fear[1]
    assert np.all(after_s1[1:] < before[1:] - 0.1)
    assert np.all(after_s1[1:] > before[1:] - 0.3)
    assert np.all(cycling.fear[1:] <= before + 1e-12), "no symptom ever grows: no substitution"


def test_without_updating_the_core_every_symptom_is_back_at_follow_up():
    inhibition_only = puzzles.symptom_cycling(update_core=False)
    assert "after updating the core" not in inhibition_only.stages
    assert inhibition_only.treated[-1] is None
    assert np.all(inhibition_only.fear[-1] > 0.2)


def test_the_number_of_symptoms_can_change():
    five = puzzles.symptom_cycling(n_symptoms=5)
    assert five.symptoms == ("S1", "S2", "S3", "S4", "S5")
    assert five.fear.shape == (8, 5)
    assert np.all(five.fear[-1] < 0.05)


def test_the_docstring_says_plainly_that_substitution_is_the_sources_hypothesis_and_weakly_supported():
    doc = " ".join(puzzles.symptom_cycling.__doc__.split())
    assert "Symptom substitution is the source article's hypothesis, and it is weakly supported" in doc
    assert "Kazdin 1982" in doc and "Psychological Bulletin 91:349-365" in doc
    assert "does not produce new symptoms" in doc


# --------------------------------------------------------------------------------------
# All four
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_each_function_is_labelled_a_teaching_model_and_cites_what_it_illustrates(function):
    doc = " ".join(function.__doc__.split())
    assert "teaching model" in doc
    assert re.search(r"[A-Z][a-z]+[^.]{0,60}\b(19|20)\d\d\b", doc), "cites a published result"
    for name in ("Returns", "Arguments"):
        assert name in doc


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_results_are_frozen_with_read_only_arrays_and_deterministic(function):
    result = function()
    field = dataclasses.fields(result)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, field, None)
    arrays = [value for value in vars(result).values() if isinstance(value, np.ndarray)]
    assert arrays
    for array in arrays:
        with pytest.raises(ValueError):
            array[...] = 0
    again = function()
    for name, value in vars(result).items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, getattr(again, name))
        else:
            assert value == getattr(again, name)


def test_the_module_imports_no_plotting_or_widgets():
    code = "import sys, rewire.puzzles; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


INVALID = [
    (puzzles.lasting_change, {"sessions": 0}, "sessions"),
    (puzzles.lasting_change, {"sessions": 31}, "sessions"),
    (puzzles.lasting_change, {"sessions": 2.5}, "sessions"),
    (puzzles.lasting_change, {"sessions": True}, "sessions"),
    (puzzles.lasting_change, {"trials_per_session": 0}, "trials_per_session"),
    (puzzles.lasting_change, {"days_between_sessions": 0}, "days_between_sessions"),
    (puzzles.lasting_change, {"follow_up_days": 1}, "follow_up_days"),
    (puzzles.lasting_change, {"follow_up_days": math.nan}, "follow_up_days"),
    (puzzles.lasting_change, {"minutes_before_mismatch": 0.5}, "minutes_before_mismatch"),
    (puzzles.lasting_change, {"minutes_before_mismatch": "10"}, "minutes_before_mismatch"),
    (puzzles.know_but_feel, {"acquisition_trials": 0}, "acquisition_trials"),
    (puzzles.know_but_feel, {"instruction_credibility": 1.5}, "instruction_credibility"),
    (puzzles.know_but_feel, {"instruction_credibility": -0.1}, "instruction_credibility"),
    (puzzles.know_but_feel, {"expectancy_learning_rate": 0}, "expectancy_learning_rate"),
    (puzzles.know_but_feel, {"mismatch_trials": 51}, "mismatch_trials"),
    (puzzles.know_but_feel, {"minutes_before_mismatch": 3000}, "minutes_before_mismatch"),
    (puzzles.know_but_feel, {"follow_up_days": 0}, "follow_up_days"),
    (puzzles.sudden_breakthrough, {"n_sessions": 0}, "n_sessions"),
    (puzzles.sudden_breakthrough, {"n_sessions": 61}, "n_sessions"),
    (puzzles.sudden_breakthrough, {"breakthrough_session": 0}, "breakthrough_session"),
    (puzzles.sudden_breakthrough, {"n_sessions": 10, "breakthrough_session": 11}, "breakthrough_session"),
    (puzzles.sudden_breakthrough, {"breakthrough_session": 3.0}, "breakthrough_session"),
    (puzzles.sudden_breakthrough, {"trials_per_session": 21}, "trials_per_session"),
    (puzzles.sudden_breakthrough, {"breakthrough_trials": 0}, "breakthrough_trials"),
    (puzzles.sudden_breakthrough, {"days_between_sessions": -7}, "days_between_sessions"),
    (puzzles.sudden_breakthrough, {"weeks_before_therapy": 0}, "weeks_before_therapy"),
    (puzzles.sudden_breakthrough, {"acquisition_trials": None}, "acquisition_trials"),
    (puzzles.symptom_cycling, {"n_symptoms": 0}, "n_symptoms"),
    (puzzles.symptom_cycling, {"n_symptoms": 7}, "n_symptoms"),
    (puzzles.symptom_cycling, {"update_core": "yes"}, "update_core"),
    (puzzles.symptom_cycling, {"update_core": 1}, "update_core"),
    (puzzles.symptom_cycling, {"sessions_per_episode": 13}, "sessions_per_episode"),
    (puzzles.symptom_cycling, {"trials_per_session": 31}, "trials_per_session"),
    (puzzles.symptom_cycling, {"days_between_episodes": 0}, "days_between_episodes"),
    (puzzles.symptom_cycling, {"minutes_before_mismatch": math.inf}, "minutes_before_mismatch"),
]


@pytest.mark.parametrize("function, arguments, name", INVALID,
                         ids=[f"{f.__name__}-{next(iter(a))}={next(iter(a.values()))!r}" for f, a, _ in INVALID])
def test_invalid_parameters_are_refused_with_their_name_and_range(function, arguments, name):
    with pytest.raises(ValueError, match=rf"^{name} must be (in [\[(]|an integer in \[|True or False)"):
        function(**arguments)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_arguments_are_keyword_only(function):
    with pytest.raises(TypeError):
        function(3)


# --------------------------------------------------------------------------------------
# Properties: any valid parameters give responses in [0, 1], without NaN
# --------------------------------------------------------------------------------------


def assert_responses(*arrays):
    for array in arrays:
        array = np.asarray(array, dtype=float)
        assert np.all(np.isfinite(array))
        assert np.all((array >= 0.0) & (array <= 1.0))


minutes = st.floats(1.0, 2880.0)
follow_up = st.floats(1.01, 3650.0)
days = st.floats(0.01, 365.0)


@settings(max_examples=60, deadline=None)
@given(sessions=st.integers(1, 30), trials=st.integers(1, 50), days=days, follow_up=follow_up,
       minutes=minutes)
def test_lasting_change_responses_stay_in_range(sessions, trials, days, follow_up, minutes):
    result = puzzles.lasting_change(sessions=sessions, trials_per_session=trials, days_between_sessions=days,
                                    follow_up_days=follow_up, minutes_before_mismatch=minutes)
    assert_responses(result.after_inhibition, result.after_updating)


@settings(max_examples=100, deadline=None)
@given(acquisition=st.integers(1, 50), credibility=st.floats(0.0, 1.0), rate=st.floats(1e-6, 1.0),
       mismatch=st.integers(1, 50), minutes=minutes, follow_up=follow_up)
def test_know_but_feel_responses_stay_in_range(acquisition, credibility, rate, mismatch, minutes, follow_up):
    result = puzzles.know_but_feel(acquisition_trials=acquisition, instruction_credibility=credibility,
                                   expectancy_learning_rate=rate, mismatch_trials=mismatch,
                                   minutes_before_mismatch=minutes, follow_up_days=follow_up)
    assert_responses(result.expectancy, result.fear, result.blocker_expectancy, result.placebo_fear,
                     result.blocker_fear)
    assert result.fear[1] == result.fear[0], "instruction never reaches the learned response"


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 60), trials=st.integers(1, 20), breakthrough_trials=st.integers(1, 50),
       days=days, minutes=minutes, weeks=st.floats(0.01, 520.0), follow_up=follow_up)
def test_sudden_breakthrough_responses_stay_in_range(data, n, trials, breakthrough_trials, days, minutes, weeks,
                                                     follow_up):
    session = data.draw(st.none() | st.integers(1, n))
    result = puzzles.sudden_breakthrough(
        n_sessions=n, breakthrough_session=session, trials_per_session=trials,
        breakthrough_trials=breakthrough_trials, days_between_sessions=days, minutes_before_mismatch=minutes,
        weeks_before_therapy=weeks, follow_up_days=follow_up)
    assert_responses(result.fear_at_start, result.fear_at_end, result.probe_fear)
    assert len(result.fear_at_start) == len(result.fear_at_end) == n


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 6), update=st.booleans(), sessions=st.integers(1, 12), trials=st.integers(1, 30),
       gap=st.floats(0.01, 3650.0), minutes=minutes, follow_up=follow_up)
def test_symptom_cycling_responses_stay_in_range(n, update, sessions, trials, gap, minutes, follow_up):
    result = puzzles.symptom_cycling(n_symptoms=n, update_core=update, sessions_per_episode=sessions,
                                     trials_per_session=trials, days_between_episodes=gap,
                                     minutes_before_mismatch=minutes, follow_up_days=follow_up)
    assert_responses(result.fear)
    assert result.fear.shape == (n + 2 + update, n)
