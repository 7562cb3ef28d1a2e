"""Report: the same Markdown, CSV and JSON as the command line, and the scenario as a poll file."""

import streamlit as st

from engine import poll_to_toml, render
from ui import runs, session, share_link, show

st.title("Report")
result = runs.result()
show.scenario_caption(result)

st.markdown("**Share this scenario**")
st.code(share_link.share_link(), language=None, wrap_lines=True)
st.caption("Anyone opening this link sees the same numbers.")

if runs.is_quick(result):
    st.info("The downloads are ready once the full run has finished.")
else:
    stem = f"seatcast-{result.poll.id}" + ("-edited" if session.is_edited() else "")
    with st.container(horizontal=True):
        st.download_button(
            "Report (Markdown)",
            render(result, "markdown"),
            f"{stem}.md",
            "text/markdown",
            icon=":material/description:",
        )
        st.download_button(
            "Every seat distribution (CSV)", render(result, "csv"), f"{stem}.csv", "text/csv", icon=":material/table:"
        )
        st.download_button(
            "Report (JSON)", render(result, "json"), f"{stem}.json", "application/json", icon=":material/data_object:"
        )
        st.download_button(
            "Scenario as a poll file (TOML)",
            poll_to_toml(result.poll),
            f"{stem}.toml",
            "application/toml",
            icon=":material/upload_file:",
            help="Load it again on the Poll page (Upload a poll file).",
        )
    st.caption("The Markdown, CSV and JSON are the command line's (`python -m engine report`) for this scenario.")
    with st.expander("Preview the report"):
        st.markdown(render(result, "markdown"))
