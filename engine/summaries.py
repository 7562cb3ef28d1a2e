"""From simulated draws to the numbers journalists read: PMFs, medians, intervals, probabilities.

Interval convention (docs/method.md §3.7, as in the reference reports): the median is the smallest x with
P(X ≤ x) ≥ 0.5; the L % interval runs from the smallest x with P(X ≤ x) > (1 − L)/2 to the smallest
x with P(X ≤ x) ≥ (1 + L)/2. Computed on integer counts so that no rounding moves a bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .domain import INTERVAL_LEVELS, MAJORITY


@dataclass(frozen=True)
class Probability:
    """A Monte Carlo probability (fraction, 0–1) with its standard error.

    Attributes
    ----------
    value : float
        The fraction of simulations in which the event happened (0–1).
    standard_error : float
        Its Monte Carlo standard error ``sqrt(p (1 - p) / N)``, a fraction (docs/method.md §3.7).
    """

    value: float
    standard_error: float

    @classmethod
    def from_hits(cls, hits: int, n: int) -> Probability:
        """Build the probability of an event that happened in `hits` of `n` simulations.

        Parameters
        ----------
        hits : int
            Simulations in which the event happened (0 to `n`).
        n : int
            Simulations in all (at least 1).

        Returns
        -------
        Probability
            ``hits / n`` with the binomial standard error ``sqrt(p (1 - p) / n)``.

        Raises
        ------
        ZeroDivisionError
            When `n` is 0.
        """
        p = hits / n
        return cls(p, math.sqrt(p * (1 - p) / n))


@dataclass(frozen=True)
class SeatDistribution:
    """A seat count's distribution over the simulations.

    Medians and intervals follow the reference reports' convention (module docstring,
    docs/method.md §3.7) and are computed on the integer counts.

    Attributes
    ----------
    counts : numpy.ndarray of shape (max seats + 1,), int
        ``counts[x]``: the number of simulations that gave x seats.
    """

    counts: np.ndarray

    @classmethod
    def from_draws(cls, draws: np.ndarray, max_seats: int = 150) -> SeatDistribution:
        """Count seat draws into a distribution.

        Parameters
        ----------
        draws : array_like of shape (n_simulations,), non-negative int
            Seats in each simulation.
        max_seats : int, default 150
            The counts run at least from 0 to `max_seats` (longer if a draw is larger).

        Returns
        -------
        SeatDistribution
            With ``counts`` of length ``max(max_seats, max(draws)) + 1``, int64.

        Raises
        ------
        ValueError
            When a draw is negative (`numpy.bincount`).
        """
        return cls(np.bincount(np.asarray(draws, dtype=np.int64), minlength=max_seats + 1))

    @property
    def n(self) -> int:
        """Number of simulations counted."""
        return int(self.counts.sum())

    @property
    def pmf(self) -> np.ndarray:
        """P(X = x) for x = 0, 1, …, as fractions."""
        return self.counts / self.n

    def _first_cumulative(self, numerator: int, denominator: int, strict: bool) -> int:
        # Smallest x with cum(x)/n > or ≥ numerator/denominator, in exact integer arithmetic.
        scaled = np.cumsum(self.counts) * denominator
        target = numerator * self.n
        hits = scaled > target if strict else scaled >= target
        return int(np.argmax(hits))

    @property
    def median(self) -> int:
        """The smallest x with P(X ≤ x) ≥ 0.5, in seats."""
        return self._first_cumulative(1, 2, strict=False)

    def interval(self, level: int) -> tuple[int, int]:
        """Return the `level` % interval of the seats (docs/method.md §3.7).

        Parameters
        ----------
        level : int
            Interval level in percent (80, 90, 95 or 99 in the reports; any 0–100 works).

        Returns
        -------
        tuple of (int, int)
            The smallest x with P(X ≤ x) > (100 − level)/200 (strictly) and the smallest x with
            P(X ≤ x) ≥ (100 + level)/200, in seats, exact on the integer counts.
        """
        return (
            self._first_cumulative(100 - level, 200, strict=True),
            self._first_cumulative(100 + level, 200, strict=False),
        )

    @property
    def intervals(self) -> dict[int, tuple[int, int]]:
        """Seat interval (low, high) per level in `INTERVAL_LEVELS` (percent)."""
        return {level: self.interval(level) for level in INTERVAL_LEVELS}

    def at_least(self, x: int) -> Probability:
        """Return P(X ≥ x).

        Parameters
        ----------
        x : int
            Seats (below 0 counts as 0).

        Returns
        -------
        Probability
            A fraction with its Monte Carlo standard error.
        """
        return Probability.from_hits(int(self.counts[max(x, 0) :].sum()), self.n)

    def at_most(self, x: int) -> Probability:
        """Return P(X ≤ x).

        Parameters
        ----------
        x : int
            Seats (below 0 gives probability 0).

        Returns
        -------
        Probability
            A fraction with its Monte Carlo standard error.
        """
        return Probability.from_hits(int(self.counts[: max(x + 1, 0)].sum()), self.n)

    @property
    def support(self) -> tuple[int, int]:
        """Smallest and largest seat count that occurred."""
        nonzero = np.flatnonzero(self.counts)
        return int(nonzero[0]), int(nonzero[-1])

    @property
    def majority_probability(self) -> Probability:
        """P(X ≥ 76): at least a majority of the Chamber's 150 seats."""
        return self.at_least(MAJORITY)


@dataclass(frozen=True)
class ShareDistribution:
    """A vote share's distribution from draws, in percent.

    Attributes
    ----------
    estimate : float
        Median of the draws, in percent, so that every interval contains it (docs/method.md §2.3).
    intervals : dict of int to tuple of (float, float)
        Per level in `INTERVAL_LEVELS` (percent), the interval's ends in percent.
    """

    estimate: float  # median of the draws, so every interval contains it
    intervals: dict[int, tuple[float, float]]

    @classmethod
    def from_draws(cls, draws: np.ndarray) -> ShareDistribution:
        """Summarise vote-share draws by their quantiles (docs/method.md §3.7).

        Quantiles are numpy's default (``method="linear"``), read off one sort.

        Parameters
        ----------
        draws : array_like of shape (n_draws,), float
            Vote shares as fractions (0–1); at least one.

        Returns
        -------
        ShareDistribution
            Median and intervals, in percent.

        Raises
        ------
        IndexError
            When `draws` is empty.
        """
        ordered = np.sort(np.asarray(draws, dtype=np.float64)) * 100.0
        levels = [(100 - level) / 200 for level in INTERVAL_LEVELS] + [(100 + level) / 200 for level in INTERVAL_LEVELS]
        # numpy's default ("linear") quantile, read off one sort instead of one partition each.
        position = np.array([0.5, *levels]) * (len(ordered) - 1)
        below = np.floor(position).astype(np.int64)
        above = np.minimum(below + 1, len(ordered) - 1)
        q = ordered[below] + (position - below) * (ordered[above] - ordered[below])
        k = len(INTERVAL_LEVELS)
        return cls(
            float(q[0]), {level: (float(q[1 + i]), float(q[1 + k + i])) for i, level in enumerate(INTERVAL_LEVELS)}
        )
