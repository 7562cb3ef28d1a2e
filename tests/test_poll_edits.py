"""Poll edits on the Poll page (pure functions behind the sliders)."""

import pytest

from engine import RegionPoll, add_party, addable_parties, normalised_shares, remove_party, set_share

FLANDERS = RegionPoll("VLG", 1000, (("NVA", 26.3), ("VB", 22.8), ("CDV", 14.5), ("OTHER", 36.4)))


def test_set_share_without_locks_changes_only_that_share():
    edited = set_share(FLANDERS, "NVA", 30.0)
    assert dict(edited.shares) == {"NVA": 30.0, "VB": 22.8, "CDV": 14.5, "OTHER": 36.4}
    # The model then renormalises: N-VA's share is 30 of 103.7.
    assert normalised_shares(edited)["NVA"] == pytest.approx(100 * 30.0 / 103.7)


def test_locked_party_keeps_its_renormalised_share_when_another_moves():
    before = normalised_shares(FLANDERS)["VB"]
    edited = set_share(FLANDERS, "NVA", 35.0, locked=["VB"])
    assert dict(edited.shares)["VB"] == 22.8
    assert dict(edited.shares)["NVA"] == 35.0
    assert normalised_shares(edited)["VB"] == pytest.approx(before, abs=0.02)
    # The 8.7 points came out of the unlocked CD&V and Others, in proportion to their shares.
    assert dict(edited.shares)["CDV"] == pytest.approx(14.5 * (50.9 - 8.7) / 50.9, abs=0.01)


def test_shares_are_rounded_to_link_precision_and_clamped():
    assert dict(set_share(FLANDERS, "NVA", 12.34567).shares)["NVA"] == 12.35
    assert dict(set_share(FLANDERS, "NVA", 140.0).shares)["NVA"] == 100.0
    assert dict(set_share(FLANDERS, "NVA", -3.0).shares)["NVA"] == 0.0


def test_added_party_starts_at_zero_before_others_and_is_not_offered_twice():
    edited = add_party(FLANDERS, "GROEN")
    assert [k for k, _ in edited.shares] == ["NVA", "VB", "CDV", "GROEN", "OTHER"]
    assert "GROEN" not in addable_parties(edited, ["GROEN", "NVA", "PVDA"])
    assert addable_parties(edited, ["GROEN", "NVA", "PVDA"]) == ["PVDA"]


def test_members_of_a_pair_reported_together_are_not_addable():
    pair = RegionPoll("BRU", 600, (("PS+VOORUIT", 20.0), ("MR", 20.0)))
    assert addable_parties(pair, ["PS", "VOORUIT", "MR", "ECOLO"]) == ["ECOLO"]


def test_removing_the_last_party_is_refused():
    single = RegionPoll("VLG", 1000, (("NVA", 30.0),))
    assert remove_party(single, "NVA") == single
    assert [k for k, _ in remove_party(FLANDERS, "VB").shares] == ["NVA", "CDV", "OTHER"]
