"""The test-cell format of the assignments: what the grader observes, and how it compares.

A test cell in solutions/ keeps its visible asserts (with messages, for the student's own
instant feedback; they decide nothing) and holds, between `### BEGIN HIDDEN TESTS` and
`### END HIDDEN TESTS`, what the grader should observe:

    ### BEGIN HIDDEN TESTS
    from rewire.grading import observe
    probe = np.array([-200.0, -5.0, 0.0, 5.0, 200.0])
    observe(stdp_window(probe), rtol=1e-6, atol=1e-12)
    observe(sorted(predictions.items()))
    ### END HIDDEN TESTS

Each `observe(expression, **how)` is evaluated twice, in the student's sandbox and in the
solution's, after the cells above the test have run; any other statement (here `probe = ...`)
is set-up run before the observations, in a scratch copy of the namespace. Values travel
back as plain JSON data (`encode`), never objects, and a trusted process compares the
student's with the solution's (`same`). Expected values are never written in a test: they
come from running the solution. How to compare:

- nothing: equal as data, types included (`1` is not `True`, a tuple is not a list);
- `rtol=`, `atol=`: numbers (scalars, lists, arrays, values of dicts with equal keys) equal
  within the tolerances of `numpy.isclose`;
- `unordered=True`: the same elements in any order (set equality of a list, tuple or set);
- `sign=True`: numbers with the same signs (negative, zero, positive).

Run directly (in a teacher's solution notebook, or the tests), `observe` only checks that the
value can be observed and the options are known; it never fails a correct solution.
"""
import ast
import json
import re
from types import MappingProxyType

import numpy as np

HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
HOW = {"rtol", "atol", "unordered", "sign"}
MAX_ELEMENTS = 200_000  # elements of one observed value (a 1 MB array is plenty for a check)
MAX_TEXT = 1_000_000  # characters of all strings in one observed value


class Unobservable(ValueError):
    """A value the grader cannot take back as plain data."""


def observe(value, **how):
    """Check, where a solution is run directly, that `value` can be observed as `how` says."""
    unknown = set(how) - HOW
    if unknown:
        raise TypeError(f"observe() got unknown options {sorted(unknown)}; known: {sorted(HOW)}")
    encode(value)


# --------------------------------------------------------------------------- values

class _Budget:
    def __init__(self):
        self.elements, self.text = MAX_ELEMENTS, MAX_TEXT

    def spend(self, elements=1, text=0):
        self.elements -= elements
        self.text -= text
        if self.elements < 0 or self.text < 0:
            raise Unobservable("the value is too large to observe")


def encode(value, budget=None):
    """`value` as JSON data with explicit types: None, str and finite or non-finite floats
    as themselves, everything else tagged ({"int": 3}, {"bool": true}, {"list": [...]},
    {"ndarray": [...], "dtype": "float64", "shape": [2]}, ...). Only exact builtin types and
    numpy arrays and scalars are observable; anything else raises Unobservable."""
    budget = budget or _Budget()
    budget.spend()
    kind = type(value)
    if value is None or kind is float:
        return value
    if kind is str:
        budget.spend(text=len(value))
        return value
    if kind is bool:
        return {"bool": value}
    if kind is int:
        if abs(value) > 2**63:
            raise Unobservable("an integer too large to observe")
        return {"int": value}
    if kind in (list, tuple):
        return {kind.__name__: [encode(item, budget) for item in value]}
    if kind in (set, frozenset):
        items = [encode(item, budget) for item in value]
        return {"set": sorted(items, key=_canonical)}
    if kind in (dict, MappingProxyType):
        pairs = [[encode(k, budget), encode(v, budget)] for k, v in value.items()]
        return {"dict": sorted(pairs, key=lambda pair: _canonical(pair[0]))}
    if kind is np.ndarray:
        if value.dtype.kind not in "biuf" and value.dtype.kind != "U":
            raise Unobservable(f"an array of {value.dtype}")
        budget.spend(elements=int(value.size), text=int(value.size) * (value.itemsize if value.dtype.kind == "U" else 0))
        return {"ndarray": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if value.dtype.kind not in "biufU":
            raise Unobservable(f"a numpy {value.dtype}")
        return {"numpy": str(value.dtype), "value": value.item()}
    raise Unobservable(f"a {kind.__name__} (observe plain values: numbers, text, lists, dicts, arrays)")


def decode(data):
    """Plain Python values (arrays as lists) from `encode`'s data, for trusted code that
    needs values rather than a comparison. Malformed data raise ValueError."""
    if data is None or type(data) in (float, str):
        return data
    if type(data) is not dict or not data:
        raise ValueError("not observed data")
    kind = next(iter(data))
    if kind in ("bool", "int") and len(data) == 1 and type(data[kind]) is (bool if kind == "bool" else int):
        return data[kind]
    if kind in ("list", "tuple", "set") and len(data) == 1 and type(data[kind]) is list:
        items = [decode(item) for item in data[kind]]
        return {"list": list, "tuple": tuple, "set": lambda xs: set(map(_hashable, xs))}[kind](items)
    if kind == "dict" and len(data) == 1 and type(data[kind]) is list:
        return {_hashable(decode(k)): decode(v) for k, v in data[kind]}
    if kind == "ndarray":
        return data["ndarray"]
    if kind == "numpy":
        return data["value"]
    raise ValueError("not observed data")


def _hashable(value):
    if isinstance(value, (list, dict, set)):
        raise ValueError("an unhashable key")
    return value


def _canonical(data):
    return json.dumps(data, sort_keys=True, allow_nan=True)


# ------------------------------------------------------------------- comparisons (trusted)

def same(student, solution, how):
    """Whether the student's observed data match the solution's, compared as `how` says.
    Both are decoded JSON from `encode`; anything malformed simply does not match."""
    try:
        if how.get("unordered"):
            return _as_multiset(student) == _as_multiset(solution)
        if how.get("sign"):
            a, b = _numbers(student), _numbers(solution)
            return a.shape == b.shape and bool(np.all(np.sign(a) == np.sign(b)))
        if "rtol" in how or "atol" in how:
            return _close(student, solution, float(how.get("rtol", 1e-9)), float(how.get("atol", 0.0)))
        return _canonical(student) == _canonical(solution)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError):
        return False


def _as_multiset(data):
    (kind, items), = data.items()
    if kind not in ("list", "tuple", "set"):
        raise TypeError("not a collection")
    return sorted(_canonical(item) for item in items)


def _numbers(data):
    """Data holding only numbers (a number, a list or tuple of them, an array) as an array."""
    if type(data) is float:
        return np.asarray(data)
    if type(data) is not dict or len(data) not in (1, 2, 3):
        raise TypeError("not numeric")
    if "ndarray" in data:
        array = np.asarray(data["ndarray"], dtype=float)
        if list(array.shape) != list(data["shape"]) or np.dtype(data["dtype"]).kind not in "iuf":
            raise TypeError("not a numeric array")
        return array
    if "numpy" in data:
        if np.dtype(data["numpy"]).kind not in "iuf":
            raise TypeError("not a number")
        return np.asarray(float(data["value"]))
    if "int" in data:
        return np.asarray(float(data["int"]))
    (kind, items), = data.items()
    if kind in ("list", "tuple"):
        parts = [_numbers(item) for item in items]
        return np.asarray(parts, dtype=float)
    raise TypeError("not numeric")


def _close(student, solution, rtol, atol):
    """Numbers within tolerance, recursing through dicts (same keys) and through lists and
    tuples that hold more than numbers; anything else must be equal."""
    try:
        expected = _numbers(solution)
    except (TypeError, ValueError):
        expected = None
    if expected is not None:
        mine = _numbers(student)
        return mine.shape == expected.shape and bool(np.all(np.isfinite(mine) == np.isfinite(expected))) and bool(
            np.allclose(mine, expected, rtol=rtol, atol=atol, equal_nan=True))
    if type(solution) is dict and len(solution) == 1 and list(solution) == list(student):
        (kind, theirs), = solution.items()
        mine = student[kind]
        if kind == "dict":
            keys = [_canonical(k) for k, _ in theirs]
            by_key = {_canonical(k): v for k, v in mine}
            return len(by_key) == len(mine) == len(keys) and set(by_key) == set(keys) and all(
                _close(by_key[key], value, rtol, atol) for key, (_, value) in zip(keys, theirs))
        if kind in ("list", "tuple"):
            return len(mine) == len(theirs) and all(_close(a, b, rtol, atol) for a, b in zip(mine, theirs))
    return _canonical(student) == _canonical(solution)


# ---------------------------------------------------------------- test cells (trusted)

def hidden_block(source):
    """The hidden part of a test cell ('' when it has none)."""
    return "".join(HIDDEN_BLOCK.findall(source))


def parse_test(source):
    """The steps of a test cell: [("setup", code) | ("observe", expression, how)], in order.
    Raises ValueError for a hidden block the grader cannot use."""
    tree = ast.parse(hidden_block(source))
    steps = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "rewire.grading" and \
                [a.name for a in node.names] == ["observe"]:
            continue
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "observe":
            if len(call.args) != 1 or any(k.arg not in HOW for k in call.keywords):
                raise ValueError(f"observe() takes one expression and the options {sorted(HOW)}: {ast.unparse(call)}")
            how = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            steps.append(("observe", ast.unparse(call.args[0]), how))
        else:
            steps.append(("setup", ast.unparse(node)))
    if not any(step[0] == "observe" for step in steps):
        raise ValueError("a test cell without observe(): the grader could not score it")
    return steps
