"""Poll edits (the pure functions behind the Poll page's sliders): what a user sets for a party is
what the model uses for it, the others give way in proportion, locked parties keep their share."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import RegionPoll, add_party, addable_parties, normalised_shares, remove_party, set_share

FLANDERS = RegionPoll("VLG", 1000, (("NVA", 26.3), ("VB", 22.8), ("CDV", 14.5), ("OTHER", 36.4)))


def test_the_share_set_is_the_share_the_model_uses_and_the_others_give_way_proportionally():
    edited = set_share(FLANDERS, "NVA", 30.0)
    used = normalised_shares(edited)
    assert used["NVA"] == pytest.approx(30.0, abs=1e-9)
    # Before: 26.3 of 100; the other 73.7 points now share 70 in the same proportions.
    for key, before in (("VB", 22.8), ("CDV", 14.5), ("OTHER", 36.4)):
        assert used[key] == pytest.approx(before * 70.0 / 73.7, abs=0.011)


def test_a_poll_with_undecided_voters_is_read_as_the_model_reads_it_before_the_edit():
    # An explicit OTHER and a total of 90: the model scales everything by 100/90.
    undecided = RegionPoll("VLG", 1000, (("NVA", 27.0), ("VB", 18.0), ("OTHER", 45.0)))
    edited = set_share(undecided, "NVA", 40.0)
    assert normalised_shares(edited)["NVA"] == pytest.approx(40.0, abs=1e-9)
    assert dict(edited.shares)["VB"] == pytest.approx(20.0 * 60.0 / 70.0, abs=0.006)


def test_locked_party_keeps_its_share_when_another_moves():
    edited = set_share(FLANDERS, "NVA", 35.0, locked=["VB"])
    used = normalised_shares(edited)
    assert used["VB"] == pytest.approx(22.8, abs=0.006) and used["NVA"] == pytest.approx(35.0, abs=1e-9)
    # The 8.7 points came out of the unlocked CD&V and Others, in proportion to their shares.
    assert used["CDV"] == pytest.approx(14.5 * (50.9 - 8.7) / 50.9, abs=0.011)


def test_a_share_cannot_exceed_what_the_locked_parties_leave():
    edited = set_share(FLANDERS, "NVA", 90.0, locked=["VB", "CDV"])
    used = normalised_shares(edited)
    assert used["NVA"] == pytest.approx(100 - 22.8 - 14.5, abs=0.011) and used["OTHER"] == pytest.approx(0, abs=0.011)


@settings(max_examples=300, deadline=None)
@given(
    shares=st.lists(st.floats(0, 60), min_size=2, max_size=8).filter(lambda s: 50 <= sum(s) <= 110),
    other=st.booleans(),
    index=st.integers(0, 7),
    value=st.floats(-10, 120),
    locks=st.sets(st.integers(0, 7), max_size=4),
)
def test_any_edit_keeps_shares_valid_and_sets_what_was_asked(shares, other, index, value, locks):
    keys = ["NVA", "VB", "VOORUIT", "CDV", "PVDA", "OPENVLD", "GROEN", "OTHER" if other else "DEFI"][: len(shares)]
    region = RegionPoll("VLG", 1000, tuple(zip(keys, shares)))
    entry = keys[index % len(keys)]
    locked = [keys[i] for i in locks if i < len(keys)]
    before = normalised_shares(region)
    edited = set_share(region, entry, value, locked)
    after = normalised_shares(edited)
    assert all(s >= 0 for _, s in edited.shares)
    assert sum(after.values()) == pytest.approx(100.0, abs=1e-9)
    for key in locked:
        if key != entry:
            assert after[key] == pytest.approx(before[key], abs=0.006 + 0.01 * len(keys))
    room = 100.0 - sum(before[k] for k in set(locked) - {entry})
    if any(k != entry and k not in locked for k in keys):
        assert after[entry] == pytest.approx(min(max(value, 0.0), room), abs=0.006 + 0.01 * len(keys))


def test_shares_are_rounded_to_link_precision_and_clamped():
    assert dict(set_share(FLANDERS, "NVA", 12.34567).shares)["NVA"] == 12.35
    assert all(round(s, 2) == s for _, s in set_share(FLANDERS, "NVA", 12.34567).shares)
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


def test_the_reading_of_a_region_says_what_the_model_does_with_its_total():
    from engine import region_reading

    assert region_reading(FLANDERS) == ("as_is", 100.0)  # 26.3 + 22.8 + 14.5 + 36.4
    assert region_reading(RegionPoll("VLG", 1000, (("NVA", 27.0), ("VB", 18.0), ("OTHER", 45.0)))) == (
        "undecided",
        pytest.approx(10.0),
    )
    assert region_reading(RegionPoll("VLG", 1000, (("NVA", 60.0), ("VB", 25.0)))) == ("rest", pytest.approx(15.0))
    assert region_reading(RegionPoll("VLG", 1000, (("NVA", 60.0), ("VB", 42.0)))) == ("scaled_down", 102.0)
