"""Synaptic plasticity: Hebb, Oja, BCM and spike-timing-dependent plasticity (STDP).

Every function here is a published model, implemented from its equations with the
citation in its docstring.  Plain numpy, seeded: the same call gives the same numbers.

Rate models (Hebb, Oja, BCM) work in arbitrary units; spiking models in milliseconds,
millivolts and hertz, with the unit in each parameter's name.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import numpy as np

from ._checks import check_int, check_range, make_rng

__all__ = [
    "correlated_inputs",
    "train_hebb",
    "train_oja",
    "BCMResult",
    "bcm_selectivity",
    "bcm_threshold_hz",
    "bcm_crossover_frequency_hz",
    "bcm_frequency_response",
    "calcium_omega",
    "CalciumTrace",
    "nmda_calcium_trace",
    "calcium_weight_change",
    "calcium_frequency_response",
    "calcium_stdp_window",
    "stdp_window",
    "stdp_pair_weight_change",
    "SongResult",
    "song_network",
    "song_network_stepwise",
]

_INF = math.inf


# ----------------------------------------------------------------------------------
# Array checks (the scalar checks live in rewire._checks)
# ----------------------------------------------------------------------------------


def _finite_array(name, value, ndim=None):
    """``value`` as a float array; ValueError naming ``name`` if not finite numbers."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of finite numbers, got {value!r}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers")
    return array


def _initial_weights(w0, n_inputs, seed):
    """The given start weights, or a seeded random vector of length 0.1."""
    rng = make_rng(seed)
    if w0 is None:
        w = rng.normal(size=n_inputs)
        return 0.1 * w / np.linalg.norm(w)
    w = _finite_array("w0", w0, ndim=1)
    if w.shape != (n_inputs,):
        raise ValueError(f"w0 must have shape ({n_inputs},) to match inputs, got {w.shape}")
    return w.copy()


# ----------------------------------------------------------------------------------
# Hebb and Oja
# ----------------------------------------------------------------------------------


def correlated_inputs(n_samples, covariance, seed=0):
    """Draw zero-mean Gaussian input vectors with a given covariance.

    Arguments:
        n_samples: number of input vectors (>= 1).
        covariance: (n_inputs, n_inputs) symmetric positive semi-definite matrix
            (arbitrary units squared).
        seed: random seed (non-negative int or None).

    Returns:
        array (n_samples, n_inputs); row t is the input x(t) presented at step t.

    The standard input ensemble for Hebb (1949) and Oja (1982) learning.
    """
    n_samples = check_int("n_samples", n_samples, 1)
    cov = _finite_array("covariance", covariance, ndim=2)
    if cov.shape[0] != cov.shape[1] or cov.shape[0] == 0:
        raise ValueError(
            f"covariance must be a square (n_inputs, n_inputs) matrix, got {cov.shape}"
        )
    if not np.allclose(cov, cov.T, atol=1e-10):
        raise ValueError("covariance must be symmetric")
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    if eigenvalues.min() < -1e-10 * max(1.0, abs(eigenvalues.max())):
        raise ValueError(
            f"covariance must be positive semi-definite, smallest eigenvalue {eigenvalues.min():g}"
        )
    root = eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))
    rng = make_rng(seed)
    return rng.standard_normal((n_samples, cov.shape[0])) @ root.T


def _train(inputs, eta, w0, seed, oja):
    x_all = _finite_array("inputs", inputs, ndim=2)
    if x_all.shape[0] < 1 or x_all.shape[1] < 1:
        raise ValueError(
            f"inputs must have shape (n_samples >= 1, n_inputs >= 1), got {x_all.shape}"
        )
    eta = check_range("eta", eta, 0.0, _INF, low_open=True, high_open=True)
    # One sample at a time on plain floats: for the few inputs of the course's neurons this
    # is four times faster than NumPy's per-call overhead (the widget redraws on it).
    w = _initial_weights(w0, x_all.shape[1], seed).tolist()
    if len(w) == 2:
        return np.array(_train_two_inputs(x_all.tolist(), eta, *w, oja))
    history = [w]
    for x in x_all.tolist():
        y = sum(map(operator.mul, w, x))
        step = eta * y
        if oja:
            w = [wi + step * (xi - y * wi) for wi, xi in zip(w, x)]
        else:
            w = [wi + step * xi for wi, xi in zip(w, x)]
        history.append(w)
    return np.array(history)


def _train_two_inputs(samples, eta, w1, w2, oja):
    """`_train` written out for a neuron with two inputs (the apps' case), three times faster."""
    history = [(w1, w2)]
    for x1, x2 in samples:
        y = w1 * x1 + w2 * x2
        step = eta * y
        if oja:
            w1, w2 = w1 + step * (x1 - y * w1), w2 + step * (x2 - y * w2)
        else:
            w1, w2 = w1 + step * x1, w2 + step * x2
        history.append((w1, w2))
    return history


def train_hebb(inputs, eta=0.01, w0=None, seed=0):
    """Plain Hebbian learning of one linear neuron: y = w.x, dw = eta * x * y.

    Arguments:
        inputs: (n_samples, n_inputs) input vectors, presented once each, in order
            (e.g. from ``correlated_inputs``).
        eta: learning rate per sample, > 0.
        w0: start weights (n_inputs,); None draws a random vector of length 0.1.
        seed: seed for the random start weights.

    Returns:
        array (n_samples + 1, n_inputs): the weights before training and after each
        sample.  The weight length never decreases (|w|^2 gains 2*eta*y^2 + ...
        each step) and grows without bound, roughly as exp(eta * lambda_1 * t)
        along the leading eigenvector: Hebb's rule alone is unstable.  Very long
        runs overflow to inf, which is the point.

    Hebb (1949); see Dayan & Abbott (2001), ch. 8.
    """
    return _train(inputs, eta, w0, seed, oja=False)


def train_oja(inputs, eta=0.01, w0=None, seed=0):
    """Oja's rule: y = w.x, dw = eta * y * (x - y * w).

    Arguments:
        inputs: (n_samples, n_inputs) zero-mean input vectors, presented in order.
        eta: learning rate per sample, > 0 (keep eta * |x|^2 well below 1).
        w0: start weights (n_inputs,); None draws a random vector of length 0.1.
        seed: seed for the random start weights.

    Returns:
        array (n_samples + 1, n_inputs) of weights.  The weights converge to the
        unit-length leading eigenvector of the input covariance (up to sign), with
        fluctuations of order sqrt(eta): the neuron extracts the first principal
        component.

    Oja (1982), J. Math. Biol. 15:267.
    """
    return _train(inputs, eta, w0, seed, oja=True)


# ----------------------------------------------------------------------------------
# BCM
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BCMResult:
    """A BCM training run (``bcm_selectivity``).

    Fields:
        time: (n_time,) time points, same units as tau_w.
        weights: (n_time, n_patterns) weights; input k carries pattern k only.
        theta: (n_time,) the sliding modification threshold.
        responses: (n_time, n_patterns) the response y = w . x_k to each pattern.
        patterns: (n_patterns, n_patterns) the orthogonal patterns (one per row).
        selective_response: the response a fully selective neuron settles at,
            n_patterns * y0 (fixed point of the averaged equations).
        runaway: True if the run blew up (|theta| or |w| above 1e6 * y0 * n_patterns);
            the samples after the blow-up are NaN.
    """

    time: np.ndarray
    weights: np.ndarray
    theta: np.ndarray
    responses: np.ndarray
    patterns: np.ndarray
    selective_response: float
    runaway: bool


def bcm_selectivity(
    n_patterns=3,
    tau_w=1000.0,
    tau_theta=100.0,
    y0=1.0,
    duration=30000.0,
    dt=1.0,
    seed=0,
    *,
    w0=None,
):
    """Train one BCM neuron on equally likely orthogonal patterns.

    Each time step dt one of the ``n_patterns`` patterns x_k (unit vectors: pattern k
    drives input k alone) is drawn at random and shown; then, with y = w . x,

        tau_w     dw/dt     = x * y * (y - theta)
        tau_theta dtheta/dt = y**2 / y0 - theta          (Euler steps of dt)

    Arguments:
        n_patterns: number of patterns K (>= 2).
        tau_w: weight time constant (arbitrary time unit, e.g. one presentation = 1).
        tau_theta: threshold time constant, same unit.  BCM needs it faster than
            the weights: tau_theta / tau_w about 0.1 gives a stable selective state.
        y0: target activity scale (> 0).  The selective fixed point has the
            winning response and theta at n_patterns * y0.
        duration: simulated time, same unit; dt: time step (one pattern per step,
            at most min(tau_w, tau_theta) / 10; at most 2e6 steps).
        seed: seed for the start weights (uniform in [0.4, 0.6] * y0) and the
            pattern sequence.
        w0: optional start weights (n_patterns,), overriding the random ones.

    Returns:
        BCMResult(time, weights, theta, responses, patterns, selective_response, runaway).

    With tau_theta / tau_w = 0.1 the neuron becomes selective: the response to one
    pattern settles near n_patterns * y0 and the others decay to 0.  Linearising the
    averaged equations about that state gives a Hopf bifurcation at
    tau_theta / tau_w = 1 / y0: with a slower threshold the neuron oscillates, then
    collapses or runs away instead of settling.  The random presentation order makes
    theta fluctuate by roughly sqrt(dt / tau_theta) around its mean.

    Bienenstock, Cooper & Munro (1982); the threshold equation is the Intrator &
    Cooper (1992) form.  The Hopf point is our linearisation; for the dynamics
    beyond it see Udeigwe, Munro & Ermentrout (2017), J. Math. Neurosci. 7:2.
    """
    n_patterns = check_int("n_patterns", n_patterns, 2, 1000)
    tau_w = check_range("tau_w", tau_w, 0.0, _INF, low_open=True, high_open=True)
    tau_theta = check_range("tau_theta", tau_theta, 0.0, _INF, low_open=True, high_open=True)
    y0 = check_range("y0", y0, 0.0, _INF, low_open=True, high_open=True)
    duration = check_range("duration", duration, 0.0, _INF, low_open=True, high_open=True)
    dt = check_range("dt", dt, 0.0, min(tau_w, tau_theta) / 10.0, low_open=True)
    n_steps = int(round(duration / dt))
    if n_steps < 1 or n_steps > 2_000_000:
        raise ValueError(f"duration / dt must be in [1, 2e+06] steps, got {duration / dt:g}")
    rng = make_rng(seed)
    if w0 is None:
        w = list(rng.uniform(0.4 * y0, 0.6 * y0, n_patterns))
    else:
        start = _finite_array("w0", w0, ndim=1)
        if start.shape != (n_patterns,):
            raise ValueError(f"w0 must have shape ({n_patterns},), got {start.shape}")
        w = [float(v) for v in start]
    shown = rng.integers(0, n_patterns, n_steps).tolist()
    theta = sum(v * v for v in w) / n_patterns / y0  # threshold starts at its equilibrium
    a, b = dt / tau_w, dt / tau_theta
    limit = 1e6 * y0 * n_patterns
    weights = np.full((n_steps + 1, n_patterns), np.nan)
    thetas = np.full(n_steps + 1, np.nan)
    weights[0], thetas[0] = w, theta
    runaway = False
    for step, k in enumerate(shown, start=1):
        y = w[k]  # response to pattern k = weight of input k
        w[k] = y + a * y * (y - theta)
        theta += b * (y * y / y0 - theta)
        if not (abs(theta) < limit and abs(w[k]) < limit):
            runaway = True
            break
        weights[step] = w
        thetas[step] = theta
    patterns = np.eye(n_patterns)
    return BCMResult(
        time=np.arange(n_steps + 1) * dt,
        weights=weights,
        theta=thetas,
        responses=weights @ patterns.T,
        patterns=patterns,
        selective_response=n_patterns * y0,
        runaway=runaway,
    )


def bcm_threshold_hz(prior_rate_hz=10.0, y0_hz=10.0):
    """The BCM modification threshold set by prior activity: theta = prior_rate**2 / y0.

    Arguments:
        prior_rate_hz: average postsynaptic rate before the experiment (Hz, >= 0).
        y0_hz: scale constant of the threshold equation (Hz, > 0).

    Returns:
        theta in Hz: the steady state of tau_theta dtheta/dt = y**2 / y0 - theta for
        a neuron that has been firing at prior_rate_hz.  More prior activity, higher
        threshold (Bienenstock, Cooper & Munro 1982; Kirkwood, Rioult & Bear 1996).
    """
    prior = check_range("prior_rate_hz", prior_rate_hz, 0.0, 1000.0)
    y0_hz = check_range("y0_hz", y0_hz, 0.0, _INF, low_open=True, high_open=True)
    return prior * prior / y0_hz


def _postsynaptic_rate_hz(f, max_rate_hz, half_frequency_hz):
    return max_rate_hz * f / (f + half_frequency_hz)


def bcm_crossover_frequency_hz(
    prior_rate_hz=10.0, *, max_rate_hz=20.0, half_frequency_hz=10.0, y0_hz=10.0
):
    """Stimulation frequency (Hz) where ``bcm_frequency_response`` turns from LTD to LTP.

    The crossover is where the postsynaptic rate y(f) = max_rate * f / (f + f_half)
    equals the threshold theta = prior_rate**2 / y0, i.e.
    f_cross = f_half * theta / (max_rate - theta); inf when theta >= max_rate
    (no frequency potentiates).  Same arguments as ``bcm_frequency_response``.

    The sliding threshold moves it: more prior activity, higher crossover
    (Kirkwood, Rioult & Bear 1996; Bienenstock, Cooper & Munro 1982).
    """
    max_rate_hz = check_range("max_rate_hz", max_rate_hz, 0.0, 1000.0, low_open=True)
    half = check_range("half_frequency_hz", half_frequency_hz, 0.0, 1000.0, low_open=True)
    theta = bcm_threshold_hz(prior_rate_hz, y0_hz)
    if theta >= max_rate_hz:
        return _INF
    return half * theta / (max_rate_hz - theta)


def bcm_frequency_response(
    frequencies_hz,
    n_pulses=900,
    prior_rate_hz=10.0,
    *,
    max_rate_hz=20.0,
    half_frequency_hz=10.0,
    y0_hz=10.0,
    learning_rate=1.1e-5,
    max_potentiation_percent=50.0,
):
    """Percent change of synaptic weight after a train of pulses, by the BCM rule.

    A teaching formalisation of BCM for the Dudek & Bear (1992) protocol (900 pulses
    at 0.5-50 Hz in hippocampal CA1):

    1. During a train at f Hz the postsynaptic rate rises with frequency and
       saturates: y(f) = max_rate_hz * f / (f + half_frequency_hz).
    2. The threshold is set by prior activity: theta = prior_rate_hz**2 / y0_hz
       (steady state of the sliding-threshold equation, ``bcm_threshold_hz``).
    3. The BCM drive, integrated over the train, is x * y * (y - theta) with
       presynaptic rate x = f for n_pulses / f seconds, i.e.
       n_pulses * phi with phi = y * (y - theta): it depends on f only through y.
    4. Expression is soft-bounded: LTD scales the weight down multiplicatively,
       w -> w * exp(learning_rate * n_pulses * phi) (phi < 0, never below 0), and
       LTP saturates at +max_potentiation_percent,
       w -> w_max - (w_max - w) * exp(-learning_rate * n_pulses * phi).

    Arguments:
        frequencies_hz: stimulation frequency or array of them (Hz, > 0, <= 1000).
        n_pulses: pulses in the train (Dudek & Bear: 900).
        prior_rate_hz: postsynaptic rate before the experiment (Hz); more prior
            activity, higher threshold and crossover (Kirkwood et al. 1996).
        max_rate_hz, half_frequency_hz: the saturating y(f) above (Hz).
        y0_hz: scale of the threshold (Hz).
        learning_rate: per pulse, in 1/Hz**2.
        max_potentiation_percent: the LTP ceiling (percent).

    Returns:
        percent weight change (100 * (w_after - w_before) / w_before), a float for a
        scalar frequency, otherwise an array shaped like frequencies_hz.

    The defaults (teaching values, not a fit) give LTD at 1-3 Hz (about -14 and -22 %),
    no change at 10 Hz (the crossover for prior_rate_hz = 10), and LTP of about
    +30-40 % at 50-100 Hz, the shape reported by Dudek & Bear (1992).
    Bienenstock, Cooper & Munro (1982); Dudek & Bear (1992); Kirkwood, Rioult & Bear (1996).
    """
    freqs = _finite_array("frequencies_hz", frequencies_hz)
    if np.any(freqs <= 0) or np.any(freqs > 1000):
        raise ValueError(f"frequencies_hz must be in (0, 1000], got {frequencies_hz!r}")
    n_pulses = check_int("n_pulses", n_pulses, 1, 1_000_000)
    max_rate_hz = check_range("max_rate_hz", max_rate_hz, 0.0, 1000.0, low_open=True)
    half = check_range("half_frequency_hz", half_frequency_hz, 0.0, 1000.0, low_open=True)
    theta = bcm_threshold_hz(prior_rate_hz, y0_hz)
    learning_rate = check_range("learning_rate", learning_rate, 0.0, 1.0)
    ceiling = check_range(
        "max_potentiation_percent", max_potentiation_percent, 0.0, 1e4, low_open=True
    )
    y = _postsynaptic_rate_hz(freqs, max_rate_hz, half)
    drive = learning_rate * n_pulses * y * (y - theta)
    change = np.where(
        drive >= 0,
        ceiling * -np.expm1(-np.clip(drive, 0.0, None)),
        100.0 * np.expm1(np.clip(drive, None, 0.0)),
    )
    return float(change) if change.ndim == 0 else change


# ----------------------------------------------------------------------------------
# Calcium control: NMDA receptors, calcium and the direction of change
# ----------------------------------------------------------------------------------

_CALCIUM_DEFAULTS = dict(
    nmda_conductance=0.0026,
    magnesium_mm=1.0,
    tau_calcium_ms=50.0,
    alpha_ltd_um=0.35,
    alpha_ltp_um=0.55,
)


def _calcium_parameters(nmda_conductance, magnesium_mm, tau_calcium_ms, alpha_ltd_um, alpha_ltp_um):
    return (
        check_range("nmda_conductance", nmda_conductance, 0.0, 1.0),
        check_range("magnesium_mm", magnesium_mm, 0.0, 10.0),
        check_range("tau_calcium_ms", tau_calcium_ms, 1.0, 1000.0),
        check_range("alpha_ltd_um", alpha_ltd_um, 0.0, 10.0),
        check_range("alpha_ltp_um", alpha_ltp_um, alpha_ltd_um, 10.0, low_open=True),
    )


def _sigmoid(x, beta):
    return 0.5 * (1.0 + np.tanh(0.5 * beta * x))  # exp(beta x) / (1 + exp(beta x)), no overflow


def calcium_omega(calcium_um, alpha_ltd_um=0.35, alpha_ltp_um=0.55, beta_per_um=80.0):
    """The calcium-control function Omega: where a synapse's weight heads at a calcium level.

        Omega(Ca) = 0.25 + sig(Ca - alpha_ltp, beta) - 0.25 sig(Ca - alpha_ltd, beta),
        sig(x, beta) = exp(beta x) / (1 + exp(beta x)).

    Below alpha_ltd (low calcium) Omega is 0.25, the resting weight: no change.  Between
    the thresholds it is 0: the weight falls (LTD).  Above alpha_ltp it is 1: the weight
    rises (LTP).

    Arguments:
        calcium_um: calcium concentration in the spine (micromolar), number or array.
        alpha_ltd_um, alpha_ltp_um: the two thresholds (uM; Shouval et al.: 0.35, 0.55).
        beta_per_um: steepness of the steps (1/uM; Shouval et al.: 80).

    Returns:
        Omega: a float for a number, otherwise an array.

    Shouval, Bear & Cooper (2002), PNAS 99:10831-10836.
    """
    ca = _finite_array("calcium_um", calcium_um)
    alpha_ltd = check_range("alpha_ltd_um", alpha_ltd_um, 0.0, 10.0)
    alpha_ltp = check_range("alpha_ltp_um", alpha_ltp_um, alpha_ltd, 10.0, low_open=True)
    beta = check_range("beta_per_um", beta_per_um, 0.0, 1e4, low_open=True)
    omega = 0.25 + _sigmoid(ca - alpha_ltp, beta) - 0.25 * _sigmoid(ca - alpha_ltd, beta)
    return float(omega) if omega.ndim == 0 else omega


def _learning_rate_per_ms(calcium):
    """eta(Ca) = 1 / tau(Ca), tau = P1 / (P2 + Ca^3) + P4: slow at rest, fast at high calcium
    (the form of Shouval et al. 2002; P1 = 4 s uM^3, P2 = 1e-4 uM^3, P4 = 4 s, our values)."""
    tau_s = 4.0 / (1e-4 + calcium**3) + 4.0
    return 1.0 / (1000.0 * tau_s)


def _magnesium_unblock(voltage_mv, magnesium_mm):
    """Fraction of NMDA receptors free of Mg2+ at a voltage (Jahr & Stevens 1990)."""
    return 1.0 / (1.0 + np.exp(-0.062 * voltage_mv) * magnesium_mm / 3.57)


@dataclass(frozen=True)
class CalciumTrace:
    """One repetition of a stimulation protocol, at its periodic steady state
    (``nmda_calcium_trace``).

    Fields:
        time_ms: (n_time,) time within the repetition (ms).
        voltage_mv: (n_time,) membrane potential at the spine (mV).
        nmda_open: (n_time,) fraction of NMDA receptors bound by glutamate.
        calcium_um: (n_time,) calcium in the spine (uM).
        omega: (n_time,) Omega(calcium): where the weight heads at each moment.
    """

    time_ms: np.ndarray
    voltage_mv: np.ndarray
    nmda_open: np.ndarray
    calcium_um: np.ndarray
    omega: np.ndarray


def _spike_times(name, times_ms, period_ms):
    times = _finite_array(name, times_ms).ravel()
    if np.any(times < 0) or np.any(times >= period_ms):
        raise ValueError(f"{name} must lie in [0, period_ms={period_ms:g}), got {times_ms!r}")
    return np.sort(times)


def _nmda_open_fraction(t, pre, tau_fast=50.0, tau_slow=200.0, fast_share=0.5, release=0.5):
    """Glutamate-bound NMDA receptors: each presynaptic spike binds half of the free ones,
    which unbind with a fast (50 ms) and a slow (200 ms) component, half each."""
    open_fraction = np.zeros_like(t)
    bound = []  # (time, amount) of each spike's binding
    for spike in pre:
        before = sum(a * (fast_share * math.exp(-(spike - s) / tau_fast)
                          + (1 - fast_share) * math.exp(-(spike - s) / tau_slow)) for s, a in bound)
        amount = release * max(0.0, 1.0 - before)
        bound.append((spike, amount))
        after = t >= spike
        age = t[after] - spike
        open_fraction[after] += amount * (fast_share * np.exp(-age / tau_fast)
                                          + (1 - fast_share) * np.exp(-age / tau_slow))
    return open_fraction


def _spine_voltage(t, post, v_rest=-65.0, amplitude=100.0, slow_share=0.25, tau_fast=3.0, tau_slow=25.0, delay=2.0):
    """Resting potential plus a back-propagating action potential for each postsynaptic
    spike (100 mV, a fast 3 ms and a slow 25 ms after-depolarising component, 2 ms delay)."""
    voltage = np.full_like(t, v_rest)
    for spike in post:
        after = t >= spike + delay
        age = t[after] - spike - delay
        voltage[after] += amplitude * ((1 - slow_share) * np.exp(-age / tau_fast) + slow_share * np.exp(-age / tau_slow))
    return voltage


def _leaky_integral(drive, dt, tau):
    """c(t) with dc/dt = drive - c / tau, c(0) = 0, exact for drive constant over each step."""
    decay = math.exp(-dt / tau)
    steps = drive * (tau * (1.0 - decay))
    chunk = max(1, int(30.0 * tau / dt))  # decay**-chunk stays below e**30
    out = np.empty_like(drive)
    level = 0.0
    for start in range(0, drive.size, chunk):
        piece = steps[start:start + chunk]
        powers = decay ** np.arange(1, piece.size + 1)
        out[start:start + chunk] = powers * (level + np.cumsum(piece / powers * decay))
        level = out[start + piece.size - 1]
    return out


def nmda_calcium_trace(
    period_ms,
    pre_times_ms,
    post_times_ms=(),
    *,
    nmda_conductance=0.0026,
    magnesium_mm=1.0,
    tau_calcium_ms=50.0,
    alpha_ltd_um=0.35,
    alpha_ltp_um=0.55,
    dt_ms=0.2,
):
    """Calcium in a spine through its NMDA receptors, for a protocol repeated every period_ms.

    The NMDA receptor is a coincidence detector: it needs glutamate (a presynaptic spike)
    and a depolarised membrane (a back-propagating postsynaptic spike) to let calcium in,
    because at rest Mg2+ blocks it.

        dCa/dt = g * n(t) * (E_Ca - V) * B(V) - Ca / tau_Ca,
        B(V) = 1 / (1 + exp(-0.062 V) [Mg] / 3.57)       (Jahr & Stevens 1990),

    with n(t) the glutamate-bound receptors, E_Ca = 130 mV, V the spine's potential.

    Arguments:
        period_ms: the protocol repeats every period_ms (e.g. 1000 / frequency).
        pre_times_ms, post_times_ms: pre- and postsynaptic spike times within one
            repetition (ms, in [0, period_ms)).
        nmda_conductance: g, calcium influx per open receptor and mV (uM / (ms mV);
            teaching calibration 0.0026: one presynaptic spike at rest raises calcium
            to about 0.36 uM, just past alpha_ltd).
        magnesium_mm: extracellular Mg2+ (mM, 1 in the brain; 0 removes the block).
        tau_calcium_ms: decay of calcium (ms; teaching choice 50).
        alpha_ltd_um, alpha_ltp_um: thresholds of ``calcium_omega``.
        dt_ms: time step (ms, at most 1).

    Returns:
        CalciumTrace of the last repetition, after enough repetitions (at least three,
        and 1.5 s) for the trace to repeat itself.

    Shouval, Bear & Cooper (2002), PNAS 99:10831-10836; simplified: no EPSP, a fixed
    resting potential between spikes.
    """
    period = check_range("period_ms", period_ms, 1.0, 1e5)
    g, magnesium, tau_ca, alpha_ltd, alpha_ltp = _calcium_parameters(
        nmda_conductance, magnesium_mm, tau_calcium_ms, alpha_ltd_um, alpha_ltp_um
    )
    dt = check_range("dt_ms", dt_ms, 0.01, 1.0)
    pre = _spike_times("pre_times_ms", pre_times_ms, period)
    post = _spike_times("post_times_ms", post_times_ms, period)
    repeats = max(3, math.ceil(1500.0 / period) + 1)
    t = np.arange(0.0, repeats * period, dt)
    offsets = np.arange(repeats)[:, None] * period
    voltage = _spine_voltage(t, (post[None, :] + offsets).ravel())
    nmda_open = _nmda_open_fraction(t, (pre[None, :] + offsets).ravel())
    influx = g * nmda_open * (130.0 - voltage) * _magnesium_unblock(voltage, magnesium)
    calcium = _leaky_integral(influx, dt, tau_ca)
    last = t >= (repeats - 1) * period
    return CalciumTrace(
        time_ms=t[last] - (repeats - 1) * period,
        voltage_mv=voltage[last],
        nmda_open=nmda_open[last],
        calcium_um=calcium[last],
        omega=calcium_omega(calcium[last], alpha_ltd, alpha_ltp),
    )


def calcium_weight_change(trace, n_repeats, hours_after=0.0):
    """Percent weight change after n_repeats of a protocol by the calcium-control rule.

        dw/dt = eta(Ca) (Omega(Ca) - w),   w at rest = Omega(0) = 0.25,

    integrated exactly over one repetition (w -> A w + B) and applied n_repeats times.
    eta rises with calcium (``_learning_rate_per_ms``), so low calcium leaves the weight
    where it is.  The weight stays between 0 (-100 %) and 1 (+300 %).

    Long after the protocol calcium is at rest, where Omega = 0.25: the change decays
    back with the slow resting rate eta(0), a time constant of about 11 hours.  The rule
    alone gives early, decaying plasticity; changes that last for days need more (late,
    protein-synthesis-dependent LTP; Frey & Morris 1997, Nature 385:533).

    Arguments:
        trace: a CalciumTrace (``nmda_calcium_trace``).
        n_repeats: number of repetitions (pulses or pairings), 0-100000.
        hours_after: time at rest after the protocol (hours, 0-10000).

    Shouval, Bear & Cooper (2002), PNAS 99:10831-10836.
    """
    if not isinstance(trace, CalciumTrace):
        raise ValueError(f"trace must be a CalciumTrace, got {type(trace).__name__}")
    n = check_int("n_repeats", n_repeats, 0, 100_000)
    rest_ms = 3.6e6 * check_range("hours_after", hours_after, 0.0, 1e4)
    dt = float(trace.time_ms[1] - trace.time_ms[0])
    rate = _learning_rate_per_ms(trace.calcium_um) * dt
    later = np.cumsum(rate[::-1])[::-1] - rate  # the rate still to come after each step
    shrink = math.exp(-float(rate.sum()))
    towards = float(np.sum(-np.expm1(-rate) * trace.omega * np.exp(-later)))  # exact per step
    w0 = 0.25
    if shrink >= 1.0:
        return 0.0
    total = shrink**n
    w = total * w0 + towards * (1.0 - total) / (1.0 - shrink)
    w = w0 + (w - w0) * math.exp(-float(_learning_rate_per_ms(0.0)) * rest_ms)
    return 100.0 * (w / w0 - 1.0)


def calcium_frequency_response(frequencies_hz, n_pulses=900, **parameters):
    """Percent weight change after n_pulses presynaptic pulses at each frequency, by calcium
    control (Shouval, Bear & Cooper 2002) for the protocol of Dudek & Bear (1992).

    Slow pulses let a little calcium in each time (Mg2+ blocks most of it): moderate
    calcium, LTD.  Fast pulses summate: high calcium, LTP.  BCM's frequency curve without
    a postsynaptic rate: the NMDA receptor and calcium set the sign.

    Arguments:
        frequencies_hz: frequency or array of them (Hz, in [0.1, 200]).
        n_pulses: pulses in the train (Dudek & Bear: 900).
        **parameters: nmda_conductance, magnesium_mm, tau_calcium_ms, alpha_ltd_um,
            alpha_ltp_um as in ``nmda_calcium_trace``.

    Returns:
        percent change: a float for one frequency, otherwise an array.  With the
        defaults: about -20 % at 1 Hz, -55 % at 3 Hz, the largest LTD near 5 Hz, a
        crossover between 5 and 7 Hz (Dudek & Bear: about 10 Hz) and LTP of +200 to
        +300 % from 10 to 100 Hz (less at 100 Hz, where the receptors saturate).
    """
    freqs = _finite_array("frequencies_hz", frequencies_hz)
    if np.any(freqs < 0.1) or np.any(freqs > 200):
        raise ValueError(f"frequencies_hz must be in [0.1, 200], got {frequencies_hz!r}")
    n_pulses = check_int("n_pulses", n_pulses, 1, 100_000)
    change = np.array([
        calcium_weight_change(nmda_calcium_trace(1000.0 / f, [0.0], **parameters), n_pulses)
        for f in freqs.ravel()
    ]).reshape(freqs.shape)
    return float(change) if change.ndim == 0 else change


def calcium_stdp_window(delta_t_ms, n_pairs=100, pairing_hz=1.0, **parameters):
    """Percent weight change after n_pairs pre/post spike pairings at each spike timing, by
    calcium control (Shouval, Bear & Cooper 2002).

    Pre before post (delta_t = t_post - t_pre > 0): the back-propagating spike arrives
    while glutamate is bound, unblocks the receptors, and calcium rises high: LTP.  Post
    before pre: only the spike's slow tail remains when glutamate arrives: moderate
    calcium, LTD.  A published feature of the model, not of most data: at delta_t of
    about +100 ms a second, weak LTD window.

    Arguments:
        delta_t_ms: t_post - t_pre (ms, in [-300, 300]); number or array.
        n_pairs: pairings (Shouval et al.: 100); pairing_hz: their rate (Hz, 0.1-10).
        **parameters: as ``nmda_calcium_trace``.

    Returns:
        percent change: a float for one timing, otherwise an array.  With the defaults:
        about +100 % at +5 to +20 ms, about -17 % at -10 ms, -4 % at -100 ms, and the
        model's second LTD window, about -12 % at +100 ms.
    """
    delta = _finite_array("delta_t_ms", delta_t_ms)
    if np.any(np.abs(delta) > 300):
        raise ValueError(f"delta_t_ms must be in [-300, 300], got {delta_t_ms!r}")
    n_pairs = check_int("n_pairs", n_pairs, 1, 100_000)
    rate = check_range("pairing_hz", pairing_hz, 0.1, 10.0)
    period = 1000.0 / rate
    start = 300.0 if period > 600.0 else period / 2.0
    change = np.array([
        calcium_weight_change(nmda_calcium_trace(period, [start], [(start + d) % period], **parameters), n_pairs)
        for d in delta.ravel()
    ]).reshape(delta.shape)
    return float(change) if change.ndim == 0 else change


# ----------------------------------------------------------------------------------
# STDP
# ----------------------------------------------------------------------------------

_WINDOW_DEFAULTS = dict(a_plus=0.01, a_minus=0.005, tau_plus_ms=16.8, tau_minus_ms=33.7)


def _window_params(a_plus, a_minus, tau_plus_ms, tau_minus_ms):
    return (
        check_range("a_plus", a_plus, 0.0, 10.0),
        check_range("a_minus", a_minus, 0.0, 10.0),
        check_range("tau_plus_ms", tau_plus_ms, 0.0, 10_000.0, low_open=True),
        check_range("tau_minus_ms", tau_minus_ms, 0.0, 10_000.0, low_open=True),
    )


def _window(delta, a_plus, a_minus, tau_plus, tau_minus):
    # exp of a non-positive argument only, so no overflow for any finite delta
    return np.where(
        delta > 0,
        a_plus * np.exp(-np.abs(delta) / tau_plus),
        np.where(delta < 0, -a_minus * np.exp(-np.abs(delta) / tau_minus), 0.0),
    )


def stdp_window(
    delta_t_ms,
    a_plus=_WINDOW_DEFAULTS["a_plus"],
    a_minus=_WINDOW_DEFAULTS["a_minus"],
    tau_plus_ms=_WINDOW_DEFAULTS["tau_plus_ms"],
    tau_minus_ms=_WINDOW_DEFAULTS["tau_minus_ms"],
):
    """Pair-based STDP window: weight change for one pre/post spike pair.

        dw =  a_plus  * exp(-delta_t / tau_plus)    if delta_t > 0 (post after pre: LTP)
        dw = -a_minus * exp( delta_t / tau_minus)   if delta_t < 0 (pre after post: LTD)
        dw = 0                                      if delta_t == 0

    Arguments:
        delta_t_ms: t_post - t_pre in ms (scalar or array; vectorised).
        a_plus, a_minus: peak potentiation / depression per pair (>= 0), in units
            of the weight scale (0.01 = 1 % of the maximal weight).
        tau_plus_ms, tau_minus_ms: decay constants (ms, > 0).

    Returns:
        weight change (fraction of the maximal weight): a float for a scalar
        delta_t_ms, else an array of the same shape.

    Defaults: time constants are the Bi & Poo (1998) fits (16.8 ms, 33.7 ms; values
    as quoted by Bi & Poo 2001 and Pfister & Gerstner 2006).  The amplitudes are our
    choice: a_plus = 1 % per pair, a_minus = half of it, since Bi & Poo's peak
    potentiation is roughly twice their peak depression; 60 pairings at +5 ms then
    sum to about +45 %, at -5 ms to about -26 %.  For Song, Miller & Abbott (2000)
    use a_plus=0.005, a_minus=0.00525, tau_plus_ms=tau_minus_ms=20.
    """
    delta = _finite_array("delta_t_ms", delta_t_ms)
    params = _window_params(a_plus, a_minus, tau_plus_ms, tau_minus_ms)
    dw = _window(delta, *params)
    return float(dw) if dw.ndim == 0 else dw


def stdp_pair_weight_change(pre_spike_times_ms, post_spike_times_ms, **window_params):
    """Total weight change from all pre/post spike pairs (all-to-all pair-based STDP).

    Arguments:
        pre_spike_times_ms: presynaptic spike times (ms), 1-D.
        post_spike_times_ms: postsynaptic spike times (ms), 1-D.
        **window_params: a_plus, a_minus, tau_plus_ms, tau_minus_ms as in
            ``stdp_window`` (same defaults).

    Returns:
        sum over every pre spike i and post spike j of stdp_window(t_post_j - t_pre_i),
        as a float (fraction of the maximal weight; no bounds applied).

    Pair-based additive STDP (Song, Miller & Abbott 2000; window of Bi & Poo 1998).
    """
    unknown = set(window_params) - set(_WINDOW_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown window parameter(s): {sorted(unknown)}")
    params = _window_params(**{**_WINDOW_DEFAULTS, **window_params})
    pre = _finite_array("pre_spike_times_ms", pre_spike_times_ms).ravel()
    post = _finite_array("post_spike_times_ms", post_spike_times_ms).ravel()
    total = 0.0
    for start in range(0, post.size, 1024):  # chunks keep memory small for long trains
        delta = post[start : start + 1024, None] - pre[None, :]
        total += float(_window(delta, *params).sum())
    return total


# ----------------------------------------------------------------------------------
# Song, Miller & Abbott (2000)
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SongResult:
    """A run of ``song_network``.

    Fields:
        initial_weights: (n_inputs,) start weights, as a fraction of g_max (0..1).
        weights: (n_inputs,) final weights, fraction of g_max.
        post_rate_hz: output rate over the last 20 % of the run (Hz).
        correlated_mask: (n_inputs,) True for inputs in the correlated group.
        g_max: maximal excitatory conductance (units of the leak conductance).
        snapshot_times_s: (n_snapshots,) times of the weight snapshots (s).
        weight_snapshots: (n_snapshots, n_inputs) weights (fraction of g_max).
        rate_times_s: (n_bins,) end times of 1-s bins (s).
        post_rate_history_hz: (n_bins,) output rate in each 1-s bin (Hz).
        n_post_spikes: total number of output spikes.
    """

    initial_weights: np.ndarray
    weights: np.ndarray
    post_rate_hz: float
    correlated_mask: np.ndarray
    g_max: float
    snapshot_times_s: np.ndarray
    weight_snapshots: np.ndarray
    rate_times_s: np.ndarray
    post_rate_history_hz: np.ndarray
    n_post_spikes: int


def _input_spikes(rng, n_steps, rate_per_step, correlated, correlation):
    """Poisson input spikes for one chunk, as (step, input) pairs sorted by step.

    Uncorrelated inputs: independent Poisson trains.  Correlated inputs: each copies
    every spike of a shared Poisson 'source' train of rate rate/correlation with
    probability ``correlation`` (same rate per input, pairwise spike-count
    correlation ~ ``correlation``).
    """
    free = np.flatnonzero(~correlated)
    counts = rng.poisson(rate_per_step * n_steps, free.size)
    inputs = [np.repeat(free, counts)]
    steps = [rng.integers(0, n_steps, inputs[0].size)]
    group = np.flatnonzero(correlated)
    if group.size:
        n_source = rng.poisson(rate_per_step / correlation * n_steps)
        source_steps = rng.integers(0, n_steps, n_source)
        # which (source spike, input) pairs copy: Bernoulli(correlation) cells of an
        # n_source x group grid, drawn sparsely as geometric gaps between successes
        n_cells = n_source * group.size
        expected = n_cells * correlation
        gaps = rng.geometric(correlation, int(expected + 10.0 * math.sqrt(expected) + 10))
        cells = np.cumsum(gaps) - 1
        while cells.size and cells[-1] < n_cells:  # (practically never) too few drawn
            more = np.cumsum(rng.geometric(correlation, cells.size + 10)) + cells[-1]
            cells = np.concatenate([cells, more])
        cells = cells[cells < n_cells]
        which_source, which_input = np.divmod(cells, group.size)
        inputs.append(group[which_input])
        steps.append(source_steps[which_source])
    inputs = np.concatenate(inputs)
    steps = np.concatenate(steps).astype(np.int16)  # n_steps <= 10000: radix sort
    order = np.argsort(steps, kind="stable")
    steps, inputs = steps[order], inputs[order]
    bounds = np.searchsorted(steps, np.arange(n_steps + 1))
    return inputs, bounds


def song_network(
    n_inputs=1000,
    duration_s=1000.0,
    input_rate_hz=10.0,
    correlated_fraction=0.0,
    correlation=0.1,
    seed=0,
    *,
    g_max=0.015,
    a_plus=0.005,
    a_minus_ratio=1.05,
    tau_plus_ms=20.0,
    tau_minus_ms=20.0,
    learning_rate_scale=1.0,
    initial_weights=None,
    tau_m_ms=20.0,
    v_rest_mv=-70.0,
    v_threshold_mv=-54.0,
    v_reset_mv=-60.0,
    e_ex_mv=0.0,
    tau_ex_ms=5.0,
    n_inhibitory=200,
    inhibitory_rate_hz=10.0,
    g_inhibitory=0.05,
    e_in_mv=-70.0,
    tau_in_ms=5.0,
    dt_ms=1.0,
    n_snapshots=21,
):
    """STDP on the excitatory synapses of one integrate-and-fire neuron (Song et al. 2000).

    The neuron: tau_m dV/dt = (V_rest - V) + g_ex (E_ex - V) + g_in (E_in - V); when
    V reaches v_threshold_mv it spikes and is reset to v_reset_mv.  Conductances are
    in units of the leak conductance.  Each input spike at synapse a adds its weight
    g_a to g_ex (decay tau_ex_ms); each inhibitory spike adds g_inhibitory to g_in
    (decay tau_in_ms; inhibitory synapses are not plastic).

    STDP as in Song et al.: a trace P_a per synapse (+A+ per input spike, decay
    tau_plus) and one postsynaptic trace M (-A- per output spike, decay tau_minus).
    An input spike depresses its own synapse, g_a += M * g_max; an output spike
    potentiates every synapse, g_a += P_a * g_max; g_a stays in [0, g_max].  That is
    additive all-to-all pair STDP with A+ = a_plus * learning_rate_scale and
    A- = a_minus_ratio * A+.

    Arguments:
        n_inputs: excitatory Poisson inputs (Song: 1000; at most 10000).
        duration_s: simulated time (s).  The default 1000 s (about 3 s to compute)
            already gives a bimodal distribution (about 75 % of the weights in the
            outer fifths, from 40 % at the start); it sharpens with longer runs.
        input_rate_hz: rate of every excitatory input (Hz; Song used 10-40 Hz).
        correlated_fraction: fraction of the inputs (the first ones) that form a
            correlated group; 0 gives independent Poisson inputs throughout.
        correlation: pairwise spike correlation within the group, in [0.01, 1].  A
            teaching version of Song et al.'s correlated inputs: each grouped input
            copies each spike of one shared Poisson source (rate
            input_rate_hz / correlation) with probability ``correlation``, so every
            input keeps the rate input_rate_hz and shares synchronous spikes with
            the others of its group.
        seed: random seed (inputs and random start weights).
        g_max: maximal excitatory conductance (Song: 0.015).
        a_plus: A+ as a fraction of g_max (Song: 0.005); a_minus_ratio: A-/A+ (Song: 1.05).
        tau_plus_ms, tau_minus_ms: STDP time constants (ms; Song: 20 and 20).
        learning_rate_scale: multiplies A+ and A- (default 1, Song's values).  Larger
            values get there in fewer simulated seconds but with more scatter
            (a broader distribution: at 2, about 80 % of weights end in the outer
            bins instead of about 90 %); 0 freezes the weights.
        initial_weights: start weights as fractions of g_max, shape (n_inputs,); None
            draws them uniformly from [0, 1].
        tau_m_ms, v_rest_mv, v_threshold_mv, v_reset_mv, e_ex_mv, tau_ex_ms: the neuron
            (Song: 20 ms, -70, -54, -60, 0 mV, 5 ms).
        n_inhibitory, inhibitory_rate_hz, g_inhibitory, e_in_mv, tau_in_ms: the
            inhibitory Poisson inputs (Song: 200 at 10 Hz, 0.05, -70 mV, 5 ms);
            n_inhibitory=0 leaves them out.
        dt_ms: time step (ms, at most 1).  The default 1 ms is our speed-up; per step
            the membrane relaxes exactly towards its equilibrium for the step-mean
            conductances, an input spike reaches the membrane at the next step
            (a one-step synaptic delay), and an input and an output spike in the
            same step count as delta_t = 0 (no change), which keeps the balance of
            potentiation and depression of the continuous window.
        n_snapshots: number of weight snapshots, evenly spaced in time (>= 2).

    Returns:
        SongResult(initial_weights, weights, post_rate_hz, correlated_mask, g_max,
        snapshot_times_s, weight_snapshots, rate_times_s, post_rate_history_hz,
        n_post_spikes), weights as fractions of g_max.

    Published results it reproduces: the synapses compete and end bimodal, most near
    0 or g_max (U-shaped histogram); the output rate settles at a moderate level
    that hardly depends on the input rate (at 20 Hz inputs, frozen weights would
    drive the neuron at over 150 Hz); a correlated group wins the competition.
    Song, Miller & Abbott (2000), Nat. Neurosci. 3:919-926.
    """
    n_inputs = check_int("n_inputs", n_inputs, 1, 10_000)
    duration_s = check_range("duration_s", duration_s, 0.0, 100_000.0, low_open=True)
    input_rate_hz = check_range("input_rate_hz", input_rate_hz, 0.0, 200.0)
    correlated_fraction = check_range("correlated_fraction", correlated_fraction, 0.0, 1.0)
    correlation = check_range("correlation", correlation, 0.01, 1.0)
    rng = make_rng(seed)
    g_max = check_range("g_max", g_max, 0.0, 10.0, low_open=True)
    a_plus = check_range("a_plus", a_plus, 0.0, 1.0)
    a_minus_ratio = check_range("a_minus_ratio", a_minus_ratio, 0.0, 10.0)
    tau_plus_ms = check_range("tau_plus_ms", tau_plus_ms, 0.0, 10_000.0, low_open=True)
    tau_minus_ms = check_range("tau_minus_ms", tau_minus_ms, 0.0, 10_000.0, low_open=True)
    scale = check_range("learning_rate_scale", learning_rate_scale, 0.0, 100.0)
    tau_m_ms = check_range("tau_m_ms", tau_m_ms, 0.0, 10_000.0, low_open=True)
    v_rest = check_range("v_rest_mv", v_rest_mv, -200.0, 100.0)
    v_threshold = check_range("v_threshold_mv", v_threshold_mv, v_rest, 100.0, low_open=True)
    v_reset = check_range("v_reset_mv", v_reset_mv, -200.0, v_threshold, high_open=True)
    e_ex = check_range("e_ex_mv", e_ex_mv, v_threshold, 200.0, low_open=True)
    tau_ex_ms = check_range("tau_ex_ms", tau_ex_ms, 0.0, 10_000.0, low_open=True)
    n_inhibitory = check_int("n_inhibitory", n_inhibitory, 0, 100_000)
    inhibitory_rate_hz = check_range("inhibitory_rate_hz", inhibitory_rate_hz, 0.0, 200.0)
    g_inhibitory = check_range("g_inhibitory", g_inhibitory, 0.0, 10.0)
    e_in = check_range("e_in_mv", e_in_mv, -200.0, 100.0)
    tau_in_ms = check_range("tau_in_ms", tau_in_ms, 0.0, 10_000.0, low_open=True)
    dt = check_range("dt_ms", dt_ms, 0.0, 1.0, low_open=True)
    n_snapshots = check_int("n_snapshots", n_snapshots, 2, 10_000)
    n_steps = int(round(duration_s * 1000.0 / dt))
    if n_steps < 1:
        raise ValueError(
            f"duration_s must be at least one time step (dt_ms={dt:g}), got {duration_s!r}"
        )

    n_correlated = int(round(correlated_fraction * n_inputs))
    correlated = np.zeros(n_inputs, dtype=bool)
    correlated[:n_correlated] = True
    if initial_weights is None:
        w = rng.uniform(0.0, 1.0, n_inputs)
    else:
        w = _finite_array("initial_weights", initial_weights, ndim=1).copy()
        if w.shape != (n_inputs,) or np.any(w < 0) or np.any(w > 1):
            raise ValueError(
                f"initial_weights must be n_inputs={n_inputs} fractions of g_max in [0, 1]"
            )
    w0 = w.copy()

    a_p = a_plus * scale  # in units of g_max; w is g / g_max
    a_m = a_minus_ratio * a_p
    decay_ex = math.exp(-dt / tau_ex_ms)
    decay_in = math.exp(-dt / tau_in_ms)
    mean_ex = (1.0 - decay_ex) * tau_ex_ms / dt  # mean over a step of a decaying g
    mean_in = (1.0 - decay_in) * tau_in_ms / dt
    rate_per_step = input_rate_hz * dt / 1000.0
    inh_per_step = n_inhibitory * inhibitory_rate_hz * dt / 1000.0

    # Event-driven bookkeeping, equivalent to stepping the model above one dt at a
    # time (tests/test_synaptic.py checks this to rounding error).  Between two output
    # spikes the depression trace M only decays and the membrane equation is
    # linear, so a window of steps is solved with arrays; the window is then
    # committed up to the first output spike, if any, and the next one starts there.
    p_trace = np.zeros(n_inputs)  # P_a at step p_ref
    p_ref = 0
    m_value, m_ref = 0.0, 0  # M(s) = m_value * exp(-(s - m_ref) dt / tau_minus)
    v = v_rest
    g_ex = g_in = 0.0
    fired_here = False  # True: the output spike at `step` is done, its inputs are not

    # Steps solved at a time: about one output interspike interval, which the loop
    # estimates as it goes; only the speed depends on it.
    longest = 128
    window, isi_steps, last_post = 64, 64.0, 0
    lags = np.arange(longest + 1)[:, None] - 1 - np.arange(longest)[None, :]
    causal = lags >= 0
    # conductance at the start of step j: g0 * decay**j + sum_{k<j} input_k * decay**(j-1-k)
    ex_filter = np.where(causal, decay_ex ** np.maximum(lags, 0), 0.0)  # (longest + 1, longest)
    in_filter = np.where(causal, decay_in ** np.maximum(lags, 0), 0.0)
    ex_powers = decay_ex ** np.arange(longest + 1)
    in_powers = decay_in ** np.arange(longest + 1)
    lower = causal[1:]  # (longest, longest): k <= j

    snapshot_steps = np.unique(np.linspace(0, n_steps, n_snapshots).round().astype(int))
    snapshots = [w0.copy()]
    next_snapshot = 1
    post_steps = []
    chunk = min(10_000, max(1, int(round(1000.0 / dt))))  # inputs drawn 1 s at a time

    step = 0
    while step < n_steps:
        first = step
        size = min(chunk, n_steps - first)
        spiking, bounds = _input_spikes(rng, size, rate_per_step, correlated, correlation)
        spike_steps = np.repeat(np.arange(first, first + size), np.diff(bounds))
        if inh_per_step > 0:
            inhibitory = g_inhibitory * rng.poisson(inh_per_step, size)
        else:
            inhibitory = np.zeros(size)
        while step < first + size:
            end = min(step + window, first + size, int(snapshot_steps[next_snapshot]))
            n_w = end - step
            lo, hi = bounds[step - first], bounds[end - first]
            at, who = spike_steps[lo:hi], spiking[lo:hi]

            # depression of each input spike by the earlier output spikes
            depress = -m_value * np.exp((m_ref - at) * (dt / tau_minus_ms))
            if fired_here:  # a same-step pair counts as delta_t = 0: no change
                depress[at == step] = -(m_value + a_m)
            # weight on arrival, less the depression of earlier spikes of the same input
            arrival = w[who]
            repeated = np.flatnonzero(np.bincount(who, minlength=n_inputs)[who] > 1)
            if repeated.size:
                order = repeated[np.argsort(who[repeated], kind="stable")]
                ordered = depress[order]
                before = np.cumsum(ordered) - ordered
                new_input = np.ones(order.size, dtype=bool)
                new_input[1:] = who[order][1:] != who[order][:-1]
                before -= np.maximum.accumulate(np.where(new_input, before, 0.0))
                arrival[order] = np.maximum(arrival[order] - before, 0.0)
            drive = g_max * np.bincount(at - step, weights=arrival, minlength=n_w)

            # membrane: exact steps of dV = (V_inf - V) * g_total dt / tau_m
            g_ex_all = g_ex * ex_powers[: n_w + 1] + ex_filter[: n_w + 1, :n_w] @ drive
            inh_w = inhibitory[step - first : end - first]
            g_in_all = g_in * in_powers[: n_w + 1] + in_filter[: n_w + 1, :n_w] @ inh_w
            ge, gi = g_ex_all[:n_w] * mean_ex, g_in_all[:n_w] * mean_in
            g_total = 1.0 + ge + gi
            rate = g_total * (dt / tau_m_ms)
            v_inf = (v_rest + ge * e_ex + gi * e_in) / g_total
            if fired_here:  # the membrane of this step was already done (reset)
                rate[0] = 0.0
            elapsed = np.cumsum(rate)
            gaps = np.where(lower[:n_w, :n_w], elapsed[:, None] - elapsed[None, :], np.inf)
            v_end = v * np.exp(-elapsed) + np.exp(-gaps) @ (-np.expm1(-rate) * v_inf)
            crossed = np.flatnonzero(v_end >= v_threshold)
            fired_here = False
            if crossed.size:
                fire = int(crossed[0])
                v = v_reset
                g_ex, g_in = float(g_ex_all[fire]), float(g_in_all[fire])
                done = step + fire  # input spikes before `done` happened first
                n_done = int(np.searchsorted(at, done))
            else:
                v = float(v_end[-1])
                g_ex, g_in = float(g_ex_all[n_w]), float(g_in_all[n_w])
                done = end
                n_done = at.size

            # commit the input spikes before `done`: depression and the P traces
            p_trace *= math.exp((p_ref - done) * (dt / tau_plus_ms))
            p_ref = done
            if n_done:
                w -= np.bincount(who[:n_done], weights=depress[:n_done], minlength=n_inputs)
                np.maximum(w, 0.0, out=w)
                gain = a_p * np.exp((at[:n_done] - done) * (dt / tau_plus_ms))
                p_trace += np.bincount(who[:n_done], weights=gain, minlength=n_inputs)
            if crossed.size:  # output spike at step `done`: potentiate (pre before post)
                w += p_trace
                np.minimum(w, 1.0, out=w)
                m_value = m_value * math.exp((m_ref - done) * (dt / tau_minus_ms)) - a_m
                m_ref = done
                post_steps.append(done)
                fired_here = True
                isi_steps += 0.1 * (done - last_post - isi_steps)
                window = int(min(longest, max(16.0, isi_steps)))
                last_post = done
            step = done
            if not fired_here and step == snapshot_steps[next_snapshot]:
                snapshots.append(w.copy())
                next_snapshot = min(next_snapshot + 1, snapshot_steps.size - 1)

    return _song_result(w0, w, post_steps, dt, duration_s, correlated, g_max, snapshot_steps, snapshots)


def _song_result(w0, w, post_steps, dt, duration_s, correlated, g_max, snapshot_steps, snapshots):
    """A SongResult from a run's weights, output spike steps and weight snapshots."""
    post = np.asarray(post_steps, dtype=float) * dt / 1000.0  # spike times, s
    n_bins = max(1, int(math.ceil(duration_s - 1e-9)))
    edges = np.minimum(np.arange(n_bins + 1, dtype=float), duration_s)
    counts, _ = np.histogram(post, bins=edges)
    widths = np.diff(edges)
    tail_start = 0.8 * duration_s
    post_rate = float(np.sum(post >= tail_start) / (duration_s - tail_start))
    return SongResult(
        initial_weights=w0,
        weights=w.copy(),
        post_rate_hz=post_rate,
        correlated_mask=correlated,
        g_max=g_max,
        snapshot_times_s=np.asarray(snapshot_steps) * dt / 1000.0,
        weight_snapshots=np.asarray(snapshots),
        rate_times_s=edges[1:],
        post_rate_history_hz=counts / np.where(widths > 0, widths, 1.0),
        n_post_spikes=len(post_steps),
    )


def song_network_stepwise(
    n_inputs=1000,
    duration_s=10.0,
    input_rate_hz=10.0,
    correlated_fraction=0.0,
    correlation=0.1,
    seed=0,
    *,
    learning_rate_scale=1.0,
):
    """Song, Miller & Abbott (2000), stepped one millisecond at a time: the version to read.

    The same model as ``song_network`` with its default neuron and STDP parameters
    (dt_ms=1), written as the textbook loop; ``song_network`` solves it event by event,
    many times faster, and a test checks that the two agree.  Each millisecond:

    1. the membrane relaxes towards the potential set by the leak and the synaptic
       conductances (exactly, for the step-mean conductances);
    2. if it crosses threshold the neuron spikes, is reset, and every synapse is
       potentiated by its trace P_a (pre before post); the depression trace M drops by A-;
    3. the conductances decay, and each input spike adds its weight to g_ex, is depressed
       by M (post before pre) and raises its own trace P_a by A+;
    4. the traces decay.

    Arguments: as ``song_network`` (same meanings and defaults, duration 10 s: about a
    second of computing per simulated second with 1000 inputs).

    Returns:
        SongResult with two weight snapshots (start and end).
    """
    n_inputs = check_int("n_inputs", n_inputs, 1, 10_000)
    duration_s = check_range("duration_s", duration_s, 0.001, 10_000.0)
    input_rate_hz = check_range("input_rate_hz", input_rate_hz, 0.0, 200.0)
    correlated_fraction = check_range("correlated_fraction", correlated_fraction, 0.0, 1.0)
    correlation = check_range("correlation", correlation, 0.01, 1.0)
    scale = check_range("learning_rate_scale", learning_rate_scale, 0.0, 100.0)
    rng = make_rng(seed)
    correlated = np.zeros(n_inputs, dtype=bool)
    correlated[: int(round(correlated_fraction * n_inputs))] = True
    w = rng.uniform(0.0, 1.0, n_inputs)  # weights as fractions of g_max
    w0 = w.copy()

    g_max, a_plus = 0.015, 0.005 * scale
    a_minus = 1.05 * a_plus
    synapse_decay, trace_decay = math.exp(-1.0 / 5.0), math.exp(-1.0 / 20.0)  # tau 5 ms and 20 ms
    step_mean = (1.0 - synapse_decay) * 5.0  # mean over 1 ms of a conductance decaying with 5 ms
    p_trace, m_trace = np.zeros(n_inputs), 0.0
    v, g_ex, g_in = -70.0, 0.0, 0.0
    post_steps = []
    n_steps = int(round(duration_s * 1000.0))
    for first in range(0, n_steps, 1000):  # input spikes drawn one second at a time
        size = min(1000, n_steps - first)
        spiking, bounds = _input_spikes(rng, size, input_rate_hz / 1000.0, correlated, correlation)
        inhibitory = rng.poisson(200 * 10.0 / 1000.0, size)  # 200 inhibitory inputs at 10 Hz
        for local in range(size):
            ge, gi = g_ex * step_mean, g_in * step_mean
            g_total = 1.0 + ge + gi  # in units of the leak conductance
            v_inf = (-70.0 + ge * 0.0 + gi * -70.0) / g_total  # E_leak -70, E_ex 0, E_in -70 mV
            v = v_inf + (v - v_inf) * math.exp(-g_total / 20.0)  # tau_m = 20 ms
            fired = v >= -54.0
            if fired:
                v = -60.0
                post_steps.append(first + local)
                w = np.minimum(w + p_trace, 1.0)
                m_trace -= a_minus
            g_ex *= synapse_decay
            g_in *= synapse_decay
            for a in spiking[bounds[local] : bounds[local + 1]]:
                g_ex += g_max * w[a]
                # a pre spike in the step of a post spike counts as delta_t = 0: no change
                w[a] = max(w[a] + (m_trace + a_minus if fired else m_trace), 0.0)
                p_trace[a] += a_plus
            g_in += 0.05 * inhibitory[local]
            p_trace *= trace_decay
            m_trace *= trace_decay
    return _song_result(w0, w, post_steps, 1.0, duration_s, correlated, g_max, [0, n_steps], [w0, w.copy()])
