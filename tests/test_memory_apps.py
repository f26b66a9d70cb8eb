"""The memory apps show what their lessons say (published directions, read from the bars)."""
import pytest

from rewire import apps


def heights(app):
    """Bar heights per model: container k of the axis is model k's bars."""
    return [[bar.get_height() for bar in container] for container in app.figure.axes[0].containers]


def test_the_blockade_app_shows_a_reminder_alone_leaves_fear_where_it_was():
    app = apps.blockade_app()
    reminded = heights(app)
    app.controls["reminder"].value = None
    unreminded = heights(app)
    for model in (0, 1):  # the no-blocker bars: Nader's reminder-only (vehicle) groups
        assert reminded[model][0] == pytest.approx(unreminded[model][0])
    assert reminded[0][1] < 0.05 * reminded[0][0] and reminded[1][1] < 0.6 * reminded[1][0]


def test_the_blockade_app_sentence_reads_sensibly_without_a_reminder():
    app = apps.blockade_app()
    app.controls["reminder"].value = None
    text = app.description.value
    assert "after the reminder" not in text and "none was given" in text


def test_the_blockade_app_says_why_the_two_models_start_from_different_levels():
    assert "threshold" in apps.blockade_app().description.value


def test_the_boundaries_app_shows_old_strong_and_long_reminders_resist_the_labile_trace_blocker():
    app = apps.reconsolidation_boundaries_app()
    assert heights(app)[0][1] < 0.1
    for control, value in (("memory_age_days", 28), ("pairings", 10)):
        app = apps.reconsolidation_boundaries_app()
        app.controls[control].value = value
        assert heights(app)[0][1] > 0.8, control
    app = apps.reconsolidation_boundaries_app()
    app.controls["reminder_trials"].value = 10
    vehicle, blocker = heights(app)[0]
    assert vehicle < 0.5 and blocker > 0.8 * vehicle


def test_the_critical_period_app_shows_infant_extinction_without_relapse():
    app = apps.critical_period_app()
    adult, infant = heights(app)
    assert max(infant) < 0.05 and min(adult) > 0.2
    app.controls["postnatal_day"].value = 30
    assert min(heights(app)[1]) > 0.2
