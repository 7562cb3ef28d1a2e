"""Share links: a scenario survives the trip through URL parameters exactly; tampering is caught."""

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest

from engine import SIMULATIONS_RANGE, RegionPoll, Scenario, scenario_from_params, scenario_to_params, with_region
from engine.poll_average import average_poll, average_start_days, load_poll_average

MAX_SIMULATIONS = SIMULATIONS_RANGE[1]

POLL_ID = "2024-11-21-Ipsos"
DATA = Path(__file__).resolve().parent.parent / "data"


def round_trip(scenario, library, coalition=()):
    params = scenario_to_params(scenario, POLL_ID, library, coalition)
    return params, scenario_from_params(params, library, POLL_ID)


def test_an_unedited_poll_is_just_its_id(library):
    params, (scenario, poll_id, coalition, warnings, _) = round_trip(Scenario(library.polls[POLL_ID]), library)
    assert set(params) == {"check", "poll"} and params["poll"] == POLL_ID
    assert scenario == Scenario(library.polls[POLL_ID]) and poll_id == POLL_ID and not warnings


def test_edits_seed_simulations_and_coalition_survive_exactly(library):
    poll = library.polls[POLL_ID]
    flanders = RegionPoll("VLG", 1234, (("NVA", 26.123456789), ("VB", 100 / 3), ("GROEN", 2.0), ("OTHER", 5.5)))
    edited = with_region(with_region(poll, flanders, "VLG"), None, "BRU")
    scenario = replace(Scenario(edited), seed=99, simulations=2**17, swing="additive", constituency_noise=0.05)
    params, (back, _, coalition, warnings, _) = round_trip(scenario, library, ("NVA", "MR"))
    assert back == scenario and coalition == ("NVA", "MR") and not warnings
    assert params["drop"] == "BRU" and params["n.VLG"] == "1234"


def test_an_election_result_is_a_starting_point(library):
    scenario, poll_id, _, warnings, _ = scenario_from_params({"poll": "election-2024-06-09"}, library, POLL_ID)
    assert poll_id == "election-2024-06-09" and not warnings
    rows = [r.split(",") for r in (DATA / "elections" / "2024-06-09.csv").read_text(encoding="utf-8").splitlines()[1:]]
    brussels = [r for r in rows if r[0].startswith("Bruxelles")]
    mr = sum(int(r[-1]) for r in brussels if r[2] == "MR") / sum(int(r[-1]) for r in brussels)
    assert scenario.poll.region("BRU").share("MR") == pytest.approx(100 * mr, abs=0.005)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"poll": "2099-01-01-Nobody"}, "Unknown poll"),
        ({"VLG": "NVA:abc"}, "is not a number"),
        ({"n.VLG": "1e3"}, "not a whole number"),
        ({"VLG": "NVA:20,NVA:10,VB:20"}, "named twice"),
        ({"VLG": "OTHER+NVA:30,VB:20"}, "pair"),
        ({"VLG": "PS:30,NVA:30"}, "fields no list in Flanders"),
        ({"chek": "x"}, "unknown link parameters"),
        ({"VLG": "NVX:20,VB:60"}, "unknown party"),
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
    scenario, _, _, warnings, _ = scenario_from_params({"poll": POLL_ID, **params}, library, POLL_ID)
    assert any(words in w for w in warnings), warnings
    assert 1024 <= scenario.simulations <= MAX_SIMULATIONS
    assert scenario.poll.regions  # still a runnable poll


def test_an_uploaded_poll_travels_whole_with_its_firm_and_dates(library):
    from datetime import date

    from engine import Poll

    wallonia = RegionPoll("WAL", 812, (("PS", 27.5), ("MR", 25.0), ("OTHER", 47.5)))
    poll = Poll(
        "Institut Exemple",
        ("Le Journal", "La Radio"),
        date(2025, 10, 1),
        date(2025, 10, 9),
        (wallonia,),
        "Le Journal, p. 3",
    )
    scenario = Scenario(poll)
    params = scenario_to_params(scenario, "custom", library)
    back, poll_id, _, warnings, _ = scenario_from_params(params, library, POLL_ID)
    assert back == scenario and poll_id == "custom" and not warnings


def test_a_custom_link_without_regions_falls_back_to_the_default_poll(library):
    params = {"poll": "custom", "firm": "X", "from": "2026-01-01", "to": "2026-01-02"}
    scenario, poll_id, _, warnings, _ = scenario_from_params(params, library, POLL_ID)
    assert poll_id == POLL_ID and scenario.poll == library.polls[POLL_ID]
    assert any("cannot be used" in w for w in warnings)


def test_a_link_cut_at_any_character_is_the_same_scenario_or_says_so(library):
    poll = library.polls[POLL_ID]
    flanders = RegionPoll("VLG", 1000, (("NVA", 30.0), ("VB", 23.5), ("VOORUIT", 14.2), ("CDV", 12.0), ("OTHER", 20.3)))
    scenario = replace(Scenario(with_region(poll, flanders, "VLG")), seed=7)
    params = scenario_to_params(scenario, POLL_ID, library, ("NVA", "MR", "CDV"))
    link = urlencode(params)
    silent = []
    for cut in range(1, len(link)):
        # Streamlit keeps blank values (`?check=` is {"check": ""}), as parse_qs does here.
        cut_params = dict(parse_qsl(link[:cut], keep_blank_values=True))
        got, _, coalition, warnings, _ = scenario_from_params(cut_params, library, POLL_ID)
        if not warnings and (got, coalition) != (scenario, ("NVA", "MR", "CDV")):
            silent.append(link[:cut])
    assert not silent, silent[:3]


@pytest.mark.parametrize("joiner", ["+", "%2B", "%20", "+%2B+"])
def test_keys_joined_by_plus_encoded_plus_or_spaces_are_the_same(library, joiner):
    query = f"poll={POLL_ID}&coalition=NVA{joiner}MR{joiner}CDV&BRU=PS{joiner}VOORUIT:30,MR:30"
    scenario, _, coalition, warnings, _ = scenario_from_params(dict(parse_qsl(query)), library, POLL_ID)
    assert coalition == ("NVA", "MR", "CDV") and not warnings
    assert scenario.poll.region("BRU").shares == (("PS+VOORUIT", 30.0), ("MR", 30.0))


def test_a_family_entry_in_a_region_where_it_fields_no_list_counts_for_its_list_there(library):
    scenario, _, _, warnings, _ = scenario_from_params(
        {"poll": POLL_ID, "VLG": "NVA:30,PTB:7.9,VB:25"}, library, POLL_ID
    )
    assert scenario.poll.region("VLG").shares == (("NVA", 30.0), ("PVDA", 7.9), ("VB", 25.0))
    assert any("PVDA" in w for w in warnings)


def test_locked_entries_survive_the_link_and_unknown_ones_are_dropped(library):
    poll = library.polls[POLL_ID]
    brussels = RegionPoll("BRU", 600, (("PS+VOORUIT", 25.0), ("MR", 25.0), ("ECOLO", 10.0)))
    scenario = Scenario(with_region(poll, brussels, "BRU"))
    params = scenario_to_params(scenario, POLL_ID, library, locks={"BRU": ("PS+VOORUIT", "MR"), "VLG": ()})
    assert params["lock.BRU"] == "PS+VOORUIT,MR" and "lock.VLG" not in params
    assert scenario_from_params(params, library, POLL_ID).locks == {"BRU": ("PS+VOORUIT", "MR")}
    # Read from a hand-typed address, "+" arrives as a space; an entry the region lacks is ignored.
    typed = {"poll": POLL_ID, "BRU": params["BRU"], "lock.BRU": "MR,PS VOORUIT,NVA"}
    assert scenario_from_params(typed, library, POLL_ID).locks == {"BRU": ("PS+VOORUIT", "MR")}


def _month_only_poll():
    from datetime import date

    from engine import Poll

    flanders = RegionPoll("VLG", 880, (("NVA", 31.0), ("CDV", 19.0), ("OTHER", 50.0)))
    return Poll("Exemple", ("De Krant",), date(2014, 7, 1), date(2014, 7, 31), (flanders,), fieldwork_precision="month")


def test_a_month_only_uploaded_poll_keeps_its_precision_through_a_link(library):
    scenario = Scenario(_month_only_poll())
    params = scenario_to_params(scenario, "custom", library)
    assert params["month"] == "1"
    back, poll_id, _, warnings, _ = scenario_from_params(params, library, POLL_ID)
    assert back == scenario and back.poll.fieldwork_precision == "month" and not warnings
    day_precise = replace(scenario, poll=replace(scenario.poll, fieldwork_precision="day"))
    assert "month" not in scenario_to_params(day_precise, "custom", library)


def test_a_links_month_flag_must_be_one_and_fit_a_whole_month(library):
    params = scenario_to_params(Scenario(_month_only_poll()), "custom", library)
    params.pop("check")
    back, _, _, warnings, _ = scenario_from_params({**params, "month": "yes"}, library, POLL_ID)
    assert back.poll.fieldwork_precision == "day" and any("Ignored month" in w for w in warnings)
    # Month-only fieldwork is a whole calendar month (engine.validation): other dates refuse the poll.
    _, poll_id, _, warnings, _ = scenario_from_params({**params, "to": "2014-07-20"}, library, POLL_ID)
    assert poll_id == POLL_ID and any("cannot be used" in w for w in warnings)


def test_the_poll_average_on_a_day_is_a_starting_point_a_link_reproduces(library):
    day = average_start_days(library)[0]
    poll_id = f"average-{day.isoformat()}"
    # An outside reading of the stored file, not the engine's cached one.
    expected = average_poll(load_poll_average(DATA / "poll_average.csv", library.parties), day, library)
    scenario, back_id, _, warnings, _ = scenario_from_params({"poll": poll_id}, library, POLL_ID)
    assert back_id == poll_id and not warnings and scenario.poll == expected
    edited = with_region(expected, RegionPoll("VLG", 900, (("NVA", 30.0), ("VB", 25.0), ("OTHER", 45.0))), "VLG")
    changed = replace(Scenario(edited), seed=7)
    params = scenario_to_params(changed, poll_id, library, ("NVA", "VB"))
    assert params["poll"] == poll_id and "WAL" not in params  # only the edit travels
    again, again_id, coalition, warnings, _ = scenario_from_params(params, library, POLL_ID)
    assert again == changed and again_id == poll_id and coalition == ("NVA", "VB") and not warnings


@pytest.mark.parametrize("day", ["2099-01-01", "2024-06-09", "2025-13-01", "x", "2014-05-25"])
def test_a_link_to_a_day_the_average_does_not_hold_warns_and_falls_back(library, day):
    scenario, poll_id, _, warnings, _ = scenario_from_params({"poll": f"average-{day}"}, library, POLL_ID)
    assert poll_id == POLL_ID and scenario.poll == library.polls[POLL_ID]
    assert any("poll average has no value" in w for w in warnings), warnings


def test_link_warnings_are_in_the_readers_language(library):
    from engine.i18n import language

    params = {**scenario_to_params(Scenario(library.polls[POLL_ID], seed=7), POLL_ID, library), "seed": "x"}
    with language("nl"):
        *_, warnings, _ = scenario_from_params(params, library, POLL_ID)
    assert warnings == [
        "Deze link is onvolledig of werd gewijzigd nadat hij gemaakt is: het scenario hieronder is misschien niet "
        "het scenario dat gedeeld werd.",
        "Genegeerd: seed 'x' is geen geheel getal.",
    ]
    with language("fr"):
        *_, warnings, _ = scenario_from_params({"poll": POLL_ID, "sims": "99999999"}, library, POLL_ID)
    assert warnings == [
        "Le nombre de simulations 99999999 est hors de l'intervalle 1\u202f024–4\u202f194\u202f304\u00a0: ramené dans ces limites."
    ]
