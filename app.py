"""Seatcast dashboard: navigation, the scenario read from (and written to) the URL, the share
link, and the quick-then-full simulation. Pages in app_pages/ only draw.

The dashboard's pages are not in a folder named `pages`: Streamlit treats that name as the old
automatic multipage layout, and the first deep link after a server start (e.g. a share link to
/coalitions) would then run the page without this script."""

from pathlib import Path

import streamlit as st

from engine.formatting import escape_markdown
from ui import state

st.set_page_config(page_title="Seatcast", page_icon="🏛️", layout="wide")

PAGES = Path(__file__).parent / "app_pages"
LEGACY_PAGES = Path(__file__).parent / "pages"
pages = [
    st.Page(PAGES / "poll.py", title="Poll", icon=":material/edit_note:", default=True),
    st.Page(PAGES / "seats.py", title="Seats", icon=":material/event_seat:"),
    st.Page(PAGES / "coalitions.py", title="Coalitions", icon=":material/handshake:"),
    st.Page(PAGES / "voting_intentions.py", title="Voting intentions", icon=":material/how_to_vote:"),
    st.Page(PAGES / "constituencies.py", title="Constituencies", icon=":material/map:"),
    st.Page(PAGES / "report.py", title="Report", icon=":material/download:"),
]
# Pages built by other teams, shown once they land (in either folder).
for name, title, icon in (
    ("poll_of_polls.py", "Poll of polls", ":material/timeline:"),
    ("track_record.py", "Track record", ":material/history:"),
):
    for folder in (PAGES, LEGACY_PAGES):
        if (folder / name).exists():
            pages.append(st.Page(folder / name, title=title, icon=icon))
            break
pages.append(st.Page(PAGES / "method.py", title="Method", icon=":material/menu_book:"))
page = st.navigation(pages)

state.init()

with st.sidebar:
    st.markdown("**Scenario**")
    st.caption(escape_markdown(state.poll_label(state.poll())) + (" · *edited*" if state.is_edited() else ""))
    st.markdown("**Share this scenario**")
    st.code(state.share_link(), language=None, wrap_lines=True)
    st.caption("Anyone opening this link sees the same numbers.")

for warning in state.take_warnings():
    st.warning(warning)
state.sync_url()  # before the page: the link is right while the numbers are still running
status = st.empty()
page.run()
state.refine(status)
