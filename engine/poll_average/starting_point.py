"""The poll average on a day as a poll the seat model runs (docs/poll-average.md, "As a starting point").

Per region, the named parties are those the average holds on that day, at their average share
(percent, to `SHARE_DECIMALS`; scaled down together when they pass 100), and `OTHER` is the rest
to 100. The sample size is the *effective*
one that gives the model's Dirichlet (docs/method.md §2.2) the average's own uncertainty, pooled
over the region's parties:

    n = Σ_p p(1 − p) / Σ_p sd_p²      (p and sd as fractions)

so that a poll of n respondents has, summed over the parties, the variance the average has. The
average has no sampling noise of one poll and no house effect left, but it still carries the error
that all polls of a campaign share: the scenario's polling error (docs/method.md §8) applies to it
once, as to any poll (``1/n_eff = 1/n + κ + γ√years``).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..defaults import SAMPLE_SIZE_RANGE, SHARE_DECIMALS
from ..domain import OTHER, REGIONS, Library, Poll, RegionPoll
from ..validation import check_poll
from .files import PollAverage, load_poll_average

AVERAGE_FIRM = "Poll average"
# A starting point's id, in the picker and in share links: "average-2025-06-03".
AVERAGE_POLL_PREFIX = "average-"
AVERAGE_SOURCE = "Seatcast poll average with house effects (python -m engine fit-poll-average, data/poll_average.csv)"


def effective_sample_size(shares: dict[str, float], sds: dict[str, float]) -> int:
    """Return the sample size whose sampling variance matches the average's, pooled over parties.

    Parameters
    ----------
    shares : dict of str to float
        Average share per party, percent.
    sds : dict of str to float
        Its standard deviation, points (positive).

    Returns
    -------
    int
        ``Σ p(1 − p) / Σ sd²`` (fractions), rounded, within `SAMPLE_SIZE_RANGE`.
    """
    binomial = sum((s / 100.0) * (1.0 - s / 100.0) for s in shares.values())
    variance = sum((sds[k] / 100.0) ** 2 for k in shares)
    lo, hi = SAMPLE_SIZE_RANGE
    return int(min(max(round(binomial / variance), lo), hi))


def average_poll(average: PollAverage, day: date, library: Library) -> Poll:
    """Turn the poll average on `day` into a `Poll` the seat model runs.

    Parameters
    ----------
    average : PollAverage
        The stored average (`load_poll_average`).
    day : datetime.date
        A day the average holds (`PollAverage.days`), not an election day.
    library : Library
        The loaded data, to validate the poll (`engine.validation.check_poll`).

    Returns
    -------
    Poll
        Firm `AVERAGE_FIRM`, no commissioners, fieldwork `day` to `day`; per region the average's
        parties by descending share (percent) and `OTHER` the rest, the sample size
        `effective_sample_size`.

    Raises
    ------
    ValueError
        When the average holds nothing on `day`, `day` is an election day (the average is then the
        result: use the election itself), or the poll does not validate.
    """
    points = average.on(day)
    if not points:
        raise ValueError(f"the poll average has no value on {day.isoformat()}; it has {len(average.days)} days")
    if any(election.date == day for election in library.elections.values()):
        raise ValueError(f"{day.isoformat()} is an election day: use the election result as the poll")
    regions = []
    for region in REGIONS:
        here = sorted((p for p in points if p.region == region), key=lambda p: (-p.mean, p.party))
        if not here:
            continue
        # Each party is averaged on its own, so together they may pass 100 %: scaled down to it, as
        # the model would read such a poll (docs/method.md §2.1).
        scale = min(1.0, 100.0 / sum(p.mean for p in here))
        shares = {p.party: round(scale * p.mean, SHARE_DECIMALS) for p in here}
        sample_size = effective_sample_size({p.party: p.mean for p in here}, {p.party: p.sd for p in here})
        other = round(max(0.0, 100.0 - sum(shares.values())), SHARE_DECIMALS)
        regions.append(RegionPoll(region, sample_size, (*shares.items(), (OTHER, other))))
    poll = Poll(AVERAGE_FIRM, (), day, day, tuple(regions), source=AVERAGE_SOURCE)
    return check_poll(poll, library.parties, library.elections.values()).poll


@lru_cache(maxsize=1)
def stored_poll_average() -> PollAverage:
    """Return data/poll_average.csv, loaded once per process (it changes only with a refit)."""
    return load_poll_average()


def average_poll_id(day: date) -> str:
    """Return the starting-point id of the average on `day`: ``"average-2025-06-03"``."""
    return f"{AVERAGE_POLL_PREFIX}{day.isoformat()}"


def average_start_days(library: Library, average: PollAverage | None = None) -> tuple[date, ...]:
    """Return the days the average can start a scenario from, newest first.

    Parameters
    ----------
    library : Library
        The loaded data (its election days are left out: the average is then the result).
    average : PollAverage or None, default None
        The average; None reads `stored_poll_average`.

    Returns
    -------
    tuple of datetime.date
        Every day the average holds except election days, newest first.
    """
    average = stored_poll_average() if average is None else average
    election_days = {election.date for election in library.elections.values()}
    return tuple(sorted((d for d in average.days if d not in election_days), reverse=True))


def average_poll_from_id(poll_id: str, library: Library, average: PollAverage | None = None) -> Poll | None:
    """Return the poll an ``"average-<date>"`` id names (`average_poll`), or None.

    Parameters
    ----------
    poll_id : str
        ``AVERAGE_POLL_PREFIX`` and an ISO day.
    library : Library
        The loaded data.
    average : PollAverage or None, default None
        The average; None reads `stored_poll_average`.

    Returns
    -------
    Poll or None
        None when the id is not an average's, its day is malformed, an election day or a day the
        average does not hold.
    """
    if not poll_id.startswith(AVERAGE_POLL_PREFIX):
        return None
    try:
        day = date.fromisoformat(poll_id[len(AVERAGE_POLL_PREFIX) :])
        return average_poll(stored_poll_average() if average is None else average, day, library)
    except ValueError:
        return None
