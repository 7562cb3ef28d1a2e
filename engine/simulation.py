"""Run a scenario (`simulate`) and read its results (`Result`).

Parties, families of lists, coalitions and constituencies are read from the kernel's draws
(docs/method.md §3.5–3.7).

Seats are whole seats, vote shares percentages, probabilities fractions (0–1) with Monte Carlo
standard errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property

import numpy as np

from . import codec, kernel, seat_counts
from .constituencies import constituency_results
from .defaults import NO_POLLING_ERROR, QUICK_SIMULATIONS
from .domain import OTHER, REGIONS, Library, Party, Scenario
from .formatting import uncertainty_note
from .kernel import CHUNK, local_noise_factors, simulate_seats
from .model import Model, model_for
from .packed_seats import PackedRows
from .polling_error import effective_sample_sizes
from .results import CoalitionResult, ConstituencyResult, FamilyResult, PartyResult
from .seat_counts import coalition_counts, row_counts
from .summaries import Probability, SeatDistribution, ShareDistribution
from .vote_shares import national_share_draws, regional_share_draws

# Vote-share intervals are read from the first 1/16 of the run's draws, at most 2^16: quantiles
# of 2^16 draws move by less than 0.05 percentage points, keeping all 2^20 would cost 100+ MB,
# and a quick run (2^16) answers sooner with 2^12 (sorting them is most of its summaries).
SHARE_DRAWS_KEPT = 2**16


def share_draws_kept(simulations: int) -> int:
    """Return how many Dirichlet draws a run keeps for vote-share intervals (docs/method.md §3.7).

    Parameters
    ----------
    simulations : int
        The run's number of simulations.

    Returns
    -------
    int
        ``min(simulations, 2^16, max(2^12, simulations // 16))``: the first draws of the run.
    """
    return min(simulations, SHARE_DRAWS_KEPT, max(2**12, simulations // 16))


# docs/method.md §3.2: a party the poll did not name is shown if it won a seat or has ≥ 0.5 %.
SHOW_MIN_SHARE = 0.5
# A list held at its last result in a region is pointed out where it matters: it won a seat there
# or has at least this share (percent) of the region's votes (N-VA's few Walloon votes do not).
HELD_MIN_SHARE = 1.0


class Result:
    """The draws of one run and every summary read from them (all computed on demand).

    Built by `simulate`. Seats are whole seats, vote shares percentages, probabilities fractions
    (0–1) with Monte Carlo standard errors.

    Parameters
    ----------
    scenario : Scenario
        What was run.
    library : Library
        The loaded data (party names, coalitions).
    model : Model
        The scenario's model.
    seats : numpy.ndarray of shape (n_regions, n_parties, n_simulations), uint8
        Seats per region and party in each simulation (`engine.kernel.simulate_seats`); kept as
        ``seat_draws``.
    list_histogram : numpy.ndarray of shape (n_lists, max constituency seats + 1), int64
        How many simulations gave each list k seats.
    share_draws : numpy.ndarray of shape (n_kept, n_categories), float32
        The Dirichlet draws (fractions) of the first `share_draws_kept` simulations.
    """

    def __init__(self, scenario: Scenario, library: Library, model: Model, seats, list_histogram, share_draws):
        self.scenario = scenario
        self.library = library
        self.model = model
        self.seat_draws = seats  # (regions, parties, simulations) uint8
        self.list_histogram = list_histogram
        self.share_draws = share_draws  # (kept, categories) float32 Dirichlet draws

    @property
    def uncertainty_note(self) -> str:
        """What the intervals and probabilities include, in plain words (`formatting.uncertainty_note`)."""
        sizes = {rp.region: rp.sample_size for rp in self.poll.regions}
        return uncertainty_note(self.scenario.polling_error, self.model.effective_sample_size, sizes)

    @property
    def simulations(self) -> int:
        """Number of simulations run."""
        return self.scenario.simulations

    @property
    def poll(self):
        """The scenario's poll (`Poll`)."""
        return self.scenario.poll

    def _party(self, key: str) -> Party:
        return self.library.parties[key]

    def _indices(self, parties: Iterable[str]) -> list[int]:
        return [self.model.parties.index(k) for k in parties if k in self.model.parties]

    @cached_property
    def national_seat_draws(self) -> np.ndarray:
        """National seats per party in each simulation: shape (n_parties, n_simulations), uint8.

        A party holds at most 150 seats, so uint8 is enough. Party-major, so that summing a
        coalition reads each party's draws contiguously.
        """
        return self.seat_draws.sum(axis=0, dtype=np.uint8)

    @cached_property
    def dutch_group_seat_draws(self) -> np.ndarray:
        """Seats in the Dutch-language group per party: shape (n_parties, n_simulations), uint8.

        Seats from Flemish constituencies (a French-speaking list elected there excepted) plus
        Brussels seats of Dutch-speaking lists: the language of the list stands for the language
        of the oath (Constitution art. 43; docs/method.md §3.5).
        """
        vlg, bru = self.seat_draws[REGIONS.index("VLG")], self.seat_draws[REGIONS.index("BRU")]
        group = np.zeros_like(vlg)
        for p, key in enumerate(self.model.parties):
            if key == OTHER:
                group[p] = vlg[p]
            elif self._party(key).language == "nl":
                np.add(vlg[p], bru[p], out=group[p])
        return group

    def seats(self, parties: Iterable[str], regions: Iterable[str] | None = None) -> np.ndarray:
        """Sum a set of parties' seats within each simulation.

        Parameters
        ----------
        parties : iterable of str
            Registry keys (`OTHER` for lists outside the registry); keys without lists in the
            model count 0.
        regions : iterable of str or None, default None
            Region keys to count; None counts the whole Chamber.

        Returns
        -------
        numpy.ndarray of shape (n_simulations,), int16
            Their seats in each simulation.
        """
        p = self._indices(parties)
        if regions is None:
            return self.national_seat_draws[p].sum(axis=0, dtype=np.int16)
        r = [REGIONS.index(region) for region in regions]
        return self.seat_draws[np.ix_(r, p)].sum(axis=(0, 1), dtype=np.int16)

    @cached_property
    def _dutch_group_size(self) -> np.ndarray:
        """(n_simulations,) int16: the Dutch-language group's seats."""
        return self.dutch_group_seat_draws.sum(axis=0, dtype=np.int16)

    def _members(self, coalitions: Sequence[Iterable[str]]) -> np.ndarray:
        """(n_coalitions, n_parties) bool: whether each model party is in each coalition (registry keys)."""
        members = np.zeros((len(coalitions), len(self.model.parties)), dtype=np.bool_)
        for c, keys in enumerate(coalitions):
            members[c, self._indices(keys)] = True
        return members

    def _coalition_counts(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Seat counts and Dutch-language group majorities of coalitions (`engine.seat_counts.coalition_counts`).

        `members` is (n_coalitions, n_parties) bool (`_members`). `coalition`, `coalitions` and
        `families` are all counted here, so a set of parties reads the same wherever it is shown.
        """
        return coalition_counts(self.national_seat_draws, self.dutch_group_seat_draws, self._dutch_group_size, members)

    @cached_property
    def last_result_seats(self) -> dict[str, int]:
        """Seats per party key (`OTHER` included) by D'Hondt on the baseline's official votes."""
        seats: dict[str, int] = {}
        for (_, key), won in self._baseline_regional_seats.items():
            seats[key] = seats.get(key, 0) + won
        return seats

    @cached_property
    def _regional_share_draws(self) -> np.ndarray:
        """(kept, regions, parties) vote shares as fractions."""
        return regional_share_draws(self.model, self.share_draws)

    @cached_property
    def _national_share_draws(self) -> np.ndarray:
        """(kept, parties) national vote shares as fractions."""
        return national_share_draws(self.model, self._regional_share_draws)

    @cached_property
    def parties(self) -> tuple[PartyResult, ...]:
        """Parties to show, by estimated national vote share (largest first).

        Shown are the parties the poll names, and any other party that won a seat at the baseline,
        has at least 0.5 % nationally or wins a seat in some simulation (docs/method.md §3.2).
        """
        m = self.model
        regional = self._regional_share_draws
        national = self._national_share_draws
        day = self.poll.fieldwork_end
        baseline_votes = {r: m.baseline.regional_votes(r) for r in REGIONS}
        valid_total = sum(sum(votes.values()) for votes in baseline_votes.values())
        polled = {k for rp in self.poll.regions for e, _ in rp.shares for k in e.split("+")}
        # A list moves with the poll where the poll swings it or removes it; elsewhere it is held.
        moved = set(m.unit_labels) | {(rp.region, k) for rp in self.poll.regions for k in rp.removed}
        national_counts = row_counts(self.national_seat_draws)
        n_regions, n_parties, n = self.seat_draws.shape
        regional_counts = row_counts(self.seat_draws.reshape(n_regions * n_parties, n)).reshape(
            n_regions, n_parties, -1
        )
        results = []
        for p, key in enumerate(m.parties):
            if key == OTHER:
                continue
            seats = SeatDistribution(national_counts[p])
            share = ShareDistribution.from_draws(national[:, p])
            last = self.last_result_seats.get(key, 0)
            if key not in polled and last == 0 and share.estimate < SHOW_MIN_SHARE and seats.support[1] == 0:
                continue
            party = self._party(key)
            last_votes = sum(row.votes for row in m.baseline.results if row.party == key)
            results.append(
                PartyResult(
                    key=key,
                    name=party.name_on(day),
                    abbreviation=party.abbreviation_on(day),
                    colour=party.colour,
                    last_result=last,
                    last_vote_share=100.0 * last_votes / valid_total,
                    last_regional_vote_share={
                        region: 100.0 * votes[key] / sum(votes.values())
                        for region, votes in baseline_votes.items()
                        if votes.get(key, 0) > 0
                    },
                    seats=seats,
                    vote_share=share,
                    regional_vote_share={
                        region: ShareDistribution.from_draws(regional[:, r, p])
                        for r, region in enumerate(REGIONS)
                        if regional[:, r, p].max() > 0
                    },
                    seats_by_region={
                        region: SeatDistribution(regional_counts[r, p])
                        for r, region in enumerate(REGIONS)
                        if region in party.regions
                    },
                    held_at_last_result=tuple(
                        region
                        for region, votes in baseline_votes.items()
                        if (region, key) not in moved
                        and (
                            self._baseline_regional_seats.get((region, key), 0) > 0
                            or 100.0 * votes.get(key, 0) >= HELD_MIN_SHARE * sum(votes.values())
                        )
                    ),
                )
            )
        return tuple(sorted(results, key=lambda r: (-r.vote_share.estimate, -r.last_result)))

    @cached_property
    def _baseline_regional_seats(self) -> dict[tuple[str, str], int]:
        """Seats per (region, party key) at the baseline election."""
        m = self.model
        won: dict[tuple[str, str], int] = {}
        for d in range(len(m.constituency_names)):
            region = REGIONS[m.constituency_region[d]]
            for j in range(m.constituency_start[d], m.constituency_start[d + 1]):
                key = (region, m.parties[m.list_party[j]])
                won[key] = won.get(key, 0) + int(m.list_baseline_seats[j])
        return won

    def party(self, key: str) -> PartyResult:
        """Return the shown party with registry key `key`.

        Parameters
        ----------
        key : str
            Registry key.

        Returns
        -------
        PartyResult

        Raises
        ------
        StopIteration
            When the party is not among `parties`.
        """
        return next(p for p in self.parties if p.key == key)

    @property
    def largest_party(self) -> PartyResult:
        """The party with the highest median seats (ties: the larger vote share)."""
        return max(self.parties, key=lambda p: (p.seats.median, p.vote_share.estimate))

    @cached_property
    def families(self) -> tuple[FamilyResult, ...]:
        """Each family of several lists (registry `family`), seats and shares summed per draw."""
        groups: dict[str, list[str]] = {}
        for key in self.model.parties:
            if key != OTHER and self._party(key).family:
                groups.setdefault(self._party(key).family, []).append(key)
        shown = {p.key: p for p in self.parties}
        families = [
            (name, tuple(keys)) for name, keys in groups.items() if len(keys) >= 2 and all(k in shown for k in keys)
        ]
        counts, _ = self._coalition_counts(self._members([keys for _, keys in families]))
        return tuple(
            FamilyResult(
                name=name,
                parties=keys,
                last_result=sum(shown[k].last_result for k in keys),
                last_vote_share=sum(shown[k].last_vote_share for k in keys),
                seats=SeatDistribution(family_counts),
                vote_share=ShareDistribution.from_draws(self._national_share_draws[:, self._indices(keys)].sum(axis=1)),
            )
            for (name, keys), family_counts in zip(families, counts)
        )

    def coalition(self, parties: Iterable[str], name: str = "", note: str = "") -> CoalitionResult:
        """Sum any set of parties within each simulation, never adding medians (docs/method.md §3.5).

        Parameters
        ----------
        parties : iterable of str
            Registry keys of the members (duplicates are dropped, order kept).
        name : str, default ""
            The coalition's name; "" joins the members' abbreviations with " – ".
        note : str, default ""
            A line of context.

        Returns
        -------
        CoalitionResult
            Seats, majority probability (≥ 76 of 150 seats) and Dutch-language group majority
            probability (more than half of the group), fractions with standard errors.

        Raises
        ------
        ValueError
            When a key is not in the party registry.
        """
        return self._coalitions([(parties, name, note)])[0]

    @cached_property
    def coalitions(self) -> tuple[CoalitionResult, ...]:
        """The preset coalitions, most likely majority first."""
        results = self._coalitions([(c.parties, c.name, c.note) for c in self.library.coalitions])
        return tuple(sorted(results, key=lambda c: (-c.majority_probability.value, -c.seats.median)))

    def _coalitions(self, coalitions: Sequence[tuple[Iterable[str], str, str]]) -> list[CoalitionResult]:
        """Return the `coalition` of each (parties, name, note), all summed in one pass over the draws."""
        member_keys = [tuple(dict.fromkeys(parties)) for parties, _, _ in coalitions]
        unknown = [k for keys in member_keys for k in keys if k not in self.library.parties]
        if unknown:
            raise ValueError(f"unknown party {unknown[0]!r}")
        counts, dutch_majorities = self._coalition_counts(self._members(member_keys))
        results = []
        for (_, name, note), keys, counted, dutch_majority in zip(coalitions, member_keys, counts, dutch_majorities):
            seats = SeatDistribution(counted)
            results.append(
                CoalitionResult(
                    name=name or " – ".join(self._party(k).abbreviation_on(self.poll.fieldwork_end) for k in keys),
                    parties=keys,
                    last_result=sum(self.last_result_seats.get(k, 0) for k in keys),
                    seats=seats,
                    majority_probability=seats.majority_probability,
                    dutch_majority_probability=Probability.from_hits(int(dutch_majority), self.simulations),
                    note=note,
                )
            )
        return results

    @cached_property
    def constituencies(self) -> tuple[ConstituencyResult, ...]:
        """Every constituency's lists and last-seat race (`engine.constituencies`)."""
        return constituency_results(self.model, self.list_histogram)

    def compact(self) -> CompactResult:
        """Return the run's summaries and national seat draws without its raw draws (`CompactResult`)."""
        return CompactResult(self)


# Summaries a compact result keeps as they are; any other coalition is summed from its packed draws.
_KEPT_SUMMARIES = (
    "parties",
    "families",
    "coalitions",
    "constituencies",
    "last_result_seats",
    "_baseline_regional_seats",
)
# How a compact result finds a party's Dutch-language group seats: none, its national seats, or
# (a party index ≥ 0) a row of their own.
NO_DUTCH_SEATS, SAME_AS_NATIONAL = -1, -2
# Everything `CompactResult.to_bytes` writes (the library is each process's own).
_STORED_STATE = {"scenario", "model", "_national", "_dutch_of", "_dutch", "_dutch_group", *_KEPT_SUMMARIES}


class CompactResult(Result):
    """A run's summaries without its raw draws: what a page reads, in about 9 MB.

    About 9 MB for 2^20 simulations instead of 55 MB of draws, so that many can be cached and
    shared between processes.

    It reads as the `Result` it was made from: the same parties, families, preset coalitions and
    constituencies, and any coalition summed simulation by simulation from the national seat draws,
    kept exactly in bit planes (`engine.packed_seats`). `seats` by region is not answered (the
    parties' regional distributions are kept, in `PartyResult.seats_by_region`).

    Written by `to_bytes` without its library (`engine.codec`), read back by `from_bytes`, which
    checks that it is the asked scenario's. The raw draws (`seat_draws`, `share_draws`,
    `list_histogram`) are not kept.

    Parameters
    ----------
    result : Result
        The full run.
    """

    def __init__(self, result: Result):
        self.scenario, self.library, self.model = result.scenario, result.library, result.model
        for name in _KEPT_SUMMARIES:
            self.__dict__[name] = getattr(result, name)
        national, dutch = result.national_seat_draws, result.dutch_group_seat_draws
        self._national = PackedRows.pack(national)
        # A Dutch-speaking list's group seats are its national seats unless it won seats in Wallonia.
        self._dutch_of = tuple(
            NO_DUTCH_SEATS if not dutch[p].any() else SAME_AS_NATIONAL if np.array_equal(dutch[p], national[p]) else p
            for p in range(len(dutch))
        )
        self._dutch = PackedRows.pack(dutch[[p for p in self._dutch_of if p >= 0]])
        self._dutch_group = PackedRows.pack(result._dutch_group_size[None, :])

    @property
    def nbytes(self) -> int:
        """Bytes held by the packed seat draws (the summaries add about 0.1 MB)."""
        return self._national.nbytes + self._dutch.nbytes + self._dutch_group.nbytes

    @property
    def national_seat_draws(self) -> np.ndarray:
        """National seats per party in each simulation, unpacked: shape (n_parties, n_simulations), uint8."""
        return self._unpacked(self._national.row, range(len(self.model.parties)))

    @property
    def dutch_group_seat_draws(self) -> np.ndarray:
        """Dutch-language group seats per party, unpacked: shape (n_parties, n_simulations), uint8."""
        return self._unpacked(self._dutch_row, range(len(self.model.parties)))

    @property
    def _dutch_group_size(self) -> np.ndarray:
        return self._dutch_group.row(0).astype(np.int16)

    def _dutch_row(self, p: int) -> np.ndarray:
        """(n_simulations,) uint8: party `p`'s Dutch-language group seats, unpacked."""
        if self._dutch_of[p] == NO_DUTCH_SEATS:
            return np.zeros(self._national.n, dtype=np.uint8)
        if self._dutch_of[p] == SAME_AS_NATIONAL:
            return self._national.row(p)
        return self._dutch.row([q for q in self._dutch_of if q >= 0].index(p))

    def _unpacked(self, row, parties) -> np.ndarray:
        """(len(parties), n_simulations) uint8: ``row(p)`` for each party index p of `parties`."""
        out = np.empty((len(parties), self._national.n), dtype=np.uint8)
        for i, p in enumerate(parties):
            out[i] = row(p)
        return out

    def _coalition_counts(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`Result._coalition_counts`, unpacking the draws of the coalitions' parties only."""
        used = np.flatnonzero(members.any(axis=0))
        national, dutch = self._unpacked(self._national.row, used), self._unpacked(self._dutch_row, used)
        return coalition_counts(national, dutch, self._dutch_group_size, members[:, used])

    def seats(self, parties: Iterable[str], regions: Iterable[str] | None = None) -> np.ndarray:
        """Sum a set of parties' national seats within each simulation (`Result.seats`).

        Raises
        ------
        ValueError
            When `regions` is given: a compact result keeps national draws only.
        """
        if regions is not None:
            raise ValueError("a compact result keeps national seat draws only: use simulate() for regional draws")
        return self._national.sum_rows(self._indices(parties))

    def to_bytes(self) -> bytes:
        """Encode without the library, which every process loads itself (`engine.codec`: reading runs no code)."""
        return codec.encode({k: v for k, v in self.__dict__.items() if k != "library"})

    @classmethod
    def from_bytes(cls, data: bytes, library: Library, scenario: Scenario) -> CompactResult:
        """Read back what `to_bytes` wrote for `scenario`, attached to `library`.

        Raises
        ------
        ValueError
            When `data` is not an encoded compact result of `scenario` (damaged, tampered, or
            another scenario's).
        """
        state = codec.decode(data)
        if not isinstance(state, dict) or set(state) != _STORED_STATE or state["scenario"] != scenario:
            raise ValueError(f"not an encoded compact result of {scenario.poll.id}")
        n_parties, n = len(state["model"].parties), scenario.simulations
        dutch_of = state["_dutch_of"]
        if not (
            len(dutch_of) == n_parties
            and all(isinstance(p, int) and SAME_AS_NATIONAL <= p < n_parties for p in dutch_of)
        ):
            raise ValueError("not an encoded compact result: its Dutch-language group does not match")
        state["_national"].check(n, n_parties)
        state["_dutch"].check(n, sum(p >= 0 for p in dutch_of))
        state["_dutch_group"].check(n, 1)
        result = cls.__new__(cls)
        result.__dict__.update(state)
        result.library = library
        return result


def kernel_ready() -> bool:
    """Tell whether a run's compiled code is ready in this process (compiled or loaded from disk).

    Until then the first run also compiles the simulation loop (`engine.kernel`) and the counting
    of its summaries (`engine.seat_counts`): about half a minute on a cold host.

    Returns
    -------
    bool
    """
    return kernel.is_compiled() and seat_counts.is_compiled()


def sampling_only_comparison(scenario: Scenario) -> Scenario | None:
    """Return the run beside a majority probability: `scenario` with the sampling error only.

    That is how the published analyses read a poll. It runs 2^16 simulations (the quick run's
    size, or fewer when the scenario asks for fewer): a comparison shown in whole percent needs no
    more (its Monte Carlo error is at most 0.2 points), and it then costs what the quick run costs.
    Same seed, so the same scenario always shows the same comparison.

    Returns
    -------
    Scenario or None
        None when `scenario` has the sampling error only already.
    """
    if scenario.polling_error == NO_POLLING_ERROR:
        return None
    return replace(scenario, polling_error=NO_POLLING_ERROR, simulations=min(scenario.simulations, QUICK_SIMULATIONS))


def chunk_seeds(seed: int, simulations: int) -> np.ndarray:
    """Derive one 32-bit seed per chunk of `CHUNK` simulations (docs/method.md §3.6).

    Parameters
    ----------
    seed : int
        The scenario's seed (non-negative), given to `numpy.random.SeedSequence`.
    simulations : int
        The run's number of simulations.

    Returns
    -------
    numpy.ndarray of shape (ceil(simulations / CHUNK),), uint32
        ``SeedSequence(seed).generate_state(n_chunks, dtype=uint32)``: a longer run with the same
        seed starts with the same chunk seeds.
    """
    n_chunks = (simulations + CHUNK - 1) // CHUNK
    return np.random.SeedSequence(seed).generate_state(n_chunks, dtype=np.uint32)


def effective_sample_sizes_for(scenario: Scenario, library: Library) -> dict[str, float] | None:
    """Return the respondents each region of the scenario's poll counts as (docs/method.md §8).

    Parameters
    ----------
    scenario : Scenario
        Its `polling_error` and `election_day` decide.
    library : Library
        Holds the fitted polling error.

    Returns
    -------
    dict of str to float or None
        n_eff per covered region; None with ``polling_error="none"`` (the sample sizes).

    Raises
    ------
    ValueError
        When the scenario asks for the historical polling error and the library has none
        (data/polling_error.toml is missing).
    """
    if scenario.polling_error == NO_POLLING_ERROR:
        return None
    if library.polling_error is None:
        raise ValueError(
            "no fitted polling error in data/polling_error.toml: run `python -m engine fit-polling-error`, "
            "or use polling_error='none'"
        )
    return effective_sample_sizes(scenario.poll, library.polling_error, scenario.election_day)


def simulate(scenario: Scenario, library: Library) -> Result:
    """Run `scenario.simulations` simulations of the Chamber and return their `Result`.

    The model is docs/method.md §2–3: a Dirichlet posterior per region, the swing from the
    baseline with local noise, the 5 % threshold and D'Hondt per constituency; with the historical
    polling error (the default) each region's poll counts as its effective sample size
    (docs/method.md §8). The same scenario (poll, seed, simulations, baseline, swing, noise,
    polling error, election day) gives the same numbers on any machine and
    thread count, and a run of N simulations is the first N of any longer run with the same seed.

    Parameters
    ----------
    scenario : Scenario
        The poll (shares in percent) and the run's settings, validated by `Scenario` itself.
    library : Library
        The loaded data (`load_library`).

    Returns
    -------
    Result
        Seat counts are whole seats; probabilities are fractions (0–1) with standard errors; vote
        shares are percentages.

    Raises
    ------
    KeyError
        When `scenario.baseline` is not an election of the library, or the poll names a party
        outside the registry.
    ValueError
        When no election precedes the poll's fieldwork (`Library.baseline_for`), or the library
        has no fitted polling error for a scenario that asks for it.
    """
    model = model_for(
        scenario.poll, library, scenario.baseline, scenario.swing, effective_sample_sizes_for(scenario, library)
    )
    seats, histogram, share_draws = simulate_seats(
        model.kernel_inputs(),
        scenario.simulations,
        chunk_seeds(scenario.seed, scenario.simulations),
        share_draws_kept(scenario.simulations),
        local_noise_factors(scenario.constituency_noise),
    )
    return Result(scenario, library, model, seats, histogram, share_draws)
