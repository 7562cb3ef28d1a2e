"""The session's scenario: read from the share link once, edited through callbacks, written back
to the URL on every run, and turned into a cached `Result` for the pages to draw.

Pages never compute a statistic and never touch `st.session_state` directly: they call
`scenario()`, `result()` and the edit callbacks below.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import streamlit as st

from engine import (
    CONSTITUENCY_NOISE_RANGE,
    QUICK_SIMULATIONS,
    REGION_NAMES,
    SIMULATION_CHOICES,
    Library,
    Poll,
    RegionPoll,
    Result,
    Scenario,
    add_party,
    load_library,
    parse_poll,
    remove_party,
    scenario_from_params,
    scenario_to_params,
    set_share,
    simulate,
    with_region,
)
from engine.domain import OTHER
from engine.formatting import date_range, long_date
from engine.poll_edits import election_result_date
from engine.share import CUSTOM_POLL, base_poll

# Session keys (one place, so that pages cannot drift apart).
POLL = "scenario.poll"  # the Poll being edited
PUBLISHED = "scenario.published"  # what "Reset" goes back to
POLL_ID = "scenario.poll_id"  # library poll or election-<date> the share link refers to
UPLOADED = "scenario.uploaded"  # True when the poll came from an uploaded file
COALITION = "scenario.coalition"
SEED, SIMS = "scenario.seed", "scenario.sims"
SWING, NOISE = "scenario.swing", "scenario.noise"
WARNINGS = "scenario.warnings"
WARNED_PARAMS = "scenario.warned_params"  # the scenario the link warnings are about
UPLOAD_ERROR = "scenario.upload_error"
FULL_DONE = "scenario.full_done"  # scenarios whose full run this session has seen finish
PENDING_FULL = "scenario.pending_full"
UPLOAD_WIDGET = "upload"
START_WIDGET = "start"
SWING_WIDGET, NOISE_WIDGET, SEED_WIDGET, SIMS_WIDGET = "swing", "noise", "seed", "sims"
COALITION_WIDGET = "coalition"


@st.cache_resource(show_spinner=False)
def library() -> Library:
    return load_library()


# A 2^20-simulation Result with every summary read holds about 115 MB of draws: keep four (and
# drop them after an hour), so that many readers of many links stay within a host's memory.
# Scenario is a frozen dataclass whose repr spells out every field, so repr is an exact cache key.
@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False, hash_funcs={Scenario: repr})
def _simulate(scenario: Scenario) -> Result:
    return simulate(scenario, library())


def default_poll_id() -> str:
    return next(iter(library().polls))


def init() -> None:
    """On a session's first run, take the scenario from the URL (a share link)."""
    state = st.session_state
    if POLL in state:
        return
    lib = library()
    scenario_, poll_id, coalition, warnings = scenario_from_params(st.query_params.to_dict(), lib, default_poll_id())
    state[POLL] = scenario_.poll
    # A link to an uploaded poll (poll=custom) carries the whole poll: it is its own published poll.
    uploaded = poll_id == CUSTOM_POLL
    state[PUBLISHED] = scenario_.poll if uploaded else base_poll(poll_id, lib)
    state[POLL_ID] = scenario_.poll.id if uploaded else poll_id
    state[UPLOADED] = uploaded
    state[COALITION] = coalition or lib.coalitions[0].parties
    state[SEED], state[SIMS] = scenario_.seed, scenario_.simulations
    state[SWING], state[NOISE] = scenario_.swing, scenario_.constituency_noise
    state[WARNINGS] = warnings
    state[FULL_DONE] = deque(maxlen=6)
    state[WARNED_PARAMS] = share_params() if warnings else None


def scenario() -> Scenario:
    state = st.session_state
    return Scenario(
        state[POLL], seed=state[SEED], simulations=state[SIMS], swing=state[SWING], constituency_noise=state[NOISE]
    )


def poll() -> Poll:
    return st.session_state[POLL]


def published() -> Poll:
    return st.session_state[PUBLISHED]


def poll_id() -> str:
    return st.session_state[POLL_ID]


def is_uploaded() -> bool:
    return st.session_state[UPLOADED]


def is_edited() -> bool:
    return poll() != published()


def coalition() -> tuple[str, ...]:
    return st.session_state[COALITION]


def share_params() -> dict[str, str]:
    """The URL's query parameters for the current scenario (an uploaded poll in full: firm,
    commissioners, fieldwork and every region)."""
    link_poll = CUSTOM_POLL if is_uploaded() else poll_id()
    return scenario_to_params(scenario(), link_poll, library(), coalition())


def sync_url() -> None:
    params = share_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def share_link() -> str:
    """The page's address with the scenario's query parameters."""
    url = st.context.url or ""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "/"
    return f"{base}?{urlencode(share_params())}"


def take_warnings() -> list[str]:
    """Warnings about the share link, shown as long as the scenario is the one the link gave
    (the quick-then-full rerun keeps them; the first edit or page of another scenario drops them)."""
    state = st.session_state
    if state.get(WARNINGS) and state.get(WARNED_PARAMS) != share_params():
        state[WARNINGS] = []
    return state.get(WARNINGS, [])


# --- results -------------------------------------------------------------------------------


def result() -> Result:
    """The current scenario's result. While a full run is not yet done, the quick run (the first
    2^16 simulations of the same seed) answers at once and `refine()` follows with the full run."""
    full = scenario()
    try:
        # The spinner shows only when the run is not cached (it appears after half a second).
        with st.spinner("Running the simulations…"):
            if full.simulations <= QUICK_SIMULATIONS or full in st.session_state[FULL_DONE]:
                return _simulate(full)
            st.session_state[PENDING_FULL] = full
            return _simulate(replace(full, simulations=QUICK_SIMULATIONS))
    except ValueError as error:  # e.g. a poll dated before the first election in the library
        st.error(f"This scenario cannot be simulated: {error}")
        st.stop()


def baseline_name(poll_: Poll) -> str:
    """The election a poll is projected from (the last one before its fieldwork), without
    running it, as a reader's date ("9 June 2024"); "last" when there is none (the run then
    says why)."""
    try:
        return long_date(library().baseline_for(poll_).date)
    except ValueError:
        return "last"


def is_quick(result_: Result) -> bool:
    return result_.simulations < st.session_state[SIMS]


def refine(placeholder) -> None:
    """After a page drew the quick result: run the full simulation and redraw."""
    pending = st.session_state.pop(PENDING_FULL, None)
    if pending is None or pending != scenario():
        return
    with placeholder.container():
        with st.spinner(f"Quick estimate shown; refining with {pending.simulations:,} simulations…"):
            _simulate(pending)
    st.session_state[FULL_DONE].append(pending)
    st.rerun()


# --- model and run settings ----------------------------------------------------------------


def mirror_model_widgets() -> None:
    """Write the scenario's model and run settings into their widgets (before they are drawn)."""
    state = st.session_state
    for widget, key in ((SWING_WIDGET, SWING), (NOISE_WIDGET, NOISE), (SEED_WIDGET, SEED), (SIMS_WIDGET, SIMS)):
        _mirror(widget, state[key])


def simulation_choices() -> list[int]:
    return sorted({*SIMULATION_CHOICES, st.session_state[SIMS]})


def noise_max() -> float:
    return CONSTITUENCY_NOISE_RANGE[1]


def on_swing() -> None:
    st.session_state[SWING] = st.session_state[SWING_WIDGET]


def on_noise() -> None:
    # A float slider's steps are not exact (0.15000000000000002): keep the link short and exact.
    st.session_state[NOISE] = round(float(st.session_state[NOISE_WIDGET]), 2)


def on_seed() -> None:
    value = st.session_state[SEED_WIDGET]
    if value is not None:
        st.session_state[SEED] = int(value)


def on_sims() -> None:
    st.session_state[SIMS] = int(st.session_state[SIMS_WIDGET])


# --- labels --------------------------------------------------------------------------------


def party_label(entry: str) -> str:
    """A poll entry's label: "N-VA", "PS + Vooruit" (a pair reported together), "Others"."""
    if entry == OTHER:
        return "Others"
    parties = library().parties
    day = poll().fieldwork_end
    return " + ".join(parties[k].abbreviation_on(day) if k in parties else k for k in entry.split("+"))


def poll_label(poll_: Poll) -> str:
    dates = date_range(poll_.fieldwork_start, poll_.fieldwork_end)
    election_day = election_result_date(poll_)
    if election_day:
        return f"Election result, {long_date(election_day)}"
    who = f" for {', '.join(poll_.commissioners)}" if poll_.commissioners else ""
    return f"{poll_.firm}{who}, {dates}"


def start_label(poll_id_: str) -> str:
    """A starting point in the picker, dates first ("27 May–3 June 2025 · Ipsos for …"): a
    phone cuts the end of a long label, and the date is what tells the polls apart."""
    poll_ = base_poll(poll_id_, library())
    if poll_ is None or election_result_date(poll_):
        return poll_label(poll_) if poll_ else poll_id_
    who = f" for {', '.join(poll_.commissioners)}" if poll_.commissioners else ""
    return f"{date_range(poll_.fieldwork_start, poll_.fieldwork_end)} · {poll_.firm}{who}"


def region_name(region: str) -> str:
    return REGION_NAMES[region]


# --- edit callbacks (they run before the script, so every page sees the edit) ---------------


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
        _mirror(share_key(region_poll.region, entry), float(share))
        _mirror(exact_key(region_poll.region, entry), float(share))
    _mirror(sample_key(region_poll.region), int(region_poll.sample_size))


def _mirror(key: str, value) -> None:
    # Only when it differs: a value written from the script overrides the browser's, and would
    # swallow the key presses a user made on a slider while the previous edit was running.
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def _replace_region(region_poll: RegionPoll) -> None:
    st.session_state[POLL] = with_region(poll(), region_poll, region_poll.region)


def locked(region: str) -> list[str]:
    return list(st.session_state.get(locks_key(region), []))


def on_share(region: str, entry: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    if value is None:  # an emptied number input: keep the last value
        return
    _replace_region(set_share(poll().region(region), entry, float(value), locked(region)))


def on_sample_size(region: str) -> None:
    value = st.session_state[sample_key(region)]
    if value is None:
        return
    _replace_region(replace(poll().region(region), sample_size=int(value)))


def on_add_party(region: str) -> None:
    key = st.session_state.get(add_key(region))
    if key:
        _replace_region(add_party(poll().region(region), key))
    st.session_state[add_key(region)] = None


def on_remove_party(region: str) -> None:
    entry = st.session_state.get(remove_key(region))
    if entry:
        _replace_region(remove_party(poll().region(region), entry))
        st.session_state[locks_key(region)] = [k for k in locked(region) if k != entry]
    st.session_state[remove_key(region)] = None


def on_reset() -> None:
    st.session_state[POLL] = published()


def on_start() -> None:
    """Switch the starting poll (the edits of the previous one are replaced)."""
    choice = st.session_state[START_WIDGET]
    if choice == poll_id() and not is_uploaded():
        return
    chosen = base_poll(choice, library())
    if chosen is None:
        return
    state = st.session_state
    state[POLL] = state[PUBLISHED] = chosen
    state[POLL_ID], state[UPLOADED] = choice, False


def on_upload() -> None:
    """Replace the poll by an uploaded file's; on any error keep the current edits."""
    state = st.session_state
    file = state.get(UPLOAD_WIDGET)
    if file is None:
        return
    try:
        text = file.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        state[UPLOAD_ERROR] = f"{file.name} was not loaded: it is not a UTF-8 text file."
        return
    load_uploaded(text, file.name)


def load_uploaded(text: str, filename: str) -> None:
    state = st.session_state
    try:
        uploaded = parse_poll(text, filename, library().parties)
        library().baseline_for(uploaded)
    except ValueError as error:  # DataError is a ValueError
        state[UPLOAD_ERROR] = f"{filename} was not loaded: {error}"
        return
    state[UPLOAD_ERROR] = None
    state[POLL] = state[PUBLISHED] = uploaded
    state[UPLOADED] = True
    state[POLL_ID] = uploaded.id


def upload_error() -> str | None:
    return st.session_state.get(UPLOAD_ERROR)


def on_coalition() -> None:
    st.session_state[COALITION] = tuple(st.session_state[COALITION_WIDGET])


def coalition_name(parties: tuple[str, ...]) -> str:
    """The preset's name when `parties` is a preset coalition, else "" (the engine labels it)."""
    preset = next((c for c in library().coalitions if set(c.parties) == set(parties)), None)
    return preset.name if preset else ""


def set_coalition(parties: tuple[str, ...]) -> None:
    st.session_state[COALITION] = tuple(parties)


PRESET_WIDGET = "preset"


def on_preset() -> None:
    name = st.session_state.get(PRESET_WIDGET)
    preset = next((c for c in library().coalitions if c.name == name), None)
    if preset:
        st.session_state[COALITION] = preset.parties
    st.session_state[PRESET_WIDGET] = None
