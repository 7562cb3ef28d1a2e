"""The scenario in the URL: read from the link on a session's first run, written back on every
run (the page's address is always the share link), and the link's warnings. The editor's locks
travel with it, so that a reload or a shared link edits the way the sender did.

A link's parameters are parsed by the engine (`scenario_from_params`), which never raises:
whatever is malformed is dropped with a warning, shown until the scenario changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from engine import CUSTOM_POLL, base_poll, scenario_from_params, scenario_to_params
from engine.share import LANGUAGE_PARAM

from . import cache, language, session

WARNINGS = "scenario.warnings"
WARNED_PARAMS = "scenario.warned_params"  # the scenario the link warnings are about


def open_link() -> None:
    """On a session's first run, take the scenario from the URL (a share link)."""
    if session.started():
        return
    library = cache.library()
    scenario, poll_id, coalition, warnings, locks = scenario_from_params(
        st.query_params.to_dict(), library, next(iter(library.polls))
    )
    coalition = coalition or library.coalitions[0].parties
    # A link to an uploaded poll (poll=custom) carries the whole poll: it is its own published poll.
    if poll_id == CUSTOM_POLL:
        session.start(scenario, scenario.poll, scenario.poll.id, True, coalition, locks)
    else:
        session.start(scenario, base_poll(poll_id, library), poll_id, False, coalition, locks)
    st.session_state[WARNINGS] = warnings
    st.session_state[WARNED_PARAMS] = share_params() if warnings else None


def share_params() -> dict[str, str]:
    """The URL's query parameters for the current scenario (an uploaded poll in full: firm,
    commissioners, fieldwork and every region), the editor's locks, which a reload keeps, and the
    page's language, so that a link opens as it was shared."""
    link_poll = CUSTOM_POLL if session.is_uploaded() else session.poll_id()
    params = scenario_to_params(
        session.scenario(), link_poll, cache.library(), session.coalition(), locks=session.all_locks()
    )
    return {**params, LANGUAGE_PARAM: language.current()}


def sync_url() -> None:
    """Write the scenario into the URL, so that the address bar is the share link."""
    params = share_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def page_link() -> str:
    """The page's address without query parameters ("/" when the server does not know it)."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "/"


def share_link(extra: Mapping[str, str] | None = None) -> str:
    """The page's address with the scenario's query parameters, and `extra` ones after them
    (an embedded chart's ``chart=``, which the checksum leaves out)."""
    return f"{page_link()}?{urlencode({**share_params(), **(extra or {})})}"


def take_warnings() -> list[str]:
    """Warnings about the share link, shown as long as the scenario is the one the link gave
    (the quick-then-full rerun keeps them; the first edit or page of another scenario drops them)."""
    state = st.session_state
    if state.get(WARNINGS) and state.get(WARNED_PARAMS) != share_params():
        state[WARNINGS] = []
    return state.get(WARNINGS, [])
