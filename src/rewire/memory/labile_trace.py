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
   no longer expected to bring anything. Only the ``retrieve`` step destabilises.
   **A brief reminder is retrieval, not extinction:** it writes no inhibition, so a
   reminder alone leaves the fear a day later where it was, as in the reminder-and-vehicle
   groups of Nader, Schafe & LeDoux (2000; their Fig. 2: freezing after reactivation
   with vehicle as high as without reactivation).
1b. **Boundary conditions.** The trace opens less (the initial lability is multiplied by
   each factor below) when
   * the reminder is long: ``retrieve(trials=n)`` re-exposes for n cue presentations, and
     the factor is ``exp(-(n - 1) / brief_reminder_trials)``; the trials of a long
     reminder are ordinary extinction trials in the share ``1 -`` that factor, and the
     trace opens (if at all) at the reminder's end. Short re-exposure engages
     reconsolidation, long re-exposure extinction (Suzuki et al. 2004, J Neurosci
     24:4787-4795: 3 min against 30 min in context fear; Pedreira & Maldonado 2003).
     Suzuki et al. also found the blocker after a long re-exposure blocks extinction; that
     the model does not do: its inhibitory memory needs no proteins;
   * the memory is old: ``1 / (1 + (age / destabilisation_age_days)^4)``, age the days
     since the cue's last pairing (Milekic & Alberini 2002, Neuron 36:521-525: anisomycin
     after reactivation disrupted 2- and 7-day-old but not 14- or 28-day-old memories);
   * the memory is strong: ``1 / (1 + (pairings / destabilisation_strength_trials)^4)``
     (Wang, de Oliveira Alvares & Nader 2009, Nat Neurosci 12:905-912: after 10 tone-shock
     pairings the memory resisted anisomycin 2 days later, after 1 or 3 it did not).
   Both of these are off by default (``inf``): they are not universal. Old fear memories
   do reconsolidate in other preparations (Debiec, LeDoux & Nader 2002, Neuron
   36:527-538, 45-day-old memories), Wang et al. found their strong memories labile again
   after 30-60 days, and the course's therapy protocols act on memories weeks to years old.
   Set them (10 days, 6 pairings) to see the published boundaries.
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

A ``test`` is a probe the model does not learn from (the rule of every model; see
``rewire.memory.protocol``). The model is deterministic.

What it predicts with the defaults (8 paired trials in A, a day later a reminder, then 18
cue-alone trials in A; see tests/test_memory_models.py), as the response without a reminder
/ with one 10 min or 1 h before extinction / with one 6 h before:

* a month later in A: 0.53 / 0 / 0.43;
* a day later in a new context: 0.47 / 0 / 0.38;
* a day later, an hour after stress in A: 0.49 / 0 / 0.39.

A blocker right after the reminder takes the response a day later from 0.90 (reminder
alone, the same as no reminder) to 0; given 6 h later it leaves 0.86; without a reminder
it changes nothing (0.90).
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
        brief_reminder_trials: how fast longer reminders stop destabilising, > 0 (see
            the module docstring). Default 2: 1 presentation 1, 3 presentations 0.37,
            10 presentations 0.01.
        destabilisation_age_days: memory age (days since the last pairing) at which a
            reminder destabilises half as much, > 0. Default inf (no age boundary);
            10 reproduces Milekic & Alberini 2002.
        destabilisation_strength_trials: number of pairings at which a reminder
            destabilises half as much, > 0. Default inf (no strength boundary); 6
            reproduces Wang, de Oliveira Alvares & Nader 2009.
        alpha, beta, lambda_, acquisition_generalisation, extinction_generalisation,
        recovery_tau_hours, long_term_extinction_retrieval, context_conditioning_rate,
        context_extinction_rate, reinstatement_tau_hours, extinction_erasure:
            passed to the ContextGatedExtinction that does all new learning (same defaults;
            see that class).

    Trial records carry ContextGatedExtinction's state plus ``lability`` (of the cue's
    trace at the start of the trial; None for an unsignalled event).
    """

    def __init__(self, *, restabilisation_tau_hours=1.25, full_lability_mismatch=0.25,
                 brief_reminder_trials=2.0, destabilisation_age_days=math.inf,
                 destabilisation_strength_trials=math.inf, **extinction_parameters):
        self.restabilisation_tau_hours = check_range(
            "restabilisation_tau_hours", restabilisation_tau_hours, 0.0, math.inf,
            low_open=True, high_open=True)
        self.full_lability_mismatch = check_range(
            "full_lability_mismatch", full_lability_mismatch, 0.0, 1.0, low_open=True)
        self.brief_reminder_trials = check_range(
            "brief_reminder_trials", brief_reminder_trials, 0.0, math.inf, low_open=True, high_open=True)
        self.destabilisation_age_days = check_range(
            "destabilisation_age_days", destabilisation_age_days, 0.0, math.inf, low_open=True)
        self.destabilisation_strength_trials = check_range(
            "destabilisation_strength_trials", destabilisation_strength_trials, 0.0, math.inf, low_open=True)
        self.extinction = ContextGatedExtinction(**extinction_parameters)

    def parameters(self):
        """The keyword arguments of this model, as a dict."""
        return {"restabilisation_tau_hours": self.restabilisation_tau_hours,
                "full_lability_mismatch": self.full_lability_mismatch,
                "brief_reminder_trials": self.brief_reminder_trials,
                "destabilisation_age_days": self.destabilisation_age_days,
                "destabilisation_strength_trials": self.destabilisation_strength_trials,
                **self.extinction.parameters()}

    def destabilisation(self, reminder_trials=1, memory_age_days=1.0, pairings=1):
        """The factor (0 to 1) by which the boundary conditions scale the initial lability
        of a reminder of ``reminder_trials`` presentations, for a memory
        ``memory_age_days`` old built by ``pairings`` pairings."""
        brief = math.exp(-(reminder_trials - 1) / self.brief_reminder_trials)
        young = 1.0 / (1.0 + (memory_age_days / self.destabilisation_age_days) ** 4)
        weak = 1.0 / (1.0 + (pairings / self.destabilisation_strength_trials) ** 4)
        return brief * young * weak

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
        pairings = {}  # cue -> [number of paired trials, hours of the last]
        events = list(protocol.events())
        reminder_trials = _reminder_lengths(events)

        def lability_of(cue, hours):
            if cue not in opened:
                return 0.0
            initial, since = opened[cue]
            return initial * self.lability(hours - since)

        expected_at_reminder = 0.0
        for index, event in enumerate(events):
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
                memories.learn(event)  # stress, context exposure or a paired trial: ordinary learning
                if cue is not None and event.phase == "acquire":
                    count = pairings.setdefault(cue, [0, hours])
                    count[0] += 1
                    count[1] = hours
                continue
            # A cue-alone trial: the labile share rewrites the trace, the rest is new learning
            # (none for a brief reminder, which is retrieval, not extinction).
            memories.extinguish_context(context)
            error = memories.extinction_error(cue, context, hours)
            new_learning = rate * error
            if event.phase == "retrieve":
                length, first, _ = reminder_trials[index]
                brief = self.destabilisation(reminder_trials=length)
                new_learning *= 1.0 - brief
                if first:
                    expected_at_reminder = response
            if lability > 0.0:
                trace_error = memories.retrieved_excitation(cue, context)
                memories.excitation[cue] = max(0.0, memories.excitation.get(cue, 0.0)
                                               - rate * lability * trace_error)
            memories.extinguish(cue, context, hours, (1.0 - lability) * new_learning)
            if event.phase == "retrieve" and reminder_trials[index][2]:  # the reminder's last trial
                count, last = pairings.get(cue, (0, hours))
                initial = min(1.0, expected_at_reminder / self.full_lability_mismatch) * self.destabilisation(
                    reminder_trials=reminder_trials[index][0], memory_age_days=(hours - last) / 24.0,
                    pairings=count)
                if initial > lability:
                    opened[cue] = (initial, hours)


def _reminder_lengths(events):
    """For each trial of a reminder (``retrieve``) in ``events``: its index -> (trials in its
    reminder, whether it is the reminder's first trial, whether its last). A reminder is a run of retrieve
    trials of one cue with nothing between them."""
    lengths, run = {}, []
    for index, event in enumerate(events + [None]):
        continues = (run and isinstance(event, type(events[run[-1]])) and event.phase == "retrieve"
                     and event.cue == events[run[-1]].cue and index == run[-1] + 1
                     and event.time_hours - events[run[-1]].time_hours < 1.0)
        if run and not continues:
            lengths.update({i: (len(run), i == run[0], i == run[-1]) for i in run})
            run = []
        if event is not None and not isinstance(event, Blockade) and event.phase == "retrieve":
            run.append(index)
    return lengths
