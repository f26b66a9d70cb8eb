"""Specifications of rewire.synaptic: each test states a published result of the model.

Sources: Hebb 1949; Oja 1982; Bienenstock, Cooper & Munro 1982; Intrator & Cooper 1992;
Dudek & Bear 1992; Kirkwood, Rioult & Bear 1996; Bi & Poo 1998; Song, Miller & Abbott 2000;
Shouval, Bear & Cooper 2002.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewire._checks import check_int, check_range, make_rng
from rewire.synaptic import (
    bcm_crossover_frequency_hz,
    bcm_frequency_response,
    bcm_selectivity,
    calcium_frequency_response,
    calcium_omega,
    calcium_stdp_window,
    calcium_weight_change,
    correlated_inputs,
    nmda_calcium_trace,
    song_network,
    song_network_stepwise,
    stdp_pair_weight_change,
    stdp_window,
    train_hebb,
    train_oja,
)

COVARIANCE = np.array([[2.0, 0.8, 0.3], [0.8, 1.0, 0.2], [0.3, 0.2, 0.5]])
SONG_WINDOW = dict(a_plus=0.005, a_minus=0.00525, tau_plus_ms=20.0, tau_minus_ms=20.0)


def leading_eigenvector(covariance):
    return np.linalg.eigh(covariance)[1][:, -1]


# ----------------------------------------------------------------------------------
# Hebb and Oja
# ----------------------------------------------------------------------------------


def test_correlated_inputs_have_the_requested_covariance():
    x = correlated_inputs(20000, COVARIANCE, seed=1)
    assert np.allclose(x.mean(axis=0), 0.0, atol=0.05)
    assert np.allclose(np.cov(x.T), COVARIANCE, atol=0.06)


def test_hebb_weight_norm_grows_monotonically_by_orders_of_magnitude():
    history = train_hebb(correlated_inputs(1000, COVARIANCE, seed=0), eta=0.01)
    norms = np.linalg.norm(history, axis=1)
    assert np.all(np.diff(norms) >= 0)
    assert norms[-1] / norms[0] > 1e6
    # and it keeps growing: the last 100 samples alone multiply it again
    assert norms[-1] / norms[-101] > 2.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_oja_weights_converge_to_unit_length_leading_eigenvector(seed):
    x = correlated_inputs(5000, COVARIANCE, seed=seed)
    w = train_oja(x, eta=0.01, seed=seed)[-1]
    assert np.linalg.norm(w) == pytest.approx(1.0, abs=0.03)
    cosine = abs(w @ leading_eigenvector(COVARIANCE)) / np.linalg.norm(w)
    assert cosine > 0.99


def test_oja_stays_bounded_where_hebb_runs_away_on_the_same_inputs():
    x = correlated_inputs(3000, COVARIANCE, seed=4)
    assert np.linalg.norm(train_oja(x, eta=0.01, seed=4), axis=1).max() < 1.2
    assert np.linalg.norm(train_hebb(x, eta=0.01, seed=4)[-1]) > 1e6


# ----------------------------------------------------------------------------------
# BCM
# ----------------------------------------------------------------------------------


def block_means(values, block=1000):
    n = len(values) // block * block
    return values[:n].reshape(n // block, block, *values.shape[1:]).mean(axis=1)


def settles_selective(result):
    """Over the last third of the run, averaged in blocks of 1000 presentations, the
    winning response stays within 15 % of the selective fixed point n_patterns * y0."""
    if result.runaway:
        return False
    tail = result.responses[2 * len(result.time) // 3 :]
    means = block_means(tail)
    winner = int(np.argmax(means.mean(axis=0)))
    deviation = np.abs(means[:, winner] - result.selective_response) / result.selective_response
    return bool(deviation.max() < 0.15)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_bcm_neuron_becomes_selective_to_one_of_three_orthogonal_patterns(seed):
    result = bcm_selectivity(n_patterns=3, tau_w=1000.0, tau_theta=100.0, seed=seed)
    final = np.sort(result.responses[-1])
    assert final[-1] == pytest.approx(result.selective_response, rel=0.15)  # one high
    assert np.all(final[:-1] < 0.02 * result.selective_response)  # the others near 0
    assert settles_selective(result)


def test_bcm_selectivity_with_two_patterns_and_the_winner_depends_on_the_seed():
    winners = set()
    for seed in range(6):
        result = bcm_selectivity(n_patterns=2, seed=seed)
        assert settles_selective(result)
        winners.add(int(np.argmax(result.responses[-1])))
    assert winners == {0, 1}


@pytest.mark.parametrize("tau_theta", [1000.0, 1500.0, 2000.0, 5000.0])
def test_bcm_with_threshold_as_slow_as_the_weights_does_not_settle(tau_theta):
    # tau_theta / tau_w >= 1: oscillation, collapse or runaway instead of a stable
    # selective state (Hopf bifurcation at tau_theta / tau_w = 1 / y0 with y0 = 1)
    for seed in range(3):
        result = bcm_selectivity(tau_w=1000.0, tau_theta=tau_theta, seed=seed)
        assert not settles_selective(result)


def test_bcm_slower_threshold_at_ratio_half_still_settles():
    # the boundary is the Hopf point tau_theta / tau_w = 1 / y0, not 0.1 itself
    assert settles_selective(bcm_selectivity(tau_w=1000.0, tau_theta=500.0, seed=0))


def test_bcm_runaway_is_flagged_and_stops_with_nan():
    result = bcm_selectivity(tau_w=1000.0, tau_theta=5000.0, seed=0)
    assert result.runaway
    assert np.isnan(result.theta[-1])
    assert np.isfinite(result.theta[0])


def test_bcm_same_seed_gives_same_numbers():
    a, b = bcm_selectivity(seed=5), bcm_selectivity(seed=5)
    assert np.array_equal(a.responses, b.responses)
    assert not np.array_equal(a.responses, bcm_selectivity(seed=6).responses)


def test_bcm_frequency_response_follows_dudek_and_bear_1992():
    change = dict(zip([1, 3, 10, 50, 100], bcm_frequency_response([1, 3, 10, 50, 100])))
    assert change[1] < -5 and change[3] < -5  # LTD at 1-3 Hz
    assert abs(change[10]) < 2  # about 10 Hz: little change
    assert change[50] > 10 and change[100] > 10  # LTP at 50-100 Hz
    assert change[100] >= change[50]


def test_bcm_weight_change_reverses_sign_at_the_crossover_frequency():
    crossover = bcm_crossover_frequency_hz(10.0)
    assert crossover == pytest.approx(10.0)
    assert bcm_frequency_response(0.9 * crossover) < 0 < bcm_frequency_response(1.1 * crossover)


def test_bcm_crossover_rises_with_prior_activity_kirkwood_1996():
    priors = [6.0, 8.0, 10.0, 12.0]
    crossovers = [bcm_crossover_frequency_hz(p) for p in priors]
    assert all(a < b for a, b in zip(crossovers, crossovers[1:]))
    # dark rearing (less prior activity): 5 Hz now potentiates; normal rearing: depresses
    assert bcm_frequency_response(5.0, prior_rate_hz=7.0) > 0
    assert bcm_frequency_response(5.0, prior_rate_hz=10.0) < 0


def test_bcm_more_pulses_give_more_depression_at_1_hz():
    many = bcm_frequency_response(1.0, n_pulses=900)
    few = bcm_frequency_response(1.0, n_pulses=300)
    assert many < few < 0


# ----------------------------------------------------------------------------------
# STDP
# ----------------------------------------------------------------------------------


def test_stdp_potentiates_post_after_pre_and_depresses_pre_after_post():
    delta = np.linspace(0.5, 150.0, 300)
    assert np.all(stdp_window(delta) > 0)
    assert np.all(stdp_window(-delta) < 0)
    assert stdp_window(0.0) == 0.0


@pytest.mark.parametrize("sign, expected_ms", [(1, 16.8), (-1, 33.7)])
def test_stdp_time_constants_recovered_from_the_window_bi_and_poo_1998(sign, expected_ms):
    delta = sign * np.linspace(1.0, 100.0, 50)
    slope = np.polyfit(np.abs(delta), np.log(np.abs(stdp_window(delta))), 1)[0]
    assert -1.0 / slope == pytest.approx(expected_ms, rel=0.01)


def test_stdp_window_integral_is_negative_for_song_parameters():
    delta = np.linspace(-300.0, 300.0, 600_001)
    dw = stdp_window(delta, **SONG_WINDOW)
    integral = float(np.sum(dw) * (delta[1] - delta[0]))
    assert integral == pytest.approx(0.005 * 20 - 0.00525 * 20, rel=0.01)
    assert integral < 0  # depression dominates (needed for stability, Song et al. 2000)


def test_stdp_pair_change_sums_all_pre_post_pairs():
    expected = stdp_window(10.0) + stdp_window(20.0) + stdp_window(-5.0)
    assert stdp_pair_weight_change([0.0, 25.0], [10.0, 20.0]) == pytest.approx(
        stdp_window(10.0) + stdp_window(20.0) + stdp_window(-15.0) + stdp_window(-5.0)
    )
    assert stdp_pair_weight_change([0.0], [10.0, 20.0, -5.0]) == pytest.approx(expected)


def test_stdp_pairing_protocol_60_pairs_at_1_hz():
    pre = np.arange(60) * 1000.0
    ltp = stdp_pair_weight_change(pre, pre + 5.0)
    ltd = stdp_pair_weight_change(pre, pre - 5.0)
    assert ltp == pytest.approx(60 * stdp_window(5.0), rel=1e-6)
    assert ltd == pytest.approx(60 * stdp_window(-5.0), rel=1e-6)
    assert ltp > 0 > ltd


# ----------------------------------------------------------------------------------
# Song, Miller & Abbott (2000)
# ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def song_20_hz():
    return song_network(n_inputs=1000, duration_s=400.0, input_rate_hz=20.0, seed=0)


def test_song_weights_become_bimodal_u_shaped_from_uniform_start(song_20_hz):
    def fractions(w):
        return np.mean(w < 0.2), np.mean(w > 0.8), np.mean((w > 0.4) & (w < 0.6))

    low0, high0, middle0 = fractions(song_20_hz.initial_weights)
    low, high, middle = fractions(song_20_hz.weights)
    assert low0 + high0 < 0.45  # uniform start: about 40 % in the outer bins
    assert low + high > 0.7  # U-shaped: most weights near 0 or g_max ...
    assert low > 0.1 and high > 0.1  # ... at both ends
    assert middle < 0.1 < middle0  # and few in the middle


def test_song_output_rate_stays_moderate_while_frozen_weights_would_fire_fast(song_20_hz):
    frozen = song_network(duration_s=10.0, input_rate_hz=20.0, learning_rate_scale=0.0, seed=0)
    assert np.array_equal(frozen.weights, frozen.initial_weights)
    assert frozen.post_rate_hz > 100.0
    assert 2.0 < song_20_hz.post_rate_hz < 30.0
    assert song_20_hz.post_rate_hz < frozen.post_rate_hz / 4


def test_song_correlated_group_wins_the_competition():
    result = song_network(duration_s=100.0, correlated_fraction=0.2, correlation=0.1, seed=0)
    assert result.correlated_mask.sum() == 200
    correlated = result.weights[result.correlated_mask].mean()
    uncorrelated = result.weights[~result.correlated_mask].mean()
    assert correlated > 0.9
    assert correlated - uncorrelated > 0.4
    assert uncorrelated < result.initial_weights[~result.correlated_mask].mean()


@pytest.mark.parametrize("correlated_fraction", [0.0, 0.3])
def test_song_fast_engine_matches_the_stepwise_version_a_learner_reads(correlated_fraction):
    kwargs = dict(n_inputs=1000, duration_s=3.0, input_rate_hz=20.0, learning_rate_scale=20.0,
                  correlated_fraction=correlated_fraction, seed=2)
    fast = song_network(**kwargs)
    stepwise = song_network_stepwise(**kwargs)
    assert fast.n_post_spikes == pytest.approx(stepwise.n_post_spikes, abs=2) and fast.n_post_spikes > 100
    assert np.allclose(fast.weights, stepwise.weights, rtol=0.0, atol=1e-6)
    assert np.allclose(fast.post_rate_history_hz, stepwise.post_rate_history_hz, atol=2.0)
    w = stepwise.weights
    assert np.mean(w == 0.0) > 0.01 and np.mean(w == 1.0) > 0.01  # bounds hit


def test_song_same_seed_gives_same_numbers():
    a = song_network(duration_s=5.0, seed=3)
    b = song_network(duration_s=5.0, seed=3)
    assert np.array_equal(a.weights, b.weights) and a.n_post_spikes == b.n_post_spikes
    assert not np.array_equal(a.weights, song_network(duration_s=5.0, seed=4).weights)


# ----------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: correlated_inputs(0, COVARIANCE), r"n_samples must be an integer in \[1, inf\]"),
        (
            lambda: correlated_inputs(10, [[1.0, 2.0], [2.0, 1.0]]),
            r"covariance must be positive semi-definite",
        ),
        (lambda: train_hebb(np.ones((5, 2)), eta=0.0), r"eta must be in \(0, inf\), got 0\.0"),
        (lambda: train_oja(np.ones((5, 2)), eta=float("nan")), r"eta must be in \(0, inf\)"),
        (lambda: train_oja(np.ones((5, 2)), w0=[1.0, 2.0, 3.0]), r"w0 must have shape \(2,\)"),
        (lambda: train_hebb(np.ones(5)), r"inputs must be a 2-D array"),
        (lambda: bcm_selectivity(n_patterns=1), r"n_patterns must be an integer in \[2, 1000\]"),
        (lambda: bcm_selectivity(tau_w=-1.0), r"tau_w must be in \(0, inf\)"),
        (lambda: bcm_selectivity(tau_theta=0), r"tau_theta must be in \(0, inf\)"),
        (lambda: bcm_selectivity(y0=0.0), r"y0 must be in \(0, inf\)"),
        (lambda: bcm_selectivity(dt=50.0), r"dt must be in \(0, 10\]"),
        (lambda: bcm_selectivity(seed=-1), r"seed must be a non-negative integer or None"),
        (lambda: bcm_frequency_response(0.0), r"frequencies_hz must be in \(0, 1000\]"),
        (lambda: bcm_frequency_response(1.0, n_pulses=0), r"n_pulses must be an integer in \[1, "),
        (
            lambda: bcm_frequency_response(1.0, prior_rate_hz=-1.0),
            r"prior_rate_hz must be in \[0, 1000\]",
        ),
        (lambda: bcm_crossover_frequency_hz(10.0, y0_hz=0.0), r"y0_hz must be in \(0, inf\)"),
        (lambda: stdp_window(1.0, tau_plus_ms=0.0), r"tau_plus_ms must be in \(0, 10000\]"),
        (lambda: stdp_window(1.0, a_minus=-0.1), r"a_minus must be in \[0, 10\]"),
        (lambda: stdp_window(float("inf")), r"delta_t_ms must contain only finite numbers"),
        (
            lambda: stdp_pair_weight_change([0.0], [1.0], tau_minus_ms=-5),
            r"tau_minus_ms must be in \(0, 10000\]",
        ),
        (lambda: song_network(n_inputs=0), r"n_inputs must be an integer in \[1, 10000\]"),
        (lambda: song_network(duration_s=0.0), r"duration_s must be in \(0, 100000\]"),
        (lambda: song_network(input_rate_hz=-1.0), r"input_rate_hz must be in \[0, 200\]"),
        (lambda: song_network(correlated_fraction=2), r"correlated_fraction must be in \[0, 1\]"),
        (lambda: song_network(correlation=0.0), r"correlation must be in \[0.01, 1\]"),
        (lambda: song_network(dt_ms=2.0), r"dt_ms must be in \(0, 1\]"),
        (lambda: song_network(learning_rate_scale=-1), r"learning_rate_scale must be in \[0, 100"),
        (lambda: song_network(v_reset_mv=-50.0), r"v_reset_mv must be in \[-200, -54\)"),
    ],
)
def test_bad_parameters_raise_value_error_naming_parameter_and_range(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_stdp_pair_weight_change_rejects_unknown_window_parameters():
    with pytest.raises(TypeError, match="tau_ms"):
        stdp_pair_weight_change([0.0], [1.0], tau_ms=10.0)


def test_check_range_shows_open_and_closed_ends_and_refuses_non_numbers():
    assert check_range("x", 3, 0, 5) == 3.0 and isinstance(check_range("x", 3, 0, 5), float)
    with pytest.raises(ValueError, match=r"^x must be in \(0, inf\), got 0$"):
        check_range("x", 0, 0, math.inf, low_open=True, high_open=True)
    with pytest.raises(ValueError, match=r"^x must be in \[-inf, 1\), got 1\.0$"):
        check_range("x", 1.0, -math.inf, 1, high_open=True)
    for bad in (float("nan"), "2", True, None, [1.0]):
        with pytest.raises(ValueError, match=r"^x must be in \[0, 5\]"):
            check_range("x", bad, 0, 5)


def test_check_int_and_make_rng_refuse_non_integers():
    assert check_int("n", np.int64(4), 1) == 4
    for bad in (2.5, 3.0, True, "3", 0):
        with pytest.raises(ValueError, match=r"^n must be an integer in \[1, inf\]"):
            check_int("n", bad, 1)
    with pytest.raises(ValueError, match=r"^n must be an integer in \[1, 3\], got 4$"):
        check_int("n", 4, 1, 3)
    assert make_rng(7).random() == np.random.default_rng(7).random()
    for bad in (-1, 1.5, "0", True):
        with pytest.raises(ValueError, match="seed must be a non-negative integer or None"):
            make_rng(bad)


@settings(max_examples=60, deadline=None)
@given(
    delta=st.floats(-1e6, 1e6),
    a_plus=st.floats(0.0, 10.0),
    a_minus=st.floats(0.0, 10.0),
    tau_plus=st.floats(1e-3, 1e4),
    tau_minus=st.floats(1e-3, 1e4),
)
def test_stdp_window_is_finite_and_signed_for_valid_parameters(
    delta, a_plus, a_minus, tau_plus, tau_minus
):
    dw = stdp_window(delta, a_plus, a_minus, tau_plus, tau_minus)
    assert math.isfinite(dw)
    assert -a_minus <= dw <= a_plus
    assert (dw >= 0) if delta > 0 else (dw <= 0)


@settings(max_examples=60, deadline=None)
@given(
    frequency=st.floats(1e-3, 1000.0),
    n_pulses=st.integers(1, 100_000),
    prior=st.floats(0.0, 1000.0),
    ceiling=st.floats(1e-3, 1e4),
)
def test_bcm_frequency_response_is_finite_and_bounded_for_valid_parameters(
    frequency, n_pulses, prior, ceiling
):
    change = bcm_frequency_response(
        frequency, n_pulses=n_pulses, prior_rate_hz=prior, max_potentiation_percent=ceiling
    )
    assert math.isfinite(change)
    assert -100.0 <= change <= ceiling


# ----------------------------------------------------------------------------------
# Calcium control (Shouval, Bear & Cooper 2002)
# ----------------------------------------------------------------------------------


def test_omega_gives_no_change_at_low_calcium_ltd_in_between_and_ltp_at_high_calcium():
    low, middle, high = calcium_omega(np.array([0.1, 0.45, 0.9]))
    assert low == pytest.approx(0.25, abs=0.01)  # the resting weight: no change
    assert middle == pytest.approx(0.0, abs=0.02)  # the weight heads down: LTD
    assert high == pytest.approx(1.0, abs=0.01)  # the weight heads up: LTP


def test_nmda_receptor_is_a_coincidence_detector():
    pre_alone = nmda_calcium_trace(1000.0, [300.0]).calcium_um.max()
    post_alone = nmda_calcium_trace(1000.0, [], [300.0]).calcium_um.max()
    pre_then_post = nmda_calcium_trace(1000.0, [300.0], [310.0]).calcium_um.max()
    assert post_alone < 0.01  # no glutamate, no calcium
    assert pre_then_post > 2 * pre_alone  # glutamate plus depolarisation (Mg2+ unblock)
    assert pre_then_post > 0.55 > 0.35 > pre_alone - 0.05
    without_magnesium = nmda_calcium_trace(1000.0, [300.0], magnesium_mm=0.0).calcium_um.max()
    assert without_magnesium > 3 * pre_alone


def test_calcium_control_gives_ltd_at_1_to_3_hz_and_ltp_at_high_frequency_dudek_and_bear():
    change = dict(zip([1, 3, 20, 50, 100], calcium_frequency_response([1, 3, 20, 50, 100])))
    assert change[1] < -5 and change[3] < -5  # LTD at 1-3 Hz
    assert change[20] > 20 and change[50] > 20 and change[100] > 20  # LTP at high frequency
    crossover = [f for f, low, high in zip(np.arange(1, 30), calcium_frequency_response(np.arange(1, 30)),
                                           calcium_frequency_response(np.arange(2, 31))) if low < 0 < high]
    assert len(crossover) == 1 and 3 <= crossover[0] <= 15  # one crossover, near 10 Hz


def test_more_pulses_give_more_ltd_and_blocking_nmda_receptors_blocks_plasticity():
    assert calcium_frequency_response(1.0, n_pulses=900) < calcium_frequency_response(1.0, n_pulses=300) < 0
    # Dudek & Bear 1992: APV (an NMDA receptor antagonist) blocked LTD
    assert calcium_frequency_response(1.0, nmda_conductance=0.0) == pytest.approx(0.0, abs=1e-6)
    assert calcium_frequency_response(50.0, nmda_conductance=0.0) == pytest.approx(0.0, abs=1e-6)


def test_calcium_control_gives_an_stdp_window_ltp_for_pre_before_post():
    ltp = calcium_stdp_window(np.array([5.0, 10.0, 20.0, 30.0]))
    ltd = calcium_stdp_window(np.array([-10.0, -20.0, -30.0, -40.0]))
    assert np.all(ltp > 20)  # pre before post: LTP (Bi & Poo 1998)
    assert np.all(ltd < -3)  # post before pre: LTD
    far = calcium_stdp_window(np.array([-250.0, 250.0]))
    assert np.all(np.abs(far) < np.abs(ltd).min() + 1e-9)  # far apart: at most the weak pre-alone LTD


def test_the_change_decays_at_rest_long_after_the_protocol():
    trace = nmda_calcium_trace(1000.0, [300.0], [310.0])
    right_after = calcium_weight_change(trace, 100)
    a_day_later = calcium_weight_change(trace, 100, hours_after=24.0)
    a_month_later = calcium_weight_change(trace, 100, hours_after=24.0 * 30)
    assert right_after > 50
    assert 0 < a_day_later < 0.3 * right_after
    assert abs(a_month_later) < 0.01  # early plasticity alone does not last


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: calcium_omega(0.5, alpha_ltd_um=0.6), r"alpha_ltp_um must be in \(0.6, 10\]"),
        (lambda: nmda_calcium_trace(0.0, [0.0]), r"period_ms must be in \[1, 100000\]"),
        (lambda: nmda_calcium_trace(100.0, [150.0]), r"pre_times_ms must lie in \[0, period_ms=100\)"),
        (lambda: nmda_calcium_trace(100.0, [0.0], magnesium_mm=-1.0), r"magnesium_mm must be in \[0, 10\]"),
        (lambda: calcium_frequency_response(0.0), r"frequencies_hz must be in \[0.1, 200\]"),
        (lambda: calcium_stdp_window(500.0), r"delta_t_ms must be in \[-300, 300\]"),
        (lambda: calcium_stdp_window(10.0, pairing_hz=50.0), r"pairing_hz must be in \[0.1, 10\]"),
        (lambda: calcium_weight_change("trace", 10), r"trace must be a CalciumTrace"),
    ],
)
def test_calcium_control_rejects_invalid_parameters_naming_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=30, deadline=None)
@given(
    frequency=st.floats(0.1, 200.0),
    magnesium=st.floats(0.0, 10.0),
    conductance=st.floats(0.0, 0.01),
    n_pulses=st.integers(1, 5000),
)
def test_calcium_control_change_stays_within_the_weight_bounds(frequency, magnesium, conductance, n_pulses):
    change = calcium_frequency_response(frequency, n_pulses=n_pulses, magnesium_mm=magnesium,
                                        nmda_conductance=conductance)
    assert math.isfinite(change) and -100.0 - 1e-9 <= change <= 300.0 + 1e-9


@pytest.mark.parametrize("train", [train_hebb, train_oja])
def test_the_two_input_shortcut_learns_exactly_what_the_general_rule_learns(train):
    # A third input that is always zero changes nothing, and takes the general path.
    inputs = correlated_inputs(500, np.array([[1.0, 0.6], [0.6, 1.0]]), seed=3)
    two = train(inputs, eta=0.01, w0=np.array([0.3, -0.2]))
    three = train(np.c_[inputs, np.zeros(len(inputs))], eta=0.01, w0=np.array([0.3, -0.2, 0.0]))
    np.testing.assert_allclose(two, three[:, :2], rtol=1e-12, atol=1e-15)
