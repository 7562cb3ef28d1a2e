"""No input breaks the engine: arbitrary poll files and share links, edge scenarios, caps,
injection through names, and concurrent sessions. Behaviours are documented in docs/edge-cases.md."""

from __future__ import annotations

import math
import re
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import (
    SIMULATIONS_RANGE,
    DataError,
    Poll,
    RegionPoll,
    Scenario,
    load_library,
    parse_poll,
    poll_to_toml,
    render,
    scenario_from_params,
    simulate,
    with_region,
)
from engine.allocation import allocate
from engine.defaults import MAX_POLL_FILE_BYTES, MAX_POLL_PARTIES
from engine.formatting import escape_markdown
from engine.share import MAX_PARAM_LENGTH

MAX_SIMULATIONS = SIMULATIONS_RANGE[1]

POLL = "2024-11-21-Ipsos"
SIMS = 4096
ENGINE = Path(__file__).resolve().parent.parent / "engine"


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def ipsos(library) -> Poll:
    return library.polls[POLL]


def _run(poll: Poll, library, simulations: int = SIMS, seed: int = 1, polling_error: str = "historical"):
    return simulate(Scenario(poll, seed=seed, simulations=simulations, polling_error=polling_error), library)


def _valid_poll(poll: Poll) -> None:
    assert poll.regions
    for region in poll.regions:
        assert 1 <= region.sample_size <= 10_000_000
        assert len(region.shares) <= MAX_POLL_PARTIES
        for _, share in region.shares:
            assert math.isfinite(share) and 0 <= share <= 100


# --- the poll loader --------------------------------------------------------------------------

_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(text=st.text(max_size=400))
def test_any_text_is_a_poll_or_a_data_error(library, text):
    try:
        _valid_poll(parse_poll(text, "upload.toml", library))
    except DataError:
        pass


@_settings
@given(data=st.binary(max_size=400), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
def test_any_bytes_in_any_encoding_are_a_poll_or_a_data_error(library, data, encoding):
    text = data.decode(encoding, errors="replace")
    try:
        _valid_poll(parse_poll(text, "upload.toml", library))
    except DataError:
        pass


_numbers = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**30), 10**30)
    | st.sampled_from(["nan", "inf", "-inf", "1e400", "-0.0", "1_000", "0x10", "'25'", "true", "[]", "{}"])
)


def _toml_value(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value == math.inf else "-inf" if value == -math.inf else repr(value))
        )
    return str(value)


@_settings
@given(
    region=st.sampled_from(["VLG", "WAL", "BRU", "XXX"]),
    sample_size=_numbers,
    shares=st.lists(
        st.tuples(st.sampled_from(["NVA", "VB", "PS", "MR", "OTHER", "NOPE", "PS+VOORUIT"]), _numbers), max_size=8
    ),
    start=st.sampled_from(["2024-11-18", "2024-13-01", "2025-02-30", "'2024-11-18'", "2030-01-01"]),
)
def test_structured_poll_files_with_any_numbers_are_a_poll_or_a_data_error(library, region, sample_size, shares, start):
    lines = ['firm = "Fuzz"', f"fieldwork_start = {start}", "fieldwork_end = 2024-11-21", f"[{region}]"]
    lines.append(f"sample_size = {_toml_value(sample_size)}")
    lines += [f'"{key}" = {_toml_value(value)}' for key, value in dict(shares).items()]
    try:
        poll = parse_poll("\n".join(lines), "upload.toml", library)
    except DataError:
        return
    _valid_poll(poll)
    assert poll.region(region).share("NOPE") is None


def test_a_poll_round_trips_through_its_file(library, ipsos):
    assert parse_poll(poll_to_toml(ipsos), "round-trip.toml", library) == ipsos


def test_a_poll_file_over_the_size_limit_is_refused(library, ipsos):
    text = poll_to_toml(ipsos) + "#" * MAX_POLL_FILE_BYTES
    with pytest.raises(DataError, match="larger than"):
        parse_poll(text, "big.toml", library)


def test_more_parties_than_the_cap_are_refused(library):
    template = next(iter(library.parties.values()))
    parties = {f"P{i}": replace(template, key=f"P{i}") for i in range(MAX_POLL_PARTIES + 5)}
    body = "\n".join(f"P{i} = 1" for i in range(MAX_POLL_PARTIES + 5))
    text = f'firm = "X"\nfieldwork_start = 2024-11-18\nfieldwork_end = 2024-11-21\n[VLG]\nsample_size = 100\n{body}'
    with pytest.raises(DataError, match="more than"):
        parse_poll(text, "many.toml", replace(library, parties=parties))


@pytest.mark.parametrize(
    "share, message",
    [("nan", "percentage"), ("-1", "percentage"), ("101", "percentage"), ("inf", "percentage"), ('"25"', "expected")],
)
def test_bad_share_values_name_the_field(library, share, message):
    text = f'firm = "X"\nfieldwork_start = 2024-11-18\nfieldwork_end = 2024-11-21\n[VLG]\nsample_size = 100\nNVA = {share}\n'
    with pytest.raises(DataError, match=message) as error:
        parse_poll(text, "bad.toml", library)
    assert error.value.field == "VLG.NVA"


# --- share links --------------------------------------------------------------------------------

_param_keys = st.sampled_from(
    ["poll", "VLG", "WAL", "BRU", "n.VLG", "n.WAL", "n.BRU", "drop", "seed", "sims", "coalition", "zzz"]
)
_param_values = (
    st.text(max_size=60)
    | st.sampled_from(["nan", "inf", "-1", "1e309", "0", "99999999999999999999", "NVA:nan", "NVA:1e309,OTHER:1"])
    | st.lists(
        st.tuples(st.sampled_from(["NVA", "VB", "OTHER", "PS+VOORUIT", "nva", "X"]), st.floats(allow_nan=True)),
        max_size=6,
    ).map(lambda items: ",".join(f"{k}:{v}" for k, v in items))
)


@_settings
@given(params=st.dictionaries(_param_keys, _param_values, max_size=8))
def test_any_share_link_gives_a_valid_scenario_and_never_raises(library, params):
    scenario, poll_id, coalition, warnings, _ = scenario_from_params(params, library, POLL)
    _valid_poll(scenario.poll)
    assert 1024 <= scenario.simulations <= MAX_SIMULATIONS
    assert 0 <= scenario.seed < 2**32
    assert all(k in library.parties for k in coalition)
    assert all(isinstance(w, str) for w in warnings)


@_settings
@given(garbage=st.dictionaries(st.text(max_size=10), st.text(max_size=30) | st.none() | st.integers(), max_size=6))
def test_share_links_with_unexpected_keys_and_types_never_raise(library, garbage):
    scenario, *_ = scenario_from_params(garbage, library, POLL)
    _valid_poll(scenario.poll)


def test_simulations_from_a_link_are_capped(library):
    scenario, _, _, warnings, _ = scenario_from_params({"sims": str(10**12)}, library, POLL)
    assert scenario.simulations == MAX_SIMULATIONS
    assert any("capped" in w for w in warnings)


def test_an_over_long_parameter_is_ignored(library, ipsos):
    scenario, *_ = scenario_from_params({"VLG": "NVA:30," * MAX_PARAM_LENGTH}, library, POLL)
    assert scenario.poll == ipsos


def test_simulate_refuses_more_than_the_cap(library, ipsos):
    with pytest.raises(ValueError, match="simulations"):
        simulate(Scenario(ipsos, simulations=MAX_SIMULATIONS + 1), library)


def test_nothing_from_a_user_is_evaluated_or_unpickled():
    source = "\n".join(path.read_text(encoding="utf-8") for path in ENGINE.rglob("*.py"))
    for forbidden in (r"\beval\(", r"\bexec\(", r"\bpickle\b", r"\bmarshal\b", r"yaml\.load\(", r"allow_pickle=True"):
        assert not re.search(forbidden, source), forbidden


# --- injection through names --------------------------------------------------------------------

INJECTION = "<script>alert(1)</script> [click](javascript:alert(1)) **bold** | cell | ![x](http://e/x.png)"


def _raw_injection_absent(markdown: str) -> None:
    assert "<script>" not in markdown
    assert "](javascript:" not in markdown
    assert "![x](" not in markdown


def test_firm_and_commissioners_are_escaped_in_the_report(library, ipsos):
    poll = replace(ipsos, firm=INJECTION, commissioners=(INJECTION, "De Standaard"))
    markdown = render(_run(poll, library), "markdown")
    _raw_injection_absent(markdown)
    assert escape_markdown(INJECTION) in markdown


def test_a_party_name_from_the_registry_is_escaped_in_the_report(library, ipsos):
    parties = dict(library.parties)
    parties["NVA"] = replace(parties["NVA"], name=INJECTION, former=())
    poisoned = replace(library, parties=parties)
    markdown = render(_run(ipsos, poisoned), "markdown")
    _raw_injection_absent(markdown)
    assert escape_markdown(INJECTION) in markdown


def test_an_uploaded_poll_file_cannot_inject_through_its_firm(library):
    text = (
        'firm = "<img src=x onerror=alert(1)>"\ncommissioners = ["[a](javascript:x)"]\n'
        "fieldwork_start = 2024-11-18\nfieldwork_end = 2024-11-21\n[VLG]\nsample_size = 1000\nNVA = 30\nVB = 25\n"
    )
    markdown = render(_run(parse_poll(text, "upload.toml", library), library), "markdown")
    assert not re.search(r"(?<!\\)<img", markdown)
    assert "](javascript:" not in markdown


# --- edge scenarios (docs/edge-cases.md) ----------------------------------------------------------


def _flanders(ipsos: Poll, shares, sample_size: int | None = None) -> Poll:
    vlg = ipsos.region("VLG")
    return with_region(ipsos, RegionPoll("VLG", sample_size or vlg.sample_size, tuple(shares)), "VLG")


def test_a_party_at_zero_percent_keeps_a_small_flat_prior_share(library, ipsos):
    shares = [(k, 0.0 if k == "NVA" else s) for k, s in ipsos.region("VLG").shares]
    result = _run(_flanders(ipsos, shares), library)
    nva = result.party("NVA")
    assert nva.seats.median == 0
    assert 0 < nva.regional_vote_share["VLG"].estimate < 1.0


def test_a_party_at_one_hundred_percent_takes_the_polled_vote_but_unnamed_lists_keep_theirs(library, ipsos):
    result = _run(_flanders(ipsos, [("NVA", 100.0)]), library)
    assert result.party("NVA").regional_vote_share["VLG"].estimate > 99.0
    assert result.party("NVA").seats_by_region["VLG"].median >= 55
    assert (result.seats(result.model.parties, ("VLG",)) == 87).all()


def test_a_sample_of_one_is_almost_the_flat_prior_and_a_million_almost_certain(library, ipsos):
    vlg = ipsos.region("VLG")
    # Sampling error only: the polling error keeps even a huge poll from being certain.
    vague = _run(_flanders(ipsos, vlg.shares, sample_size=1), library, polling_error="none").party("NVA").vote_share
    sharp = _run(_flanders(ipsos, vlg.shares, sample_size=10**6), library, polling_error="none").party("NVA").vote_share
    width = lambda share: share.intervals[95][1] - share.intervals[95][0]  # noqa: E731
    assert width(vague) > 10 * width(sharp)
    assert width(sharp) < 0.5


def test_shares_summing_to_99_or_101_give_the_same_renormalised_result(library, ipsos):
    vlg = ipsos.region("VLG")
    named = [(k, s) for k, s in vlg.shares if k != "OTHER"]
    total = sum(s for _, s in named)
    low = _run(_flanders(ipsos, [(k, 99 * s / total) for k, s in named]), library)
    high = _run(_flanders(ipsos, [(k, 101 * s / total) for k, s in named]), library)
    # Without OTHER, 99 % leaves 1 % to Other; above 100 the shares are rescaled to 100.
    assert low.party("NVA").vote_share.estimate < high.party("NVA").vote_share.estimate
    assert abs(high.party("NVA").regional_vote_share["VLG"].estimate - 100 * named[0][1] / total) < 1.5


def test_a_poll_of_one_region_keeps_the_other_regions_at_their_baseline(library, ipsos):
    result = _run(replace(ipsos, regions=(ipsos.region("VLG"),)), library)
    for region in ("WAL", "BRU"):
        seats = result.seats(["MR"], (region,))
        assert (seats == seats[0]).all()
    assert (result.national_seat_draws.sum(axis=0) == 150).all()


def test_a_region_with_one_party_gives_all_its_swing_to_that_party(library, ipsos):
    result = _run(with_region(ipsos, RegionPoll("BRU", 500, (("PS", 100.0),)), "BRU"), library)
    assert (result.seats(result.model.parties, ("BRU",)) == 16).all()
    assert result.party("PS").regional_vote_share["BRU"].estimate > 90


def test_a_new_party_without_baseline_votes_gets_its_share_in_every_constituency(library, ipsos):
    new = "TFA"  # Team Fouad Ahidar ran only in Brussels in 2024
    assert new not in library.elections["2024-06-09"].regional_votes("VLG")
    shares = [(new, 20.0)] + [(k, s * 0.8) for k, s in ipsos.region("VLG").shares]
    result = _run(_flanders(ipsos, shares), library)
    assert result.party(new).seats.median > 10
    lists = [c for c in result.constituencies if c.region == "VLG"]
    assert all(any(entry.party == new for entry in c.lists) for c in lists)


def test_no_list_at_five_percent_lets_every_list_take_part():
    # 25 lists of under 5 % each: the threshold would leave the seats unfilled.
    votes = np.array([1000.0 + i for i in range(25)])
    assert (votes * 20 < votes.sum()).all()
    seats = allocate(votes, 20)
    assert seats.sum() == 20
    assert seats[-20:].tolist() == [1] * 20  # D'Hondt over all lists: the largest 20


def test_lists_below_five_percent_take_no_seat_when_others_pass():
    votes = np.array([5000.0, 3000.0, 1500.0, 499.0])  # the last has 4.99 %
    assert allocate(votes, 10)[-1] == 0


def test_a_constituency_with_no_votes_gives_its_seats_to_the_first_list():
    assert allocate(np.zeros(3), 4).tolist() == [4, 0, 0]


# --- concurrent sessions --------------------------------------------------------------------------


def test_ten_sessions_at_once_each_get_their_own_numbers(library, ipsos):
    """Ten threads simulate ten different scenarios at the same time (as ten dashboard sessions
    would); each result equals the same scenario run alone."""
    vlg = ipsos.region("VLG")
    scenarios = [
        Scenario(
            _flanders(ipsos, [(k, s + (i if k == "NVA" else 0.0)) for k, s in vlg.shares]),
            seed=100 + i,
            simulations=SIMS + 512 * i,
        )
        for i in range(10)
    ]
    alone = [simulate(s, library) for s in scenarios]
    together: list = [None] * len(scenarios)
    barrier = threading.Barrier(len(scenarios))

    def session(i: int) -> None:
        barrier.wait()
        result = simulate(scenarios[i], library)
        together[i] = (result.seat_draws, result.coalitions[0].majority_probability.value)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(len(scenarios))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for single, (draws, majority) in zip(alone, together):
        assert np.array_equal(single.seat_draws, draws)
        assert single.coalitions[0].majority_probability.value == majority
