"""Specifications of rewire.functional: a Kohonen map of the hand and its adult remapping.

Sources: Kohonen 1982; Merzenich et al. 1984 (digit amputation in owl monkeys);
Jenkins et al. 1990 (behaviourally controlled stimulation of the fingertips).
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rewire.functional import (
    DIGIT_LENGTH,
    DIGIT_PITCH,
    DIGIT_WIDTH,
    DIGITS,
    CorticalMap,
    continue_experience,
    develop_map,
    receptive_field_sizes,
    territory,
    touch_samples,
    unit_digits,
)

SEEDS = [0, 1, 2]
NORMAL = (1, 1, 1, 1, 1)
WITHOUT_D3 = (1, 1, 0, 1, 1)
D2_TRAINED = (1, 4, 1, 1, 1)
HAND_WIDTH = len(DIGITS) * DIGIT_PITCH - (DIGIT_PITCH - DIGIT_WIDTH)


@pytest.fixture(scope="module")
def developed():
    """The developed maps of the lesson's defaults, one per seed."""
    return {seed: develop_map(seed=seed) for seed in SEEDS}


def shares(cortical_map):
    """Territory of D1..D5 as an array of fractions."""
    return np.array([territory(cortical_map)[name] for name in DIGITS])


def digit_sequence(labels):
    """The digits met walking along the cortex, each run of equal labels once."""
    labels = np.asarray(labels)
    starts = np.r_[0, np.flatnonzero(np.diff(labels)) + 1]
    return labels[starts].tolist()


def mean_field_size(cortical_map, digit):
    sizes = receptive_field_sizes(cortical_map)
    return sizes[unit_digits(cortical_map) == digit].mean()


# ----------------------------------------------------------------------------------
# The skin
# ----------------------------------------------------------------------------------


def test_touches_land_on_the_touched_digit_as_often_as_its_use_says():
    points, digits = touch_samples(20_000, digit_use=(1, 4, 0, 1, 2), seed=3)
    left = digits * DIGIT_PITCH
    assert np.all((points[:, 0] >= left) & (points[:, 0] <= left + DIGIT_WIDTH))
    assert np.all((points[:, 1] >= 0) & (points[:, 1] <= DIGIT_LENGTH))
    frequency = np.bincount(digits, minlength=5) / digits.size
    assert np.allclose(frequency, np.array([1, 4, 0, 1, 2]) / 8, atol=0.01)
    assert frequency[2] == 0  # a removed digit is never touched


def test_a_shorter_run_of_touches_is_the_start_of_a_longer_one():
    short = touch_samples(100, digit_use=D2_TRAINED, seed=5)
    long = touch_samples(1000, digit_use=D2_TRAINED, seed=5)
    assert np.array_equal(short.points, long.points[:100])
    assert np.array_equal(short.digits, long.digits[:100])


# ----------------------------------------------------------------------------------
# Development: a somatotopic map
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_developed_map_has_the_digits_in_order_each_in_one_contiguous_territory(
    developed, seed
):
    sequence = digit_sequence(unit_digits(developed[seed]))
    assert sequence in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0])


@pytest.mark.parametrize("seed", SEEDS)
def test_with_equal_use_every_digit_gets_roughly_a_fifth_of_the_cortex(developed, seed):
    fractions = shares(developed[seed])
    assert fractions.sum() == pytest.approx(1.0)
    assert np.all((fractions >= 0.15) & (fractions <= 0.25))


def test_the_order_comes_from_experience_not_from_the_start():
    newborn = develop_map(n_steps=1, plasticity_start=0.0, plasticity_end=0.0, seed=0)
    assert len(digit_sequence(unit_digits(newborn))) > 20  # random: digits interleaved
    history = develop_map(seed=0).territory_history
    assert history.shape == (21, 5) and np.allclose(history.sum(axis=1), 1.0)


def test_the_same_seed_gives_the_same_map_and_another_seed_another(developed):
    again = develop_map(seed=0)
    assert np.array_equal(again.weights, developed[0].weights)
    assert not np.array_equal(develop_map(seed=7).weights, again.weights)
    after = continue_experience(again, digit_use=WITHOUT_D3, seed=4)
    assert np.array_equal(
        after.weights, continue_experience(developed[0], digit_use=WITHOUT_D3, seed=4).weights
    )


def test_maps_are_immutable_and_experience_returns_a_new_map(developed):
    before = developed[0]
    weights = before.weights.copy()
    after = continue_experience(before, digit_use=WITHOUT_D3)
    assert after is not before and isinstance(after, CorticalMap)
    assert np.array_equal(before.weights, weights)
    assert after.n_touches == before.n_touches + 3000
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.weights = weights
    with pytest.raises(ValueError, match="read-only"):
        before.weights[0, 0] = 0.0


# ----------------------------------------------------------------------------------
# Adult remapping
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_use_with_residual_plasticity_leaves_the_developed_map_as_it_is(
    developed, seed
):
    after = continue_experience(developed[seed], digit_use=NORMAL, seed=seed)
    assert np.abs(shares(after) - shares(developed[seed])).max() <= 0.04


def test_without_plasticity_nothing_changes_and_the_removed_digits_cortex_falls_silent(
    developed,
):
    before = developed[0]
    after = continue_experience(before, n_steps=5000, digit_use=WITHOUT_D3, plasticity=0.0)
    assert np.array_equal(after.weights, before.weights)
    assert territory(after) == territory(before)
    assert np.allclose(after.territory_history, shares(before))
    # the D3 territory is still there but no touch drives it
    silent = receptive_field_sizes(after)[unit_digits(after) == 2]
    assert silent.size >= 15 and np.all(silent == 0.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_neighbouring_digits_take_over_the_territory_of_a_removed_digit(developed, seed):
    before = shares(developed[seed])
    after = shares(continue_experience(developed[seed], digit_use=WITHOUT_D3, seed=seed))
    # Merzenich et al. 1984: D3's cortex is (nearly all) taken over ...
    assert after[2] <= 0.08 and after[2] <= before[2] / 3
    # ... by its neighbours D2 and D4, while D1 and D5 change much less
    gains = after - before
    assert gains[1] >= 0.05 and gains[3] >= 0.05
    assert max(abs(gains[0]), abs(gains[4])) < min(gains[1], gains[3])
    # the map stays in order
    assert digit_sequence(
        unit_digits(continue_experience(developed[seed], digit_use=WITHOUT_D3, seed=seed))
    ) in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0])


def test_the_takeover_proceeds_gradually_with_experience(developed):
    after = continue_experience(developed[0], digit_use=WITHOUT_D3, seed=1)
    d3 = after.territory_history[:, 2]
    assert after.history_touches[0] == 0 and after.history_touches[-1] == 3000
    assert d3[0] == pytest.approx(territory(developed[0])["D3"])
    assert np.all(np.diff(d3) <= 0.02)  # never regrows by more than a unit or two
    assert d3[len(d3) // 2] > d3[-1] + 0.02  # still shrinking half-way through


@pytest.mark.parametrize("seed", SEEDS)
def test_more_residual_plasticity_gives_a_faster_takeover(developed, seed):
    remaining = [
        territory(
            continue_experience(
                developed[seed], n_steps=1000, digit_use=WITHOUT_D3, plasticity=eps, seed=seed
            )
        )["D3"]
        for eps in (0.0, 0.01, 0.03, 0.1)
    ]
    assert remaining[0] > remaining[1] > remaining[2] > remaining[3]


@pytest.mark.parametrize("seed", SEEDS)
def test_overusing_a_digit_enlarges_its_representation_at_the_expense_of_its_neighbours(
    developed, seed
):
    before = shares(developed[seed])
    after = shares(continue_experience(developed[seed], digit_use=D2_TRAINED, seed=seed))
    # Jenkins et al. 1990: the stimulated digit's representation expands
    assert after[1] > 1.3 * before[1]
    # its neighbours D1 and D3 pay for it; the distant D4 and D5 change less
    assert after[0] < before[0] - 0.02 and after[2] < before[2] - 0.02
    assert np.abs(after[3:] - before[3:]).max() < min(before[0] - after[0], before[2] - after[2])


def test_an_enlarged_representation_has_smaller_receptive_fields(developed):
    before = developed[0]
    trained = continue_experience(before, digit_use=D2_TRAINED)
    # Jenkins et al. 1990: unusually small receptive fields in the expanded zone
    assert mean_field_size(trained, 1) < 0.75 * mean_field_size(before, 1)
    # Merzenich et al. 1984: the digits that take over D3's cortex get finer fields too
    amputated = continue_experience(before, digit_use=WITHOUT_D3)
    for neighbour in (1, 3):
        assert mean_field_size(amputated, neighbour) < 0.85 * mean_field_size(before, neighbour)


def test_receptive_fields_tile_the_skin_that_sends_input(developed):
    before = developed[1]
    assert receptive_field_sizes(before).sum() == pytest.approx(5 * DIGIT_LENGTH * DIGIT_WIDTH)
    amputated = continue_experience(before, digit_use=WITHOUT_D3, plasticity=0.0)
    assert receptive_field_sizes(amputated).sum() == pytest.approx(4 * DIGIT_LENGTH * DIGIT_WIDTH)


# ----------------------------------------------------------------------------------
# Parameter checks
# ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_map():
    return develop_map(n_units=20, n_steps=200, seed=0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda m: touch_samples(0), r"n_samples must be an integer in \[1, 1e\+06\]"),
        (lambda m: develop_map(n_units=4), r"n_units must be an integer in \[5, 1000\]"),
        (lambda m: develop_map(n_units=50.0), r"n_units must be an integer"),
        (lambda m: develop_map(n_steps=0), r"n_steps must be an integer in \[1, 1e\+06\]"),
        (lambda m: develop_map(seed=-1), r"seed must be a non-negative integer or None"),
        (lambda m: develop_map(plasticity_start=1.5), r"plasticity_start must be in \[0, 1\]"),
        (lambda m: develop_map(plasticity_end=-0.1), r"plasticity_end must be in \[0, 1\]"),
        (
            lambda m: develop_map(neighbourhood_start=2000),
            r"neighbourhood_start must be in \[0, 1000\]",
        ),
        (
            lambda m: develop_map(neighbourhood_end=float("nan")),
            r"neighbourhood_end must be in \[0, 1000\]",
        ),
        (lambda m: develop_map(n_snapshots=1), r"n_snapshots must be an integer in \[2, 1000\]"),
        (
            lambda m: continue_experience(m, n_steps=-1),
            r"n_steps must be an integer in \[0, 1e\+06\]",
        ),
        (lambda m: continue_experience(m, plasticity=1.01), r"plasticity must be in \[0, 1\]"),
        (lambda m: continue_experience(m, plasticity="0.1"), r"plasticity must be in \[0, 1\]"),
        (
            lambda m: continue_experience(m, neighbourhood=-1),
            r"neighbourhood must be in \[0, 1000\]",
        ),
        (lambda m: continue_experience(m, seed=1.5), r"seed must be a non-negative integer"),
        (lambda m: continue_experience(m.weights), r"cortical_map must be a CorticalMap"),
        (lambda m: territory(None), r"cortical_map must be a CorticalMap"),
        (lambda m: unit_digits("map"), r"cortical_map must be a CorticalMap"),
        (
            lambda m: receptive_field_sizes(m, points_per_digit_width=1),
            r"points_per_digit_width must be an integer in \[2, 200\]",
        ),
    ],
)
def test_bad_parameters_raise_value_error_naming_parameter_and_range(small_map, call, message):
    with pytest.raises(ValueError, match=message):
        call(small_map)


@pytest.mark.parametrize(
    "digit_use",
    [
        (1, 1, 1, 1),
        (1, 1, 1, 1, 1, 1),
        (1, 1, -1, 1, 1),
        (0, 0, 0, 0, 0),
        (1, 1, float("nan"), 1, 1),
        (1, 1, float("inf"), 1, 1),
        (1, 1, True, 1, 1),
        (1, 1, "1", 1, 1),
        "11111",
        None,
        5,
    ],
    ids=repr,
)
def test_digit_use_must_be_five_non_negative_numbers_not_all_zero(small_map, digit_use):
    expected = r"digit_use must be 5 non-negative finite numbers .*not all zero"
    for call in (
        lambda: touch_samples(10, digit_use=digit_use),
        lambda: develop_map(n_units=10, n_steps=10, digit_use=digit_use),
        lambda: continue_experience(small_map, n_steps=10, digit_use=digit_use),
    ):
        with pytest.raises(ValueError, match=expected):
            call()


def test_digit_use_accepts_any_scale_and_numpy_numbers():
    a = touch_samples(50, digit_use=np.array([1e300, 0, 2e300, 1e300, 1e300]), seed=2)
    b = touch_samples(50, digit_use=(1, 0, 2, 1, 1), seed=2)
    assert np.array_equal(a.points, b.points)


use_values = st.floats(min_value=0.0, max_value=1e300, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(
    n_units=st.integers(5, 40),
    n_steps=st.integers(1, 300),
    plasticity_start=st.floats(0.0, 1.0),
    plasticity_end=st.floats(0.0, 1.0),
    neighbourhood_start=st.floats(0.0, 1000.0),
    neighbourhood_end=st.floats(0.0, 1000.0),
    development_use=st.lists(use_values, min_size=5, max_size=5).filter(any),
    adult_steps=st.integers(0, 300),
    adult_use=st.lists(use_values, min_size=5, max_size=5).filter(any),
    plasticity=st.floats(0.0, 1.0),
    neighbourhood=st.floats(0.0, 1000.0),
    n_snapshots=st.integers(2, 30),
    seed=st.integers(0, 2**32),
)
@example(  # a subnormal start rate: (end / start) overflowed in an early schedule
    n_units=5,
    n_steps=2,
    plasticity_start=2.2250738585e-313,
    plasticity_end=1.0,
    neighbourhood_start=5e-324,
    neighbourhood_end=1000.0,
    development_use=[0.0, 0.0, 0.0, 0.0, 1.0],
    adult_steps=3,
    adult_use=[5e-324, 0.0, 0.0, 0.0, 1e300],
    plasticity=1.0,
    neighbourhood=0.0,
    n_snapshots=2,
    seed=0,
)
def test_no_valid_parameters_give_nan_or_send_preferred_locations_off_the_hand(
    n_units,
    n_steps,
    plasticity_start,
    plasticity_end,
    neighbourhood_start,
    neighbourhood_end,
    development_use,
    adult_steps,
    adult_use,
    plasticity,
    neighbourhood,
    n_snapshots,
    seed,
):
    young = develop_map(
        n_units=n_units,
        n_steps=n_steps,
        seed=seed,
        plasticity_start=plasticity_start,
        plasticity_end=plasticity_end,
        neighbourhood_start=neighbourhood_start,
        neighbourhood_end=neighbourhood_end,
        digit_use=development_use,
        n_snapshots=n_snapshots,
    )
    adult = continue_experience(
        young,
        n_steps=adult_steps,
        digit_use=adult_use,
        plasticity=plasticity,
        neighbourhood=neighbourhood,
        seed=seed,
        n_snapshots=n_snapshots,
    )
    for cortical_map in (young, adult):
        w = cortical_map.weights
        assert w.shape == (n_units, 2) and np.all(np.isfinite(w))
        # each update is a step towards a touch, so preferred locations stay on the hand
        assert np.all((w[:, 0] >= -1e-9) & (w[:, 0] <= HAND_WIDTH + 1e-9))
        assert np.all((w[:, 1] >= -1e-9) & (w[:, 1] <= DIGIT_LENGTH + 1e-9))
        assert sum(territory(cortical_map).values()) == pytest.approx(1.0)
        assert np.allclose(cortical_map.territory_history.sum(axis=1), 1.0)
        sizes = receptive_field_sizes(cortical_map, points_per_digit_width=4)
        assert np.all(np.isfinite(sizes)) and np.all(sizes >= 0)
    if plasticity == 0.0 or adult_steps == 0:
        assert np.array_equal(adult.weights, young.weights)
