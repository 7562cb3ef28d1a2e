"""Projected seats over time: every poll, and the poll average at every month's end, through the seat model.

Computed by ``python -m engine seats-over-time`` into data/seats_over_time.csv (derived data, like
the average itself), so the Poll average page only reads a table. Each row is one projection's
summary for one party or one preset coalition; seats are whole seats, probabilities fractions.
The default model runs (historical polling error, docs/method.md §8), with `SIMULATIONS` per
projection and the default seed: the same file on every machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..data import DATA_DIR, DataError
from ..defaults import DEFAULT_SEED, QUICK_SIMULATIONS
from ..domain import Library, Poll, Scenario
from ..simulation import Result, simulate
from .results import PollAverage
from .starting_point import average_poll

SEATS_OVER_TIME_FILE = "seats_over_time.csv"
# 2^16 per projection: a seat median and 80 % band to within a seat, a majority probability to
# within half a point (Monte Carlo standard error ≤ 0.2 points), over about 200 projections.
SIMULATIONS = QUICK_SIMULATIONS
AVERAGE_SOURCE = "average"
COLUMNS = ["date", "source", "kind", "key", "median", "low_80", "high_80", "majority"]
_NOTE = """\
# Derived data: written by `python -m engine seats-over-time` from data/ (every poll, and the poll
# average of data/poll_average.csv at every month's end, through the seat model with its default
# settings; engine/poll_average/seats_over_time.py). Do not edit by hand.
"""


@dataclass(frozen=True)
class SeatsRow:
    """One projection's seats for a party, or a preset coalition's seats and majority probability.

    Attributes
    ----------
    day : datetime.date
        The poll's last fieldwork day, or the average's day.
    source : str
        The poll id, or ``"average"``.
    kind : str
        ``"party"`` or ``"coalition"``.
    key : str
        Registry key of the party, or the coalition's name.
    median, low_80, high_80 : int
        Median seats and the 80 % interval.
    majority : float or None
        P(≥ 76 seats) for a coalition (fraction); None for a party.
    """

    day: date
    source: str
    kind: str
    key: str
    median: int
    low_80: int
    high_80: int
    majority: float | None


def month_ends(average: PollAverage, library: Library) -> tuple[date, ...]:
    """Return the last day of each month the average holds that is not an election day, oldest first.

    Parameters
    ----------
    average : PollAverage
        The stored average.
    library : Library
        For the election days.

    Returns
    -------
    tuple of datetime.date
    """
    elections = {e.date for e in library.elections.values()}
    days = set(average.days)
    return tuple(d for d in sorted(days) if (d + timedelta(days=1)).day == 1 and d not in elections)


def projection_scenario(poll: Poll) -> Scenario:
    """Return the scenario a projection of the table runs: `poll` with the defaults and `SIMULATIONS`."""
    return Scenario(poll, seed=DEFAULT_SEED, simulations=SIMULATIONS)


def projection_rows(day: date, source: str, result: Result) -> Iterator[SeatsRow]:
    """Yield one projection's rows: each shown party, then each preset coalition (80 % intervals).

    Parameters
    ----------
    day : datetime.date
    source : str
        A poll id or `AVERAGE_SOURCE`.
    result : Result or CompactResult
        The run of `projection_scenario`.
    """
    for party in result.parties:
        low, high = party.seats.interval(80)
        yield SeatsRow(day, source, "party", party.key, party.seats.median, low, high, None)
    for coalition in result.coalitions:
        low, high = coalition.seats.interval(80)
        yield SeatsRow(
            day, source, "coalition", coalition.name, coalition.seats.median, low, high, coalition.majority_probability.value
        )


def _rows_of(day: date, source: str, poll: Poll, library: Library) -> Iterator[SeatsRow]:
    return projection_rows(day, source, simulate(projection_scenario(poll), library))


def seats_over_time(library: Library, average: PollAverage) -> tuple[SeatsRow, ...]:
    """Project every library poll and the average at every month's end.

    Parameters
    ----------
    library : Library
        The loaded data (its polls, elections, coalitions and polling error).
    average : PollAverage
        The stored average (`load_poll_average`).

    Returns
    -------
    tuple of SeatsRow
        By day, then source (polls by id, the average last), then parties by descending share and
        the presets in the engine's order.
    """
    rows: list[SeatsRow] = []
    for poll in sorted(library.polls.values(), key=lambda p: (p.fieldwork_end, p.id)):
        rows += _rows_of(poll.fieldwork_end, poll.id, poll, library)
    for day in month_ends(average, library):
        rows += _rows_of(day, AVERAGE_SOURCE, average_poll(average, day, library), library)
    return tuple(sorted(rows, key=lambda r: (r.day, r.source == AVERAGE_SOURCE, r.source)))


def seats_over_time_csv(rows: tuple[SeatsRow, ...]) -> str:
    """Write rows as data/seats_over_time.csv (a note, a header, one line per row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        majority = "" if r.majority is None else f"{r.majority:.6f}"
        writer.writerow([r.day.isoformat(), r.source, r.kind, r.key, r.median, r.low_80, r.high_80, majority])
    return _NOTE + out.getvalue()


def load_seats_over_time(path: Path | str = DATA_DIR / SEATS_OVER_TIME_FILE) -> tuple[SeatsRow, ...]:
    """Load data/seats_over_time.csv, validated.

    Parameters
    ----------
    path : pathlib.Path or str, default data/seats_over_time.csv

    Returns
    -------
    tuple of SeatsRow

    Raises
    ------
    DataError
        Naming the file, line and field: missing file, wrong header, malformed day, kind, seats
        (whole numbers 0–150 with low ≤ median ≤ high) or probability (0–1, coalitions only).
    """
    path, source = Path(path), str(path)
    if not path.exists():
        raise DataError(source, "", "missing: run `python -m engine seats-over-time` to write it")
    lines = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if not line.startswith("#")]
    if not lines or next(csv.reader([lines[0][1]])) != COLUMNS:
        raise DataError(source, "header", f"expected columns {COLUMNS}", lines[0][0] if lines else None)
    rows = []
    for number, line in lines[1:]:
        values = dict(zip(COLUMNS, next(csv.reader([line]))))
        if len(values) != len(COLUMNS):
            raise DataError(source, "", f"expected {len(COLUMNS)} fields", number)
        try:
            day = date.fromisoformat(values["date"])
        except ValueError:
            raise DataError(source, "date", f"not a day: {values['date']!r}", number) from None
        if values["kind"] not in ("party", "coalition"):
            raise DataError(source, "kind", f"expected party or coalition, got {values['kind']!r}", number)
        seats = []
        for field in ("median", "low_80", "high_80"):
            try:
                seats.append(int(values[field]))
            except ValueError:
                raise DataError(source, field, f"not a whole number: {values[field]!r}", number) from None
        median, low, high = seats
        if not 0 <= low <= median <= high <= 150:
            raise DataError(source, "median", f"expected 0 ≤ low ≤ median ≤ high ≤ 150, got {low}, {median}, {high}", number)
        majority = None
        if values["kind"] == "coalition":
            try:
                majority = float(values["majority"])
            except ValueError:
                raise DataError(source, "majority", f"not a probability: {values['majority']!r}", number) from None
            if not 0.0 <= majority <= 1.0:
                raise DataError(source, "majority", f"expected a probability from 0 to 1, got {majority}", number)
        rows.append(SeatsRow(day, values["source"], values["kind"], values["key"], median, low, high, majority))
    return tuple(rows)
