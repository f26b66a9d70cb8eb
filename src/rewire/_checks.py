"""Parameter checks shared by the model modules: fail early, name the parameter and its range."""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["check_range", "check_int", "make_rng"]


def _fmt(bound: float) -> str:
    """A bound as text: 'inf' / '-inf' when unbounded, otherwise compact (0.05, 1e-06)."""
    return f"{bound:g}"


def _interval(low: float, high: float, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"{left}{_fmt(low)}, {_fmt(high)}{right}"


def check_range(name, value, low, high, *, low_open=False, high_open=False) -> float:
    """Return ``value`` as a float if it lies in the interval from ``low`` to ``high``.

    ``low_open`` / ``high_open`` exclude the end points; pass ``-math.inf`` or
    ``math.inf`` for an unbounded side.  Anything else (NaN, a string, a bool,
    an array) raises ``ValueError("<name> must be in [low, high], got <value>")``.
    """
    message = f"{name} must be in {_interval(low, high, low_open, high_open)}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(message)
    number = float(value)
    if math.isnan(number):
        raise ValueError(message)
    too_low = number <= low if low_open else number < low
    too_high = number >= high if high_open else number > high
    if too_low or too_high:
        raise ValueError(message)
    return number


def check_int(name, value, low, high=None) -> int:
    """Return ``value`` as an int if it is a whole number in [low, high] (None: no upper bound).

    Bools and non-integral floats are refused with a ValueError naming the parameter.
    """
    upper = math.inf if high is None else high
    message = f"{name} must be an integer in [{_fmt(low)}, {_fmt(upper)}], got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(message)
    number = int(value)
    if number < low or number > upper:
        raise ValueError(message)
    return number


def make_rng(seed) -> np.random.Generator:
    """Return ``np.random.default_rng(seed)``; ``seed`` must be a non-negative integer or None."""
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0
    ):
        raise ValueError(f"seed must be a non-negative integer or None, got {seed!r}")
    return np.random.default_rng(None if seed is None else int(seed))
