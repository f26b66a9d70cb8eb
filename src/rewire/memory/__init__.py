"""Emotional memory: one protocol, several theories of how therapy changes a fear memory.

    from rewire.memory import Protocol, RescorlaWagner, ContextGatedExtinction, LabileTrace, LatentCause

Time is in hours everywhere in this package's public API.
"""
from .base import MemoryModel, Result
from .context_gated import ContextGatedExtinction
from .labile_trace import LabileTrace
from .latent_cause import LatentCause
from .protocol import Blockade, Protocol, ProtocolError, Step, Trial
from .rescorla_wagner import RescorlaWagner

__all__ = [
    "Blockade", "ContextGatedExtinction", "LabileTrace", "LatentCause", "MemoryModel",
    "Protocol", "ProtocolError", "RescorlaWagner", "Result", "Step", "Trial",
]
