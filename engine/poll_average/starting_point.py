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

from ..defaults import SAMPLE_SIZE_RANGE, SHARE_DECIMALS
from ..domain import OTHER, REGIONS, Library, Poll, RegionPoll
from ..validation import check_poll
from .files import PollAverage

AVERAGE_FIRM = "Poll average"
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
