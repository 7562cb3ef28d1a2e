"""Track record (issues 6 and 11): backtests of 2019 (from 2014) and 2024 (from 2019), scored against
the official seats, the coverage of their intervals with and without the polling error, the
generated tables of docs/track-record.md, the Track record page, and the poll of polls. Oracle:
tests/oracle/chamber-seats-by-party.csv (FPS Interior, copied from shared/reference)."""

import csv
import importlib.util
import itertools
import math
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import REGIONS, Scenario, load_library, simulate
from engine import track_record as track
from engine.domain import INTERVAL_LEVELS
from engine.figures import calibration_figure, poll_history_figure, projected_vs_actual_figure
from engine.formatting import escape_markdown, seat_interval
from engine.polling_error import effective_sample_sizes
from engine.polling_error_fit import compare_candidates, final_polls, fit_polling_error, render_candidates
from engine.summaries import Probability, SeatDistribution
from engine.track_record import NATIONAL, election_shares, national_shares, poll_shares

_spec = importlib.util.spec_from_file_location(
    "track_record_doc", Path(__file__).parents[1] / "scripts" / "track_record_doc.py"
)
track_record_doc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(track_record_doc)

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


def test_election_marks_are_the_official_national_vote_shares(lib):
    # Outside arithmetic: a party's votes over all valid votes, from the official results.
    results = [s for s in election_shares(lib) if s.region == NATIONAL]
    for election in lib.elections.values():
        valid = sum(row.votes for row in election.results)
        for key in ("NVA", "VB", "MR", "PS"):
            votes = sum(row.votes for row in election.results if row.party == key)
            mark = next(s for s in results if s.poll_id == f"election-{election.id}" and s.party == key)
            assert mark.share == pytest.approx(100.0 * votes / valid, abs=0.01), (election.id, key)


# --- coverage, worked out by hand (docs/method.md §3.7) ------------------------------------------

# Ten simulations: 1 gives 2 seats, 2 give 3, 4 give 4, 2 give 5, 1 gives 6. P(X ≤ x) is 0.1, 0.3,
# 0.7, 0.9, 1.0 for x = 2 … 6. The 80 % interval starts at the smallest x with P(X ≤ x) > 0.1
# (strictly: not 2, where it is exactly 0.1, but 3) and ends at the smallest x with P(X ≤ x) ≥ 0.9
# (5): 3–5. The 90, 95 and 99 % intervals start where P(X ≤ x) > 0.05, 0.025, 0.005 (2) and end
# where it reaches 0.95, 0.975, 0.995 (6): 2–6. The median is 4.
SPREAD = SeatDistribution(np.array([0, 0, 1, 2, 4, 2, 1, 0, 0, 0] + [0] * 141))
# Ten simulations, all at 7 seats: every interval is 7–7.
POINT = SeatDistribution(np.array([0] * 7 + [10] + [0] * 143))
HAND_SIMULATIONS = 10


def _list(actual: int, seats: SeatDistribution = SPREAD) -> track.ListBacktest:
    return track.ListBacktest(party=f"P{actual}", name=f"P{actual}", colour="#000000", actual=actual, seats=seats)


def _run(lists, regions=REGIONS, perfect=False, majority=None) -> track.Backtest:
    return track.Backtest(
        label="Perfect poll" if perfect else "poll",
        poll_id="poll",
        perfect=perfect,
        fieldwork_end=date(2024, 5, 20),
        baseline="2019-05-26",
        election="2024-06-09",
        swing="multiplicative",
        constituency_noise=0.1,
        polling_error="historical",
        effective_sample_size={r: 100.0 for r in regions},
        simulations=HAND_SIMULATIONS,
        regions=regions,
        lists=tuple(lists),
        coalition_name="Arizona",
        coalition_parties=track.FORMED_COALITION,
        coalition_actual_seats=82,
        coalition_majority=majority,
        coalition_seats=None,
    )


def _score(*runs) -> track.ModelScore:
    return track.ModelScore("multiplicative", 0.1, runs, polling_error="historical", election="2024-06-09")


def test_hand_made_distribution_has_the_intervals_worked_out_by_hand():
    assert SPREAD.median == 4
    assert SPREAD.intervals == {80: (3, 5), 90: (2, 6), 95: (2, 6), 99: (2, 6)}
    assert POINT.intervals == {level: (7, 7) for level in INTERVAL_LEVELS}


def test_coverage_and_log_score_are_counted_as_worked_out_by_hand():
    # Full poll: 2 seats won (outside 3–5, inside 2–6; P = 1/10), 5 (inside all; P = 2/10), 8
    # (outside all; P = 0, counted as 1/(10 + 1)). Flanders-only poll: 7 won, 7–7 everywhere, P = 1.
    full = _run([_list(2), _list(5), _list(8)], majority=Probability(0.25, 0.1))
    flemish = _run([_list(7, POINT)], regions=("VLG",))
    perfect = _run([_list(2)], perfect=True)  # not a poll: left out of the poll scores
    score = _score(perfect, full, flemish)
    assert full.calibration == {80: 1, 90: 2, 95: 2, 99: 2}
    assert flemish.calibration == {80: 1, 90: 1, 95: 1, 99: 1}
    assert full.mean_log_score == pytest.approx((math.log10(0.1) + math.log10(0.2) + math.log10(1 / 11)) / 3)
    assert score.polls == (full, flemish) and score.full_polls == (full,)
    assert score.poll_lists == 4
    assert score.poll_calibration == {80: 2, 90: 3, 95: 3, 99: 3}
    assert [score.poll_coverage(level) for level in INTERVAL_LEVELS] == [0.5, 0.75, 0.75, 0.75]
    assert score.poll_log_score == pytest.approx((math.log10(0.1) + math.log10(0.2) + math.log10(1 / 11) + 0) / 4)
    assert score.poll_error == 2 + 1 + 4  # |4 − 2| + |4 − 5| + |4 − 8|: the full poll only
    assert score.coverage_verdict == track.TOO_CONFIDENT  # 50 % inside the 80 % intervals
    row = track.render_coverage((score,)).splitlines()[2]
    assert "| 2 | 4 | 50 % (2) | 75 % (3) | 75 % (3) | 75 % (3) | -0.69 | Arizona (won 82): 25.0 % |" in row


def test_what_an_honest_model_expects_inside_is_worked_out_by_hand():
    # SPREAD holds 8 of its 10 simulations in its 80 % interval (3–5) and all 10 in its 90 % one
    # (2–6); POINT holds everything at 7. Inside as counted above: 2 at 80 %, 3 at 90 %.
    score = _score(_run([_list(2), _list(5), _list(8)]), _run([_list(7, POINT)], regions=("VLG",)))
    assert _list(2).interval_mass(80) == pytest.approx(0.8) and _list(2).interval_mass(90) == 1.0
    assert score.poll_expected_inside(80) == pytest.approx(3 * 0.8 + 1)
    assert score.poll_expected_inside(90) == pytest.approx(4.0)
    # 2 inside at 80 %, below the 3.4 expected: at most 2 of 1 + Binomial(3, 0.8), that is at
    # most one of the three: 0.2³ + 3 × 0.8 × 0.2².
    assert score.chance_this_far_out(80) == pytest.approx(0.2**3 + 3 * 0.8 * 0.2**2)
    # 3 inside at 90 %, below the 4 certain: an honest model never has as few.
    assert score.chance_this_far_out(90) == pytest.approx(0.0)
    # Above the expected count, the other tail: all 4 inside at 80 % has a chance of 0.8³.
    everything_inside = _score(_run([_list(4), _list(4), _list(4)]), _run([_list(7, POINT)], regions=("VLG",)))
    assert everything_inside.chance_this_far_out(80) == pytest.approx(0.8**3)
    row = track.render_interval_mass((score,)).splitlines()[2]
    assert row == "| 2024-06-09 | historical | 4 | 2, 3.4 (85 %), 10 % | 3, 4.0 (100 %), 0 % |"


@given(st.lists(st.floats(0, 1), max_size=8), st.integers(-1, 9))
def test_the_chance_of_as_many_inside_equals_counting_every_outcome(masses, observed):
    total = 0.0
    for outcome in itertools.product((0, 1), repeat=len(masses)):
        if sum(outcome) >= observed:
            total += math.prod(p if hit else 1 - p for p, hit in zip(masses, outcome))
    assert track.at_least_inside(np.array(masses), observed) == pytest.approx(total, abs=1e-12)


def test_coverage_verdict_against_the_honest_ranges():
    # 80 % and 90 % coverage of 4/5 (80 %): inside 70–90 % and 80–97 %.
    honest = _score(_run([_list(4), _list(4), _list(4), _list(4), _list(8)]))
    assert (honest.poll_coverage(80), honest.poll_coverage(90)) == (0.8, 0.8)
    assert honest.coverage_verdict == track.HONEST
    # Everything inside: 100 % > 90 % (and > 97 %).
    assert _score(_run([_list(4)] * 5)).coverage_verdict == track.TOO_CAUTIOUS
    # 80 %: 4/5 (honest); 90 %: 5/5 = 100 % > 97 %.
    assert _score(_run([_list(4)] * 4 + [_list(2)])).coverage_verdict == track.TOO_CAUTIOUS
    # 80 %: 3/5 = 60 % < 70 %, though the 90 % intervals hold everything.
    assert _score(_run([_list(4)] * 3 + [_list(2)] * 2)).coverage_verdict == track.TOO_CONFIDENT


def test_calibration_figure_draws_each_model_and_the_honest_ranges():
    sure = _run([_list(2), _list(5), _list(8)])
    wide = _run([_list(4), _list(4)])
    figure = calibration_figure({"sure": [sure], "wide": [wide]}, targets=track.COVERAGE_TARGETS)
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["sure"].y) == pytest.approx([100 / 3, 200 / 3, 200 / 3, 200 / 3])
    assert list(by_name["wide"].y) == [100.0] * 4
    ranges = [trace for trace in figure.data if trace.name == "honest range"]
    assert [(t.x[0], t.y[0], t.y[1]) for t in ranges] == [(80, 70, 90), (90, 80, 97)]


# --- both elections --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coverage(lib):
    return track.coverage_scores(lib, simulations=TEST_SIMULATIONS)


def test_each_scored_election_is_projected_from_the_one_before_with_and_without_the_polling_error(lib, coverage):
    assert [(s.election, s.polling_error) for s in coverage] == [
        (election, model) for _, election in track.SCORED_ELECTIONS for model in ("historical", "none")
    ]
    baseline_of = {election: baseline for baseline, election in track.SCORED_ELECTIONS}
    for score in coverage:
        assert {run.baseline for run in score.backtests} == {baseline_of[score.election]}
        assert score.perfect.polling_error == "none"
        assert {run.polling_error for run in score.polls} == {score.polling_error}
        official = official_party_seats(lib, score.election)
        assert {e.party: e.actual for e in score.perfect.lists if e.actual} == official
        name, parties = track.FORMED_COALITIONS[score.election]
        assert score.perfect.coalition_name == name
        assert score.perfect.coalition_actual_seats == sum(official.get(k, 0) for k in parties)


def test_2019_is_scored_on_the_last_polls_we_hold_five_months_before(coverage):
    score = next(s for s in coverage if s.election == "2019-05-26")
    assert [run.poll_id for run in score.polls] == ["2018-12-03-Ipsos", "2018-12-08-TNS", "2018-12-17-Ipsos"]
    assert score.poll_lists == 35


def test_the_polling_error_of_a_backtest_is_fitted_without_the_election_it_scores(lib, coverage):
    for score in coverage:
        if score.polling_error != "historical":
            continue
        fitted = fit_polling_error(lib, leave_out=score.election).error
        assert score.election not in fitted.fitted_on and fitted.fitted_on
        day = lib.elections[score.election].date
        for run in score.polls:
            poll = lib.polls[run.poll_id]
            assert run.effective_sample_size == pytest.approx(effective_sample_sizes(poll, fitted, day))


def test_the_polling_error_widens_the_intervals_of_both_elections(coverage):
    by_key = {(s.election, s.polling_error): s for s in coverage}
    for _, election in track.SCORED_ELECTIONS:
        wide, narrow = by_key[(election, "historical")], by_key[(election, "none")]
        assert wide.poll_lists == narrow.poll_lists
        for level in INTERVAL_LEVELS:
            assert wide.poll_calibration[level] >= narrow.poll_calibration[level], (election, level)


# The vote shares "what went wrong" quotes (docs/track-record.md, and the Track record page but for
# Groen), against the polls and results in data/: (election, region, party, the final polls' range
# in whole percent, result).
POLL_MISSES = [
    ("2019-05-26", "VLG", "VB", (8, 12), 18.6),
    ("2019-05-26", "VLG", "NVA", (28, 30), 25.5),
    ("2019-05-26", "VLG", "GROEN", (12, 16), 9.8),
    ("2024-06-09", "VLG", "VB", (26, 27), 21.8),
    ("2024-06-09", "VLG", "NVA", (20, 21), 25.6),
    ("2024-06-09", "WAL", "MR", (23, 23), 28.2),
]


@pytest.mark.parametrize(("election", "region", "party", "polled", "result"), POLL_MISSES)
def test_what_went_wrong_quotes_the_polls_and_results_in_the_data(lib, election, region, party, polled, result):
    finals = {poll.id for poll in final_polls(lib, election)}
    shares = [s.share for s in poll_shares(lib) if s.poll_id in finals and s.region == region and s.party == party]
    assert (round(min(shares)), round(max(shares))) == polled
    won = next(
        s.share
        for s in election_shares(lib)
        if s.poll_id == f"election-{election}" and s.region == region and s.party == party
    )
    assert round(won, 1) == result
    range_text = f"{polled[0]}–{polled[1]} %" if polled[0] != polled[1] else f"{polled[0]} %"
    for text in (DOC.read_text(encoding="utf-8"), PAGE.read_text(encoding="utf-8"))[: 1 if party == "GROEN" else 2]:
        assert range_text in text and f"{result} %" in text


# --- docs/track-record.md is what the script generates ---------------------------------------------

DOC = Path(__file__).parents[1] / "docs" / "track-record.md"
PAGE = Path(__file__).parents[1] / "app_pages" / "track_record.py"


def test_doc_has_every_generated_section():
    text = DOC.read_text(encoding="utf-8")
    for name in track_record_doc.SECTIONS:
        assert track_record_doc.section(text, name), name


def test_doc_candidates_table_is_the_engines(lib):
    # Analytic (no simulation): the whole table, to the digit.
    expected = render_candidates(compare_candidates(lib)).strip()
    assert track_record_doc.section(DOC.read_text(encoding="utf-8"), "candidates") == expected


def test_doc_record_and_coverage_tables_come_from_the_same_runs():
    # The coverage row of each election with the polling error adds up its record's poll tables.
    text = DOC.read_text(encoding="utf-8")
    coverage_rows = [r for r in track_record_doc.section(text, "coverage").splitlines() if "| historical |" in r]
    record = track_record_doc.section(text, "record")
    blocks = re.split(r"(?m)^### ", record)[1:]
    elections = [b for b in blocks if b[:4].isdigit() and ", projected from " in b.splitlines()[0]]
    assert len(elections) == len(coverage_rows) == len(track.SCORED_ELECTIONS)
    for block, row in zip(elections, coverage_rows, strict=True):
        assert row.startswith(f"| {block[:4]}-")
        polls = [p for p in re.split(r"(?m)^#### ", block)[1:] if not p.startswith("Perfect poll")]
        inside = {level: 0 for level in INTERVAL_LEVELS}
        lists = 0
        for poll in polls:
            (line,) = [x for x in poll.splitlines() if x.startswith("- Actual result inside the interval:")]
            counts = re.findall(r"(\d+) %: (\d+)/(\d+)", line)
            for level, n, _ in counts:
                inside[int(level)] += int(n)
            lists += int(counts[0][2])
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[3]) == lists
        assert [int(re.search(r"\((\d+)\)", c)[1]) for c in cells[4:8]] == list(inside.values())
        majorities = re.findall(r"P\(≥ 76\) = ([\d.]+ %)", "#### ".join(polls))
        assert cells[-1].endswith(", ".join(majorities))


# --- the Track record page ---------------------------------------------------------------------------

PAGE_SIMULATIONS = 2**12


@pytest.fixture(scope="module")
def small_coverage(lib):
    return track.coverage_scores(lib, simulations=PAGE_SIMULATIONS)


@pytest.fixture
def track_record_page(monkeypatch):
    """The Track record page under AppTest, its backtests run with `PAGE_SIMULATIONS`."""
    from tests.test_app_pages import open_app
    from ui import cache

    monkeypatch.setattr(cache, "BACKTEST_SIMULATIONS", PAGE_SIMULATIONS)
    return open_app("track_record")


@pytest.mark.parametrize("election", [election for _, election in track.SCORED_ELECTIONS])
def test_track_record_page_shows_the_engines_numbers_for_each_election(track_record_page, small_coverage, election):
    from ui import labels

    at = track_record_page
    picker = next(r for r in at.radio if r.label == "Election")
    if picker.value != election:
        picker.set_value(election).run()
    assert not at.exception, [e.value for e in at.exception]
    score = next(s for s in small_coverage if s.election == election and s.polling_error == "historical")
    sampling = next(s for s in small_coverage if s.election == election and s.polling_error == "none")
    assert [m.value for m in at.metric] == [str(run.total_error) for run in score.backtests]
    assert [m.label for m in at.metric] == [escape_markdown(labels.backtest_name(run)) for run in score.backtests]
    text = "\n".join(m.value for m in at.markdown)
    for run in score.full_polls + sampling.full_polls:
        assert f"{100 * run.coalition_majority.value:.1f} %" in text
    assert f"{100 * score.poll_coverage(80):.0f} % of the results fell inside their 80 % interval" in text
    other = next(e for _, e in track.SCORED_ELECTIONS if e != election)
    (fitted,) = [a.value for a in at.info if "fitted without" in a.value]
    assert f"without the {election[:4]} election" in fitted and f"before the {other[:4]} election only" in fitted
    coverage_table = next(d.value for d in at.dataframe if "Election, error counted" in d.value.columns)
    assert list(coverage_table["inside 80 %"]) == [
        f"{100 * s.poll_coverage(80):.0f} % ({s.poll_calibration[80]}/{s.poll_lists})" for s in small_coverage
    ]
    assert list(coverage_table["log score"]) == [f"{s.poll_log_score:.2f}" for s in small_coverage]
    lists = next(d.value for d in at.dataframe if "List" in d.value.columns)
    perfect = score.backtests[0]
    assert list(lists["Won"]) == [e.actual for e in perfect.lists]
    assert list(lists["Median"]) == [e.median for e in perfect.lists]
    assert list(lists["80 %"]) == [seat_interval(e.interval(80)) for e in perfect.lists]
    assert f"{PAGE_SIMULATIONS:,} simulations" in at.main.caption[-1].value
