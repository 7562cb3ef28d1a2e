"""Projected seats over time (data/seats_over_time.csv): the stored rows are the seat model's."""

from __future__ import annotations

import pytest

from engine import Scenario, load_library, simulate
from engine.data import DATA_DIR, DataError
from engine.poll_average import average_poll, load_poll_average
from engine.poll_average.seats_over_time import (
    AVERAGE_SOURCE,
    SEATS_OVER_TIME_FILE,
    SIMULATIONS,
    load_seats_over_time,
    month_ends,
)


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def stored():
    return load_seats_over_time(DATA_DIR / SEATS_OVER_TIME_FILE)


def _expected(poll, library) -> dict[tuple[str, str], tuple[int, int, int, float | None]]:
    # The engine's own run of the same scenario: what the page would show if it ran it.
    result = simulate(Scenario(poll, simulations=SIMULATIONS), library)
    rows = {("party", p.key): (p.seats.median, *p.seats.interval(80), None) for p in result.parties}
    rows |= {
        ("coalition", c.name): (c.seats.median, *c.seats.interval(80), round(c.majority_probability.value, 6))
        for c in result.coalitions
    }
    return rows


def _stored_rows(stored, source, day=None):
    return {
        (r.kind, r.key): (r.median, r.low_80, r.high_80, r.majority)
        for r in stored
        if r.source == source and (day is None or r.day == day)
    }


@pytest.mark.parametrize("poll_id", ["2025-06-03-Ipsos", "2018-12-03-Ipsos", "2014-07-31-AQRate"])
def test_a_polls_stored_seats_are_its_projection(library, stored, poll_id):
    assert _stored_rows(stored, poll_id) == _expected(library.polls[poll_id], library)


def test_the_averages_stored_seats_are_its_projection_on_that_day(library, stored):
    average = load_poll_average(parties=library.parties)
    days = month_ends(average, library)
    for day in (days[0], days[len(days) // 2], days[-1]):
        assert _stored_rows(stored, AVERAGE_SOURCE, day) == _expected(average_poll(average, day, library), library)


def test_every_poll_and_month_end_is_in_the_file(library, stored):
    average = load_poll_average(parties=library.parties)
    assert {r.source for r in stored} == set(library.polls) | {AVERAGE_SOURCE}
    assert {r.day for r in stored if r.source == AVERAGE_SOURCE} == set(month_ends(average, library))
    for day in month_ends(average, library):
        assert day.day in (28, 29, 30, 31) and all(day != e.date for e in library.elections.values())


def test_a_broken_file_names_line_and_field(tmp_path):
    text = (DATA_DIR / SEATS_OVER_TIME_FILE).read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(text) if line.startswith("date,"))
    fields = text[header + 1].split(",")
    fields[4] = "many"
    text[header + 1] = ",".join(fields)
    path = tmp_path / SEATS_OVER_TIME_FILE
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_seats_over_time(path)
    assert raised.value.field == "median" and raised.value.line == header + 2
