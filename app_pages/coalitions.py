"""Coalitions: every preset by majority probability, and a builder for any set of parties."""

import streamlit as st

from engine import CHAMBER_SEATS, INTERVAL_LEVELS, MAJORITY
from engine.formatting import (
    escape_markdown,
    number,
    percent,
    percent_cell,
    percent_number,
    probability_with_error,
    seat_interval,
    seat_interval_cell,
)
from engine.i18n import _, current_language, pgettext
from ui import cache, charts, coalition, labels, runs, session, show

st.title(_("Coalitions"))
result = runs.result()
show.scenario_caption(result)
# The same scenario with the sampling error only, for comparison (unless it is that already;
# None until it has run).
compares = runs.compares_sampling_only()
comparison = runs.sampling_only()
library = cache.library()
st.info(
    _(
        "**Majority** is the probability that the parties together hold at least {majority} of the {seats} seats: "
        "an arithmetical majority, not the chance that the coalition forms."
    ).format(majority=MAJORITY, seats=CHAMBER_SEATS),
    icon=":material/info:",
)

# A preset is known by its name in data/coalitions.toml (the session and the link keep that
# name); readers see the name journalists use in their language.
preset_names = {c.name: c.name_in(current_language()) for c in library.coalitions}


def coalition_name(name: str) -> str:
    """A coalition result's name as the page's readers know it (a built one: its abbreviations)."""
    return preset_names.get(name, name)


day = result.poll.fieldwork_end
st.subheader(_("Build a coalition"))
coalition.mirror_widget()
st.multiselect(
    _("Parties"),
    coalition.party_options(),
    key=coalition.COALITION_WIDGET,
    format_func=lambda k: library.parties[k].abbreviation_on(day),
    on_change=coalition.on_coalition,
    placeholder=_("Choose parties"),
)
st.selectbox(
    _("…or start from a preset"),
    coalition.preset_names(),
    index=None,
    key=coalition.PRESET_WIDGET,
    # Looked up, not translated here: AppTest formats the options outside the page's language.
    format_func=preset_names.__getitem__,
    on_change=coalition.on_preset,
    placeholder=_("Choose a preset coalition"),
)
if session.coalition():
    built = coalition.chosen(result)
    with st.container(horizontal=True):
        st.metric(
            _("Majority (≥ {majority} seats)").format(majority=MAJORITY),
            percent(built.majority_probability.value),
            help=_("Monte Carlo standard error: {error} percentage points").format(
                error=number(100 * built.majority_probability.standard_error, 2)
            ),
        )
        if compares:
            st.metric(
                _("Sampling error only"),
                labels.sampling_only_value(
                    coalition.chosen(comparison).majority_probability.value if comparison else None
                ),
                help=_(
                    "The majority if the poll erred only by the chance of who was asked, as the published "
                    "analyses assume: Belgian polls have missed by more, so this figure is too sure."
                ),
            )
        st.metric(
            _("Median seats"), built.seats.median, help=_("Last election: {seats}").format(seats=built.last_result)
        )
        st.metric(_("{level} interval").format(level=percent_number(90)), seat_interval(built.seats.interval(90)))
        st.metric(_("Dutch-language group majority"), percent(built.dutch_majority_probability.value))
    show.uncertainty_caption(result)
    fig, graphic = charts.coalition_seats(result)
    show.chart(fig, "coalition_pmf", graphic=graphic)
    st.caption(
        _("{coalition}: probability of each seat total. Bars at {majority} seats or more are a majority.").format(
            coalition=escape_markdown(coalition_name(built.name)), majority=MAJORITY
        )
    )
else:
    st.caption(_("Choose at least one party."))

st.subheader(_("Preset coalitions"))
coalitions = result.coalitions
sampling_only = {c.parties: c.majority_probability.value for c in comparison.coalitions} if comparison else {}


def sampling_only_cell(parties) -> str:
    """The coalition's sampling-only majority, below its own in grey ("…" while it runs)."""
    return f"  \n:gray[({escape_markdown(labels.sampling_only_value(sampling_only.get(parties)))})]"


def members(parties) -> str:
    return " · ".join(escape_markdown(library.parties[k].abbreviation_on(day)) for k in parties)


# Name and parties share a cell (parties on a second line): the table then has few enough
# columns to stay readable on a phone.
st.table(
    {
        _("Coalition"): [f"**{escape_markdown(coalition_name(c.name))}**  \n{members(c.parties)}" for c in coalitions],
        pgettext("table column", "Last"): [c.last_result for c in coalitions],
        pgettext("table column", "Median"): [c.seats.median for c in coalitions],
        percent_number(90): [seat_interval_cell(c.seats, 90) for c in coalitions],
        # The sampling-only figure below the scenario's, in grey: one column, so the table still
        # fits a phone.
        pgettext("table column", "Majority"): [
            percent_cell(c.majority_probability.value) + (sampling_only_cell(c.parties) if compares else "")
            for c in coalitions
        ],
        pgettext("table column", "Dutch group"): [percent_cell(c.dutch_majority_probability.value) for c in coalitions],
    },
    hide_index=True,
)
if compares:
    st.caption(
        _(
            "Sorted by majority probability. Last: seats at the last election; 90 %: seat interval; Majority: below "
            "in brackets, with sampling error only; Dutch group: probability of a majority of the Dutch-language "
            "group (Flemish seats plus Brussels seats of Dutch-speaking lists)."
        )
    )
else:
    st.caption(
        _(
            "Sorted by majority probability. Last: seats at the last election; 90 %: seat interval; Dutch group: "
            "probability of a majority of the Dutch-language group (Flemish seats plus Brussels seats of "
            "Dutch-speaking lists)."
        )
    )
show.uncertainty_caption(result)
with st.expander(_("Other seat intervals and the Monte Carlo error")):
    st.table(
        {
            _("Coalition"): [escape_markdown(coalition_name(c.name)) for c in coalitions],
            # The levels the main table does not show.
            **{
                percent_number(level): [seat_interval_cell(c.seats, level) for c in coalitions]
                for level in INTERVAL_LEVELS
                if level != 90
            },
            _("Majority ± s.e."): [
                probability_with_error(c.majority_probability.value, c.majority_probability.standard_error)
                for c in coalitions
            ],
        },
        hide_index=True,
    )
    st.caption(
        _(
            "± s.e.: the Monte Carlo standard error of the majority probability, in percentage points "
            "(how much the figure could move with another seed)."
        )
    )
