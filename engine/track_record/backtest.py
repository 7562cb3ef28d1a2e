"""Track record: project the 2024 Chamber from the 2019 baseline and score it against the result.

Two kinds of backtest (docs/track-record.md):

- the *perfect poll*: the actual 2024 regional results fed as a poll on the 2019 baseline, with a
  sample so large that it has no sampling error. What is left is the error of the swing model
  (regional swings spread over constituencies) and of D'Hondt's thresholds.
- each *published poll* of the last month before the election, on the same baseline: the error of
  the poll and the model together, which is what a journalist quoting a projection faces.

Each backtest compares, per list, the projected median and intervals with the seats actually won
(computed by D'Hondt from the official votes, as `python -m engine seats` does), and gives the
probability the model put on a majority for the coalition that was formed afterwards. Seats are
whole seats, probabilities fractions (0–1). A poll that covers only some regions is scored on the
seats of those regions only (the others would just repeat the baseline).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from ..defaults import DEFAULT_CONSTITUENCY_NOISE, DEFAULT_SEED, DEFAULT_SIMULATIONS, DEFAULT_SWING, SWING_MODELS
from ..domain import INTERVAL_LEVELS, OTHER, REGIONS, Election, Library, Poll, Scenario
from ..model import seats_won
from ..poll_edits import poll_from_election
from ..simulation import simulate
from ..summaries import Probability, SeatDistribution

BASELINE = "2019-05-26"
ELECTION = "2024-06-09"
# The coalition formed after the 2024 election (De Wever government, February 2025).
FORMED_COALITION = ("NVA", "MR", "LE", "VOORUIT", "CDV")
FORMED_COALITION_NAME = "Arizona"
# Polls published in the month before the election: fieldwork ending 1 to 31 days before it.
LAST_MONTH_DAYS = 31
# A sample this large makes the Dirichlet posterior a point (sd < 0.05 points for any share):
# the perfect poll then has no sampling error at all.
PERFECT_POLL_SAMPLE_SIZE = 10**6
CONSTITUENCY_NOISE_LEVELS = (0.0, 0.05, 0.1, 0.15)


def actual_seats(election: Election) -> dict[tuple[str, str], int]:
    """Seats won per (region, party key) in `election`, by D'Hondt with the 5 % threshold on its
    official votes (lists outside the party registry under OTHER). Only lists with seats appear."""
    seats: dict[tuple[str, str], int] = {}
    for row, won in seats_won(election):
        if won:
            key = (election.region_of(row.constituency), row.party or OTHER)
            seats[key] = seats.get(key, 0) + won
    return seats


def actual_party_seats(election: Election, regions: tuple[str, ...] = REGIONS) -> dict[str, int]:
    """Seats won per party key in `election`, summed over `regions` (default: all: the Chamber)."""
    seats: dict[str, int] = {}
    for (region, party), won in actual_seats(election).items():
        if region in regions:
            seats[party] = seats.get(party, 0) + won
    return seats


def perfect_poll(election: Election, sample_size: int = PERFECT_POLL_SAMPLE_SIZE) -> Poll:
    """The election's regional results as a poll of `sample_size` respondents per region."""
    poll = poll_from_election(election, sample_size=sample_size)
    return replace(poll, firm=f"Perfect poll (the {election.id} result)")


def last_month_polls(library: Library, election: str = ELECTION) -> tuple[Poll, ...]:
    """Polls whose fieldwork ended in the month before `election` (oldest first)."""
    day = library.elections[election].date
    first = day - timedelta(days=LAST_MONTH_DAYS)
    polls = [p for p in library.polls.values() if first <= p.fieldwork_end < day]
    return tuple(sorted(polls, key=lambda p: (p.fieldwork_end, p.id)))


@dataclass(frozen=True)
class ListBacktest:
    """One list's projection against what it won (seats in the backtest's regions)."""

    party: str  # registry key (OTHER: lists outside the registry)
    name: str  # as at the election
    colour: str
    actual: int
    seats: SeatDistribution

    @property
    def median(self) -> int:
        return self.seats.median

    @property
    def error(self) -> int:
        """Absolute seat error of the median."""
        return abs(self.median - self.actual)

    def interval(self, level: int) -> tuple[int, int]:
        return self.seats.interval(level)

    def inside(self, level: int) -> bool:
        low, high = self.interval(level)
        return low <= self.actual <= high

    @property
    def narrowest_level_inside(self) -> int | None:
        """The narrowest interval level (percent) that contained the seats won, or None."""
        return next((level for level in INTERVAL_LEVELS if self.inside(level)), None)

    @property
    def probability_of_actual(self) -> float:
        """P(X = actual seats), the fraction of simulations that hit the result exactly."""
        return float(self.seats.pmf[self.actual]) if self.actual < len(self.seats.counts) else 0.0


@dataclass(frozen=True)
class Backtest:
    """A projection of `election` from `baseline`, scored list by list."""

    label: str  # "Perfect poll" or the poll id
    poll_id: str
    perfect: bool
    fieldwork_end: date
    baseline: str
    election: str
    swing: str
    constituency_noise: float
    simulations: int
    regions: tuple[str, ...]  # the regions scored (the poll's covered regions)
    lists: tuple[ListBacktest, ...]  # every list that won a seat or had a median above zero
    coalition_name: str
    coalition_parties: tuple[str, ...]
    coalition_actual_seats: int
    # P(coalition ≥ 76 seats); None when the poll does not cover every region.
    coalition_majority: Probability | None
    coalition_seats: SeatDistribution | None

    @property
    def total_error(self) -> int:
        """Sum over lists of |projected median − actual seats|."""
        return sum(entry.error for entry in self.lists)

    @property
    def seats_scored(self) -> int:
        return sum(entry.actual for entry in self.lists)

    @cached_property
    def calibration(self) -> dict[int, int]:
        """Per interval level (percent): how many lists' actual seats fell inside the interval."""
        return {level: sum(entry.inside(level) for entry in self.lists) for level in INTERVAL_LEVELS}

    @property
    def mean_log_score(self) -> float:
        """Mean over lists of log10 P(actual seats): higher is better; it rewards intervals that
        are both narrow and right. A probability of zero counts as one simulation's worth."""
        floor = 1.0 / (self.simulations + 1)
        return float(np.mean([np.log10(max(e.probability_of_actual, floor)) for e in self.lists]))


def backtest(
    poll: Poll,
    library: Library,
    *,
    baseline: str = BASELINE,
    election: str = ELECTION,
    swing: str = DEFAULT_SWING,
    constituency_noise: float = DEFAULT_CONSTITUENCY_NOISE,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
    coalition: tuple[str, ...] = FORMED_COALITION,
    coalition_name: str = FORMED_COALITION_NAME,
    perfect: bool = False,
) -> Backtest:
    """Simulate `poll` on `baseline` and score it against the seats won in `election`."""
    target = library.elections[election]
    scenario = Scenario(
        poll,
        seed=seed,
        simulations=simulations,
        baseline=baseline,
        swing=swing,
        constituency_noise=constituency_noise,
    )
    result = simulate(scenario, library)
    regions = poll.covered_regions
    actual = actual_party_seats(target, regions)
    keys = [k for k in result.model.parties if k != OTHER]
    keys += [k for k in actual if k not in keys]
    lists = []
    for key in keys:
        distribution = SeatDistribution.from_draws(result.seats([key], regions))
        won = actual.get(key, 0)
        if won == 0 and distribution.median == 0:
            continue
        party = library.parties[key] if key != OTHER else None
        lists.append(
            ListBacktest(
                party=key,
                name=party.abbreviation_on(target.date) if party else "Other lists",
                colour=party.colour if party else "#999999",
                actual=won,
                seats=distribution,
            )
        )
    lists.sort(key=lambda entry: (-entry.actual, -entry.median))
    full = regions == REGIONS
    coalition_seats = SeatDistribution.from_draws(result.seats(coalition)) if full else None
    return Backtest(
        label="Perfect poll" if perfect else poll.id,
        poll_id=poll.id,
        perfect=perfect,
        fieldwork_end=poll.fieldwork_end,
        baseline=baseline,
        election=election,
        swing=swing,
        constituency_noise=constituency_noise,
        simulations=simulations,
        regions=regions,
        lists=tuple(lists),
        coalition_name=coalition_name,
        coalition_parties=tuple(coalition),
        coalition_actual_seats=sum(actual_party_seats(target).get(k, 0) for k in coalition),
        coalition_majority=coalition_seats.majority_probability if coalition_seats else None,
        coalition_seats=coalition_seats,
    )


def track_record(
    library: Library,
    *,
    swing: str = DEFAULT_SWING,
    constituency_noise: float = DEFAULT_CONSTITUENCY_NOISE,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
    baseline: str = BASELINE,
    election: str = ELECTION,
) -> tuple[Backtest, ...]:
    """The perfect-poll backtest, then one per poll of the last month before `election`."""
    common = dict(
        baseline=baseline,
        election=election,
        swing=swing,
        constituency_noise=constituency_noise,
        simulations=simulations,
        seed=seed,
    )
    runs = [backtest(perfect_poll(library.elections[election]), library, perfect=True, **common)]
    runs += [backtest(poll, library, **common) for poll in last_month_polls(library, election)]
    return tuple(runs)


@dataclass(frozen=True)
class ModelScore:
    """How one swing model (with its constituency noise) did over a track record."""

    swing: str
    constituency_noise: float
    backtests: tuple[Backtest, ...]

    @property
    def perfect(self) -> Backtest:
        return next(b for b in self.backtests if b.perfect)

    @property
    def polls(self) -> tuple[Backtest, ...]:
        return tuple(b for b in self.backtests if not b.perfect)

    @property
    def full_polls(self) -> tuple[Backtest, ...]:
        """The polls that cover all three regions (the ones that project the whole Chamber)."""
        return tuple(b for b in self.polls if b.regions == REGIONS)

    @property
    def poll_error(self) -> float:
        """Mean total seat error over the polls that cover all regions."""
        return float(np.mean([b.total_error for b in self.full_polls])) if self.full_polls else float("nan")

    @property
    def poll_lists(self) -> int:
        return sum(len(b.lists) for b in self.polls)

    @property
    def poll_calibration(self) -> dict[int, int]:
        """Per level: lists inside their interval, over every poll backtest (partial ones too)."""
        return {level: sum(b.calibration[level] for b in self.polls) for level in INTERVAL_LEVELS}

    @property
    def poll_log_score(self) -> float:
        scores = [b.mean_log_score * len(b.lists) for b in self.polls]
        return float(sum(scores) / self.poll_lists) if self.poll_lists else float("nan")


def compare_models(
    library: Library,
    *,
    swings: tuple[str, ...] = SWING_MODELS,
    noise_levels: tuple[float, ...] = CONSTITUENCY_NOISE_LEVELS,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
) -> tuple[ModelScore, ...]:
    """The track record under every combination of swing model and constituency noise."""
    return tuple(
        ModelScore(
            swing,
            noise,
            track_record(library, swing=swing, constituency_noise=noise, simulations=simulations, seed=seed),
        )
        for swing in swings
        for noise in noise_levels
    )
