"""A cache of results shared by every process that serves the app: on disk, or in Redis.

A scenario's run is deterministic (docs/method.md §3.6), so its compact result
(`engine.simulation.CompactResult`) is stored under a content hash of everything it depends on:
the scenario, the data it reads and the engine's code. One process computes a link's result; every
other process, and the same one after a restart, reads it back.

- `SEATCAST_REDIS_URL` set (``redis://host:6379/0``): Redis, for several processes or machines;
- else a disk cache (diskcache, SQLite and files) in `SEATCAST_CACHE_DIR`, by default the user's
  cache folder (``~/.cache/seatcast``), shared by the processes of one machine; ``off`` turns it
  off (every process then computes its own results, as with no shared cache).

Sizes, expiry and the pause after a failure are in `engine.defaults` (RESULT_CACHE_*). A store
that fails (Redis down or silent for a second, a full disk) is logged and skipped for a while: the
reader gets a freshly computed result, never an error. Entries are written by `engine.codec`, whose
reading runs no code.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

import diskcache

from . import codec
from .defaults import RESULT_CACHE_EXPIRE_S, RESULT_CACHE_RETRY_S, RESULT_CACHE_SIZE_LIMIT_BYTES
from .domain import Library, Scenario
from .simulation import CompactResult, simulate

log = logging.getLogger(__name__)
T = TypeVar("T")

REDIS_URL_VARIABLE = "SEATCAST_REDIS_URL"
CACHE_DIR_VARIABLE = "SEATCAST_CACHE_DIR"
CACHE_OFF = "off"


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the user's own cache folder for the store: ``$XDG_CACHE_HOME/seatcast`` or ``~/.cache/seatcast``.

    Not the shared temporary folder: whoever can write the folder can plant entries (and
    diskcache names files in its table), so it must be this user's alone.

    Raises
    ------
    RuntimeError
        When the user has no home folder (`pathlib.Path.home`).
    """
    return Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "seatcast"


# Bump when what is stored changes shape without the engine's code changing (it rarely will: the
# code's own hash is in every key).
CACHE_FORMAT = 1
_KEY_PREFIX = "seatcast:"


def _code_fingerprint() -> str:
    """SHA-256 of the engine's source: new code never reads an old code's results."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_CODE = _code_fingerprint()
# By the library's id (a Library is not hashable), dropped when the library is.
_data_fingerprints: dict[tuple[int, bool], str] = {}


def data_fingerprint(library: Library, with_polls: bool = False) -> str:
    """Return a SHA-256 of what a computation reads from the library.

    A run reads the party registry, the elections, the fitted polling error and the preset
    coalitions besides its own poll; the track record also reads the poll library
    (`with_polls`). Computed once per library.
    """
    key = (id(library), with_polls)
    if key not in _data_fingerprints:
        parts = (library.parties, library.elections, library.polling_error, library.coalitions)
        text = repr(parts + ((library.polls,) if with_polls else ()))
        _data_fingerprints[key] = hashlib.sha256(text.encode()).hexdigest()
        weakref.finalize(library, _data_fingerprints.pop, key, None)
    return _data_fingerprints[key]


def value_key(library: Library, name: str, parts: tuple) -> str:
    """Return the store key of a named value computed from the library (its polls included).

    ``repr(parts)`` must spell out every argument the value depends on.
    """
    text = repr((CACHE_FORMAT, _CODE, data_fingerprint(library, with_polls=True), name, parts))
    return _KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()


def scenario_key(scenario: Scenario, library: Library) -> str:
    """Return the store key of a scenario's result.

    A SHA-256 of the scenario (a frozen dataclass whose repr spells out every field, the poll's
    shares included), the data and the engine's code.

    Returns
    -------
    str
        ``"seatcast:"`` and 64 hex digits.
    """
    text = repr((CACHE_FORMAT, _CODE, data_fingerprint(library), "result", scenario))
    return _KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()


class ResultStore(Protocol):
    """Bytes by key, shared by processes. `get` gives None for a key it does not hold."""

    name: str

    def get(self, key: str) -> bytes | None:
        """Return the bytes stored under `key`, or None."""

    def set(self, key: str, value: bytes) -> None:
        """Store `value` under `key`."""


class NullStore:
    """No shared cache: nothing is kept."""

    name = "none"

    def get(self, key: str) -> bytes | None:
        """Return None: nothing is kept."""
        return None

    def set(self, key: str, value: bytes) -> None:
        """Keep nothing."""


class _BytesOnlyDisk(diskcache.Disk):
    """diskcache's storage that writes and reads raw bytes only: never an entry it would unpickle."""

    def store(self, value, read, key=diskcache.core.UNKNOWN):
        if not isinstance(value, bytes):
            raise TypeError("the result store keeps bytes")
        return super().store(value, read, key=key)

    def fetch(self, mode, filename, value, read):
        if mode not in (diskcache.core.MODE_RAW, diskcache.core.MODE_BINARY):
            raise ValueError("an entry of the result store that is not raw bytes")
        return super().fetch(mode, filename, value, read)


class DiskStore:
    """A disk cache (`diskcache.Cache`) in `directory`, safe for several processes.

    At most `size_limit` bytes (the least recently stored evicted first), each entry kept for
    `expire` seconds. The folder is created for this user alone; one that others may write to is
    refused (its entries could be planted). Only raw bytes are stored and read back.

    Raises
    ------
    PermissionError
        When the folder belongs to another user or others may write to it.
    """

    name = "disk"

    def __init__(self, directory: Path | str, size_limit: int = RESULT_CACHE_SIZE_LIMIT_BYTES, expire: float = RESULT_CACHE_EXPIRE_S):
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = self.directory.stat()
        if status.st_uid != os.getuid() or status.st_mode & 0o022:
            raise PermissionError(f"{directory} is not this user's alone")
        self.expire = expire
        self._cache = diskcache.Cache(
            str(directory), size_limit=size_limit, eviction_policy="least-recently-stored", disk=_BytesOnlyDisk
        )

    def get(self, key: str) -> bytes | None:
        """Return the bytes stored under `key`, or None."""
        return self._cache.get(key)

    def set(self, key: str, value: bytes) -> None:
        """Store `value` under `key` for `expire` seconds."""
        self._cache.set(key, value, expire=self.expire)


class RedisStore:
    """Redis at `url`, each entry kept for `expire` seconds.

    The server's own memory policy caps its size: set ``maxmemory`` and
    ``maxmemory-policy allkeys-lru``.
    """

    name = "redis"

    def __init__(self, url: str, expire: float = RESULT_CACHE_EXPIRE_S):
        import redis

        self.url = url
        self.expire = int(expire)
        # A store that does not answer within a second is treated as down (see _get).
        self._client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def get(self, key: str) -> bytes | None:
        """Return the bytes stored under `key`, or None."""
        return self._client.get(key)

    def set(self, key: str, value: bytes) -> None:
        """Store `value` under `key` for `expire` seconds."""
        self._client.set(key, value, ex=self.expire)


def open_store(environ: Mapping[str, str] = os.environ) -> ResultStore:
    """Open the shared store the environment asks for (module docstring).

    Returns
    -------
    RedisStore, DiskStore or NullStore
        NullStore when the cache is turned off or cannot be opened (logged).
    """
    url = environ.get(REDIS_URL_VARIABLE, "").strip()
    if url:
        return RedisStore(url)
    directory = environ.get(CACHE_DIR_VARIABLE, "").strip()
    if directory.lower() == CACHE_OFF:
        return NullStore()
    try:
        return DiskStore(directory or default_cache_dir(environ))
    except Exception as error:  # noqa: BLE001 - any failure to open it means running without it
        log.warning("no shared result cache: %s cannot be opened (%s)", directory, error)
        return NullStore()


def _usable(store: ResultStore) -> bool:
    return not isinstance(store, NullStore) and time.monotonic() >= getattr(store, "_down_until", 0.0)


def _failed(store: ResultStore, what: str, error: Exception) -> None:
    # Skipped for a while, so that a store that hangs does not cost every page its timeout.
    store._down_until = time.monotonic() + RESULT_CACHE_RETRY_S
    log.warning("shared result cache (%s) %s, skipped for %.0f s: %s", store.name, what, RESULT_CACHE_RETRY_S, error)


def _get(store: ResultStore, key: str) -> bytes | None:
    if not _usable(store):
        return None
    try:
        return store.get(key)
    except Exception as error:  # noqa: BLE001 - a broken store costs a recomputation, not an error
        _failed(store, "unreadable", error)
        return None


def _set(store: ResultStore, key: str, value: Callable[[], bytes]) -> None:
    if not _usable(store):
        return
    try:
        store.set(key, value())
    except Exception as error:  # noqa: BLE001
        _failed(store, "not written", error)


def stored_result(scenario: Scenario, library: Library, store: ResultStore) -> CompactResult | None:
    """Return the scenario's result if `store` holds it, else None (nothing is computed)."""
    data = _get(store, scenario_key(scenario, library))
    if data is None:
        return None
    try:
        return CompactResult.from_bytes(data, library, scenario)
    except ValueError as error:  # a damaged or tampered entry: computed again, and written over
        log.warning("shared result cache (%s): %s", store.name, error)
        return None


def cached_result(scenario: Scenario, library: Library, store: ResultStore) -> CompactResult:
    """Return the scenario's compact result: read from `store`, else simulated, compacted and stored.

    Raises
    ------
    KeyError, ValueError
        As `simulate`, for a scenario that cannot run.
    """
    found = stored_result(scenario, library, store)
    if found is not None:
        return found
    result = simulate(scenario, library).compact()
    store_result(scenario, library, store, result)
    return result


def store_result(scenario: Scenario, library: Library, store: ResultStore, result: CompactResult) -> None:
    """Put the scenario's compact result in `store` (a failing store is logged, not raised)."""
    _set(store, scenario_key(scenario, library), result.to_bytes)


def cached_value(store: ResultStore, library: Library, name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """Return a value computed from the library (a backtest's scores, say).

    Read from `store` under `name` and `parts`, else computed by `compute()` and stored.
    """
    key = value_key(library, name, parts)
    data = _get(store, key)
    if data is not None:
        try:
            return codec.decode(data)
        except ValueError as error:
            log.warning("shared result cache (%s): %s under %s, computed again", store.name, error, name)
    value = compute()
    _set(store, key, lambda: codec.encode(value))
    return value
