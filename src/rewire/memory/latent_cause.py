"""The latent-cause theory of memory modification (Gershman, Monfils, Norman & Niv 2017).

Citation: Gershman SJ, Monfils M-H, Norman KA & Niv Y (2017). The computational nature of
memory modification. eLife 6:e23763. https://doi.org/10.7554/eLife.23763

Port: a translation of the authors' MATLAB code, github.com/sjgershm/memory-modification:
``imm_localmap.m`` (the inference, "local MAP" with a few expectation-maximisation
iterations after each trial) with the parameters of ``imm_run.m`` (the paper's
simulations) and its way of building stimuli and time. Given the same features, outcomes
and times it gives the same numbers as a line-by-line transcription of ``imm_localmap.m``
(to 1e-14; the tests check the paper's Monfils and Nader designs). What is ours and not
theirs is listed under *Reconstructed here*.

The idea: the animal does not store "CS -> shock" as one fixed association. It assumes
each trial was produced by a hidden (latent) cause, infers which one, and learns
associations separately for each cause. Extinction trials after a long gap look unlike
acquisition (the shock is missing) and are put down to a *new* cause: the old fear memory
is untouched and returns later. A reminder shortly before extinction lets the acquisition
cause's weight shrink over the update iterations that follow it, so the extinction trials
are put down to the *old* cause and rewrite it: no return of fear. Nothing in the code
says "within 6 hours": the window comes out of the inference.

The model, for trial t with features x_t (cues, contexts) and outcome r_t (1 = shock):

* Prior over causes, a Chinese-restaurant process with a power-law temporal kernel:
  P(z_t = k) is proportional to the sum over earlier trials t' of cause k of
  D(t, t')^(-g) (D in model time units), a new cause to ``alpha``; at most ``max_causes``.
* Features: under cause k with N_k trials and feature sum S_k, each feature of x_t is
  Gaussian with mean S_k / (N_k + sx) and variance sx / (N_k + sx) + sx, sx = ``sigma_x2``
  (as ``imm_localmap.m`` writes it).
* Outcome: r_t ~ N(x_t . w_k, sigma_r2) under cause k.
* Response, before the outcome: V = sum_k q_k x_t . w_k with q_k the posterior without the
  outcome, and CR = 1 - Phi(theta; V, lambda), a cumulative normal of width lambda.
* After the trial, n iterations: the posterior q_k with the outcome, then
  w_k += eta * x_t * (r_t - x_t . w_k) * q_k. n is the gap to the next trial in model units,
  rounded, at least 1 and at most ``max_iter`` (1 after the last trial): in the paper's
  words, each iteration takes one time step.
* A protein-synthesis inhibitor acts inside each of those iterations, after the weight
  update: w_k <- w_k * (1 - q_k), all of cause k's weights, where ``imm_localmap.m`` puts it.
* The trial then joins its most probable cause (local MAP).

Time. The paper's time is in abstract units, built as ``imm_run.m`` does: trials of a
session one unit apart, plus an interval between sessions (20 units for the day between
training and reminder, 3 or 100 units for the 10 minutes or 6 hours between reminder and
extinction, 200 for the month before the test). 3 units for 10 minutes, 100 for 6 hours
and 20 for 24 hours are not one time scale. Here the same construction is fed by one
increasing map of hours: each trial slot of the protocol (``trial_interval_minutes``) is
one unit, and a wait of w hours between the end of a slot and the next trial adds
``time_scale * w ** time_exponent`` units (default 5.95 * w**0.38: 24 h -> 19.9 units and
10 min -> 3.0, the paper's 20 and 3; 6 h -> 11.8, where the paper used 100; 30 days ->
72.5, where it used 200). Replace the map with ``time_units=callable``.
Consequence, measured in ``tests/test_memory_latent_cause.py`` and a point the lesson
teaches: in one time scale the reminder-extinction window closes after about 3.9 days
(92 h), not at the 6 hours of Monfils et al. 2009 and Schiller et al. 2010. That is a
property of the model, not a bug: no increasing map tried (power laws with scale 0.5-200
and exponent 0.05-1.5, and 270 monotone choices of units for 10 min, 6 h, 24 h and 30 days)
gives return of fear without a reminder, none after a 10-min reminder and return after a
6-h one all at once.

Long after the last event (measured in ``tests/test_memory_latent_cause.py``): responses
stay finite and in [0, 1]; after the Monfils design the return of fear is complete within
a week and stays there for a year (0.99), dipping slightly by ten years (0.92) as the
power-law kernel keeps spreading the prior; after Quirk's design (7 pairings, extinction an
hour later) spontaneous recovery is small and still growing after ten years (0.04 after a
day, 0.12 after a year, 0.24 after ten), where Quirk (2002) found it complete in ten days.

Boundary conditions of reconsolidation blockade (``rewire.memory.scoring``): with the
default map an older memory resists the blocker (fear after the blocker as a fraction of
vehicle: 0.83 at 2 days, 1.0 at 7 to 28 days, so partly as Milekic & Alberini 2002 found,
but already at 7 days). Strength is not monotone: the paper's own contrast (1 against 2
pairings, ``imm_run.m`` designs 6 and 10) comes out as published (0.64 against 0.89 a day
later), but from 3 pairings on the blocker works the better the stronger the training
(3: 0.44, 10: 0.06), the opposite of Wang, de Oliveira Alvares & Nader 2009 (10 pairings
resisted). A reminder of three or more cue
presentations is not disrupted by the blocker (as Suzuki et al. 2004 found), but neither
does it extinguish the fear, as their 30-minute re-exposure did.

Stimuli as features (``imm_run.m``): one feature per cue, 1 when shown; an unsignalled
shock (``stress``) has no cue feature. A context adds one feature per context, of
intensity ``context_salience``. The paper's Monfils, Nader and Schiller simulations have
no context feature, so the default is 0 (contexts ignored); its renewal designs give the
context a feature, and so does any salience > 0 here (then ABA renewal appears, but
return of fear after extinction in the same context no longer does).

Sensitive, as the paper says: the Monfils pattern (return of fear without a reminder)
needs the paper's 3 acquisition trials; with 4 or more, extinction stays with the
acquisition cause even without a reminder (the original code does the same). The paper's
Schiller 2010 simulation uses its own theta = 0.0016 and lambda = 0.00008 (``imm_run.m``,
design 14); with the defaults neither cue's fear returns.

Reconstructed here (not in the original code):

* **Tests are probes.** ``imm_localmap.m`` treats a test like any trial: the model learns
  from it (the extinction of the test itself), so in the original, sequential tests
  interfere. Here a ``test`` follows the rule of every model of this package (see
  ``rewire.memory.protocol``): the response is read out before any update, as the
  original does, and then nothing is learned: no weight update, no assignment to a cause,
  no share of the temporal kernel. The reason is the comparison with data: each published
  number the course scores the models against (``rewire.memory.scoring``) comes from a
  group tested once, and a test that taught the model would make the second of two tests
  a different experiment. A protocol whose last trial is its only test gives exactly the
  original's number (the original's learning from it comes after its response); the
  Schiller design, with two tests in a row, is where the two differ. To reproduce the
  original's learning from a test session, write that session as ``extinguish`` trials.

* The map from hours to units above (the paper has none).
* An inhibitor given some time after a trial. The original injects it "on" a trial, in all
  of that trial's iterations. Here a ``Blockade`` acts on the trial just before it, in the
  iterations still to come: given d hours after the end of the trial's slot it acts in
  iteration i if i > units(d) (so in all of them when given right after the trial, as in
  the original, and in none 6 hours later). The first iteration decides most of the
  effect, and with the default map it is over 33 seconds after the slot, so in this model
  an inhibitor a minute later already does almost nothing: another timescale to discuss.
* An inhibitor with no reminder: the original models it as a trial without the cue (which
  still loses some fear); here, with no trial since acquisition a day earlier, it acts on
  nothing.
* The posterior is normalised in log space (the same numbers, without 0/0 when densities
  underflow under extreme parameters), and at least one iteration follows every trial (the
  paper's text; the code's ``round`` would give 0 for gaps under half a unit, which its
  designs never have).
"""
from __future__ import annotations

import math

import numpy as np

from .._checks import check_int, check_range
from .base import MemoryModel
from .protocol import Blockade

__all__ = ["LatentCause", "power_law_time_units"]

_LOG_2PI = math.log(2.0 * math.pi)
_SQRT2 = math.sqrt(2.0)


def power_law_time_units(hours, time_scale=5.95, time_exponent=0.38):
    """The default map of a wait between trials from hours to the model's time units.

    ``time_scale * hours ** time_exponent``: 24 h -> 19.9 units (the paper's 20 for a day),
    10 min -> 3.0 units (the paper's 3), 6 h -> 11.8 (the paper used 100), 30 days -> 72.5
    (the paper used 200). Works on numbers and numpy arrays.
    """
    return time_scale * np.power(hours, time_exponent)


class LatentCause(MemoryModel):
    """Gershman, Monfils, Norman & Niv (2017) latent-cause model of memory modification.

    Arguments (defaults: ``imm_run.m``, the paper's simulations, Gershman et al. 2017 eLife):
        alpha: concentration of the Chinese-restaurant prior, the pull towards a new cause
            (0.1).
        g: exponent of the power-law temporal kernel D^(-g) (1).
        eta: learning rate of the associative weights (0.3).
        sigma_r2: variance of the outcome around x . w_k (0.4).
        sigma_x2: variance of the features (1).
        theta: response threshold on the expected outcome (0.02).
        lambda_: width of the response function around theta (0.01); ``lambda`` in the
            paper.
        max_iter: most update iterations between two trials (3).
        max_causes: most latent causes (15).
        context_salience: intensity of the context feature, 0 to leave contexts out as the
            paper's Monfils, Nader and Schiller simulations do (0, see the module text).
        time_scale, time_exponent: the map of a wait between trials from hours to model
            units, time_scale * hours ** time_exponent, added to the one unit of each trial
            slot (5.95 and 0.38: puts 24 h at the paper's 20 units and 10 min at its 3).
        time_units: a callable replacing that map: it receives a numpy array of waits in
            hours (> 0) and returns model units (finite, 0 to 1e12), an array of the same
            shape. Default None (time_scale and time_exponent).

    ``run(protocol)`` returns a Result whose trial records add:
        model_time: the trial's time in model units.
        cause: the latent cause the trial was assigned to (0 = the first cause); for a
            test, which joins no cause, the most probable one.
        n_causes: how many causes are in use after the trial.
        posterior: the posterior after the trial's last iteration (with the outcome; for a
            test, before any outcome) over
            the causes it could be assigned to: those in use before it, then a new one
            (unless ``max_causes`` are in use); a tuple summing to 1.
        expected_outcome: sum_k q_k x . w_k before the outcome, the V inside the response.
        cue_weights: the weight of the trial's cue in each cause after the trial (empty
            for an unsignalled shock).
    """

    def __init__(self, *, alpha=0.1, g=1.0, eta=0.3, sigma_r2=0.4, sigma_x2=1.0, theta=0.02,
                 lambda_=0.01, max_iter=3, max_causes=15, context_salience=0.0,
                 time_scale=5.95, time_exponent=0.38, time_units=None):
        self.alpha = check_range("alpha", alpha, 0.0, 100.0, low_open=True)
        self.g = check_range("g", g, 0.0, 10.0)
        self.eta = check_range("eta", eta, 0.0, 1.0)
        self.sigma_r2 = check_range("sigma_r2", sigma_r2, 1e-3, 100.0)
        self.sigma_x2 = check_range("sigma_x2", sigma_x2, 1e-3, 100.0)
        self.theta = check_range("theta", theta, -10.0, 10.0)
        self.lambda_ = check_range("lambda_", lambda_, 1e-6, 10.0)
        self.max_iter = check_int("max_iter", max_iter, 1, 100)
        self.max_causes = check_int("max_causes", max_causes, 1, 100)
        self.context_salience = check_range("context_salience", context_salience, 0.0, 1.0)
        self.time_scale = check_range("time_scale", time_scale, 0.0, 1e4, low_open=True)
        self.time_exponent = check_range("time_exponent", time_exponent, 0.0, 2.0, low_open=True)
        if time_units is not None and not callable(time_units):
            raise ValueError(
                f"time_units must be None or a callable from hours to model units, got {time_units!r}")
        self.time_units = time_units

    def __repr__(self):
        names = ("alpha", "g", "eta", "sigma_r2", "sigma_x2", "theta", "lambda_", "max_iter",
                 "max_causes", "context_salience", "time_scale", "time_exponent", "time_units")
        return f"LatentCause({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    # -- time ---------------------------------------------------------------------------

    def wait_units(self, hours):
        """Model time units for a wait of ``hours`` between trials (a number or an array,
        >= 0; 0 -> 0): ``LatentCause().wait_units(24)`` is 19.9."""
        units = self._wait_units(np.atleast_1d(np.asarray(hours, dtype=float))).reshape(np.shape(hours))
        return float(units) if units.ndim == 0 else units

    def _wait_units(self, hours):
        # Waits are differences of trial times: clear rounding error below a millisecond.
        hours = np.where(hours > 1e-9, hours, 0.0)
        units = np.zeros_like(hours)
        positive = hours > 0
        if not positive.any():
            return units
        if self.time_units is None:
            units[positive] = power_law_time_units(hours[positive], self.time_scale, self.time_exponent)
            return units
        mapped = np.asarray(self.time_units(hours[positive]), dtype=float)
        if mapped.shape != (positive.sum(),) or not np.all((mapped >= 0) & (mapped <= 1e12)):
            raise ValueError("time_units must map an array of waits in hours (> 0) to an array of the "
                             "same shape of model time units in [0, 1e12]")
        units[positive] = mapped
        return units

    # -- the simulation -----------------------------------------------------------------

    def _encode(self, trials):
        """Feature matrix (trials x features) and outcomes: one feature per cue, then one per
        context (if context_salience > 0)."""
        cues = list(dict.fromkeys(t.cue for t in trials if t.cue is not None))
        contexts = list(dict.fromkeys(t.context for t in trials)) if self.context_salience > 0 else []
        column = {("cue", c): i for i, c in enumerate(cues)}
        column.update({("context", c): len(cues) + i for i, c in enumerate(contexts)})
        x = np.zeros((len(trials), len(cues) + len(contexts)))
        for n, trial in enumerate(trials):
            if trial.cue is not None:
                x[n, column[("cue", trial.cue)]] = 1.0
            if contexts:
                x[n, column[("context", trial.context)]] = self.context_salience
        cue_column = [column.get(("cue", t.cue)) for t in trials]
        r = np.array([1.0 if t.outcome else 0.0 for t in trials])
        return x, r, cue_column

    def _simulate(self, protocol):
        trials, blockades = [], []
        for event in protocol.events():
            if isinstance(event, Blockade):
                if trials:  # acts on the trial just before it; with none, nothing to act on
                    blockades.append((len(trials) - 1, event.time_hours))
            else:
                trials.append(event)
        if not trials:
            return []
        x, r, cue_column = self._encode(trials)
        hours = np.array([t.time_hours for t in trials])
        slot_hours = protocol.trial_interval_minutes / 60.0

        # Model time as imm_run.m builds it: one unit per trial slot, plus the map of the
        # wait between the end of a slot and the next trial; and the iterations after each
        # trial (gap rounded, at least 1, at most max_iter; 1 after the last trial).
        gap_units = 1.0 + self._wait_units(np.diff(hours) - slot_hours)
        model_time = np.concatenate(([0.0], np.cumsum(gap_units)))
        n_iter = np.ones(len(trials), dtype=np.intp)
        n_iter[:-1] = np.clip(np.floor(gap_units + 0.5), 1, self.max_iter)

        # Inhibitor given d hours after the end of trial t's slot: it acts on the
        # iterations i (1, 2, ...) with i > units(d); right after the trial (d = 0), on all.
        first_blocked = np.full(len(trials), self.max_iter + 1, dtype=np.intp)
        for t, time_hours in blockades:
            delay_units = float(self._wait_units(np.array([time_hours - hours[t] - slot_hours]))[0])
            first_blocked[t] = min(first_blocked[t], math.floor(delay_units) + 1)

        return self._infer(trials, x, r, cue_column, model_time, n_iter, first_blocked)

    def _infer(self, trials, x, r, cue_column, model_time, n_iter, first_blocked):
        """imm_localmap.m, trial by trial.

        The kernel sums are numpy (one row update per trial); the rest is plain Python over
        the few causes in use, which is faster than numpy on arrays this small. The
        posterior is normalised in log space (imm_localmap.m divides densities, which can
        underflow to 0/0 with extreme parameters)."""
        K, n_trials, n_features = self.max_causes, len(trials), x.shape[1]
        alpha, neg_g = self.alpha, -self.g
        sx, eta, theta = self.sigma_x2, self.eta, self.theta
        half_over_sr = 0.5 / self.sigma_r2
        response_scale = self.lambda_ * _SQRT2
        log, erfc = math.log, math.erfc
        features, outcomes = x.tolist(), r.tolist()
        # kernel_mass[k, t]: sum over earlier trials t' of cause k of D(t, t')^-g.
        kernel_mass = np.zeros((K, n_trials))
        # Per cause: trial count, feature sums, the feature mean and 1/variance and log
        # normaliser of the predictive density (imm_localmap.m: xsum / (N + sx) and
        # sx / (N + sx) + sx), and the associative weights.
        counts = [0.0] * K
        sums = [[0.0] * n_features for _ in range(K)]
        means = [[0.0] * n_features for _ in range(K)]
        nu0 = 1.0 + sx
        inv_nu = [1.0 / nu0] * K
        log_norm = [n_features * (_LOG_2PI + log(nu0))] * K
        weights = [[0.0] * n_features for _ in range(K)]
        n_used = 0
        records = []
        record = MemoryModel.record
        for t, trial in enumerate(trials):
            xt, rt = features[t], outcomes[t]
            nonzero = [(d, value) for d, value in enumerate(xt) if value != 0.0]
            active = min(n_used + 1, K)
            prior = kernel_mass[:active, t].tolist()
            if n_used < K:
                prior[n_used] = alpha  # the next new cause
            # log of prior x feature likelihood, per cause (the part fixed over iterations).
            log_base = []
            for k in range(active):
                mean = means[k]
                sq = 0.0
                for d in range(n_features):
                    diff = xt[d] - mean[d]
                    sq += diff * diff
                log_base.append((log(prior[k]) if prior[k] > 0.0 else -math.inf)
                                - 0.5 * (sq * inv_nu[k] + log_norm[k]))
            # Response before the outcome: V = sum_k q_k x . w_k, CR = 1 - Phi(theta; V, lambda).
            v = [sum(value * weights[k][d] for d, value in nonzero) for k in range(active)]
            q = _normalised_exp(log_base)
            expected = sum(vk * qk for vk, qk in zip(v, q))
            response = 0.5 * erfc((theta - expected) / response_scale)
            if trial.phase == "test":  # a probe: read out, learn nothing (rewire.memory.protocol)
                column = cue_column[t]
                records.append(record(
                    trial, response, model_time=float(model_time[t]), cause=max(range(active), key=q.__getitem__),
                    n_causes=n_used, posterior=tuple(q), expected_outcome=expected,
                    cue_weights=() if column is None else tuple(weights[j][column] for j in range(n_used)),
                ))
                continue
            # Iterations: posterior with the outcome, weight update, inhibitor if given.
            blocked_from = first_blocked[t]
            for iteration in range(1, n_iter[t] + 1):
                errors = [rt - vk for vk in v]
                q = _normalised_exp([lb - half_over_sr * e * e for lb, e in zip(log_base, errors)])
                for k in range(active):
                    step = eta * errors[k] * q[k]
                    w = weights[k]
                    for d, value in nonzero:
                        w[d] += step * value
                if iteration >= blocked_from:
                    for k in range(active):
                        keep = 1.0 - q[k]
                        weights[k] = [wd * keep for wd in weights[k]]
                v = [sum(value * weights[k][d] for d, value in nonzero) for k in range(active)]
            # Local MAP: the trial joins its most probable cause.
            k = max(range(active), key=q.__getitem__)
            counts[k] += 1.0
            sums_k = sums[k]
            for d, value in nonzero:
                sums_k[d] += value
            denominator = counts[k] + sx
            means[k] = [total / denominator for total in sums_k]
            nu = sx / denominator + sx
            inv_nu[k] = 1.0 / nu
            log_norm[k] = n_features * (_LOG_2PI + log(nu))
            if t + 1 < n_trials:
                kernel_mass[k, t + 1:] += np.power(model_time[t + 1:] - model_time[t], neg_g)
            if k == n_used:
                n_used += 1
            column = cue_column[t]
            records.append(record(
                trial, response, model_time=float(model_time[t]), cause=k, n_causes=n_used,
                posterior=tuple(q), expected_outcome=expected,
                cue_weights=() if column is None else tuple(weights[j][column] for j in range(n_used)),
            ))
        return records


def _normalised_exp(logs):
    """exp(logs) / sum(exp(logs)), computed without overflow or 0/0."""
    top = max(logs)
    if top == -math.inf:  # no cause has any probability left: treat them alike
        return [1.0 / len(logs)] * len(logs)
    values = [math.exp(value - top) for value in logs]
    total = sum(values)
    return [value / total for value in values]
