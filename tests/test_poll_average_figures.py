"""The poll average's figures draw the stored numbers: the band is the 80 % interval, the seats
chart shows the chosen parties first, the majority chart the stored probabilities."""

from __future__ import annotations

from datetime import date

import pytest
from scipy.stats import norm

from engine.figures import majority_over_time_figure, poll_average_figure, seats_over_time_figure
from engine.poll_average import AveragePoint
from engine.poll_average.seats_over_time import AVERAGE_SOURCE, SeatsRow


def test_the_band_is_the_normal_80_percent_interval_and_never_below_zero():
    point = AveragePoint(date(2025, 1, 31), "VLG", "NVA", 20.0, 2.0)
    low, high = point.band_80
    assert (low, high) == pytest.approx((norm.ppf(0.1, 20.0, 2.0), norm.ppf(0.9, 20.0, 2.0)))
    assert AveragePoint(date(2025, 1, 31), "VLG", "PVDA", 0.5, 2.0).band_80[0] == 0.0


def test_the_average_figure_draws_the_stored_means_and_bands(library):
    points = [AveragePoint(date(2025, m, 28), "VLG", "NVA", 20.0 + m, 1.0) for m in (1, 2, 3)]
    figure = poll_average_figure((), points, library.parties, "VLG")
    band, line = figure.data
    assert list(line.y) == [21.0, 22.0, 23.0]
    assert max(band.y) == pytest.approx(23.0 + norm.ppf(0.9))


def test_the_seats_chart_shows_the_chosen_parties_and_keeps_the_others_in_the_legend(library):
    rows = [
        SeatsRow(date(2025, 1, 31), AVERAGE_SOURCE, "party", key, median, median - 2, median + 2, None)
        for key, median in (("NVA", 25), ("VB", 20))
    ]
    figure = seats_over_time_figure(rows, library.parties, shown=("NVA",))
    visible = {trace.legendgroup: trace.visible for trace in figure.data if trace.name}
    assert visible["NVA"] in (None, True) and visible["VB"] == "legendonly"


def test_the_majority_chart_is_the_stored_probability_in_percent():
    rows = [
        SeatsRow(date(2025, 1, 31), AVERAGE_SOURCE, "coalition", "Arizona", 80, 74, 86, 0.8),
        SeatsRow(date(2025, 1, 20), "2025-01-20-Ipsos", "coalition", "Arizona", 78, 72, 84, 0.6),
        SeatsRow(date(2025, 1, 31), AVERAGE_SOURCE, "coalition", "Vivaldi", 60, 55, 65, 0.0),
    ]
    polls, average = majority_over_time_figure(rows, "Arizona").data
    assert list(polls.y) == [60.0] and list(average.y) == [80.0]
