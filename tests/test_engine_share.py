"""Share links: a scenario survives the trip through URL parameters exactly; tampering is caught."""

from dataclasses import replace
from pathlib import Path

import pytest

from engine import SIMULATIONS_RANGE, RegionPoll, Scenario, scenario_from_params, scenario_to_params, with_region

MAX_SIMULATIONS = SIMULATIONS_RANGE[1]

POLL_ID = "2024-11-21-Ipsos"
DATA = Path(__file__).resolve().parent.parent / "data"


def round_trip(scenario, library, coalition=()):
    params = scenario_to_params(scenario, POLL_ID, library, coalition)
    return params, scenario_from_params(params, library, POLL_ID)


def test_an_unedited_poll_is_just_its_id(library):
    params, (scenario, poll_id, coalition, warnings) = round_trip(Scenario(library.polls[POLL_ID]), library)
    assert params == {"poll": POLL_ID}
    assert scenario == Scenario(library.polls[POLL_ID]) and poll_id == POLL_ID and not warnings


def test_edits_seed_simulations_and_coalition_survive_exactly(library):
    poll = library.polls[POLL_ID]
    flanders = RegionPoll("VLG", 1234, (("NVA", 26.123456789), ("VB", 1 / 3), ("TFA", 2.0), ("OTHER", 5.5)))
    edited = with_region(with_region(poll, flanders, "VLG"), None, "BRU")
    scenario = replace(Scenario(edited), seed=99, simulations=2**17, swing="additive", constituency_noise=0.05)
    params, (back, _, coalition, warnings) = round_trip(scenario, library, ("NVA", "MR"))
    assert back == scenario and coalition == ("NVA", "MR") and not warnings
    assert params["drop"] == "BRU" and params["n.VLG"] == "1234"


def test_an_election_result_is_a_starting_point(library):
    scenario, poll_id, _, warnings = scenario_from_params({"poll": "election-2024-06-09"}, library, POLL_ID)
    assert poll_id == "election-2024-06-09" and not warnings
    rows = [r.split(",") for r in (DATA / "elections" / "2024-06-09.csv").read_text(encoding="utf-8").splitlines()[1:]]
    brussels = [r for r in rows if r[0].startswith("Bruxelles")]
    mr = sum(int(r[-1]) for r in brussels if r[2] == "MR") / sum(int(r[-1]) for r in brussels)
    assert scenario.poll.region("BRU").share("MR") == pytest.approx(100 * mr, abs=0.005)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"poll": "2099-01-01-Nobody"}, "Unknown poll"),
        ({"VLG": "NVA:abc"}, "the share of NVA is not a number"),
        ({"VLG": "NVX:20"}, "unknown party"),
        ({"VLG": "NVA:120"}, "between 0 and 100"),
        ({"VLG": "NVA:nan"}, "between 0 and 100"),
        ({"VLG": "NVA:80,VB:80"}, "add up"),
        ({"n.VLG": "0"}, "sample size"),
        ({"sims": "99999999999"}, "capped"),
        ({"seed": "x"}, "not a whole number"),
        ({"coalition": "NVA+EVIL"}, "unknown coalition parties"),
        ({"drop": "VLG,WAL,BRU"}, "at least one region"),
        ({"swing": "quadratic"}, "Ignored swing"),
        ({"noise": "inf"}, "Ignored noise"),
        ({"noise": "-0.1"}, "Ignored noise"),
    ],
)
def test_a_tampered_link_warns_and_falls_back(library, params, words):
    scenario, _, _, warnings = scenario_from_params({"poll": POLL_ID, **params}, library, POLL_ID)
    assert any(words in w for w in warnings), warnings
    assert 1024 <= scenario.simulations <= MAX_SIMULATIONS
    assert scenario.poll.regions  # still a runnable poll


def test_an_uploaded_poll_travels_whole_with_its_firm_and_dates(library):
    from datetime import date

    from engine import Poll

    wallonia = RegionPoll("WAL", 812, (("PS", 27.5), ("MR", 25.0), ("OTHER", 47.5)))
    poll = Poll("Institut Exemple", ("Le Journal", "La Radio"), date(2026, 10, 1), date(2026, 10, 9), (wallonia,))
    scenario = Scenario(poll)
    params = scenario_to_params(scenario, "custom", library)
    back, poll_id, _, warnings = scenario_from_params(params, library, POLL_ID)
    assert back == scenario and poll_id == "custom" and not warnings


def test_a_custom_link_without_regions_falls_back_to_the_default_poll(library):
    params = {"poll": "custom", "firm": "X", "from": "2026-01-01", "to": "2026-01-02"}
    scenario, poll_id, _, warnings = scenario_from_params(params, library, POLL_ID)
    assert poll_id == POLL_ID and scenario.poll == library.polls[POLL_ID]
    assert any("no valid region" in w for w in warnings)
