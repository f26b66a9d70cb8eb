"""Emotional memory: one protocol, several theories of how therapy changes a fear memory.

    from rewire.memory import Protocol, RescorlaWagner, ContextGatedExtinction, LabileTrace, LatentCause

Time is in hours everywhere in this package's public API.
"""
from . import designs, scoring
from .base import MemoryModel, Result
from .context_gated import ContextGatedExtinction, erasure_at_age
from .labile_trace import LabileTrace
from .latent_cause import LatentCause
from .protocol import Blockade, Protocol, ProtocolError, Step, Trial
from .rescorla_wagner import RescorlaWagner

__all__ = [
    "Blockade", "ContextGatedExtinction", "LabileTrace", "LatentCause", "MemoryModel",
    "Protocol", "ProtocolError", "RescorlaWagner", "Result", "Step", "Trial", "designs",
    "erasure_at_age", "scoring",
]
