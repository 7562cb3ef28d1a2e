"""The poll an edit starts from: a library poll, an election result or an uploaded file. The
picker's options and callback, the upload's callback and error, and "Undo".

Choosing or uploading a poll, like "Reset", replaces the edits of the previous one; "Undo" gives
them back until the next edit.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import streamlit as st

from engine import DataError, base_poll, parse_poll
from engine.formatting import escape_markdown
from engine.i18n import N_, _
from engine.i18n import language as writing_in
from engine.poll_average import average_poll_id, average_start_days

from . import cache, language, session

START_WIDGET = "start"
UPLOAD_WIDGET = "upload"
UPLOAD_ERROR = "scenario.upload_error"
UPLOADED_OPTION = "uploaded"  # the picker's entry for an uploaded poll
# Why a file was refused. The session keeps the message untranslated, with the file's name and
# the engine's reason, so that it reads in the language the page is shown in.
NOT_UTF8 = N_("{file} was not loaded: it is not a UTF-8 text file.")
INVALID = N_("{file} was not loaded: {error}")
UNREADABLE = N_("{file} was not loaded: it could not be read as a poll file.")

_LOG = logging.getLogger(__name__)


def options() -> list[str]:
    """The latest poll average, library polls (newest first), election results (newest first),
    then the poll average at each month end (newest first); an uploaded poll on top."""
    library = cache.library()
    days = average_start_days(library)
    month_ends = [d for d in days[1:] if (d + timedelta(days=1)).day == 1]
    choices = [
        average_poll_id(days[0]),
        *library.polls,
        *(f"election-{e}" for e in sorted(library.elections, reverse=True)),
        *(average_poll_id(d) for d in month_ends),
    ]
    return [UPLOADED_OPTION, *choices] if session.is_uploaded() else choices


def current() -> str:
    """The picker's entry for the session's starting point."""
    return UPLOADED_OPTION if session.is_uploaded() else session.poll_id()


def start_key() -> str:
    return session.widget_key(START_WIDGET, current())


def upload_key() -> str:
    return session.current_key(UPLOAD_WIDGET)


def _forget_upload() -> None:
    """The uploader empty and its error gone: a file shows there only while it is the starting point."""
    session.renew(UPLOAD_WIDGET)
    st.session_state[UPLOAD_ERROR] = None


@session.from_current_widget
def on_start(widget_key: str) -> None:
    """Switch the starting poll."""
    choice = st.session_state[widget_key]
    if choice == current():
        return
    chosen = base_poll(choice, cache.library())
    if chosen is not None:
        session.choose_poll(chosen, choice, uploaded=False)
        _forget_upload()


def _refuse(message: str, file_name: str, error: str = "") -> None:
    """Say why a file was not loaded (`message`, one of the messages above), and empty the
    uploader (it would name a file not in use)."""
    session.renew(UPLOAD_WIDGET)
    st.session_state[UPLOAD_ERROR] = (message, file_name, error)


@session.from_current_widget
def on_upload(widget_key: str) -> None:
    """Replace the poll by an uploaded file's; on any error keep the current poll and edits."""
    file = st.session_state.get(widget_key)
    if file is None:
        return
    try:
        text = file.getvalue().decode("utf-8")
        # A callback runs before the script sets the page's language: the engine's reason for a
        # refusal must be written in it.
        with writing_in(language.current()):
            uploaded = parse_poll(text, file.name, cache.library())
    except UnicodeDecodeError:
        _refuse(NOT_UTF8, file.name)
        return
    except DataError as error:
        _refuse(INVALID, file.name, str(error))
        return
    except Exception:  # the engine's validation missed a case: an upload must never crash the page
        _LOG.exception("Uploaded poll file %r could not be read", file.name[:100])
        _refuse(UNREADABLE, file.name)
        return
    session.choose_poll(uploaded, uploaded.id, uploaded=True)
    st.session_state[UPLOAD_ERROR] = None


def upload_error() -> str | None:
    """Why the last uploaded file was refused, as plain text for Markdown (file names are the user's)."""
    refused = st.session_state.get(UPLOAD_ERROR)
    if not refused:
        return None
    message, file_name, error = refused
    return escape_markdown(_(message).format(file=file_name, error=error))


def on_undo() -> None:
    """Give back the edits the last change of starting point or reset replaced."""
    previous = session.replaced()
    session.undo()
    if previous is not None and previous.why == "start":
        _forget_upload()
