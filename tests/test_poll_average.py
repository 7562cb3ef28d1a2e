"""The poll average with house effects (docs/poll-average.md): its model, its files, its use as a poll."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from engine import Scenario, simulate
from engine.data import DATA_DIR, DataError
from engine.domain import OTHER
from engine.poll_average import (
    HOUSE_EFFECTS_FILE,
    POLL_AVERAGE_FILE,
    average_poll,
    effective_sample_size,
    load_house_effects,
    load_poll_average,
    stored_difference,
    write_poll_average,
)
from engine.poll_average.fit import fit_measurements, fit_poll_average
from engine.poll_average.measurements import (
    ELECTION_VARIANCE,
    Measurement,
    election_measurements,
    poll_measurements,
    sampling_variance,
)
from engine.validation import check_poll

REPO = Path(__file__).resolve().parent.parent

# --- synthetic polls: a known trend, known house effects ----------------------------------------

START = date(2020, 1, 1)
DAYS = 730
HOUSES = {"NVA": {"Alpha": 2.0, "Beta": -1.5, "Gamma": 0.5}, "VB": {"Alpha": -1.0, "Beta": 1.0, "Gamma": 0.0}}


def _truth(party: str, t: int) -> float:
    if party == "NVA":
        return 20.0 + 4.0 * np.sin(2.0 * np.pi * t / DAYS) + t / 365.0
    return 10.0 + t / 200.0


def _synthetic(seed: int) -> list[Measurement]:
    """Two elections (exact, no house effect) two years apart; three firms polling 1,000 people,
    Alpha and Beta on the same days (so the order within a day matters if the walk moved)."""
    rng = np.random.default_rng(seed)
    rows = [
        Measurement(f"election-{t}", "", START + timedelta(t), "VLG", party, _truth(party, t), ELECTION_VARIANCE)
        for party in HOUSES
        for t in (0, DAYS)
    ]
    for firm, every, offset in (("Alpha", 20, 5), ("Beta", 20, 5), ("Gamma", 60, 30)):
        for t in range(offset, DAYS, every):
            for party, houses in HOUSES.items():
                share = 100.0 * rng.binomial(1000, (_truth(party, t) + houses[firm]) / 100.0) / 1000
                rows.append(
                    Measurement(
                        f"{firm}-{t}", firm, START + timedelta(t), "VLG", party, share, sampling_variance(share, 1000)
                    )
                )
    return rows


MONTHS = [START + timedelta(t) for t in range(15, DAYS, 30)]


def test_the_average_does_not_depend_on_the_order_of_the_polls():
    measurements = _synthetic(seed=3)
    reference = fit_measurements(measurements, MONTHS)
    for seed in range(3):
        shuffled = measurements[:]
        random.Random(seed).shuffle(shuffled)
        fitted = fit_measurements(shuffled, MONTHS)
        assert [(p.day, p.party) for p in fitted.points] == [(p.day, p.party) for p in reference.points]
        np.testing.assert_allclose([p.mean for p in fitted.points], [p.mean for p in reference.points], atol=1e-6)
        np.testing.assert_allclose([p.sd for p in fitted.points], [p.sd for p in reference.points], atol=1e-6)
        np.testing.assert_allclose(
            [h.effect for h in fitted.house_effects], [h.effect for h in reference.house_effects], atol=1e-6
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fit_recovers_known_house_effects_and_trend_within_their_uncertainty(seed):
    fitted = fit_measurements(_synthetic(seed), MONTHS)
    assert len(fitted.house_effects) == 6
    for house in fitted.house_effects:
        true = HOUSES[house.party][house.firm]
        assert abs(house.effect - true) <= 3.0 * house.sd, house
        assert house.sd < 0.8, house  # 12 to 37 polls of 1,000 pin a house effect well below τ = 2
    z = np.array([(p.mean - _truth(p.party, (p.day - START).days)) / p.sd for p in fitted.points])
    assert len(z) == 2 * len(MONTHS)
    assert np.all(np.abs(z) <= 3.0)
    assert np.mean(np.abs(z) <= 1.645) >= 0.8  # 90 % bands: most days inside
    assert np.mean([p.sd for p in fitted.points]) < 1.0


def test_a_firm_without_an_election_to_compare_keeps_its_prior():
    # Without elections, the absolute level of house effects rests on their N(0, τ²) prior: the
    # firms' differences are learnt, their sum is not.
    fitted = fit_measurements([m for m in _synthetic(seed=4) if m.firm], MONTHS)
    by = {(h.firm, h.party): h for h in fitted.house_effects}
    alpha, beta = by["Alpha", "NVA"], by["Beta", "NVA"]
    assert abs((alpha.effect - beta.effect) - 3.5) < 1.0
    assert alpha.sd > 1.0


# --- what the average reads ----------------------------------------------------------------------


def test_pairs_and_other_measure_nothing(library):
    poll = library.polls["2025-06-03-Ipsos"]  # Brussels as pairs ("PS+VOORUIT" = 23.8, ...)
    brussels = [m.party for m in poll_measurements(poll) if m.region == "BRU"]
    assert brussels == ["PTB"]
    assert all(m.party != OTHER for m in poll_measurements(poll))


def test_a_joint_list_measures_none_of_its_parties(library):
    # Brussels 2019: Groen ran on the Ecolo list, Vooruit (sp.a) on the PS list (data/elections/2019-05-26.toml).
    series = {("BRU", k) for k in ("ECOLO", "GROEN", "PS", "VOORUIT", "MR", "PTB")}
    measured = {m.party for m in election_measurements(library.elections["2019-05-26"], series)}
    assert measured == {"MR", "PTB"}


def test_a_poll_is_read_as_the_model_reads_it(library):
    poll = library.polls["2025-06-03-Ipsos"]
    # Wallonia: the shares add up to 100, as published (Other 5.9 given).
    wallonia = {m.party: m for m in poll_measurements(poll) if m.region == "WAL"}
    assert wallonia["PS"].share == pytest.approx(25.5)
    assert wallonia["PS"].day == date(2025, 5, 30)  # the middle of 27 May – 3 June
    p = (0.255 * 1000 + 1) / 1002
    assert wallonia["PS"].variance == pytest.approx(1e4 * p * (1 - p) / 1000)


# --- the stored files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted(library):
    return fit_poll_average(library)


def test_the_stored_files_are_what_the_command_fits_on_the_data():
    done = subprocess.run(
        [sys.executable, "-m", "engine", "fit-poll-average", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "match" in done.stdout


def test_a_hand_edited_average_is_caught(fitted, tmp_path):
    write_poll_average(fitted, tmp_path)
    assert stored_difference(fitted, tmp_path) is None
    path = tmp_path / POLL_AVERAGE_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("2024-05-31,VLG,NVA,"))
    day, region, party, mean, sd = lines[number].split(",")
    lines[number] = ",".join([day, region, party, f"{float(mean) + 0.5:.3f}", sd])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = stored_difference(fitted, tmp_path)
    assert found is not None and "2024-05-31 VLG NVA" in found and POLL_AVERAGE_FILE in found


def test_the_stored_files_load_with_the_registry(library):
    average = load_poll_average(DATA_DIR / POLL_AVERAGE_FILE, library.parties)
    house = load_house_effects(DATA_DIR / HOUSE_EFFECTS_FILE, library.parties)
    assert average.latest_day == max(p.fieldwork_end for p in library.polls.values())
    assert {e.date for e in library.elections.values()} <= set(average.days)
    assert {h.firm for h in house} == {p.firm for p in library.polls.values()}
    # On election day the average is the result: exact measurements with no house effect.
    on_2024 = {(p.region, p.party): p for p in average.on(date(2024, 6, 9))}
    votes = library.elections["2024-06-09"].regional_votes("VLG")
    assert on_2024["VLG", "NVA"].mean == pytest.approx(100 * votes["NVA"] / sum(votes.values()), abs=0.01)


BROKEN_AVERAGE = [
    ("2024-13-01,VLG,NVA,25.0,1.0", "date"),
    ("2024-05-31,FLA,NVA,25.0,1.0", "region"),
    ("2024-05-31,VLG,XYZ,25.0,1.0", "party"),
    ("2024-05-31,VLG,NVA,abc,1.0", "mean"),
    ("2024-05-31,VLG,NVA,125.0,1.0", "mean"),
    ("2024-05-31,VLG,NVA,25.0,0", "sd"),
    ("2024-05-31,VLG,NVA,25.0,nan", "sd"),
]


@pytest.mark.parametrize(("row", "field"), BROKEN_AVERAGE)
def test_a_broken_average_file_names_its_line_and_field(library, tmp_path, row, field):
    path = tmp_path / POLL_AVERAGE_FILE
    lines = (DATA_DIR / POLL_AVERAGE_FILE).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("2024-05-31,VLG,NVA,"))
    lines[number] = row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_poll_average(path, library.parties)
    assert (raised.value.source, raised.value.line, raised.value.field) == (str(path), number + 1, field)
    assert f"line {number + 1}, {field}:" in str(raised.value)


def test_a_repeated_row_a_wrong_header_and_a_missing_file_are_named(tmp_path):
    path = tmp_path / POLL_AVERAGE_FILE
    path.write_text("# note\ndate,region,party,mean,sd\n2024-05-31,VLG,NVA,25,1\n2024-05-31,VLG,NVA,26,1\n")
    with pytest.raises(DataError, match=r"line 4, date: .*repeats line 3"):
        load_poll_average(path)
    path.write_text("day,region,party,mean,sd\n2024-05-31,VLG,NVA,25,1\n")
    with pytest.raises(DataError, match=r"line 1, header"):
        load_poll_average(path)
    with pytest.raises(DataError, match="fit-poll-average"):
        load_poll_average(tmp_path / "absent.csv")


def test_a_broken_house_effects_file_names_its_line_and_field(tmp_path):
    path = tmp_path / HOUSE_EFFECTS_FILE
    path.write_text("firm,region,party,effect,sd,n_polls\nIpsos,VLG,NVA,-2.0,0.5,0\n")
    with pytest.raises(DataError, match=r"line 2, n_polls: "):
        load_house_effects(path)


# --- the average as a starting point ----------------------------------------------------------------


def test_the_effective_sample_size_reproduces_a_polls_own_uncertainty():
    # An outside oracle: sds that are exactly a poll of 800's sampling error give back 800.
    shares = {"A": 30.0, "B": 25.0, "C": 10.0}
    sds = {k: 100 * np.sqrt((s / 100) * (1 - s / 100) / 800) for k, s in shares.items()}
    assert effective_sample_size(shares, sds) == 800


@pytest.mark.parametrize("day", [date(2025, 6, 3), date(2019, 12, 31), date(2024, 5, 31)])
def test_the_average_as_a_poll_validates_and_simulates(library, day):
    average = load_poll_average(DATA_DIR / POLL_AVERAGE_FILE, library.parties)
    poll = average_poll(average, day, library)
    checked = check_poll(poll, library.parties, library.elections.values())
    assert checked.poll == poll and checked.warnings == ()
    assert poll.firm == "Poll average" and poll.fieldwork_start == poll.fieldwork_end == day
    for region_poll in poll.regions:
        points = {p.party: p for p in average.on(day) if p.region == region_poll.region}
        named = {k: s for k, s in region_poll.shares if k != OTHER}
        assert set(named) == set(points)
        assert sum(s for _, s in region_poll.shares) == pytest.approx(100.0, abs=0.05)
    result = simulate(Scenario(poll, simulations=4096, seed=1), library)
    nva = next(p for p in result.parties if p.key == "NVA")
    flanders = next(p for p in average.on(day) if (p.region, p.party) == ("VLG", "NVA"))
    assert nva.regional_vote_share["VLG"].estimate == pytest.approx(flanders.mean, abs=1.0)


def test_the_average_on_an_election_day_or_a_missing_day_is_refused(library):
    average = load_poll_average(DATA_DIR / POLL_AVERAGE_FILE, library.parties)
    with pytest.raises(ValueError, match="election day"):
        average_poll(average, date(2024, 6, 9), library)
    with pytest.raises(ValueError, match="no value"):
        average_poll(average, date(2024, 6, 10), library)


def test_a_mean_above_100_in_total_is_scaled_down(library):
    average = load_poll_average(DATA_DIR / POLL_AVERAGE_FILE, library.parties)
    day = average.latest_day
    inflated = replace(average, points=tuple(replace(p, mean=p.mean * 1.1) for p in average.points if p.day == day))
    poll = average_poll(inflated, day, library)
    for region_poll in poll.regions:
        assert sum(s for k, s in region_poll.shares if k != OTHER) == pytest.approx(100.0, abs=0.1)


# --- the evidence in docs/ --------------------------------------------------------------------------


def test_the_eve_table_in_the_docs_is_what_the_engine_computes(library):
    import importlib.util

    from engine.poll_average.evidence import eve_comparison, render_eve_comparison

    spec = importlib.util.spec_from_file_location("poll_average_doc", REPO / "scripts" / "poll_average_doc.py")
    doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(doc)
    text = (REPO / "docs" / "poll-average.md").read_text(encoding="utf-8")
    assert doc.section(text, "eve") == render_eve_comparison(eve_comparison(library), library).strip()


def test_the_pages_evidence_sentence_is_the_stored_comparison_counted_by_hand():
    from engine.poll_average.eve import eve_sentence, load_evidence

    rows = load_evidence()
    text = eve_sentence(rows)
    for election in {r.election for r in rows}:
        group = [r for r in rows if r.election == election]
        closer = sum(abs(r.average - r.result) < abs(r.last_poll_share - r.result) for r in group)
        assert f"{election[:4]}: {closer} of {len(group)} parties" in text
