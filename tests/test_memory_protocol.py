"""The Protocol: an experiment written once, immutable, readable as text and back."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewire.memory import Blockade, MemoryModel, Protocol, ProtocolError, Trial

MONFILS = (
    Protocol()
    .acquire(trials=3, context="A")
    .wait(hours=24)
    .retrieve(context="A")
    .wait(hours=1)
    .extinguish(trials=18, context="A")
    .wait(hours=24 * 30)
    .test(context="A", label="a month later")
)


def test_each_step_returns_a_new_protocol_and_leaves_the_old_one_alone():
    shorter = Protocol().acquire(trials=3)
    longer = shorter.wait(hours=1)
    assert len(shorter.steps) == 1 and len(longer.steps) == 2


def test_trials_are_spaced_by_the_trial_interval_and_waits_add_hours():
    events = list(Protocol(trial_interval_minutes=6).acquire(trials=2).wait(hours=24).retrieve().events())
    assert [e.time_hours for e in events] == pytest.approx([0.0, 0.1, 24.2])
    assert [e.phase for e in events] == ["acquire", "acquire", "retrieve"]
    assert events[0].outcome and not events[2].outcome


def test_a_reminder_can_bring_the_outcome_and_stress_has_no_cue():
    events = list(Protocol().retrieve(outcome=True).stress(context="B").events())
    assert events[0].outcome is True
    assert events[1] == Trial(events[1].time_hours, "stress", "B", None, True)


def test_a_blocker_is_given_at_the_time_of_the_step_it_follows():
    events = list(Protocol().retrieve().block_protein_synthesis().events())
    assert events[1] == Blockade(events[0].time_hours + 2 / 60)


def test_the_text_form_reads_back_into_the_same_protocol():
    written = str(MONFILS.stress(context="B").block_protein_synthesis().retrieve(cue="CS2", outcome=True))
    assert "label='a month later'" in written
    assert Protocol.parse(written) == MONFILS.stress(context="B").block_protein_synthesis().retrieve(cue="CS2", outcome=True)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("acquire trials=0 context=A", r"line 2 .*trials must be an integer in \[1, 10000\], got 0"),
        ("wait hours=-3", r"line 2 .*hours must be in \(0, .*\], got -3"),
        ("test context=3 label=x", r"line 2 .*context must be a name"),
        ("extinguish trials=2.5", r"line 2 .*trials must be a whole number"),
        ("retrieve outcome=maybe", r"line 2 .*outcome must be yes or no"),
        ("forget everything", r"line 2 .*unknown step 'forget'"),
        ("acquire colour=red", r"line 2 .*acquire takes context, cue, trials"),
        ("test label='unclosed", r"line 2 .*cannot read it"),
    ],
)
def test_bad_text_is_refused_with_the_line_and_the_problem(line, problem):
    with pytest.raises(ProtocolError, match=problem):
        Protocol.parse("wait hours=1\n" + line)


@pytest.mark.parametrize(
    "build, problem",
    [
        (lambda p: p.wait(hours=-1), "hours must be in"),
        (lambda p: p.acquire(trials=0), "trials must be an integer"),
        (lambda p: p.extinguish(trials=True), "trials must be an integer"),
        (lambda p: p.acquire(context=2), "context must be a name"),
        (lambda p: p.test(label=""), "label must be a non-empty text"),
        (lambda p: p.test(label="x").test(label="x"), "used twice"),
        (lambda p: p.retrieve(outcome="yes"), "outcome must be True or False"),
    ],
)
def test_bad_values_are_refused_naming_the_problem(build, problem):
    with pytest.raises(ProtocolError, match=problem):
        build(Protocol())


def test_a_protocol_error_is_a_value_error():
    assert issubclass(ProtocolError, ValueError)


class LastOutcome(MemoryModel):
    """A model that expects whatever happened on the previous trial (for testing run)."""

    def _simulate(self, protocol):
        previous = 0.0
        for event in protocol.events():
            if isinstance(event, Trial):
                yield self.record(event, previous, expected=previous)
                previous = float(event.outcome)


def test_run_reports_each_test_by_its_label_and_keeps_every_trial():
    result = LastOutcome().run(MONFILS.stress(context="A").test(context="A", label="after stress"))
    assert dict(result.tests) == {"a month later": 0.0, "after stress": 1.0}
    assert len(result.trials) == 3 + 1 + 18 + 1 + 1 + 1
    assert result.trials[-1]["phase"] == "test" and result.model == "LastOutcome"


def test_run_refuses_anything_but_a_protocol():
    with pytest.raises(TypeError, match="Protocol"):
        LastOutcome().run("acquire trials=3")


steps = st.one_of(
    st.builds(lambda n, c: ("acquire", n, c), st.integers(1, 5), st.sampled_from("ABC")),
    st.builds(lambda n, c: ("extinguish", n, c), st.integers(1, 5), st.sampled_from("ABC")),
    st.builds(lambda h: ("wait", h), st.floats(0.01, 1000)),
    st.builds(lambda c, o, n: ("retrieve", c, o, n), st.sampled_from("ABC"), st.booleans(), st.integers(1, 4)),
    st.builds(lambda n, c: ("expose", n, c), st.integers(1, 5), st.sampled_from("ABC")),
    st.builds(lambda c: ("stress", c), st.sampled_from("ABC")),
    st.just(("block",)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(steps, max_size=12))
def test_any_protocol_survives_a_round_trip_through_text(step_list):
    protocol = Protocol()
    for kind, *args in step_list:
        if kind == "acquire":
            protocol = protocol.acquire(trials=args[0], context=args[1])
        elif kind == "extinguish":
            protocol = protocol.extinguish(trials=args[0], context=args[1])
        elif kind == "wait":
            protocol = protocol.wait(hours=args[0])
        elif kind == "retrieve":
            protocol = protocol.retrieve(context=args[0], outcome=args[1], trials=args[2])
        elif kind == "expose":
            protocol = protocol.expose(trials=args[0], context=args[1])
        elif kind == "stress":
            protocol = protocol.stress(context=args[0])
        else:
            protocol = protocol.block_protein_synthesis()
    parsed = Protocol.parse(str(protocol))
    assert parsed == protocol and list(parsed.events()) == list(protocol.events())


def monfils(reminder):
    """Issue 4's example (rewire.memory.designs): three pairings, a day later (optionally)
    a reminder, an hour later eighteen cue-alone trials, and a test a month later."""
    from rewire.memory import designs
    return designs.monfils(1.0 if reminder else None)


def test_one_word_swaps_the_theory_and_each_gives_its_own_pattern():
    from rewire.memory import ContextGatedExtinction, LabileTrace, LatentCause, RescorlaWagner

    fear = {
        model.__name__: (model().run(monfils(reminder=False)).tests["test"], model().run(monfils(reminder=True)).tests["test"])
        for model in (RescorlaWagner, ContextGatedExtinction, LabileTrace, LatentCause)
    }
    unlearned_either_way = fear["RescorlaWagner"]
    assert max(unlearned_either_way) < 0.05  # extinction is unlearning: nothing returns
    returns_either_way = fear["ContextGatedExtinction"]
    assert min(returns_either_way) > 0.2  # new learning fades: fear returns, reminder or not
    for updating in ("LabileTrace", "LatentCause"):
        without, with_reminder = fear[updating]
        assert without > 0.2 and with_reminder < 0.1  # the reminder lets extinction rewrite the memory


def test_a_context_exposure_is_the_context_alone_and_a_long_reminder_has_its_trials():
    protocol = Protocol.parse("expose trials=3 context=B\nretrieve context=A cue=CS outcome=no trials=4")
    trials = list(protocol.events())
    assert [(t.phase, t.context, t.cue, t.outcome) for t in trials[:3]] == [("expose", "B", None, False)] * 3
    assert [t.phase for t in trials[3:]] == ["retrieve"] * 4
    assert str(Protocol().retrieve()) == "retrieve context=A cue=CS outcome=no"  # one trial: the old text


def test_the_protocol_states_the_one_rule_for_tests():
    import rewire.memory.protocol as module
    assert "a test is a probe" in module.__doc__.lower()
