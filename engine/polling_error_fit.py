"""Fit the polling error on past elections and score the candidate models (docs/method.md §8).

An *observation* is one list's share in one region of one published poll, next to the share that
list won in that region at the next election. Every candidate reads a poll as a Dirichlet
posterior (docs/method.md §2.2) of an *effective sample size* n_eff instead of the sample size n;
they differ in what n_eff is:

- sampling error only: ``n_eff = n`` (the reference reports' model);
- a smaller poll: ``n_eff = f × n``;
- a polling error: ``1 / n_eff = 1 / n + κ``, a variance every poll carries however large it is;
- growing: ``1 / n_eff = 1 / n + κ + γ × years^e``, years from the middle of the fieldwork to
  election day, with e = 1 (a random walk) or e = ½ (fast at first, then slower);
- by region: κ per region, γ shared.

A list's share under Dirichlet(k + 1) is Beta(p n_eff + 1, (1 − p) n_eff + 1) where p is its
published share (exactly so for two categories, closely for more), which gives each observed
result a log density and a central interval. Each candidate is fitted by maximum likelihood on
the polls of some election cycles and scored on another (leave one election out), on the final
polls before it. The likelihood treats the lists of one poll, and the polls of one cycle, as
independent, which they are not (they share one electorate and one campaign): the fitted values
are reasonable point estimates, not precise ones; the seat backtests (`engine.track_record`)
score the full simulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from scipy import optimize, stats

from .domain import OTHER, REGIONS, Library, Poll
from .model import region_counts, seat_list_for
from .polling_error import DAYS_PER_YEAR, PollingError

# The final polls before an election: fieldwork ending within this many days before it, or,
# when the library holds no poll that close (2019: the polls of January to May 2019 are kept
# aside for an independent evaluation), within this many days before the last poll it holds.
FINAL_POLLS_DAYS = 31


@dataclass(frozen=True)
class Observations:
    """Poll shares next to results, one entry per (poll, region, list), as parallel arrays.

    Attributes
    ----------
    elections : tuple of str
        The elections scored against (ids).
    poll_ids : tuple of str
        The poll of each observation.
    region : numpy.ndarray of shape (n,), int64
        Region index (`REGIONS`).
    poll_share, result_share : numpy.ndarray of shape (n,), float64
        Fractions; ``poll_share`` as the model reads the poll (Other the rest, undecided left
        out, docs/method.md §2.1).
    sample_size : numpy.ndarray of shape (n,), float64
        The region's respondents.
    years : numpy.ndarray of shape (n,), float64
        From the middle of the fieldwork to election day.
    """

    elections: tuple[str, ...]
    poll_ids: tuple[str, ...]
    region: np.ndarray
    poll_share: np.ndarray
    result_share: np.ndarray
    sample_size: np.ndarray
    years: np.ndarray

    def __len__(self) -> int:
        return len(self.poll_ids)

    @property
    def polls(self) -> int:
        """Number of distinct polls."""
        return len(set(self.poll_ids))

    @classmethod
    def concatenate(cls, parts: list[Observations]) -> Observations:
        """Pool the observations of several elections."""
        def joined(name: str, dtype: type) -> np.ndarray:
            return np.concatenate([np.zeros(0, dtype)] + [getattr(part, name) for part in parts])

        return cls(
            tuple(e for part in parts for e in part.elections),
            tuple(p for part in parts for p in part.poll_ids),
            joined("region", np.int64),
            joined("poll_share", float),
            joined("result_share", float),
            joined("sample_size", float),
            joined("years", float),
        )


def cycle_polls(library: Library, election: str) -> tuple[Poll, ...]:
    """Return the polls of the cycle before `election`: fieldwork after the previous election.

    Parameters
    ----------
    library : Library
        The loaded data.
    election : str
        Election id.

    Returns
    -------
    tuple of Poll
        Oldest first (ties by id).

    Raises
    ------
    KeyError
        When `election` is not in the library.
    ValueError
        When the library holds no earlier election (the cycle has no start).
    """
    day = library.elections[election].date
    earlier = [e.date for e in library.elections.values() if e.date < day]
    if not earlier:
        raise ValueError(f"no election before {election} in the library: its polls have no cycle")
    start = max(earlier)
    polls = [p for p in library.polls.values() if start < p.fieldwork_start and p.fieldwork_end < day]
    return tuple(sorted(polls, key=lambda p: (p.fieldwork_end, p.id)))


def final_polls(library: Library, election: str) -> tuple[Poll, ...]:
    """Return the final polls before `election` (`FINAL_POLLS_DAYS`), oldest first.

    Parameters
    ----------
    library : Library
        The loaded data.
    election : str
        Election id.

    Returns
    -------
    tuple of Poll
        The cycle's polls whose fieldwork ended within `FINAL_POLLS_DAYS` of the election, or of
        the cycle's last poll when none ended that close; empty when the cycle has no poll.

    Raises
    ------
    KeyError, ValueError
        As `cycle_polls`.
    """
    polls = cycle_polls(library, election)
    if not polls:
        return ()
    day = library.elections[election].date
    end = day if (day - polls[-1].fieldwork_end).days <= FINAL_POLLS_DAYS else polls[-1].fieldwork_end + timedelta(days=1)
    first = end - timedelta(days=FINAL_POLLS_DAYS)
    return tuple(p for p in polls if first <= p.fieldwork_end)


def observations(library: Library, election: str, polls: tuple[Poll, ...] | None = None) -> Observations:
    """Pair each poll before `election` with the result, list by list and region by region.

    A poll entry counts for the list it swings at `election` (joint lists, pairs:
    `engine.model.seat_list_for`); an entry whose list did not run there joins Other. Other is
    the rest of the region on both sides. Shares of zero on either side are left out (a log
    density needs a share inside (0, 1)).

    Parameters
    ----------
    library : Library
        The loaded data.
    election : str
        Election id.
    polls : tuple of Poll or None, default None
        The polls to pair; None takes the whole cycle (`cycle_polls`).

    Returns
    -------
    Observations

    Raises
    ------
    KeyError, ValueError
        As `cycle_polls`.
    """
    target = library.elections[election]
    rows: list[tuple[str, int, float, float, int, float]] = []
    for poll in cycle_polls(library, election) if polls is None else polls:
        middle = poll.fieldwork_start + (poll.fieldwork_end - poll.fieldwork_start) / 2
        years = (target.date - middle).days / DAYS_PER_YEAR
        for region_poll in poll.regions:
            region = region_poll.region
            votes = target.regional_votes(region)
            valid = float(sum(votes.values()))
            counts = region_counts(region_poll)
            by_list: dict[str, float] = {}
            for entry, share in zip(counts.keys, counts.counts / counts.counts.sum()):
                key = OTHER if entry == OTHER else seat_list_for(entry, region, target, votes)
                if votes.get(key, 0) == 0:
                    key = OTHER
                by_list[key] = by_list.get(key, 0.0) + float(share)
            named = sum(votes[k] for k in by_list if k != OTHER) / valid
            for key, share in by_list.items():
                result = 1.0 - named if key == OTHER else votes[key] / valid
                if 0 < share < 1 and 0 < result < 1:
                    rows.append((poll.id, REGIONS.index(region), share, result, region_poll.sample_size, years))
    columns = list(zip(*rows)) if rows else [()] * 6
    return Observations(
        (election,),
        tuple(columns[0]),
        np.array(columns[1], dtype=np.int64),
        np.array(columns[2], dtype=float),
        np.array(columns[3], dtype=float),
        np.array(columns[4], dtype=float),
        np.array(columns[5], dtype=float),
    )


@dataclass(frozen=True)
class Candidate:
    """A way to read a poll's effective sample size; its parameters are fitted (`fit`).

    Attributes
    ----------
    name : str
        Plain words for the docs.
    kind : str
        ``"sampling"`` (n_eff = n), ``"fraction"`` (n_eff = f n) or ``"polling error"``
        (1 / n_eff = 1 / n + κ [+ γ years]).
    growth_exponent : float
        e of the growth with the time to the election (γ × years^e); 0 for no growth.
    by_region : bool
        Whether κ differs by region.
    """

    name: str
    kind: str
    growth_exponent: float = 0.0
    by_region: bool = False

    @property
    def growing(self) -> bool:
        """Whether the polling error grows with the time to the election."""
        return self.growth_exponent > 0

    @property
    def n_parameters(self) -> int:
        """How many parameters the fit estimates."""
        if self.kind == "sampling":
            return 0
        if self.kind == "fraction":
            return 1
        return (len(REGIONS) if self.by_region else 1) + self.growing


SAMPLING_ONLY = Candidate("sampling error only", "sampling")
CANDIDATES = (
    SAMPLING_ONLY,
    Candidate("a smaller poll (n_eff = f × n)", "fraction"),
    Candidate("a polling error (1/n_eff = 1/n + κ)", "polling error"),
    Candidate("a polling error growing with time (+ γ × years)", "polling error", growth_exponent=1.0),
    Candidate("a polling error growing with √time (+ γ × √years)", "polling error", growth_exponent=0.5),
    Candidate("the same, κ by region", "polling error", growth_exponent=0.5, by_region=True),
)
# The model the dashboard uses by default: the best mean log density out of sample, tied with
# plain time on 2019 and ahead on 2024 (docs/track-record.md, "Choosing the model").
CHOSEN = CANDIDATES[4]


@dataclass(frozen=True)
class Fit:
    """A candidate with its fitted parameters.

    Attributes
    ----------
    candidate : Candidate
    fraction : float
        f of a smaller poll (1 for the other kinds).
    error : PollingError
        κ per region and γ (zero for the sampling-only and fraction kinds).
    """

    candidate: Candidate
    fraction: float
    error: PollingError

    def effective_sample_size(self, data: Observations) -> np.ndarray:
        """Each observation's n_eff, shape (n,)."""
        extra = np.array([self.error.extra_variance[r] for r in REGIONS])[data.region]
        drift = self.error.growth * data.years**self.error.growth_exponent
        return self.fraction / (1.0 / data.sample_size + extra + drift)

    def _beta(self, data: Observations):
        n_eff = self.effective_sample_size(data)
        return stats.beta(data.poll_share * n_eff + 1.0, (1.0 - data.poll_share) * n_eff + 1.0)

    def log_density(self, data: Observations) -> np.ndarray:
        """Log density of each observed result share under the fitted model, shape (n,)."""
        return self._beta(data).logpdf(data.result_share)

    def inside(self, data: Observations, level: int) -> np.ndarray:
        """Whether each result share falls inside the central `level` % interval, shape (n,) bool."""
        beta = self._beta(data)
        tail = (1 - level / 100) / 2
        return (beta.ppf(tail) <= data.result_share) & (data.result_share <= beta.ppf(1 - tail))


def _fit_from(candidate: Candidate, x: np.ndarray, data: Observations) -> Fit:
    values = list(np.exp(x))
    fraction = min(values.pop(0), 1.0) if candidate.kind == "fraction" else 1.0
    kappa = (0.0,) * len(REGIONS)
    growth = 0.0
    if candidate.kind == "polling error":
        kappa = tuple(values.pop(0) for _ in REGIONS) if candidate.by_region else (values.pop(0),) * len(REGIONS)
        growth = values.pop(0) if candidate.growing else 0.0
    error = PollingError(
        extra_variance=dict(zip(REGIONS, (float(k) for k in kappa))),
        growth=float(growth),
        growth_exponent=candidate.growth_exponent if candidate.growing else 1.0,
        fitted_on=data.elections,
        polls=data.polls,
        observations=len(data),
    )
    return Fit(candidate, float(fraction), error)


def fit(candidate: Candidate, data: Observations) -> Fit:
    """Fit `candidate` by maximum likelihood (Nelder–Mead on the parameters' logarithms).

    Parameters
    ----------
    candidate : Candidate
    data : Observations
        The cycles to fit on (`Observations.concatenate` to pool several).

    Returns
    -------
    Fit
        Deterministic: the same data give the same parameters.

    Raises
    ------
    ValueError
        When `data` is empty and the candidate has parameters.
    """
    if candidate.n_parameters == 0:
        return _fit_from(candidate, np.zeros(0), data)
    if not len(data):
        raise ValueError(f"no observations to fit {candidate.name!r} on")
    start = np.log(np.full(candidate.n_parameters, 0.01))
    found = optimize.minimize(
        lambda x: -_fit_from(candidate, x, data).log_density(data).sum(),
        start,
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20_000},
    )
    return _fit_from(candidate, found.x, data)


def elections_with_polls(library: Library) -> tuple[str, ...]:
    """Return the elections whose poll cycle the library holds: an election before and a poll between.

    Parameters
    ----------
    library : Library
        The loaded data.

    Returns
    -------
    tuple of str
        Election ids, oldest first.
    """
    ids = list(library.elections)[1:]
    return tuple(e for e in ids if cycle_polls(library, e))


def fit_polling_error(library: Library, *, leave_out: str | None = None, candidate: Candidate = CHOSEN) -> Fit:
    """Fit `candidate` on the poll cycles of every election in the library but `leave_out`.

    This is what ``python -m engine fit-polling-error`` stores in data/polling_error.toml
    (`leave_out` None), and what a backtest of `leave_out` uses (leave one election out).

    Parameters
    ----------
    library : Library
        The loaded data.
    leave_out : str or None, default None
        Election id whose polls are left out of the fit.
    candidate : Candidate, default CHOSEN
        The model to fit.

    Returns
    -------
    Fit

    Raises
    ------
    ValueError
        When no other election's cycle is in the library.
    """
    fitted_on = [e for e in elections_with_polls(library) if e != leave_out]
    if not fitted_on and candidate.n_parameters:
        raise ValueError(f"no election's polls to fit the polling error on (leaving out {leave_out})")
    return fit(candidate, Observations.concatenate([observations(library, e) for e in fitted_on]))


@dataclass(frozen=True)
class CandidateScore:
    """A candidate fitted without one election and scored on that election's final polls.

    Attributes
    ----------
    candidate : Candidate
    election : str
        The election left out and scored (id).
    fit : Fit
        Fitted on the other elections' poll cycles.
    scored : Observations
        The final polls' observations (`final_polls`).
    """

    candidate: Candidate
    election: str
    fit: Fit
    scored: Observations

    @property
    def mean_log_density(self) -> float:
        """Mean log density of the results (higher is better)."""
        return float(np.mean(self.fit.log_density(self.scored)))

    def coverage(self, level: int) -> float:
        """Return the fraction of results inside their central `level` % interval (0–1)."""
        return float(np.mean(self.fit.inside(self.scored, level)))


def compare_candidates(library: Library, candidates: tuple[Candidate, ...] = CANDIDATES) -> tuple[CandidateScore, ...]:
    """Score every candidate on every election's final polls, fitted without that election.

    Parameters
    ----------
    library : Library
        The loaded data.
    candidates : tuple of Candidate, default CANDIDATES

    Returns
    -------
    tuple of CandidateScore
        Elections outermost (`elections_with_polls`), candidates in order.

    Raises
    ------
    ValueError
        When the library holds the polls of fewer than two elections.
    """
    return tuple(
        CandidateScore(
            candidate,
            election,
            fit_polling_error(library, leave_out=election, candidate=candidate),
            observations(library, election, final_polls(library, election)),
        )
        for election in elections_with_polls(library)
        for candidate in candidates
    )


def _parameters(fit: Fit) -> str:
    kind = fit.candidate.kind
    if kind == "sampling":
        return "—"
    if kind == "fraction":
        return f"f = {fit.fraction:.3f}"
    kappa = fit.error.extra_variance
    text = (
        "κ = " + ", ".join(f"{r} {v:.4f}" for r, v in kappa.items())
        if fit.candidate.by_region
        else f"κ = {kappa[REGIONS[0]]:.4f}"
    )
    unit = "year" if fit.error.growth_exponent == 1 else f"year^{fit.error.growth_exponent:g}"
    return text + (f"; γ = {fit.error.growth:.4f}/{unit}" if fit.candidate.growing else "")


def render_candidates(scores: tuple[CandidateScore, ...]) -> str:
    """Render `compare_candidates` as a Markdown table (docs/track-record.md).

    Parameters
    ----------
    scores : tuple of CandidateScore

    Returns
    -------
    str
        One row per election and candidate: the fit's parameters, the respondents a poll of
        1,000 counts as on election eve, the mean log density and the coverage of the 80/90/95 %
        vote-share intervals, in percent.
    """
    lines = [
        "| scored on (fitted without it) | model | parameters | a poll of 1,000 counts as | observations "
        "| mean log density | inside 80 % | inside 90 % | inside 95 % |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        n_eff = s.fit.fraction / (1 / 1000 + s.fit.error.extra_variance[REGIONS[0]])
        region_note = " (Flanders)" if s.candidate.by_region else ""
        inside = " | ".join(f"{100 * s.coverage(level):.0f} %" for level in (80, 90, 95))
        lines.append(
            f"| {s.election} | {s.candidate.name} | {_parameters(s.fit)} | {n_eff:,.0f}{region_note} | "
            f"{len(s.scored)} | {s.mean_log_density:.2f} | {inside} |"
        )
    return "\n".join(lines) + "\n"


def polling_error_matches(stored: PollingError | None, fitted: PollingError) -> bool:
    """Tell whether stored parameters are the fit's, to the six digits the file keeps.

    Parameters
    ----------
    stored : PollingError or None
        As loaded from data/polling_error.toml (None: no file).
    fitted : PollingError
        From `fit_polling_error`.

    Returns
    -------
    bool
        True when the elections, counts and every parameter agree (relative 1e-5).
    """
    if stored is None:
        return False
    same = (stored.fitted_on, stored.polls, stored.observations) == (fitted.fitted_on, fitted.polls, fitted.observations)
    values = [(stored.growth, fitted.growth), (stored.growth_exponent, fitted.growth_exponent)]
    values += [(stored.extra_variance[r], fitted.extra_variance[r]) for r in REGIONS]
    return same and all(np.isclose(a, b, rtol=1e-5, atol=0.0) for a, b in values)
