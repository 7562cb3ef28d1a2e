"""The numba kernel against a plain-Python twin (small sizes, tests only).

The twin draws with numpy's own `Generator(SFC64)` from the state the kernel gives each chunk, so
the two can be compared bit for bit; a second twin run on an unrelated numpy stream checks the
distribution within Monte Carlo error, and D'Hondt is checked exactly on the same votes.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Scenario, load_library
from engine.kernel import (
    CHUNK,
    STANDARD_NORMAL_QUANTILES,
    _dhondt_fast,
    _dhondt_range,
    chunk_generator_state,
    draw_gamma,
    local_noise_factors,
    simulate_seats,
)
from engine.model import model_for
from engine.simulation import chunk_seeds

POLL = "2024-11-21-Ipsos"


@pytest.fixture(scope="module")
def model():
    library = load_library()
    return model_for(library.polls[POLL], library)


def numpy_generator(chunk_seed: int) -> np.random.Generator:
    bit_generator = np.random.SFC64()
    bit_generator.state = {
        "bit_generator": "SFC64",
        "state": {"state": chunk_generator_state(chunk_seed)},
        "has_uint32": 0,
        "uinteger": 0,
    }
    return np.random.Generator(bit_generator)


def textbook_dhondt(votes: list[float], seats: int) -> list[int]:
    """One seat at a time to the highest quotient, in exact fractions: 5 % threshold (everyone if
    nobody reaches it), ties to more votes, then to the list listed first."""
    exact = [Fraction(v) for v in votes]
    total = sum(exact)
    eligible = [v * 20 >= total and v > 0 for v in exact]
    if not any(eligible):
        eligible = [True] * len(exact)
    won = [0] * len(exact)
    for _ in range(seats):
        best = max(
            (i for i in range(len(exact)) if eligible[i]),
            key=lambda i: (exact[i] / (won[i] + 1), exact[i], -i),
        )
        won[best] += 1
    return won


def twin_simulate(m, n_simulations: int, generators, first_allocated: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The kernel in plain Python: Dirichlet by normalised Gamma draws per region, multiplicative
    swing, D'Hondt per constituency. `generators[c]` draws chunk c. Simulations before
    `first_allocated` only advance the random stream (seats and histogram left at zero)."""
    n_regions = len(m.category_start) - 1
    seats = np.zeros((n_simulations, n_regions, len(m.parties)), dtype=np.int64)
    histogram = np.zeros((len(m.list_names), m.max_constituency_seats + 1), dtype=np.int64)
    for s in range(n_simulations):
        rng = generators[s // CHUNK]
        theta = np.zeros(len(m.alpha))
        for r in range(n_regions):
            lo, hi = m.category_start[r], m.category_start[r + 1]
            draws = [rng.standard_gamma(a) for a in m.alpha[lo:hi]]
            total = 0.0
            for d in draws:
                total += d
            theta[lo:hi] = [d / total for d in draws]
        unit_share = np.zeros(len(m.unit_labels))
        if s < first_allocated:
            continue
        for k, unit in enumerate(m.category_unit):
            if unit >= 0:
                unit_share[unit] += theta[k]
        votes = [
            max(m.list_fixed[j] + (m.list_scale[j] * unit_share[m.list_unit[j]] if m.list_unit[j] >= 0 else 0.0), 0.0)
            for j in range(len(m.list_names))
        ]
        for d in range(len(m.constituency_seats)):
            lo, hi = m.constituency_start[d], m.constituency_start[d + 1]
            won = textbook_dhondt(votes[lo:hi], int(m.constituency_seats[d]))
            for j, w in zip(range(lo, hi), won):
                seats[s, m.constituency_region[d], m.list_party[j]] += w
                histogram[j, w] += 1
    return seats, histogram


def kernel_simulate(m, n_simulations: int, seed: int = 2024):
    """The kernel's output, seats as (simulations, regions, parties) like the twin's."""
    seats, histogram, shares = simulate_seats(
        *m.kernel_inputs(),
        n_simulations,
        chunk_seeds(seed, n_simulations),
        min(16, n_simulations),
        local_noise_factors(0.0),
    )
    return seats.transpose(2, 0, 1), histogram, shares


def test_gamma_draws_are_numpys_standard_gamma_bit_for_bit():
    shapes = np.array([1.0, 1.5, 5.7, 247.0, 0.4, 30.2, 1e-3, 2.0])
    ours = draw_gamma(12345, shapes, 2000)
    rng = numpy_generator(12345)
    theirs = np.array([[rng.standard_gamma(a) for a in shapes] for _ in range(2000)])
    assert np.array_equal(ours, theirs)


def test_kernel_equals_its_plain_python_twin_on_the_same_stream(model):
    n = CHUNK + 200  # two chunks, the second one partial; seats compared around the boundary
    first = CHUNK - 200
    seeds = chunk_seeds(2024, n)
    twin_seats, _ = twin_simulate(model, n, [numpy_generator(int(s)) for s in seeds], first_allocated=first)
    seats, _, _ = kernel_simulate(model, n)
    assert np.array_equal(seats[first:], twin_seats[first:])


def test_kernel_seat_distribution_matches_the_twin_on_another_stream(model):
    """Independent random numbers: the PMFs agree within Monte Carlo error (5 standard errors of a
    difference, over every list and seat count)."""
    n = 1500
    twin_seats, twin_histogram = twin_simulate(model, n, [np.random.default_rng(99)])
    _, histogram, _ = kernel_simulate(model, n, seed=7)
    p, q = histogram / n, twin_histogram / n
    standard_error = np.sqrt((p * (1 - p) + q * (1 - q)) / n) + 1.0 / n
    assert (np.abs(p - q) <= 5 * standard_error).all()


def test_a_short_run_is_the_start_of_a_longer_one(model):
    short, short_histogram, _ = kernel_simulate(model, 5000)
    long, _, _ = kernel_simulate(model, 3 * CHUNK)
    assert np.array_equal(short, long[:5000])
    assert short_histogram.sum(axis=1).tolist() == [5000] * len(model.list_names)


def _kernel_dhondt(function, votes, seats):
    votes = np.asarray(votes, dtype=np.float64)
    out = np.zeros(len(votes), dtype=np.int64)
    scratch = np.empty(len(votes), dtype=np.int64)
    if function is _dhondt_fast:  # the simulation loop hands it the constituency's total
        function(votes, 0, len(votes), seats, out, scratch, sum(votes.tolist()))
    else:
        function(votes, 0, len(votes), seats, out, scratch)
    return out.tolist()


@settings(max_examples=300, deadline=None)
@given(
    votes=st.lists(st.integers(0, 60) | st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=14),
    seats=st.integers(1, 30),
)
def test_kernel_dhondt_equals_the_textbook_on_the_same_votes(votes, seats):
    expected = textbook_dhondt(votes, seats)
    assert _kernel_dhondt(_dhondt_range, votes, seats) == expected
    assert _kernel_dhondt(_dhondt_fast, votes, seats) == expected


def test_divisor_cut_equals_lower_quota_on_simulated_votes(model):
    """The simulation loop's D'Hondt against the reference one, on a run's worth of swung votes."""
    rng = np.random.default_rng(3)
    base = model.list_fixed + model.list_scale * model.unit_baseline_share[np.maximum(model.list_unit, 0)]
    for _ in range(300):
        votes = base * rng.lognormal(0.0, 0.3, size=base.shape)
        for d in range(len(model.constituency_seats)):
            lo, hi = model.constituency_start[d], model.constituency_start[d + 1]
            seats = int(model.constituency_seats[d])
            assert _kernel_dhondt(_dhondt_fast, votes[lo:hi], seats) == _kernel_dhondt(
                _dhondt_range, votes[lo:hi], seats
            )


def test_engine_result_is_reproducible(model):
    library = load_library()
    scenario = Scenario(library.polls[POLL], simulations=2 * CHUNK, seed=11)
    from engine import simulate

    a, b = simulate(scenario, library), simulate(scenario, library)
    assert np.array_equal(a.seat_draws, b.seat_draws)


def test_local_noise_factors_are_a_log_normal_with_the_asked_spread():
    z = STANDARD_NORMAL_QUANTILES
    assert np.all(np.diff(z) > 0) and z.mean() == pytest.approx(0.0, abs=1e-12)
    assert z.std() == pytest.approx(1.0, abs=0.002)  # midpoint quantiles, cut at ±3.5 sd
    assert np.log(local_noise_factors(0.1)).std() == pytest.approx(0.1, rel=0.002)
    assert local_noise_factors(0.0).size == 0
