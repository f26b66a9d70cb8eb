"""Structural plasticity: spine turnover, homeostatic rewiring after a lesion, adult neurogenesis.

Three models, each implemented from its equations with the citation in its docstring.
Plain numpy, seeded: the same call gives the same numbers.  Time is in days throughout
(every time argument ends in ``_days``).

1. Spine turnover (``spine_survival``, ``turnover_ratio``, ``image_spines``): two
   populations of dendritic spines, transient (lifetimes of days) and persistent
   (months), with births balancing losses at steady state.  ``SPINE_CONDITIONS`` holds
   parameter sets for ages, regions and methods, each with its source (Trachtenberg
   et al. 2002; Holtmaat et al. 2005; Grutzendler, Kasthuri & Gan 2002; Zuo et al.
   2005).
2. Activity-dependent rewiring (``rewire_after_lesion``): the homeostatic growth rule
   for axonal boutons and dendritic spines of Butz & van Ooyen (2013), in a small ring
   of rate neurons that loses part of its input.
3. Adult neurogenesis (``neurogenesis``, ``steady_state``, ``labelled_cohort``,
   ``plasticity_by_age``): a two-compartment model of immature and mature adult-born
   dentate granule cells, with a birth rate that falls with age and mature adult-born
   neurons that stay (Kempermann et al. 2003); running about doubles the number of
   labelled new cells that survive, mainly by making more of them (van Praag,
   Kempermann & Gage 1999; Fabel et al. 2009), enrichment acts on their survival
   (Kempermann, Kuhn & Gage 1997); new neurons pass through a window of enhanced LTP
   at about 4-6 weeks of age (Ge et al. 2007).

Human adult neurogenesis is disputed: Spalding et al. (2013, Cell 153:1219) and
Boldrini et al. (2018, Cell Stem Cell 22:589) report it throughout adult life, Sorrells
et al. (2018, Nature 555:377) found it drops to undetectable levels in adults.  The
rodent numbers here are not evidence about people; ``HUMAN_NEUROGENESIS_NOTE`` says so
in a sentence a lesson can print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._checks import check_int, check_range, make_rng

__all__ = [
    "SPINE_CONDITIONS",
    "spine_survival",
    "turnover_ratio",
    "SpineImaging",
    "image_spines",
    "synaptic_element_growth",
    "RewiringResult",
    "rewire_after_lesion",
    "HUMAN_NEUROGENESIS_NOTE",
    "NeurogenesisResult",
    "neurogenesis",
    "steady_state",
    "labelled_cohort",
    "plasticity_by_age",
]

_MAX_DAYS = 1e6  # about 2700 years: any time argument beyond this is a typo


# ----------------------------------------------------------------------------------
# Array checks (the scalar checks live in rewire._checks)
# ----------------------------------------------------------------------------------


def _days_array(name, value, *, maximum=_MAX_DAYS):
    """``value`` as a float array of times in days, each in [0, maximum]."""
    message = f"{name} must be a number or an array of numbers in [0, {maximum:g}] days"
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise ValueError(f"{message}, got {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{message}, got {value!r}") from None
    if array.dtype == object or not np.all(np.isfinite(array)):
        raise ValueError(f"{message}, got {value!r}")
    if np.any(array < 0) or np.any(array > maximum):
        raise ValueError(f"{message}, got {value!r}")
    return array


def _same_kind(result, like):
    """A float when the input was a single number, otherwise the array."""
    return float(result) if np.ndim(like) == 0 else result


# ----------------------------------------------------------------------------------
# 1. Spine turnover: transient and persistent spines
# ----------------------------------------------------------------------------------

SPINE_CONDITIONS = {
    "adolescent": dict(
        persistent_fraction=0.35,
        tau_transient_days=2.0,
        tau_persistent_days=100.0,
        source=(
            "Holtmaat et al. 2005, Neuron 45:279: mouse barrel cortex (S1), apical tufts "
            "of L5 and L2/3 neurons, open-skull window, postnatal day 16-25: 35 % of spines "
            "persistent (lifetime >= 8 days), retractions exceed additions.  "
            "tau_transient_days and tau_persistent_days are teaching choices."
        ),
    ),
    "young adult": dict(
        persistent_fraction=0.54,
        tau_transient_days=2.0,
        tau_persistent_days=300.0,
        source=(
            "Holtmaat et al. 2005, Neuron 45:279: barrel cortex, postnatal day 35-80: 54 % "
            "persistent (lifetime >= 8 days).  Trachtenberg et al. 2002, Nature 420:788: "
            "in adult barrel cortex about 50 % of spines persist for at least a month, the "
            "rest for a few days or less.  tau_transient_days (a few days or less) and "
            "tau_persistent_days (months) are teaching choices within those bounds."
        ),
    ),
    "adult": dict(
        persistent_fraction=0.66,
        tau_transient_days=2.0,
        tau_persistent_days=500.0,
        source=(
            "Holtmaat et al. 2005, Neuron 45:279: barrel cortex, postnatal day 80-120: 66 % "
            "persistent (lifetime >= 8 days); most thick spines persist for months.  "
            "tau_persistent_days is a teaching choice."
        ),
    ),
    "mature adult": dict(
        persistent_fraction=0.73,
        tau_transient_days=2.0,
        tau_persistent_days=700.0,
        source=(
            "Holtmaat et al. 2005, Neuron 45:279: barrel cortex, postnatal day 175-225: "
            "73 % persistent (lifetime >= 8 days).  tau_persistent_days is a teaching choice."
        ),
    ),
    "adult, sensory deprivation": dict(
        persistent_fraction=0.50,
        tau_transient_days=2.0,
        tau_persistent_days=300.0,
        source=(
            "Trachtenberg et al. 2002, Nature 420:788: trimming whiskers in a chessboard "
            "pattern raised spine turnover in adult barrel cortex (see also Holtmaat et al. "
            "2006, Nature 441:979).  Teaching choice: the 'adult' set with fewer and "
            "shorter-lived persistent spines, which raises the 4-day turnover ratio about "
            "1.5-fold; check the size of the effect against the papers' figures."
        ),
    ),
    "adolescent visual cortex, thinned skull": dict(
        persistent_fraction=0.78,
        tau_transient_days=2.0,
        tau_persistent_days=500.0,
        source=(
            "Grutzendler, Kasthuri & Gan 2002, Nature 420:812: L5 neurons of mouse primary "
            "visual cortex imaged through a thinned skull; in young mice, within the "
            "critical period, about 73 % of spines stay stable over one month."
        ),
    ),
    "adult visual cortex, thinned skull": dict(
        persistent_fraction=0.975,
        tau_transient_days=2.0,
        tau_persistent_days=2000.0,
        source=(
            "Grutzendler, Kasthuri & Gan 2002, Nature 420:812: in adult mouse visual cortex "
            "(thinned skull) about 96 % of spines stay stable over one month, with a "
            "half-life above 13 months.  Zuo et al. 2005, Neuron 46:181 (thinned skull, "
            "adult): 3-5 % of spines eliminated over 2 weeks in several regions, 26 % over "
            "18 months in barrel cortex; tau_persistent_days = 2000 fits both.  Open-skull "
            "windows and barrel cortex give more turnover: the method and the region "
            "matter (Xu et al. 2007, Nat. Neurosci. 10:549, on window type)."
        ),
    ),
}
"""Named spine-turnover parameter sets, each with the source of its numbers.

Every entry holds ``persistent_fraction``, ``tau_transient_days``, ``tau_persistent_days``
and a ``source`` string; pass one straight to the spine functions, e.g.
``spine_survival(days, **SPINE_CONDITIONS["young adult"])`` (they ignore ``source``).
Holtmaat et al. (2005) call a spine persistent if it lives at least 8 days; we take that
fraction as the model's persistent_fraction, which the model's S(8 days) then matches
to within 0.02.  Published values differ by region, age and imaging method (open-skull
window or thinned skull), so the conditions are not one experiment in different states.
"""


def _spine_parameters(persistent_fraction, tau_transient_days, tau_persistent_days):
    f_p = check_range("persistent_fraction", persistent_fraction, 0.0, 1.0)
    tau_t = check_range("tau_transient_days", tau_transient_days, 1e-3, 1e5)
    tau_p = check_range("tau_persistent_days", tau_persistent_days, 1e-3, 1e5)
    return f_p, tau_t, tau_p


def _survival(t, f_p, tau_t, tau_p):
    return f_p * np.exp(-t / tau_p) + (1.0 - f_p) * np.exp(-t / tau_t)


def spine_survival(
    days,
    persistent_fraction=0.66,
    tau_transient_days=2.0,
    tau_persistent_days=500.0,
    *,
    source=None,
):
    """Fraction of the spines present on day 0 that are still present ``days`` later.

    S(t) = f_P exp(-t / tau_P) + (1 - f_P) exp(-t / tau_T): a spine is persistent with
    probability f_P (mean lifetime tau_P, months) or transient (mean lifetime tau_T,
    days), and each dies at a constant rate.  S falls fast over the first days as the
    transient spines go, then slowly: the plateau it leaves after a week or two is
    about f_P.

    Arguments:
        days: time since the first imaging session (days, >= 0); a number or an array.
        persistent_fraction: f_P, fraction of the spines present at any one time that
            are persistent, in [0, 1].
        tau_transient_days, tau_persistent_days: mean lifetimes tau_T and tau_P (days,
            in [0.001, 1e5]).
        source: ignored, so that ``**SPINE_CONDITIONS[name]`` can be passed as it is.

    Returns:
        S(days): a float for a single number, otherwise an array of the same shape.

    The defaults are the ``"adult"`` condition (barrel cortex, postnatal day 80-120).
    Two-population description of Trachtenberg et al. (2002), Nature 420:788 and
    Holtmaat et al. (2005), Neuron 45:279.
    """
    t = _days_array("days", days)
    f_p, tau_t, tau_p = _spine_parameters(
        persistent_fraction, tau_transient_days, tau_persistent_days
    )
    return _same_kind(_survival(t, f_p, tau_t, tau_p), days)


def turnover_ratio(
    interval_days,
    persistent_fraction=0.66,
    tau_transient_days=2.0,
    tau_persistent_days=500.0,
    *,
    source=None,
):
    """Steady-state spine turnover ratio between two imaging sessions ``interval_days`` apart.

    Trachtenberg et al. (2002) defined TOR = (N_gained + N_lost) / (2 N): spines gained
    plus spines lost between the sessions, over twice the number present.  In the
    two-population model at steady state it is

        TOR(dt) = 1 - S(dt) = f_P (1 - exp(-dt/tau_P)) + (1 - f_P) (1 - exp(-dt/tau_T)).

    Derivation: let N spines be present at the first session, N f_P of them persistent.
    Each spine dies at the constant rate of its class, so N S(dt) of them are still there
    at the second session and N_lost = N (1 - S(dt)).  At steady state each class is born
    as fast as it dies (N f_P / tau_P persistent and N (1 - f_P) / tau_T transient births
    per day), so N spines are again present at the second session; those not present at
    the first are the gained ones, N_gained = N - N S(dt) = N_lost.  Spines born and lost
    between two sessions are never seen and count in neither.  Hence
    TOR = 2 N (1 - S(dt)) / (2 N) = 1 - S(dt).

    Arguments:
        interval_days: time between the two sessions (days, >= 0); number or array.
        persistent_fraction, tau_transient_days, tau_persistent_days: as in
            ``spine_survival`` (defaults: the ``"adult"`` condition).
        source: ignored (lets ``**SPINE_CONDITIONS[name]`` through).

    Returns:
        TOR in [0, 1]: a float for a single number, otherwise an array.  For short
        intervals it grows about linearly, (1 - f_P) dt / tau_T; for long ones it
        saturates at 1 (all spines replaced).

    Trachtenberg et al. (2002), Nature 420:788; Holtmaat et al. (2005), Neuron 45:279.
    """
    t = _days_array("interval_days", interval_days)
    f_p, tau_t, tau_p = _spine_parameters(
        persistent_fraction, tau_transient_days, tau_persistent_days
    )
    tor = f_p * -np.expm1(-t / tau_p) + (1.0 - f_p) * -np.expm1(-t / tau_t)
    return _same_kind(tor, interval_days)


@dataclass(frozen=True)
class SpineImaging:
    """A simulated chronic two-photon imaging experiment (``image_spines``).

    Fields:
        session_days: (n_sessions,) imaging days.
        present: (n_observed, n_sessions) bool; row i is one spine ever seen, True on
            the sessions where it was there.  Spines that appeared and vanished between
            two sessions are never seen and have no row.
        persistent: (n_observed,) bool, the class of each spine: the model's ground truth,
            which a real experimenter never sees.
        n_present: (n_sessions,) number of spines seen at each session.
        survival_fraction: (n_sessions,) fraction of the spines present at the first
            session still present at each session (1 at the first).
        expected_survival: (n_sessions,) the model's S(t) at the same days, for comparison.
        interval_days: (n_sessions - 1,) days between consecutive sessions.
        gained, lost: (n_sessions - 1,) spines gained / lost between consecutive sessions.
        turnover_ratio: (n_sessions - 1,) (gained + lost) / (2 N), N the mean number
            present at the two sessions, so it lies in [0, 1] (0 when no spine was
            present).  N taken from the first session alone agrees at steady state on
            average but can exceed 1 for a handful of spines.
        persistent_fraction, tau_transient_days, tau_persistent_days: the parameters used.
    """

    session_days: np.ndarray
    present: np.ndarray
    persistent: np.ndarray
    n_present: np.ndarray
    survival_fraction: np.ndarray
    expected_survival: np.ndarray
    interval_days: np.ndarray
    gained: np.ndarray
    lost: np.ndarray
    turnover_ratio: np.ndarray
    persistent_fraction: float
    tau_transient_days: float
    tau_persistent_days: float


def image_spines(
    n_spines=200,
    session_days=tuple(range(0, 31, 2)),
    seed=0,
    persistent_fraction=0.66,
    tau_transient_days=2.0,
    tau_persistent_days=500.0,
    *,
    source=None,
):
    """Simulate chronic imaging of a dendrite whose spines turn over at steady state.

    The spines present at the first session: each is persistent with probability f_P
    (so their number is binomial), and each lives on for an exponential time with the
    mean of its class (constant death rates: the remaining lifetime of a spine does not
    depend on its age).  New spines of each class are born as a Poisson process at the
    rate that balances its losses (n_spines * f_P / tau_P and n_spines * (1 - f_P) /
    tau_T per day).  A spine is observed only at the sessions: of those born between
    two sessions, only the ones still alive at the next session are seen (their number
    is Poisson with mean n_spines * f_c * (1 - exp(-interval / tau_c)) for class c).
    Every count therefore carries the binomial / Poisson scatter of a real experiment
    with that many spines.

    Arguments:
        n_spines: spines present at the first session (1-2000; published studies
            track a few hundred per condition); later counts fluctuate around it.
        session_days: imaging days, strictly increasing, >= 0, 2 to 100 sessions
            (default every 2 days for a month).
        seed: random seed (non-negative int or None).
        persistent_fraction, tau_transient_days, tau_persistent_days: as in
            ``spine_survival`` (defaults: the ``"adult"`` condition).
        source: ignored (lets ``**SPINE_CONDITIONS[name]`` through).

    Returns:
        SpineImaging(session_days, present, persistent, n_present, survival_fraction,
        expected_survival, interval_days, gained, lost, turnover_ratio, ...).  On
        average survival_fraction follows spine_survival and turnover_ratio follows
        ``turnover_ratio(interval)``; fitting S(t) to survival_fraction recovers the
        parameters to within the sampling error.

    Trachtenberg et al. (2002), Nature 420:788; Holtmaat et al. (2005), Neuron 45:279.
    """
    n_spines = check_int("n_spines", n_spines, 1, 2000)
    sessions = _days_array("session_days", session_days, maximum=1e5)
    if sessions.ndim != 1 or not 2 <= sessions.size <= 100:
        raise ValueError(
            f"session_days must be a 1-D sequence of 2 to 100 days, got {session_days!r}"
        )
    if np.any(np.diff(sessions) <= 0):
        raise ValueError(f"session_days must be strictly increasing, got {session_days!r}")
    rng = make_rng(seed)
    f_p, tau_t, tau_p = _spine_parameters(
        persistent_fraction, tau_transient_days, tau_persistent_days
    )

    n_sessions = sessions.size
    intervals = np.diff(sessions)
    n_persistent_0 = int(rng.binomial(n_spines, f_p))
    classes = [np.ones(n_persistent_0, dtype=bool), np.zeros(n_spines - n_persistent_0, dtype=bool)]
    first_session = [np.zeros(n_spines, dtype=int)]
    for k, interval in enumerate(intervals):  # births seen at session k + 1
        for is_persistent, fraction, tau in ((True, f_p, tau_p), (False, 1.0 - f_p, tau_t)):
            mean = n_spines * fraction * -math.expm1(-interval / tau)
            born = int(rng.poisson(mean))
            classes.append(np.full(born, is_persistent))
            first_session.append(np.full(born, k + 1))
    persistent = np.concatenate(classes)
    entry = np.concatenate(first_session)
    tau = np.where(persistent, tau_p, tau_t)
    lifetime = rng.exponential(1.0, persistent.size) * tau  # from the first session seen
    age = sessions[None, :] - sessions[entry][:, None]
    present = (age >= 0) & (age < lifetime[:, None])

    n_present = present.sum(axis=0)
    at_start = present[:, 0]
    n_start = int(at_start.sum())
    if n_start:
        survival = present[at_start].sum(axis=0) / n_start
    else:
        survival = np.ones(n_sessions)
    before, after = present[:, :-1], present[:, 1:]
    gained = np.sum(after & ~before, axis=0)
    lost = np.sum(before & ~after, axis=0)
    denominator = (n_present[:-1] + n_present[1:]).astype(float)  # 2 N, N the mean
    tor = np.divide(
        gained + lost, denominator, out=np.zeros(n_sessions - 1), where=denominator > 0
    )
    return SpineImaging(
        session_days=sessions,
        present=present,
        persistent=persistent,
        n_present=n_present,
        survival_fraction=survival,
        expected_survival=_survival(sessions - sessions[0], f_p, tau_t, tau_p),
        interval_days=intervals,
        gained=gained,
        lost=lost,
        turnover_ratio=tor,
        persistent_fraction=f_p,
        tau_transient_days=tau_t,
        tau_persistent_days=tau_p,
    )


# ----------------------------------------------------------------------------------
# 2. Homeostatic structural plasticity after a lesion (Butz & van Ooyen 2013)
# ----------------------------------------------------------------------------------

_SQRT_LN2 = math.sqrt(math.log(2.0))


def _growth(calcium, eta, set_point):
    xi = 0.5 * (eta + set_point)
    zeta = (set_point - eta) / (2.0 * _SQRT_LN2)
    with np.errstate(over="ignore"):  # far from xi the Gaussian is 0: growth -1
        return 2.0 * np.exp(-(((calcium - xi) / zeta) ** 2)) - 1.0


def synaptic_element_growth(calcium, eta, set_point=0.7, growth_rate_per_day=1.0):
    """The Gaussian growth rule for synaptic elements of Butz & van Ooyen (2013).

        dz/dt = nu * (2 exp(-((Ca - xi) / zeta)**2) - 1),
        xi = (eta + epsilon) / 2,   zeta = (epsilon - eta) / (2 sqrt(ln 2)),

    so that dz/dt = 0 exactly at Ca = eta and at Ca = epsilon (the set-point), the
    elements grow (at most nu per day, at Ca = xi) between the two, and retract (at
    most -nu per day) below eta and above epsilon.  eta is the least activity at which
    a neuron builds elements of that kind; epsilon, the same for both kinds, is the
    homeostatic set-point.  Butz & van Ooyen use a low eta for dendritic elements
    (spines) and a higher one for axonal elements (boutons), both below epsilon, so a
    neuron whose activity falls below the set-point first grows spines, and grows
    boutons only while its activity stays above eta_axonal.

    Arguments:
        calcium: Ca, the neuron's time-averaged calcium (number or array; the units of
            ``rewire_after_lesion``, in which the set-point is 0.7).
        eta: eta, calcium at which growth starts (may be negative, as in NEST); must be
            below set_point.
        set_point: epsilon, the target calcium (> eta).
        growth_rate_per_day: nu, elements per day (>= 0).

    Returns:
        dz/dt in elements per day: a float for a single number, otherwise an array.

    Butz & van Ooyen (2013), PLoS Comput. Biol. 9:e1003259; review: Butz, Woergoetter &
    van Ooyen (2009), Brain Res. Rev. 60:287.  Same form as NEST's growth_curve_gaussian.
    """
    set_point = check_range("set_point", set_point, 0.0, 1e3, low_open=True)
    eta = check_range("eta", eta, -1e3, set_point, high_open=True)
    nu = check_range("growth_rate_per_day", growth_rate_per_day, 0.0, 1e3)
    try:
        ca = np.asarray(calcium, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"calcium must be a number or an array of numbers, got {calcium!r}"
        ) from None
    if isinstance(calcium, bool) or not np.all(np.isfinite(ca)):
        raise ValueError(f"calcium must be finite numbers, got {calcium!r}")
    return _same_kind(nu * _growth(ca, eta, set_point), calcium)


@dataclass(frozen=True)
class RewiringResult:
    """A run of ``rewire_after_lesion``: homeostatic rewiring of a ring of neurons.

    Fields (n_time samples, one per time step from day 0 to ``days``):
        time_days: (n_time,) days; the lesion happens at ``lesion_day``.
        calcium: (n_time, n_neurons) each neuron's calcium trace (set-point units:
            the set-point is ``set_point``); 0 for dead neurons.
        rate_hz: (n_time, n_neurons) firing rates (Hz).
        incoming_synapses, outgoing_synapses: (n_time, n_neurons) int, synapses onto /
            from each neuron (its bound dendritic / axonal elements).
        dendritic_elements, axonal_elements: (n_time, n_neurons) the element counts z
            (continuous; floor(z) elements exist, floor(z) minus the bound ones are free).
        set_point: epsilon, the target calcium; set_point_rate_hz: the rate it means.
        lesion_day: day of the lesion; lesion: "retinal" or "stroke".
        lesioned: (n_neurons,) bool, the neurons the lesion hits directly: for
            "retinal", the lesion projection zone (LPZ) whose external input is removed;
            for "stroke", the neurons that die.
        deprived: (n_neurons,) bool, surviving neurons that lost input in the lesion:
            for "retinal" the LPZ itself (the same as ``lesioned``); for "stroke" the
            survivors that had at least ``deprived_input_fraction`` of their incoming
            synapses from the dead neurons.
        deprived_calcium, deprived_rate_hz, deprived_incoming_synapses: (n_time,) the
            means over the deprived neurons.
        deprived_incoming_from_surround: (n_time,) mean incoming synapses of a deprived
            neuron from neurons outside the lesioned block.
        deprived_new_incoming, deprived_new_from_surround: (n_time,) mean incoming
            synapses of a deprived neuron formed since the lesion (0 before it), all and
            those from neurons outside the lesioned block (ingrowth from the surround).
        positions: (n_neurons,) position of each neuron on the ring, in [0, 1).
    """

    time_days: np.ndarray
    calcium: np.ndarray
    rate_hz: np.ndarray
    incoming_synapses: np.ndarray
    outgoing_synapses: np.ndarray
    dendritic_elements: np.ndarray
    axonal_elements: np.ndarray
    set_point: float
    set_point_rate_hz: float
    lesion_day: float
    lesion: str
    lesioned: np.ndarray
    deprived: np.ndarray
    deprived_calcium: np.ndarray
    deprived_rate_hz: np.ndarray
    deprived_incoming_synapses: np.ndarray
    deprived_incoming_from_surround: np.ndarray
    deprived_new_incoming: np.ndarray
    deprived_new_from_surround: np.ndarray
    positions: np.ndarray


def _transfer(drive_hz, max_rate_hz):
    """Saturating rate function: r = r_max (1 - exp(-I / r_max)) for I > 0, else 0."""
    return max_rate_hz * -np.expm1(-np.maximum(drive_hz, 0.0) / max_rate_hz)


def _delete_excess(keep, endpoint, excess, rng):
    """Mark for deletion, per neuron, ``excess`` of its synapses (at random) at ``endpoint``."""
    candidates = np.flatnonzero(keep & (excess[endpoint] > 0))
    if candidates.size == 0:
        return
    shuffled = np.argsort(endpoint[candidates] + rng.random(candidates.size), kind="stable")
    order = candidates[shuffled]  # grouped by neuron, random order within each
    owner = endpoint[order]
    rank = np.arange(owner.size) - np.searchsorted(owner, owner, side="left")
    keep[order[rank < excess[owner]]] = False


def _sensory_loss(lesioned, gap, width):
    """Share of each neuron's sensory input that the lesion removes."""
    if width < 1e-9:  # no spread: all-or-none
        return lesioned.astype(float)
    spread = np.exp(-0.5 * np.minimum(gap / width, 100.0) ** 2)  # beyond 100 widths: 0
    return spread @ lesioned / spread.sum(axis=1)


def _pair_free_elements(free_axonal, free_dendritic, kernel, rng):
    """Pair free dendritic with free axonal elements; returns (pre, post) of new synapses.

    Each free dendritic element of neuron i picks a neuron j with probability
    proportional to free_axonal[j] * kernel[i, j]; a neuron with fewer free axonal
    elements than requests accepts a random subset; the rest stay free.
    """
    targets = np.flatnonzero(free_dendritic)
    if targets.size == 0 or not free_axonal.any():
        return np.empty(0, dtype=int), np.empty(0, dtype=int)
    weights = kernel[targets] * free_axonal[None, :]
    totals = weights.sum(axis=1)
    reachable = totals > 0
    targets, weights, totals = targets[reachable], weights[reachable], totals[reachable]
    if targets.size == 0:
        return np.empty(0, dtype=int), np.empty(0, dtype=int)
    n = kernel.shape[0]
    cumulative = np.cumsum(weights, axis=1) / totals[:, None]
    cumulative[:, -1] = 1.0
    flat = (cumulative + np.arange(targets.size)[:, None]).ravel()
    row = np.repeat(np.arange(targets.size), free_dendritic[targets])
    position = np.searchsorted(flat, row + rng.random(row.size), side="right")
    pre = np.clip(position - row * n, 0, n - 1)
    post = targets[row]
    order = np.argsort(pre + rng.random(pre.size), kind="stable")
    chosen = pre[order]
    rank = np.arange(chosen.size) - np.searchsorted(chosen, chosen, side="left")
    accepted = order[rank < free_axonal[chosen]]
    return pre[accepted], post[accepted]


def rewire_after_lesion(
    n_neurons=200,
    lesion_fraction=0.2,
    days=150.0,
    seed=0,
    *,
    lesion="retinal",
    lesion_day=10.0,
    set_point=0.7,
    eta_axonal=0.6,
    eta_dendritic=0.1,
    growth_rate_per_day=0.5,
    tau_calcium_days=1.0,
    beta_calcium=0.1,
    sensory_input_hz=3.0,
    background_input_hz=2.0,
    weight_hz=0.02,
    max_rate_hz=20.0,
    connection_width=0.12,
    receptive_field_width=0.05,
    deprived_input_fraction=0.2,
    max_elements=500,
    burn_in_days=20.0,
    dt_days=0.5,
):
    """Homeostatic structural plasticity restores activity after a lesion (Butz & van Ooyen 2013).

    The rule: each neuron keeps a calcium trace of its activity,
    dCa/dt = -Ca / tau_Ca + beta * rate, and grows or retracts its axonal elements
    (boutons) and dendritic elements (spines) by the Gaussian growth rule
    dz/dt = nu (2 exp(-((Ca - xi)/zeta)^2) - 1) (``synaptic_element_growth``), with its
    own eta for each kind and a common set-point epsilon.  Free axonal and dendritic
    elements pair at random into synapses, more likely between nearby neurons (a
    Gaussian kernel of width ``connection_width``); when a neuron has fewer elements
    than synapses, random synapses of its are deleted and the partner elements become
    free again.  Nothing in the rule knows about the lesion: each neuron only senses its
    own calcium.

    The network: n_neurons excitatory rate neurons evenly spaced on a ring (a 1-D
    sheet), rate = r_max (1 - exp(-I / r_max)) with
    I = background + sensory + weight_hz * sum of presynaptic rates (over synapses).
    Rates settle within milliseconds, so on the time scale of days we take their fixed
    point at every step (time-scale separation).  At the start
    every neuron has the in-degree that puts it at the set-point (and a burn-in of
    ``burn_in_days``, not recorded, lets the random wiring settle), so before the lesion
    the network sits at its set-point.

    The lesion, at ``lesion_day``:
        "retinal" (default): a contiguous block (``lesion_fraction`` of the ring, the
            lesion projection zone, LPZ) loses its sensory input, as after a focal
            retinal lesion; background input remains.  Receptive fields have a size
            (``receptive_field_width``), so the loss is graded at the border: the LPZ's
            centre loses all its sensory input, the neurons at its edge part of it, the
            neurons just outside a little.
        "stroke": the block of neurons dies (Butz, Steenbuck & van Ooyen 2014, Front.
            Neuroanat. 8:115); their synapses vanish and their neighbours lose input.

    Arguments:
        n_neurons: neurons on the ring (20-1000; about 0.2 s for 150 days at 200,
            2.5 s at 1000).
        lesion_fraction: fraction of the ring hit by the lesion, in (0, 0.8] (at least
            one neuron).
        days: recorded duration (days, at most 5000); seed: random seed.
        lesion: "retinal" or "stroke"; lesion_day: day of the lesion (in [0, days]).
        set_point: epsilon, target calcium (default 0.7); eta_axonal, eta_dendritic:
            the calcium at which boutons / spines start to grow (defaults 0.6 and 0.1).
            Butz & van Ooyen (2013, Fig. 5) need eta_dendritic < eta_axonal < epsilon:
            spines grow at lower activity than boutons, so the deprived LPZ neurons
            retract their boutons while growing spines, and the boutons that pair with
            those spines come from the less deprived neurons around the LPZ.  A public
            NEST reproduction of their growth curves uses 0.1 / 0.4 / 0.7; with
            eta_axonal = 0.4 the recovering LPZ neurons regrow boutons long before they
            are back at the set point and about 80 % of the synapses they gain come
            from each other.  0.6 (our choice) keeps bouton growth to neurons near the
            set point, so most new input grows in from the surround, as the axons of
            peri-LPZ neurons do after retinal lesions (Darian-Smith & Gilbert 1994,
            Nature 368:737).
        growth_rate_per_day: nu, elements per day (teaching choice, 0.5: recovery takes
            about two to three months, the time scale of reorganisation after retinal
            lesions in cats and monkeys, Gilbert & Wiesel 1992, Nature 356:150).
        tau_calcium_days, beta_calcium: the calcium trace (teaching choice: 1 day and
            0.1 per Hz per day, so that Ca at rest is 0.1 x rate in Hz and the set-point
            0.7 means 7 Hz; real calcium decays in seconds, but only its slow average
            drives growth).
        sensory_input_hz, background_input_hz: external drive (the lesion removes the
            sensory part in the LPZ; teaching choices 3 Hz and 2 Hz).
        weight_hz: input per synapse per Hz of presynaptic rate (teaching choice 0.02:
            about 26 synapses per neuron at the set-point).
        max_rate_hz: saturation rate r_max (Hz; the set-point rate must be below it).
        connection_width: s.d. of the Gaussian kernel with which free elements pair,
            as a fraction of the ring (0.12: about 24 neurons at n_neurons=200, so the
            centre of a default LPZ reaches past its border, as long-range horizontal
            axons in V1 do; Gilbert & Wiesel 1992).
        receptive_field_width: s.d. of the spread of each neuron's sensory input over
            the ring (fraction of the ring, 0.05; 0 makes the loss all-or-none).
        deprived_input_fraction: for "stroke", the share of lost incoming synapses that
            makes a survivor count as deprived (the most deprived survivor counts if
            none reaches it).
        max_elements: at most this many elements of each kind per neuron.
        burn_in_days: unrecorded settling before day 0; dt_days: time step (days, <= 1).

    Returns:
        RewiringResult (see its fields).  With the defaults: before the lesion all
        neurons sit within a few % of the set-point; after it the LPZ's calcium falls
        to about 0.48, below eta_axonal (its neurons retract boutons: their outgoing
        synapses fall from about 26 to about 6 by day 70) and well above eta_dendritic
        (they grow spines); the partly deprived neurons around the LPZ grow boutons
        (overshooting, then pruned, as in Butz & van Ooyen's Fig. 7) that pair with the
        new spines.  About 75 days after the lesion the LPZ is back within 10 % of the
        set-point; of the synapses it gained since the lesion about three quarters
        come from neurons outside it (``deprived_new_from_surround`` against
        ``deprived_new_incoming``), and it stays at the set-point for years after.
        Larger lesions take longer (the centre of the LPZ recovers last: at 40 % of the
        ring it is still below the set-point at 150 days and recovers by about 200).

    Butz & van Ooyen (2013), PLoS Comput. Biol. 9:e1003259; Butz, Woergoetter & van
    Ooyen (2009), Brain Res. Rev. 60:287.  Simplified: one excitatory population on a
    ring and a rate model instead of their 2-D network of spiking excitatory and
    inhibitory neurons; the growth rule is theirs.
    """
    n = check_int("n_neurons", n_neurons, 20, 1000)
    lesion_fraction = check_range("lesion_fraction", lesion_fraction, 0.0, 0.8, low_open=True)
    days = check_range("days", days, 0.0, 5000.0, low_open=True)
    rng = make_rng(seed)
    if lesion not in ("retinal", "stroke"):
        raise ValueError(f"lesion must be 'retinal' or 'stroke', got {lesion!r}")
    lesion_day = check_range("lesion_day", lesion_day, 0.0, days)
    set_point = check_range("set_point", set_point, 0.0, 100.0, low_open=True)
    eta_axonal = check_range("eta_axonal", eta_axonal, -100.0, set_point, high_open=True)
    eta_dendritic = check_range("eta_dendritic", eta_dendritic, -100.0, set_point, high_open=True)
    nu = check_range("growth_rate_per_day", growth_rate_per_day, 0.0, 100.0)
    tau_ca = check_range("tau_calcium_days", tau_calcium_days, 0.0, 100.0, low_open=True)
    beta = check_range("beta_calcium", beta_calcium, 0.0, 100.0, low_open=True)
    sensory = check_range("sensory_input_hz", sensory_input_hz, 0.0, 1000.0)
    background = check_range("background_input_hz", background_input_hz, 0.0, 1000.0)
    weight = check_range("weight_hz", weight_hz, 0.0, 10.0, low_open=True)
    max_rate = check_range("max_rate_hz", max_rate_hz, 0.0, 1000.0, low_open=True)
    width = check_range("connection_width", connection_width, 0.0, 1.0, low_open=True)
    receptive_field_width = check_range("receptive_field_width", receptive_field_width, 0.0, 1.0)
    deprived_share = check_range("deprived_input_fraction", deprived_input_fraction, 0.0, 1.0)
    max_elements = check_int("max_elements", max_elements, 1, 10_000)
    burn_in = check_range("burn_in_days", burn_in_days, 0.0, 1000.0)
    dt = check_range("dt_days", dt_days, 0.0, 1.0, low_open=True)
    target_rate = set_point / (beta * tau_ca)
    if target_rate >= max_rate:
        raise ValueError(
            f"set_point must mean a rate below max_rate_hz={max_rate:g}: set_point / "
            f"(beta_calcium * tau_calcium_days) = {target_rate:g} Hz, got set_point={set_point!r}"
        )
    n_steps = int(round(days / dt))
    n_burn = int(round(burn_in / dt))
    if n_steps < 1 or n_steps + n_burn > 20_000:
        raise ValueError(
            "(burn_in_days + days) / dt_days must be in [1, 20000] steps, "
            f"got {(burn_in + days) / dt:g}"
        )

    # geometry: positions on a ring of circumference 1, Gaussian connection kernel
    index = np.arange(n)
    positions = index / n
    gap = np.abs(positions[:, None] - positions[None, :])
    gap = np.minimum(gap, 1.0 - gap)
    kernel = np.exp(-0.5 * (gap / width) ** 2)
    np.fill_diagonal(kernel, 0.0)
    if not kernel.any():  # narrower than the spacing: nearest neighbours only
        steps = np.abs(index[:, None] - index[None, :])
        kernel = (np.minimum(steps, n - steps) == 1).astype(float)

    n_hit = max(1, int(round(lesion_fraction * n)))
    start = (n - n_hit) // 2
    lesioned = np.zeros(n, dtype=bool)
    lesioned[start : start + n_hit] = True

    # initial wiring: every neuron gets the in-degree that puts it at the set-point
    drive_needed = -max_rate * math.log1p(-target_rate / max_rate)
    k_target = max(0.0, (drive_needed - sensory - background) / (weight * target_rate))
    k_target = min(k_target, float(max_elements))
    in_degree = np.floor(k_target + rng.random(n)).astype(int)
    post = np.repeat(index, in_degree)
    if post.size:
        cumulative = np.cumsum(kernel[post], axis=1)
        pre = (cumulative < rng.random(post.size)[:, None] * cumulative[:, -1:]).sum(axis=1)
        pre = np.minimum(pre, n - 1)
    else:
        pre = np.empty(0, dtype=int)
    born = np.full(pre.size, -n_burn - 1)  # the step at which each synapse formed
    axonal = np.minimum(np.bincount(pre, minlength=n) + 0.5, max_elements)
    dendritic = in_degree + 0.5
    external = np.full(n, sensory + background)
    alive = np.ones(n, dtype=bool)
    rate = np.full(n, target_rate)
    calcium = np.full(n, set_point)
    decay = math.exp(-dt / tau_ca)

    shape = (n_steps + 1, n)
    rec_calcium, rec_rate = np.empty(shape), np.empty(shape)
    rec_in, rec_out = np.empty(shape, dtype=int), np.empty(shape, dtype=int)
    rec_from_zone = np.empty(shape, dtype=int)
    rec_new, rec_new_from_zone = np.empty(shape, dtype=int), np.empty(shape, dtype=int)
    rec_dendritic, rec_axonal = np.empty(shape), np.empty(shape)
    deprived = lesioned.copy()
    lesion_step = int(round(lesion_day / dt))

    for step in range(-n_burn, n_steps + 1):
        if step == lesion_step:
            if lesion == "retinal":
                external = background + sensory * (1.0 - _sensory_loss(lesioned, gap, receptive_field_width))
            else:
                from_dead = np.bincount(post, weights=lesioned[pre].astype(float), minlength=n)
                total = np.bincount(post, minlength=n)
                share = np.divide(from_dead, total, out=np.zeros(n), where=total > 0)
                share[lesioned] = -1.0
                deprived = ~lesioned & (share >= deprived_share) & (share > 0)
                if not deprived.any():
                    deprived = share == share.max()
                alive &= ~lesioned
                keep = alive[pre] & alive[post]
                # the elements that were bound to a dead neuron degenerate with it
                axonal -= np.bincount(pre[~keep], minlength=n)
                dendritic -= np.bincount(post[~keep], minlength=n)
                pre, post, born = pre[keep], post[keep], born[keep]
                axonal[lesioned] = 0.0
                dendritic[lesioned] = 0.0
                external[lesioned] = 0.0
                calcium[lesioned] = 0.0

        # firing rates: fixed point of r = f(I(r)), warm-started from the last step
        for _ in range(200):
            recurrent = np.bincount(post, weights=rate[pre], minlength=n)
            new_rate = _transfer(external + weight * recurrent, max_rate) * alive
            converged = np.max(np.abs(new_rate - rate)) < 1e-6 * max_rate
            rate = new_rate
            if converged:
                break
        calcium = calcium * decay + beta * tau_ca * rate * (1.0 - decay)

        if step >= 0:
            rec_calcium[step], rec_rate[step] = calcium, rate
            rec_in[step] = np.bincount(post, minlength=n)
            from_zone = lesioned[pre]
            new = born >= lesion_step
            rec_from_zone[step] = np.bincount(post[from_zone], minlength=n)
            rec_new[step] = np.bincount(post[new], minlength=n)
            rec_new_from_zone[step] = np.bincount(post[new & from_zone], minlength=n)
            rec_out[step] = np.bincount(pre, minlength=n)
            rec_dendritic[step], rec_axonal[step] = dendritic, axonal

        # growth and retraction of synaptic elements (dead neurons have none)
        axonal = axonal + dt * nu * _growth(calcium, eta_axonal, set_point)
        dendritic = dendritic + dt * nu * _growth(calcium, eta_dendritic, set_point)
        axonal = np.clip(axonal, 0.0, max_elements) * alive
        dendritic = np.clip(dendritic, 0.0, max_elements) * alive
        n_axonal = np.floor(axonal).astype(int)
        n_dendritic = np.floor(dendritic).astype(int)

        # retraction deletes synapses; the partner element becomes free again
        keep = np.ones(pre.size, dtype=bool)
        _delete_excess(keep, pre, np.bincount(pre, minlength=n) - n_axonal, rng)
        _delete_excess(keep, post, np.bincount(post[keep], minlength=n) - n_dendritic, rng)
        pre, post, born = pre[keep], post[keep], born[keep]

        # free elements pair at random, nearby neurons more likely
        free_axonal = np.maximum(n_axonal - np.bincount(pre, minlength=n), 0)
        free_dendritic = np.maximum(n_dendritic - np.bincount(post, minlength=n), 0)
        new_pre, new_post = _pair_free_elements(free_axonal, free_dendritic, kernel, rng)
        if new_pre.size:
            pre = np.concatenate([pre, new_pre])
            post = np.concatenate([post, new_post])
            born = np.concatenate([born, np.full(new_pre.size, step)])

    def deprived_mean(values):
        return values[:, deprived].mean(axis=1)

    return RewiringResult(
        time_days=np.arange(n_steps + 1) * dt,
        calcium=rec_calcium,
        rate_hz=rec_rate,
        incoming_synapses=rec_in,
        outgoing_synapses=rec_out,
        dendritic_elements=rec_dendritic,
        axonal_elements=rec_axonal,
        set_point=set_point,
        set_point_rate_hz=target_rate,
        lesion_day=lesion_step * dt,
        lesion=lesion,
        lesioned=lesioned,
        deprived=deprived,
        deprived_calcium=deprived_mean(rec_calcium),
        deprived_rate_hz=deprived_mean(rec_rate),
        deprived_incoming_synapses=deprived_mean(rec_in.astype(float)),
        deprived_incoming_from_surround=deprived_mean((rec_in - rec_from_zone).astype(float)),
        deprived_new_incoming=deprived_mean(rec_new.astype(float)),
        deprived_new_from_surround=deprived_mean((rec_new - rec_new_from_zone).astype(float)),
        positions=positions,
    )


# ----------------------------------------------------------------------------------
# 3. Adult neurogenesis
# ----------------------------------------------------------------------------------

HUMAN_NEUROGENESIS_NOTE = (
    "Whether adult humans make new hippocampal neurons is disputed: carbon-14 birth "
    "dating (Spalding et al. 2013) and post-mortem counts (Boldrini et al. 2018) say "
    "they do throughout life, while Sorrells et al. (2018) found new neurons dropping "
    "to undetectable levels in adults. The numbers in this model come from rodents."
)
"""One sentence a lesson can print beside any neurogenesis figure."""


def _neurogenesis_rates(
    birth_rate_per_day,
    maturation_days,
    immature_death_rate_per_day,
    mature_death_rate_per_day,
    survival_factor,
    proliferation_factor,
    birth_decline_days,
):
    """Validated rates: (births/day at day 0, maturation rate, effective immature death
    rate, mature death rate, probability that a newborn cell matures, decline rate of
    the birth rate)."""
    b = check_range("birth_rate_per_day", birth_rate_per_day, 0.0, 1e7)
    tau_mat = check_range("maturation_days", maturation_days, 0.01, 1e4)
    d = check_range("immature_death_rate_per_day", immature_death_rate_per_day, 0.0, 100.0)
    d_m = check_range("mature_death_rate_per_day", mature_death_rate_per_day, 0.0, 100.0)
    s = check_range("survival_factor", survival_factor, 0.01, 100.0)
    proliferation = check_range("proliferation_factor", proliferation_factor, 0.0, 100.0)
    decline = check_range("birth_decline_days", birth_decline_days, 1.0, math.inf)
    k = 1.0 / tau_mat
    p = min(1.0, s * k / (k + d))  # chance to mature, times survival_factor, at most 1
    d_eff = k * (1.0 / p - 1.0)  # the immature death rate that gives that chance
    return b * proliferation, k, d_eff, d_m, p, 1.0 / decline


def _phi(a, d, t):
    """(exp(-a t) - exp(-d t)) / (d - a), symmetric in a and d and continuous at a == d
    (where it is t exp(-a t)); computed as exp(-lo t) t g((hi - lo) t) with
    g(x) = (1 - exp(-x)) / x, which never overflows."""
    lo, hi = min(a, d), max(a, d)
    x = (hi - lo) * t
    small = x < 1e-8
    safe = np.where(small, 1.0, x)
    g = np.where(small, 1.0 - 0.5 * x, -np.expm1(-safe) / safe)
    return np.exp(-lo * t) * t * g


def _phi2(a, decline, d, t):
    """The integral from 0 to t of _phi(a, decline, s) exp(-d (t - s)) ds: the mature cells
    made from a birth rate that declines at rate ``decline``.  Equals
    (_phi(decline, d, t) - _phi(a, d, t)) / (a - decline); at a == decline, minus the
    derivative of _phi(a, d, t) in a (central difference, relative step 1e-4)."""
    if abs(a - decline) > 1e-3 * max(a, decline):
        return (_phi(decline, d, t) - _phi(a, d, t)) / (a - decline)
    h = 1e-4 * a
    return (_phi(a - h, d, t) - _phi(a + h, d, t)) / (2.0 * h)


@dataclass(frozen=True)
class NeurogenesisResult:
    """Adult-born neurons over time (``neurogenesis``).

    Fields:
        time_days: (n_time,) days since the start (a young adult, about 2 months old).
        birth_rate_per_day: (n_time,) new cells per day at each time (after
            proliferation_factor); it falls with age.
        immature, mature: (n_time,) immature and mature adult-born neurons (cells);
            ``mature`` counts the neurons born since day 0 that matured and are alive.
        adult_born: (n_time,) immature + mature.
        long_run_immature, long_run_mature: the numbers the populations approach long
            after the end (``steady_state``).
        survival_to_maturity: probability that a newborn cell matures, after
            survival_factor (in [0, 1]).
    """

    time_days: np.ndarray
    birth_rate_per_day: np.ndarray
    immature: np.ndarray
    mature: np.ndarray
    adult_born: np.ndarray
    long_run_immature: float
    long_run_mature: float
    survival_to_maturity: float


_NEUROGENESIS_DEFAULTS = dict(
    birth_rate_per_day=9000.0,
    maturation_days=28.0,
    immature_death_rate_per_day=0.05,
    mature_death_rate_per_day=0.0,
    survival_factor=1.0,
    proliferation_factor=1.0,
    birth_decline_days=120.0,
)


def _start_immature(birth_rate_per_day, maturation_days, immature_death_rate_per_day):
    """Immature cells at day 0 in standard housing: the birth rate balanced by maturation
    and death."""
    k = 1.0 / maturation_days
    return birth_rate_per_day / (k + immature_death_rate_per_day)


def steady_state(
    birth_rate_per_day=9000.0,
    maturation_days=28.0,
    immature_death_rate_per_day=0.05,
    mature_death_rate_per_day=0.0,
    survival_factor=1.0,
    proliferation_factor=1.0,
    *,
    birth_decline_days=120.0,
):
    """The numbers of adult-born neurons that ``neurogenesis`` approaches long after day 0.

    With a birth rate that falls with age (the default) the immature pool empties and the
    mature adult-born neurons made since day 0 approach a lifetime total,

        M_inf = p (I_0 + b / lambda)    (mature neurons that never die, d_M = 0),

    where p is the chance that a newborn cell matures, I_0 the immature cells of a young
    adult in standard housing and lambda = 1 / birth_decline_days; with d_M > 0 they all
    die in the end (M_inf = 0).  With a constant birth rate (birth_decline_days=inf) it is
    the classic steady state I* = b / (1/tau_mat + d), M* = b p / d_M (infinite when
    d_M = 0: a constant birth rate with immortal neurons overfills the dentate gyrus).

    Arguments: as ``neurogenesis`` (same defaults and units).

    Returns:
        (immature, mature): numbers of cells (``math.inf`` where they grow without
        bound).  The mature number is proportional to p, so doubling the survival of
        newborn cells doubles it (as long as survival_factor * p <= 1).
    """
    b, k, d_eff, d_m, p, decline = _neurogenesis_rates(
        birth_rate_per_day,
        maturation_days,
        immature_death_rate_per_day,
        mature_death_rate_per_day,
        survival_factor,
        proliferation_factor,
        birth_decline_days,
    )
    if decline > 0:
        if d_m > 0:
            return 0.0, 0.0
        i0 = _start_immature(birth_rate_per_day, 1.0 / k, immature_death_rate_per_day)
        return 0.0, float(p * (i0 + b / decline))
    immature = b / (k + d_eff)
    mature = b * p / d_m if d_m > 0 else (math.inf if b * p > 0 else 0.0)
    return float(immature), float(mature)


def neurogenesis(
    days=730.0,
    birth_rate_per_day=9000.0,
    maturation_days=28.0,
    immature_death_rate_per_day=0.05,
    mature_death_rate_per_day=0.0,
    survival_factor=1.0,
    *,
    proliferation_factor=1.0,
    birth_decline_days=120.0,
    start="young adult",
):
    """Immature and mature adult-born neurons in the dentate gyrus: a compartment model.

        b(t)  = b_0 exp(-t / birth_decline_days)   birth rate, falling with age
        dI/dt = b(t) - (1/tau_mat + d) I             newborn cells, maturing or dying
        dM/dt = I / tau_mat - d_M M                  mature adult-born neurons

    solved exactly (sums of exponentials), so any time points cost the same.  A newborn
    cell matures with probability p = (1/tau_mat) / (1/tau_mat + d).  Day 0 is a young
    adult (about two months old).

    Arguments:
        days: time points (days, >= 0), or one number T for every day from 0 to T.
        birth_rate_per_day: b_0, new cells per day at day 0 in standard housing (default
            9000: young adult rat, Cameron & McKay 2001, J. Comp. Neurol. 435:406; the
            counts are therefore rat numbers, while the effects of running and enrichment
            below were measured in mice).
        maturation_days: tau_mat, mean time as an immature cell (>= 0.01; default 28:
            new cells that survive their first month persist, Kempermann et al. 2003,
            Development 130:391).
        immature_death_rate_per_day: d (default 0.05: with tau_mat = 28, p = 0.42, i.e.
            most newborn cells die before maturing; a teaching choice in the range of
            the BrdU studies, where about half or more of the new cells are lost in the
            first weeks).
        mature_death_rate_per_day: d_M (default 0: adult-born neurons that survive their
            first month stay, Kempermann et al. 2003 found them stable for at least 11
            months in mice).
        survival_factor: multiplies p, the chance that a newborn cell survives to
            maturity (in [0.01, 100]; the product is capped at 1).  Environmental
            enrichment acts mainly here (Kempermann, Kuhn & Gage 1997, Nature 386:493;
            Fabel et al. 2009, Front. Neurosci. 3:50).
        proliferation_factor: multiplies the birth rate.  Voluntary running acts mainly
            here (Fabel et al. 2009): van Praag, Kempermann & Gage (1999, Nat. Neurosci.
            2:266) found about twice as many labelled new cells surviving 4 weeks in
            runners, a count that includes the extra cells produced.
        birth_decline_days: time constant of the fall of the birth rate with age (days,
            >= 1; default 120, a teaching choice: the rate falls about tenfold between 2
            and 11 months of age; neurogenesis declines steeply from young adulthood to
            middle age, Kuhn, Dickinson-Anson & Gage 1996, J. Neurosci. 16:2027 in rats;
            Ben Abdallah et al. 2010, Neurobiol. Aging 31:151 in mice); ``math.inf``
            keeps it constant.
        start: the state at day 0: "young adult" (the immature pool of a young adult in
            standard housing, and no mature neurons yet counted: an animal that starts
            running on day 0 starts from there) or "empty" (no adult-born cells, e.g.
            after ablation).  ``mature`` counts the neurons born from day 0 on.

    Returns:
        NeurogenesisResult(time_days, birth_rate_per_day, immature, mature, adult_born,
        long_run_immature, long_run_mature, survival_to_maturity).  With the defaults the
        mature adult-born neurons level off: about 470 000 after a year, 490 000 after
        two, approaching 494 000 (``steady_state``); a constant birth rate would add
        another 1 400 000 per year without end.
    """
    if np.ndim(days) == 0:
        horizon = float(_days_array("days", days, maximum=1e5))
        t = np.arange(0.0, math.floor(horizon) + 1.0)
        if horizon > t[-1]:
            t = np.append(t, horizon)
    else:
        t = _days_array("days", days, maximum=1e5)
        if t.ndim != 1:
            raise ValueError(f"days must be a number or a 1-D array, got shape {t.shape}")
    if start not in ("young adult", "empty"):
        raise ValueError(f"start must be 'young adult' or 'empty', got {start!r}")
    b, k, d_eff, d_m, p, decline = _neurogenesis_rates(
        birth_rate_per_day,
        maturation_days,
        immature_death_rate_per_day,
        mature_death_rate_per_day,
        survival_factor,
        proliferation_factor,
        birth_decline_days,
    )
    a = k + d_eff
    if start == "empty":
        i0 = 0.0
    else:
        i0 = _start_immature(birth_rate_per_day, maturation_days, immature_death_rate_per_day)
    immature = i0 * np.exp(-a * t) + b * _phi(a, decline, t)
    mature = k * (i0 * _phi(a, d_m, t) + b * _phi2(a, decline, d_m, t))
    immature = np.maximum(immature, 0.0)
    mature = np.maximum(mature, 0.0)
    long_run = steady_state(
        birth_rate_per_day,
        maturation_days,
        immature_death_rate_per_day,
        mature_death_rate_per_day,
        survival_factor,
        proliferation_factor,
        birth_decline_days=birth_decline_days,
    )
    return NeurogenesisResult(
        time_days=t,
        birth_rate_per_day=b * np.exp(-decline * t),
        immature=immature,
        mature=mature,
        adult_born=immature + mature,
        long_run_immature=long_run[0],
        long_run_mature=long_run[1],
        survival_to_maturity=float(p),
    )


def labelled_cohort(
    days,
    maturation_days=28.0,
    immature_death_rate_per_day=0.05,
    mature_death_rate_per_day=0.0,
    survival_factor=1.0,
):
    """Fraction of a cohort of newborn cells (say, BrdU-labelled on day 0) alive later.

    One pulse of cells starts immature: I(t) = exp(-a t) with a = 1/tau_mat + d, and
    M(t) = (1/tau_mat) (exp(-a t) - exp(-d_M t)) / (d_M - a).  This is what a BrdU
    pulse-chase experiment counts, per labelled cell; the number of labelled cells also
    scales with how many were made (``proliferation_factor`` of ``neurogenesis``).

    Arguments:
        days: time since labelling (days, >= 0); number or array.
        maturation_days, immature_death_rate_per_day, mature_death_rate_per_day,
        survival_factor: as in ``neurogenesis`` (same defaults).

    Returns:
        I(t) + M(t), the surviving fraction of the cohort, in [0, 1]: a float for a
        single number, otherwise an array.  With the defaults about 46 % of a cohort is
        alive at 4 weeks and 42 % from 2 months on, for good: the cells that matured
        stay (Kempermann et al. 2003).
    """
    t = _days_array("days", days, maximum=1e5)
    _, k, d_eff, d_m, _, _ = _neurogenesis_rates(
        1.0,
        maturation_days,
        immature_death_rate_per_day,
        mature_death_rate_per_day,
        survival_factor,
        1.0,
        math.inf,
    )
    a = k + d_eff
    alive = np.exp(-a * t) + k * _phi(a, d_m, t)
    return _same_kind(np.clip(alive, 0.0, 1.0), days)


def plasticity_by_age(age_days, peak_age_days=35.0, width_days=7.0, peak_ratio=2.0):
    """LTP of an adult-born granule cell of a given age, relative to mature granule cells.

        ratio(age) = 1 + (peak_ratio - 1) * exp(-((age - peak_age) / width)^2 / 2)

    A teaching curve, not a fitted one: a smooth bump that encodes the result of Ge
    et al. (2007): retrovirally labelled adult-born neurons show enhanced LTP (larger
    potentiation, lower induction threshold, through NR2B-containing NMDA receptors)
    in a critical period between 1 and 1.5 months of cell age, and not at 2 weeks or
    at 2 months.  With the defaults the ratio is within 2 % of 1 at 2 weeks and at 8
    weeks and later, above 1.5 between 4 and 6 weeks, and peaks at 5 weeks.  The curve
    is 1 at young ages as well, which simplifies: at 2 weeks new neurons have hardly
    any glutamatergic synapses to potentiate.

    Arguments:
        age_days: age of the new neuron (days since its birth, >= 0); number or array.
        peak_age_days: age of the largest enhancement (days; default 35, 5 weeks).
        width_days: s.d. of the bump (days; default 7).
        peak_ratio: LTP at the peak relative to mature cells (default 2.0, a teaching
            choice for 'enhanced'; read the size off Ge et al.'s figures if you need it).

    Returns:
        The ratio (1 = as mature cells): a float for a single number, otherwise an array.

    Ge, Yang, Hsu, Ming & Song (2007), Neuron 54:559.
    """
    age = _days_array("age_days", age_days, maximum=1e5)
    peak = check_range("peak_age_days", peak_age_days, 0.0, 3650.0, low_open=True)
    width = check_range("width_days", width_days, 0.0, 3650.0, low_open=True)
    ratio = check_range("peak_ratio", peak_ratio, 0.0, 100.0)
    curve = 1.0 + (ratio - 1.0) * np.exp(-0.5 * ((age - peak) / width) ** 2)
    return _same_kind(curve, age_days)
