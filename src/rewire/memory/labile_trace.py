"""Memory updating: a reminder with a prediction error opens the original trace for rewriting.

This is **a teaching formalisation of the destabilisation-restabilisation account** of
Nader, Schafe & LeDoux (2000) and Lee (2009), not a model published with these equations.

    Nader, K., Schafe, G. E. & LeDoux, J. E. (2000). Fear memories require protein synthesis
    in the amygdala for reconsolidation after retrieval. Nature 406:722-726.
    Lee, J. L. C. (2009). Reconsolidation: maintaining memory relevance. Trends in
    Neurosciences 32:413-420.
    Monfils, M.-H., Cowansage, K. K., Klann, E. & LeDoux, J. E. (2009). Extinction-
    reconsolidation boundaries: key to persistent attenuation of fear memories. Science
    324:951-955.
    Schiller, D. et al. (2010). Preventing the return of fear in humans using reconsolidation
    update mechanisms. Nature 463:49-53.

It is built on ContextGatedExtinction (composed, not rewritten): everything that is not
reconsolidation (acquisition, new inhibitory learning, its context gate and its fading,
reinstatement) is that model's, with the same parameters. What this model adds:

1. **Destabilisation needs a prediction error.** A reminder (the ``retrieve`` step: one
   brief, isolated cue-alone exposure) whose expected outcome fails to come makes the
   cue's original trace labile, with initial lability ``min(1, expected / full_lability_
   mismatch)`` where ``expected`` is the response at the reminder. A reminder that brings
   the outcome (``retrieve(outcome=True)``: it arrives as expected) does not destabilise
   (Pedreira et al. 2004; Lee 2009; Sevenster, Beckers & Kindt 2013), nor does a cue that is
   no longer expected to bring anything. Only the ``retrieve`` step destabilises: long
   runs of cue-alone trials engage extinction instead of reconsolidation (Suzuki et al.
   2004), which the model encodes by which step is a reminder, not by counting trials.
   The reminder itself is learned from as an ordinary, stable trial before the trace opens.
2. **Restabilisation closes the window continuously.** Restabilisation needs new proteins
   to be made and then built into the synapses: two steps in sequence, each first-order
   with time constant ``restabilisation_tau_hours`` (tau). The fraction of the trace still
   labile t hours after the reminder is therefore ``(1 + t/tau) exp(-t/tau)``: near 1 for
   the first tens of minutes, 0.81 at 1 h, below 0.05 after about 5.9 h with the default
   tau = 1.25 h (``window_closes_hours()``). There is no cut-off anywhere: the window is
   this curve. A single step (a plain exponential) closing at the same time would already
   be down to 0.6 at 1 h, although a reminder 1 h before extinction still works in the
   laboratory (Monfils et al. 2009); laboratory data place the close between 1 and 6 h,
   and the "about 5 hours" used in coherence therapy comes from that literature (Ecker).
3. **Learning while labile rewrites the trace itself.** On a cue-alone trial with lability
   L, the original trace learns from its own prediction error (it predicted the outcome;
   none came): ``E -= alpha beta L E_retrieved``, and only the share ``1 - L`` of the
   trial's remaining error goes into a new inhibitory memory (ContextGatedExtinction's
   rule). With L near 1 almost nothing is written as inhibition, so there is nothing to
   fade with time, to stay behind in another context, or to be undone by stress: the fear
   does not return.
4. **A protein-synthesis blocker erases in proportion to lability.** Given at time t
   (``block_protein_synthesis()``), it multiplies every labile trace by ``1 - L(t)`` and
   ends the lability. Right after a reminder L is about 1 (erasure); 6 h later it is about
   0.05 (almost nothing); without a reminder L is 0 (nothing). As in Nader et al. (2000),
   the blocker acts on the memory just reactivated.

Boundary conditions of the literature (memory age and strength, reminder length) are not
modelled. A ``test`` is a probe the model does not learn from. The model is deterministic.

What it predicts with the defaults (8 paired trials in A, a day later a reminder, then 18
cue-alone trials in A; see tests/test_memory_models.py), as the response without a reminder
/ with one 10 min or 1 h before extinction / with one 6 h before:

* a month later in A: 0.54 / 0 / 0.43;
* a day later in a new context: 0.47 / 0 / 0.38;
* a day later, an hour after stress in A: 0.49 / 0 / 0.39.

A blocker right after the reminder takes the response a day later from 0.69 (reminder
alone) to 0; given 6 h later it leaves 0.66; without a reminder it changes nothing (0.90).
"""
from __future__ import annotations

import math

from .._checks import check_range
from .base import MemoryModel
from .context_gated import ContextGatedExtinction
from .protocol import Blockade

__all__ = ["LabileTrace"]


class LabileTrace(MemoryModel):
    """Destabilisation and restabilisation of the original trace: a teaching formalisation
    of Nader, Schafe & LeDoux (2000) and Lee (2009), composed with ContextGatedExtinction.

    Arguments (keyword only):
        restabilisation_tau_hours: time constant (hours) of each of the two steps of
            protein-synthesis-dependent restabilisation, > 0. Default 1.25, so the window
            closes (lability below 5%) at about 5.9 h. A teaching choice, set to the
            laboratory's 1-6 h.
        full_lability_mismatch: the expected-but-absent outcome (response at the reminder,
            0 to 1) that fully destabilises the trace, in (0, 1]; smaller mismatches
            destabilise in proportion. Default 0.25 (a teaching choice).
        alpha, beta, lambda_, acquisition_generalisation, extinction_generalisation,
        recovery_tau_hours, long_term_extinction_retrieval, context_conditioning_rate:
            passed to the ContextGatedExtinction that does all new learning (same defaults;
            see that class).

    Trial records carry ContextGatedExtinction's state plus ``lability`` (of the cue's
    trace at the start of the trial; None for an unsignalled event).
    """

    def __init__(self, *, restabilisation_tau_hours=1.25, full_lability_mismatch=0.25,
                 alpha=0.5, beta=0.5, lambda_=1.0, acquisition_generalisation=0.8,
                 extinction_generalisation=0.3, recovery_tau_hours=168.0,
                 long_term_extinction_retrieval=0.4, context_conditioning_rate=0.5):
        self.restabilisation_tau_hours = check_range(
            "restabilisation_tau_hours", restabilisation_tau_hours, 0.0, math.inf,
            low_open=True, high_open=True)
        self.full_lability_mismatch = check_range(
            "full_lability_mismatch", full_lability_mismatch, 0.0, 1.0, low_open=True)
        self.extinction = ContextGatedExtinction(
            alpha=alpha, beta=beta, lambda_=lambda_,
            acquisition_generalisation=acquisition_generalisation,
            extinction_generalisation=extinction_generalisation,
            recovery_tau_hours=recovery_tau_hours,
            long_term_extinction_retrieval=long_term_extinction_retrieval,
            context_conditioning_rate=context_conditioning_rate)

    def parameters(self):
        """The keyword arguments of this model, as a dict."""
        return {"restabilisation_tau_hours": self.restabilisation_tau_hours,
                "full_lability_mismatch": self.full_lability_mismatch,
                **self.extinction.parameters()}

    def __repr__(self):
        inner = ", ".join(f"{name}={value:g}" for name, value in self.parameters().items())
        return f"LabileTrace({inner})"

    def lability(self, hours_since_reminder):
        """Fraction of a fully destabilised trace still labile ``hours_since_reminder`` hours
        after the reminder: ``(1 + t/tau) exp(-t/tau)`` (two-step restabilisation)."""
        x = max(0.0, hours_since_reminder) / self.restabilisation_tau_hours
        return (1.0 + x) * math.exp(-x)

    def window_closes_hours(self, threshold=0.05):
        """Hours after a reminder at which lability falls to ``threshold`` (in (0, 1)):
        a description of the continuous curve, used nowhere in the simulation."""
        threshold = check_range("threshold", threshold, 0.0, 1.0, low_open=True, high_open=True)
        low, high = 0.0, 1.0
        while (1.0 + high) * math.exp(-high) > threshold:
            high *= 2.0
        for _ in range(60):
            middle = 0.5 * (low + high)
            if (1.0 + middle) * math.exp(-middle) > threshold:
                low = middle
            else:
                high = middle
        return 0.5 * (low + high) * self.restabilisation_tau_hours

    def _simulate(self, protocol):
        memories = self.extinction._memories()
        rate = memories.rate
        opened = {}  # cue -> (lability right after its reminder, hours of the reminder)

        def lability_of(cue, hours):
            if cue not in opened:
                return 0.0
            initial, since = opened[cue]
            return initial * self.lability(hours - since)

        for event in protocol.events():
            if isinstance(event, Blockade):
                for cue in opened:
                    keep = 1.0 - lability_of(cue, event.time_hours)
                    memories.excitation[cue] = memories.excitation.get(cue, 0.0) * keep
                opened.clear()
                continue
            cue, context, hours = event.cue, event.context, event.time_hours
            lability = None if cue is None else lability_of(cue, hours)
            response = memories.response(event)
            yield self.record(event, response, lability=lability, **memories.state(event))
            if event.phase == "test":
                continue
            if cue is None or event.outcome:
                memories.learn(event)  # stress or a paired trial: ordinary learning
                continue
            # A cue-alone trial: the labile share rewrites the trace, the rest is new learning.
            error = memories.extinction_error(cue, context, hours)
            if lability > 0.0:
                trace_error = memories.retrieved_excitation(cue, context)
                memories.excitation[cue] = max(0.0, memories.excitation.get(cue, 0.0)
                                               - rate * lability * trace_error)
            memories.add_inhibition(cue, context, hours, rate * (1.0 - lability) * error)
            if event.phase == "retrieve":
                initial = min(1.0, response / self.full_lability_mismatch)
                if initial > lability:
                    opened[cue] = (initial, hours)
