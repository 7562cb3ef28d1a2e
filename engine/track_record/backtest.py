"""Track record: project an election from the one before it and score it against the result.

The elections scored are 2019 (from 2014) and 2024 (from 2019). Two kinds of backtest
(docs/track-record.md):

- the *perfect poll*: the actual regional results fed as a poll on the baseline, with a sample
  so large that it has no sampling error, and no polling error. What is left is the error of the
  swing model (regional swings spread over constituencies) and of D'Hondt's thresholds.
- each *final poll* before the election (`engine.polling_error_fit.final_polls`: the last month
  of polls we hold), on the same baseline: the error of the poll and the model together, which
  is what a journalist quoting a projection faces. With the historical polling error its
  parameters are fitted on the *other* elections' polls (leave one election out), and the poll
  is read as a forecast of the election day.

Each backtest compares, per list, the projected median and intervals with the seats actually won
(computed by D'Hondt from the official votes, as `python -m engine seats` does), and gives the
probability the model put on a majority for the coalition that was formed afterwards. Seats are
whole seats, probabilities fractions (0–1). A poll that covers only some regions is scored on the
seats of those regions only (the others would just repeat the baseline).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np

from ..defaults import (
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    HISTORICAL,
    NO_POLLING_ERROR,
    POLLING_ERROR_MODELS,
    SWING_MODELS,
)
from ..domain import INTERVAL_LEVELS, OTHER, REGIONS, Election, Library, Poll, Scenario
from ..i18n import N_, _
from ..model import seats_won
from ..poll_edits import poll_from_election
from ..polling_error_fit import final_polls, fit_polling_error
from ..simulation import simulate
from ..summaries import Probability, SeatDistribution

BASELINE = "2019-05-26"
ELECTION = "2024-06-09"
# Each scored election with its baseline (the election before it).
SCORED_ELECTIONS = (("2014-05-25", "2019-05-26"), (BASELINE, ELECTION))
# The coalition formed after each election: the De Croo government ("Vivaldi", October 2020) and
# the De Wever government ("Arizona", February 2025).
FORMED_COALITIONS = {
    "2019-05-26": ("Vivaldi", ("PS", "MR", "ECOLO", "CDV", "OPENVLD", "VOORUIT", "GROEN")),
    ELECTION: ("Arizona", ("NVA", "MR", "LE", "VOORUIT", "CDV")),
}
FORMED_COALITION_NAME, FORMED_COALITION = FORMED_COALITIONS[ELECTION]
# A sample this large makes the Dirichlet posterior a point (sd < 0.05 points for any share):
# the perfect poll then has no sampling error at all.
PERFECT_POLL_SAMPLE_SIZE = 10**6
CONSTITUENCY_NOISE_LEVELS = (0.0, 0.05, 0.1, 0.15)
# What honest intervals look like on one election's final polls (docs/track-record.md): the share
# of lists whose seats fall inside the L % interval should lie in this range (fractions). It is
# about the range an honest interval's share falls in 9 times in 10 with the 33–35 lists of one
# election, were they independent (binomial); the real range is wider, since they are not.
COVERAGE_TARGETS = {80: (0.70, 0.90), 90: (0.80, 0.97)}
HONEST, TOO_CONFIDENT, TOO_CAUTIOUS = "honest", "too confident", "too cautious"
# The name of the lists outside the registry; stored in English, translated where shown
# (`ListBacktest.shown_name`).
OTHER_LISTS = N_("Other lists")


def actual_seats(election: Election) -> dict[tuple[str, str], int]:
    """Compute the seats won per region and party in `election` from its official votes.

    D'Hondt with the 5 % threshold (Electoral Code art. 165bis, 167), constituency by
    constituency, on the FPS Interior's official votes, as ``python -m engine seats`` does.

    Parameters
    ----------
    election : Election
        The election to count.

    Returns
    -------
    dict of (str, str) to int
        Seats per (region key, party key); lists outside the party registry under `OTHER`. Only
        parties with seats appear.
    """
    seats: dict[tuple[str, str], int] = {}
    for row, won in seats_won(election):
        if won:
            key = (election.region_of(row.constituency), row.party or OTHER)
            seats[key] = seats.get(key, 0) + won
    return seats


def actual_party_seats(election: Election, regions: tuple[str, ...] = REGIONS) -> dict[str, int]:
    """Compute the seats won per party in `election`, summed over some regions.

    Parameters
    ----------
    election : Election
        The election to count (official votes, as `actual_seats`).
    regions : tuple of str, default REGIONS
        Region keys to sum over; all three give the Chamber.

    Returns
    -------
    dict of str to int
        Seats per party key (`OTHER` for lists outside the registry); only parties with seats.
    """
    seats: dict[str, int] = {}
    for (region, party), won in actual_seats(election).items():
        if region in regions:
            seats[party] = seats.get(party, 0) + won
    return seats


def perfect_poll(election: Election, sample_size: int = PERFECT_POLL_SAMPLE_SIZE) -> Poll:
    """Turn an election's regional results into a poll with no sampling error to speak of.

    Parameters
    ----------
    election : Election
        The election whose regional shares (percent, rounded to 0.01) become the poll.
    sample_size : int, default 10**6
        Respondents per region; a million makes the Dirichlet posterior a point (sd below 0.05
        percentage points for any share).

    Returns
    -------
    Poll
        Dated the day after the election, firm ``"Perfect poll (the <date> result)"``.
    """
    poll = poll_from_election(election, sample_size=sample_size)
    return replace(poll, firm=f"Perfect poll (the {election.id} result)")


@dataclass(frozen=True)
class ListBacktest:
    """One list's projection against what it won (seats in the backtest's regions).

    Attributes
    ----------
    party : str
        Registry key (`OTHER`: lists outside the registry).
    name : str
        Abbreviation on election day (``"Other lists"`` for `OTHER`).
    colour : str
        Hex colour.
    actual : int
        Seats won, by D'Hondt on the official votes.
    seats : SeatDistribution
        Projected seats.
    """

    party: str  # registry key (OTHER: lists outside the registry)
    name: str  # as at the election
    colour: str
    actual: int
    seats: SeatDistribution

    @property
    def shown_name(self) -> str:
        """`name` in the current language: an abbreviation as it is, "Other lists" translated."""
        return _(self.name) if self.party == OTHER else self.name

    @property
    def median(self) -> int:
        """Projected median seats."""
        return self.seats.median

    @property
    def error(self) -> int:
        """Absolute seat error of the median."""
        return abs(self.median - self.actual)

    def interval(self, level: int) -> tuple[int, int]:
        """Return the projected `level` % seat interval (`SeatDistribution.interval`).

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        tuple of (int, int)
            Low and high end, in seats.
        """
        return self.seats.interval(level)

    def inside(self, level: int) -> bool:
        """Tell whether the seats won fell inside the projected `level` % interval.

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        bool
            True when low ≤ actual ≤ high.
        """
        low, high = self.interval(level)
        return low <= self.actual <= high

    def interval_mass(self, level: int) -> float:
        """Return the probability the projection put inside its own `level` % interval (0–1).

        Seats are whole numbers, so an interval holds at least `level` % and often more (a list
        of 2 to 4 seats may have 95 % of its simulations inside its 80 % interval): this is how
        often an honest model's interval would contain the result.

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        float
            P(low ≤ X ≤ high) under the projected seat distribution.
        """
        low, high = self.interval(level)
        return int(self.seats.counts[low : high + 1].sum()) / self.seats.n

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
    """A projection of `election` from `baseline`, scored list by list.

    Attributes
    ----------
    label : str
        ``"Perfect poll"`` or the poll id.
    poll_id : str
        The poll's id.
    perfect : bool
        Whether the poll is the election's own result (`perfect_poll`).
    fieldwork_end : datetime.date
        The poll's last fieldwork day.
    baseline, election : str
        Election ids (``"2019-05-26"``, ``"2024-06-09"``).
    swing : str
        One of `SWING_MODELS`.
    constituency_noise : float
        Sd of the local log-normal factor (docs/method.md §3.1).
    polling_error : str
        One of `POLLING_ERROR_MODELS`.
    effective_sample_size : dict of str to float
        Respondents each covered region's poll counted as (docs/method.md §8).
    simulations : int
        Number of simulations.
    regions : tuple of str
        The regions scored: the poll's covered regions.
    lists : tuple of ListBacktest
        Every list that won a seat or had a projected median above zero, most seats won first.
    coalition_name : str
        The scored coalition's name (``"Arizona"``).
    coalition_parties : tuple of str
        Its registry keys.
    coalition_actual_seats : int
        Its seats won in the whole Chamber.
    coalition_majority : Probability or None
        P(coalition ≥ 76 seats), a fraction; None when the poll does not cover every region.
    coalition_seats : SeatDistribution or None
        Its projected seats; None when the poll does not cover every region.
    """

    label: str  # "Perfect poll" or the poll id
    poll_id: str
    perfect: bool
    fieldwork_end: date
    baseline: str
    election: str
    swing: str
    constituency_noise: float
    polling_error: str
    effective_sample_size: dict[str, float]
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
        """Seats actually won by the scored lists (150 when every region is scored)."""
        return sum(entry.actual for entry in self.lists)

    @cached_property
    def calibration(self) -> dict[int, int]:
        """Per interval level (percent): how many lists' actual seats fell inside the interval."""
        return {level: sum(entry.inside(level) for entry in self.lists) for level in INTERVAL_LEVELS}

    @property
    def mean_log_score(self) -> float:
        """Mean over lists of log10 P(actual seats): higher is better.

        It rewards intervals that are both narrow and right. A probability of zero counts as
        1 / (simulations + 1), about one simulation's worth.
        """
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
    polling_error: str = DEFAULT_POLLING_ERROR,
    perfect: bool = False,
) -> Backtest:
    """Simulate `poll` on `baseline` and score it against the seats won in `election`.

    Parameters
    ----------
    poll : Poll
        The poll to project; shares in percent. Only its covered regions are scored.
    library : Library
        The loaded data.
    baseline, election : str, default BASELINE, ELECTION
        Election ids: the swing's baseline and the election scored against.
    swing : str, default DEFAULT_SWING
        One of `SWING_MODELS` (docs/method.md §3.1).
    constituency_noise : float, default DEFAULT_CONSTITUENCY_NOISE
        Sd of the local log-normal factor, within `CONSTITUENCY_NOISE_RANGE`.
    simulations : int, default DEFAULT_SIMULATIONS
        Number of simulations, within `SIMULATIONS_RANGE`.
    seed : int, default DEFAULT_SEED
        Seed, within `SEED_RANGE`.
    polling_error : str, default DEFAULT_POLLING_ERROR
        One of `POLLING_ERROR_MODELS`; the historical one is fitted without `election`'s polls
        (`fit_polling_error`) and reads the poll as a forecast of `election`'s day.
    perfect : bool, default False
        Label the backtest as the perfect poll.

    Returns
    -------
    Backtest
        Per list: projected seats against seats won (D'Hondt on the official votes); the
        coalition formed after `election` (`FORMED_COALITIONS`) when the poll covers every region.

    Raises
    ------
    KeyError
        When `baseline` or `election` is not in the library.
    ValueError
        When a scenario field is out of range (`Scenario`), or no other election's polls can fit
        the historical polling error.
    """
    target = library.elections[election]
    if polling_error == HISTORICAL:
        library = replace(library, polling_error=fit_polling_error(library, leave_out=election).error)
    scenario = Scenario(
        poll,
        seed=seed,
        simulations=simulations,
        baseline=baseline,
        swing=swing,
        constituency_noise=constituency_noise,
        polling_error=polling_error,
        election_day=target.date if polling_error == HISTORICAL else None,
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
                name=party.abbreviation_on(target.date) if party else OTHER_LISTS,
                colour=party.colour if party else "#999999",
                actual=won,
                seats=distribution,
            )
        )
    lists.sort(key=lambda entry: (-entry.actual, -entry.median))
    coalition_name, coalition = FORMED_COALITIONS.get(election, ("", ()))
    full = regions == REGIONS and bool(coalition)
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
        polling_error=polling_error,
        effective_sample_size=result.model.effective_sample_size,
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
    polling_error: str = DEFAULT_POLLING_ERROR,
) -> tuple[Backtest, ...]:
    """Run the track record: the perfect-poll backtest, then one per final poll.

    Parameters
    ----------
    library : Library
        The loaded data.
    swing : str, default DEFAULT_SWING
        One of `SWING_MODELS`.
    constituency_noise : float, default DEFAULT_CONSTITUENCY_NOISE
        Sd of the local log-normal factor.
    simulations : int, default DEFAULT_SIMULATIONS
        Number of simulations per backtest.
    seed : int, default DEFAULT_SEED
        Seed of every backtest.
    baseline, election : str, default BASELINE, ELECTION
        Election ids: the swing's baseline and the election scored against.
    polling_error : str, default DEFAULT_POLLING_ERROR
        One of `POLLING_ERROR_MODELS`, for the published polls (the perfect poll has none).

    Returns
    -------
    tuple of Backtest
        The perfect poll (`perfect_poll`) first, then the polls of `final_polls`, oldest first.

    Raises
    ------
    KeyError
        When `baseline` or `election` is not in the library.
    ValueError
        When a scenario field is out of range (`Scenario`).
    """
    common = dict(
        baseline=baseline,
        election=election,
        swing=swing,
        constituency_noise=constituency_noise,
        simulations=simulations,
        seed=seed,
    )
    perfect = perfect_poll(library.elections[election])
    runs = [backtest(perfect, library, perfect=True, polling_error=NO_POLLING_ERROR, **common)]
    runs += [backtest(poll, library, polling_error=polling_error, **common) for poll in final_polls(library, election)]
    return tuple(runs)


@dataclass(frozen=True)
class ModelScore:
    """How one model (swing, constituency noise, polling error) did over a track record.

    Attributes
    ----------
    swing : str
        One of `SWING_MODELS`.
    constituency_noise : float
        Sd of the local log-normal factor.
    backtests : tuple of Backtest
        The track record (`track_record`) under this model.
    polling_error : str, default DEFAULT_POLLING_ERROR
        One of `POLLING_ERROR_MODELS`.
    election : str, default ELECTION
        The election scored.
    """

    swing: str
    constituency_noise: float
    backtests: tuple[Backtest, ...]
    polling_error: str = DEFAULT_POLLING_ERROR
    election: str = ELECTION

    @property
    def perfect(self) -> Backtest:
        """The perfect-poll backtest (StopIteration when there is none)."""
        return next(b for b in self.backtests if b.perfect)

    @property
    def polls(self) -> tuple[Backtest, ...]:
        """The backtests of published polls."""
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
        """Number of lists scored over every poll backtest."""
        return sum(len(b.lists) for b in self.polls)

    @property
    def poll_calibration(self) -> dict[int, int]:
        """Per level: lists inside their interval, over every poll backtest (partial ones too)."""
        return {level: sum(b.calibration[level] for b in self.polls) for level in INTERVAL_LEVELS}

    @property
    def poll_log_score(self) -> float:
        """Mean log10 P(actual seats) over every list of every poll backtest (NaN without any)."""
        scores = [b.mean_log_score * len(b.lists) for b in self.polls]
        return float(sum(scores) / self.poll_lists) if self.poll_lists else float("nan")

    def poll_interval_masses(self, level: int) -> np.ndarray:
        """Return `ListBacktest.interval_mass` of every list of every poll backtest, shape (poll_lists,)."""
        return np.array([e.interval_mass(level) for b in self.polls for e in b.lists])

    def poll_expected_inside(self, level: int) -> float:
        """Return how many lists an honest model expects inside their `level` % interval.

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        float
            The sum of the intervals' probability masses over every poll backtest's lists.
        """
        return float(self.poll_interval_masses(level).sum())

    def chance_this_far_out(self, level: int) -> float:
        """Return the chance that an honest model's count inside lands as far out as observed.

        Each list's result falls inside its interval with the interval's own probability mass,
        independently of the others (`at_least_inside`). Above the expected count this is the chance
        of at least as many inside (a small value: the intervals are too wide), below it the chance
        of at most as many (a small value: too narrow). Lists of one poll and polls of one
        election miss together, so the true spread is wider and the chance larger than this.

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        float
            A one-sided tail probability, 0–1; NaN when no list was scored.
        """
        if not self.poll_lists:
            return float("nan")
        masses, observed = self.poll_interval_masses(level), self.poll_calibration[level]
        if observed >= masses.sum():
            return at_least_inside(masses, observed)
        return 1.0 - at_least_inside(masses, observed + 1)

    def poll_coverage(self, level: int) -> float:
        """Return the fraction of lists (over every poll backtest) whose seats fell inside the `level` % interval.

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95, 99).

        Returns
        -------
        float
            From 0 to 1; NaN when no list was scored.
        """
        return self.poll_calibration[level] / self.poll_lists if self.poll_lists else float("nan")

    @property
    def coverage_verdict(self) -> str:
        """Compare the polls' coverage with `COVERAGE_TARGETS`.

        Returns
        -------
        str
            `TOO_CONFIDENT` when the share inside is below its range at any level (the intervals
            were too narrow: the worse failure, so it wins over the other), else `TOO_CAUTIOUS`
            when it is above its range at any level (too wide), else `HONEST`.
        """
        coverage = {level: self.poll_coverage(level) for level in COVERAGE_TARGETS}
        if any(coverage[level] < low for level, (low, _) in COVERAGE_TARGETS.items()):
            return TOO_CONFIDENT
        if any(coverage[level] > high for level, (_, high) in COVERAGE_TARGETS.items()):
            return TOO_CAUTIOUS
        return HONEST


def at_least_inside(masses: np.ndarray, observed: int) -> float:
    """Return P(K ≥ `observed`) where K counts independent events of probabilities `masses`.

    The Poisson-binomial distribution, computed exactly by convolving one event at a time.

    Parameters
    ----------
    masses : numpy.ndarray of shape (n,)
        Each event's probability (0–1).
    observed : int
        A count from 0 to n.

    Returns
    -------
    float
        The upper tail, 0–1 (1 for `observed` ≤ 0).
    """
    pmf = np.array([1.0])
    for p in masses:
        pmf = np.convolve(pmf, [1.0 - p, p])
    return float(pmf[max(observed, 0) :].sum())


def compare_models(
    library: Library,
    *,
    swings: tuple[str, ...] = SWING_MODELS,
    noise_levels: tuple[float, ...] = CONSTITUENCY_NOISE_LEVELS,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
) -> tuple[ModelScore, ...]:
    """Run the track record under every combination of swing model and constituency noise.

    Parameters
    ----------
    library : Library
        The loaded data.
    swings : tuple of str, default SWING_MODELS
        Swing models to compare.
    noise_levels : tuple of float, default CONSTITUENCY_NOISE_LEVELS
        Sds of the local log-normal factor to compare.
    simulations : int, default DEFAULT_SIMULATIONS
        Number of simulations per backtest.
    seed : int, default DEFAULT_SEED
        Seed of every backtest.

    Returns
    -------
    tuple of ModelScore
        One per (swing, noise), swings outermost, on the default baseline and election.

    Raises
    ------
    ValueError
        When a swing or noise level is out of range (`Scenario`).
    """
    return tuple(
        ModelScore(
            swing,
            noise,
            track_record(library, swing=swing, constituency_noise=noise, simulations=simulations, seed=seed),
        )
        for swing in swings
        for noise in noise_levels
    )


def coverage_scores(
    library: Library,
    *,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
    elections: tuple[tuple[str, str], ...] = SCORED_ELECTIONS,
    polling_errors: tuple[str, ...] = POLLING_ERROR_MODELS,
) -> tuple[ModelScore, ...]:
    """Score each polling-error model on each election's final polls (leave one election out).

    Parameters
    ----------
    library : Library
        The loaded data.
    simulations : int, default DEFAULT_SIMULATIONS
        Number of simulations per backtest.
    seed : int, default DEFAULT_SEED
        Seed of every backtest.
    elections : tuple of (str, str), default SCORED_ELECTIONS
        ``(baseline, election)`` pairs.
    polling_errors : tuple of str, default POLLING_ERROR_MODELS
        The models to score.

    Returns
    -------
    tuple of ModelScore
        One per (election, polling error), elections outermost; default swing and local noise.

    Raises
    ------
    KeyError
        When an election is not in the library.
    """
    return tuple(
        ModelScore(
            DEFAULT_SWING,
            DEFAULT_CONSTITUENCY_NOISE,
            track_record(
                library,
                simulations=simulations,
                seed=seed,
                baseline=baseline,
                election=election,
                polling_error=polling_error,
            ),
            polling_error=polling_error,
            election=election,
        )
        for baseline, election in elections
        for polling_error in polling_errors
    )
