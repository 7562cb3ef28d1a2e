"""The polling error in the dashboard (AppTest): the control and the election day change the
scenario, the numbers and the link, and come back from a link; every page says what its
uncertainty includes; a majority probability has its sampling-only figure beside it; a poll known
only by its month says so. Right values come from the engine's `simulate` of the same scenario."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from engine import (
    NO_POLLING_ERROR,
    POLLING_ERROR_MODELS,
    QUICK_SIMULATIONS,
    Scenario,
    election_day_range,
    simulate,
)
from engine.formatting import escape_markdown, long_date, percent, percent_cell
from tests.test_app_pages import ARIZONA, SIMS, metric, open_app, shared_params, table_column, widget
from ui import labels

MONTH_ONLY_POLL = "2014-07-31-AQRate"  # fieldwork known only as July 2014
ELECTION_DAY = date(2029, 6, 10)


@pytest.fixture(scope="module")
def newest(library):
    return library.polls[next(iter(library.polls))]


def run(library, poll, **settings):
    return simulate(Scenario(poll, simulations=SIMS, **settings), library)


def majority(result) -> str:
    return percent(result.coalition(ARIZONA).majority_probability.value)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def note_shown(at, result) -> bool:
    return any(result.uncertainty_note in c for c in captions(at))


def test_the_control_offers_the_engines_models_the_default_first_and_recommended(library, newest):
    at = open_app()
    control = widget(at.radio, "polling_error")
    assert control.options == [labels.polling_error_name(m) for m in POLLING_ERROR_MODELS]
    assert control.value == POLLING_ERROR_MODELS[0] and "(recommended)" in control.options[0]
    day = widget(at.date_input, "election_day")
    assert day.value is None and (day.min, day.max) == election_day_range(newest)


def test_sampling_error_only_gives_the_engines_numbers_and_goes_into_the_link(library, newest):
    at = open_app()
    historical = run(library, newest)
    assert metric(at, "Arizona: majority") == majority(historical)
    widget(at.radio, "polling_error").set_value(NO_POLLING_ERROR).run()
    assert not at.exception
    sampling_only = run(library, newest, polling_error=NO_POLLING_ERROR)
    assert metric(at, "Arizona: majority") == majority(sampling_only) != majority(historical)
    assert note_shown(at, sampling_only) and not note_shown(at, historical)
    # Nothing to compare with: the scenario is sampling-only already.
    assert not any(m.label == "Sampling error only" for m in at.metric)
    assert widget(at.date_input, "election_day").disabled  # the sampling error does not grow with time
    assert shared_params(at)["error"] == "none"

    # "Reset" and a new starting point change the poll, not the model settings (as swing and noise).
    at.switch_page("app_pages/poll.py").run()
    widget(at.number_input, "exact:VLG:NVA").set_value(30.0).run()
    at.button(key="reset").click().run()
    assert widget(at.radio, "polling_error").value == NO_POLLING_ERROR
    assert metric(at, "Arizona: majority") == majority(sampling_only)


def test_a_link_with_error_none_opens_with_the_control_set(library, newest):
    at = open_app(error="none")
    assert not at.warning
    assert widget(at.radio, "polling_error").value == NO_POLLING_ERROR
    assert metric(at, "Arizona: majority") == majority(run(library, newest, polling_error=NO_POLLING_ERROR))


def test_an_election_day_from_a_link_or_the_control_widens_the_numbers_as_the_engine_says(library, newest):
    at = open_app(eday=ELECTION_DAY.isoformat())
    assert not at.warning
    assert widget(at.date_input, "election_day").value == ELECTION_DAY
    forecast = run(library, newest, election_day=ELECTION_DAY)
    assert metric(at, "Arizona: majority") == majority(forecast)
    assert f"election day {long_date(ELECTION_DAY)}" in at.caption[0].value
    assert note_shown(at, forecast)
    assert any(f"Read as a forecast of the election of {long_date(ELECTION_DAY)}" in c for c in captions(at))

    # Cleared: read as of the fieldwork again; set in the control: in the link and the numbers.
    widget(at.date_input, "election_day").set_value(None).run()
    assert metric(at, "Arizona: majority") == majority(run(library, newest))
    assert "eday" not in shared_params(at)
    at.switch_page("app_pages/poll.py").run()
    later = date(2027, 6, 13)
    widget(at.date_input, "election_day").set_value(later).run()
    assert not at.exception
    assert metric(at, "Arizona: majority") == majority(run(library, newest, election_day=later))
    assert shared_params(at)["eday"] == later.isoformat()


def test_a_new_starting_point_drops_an_election_day_it_cannot_keep(library, newest):
    at = open_app(eday=ELECTION_DAY.isoformat())
    widget(at.selectbox, "start").set_value(MONTH_ONLY_POLL).run()  # 2014: 2029 is too far ahead
    assert not at.exception
    assert widget(at.date_input, "election_day").value is None
    first, last = election_day_range(library.polls[MONTH_ONLY_POLL])
    notice = f"The election day {long_date(ELECTION_DAY)} does not fit this poll"
    assert any(notice in i.value and long_date(first) in i.value and long_date(last) in i.value for i in at.info)
    assert "eday" not in shared_params(at)


def test_the_sampling_only_figure_is_beside_the_majority_and_matches_the_engine(library, newest):
    at = open_app()
    comparison = run(library, newest, polling_error=NO_POLLING_ERROR)
    assert metric(at, "Sampling error only") == majority(comparison)
    historical = run(library, newest)
    line = (
        f"**Arizona**: majority **{escape_markdown(majority(historical))}** "
        f"{escape_markdown(f'(sampling error only: {majority(comparison)})')} · "
        f"median **{historical.coalition(ARIZONA).seats.median}** seats"
    )
    assert line in [m.value for m in at.markdown]
    assert note_shown(at, historical)

    at.switch_page("app_pages/coalitions.py").run()
    assert metric(at, "Sampling error only") == majority(comparison)
    assert note_shown(at, historical)
    sampling_only = {c.parties: c.majority_probability.value for c in comparison.coalitions}
    expected = [
        f"{percent_cell(c.majority_probability.value)}  \n:gray[({percent_cell(sampling_only[c.parties])})]"
        for c in historical.coalitions
    ]
    assert table_column(at, 0, "Majority") == expected


def bracketed(at) -> list[str]:
    """The sampling-only figures of the Coalitions page's preset table."""
    return [cell.split("  \n:gray[(")[1].removesuffix(")]") for cell in table_column(at, 0, "Majority")]


def test_the_comparison_runs_the_quick_runs_size_with_the_same_seed(library, newest):
    sims = 2 * QUICK_SIMULATIONS  # a full run larger than the comparison's
    at = open_app("coalitions", sims=str(sims), seed="7")
    scenario = Scenario(newest, simulations=sims, seed=7)
    full = simulate(scenario, library)
    sampling_only = replace(scenario, polling_error=NO_POLLING_ERROR)
    comparison = simulate(replace(sampling_only, simulations=QUICK_SIMULATIONS), library)
    assert metric(at, "Majority (") == majority(full) and metric(at, "Sampling error only") == majority(comparison)
    expected = [percent_cell(comparison.coalition(c.parties).majority_probability.value) for c in full.coalitions]
    assert bracketed(at) == expected
    # With this seed a comparison of the full run's size would show other figures: the test tells them apart.
    larger = simulate(sampling_only, library)
    assert expected != [percent_cell(larger.coalition(c.parties).majority_probability.value) for c in full.coalitions]
    again = open_app("coalitions", sims=str(sims), seed="7")  # another session: the same figures
    assert bracketed(again) == bracketed(at)


@pytest.mark.parametrize("page", ["seats", "voting_intentions", "constituencies"])
def test_every_page_with_intervals_says_what_they_include(library, newest, page):
    for params, settings in (({}, {}), ({"error": "none"}, {"polling_error": NO_POLLING_ERROR})):
        at = open_app(page, **params)
        assert note_shown(at, run(library, newest, **settings)), page


def test_a_month_only_poll_says_month_only_wherever_its_fieldwork_is_shown(library):
    at = open_app(poll=MONTH_ONLY_POLL)
    details = at.table[0].value
    rows = dict(zip(details.iloc[:, 0], details.iloc[:, 1], strict=True))
    assert rows["Fieldwork"] == escape_markdown("July 2014 (month only)")
    picker = widget(at.selectbox, "start")
    assert picker.options[picker.index].startswith("July 2014 (month only) · AQ Rate")
    assert escape_markdown("July 2014 (month only)") in at.caption[0].value  # the page's scenario line
    assert not any("1–31 July 2014" in c for c in captions(at))
