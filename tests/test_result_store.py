"""Compact results, the shared result store and the per-process result service (issue 15).

Oracles: the full `Result` of the same scenario (a compact result must read exactly the same), the
bytes themselves (packing), and the scenario's fields (every one must change the cache key).
"""

import dataclasses
import logging
import threading
import time
from datetime import date

import fakeredis
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Scenario, codec, simulate
from engine.packed_seats import PackedRows
from engine.result_store import (
    DiskStore,
    NullStore,
    RedisStore,
    cached_result,
    cached_value,
    open_store,
    scenario_key,
    stored_result,
)
from engine.serving import ResultService, RunQueue, memory_ttl_s
from engine.simulation import CompactResult

SIMS = 2**12


@pytest.fixture(scope="module")
def scenario(library):
    return Scenario(library.polls["2024-11-21-Ipsos"], simulations=SIMS)


@pytest.fixture(scope="module")
def full(scenario, library):
    return simulate(scenario, library)


@pytest.fixture(scope="module")
def compact(full, library, scenario):
    return CompactResult.from_bytes(full.compact().to_bytes(), library, scenario)


@given(st.lists(st.lists(st.integers(0, 255), min_size=1, max_size=40), min_size=1, max_size=6))
def test_packed_rows_unpack_to_what_was_packed(rows):
    width = min(len(r) for r in rows)
    array = np.array([r[:width] for r in rows], dtype=np.uint8)
    packed = PackedRows.pack(array)
    assert all(np.array_equal(packed.row(i), array[i]) for i in range(len(array)))
    assert np.array_equal(packed.sum_rows(range(len(array))), array.sum(axis=0, dtype=np.int16))


def test_packed_rows_take_the_bits_the_spread_needs():
    rows = np.array([[7] * 64, [3, 4] * 32, [0, 9] * 32])  # constant, a spread of 1, a spread of 9
    assert [len(planes) for planes in PackedRows.pack(rows).planes] == [0, 1, 4]


def test_packed_rows_refuse_values_beyond_a_byte():
    with pytest.raises(ValueError, match="0 to 255"):
        PackedRows.pack(np.array([[0, 256]]))


def test_compact_result_reads_as_the_full_result(full, compact):
    # Summaries hold numpy arrays (short ones, printed in full): their reprs compare every number.
    for summary in ("parties", "families", "coalitions", "constituencies", "last_result_seats"):
        assert repr(getattr(full, summary)) == repr(getattr(compact, summary)), summary
    assert "..." not in repr(full.constituencies)
    assert np.array_equal(full.national_seat_draws, compact.national_seat_draws)
    assert np.array_equal(full.dutch_group_seat_draws, compact.dutch_group_seat_draws)
    assert compact.uncertainty_note == full.uncertainty_note


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_any_coalition_of_a_compact_result_is_exact(data, full, compact):
    keys = [k for k in full.model.parties if k in full.library.parties]
    members = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=8, unique=True))
    a, b = full.coalition(members), compact.coalition(members)
    assert np.array_equal(a.seats.counts, b.seats.counts)
    assert a.majority_probability == b.majority_probability
    assert a.dutch_majority_probability == b.dutch_majority_probability


def test_a_compact_result_keeps_national_draws_only(compact):
    with pytest.raises(ValueError, match="national"):
        compact.seats(["NVA"], ("VLG",))


def test_a_compact_full_run_costs_megabytes_not_a_hundred(library):
    result = simulate(Scenario(library.polls["2024-11-21-Ipsos"], simulations=2**20), library)
    raw = result.seat_draws.nbytes + result.share_draws.nbytes
    compact = result.compact()
    assert compact.nbytes < 16 * 2**20 < raw
    assert len(compact.to_bytes()) < compact.nbytes + 2**20


# --- the key -----------------------------------------------------------------------------------


def _edits(scenario):
    """One scenario per field, each differing from `scenario` in that field only."""
    poll = scenario.poll
    first = poll.regions[0]
    share_entry, share = first.shares[0]
    edited_region = dataclasses.replace(first, shares=((share_entry, share + 0.01),) + first.shares[1:])
    sized_region = dataclasses.replace(first, sample_size=first.sample_size + 1)
    return {
        "poll shares": dataclasses.replace(scenario, poll=dataclasses.replace(poll, regions=(edited_region,) + poll.regions[1:])),
        "sample size": dataclasses.replace(scenario, poll=dataclasses.replace(poll, regions=(sized_region,) + poll.regions[1:])),
        "firm": dataclasses.replace(scenario, poll=dataclasses.replace(poll, firm=poll.firm + "x")),
        "seed": dataclasses.replace(scenario, seed=scenario.seed + 1),
        "simulations": dataclasses.replace(scenario, simulations=scenario.simulations * 2),
        "baseline": dataclasses.replace(scenario, baseline="2019-05-26"),
        "swing": dataclasses.replace(scenario, swing="additive"),
        "local noise": dataclasses.replace(scenario, constituency_noise=0.2),
        "polling error": dataclasses.replace(scenario, polling_error="none"),
        "election day": dataclasses.replace(scenario, election_day=date(2029, 6, 10)),
    }


def test_every_field_of_the_scenario_changes_its_key(scenario, library):
    keys = {name: scenario_key(edited, library) for name, edited in _edits(scenario).items()}
    keys["unchanged"] = scenario_key(scenario, library)
    assert len(set(keys.values())) == len(keys), keys
    assert scenario_key(dataclasses.replace(scenario), library) == keys["unchanged"]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), noise=st.sampled_from([0.0, 0.05, 0.1, 0.3]), sims=st.sampled_from([2**12, 2**16]))
def test_scenarios_share_a_key_exactly_when_they_are_equal(scenario, library, seed, noise, sims):
    other = dataclasses.replace(scenario, seed=seed, constituency_noise=noise, simulations=sims)
    assert (scenario_key(other, library) == scenario_key(scenario, library)) == (other == scenario)


def test_the_key_changes_with_the_data(scenario, library):
    refitted = dataclasses.replace(library, polling_error=None)
    assert scenario_key(scenario, refitted) != scenario_key(scenario, library)


# --- the stores --------------------------------------------------------------------------------


def _stores(tmp_path):
    redis_store = RedisStore.__new__(RedisStore)
    redis_store.url, redis_store.expire, redis_store._client = "fake", 60, fakeredis.FakeRedis()
    return {"disk": DiskStore(tmp_path / "cache"), "redis": redis_store}


@pytest.mark.parametrize("kind", ["disk", "redis"])
def test_a_result_read_back_from_the_store_equals_the_fresh_one(kind, tmp_path, scenario, library, full):
    store = _stores(tmp_path)[kind]
    first = cached_result(scenario, library, store)
    again = stored_result(scenario, library, store)
    assert again is not first and again.library is library
    for a, b in zip(full.parties, again.parties, strict=True):
        assert np.array_equal(a.seats.counts, b.seats.counts)
    custom = ["NVA", "VB", "CDV"]
    assert full.coalition(custom).majority_probability == again.coalition(custom).majority_probability


def test_named_values_are_stored_by_name_and_arguments(tmp_path, library):
    store, calls = DiskStore(tmp_path), []

    def compute(x):
        calls.append(x)
        return {"x": x}

    assert cached_value(store, library, "grid", (1,), lambda: compute(1)) == {"x": 1}
    assert cached_value(store, library, "grid", (1,), lambda: compute(1)) == {"x": 1}
    assert cached_value(store, library, "grid", (2,), lambda: compute(2)) == {"x": 2}
    assert calls == [1, 2]


def test_a_disk_store_is_this_users_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    with pytest.raises(PermissionError):
        DiskStore(shared)
    assert isinstance(open_store({"SEATCAST_CACHE_DIR": str(shared)}), NullStore)
    assert (DiskStore(tmp_path / "new").directory.stat().st_mode & 0o777) == 0o700


def test_a_disk_store_never_unpickles(tmp_path, caplog):
    import diskcache

    store = DiskStore(tmp_path / "cache")
    with diskcache.Cache(str(tmp_path / "cache")) as planted:  # a plain diskcache pickles objects
        planted.set("seatcast:x", {"an": "object"})
    with pytest.raises(ValueError, match="not raw bytes"):
        store.get("seatcast:x")
    with pytest.raises(TypeError):
        store.set("seatcast:y", {"an": "object"})


def test_the_environment_chooses_the_store(tmp_path):
    assert isinstance(open_store({"SEATCAST_CACHE_DIR": "off"}), NullStore)
    default = open_store({"XDG_CACHE_HOME": str(tmp_path / "home-cache")})
    assert isinstance(default, DiskStore) and default.directory == tmp_path / "home-cache" / "seatcast"
    assert isinstance(open_store({"SEATCAST_CACHE_DIR": str(tmp_path)}), DiskStore)
    assert isinstance(open_store({"SEATCAST_REDIS_URL": "redis://127.0.0.1:1/0"}), RedisStore)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert isinstance(open_store({"SEATCAST_CACHE_DIR": str(blocked)}), NullStore)


def test_an_unreachable_redis_costs_a_recomputation_not_an_error(scenario, library, full, caplog):
    down = RedisStore("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with caplog.at_level(logging.WARNING):
        result = cached_result(scenario, library, down)
    assert np.array_equal(result.parties[0].seats.counts, full.parties[0].seats.counts)
    assert "redis" in caplog.text


# --- the service ---------------------------------------------------------------------------------


def test_readers_asking_at_once_share_one_run(scenario, library):
    service = ResultService(library, NullStore())
    results = []
    threads = [threading.Thread(target=lambda: results.append(service.result(scenario))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert service.runs == 1 and len({id(r) for r in results}) == 1


def test_a_second_process_reads_the_first_ones_result(tmp_path, scenario, library):
    store = DiskStore(tmp_path)
    first, second = ResultService(library, store), ResultService(library, DiskStore(tmp_path))
    first.result(scenario)
    assert second.ready(scenario) is not None
    second.result(scenario)
    assert (first.runs, second.runs) == (1, 0)


def test_results_leave_memory_when_their_time_is_over(scenario, library):
    service = ResultService(library, NullStore(), ttl_s=0.3)
    service.result(scenario)
    assert len(service) == 1
    time.sleep(0.4)
    assert len(service) == 0 and service.in_memory(scenario) is None


def test_the_queue_takes_priorities_first_and_tells_the_place_in_line():
    queue, order, places = RunQueue(1), [], {}
    released = threading.Event()

    def holder():
        with queue.slot(9):
            released.wait(5)

    def waiter(priority):
        def tell(place):
            places.setdefault(priority, []).append(place)

        with queue.slot(priority, tell):
            order.append(priority)

    first = threading.Thread(target=holder)
    first.start()
    time.sleep(0.1)
    waiters = []
    for priority in (2, 0, 1):
        waiters.append(threading.Thread(target=waiter, args=(priority,)))
        waiters[-1].start()
        time.sleep(0.1)
    deadline = time.monotonic() + 10
    while places.get(2, [0])[-1] != 3 and time.monotonic() < deadline:  # told at least every 0.5 s
        time.sleep(0.05)
    assert queue.running == 1 and queue.waiting == 3
    released.set()
    for thread in [first, *waiters]:
        thread.join(5)
    assert order == [0, 1, 2]
    assert places[0][-1] == 1 and places[2][0] == 1 and 3 in places[2]  # the first arrival fell back behind two


def test_a_reader_who_leaves_the_line_frees_the_place():
    queue = RunQueue(1)

    def leave(place):
        raise KeyboardInterrupt  # what a rerun does to a script thread, in kind

    with queue.slot():
        with pytest.raises(KeyboardInterrupt):
            with queue.slot(0, leave):
                pass
        assert queue.waiting == 0
    with queue.slot():
        assert queue.running == 1


def test_the_memory_time_comes_from_the_environment():
    assert memory_ttl_s({}) == 3600
    assert memory_ttl_s({"SEATCAST_MEMORY_TTL_S": "60"}) == 60
    with pytest.raises(ValueError, match="SEATCAST_MEMORY_TTL_S"):
        memory_ttl_s({"SEATCAST_MEMORY_TTL_S": "-1"})


# --- the codec: what the store holds runs no code when read ------------------------------------------

plain = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.floats(allow_nan=False) | st.text() | st.binary()
    | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@given(plain)
def test_the_codec_reads_back_plain_values(value):
    assert codec.decode(codec.encode(value)) == value


@given(st.sampled_from(["uint8", "int16", "int64", "float32", "float64", "bool"]), st.integers(0, 5), st.integers(1, 4))
def test_the_codec_reads_back_numeric_arrays_and_scalars(dtype, rows, columns):
    array = (np.arange(rows * columns) % 3).astype(dtype).reshape(rows, columns)
    back = codec.decode(codec.encode({"a": array, "s": array.dtype.type(1)}))
    assert back["a"].dtype == array.dtype and np.array_equal(back["a"], array)
    assert type(back["s"]) is array.dtype.type


def _tampered(data: bytes, old: bytes, new: bytes) -> bytes:
    """`data` with its outline edited (as a tamperer who knows the layout would)."""
    length = int.from_bytes(data[:8], "big")
    outline = data[8 : 8 + length].replace(old, new)
    return len(outline).to_bytes(8, "big") + outline + data[8 + length :]


def test_the_codec_builds_only_the_engines_dataclasses(scenario):
    data = codec.encode(scenario)
    assert codec.decode(data) == scenario
    for foreign in (b"subprocess:Popen", b"os:system", b"builtins:eval", b"engine.simulation:CompactResult"):
        with pytest.raises(ValueError, match="not a dataclass of the engine"):
            codec.decode(_tampered(data, b"engine.domain:Scenario", foreign))


def test_the_codec_refuses_object_arrays_and_damaged_bytes(compact):
    with pytest.raises(TypeError):
        codec.encode(np.array([object()]))
    data = compact.to_bytes()
    for damaged in (data[:100], b"\x00" * 8, data[:8] + b"[1]" + data[11:]):
        with pytest.raises(ValueError):
            CompactResult.from_bytes(damaged, compact.library, compact.scenario)


def test_a_tampered_entry_gives_a_value_error_not_an_exception_of_another_kind(compact):
    deep = b'{"tuple":[' * 500 + b"1" + b"]}" * 500
    for outline in (deep, b'{"dataclass":1}', b'{"dataclass":"engine.summaries:Probability","fields":["value"]}', b"7"):
        with pytest.raises(ValueError):
            CompactResult.from_bytes(len(outline).to_bytes(8, "big") + outline, compact.library, compact.scenario)


def test_a_blob_named_twice_is_refused():
    data = codec.encode((b"x" * 100, b"y"))
    with pytest.raises(ValueError, match="used twice"):
        codec.decode(_tampered(data, b'{"bytes":1}', b'{"bytes":0}'))


def test_an_entry_must_be_the_asked_scenarios(compact, scenario):
    other = dataclasses.replace(scenario, seed=scenario.seed + 1)
    with pytest.raises(ValueError, match="not an encoded compact result"):
        CompactResult.from_bytes(compact.to_bytes(), compact.library, other)


def test_packed_draws_that_do_not_match_their_run_are_refused(compact):
    data = compact.to_bytes()
    with pytest.raises(ValueError, match="do not match"):
        CompactResult.from_bytes(_tampered(data, f'"n":{SIMS}'.encode(), b'"n":1000000000000000'), compact.library, compact.scenario)


def test_a_damaged_store_entry_is_computed_again(tmp_path, scenario, library, caplog):
    store = DiskStore(tmp_path)
    store.set(scenario_key(scenario, library), b"not a result")
    with caplog.at_level(logging.WARNING):
        assert stored_result(scenario, library, store) is None
        result = cached_result(scenario, library, store)
    assert "not an encoded result" in caplog.text
    assert repr(stored_result(scenario, library, store).parties) == repr(result.parties)  # written over


def test_a_run_that_waited_long_goes_before_newer_quick_runs(monkeypatch):
    from engine import serving

    monkeypatch.setattr(serving, "RUN_PRIORITY_AGING_S", 0.1)  # a step every 0.1 s instead of 2 s
    queue, order, released = RunQueue(1), [], threading.Event()

    def holder():
        with queue.slot(9):
            released.wait(5)

    def waiter(priority):
        with queue.slot(priority):
            order.append(priority)

    threads = [threading.Thread(target=holder), threading.Thread(target=waiter, args=(2,))]
    threads[0].start()
    time.sleep(0.05)
    threads[1].start()
    time.sleep(0.5)  # the full run (2) has moved up five steps
    threads.append(threading.Thread(target=waiter, args=(0,)))
    threads[2].start()
    time.sleep(0.1)
    released.set()
    for thread in threads:
        thread.join(5)
    assert order == [2, 0]


def test_tidying_drops_expired_results_of_every_service(scenario, library):
    from engine.serving import tidy

    full, small = ResultService(library, ttl_s=0.2), ResultService(library, ttl_s=0.2)
    small.result(scenario)
    time.sleep(0.3)
    assert held(small) == 1  # expired, but nothing asked since
    tidy((full, small))
    assert held(small) == 0


def held(service):
    """Results the service's memory still holds, expired ones included (cachetools' own len would
    drop those first)."""
    from cachetools import Cache

    return Cache.__len__(service._memory)
