"""Fit the poll average: one state-space model per region and party, the drift pooled per region.

Each ``(region, party)`` series is a `HouseEffectWalk` over its measurements (`measurements`) and
the days the average is wanted on. The drift ω is fitted by maximum likelihood per region, on the
sum of the log-likelihoods of the region's series (statsmodels' Kalman filter); then each series is
smoothed (Kalman smoother: every measurement, before and after, informs the average on a day).
docs/poll-average.md says why and what this leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import optimize

from ..domain import REGIONS, Library
from .measurements import Measurement, library_measurements, measured_series, output_days
from .results import HOUSE_SD, AveragePoint, FittedAverage, HouseEffect
from .state_space import HouseEffectWalk

# A party stays in the average for a year after its last measurement (poll or election): the
# walk carries it forward with a widening band. Later, its absence from the polls is taken as the
# pollsters folding it into Other (docs/method.md §3.2), not as knowledge of its share.
CARRY_FORWARD_DAYS = 365
# Search range of ω (drift per √day on a proportion's scale): from a frozen electorate
# (0.008 point a year at 20 %) to a wild one (76 points a year).
LOG_DRIFT_BOUNDS = (np.log(1e-5), np.log(1e-1))


@dataclass(frozen=True)
class _Series:
    """One region-party series ready for the filter: the model and how to read its steps."""

    region: str
    party: str
    model: HouseEffectWalk
    firms: tuple[str, ...]
    n_polls: tuple[int, ...]
    output_steps: tuple[tuple[date, int], ...]  # (day, step) the average is written for


def _series(measurements: Sequence[Measurement], days: Iterable[date], house_sd: float) -> _Series:
    """Build one series' model: its measurements in time order, plus the wanted days in its span."""
    # Sorted by day only: measurements of one day keep their given order, and the result must not
    # depend on it (the walk does not move within a day; tests/test_poll_average.py shuffles).
    ordered = sorted(measurements, key=lambda m: m.day)
    first, last = ordered[0].day, ordered[-1].day + timedelta(days=CARRY_FORWARD_DAYS)
    measured = {m.day for m in ordered}
    wanted = sorted({d for d in days if first <= d <= last})
    steps: list[tuple[date, Measurement | None]] = [(m.day, m) for m in ordered]
    steps += [(d, None) for d in wanted if d not in measured]
    steps.sort(key=lambda step: step[0])
    firms = tuple(sorted({m.firm for m in ordered if not m.is_election}))
    firm_of = {firm: i for i, firm in enumerate(firms)}
    shares = np.array([m.share if m else np.nan for _, m in steps])
    variances = np.array([m.variance if m else np.nan for _, m in steps])
    firm_index = np.array([firm_of[m.firm] if m and not m.is_election else -1 for _, m in steps], dtype=np.int64)
    ordinal = np.array([d.toordinal() for d, _ in steps], dtype=float)
    step_days = np.append(np.diff(ordinal), 0.0)
    mean_share = float(np.mean([m.share for m in ordered])) / 100.0
    binomial_scale = 1e4 * mean_share * (1.0 - mean_share)
    model = HouseEffectWalk(shares, variances, firm_index, step_days, len(firms), binomial_scale, house_sd)
    first_step: dict[date, int] = {}
    for i, (d, _) in enumerate(steps):
        first_step.setdefault(d, i)
    n_polls = tuple(sum(1 for m in ordered if m.firm == firm) for firm in firms)
    return _Series(
        ordered[0].region, ordered[0].party, model, firms, n_polls, tuple((d, first_step[d]) for d in wanted)
    )


def fit_drift(models: Sequence[HouseEffectWalk]) -> float:
    """Fit log ω by maximum likelihood, pooled over `models` (one region's series).

    Parameters
    ----------
    models : sequence of HouseEffectWalk
        The series; their log-likelihoods are summed.

    Returns
    -------
    float
        log ω, within `LOG_DRIFT_BOUNDS`.
    """

    def minus_loglike(log_drift: float) -> float:
        return -sum(model.loglike(np.array([log_drift])) for model in models)

    found = optimize.minimize_scalar(minus_loglike, bounds=LOG_DRIFT_BOUNDS, method="bounded", options={"xatol": 1e-4})
    return float(found.x)


def fit_measurements(
    measurements: Iterable[Measurement], days: Iterable[date], house_sd: float = HOUSE_SD
) -> FittedAverage:
    """Fit the poll average on `measurements` and write it for `days`.

    Parameters
    ----------
    measurements : iterable of Measurement
        Poll shares and election results, in any order (the result does not depend on it).
    days : iterable of datetime.date
        The days the average is wanted on; a series gets those within its span (its first
        measurement to `CARRY_FORWARD_DAYS` after its last).
    house_sd : float, default HOUSE_SD
        τ, the prior sd of a house effect (points).

    Returns
    -------
    FittedAverage
        Shares in percent, sds in points; a region without measurements is left out.
    """
    measurements = list(measurements)
    days = sorted(set(days))
    points: list[AveragePoint] = []
    house: list[HouseEffect] = []
    drift: dict[str, float] = {}
    for region in REGIONS:
        keys = [key for key in measured_series(measurements) if key[0] == region]
        if not keys:
            continue
        series = [_series([m for m in measurements if (m.region, m.party) == key], days, house_sd) for key in keys]
        log_drift = fit_drift([s.model for s in series])
        drift[region] = float(np.exp(log_drift))
        for s in series:
            smoothed = s.model.smooth(np.array([log_drift]), cov_type="none")
            state, cov = smoothed.smoothed_state, smoothed.smoothed_state_cov
            for day, step in s.output_steps:
                mean, sd = float(state[0, step]), float(np.sqrt(max(cov[0, 0, step], 0.0)))
                points.append(AveragePoint(day, s.region, s.party, max(mean, 0.0), sd))
            for i, firm in enumerate(s.firms):
                sd = float(np.sqrt(max(cov[1 + i, 1 + i, -1], 0.0)))
                house.append(HouseEffect(firm, s.region, s.party, float(state[1 + i, -1]), sd, s.n_polls[i]))
    order = {region: i for i, region in enumerate(REGIONS)}
    points.sort(key=lambda p: (p.day, order[p.region], p.party))
    house.sort(key=lambda h: (h.firm, order[h.region], h.party))
    return FittedAverage(tuple(points), tuple(house), drift)


def fit_poll_average(library: Library) -> FittedAverage:
    """Fit the poll average on every poll and election in `library`, as the stored files hold it.

    Parameters
    ----------
    library : Library
        The loaded data.

    Returns
    -------
    FittedAverage
        On `measurements.output_days`: every poll's last fieldwork day, every election day and every
        month end; shares in percent, sds in points.
    """
    return fit_measurements(library_measurements(library), output_days(library))
