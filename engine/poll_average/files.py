"""The stored poll average: data/poll_average.csv and data/house_effects.csv, written and read.

Both are derived data, written by ``python -m engine fit-poll-average``; the app only reads them
(`load_poll_average`, `load_house_effects`), so no page ever fits. Lines starting with ``#`` are
notes (what the file is and which command wrote it). Every problem is a `engine.data.DataError`
naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

from ..data import DATA_DIR, DataError
from ..domain import REGIONS, Party
from .results import HOUSE_SD, AveragePoint, FittedAverage, HouseEffect, PollAverage

POLL_AVERAGE_FILE = "poll_average.csv"
HOUSE_EFFECTS_FILE = "house_effects.csv"
AVERAGE_COLUMNS = ["date", "region", "party", "mean", "sd"]
HOUSE_COLUMNS = ["firm", "region", "party", "effect", "sd", "n_polls"]
DECIMALS = 3  # points: a thousandth of a point, far below the average's uncertainty
# `--check` accepts this difference (points): one rounding step of the last decimal, for floating
# point that differs between machines.
TOLERANCE = 2e-3

_NOTE = """\
# Derived data: written by `python -m engine fit-poll-average` from the polls and elections in
# data/ (engine/poll_average/, docs/poll-average.md). Do not edit by hand; rerun the command when
# a poll or an election is added (`python -m engine fit-poll-average --check` tells whether it is due).
"""


def _number(value: float) -> str:
    return f"{value:.{DECIMALS}f}"


def poll_average_csv(fitted: FittedAverage) -> str:
    """Write the fitted average as data/poll_average.csv reads it (`load_poll_average`).

    Parameters
    ----------
    fitted : FittedAverage
        The fit.

    Returns
    -------
    str
        Notes (``#`` lines), then ``date,region,party,mean,sd``: shares in percent, sds in points.
    """
    drift = ", ".join(f"{region} {value:.4g}" for region, value in fitted.drift.items())
    note = (
        "# The poll average (docs/poll-average.md): per region and party, the electorate's share (mean, percent)\n"
        "# and its standard deviation (sd, points), on every poll's last fieldwork day, every election day and\n"
        "# every month end. A party is listed from its first measurement to a year after its last.\n"
        f"# Fitted drift ω per region: {drift}; house-effect prior sd τ = {HOUSE_SD:g} points.\n"
    )
    rows = ([p.day.isoformat(), p.region, p.party, _number(p.mean), _number(p.sd)] for p in fitted.points)
    return note + _NOTE + _csv(AVERAGE_COLUMNS, rows)


def house_effects_csv(fitted: FittedAverage) -> str:
    """Write the fitted house effects as data/house_effects.csv reads it (`load_house_effects`).

    Parameters
    ----------
    fitted : FittedAverage
        The fit.

    Returns
    -------
    str
        Notes, then ``firm,region,party,effect,sd,n_polls`` (points; positive: the firm puts the
        party higher than the electorate).
    """
    note = (
        "# House effects of the poll average (docs/poll-average.md): how many points a firm's polls put a party\n"
        "# above (+) or below (-) the electorate in a region, anchored on the election results, with their sd.\n"
    )
    rows = ([h.firm, h.region, h.party, _number(h.effect), _number(h.sd), str(h.n_polls)] for h in fitted.house_effects)
    return note + _NOTE + _csv(HOUSE_COLUMNS, rows)


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_poll_average(fitted: FittedAverage, data_dir: Path | str = DATA_DIR) -> tuple[Path, Path]:
    """Write data/poll_average.csv and data/house_effects.csv.

    Parameters
    ----------
    fitted : FittedAverage
        The fit.
    data_dir : pathlib.Path or str, default DATA_DIR
        The data directory.

    Returns
    -------
    tuple of pathlib.Path
        The two files written.
    """
    average, house = Path(data_dir) / POLL_AVERAGE_FILE, Path(data_dir) / HOUSE_EFFECTS_FILE
    average.write_text(poll_average_csv(fitted), encoding="utf-8")
    house.write_text(house_effects_csv(fitted), encoding="utf-8")
    return average, house


class _Row:
    """One CSV row with typed access to its fields, raising DataError with file, line and field."""

    def __init__(self, source: str, line: int, values: dict[str, str]):
        self.source, self.line, self.values = source, line, values

    def error(self, field: str, message: str) -> DataError:
        return DataError(self.source, field, message, self.line)

    def text(self, field: str) -> str:
        value = self.values[field].strip()
        if not value:
            raise self.error(field, "empty")
        return value

    def day(self, field: str) -> date:
        try:
            return date.fromisoformat(self.text(field))
        except ValueError:
            raise self.error(field, f"expected a day like 2024-06-09, got {self.values[field]!r}") from None

    def number(self, field: str, check: Callable[[float], bool], wanted: str) -> float:
        try:
            value = float(self.text(field))
        except ValueError:
            raise self.error(field, f"expected a number, got {self.values[field]!r}") from None
        if not math.isfinite(value) or not check(value):
            raise self.error(field, f"expected {wanted}, got {self.values[field]!r}")
        return value

    def region(self) -> str:
        region = self.text("region")
        if region not in REGIONS:
            raise self.error("region", f"unknown region {region!r}; use {', '.join(REGIONS)}")
        return region

    def party(self, parties: Mapping[str, Party] | None) -> str:
        party = self.text("party")
        if parties is not None and party not in parties:
            raise self.error("party", f"unknown party {party!r}")
        return party


def _rows(path: Path, columns: list[str]) -> Iterator[_Row]:
    """Yield the data rows of a derived CSV (``#`` notes skipped), each with its line number."""
    source = str(path)
    if not path.exists():
        raise DataError(source, "", "missing: run `python -m engine fit-poll-average` to write it")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(source, "", f"not UTF-8 text ({error.reason})") from None
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise DataError(source, "header", f"no header; expected columns {columns}")
    header_line, header = lines[0]
    if next(csv.reader([header])) != columns:
        raise DataError(source, "header", f"expected columns {columns}", header_line)
    if len(lines) == 1:
        raise DataError(source, "", "no rows")
    for number, line in lines[1:]:
        values = next(csv.reader([line]))
        if len(values) != len(columns):
            raise DataError(
                source, "", f"expected {len(columns)} fields ({', '.join(columns)}), got {len(values)}", number
            )
        yield _Row(source, number, dict(zip(columns, values)))


def load_poll_average(
    path: Path | str = DATA_DIR / POLL_AVERAGE_FILE, parties: Mapping[str, Party] | None = None
) -> PollAverage:
    """Load the stored poll average (data/poll_average.csv), validated.

    Parameters
    ----------
    path : pathlib.Path or str, default data/poll_average.csv
        The file.
    parties : mapping of str to Party or None, default None
        The party registry, to check the party keys; None checks only that there is one.

    Returns
    -------
    PollAverage
        Shares in percent (0–100), sds in points (above 0).

    Raises
    ------
    DataError
        Naming the file, line and field: the file is missing, a column is wrong, a day, region or
        party is unknown or malformed, a share is outside 0–100, an sd is not positive, or a
        (date, region, party) repeats.
    """
    points, seen = [], {}
    for row in _rows(Path(path), AVERAGE_COLUMNS):
        day, region, party = row.day("date"), row.region(), row.party(parties)
        if (day, region, party) in seen:
            raise row.error("date", f"{day} {region} {party} repeats line {seen[day, region, party]}")
        seen[day, region, party] = row.line
        mean = row.number("mean", lambda v: 0.0 <= v <= 100.0, "a share in percent, 0 to 100")
        sd = row.number("sd", lambda v: v > 0.0, "a standard deviation above 0")
        points.append(AveragePoint(day, region, party, mean, sd))
    return PollAverage(tuple(points))


def load_house_effects(
    path: Path | str = DATA_DIR / HOUSE_EFFECTS_FILE, parties: Mapping[str, Party] | None = None
) -> tuple[HouseEffect, ...]:
    """Load the stored house effects (data/house_effects.csv), validated.

    Parameters
    ----------
    path : pathlib.Path or str, default data/house_effects.csv
        The file.
    parties : mapping of str to Party or None, default None
        The party registry, to check the party keys; None checks only that there is one.

    Returns
    -------
    tuple of HouseEffect
        In file order; effects and sds in points.

    Raises
    ------
    DataError
        Naming the file, line and field: the file is missing, a column is wrong, a firm is empty,
        a region or party is unknown, an effect is not a number of points (|effect| ≤ 100), an
        sd is not positive, ``n_polls`` is not a whole number of at least 1, or a (firm, region,
        party) repeats.
    """
    effects, seen = [], {}
    for row in _rows(Path(path), HOUSE_COLUMNS):
        firm, region, party = row.text("firm"), row.region(), row.party(parties)
        if (firm, region, party) in seen:
            raise row.error("firm", f"{firm} {region} {party} repeats line {seen[firm, region, party]}")
        seen[firm, region, party] = row.line
        effect = row.number("effect", lambda v: abs(v) <= 100.0, "points between -100 and 100")
        sd = row.number("sd", lambda v: v > 0.0, "a standard deviation above 0")
        n_polls = row.text("n_polls")
        if not n_polls.isdigit() or int(n_polls) < 1:
            raise row.error("n_polls", f"expected a whole number of polls, at least 1, got {n_polls!r}")
        effects.append(HouseEffect(firm, region, party, effect, sd, int(n_polls)))
    return tuple(effects)


def stored_difference(fitted: FittedAverage, data_dir: Path | str = DATA_DIR) -> str | None:
    """Tell whether the stored files are what `fitted` gives, up to `TOLERANCE`.

    Parameters
    ----------
    fitted : FittedAverage
        A fresh fit on the data.
    data_dir : pathlib.Path or str, default DATA_DIR
        Where the files are.

    Returns
    -------
    str or None
        None when both files match (same rows, numbers within `TOLERANCE` points); else the first
        difference, in plain words.

    Raises
    ------
    DataError
        When a stored file is missing or malformed.
    """
    data_dir = Path(data_dir)
    stored = load_poll_average(data_dir / POLL_AVERAGE_FILE).points
    fresh = fitted.points
    found = _difference(
        POLL_AVERAGE_FILE,
        [(p.day.isoformat(), p.region, p.party) for p in stored],
        [(p.day.isoformat(), p.region, p.party) for p in fresh],
        [(p.mean, p.sd) for p in stored],
        [(p.mean, p.sd) for p in fresh],
    )
    if found:
        return found
    house = load_house_effects(data_dir / HOUSE_EFFECTS_FILE)
    return _difference(
        HOUSE_EFFECTS_FILE,
        [(h.firm, h.region, h.party, str(h.n_polls)) for h in house],
        [(h.firm, h.region, h.party, str(h.n_polls)) for h in fitted.house_effects],
        [(h.effect, h.sd) for h in house],
        [(h.effect, h.sd) for h in fitted.house_effects],
    )


def _difference(name, stored_keys, fresh_keys, stored_values, fresh_values) -> str | None:
    if len(stored_keys) != len(fresh_keys):
        return f"{name} has {len(stored_keys)} rows, the data give {len(fresh_keys)}"
    for key, fresh_key, values, fresh_value in zip(stored_keys, fresh_keys, stored_values, fresh_values):
        if key != fresh_key:
            return f"{name} has a row {' '.join(key)} where the data give {' '.join(fresh_key)}"
        for stored_number, fresh_number in zip(values, fresh_value):
            if abs(stored_number - fresh_number) > TOLERANCE:
                return f"{name}, {' '.join(key)}: {stored_number:g} stored, {fresh_number:.{DECIMALS}f} from the data"
    return None
