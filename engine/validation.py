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
from .domain import FIELDWORK_PRECISIONS, IN_REGION, OTHER, REGION_NAMES, Election, Party, Poll, RegionPoll
from .formatting import number, or_list, percent_number
from .i18n import _


class PollError(ValueError):
    """A poll that cannot be used.

    Parameters
    ----------
    field : str
        The key in a poll file: ``"VLG.NVA"``, ``"VLG.sample_size"``, ``"fieldwork_end"``, ...
        ("" for the poll as a whole).
    message : str
        What is wrong, in plain words, in the current language (`engine.i18n`).
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
        What was changed, in plain sentences, in the language current when it was checked.
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
    where, in_region = _(REGION_NAMES[region]), _(IN_REGION[region])
    lo, hi = SAMPLE_SIZE_RANGE
    if not lo <= region_poll.sample_size <= hi:
        raise PollError(
            f"{region}.sample_size",
            _("the sample size must be between {lo} and {hi} respondents, got {n}").format(
                lo=lo, hi=number(hi), n=number(region_poll.sample_size)
            ),
        )
    if len(region_poll.shares) > MAX_POLL_PARTIES:
        raise PollError(region, _("more than {n} parties").format(n=MAX_POLL_PARTIES))
    warnings: list[str] = []
    seen: set[str] = set()
    shares = []
    for entry, share in region_poll.shares:
        field = f"{region}.{entry}"
        lo, hi = SHARE_RANGE
        if not math.isfinite(share) or not lo <= share <= hi:
            raise PollError(
                field,
                _("a share must be a percentage between {lo} and {hi}, got {share}").format(
                    lo=number(lo), hi=number(hi), share=share
                ),
            )
        members = entry.split("+")
        if OTHER in members and len(members) > 1:
            raise PollError(field, _("{other} (the rest) cannot be part of a pair").format(other=OTHER))
        mapped = []
        for member in members:
            if member != OTHER and member not in parties:
                raise PollError(
                    field,
                    _("unknown party {party}; known: {known}").format(
                        party=repr(member[:40]), known=f"{', '.join(sorted(parties))}, {OTHER}"
                    ),
                )
            listed = member if member == OTHER else _list_in_region(member, region, parties)
            if listed is None:
                raise PollError(
                    field,
                    _("{party} fields no list {in_region}").format(
                        party=parties[member].abbreviation, in_region=in_region
                    ),
                )
            if listed != member:
                warnings.append(
                    _("{region}: {party} counted as {list}, the list of the same party there.").format(
                        region=where, party=parties[member].abbreviation, list=parties[listed].abbreviation
                    )
                )
            if listed in seen:
                raise PollError(
                    field, _("{party} is named twice {in_region}").format(party=listed, in_region=in_region)
                )
            seen.add(listed)
            mapped.append(listed)
        shares.append(("+".join(mapped), float(share)))
    for key in region_poll.removed:
        field = f"{region}.removed"
        if key not in parties or region not in parties[key].regions:
            raise PollError(
                field,
                _("{party} is not a list that runs {in_region}").format(party=repr(key[:40]), in_region=in_region),
            )
        if key in seen:
            raise PollError(
                field, _("{party} is both named and removed {in_region}").format(party=key, in_region=in_region)
            )
        seen.add(key)
    named = sum(s for k, s in shares if k != OTHER)
    total = sum(s for k, s in shares)
    if not any(k != OTHER for k, s in shares):
        raise PollError(
            region, _("no party is named {in_region}, only {other}").format(in_region=in_region, other=OTHER)
        )
    if total > MAX_SHARE_TOTAL:
        raise PollError(
            region,
            _("the shares add up to {total}, more than {hundred}").format(
                total=percent_number(total, 1), hundred=percent_number(100)
            ),
        )
    if named < MIN_NAMED_SHARE_TOTAL:
        raise PollError(
            region,
            _("the parties add up to {named}, far below {hundred} (at least {minimum})").format(
                named=percent_number(named, 1),
                hundred=percent_number(100),
                minimum=percent_number(MIN_NAMED_SHARE_TOTAL),
            ),
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
        raise PollError("fieldwork_start", _("{start} is after fieldwork_end {end}").format(start=start, end=end))
    if end > today:
        raise PollError("fieldwork_end", _("{end} is in the future").format(end=end))
    if poll.fieldwork_precision not in FIELDWORK_PRECISIONS:
        raise PollError(
            "fieldwork_precision",
            _("expected {choices}, got {value}").format(
                choices=or_list(repr(p) for p in FIELDWORK_PRECISIONS), value=repr(poll.fieldwork_precision[:40])
            ),
        )
    if poll.fieldwork_precision == "month":
        last_day = calendar.monthrange(start.year, start.month)[1]
        if start.day != 1 or end != start.replace(day=last_day):
            raise PollError(
                "fieldwork_precision",
                _(
                    "a fieldwork known only as a month runs from its first to its last day "
                    "(e.g. {first} to {last}), not {start} to {end}"
                ).format(first=start.replace(day=1), last=start.replace(day=last_day), start=start, end=end),
            )
    if end - start > timedelta(days=MAX_FIELDWORK_DAYS):
        raise PollError(
            "fieldwork_start",
            _("fieldwork of {days} days; at most {maximum}").format(
                days=(end - start).days, maximum=MAX_FIELDWORK_DAYS
            ),
        )
    days = sorted(e.date for e in elections)
    spanned = [day for day in days if start <= day <= end]
    if spanned:
        raise PollError("fieldwork_start", _("the fieldwork spans the election of {day}").format(day=spanned[0]))
    if days and start <= days[0]:
        raise PollError(
            "fieldwork_start",
            _("{start} is before the first election in the library ({first})").format(start=start, first=days[0]),
        )
    for field, name in (("firm", poll.firm), *(("commissioners", c) for c in poll.commissioners)):
        if len(name) > MAX_NAME_LENGTH:
            raise PollError(field, _("longer than {n} characters").format(n=MAX_NAME_LENGTH))
    if not poll.regions:
        raise PollError("", _("the poll has no region"))
    regions, warnings = [], []
    for region_poll in poll.regions:
        checked, said = check_region(region_poll, parties)
        regions.append(checked)
        warnings += said
    return CheckedPoll(replace(poll, regions=tuple(regions)), tuple(warnings))
