"""One validation for every poll that comes in (file, upload, link, editor): it accepts, warns or
refuses with a message naming the field. Right answers come from the party registry and the
calendar, not from our own output."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from engine import RegionPoll
from engine.defaults import MAX_FIELDWORK_DAYS, MAX_NAME_LENGTH, MIN_NAMED_SHARE_TOTAL, SAMPLE_SIZE_RANGE
from engine.validation import PollError, check_poll, check_region

POLL = "2024-11-21-Ipsos"


@pytest.fixture(scope="module")
def ipsos(library):
    return library.polls[POLL]


def _check(poll, library, today=date(2026, 1, 1)):
    return check_poll(poll, library.parties, library.elections.values(), today)


def _region(region: str, *shares: tuple[str, float], n: int = 1000) -> RegionPoll:
    return RegionPoll(region, n, shares)


def test_every_poll_in_the_library_is_accepted_unchanged(library):
    for poll in library.polls.values():
        checked = _check(poll, library)
        assert checked.poll == poll and checked.warnings == ()


def test_a_family_member_maps_to_the_familys_list_in_the_region(library):
    # PTB runs in Wallonia and Brussels, PVDA in Flanders (data/parties.toml): one party, two lists.
    assert "VLG" not in library.parties["PTB"].regions and "VLG" in library.parties["PVDA"].regions
    region, warnings = check_region(_region("VLG", ("NVA", 30.0), ("PTB", 7.9), ("VB", 25.0)), library.parties)
    assert dict(region.shares) == {"NVA": 30.0, "PVDA": 7.9, "VB": 25.0}
    assert warnings and "PVDA" in warnings[0]


@pytest.mark.parametrize(
    ("shares", "field", "words"),
    [
        ((("NVA", 30.0), ("PS", 20.0)), "VLG.PS", "fields no list in Flanders"),
        ((("NVA", 20.0), ("NVA", 10.0), ("VB", 20.0)), "VLG.NVA", "named twice"),
        ((("NVA", 30.0), ("VB+NVA", 20.0)), "VLG.VB+NVA", "named twice"),
        ((("PVDA", 8.0), ("PTB", 2.0), ("VB", 60.0)), "VLG.PTB", "named twice"),
        ((("OTHER+NVA", 30.0), ("VB", 60.0)), "VLG.OTHER+NVA", "pair"),
        ((("OTHER", 100.0),), "VLG", "only OTHER"),
        ((("NVA", 20.0), ("VB", 20.0), ("OTHER", 10.0)), "VLG", "far below"),
        ((("NVA", 80.0), ("VB", 40.0)), "VLG", "more than 100"),
        ((("XYZ", 30.0),), "VLG.XYZ", "unknown party"),
        ((("NVA", float("nan")),), "VLG.NVA", "percentage"),
    ],
)
def test_a_region_that_cannot_be_right_is_refused_naming_the_field(library, shares, field, words):
    with pytest.raises(PollError, match=words) as error:
        check_region(_region("VLG", *shares), library.parties)
    assert error.value.field == field


@pytest.mark.parametrize("n", [SAMPLE_SIZE_RANGE[0] - 1, SAMPLE_SIZE_RANGE[1] + 1, 0])
def test_a_sample_size_outside_the_range_is_refused(library, n):
    with pytest.raises(PollError, match="sample size") as error:
        check_region(_region("VLG", ("NVA", 30.0), ("VB", 60.0), n=n), library.parties)
    assert error.value.field == "VLG.sample_size"


def test_the_named_share_floor_is_inclusive(library):
    half = MIN_NAMED_SHARE_TOTAL / 2
    region, _ = check_region(_region("VLG", ("NVA", half), ("VB", half)), library.parties)
    assert sum(s for _, s in region.shares) == MIN_NAMED_SHARE_TOTAL


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (date(2205, 1, 1), date(2205, 1, 3), "fieldwork_end", "future"),
        (date(2024, 6, 1), date(2024, 6, 12), "fieldwork_start", "spans the election of 2024-06-09"),
        (date(2025, 1, 1), date(2025, 1, 1) + timedelta(days=MAX_FIELDWORK_DAYS + 1), "fieldwork_start", "days"),
        (date(2014, 1, 1), date(2014, 1, 5), "fieldwork_start", "before the first election"),
        (date(2025, 2, 1), date(2025, 1, 1), "fieldwork_start", "after fieldwork_end"),
    ],
)
def test_fieldwork_that_cannot_be_right_is_refused(library, ipsos, start, end, field, words):
    with pytest.raises(PollError, match=words) as error:
        _check(replace(ipsos, fieldwork_start=start, fieldwork_end=end), library, today=date(2026, 1, 1))
    assert error.value.field == field


@pytest.mark.parametrize(
    ("start", "end", "precision", "words"),
    [
        (date(2024, 11, 1), date(2024, 11, 29), "month", "first to its last day"),
        (date(2024, 11, 2), date(2024, 11, 30), "month", "first to its last day"),
        (date(2024, 11, 1), date(2024, 12, 31), "month", "first to its last day"),
        (date(2024, 11, 18), date(2024, 11, 21), "week", "expected 'day' or 'month'"),
    ],
)
def test_a_fieldwork_known_only_as_a_month_must_be_that_whole_month(library, ipsos, start, end, precision, words):
    poll = replace(ipsos, fieldwork_start=start, fieldwork_end=end, fieldwork_precision=precision)
    with pytest.raises(PollError, match=words) as error:
        _check(poll, library)
    assert error.value.field == "fieldwork_precision"


def test_a_fieldwork_known_only_as_a_month_is_accepted_as_the_whole_month(library, ipsos):
    # February of a leap year: the last day comes from the calendar, not from a table of 30s and 31s.
    poll = replace(
        ipsos, fieldwork_start=date(2024, 2, 1), fieldwork_end=date(2024, 2, 29), fieldwork_precision="month"
    )
    assert _check(poll, library).poll == poll


def test_fieldwork_ending_today_is_accepted(library, ipsos):
    today = ipsos.fieldwork_end
    assert _check(ipsos, library, today=today).poll == ipsos
    with pytest.raises(PollError, match="future"):
        _check(ipsos, library, today=today - timedelta(days=1))


def test_names_longer_than_the_limit_are_refused(library, ipsos):
    assert _check(replace(ipsos, firm="F" * MAX_NAME_LENGTH), library).poll.firm == "F" * MAX_NAME_LENGTH
    with pytest.raises(PollError) as error:
        _check(replace(ipsos, commissioners=("C" * (MAX_NAME_LENGTH + 1),)), library)
    assert error.value.field == "commissioners"


def test_a_refused_poll_says_why_in_the_readers_language(library):
    from engine.i18n import language

    region = _region("BRU", ("NVA", 30.0), ("NVA", 20.0))
    with language("fr"), pytest.raises(PollError) as french:
        check_region(region, library.parties)
    assert french.value.field == "BRU.NVA" and french.value.message == "NVA est cité deux fois à Bruxelles"
    with language("nl"), pytest.raises(PollError) as dutch:
        check_region(_region("VLG", ("PS", 30.0)), library.parties)
    assert dutch.value.message == "PS heeft geen lijst in Vlaanderen"
