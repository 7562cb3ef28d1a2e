"""The eve-of-election evidence as stored data: data/poll_average_evidence.csv, read without statsmodels.

Written by ``python -m engine fit-poll-average`` from `engine.poll_average.evidence.eve_comparison`
(which fits), so that the Poll average page can say in one sentence what the evidence is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass
from pathlib import Path

from ..data import DATA_DIR, DataError
from ..formatting import number
from ..i18n import _, ngettext
from .results import Z_80

EVIDENCE_FILE = "poll_average_evidence.csv"
_COLUMNS = ["election", "region", "party", "result", "average", "average_sd", "last_poll", "last_poll_share"]
_NOTE = """\
# Derived data: written by `python -m engine fit-poll-average` (engine/poll_average/evidence.py):
# on the eve of each election, the poll average fitted on what was known then, the region's last
# poll and the result, per party (percent; average_sd in points). Do not edit by hand.
"""


@dataclass(frozen=True)
class EveComparison:
    """One party in one region on the eve of one election: result, average and last poll.

    Attributes
    ----------
    election : str
        Election id.
    region : str
        Region key.
    party : str
        Registry key.
    result : float
        The party's share of the region's valid votes, percent.
    average, average_sd : float
        The eve's average (percent) and its sd (points).
    last_poll : str
        The region's last poll before the election (id).
    last_poll_share : float
        Its share for the party, percent, as the model reads it.
    """

    election: str
    region: str
    party: str
    result: float
    average: float
    average_sd: float
    last_poll: str
    last_poll_share: float

    @property
    def average_error(self) -> float:
        """|average − result|, points."""
        return abs(self.average - self.result)

    @property
    def last_poll_error(self) -> float:
        """|last poll − result|, points."""
        return abs(self.last_poll_share - self.result)

    @property
    def inside_80(self) -> bool:
        """Whether the result lies in the average's 80 % band (mean ± 1.28 sd)."""
        return self.average_error <= Z_80 * self.average_sd


def evidence_csv(rows: tuple[EveComparison, ...]) -> str:
    """Write the comparison as data/poll_average_evidence.csv (shares to 3 decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for row in rows:
        writer.writerow([f"{v:.3f}" if isinstance(v, float) else v for v in astuple(row)])
    return _NOTE + out.getvalue()


def load_evidence(path: Path | str = DATA_DIR / EVIDENCE_FILE) -> tuple[EveComparison, ...]:
    """Load data/poll_average_evidence.csv.

    Raises
    ------
    DataError
        Naming the file, line and field of a missing file, a wrong header or a malformed number.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(str(path), "", "missing: run `python -m engine fit-poll-average` to write it")
    lines = [(n, t) for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if not t.startswith("#")]
    if not lines or next(csv.reader([lines[0][1]])) != _COLUMNS:
        raise DataError(str(path), "header", f"expected columns {_COLUMNS}", lines[0][0] if lines else None)
    rows = []
    for line_number, line in lines[1:]:
        values = dict(zip(_COLUMNS, next(csv.reader([line]))))
        numbers = {}
        for field in ("result", "average", "average_sd", "last_poll_share"):
            try:
                numbers[field] = float(values.get(field, ""))
            except ValueError:
                raise DataError(str(path), field, f"not a number: {values.get(field)!r}", line_number) from None
        rows.append(
            EveComparison(
                values["election"], values["region"], values["party"], last_poll=values["last_poll"], **numbers
            )
        )
    return tuple(rows)


def eve_sentence(rows: tuple[EveComparison, ...]) -> str:
    """Say in one sentence, per election, how often the average beat the last poll (plain text).

    Returns
    -------
    str
        In the current language, e.g. "On the eve of each election, the average (…) was closer to
        the result than the last poll for 2024: 12 of 16 parties (mean error 2.2 points against
        2.7); …".
    """
    parts = []
    for election in sorted({r.election for r in rows}, reverse=True):
        group = [r for r in rows if r.election == election]
        n = len(group)
        closer = sum(r.average_error < r.last_poll_error for r in group)
        average = sum(r.average_error for r in group) / n
        last = sum(r.last_poll_error for r in group) / n
        parts.append(
            ngettext(
                "{year}: {closer} of {n} party (mean error {average} points against {last})",
                "{year}: {closer} of {n} parties (mean error {average} points against {last})",
                n,
            ).format(year=election[:4], closer=closer, n=n, average=number(average, 1), last=number(last, 1))
        )
    return _(
        "On the eve of each election, the average (fitted on what was known then) was closer to the result "
        "than the last poll for {elections}."
    ).format(elections="; ".join(parts))


def evidence_matches(stored: tuple[EveComparison, ...], fresh: tuple[EveComparison, ...], tolerance: float) -> bool:
    """Tell whether stored rows are the fresh ones: same keys, numbers within `tolerance` points."""
    if len(stored) != len(fresh):
        return False
    for a, b in zip(stored, fresh, strict=True):
        if (a.election, a.region, a.party, a.last_poll) != (b.election, b.region, b.party, b.last_poll):
            return False
        pairs = [(a.result, b.result), (a.average, b.average), (a.average_sd, b.average_sd)]
        if any(abs(x - y) > tolerance for x, y in [*pairs, (a.last_poll_share, b.last_poll_share)]):
            return False
    return True
