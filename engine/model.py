"""The poll model (docs/method.md §2–3): from a regional poll and a baseline election to flat arrays.

The kernel sees only arrays. This module decides what they mean:

- categories: one per poll entry per covered region, plus that region's Other (last). Their
  Dirichlet parameters are `counts + 1` (flat prior).
- units: the lists the poll's shares swing, one per (region, list). A category feeds the unit of
  its own list, of the list it ran with (joint lists), or of a pair's larger partner.
- lists: every list in every constituency. Its projected votes are
  `fixed + scale * unit_share`: a swung list has `scale = L / ℓ` (multiplicative swing) and no
  fixed part; a list the poll does not name keeps its baseline votes as `fixed`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .allocation import allocate
from .defaults import DEFAULT_SWING, MULTIPLICATIVE
from .domain import OTHER, REGIONS, Election, Library, ListResult, Party, Poll, RegionPoll
from .kernel import KernelInputs


@dataclass(frozen=True)
class RegionCounts:
    """A region's poll turned into Dirichlet parameters (docs/method.md §2.1–2.2).

    Attributes
    ----------
    keys : tuple of str
        The poll's named entries in published order, then `OTHER`.
    counts : numpy.ndarray of shape (len(keys),), float64
        Respondents per entry, ``k = share × n / 100`` (real numbers: fractions are kept).
    """

    keys: tuple[str, ...]  # poll entries, then OTHER
    counts: np.ndarray  # k = share × n / 100, same order as keys

    @property
    def alpha(self) -> np.ndarray:
        """Dirichlet parameters ``counts + 1`` (a flat prior), shape (len(keys),), float64."""
        return self.counts + 1.0


def region_counts(region: RegionPoll) -> RegionCounts:
    """Turn a region's shares into respondent counts per entry (docs/method.md §2.1).

    Without an `OTHER` row, Other is the remainder to 100; a total over 100 is scaled down to 100;
    with an explicit `OTHER`, a total under 100 is undecided voters and is dropped.

    Parameters
    ----------
    region : RegionPoll
        The region; shares in percent, sample size in respondents.

    Returns
    -------
    RegionCounts
        Named entries in published order, then `OTHER`, with ``k = share × n / 100``.
    """
    named = [(k, s) for k, s in region.shares if k != OTHER]
    given_other = region.share(OTHER)
    other = given_other if given_other is not None else max(0.0, 100.0 - sum(s for _, s in named))
    shares = np.array([s for _, s in named] + [other], dtype=float)
    total = shares.sum()
    if total > 100.0:
        shares *= 100.0 / total
    return RegionCounts(tuple(k for k, _ in named) + (OTHER,), shares * region.sample_size / 100.0)


@dataclass(frozen=True)
class Model:
    """Everything a simulation needs, as arrays, plus the labels to read its output.

    Built by `build_model`; the module docstring says what categories, units and lists are.
    Integer arrays are int64, real ones float64.

    Attributes
    ----------
    poll : Poll
        The poll; shares in percent.
    baseline : Election
        The baseline election.
    parties : tuple of str
        Output party index → registry key, by registry position; `OTHER` (unregistered lists) last.
    regions : tuple of str
        `REGIONS`.
    region_weight : numpy.ndarray of shape (n_regions,), float64
        Each region's share (fraction) of the baseline's valid votes (docs/method.md §2.3).
    effective_sample_size : dict of str to float
        Per covered region, the respondents the poll counts as (docs/method.md §8): its sample
        size with sampling error only, fewer with the polling error.
    alpha : numpy.ndarray of shape (n_categories,), float64
        Dirichlet parameter per category (``k × n_eff / n + 1``), concatenated over covered regions.
    category_start : numpy.ndarray of shape (n_regions + 1,), int64
        Offsets of each region's categories into `alpha` (an uncovered region: an empty range).
    category_keys : tuple of str
        The poll entry of each category (`OTHER` last in each region).
    category_unit : numpy.ndarray of shape (n_categories,), int64
        The unit a category's share swings, or -1 (Other).
    unit_labels : tuple of (str, str)
        ``(region, list party key)`` per swung unit.
    unit_baseline_share : numpy.ndarray of shape (n_units,), float64
        Each unit's regional share (fraction) at the baseline, ℓ in docs/method.md §3.1.
    list_names : tuple of str
        Every list of every constituency, grouped by constituency (names on the poll's last
        fieldwork day); new parties follow the baseline's lists.
    list_party : numpy.ndarray of shape (n_lists,), int64
        Output party index per list.
    list_unit : numpy.ndarray of shape (n_lists,), int64
        Unit per list, or -1 for a list that keeps its baseline votes (docs/method.md §3.2).
    list_scale, list_fixed : numpy.ndarray of shape (n_lists,), float64
        Projected votes are ``list_fixed + list_scale × unit share`` (the kernel clips at 0).
    list_baseline_votes : numpy.ndarray of shape (n_lists,), float64
        Official baseline votes (0 for a new party).
    list_baseline_seats : numpy.ndarray of shape (n_lists,), int64
        Seats D'Hondt gives each list on the baseline votes.
    constituency_names : tuple of str
        In the baseline's order.
    constituency_region : numpy.ndarray of shape (n_constituencies,), int64
        Region index per constituency.
    constituency_start : numpy.ndarray of shape (n_constituencies + 1,), int64
        Offsets of each constituency's lists into the list arrays.
    constituency_seats : numpy.ndarray of shape (n_constituencies,), int64
        Seats per constituency at the baseline.
    swing : str
        One of `SWING_MODELS`.
    """

    poll: Poll
    baseline: Election
    parties: tuple[str, ...]  # output party index → registry key; OTHER (unregistered lists) last
    regions: tuple[str, ...]
    region_weight: np.ndarray  # region's share of the baseline's valid votes (national shares)
    effective_sample_size: dict[str, float]  # per covered region (docs/method.md §8)
    # Dirichlet categories, concatenated over covered regions.
    alpha: np.ndarray
    category_start: np.ndarray  # per region: offsets into alpha (uncovered: empty range)
    category_keys: tuple[str, ...]  # poll entry per category
    category_unit: np.ndarray  # unit index, or -1 (Other)
    unit_labels: tuple[tuple[str, str], ...]  # (region, list party key)
    unit_baseline_share: np.ndarray
    # Lists, grouped by constituency.
    list_names: tuple[str, ...]
    list_party: np.ndarray  # output party index
    list_unit: np.ndarray  # unit index or -1 (keeps baseline votes)
    list_scale: np.ndarray
    list_fixed: np.ndarray
    list_baseline_votes: np.ndarray
    list_baseline_seats: np.ndarray
    constituency_names: tuple[str, ...]
    constituency_region: np.ndarray  # region index
    constituency_start: np.ndarray  # offsets into the list arrays (length + 1)
    constituency_seats: np.ndarray
    swing: str

    @property
    def max_constituency_seats(self) -> int:
        """The most seats any constituency elects."""
        return int(self.constituency_seats.max())

    def kernel_inputs(self) -> KernelInputs:
        """Return the model's arrays as `kernel.simulate_seats` reads them.

        Returns
        -------
        KernelInputs
            The same arrays (not copies), with ``n_units`` and ``n_parties``.
        """
        return KernelInputs(
            alpha=self.alpha,
            category_start=self.category_start,
            category_unit=self.category_unit,
            n_units=len(self.unit_labels),
            list_unit=self.list_unit,
            list_scale=self.list_scale,
            list_fixed=self.list_fixed,
            list_party=self.list_party,
            constituency_start=self.constituency_start,
            constituency_seats=self.constituency_seats,
            constituency_region=self.constituency_region,
            n_parties=len(self.parties),
        )


def _larger_partner(keys: list[str], regional: dict[str, int], election: Election, region: str) -> str:
    """Return the list a pair counts for: the region's larger partner (docs/method.md §2.5)."""
    lists = [election.joint_list(region, k) or k for k in keys]
    return max(lists, key=lambda k: regional.get(k, 0))


def seat_list_for(entry: str, region: str, election: Election, regional: dict[str, int]) -> str:
    """Return the list whose votes a poll entry swings in `region` of `election`.

    Parameters
    ----------
    entry : str
        A poll entry: a registry key or a pair such as ``"PS+VOORUIT"`` (not `OTHER`).
    region : str
        Region key.
    election : Election
        The baseline election.
    regional : dict of str to int
        ``election.regional_votes(region)``: baseline votes per party key.

    Returns
    -------
    str
        Registry key of the list: the entry itself where it ran in the region, else the list it
        ran with (docs/method.md §2.4); for a pair, its larger partner's list
        (docs/method.md §2.5). A party with neither is returned as itself (a new party,
        docs/method.md §3.3).
    """
    keys = entry.split("+")
    if len(keys) > 1:
        return _larger_partner(keys, regional, election, region)
    if regional.get(entry, 0) > 0:
        return entry
    return election.joint_list(region, entry) or entry


def vote_party_for(entry: str, region: str, election: Election, regional: dict[str, int]) -> str:
    """Return the party a poll entry's vote share is reported for.

    Parameters
    ----------
    entry : str
        A poll entry: a registry key or a pair such as ``"PS+VOORUIT"`` (not `OTHER`).
    region : str
        Region key.
    election : Election
        The baseline election.
    regional : dict of str to int
        ``election.regional_votes(region)``: baseline votes per party key.

    Returns
    -------
    str
        The entry itself; for a pair, its larger partner's list (docs/method.md §2.5). Unlike
        `seat_list_for`, a joint list does not take over the entry's share (docs/method.md §2.4).
    """
    keys = entry.split("+")
    return entry if len(keys) == 1 else _larger_partner(keys, regional, election, region)


def seats_won(election: Election) -> list[tuple[ListResult, int]]:
    """Allocate an election's seats from its official votes, list by list.

    D'Hondt with the 5 % threshold (Electoral Code art. 165bis, 167), constituency by
    constituency, on the FPS Interior's official votes.

    Parameters
    ----------
    election : Election
        The election.

    Returns
    -------
    list of (ListResult, int)
        Every list with its seats (0 included), constituency by constituency, in file order.
    """
    won = []
    for constituency in election.constituencies:
        lists = [row for row in election.results if row.constituency == constituency.name]
        won += zip(lists, (int(n) for n in allocate([row.votes for row in lists], constituency.seats)))
    return won


def build_model(
    poll: Poll,
    baseline: Election,
    parties: dict[str, Party],
    swing: str = DEFAULT_SWING,
    effective_sample_size: dict[str, float] | None = None,
) -> Model:
    """Build the arrays of the poll model (docs/method.md §2–3).

    Parameters
    ----------
    poll : Poll
        A validated poll (`engine.validation`); shares in percent.
    baseline : Election
        The election the swing starts from.
    parties : dict of str to Party
        The party registry (positions, names on the poll's date).
    swing : str, default DEFAULT_SWING
        ``"multiplicative"`` (``scale = L / ℓ``) or ``"additive"`` (``fixed = L − T ℓ``,
        ``scale = T``): docs/method.md §3.1.
    effective_sample_size : dict of str to float or None, default None
        Respondents each covered region's poll counts as (docs/method.md §8), at most its sample
        size; None (or a region left out) takes the sample size: sampling error only.

    Returns
    -------
    Model
        Categories, units, lists and constituencies as arrays, and their labels.

    Raises
    ------
    KeyError
        When the poll or the baseline names a party outside `parties`.
    """
    regional = {r: baseline.regional_votes(r) for r in REGIONS}
    valid = np.array([sum(regional[r].values()) for r in REGIONS], dtype=float)

    in_results = {row.party for row in baseline.results if row.party}
    in_poll = {k for rp in poll.regions for e, _ in rp.shares if e != OTHER for k in e.split("+")}
    keys = sorted(in_results | in_poll, key=lambda k: parties[k].position)
    party_index = {k: i for i, k in enumerate(keys)}
    party_index[OTHER] = len(keys)

    alpha, category_start, category_keys, category_unit = [], [0], [], []
    unit_labels: list[tuple[str, str]] = []
    unit_share: list[float] = []
    n_eff = {rp.region: float(rp.sample_size) for rp in poll.regions} | (effective_sample_size or {})
    for r_index, region in enumerate(REGIONS):
        region_poll = poll.region(region)
        if region_poll is not None:
            counts = region_counts(region_poll)
            for entry, k in zip(counts.keys, counts.counts):
                alpha.append(k * n_eff[region] / region_poll.sample_size + 1.0)
                category_keys.append(entry)
                if entry == OTHER:
                    category_unit.append(-1)
                    continue
                target = (region, seat_list_for(entry, region, baseline, regional[region]))
                if target not in unit_labels:
                    unit_labels.append(target)
                    unit_share.append(regional[region].get(target[1], 0) / valid[r_index])
                category_unit.append(unit_labels.index(target))
        category_start.append(len(alpha))

    list_names, list_party, list_unit, list_scale, list_fixed = [], [], [], [], []
    list_votes, constituency_start = [], [0]
    constituencies = baseline.constituencies
    for constituency in constituencies:
        rows = [row for row in baseline.results if row.constituency == constituency.name]
        total = sum(row.votes for row in rows)
        swung = {u for (reg, u) in unit_labels if reg == constituency.region}
        region_poll = poll.region(constituency.region)
        removed = set(region_poll.removed) if region_poll else set()
        for row in rows:
            unit = unit_labels.index((constituency.region, row.party)) if row.party in swung else -1
            share = unit_share[unit] if unit >= 0 else 0.0
            list_names.append(parties[row.party].name_on(poll.fieldwork_end) if row.party else row.list_name)
            list_party.append(party_index[row.party or OTHER])
            list_unit.append(unit)
            list_votes.append(row.votes)
            if unit < 0:
                list_scale.append(0.0)
                list_fixed.append(0.0 if row.party in removed else float(row.votes))
            elif share == 0.0:
                # Listed with no votes at all: swung as a new party (below).
                list_scale.append(float(total))
                list_fixed.append(0.0)
            elif swing == MULTIPLICATIVE:
                list_scale.append(row.votes / share)
                list_fixed.append(0.0)
            else:
                # Additive (uniform) swing: v = L + T × (θ − ℓ), clipped at zero in the kernel.
                list_scale.append(float(total))
                list_fixed.append(row.votes - total * share)
        present = {row.party for row in rows}
        for unit, (reg, key) in enumerate(unit_labels):
            if reg == constituency.region and key not in present:
                # A new party (no baseline votes here): its regional share, uniform (docs/method.md §3.3).
                list_names.append(parties[key].name_on(poll.fieldwork_end))
                list_party.append(party_index[key])
                list_unit.append(unit)
                list_scale.append(float(total))
                list_fixed.append(0.0)
                list_votes.append(0)
        constituency_start.append(len(list_names))

    baseline_seats = np.zeros(len(list_names), dtype=np.int64)
    votes_array = np.array(list_votes, dtype=np.float64)
    for d, constituency in enumerate(constituencies):
        lo, hi = constituency_start[d], constituency_start[d + 1]
        baseline_seats[lo:hi] = allocate(votes_array[lo:hi], constituency.seats)

    return Model(
        poll=poll,
        baseline=baseline,
        parties=tuple(keys) + (OTHER,),
        regions=REGIONS,
        region_weight=valid / valid.sum(),
        effective_sample_size={r: n_eff[r] for r in poll.covered_regions},
        alpha=np.array(alpha, dtype=np.float64),
        category_start=np.array(category_start, dtype=np.int64),
        category_keys=tuple(category_keys),
        category_unit=np.array(category_unit, dtype=np.int64),
        unit_labels=tuple(unit_labels),
        unit_baseline_share=np.array(unit_share, dtype=np.float64),
        list_names=tuple(list_names),
        list_party=np.array(list_party, dtype=np.int64),
        list_unit=np.array(list_unit, dtype=np.int64),
        list_scale=np.array(list_scale, dtype=np.float64),
        list_fixed=np.array(list_fixed, dtype=np.float64),
        list_baseline_votes=votes_array,
        list_baseline_seats=baseline_seats,
        constituency_names=tuple(c.name for c in constituencies),
        constituency_region=np.array([REGIONS.index(c.region) for c in constituencies], dtype=np.int64),
        constituency_start=np.array(constituency_start, dtype=np.int64),
        constituency_seats=np.array([c.seats for c in constituencies], dtype=np.int64),
        swing=swing,
    )


def model_for(
    poll: Poll,
    library: Library,
    baseline: str | None = None,
    swing: str = DEFAULT_SWING,
    effective_sample_size: dict[str, float] | None = None,
) -> Model:
    """Build the model of `poll` on a library election (`build_model`).

    Parameters
    ----------
    poll : Poll
        A validated poll; shares in percent.
    library : Library
        The loaded data.
    baseline : str or None, default None
        Election id of the baseline; None takes the last election before the poll's fieldwork.
    swing : str, default DEFAULT_SWING
        One of `SWING_MODELS`.
    effective_sample_size : dict of str to float or None, default None
        As `build_model`.

    Returns
    -------
    Model

    Raises
    ------
    KeyError
        When `baseline` is not an election of the library.
    ValueError
        When `baseline` is None and no election precedes the poll (`Library.baseline_for`).
    """
    election = library.elections[baseline] if baseline else library.baseline_for(poll)
    return build_model(poll, election, library.parties, swing, effective_sample_size)


def point_estimate_votes(model: Model) -> np.ndarray:
    """Project every list's votes at the poll's own shares (no sampling, no local noise).

    Parameters
    ----------
    model : Model
        The model.

    Returns
    -------
    numpy.ndarray of shape (n_lists,), float64
        Projected votes per list (non-negative), in `Model.list_names` order.
    """
    unit_share = np.zeros(len(model.unit_labels))
    theta = np.zeros(len(model.alpha))
    for r, region in enumerate(REGIONS):
        rp = model.poll.region(region)
        if rp is not None:
            counts = region_counts(rp).counts
            theta[model.category_start[r] : model.category_start[r + 1]] = counts / counts.sum()
    np.add.at(unit_share, model.category_unit[model.category_unit >= 0], theta[model.category_unit >= 0])
    swung = model.list_unit >= 0
    votes = model.list_fixed.copy()
    votes[swung] += model.list_scale[swung] * unit_share[model.list_unit[swung]]
    return np.maximum(votes, 0.0)
