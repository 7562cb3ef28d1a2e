"""The official seats of 2014, 2019 and 2024 follow exactly from the official votes (outside oracle)."""

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from engine.cli import official_seats

ORACLE = Path(__file__).parent / "oracle" / "chamber-seats-by-party.csv"
ELECTIONS = ["2014-05-25", "2019-05-26", "2024-06-09"]


def oracle_seats(election: str) -> Counter:
    rows = csv.DictReader(ORACLE.open(encoding="utf-8"))
    return Counter({r["list_name"]: int(r["seats"]) for r in rows if r["election"] == election})


@pytest.mark.parametrize("election", ELECTIONS)
def test_dhondt_on_official_votes_gives_official_seats_per_list(library, election):
    won = Counter()
    for _, list_name, seats in official_seats(library.elections[election]):
        won[list_name] += seats
    assert won == oracle_seats(election)


def test_the_library_holds_every_election_of_the_oracle(library):
    with ORACLE.open(encoding="utf-8") as handle:
        assert sorted({r["election"] for r in csv.DictReader(handle)}) == sorted(library.elections) == ELECTIONS


@pytest.mark.parametrize("election", ELECTIONS)
def test_every_constituency_fills_exactly_its_seats(library, election):
    filled = Counter()
    for constituency, _, seats in official_seats(library.elections[election]):
        filled[constituency] += seats
    expected = {c.name: c.seats for c in library.elections[election].constituencies}
    assert dict(filled) == expected
    assert sum(filled.values()) == 150


@pytest.mark.parametrize("election", ELECTIONS)
def test_cli_seats_csv_matches_the_official_seats(election):
    out = subprocess.run(
        [sys.executable, "-m", "engine", "seats", "--election", election, "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = list(csv.DictReader(out.splitlines()))
    assert list(rows[0]) == ["constituency", "list", "seats"]
    assert all(int(r["seats"]) > 0 for r in rows)
    totals = Counter()
    for r in rows:
        totals[r["list"]] += int(r["seats"])
    assert totals == oracle_seats(election)


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_simulating_the_official_result_with_a_huge_sample_reproduces_the_official_seats(library, election_id):
    from engine import Scenario, poll_from_election, simulate

    election = library.elections[election_id]
    # Without local noise the swing is then the identity.
    poll = poll_from_election(election, sample_size=10_000_000)
    result = simulate(Scenario(poll, simulations=4096, constituency_noise=0.0, polling_error="none"), library)
    by_name = {library.parties[p.key].name_on(election.date): p for p in result.parties}
    for name, seats in oracle_seats(election_id).items():
        assert by_name[name].seats.median == seats, name
        assert by_name[name].seats.interval(99) == (seats, seats), name
