"""Constituencies: seats per list with probabilities, and the closest last-seat races."""

import streamlit as st

from engine import REGIONS
from engine.formatting import (
    escape_markdown,
    number,
    percent,
    percent_cell,
    percent_number,
    seat_interval_cell,
)
from engine.i18n import _, current_language, ngettext, pgettext
from ui import cache, labels, runs, show

st.title(_("Constituencies"))
result = runs.result()
show.scenario_caption(result)
constituencies = result.constituencies
library = cache.library()
shown_parties = {p.key: p for p in result.parties}
# Each constituency by its name in the page's language ("Brussel-Hoofdstad"); the session and the
# link keep its name in the data files.
local_names = {c.name: library.constituency_name(c.name, current_language()) for c in constituencies}

st.subheader(_("Closest races for the last seat"))


def short(list_name: str, constituency) -> str:
    """The registry abbreviation of a list (N-VA), or its ballot name for other lists."""
    party = next((e.party for e in constituency.lists if e.list_name == list_name), "")
    return library.parties[party].abbreviation_on(result.poll.fieldwork_end) if party else list_name


races = sorted((c for c in constituencies if c.last_seat), key=lambda c: c.last_seat.gap_points)
st.table(
    {
        _("Constituency"): [escape_markdown(local_names[c.name]) for c in races],
        _("Seats"): [c.seats for c in races],
        _("Last seat"): [escape_markdown(short(c.last_seat.holder, c)) for c in races],
        _("Next in line"): [escape_markdown(short(c.last_seat.runner_up, c)) for c in races],
        _("Short by (pts)"): [number(c.last_seat.gap_points, 2) for c in races],
    },
    hide_index=True,
)
st.caption(
    _(
        "At the poll's own shares (no sampling noise): the list holding the constituency's last seat, its "
        "closest challenger, and how many percentage points of the constituency's votes moving from the "
        "one to the other would give the challenger a seat."
    )
)

st.subheader(_("Seats per list"))
names = [c.name for c in sorted(constituencies, key=lambda c: (REGIONS.index(c.region), c.name))]
# Looked up, not translated in the function: AppTest formats the options outside the page's language.
options = {
    c.name: _("{constituency} ({region})").format(constituency=local_names[c.name], region=labels.region_name(c.region))
    for c in constituencies
}
chosen = st.selectbox(_("Constituency"), names, key="constituency", format_func=options.__getitem__)
constituency = next(c for c in constituencies if c.name == chosen)
st.caption(ngettext("{seats} seat.", "{seats} seats.", constituency.seats).format(seats=constituency.seats))

# Seat counts less likely than this are left out of the "Seats: probability" table.
SHOWN_PROBABILITY = 0.005


def probabilities(seats) -> str:
    lo, hi = seats.support
    shown = [(x, seats.pmf[x]) for x in range(lo, hi + 1) if seats.pmf[x] >= SHOWN_PROBABILITY]
    # A no-break space inside "8: 42%": a narrow cell breaks between the pairs, never inside one.
    return " · ".join(f"{x}:\u00a0{percent(p)}" for x, p in shown)


def list_cell(entry) -> str:
    mark = labels.held_mark(shown_parties.get(entry.party), constituency.region)
    return escape_markdown(short(entry.list_name, constituency) + mark)


lists = constituency.lists
# Six columns, so that a phone shows the table whole; the probabilities follow in their own table.
st.table(
    {
        _("List"): [list_cell(e) for e in lists],
        pgettext("table column", "Last"): [e.last_result for e in lists],
        pgettext("table column", "Median"): [e.seats.median for e in lists],
        percent_number(90): [seat_interval_cell(e.seats, 90) for e in lists],
        _("P(gain)"): [percent_cell(e.seats.at_least(e.last_result + 1).value) for e in lists],
        _("P(loss)"): [percent_cell(e.seats.at_most(e.last_result - 1).value) for e in lists],
    },
    hide_index=True,
)
st.caption(
    _(
        "Last: seats won at the last election. 90 %: seat interval. P(gain) / P(loss): more / fewer seats than "
        "last time."
    )
)
show.uncertainty_caption(result)
held = labels.held_note(
    result,
    [(short(e.list_name, constituency), shown_parties[e.party]) for e in lists if e.party in shown_parties],
    constituency.region,
)
if held:
    st.caption(escape_markdown(held))
st.table(
    {
        _("List"): [list_cell(e) for e in lists],
        _("Seats: probability"): [probabilities(e.seats) for e in lists],
    },
    hide_index=True,
)
st.caption(
    _("Every seat count with a probability of at least {share} %.").format(share=number(100 * SHOWN_PROBABILITY, 1))
)
