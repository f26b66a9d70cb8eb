"""What every theory of memory change shares: it runs a Protocol and returns a Result."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .protocol import Protocol


@dataclass(frozen=True)
class Result:
    """What a model predicts for a protocol.

    Fields:
        tests: label of each test -> conditioned response, 0 (none) to 1 (full fear).
        trials: one dict per trial, in time order, with ``time_hours``, ``phase``,
            ``context``, ``cue``, ``outcome``, ``label``, ``response`` (the conditioned
            response on that trial, before any learning from it) and the model's own state
            (weights, inferred cause, lability, ...).
        model: the name of the model that produced it.
    """

    tests: MappingProxyType
    trials: tuple
    model: str


class MemoryModel:
    """Base of the memory models: ``run(protocol)`` -> Result. Subclasses implement
    ``_simulate(protocol)``, returning one record (a dict) per trial."""

    def run(self, protocol):
        """Run ``protocol`` (a Protocol) through the model."""
        if not isinstance(protocol, Protocol):
            raise TypeError(f"run takes a Protocol, got {type(protocol).__name__}")
        records = tuple(self._simulate(protocol))
        tests = {record["label"]: record["response"] for record in records if record["phase"] == "test"}
        return Result(MappingProxyType(tests), records, type(self).__name__)

    def _simulate(self, protocol):
        raise NotImplementedError

    @staticmethod
    def record(trial, response, **state):
        """The record of one trial: its fields, the response, and the model's state."""
        return {
            "time_hours": trial.time_hours, "phase": trial.phase, "context": trial.context,
            "cue": trial.cue, "outcome": trial.outcome, "label": trial.label,
            "response": float(response), **state,
        }
