"""One validation for every poll that comes in.

A file in data/polls, an upload, a share link, an edit in the dashboard: each goes through
`check_poll` or `check_region`, which accept a poll (mapping a family's entry to that family's
list in the region), warn about what they changed, or refuse it with a `PollError` naming the
field. The limits are in `engine.defaults`.

Shares are in percent, sample sizes in respondents, dates are `datetime.date`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .defaults import (
    MAX_FIELDWORK_DAYS,
    MAX_NAME_LENGTH,
    MAX_POLL_PARTIES,
    MAX_SHARE_TOTAL,
    MIN_NAMED_SHARE_TOTAL,
    SAMPLE_SIZE_RANGE,
    SHARE_RANGE,
)
from .domain import FIELDWORK_PRECISIONS, OTHER, REGION_NAMES, Election, Party, Poll, RegionPoll


class PollError(ValueError):
    """A poll that cannot be used.

    Parameters
    ----------
    field : str
        The key in a poll file: ``"VLG.NVA"``, ``"VLG.sample_size"``, ``"fieldwork_end"``, ...
        ("" for the poll as a whole).
    message : str
        What is wrong, in plain words.
    """

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}" if field else message)


@dataclass(frozen=True)
class CheckedPoll:
    """A poll as the model will use it, and what was changed to get there.

    Attributes
    ----------
    poll : Poll
        The poll, each entry naming a list that runs in its region.
    warnings : tuple of str
        What was changed, in plain sentences.
    """

    poll: Poll
    warnings: tuple[str, ...] = ()


def _list_in_region(member: str, region: str, parties: Mapping[str, Party]) -> str | None:
    """Return the registry list `member` stands for in `region`.

    That is itself where it runs there, else the list of its family that does (PTB in Flanders
    is PVDA), else None.
    """
    party = parties[member]
    if region in party.regions:
        return member
    if party.family:
        return next((k for k, p in parties.items() if p.family == party.family and region in p.regions), None)
    return None


def check_region(region_poll: RegionPoll, parties: Mapping[str, Party]) -> tuple[RegionPoll, list[str]]:
    """Check one region of a poll and map every entry to a list that runs in the region.

    Parameters
    ----------
    region_poll : RegionPoll
        The region as written; shares in percent, sample size in respondents.
    parties : mapping of str to Party
        The party registry.

    Returns
    -------
    tuple of (RegionPoll, list of str)
        The region (entries mapped to their family's list where needed, shares as floats) and
        the warnings, in plain sentences.

    Raises
    ------
    PollError
        An unknown party, OTHER inside a pair, a party named twice, a party that fields no list in
        the region, a share that is not a percentage (0–100), a sample size outside
        `SAMPLE_SIZE_RANGE` (50–100,000 respondents), more than `MAX_POLL_PARTIES` entries, a
        removed party that is not a list of the region or is also named, only OTHER, shares
        adding up to more than `MAX_SHARE_TOTAL` (110 %), or named parties adding up to less than
        `MIN_NAMED_SHARE_TOTAL` (50 %).
    """
    region = region_poll.region
    where = REGION_NAMES[region]
    lo, hi = SAMPLE_SIZE_RANGE
    if not lo <= region_poll.sample_size <= hi:
        raise PollError(
            f"{region}.sample_size",
            f"the sample size must be between {lo} and {hi:,} respondents, got {region_poll.sample_size:,}",
        )
    if len(region_poll.shares) > MAX_POLL_PARTIES:
        raise PollError(region, f"more than {MAX_POLL_PARTIES} parties")
    warnings: list[str] = []
    seen: set[str] = set()
    shares = []
    for entry, share in region_poll.shares:
        field = f"{region}.{entry}"
        lo, hi = SHARE_RANGE
        if not math.isfinite(share) or not lo <= share <= hi:
            raise PollError(field, f"a share must be a percentage between {lo:g} and {hi:g}, got {share}")
        members = entry.split("+")
        if OTHER in members and len(members) > 1:
            raise PollError(field, f"{OTHER} (the rest) cannot be part of a pair")
        mapped = []
        for member in members:
            if member != OTHER and member not in parties:
                raise PollError(field, f"unknown party {member[:40]!r}; known: {', '.join(sorted(parties))}, {OTHER}")
            listed = member if member == OTHER else _list_in_region(member, region, parties)
            if listed is None:
                raise PollError(field, f"{parties[member].abbreviation} fields no list in {where}")
            if listed != member:
                warnings.append(
                    f"{where}: {parties[member].abbreviation} counted as {parties[listed].abbreviation}, "
                    "the list of the same party there."
                )
            if listed in seen:
                raise PollError(field, f"{listed} is named twice in {where}")
            seen.add(listed)
            mapped.append(listed)
        shares.append(("+".join(mapped), float(share)))
    for key in region_poll.removed:
        field = f"{region}.removed"
        if key not in parties or region not in parties[key].regions:
            raise PollError(field, f"{key[:40]!r} is not a list that runs in {where}")
        if key in seen:
            raise PollError(field, f"{key} is both named and removed in {where}")
        seen.add(key)
    named = sum(s for k, s in shares if k != OTHER)
    total = sum(s for _, s in shares)
    if not any(k != OTHER for k, _ in shares):
        raise PollError(region, f"no party is named in {where}, only {OTHER}")
    if total > MAX_SHARE_TOTAL:
        raise PollError(region, f"the shares add up to {total:.1f}%, more than 100%")
    if named < MIN_NAMED_SHARE_TOTAL:
        raise PollError(
            region, f"the parties add up to {named:.1f}%, far below 100% (at least {MIN_NAMED_SHARE_TOTAL:g}%)"
        )
    return replace(region_poll, shares=tuple(shares)), warnings


def check_poll(
    poll: Poll, parties: Mapping[str, Party], elections: Iterable[Election], today: date | None = None
) -> CheckedPoll:
    """Check a whole poll: its names, its fieldwork, and every region (`check_region`).

    Parameters
    ----------
    poll : Poll
        The poll as written; shares in percent.
    parties : mapping of str to Party
        The party registry.
    elections : iterable of Election
        The library's elections: the fieldwork must lie after the first and span none.
    today : datetime.date or None, default None
        The fieldwork must not end after it; None is `datetime.date.today()`.

    Returns
    -------
    CheckedPoll
        The poll with its regions checked, and every warning.

    Raises
    ------
    PollError
        Fieldwork that ends before it starts, ends in the future, lasts more than
        `MAX_FIELDWORK_DAYS` (92 days), spans an election or starts on or before the first
        election in the library (there is no baseline); a fieldwork precision other than those of
        `FIELDWORK_PRECISIONS`, or ``"month"`` on dates that are not one calendar month's first and
        last day (docs/method.md §2.7); a firm or commissioner longer than
        `MAX_NAME_LENGTH` (100 characters); no region at all; anything `check_region` refuses.
    """
    today = today or date.today()
    start, end = poll.fieldwork_start, poll.fieldwork_end
    if start > end:
        raise PollError("fieldwork_start", f"{start} is after fieldwork_end {end}")
    if end > today:
        raise PollError("fieldwork_end", f"{end} is in the future")
    if poll.fieldwork_precision not in FIELDWORK_PRECISIONS:
        raise PollError(
            "fieldwork_precision",
            f"expected {' or '.join(repr(p) for p in FIELDWORK_PRECISIONS)}, got {poll.fieldwork_precision[:40]!r}",
        )
    if poll.fieldwork_precision == "month":
        last_day = calendar.monthrange(start.year, start.month)[1]
        if start.day != 1 or end != start.replace(day=last_day):
            raise PollError(
                "fieldwork_precision",
                "a fieldwork known only as a month runs from its first to its last day "
                f"(e.g. {start.replace(day=1)} to {start.replace(day=last_day)}), not {start} to {end}",
            )
    if end - start > timedelta(days=MAX_FIELDWORK_DAYS):
        raise PollError("fieldwork_start", f"fieldwork of {(end - start).days} days; at most {MAX_FIELDWORK_DAYS}")
    days = sorted(e.date for e in elections)
    spanned = [day for day in days if start <= day <= end]
    if spanned:
        raise PollError("fieldwork_start", f"the fieldwork spans the election of {spanned[0]}")
    if days and start <= days[0]:
        raise PollError("fieldwork_start", f"{start} is before the first election in the library ({days[0]})")
    for field, name in (("firm", poll.firm), *(("commissioners", c) for c in poll.commissioners)):
        if len(name) > MAX_NAME_LENGTH:
            raise PollError(field, f"longer than {MAX_NAME_LENGTH} characters")
    if not poll.regions:
        raise PollError("", "the poll has no region")
    regions, warnings = [], []
    for region_poll in poll.regions:
        checked, said = check_region(region_poll, parties)
        regions.append(checked)
        warnings += said
    return CheckedPoll(replace(poll, regions=tuple(regions)), tuple(warnings))
