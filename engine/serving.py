"""Serve many readers from one process: results in memory, one run per scenario, runs in turn.

Results are kept in memory for a while, each scenario is run once however many readers ask for it
at the same moment, and runs are taken in turn.

- `RunQueue`: at most `CONCURRENT_RUNS` simulations at once (each already uses every core); the
  others wait in line, smaller priority numbers first (a reader's quick run before another's full
  run), and are told their place while they wait.
- `ResultService`: the in-memory cache (at most `MEMORY_RESULTS_KEPT` compact results, each for
  `MEMORY_RESULTS_TTL_S`), then the shared store (`engine.result_store`), then a run in the queue.
  Readers asking for a scenario that is being run wait for that run instead of starting another.

No Streamlit here: the dashboard holds one `ResultService` per process (`ui/cache.py`) and shows
the place in line (`ui/runs.py`).
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import os
import platform
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager

from cachetools import TTLCache

from .defaults import CONCURRENT_RUNS, MEMORY_RESULTS_KEPT, MEMORY_RESULTS_TTL_S, RUN_PRIORITY_AGING_S
from .domain import Library, Scenario
from .result_store import NullStore, ResultStore, scenario_key, store_result, stored_result
from .simulation import CompactResult, simulate

# How often a waiting reader is told its place in line (seconds).
WAIT_REPORT_S = 0.5
# Seconds a process keeps a result in memory, if not MEMORY_RESULTS_TTL_S (the load test shortens it).
MEMORY_TTL_VARIABLE = "SEATCAST_MEMORY_TTL_S"

PlaceInLine = Callable[[int], None]

# glibc keeps memory freed by a run (about 100 MB of transient arrays, in pieces spread over the
# threads' arenas) instead of giving it back to the system; malloc_trim gives it back. Measured on
# 20 different 2^20 scenarios kept then expired in one process: 302 MB resident after the 20 and
# still 302 after they expired, against 219 and 168 (the start) with a trim after each run.
_LIBC = ctypes.CDLL(None) if platform.libc_ver()[0] == "glibc" else None


def give_back_free_memory() -> None:
    """Return the memory the process freed to the system (glibc's malloc_trim; elsewhere nothing)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def tidy(services: tuple[ResultService, ...]) -> None:
    """Drop expired results, collect what only reference cycles still hold, and give memory back.

    The server calls it now and then: a closed page's objects (its last result among them) are
    released by the web server in reference cycles when its session expires, with nothing else
    happening in the process to collect them.
    """
    for service in services:
        service.expire()
    gc.collect()
    give_back_free_memory()


class RunQueue:
    """Let at most `slots` runs go at once; the rest wait in priority order, then in order of arrival.

    Parameters
    ----------
    slots : int, default CONCURRENT_RUNS
        Runs at once (≥ 1).
    """

    def __init__(self, slots: int = CONCURRENT_RUNS):
        if slots < 1:
            raise ValueError("a run queue needs at least one slot")
        self.slots = slots
        self._running = 0
        self._waiting: list[tuple[int, float, int]] = []  # (priority, arrival, number)
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    @property
    def running(self) -> int:
        """Runs going now."""
        return self._running

    @property
    def waiting(self) -> int:
        """Runs waiting for a slot."""
        return len(self._waiting)

    @staticmethod
    def _order(ticket: tuple[int, float, int]) -> tuple[float, int]:
        # A waiting run moves up one priority step every RUN_PRIORITY_AGING_S seconds, so that a
        # stream of quick runs never holds a full run back for good.
        priority, arrival, number = ticket
        return (priority + (arrival - time.monotonic()) / RUN_PRIORITY_AGING_S, number)

    @contextmanager
    def slot(self, priority: int = 0, on_wait: PlaceInLine | None = None) -> Iterator[None]:
        """Hold a slot for the duration of the ``with`` block, waiting for one if none is free.

        Parameters
        ----------
        priority : int, default 0
            Smaller goes first; a waiting run's priority improves by one every
            `RUN_PRIORITY_AGING_S` seconds.
        on_wait : callable taking an int, optional
            Called about every `WAIT_REPORT_S` seconds while waiting, with the place in line (1 =
            next), outside the queue's lock; whatever it raises (a reader leaving) leaves the line.
        """
        ticket = (priority, time.monotonic(), next(self._tickets))
        with self._changed:
            self._waiting.append(ticket)
        try:
            while True:
                with self._changed:
                    place = sorted(self._waiting, key=self._order).index(ticket) + 1
                    if place <= self.slots - self._running:
                        self._waiting.remove(ticket)
                        self._running += 1
                        break
                    self._changed.wait(WAIT_REPORT_S)
                if on_wait is not None:
                    on_wait(place)
        except BaseException:
            with self._changed:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._changed.notify_all()
            raise
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()


class ResultService:
    """One process's way to a scenario's compact result (module docstring).

    Parameters
    ----------
    library : Library
        The loaded data.
    store : ResultStore, default NullStore()
        The shared store (`engine.result_store.open_store`).
    queue : RunQueue, default RunQueue()
    kept : int, default MEMORY_RESULTS_KEPT
        Results kept in memory, the least recently used dropped first.
    ttl_s : float, default MEMORY_RESULTS_TTL_S
        Seconds a result stays in memory after it was computed or read from the store.
    """

    def __init__(
        self,
        library: Library,
        store: ResultStore | None = None,
        queue: RunQueue | None = None,
        kept: int = MEMORY_RESULTS_KEPT,
        ttl_s: float = MEMORY_RESULTS_TTL_S,
    ):
        self.library = library
        self.store = store if store is not None else NullStore()
        self.queue = queue if queue is not None else RunQueue()
        self._memory: TTLCache[str, CompactResult] = TTLCache(maxsize=kept, ttl=ttl_s)
        self._running: dict[str, Future] = {}
        self._places: dict[str, int] = {}  # a waiting run's place in line, for the readers waiting on it
        self._lock = threading.Lock()
        self.runs = 0  # simulations this process ran (the others came from memory or the store)

    def expire(self) -> None:
        """Drop the results whose time in memory is over (it otherwise happens on each request)."""
        with self._lock:
            dropped = self._memory.expire()
        if dropped:
            del dropped
            gc.collect()  # results held in reference cycles (a closed page's objects) go now, not later
            give_back_free_memory()

    def __len__(self) -> int:
        self.expire()
        with self._lock:
            return len(self._memory)

    def in_memory(self, scenario: Scenario) -> CompactResult | None:
        """Return the scenario's result if this process holds it, else None (nothing is computed)."""
        self.expire()
        with self._lock:
            return self._memory.get(scenario_key(scenario, self.library))

    def _telling(self, key: str, on_wait: PlaceInLine | None) -> PlaceInLine:
        """Wrap `on_wait` so that the run's place is also told to the readers waiting on it."""

        def tell_place(place: int) -> None:
            self._places[key] = place
            if on_wait is not None:
                on_wait(place)

        return tell_place

    def ready(self, scenario: Scenario) -> CompactResult | None:
        """Return the scenario's result if this process or the shared store holds it, else None.

        Nothing runs; a result read from the store is kept in memory.
        """
        found = self.in_memory(scenario)
        if found is None:
            found = stored_result(scenario, self.library, self.store)
            if found is not None:
                with self._lock:
                    self._memory[scenario_key(scenario, self.library)] = found
        return found

    def result(self, scenario: Scenario, priority: int = 0, on_wait: PlaceInLine | None = None) -> CompactResult:
        """Return the scenario's compact result, from memory, the shared store or a run (in the queue).

        Parameters
        ----------
        scenario : Scenario
        priority : int, default 0
            The run's place in the queue (smaller first), if it must run.
        on_wait : callable taking an int, optional
            Told the place in line while the run waits for a slot (`RunQueue.slot`).

        Raises
        ------
        KeyError, ValueError
            As `simulate`, for a scenario that cannot run.
        """
        key = scenario_key(scenario, self.library)
        self.expire()
        while True:
            with self._lock:
                found = self._memory.get(key)
                if found is not None:
                    return found
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = Future()
                    break
            # Another reader's request runs it: wait for that instead of running it twice (told the
            # place in line that run has). If that reader left before the run began (None), try again.
            while not running.done():
                try:
                    running.result(timeout=WAIT_REPORT_S)
                except TimeoutError:
                    place = self._places.get(key)
                    if on_wait is not None and place:
                        on_wait(place)
            done = running.result()
            if done is not None:
                return done
        found = None
        try:
            found = stored_result(scenario, self.library, self.store)
            if found is None:
                with self.queue.slot(priority, self._telling(key, on_wait)):
                    self._places.pop(key, None)
                    found = simulate(scenario, self.library).compact()
                give_back_free_memory()  # the run's draws, freed as `simulate`'s result went
                with self._lock:
                    self.runs += 1
                store_result(scenario, self.library, self.store, found)
        except Exception as error:
            self._settle(key, running, None, error)
            raise
        except BaseException:  # the reader left (the page reran or closed): others try again
            self._settle(key, running, None)
            raise
        self._settle(key, running, found)
        return found

    def _settle(self, key: str, running: Future, found: CompactResult | None, error: Exception | None = None) -> None:
        """Keep a result and let the readers waiting on `running` go.

        The run is taken off the running list first, so that a reader trying again after None
        starts a run of its own rather than wait on this one.
        """
        with self._lock:
            self._running.pop(key, None)
            self._places.pop(key, None)
            if found is not None:
                self._memory[key] = found
        if error is not None:
            running.set_exception(error)
        else:
            running.set_result(found)


def memory_ttl_s(environ: Mapping[str, str] = os.environ) -> float:
    """Seconds a process keeps a result in memory: `MEMORY_TTL_VARIABLE` if set, else MEMORY_RESULTS_TTL_S.

    Raises
    ------
    ValueError
        When the variable is not a positive number of seconds.
    """
    text = environ.get(MEMORY_TTL_VARIABLE, "").strip()
    if not text:
        return MEMORY_RESULTS_TTL_S
    seconds = float(text)
    if not seconds > 0:
        raise ValueError(f"{MEMORY_TTL_VARIABLE} must be a positive number of seconds, not {text!r}")
    return seconds
