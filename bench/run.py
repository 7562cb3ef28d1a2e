"""Benchmark: full precision at the speed of a slider (`python -m bench [--profile] [--no-browser]`).

Prints one `name: value` line per measure. Times are wall-clock seconds, best of `REPEATS` (the
machine is shared: the best run is the one least disturbed by other processes).

- full_run_s, simulations_per_s: `simulate()` of 2^20 simulations of poll 2024-11-21-Ipsos
  (model building + kernel), JIT warm, with the default (historical) polling error.
- full_run_no_polling_error_s, polling_error_cost: the same with `polling_error="none"`, timed
  alternately with the default in the same run, and the ratio default / none (the polling error
  changes only the Dirichlet parameters, docs/method.md §8: smaller α make no extra work).
- summaries_s: reading result.parties, result.coalitions and result.constituencies from it.
- reference_run_s, speedup_vs_reference: the same model and chunk seeds through the reference
  kernel in bench/reference.py (legacy numba gamma, one argmax per seat), timed alternately with
  the two runs above (each round: default, no polling error, reference), so that the ratio
  compares times taken side by side on a shared machine.
- max_abs_pmf_difference: largest difference between engine and reference over every party's
  national seat PMF and every list's seat PMF; the streams differ, so it is compared with
  pmf_difference_3_standard_errors (3 × the largest standard error of a difference of two
  independent PMF estimates with N = 2^20).
- peak_rss_mb: ru_maxrss of a fresh process that runs 2^20 simulations and builds all summaries.
- cold_start_s: a fresh process, from `import engine` to the first result (the dashboard's quick
  run: 2^16 simulations and the coalition table), numba cache warm.
- slider_to_quick_result_s, slider_to_full_result_s: in headless Chromium against `streamlit run
  app.py`, from a change of the N-VA slider to the coalition's majority probability on screen
  showing the quick run's (2^16) and then the full run's (2^20) number (bench/slider.py).

Profile (before optimising; 2 cores shared with other work, CPU seconds per 2^20 simulations,
poll 2024-11-21-Ipsos: 28 Dirichlet categories, 131 lists in 11 constituencies):

- The old kernel spent ≈ 3.5 CPU-s: Gamma draws ≈ 1.6 (numba's legacy `np.random.gamma`:
  Mersenne Twister + polar Box–Muller normals, ≈ 54 ns a draw, 29 M draws), D'Hondt ≈ 1.1–1.4
  (≈ 100 ns a constituency; half of it the greedy steps after the lower quota, ≈ 2.9 seats a
  constituency, the rest the threshold pass), histograms and seat writes ≈ 0.25, the rest
  (normalising, swing) ≈ 0.2. Wall time ≈ 1.75 s on 2 threads. Summaries in simulation.py
  ≈ 0.7 s more (parties ≈ 0.4, coalitions ≈ 0.3: uint8 sums and bincounts over 2^20 × 16).
- Gamma: SFC64 (numpy's algorithm, ≈ 2 ns a word) with numpy's own exact samplers (ziggurat
  normal, Marsaglia–Tsang with c = 1/sqrt(9b) computed once per category, not per draw):
  ≈ 14 ns a draw, 3.9× faster; the draws equal numpy's `Generator(SFC64).standard_gamma` bit for
  bit (tests/test_kernel_twin.py).
- D'Hondt: starting from the allocation cut at the divisor E/(S + m/2) instead of the lower quota
  leaves ≈ 0.7 seats to add or remove instead of ≈ 2.9 to add; exactly the same seats
  (3.6 M random and tie-heavy cases against the old algorithm, and the official results).
  Warm-starting from the previous simulation's allocation was tried and dropped: it holds in only
  ≈ 30 % of simulations (5 % in Antwerp) and the check cost more than it saved.
- Histograms: a chunk-local int32 table counting only lists that won a seat (zeros derived at the
  end) instead of an (n_chunks, n_lists, 26) int64 array touched for every list.
- What remains (≈ 1.9 CPU-s): D'Hondt ≈ 0.9 (threshold pass ≈ 40 %), gamma ≈ 0.4, the rest ≈ 0.5.
  The reference kernel takes ≈ 5.5–6 CPU-s.
- Since the default constituency noise became 0.1 (a log-normal factor per swung list per
  simulation, 70 a simulation), both kernels do that work too. As a ziggurat normal and an exp it
  cost ours ≈ 1.1 CPU-s (a third of the run); it now picks one of 4096 equiprobable quantiles
  with 12 random bits (≈ 0.15 CPU-s). The reference keeps the legacy normal and exp.
- Summaries: the seat draws are laid out (regions, parties, simulations), so each party's and
  each coalition's draws are contiguous (coalitions 0.35 s → 0.1 s). A quick run reads vote
  shares from 2^12 draws: sorting 2^16 draws per party and region was 90 % of its summaries.
- Then: full_run_s 0.87, speedup_vs_reference 5.15 on a quiet machine (3.8–4.8 later, as the
  reference grew with the noise); D'Hondt ≈ 45 % of the kernel's CPU, Gamma draws ≈ 25 %.
- Issue 15 (the kernel's CPU on one thread, old and new side by side in one process, best of 8:
  ≈ 2.4 → ≈ 1.6 CPU-s, ×1.45–1.65; the reference ≈ 11.5–12.5 CPU-s). Same stream, same seats:
  every output array equal bit for bit before and after on every poll of the library (both
  polling-error models, both swings, noise 0–0.5).
  - Gamma: the SFC64 state as a tuple of 4 words passed to and returned by the samplers, with
    the ziggurat normal inlined into Marsaglia–Tsang, instead of an array (its words went through
    memory at every draw) and a call per normal: ≈ 0.7 → ≈ 0.45 CPU-s (profile_gamma_sfc64_cpu_s
    0.32–0.37 in isolation, against 2.0–2.6 for numba's legacy sampler).
  - Unsigned indices in D'Hondt and the loop: numba tests every signed index for a negative
    (wrap-around) value at each array access, and the indices of the lists taking part are
    loaded from an array, so the test could not be hoisted: D'Hondt ≈ 1.05 → ≈ 0.85 CPU-s.
  - The threshold pass without branches (every index written, kept only if the list takes
    part); seats and histogram counted only for the lists taking part (≈ 6 of 12), also without
    a branch; swung lists' votes in one loop over them (fixed lists' votes set once a chunk);
    a constituency without a swung list (a poll of one region) allocated once a chunk.
  - Tried and dropped (no gain measurable through the noise of a shared machine): D'Hondt over all
    lists with selects instead of the compacted lists; the lists of 32 simulations side by side
    for SIMD (LLVM vectorised only some passes); multiplying by one scale instead of dividing;
    compact copies of the votes taking part (≈ 5 %); a chunk-local seat table with a padded
    stride, against cache-set conflicts of rows 2^20 bytes apart.
  - The interpreter lock: numba's parallel region already released it (its gufunc wrapper does),
    so the old kernel kept it only for its serial start and end; every compiled function is now
    `nogil`. During a full `simulate()` in a thread the main thread's longest wait is ≈ 10 ms (the
    interpreter's switching interval), and the same during the summaries (numpy)
    (tests/test_kernel_threads.py): the lock is not what froze the server under load; the
    kernel's 2 threads do take both cores.
- Last runs (this machine, shared; before = the previous commit, alternated with after):
  full_run_s 1.26–1.27 → 0.89–1.11, speedup_vs_reference 4.58–4.69 → 6.53–6.76, summaries_s
  0.25–0.37 (unchanged), peak_rss_mb 297, slider_to_quick_result_s ≈ 0.7 (unchanged),
  slider_to_full_result_s 3.2 → 2.8 (the full run is ≈ 1 s of it; the rest is the app's).
  What dominates the kernel now: D'Hondt (≈ 45–50 % of its CPU), Gamma draws (≈ 20 %).
- Summaries counted in numba (engine/seat_counts.py: each party's national and regional seat
  counts in one parallel pass, every coalition in one pass with its Dutch-language group
  majority; the same counts as numpy's bincount): summaries_s 0.27 → 0.185 (parties 0.20 → 0.11,
  of which 0.08 is sorting vote-share draws; coalitions 0.13 → 0.03), slider_to_full_result_s
  3.24 → 2.50 (2.73 → 2.29 without the polling error), slider_to_quick_result_s 0.62.
  Where a slider move's 2.4 s go on the server (timestamps in the app, Chromium on the same 2
  cores): quick run 0.27, comparison 0.28, full run 1.42 (kernel ≈ 1.2, summaries and packing
  0.2), the page's two draws 0.2. Showing the full run at once instead, with no quick estimate
  (tried: the process ran it directly when it expected it within 1.25 s), gave 2.53 and 2.00 s:
  the full run alone takes 1.4–2.2 s in the app, so it was taken back. One thread runs 2^20
  simulations in 2.0–2.1 s here: the 1.5 s goal needs a kernel about twice as fast, or more cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
POLL = "2024-11-21-Ipsos"
SIMULATIONS = 2**20
REPEATS = 3

_PEAK_RSS = f"""
import resource
from engine import Scenario, load_library, simulate
library = load_library()
result = simulate(Scenario(library.polls[{POLL!r}], simulations={SIMULATIONS}), library)
result.parties, result.coalitions, result.constituencies
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

_COLD_START = f"""
import time
start = time.perf_counter()
from engine import QUICK_SIMULATIONS, Scenario, load_library, simulate
library = load_library()
result = simulate(Scenario(library.polls[{POLL!r}], simulations=QUICK_SIMULATIONS), library)
result.coalitions
print(time.perf_counter() - start)
"""


def _best(run, repeats: int = REPEATS) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - start)
    return best, value


def _python(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _reference_histograms(scenario, library):
    from engine.model import model_for
    from engine.simulation import chunk_seeds, effective_sample_sizes_for, share_draws_kept

    from .reference import simulate_seats_reference

    n_eff = effective_sample_sizes_for(scenario, library)
    m = model_for(scenario.poll, library, scenario.baseline, scenario.swing, n_eff)
    return m, simulate_seats_reference(
        m.kernel_inputs(),
        scenario.simulations,
        chunk_seeds(scenario.seed, scenario.simulations),
        share_draws_kept(scenario.simulations),
        float(scenario.constituency_noise),
    )


def engine_measures() -> dict[str, str]:
    from engine import Scenario, load_library, simulate

    library = load_library()
    scenario = Scenario(library.polls[POLL], simulations=SIMULATIONS)
    simulate(Scenario(scenario.poll, simulations=4096), library)  # JIT warm (cache)
    _reference_histograms(Scenario(scenario.poll, simulations=4096), library)

    sampling_only = replace(scenario, polling_error="none")
    # Alternated, so that all three see the same state of a shared machine: the speedup is a ratio
    # of times taken side by side, each the best of REPEATS.
    full_s = no_error_s = reference_s = float("inf")
    for _ in range(REPEATS):
        seconds, result = _best(lambda: simulate(scenario, library), 1)
        full_s = min(full_s, seconds)
        no_error_s = min(no_error_s, _best(lambda: simulate(sampling_only, library), 1)[0])
        seconds, (_, (ref_seats, ref_histogram, _)) = _best(lambda: _reference_histograms(scenario, library), 1)
        reference_s = min(reference_s, seconds)

    def summaries():
        fresh = simulate(scenario, library)
        start = time.perf_counter()
        _ = fresh.parties, fresh.coalitions, fresh.constituencies
        return time.perf_counter() - start

    summaries_s = min(summaries() for _ in range(REPEATS))

    # PMFs: every list in every constituency, and every party nationally.
    n = SIMULATIONS
    list_difference = np.abs(result.list_histogram / n - ref_histogram / n).max()
    ours = result.seat_draws.sum(axis=0, dtype=np.int64).T
    theirs = ref_seats.sum(axis=1, dtype=np.int64)
    party_difference = max(
        np.abs(np.bincount(ours[:, p], minlength=151) / n - np.bincount(theirs[:, p], minlength=151) / n).max()
        for p in range(ours.shape[1])
    )
    three_se = 3 * np.sqrt(2 * 0.25 / n)
    # What one cached scenario costs: the full run's draws against its compact result (in memory
    # and as stored in the shared cache), side by side.
    compact = result.compact()
    raw_mb = (result.seat_draws.nbytes + result.share_draws.nbytes + result.list_histogram.nbytes) / 2**20
    return {
        "full_run_s": f"{full_s:.3f}",
        "full_run_no_polling_error_s": f"{no_error_s:.3f}",
        "polling_error_cost": f"{full_s / no_error_s:.3f}",
        "simulations_per_s": f"{SIMULATIONS / full_s:,.0f}",
        "summaries_s": f"{summaries_s:.3f}",
        "reference_run_s": f"{reference_s:.3f}",
        "speedup_vs_reference": f"{reference_s / full_s:.2f}",
        "max_abs_pmf_difference": f"{max(list_difference, party_difference):.5f}",
        "pmf_difference_3_standard_errors": f"{three_se:.5f}",
        "raw_draws_per_scenario_mb": f"{raw_mb:.1f}",
        "compact_result_per_scenario_mb": f"{compact.nbytes / 2**20:.1f}",
        "stored_result_per_scenario_mb": f"{len(compact.to_bytes()) / 2**20:.1f}",
    }


def profile() -> dict[str, str]:
    """CPU seconds per 2^20 simulations of the kernel's parts, one thread."""
    import numba
    from numba import njit

    from engine import Scenario, load_library
    from engine.allocation import _dhondt_fast, _dhondt_range
    from engine.kernel import local_noise_factors, simulate_seats
    from engine.model import model_for, point_estimate_votes
    from engine.random_numbers import _gamma_constants, _gamma_fast, _seed_state
    from engine.simulation import chunk_seeds

    @njit
    def legacy_gamma(shapes, n):
        np.random.seed(1)
        acc = 0.0
        for _ in range(n):
            for k in range(shapes.shape[0]):
                acc += np.random.gamma(shapes[k])
        return acc

    @njit
    def sfc64_gamma(shapes, n):
        state = _seed_state(np.uint64(1))
        b, c = _gamma_constants(shapes)
        acc = 0.0
        for _ in range(n):
            for k in range(shapes.shape[0]):
                draw, state = _gamma_fast(state, shapes[k], b[k], c[k])
                acc += draw
        return acc

    @njit
    def lower_quota(votes, starts, seats, repeats):
        won = np.empty(votes.shape[1], dtype=np.int64)
        scratch = np.empty(votes.shape[1], dtype=np.int64)
        total = 0
        for _ in range(repeats):
            for s in range(votes.shape[0]):
                for d in range(seats.shape[0]):
                    _dhondt_range(votes[s], starts[d], starts[d + 1], seats[d], won, scratch)
                total += won[0]
        return total

    @njit
    def divisor_cut(votes, starts, seats, repeats):
        # As the simulation loop calls it: unsigned bounds, the constituency's total summed first.
        won = np.empty(votes.shape[1], dtype=np.int64)
        taking_part = np.empty(votes.shape[1], dtype=np.uint64)
        bounds = starts.astype(np.uint64)
        total = 0
        for _ in range(repeats):
            for s in range(votes.shape[0]):
                row = votes[s]
                for d in range(seats.shape[0]):
                    votes_cast = 0.0
                    for j in range(bounds[d], bounds[d + 1]):
                        votes_cast += row[j]
                    _dhondt_fast(row, bounds[d], bounds[d + 1], seats[d], won, taking_part, votes_cast)
                total += won[0]
        return total

    library = load_library()
    model = model_for(Scenario(library.polls[POLL]).poll, library)
    rng = np.random.default_rng(1)
    votes = point_estimate_votes(model)[None, :] * rng.lognormal(0.0, 0.05, size=(2**14, len(model.list_names)))
    numba.set_num_threads(1)
    n = 2**18
    dh_args = (votes, model.constituency_start, model.constituency_seats, n // votes.shape[0])
    kernel_args = (model.kernel_inputs(), n, chunk_seeds(2024, n), 2**12, local_noise_factors(0.1))
    out = {}
    for name, run in (
        ("profile_gamma_legacy_cpu_s", lambda: legacy_gamma(model.alpha, n)),
        ("profile_gamma_sfc64_cpu_s", lambda: sfc64_gamma(model.alpha, n)),
        ("profile_dhondt_lower_quota_cpu_s", lambda: lower_quota(*dh_args)),
        ("profile_dhondt_divisor_cut_cpu_s", lambda: divisor_cut(*dh_args)),
        ("profile_kernel_cpu_s", lambda: simulate_seats(*kernel_args)),
    ):
        run()
        best = float("inf")
        for _ in range(REPEATS):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        out[name] = f"{best * SIMULATIONS / n:.3f}"
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="store_true", help="also time the kernel's parts (one thread)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium slider timings")
    args = parser.parse_args(argv)

    def emit(measures: dict[str, str]) -> None:
        for name, value in measures.items():
            print(f"{name}: {value}", flush=True)

    # Subprocesses first: a child's ru_maxrss starts from its parent's size at fork time, and this
    # process grows to hundreds of MB below.
    peak_rss = {"peak_rss_mb": f"{_python(_PEAK_RSS):.0f}"}
    cold_start = {"cold_start_s": f"{min(_python(_COLD_START) for _ in range(REPEATS)):.3f}"}
    emit(engine_measures())
    emit(peak_rss)
    emit(cold_start)
    if args.no_browser:
        emit({"slider_to_quick_result_s": "n/a (--no-browser)", "slider_to_full_result_s": "n/a (--no-browser)"})
    else:
        from .slider import slider_measures

        emit(slider_measures())
    if args.profile:
        emit(profile())
