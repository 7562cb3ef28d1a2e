"""The numba kernel against a plain-Python twin (small sizes, tests only).

The twin draws with numpy's own `Generator(SFC64)` from the state the kernel gives each chunk, so
the two can be compared bit for bit; a second twin run on an unrelated numpy stream checks the
distribution within Monte Carlo error, and D'Hondt is checked exactly on the same votes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Scenario, load_library
from engine import random_numbers as rn
from engine.allocation import _dhondt_fast, _dhondt_range
from engine.kernel import CHUNK, STANDARD_NORMAL_QUANTILES, KernelInputs, local_noise_factors, simulate_seats
from engine.model import model_for
from engine.random_numbers import chunk_generator_state, draw_gamma
from engine.simulation import chunk_seeds
from tests.oracles import dhondt_exact

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


def twin_simulate(
    inputs: KernelInputs, n_simulations: int, generators, first_allocated: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The kernel in plain Python: Dirichlet by normalised Gamma draws per region, multiplicative
    swing, D'Hondt per constituency. `generators[c]` draws chunk c. Simulations before
    `first_allocated` only advance the random stream (seats and histogram left at zero)."""
    n_regions = len(inputs.category_start) - 1
    n_lists = len(inputs.list_unit)
    seats = np.zeros((n_simulations, n_regions, inputs.n_parties), dtype=np.int64)
    histogram = np.zeros((n_lists, inputs.constituency_seats.max() + 1), dtype=np.int64)
    for s in range(n_simulations):
        rng = generators[s // CHUNK]
        theta = np.zeros(len(inputs.alpha))
        for r in range(n_regions):
            lo, hi = inputs.category_start[r], inputs.category_start[r + 1]
            draws = [rng.standard_gamma(a) for a in inputs.alpha[lo:hi]]
            total = 0.0
            for d in draws:
                total += d
            theta[lo:hi] = [d / total for d in draws]
        unit_share = np.zeros(inputs.n_units)
        if s < first_allocated:
            continue
        for k, unit in enumerate(inputs.category_unit):
            if unit >= 0:
                unit_share[unit] += theta[k]
        votes = [
            max(
                inputs.list_fixed[j]
                + (inputs.list_scale[j] * unit_share[inputs.list_unit[j]] if inputs.list_unit[j] >= 0 else 0.0),
                0.0,
            )
            for j in range(n_lists)
        ]
        for d in range(len(inputs.constituency_seats)):
            lo, hi = inputs.constituency_start[d], inputs.constituency_start[d + 1]
            won = dhondt_exact(votes[lo:hi], int(inputs.constituency_seats[d]))
            for j, w in zip(range(lo, hi), won):
                seats[s, inputs.constituency_region[d], inputs.list_party[j]] += w
                histogram[j, w] += 1
    return seats, histogram


def kernel_simulate(m, n_simulations: int, seed: int = 2024):
    """The kernel's output, seats as (simulations, regions, parties) like the twin's."""
    seats, histogram, shares = simulate_seats(
        m.kernel_inputs(),
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


@pytest.mark.parametrize("shape", [1.0, 2.5])
def test_ziggurat_draws_are_numpys_on_every_layer_and_in_the_tail(shape):
    """Shape 1 draws numpy's ziggurat exponential, shape 2.5 Marsaglia–Tsang on its ziggurat
    normal: 2^18 draws use every layer of our tables many times, the tail dozens of times."""
    n = 2**18
    ours = draw_gamma(2025, np.array([shape]), n)[:, 0]
    theirs = numpy_generator(2025).standard_gamma(shape, size=n)
    assert np.array_equal(ours, theirs)


@pytest.mark.parametrize(
    "k, w, f, r, bits, density, area",
    [
        # Normal, f(x) = exp(-x²/2): v = r f(r) + ∫_r^∞ f.
        (rn._NOR_K, rn._NOR_W, rn._NOR_F, rn._NOR_R, 52, lambda x: math.exp(-x * x / 2),
         lambda r: r * math.exp(-r * r / 2) + math.sqrt(math.pi / 2) * math.erfc(r / math.sqrt(2))),
        # Exponential, f(x) = e^-x: v = r f(r) + ∫_r^∞ f = (r + 1) e^-r.
        (rn._EXP_K, rn._EXP_W, rn._EXP_F, rn._EXP_R, 53, lambda x: math.exp(-x), lambda r: (r + 1) * math.exp(-r)),
    ],
)  # fmt: skip
def test_ziggurat_tables_are_256_layers_of_equal_area(k, w, f, r, bits, density, area):
    """Marsaglia & Tsang (2000): layer i ≥ 1 is [0, x_i] × [f(x_i), f(x_{i-1})], layer 0 the
    base [0, r] × [0, f(r)] plus the tail; all have the area v, and the top one closes at x = 0."""
    v = area(r)
    x = np.concatenate([[0.0], w[1:] * 2.0**bits])  # x_0 = 0 (the top), …, x_255 = r
    assert w[0] * 2.0**bits * f[-1] == pytest.approx(v, rel=1e-15)  # the base's w_0 = v / f(r)
    assert x[-1] == r and f[0] == 1.0
    assert np.allclose(f[1:], [density(xi) for xi in x[1:]], rtol=1e-15, atol=0)
    assert np.allclose(x[1:] * (f[:-1] - f[1:]), v, rtol=1e-12, atol=0)
    # k_i: x_{i-1}/x_i (r f(r)/v for the base) in units of 2^-bits, to within the rounding.
    ratios = np.concatenate([[r * f[-1] / v], x[:-1] / x[1:]]) * 2.0**bits
    assert np.allclose(k.astype(np.float64), ratios, rtol=1e-14, atol=2)


def test_kernel_equals_its_plain_python_twin_on_the_same_stream(model):
    n = CHUNK + 200  # two chunks, the second one partial; seats compared around the boundary
    first = CHUNK - 200
    seeds = chunk_seeds(2024, n)
    twin_seats, _ = twin_simulate(
        model.kernel_inputs(), n, [numpy_generator(int(s)) for s in seeds], first_allocated=first
    )
    seats, _, _ = kernel_simulate(model, n)
    assert np.array_equal(seats[first:], twin_seats[first:])


def test_kernel_seat_distribution_matches_the_twin_on_another_stream(model):
    """Independent random numbers: the PMFs agree within Monte Carlo error (5 standard errors of a
    difference, over every list and seat count)."""
    n = 1500
    twin_seats, twin_histogram = twin_simulate(model.kernel_inputs(), n, [np.random.default_rng(99)])
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
    expected = dhondt_exact(votes, seats)
    assert _kernel_dhondt(_dhondt_range, votes, seats) == expected
    assert _kernel_dhondt(_dhondt_fast, votes, seats) == expected


@settings(max_examples=300, deadline=None)
@given(
    votes=st.lists(st.integers(0, 60) | st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=14),
    seats=st.integers(1, 30),
    before=st.integers(0, 5),
)
def test_divisor_cut_in_a_constituency_lists_every_winner_among_those_taking_part(votes, seats, before):
    """As the simulation loop calls it: one constituency's lists amid others', unsigned bounds."""
    padded = np.array([7.0] * before + votes + [3.0])
    lo, hi = before, before + len(votes)
    out = np.full(len(padded), -1, dtype=np.int64)
    taking_part = np.zeros(len(padded), dtype=np.uint64)
    m = _dhondt_fast(padded, np.uint64(lo), np.uint64(hi), seats, out, taking_part, sum(votes))
    assert out[lo:hi].tolist() == dhondt_exact(votes, seats)
    assert (out[:lo] == -1).all() and out[hi] == -1  # other constituencies' lists untouched
    listed = taking_part[lo : lo + m].tolist()
    assert len(set(listed)) == m and set(listed) <= set(range(lo, hi))
    assert all(i in listed for i in range(lo, hi) if out[i] > 0)


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
