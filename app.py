"""Seatcast dashboard: navigation, the scenario read from (and written to) the URL, the share
link, and the quick-then-full simulation. Pages in app_pages/ only draw.

The dashboard's pages are not in a folder named `pages`: Streamlit treats that name as the old
automatic multipage layout, and the first deep link after a server start (e.g. a share link to
/coalitions) would then run the page without this script."""

from pathlib import Path

import streamlit as st

from engine.formatting import escape_markdown
from engine.i18n import _
from ui import embed, graphics, labels, language, runs, session, share_link

st.set_page_config(page_title="Seatcast", page_icon="🏛️", layout="wide")
language.start()  # before any text: every word of this run is in the session's language

PAGES = Path(__file__).parent / "app_pages"
# A link with chart= opens one chart alone, for an iframe in a news page (ui/embed.py): the pages
# are still known (the link's path names one), but neither their menu nor the sidebar is drawn.
embedding = embed.requested()
page = st.navigation(
    [
        st.Page(PAGES / "poll.py", title=_("Poll"), icon=":material/edit_note:", default=True),
        st.Page(PAGES / "seats.py", title=_("Seats"), icon=":material/event_seat:"),
        st.Page(PAGES / "coalitions.py", title=_("Coalitions"), icon=":material/handshake:"),
        st.Page(PAGES / "voting_intentions.py", title=_("Voting intentions"), icon=":material/how_to_vote:"),
        st.Page(PAGES / "constituencies.py", title=_("Constituencies"), icon=":material/map:"),
        st.Page(PAGES / "report.py", title=_("Report"), icon=":material/download:"),
        st.Page(PAGES / "poll_of_polls.py", title=_("Poll average"), icon=":material/timeline:"),
        st.Page(PAGES / "track_record.py", title=_("Track record"), icon=":material/history:"),
        st.Page(PAGES / "method.py", title=_("Method"), icon=":material/menu_book:"),
    ],
    position="hidden" if embedding else "sidebar",
)

share_link.open_link()
if embedding:
    status = st.empty()
    embed.view()
    runs.refine(status)
    st.stop()

with st.sidebar:
    st.markdown("**" + _("Scenario") + "**")
    edited = " · *" + _("edited") + "*" if session.is_edited() else ""
    st.caption(escape_markdown(labels.poll_label(session.poll())) + edited)
    st.markdown("**" + _("Share this scenario") + "**")
    st.code(share_link.share_link(), language=None, wrap_lines=True)
    st.caption(_("Anyone opening this link sees the same numbers, in the same language."))

for warning in share_link.take_warnings():
    st.warning(escape_markdown(warning))  # a warning may quote the link
share_link.sync_url()  # before the page: the link is right while the numbers are still running
language.selector()
graphics.alt_style()
status = st.empty()
page.run()
runs.refine(status)
