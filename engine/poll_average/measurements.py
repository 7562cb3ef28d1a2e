"""What the poll average reads: every poll share and election result, per region and party.

A *measurement* is one party's share (percent) in one region on one day, with its variance:

- a poll entry, read as the model reads the poll (`engine.poll_edits.normalised_shares`,
  docs/method.md §2.1: Other the rest, undecided dropped, a total above 100 scaled down), dated on
  the middle of its fieldwork, with the sampling variance ``p(1 − p)/n`` of its region's sample
  (``p = (k + 1)/(n + 2)``, the flat-prior posterior mean of docs/method.md §2.2, so that a share of
  0 still has a variance). A pair reported together (``"PS+VOORUIT"``) measures neither partner
  and is left out; so is `OTHER`, whose content changes with the parties a pollster names;
- an election result: the party's share of its region's valid votes, on election day, with a tiny
  variance and no house effect. A party that ran on a joint list there (docs/method.md §2.4), and
  the list it ran on, are left out of that election: the list's votes are not one party's share.

Only parties that some poll names on their own in a region are averaged there.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain import OTHER, Election, Library, Poll
from ..poll_edits import normalised_shares

# An election result is exact up to the rounding of published shares: a standard deviation of
# 0.01 point, small enough to pin the average, large enough to keep the filter well conditioned.
ELECTION_VARIANCE = 1e-4  # points²
ELECTION_FIRM = ""  # an election has no house effect


@dataclass(frozen=True)
class Measurement:
    """One party's share in one region on one day, as a poll or an election measured it.

    Attributes
    ----------
    source : str
        The poll's id, or ``"election-<date>"``.
    firm : str
        The polling firm as written in the poll file; `ELECTION_FIRM` ("") for an election.
    day : datetime.date
        The middle of the poll's fieldwork (rounded down), or election day.
    region : str
        Region key.
    party : str
        Registry key.
    share : float
        Percent.
    variance : float
        Of `share`, in points² (sampling variance, or `ELECTION_VARIANCE`).
    """

    source: str
    firm: str
    day: date
    region: str
    party: str
    share: float
    variance: float

    @property
    def is_election(self) -> bool:
        """Whether the measurement is an election result (no house effect)."""
        return self.firm == ELECTION_FIRM


def fieldwork_middle(poll: Poll) -> date:
    """Return the middle day of `poll`'s fieldwork (rounded down): the day it measures.

    Parameters
    ----------
    poll : Poll
        The poll.

    Returns
    -------
    datetime.date
        For a fieldwork known only as a month, the middle of the month (docs/method.md §2.7).
    """
    return poll.fieldwork_start + timedelta(days=(poll.fieldwork_end - poll.fieldwork_start).days // 2)


def sampling_variance(share: float, sample_size: float) -> float:
    """Return the sampling variance of a poll share, in points².

    Parameters
    ----------
    share : float
        Percent.
    sample_size : float
        Respondents in the region.

    Returns
    -------
    float
        ``10⁴ p(1 − p)/n`` with ``p = (k + 1)/(n + 2)``, ``k = share × n / 100``: positive even for
        a share of 0 or 100.
    """
    p = (share * sample_size / 100.0 + 1.0) / (sample_size + 2.0)
    return 1e4 * p * (1.0 - p) / sample_size


def poll_measurements(poll: Poll) -> list[Measurement]:
    """List the shares `poll` measures, region by region in published order.

    Parameters
    ----------
    poll : Poll
        A validated poll; shares in percent.

    Returns
    -------
    list of Measurement
        One per entry that names a single party (pairs and `OTHER` left out).
    """
    day = fieldwork_middle(poll)
    rows = []
    for region_poll in poll.regions:
        for entry, share in normalised_shares(region_poll).items():
            if entry == OTHER or "+" in entry:
                continue
            variance = sampling_variance(share, region_poll.sample_size)
            rows.append(Measurement(poll.id, poll.firm, day, region_poll.region, entry, share, variance))
    return rows


def election_measurements(election: Election, series: set[tuple[str, str]]) -> list[Measurement]:
    """List the shares an election measures for the averaged `series`.

    Parameters
    ----------
    election : Election
        The election (FPS Interior official results).
    series : set of (str, str)
        ``(region, party)`` pairs that are averaged.

    Returns
    -------
    list of Measurement
        One per party with votes of its own in a region, for the `series` only; parties on a joint
        list, and that list, are left out in that region.
    """
    joint = {(region, key) for region, frm, to in election.joint_lists for key in (frm, to)}
    rows = []
    for region in sorted({region for region, _ in series}):
        votes = election.regional_votes(region)
        valid = sum(votes.values())
        for party, count in votes.items():
            if party == OTHER or count == 0 or (region, party) in joint or (region, party) not in series:
                continue
            share = 100.0 * count / valid
            rows.append(
                Measurement(
                    f"election-{election.id}", ELECTION_FIRM, election.date, region, party, share, ELECTION_VARIANCE
                )
            )
    return rows


def library_measurements(library: Library, before: date | None = None) -> list[Measurement]:
    """List every measurement in the library: polls oldest first (ties by id), then elections.

    Parameters
    ----------
    library : Library
        The loaded data.
    before : datetime.date or None, default None
        Keep only polls whose fieldwork ended before this day, and elections held before it (the
        eve of an election: what one knew then); None keeps everything.

    Returns
    -------
    list of Measurement
        In a fixed order (the fit does not depend on it).
    """
    polls = sorted(library.polls.values(), key=lambda p: (p.fieldwork_end, p.id))
    rows = [m for poll in polls if before is None or poll.fieldwork_end < before for m in poll_measurements(poll)]
    series = {(m.region, m.party) for m in rows}
    for election in sorted(library.elections.values(), key=lambda e: e.date):
        if before is None or election.date < before:
            rows += election_measurements(election, series)
    return rows


def month_ends(first: date, last: date) -> list[date]:
    """Return the last day of every month from `first`'s month to `last` (on or before it).

    Parameters
    ----------
    first, last : datetime.date
        The range.

    Returns
    -------
    list of datetime.date
        Month ends ``≥ first`` and ``≤ last``, in order.
    """
    days = []
    year, month = first.year, first.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end > last:
            return days
        if end >= first:
            days.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def output_days(library: Library) -> list[date]:
    """Return the days the stored average is written for.

    Parameters
    ----------
    library : Library
        The loaded data.

    Returns
    -------
    list of datetime.date
        Every poll's last fieldwork day (the day the poll-of-polls page dates it), every election
        day and every month end from the first election to the last poll, sorted, no repeats.
    """
    ends = {poll.fieldwork_end for poll in library.polls.values()}
    elections = {election.date for election in library.elections.values()}
    first, last = min(elections), max(ends | elections)
    return sorted(ends | elections | set(month_ends(first, last)))


def measured_series(measurements: Iterable[Measurement]) -> list[tuple[str, str]]:
    """Return the ``(region, party)`` series that `measurements` cover, sorted.

    Parameters
    ----------
    measurements : iterable of Measurement
        Any measurements.

    Returns
    -------
    list of (str, str)
        Sorted, no repeats.
    """
    return sorted({(m.region, m.party) for m in measurements})
