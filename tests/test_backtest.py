"""Track record (issue 6): backtests 2019 → 2024, scored against the official seats, and the poll
of polls. Oracle: tests/oracle/chamber-seats-by-party.csv (FPS Interior, copied from
shared/reference)."""

import csv
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from engine import REGIONS, Scenario, load_library, simulate
from engine import track_record as track
from engine.domain import INTERVAL_LEVELS
from engine.figures import calibration_figure, poll_history_figure, projected_vs_actual_figure
from engine.track_record import NATIONAL, election_shares, national_shares, poll_shares

ORACLE = Path(__file__).parent / "oracle" / "chamber-seats-by-party.csv"
TEST_SIMULATIONS = 2**14


@pytest.fixture(scope="module")
def lib():
    return load_library()


@pytest.fixture(scope="module")
def record(lib):
    return track.track_record(lib, simulations=TEST_SIMULATIONS)


def official_party_seats(lib, election: str) -> dict[str, int]:
    """The oracle's seats per list, keyed by registry key (a list is known by its current or a
    former name)."""
    key_of = {}
    for key, party in lib.parties.items():
        key_of[party.name] = key
        key_of.update({former.name: key for former in party.former})
    rows = csv.DictReader(ORACLE.open(encoding="utf-8"))
    return {key_of[r["list_name"]]: int(r["seats"]) for r in rows if r["election"] == election}


@pytest.mark.parametrize("election", ["2019-05-26", "2024-06-09"])
def test_actual_party_seats_are_the_official_seats(lib, election):
    assert track.actual_party_seats(lib.elections[election]) == official_party_seats(lib, election)


@pytest.mark.parametrize("election", ["2019-05-26", "2024-06-09"])
def test_poll_equal_to_the_baseline_result_projects_its_seats_exactly(lib, election):
    # The swing is then the identity: every list keeps its votes, so D'Hondt gives the same seats
    # (with no local noise on top of the swing).
    baseline = lib.elections[election]
    run = track.backtest(
        track.perfect_poll(baseline, sample_size=10**6),
        lib,
        baseline=election,
        election=election,
        simulations=TEST_SIMULATIONS,
        perfect=True,
        constituency_noise=0.0,
        polling_error="none",
    )
    official = official_party_seats(lib, election)
    assert {e.party: e.actual for e in run.lists} == official
    assert {e.party: e.median for e in run.lists} == official
    assert run.total_error == 0
    # A sample of 10^6 (and shares rounded to 0.01 %) still moves shares by a few hundredths of a
    # point: a very close last seat (CD&V's in 2024) may flip in some simulations, never in most.
    for entry in run.lists:
        assert entry.probability_of_actual > 0.5, entry.party


def test_perfect_poll_errors_are_against_the_official_2024_seats(lib, record):
    perfect = record[0]
    assert perfect.perfect and perfect.regions == REGIONS
    official = official_party_seats(lib, "2024-06-09")
    assert {e.party: e.actual for e in perfect.lists if e.actual} == official
    assert perfect.seats_scored == 150
    assert perfect.total_error == sum(abs(e.median - official.get(e.party, 0)) for e in perfect.lists)
    assert perfect.coalition_actual_seats == sum(official[k] for k in track.FORMED_COALITION)


def test_backtest_medians_and_intervals_are_the_simulations(lib, record):
    # The perfect poll's numbers are those of the engine's own run of the same scenario.
    perfect = record[0]
    poll = track.perfect_poll(lib.elections["2024-06-09"])
    # The perfect poll has no polling error (it is the result itself).
    scenario = Scenario(poll, simulations=TEST_SIMULATIONS, baseline="2019-05-26", polling_error="none")
    result = simulate(scenario, lib)
    for entry in perfect.lists:
        party = result.party(entry.party)
        assert entry.median == party.seats.median
        assert entry.interval(95) == party.seats.interval(95)
    arizona = result.coalition(track.FORMED_COALITION)
    assert perfect.coalition_majority == arizona.majority_probability


def test_calibration_counts_are_bounded_and_monotone_in_the_level(record):
    for run in record:
        counts = [run.calibration[level] for level in INTERVAL_LEVELS]
        assert all(0 <= n <= len(run.lists) for n in counts), run.label
        assert counts == sorted(counts), run.label
        for entry in run.lists:
            for narrow, wide in zip(INTERVAL_LEVELS, INTERVAL_LEVELS[1:], strict=False):
                (a, b), (c, d) = entry.interval(narrow), entry.interval(wide)
                assert c <= a <= b <= d


def test_backtests_are_the_perfect_poll_then_the_last_month_polls(lib, record):
    day = lib.elections["2024-06-09"].date
    in_window = {p.id for p in lib.polls.values() if 0 < (day - p.fieldwork_end).days <= 31}
    assert in_window  # the library does hold polls of the campaign's last month
    assert [run.perfect for run in record] == [True] + [False] * len(in_window)
    assert {run.poll_id for run in record[1:]} == in_window


def test_a_regional_poll_is_scored_on_its_regions_only(record):
    for run in record[1:]:
        if run.regions != REGIONS:
            assert run.coalition_majority is None
            assert run.seats_scored < 150
        else:
            assert run.seats_scored == 150
            assert 0.0 <= run.coalition_majority.value <= 1.0


def test_cli_backtest_csv_is_the_engine_track_record(record):
    out = subprocess.run(
        [sys.executable, "-m", "engine", "backtest", "--simulations", str(TEST_SIMULATIONS), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = list(csv.DictReader(out.splitlines()))
    expected = track.track_record_rows(record)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert {k: str(v) for k, v in want.items()} == got


@pytest.mark.parametrize(
    "args",
    [
        ["backtest", "--simulations", "0"],
        ["backtest", "--baseline", "2018-01-01"],
        ["backtest", "--constituency-noise", "-1"],
        ["report", "--poll", "2024-05-20-Ipsos", "--constituency-noise", "2"],
    ],
)
def test_cli_rejects_bad_backtest_arguments_in_one_line(args):
    done = subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


def test_constituency_noise_widens_the_intervals_not_the_medians(lib):
    poll = track.perfect_poll(lib.elections["2024-06-09"])
    common = dict(simulations=TEST_SIMULATIONS, perfect=True, polling_error="none")
    calm = track.backtest(poll, lib, constituency_noise=0.0, **common)
    noisy = track.backtest(poll, lib, constituency_noise=0.1, **common)
    width = sum(e.interval(90)[1] - e.interval(90)[0] for e in calm.lists)
    noisy_width = sum(e.interval(90)[1] - e.interval(90)[0] for e in noisy.lists)
    assert noisy_width > width
    assert sum(noisy.calibration.values()) >= sum(calm.calibration.values())


def test_national_poll_share_agrees_with_the_simulated_national_share(lib):
    # Second implementation: the poll of polls' point estimate against the engine's draws, with a
    # sample so large that the draws' median is the point estimate.
    for poll_id in ("2024-05-20-Ipsos", "2025-06-03-Ipsos"):
        poll = lib.polls[poll_id]
        big = replace(poll, regions=tuple(replace(r, sample_size=10**7) for r in poll.regions))
        result = simulate(Scenario(big, simulations=2**12, polling_error="none"), lib)
        national = national_shares(poll, lib.baseline_for(poll))
        assert sum(national.values()) == pytest.approx(100.0)
        for party in result.parties:
            assert national[party.key] == pytest.approx(party.vote_share.estimate, abs=0.05), party.key


def test_poll_of_polls_has_national_figures_only_for_polls_covering_every_region(lib):
    shares = poll_shares(lib)
    national = {s.poll_id for s in shares if s.region == NATIONAL}
    full = {p.id for p in lib.polls.values() if p.covered_regions == REGIONS}
    assert national == full
    for poll in lib.polls.values():
        for region in poll.covered_regions:
            total = sum(s.share for s in shares if s.poll_id == poll.id and s.region == region)
            assert total == pytest.approx(100.0), (poll.id, region)


def test_figures_draw_every_list_and_the_ideal_line(lib, record):
    figure = projected_vs_actual_figure(record[0])
    actual = next(t for t in figure.data if t.name == "seats won")
    assert list(actual.x) == [e.actual for e in record[0].lists][::-1]
    calibration = calibration_figure({"Perfect poll": record[:1], "Polls": record[1:]})
    assert len(calibration.data) == 3
    assert all(0 <= y <= 100 for trace in calibration.data for y in trace.y)
    history = poll_history_figure(
        poll_shares(lib), lib.parties, "VLG", highlight="2024-05-20-Ipsos", results=election_shares(lib)
    )
    assert any(t.name == "N-VA" for t in history.data)


def test_track_record_page_shows_the_engine_numbers(record):
    from streamlit.testing.v1 import AppTest

    from ui.cache import BACKTEST_SIMULATIONS

    page = AppTest.from_file(str(Path(__file__).parents[1] / "app_pages" / "track_record.py"), default_timeout=120)
    page.run()
    assert not page.exception
    runs = track.track_record(load_library(), simulations=BACKTEST_SIMULATIONS)
    assert [m.value for m in page.metric] == [str(run.total_error) for run in runs]


def test_election_marks_are_the_official_national_vote_shares(lib):
    # Outside arithmetic: a party's votes over all valid votes, from the official results.
    results = [s for s in election_shares(lib) if s.region == NATIONAL]
    for election in lib.elections.values():
        valid = sum(row.votes for row in election.results)
        for key in ("NVA", "VB", "MR", "PS"):
            votes = sum(row.votes for row in election.results if row.party == key)
            mark = next(s for s in results if s.poll_id == f"election-{election.id}" and s.party == key)
            assert mark.share == pytest.approx(100.0 * votes / valid, abs=0.01), (election.id, key)
