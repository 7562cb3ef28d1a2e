"""Poll average: every poll as a dot and the average with house effects as a line with its 80 %
band, per region and party; each firm's house effects; projected seats and a coalition's majority
over time.

The average, the house effects and the seats over time are stored files (`engine.poll_average`,
read once in `ui.cache`); poll shares come from `engine.track_record`. This page only draws.
"""

from __future__ import annotations

import streamlit as st

from engine import REGION_NAMES, REGIONS
from engine.figures import (
    majority_over_time_figure,
    poll_average_figure,
    poll_history_figure,
    seats_over_time_figure,
)
from engine.formatting import escape_figure_text, escape_markdown, fieldwork_text, long_date, percent
from engine.poll_average.seats_over_time import AVERAGE_SOURCE
from engine.track_record import NATIONAL
from ui import cache, show

library = cache.library()
shares = cache.poll_shares()
results = cache.election_shares()
average = cache.poll_average()
seats = cache.seats_over_time()
latest = average.latest_day

st.title("Poll average")
st.markdown(
    f"""
What the polls say together. Belgian polls are really three polls (Flanders, Wallonia, Brussels),
so the average is drawn per region: each party's share drifts from day to day, every poll measures
it with its own sampling error and its firm's usual lean (the *house effect*), and every election
measures it exactly. The line is the average, the band the range it is in with 80 % probability,
the dots the polls as published, the crosses the election results. The latest average is of
**{long_date(latest)}**; pick "Poll average" as the starting point on the Poll page to project its
seats.
"""
)

# In the chart's hover, the firm and the last day of fieldwork are enough.
short_names = {
    pid: escape_figure_text(f"{poll.firm}, {fieldwork_text(poll, last_day_only=True)}")
    for pid, poll in library.polls.items()
}
st.markdown(cache.poll_average_evidence())

region = st.radio(
    "Where",
    [*REGIONS, NATIONAL],
    format_func=lambda r: "Belgium (every poll, no average)" if r == NATIONAL else REGION_NAMES[r],
    horizontal=True,
)
if region == NATIONAL:
    st.caption(
        "The average is drawn per region. Nationally, each poll that covered every region is shown on "
        "its own, its regions weighted by their share of the votes in the last election."
    )
    show.chart(poll_history_figure(shares, library.parties, region, None, results, short_names))
else:
    show.chart(poll_average_figure(shares, average.points, library.parties, region, results, short_names))

    st.subheader(f"House effects in {REGION_NAMES[region]}")
    st.markdown(
        "How many points each firm's polls put a party above (+) or below (−) the average, "
        "± its standard deviation. The average takes these out before it pools the polls."
    )
    effects = [h for h in cache.house_effects() if h.region == region]
    latest_order = {p.party: -p.mean for p in average.on(latest) if p.region == region}
    columns = sorted({h.party for h in effects}, key=lambda k: (latest_order.get(k, 0.0), k))
    firms = sorted({h.firm for h in effects})
    cell = {(h.firm, h.party): f"{h.effect:+.1f} ± {h.sd:.1f}" for h in effects}
    polls = {firm: max(h.n_polls for h in effects if h.firm == firm) for firm in firms}
    # A dataframe shows plain text (no Markdown): names go in as written.
    table = {"Firm": firms, "Polls": [polls[f] for f in firms]}
    for key in columns:
        table[library.parties[key].abbreviation_on(latest)] = [cell.get((f, key), "–") for f in firms]
    st.dataframe(table, hide_index=True)

st.subheader("Projected seats over time")
st.markdown(
    "Each poll and the average at every month's end, through the seat model: the line is the "
    "average's median, the band its 80 % interval, the dots the single polls' medians. The chart "
    "shows the coalition's parties; tap a party in the legend to add or hide it."
)
presets = {c.name: c for c in library.coalitions}
names = list(presets)
coalition = st.selectbox("Coalition", names, index=names.index("Arizona") if "Arizona" in names else 0)
show.chart(seats_over_time_figure(seats, library.parties, presets[coalition].parties))
chosen = sorted(
    (r for r in seats if r.kind == "coalition" and r.key == coalition and r.source == AVERAGE_SOURCE), key=lambda r: r.day
)
if chosen:
    st.markdown(
        f"**{escape_markdown(coalition)}**: chance of a majority on the average of "
        f"{long_date(chosen[-1].day)}: **{escape_markdown(percent(chosen[-1].majority))}** "
        f"(median {chosen[-1].median} seats)."
    )
show.chart(majority_over_time_figure(seats, coalition))
