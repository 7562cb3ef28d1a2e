"""Short text alternatives of the charts: the numbers a chart shows, for screen readers and images.

Each function returns plain text in the current language (no HTML, no Markdown), a few sentences
long, for an ``alt`` attribute, an ``aria-label`` or an image's description field. Seats are whole
seats, probabilities are written as `engine.formatting.percent` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from ..domain import INTERVAL_LEVELS, MAJORITY, OTHER, Party
from ..formatting import and_list, long_date, number, percent, percent_number, seat_interval, share_interval
from ..i18n import _, ngettext
from ..poll_average.results import AveragePoint
from ..poll_average.seats_over_time import AVERAGE_SOURCE, SeatsRow
from ..seating_plan import LIKELY, SAFE, TOSS_UP, PlanSeat, certainty_counts, plan_order, seating_plan
from ..summaries import SeatDistribution
from ..track_record.backtest import Backtest
from ..track_record.poll_history import PollShare

if TYPE_CHECKING:
    from ..simulation import Result

# The interval the alt texts give: the dashboard's and the reports' first one.
ALT_TEXT_INTERVAL = 80


def most_likely_seats(seats: SeatDistribution) -> int:
    """Return the seat count with the highest probability (the smallest of tied ones)."""
    return int(np.argmax(seats.counts))


def _seats_per_party(plan: Mapping[str, int], labels: Mapping[str, str]) -> str:
    return and_list(
        _("{party} {seats}").format(party=labels[key], seats=number(count)) for key, count in plan.items() if count
    )


def hemicycle_alt_text(plan: Mapping[str, int], labels: Mapping[str, str], *, majority: int = MAJORITY) -> str:
    """Describe the plain seating plan: seats per party, left to right, and the majority.

    Parameters
    ----------
    plan : mapping of str to int
        Seats per party key in left-to-right order (`engine.seating_plan.plan_order`).
    labels : mapping of str to str
        The name shown for each party key (plain text).
    majority : int, default 76
        Seats for a majority.

    Returns
    -------
    str
        "Seating plan of the 150 seats, left to right: PVDA 6, PTB 10, … and VB 22. A majority
        is 76 seats."
    """
    total = sum(plan.values())
    return " ".join(
        [
            _("Seating plan of the {total} seats, left to right: {parties}.").format(
                total=number(total), parties=_seats_per_party(plan, labels)
            ),
            _("A majority is {majority} seats.").format(majority=number(majority)),
        ]
    )


def seating_plan_alt_text(plan: Sequence[PlanSeat], labels: Mapping[str, str], *, majority: int = MAJORITY) -> str:
    """Describe the seating plan with uncertainty: seats per party, how many are safe, likely, toss-ups.

    Parameters
    ----------
    plan : sequence of PlanSeat
        The seats in layout order (`engine.seating_plan.seating_plan`).
    labels : mapping of str to str
        The name shown for each party key (plain text).
    majority : int, default 76
        Seats for a majority.

    Returns
    -------
    str
        `hemicycle_alt_text`'s sentences, then the seats of each class and the thresholds: "Safe
        seats (held in at least 95% of simulations): 94; likely (at least 75%): 31; toss-ups
        (below 75%): 25."
    """
    counts: dict[str, int] = {}
    for seat in plan:
        counts[seat.party] = counts.get(seat.party, 0) + 1
    classes = certainty_counts(tuple(plan))
    certainty = _(
        "Safe seats (held in at least {safe_percent} of simulations): {safe}; likely (at least "
        "{likely_percent}): {likely}; toss-ups (below {likely_percent}): {toss_up}."
    ).format(
        safe=number(classes[SAFE]),
        likely=number(classes[LIKELY]),
        toss_up=number(classes[TOSS_UP]),
        safe_percent=percent_number(100 * SAFE_SEAT_PROBABILITY),
        likely_percent=percent_number(100 * LIKELY_SEAT_PROBABILITY),
    )
    return " ".join([hemicycle_alt_text(counts, labels, majority=majority), certainty])


def seat_distribution_alt_text(party: str, seats: SeatDistribution, last_result: int | None = None) -> str:
    """Describe a party's seat distribution: median, 80 % interval, most likely count.

    Parameters
    ----------
    party : str
        The party's name as shown (plain text).
    seats : SeatDistribution
        Its projected seats.
    last_result : int or None, default None
        Seats at the baseline election, when the chart marks them.

    Returns
    -------
    str
        "N-VA's projected seats: median 23, 80% interval 19–27; the most likely count is 24
        seats (10% of simulations). Last election: 24 seats."
    """
    mode = most_likely_seats(seats)
    text = ngettext(
        "{party}'s projected seats: median {median}, {level} interval {interval}; "
        "the most likely count is {mode} seat ({probability} of simulations).",
        "{party}'s projected seats: median {median}, {level} interval {interval}; "
        "the most likely count is {mode} seats ({probability} of simulations).",
        mode,
    ).format(
        party=party,
        median=number(seats.median),
        level=percent_number(ALT_TEXT_INTERVAL),
        interval=seat_interval(seats.interval(ALT_TEXT_INTERVAL)),
        mode=number(mode),
        probability=percent(float(seats.pmf[mode])),
    )
    if last_result is None:
        return text
    last = ngettext("Last election: {seats} seat.", "Last election: {seats} seats.", last_result)
    return f"{text} {last.format(seats=number(last_result))}"


def coalition_alt_text(name: str, seats: SeatDistribution, *, majority: int = MAJORITY) -> str:
    """Describe a coalition's seat chart: chance of a majority, median, 80 % interval, most likely count.

    Parameters
    ----------
    name : str
        The coalition's name as shown (plain text).
    seats : SeatDistribution
        Its members' seats summed in each simulation (`CoalitionResult.seats`).
    majority : int, default 76
        Seats for a majority, the chart's line.

    Returns
    -------
    str
        "Arizona: a majority (76 seats or more) in 81% of simulations. Median 80 seats, 80%
        interval 73–87; the most likely count is 80 seats (7% of simulations)."
    """
    mode = most_likely_seats(seats)
    first = _("{coalition}: a majority ({majority} seats or more) in {probability} of simulations.").format(
        coalition=name, majority=number(majority), probability=percent(seats.at_least(majority).value)
    )
    second = ngettext(
        "Median {median} seats, {level} interval {interval}; the most likely count is {mode} seat "
        "({probability} of simulations).",
        "Median {median} seats, {level} interval {interval}; the most likely count is {mode} seats "
        "({probability} of simulations).",
        mode,
    ).format(
        median=number(seats.median),
        level=percent_number(ALT_TEXT_INTERVAL),
        interval=seat_interval(seats.interval(ALT_TEXT_INTERVAL)),
        mode=number(mode),
        probability=percent(float(seats.pmf[mode])),
    )
    return f"{first} {second}"


def plan_alt_text(result: Result, *, certainty: bool = True) -> str:
    """Describe a run's seating plan as the dashboard draws it (abbreviations, "Others" on the right).

    Parameters
    ----------
    result : Result
        The run.
    certainty : bool, default True
        The plan with uncertainty (`seating_plan_alt_text`: also how many seats are safe, likely
        and toss-ups); False: the plain plan (`hemicycle_alt_text`).

    Returns
    -------
    str
        Plain text in the current language.
    """
    labels = {p.key: p.abbreviation for p in result.parties} | {OTHER: _("Others")}
    if certainty:
        return seating_plan_alt_text(seating_plan(result), labels)
    return hemicycle_alt_text(plan_order(result), labels)


def vote_share_alt_text(place: str, rows: Sequence[tuple[str, float, tuple[float, float]]]) -> str:
    """Describe a vote-share chart: each party's estimate and 80 % interval, top to bottom.

    Parameters
    ----------
    place : str
        Where the shares are ("Belgium", "Flanders"), plain text.
    rows : sequence of (str, float, (float, float))
        ``(label, estimate, 80 % interval)`` per party as drawn, shares in percent.

    Returns
    -------
    str
        "Vote shares in Flanders, estimate and 80% interval: N-VA 26.1% (24.0–28.3%), VB 23.5%
        (21.5–25.6%) and …"
    """
    parties = and_list(
        _("{party} {share} ({interval})").format(
            party=label, share=percent_number(estimate, 1), interval=share_interval(interval)
        )
        for label, estimate, interval in rows
    )
    return _("Vote shares in {place}, estimate and {level} interval: {parties}.").format(
        place=place, level=percent_number(ALT_TEXT_INTERVAL), parties=parties
    )


def _abbreviation(parties: Mapping[str, Party], key: str, day) -> str:
    return parties[key].abbreviation_on(day) if key in parties else key


def poll_history_alt_text(shares: Iterable[PollShare], parties: Mapping[str, Party], region: str, place: str) -> str:
    """Describe a chart of every poll's shares over time: how many polls, when, and the latest one.

    Parameters
    ----------
    shares : iterable of PollShare
        Poll shares in percent (`engine.track_record.poll_shares`); other regions and `OTHER` are
        left out, as the chart leaves them out.
    parties : mapping of str to Party
        The party registry (abbreviations).
    region : str
        A region key or ``"national"``.
    place : str
        Its name as shown ("Belgium"), plain text.

    Returns
    -------
    str
        "Vote shares in Belgium in 54 polls, from 1 July 2014 to 3 June 2025. The latest, of 3 June
        2025: N-VA 24.9%, VB 23.1% and …"
    """
    rows = [s for s in shares if s.region == region and s.party != OTHER]
    if not rows:
        return _("No poll in {place}.").format(place=place)
    latest_day = max(s.fieldwork_end for s in rows)
    latest_poll = max((s for s in rows if s.fieldwork_end == latest_day), key=lambda s: s.poll_id).poll_id
    latest = sorted((s for s in rows if s.poll_id == latest_poll), key=lambda s: -s.share)
    polls = len({s.poll_id for s in rows})
    first = ngettext(
        "Vote shares in {place} in {polls} poll, from {first} to {last}.",
        "Vote shares in {place} in {polls} polls, from {first} to {last}.",
        polls,
    ).format(
        place=place,
        polls=number(polls),
        first=long_date(min(s.fieldwork_end for s in rows)),
        last=long_date(latest_day),
    )
    second = _("The latest, of {date}: {parties}.").format(
        date=long_date(latest_day),
        parties=and_list(
            _("{party} {share}").format(
                party=_abbreviation(parties, s.party, latest_day), share=percent_number(s.share, 1)
            )
            for s in latest
        ),
    )
    return f"{first} {second}"


def poll_average_alt_text(
    average: Iterable[AveragePoint], parties: Mapping[str, Party], region: str, place: str
) -> str:
    """Describe the poll average chart of a region: its span and the latest average with its 80 % band.

    Parameters
    ----------
    average : iterable of AveragePoint
        The stored average (`engine.poll_average.PollAverage.points`); other regions are left out.
    parties : mapping of str to Party
        The party registry (abbreviations).
    region : str
        A region key.
    place : str
        Its name as shown ("Flanders"), plain text.

    Returns
    -------
    str
        "Poll average in Flanders from 1 July 2014 to 3 June 2025, with its 80% band. On 3 June
        2025: N-VA 25.3% (23.1–27.5%), VB …"
    """
    points = [p for p in average if p.region == region]
    if not points:
        return _("No poll average in {place}.").format(place=place)
    last = max(p.day for p in points)
    latest = sorted((p for p in points if p.day == last), key=lambda p: -p.mean)
    first = _("Poll average in {place} from {first} to {last}, with its {level} band.").format(
        place=place,
        first=long_date(min(p.day for p in points)),
        last=long_date(last),
        level=percent_number(ALT_TEXT_INTERVAL),
    )
    second = _("On {date}: {parties}.").format(
        date=long_date(last),
        parties=and_list(
            _("{party} {share} ({interval})").format(
                party=_abbreviation(parties, p.party, last),
                share=percent_number(p.mean, 1),
                interval=share_interval(p.band_80),
            )
            for p in latest
        ),
    )
    return f"{first} {second}"


def seats_over_time_alt_text(
    rows: Iterable[SeatsRow], parties: Mapping[str, Party], shown: Iterable[str] | None = None
) -> str:
    """Describe the projected seats over time: the span and the latest average's seats per party shown.

    Parameters
    ----------
    rows : iterable of SeatsRow
        `engine.poll_average.load_seats_over_time`; coalition rows are left out.
    parties : mapping of str to Party
        The party registry (abbreviations).
    shown : iterable of str or None, default None
        The parties the chart draws at first (None: every party).

    Returns
    -------
    str
        "Projected seats of the poll average from 31 July 2014 to 3 June 2025, median and 80%
        interval. On 3 June 2025: N-VA 24 (20–27), MR 20 (17–23) and …"
    """
    average = [r for r in rows if r.kind == "party" and r.source == AVERAGE_SOURCE]
    if not average:
        return _("No projected seats.")
    last = max(r.day for r in average)
    keep = None if shown is None else set(shown)
    latest = sorted(
        (r for r in average if r.day == last and (keep is None or r.key in keep)), key=lambda r: (-r.median, r.key)
    )
    first = _("Projected seats of the poll average from {first} to {last}, median and {level} interval.").format(
        first=long_date(min(r.day for r in average)), last=long_date(last), level=percent_number(ALT_TEXT_INTERVAL)
    )
    second = _("On {date}: {parties}.").format(
        date=long_date(last),
        parties=and_list(
            _("{party} {median} ({interval})").format(
                party=_abbreviation(parties, r.key, last),
                median=number(r.median),
                interval=seat_interval((r.low_80, r.high_80)),
            )
            for r in latest
        ),
    )
    return f"{first} {second}"


def majority_over_time_alt_text(
    rows: Iterable[SeatsRow], coalition: str, name: str, *, majority: int = MAJORITY
) -> str:
    """Describe a coalition's chance of a majority over time: its range on the average, and the latest.

    Parameters
    ----------
    rows : iterable of SeatsRow
        `engine.poll_average.load_seats_over_time`; other coalitions and the parties are left out.
    coalition : str
        The preset coalition's key.
    name : str
        Its name as shown, plain text.
    majority : int, default 76
        Seats for a majority.

    Returns
    -------
    str
        "Arizona: chance of a majority (76 seats or more) on the poll average from 31 July 2014 to
        3 June 2025, between 12% and 95%; on 3 June 2025: 81%. Single polls as dots."
    """
    chosen = [r for r in rows if r.kind == "coalition" and r.key == coalition and r.majority is not None]
    average = sorted((r for r in chosen if r.source == AVERAGE_SOURCE), key=lambda r: r.day)
    if not average:
        return _("{coalition}: no chance of a majority over time.").format(coalition=name)
    chances = [r.majority for r in average]
    return _(
        "{coalition}: chance of a majority ({majority} seats or more) on the poll average from {first} to "
        "{last}, between {low} and {high}; on {last}: {latest}. Single polls as dots."
    ).format(
        coalition=name,
        majority=number(majority),
        first=long_date(average[0].day),
        last=long_date(average[-1].day),
        low=percent(min(chances)),
        high=percent(max(chances)),
        latest=percent(chances[-1]),
    )


def calibration_alt_text(groups: Mapping[str, Sequence[Backtest]]) -> str:
    """Describe a calibration chart: per model, the share of results inside each interval level.

    Parameters
    ----------
    groups : mapping of str to sequence of Backtest
        One line per label (plain text), as `engine.figures.calibration_figure` draws them; a
        group without any list is left out.

    Returns
    -------
    str
        "Results inside their interval, per interval level (an honest model: as often as the level
        says). With the polling error: 50% interval 52%, 80% interval 79% … Sampling error only: …"
    """
    sentences = [_("Results inside their interval, per interval level (an honest model: as often as the level says).")]
    for label, runs in groups.items():
        total = sum(len(run.lists) for run in runs)
        if total == 0:
            continue
        levels = and_list(
            _("{level} interval {share}").format(
                level=percent_number(level),
                share=percent_number(100 * sum(run.calibration[level] for run in runs) / total),
            )
            for level in INTERVAL_LEVELS
        )
        sentences.append(_("{model}: {levels}.").format(model=label, levels=levels))
    return " ".join(sentences)


def projected_vs_actual_alt_text(run: Backtest, name: str) -> str:
    """Describe a backtest chart: per list, the seats won against the projected median and 80 % interval.

    Parameters
    ----------
    run : Backtest
        The backtest; lists in its order (most seats won first).
    name : str
        The backtest's name as shown, plain text.

    Returns
    -------
    str
        "Cluster17, 31 May 2024: seats won against the projected median and 80% interval, list by
        list: N-VA won 24, median 22 (19–26); VB won 20, median 23 (19–27); …"
    """
    lists = "; ".join(
        _("{list} won {won}, median {median} ({interval})").format(
            list=entry.shown_name,
            won=number(entry.actual),
            median=number(entry.median),
            interval=seat_interval(entry.interval(ALT_TEXT_INTERVAL)),
        )
        for entry in run.lists
    )
    return _("{backtest}: seats won against the projected median and {level} interval, list by list: {lists}.").format(
        backtest=name, level=percent_number(ALT_TEXT_INTERVAL), lists=lists
    )
