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
    """A Monte Carlo probability (fraction, 0–1) with its standard error."""

    value: float
    standard_error: float

    @classmethod
    def from_hits(cls, hits: int, n: int) -> Probability:
        p = hits / n
        return cls(p, math.sqrt(p * (1 - p) / n))


@dataclass(frozen=True)
class SeatDistribution:
    """A seat count's distribution: `counts[x]` simulations gave x seats."""

    counts: np.ndarray

    @classmethod
    def from_draws(cls, draws: np.ndarray, max_seats: int = 150) -> SeatDistribution:
        return cls(np.bincount(np.asarray(draws, dtype=np.int64), minlength=max_seats + 1))

    @property
    def n(self) -> int:
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
        return self._first_cumulative(1, 2, strict=False)

    def interval(self, level: int) -> tuple[int, int]:
        """The `level` % interval (level in percent: 80, 90, 95, 99)."""
        return (
            self._first_cumulative(100 - level, 200, strict=True),
            self._first_cumulative(100 + level, 200, strict=False),
        )

    @property
    def intervals(self) -> dict[int, tuple[int, int]]:
        return {level: self.interval(level) for level in INTERVAL_LEVELS}

    def at_least(self, x: int) -> Probability:
        return Probability.from_hits(int(self.counts[max(x, 0) :].sum()), self.n)

    def at_most(self, x: int) -> Probability:
        return Probability.from_hits(int(self.counts[: max(x + 1, 0)].sum()), self.n)

    @property
    def support(self) -> tuple[int, int]:
        """Smallest and largest seat count that occurred."""
        nonzero = np.flatnonzero(self.counts)
        return int(nonzero[0]), int(nonzero[-1])

    @property
    def majority_probability(self) -> Probability:
        return self.at_least(MAJORITY)


@dataclass(frozen=True)
class ShareDistribution:
    """A vote share's distribution from draws, in percent."""

    estimate: float  # median of the draws, so every interval contains it
    intervals: dict[int, tuple[float, float]]

    @classmethod
    def from_draws(cls, draws: np.ndarray) -> ShareDistribution:
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
