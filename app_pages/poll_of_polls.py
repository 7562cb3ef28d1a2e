"""Poll of polls: every poll in the library over time, per party, nationally and per region.

Shares come from `engine.track_record` (read the way the model reads a poll, cached in `ui.cache`);
this page only draws.
"""

from __future__ import annotations

import streamlit as st

from engine import REGION_NAMES, REGIONS
from engine.figures import poll_history_figure
from engine.formatting import escape_figure_text, escape_markdown, fieldwork_text
from engine.track_record import NATIONAL
from ui import cache, labels, session

library = cache.library()
shares = cache.poll_shares()
results = cache.election_shares()

st.title("Poll of polls")
st.markdown(
    """
Every poll in our library, party by party. Belgian polls are really three polls (Flanders,
Wallonia, Brussels). The national share weights the three regions by their share of the votes
in the last election; a poll that skipped a region has no national figure and shows up only in
the regions it covered. Parties a pollster folded into "Other" are shown at their last election
result, as the model counts them. Crosses mark the actual election results.
"""
)

poll_ids = list(library.polls)  # newest first
poll_names = {pid: labels.poll_label(poll) for pid, poll in library.polls.items()}
# In the chart (hover and highlight), the firm and the last day of fieldwork are enough.
short_names = {
    pid: escape_figure_text(f"{poll.firm}, {fieldwork_text(poll, last_day_only=True)}")
    for pid, poll in library.polls.items()
}
chosen = session.current_poll_id()  # the poll being edited is highlighted first
highlight = st.selectbox(
    "Highlight a poll",
    [None, *poll_ids],
    index=(1 + poll_ids.index(chosen)) if chosen in poll_ids else 0,
    format_func=lambda pid: "—" if pid is None else poll_names[pid],
)
views = [NATIONAL, *REGIONS]
region = st.radio(
    "Where",
    views,
    format_func=lambda r: "Belgium (national)" if r == NATIONAL else REGION_NAMES[r],
    horizontal=True,
)
st.plotly_chart(poll_history_figure(shares, library.parties, region, highlight, results, short_names))

if highlight is not None:
    poll = library.polls[highlight]
    if region == NATIONAL and poll.covered_regions != REGIONS:
        st.info(
            f"{escape_markdown(poll_names[highlight])} covers only {', '.join(REGION_NAMES[r] for r in poll.covered_regions)}: "
            "it has no national figure. Pick a region to see it."
        )
    rows = [s for s in shares if s.poll_id == highlight and s.region == region and s.party in library.parties]
    if rows:
        ordered = sorted(rows, key=lambda s: -s.share)
        st.table(
            {
                "Party": [escape_markdown(library.parties[s.party].abbreviation_on(s.fieldwork_end)) for s in ordered],
                "Share": [f"{s.share:.1f}%" for s in ordered],
            },
            hide_index=True,
            width="content",
        )
        st.caption(
            f"{escape_markdown(poll_names[highlight])}: each party's share, read the way the model reads the poll."
        )
