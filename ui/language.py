"""The page's language: chosen on a session's first run from the link (``lang=``), else the
browser's language (`st.context.locale`), else English; then the reader's choice in the selector.

Only this module keeps the language in `st.session_state`; every script run starts by handing it
to the engine (`engine.i18n.set_language`), which translates and formats all text of that run.
Widget callbacks run before that, in a thread of their own: the engine asks `_session_language`
there.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from engine.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, _, parse_language, set_language, use_fallback

LANGUAGE = "ui.language"
SELECTOR = "ui.language_selector"


def start() -> None:
    """Set this run's language: on a session's first run from the link or the browser."""
    state = st.session_state
    if LANGUAGE not in state:
        state[LANGUAGE] = (
            parse_language(st.query_params.get("lang")) or parse_language(st.context.locale) or DEFAULT_LANGUAGE
        )
    set_language(state[LANGUAGE])


def current() -> str:
    """The session's language code (one of `engine.i18n.LANGUAGES`)."""
    return st.session_state.get(LANGUAGE, DEFAULT_LANGUAGE)


def _session_language() -> str | None:
    # Outside a session's thread (a download's deferred data, a test) there is no session state.
    return st.session_state.get(LANGUAGE) if get_script_run_ctx(suppress_warning=True) else None


use_fallback(_session_language)


def _choose() -> None:
    chosen = st.session_state.get(SELECTOR)
    if chosen:  # clicking the selected option again unselects it: keep the language
        st.session_state[LANGUAGE] = chosen
        set_language(chosen)


def selector() -> None:
    """Draw the language selector (each language named in its own language)."""
    st.session_state[SELECTOR] = current()
    st.segmented_control(
        _("Language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=SELECTOR,
        on_change=_choose,
        label_visibility="collapsed",
    )
