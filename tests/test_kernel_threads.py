"""The kernel in threads (issue 15): it leaves the interpreter to other threads, and two runs at once
give the same draws as one at a time.

The app runs a reader's simulation in a thread; while it runs, other readers' pages and the
server's health endpoint are Python code in other threads. Had the run kept the interpreter lock,
they would all wait for the whole of it.

Measured without a wall-clock limit, so that a slow or loaded machine cannot fail it: the run's
time is cut into windows, and the main thread must have run Python in most of them. A function
that keeps the lock leaves it at most the first (the check of the measure itself, below).
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from numba import njit

from engine import Scenario, load_library, simulate

POLL = "2024-11-21-Ipsos"
WINDOWS = 10
# A loaded 2-core machine can deschedule the main thread for a while, but not for 4 windows out
# of 10 of a run that takes a second or more.
MOST_WINDOWS = 7


def python_heartbeats_during(run) -> tuple[float, float, list[float]]:
    """Call `run()` in a thread and record when the main thread ran Python meanwhile.

    Returns the run's start and end (perf_counter seconds, read in its thread) and the main
    thread's heartbeats, at most one a millisecond.
    """
    span: dict[str, float] = {}

    def worker() -> None:
        span["start"] = time.perf_counter()
        run()
        span["end"] = time.perf_counter()

    thread = threading.Thread(target=worker)
    heartbeats: list[float] = []
    last = 0.0
    thread.start()
    while thread.is_alive():
        now = time.perf_counter()
        if now - last >= 0.001:
            heartbeats.append(now)
            last = now
    thread.join()
    return span["start"], span["end"], heartbeats


def windows_with_heartbeats(start: float, end: float, heartbeats: list[float], windows: int = WINDOWS) -> int:
    """Cut [start, end) into `windows` equal windows; count those holding a heartbeat."""
    width = (end - start) / windows
    return len({int((t - start) // width) for t in heartbeats if start <= t < end})


def test_windows_count_only_heartbeats_inside_the_run():
    assert windows_with_heartbeats(0.0, 1.0, [0.05, 0.06, 0.55, 0.99, 1.5, -0.1]) == 3
    assert windows_with_heartbeats(0.0, 1.0, []) == 0


def _spin(n):
    # A chain of dependent multiply-adds the compiler can neither vectorise nor fold.
    x = 0.0
    for _ in range(n):
        x = x * 1.0000001 + 1e-9
    return x


_spin_holding_the_lock = njit(_spin)
_spin_releasing_the_lock = njit(nogil=True)(_spin)


@pytest.mark.slow
def test_the_measure_tells_code_that_keeps_the_lock_from_code_that_releases_it():
    spin = 300_000_000  # about a second on one core
    for function in (_spin_holding_the_lock, _spin_releasing_the_lock):
        function(1)  # compiled here, not in the thread
    kept = windows_with_heartbeats(*python_heartbeats_during(lambda: _spin_holding_the_lock(spin)))
    released = windows_with_heartbeats(*python_heartbeats_during(lambda: _spin_releasing_the_lock(spin)))
    assert kept <= 2
    assert released >= MOST_WINDOWS


@pytest.mark.slow
def test_a_full_run_in_a_thread_leaves_the_interpreter_to_other_threads():
    library = load_library()
    poll = library.polls[POLL]
    simulate(Scenario(poll, simulations=4096), library)  # compiled or loaded from cache here, not in the thread
    scenario = Scenario(poll, simulations=2**20)

    start, end, heartbeats = python_heartbeats_during(lambda: simulate(scenario, library))

    ran_in = windows_with_heartbeats(start, end, heartbeats)
    assert ran_in >= MOST_WINDOWS, (
        f"the main thread ran Python in {ran_in} of {WINDOWS} windows of a {end - start:.2f} s run"
    )


def test_two_runs_at_once_give_the_same_draws_as_one_at_a_time():
    """With the lock released, two readers' runs can be in the kernel together (numba's OpenMP or
    TBB threading layer takes concurrent launches; `engine.kernel` serialises the workqueue one)."""
    library = load_library()
    poll = library.polls[POLL]
    scenarios = [Scenario(poll, simulations=2**16, seed=seed) for seed in (1, 2)]
    alone = [simulate(scenario, library).seat_draws for scenario in scenarios]
    together: dict[int, np.ndarray] = {}
    threads = [
        threading.Thread(target=lambda i=i: together.__setitem__(i, simulate(scenarios[i], library).seat_draws))
        for i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(np.array_equal(alone[i], together[i]) for i in range(2))
