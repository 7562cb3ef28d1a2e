"""The share editor of the Poll page: its widgets' keys, the stored poll mirrored into them, and
the callbacks that turn a slider, an exact input, a sample size, an added or removed party, or
"Reset" into an edited poll.

Callbacks run before the script, so every page of the rerun sees the edit. The edits themselves
(locks, rounding to a link's precision) are the engine's (`set_share`, `add_party`, …).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from engine import RegionPoll, add_party, addable_parties, remove_party, set_share, with_region

from . import cache, session


def _widget_key(kind: str, region: str, entry: str = "") -> str:
    return f"{kind}:{region}:{entry}" if entry else f"{kind}:{region}"


def share_key(region: str, entry: str) -> str:
    return _widget_key("share", region, entry)


def exact_key(region: str, entry: str) -> str:
    return _widget_key("exact", region, entry)


def sample_key(region: str) -> str:
    return _widget_key("n", region)


def locks_key(region: str) -> str:
    return _widget_key("locks", region)


def add_key(region: str) -> str:
    return _widget_key("add", region)


def remove_key(region: str) -> str:
    return _widget_key("remove", region)


def mirror_widgets(region_poll: RegionPoll) -> None:
    """Write the stored poll into its widgets' state (before they are drawn): the poll is the
    truth, widgets only show it, so edits survive page switches."""
    for entry, share in region_poll.shares:
        session.mirror(share_key(region_poll.region, entry), float(share))
        session.mirror(exact_key(region_poll.region, entry), float(share))
    session.mirror(sample_key(region_poll.region), int(region_poll.sample_size))


def addable(region_poll: RegionPoll) -> list[str]:
    """The registry's parties of the region that the poll does not list yet, in seating order."""
    parties = cache.library().parties
    in_region = sorted(
        (k for k, p in parties.items() if region_poll.region in p.regions), key=lambda k: parties[k].position
    )
    return addable_parties(region_poll, in_region)


def locked(region: str) -> list[str]:
    return list(st.session_state.get(locks_key(region), []))


def _replace_region(region_poll: RegionPoll) -> None:
    session.edit_poll(with_region(session.poll(), region_poll, region_poll.region))


def on_share(region: str, entry: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    if value is None:  # an emptied number input: keep the last value
        return
    _replace_region(set_share(session.poll().region(region), entry, float(value), locked(region)))


def on_sample_size(region: str) -> None:
    value = st.session_state[sample_key(region)]
    if value is None:
        return
    _replace_region(replace(session.poll().region(region), sample_size=int(value)))


def on_add_party(region: str) -> None:
    key = st.session_state.get(add_key(region))
    if key:
        _replace_region(add_party(session.poll().region(region), key))
    st.session_state[add_key(region)] = None


def on_remove_party(region: str) -> None:
    entry = st.session_state.get(remove_key(region))
    if entry:
        _replace_region(remove_party(session.poll().region(region), entry))
        st.session_state[locks_key(region)] = [k for k in locked(region) if k != entry]
    st.session_state[remove_key(region)] = None


def on_reset() -> None:
    session.edit_poll(session.published())
