"""The share editor of the Poll page: the keys its widgets are drawn under, what they show and
offer, and the callbacks that turn a slider, an exact share, a sample size, locks, an added or
removed party, or "Reset" into an edited poll.

Widgets show the shares as the model uses them (`normalised_shares`): a share set is the share
used (`set_share`), so a slider must start from the model's reading, not from the published
figure. Callbacks run before the script, so every page of the rerun sees the edit. The edits
themselves (the others giving way, locks, rounding to a link's precision) are the engine's.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from engine import (
    SHARE_DECIMALS,
    RegionPoll,
    add_party,
    addable_parties,
    normalised_shares,
    remove_party,
    set_share,
    with_region,
)

from . import cache, session


def used_shares(region_poll: RegionPoll) -> dict[str, float]:
    """The region's shares as the model uses them (summing to 100, OTHER the rest), to a share
    link's precision: what the sliders and exact inputs show."""
    return {k: round(float(v), SHARE_DECIMALS) for k, v in normalised_shares(region_poll).items()}


def share_key(region: str, entry: str, shown: float) -> str:
    return session.widget_key(f"share:{region}:{entry}", shown)


def exact_key(region: str, entry: str, shown: float) -> str:
    return session.widget_key(f"exact:{region}:{entry}", shown)


def sample_key(region: str, shown: int) -> str:
    return session.widget_key(f"n:{region}", shown)


def locks_key(region: str) -> str:
    return session.widget_key(f"locks:{region}", list(session.locks(region)))


def add_key(region: str) -> str:
    # An action, not a state: the picker is empty again after each choice.
    return session.widget_key(f"add:{region}", None)


def remove_key(region: str) -> str:
    return session.widget_key(f"remove:{region}", None)


def addable(region_poll: RegionPoll) -> list[str]:
    """The registry's parties that run in the region (their `regions`) and that its poll does
    not list, removed ones included, in seating order."""
    parties = cache.library().parties
    in_region = sorted(
        (k for k, p in parties.items() if region_poll.region in p.regions), key=lambda k: parties[k].position
    )
    return addable_parties(region_poll, in_region)


def removable(region_poll: RegionPoll) -> list[str]:
    """The entries "Remove a party" offers: any but the last named party (a region keeps one)."""
    return [entry for entry, _ in region_poll.shares] if len(region_poll.shares) > 1 else []


def _replace_region(region_poll: RegionPoll) -> None:
    session.edit_poll(with_region(session.poll(), region_poll, region_poll.region))


@session.from_current_widget
def on_share(region: str, entry: str, widget_key: str) -> None:
    value = float(st.session_state[widget_key])
    region_poll = session.poll().region(region)
    # A cleared exact input reports the value it was created with, the share shown: setting a
    # share to what it is must leave the poll as published, not turn it into the model's reading.
    if round(value, SHARE_DECIMALS) != used_shares(region_poll).get(entry):
        _replace_region(set_share(region_poll, entry, value, session.locks(region)))


@session.from_current_widget
def on_sample_size(region: str, widget_key: str) -> None:
    size = int(st.session_state[widget_key])
    region_poll = session.poll().region(region)
    if size != region_poll.sample_size:
        _replace_region(replace(region_poll, sample_size=size))


@session.from_current_widget
def on_locks(region: str, widget_key: str) -> None:
    session.set_locks(region, tuple(st.session_state[widget_key]))


@session.from_current_widget
def on_add_party(region: str, widget_key: str) -> None:
    key = st.session_state.get(widget_key)
    if key:
        _replace_region(add_party(session.poll().region(region), key))


@session.from_current_widget
def on_remove_party(region: str, widget_key: str) -> None:
    entry = st.session_state.get(widget_key)
    if entry:
        _replace_region(remove_party(session.poll().region(region), entry, session.locks(region)))
        session.set_locks(region, tuple(k for k in session.locks(region) if k != entry))


def on_reset() -> None:
    session.reset_edits()
