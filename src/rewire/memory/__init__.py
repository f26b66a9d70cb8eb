"""Emotional memory: one protocol, several theories of how therapy changes a fear memory.

    from rewire.memory import Protocol, RescorlaWagner, ContextGatedExtinction, LabileTrace, LatentCause

Time is in hours everywhere in this package's public API.
"""
from .base import MemoryModel, Result
from .latent_cause import LatentCause
from .protocol import Blockade, Protocol, ProtocolError, Step, Trial

__all__ = ["Blockade", "LatentCause", "MemoryModel", "Protocol", "ProtocolError", "Result", "Step", "Trial"]
