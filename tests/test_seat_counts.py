"""The numba seat counts (engine.seat_counts) and the summaries read from them.

Oracles: `numpy.bincount` row by row, coalitions summed with numpy, and a run's parties, families
and coalitions recomputed from its raw draws with `SeatDistribution.from_draws`.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Scenario, simulate
from engine.domain import CHAMBER_SEATS, OTHER, REGIONS
from engine.seat_counts import BLOCK, coalition_counts, row_counts
from engine.summaries import Probability, SeatDistribution

# Sizes around the parallel blocks' (one simulation, a block ± 1, several blocks and a remainder).
SIZES = st.one_of(st.integers(1, 40), st.sampled_from([BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 7, 3 * BLOCK - 3]))


def seat_splits(seed: int, n_parties: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """National and Dutch-language group seats (n_parties, n) uint8 and the group's size (n,) int16.

    In each simulation at most 150 seats are split between the parties, some of them very unevenly
    (one party can take them all); a party's Dutch-language group seats are some of its seats.
    """
    rng = np.random.default_rng(seed)
    totals = rng.integers(0, CHAMBER_SEATS + 1, size=n)
    totals[rng.random(n) < 0.2] = CHAMBER_SEATS
    weights = rng.dirichlet(np.full(n_parties, rng.choice([0.05, 1.0, 20.0])))
    national = rng.multinomial(totals, weights).T.astype(np.uint8)
    dutch = rng.binomial(national, rng.random((n_parties, 1))).astype(np.uint8)
    group = dutch.sum(axis=0, dtype=np.int16) + rng.integers(0, 3, size=n, dtype=np.int16)
    return national, dutch, group


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_rows=st.integers(0, 9), n=SIZES)
def test_row_counts_are_bincount_row_by_row(seed, n_rows, n):
    draws, _, _ = seat_splits(seed, max(n_rows, 1), n)
    draws = draws[:n_rows]
    counts = row_counts(draws)
    assert counts.dtype == np.int64 and counts.shape == (n_rows, CHAMBER_SEATS + 1)
    for row, counted in zip(draws, counts):
        assert np.array_equal(counted, np.bincount(row.astype(np.int64), minlength=CHAMBER_SEATS + 1))


def test_row_counts_take_a_whole_chamber_and_an_empty_row():
    draws = np.array([[CHAMBER_SEATS] * 5, [0] * 5, [0, 1, 2, 3, CHAMBER_SEATS]], dtype=np.uint8)
    counts = row_counts(draws)
    assert counts[0, CHAMBER_SEATS] == 5 and counts[1, 0] == 5
    assert np.array_equal(np.flatnonzero(counts[2]), [0, 1, 2, 3, CHAMBER_SEATS])


def numpy_coalition_counts(national, dutch, group, members):
    """The straightforward computation: sum the members' rows, bincount, compare with the group."""
    counts, hits = [], []
    for member in members:
        seats = national[member].astype(np.int64).sum(axis=0)
        counts.append(np.bincount(seats, minlength=CHAMBER_SEATS + 1))
        hits.append(np.count_nonzero(2 * dutch[member].astype(np.int64).sum(axis=0) > group))
    return np.array(counts, dtype=np.int64).reshape(len(members), CHAMBER_SEATS + 1), np.array(hits, dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**32 - 1), n_parties=st.integers(1, 9), n=SIZES)
def test_coalition_counts_are_the_numpy_sums(data, seed, n_parties, n):
    national, dutch, group = seat_splits(seed, n_parties, n)
    membership = st.lists(st.booleans(), min_size=n_parties, max_size=n_parties)
    members = np.array(data.draw(st.lists(membership, max_size=6)), dtype=bool).reshape(-1, n_parties)
    counts, hits = coalition_counts(national, dutch, group, members)
    expected_counts, expected_hits = numpy_coalition_counts(national, dutch, group, members)
    assert counts.dtype == hits.dtype == np.int64
    assert np.array_equal(counts, expected_counts)
    assert np.array_equal(hits, expected_hits)


def test_seats_beyond_the_chamber_are_refused_not_counted():
    with pytest.raises(ValueError, match="150"):
        row_counts(np.array([[CHAMBER_SEATS + 1]], dtype=np.uint8))
    national = np.array([[100], [51]], dtype=np.uint8)
    with pytest.raises(ValueError, match="150"):
        coalition_counts(national, national, np.array([151], dtype=np.int16), np.ones((1, 2), dtype=bool))
    with pytest.raises(TypeError, match="uint8"):
        row_counts(np.array([[256]]))


# --- a run's summaries ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run(library):
    # Neither a multiple of the kernel's chunks nor of the seat counts' blocks.
    return simulate(Scenario(library.polls["2024-11-21-Ipsos"], simulations=2**14 + 1000), library)


def test_a_runs_parties_are_the_bincounts_of_its_draws(run):
    national = run.seat_draws.astype(np.int64).sum(axis=0)
    assert run.parties
    for party in run.parties:
        p = run.model.parties.index(party.key)
        assert np.array_equal(party.seats.counts, SeatDistribution.from_draws(national[p]).counts)
        assert party.seats.counts.dtype == np.int64
        assert party.seats_by_region
        for region, seats in party.seats_by_region.items():
            expected = SeatDistribution.from_draws(run.seat_draws[REGIONS.index(region), p]).counts
            assert np.array_equal(seats.counts, expected), (party.key, region)


def expected_coalition(run, parties, name, note):
    """A coalition summed with numpy from the raw draws, as `Result.coalition` did before numba."""
    keys = tuple(dict.fromkeys(parties))
    indices = [run.model.parties.index(k) for k in keys if k in run.model.parties]
    national = run.seat_draws.astype(np.int64).sum(axis=0)
    dutch = run.dutch_group_seat_draws.astype(np.int64)
    seats = SeatDistribution.from_draws(national[indices].sum(axis=0))
    hits = int(np.count_nonzero(2 * dutch[indices].sum(axis=0) > dutch.sum(axis=0)))
    return {
        "name": name,
        "parties": keys,
        "note": note,
        "last_result": sum(run.last_result_seats.get(k, 0) for k in keys),
        "counts": seats.counts.tolist(),
        "majority_probability": seats.majority_probability,
        "dutch_majority_probability": Probability.from_hits(hits, run.simulations),
    }


def as_dict(coalition):
    return {
        "name": coalition.name,
        "parties": coalition.parties,
        "note": coalition.note,
        "last_result": coalition.last_result,
        "counts": coalition.seats.counts.tolist(),
        "majority_probability": coalition.majority_probability,
        "dutch_majority_probability": coalition.dutch_majority_probability,
    }


def test_a_runs_preset_coalitions_are_summed_from_its_draws(run, library):
    expected = [expected_coalition(run, c.parties, c.name, c.note) for c in library.coalitions]
    expected.sort(key=lambda c: (-c["majority_probability"].value, -SeatDistribution(np.array(c["counts"])).median))
    assert [as_dict(c) for c in run.coalitions] == expected
    assert 0 < sum(c.dutch_majority_probability.value for c in run.coalitions)
    assert any(0 < c.majority_probability.value < 1 for c in run.coalitions)


def test_any_coalition_is_summed_from_the_draws(run):
    keys = [k for k in run.model.parties if k != OTHER]
    for parties in ([keys[0]], keys[:4], keys[2:] + [keys[2]], ["NVA", "MR", "LE", "VOORUIT", "CDV"], []):
        assert as_dict(run.coalition(parties)) == expected_coalition(run, parties, run.coalition(parties).name, "")
    with pytest.raises(ValueError, match="unknown party 'XYZ'"):
        run.coalition(["NVA", "XYZ"])


def test_a_runs_families_are_summed_from_its_draws(run):
    national = run.seat_draws.astype(np.int64).sum(axis=0)
    assert run.families
    for family in run.families:
        indices = [run.model.parties.index(k) for k in family.parties]
        expected = SeatDistribution.from_draws(national[indices].sum(axis=0)).counts
        assert np.array_equal(family.seats.counts, expected)
