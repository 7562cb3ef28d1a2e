"""Domain objects: small frozen dataclasses with the names a journalist would use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .defaults import (
    CONSTITUENCY_NOISE_RANGE,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    SEED_RANGE,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)

REGIONS = ("VLG", "WAL", "BRU")
REGION_NAMES = {"VLG": "Flanders", "WAL": "Wallonia", "BRU": "Brussels"}
CHAMBER_SEATS = 150
MAJORITY = 76
OTHER = "OTHER"
INTERVAL_LEVELS = (80, 90, 95, 99)


@dataclass(frozen=True)
class FormerName:
    name: str
    abbreviation: str
    until: date


@dataclass(frozen=True)
class Party:
    """A list that runs for the Chamber (PVDA and PTB are two lists of one family)."""

    key: str
    name: str
    abbreviation: str
    names: tuple[tuple[str, str], ...]
    colour: str
    regions: tuple[str, ...]
    language: str
    position: int
    family: str = ""
    former: tuple[FormerName, ...] = ()

    def _era(self, day: date | None) -> FormerName | None:
        for former in sorted(self.former, key=lambda f: f.until):
            if day is not None and day < former.until:
                return former
        return None

    def name_on(self, day: date | None) -> str:
        """The list's name that applied on `day` (the current name when `day` is None)."""
        era = self._era(day)
        return era.name if era else self.name

    def abbreviation_on(self, day: date | None) -> str:
        era = self._era(day)
        return era.abbreviation if era else self.abbreviation


@dataclass(frozen=True)
class Constituency:
    name: str
    region: str
    seats: int


@dataclass(frozen=True)
class ListResult:
    """Votes of one list in one constituency; `party` is "" for lists outside the registry."""

    constituency: str
    list_name: str
    party: str
    votes: int


@dataclass(frozen=True)
class Election:
    """A Chamber election: the baseline of the swing model."""

    date: date
    name: str
    source: str
    constituencies: tuple[Constituency, ...]
    results: tuple[ListResult, ...]
    # (region, poll party, list it ran with): docs/method.md §2.4.
    joint_lists: tuple[tuple[str, str, str], ...] = ()

    @property
    def id(self) -> str:
        return self.date.isoformat()

    def region_of(self, constituency: str) -> str:
        return next(c.region for c in self.constituencies if c.name == constituency)

    @cached_property
    def _votes_by_region(self) -> dict[str, dict[str, int]]:
        # Read by every model build, summary and poll-of-polls row: summed once per election.
        region = {c.name: c.region for c in self.constituencies}
        votes: dict[str, dict[str, int]] = {r: {} for r in REGIONS}
        for row in self.results:
            totals = votes[region[row.constituency]]
            key = row.party or OTHER
            totals[key] = totals.get(key, 0) + row.votes
        return votes

    def regional_votes(self, region: str) -> dict[str, int]:
        """Votes per registry party in `region` (lists outside the registry under OTHER)."""
        return dict(self._votes_by_region[region])

    def joint_list(self, region: str, party: str) -> str | None:
        return next((to for r, frm, to in self.joint_lists if r == region and frm == party), None)


@dataclass(frozen=True)
class RegionPoll:
    """One region's part of a poll: shares in percent, in the order published.

    `removed` holds registry parties taken out of the scenario in this region (an editor's
    "Remove"): their lists get no votes there, unlike a party the poll merely does not name,
    which keeps its baseline votes (docs/method.md §3.2).
    """

    region: str
    sample_size: int
    shares: tuple[tuple[str, float], ...]
    removed: tuple[str, ...] = ()

    def share(self, key: str) -> float | None:
        return next((s for k, s in self.shares if k == key), None)


@dataclass(frozen=True)
class Poll:
    firm: str
    commissioners: tuple[str, ...]
    fieldwork_start: date
    fieldwork_end: date
    regions: tuple[RegionPoll, ...]
    source: str = ""

    @property
    def id(self) -> str:
        """`<fieldwork end>-<firm>`, as in the poll library (e.g. 2024-11-21-Ipsos)."""
        return f"{self.fieldwork_end.isoformat()}-{re.sub(r'[^A-Za-z0-9]', '', self.firm)}"

    def region(self, region: str) -> RegionPoll | None:
        return next((r for r in self.regions if r.region == region), None)

    @property
    def covered_regions(self) -> tuple[str, ...]:
        return tuple(r for r in REGIONS if self.region(r) is not None)


@dataclass(frozen=True)
class Coalition:
    name: str
    parties: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    """What a run depends on, and nothing else: the cache key and what a share link encodes.

    Parameters
    ----------
    poll : Poll
        The (possibly edited) poll; shares in percent.
    seed : int
        Seed of the random numbers, within `defaults.SEED_RANGE`.
    simulations : int
        Number of simulated Chambers, within `defaults.SIMULATIONS_RANGE`.
    baseline : str or None
        Election id (``"2024-06-09"``) the swing starts from; None takes the last election before
        the poll's fieldwork.
    swing : str
        One of `defaults.SWING_MODELS`.
    constituency_noise : float
        Standard deviation of the local log-normal deviation from the regional swing, within
        `defaults.CONSTITUENCY_NOISE_RANGE`.

    Raises
    ------
    ValueError
        When a field is outside its range or choices.
    """

    poll: Poll
    seed: int = DEFAULT_SEED
    simulations: int = DEFAULT_SIMULATIONS
    baseline: str | None = None
    swing: str = DEFAULT_SWING
    constituency_noise: float = DEFAULT_CONSTITUENCY_NOISE

    def __post_init__(self) -> None:
        lo, hi = SEED_RANGE
        if not lo <= self.seed <= hi:
            raise ValueError(f"seed must be a whole number from {lo} to {hi:,}")
        lo, hi = SIMULATIONS_RANGE
        if not lo <= self.simulations <= hi:
            raise ValueError(f"simulations must be between {lo:,} and {hi:,}")
        if self.swing not in SWING_MODELS:
            raise ValueError(f"unknown swing model {self.swing!r}; use one of {', '.join(SWING_MODELS)}")
        lo, hi = CONSTITUENCY_NOISE_RANGE
        if not lo <= self.constituency_noise <= hi:
            raise ValueError(f"constituency noise must be between {lo} and {hi}")


@dataclass(frozen=True)
class Library:
    parties: dict[str, Party] = field(hash=False)
    elections: dict[str, Election] = field(hash=False)
    polls: dict[str, Poll] = field(hash=False)  # newest fieldwork first
    coalitions: tuple[Coalition, ...] = ()

    def baseline_for(self, poll: Poll) -> Election:
        """The last Chamber election before the poll's fieldwork started."""
        before = [e for e in self.elections.values() if e.date < poll.fieldwork_start]
        if not before:
            earliest = min(self.elections)
            raise ValueError(
                f"poll {poll.id}: no election before its fieldwork ({poll.fieldwork_start}); "
                f"the earliest baseline is {earliest}"
            )
        return max(before, key=lambda e: e.date)
