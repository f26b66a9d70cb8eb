"""Specifications of rewire.therapy: the source article's table as data, with its hedges and
the evidence, and a teaching protocol per therapy whose relapse probes show what each
theory predicts (not what a therapy does to a person)."""
import re

import pytest

from rewire import therapy
from rewire.memory.context_gated import ContextGatedExtinction
from rewire.memory.labile_trace import LabileTrace
from rewire.memory.protocol import Protocol, Trial

COURSES = {
    "CBT": lambda **o: therapy.cbt_course(**o),
    "Exposure therapy": lambda **o: therapy.exposure_course(**o),
    "EMDR new learning": lambda **o: therapy.emdr_course("new learning", **o),
    "EMDR reconsolidation": lambda **o: therapy.emdr_course("reconsolidation", **o),
    "IFS new learning": lambda **o: therapy.ifs_course("new learning", **o),
    "IFS reconsolidation": lambda **o: therapy.ifs_course("reconsolidation", **o),
    "Coherence therapy": lambda **o: therapy.coherence_therapy_course(**o),
}


def relapse(protocol, model=None):
    return (model or LabileTrace()).run(protocol).tests


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


def test_the_table_has_the_five_therapies_of_the_source_in_order():
    assert [row.name for row in therapy.TABLE] == ["CBT", "Exposure therapy", "EMDR", "IFS", "Coherence therapy"]


def test_the_table_is_immutable_data():
    assert isinstance(therapy.TABLE, tuple)
    with pytest.raises(AttributeError):
        therapy.TABLE[0].name = "something else"


@pytest.mark.parametrize("row", therapy.TABLE, ids=lambda row: row.name)
def test_every_row_has_a_mechanism_a_type_of_plasticity_and_cited_evidence(row):
    for field in (row.mechanism, row.plasticity, row.source_says, row.evidence):
        assert isinstance(field, str) and field.strip()
    assert re.search(r"[A-Z][a-z]+.{0,40}\b(19|20)\d\d\b", row.evidence), "the evidence note cites a source"
    assert set(row.readings) <= set(therapy.READINGS) and row.readings


def test_the_source_hedges_are_kept_word_for_word():
    hedges = {row.name: (row.hedge, row.source_says) for row in therapy.TABLE}
    assert hedges["CBT"][0] == "" and hedges["Exposure therapy"][0] == ""
    assert "possibly" in hedges["EMDR"][0] and "debated" in hedges["EMDR"][1]
    assert "possibly" in hedges["IFS"][0] and "when unburdening succeeds" in hedges["IFS"][1]
    assert hedges["Coherence therapy"][0] == "by design"


def test_the_debated_therapies_are_the_ones_with_two_readings():
    assert [row.name for row in therapy.TABLE if row.debated] == ["EMDR", "IFS"]
    assert therapy.find("Coherence therapy").readings == ("reconsolidation",)
    assert therapy.find("CBT").readings == therapy.find("exposure").readings == ("new learning",)


def test_the_evidence_notes_cite_what_the_course_must_say_about_the_evidence():
    evidence = " ".join(row.evidence for row in therapy.TABLE)
    for citation in ("Chalkia et al. 2020", "Kindt et al. (2009)", "Kredlow et al. 2016",
                     "Elsey, van Ast & Kindt 2018", "Ecker"):
        assert citation in evidence
    coherence = therapy.find("coherence").evidence
    assert "about 5 hours" in coherence and "between 1 and 6 h" in coherence


def test_find_accepts_common_names_and_refuses_unknown_ones():
    assert therapy.find("cbt").name == "CBT"
    assert therapy.find(" Exposure ").name == "Exposure therapy"
    assert therapy.find("Internal Family Systems").name == "IFS"
    with pytest.raises(ValueError, match="therapy must be one of"):
        therapy.find("psychoanalysis")


def test_the_markdown_table_has_a_row_per_therapy_with_its_hedge():
    text = therapy.as_markdown()
    lines = text.splitlines()
    assert len(lines) == 2 + len(therapy.TABLE)
    assert "Possibly reconsolidation (debated)" in text and "by design" in text


def test_the_module_says_it_simulates_theories_and_is_not_clinical_advice():
    doc = " ".join(therapy.__doc__.split())
    assert "education, not clinical advice" in doc
    assert "not what a therapy does to a person" in doc


# --------------------------------------------------------------------------------------
# The protocols
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COURSES)
def test_every_course_is_a_protocol_ending_with_the_relapse_probes(name):
    protocol = COURSES[name]()
    assert isinstance(protocol, Protocol)
    assert protocol.test_labels() == list(therapy.PROBES)
    assert Protocol.parse(str(protocol)).test_labels() == list(therapy.PROBES)  # readable text form


@pytest.mark.parametrize("name", COURSES)
def test_every_course_has_weekly_sessions_in_the_therapy_room_after_acquisition_elsewhere(name):
    events = [e for e in COURSES[name](sessions=4, trials_per_session=5).events() if isinstance(e, Trial)]
    acquisition = [e for e in events if e.phase == "acquire"]
    sessions = [e for e in events if e.phase in ("extinguish", "retrieve")]
    assert {e.context for e in acquisition} == {"A"}
    assert {e.context for e in sessions} == {"T"}
    starts = [e.time_hours for i, e in enumerate(sessions) if i == 0 or e.time_hours - sessions[i - 1].time_hours > 24]
    assert len(starts) == 4
    assert all(6.9 * 24 < b - a < 7.1 * 24 for a, b in zip(starts, starts[1:]))
    month_probe = next(e for e in events if e.label == "at follow-up")
    assert 29 * 24 < month_probe.time_hours - sessions[-1].time_hours < 31 * 24


@pytest.mark.parametrize("name", ["CBT", "Exposure therapy", "EMDR new learning", "IFS new learning"])
def test_new_learning_courses_have_no_reminder(name):
    assert all(e.phase != "retrieve" for e in COURSES[name]().events() if isinstance(e, Trial))


@pytest.mark.parametrize("name", ["EMDR reconsolidation", "Coherence therapy"])
def test_reconsolidation_courses_reactivate_then_mismatch_inside_the_window_every_session(name):
    events = [e for e in COURSES[name](sessions=5).events() if isinstance(e, Trial)]
    reminders = [i for i, e in enumerate(events) if e.phase == "retrieve"]
    assert len(reminders) == 5
    for i in reminders:
        assert events[i].outcome is False  # the expected outcome does not come: a mismatch
        follow = events[i + 1]
        assert follow.phase == "extinguish"
        assert follow.time_hours - events[i].time_hours < 1.0  # well inside the window


def test_the_ifs_reconsolidation_reading_reactivates_only_in_the_session_where_unburdening_succeeds():
    events = [e for e in therapy.ifs_course("reconsolidation", sessions=6).events() if isinstance(e, Trial)]
    reminders = [e for e in events if e.phase == "retrieve"]
    assert len(reminders) == 1
    last_session_start = max(e.time_hours for e in events if e.phase == "extinguish") - 1.0
    assert reminders[0].time_hours > last_session_start


@pytest.mark.parametrize("function", [therapy.emdr_course, therapy.ifs_course])
def test_a_debated_therapy_needs_its_reading_named(function):
    with pytest.raises(ValueError, match="debated"):
        function()
    with pytest.raises(ValueError, match="reading must be"):
        function("erasure")


def test_course_dispatches_by_name_and_reading():
    assert str(therapy.course("exposure")) == str(therapy.exposure_course())
    assert str(therapy.course("EMDR", "reconsolidation")) == str(therapy.emdr_course("reconsolidation"))
    assert str(therapy.course("coherence", minutes_before_mismatch=30)) == \
        str(therapy.coherence_therapy_course(minutes_before_mismatch=30))
    with pytest.raises(ValueError, match="debated"):
        therapy.course("IFS")
    with pytest.raises(ValueError, match="reading must be one of 'new learning'"):
        therapy.course("CBT", "reconsolidation")


@pytest.mark.parametrize("option, value", [
    ("sessions", 0), ("sessions", 2.5), ("trials_per_session", 0), ("days_between_sessions", 0),
    ("follow_up_days", 1), ("acquisition_trials", -1), ("weeks_before_therapy", float("nan")),
    ("minutes_before_mismatch", 0),
])
def test_course_options_are_validated_with_their_name(option, value):
    with pytest.raises(ValueError, match=rf"^{option} must be"):
        therapy.coherence_therapy_course(**{option: value})


# --------------------------------------------------------------------------------------
# What the theories predict for each course
# --------------------------------------------------------------------------------------


def test_new_learning_courses_relapse_with_time_a_new_context_and_stress():
    tests = relapse(therapy.exposure_course(), ContextGatedExtinction())
    assert tests["end of therapy"] < 0.15
    assert tests["at follow-up"] > tests["end of therapy"] + 0.2  # spontaneous recovery
    assert tests["in a new context"] > tests["at follow-up"] + 0.1  # renewal
    assert tests["after stress"] > tests["in a new context"] + 0.02  # reinstatement
    assert tests["after stress"] > 0.5 * tests["before therapy"]


def test_without_reminders_labile_trace_predicts_what_context_gated_extinction_predicts():
    for name in ("CBT", "Exposure therapy", "EMDR new learning", "IFS new learning"):
        protocol = COURSES[name]()
        assert relapse(protocol) == relapse(protocol, ContextGatedExtinction()), name


def test_coherence_therapy_course_predicts_little_relapse_under_labile_trace():
    coherence = relapse(therapy.coherence_therapy_course())
    exposure = relapse(therapy.exposure_course())
    assert coherence["before therapy"] == pytest.approx(exposure["before therapy"])  # same fear to start
    for probe in ("at follow-up", "in a new context", "after stress"):
        assert coherence[probe] < 0.15
        assert coherence[probe] < 0.25 * exposure[probe]


def test_coherence_therapy_with_the_mismatch_after_the_window_relapses_again():
    inside = relapse(therapy.coherence_therapy_course(minutes_before_mismatch=10))
    outside = relapse(therapy.coherence_therapy_course(minutes_before_mismatch=8 * 60))
    for probe in ("at follow-up", "in a new context", "after stress"):
        assert outside[probe] > inside[probe] + 0.2


@pytest.mark.parametrize("name", ["EMDR", "IFS"])
def test_the_two_readings_of_a_debated_therapy_predict_different_relapse(name):
    new_learning = therapy.simulate(name, "new learning").tests
    reconsolidation = therapy.simulate(name, "reconsolidation").tests
    for probe in ("at follow-up", "in a new context", "after stress"):
        assert reconsolidation[probe] < 0.5 * new_learning[probe]


def test_simulate_uses_labile_trace_unless_told_otherwise():
    assert therapy.simulate("coherence").model == "LabileTrace"
    assert therapy.simulate("exposure", model=ContextGatedExtinction()).model == "ContextGatedExtinction"
    assert set(therapy.simulate("CBT", sessions=2).tests) == set(therapy.PROBES)
