"""Functional plasticity: a Kohonen map of the hand in somatosensory cortex.

A chain of cortical units (think of one electrode track across the hand area of
area 3b) learns a map of the skin of a five-digit hand with Kohonen's
self-organizing map (SOM).  Each unit i has a preferred skin location w_i, its
weight vector, and a place r_i on the cortex.  For every touch x on the skin:

    winner        c    = argmin_i |x - w_i|
    neighbourhood h_ci = exp(-|r_i - r_c|**2 / (2 sigma**2))
    learning      dw_i = eps * h_ci * (x - w_i)

Development starts from random preferred locations with a wide neighbourhood
and a high learning rate, both shrinking, and ends with an ordered
(somatotopic) map: D1 to D5 in order along the cortex.  Adult experience
continues with a residual learning rate ``plasticity`` and a fixed
``neighbourhood``; changing how often each digit is touched then remaps the
cortex:

- removing a digit (``digit_use=(1, 1, 0, 1, 1)``): its territory falls silent
  and is taken over by its neighbours (Merzenich et al. 1984);
- using a digit more (``digit_use=(1, 4, 1, 1, 1)``): its territory grows at the
  expense of its neighbours, with smaller receptive fields (Jenkins et al. 1990).

Caveat for the lesson: in the model the old map is overwritten, so "takeover"
means the missing digit is gone from cortex.  Real brains keep more: people who
lost a hand decades ago still show a digit-by-digit map of the missing hand when
they move their phantom fingers (Kikkert et al. 2016, eLife 5:e15292), and
Makin & Krakauer (2023, eLife 12:e84716) argue that deprived cortex keeps its
original role and that adult "remapping" mostly strengthens inputs that were
there all along.  The model's silent territory at ``plasticity=0`` is the
closest it comes to that latent map.

The skin.  Skin coordinates are measured in digit widths: column 0 is the
position across the hand (D1 = thumb at 0, towards D5), column 1 the position
along the digit (0 at the base, ``DIGIT_LENGTH`` at the tip).  Digit k covers
``k * DIGIT_PITCH <= across <= k * DIGIT_PITCH + DIGIT_WIDTH`` and
``0 <= along <= DIGIT_LENGTH``; between digits lies a strip of ``WEB_WIDTH``
that is never touched, so each digit is a separate patch of skin.  Cortical
positions are in units of the spacing between neighbouring units.

Implementation: plain numpy, seeded; the learning is the online rule above, one
touch at a time (no batching), with the skin positions held as complex numbers
``across + 1j * along`` so that one call gives all distances |x - w_i|.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import check_int, check_range, make_rng

__all__ = [
    "DIGITS",
    "DIGIT_WIDTH",
    "DIGIT_LENGTH",
    "WEB_WIDTH",
    "DIGIT_PITCH",
    "Touches",
    "touch_samples",
    "CorticalMap",
    "develop_map",
    "continue_experience",
    "unit_digits",
    "territory",
    "receptive_field_sizes",
]

DIGITS = ("D1", "D2", "D3", "D4", "D5")
DIGIT_WIDTH = 1.0  # skin unit: one digit width
DIGIT_LENGTH = 2.0  # a digit is twice as long as it is wide
WEB_WIDTH = 0.25  # untouched gap between neighbouring digits
DIGIT_PITCH = DIGIT_WIDTH + WEB_WIDTH  # across-hand distance from one digit to the next
_HAND_WIDTH = len(DIGITS) * DIGIT_PITCH - WEB_WIDTH

_MAX_UNITS = 1000
_MAX_STEPS = 1_000_000
_MAX_NEIGHBOURHOOD = 1000.0
_MAX_SNAPSHOTS = 1000


# ----------------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------------


def _check_digit_use(digit_use):
    """``digit_use`` as 5 relative frequencies summing to 1; ValueError otherwise."""
    message = (
        "digit_use must be 5 non-negative finite numbers (relative touch frequency "
        f"of D1..D5), not all zero, got {digit_use!r}"
    )
    if isinstance(digit_use, (str, bytes)):
        raise ValueError(message)
    try:
        values = list(digit_use)
    except TypeError:
        raise ValueError(message) from None
    if len(values) != len(DIGITS) or any(
        isinstance(v, bool) or not isinstance(v, numbers.Real) for v in values
    ):
        raise ValueError(message)
    use = np.array([float(v) for v in values])
    if not np.all(np.isfinite(use)) or np.any(use < 0) or not np.any(use > 0):
        raise ValueError(message)
    use = use / use.max()  # no overflow in the sum, whatever the scale
    return use / use.sum()


def _check_map(cortical_map):
    if not isinstance(cortical_map, CorticalMap):
        raise ValueError(
            "cortical_map must be a CorticalMap (from develop_map), "
            f"got {type(cortical_map).__name__}"
        )
    return cortical_map


# ----------------------------------------------------------------------------------
# The skin
# ----------------------------------------------------------------------------------


class Touches(NamedTuple):
    """Touches on the hand (``touch_samples``); unpacks as ``points, digits = ...``.

    Fields:
        points: (n_samples, 2) skin positions in digit widths: column 0 across the
            hand, column 1 along the digit (see the module docstring).
        digits: (n_samples,) index of the touched digit, 0..4 for D1..D5.
    """

    points: np.ndarray
    digits: np.ndarray


def _touch_complex(n, use, rng):
    """n touches as complex skin positions, and their digits.

    Each touch uses three uniform numbers drawn together, so the touches of a
    shorter run are the first touches of a longer run with the same seed.
    """
    u = rng.random((n, 3))
    cumulative = np.cumsum(use)
    digits = np.searchsorted(cumulative, u[:, 0] * cumulative[-1], side="right")
    digits = np.minimum(digits, np.flatnonzero(use > 0)[-1])  # rounding at the top end
    across = digits * DIGIT_PITCH + u[:, 1] * DIGIT_WIDTH
    along = u[:, 2] * DIGIT_LENGTH
    return across + 1j * along, digits


def touch_samples(n_samples, digit_use=(1, 1, 1, 1, 1), seed=0):
    """Random touches on the hand, each digit touched with a given relative frequency.

    Arguments:
        n_samples: number of touches (integer in [1, 1e6]).
        digit_use: relative frequency of touches on D1..D5: five non-negative
            numbers, not all zero.  (1, 4, 1, 1, 1) touches D2 four times as often
            as each other digit; 0 means the digit sends no input (amputated or
            denervated).
        seed: random seed (non-negative int or None).

    Returns:
        Touches(points, digits): skin positions (n_samples, 2) in digit widths,
        uniform over the touched digit's patch of skin, and the digit index (0..4)
        of each touch.  The touches of a shorter run are the first touches of a
        longer one with the same seed.

    The input ensemble of the hand map, after Kohonen (1982) and the skin
    stimulation of Jenkins et al. (1990), J. Neurophysiol. 63:82.
    """
    n_samples = check_int("n_samples", n_samples, 1, _MAX_STEPS)
    use = _check_digit_use(digit_use)
    rng = make_rng(seed)
    z, digits = _touch_complex(n_samples, use, rng)
    return Touches(points=np.column_stack([z.real, z.imag]), digits=digits)


def _nearest_digit(z):
    """Index of the digit whose skin is nearest to each complex skin position."""
    index = np.rint((np.asarray(z).real - DIGIT_WIDTH / 2) / DIGIT_PITCH)
    return np.clip(index, 0, len(DIGITS) - 1).astype(int)


# ----------------------------------------------------------------------------------
# The cortical map
# ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorticalMap:
    """A somatosensory map of the hand (``develop_map``, ``continue_experience``).

    Immutable: the arrays are read-only and every experience returns a new map.

    Fields:
        weights: (n_units, 2) preferred skin location (receptive field centre) of
            each cortical unit, in cortical order; columns across the hand and
            along the digit, in digit widths.
        positions: (n_units,) position of each unit on the cortex, in units of
            the spacing between neighbouring units (0, 1, 2, ...).
        digit_use: (5,) relative touch frequency of D1..D5 (summing to 1) during
            the most recent experience; digits with 0 send no input now.
        n_touches: touches experienced so far, development included.
        history_touches: (n_snapshots,) touches into the most recent run at which
            the territories were recorded (first 0, last the run's n_steps).
        territory_history: (n_snapshots, 5) fraction of units representing each of
            D1..D5 at those moments (as ``territory``).
    """

    weights: np.ndarray
    positions: np.ndarray
    digit_use: np.ndarray
    n_touches: int
    history_touches: np.ndarray
    territory_history: np.ndarray

    @property
    def n_units(self) -> int:
        """Number of cortical units."""
        return int(self.weights.shape[0])


def _read_only(array):
    array = np.array(array)
    array.flags.writeable = False
    return array


def _territory_fractions(z):
    return np.bincount(_nearest_digit(z), minlength=len(DIGITS)) / z.size


def _learn(z, touches, plasticity, q, n_snapshots):
    """Online SOM learning of complex weights ``z`` (changed in place), with history.

    plasticity, q: per-touch learning rate eps and neighbourhood factor
    q = exp(-1 / (2 sigma**2)), either arrays (one per touch) or scalars.
    Returns (history_touches, territory_history).
    """
    n_steps = touches.size
    n_units = z.size
    r = np.arange(n_units)
    distance2 = (r[:, None] - r[None, :]) ** 2  # squared cortical distance |r_i - r_c|^2
    snapshots = np.unique(np.linspace(0, n_steps, n_snapshots).round().astype(int))
    history = [_territory_fractions(z)]
    constant = np.ndim(plasticity) == 0 and np.ndim(q) == 0
    if constant:
        # h_ci = q ** |r_i - r_c|^2; 0 ** 0 = 1 gives the winner-only rule at sigma = 0
        gain = plasticity * np.power(q, distance2)
    for start, stop in zip(snapshots[:-1], snapshots[1:]):
        if constant:
            for x in touches[start:stop].tolist():
                d = x - z
                z += gain[np.abs(d).argmin()] * d
        else:
            for x, eps, qt in zip(
                touches[start:stop].tolist(),
                plasticity[start:stop].tolist(),
                q[start:stop].tolist(),
            ):
                d = x - z
                z += (eps * np.power(qt, distance2[np.abs(d).argmin()])) * d
        history.append(_territory_fractions(z))
    return snapshots, np.array(history)


def _neighbourhood_factor(sigma):
    """q = exp(-1 / (2 sigma^2)) so that h = q ** |r_i - r_c|^2; 0 at sigma = 0."""
    sigma = np.asarray(sigma, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):  # tiny sigma: q = exp(-inf) = 0
        return np.exp(-0.5 / np.square(sigma))


def _schedule(start, end, n_steps):
    """Geometric interpolation from start to end over n_steps (linear if either is 0)."""
    fraction = np.arange(n_steps) / max(n_steps - 1, 1)
    if start > 0 and end > 0:  # in logs, so that end / start cannot overflow
        values = np.exp(math.log(start) + (math.log(end) - math.log(start)) * fraction)
    else:
        values = start + (end - start) * fraction
    return np.clip(values, min(start, end), max(start, end))


def develop_map(
    n_units=100,
    n_steps=10_000,
    seed=0,
    *,
    plasticity_start=0.5,
    plasticity_end=0.05,
    neighbourhood_start=50.0,
    neighbourhood_end=3.0,
    digit_use=(1, 1, 1, 1, 1),
    n_snapshots=21,
):
    """Develop a somatotopic hand map from random connections (Kohonen's SOM).

    Every unit starts with a random preferred location anywhere on the hand.  Then
    ``n_steps`` random touches train the map with the learning rate eps and the
    neighbourhood width sigma shrinking geometrically from their start to their
    end values (see the module docstring for the rule).

    Arguments:
        n_units: number of cortical units in the chain (integer in [5, 1000]).
        n_steps: number of touches during development (integer in [1, 1e6]).
        seed: random seed for the start weights and the touches.
        plasticity_start, plasticity_end: learning rate eps at the first and the
            last touch (each in [0, 1]).
        neighbourhood_start, neighbourhood_end: neighbourhood width sigma at the
            first and last touch, in cortical units (each in [0, 1000]; 0 moves
            the winner alone).
        digit_use: relative touch frequency of D1..D5 during development (as in
            ``touch_samples``).
        n_snapshots: number of moments at which the territories are recorded
            (integer in [2, 1000]).

    Returns:
        CorticalMap.  With the defaults the digits lie in order along the cortex
        (D1..D5 or D5..D1, depending on the seed), each in one contiguous block of
        about a fifth of the units; the two digits at the ends of the chain get a
        little less (about 18 % instead of 20 %), the SOM's border effect.

    Defaults are teaching choices, not fitted to data: 100 units (a unit is 1 %
    of the map), 100 touches per unit, a start neighbourhood half the chain wide
    (ordered in 100 of 100 seeds; starting at 20 left a twisted end, a digit split
    in two, in 2 of 100), and development ending at the adult
    values of ``continue_experience`` (eps = 0.05, sigma = 3), so that continued
    normal use leaves the developed map as it is.  About 50 ms.

    Kohonen (1982), Biol. Cybern. 43:59-69; the geometric schedules as in Ritter,
    Martinetz & Schulten (1992), Neural Computation and Self-Organizing Maps.
    """
    n_units = check_int("n_units", n_units, len(DIGITS), _MAX_UNITS)
    n_steps = check_int("n_steps", n_steps, 1, _MAX_STEPS)
    rng = make_rng(seed)
    eps0 = check_range("plasticity_start", plasticity_start, 0.0, 1.0)
    eps1 = check_range("plasticity_end", plasticity_end, 0.0, 1.0)
    sigma0 = check_range("neighbourhood_start", neighbourhood_start, 0.0, _MAX_NEIGHBOURHOOD)
    sigma1 = check_range("neighbourhood_end", neighbourhood_end, 0.0, _MAX_NEIGHBOURHOOD)
    use = _check_digit_use(digit_use)
    n_snapshots = check_int("n_snapshots", n_snapshots, 2, _MAX_SNAPSHOTS)

    start = rng.random((n_units, 2))
    z = start[:, 0] * _HAND_WIDTH + 1j * start[:, 1] * DIGIT_LENGTH
    touches, _ = _touch_complex(n_steps, use, rng)
    eps = _schedule(eps0, eps1, n_steps)
    q = _neighbourhood_factor(_schedule(sigma0, sigma1, n_steps))
    steps, history = _learn(z, touches, eps, q, n_snapshots)
    return CorticalMap(
        weights=_read_only(np.column_stack([z.real, z.imag])),
        positions=_read_only(np.arange(n_units, dtype=float)),
        digit_use=_read_only(use),
        n_touches=n_steps,
        history_touches=_read_only(steps),
        territory_history=_read_only(history),
    )


def continue_experience(
    cortical_map,
    n_steps=3000,
    digit_use=(1, 1, 1, 1, 1),
    plasticity=0.05,
    neighbourhood=3.0,
    seed=0,
    *,
    n_snapshots=21,
):
    """Adult experience: more touches, with the residual plasticity of the adult map.

    The same Kohonen rule as in development, now with a fixed learning rate
    (``plasticity``) and neighbourhood.  Change ``digit_use`` to model an
    amputation or a training regime.

    Arguments:
        cortical_map: the map to start from (from ``develop_map`` or an earlier
            ``continue_experience``); it is not changed.
        n_steps: number of touches (integer in [0, 1e6]).
        digit_use: relative touch frequency of D1..D5, as in ``touch_samples``:
            (1, 1, 0, 1, 1) removes D3 (amputation, Merzenich et al. 1984);
            (1, 4, 1, 1, 1) trains D2 (Jenkins et al. 1990 trained owl monkeys to
            touch a rotating disk, stimulating the fingertips of one or more
            digits).
        plasticity: residual adult learning rate eps per touch, in [0, 1]; 0
            means no change at all.
        neighbourhood: neighbourhood width sigma in cortical units, in [0, 1000].
        seed: random seed for the touches.
        n_snapshots: number of moments at which the territories are recorded
            (integer in [2, 1000]).

    Returns:
        a new CorticalMap.  With the defaults (3000 touches, about 10 ms):
        after removing D3 its territory falls from about 22 % of the units to
        about 5 %, taken over by D2 and D4 (about 21 % -> 28 % each) while D1 and
        D5 gain a unit or two; more plasticity gives a faster takeover (after
        1000 touches 0.01 leaves about 20 %, 0.1 about 9 %).  Training D2 four
        times as often as the others grows its territory about 1.6-fold (about
        21 % -> 34 %), mostly at the expense of D1 and D3.  With normal use the
        map stays as it is.  The model's takeover keeps spreading: given long
        enough, the four remaining digits end with about equal shares (a 1-D SOM
        gives each skin region units in proportion to its touch density to the
        power 2/3; Ritter & Schulten 1986, Biol. Cybern. 54:99-106).

    The neighbourhood is what lets a territory change hands: a unit that never
    wins a touch moves only because its cortical neighbours pull it along.  With
    ``neighbourhood=0`` (winner-only learning) no territory changes, whatever the
    use; with wide neighbourhoods (above about 6) even normal use squeezes the
    digits at the two ends of the chain, so keep sliders within about 0.5-6.

    The defaults are teaching choices (the end point of ``develop_map``), not
    fitted to data; one touch is not a calibrated unit of time.  10 000 touches
    take about 30 ms.

    Merzenich et al. (1984), J. Comp. Neurol. 224:591-605; Jenkins et al. (1990),
    J. Neurophysiol. 63:82-104; the model after Kohonen (1982).
    """
    cortical_map = _check_map(cortical_map)
    n_steps = check_int("n_steps", n_steps, 0, _MAX_STEPS)
    use = _check_digit_use(digit_use)
    eps = check_range("plasticity", plasticity, 0.0, 1.0)
    sigma = check_range("neighbourhood", neighbourhood, 0.0, _MAX_NEIGHBOURHOOD)
    rng = make_rng(seed)
    n_snapshots = check_int("n_snapshots", n_snapshots, 2, _MAX_SNAPSHOTS)

    w = cortical_map.weights
    z = w[:, 0] + 1j * w[:, 1]
    if eps > 0 and n_steps > 0:
        touches, _ = _touch_complex(n_steps, use, rng)
        steps, history = _learn(z, touches, eps, float(_neighbourhood_factor(sigma)), n_snapshots)
        weights = np.column_stack([z.real, z.imag])
    else:  # no plasticity (or no touches): nothing changes
        steps = np.unique(np.linspace(0, n_steps, n_snapshots).round().astype(int))
        history = np.tile(_territory_fractions(z), (steps.size, 1))
        weights = w
    return CorticalMap(
        weights=_read_only(weights),
        positions=cortical_map.positions,
        digit_use=_read_only(use),
        n_touches=cortical_map.n_touches + n_steps,
        history_touches=_read_only(steps),
        territory_history=_read_only(history),
    )


# ----------------------------------------------------------------------------------
# Measures of the map
# ----------------------------------------------------------------------------------


def unit_digits(cortical_map):
    """The digit each cortical unit represents, in cortical order.

    Arguments:
        cortical_map: a CorticalMap.

    Returns:
        int array (n_units,): 0..4 for D1..D5 (``DIGITS[k]`` is the name), the
        digit whose skin lies nearest to the unit's preferred location.  A unit
        whose digit no longer sends input keeps its label: it is silent (see
        ``receptive_field_sizes``), as in a map recorded right after an amputation.
    """
    w = _check_map(cortical_map).weights
    return _nearest_digit(w[:, 0])


def territory(cortical_map):
    """The cortical territory of each digit: the fraction of units that represent it.

    Arguments:
        cortical_map: a CorticalMap.

    Returns:
        dict {"D1": fraction, ..., "D5": fraction}, fractions of the units (summing
        to 1) whose preferred skin location is on that digit (``unit_digits``).
        Multiply by ``cortical_map.n_units`` for numbers of units.

    The measure of Merzenich et al. (1984) and Jenkins et al. (1990), who mapped
    the area of cortex (area 3b) driven by each skin surface.
    """
    digits = unit_digits(cortical_map)
    fractions = np.bincount(digits, minlength=len(DIGITS)) / digits.size
    return {name: float(f) for name, f in zip(DIGITS, fractions)}


def receptive_field_sizes(cortical_map, points_per_digit_width=20):
    """Receptive field area of each unit: the skin that drives it best.

    The skin of every digit that currently sends input (``cortical_map.digit_use``
    > 0) is covered by a regular grid; each grid point belongs to the receptive
    field of its winning unit (nearest preferred location).

    Arguments:
        cortical_map: a CorticalMap.
        points_per_digit_width: grid points per digit width (integer in [2, 200]);
            the areas are accurate to about one grid cell, 1 / points**2.

    Returns:
        float array (n_units,): receptive field area of each unit, in digit widths
        squared (a whole digit has area DIGIT_LENGTH = 2).  0 means the unit
        wins no touch at all: it is silent, like the cortex of a removed digit
        before it is taken over.

    More units on a digit share its skin, so an enlarged representation has
    smaller receptive fields, as Jenkins et al. (1990) and Merzenich et al. (1984)
    found.
    """
    cortical_map = _check_map(cortical_map)
    n = check_int("points_per_digit_width", points_per_digit_width, 2, 200)
    w = cortical_map.weights
    z = w[:, 0] + 1j * w[:, 1]
    n_along = int(math.ceil(n * DIGIT_LENGTH / DIGIT_WIDTH))
    across = (np.arange(n) + 0.5) / n * DIGIT_WIDTH
    along = (np.arange(n_along) + 0.5) / n_along * DIGIT_LENGTH
    patch = (across[:, None] + 1j * along[None, :]).ravel()
    cell_area = DIGIT_WIDTH * DIGIT_LENGTH / patch.size
    counts = np.zeros(z.size)
    for digit in np.flatnonzero(cortical_map.digit_use > 0):
        grid = patch + digit * DIGIT_PITCH
        winners = np.abs(grid[:, None] - z[None, :]).argmin(axis=1)
        counts += np.bincount(winners, minlength=z.size)
    return counts * cell_area
