"""A party removed in the editor is out of the scenario in that region: no votes, no seats, no
vote share, on every page, in the link and in the poll file (unlike a party a poll merely does not
name, which keeps its baseline votes)."""

from __future__ import annotations

import pytest

from engine import (
    Scenario,
    normalised_shares,
    parse_poll,
    poll_to_toml,
    remove_party,
    scenario_from_params,
    scenario_to_params,
    set_share,
    simulate,
    with_region,
)

POLL = "2025-06-03-Ipsos"
ARIZONA = ("NVA", "MR", "LE", "VOORUIT", "CDV")
SIMS = 2**14


@pytest.fixture(scope="module")
def removed(library):
    poll = library.polls[POLL]
    flanders = remove_party(poll.region("VLG"), "OPENVLD")
    return Scenario(with_region(poll, flanders, "VLG"), simulations=SIMS)


def test_the_removed_partys_share_goes_to_the_others_in_proportion(library, removed):
    before = normalised_shares(library.polls[POLL].region("VLG"))
    after = normalised_shares(removed.poll.region("VLG"))
    assert "OPENVLD" not in after and removed.poll.region("VLG").removed == ("OPENVLD",)
    scale = 100.0 / (100.0 - before["OPENVLD"])
    for key, share in after.items():
        assert share == pytest.approx(before[key] * scale, abs=0.011)


def test_a_removed_party_wins_nothing_and_has_no_vote_share_in_its_region(library, removed):
    result = simulate(removed, library)
    openvld = result.party("OPENVLD")
    assert openvld.seats_by_region["VLG"].counts[0] == SIMS  # zero seats in every simulation
    assert "VLG" not in openvld.regional_vote_share or openvld.regional_vote_share["VLG"].intervals[99][1] == 0
    for constituency in result.constituencies:
        for entry in constituency.lists:
            if entry.party == "OPENVLD" and constituency.region == "VLG":
                assert entry.seats.counts[0] == SIMS


def test_removing_means_what_zero_percent_means_for_the_coalitions(library, removed):
    poll = library.polls[POLL]
    zero = with_region(poll, set_share(poll.region("VLG"), "OPENVLD", 0.0), "VLG")
    at_zero = simulate(Scenario(zero, simulations=SIMS), library).coalition(ARIZONA).majority_probability
    gone = simulate(removed, library).coalition(ARIZONA).majority_probability
    kept = simulate(Scenario(poll, simulations=SIMS), library).coalition(ARIZONA).majority_probability
    # A party at 0 % keeps the flat prior's sliver (about 0.1 %), which wins no seat either.
    assert abs(gone.value - at_zero.value) < 0.03 and gone.value > kept.value


def test_a_removed_party_survives_the_link_and_the_poll_file(library, removed):
    params = scenario_to_params(removed, POLL, library)
    assert params["rm.VLG"] == "OPENVLD"
    back, _, _, warnings, _ = scenario_from_params(params, library, POLL)
    assert back == removed and not warnings
    poll = parse_poll(poll_to_toml(removed.poll), "edited.toml", library)
    assert poll == removed.poll


def test_a_party_both_named_and_removed_is_refused(library):
    params = {"poll": POLL, "rm.VLG": "NVA"}
    scenario, _, _, warnings, _ = scenario_from_params(params, library, POLL)
    assert scenario.poll == library.polls[POLL] and any("both named and removed" in w for w in warnings)
