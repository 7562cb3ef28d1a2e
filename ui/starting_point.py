"""The poll an edit starts from: a library poll, an election result or an uploaded file. The
picker's options and callback, and the upload's callback and error.

Choosing or uploading a poll replaces the edits of the previous one.
"""

from __future__ import annotations

import streamlit as st

from engine import base_poll, parse_poll

from . import cache, session

START_WIDGET = "start"
UPLOAD_WIDGET = "upload"
UPLOAD_ERROR = "scenario.upload_error"
UPLOADED_OPTION = "uploaded"  # the picker's entry for an uploaded poll


def options() -> list[str]:
    """Library polls (newest first), then election results (newest first); an uploaded poll on top."""
    library = cache.library()
    choices = list(library.polls) + [f"election-{e}" for e in sorted(library.elections, reverse=True)]
    return [UPLOADED_OPTION, *choices] if session.is_uploaded() else choices


def mirror_widget() -> None:
    """Show the session's starting point in the picker (before it is drawn)."""
    st.session_state[START_WIDGET] = UPLOADED_OPTION if session.is_uploaded() else session.poll_id()


def on_start() -> None:
    """Switch the starting poll."""
    choice = st.session_state[START_WIDGET]
    if choice == session.poll_id() and not session.is_uploaded():
        return
    chosen = base_poll(choice, cache.library())
    if chosen is not None:
        session.choose_poll(chosen, choice, uploaded=False)


def on_upload() -> None:
    """Replace the poll by an uploaded file's; on any error keep the current edits."""
    file = st.session_state.get(UPLOAD_WIDGET)
    if file is None:
        return
    try:
        text = file.getvalue().decode("utf-8")
        uploaded = parse_poll(text, file.name, cache.library())
    except UnicodeDecodeError:
        st.session_state[UPLOAD_ERROR] = f"{file.name} was not loaded: it is not a UTF-8 text file."
        return
    except ValueError as error:  # DataError is a ValueError
        st.session_state[UPLOAD_ERROR] = f"{file.name} was not loaded: {error}"
        return
    st.session_state[UPLOAD_ERROR] = None
    session.choose_poll(uploaded, uploaded.id, uploaded=True)


def upload_error() -> str | None:
    return st.session_state.get(UPLOAD_ERROR)
