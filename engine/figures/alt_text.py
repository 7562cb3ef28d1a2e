"""Short text alternatives of the charts: the numbers a chart shows, for screen readers and images.

Each function returns plain text in the current language (no HTML, no Markdown), a few sentences
long, for an ``alt`` attribute, an ``aria-label`` or an image's description field. Seats are whole
seats, probabilities are written as `engine.formatting.percent` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from ..domain import MAJORITY
from ..formatting import and_list, number, percent, percent_number, seat_interval
from ..i18n import _, ngettext
from ..seating_plan import LIKELY, SAFE, TOSS_UP, PlanSeat, certainty_counts
from ..summaries import SeatDistribution

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
