"""The coalition on display: chosen party by party or from a preset, kept in the session (and
the share link), and named after its preset when it is one (in the page's language)."""

from __future__ import annotations

import streamlit as st

from engine import Result
from engine.i18n import current_language

from . import cache, session

COALITION_WIDGET = "coalition"
PRESET_WIDGET = "preset"


def party_options() -> list[str]:
    """Every registry party, in seating order (left to right)."""
    parties = cache.library().parties
    return sorted(parties, key=lambda k: parties[k].position)


def preset_names() -> list[str]:
    return [c.name for c in cache.library().coalitions]


def name(parties: tuple[str, ...]) -> str:
    """The preset's name when `parties` is a preset coalition, else "" (the engine labels it)."""
    preset = next((c for c in cache.library().coalitions if set(c.parties) == set(parties)), None)
    return preset.name if preset else ""


def shown_name(name: str) -> str:
    """A coalition's name as readers of the page's language know it: a preset's as their press
    writes it (the session, the link and the reports keep the stable name); a built coalition's
    as the engine labels it."""
    preset = next((c for c in cache.library().coalitions if c.name == name), None)
    return preset.name_in(current_language()) if preset else name


def chosen(result: Result):
    """The chosen coalition's result (seats, majority probabilities)."""
    return result.coalition(session.coalition(), name(session.coalition()))


def mirror_widget() -> None:
    """Show the session's coalition in the party picker (before it is drawn)."""
    st.session_state[COALITION_WIDGET] = list(session.coalition())


def on_coalition() -> None:
    st.session_state[session.COALITION] = tuple(st.session_state[COALITION_WIDGET])


def on_preset() -> None:
    preset = next((c for c in cache.library().coalitions if c.name == st.session_state.get(PRESET_WIDGET)), None)
    if preset:
        st.session_state[session.COALITION] = preset.parties
    st.session_state[PRESET_WIDGET] = None  # the picker is an action, not a state: it empties again
