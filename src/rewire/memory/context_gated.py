"""Extinction as new, context-gated learning: a teaching formalisation of Bouton's theory.

This is **a teaching formalisation of Bouton (2004)**, not a model published with these
equations. Bouton's theory is verbal; the equations below are the smallest ones that carry
its claims so a learner can run them.

    Bouton, M. E. (2004). Context and behavioral processes in extinction. Learning &
    Memory 11:485-494.
    Rescorla, R. A. (2004). Spontaneous recovery. Learning & Memory 11:501-509.
    Bouton, M. E. & Bolles, R. C. (1979). Role of conditioned contextual stimuli in
    reinstatement of extinguished fear. J Exp Psychol Anim Behav Process 5:368-378.

The claims, and how they are written here:

1. **Acquisition is kept.** Pairing a cue with the outcome builds an excitatory memory E
   (``dE = alpha beta (lambda - E)``, so ``E_n = lambda (1 - (1 - alpha beta)^n)`` as in
   Rescorla-Wagner). Extinction never lowers E. Acquisition transfers well but not
   perfectly to other contexts: E is retrieved in full in a context where the cue was
   paired with the outcome and at ``acquisition_generalisation`` (0.8) elsewhere.
2. **Extinction writes a second, inhibitory memory.** On a cue-alone trial in context x the
   inhibition I stored for (cue, x) grows by ``alpha beta`` times what the subject still
   expects (the net prediction, when positive), so the net response is driven to zero.
3. **Its retrieval is gated by context and fades with time.** At time t in context y the
   inhibition retrieved is ``sum over x of I(cue, x) * s(x, y) * r(t - t_x) * (1 - F_y u_y)``:
   ``s = 1`` in the extinction context and ``extinction_generalisation`` (0.3) elsewhere
   (extinction is much more context-specific than acquisition); ``r(d) = floor + (1 - floor)
   exp(-d / recovery_tau_hours)`` with ``t_x`` the last cue-alone trial in x, so spontaneous
   recovery grows over days to weeks (tau 168 h = 1 week) and stays partial (floor
   ``long_term_extinction_retrieval`` 0.4; Rescorla 2004). Time since extinction acts like
   a change of context (Bouton's temporal context). A new cue-alone trial in x retrieves
   the extinction memory again (``t_x`` restarts), so re-extinction is fast.
4. **Reinstatement.** An unsignalled aversive event (``stress``) conditions the context it
   happens in: its fear F rises by ``context_conditioning_rate * (1 - F)``. Bouton & Bolles
   (1979) showed that reinstatement needs the events in the context where the cue is
   tested, and that extinguishing that context afterwards (placing the animal in it
   without shocks) removes reinstatement: reinstatement needs the context to be feared at
   test. Here the feared context acts as a retrieval cue for the acquisition memory (it
   resembles the context of conditioning, where the outcome happened; Bouton 2004), so the
   extinction memory is retrieved less there: the factor ``(1 - F_y u_y)`` above. Context
   fear extinguishes like any association: every trial in the context that ends without
   the outcome (a cue-alone trial, a reminder, an ``expose`` step; a test is a probe and
   does not count) multiplies F by ``1 - context_extinction_rate``, so reinstated fear
   fades as the test session goes on (Rescorla & Heth 1975) and the cue can be
   re-extinguished there. Its effect also needs the fear to be recent: ``u_y =
   exp(-(t - t_stress) / reinstatement_tau_hours)`` with ``t_stress`` the last unsignalled
   event in y (a short interval between a fearful context experience and the test gives
   more fear than a long one: Morris, Furlong & Westbrook 2005, J Exp Psychol Anim Behav
   Process 31:40-55). The association itself does not decay with time alone (contextual
   fear lasts over a year in rats: Gale et al. 2004, J Neurosci 24:3810-3815), so a
   context shocked a year ago is still feared when met, but the cue tested there has only
   its spontaneous recovery. A teaching choice instead of adding F to the response: an
   event in another context changes nothing, and a cue with no excitation left (after an
   erasure, see LabileTrace) does not become feared. Outcomes signalled by the cue
   condition the cue, not the context (the cue predicts them), so only unsignalled events
   change F.
5. **Response** = clip(retrieved E - retrieved I, 0, 1). For an unsignalled event or a
   context exposure the response recorded is the fear of the context, F.
6. **A critical period (option).** In infant rats (postnatal day 17) extinction is not
   followed by spontaneous recovery, renewal or reinstatement: it appears to erase the
   fear (Kim & Richardson 2008, Neurobiol Learn Mem 90:1-10, review), and in mice the
   switch comes with perineuronal nets forming in the amygdala around the third postnatal
   week; digesting them in adults makes extinction erase again (Gogolla et al. 2009,
   Science 325:1258-1261). ``extinction_erasure`` is the share of each cue-alone trial's
   error that lowers E itself instead of writing inhibition: 0 (adult, the default) to 1
   (infant: extinction is Rescorla-Wagner unlearning). ``erasure_at_age(postnatal_day)``
   gives a teaching curve for rats (a switch around day 21).

Reinforced trials after extinction also weaken the inhibition of their context (by
``alpha beta`` times the surprise), so reacquisition happens. A reminder (``retrieve``) is
one cue-alone trial (or a paired one with ``outcome=True``); a ``test`` is a probe the model
does not learn from (the rule of every model; see ``rewire.memory.protocol``); a
protein-synthesis blocker has no effect in this model.

What it predicts with the defaults (8 paired trials in A, 18 cue-alone trials, test a day
later; see tests/test_memory_models.py):

* spontaneous recovery grows with the delay: about 0.08 after 1 day, 0.34 after 1 week,
  0.53 after 1 month (30 days), of an acquired 0.90;
* renewal: ABA about 0.70 > ABC about 0.52 > AAB about 0.47 > AAA about 0.08. ABA is the
  strongest in Bouton's and others' data (Bouton 2004; Bernal-Gamboa et al. 2014, Span J
  Psychol 17:e67); AAB (also written AAC) is usually weaker than ABC (Laborda, Witnauer &
  Miller 2011, Learn Behav 39:46-56), because extinction in the acquisition context, where
  the cue is fully expected, lays down more inhibition. That gap is small, here and in
  the data;
* reinstatement: one stress event in the test context, an hour before the test, raises the
  response about sixfold (0.08 to about 0.49); the same event in another context does
  nothing; ten context exposures after it take it back to 0.10; three events and a test a
  year later give the year's spontaneous recovery (0.54), not more;
* long after the last event every response settles (nothing diverges): spontaneous
  recovery grows with the delay and saturates at ``E (1 - 0.4 I/E)``.

The model is deterministic: the same protocol and parameters always give the same numbers.
"""
from __future__ import annotations

import math

from .._checks import check_range
from .base import MemoryModel
from .protocol import Blockade

__all__ = ["ContextGatedExtinction", "erasure_at_age"]


def erasure_at_age(postnatal_day, switch_day=21.0, width_days=1.0):
    """A teaching curve for the critical period of extinction in rats: the share of
    extinction that erases (``extinction_erasure``) at ``postnatal_day``, a logistic switch
    around day 21 (Kim & Richardson 2008: erasure-like at day 17, relapse from day 24;
    perineuronal nets form in the third postnatal week, Gogolla et al. 2009). Day 17 gives
    0.98, day 24 gives 0.05, an adult (day 60 and later) 0."""
    day = check_range("postnatal_day", postnatal_day, 1.0, 10_000.0)
    return 1.0 / (1.0 + math.exp((day - switch_day) / width_days))


class _Memories:
    """The memories of one run of ContextGatedExtinction.

    LabileTrace reuses this state for all its new learning, and adds only the operations on
    the original trace (weaken, scale) that reconsolidation allows.
    """

    def __init__(self, model):
        self.model = model
        self.rate = model.alpha * model.beta
        self.excitation = {}  # cue -> E
        self.reinforced_in = {}  # cue -> contexts where it was paired with the outcome
        self.inhibition = {}  # cue -> {context: [I, hours of the last cue-alone trial there]}
        self.context_fear = {}  # context -> F
        self.last_stress = {}  # context -> hours of its last unsignalled aversive event

    # --- what is retrieved -----------------------------------------------------------
    def retrieved_excitation(self, cue, context):
        excitation = self.excitation.get(cue, 0.0)
        if context in self.reinforced_in.get(cue, ()):
            return excitation
        return excitation * self.model.acquisition_generalisation

    def retrieved_inhibition(self, cue, context, hours):
        memories = self.inhibition.get(cue)
        if not memories:
            return 0.0
        model = self.model
        total = 0.0
        for where, (amount, last_hours) in memories.items():
            similarity = 1.0 if where == context else model.extinction_generalisation
            total += amount * similarity * model.extinction_retrieval(hours - last_hours)
        return total * (1.0 - self.reinstating_fear(context, hours))

    def reinstating_fear(self, context, hours):
        """The context's fear as it acts on retrieval at ``hours``: F, weighted by how
        recent its last unsignalled event is (1 just after it, toward 0 long after)."""
        fear = self.context_fear.get(context, 0.0)
        if fear == 0.0:
            return 0.0
        since = max(0.0, hours - self.last_stress[context])
        return fear * math.exp(-since / self.model.reinstatement_tau_hours)

    def prediction(self, cue, context, hours):
        """Net expectation of the outcome (retrieved excitation minus inhibition), unclipped."""
        return self.retrieved_excitation(cue, context) - self.retrieved_inhibition(cue, context, hours)

    def response(self, trial):
        if trial.cue is None:  # an unsignalled event or a context exposure: the context's fear
            return self.context_fear.get(trial.context, 0.0)
        return min(1.0, max(0.0, self.prediction(trial.cue, trial.context, trial.time_hours)))

    def state(self, trial):
        """The model's state for a trial record (before the trial is learned from)."""
        if trial.cue is None:
            excitation = inhibition = None
        else:
            excitation = self.retrieved_excitation(trial.cue, trial.context)
            inhibition = self.retrieved_inhibition(trial.cue, trial.context, trial.time_hours)
        return {"excitation": excitation, "inhibition": inhibition,
                "context_fear": self.context_fear.get(trial.context, 0.0)}

    # --- learning --------------------------------------------------------------------
    def learn(self, trial):
        """Ordinary learning from one trial (not a test): the whole of the model's rules."""
        if trial.outcome:
            if trial.cue is None:
                self.condition_context(trial.context, trial.time_hours)
            else:
                self.reinforce(trial.cue, trial.context, trial.time_hours)
            return
        self.extinguish_context(trial.context)
        if trial.cue is not None:
            error = self.extinction_error(trial.cue, trial.context, trial.time_hours)
            self.extinguish(trial.cue, trial.context, trial.time_hours, self.rate * error)

    def extinguish(self, cue, context, hours, amount):
        """Extinction learning of ``amount``: the share ``extinction_erasure`` unlearns the
        excitatory memory (infancy), the rest is written as inhibition (adulthood)."""
        erased = self.model.extinction_erasure * amount
        if erased > 0.0:
            self.excitation[cue] = max(0.0, self.excitation.get(cue, 0.0) - erased)
        self.add_inhibition(cue, context, hours, amount - erased)

    def extinguish_context(self, context):
        """The context met without the outcome: its fear extinguishes a step."""
        if context in self.context_fear:
            self.context_fear[context] *= 1.0 - self.model.context_extinction_rate

    def reinforce(self, cue, context, hours):
        """Cue paired with the outcome: E grows toward lambda; the context's extinction
        memory is weakened by the surprise."""
        surprise = self.model.lambda_ - self.prediction(cue, context, hours)
        self.reinforced_in.setdefault(cue, set()).add(context)
        excitation = self.excitation.get(cue, 0.0)
        self.excitation[cue] = excitation + self.rate * (self.model.lambda_ - excitation)
        memory = self.inhibition.get(cue, {}).get(context)
        if memory is not None and surprise > 0.0:
            memory[0] = max(0.0, memory[0] - self.rate * surprise)

    def extinction_error(self, cue, context, hours):
        """A cue-alone trial: the extinction memory of this context is retrieved afresh, and
        the error is what is still expected (never negative)."""
        memory = self.inhibition.get(cue, {}).get(context)
        if memory is not None:
            memory[1] = hours
        return max(0.0, self.prediction(cue, context, hours))

    def add_inhibition(self, cue, context, hours, amount):
        memories = self.inhibition.setdefault(cue, {})
        memory = memories.setdefault(context, [0.0, hours])
        memory[0] += amount
        memory[1] = hours

    def condition_context(self, context, hours):
        fear = self.context_fear.get(context, 0.0)
        self.context_fear[context] = fear + self.model.context_conditioning_rate * (1.0 - fear)
        self.last_stress[context] = hours


class ContextGatedExtinction(MemoryModel):
    """Two memories, one context-gated: a teaching formalisation of Bouton (2004).

    Arguments (keyword only; see the module docstring for the equations):
        alpha: salience of the cue, in (0, 1]. Default 0.5.
        beta: learning rate set by the outcome, in (0, 1]. Default 0.5.
        lambda_: strength the outcome supports, in (0, 1]. Default 1.
        acquisition_generalisation: fraction of the excitatory memory retrieved in a context
            where the cue was never paired with the outcome, in [0, 1]. Default 0.8.
        extinction_generalisation: fraction of an extinction memory retrieved outside the
            context it was learned in, in [0, 1]. Default 0.3.
        recovery_tau_hours: time constant (hours) with which retrieval of the extinction
            memory fades after the last cue-alone trial, > 0. Default 168 (one week).
        long_term_extinction_retrieval: fraction of the extinction memory still retrieved
            long after extinction, in [0, 1]. Default 0.4 (recovery is partial).
        context_conditioning_rate: how far one unsignalled aversive event moves the fear of
            its context toward 1, in [0, 1]. Default 0.5.
        context_extinction_rate: how far one trial in a context without the outcome moves
            its fear toward 0, in [0, 1]. Default 0.25 (alpha beta, the cue's rate).
        reinstatement_tau_hours: time constant (hours) with which a context's fear stops
            acting on retrieval after its last unsignalled event, > 0. Default 168 (a week).
        extinction_erasure: share of extinction learning that unlearns the excitatory
            memory instead of writing inhibition, in [0, 1]. Default 0 (adult); 1 is the
            infant rat before the critical period closes (see ``erasure_at_age``).

    alpha, beta and lambda_ are the Rescorla-Wagner conventions (so acquisition matches
    RescorlaWagner with contexts off); the other defaults are teaching choices that give
    the orderings reported by Bouton and Rescorla, not fits to one data set.

    Trial records carry ``excitation`` and ``inhibition`` (as retrieved for the cue in that
    context at that moment; None for an unsignalled event) and ``context_fear``.
    """

    def __init__(self, *, alpha=0.5, beta=0.5, lambda_=1.0, acquisition_generalisation=0.8,
                 extinction_generalisation=0.3, recovery_tau_hours=168.0,
                 long_term_extinction_retrieval=0.4, context_conditioning_rate=0.5,
                 context_extinction_rate=0.25, reinstatement_tau_hours=168.0, extinction_erasure=0.0):
        self.alpha = check_range("alpha", alpha, 0.0, 1.0, low_open=True)
        self.beta = check_range("beta", beta, 0.0, 1.0, low_open=True)
        self.lambda_ = check_range("lambda_", lambda_, 0.0, 1.0, low_open=True)
        self.acquisition_generalisation = check_range(
            "acquisition_generalisation", acquisition_generalisation, 0.0, 1.0)
        self.extinction_generalisation = check_range(
            "extinction_generalisation", extinction_generalisation, 0.0, 1.0)
        self.recovery_tau_hours = check_range(
            "recovery_tau_hours", recovery_tau_hours, 0.0, math.inf, low_open=True, high_open=True)
        self.long_term_extinction_retrieval = check_range(
            "long_term_extinction_retrieval", long_term_extinction_retrieval, 0.0, 1.0)
        self.context_conditioning_rate = check_range(
            "context_conditioning_rate", context_conditioning_rate, 0.0, 1.0)
        self.context_extinction_rate = check_range("context_extinction_rate", context_extinction_rate, 0.0, 1.0)
        self.reinstatement_tau_hours = check_range(
            "reinstatement_tau_hours", reinstatement_tau_hours, 0.0, math.inf, low_open=True, high_open=True)
        self.extinction_erasure = check_range("extinction_erasure", extinction_erasure, 0.0, 1.0)

    _PARAMETERS = ("alpha", "beta", "lambda_", "acquisition_generalisation",
                   "extinction_generalisation", "recovery_tau_hours",
                   "long_term_extinction_retrieval", "context_conditioning_rate",
                   "context_extinction_rate", "reinstatement_tau_hours", "extinction_erasure")

    def parameters(self):
        """The keyword arguments of this model, as a dict (for building a variant)."""
        return {name: getattr(self, name) for name in self._PARAMETERS}

    def __repr__(self):
        inner = ", ".join(f"{name}={value:g}" for name, value in self.parameters().items())
        return f"ContextGatedExtinction({inner})"

    def extinction_retrieval(self, hours_since_extinction):
        """Fraction of an extinction memory retrieved ``hours_since_extinction`` hours after
        its last cue-alone trial, in its own context: 1 at once, falling with
        ``recovery_tau_hours`` toward ``long_term_extinction_retrieval``."""
        floor = self.long_term_extinction_retrieval
        return floor + (1.0 - floor) * math.exp(-max(0.0, hours_since_extinction) / self.recovery_tau_hours)

    def _memories(self):
        """Fresh, empty memories for one run (LabileTrace builds on them)."""
        return _Memories(self)

    def _simulate(self, protocol):
        memories = self._memories()
        for event in protocol.events():
            if isinstance(event, Blockade):  # no consolidation in this model: no effect
                continue
            yield self.record(event, memories.response(event), **memories.state(event))
            if event.phase != "test":
                memories.learn(event)
