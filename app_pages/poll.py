"""Poll: pick a starting poll (or an election result), edit it region by region, upload one."""

import streamlit as st

from engine import (
    CONSTITUENCY_NOISE_STEP,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SIMULATIONS,
    REGIONS,
    SWING_MODELS,
    addable_parties,
    normalised_shares,
)
from engine.formatting import date_range
from ui import show, state

st.title("Poll")
# The editor draws first and the numbers follow: on a fresh server the first simulation (and the
# kernel's compilation when its cache is missing) must not keep the editor from appearing.
caption_slot = st.empty()
library = state.library()

# --- starting point ------------------------------------------------------------------------
UPLOAD_OPTION = "uploaded"
options = list(library.polls) + [f"election-{e}" for e in sorted(library.elections, reverse=True)]
if state.is_uploaded():
    options.insert(0, UPLOAD_OPTION)
st.session_state[state.START_WIDGET] = UPLOAD_OPTION if state.is_uploaded() else state.poll_id()
uploaded_label = f"Uploaded: {state.poll_label(state.published())}"
st.selectbox(
    "Starting point: a published poll (newest first) or an election result",
    options,
    key=state.START_WIDGET,
    format_func=lambda o: uploaded_label if o == UPLOAD_OPTION else state.start_label(o),
    on_change=state.on_start,
)

poll = state.poll()
published = state.published()
details = {
    "Polling firm": published.firm,
    "Commissioned by": ", ".join(published.commissioners) or "–",
    "Fieldwork": date_range(published.fieldwork_start, published.fieldwork_end),
    "Regions covered": ", ".join(state.region_name(r) for r in published.covered_regions),
    "Sample sizes": ", ".join(f"{state.region_name(r.region)} {r.sample_size:,}" for r in published.regions),
}
st.table({"": list(details), "Published poll": list(details.values())}, hide_index=True, hide_header=True)

with st.expander("Upload a poll file (.toml, the format of the poll library)"):
    st.file_uploader(
        "Poll file",
        type=["toml", "txt"],
        key=state.UPLOAD_WIDGET,
        on_change=state.on_upload,
        help="The same format as data/polls/*.toml, and as the poll file the Report page downloads.",
    )

with st.expander("Model and simulations"):
    state.mirror_model_widgets()
    with st.container(horizontal=True, gap="medium"):
        st.radio(
            "Swing model",
            SWING_MODELS,
            key=state.SWING_WIDGET,
            on_change=state.on_swing,
            format_func=lambda s: {"multiplicative": "Multiplicative (default)", "additive": "Additive"}.get(s, s),
            help="How a region's change since the last election reaches its constituencies. "
            "Multiplicative: each list keeps its share of the region's vote for its party. "
            "Additive: every constituency moves by the same number of points as its region.",
        )
        st.slider(
            "Local noise",
            0.0,
            state.noise_max(),
            step=CONSTITUENCY_NOISE_STEP,
            format="%.2f",
            key=state.NOISE_WIDGET,
            on_change=state.on_noise,
            help="How much a constituency may deviate from its region's swing; "
            f"{DEFAULT_CONSTITUENCY_NOISE} was best calibrated on the 2019→2024 backtest (Track record page).",
        )
    with st.container(horizontal=True, gap="medium"):
        st.number_input(
            "Seed",
            min_value=0,
            max_value=2**32 - 1,
            step=1,
            key=state.SEED_WIDGET,
            on_change=state.on_seed,
            help="The random numbers' starting point: the same seed gives the same numbers on any machine.",
        )
        st.selectbox(
            "Simulations",
            state.simulation_choices(),
            key=state.SIMS_WIDGET,
            on_change=state.on_sims,
            format_func=lambda n: f"{n:,}" + (" (default)" if n == DEFAULT_SIMULATIONS else ""),
            help="More simulations, smaller Monte Carlo error (the ± next to a probability), longer wait.",
        )

if state.upload_error():
    st.error(state.upload_error())

# --- live effect (filled once the editor is drawn) -----------------------------------------
effect_slot = st.container()

# --- editor --------------------------------------------------------------------------------
head = st.container(horizontal=True, vertical_alignment="center")
head.subheader("Edit the shares")
head.button(
    "Reset to the published poll", on_click=state.on_reset, disabled=not state.is_edited(), icon=":material/undo:"
)
st.caption(
    "Shares in percent as published. The model renormalises them to 100 % (see the table “Used by the model”). "
    "Lock parties to keep their share: moving another party then takes from, or gives to, the "
    "unlocked parties only."
)

region_parties = {
    region: sorted(
        (k for k, p in library.parties.items() if region in p.regions), key=lambda k: library.parties[k].position
    )
    for region in REGIONS
}
tabs = st.tabs([state.region_name(r) for r in REGIONS])
for region, tab in zip(REGIONS, tabs, strict=True):
    region_poll = poll.region(region)
    with tab:
        if region_poll is None:
            st.info(
                f"This poll does not cover {state.region_name(region)}: it keeps its "
                f"{state.baseline_name(poll)} election result (votes and seats) in every simulation."
            )
            continue
        state.mirror_widgets(region_poll)
        editor, renormalised = st.columns([3, 2], gap="large")
        with editor:
            with st.container(horizontal=True):
                st.number_input(
                    "Sample size",
                    min_value=1,
                    max_value=10_000_000,
                    step=100,
                    key=state.sample_key(region),
                    on_change=state.on_sample_size,
                    args=(region,),
                )
                st.multiselect(
                    "Locked parties",
                    [entry for entry, _ in region_poll.shares],
                    format_func=state.party_label,
                    key=state.locks_key(region),
                    placeholder="None",
                )
            for entry, _ in region_poll.shares:
                label = state.party_label(entry)
                with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
                    st.slider(
                        label,
                        0.0,
                        100.0,
                        step=0.1,
                        format="%.1f%%",
                        key=state.share_key(region, entry),
                        on_change=state.on_share,
                        args=(region, entry, state.share_key(region, entry)),
                    )
                    st.number_input(
                        f"{label}, exact share",
                        0.0,
                        100.0,
                        step=0.1,
                        format="%.2f",
                        key=state.exact_key(region, entry),
                        on_change=state.on_share,
                        args=(region, entry, state.exact_key(region, entry)),
                        label_visibility="collapsed",
                        width=110,
                    )
            with st.container(horizontal=True):
                st.selectbox(
                    "Add a party",
                    addable_parties(region_poll, region_parties[region]),
                    index=None,
                    format_func=state.party_label,
                    key=state.add_key(region),
                    on_change=state.on_add_party,
                    args=(region,),
                    placeholder="Choose a party",
                )
                st.selectbox(
                    "Remove a party",
                    [entry for entry, _ in region_poll.shares] if len(region_poll.shares) > 1 else [],
                    index=None,
                    format_func=state.party_label,
                    key=state.remove_key(region),
                    on_change=state.on_remove_party,
                    args=(region,),
                    placeholder="Choose a party",
                )
        with renormalised:
            used = normalised_shares(region_poll)
            entered = dict(region_poll.shares)
            st.table(
                {
                    "Party": [state.party_label(k) for k in used],
                    "Entered": [f"{entered[k]:.2f}" if k in entered else "–" for k in used],
                    "Used by the model": [f"{v:.2f}" for v in used.values()],
                },
                hide_index=True,
            )
            st.caption(
                f"“Used by the model” sums to 100 %. Sum entered: {sum(entered.values()):.2f} %. "
                + ("Others is the rest up to 100 %." if "OTHER" not in entered else "")
            )

# --- the numbers ---------------------------------------------------------------------------
with effect_slot:
    result = state.result()
    coalition = result.coalition(state.coalition(), state.coalition_name(state.coalition()))
    largest = max(result.parties, key=lambda p: (p.seats.median, p.vote_share.estimate))
    with st.container(horizontal=True):
        st.metric(
            f"{coalition.name}: majority (≥ 76 seats)",
            show.percent(coalition.majority_probability.value),
            help="Arithmetical majority, not the chance that the coalition forms. "
            "Change the coalition on the Coalitions page.",
        )
        st.metric(f"{coalition.name}: median seats", coalition.seats.median)
        st.metric(f"Largest party: {largest.abbreviation}", f"{largest.seats.median} seats")
with caption_slot.container():
    show.scenario_caption(result)
