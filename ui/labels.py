"""What the dashboard calls things: parties in a poll, polls, starting points, regions, the
baseline election, backtests, lists held at their last result. Text only, from the library, the
session's poll and the engine's results."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from engine import (
    DEFAULT_POLLING_ERROR,
    HISTORICAL,
    NO_POLLING_ERROR,
    OTHER,
    REGION_NAMES,
    REGIONS,
    PartyResult,
    Poll,
    Result,
    base_poll,
    election_result_date,
)
from engine import track_record as track
from engine.formatting import HELD_MARK, and_list, fieldwork_text, long_date, percent
from engine.i18n import N_, _
from engine.poll_average import AVERAGE_POLL_PREFIX

from . import cache, session

# The polling error models as the Poll page offers them (docs/method.md §8).
POLLING_ERROR_NAMES = {
    HISTORICAL: N_("Typical error of Belgian polls"),
    NO_POLLING_ERROR: N_("Sampling error only (as in the published analyses)"),
}


def party_label(entry: str) -> str:
    """A poll entry's label: "N-VA", "PS + Vooruit" (a pair reported together), "Others"."""
    if entry == OTHER:
        return _("Others")
    parties = cache.library().parties
    day = session.poll().fieldwork_end
    return " + ".join(parties[k].abbreviation_on(day) if k in parties else k for k in entry.split("+"))


def _firm(poll: Poll) -> str:
    """ "Ipsos for Le Soir, RTL TVi", or the firm alone."""
    if not poll.commissioners:
        return poll.firm
    return _("{firm} for {commissioners}").format(firm=poll.firm, commissioners=", ".join(poll.commissioners))


def poll_label(poll: Poll) -> str:
    """A poll as readers know it: "Ipsos for Le Soir, …, 18–21 November 2024", or "Election result, 9 June 2024"."""
    election_day = election_result_date(poll)
    if election_day:
        return _("Election result, {date}").format(date=long_date(election_day))
    return f"{_firm(poll)}, {fieldwork_text(poll)}"


def start_label(poll_id: str) -> str:
    """A starting point in the picker, dates first ("27 May–3 June 2025 · Ipsos for …"): a
    phone cuts the end of a long label, and the date is what tells the polls apart."""
    if poll_id.startswith(AVERAGE_POLL_PREFIX):  # the picker offers only days the average holds
        return _("Poll average on {date}").format(
            date=long_date(date.fromisoformat(poll_id[len(AVERAGE_POLL_PREFIX) :]))
        )
    poll = base_poll(poll_id, cache.library())
    if poll is None or election_result_date(poll):
        return poll_label(poll) if poll else poll_id
    return f"{fieldwork_text(poll)} · {_firm(poll)}"


def polling_error_name(model: str) -> str:
    """A polling error model as the Poll page offers it, the default "(recommended)"."""
    name = _(POLLING_ERROR_NAMES[model])
    return _("{model} (recommended)").format(model=name) if model == DEFAULT_POLLING_ERROR else name


def sampling_only_value(probability: float | None) -> str:
    """A majority probability of the sampling-only comparison (a fraction, 0–1): "81%", or "…"
    while it runs (the page keeps its place, so nothing jumps when it arrives)."""
    return "…" if probability is None else percent(probability)


def sampling_only_figure(probability: float | None) -> str:
    """ "(sampling error only: 81%)", after a majority probability: the same scenario's with the
    sampling error only (`sampling_only_value`)."""
    return _("(sampling error only: {probability})").format(probability=sampling_only_value(probability))


def region_name(region: str) -> str:
    return _(REGION_NAMES[region])


def election_date(result: Result) -> str:
    """The election a result is projected from, as a reader's date: "9 June 2024"."""
    return long_date(result.model.baseline.date)


def baseline_name(poll: Poll) -> str | None:
    """The election a poll is projected from (the last one before its fieldwork), without
    running it, as a reader's date; None when there is none (the run then says why)."""
    try:
        return long_date(cache.library().baseline_for(poll).date)
    except ValueError:
        return None


def backtest_name(run: track.Backtest) -> str:
    """ "Perfect poll" or "Cluster17, 31 May 2024" (the firm and the last day of fieldwork)."""
    if run.perfect:
        return _("Perfect poll")
    name = f"{cache.library().polls[run.poll_id].firm}, {long_date(run.fieldwork_end)}"
    if run.regions == REGIONS:
        return name
    return _("{backtest} ({regions} only)").format(backtest=name, regions=", ".join(map(region_name, run.regions)))


def narrowest_interval_inside(entry: track.ListBacktest) -> str:
    """The narrowest interval that contained the seats won ("80 %"), or "none"."""
    level = entry.narrowest_level_inside
    return _("none") if level is None else _("{level} %").format(level=level)


def _held_regions(party: PartyResult, region: str | None) -> list[str]:
    return [r for r in party.held_at_last_result if region in (None, r)]


def held_mark(party: PartyResult | None, region: str | None = None) -> str:
    """ " †" after a party the poll does not name (in `region`, or anywhere), else ""."""
    return f" {HELD_MARK}" if party and _held_regions(party, region) else ""


def held_note(result: Result, rows: Iterable[tuple[str, PartyResult]], region: str | None = None) -> str:
    """The sentence that explains the marks: which parties of `rows` (each named as its table
    names it) keep their last election result, and where (only in `region` when given); "" when
    none does.

    Such a party looks certain ("1 seat, every interval 1") only because nothing moves it."""
    held = [(name, _held_regions(p, region)) for name, p in rows if _held_regions(p, region)]
    if not held:
        return ""
    election = election_date(result)
    if region:
        note = _(
            "Not in this poll in {region}, so held at the {election} election result there: {parties}. Their "
            "numbers there are that result in every simulation, not a projection."
        ).format(region=region_name(region), election=election, parties=and_list([name for name, _r in held]))
    else:
        where = "; ".join(
            _("{party} in {regions}").format(party=name, regions=and_list([region_name(r) for r in regions]))
            for name, regions in held
        )
        note = _(
            "Not in this poll, so held at the {election} election result: {parties}. Those votes and seats are "
            "that result in every simulation, not a projection."
        ).format(election=election, parties=where)
    return f"{HELD_MARK} {note}"
