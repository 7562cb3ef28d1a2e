"""Report: the report as Markdown, CSV (plain and for Belgian Excel) and JSON, with the coalition
on display, and the scenario as a poll file."""

import streamlit as st

from engine import poll_to_toml
from engine.formatting import BYTE_ORDER_MARK
from engine.i18n import _
from ui import cache, runs, session, share_link, show

st.title(_("Report"))
result = runs.result()
show.scenario_caption(result)

st.markdown("**" + _("Share this scenario") + "**")
st.code(share_link.share_link(), language=None, wrap_lines=True)
st.caption(_("Anyone opening this link sees the same numbers, in the same language."))

if runs.is_quick(result):
    st.info(_("The downloads are ready once the full run has finished."))
else:
    coalition = tuple(session.coalition())  # in every download, when it is not a preset

    def report(fmt: str) -> str:
        return cache.report(result.scenario, coalition, fmt)

    markdown = report("markdown")
    stem = f"seatcast-{result.poll.id}" + ("-edited" if session.is_edited() else "")
    with st.container(horizontal=True):
        st.download_button(
            _("Report (Markdown)"),
            markdown,
            f"{stem}.md",
            "text/markdown",
            icon=":material/description:",
        )
        st.download_button(
            _("Every seat distribution (CSV)"),
            # The byte-order mark tells Excel the file is UTF-8 (it shows "LiÃ¨ge" otherwise).
            BYTE_ORDER_MARK + report("csv"),
            f"{stem}.csv",
            "text/csv",
            icon=":material/table:",
        )
        st.download_button(
            _("CSV for Excel (Belgium: ; and decimal comma)"),
            report("csv-excel"),
            f"{stem}-excel.csv",
            "text/csv",
            icon=":material/table:",
            help=_(
                "Opens in columns in Excel set up for Belgium, where the list separator is ; and decimals take a comma."
            ),
        )
        st.download_button(
            _("Report (JSON)"),
            report("json"),
            f"{stem}.json",
            "application/json",
            icon=":material/data_object:",
        )
        st.download_button(
            _("Scenario as a poll file (TOML)"),
            poll_to_toml(result.poll),
            f"{stem}.toml",
            "application/toml",
            icon=":material/upload_file:",
            help=_("Load it again on the Poll page (Upload a poll file)."),
        )
    st.caption(
        _(
            "The report has every party, the coalition on display and every preset coalition, and every "
            "constituency. The CSV holds the probability of every seat count."
        )
    )
    with st.expander(_("Preview the report")):
        st.markdown(markdown)
