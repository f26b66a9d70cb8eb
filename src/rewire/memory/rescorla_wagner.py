"""Rescorla-Wagner: extinction as unlearning, the baseline that fails.

Rescorla, R. A. & Wagner, A. R. (1972). A theory of Pavlovian conditioning: variations in
the effectiveness of reinforcement and nonreinforcement. In A. H. Black & W. F. Prokasy
(Eds.), *Classical Conditioning II* (pp. 64-99). Appleton-Century-Crofts.

On every trial each stimulus present changes its associative strength by

    dV_i = alpha_i * beta * (lambda - sum of V over the stimuli present)

with lambda the outcome (``lambda_`` when the aversive outcome comes, 0 when it does not).
The conditioned response is the summed strength of the stimuli present, clipped to [0, 1].

Choices made here (state them when you teach with the model):

* **Contexts are stimuli.** The context of a trial is present with the cue and learns with
  its own, smaller salience ``context_alpha`` (the standard treatment of contexts in
  Rescorla-Wagner analyses of extinction; see McConnell & Miller 2014, Learning and
  Motivation 46:1-15). ``context_alpha=0`` removes contexts and leaves the textbook cue
  alone.
* **Acquisition has a closed form.** With contexts off, a cue's strength after n paired
  trials is ``V_n = lambda (1 - (1 - alpha beta)^n)``. With contexts on, the *summed*
  strength of cue and context follows the same formula with ``alpha + context_alpha`` in
  place of ``alpha``, and the cue holds the share ``alpha / (alpha + context_alpha)``.
* **Extinction is unlearning.** Cue-alone trials drive the strengths down; nothing is kept
  in reserve, and time plays no part. So the model predicts:

  - no spontaneous recovery: the response after 1 day, 1 week and 1 month is the same;
  - renewal only through context associations: after extinction in B the context B becomes
    a conditioned inhibitor that shields the cue from full extinction, so testing in A
    (which kept its excitation) or in a neutral C shows some fear (ABA > ABC > 0); after
    extinction in the acquisition context A, cue and context are both driven to zero, so
    AAB gives exactly what AAA gives (no renewal). Bouton's laboratory found AAB renewal
    and found the extinction context not to be an inhibitor (Bouton & King 1983), which
    is where this model fails;
  - reinstatement only through the context: an unsignalled aversive event in context X
    adds ``context_alpha * beta * (lambda_ - V_X)`` to the strength of X, and exactly that
    is added to the response to the cue tested in X (unless the clip at 0 or 1 hides part
    of it); an event in another context changes nothing in X. With ``context_alpha=0``
    there is no reinstatement at all.

* A reminder (``retrieve``) is one ordinary trial (cue alone, or cue and outcome when
  ``outcome=True``); the model has no consolidation, so a protein-synthesis blocker does
  nothing. A ``test`` is a probe: the model reports the response and does not learn from
  it, as if each test were given to a separate group, so several tests can follow one
  another.

The model is deterministic: the same protocol and parameters always give the same numbers.
Defaults: ``lambda_ = 1`` is the usual scale; ``alpha = 0.5`` (a salient discrete cue),
``context_alpha = 0.1`` (contexts less salient than cues) and ``beta = 0.5`` are
conventional teaching values, not fits to a data set.
"""
from __future__ import annotations

from .._checks import check_range
from .base import MemoryModel
from .protocol import Blockade

__all__ = ["RescorlaWagner"]


class RescorlaWagner(MemoryModel):
    """Rescorla & Wagner (1972): one associative strength per stimulus, unlearned in extinction.

    Arguments (keyword only):
        alpha: salience of a discrete cue, in (0, 1].
        beta: learning rate set by the outcome, in (0, 1] (one value for trials with and
            without the outcome, as in the equation above).
        lambda_: the strength the outcome supports (the asymptote), in (0, 1].
        context_alpha: salience of a context, in [0, 1]; 0 leaves contexts out.

    ``run(protocol)`` returns a Result whose trial records carry ``cue_strength`` (V of the
    cue, or None for an unsignalled event), ``context_strength`` (V of the context) and
    ``weights`` (every strength learned so far, keyed ``"cue CS"``, ``"context A"``), all at
    the start of the trial, before it is learned from (like ``response``).
    """

    def __init__(self, *, alpha=0.5, beta=0.5, lambda_=1.0, context_alpha=0.1):
        self.alpha = check_range("alpha", alpha, 0.0, 1.0, low_open=True)
        self.beta = check_range("beta", beta, 0.0, 1.0, low_open=True)
        self.lambda_ = check_range("lambda_", lambda_, 0.0, 1.0, low_open=True)
        self.context_alpha = check_range("context_alpha", context_alpha, 0.0, 1.0)

    def parameters(self):
        """The keyword arguments of this model, as a dict."""
        return {"alpha": self.alpha, "beta": self.beta, "lambda_": self.lambda_,
                "context_alpha": self.context_alpha}

    def __repr__(self):
        inner = ", ".join(f"{name}={value:g}" for name, value in self.parameters().items())
        return f"RescorlaWagner({inner})"

    def acquisition_curve(self, n_trials):
        """Closed form for a cue trained alone (``context_alpha=0``): V after each of
        ``n_trials`` paired trials, ``lambda_ (1 - (1 - alpha beta)^n)`` for n = 1..n_trials.
        With contexts on, the summed cue + context strength follows this formula with
        ``alpha + context_alpha`` in place of ``alpha`` (see the module docstring)."""
        rate = self.alpha * self.beta
        return [self.lambda_ * (1.0 - (1.0 - rate) ** n) for n in range(1, int(n_trials) + 1)]

    def _simulate(self, protocol):
        weights = {}
        use_contexts = self.context_alpha > 0.0
        for event in protocol.events():
            if isinstance(event, Blockade):  # no consolidation in this model: no effect
                continue
            present = []
            if event.cue is not None:
                present.append((f"cue {event.cue}", self.alpha))
            if use_contexts:
                present.append((f"context {event.context}", self.context_alpha))
            total = sum(weights.get(name, 0.0) for name, _ in present)
            response = min(1.0, max(0.0, total))
            yield self.record(
                event, response,
                cue_strength=None if event.cue is None else weights.get(f"cue {event.cue}", 0.0),
                context_strength=weights.get(f"context {event.context}", 0.0),
                weights=dict(weights),
            )
            if event.phase == "test":
                continue
            error = (self.lambda_ if event.outcome else 0.0) - total
            for name, salience in present:
                weights[name] = weights.get(name, 0.0) + salience * self.beta * error
