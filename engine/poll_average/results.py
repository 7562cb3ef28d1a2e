"""The poll average's results: plain objects, read by the app without the fitting machinery.

Shares are in percent, house effects and standard deviations in points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# τ: a house effect is a priori within ±4 points (95 %) of the electorate. Belgian final polls
# missed regional results by about 2 points per party (docs/method.md §5), and that miss holds the
# house effect and the campaign's shared error; a firm with many polls between two elections moves
# far from the prior, a firm with one or two stays near zero instead of absorbing the gap.
HOUSE_SD = 2.0  # points
# The average's 80 % band: mean ± Z_80 sd (the normal distribution's 0.9 quantile).
Z_80 = 1.2815515655446004


@dataclass(frozen=True)
class AveragePoint:
    """The poll average of one party in one region on one day.

    Attributes
    ----------
    day : datetime.date
        The day.
    region : str
        Region key.
    party : str
        Registry key.
    mean : float
        The average share, percent (never below 0).
    sd : float
        Its standard deviation, points: what the polls and elections in the fit leave uncertain
        about the electorate's share that day (sampling, house effects, the walk between polls).
    """

    day: date
    region: str
    party: str
    mean: float
    sd: float

    @property
    def band_80(self) -> tuple[float, float]:
        """The 80 % band, percent: mean ± `Z_80` sd, the low end at 0 at least."""
        return max(0.0, self.mean - Z_80 * self.sd), self.mean + Z_80 * self.sd


@dataclass(frozen=True)
class HouseEffect:
    """How far one firm's polls sit from the electorate, for one party in one region.

    Attributes
    ----------
    firm : str
        The polling firm, as written in the poll files.
    region : str
        Region key.
    party : str
        Registry key.
    effect : float
        Points: positive when the firm's polls put the party higher than the average.
    sd : float
        Its posterior standard deviation, points.
    n_polls : int
        The firm's polls that name the party in the region.
    """

    firm: str
    region: str
    party: str
    effect: float
    sd: float
    n_polls: int


@dataclass(frozen=True)
class PollAverage:
    """The stored poll average, as read from data/poll_average.csv.

    Attributes
    ----------
    points : tuple of AveragePoint
        Shares in percent and sds in points, by day, region and party.
    """

    points: tuple[AveragePoint, ...]

    @property
    def days(self) -> tuple[date, ...]:
        """The days the average exists for, oldest first."""
        return tuple(sorted({p.day for p in self.points}))

    @property
    def latest_day(self) -> date:
        """The last day the average exists for (the last poll's last fieldwork day)."""
        return max(p.day for p in self.points)

    def on(self, day: date) -> tuple[AveragePoint, ...]:
        """Return the average on `day`: one point per region and party (empty when none)."""
        return tuple(p for p in self.points if p.day == day)

    def series(self, region: str, party: str) -> tuple[AveragePoint, ...]:
        """Return one party's average in one region over time, oldest first."""
        return tuple(p for p in self.points if p.region == region and p.party == party)


@dataclass(frozen=True)
class FittedAverage:
    """The fitted poll average, its house effects and the drift of each region.

    Attributes
    ----------
    points : tuple of AveragePoint
        Sorted by day, region (`REGIONS` order) and party key.
    house_effects : tuple of HouseEffect
        Sorted by firm, region and party.
    drift : dict of str to float
        ω per region (`HouseEffectWalk`): the walk's sd per √day is ``100 ω √(p̄(1 − p̄))`` points
        for a party of mean share p̄ (a fraction).
    """

    points: tuple[AveragePoint, ...]
    house_effects: tuple[HouseEffect, ...]
    drift: dict[str, float] = field(hash=False)

    @property
    def average(self) -> PollAverage:
        """The average alone, as `engine.poll_average.load_poll_average` reads it from the file."""
        return PollAverage(self.points)

    def on(self, day: date) -> tuple[AveragePoint, ...]:
        """Return the average on `day` (empty when the fit wrote nothing for it)."""
        return tuple(p for p in self.points if p.day == day)
