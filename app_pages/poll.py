"""Poll: pick a starting poll (or an election result), edit it region by region, upload one."""

import streamlit as st

from engine import (
    CONSTITUENCY_NOISE_RANGE,
    CONSTITUENCY_NOISE_STEP,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    MAJORITY,
    OTHER,
    REGIONS,
    SAMPLE_SIZE_RANGE,
    SEED_RANGE,
    SHARE_DECIMALS,
    SHARE_RANGE,
    SWING_MODELS,
    normalised_shares,
)
from engine.formatting import date_range, percent
from ui import coalition, labels, model_settings, poll_editor, runs, session, show, starting_point

st.title("Poll")
# The editor draws first and the numbers follow: on a fresh server the first simulation (and the
# kernel's compilation when its cache is missing) must not keep the editor from appearing.
caption_slot = st.empty()

# --- starting point ------------------------------------------------------------------------
starting_point.mirror_widget()
uploaded_label = f"Uploaded: {labels.poll_label(session.published())}"
st.selectbox(
    "Starting point: a published poll (newest first) or an election result",
    starting_point.options(),
    key=starting_point.START_WIDGET,
    format_func=lambda o: uploaded_label if o == starting_point.UPLOADED_OPTION else labels.start_label(o),
    on_change=starting_point.on_start,
)

poll = session.poll()
published = session.published()
details = {
    "Polling firm": published.firm,
    "Commissioned by": ", ".join(published.commissioners) or "–",
    "Fieldwork": date_range(published.fieldwork_start, published.fieldwork_end),
    "Regions covered": ", ".join(labels.region_name(r) for r in published.covered_regions),
    "Sample sizes": ", ".join(f"{labels.region_name(r.region)} {r.sample_size:,}" for r in published.regions),
}
st.table({"": list(details), "Published poll": list(details.values())}, hide_index=True, hide_header=True)

with st.expander("Upload a poll file (.toml, the format of the poll library)"):
    st.file_uploader(
        "Poll file",
        type=["toml", "txt"],
        key=starting_point.UPLOAD_WIDGET,
        on_change=starting_point.on_upload,
        help="The same format as data/polls/*.toml, and as the poll file the Report page downloads.",
    )

with st.expander("Model and simulations"):
    model_settings.mirror_widgets()
    with st.container(horizontal=True, gap="medium"):
        st.radio(
            "Swing model",
            SWING_MODELS,
            key=model_settings.SWING_WIDGET,
            on_change=model_settings.on_swing,
            format_func=lambda s: s.capitalize() + (" (default)" if s == DEFAULT_SWING else ""),
            help="How a region's change since the last election reaches its constituencies. "
            "Multiplicative: each list keeps its share of the region's vote for its party. "
            "Additive: every constituency moves by the same number of points as its region.",
        )
        st.slider(
            "Local noise",
            *CONSTITUENCY_NOISE_RANGE,
            step=CONSTITUENCY_NOISE_STEP,
            format=f"%.{model_settings.NOISE_DECIMALS}f",
            key=model_settings.NOISE_WIDGET,
            on_change=model_settings.on_noise,
            help="How much a constituency may deviate from its region's swing; "
            f"{DEFAULT_CONSTITUENCY_NOISE} was best calibrated on the 2019→2024 backtest (Track record page).",
        )
    with st.container(horizontal=True, gap="medium"):
        st.number_input(
            "Seed",
            min_value=SEED_RANGE[0],
            max_value=SEED_RANGE[1],
            step=1,
            key=model_settings.SEED_WIDGET,
            on_change=model_settings.on_seed,
            help="The random numbers' starting point: the same seed gives the same numbers on any machine.",
        )
        st.selectbox(
            "Simulations",
            model_settings.simulation_choices(),
            key=model_settings.SIMS_WIDGET,
            on_change=model_settings.on_sims,
            format_func=lambda n: f"{n:,}" + (" (default)" if n == DEFAULT_SIMULATIONS else ""),
            help="More simulations, smaller Monte Carlo error (the ± next to a probability), longer wait.",
        )

if starting_point.upload_error():
    st.error(starting_point.upload_error())

# --- live effect (filled once the editor is drawn) -----------------------------------------
effect_slot = st.container()

# --- editor --------------------------------------------------------------------------------
head = st.container(horizontal=True, vertical_alignment="center")
head.subheader("Edit the shares")
head.button(
    "Reset to the published poll",
    on_click=poll_editor.on_reset,
    disabled=not session.is_edited(),
    icon=":material/undo:",
)
st.caption(
    "Shares in percent as published. The model renormalises them to 100 % (see the table “Used by the model”). "
    "Lock parties to keep their share: moving another party then takes from, or gives to, the "
    "unlocked parties only."
)

tabs = st.tabs([labels.region_name(r) for r in REGIONS])
for region, tab in zip(REGIONS, tabs, strict=True):
    region_poll = poll.region(region)
    with tab:
        if region_poll is None:
            st.info(
                f"This poll does not cover {labels.region_name(region)}: it keeps its "
                f"{labels.baseline_name(poll)} election result (votes and seats) in every simulation."
            )
            continue
        poll_editor.mirror_widgets(region_poll)
        editor, renormalised = st.columns([3, 2], gap="large")
        with editor:
            with st.container(horizontal=True):
                st.number_input(
                    "Sample size",
                    min_value=SAMPLE_SIZE_RANGE[0],
                    max_value=SAMPLE_SIZE_RANGE[1],
                    step=100,
                    key=poll_editor.sample_key(region),
                    on_change=poll_editor.on_sample_size,
                    args=(region,),
                )
                st.multiselect(
                    "Locked parties",
                    [entry for entry, _ in region_poll.shares],
                    format_func=labels.party_label,
                    key=poll_editor.locks_key(region),
                    placeholder="None",
                )
            for entry, _ in region_poll.shares:
                label = labels.party_label(entry)
                with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
                    st.slider(
                        label,
                        *SHARE_RANGE,
                        step=0.1,
                        format="%.1f%%",
                        key=poll_editor.share_key(region, entry),
                        on_change=poll_editor.on_share,
                        args=(region, entry, poll_editor.share_key(region, entry)),
                    )
                    st.number_input(
                        f"{label}, exact share",
                        *SHARE_RANGE,
                        step=0.1,
                        format=f"%.{SHARE_DECIMALS}f",
                        key=poll_editor.exact_key(region, entry),
                        on_change=poll_editor.on_share,
                        args=(region, entry, poll_editor.exact_key(region, entry)),
                        label_visibility="collapsed",
                        width=110,
                    )
            with st.container(horizontal=True):
                st.selectbox(
                    "Add a party",
                    poll_editor.addable(region_poll),
                    index=None,
                    format_func=labels.party_label,
                    key=poll_editor.add_key(region),
                    on_change=poll_editor.on_add_party,
                    args=(region,),
                    placeholder="Choose a party",
                )
                st.selectbox(
                    "Remove a party",
                    [entry for entry, _ in region_poll.shares] if len(region_poll.shares) > 1 else [],
                    index=None,
                    format_func=labels.party_label,
                    key=poll_editor.remove_key(region),
                    on_change=poll_editor.on_remove_party,
                    args=(region,),
                    placeholder="Choose a party",
                )
        with renormalised:
            used = normalised_shares(region_poll)
            entered = dict(region_poll.shares)
            st.table(
                {
                    "Party": [labels.party_label(k) for k in used],
                    "Entered": [f"{entered[k]:.2f}" if k in entered else "–" for k in used],
                    "Used by the model": [f"{v:.2f}" for v in used.values()],
                },
                hide_index=True,
            )
            st.caption(
                f"“Used by the model” sums to 100 %. Sum entered: {sum(entered.values()):.2f} %. "
                + ("Others is the rest up to 100 %." if OTHER not in entered else "")
            )

# --- the numbers ---------------------------------------------------------------------------
with effect_slot:
    result = runs.result()
    chosen = coalition.chosen(result)
    largest = max(result.parties, key=lambda p: (p.seats.median, p.vote_share.estimate))
    with st.container(horizontal=True):
        st.metric(
            f"{chosen.name}: majority (≥ {MAJORITY} seats)",
            percent(chosen.majority_probability.value),
            help="Arithmetical majority, not the chance that the coalition forms. "
            "Change the coalition on the Coalitions page.",
        )
        st.metric(f"{chosen.name}: median seats", chosen.seats.median)
        st.metric(f"Largest party: {largest.abbreviation}", f"{largest.seats.median} seats")
with caption_slot.container():
    show.scenario_caption(result)
