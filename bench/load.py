"""Load test (`python -m bench --load [--no-browser]`): election night on this machine, loopback only.

Two `streamlit run app.py` processes share results through Redis (a `redis-server` started on a
free loopback port; Debian's package) or, without it, through one disk cache directory. Readers
are Streamlit's own websocket protocol, spoken by `PageView` and `open_link` below: 50 browser
pages would need more than this 2-core machine, and a page's numbers reach the browser as the same
ForwardMsgs whatever draws them. One headless Chromium opens one of the links at the end and must
show the numbers the protocol client saw (skipped with `--no-browser`).

- 10 share links, built as the app builds them (`engine.scenario_to_params`, the first preset
  coalition, ``lang=en``): the 10 newest polls covering the three regions, each at its default
  scenario (2^20 simulations). Their numbers, as the Poll page writes them, come from
  `engine.simulate` in this process first.
- 50 sessions, 5 a link: links 0–4 are first opened by 3 sessions on process A, links 5–9 by 3 on
  process B, all 30 at once; as soon as one of them shows its link's full numbers, 2 sessions open
  the same link on the other process. A session counts as served from the shared cache when the
  first script run of its page already shows the 2^20 result (a process that had to compute it
  would show the 2^16 quick estimate first; run with ``SEATCAST_CACHE_DIR=off`` on both processes,
  the criterion gave 0 of 10 links and 36–44 s to their numbers); the Redis keyspace hits and
  misses of the whole run are printed beside it.
- A session's time to numbers: from opening the websocket to the page showing the full result's
  numbers (the script run whose caption gives the 2^20 simulations and the metrics). Its numbers
  are checked when its page is final (the script finished, nothing pending): the coalition's
  majority probability, its median seats, the largest party and its median seats, and the
  sampling-only comparison, against the engine's. A script exception, an error box, a closed
  websocket or a timeout is an error.
- Each process: /_stcore/health every 0.25 s during the load (count, failures, the slowest
  answer, answers over one second) and its resident memory with its children every 0.25 s (peak).
- Memory: a third process with no shared cache and results kept `MEMORY_TTL_S` in memory opens a
  small scenario (its baseline), then 20 different 2^20 scenarios one after another (seeds of one
  poll), and, once both the results' time in memory and Streamlit's own time for closed sessions
  (`server.disconnectedSessionTTL`, 120 s) have passed, two more small scenarios: Streamlit and
  the results' cache expire entries lazily, on the next write.

Every wait has a timeout and every process started here is stopped in a `finally`. Prints one
`name: value` line per measure, then a line per link; exits with 1 when a session erred or showed
other numbers than the engine's (or Chromium other numbers than the protocol client).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import psutil
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from engine import (
    MAJORITY,
    Library,
    Scenario,
    load_library,
    sampling_only_comparison,
    scenario_to_params,
    simulate,
)
from engine.formatting import escape_markdown, number, percent
from engine.i18n import ngettext, set_language
from tests.app_server import APP_PATH, CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, _free_port, _stop, _wait_healthy

LINKS = 10
FIRST_VIEWS_PER_LINK = 3  # on the link's first process, all links at once
CACHED_VIEWS_PER_LINK = 2  # on the other process, once the first has shown the link's numbers
SESSION_TIMEOUT_S = 240.0
LOAD_TIMEOUT_S = 300.0  # every session of the load is done by then, or counted as an error
MEMORY_PAGE_TIMEOUT_S = 90.0
MEMORY_TIMEOUT_S = 300.0  # for the 20 scenarios; the rest is skipped (and reported) after that
SAMPLE_EVERY_S = 0.25
HEALTH_TIMEOUT_S = 5.0
HEALTH_GOAL_S = 1.0  # issue 15: the health endpoint answers within a second under the load test
MEMORY_SCENARIOS = 20
MEMORY_POLL = "2024-11-21-Ipsos"
MEMORY_TTL_S = 60
SESSION_TTL_S = 120  # Streamlit's server.disconnectedSessionTTL, left at its default
SMALL_SIMULATIONS = 4096
REDIS_SERVER = "/usr/bin/redis-server"
LANGUAGE = "en"  # the labels below are the English page's

# A metric on the Poll page is recognised by its label (app_pages/poll.py, in English).
MAJORITY_LABEL_END = f": majority (≥ {MAJORITY} seats)"
MEDIAN_LABEL_END = ": median seats"
LARGEST_LABEL_START = "Largest party: "
SAMPLING_ONLY_LABEL = "Sampling error only"


class Numbers(NamedTuple):
    """What the Poll page shows of a result, as text."""

    majority: str  # the coalition's majority probability ("62%")
    median_seats: str  # the coalition's median seats ("77")
    largest_party: str  # its abbreviation ("N-VA")
    largest_seats: str  # its median seats ("24 seats")
    sampling_only: str  # the coalition's majority with the sampling error only ("81%", "…" while it runs)


def numbers_shown(metrics: list[tuple[str, str]]) -> Numbers | None:
    """The page's numbers from its metrics (label, value), in page order; None while one is missing."""
    found: dict[str, str] = {}
    for label, value in metrics:
        if label.endswith(MAJORITY_LABEL_END):
            found["majority"] = value
        elif label.endswith(MEDIAN_LABEL_END):
            found["median_seats"] = value
        elif label.startswith(LARGEST_LABEL_START):
            found["largest_party"] = label.removeprefix(LARGEST_LABEL_START)
            found["largest_seats"] = value
        elif label == SAMPLING_ONLY_LABEL:
            found["sampling_only"] = value
    if not {"majority", "median_seats", "largest_party"} <= found.keys():
        return None
    return Numbers(**{"sampling_only": "", **found})


def expected_numbers(scenario: Scenario, library: Library, coalition: tuple[str, ...], name: str) -> Numbers:
    """The engine's numbers for `scenario`, written as the Poll page writes them (language `LANGUAGE`).

    The sampling-only comparison is the page's (`engine.sampling_only_comparison`)."""
    set_language(LANGUAGE)
    result = simulate(scenario, library)
    chosen = result.coalition(coalition, name)
    largest = result.largest_party
    sampling_only = simulate(sampling_only_comparison(scenario), library).coalition(coalition, name).majority_probability.value
    seats = largest.seats.median
    return Numbers(
        majority=percent(chosen.majority_probability.value),
        median_seats=str(chosen.seats.median),
        largest_party=escape_markdown(largest.abbreviation),
        largest_seats=ngettext("{n} seat", "{n} seats", seats).format(n=seats),
        sampling_only=percent(sampling_only),
    )


@dataclass
class PageView:
    """One reader's page, as the browser would draw it from the server's ForwardMsgs.

    A script run starts with `new_session` and sends every element of the page with its path;
    `script_finished` ends it (FINISHED_EARLY_FOR_RERUN when the page reruns itself with the full
    result). Only the current run's elements count: a browser drops what a run did not redraw.

    Attributes
    ----------
    full_caption : str
        What the scenario caption says once the full result is shown ("1,048,576 simulations").
    """

    full_caption: str
    on_numbers: Callable[[], None] | None = None
    runs: int = 0
    numbers_at: float | None = None  # seconds from the start to the full result's numbers
    first_run_full: bool = False  # the page's first script run already showed them
    numbers: Numbers | None = None  # shown at numbers_at
    final: Numbers | None = None  # when the page was done
    finished: bool = False
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # info and warning boxes (a place in line)
    query_string: str = ""  # the page's address as the app wrote it
    _metrics: dict[tuple[int, ...], tuple[str, str]] = field(default_factory=dict)
    _full_in_run: bool = False

    def feed(self, msg: ForwardMsg, at: float) -> None:
        """Take one ForwardMsg received `at` seconds after the session started."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
            self._metrics.clear()
            self._full_in_run = False
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(tuple(msg.metadata.delta_path), msg.delta.new_element, at)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("script failed to compile")
                self.finished = True
            elif status == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.finished = True
                self.final = numbers_shown(self._page_metrics())
                if self.numbers_at is None:
                    self.errors.append("page finished without the full result's numbers")

    def _page_metrics(self) -> list[tuple[str, str]]:
        return [self._metrics[path] for path in sorted(self._metrics)]

    def _element(self, path: tuple[int, ...], element, at: float) -> None:
        self._metrics.pop(path, None)
        kind = element.WhichOneof("type")
        if kind == "metric":
            self._metrics[path] = (element.metric.label, element.metric.body)
        elif kind == "markdown" and self.full_caption in element.markdown.body:
            self._full_in_run = True
        elif kind == "exception":
            self.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
        elif kind == "alert":
            if element.alert.format == Alert.ERROR:
                self.errors.append(f"error box: {element.alert.body}")
            elif element.alert.format in (Alert.WARNING, Alert.INFO):
                self.notices.append(element.alert.body)
        if self.numbers_at is None and self._full_in_run:
            shown = numbers_shown(self._page_metrics())
            if shown is not None:
                self.numbers_at, self.numbers, self.first_run_full = at, shown, self.runs == 1
                if self.on_numbers:
                    self.on_numbers()


def rerun_request(query_string: str, port: int) -> BackMsg:
    """The message a browser sends first: run the app's script for this address (default page)."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.context_info.url = f"http://127.0.0.1:{port}/?{query_string}"
    state.context_info.locale = "en-GB"
    state.context_info.timezone = "Europe/Brussels"
    state.context_info.timezone_offset = -60
    return msg


async def open_link(port: int, query_string: str, view: PageView, timeout_s: float) -> PageView:
    """Open the app at `query_string` on `port` as a browser does, feed `view` until its page is
    done (or erred, or `timeout_s` passed), and close the session."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    start = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s):
            # No client pings: a browser sends none, and a busy server must not be cut off for it.
            async with connect(
                f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None, ping_interval=None
            ) as websocket:
                await websocket.send(rerun_request(query_string, port).SerializeToString())
                async for data in websocket:
                    view.feed(ForwardMsg.FromString(data), time.monotonic() - start)
                    if view.finished:
                        break
                else:
                    view.errors.append("the server closed the websocket")
    except TimeoutError:
        view.errors.append(f"no final page after {timeout_s:.0f} s")
    except (OSError, WebSocketException) as error:
        view.errors.append(f"websocket: {error!r}")
    return view


# --- the servers ------------------------------------------------------------------------------


class Link(NamedTuple):
    index: int
    poll_id: str
    query_string: str
    expected: Numbers


def share_links(library: Library, count: int = LINKS) -> list[Link]:
    """`count` share links of the newest polls covering every region, default scenario, with the
    engine's numbers for each."""
    coalition = library.coalitions[0]
    polls = [p for p in library.polls.values() if p.covered_regions == ("VLG", "WAL", "BRU")][:count]
    links = []
    for index, poll in enumerate(polls):
        scenario = Scenario(poll)
        params = {**scenario_to_params(scenario, poll.id, library, coalition.parties), "lang": LANGUAGE}
        expected = expected_numbers(scenario, library, coalition.parties, coalition.name)
        links.append(Link(index, poll.id, urlencode(params), expected))
    return links


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, nothing written to disk: yields its URL."""
    import redis

    port = _free_port()
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url, socket_timeout=1).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("redis-server did not answer within 10 s") from None
                time.sleep(0.1)
        yield url
    finally:
        _stop(proc)


def redis_stats(url: str) -> dict[str, int]:
    """Keyspace hits, misses and the number of keys of the Redis at `url`."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    info = client.info("stats")
    return {"hits": info["keyspace_hits"], "misses": info["keyspace_misses"], "keys": client.dbsize()}


@contextmanager
def app_process(env: Mapping[str, str], log_path: Path) -> Iterator[tuple[int, int]]:
    """`streamlit run app.py` on a free loopback port with `env` added to this environment (the
    SEATCAST_ variables replaced): yields (port, pid) once healthy, stops it afterwards."""
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
        # Other work edits the code while the test runs: a file watcher would tell every page.
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SEATCAST_")} | dict(env)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc, log_path)
        yield port, proc.pid
    finally:
        _stop(proc)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB); 0 once it is gone."""
    try:
        process = psutil.Process(pid)
        processes = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


@dataclass
class Watch:
    """A server watched every `SAMPLE_EVERY_S` in two threads: its health endpoint and its memory."""

    port: int
    pid: int
    health: list[float] = field(default_factory=list)  # seconds per answered check
    failures: list[str] = field(default_factory=list)
    slow_at: list[float] = field(default_factory=list)  # when checks took over HEALTH_GOAL_S (s from the start)
    peak_rss_mb: float = 0.0
    _started: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Watch:
        self._started = time.monotonic()
        self._threads = [threading.Thread(target=f, daemon=True) for f in (self._check_health, self._sample_rss)]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=HEALTH_TIMEOUT_S + 1)

    def _check_health(self) -> None:
        url = f"http://127.0.0.1:{self.port}/_stcore/health"
        while not self._stop.is_set():
            start = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT_S) as response:
                    body = response.read().decode().strip()
                took = time.monotonic() - start
                if body == "ok":
                    self.health.append(took)
                else:
                    self.failures.append(f"answered {body[:40]!r}")
                if took > HEALTH_GOAL_S:
                    self.slow_at.append(start - self._started)
            except (urllib.error.URLError, OSError) as error:
                self.failures.append(repr(error))
                self.slow_at.append(start - self._started)
            self._stop.wait(max(0.0, SAMPLE_EVERY_S - (time.monotonic() - start)))

    def _sample_rss(self) -> None:
        while not self._stop.is_set():
            self.peak_rss_mb = max(self.peak_rss_mb, rss_mb(self.pid))
            self._stop.wait(SAMPLE_EVERY_S)

    def summary(self) -> str:
        slow = sum(t > HEALTH_GOAL_S for t in self.health)
        slowest = max(self.health, default=float("nan"))
        when = f" (at {', '.join(f'{t:.0f}' for t in self.slow_at[:8])} s)" if self.slow_at else ""
        return (
            f"{len(self.health) + len(self.failures)} checks, {len(self.failures)} failed, {slow} over "
            f"{HEALTH_GOAL_S:.0f} s{when}, slowest {slowest:.3f} s"
        )


# --- the load -----------------------------------------------------------------------------------


@dataclass
class Session:
    link: Link
    process: int  # 0: A, 1: B
    cached_view: bool  # opened on the link's second process, after the first showed its numbers
    view: PageView

    def wrong(self) -> bool:
        """The page's numbers are not its link's (its final page, and the first full numbers shown)."""
        if self.view.errors or self.view.final is None:
            return False  # counted as an error
        return self.view.final != self.link.expected or self.view.numbers[:4] != self.link.expected[:4]

    def link_kept(self) -> bool:
        """The page's address is the link it was opened with (no parameter dropped or changed): the
        app rewrites the address only when its scenario's link differs."""
        written = self.view.query_string
        return not written or dict(parse_qsl(written)) == dict(parse_qsl(self.link.query_string))


async def run_sessions(ports: tuple[int, int], links: list[Link], full_caption: str) -> list[Session]:
    """Every link opened by `FIRST_VIEWS_PER_LINK` sessions on its first process (links of the
    first half on A, the rest on B), all at once; each link's `CACHED_VIEWS_PER_LINK` sessions on
    the other process start when its first numbers are on a page."""
    shown = {link.index: asyncio.Event() for link in links}
    sessions: list[Session] = []
    tasks = []
    deadline = time.monotonic() + LOAD_TIMEOUT_S

    async def first_view(session: Session) -> None:
        await open_link(ports[session.process], session.link.query_string, session.view, SESSION_TIMEOUT_S)

    async def cached_view(session: Session) -> None:
        try:
            await asyncio.wait_for(shown[session.link.index].wait(), SESSION_TIMEOUT_S)
        except TimeoutError:
            pass  # the link's first views failed: open it anyway, it then counts as not from the cache
        left = min(SESSION_TIMEOUT_S, deadline - time.monotonic())
        await open_link(ports[session.process], session.link.query_string, session.view, max(left, 1.0))

    for link in links:
        first = 0 if link.index < len(links) // 2 else 1
        for _ in range(FIRST_VIEWS_PER_LINK):
            view = PageView(full_caption, on_numbers=shown[link.index].set)
            sessions.append(Session(link, first, False, view))
            tasks.append(first_view(sessions[-1]))
        for _ in range(CACHED_VIEWS_PER_LINK):
            sessions.append(Session(link, 1 - first, True, PageView(full_caption)))
            tasks.append(cached_view(sessions[-1]))
    await asyncio.gather(*tasks)
    return sessions


def browser_numbers(port: int, link: Link, full_caption: str) -> Numbers | None:
    """The link's numbers as headless Chromium shows them, once the full result is on screen."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/?{link.query_string}")
            # Ready: the full result's caption and the metrics on screen, the script idle.
            pairs = page.wait_for_function(
                """(caption) => {
                  const idle = document.querySelector('[data-testid="stApp"]')
                    ?.getAttribute('data-test-script-state') === 'notRunning';
                  const full = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
                    .some(e => e.innerText.includes(caption));
                  const metrics = [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
                    m.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim() ?? '',
                    m.querySelector('[data-testid="stMetricValue"]')?.innerText.trim() ?? '',
                  ]);
                  return idle && full && metrics.length >= 3 && metrics.every(([, v]) => v && v !== '…') && metrics;
                }""",
                arg=full_caption,
                timeout=SESSION_TIMEOUT_S * 1000,
            ).json_value()
        finally:
            browser.close()
    return numbers_shown(pairs)


def quantile(values: list[float], q: float) -> float:
    """The q-quantile of `values` (linear interpolation), nan when empty."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def times_line(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"p50 {quantile(values, 0.5):.1f}, p95 {quantile(values, 0.95):.1f}, max {max(values):.1f} ({len(values)} pages)"


# --- memory ---------------------------------------------------------------------------------------


def memory_test(library: Library, full_caption: str, logs: Path, emit: Callable[[dict[str, str]], None]) -> int:
    """One process, no shared cache, results kept `MEMORY_TTL_S`: resident memory before any
    reader, after a small scenario, after `MEMORY_SCENARIOS` different 2^20 ones, and after they
    expired. Returns the number of pages that erred."""
    poll = library.polls[MEMORY_POLL]
    coalition = library.coalitions[0].parties
    small_caption = f"{number(SMALL_SIMULATIONS)} simulations"

    def query(seed: int, simulations: int) -> str:
        scenario = Scenario(poll, seed=seed, simulations=simulations)
        return urlencode({**scenario_to_params(scenario, poll.id, library, coalition), "lang": LANGUAGE})

    errors = 0

    def open_one(port: int, seed: int, simulations: int, caption: str) -> float:
        nonlocal errors
        start = time.monotonic()
        view = asyncio.run(open_link(port, query(seed, simulations), PageView(caption), MEMORY_PAGE_TIMEOUT_S))
        if view.errors:
            errors += 1
            print(f"memory page seed {seed}: {'; '.join(view.errors)}", file=sys.stderr)
        return time.monotonic() - start

    env = {"SEATCAST_CACHE_DIR": "off", "SEATCAST_MEMORY_TTL_S": str(MEMORY_TTL_S)}
    with app_process(env, logs / "memory.log") as (port, pid), Watch(port, pid) as watch:
        idle = rss_mb(pid)
        open_one(port, 1, SMALL_SIMULATIONS, small_caption)
        time.sleep(1)
        baseline = rss_mb(pid)
        took: list[float] = []
        trajectory: list[float] = []
        deadline = time.monotonic() + MEMORY_TIMEOUT_S
        while len(took) < MEMORY_SCENARIOS and time.monotonic() < deadline:
            took.append(open_one(port, 100 + len(took), 2**20, full_caption))
            trajectory.append(rss_mb(pid))
        time.sleep(1)
        after = rss_mb(pid)
        last_closed = time.monotonic()
        peak = watch.peak_rss_mb
        # Both expiries are lazy: the results' on the next write to their cache, Streamlit's closed
        # sessions on the next session closed. One more small scenario writes and closes.
        wait = max(MEMORY_TTL_S, SESSION_TTL_S) + 5
        time.sleep(max(0.0, last_closed + wait - time.monotonic()))
        open_one(port, 2, SMALL_SIMULATIONS, small_caption)
        time.sleep(2)
        expired = rss_mb(pid)
        open_one(port, 3, SMALL_SIMULATIONS, small_caption)
        # One round of the process's tidying (every quarter of the memory time): it collects what
        # the closed sessions, released just now, left in reference cycles.
        time.sleep(MEMORY_TTL_S / 4 + 2)
        expired_again = rss_mb(pid)
        health = watch.summary()
    emit(
        {
            "memory_rss_idle_mb": f"{idle:.0f} (healthy, before any reader)",
            "memory_rss_start_mb": f"{baseline:.0f} (after one {number(SMALL_SIMULATIONS)}-simulation scenario)",
            "memory_rss_after_20_scenarios_mb": (
                f"{after:.0f} (peak {peak:.0f}; {len(took)} different 2^20 scenarios one after another, "
                f"median {statistics.median(took):.1f} s a page)"
            ),
            "memory_rss_each_scenario_mb": " ".join(f"{mb:.0f}" for mb in trajectory),
            "memory_rss_after_expiry_mb": (
                f"{expired:.0f}, then {expired_again:.0f} (after {wait} s and one small scenario, then another "
                f"and {MEMORY_TTL_S / 4 + 2:.0f} s; results kept {MEMORY_TTL_S} s, closed sessions {SESSION_TTL_S} s)"
            ),
            "memory_health": health,
        }
    )
    return errors


# --- the whole test -------------------------------------------------------------------------------


def load_test(browser: bool, emit: Callable[[dict[str, str]], None]) -> int:
    """Run the load test and the memory test, print their measures; return the exit code."""
    started = time.monotonic()
    set_language(LANGUAGE)
    library = load_library()
    full_caption = f"{number(2**20)} simulations"
    links = share_links(library)
    distinct = len({link.expected for link in links})
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="seatcast-load-")))
        if os.access(REDIS_SERVER, os.X_OK):
            url = stack.enter_context(redis_server())
            shared = {"SEATCAST_REDIS_URL": url}
            store = f"redis ({url})"
        else:
            url = None
            shared = {"SEATCAST_CACHE_DIR": str(logs / "cache")}
            store = f"disk cache ({logs / 'cache'}; {REDIS_SERVER} missing)"
        servers = [stack.enter_context(app_process(shared, logs / f"app-{name}.log")) for name in "AB"]
        before = redis_stats(url) if url else None
        watches = [Watch(port, pid) for port, pid in servers]
        load_start = time.monotonic()
        with watches[0], watches[1]:
            sessions = asyncio.run(run_sessions((servers[0][0], servers[1][0]), links, full_caption))
        load_s = time.monotonic() - load_start
        after = redis_stats(url) if url else None
        shown_in_browser, browser_differs = "n/a (--no-browser)", False
        if browser and os.access(CHROMIUM, os.X_OK):
            seen = next((s.view.final for s in sessions if s.link.index == 0 and s.view.final), None)
            try:
                in_browser = browser_numbers(servers[0][0], links[0], full_caption)
            except Exception as error:  # a timeout, a crash: the check failed, the rest still reports
                in_browser = f"failed: {error!r}"[:200]
            browser_differs = in_browser != seen
            shown_in_browser = f"{'NO' if browser_differs else 'yes'} (Chromium {in_browser}, protocol {seen})"
        elif browser:
            shown_in_browser = f"n/a ({CHROMIUM} missing)"

        errors = [s for s in sessions if s.view.errors]
        wrong = [s for s in sessions if s.wrong()]
        moved = [s for s in sessions if not s.view.errors and not s.link_kept()]
        times = [s.view.numbers_at for s in sessions if s.view.numbers_at is not None]
        cached = [s for s in sessions if s.cached_view]
        served = {link.index: all(s.view.first_run_full for s in cached if s.link == link) for link in links}
        emit(
            {
                "load_store": store,
                "load_sessions": (
                    f"{len(sessions)} on 2 processes ({LINKS} links, {distinct} distinct sets of numbers; "
                    f"{FIRST_VIEWS_PER_LINK} first views a link on one process, then {CACHED_VIEWS_PER_LINK} on "
                    f"the other), {load_s:.0f} s"
                ),
                "load_errors": str(len(errors)),
                "load_wrong_numbers": str(len(wrong)),
                "load_link_changed": str(len(moved)),
                "load_time_to_numbers_s": times_line(times),
                "load_time_to_numbers_first_views_s": times_line(
                    [s.view.numbers_at for s in sessions if not s.cached_view and s.view.numbers_at is not None]
                ),
                "load_time_to_numbers_other_process_s": times_line(
                    [s.view.numbers_at for s in cached if s.view.numbers_at is not None]
                ),
                "load_other_process_served_from_cache": (
                    f"{sum(served.values())} of {len(links)} links (each of their pages on the other process "
                    "showed the 2^20 result in its first script run)"
                ),
                "load_place_in_line_shown": f"{sum(bool(s.view.notices) for s in sessions)} pages",
                "load_redis": (
                    f"keyspace hits +{after['hits'] - before['hits']}, misses +{after['misses'] - before['misses']}, "
                    f"{after['keys']} keys"
                    if url
                    else "n/a"
                ),
                **{f"load_health_{name}": watch.summary() for name, watch in zip("AB", watches)},
                **{f"load_peak_rss_mb_{name}": f"{watch.peak_rss_mb:.0f}" for name, watch in zip("AB", watches)},
                "load_browser_matches_protocol": shown_in_browser,
            }
        )
        for link in links:
            first = [s for s in sessions if s.link == link and not s.cached_view]
            other = [s for s in sessions if s.link == link and s.cached_view]
            print(
                f"link {link.index} {link.poll_id:<36} {link.expected.majority:>6} {link.expected.median_seats:>3} "
                f"| first process {'AB'[first[0].process]}: "
                + " ".join(_time(s) for s in first)
                + f" | other: {' '.join(_time(s) for s in other)}"
                + f" | from cache: {'yes' if served[link.index] else 'NO'}",
                flush=True,
            )
        for s in errors + wrong + moved:
            print(
                f"  link {s.link.index} on {'AB'[s.process]}: errors {s.view.errors}, final {s.view.final}, "
                f"expected {s.link.expected}, address {s.view.query_string}",
                file=sys.stderr,
            )
        logs_kept = None
        if errors:
            logs_kept = Path(tempfile.mkdtemp(prefix="seatcast-load-logs-"))
            for log in logs.glob("*.log"):
                shutil.copy(log, logs_kept)
    memory_errors = 0
    with tempfile.TemporaryDirectory(prefix="seatcast-memory-") as memory_logs:
        memory_errors = memory_test(library, full_caption, Path(memory_logs), emit)
    emit({"load_total_s": f"{time.monotonic() - started:.0f}"})
    if logs_kept:
        print(f"server logs kept in {logs_kept}", file=sys.stderr)
    return 1 if errors or wrong or memory_errors or browser_differs else 0


def _time(session: Session) -> str:
    if session.view.errors:
        return "ERR"
    mark = "*" if session.view.first_run_full else ""
    return f"{session.view.numbers_at:.1f}{mark}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench --load", description=__doc__.split("\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium check")
    args = parser.parse_args(argv)

    def emit(measures: dict[str, str]) -> None:
        for name, value in measures.items():
            print(f"{name}: {value}", flush=True)

    return load_test(not args.no_browser, emit)
