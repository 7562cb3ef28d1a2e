"""Poll average: every poll as a dot and the average with house effects as a line with its 80 %
band, per region and party; each firm's house effects; projected seats and a coalition's majority
over time.

The average, the house effects and the seats over time are stored files (`engine.poll_average`,
read once in `ui.cache`); poll shares come from `engine.track_record`. This page only draws.
"""

from __future__ import annotations

import streamlit as st

from engine import MAJORITY, REGION_NAMES, REGIONS
from engine.figures import (
    majority_over_time_figure,
    poll_average_figure,
    poll_history_figure,
    seats_over_time_figure,
)
from engine.figures.alt_text import (
    majority_over_time_alt_text,
    poll_average_alt_text,
    poll_history_alt_text,
    seats_over_time_alt_text,
)
from engine.formatting import escape_figure_text, escape_markdown, fieldwork_text, long_date, number, percent
from engine.i18n import _, current_language, ngettext, pgettext
from engine.poll_average.seats_over_time import AVERAGE_SOURCE
from engine.track_record import NATIONAL
from ui import cache, show


def signed(points: float) -> str:
    """A house effect with its sign, as "+1.2" and "-0.4" ("+1,2" in Dutch and French)."""
    text = number(points, 1)
    return text if text.startswith("-") else "+" + text


library = cache.library()
shares = cache.poll_shares()
results = cache.election_shares()
average = cache.poll_average()
seats = cache.seats_over_time()
latest = average.latest_day

st.title(_("Poll average"))
# The line under the title of each of this page's images.
as_of = _("Poll average of the Seatcast poll library, as of {date}").format(date=long_date(latest))
st.markdown(
    _(
        "What the polls say together. Belgian polls are really three polls (Flanders, Wallonia, Brussels), "
        "so the average is drawn per region: each party's share drifts from day to day, every poll measures "
        "it with its own sampling error and its firm's usual lean (the *house effect*), and every election "
        "measures it exactly. The line is the average, the band the range it is in with 80 % probability, "
        "the dots the polls as published, the crosses the election results. The latest average is of "
        '**{date}**; pick "Poll average" as the starting point on the Poll page to project its seats.'
    ).format(date=long_date(latest))
)

# In the chart's hover, the firm and the last day of fieldwork are enough.
short_names = {
    pid: escape_figure_text(f"{poll.firm}, {fieldwork_text(poll, last_day_only=True)}")
    for pid, poll in library.polls.items()
}
st.markdown(cache.poll_average_evidence())

# Labels written now, in this run's language: Streamlit may call format_func outside the run.
places = {**{r: _(REGION_NAMES[r]) for r in REGIONS}, NATIONAL: _("Belgium (every poll, no average)")}
region = st.radio(_("Where"), list(places), format_func=places.__getitem__, horizontal=True)
if region == NATIONAL:
    st.caption(
        _(
            "The average is drawn per region. Nationally, each poll that covered every region is shown on "
            "its own, its regions weighted by their share of the votes in the last election."
        )
    )
    latest_poll = max(s.fieldwork_end for s in shares)
    show.chart(
        poll_history_figure(shares, library.parties, region, None, results, short_names),
        "poll_history",
        graphic=show.Graphic(
            name=_("polls"),
            title=_("National vote share, every poll"),
            alt=poll_history_alt_text(shares, library.parties, region, _("Belgium")),
            source=_("Polls as published, up to {date}; crosses: election results").format(date=long_date(latest_poll)),
            tag=latest_poll.isoformat(),
        ),
    )
else:
    show.chart(
        poll_average_figure(shares, average.points, library.parties, region, results, short_names),
        f"poll_average:{region}",
        graphic=show.Graphic(
            name=_("poll average {region}").format(region=places[region]),
            title=_("Poll average in {region}").format(region=places[region]),
            alt=poll_average_alt_text(average.points, library.parties, region, places[region]),
            source=as_of,
            tag=latest.isoformat(),
        ),
    )

    st.subheader(_("House effects in {region}").format(region=_(REGION_NAMES[region])))
    st.markdown(
        _(
            "How many points each firm's polls put a party above (+) or below (−) the average, "
            "± its standard deviation. The average takes these out before it pools the polls."
        )
    )
    effects = [h for h in cache.house_effects() if h.region == region]
    latest_order = {p.party: -p.mean for p in average.on(latest) if p.region == region}
    columns = sorted({h.party for h in effects}, key=lambda k: (latest_order.get(k, 0.0), k))
    firms = sorted({h.firm for h in effects})
    cell = {(h.firm, h.party): f"{signed(h.effect)} ± {number(h.sd, 1)}" for h in effects}
    polls = {firm: max(h.n_polls for h in effects if h.firm == firm) for firm in firms}
    # A dataframe shows plain text (no Markdown): names go in as written.
    table = {_("Firm"): firms, _("Polls"): [polls[f] for f in firms]}
    for key in columns:
        table[library.parties[key].abbreviation_on(latest)] = [cell.get((f, key), "–") for f in firms]
    st.dataframe(table, hide_index=True)

st.subheader(_("Projected seats over time"))
st.markdown(
    _(
        "Each poll and the average at every month's end, through the seat model: the line is the "
        "average's median, the band its 80 % interval, the dots the single polls' medians. The chart "
        "shows the coalition's parties; tap a party in the legend to add or hide it."
    )
)
presets = {c.name: c for c in library.coalitions}
names = list(presets)
shown_names = {name: coalition.name_in(current_language()) for name, coalition in presets.items()}
coalition = st.selectbox(
    pgettext("label of the coalition picker", "Coalition"),
    names,
    index=names.index("Arizona") if "Arizona" in names else 0,
    format_func=shown_names.__getitem__,
)
shown_name = shown_names[coalition]
show.chart(
    seats_over_time_figure(seats, library.parties, presets[coalition].parties),
    "seats_over_time",
    graphic=show.Graphic(
        name=_("projected seats over time"),
        title=_("Projected seats (median and 80 % band)"),
        alt=seats_over_time_alt_text(seats, library.parties, presets[coalition].parties),
        source=as_of,
        tag=latest.isoformat(),
    ),
)
chosen = sorted(
    (r for r in seats if r.kind == "coalition" and r.key == coalition and r.source == AVERAGE_SOURCE),
    key=lambda r: r.day,
)
if chosen:
    last = chosen[-1]
    st.markdown(
        ngettext(
            "**{coalition}**: chance of a majority on the average of {date}: **{probability}** (median {seats} seat).",
            "**{coalition}**: chance of a majority on the average of {date}: **{probability}** (median {seats} seats).",
            last.median,
        ).format(
            coalition=escape_markdown(shown_name),
            date=long_date(last.day),
            probability=escape_markdown(percent(last.majority)),
            seats=last.median,
        )
    )
show.chart(
    majority_over_time_figure(seats, coalition, shown_name),
    "majority_over_time",
    graphic=show.Graphic(
        name=_("majority over time {coalition}").format(coalition=shown_name),
        title=_("{coalition}: chance of a majority ({seats} seats)").format(coalition=shown_name, seats=MAJORITY),
        alt=majority_over_time_alt_text(seats, coalition, shown_name),
        source=as_of,
        tag=latest.isoformat(),
    ),
)
