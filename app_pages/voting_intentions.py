"""Voting intentions: national and regional vote shares with their intervals."""

import streamlit as st

from engine import INTERVAL_LEVELS, REGIONS
from engine.figures import vote_share_figure
from engine.figures.alt_text import vote_share_alt_text
from engine.formatting import (
    UNBREAKABLE_DASH,
    and_list,
    escape_figure_text,
    escape_markdown,
    percent_number,
    share_interval,
)
from engine.i18n import _, current_language
from engine.results import party_name
from ui import labels, runs, show

st.title(_("Voting intentions"))
result = runs.result()
show.scenario_caption(result)

# The main table keeps to four columns so that a phone shows it whole; the other intervals follow
# in their own table.
MAIN_LEVEL = 90

AREAS = ("national", *REGIONS)
# Looked up, not translated in the function: AppTest formats the options outside the page's language.
area_names = {a: _("Belgium") if a == "national" else labels.region_name(a) for a in AREAS}
area = st.radio(
    _("Area"),
    AREAS,
    format_func=area_names.__getitem__,
    horizontal=True,
    key="area",
)
region = None if area == "national" else area
if region is None:
    rows = [(p, p.vote_share, p.last_vote_share) for p in result.parties]
    st.caption(
        _("National shares weight each region by its share of the valid votes at the {date} election.").format(
            date=labels.election_date(result)
        )
    )
else:
    # A party missing from last_regional_vote_share did not run in the region last time.
    rows = [
        (p, p.regional_vote_share[region], p.last_regional_vote_share.get(region))
        for p in result.parties
        if region in p.regional_vote_share
    ]
    if region not in result.poll.covered_regions:
        st.info(
            _(
                "This poll does not cover {region}: it keeps its {date} election result, so these shares have no "
                "uncertainty."
            ).format(region=labels.region_name(region), date=labels.election_date(result))
        )


def figure_label(p) -> str:
    return escape_figure_text(p.abbreviation + labels.held_mark(p, region))


show.chart(
    vote_share_figure(
        [(figure_label(p), p.colour, s.estimate, s.intervals[80], s.intervals[95], last) for p, s, last in rows]
    ),
    f"shares:{area}",
    graphic=show.Graphic(
        name=_("vote shares {place}").format(place=area_names[area]),
        title=_("Vote shares in {place}").format(place=area_names[area]),
        alt=vote_share_alt_text(
            area_names[area],
            [(p.abbreviation + labels.held_mark(p, region), s.estimate, s.intervals[80]) for p, s, _last in rows],
        ),
        result=result,
    ),
)
year = f"{result.model.baseline.date:%Y}"
legend = _("Dot: estimate (median of the simulations). Thick bar: 80 % interval; thin bar: 95 % interval.")
if region is None:
    tick = _("Tick: {year} election result.").format(year=year)
else:
    tick = _("Tick: {year} election result in {region}.").format(year=year, region=labels.region_name(region))
st.caption(f"{legend} {tick}")
show.uncertainty_caption(result)


def local_name(p) -> str:
    """The party's name in the page's language (`party_name`)."""
    return party_name(result.library.parties[p.key], result.poll.fieldwork_end, current_language())


def party_cell(p) -> str:
    return escape_markdown(local_name(p) + labels.held_mark(p, region))


def interval_cell(share, level: int) -> str:
    return share_interval(share.intervals[level], dash=UNBREAKABLE_DASH, unit="")


st.table(
    {
        _("Party"): [party_cell(p) for p, _s, _last in rows],
        _("{year} election").format(year=year): [
            percent_number(last, 1) if last is not None else _("did not run") for _p, _s, last in rows
        ],
        _("Estimate"): [percent_number(s.estimate, 1) for _p, s, _last in rows],
        _("{level} interval").format(level=percent_number(MAIN_LEVEL)): [
            interval_cell(s, MAIN_LEVEL) for _p, s, _last in rows
        ],
    },
    hide_index=True,
)
held = labels.held_note(result, [(local_name(p), p) for p, _s, _last in rows], region)
if held:
    st.caption(escape_markdown(held))
with st.expander(_("Other intervals")):
    other_levels = [level for level in INTERVAL_LEVELS if level != MAIN_LEVEL]
    st.table(
        {
            _("Party"): [party_cell(p) for p, _s, _last in rows],
            **{percent_number(level): [interval_cell(s, level) for _p, s, _last in rows] for level in other_levels},
        },
        hide_index=True,
    )
    st.caption(
        _("{levels} intervals: the range of the share, in percent, in that share of the simulations.").format(
            levels=and_list([_("{level} %").format(level=level) for level in other_levels])
        )
    )
