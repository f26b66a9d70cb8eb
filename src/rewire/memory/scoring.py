"""Theories scored against published findings: which model reproduces which effect's direction.

Each ``Finding`` is one published effect: the groups of its design (protocols from
``rewire.memory.designs``), the paper and figure it comes from, what the paper reports for
each group, and the ordering of the groups that the paper reports (``ranks``: a higher
rank is more fear; equal ranks are not compared). ``score()`` runs the four theories, each
at its published or documented defaults, on every group and checks every pair of groups
with different ranks: a model reproduces the pair when its responses differ in the
published direction by at least ``margin`` (0.02 of the 0-1 scale).

**What the data are, honestly.** The published values here are what the papers state in
their text and abstracts (for example Quirk 2002: freezing "recovered ... to 100 % by day
10" of the unextinguished controls). Digitising the figures needs the papers' figures,
which this course's build could not open (no access beyond the package registries); the
orderings are the directions the authors report, and ``reported`` is None where no number
is stated in the text. A value read off a figure would carry an uncertainty of about 5
percentage points of freezing; an ordering carries none of that, but also says nothing
about size, so the scores below are about directions only. The place to add digitised
values is ``reported`` (with the figure number in ``source``); the scores do not change.

Responses: the models give fear from 0 to 1; the papers report % freezing (rats) or
differential skin conductance (Schiller, humans). Reported numbers are given as fractions
of the papers' own reference level (``unit``), so 1.0 is the reference.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .._checks import check_range
from . import designs
from .context_gated import ContextGatedExtinction
from .labile_trace import LabileTrace
from .latent_cause import LatentCause
from .rescorla_wagner import RescorlaWagner

__all__ = ["Finding", "Score", "FINDINGS", "THEORIES", "find", "respond", "score", "scores_for", "verdicts", "as_markdown"]

THEORIES = ("RescorlaWagner", "ContextGatedExtinction", "LabileTrace", "LatentCause")
_MODELS = {"RescorlaWagner": RescorlaWagner, "ContextGatedExtinction": ContextGatedExtinction,
           "LabileTrace": LabileTrace, "LatentCause": LatentCause}


@dataclass(frozen=True)
class Finding:
    """One published effect.

    Fields:
        effect: its name (a row of the table).
        source: the paper and the figure or passage the direction and values come from.
        groups: the group names, in the order of the figure.
        protocols: one Protocol per group.
        test_labels: the label of the test read in each group's protocol.
        ranks: the published ordering of the groups (higher: more fear; equal: not compared).
        reported: per group, the value the paper states, as a fraction of ``unit``, or None.
        unit: what the reported values are fractions of.
        note: what the design here simplifies, and anything a reader should know.
        references: None, or per group a Protocol whose response the group's is divided
            by (the vehicle group of a drug design: the papers compare drug with vehicle).
    """

    effect: str
    source: str
    groups: tuple
    protocols: tuple
    test_labels: tuple
    ranks: tuple
    reported: tuple
    unit: str
    note: str = ""
    references: tuple | None = None

    def pairs(self):
        """The (higher, lower) pairs of group indices that the published ordering compares."""
        return [(i, j) if self.ranks[i] > self.ranks[j] else (j, i)
                for i, j in combinations(range(len(self.groups)), 2) if self.ranks[i] != self.ranks[j]]


@dataclass(frozen=True)
class Score:
    """One model on one finding: its response in each group, and how many of the published
    pairwise directions it reproduces."""

    effect: str
    model: str
    responses: tuple
    reproduced: int
    compared: int

    @property
    def verdict(self):
        """"yes" (every published direction), "partly" (some) or "no" (none)."""
        if self.reproduced == self.compared:
            return "yes"
        return "partly" if self.reproduced else "no"


def _finding(effect, source, groups, ranks, unit, note="", reported=None, references=None):
    """A Finding from ``groups``: (name, protocol, test label) triples."""
    names, protocols, labels = zip(*groups)
    return Finding(effect, source, names, protocols, labels, tuple(ranks),
                   tuple(reported) if reported is not None else (None,) * len(names), unit, note,
                   None if references is None else tuple(references))


def respond(model, finding):
    """The model's response in each group of ``finding`` (divided by its response in the
    group's reference, if the finding has references)."""
    responses = [model.run(protocol).tests[label] for protocol, label in zip(finding.protocols, finding.test_labels)]
    if finding.references is not None:
        responses = [value / max(model.run(reference).tests[designs.TEST], 1e-9)
                     for value, reference in zip(responses, finding.references)]
    return tuple(responses)


def _findings():
    recovery_days = (0, 1, 2, 4, 6, 10, 14)
    sr = dict(acquisition_trials=7, extinction_trials=20, acquisition_to_extinction_hours=1.0)
    test = designs.TEST
    return (
        _finding(
            "spontaneous recovery grows with delay, then saturates",
            "Quirk 2002, Learn Mem 9:402-407, Fig. 1 and abstract: tests 0-14 days after extinction; freezing "
            "'gradually recovered' to 100 % of the unextinguished controls by day 10",
            [(f"{d} d", designs.spontaneous_recovery(max(d * designs.DAY, 1.0), **sr), test) for d in recovery_days],
            ranks=(0, 1, 2, 3, 4, 5, 5), unit="freezing of the unextinguished controls",
            reported=(None, None, None, None, None, 1.0, 1.0),
            note="day 0 is a test an hour after extinction; 7 pairings, 20 extinction trials an hour later, as "
                 "in the paper. Rescorla 2004 reviews the same growth with delay."),
        _finding(
            "renewal: ABA > ABC and AAB > AAA",
            "Bouton 2004, Learn Mem 11:485-494 (review of the renewal designs); Bouton & King 1983 (ABA); "
            "Laborda, Witnauer & Miller 2011, Learn Behav 39:46-56 (ABC and AAB weaker than ABA)",
            [(design, designs.renewal(design), test) for design in designs.RENEWAL_DESIGNS],
            ranks=(2, 1, 1, 0), unit="freezing", note="ABC against AAB is not scored: reports differ."),
        _finding(
            "reinstatement needs shocks in the test context",
            "Bouton & Bolles 1979, J Exp Psychol Anim Behav Process 5:368-378: unsignalled shocks reinstate fear "
            "only when given in the context of the test, and not after that context is extinguished",
            [("no shock", designs.reinstatement(None), test),
             ("shock in A", designs.reinstatement("A"), test),
             ("shock in B", designs.reinstatement("B"), test),
             ("shock in A, A then extinguished", designs.reinstatement("A", context_exposures=20), test)],
            ranks=(0, 1, 0, 0), unit="freezing"),
        _finding(
            "reinstated fear fades over the test session",
            "Rescorla & Heth 1975, J Exp Psychol Anim Behav Process 1:88-96: reinstated fear declines over "
            "successive test trials",
            [(f"test {k}", designs.reinstatement_over_tests(trials_between_tests=1), f"test {k}") for k in range(1, 5)],
            ranks=(3, 2, 1, 0), unit="suppression", note="one cue-alone trial between the probes."),
        _finding(
            "reacquisition is faster than first acquisition",
            "Napier, Macrae & Kehoe 1992, J Exp Psychol Anim Behav Process 18:182-192 (rapid reacquisition); "
            "in fear conditioning after long extinction reacquisition can be slow (Bouton 1986)",
            [("after extinction", designs.reacquisition(1), test),
             ("first acquisition", designs.reacquisition(1, extinguished=False), test)],
            ranks=(1, 0), unit="conditioned responding",
            note="one pairing in each group; the direction is not universal (Bouton 1986)."),
        _finding(
            "a reminder 10 min to 1 h before extinction prevents spontaneous recovery; 6 h does not",
            "Monfils et al. 2009, Science 324:951-955, Fig. 1 and text: a month after extinction, less freezing "
            "when an isolated retrieval trial came 10 min or 1 h before extinction; 6 h gave the relapse of "
            "extinction alone",
            [("no reminder", designs.monfils(None), test),
             ("reminder 10 min before", designs.monfils(1 / 6), test),
             ("reminder 1 h before", designs.monfils(1.0), test),
             ("reminder 6 h before", designs.monfils(6.0), test)],
            ranks=(1, 0, 0, 1), unit="freezing"),
        _finding(
            "only the reminded cue is spared (humans)",
            "Schiller et al. 2010, Nature 463:49-53, Figs. 1-2: a day after extinction, fear returned to the cue "
            "that was not reminded and to a cue reminded 6 h before extinction, not to one reminded 10 min before",
            [("reminded 10 min before", designs.schiller(1 / 6), "reminded"),
             ("not reminded", designs.schiller(1 / 6), "not reminded"),
             ("reminded 6 h before", designs.schiller(6.0), "reminded")],
            ranks=(0, 1, 1), unit="differential skin conductance",
            note="the registered replication found no such effect (Chalkia et al. 2020)."),
        _finding(
            "a blocker erases a reactivated memory, not an inactive one, and not 6 h later",
            "Nader, Schafe & LeDoux 2000, Nature 406:722-726, Figs. 1-2: anisomycin in the amygdala right after "
            "a reminder lowered freezing a day later; without the reminder, or 6 h after it, it did not; the "
            "reminder with vehicle left freezing as without a reminder",
            [("no reminder, vehicle", designs.nader(False), test),
             ("reminder, vehicle", designs.nader(True), test),
             ("reminder, blocker at once", designs.nader(True, 0.0), test),
             ("no reminder, blocker", designs.nader(False, 0.0), test),
             ("reminder, blocker 6 h later", designs.nader(True, 6.0), test)],
            ranks=(1, 1, 0, 1, 1), unit="freezing"),
        _finding(
            "older memories resist the blocker (a boundary condition)",
            "Milekic & Alberini 2002, Neuron 36:521-525: anisomycin after reactivation disrupted 2- and "
            "7-day-old memories, not 14- or 28-day-old ones (inhibitory avoidance)",
            [(f"{d}-day-old memory", designs.nader(True, 0.0, memory_age_days=d), test) for d in (2, 7, 14, 28)],
            ranks=(0, 0, 1, 1), unit="retention after the blocker, as a fraction of vehicle",
            references=[designs.nader(True, memory_age_days=d) for d in (2, 7, 14, 28)],
            note="LabileTrace has this boundary only when destabilisation_age_days is set; the scores use defaults."),
        _finding(
            "stronger memories resist the blocker (a boundary condition)",
            "Wang, de Oliveira Alvares & Nader 2009, Nat Neurosci 12:905-912: after 10 pairings anisomycin "
            "after a reminder 2 days later left fear intact; after 1 or 3 pairings it did not",
            [(f"{n} pairing{'s' if n > 1 else ''}", designs.nader(True, 0.0, acquisition_trials=n, memory_age_days=2), test)
             for n in (1, 3, 10)],
            ranks=(0, 0, 1), unit="freezing after the blocker, as a fraction of vehicle",
            references=[designs.nader(True, acquisition_trials=n, memory_age_days=2) for n in (1, 3, 10)],
            note="LabileTrace has this boundary only when destabilisation_strength_trials is set."),
    )


FINDINGS = _findings()


def score(findings=FINDINGS, models=None, margin=0.02):
    """Run every model on every group of every finding. ``models``: name -> model (default:
    the four theories at their defaults). Returns a tuple of Score, finding by finding."""
    margin = check_range("margin", margin, 0.0, 1.0)
    models = {name: Model() for name, Model in _MODELS.items()} if models is None else models
    scores = []
    for finding in findings:
        for name, model in models.items():
            responses = respond(model, finding)
            pairs = finding.pairs()
            reproduced = sum(responses[high] - responses[low] >= margin for high, low in pairs)
            scores.append(Score(finding.effect, name, responses, reproduced, len(pairs)))
    return tuple(scores)


def find(effect_start):
    """The finding whose effect starts with ``effect_start`` (for example ``"renewal"``)."""
    matches = [finding for finding in FINDINGS if finding.effect.startswith(effect_start)]
    if len(matches) != 1:
        raise ValueError(f"effect_start must start exactly one effect of FINDINGS, got {effect_start!r} "
                         f"({len(matches)} match)")
    return matches[0]


def scores_for(finding, scores):
    """The entries of ``scores`` for ``finding``, one per model."""
    return tuple(entry for entry in scores if entry.effect == finding.effect)


def verdicts(scores):
    """The table: effect -> model -> "yes" / "partly" / "no"."""
    table = {}
    for entry in scores:
        table.setdefault(entry.effect, {})[entry.model] = entry.verdict
    return table


def as_markdown(scores):
    """The table as markdown, with the share of published directions each model reproduces."""
    models = list(dict.fromkeys(entry.model for entry in scores))
    lines = ["| effect | " + " | ".join(models) + " |", "|---" * (len(models) + 1) + "|"]
    by_effect = {}
    for entry in scores:
        by_effect.setdefault(entry.effect, {})[entry.model] = entry
    for effect, row in by_effect.items():
        cells = [f"{row[m].verdict} ({row[m].reproduced}/{row[m].compared})" for m in models]
        lines.append(f"| {effect} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
