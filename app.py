"""Seatcast dashboard: navigation, the scenario read from (and written to) the URL, the share
link, and the quick-then-full simulation. Pages in pages/ only draw."""

from pathlib import Path

import streamlit as st

from engine.report import escape_markdown
from ui import state

st.set_page_config(page_title="Seatcast", page_icon="🏛️", layout="wide")

PAGES = Path(__file__).parent / "pages"
pages = [
    st.Page(PAGES / "poll.py", title="Poll", icon=":material/edit_note:", default=True),
    st.Page(PAGES / "seats.py", title="Seats", icon=":material/event_seat:"),
    st.Page(PAGES / "coalitions.py", title="Coalitions", icon=":material/handshake:"),
    st.Page(PAGES / "voting_intentions.py", title="Voting intentions", icon=":material/how_to_vote:"),
    st.Page(PAGES / "constituencies.py", title="Constituencies", icon=":material/map:"),
    st.Page(PAGES / "report.py", title="Report", icon=":material/download:"),
]
if (PAGES / "track_record.py").exists():  # built separately (bench/); shown once it lands
    pages.append(st.Page(PAGES / "track_record.py", title="Track record", icon=":material/history:"))
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
status = st.empty()
page.run()
state.sync_url()
state.refine(status)
