"""The engine side of the app's graphics: what an embed link may say (``chart=``, ``party=``,
outside the checksum), the text alternatives of the charts the dashboard draws besides the seat
charts (by hand, on small inputs), and an image of a chart with no scenario line."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from engine import Scenario, scenario_from_params, scenario_to_params
from engine.figures import publication as pub
from engine.figures.alt_text import (
    calibration_alt_text,
    majority_over_time_alt_text,
    poll_average_alt_text,
    poll_history_alt_text,
    projected_vs_actual_alt_text,
    seats_over_time_alt_text,
    vote_share_alt_text,
)
from engine.i18n import language
from engine.poll_average.results import AveragePoint
from engine.poll_average.seats_over_time import AVERAGE_SOURCE, SeatsRow
from engine.share import EMBED_CHARTS, embedded_chart
from engine.track_record.poll_history import PollShare

POLL = "2024-11-21-Ipsos"


@pytest.mark.parametrize("chart", ["seating-plan", "coalition"])
def test_an_embed_link_names_one_of_the_charts(chart, library):
    assert embedded_chart({"poll": POLL, "chart": chart}, library) == (chart, None, [])


def test_a_partys_chart_names_its_party(library):
    assert embedded_chart({"chart": "party-seats", "party": "NVA"}, library) == ("party-seats", "NVA", [])
    chart, party, warnings = embedded_chart({"chart": "party-seats", "party": "XYZ"}, library)
    assert (chart, party) == (None, None) and "no known party" in warnings[0]


def test_a_link_without_chart_embeds_nothing_and_says_nothing(library):
    assert embedded_chart({"poll": POLL}, library) == (None, None, [])


def test_an_unknown_chart_is_ignored_with_a_warning_naming_the_charts(library):
    chart, party, (warning,) = embedded_chart({"chart": "<b>pie</b>" * 20}, library)
    assert (chart, party) == (None, None)
    assert warning.startswith("Unknown chart '<b>pie</b><b>pie</b>")  # cut to 40 characters, quoted
    assert all(name in warning for name in EMBED_CHARTS)


def test_chart_and_party_are_known_link_parameters_outside_the_checksum(library):
    scenario = Scenario(library.polls[POLL], simulations=4096)
    params = scenario_to_params(scenario, POLL, library, ("NVA", "MR"))
    embedded = {**params, "chart": "party-seats", "party": "VB", "lang": "fr"}
    back, poll_id, coalition, warnings, _ = scenario_from_params(embedded, library, POLL)
    assert (back, poll_id, coalition, warnings) == (scenario, POLL, ("NVA", "MR"), [])


def test_vote_share_alt_text_by_hand():
    rows = [("N-VA", 26.14, (24.0, 28.26)), ("VB", 23.5, (21.46, 25.6))]
    assert vote_share_alt_text("Flanders", rows) == (
        "Vote shares in Flanders, estimate and 80% interval: N-VA 26.1% (24.0–28.3%) and VB 23.5% (21.5–25.6%)."
    )


def share(poll_id: str, day: date, party: str, value: float, region: str = "national") -> PollShare:
    return PollShare(poll_id, poll_id.split("-")[-1], day, region, party, value)


def test_poll_history_alt_text_counts_the_polls_and_reads_the_latest(library):
    shares = [
        share("2024-01-10-Ipsos", date(2024, 1, 10), "NVA", 24.0),
        share("2024-01-10-Ipsos", date(2024, 1, 10), "VB", 26.0),
        share("2024-03-01-Kantar", date(2024, 3, 1), "NVA", 25.5),
        share("2024-03-01-Kantar", date(2024, 3, 1), "VB", 24.25),
        share("2024-03-01-Kantar", date(2024, 3, 1), "OTHER", 50.25),  # not drawn, not described
        share("2024-03-01-Kantar", date(2024, 3, 1), "NVA", 30.0, region="VLG"),  # another region
    ]
    assert poll_history_alt_text(shares, library.parties, "national", "Belgium") == (
        "Vote shares in Belgium in 2 polls, from 10 January 2024 to 1 March 2024. "
        "The latest, of 1 March 2024: N-VA 25.5% and VB 24.2%."
    )
    assert poll_history_alt_text([], library.parties, "national", "Belgium") == "No poll in Belgium."


def test_poll_average_alt_text_reads_the_last_day_with_its_band(library):
    # sd 1: the 80 % band is mean ± 1.2816 points.
    points = [
        AveragePoint(date(2025, 5, 1), "VLG", "NVA", 24.0, 1.0),
        AveragePoint(date(2025, 6, 3), "VLG", "NVA", 25.0, 1.0),
        AveragePoint(date(2025, 6, 3), "VLG", "VB", 26.0, 1.0),
        AveragePoint(date(2025, 6, 3), "WAL", "MR", 30.0, 1.0),
    ]
    assert poll_average_alt_text(points, library.parties, "VLG", "Flanders") == (
        "Poll average in Flanders from 1 May 2025 to 3 June 2025, with its 80% band. "
        "On 3 June 2025: VB 26.0% (24.7–27.3%) and N-VA 25.0% (23.7–26.3%)."
    )


def seats_row(day: date, kind: str, key: str, median: int, low: int, high: int, majority=None, source=AVERAGE_SOURCE):
    return SeatsRow(day, source, kind, key, median, low, high, majority)


def test_seats_over_time_alt_text_gives_the_shown_parties_on_the_last_day(library):
    rows = [
        seats_row(date(2025, 5, 31), "party", "NVA", 22, 19, 25),
        seats_row(date(2025, 6, 3), "party", "NVA", 24, 20, 27),
        seats_row(date(2025, 6, 3), "party", "MR", 20, 17, 23),
        seats_row(date(2025, 6, 3), "party", "VB", 25, 21, 29),
        seats_row(date(2025, 6, 3), "party", "NVA", 30, 25, 33, source="2025-06-03-Ipsos"),  # a poll's dot
    ]
    assert seats_over_time_alt_text(rows, library.parties, ["NVA", "MR"]) == (
        "Projected seats of the poll average from 31 May 2025 to 3 June 2025, median and 80% interval. "
        "On 3 June 2025: N-VA 24 (20–27) and MR 20 (17–23)."
    )


def test_majority_over_time_alt_text_gives_the_range_and_the_latest():
    rows = [
        seats_row(date(2025, 4, 30), "coalition", "Arizona", 78, 72, 84, 0.62),
        seats_row(date(2025, 5, 31), "coalition", "Arizona", 81, 75, 86, 0.89),
        seats_row(date(2025, 6, 3), "coalition", "Arizona", 80, 74, 86, 0.81),
        seats_row(date(2025, 6, 3), "coalition", "Arizona", 70, 64, 76, 0.05, source="2025-06-03-Ipsos"),
        seats_row(date(2025, 6, 3), "coalition", "Vivaldi", 60, 55, 66, 0.0),
    ]
    assert majority_over_time_alt_text(rows, "Arizona", "Arizona") == (
        "Arizona: chance of a majority (76 seats or more) on the poll average from 30 April 2025 to 3 June "
        "2025, between 62% and 89%; on 3 June 2025: 81%. Single polls as dots."
    )


def backtest(lists, calibration) -> SimpleNamespace:
    return SimpleNamespace(lists=lists, calibration=calibration)


def listed(name: str, actual: int, median: int, interval: tuple[int, int]) -> SimpleNamespace:
    return SimpleNamespace(shown_name=name, actual=actual, median=median, interval=lambda level: interval)


def test_calibration_alt_text_pools_the_lists_of_a_models_backtests():
    # Two backtests of 2 and 3 lists: 3 of 5 inside the 80 % intervals, 4 of 5 in the 90 %, …
    groups = {
        "with the polling error": [
            backtest([None] * 2, {80: 1, 90: 2, 95: 2, 99: 2}),
            backtest([None] * 3, {80: 2, 90: 2, 95: 3, 99: 3}),
        ],
        "nothing": [],
    }
    assert calibration_alt_text(groups) == (
        "Results inside their interval, per interval level (an honest model: as often as the level says). "
        "with the polling error: 80% interval 60%, 90% interval 80%, 95% interval 100% and 99% interval 100%."
    )


def test_projected_vs_actual_alt_text_lists_won_median_and_interval():
    run = SimpleNamespace(lists=(listed("N-VA", 24, 22, (19, 26)), listed("VB", 20, 23, (20, 27))))
    assert projected_vs_actual_alt_text(run, "Perfect poll") == (
        "Perfect poll: seats won against the projected median and 80% interval, list by list: "
        "N-VA won 24, median 22 (19–26); VB won 20, median 23 (20–27)."
    )


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_new_alt_texts_are_translated(lang, library):
    with language(lang):
        text = vote_share_alt_text("Vlaanderen", [("N-VA", 26.1, (24.0, 28.3))])
        assert "Vote shares" not in text and "estimate" not in text
        assert "26,1" in text  # the language's decimal comma


def test_a_chart_of_no_scenario_has_only_its_title_above_it():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    with_line = pub.for_publication(fig, "Title", "poll · model", "Seatcast · example")
    without = pub.for_publication(fig, "Title", "", "Seatcast · example")
    assert [a.text for a in without.layout.annotations] == ["<b>Title</b>"]
    assert len(with_line.layout.annotations) == 2
    assert without.layout.margin.t < with_line.layout.margin.t
    assert without.layout.height < with_line.layout.height
