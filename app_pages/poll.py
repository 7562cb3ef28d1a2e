"""Poll: pick a starting poll (or an election result), edit it region by region, upload one."""

import streamlit as st

from engine import (
    CONSTITUENCY_NOISE_RANGE,
    CONSTITUENCY_NOISE_STEP,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    MAJORITY,
    MAX_YEARS_TO_ELECTION,
    POLLING_ERROR_MODELS,
    REGIONS,
    SAMPLE_SIZE_RANGE,
    SEED_RANGE,
    SHARE_DECIMALS,
    SHARE_RANGE,
    SWING_MODELS,
    Poll,
    RegionPoll,
    election_result_date,
    region_reading,
)
from engine.formatting import escape_markdown, fieldwork_text, long_date, number, percent
from engine.i18n import N_, _, ngettext, pgettext
from engine.poll_average import AVERAGE_FIRM
from ui import coalition, labels, model_settings, poll_editor, runs, session, show, starting_point

# The coalition's live majority stays in view while the sliders below it scroll (a phone shows
# only a few of them at a time). `st-key-<key>` is Streamlit's class for a keyed container; the
# element that can stick is its wrapper, whose parent spans the rest of the page.
LIVE_LINE = "editor_live_majority"
STICKY_STYLE = f"""<style>
div:has(> .st-key-{LIVE_LINE}) {{ position: sticky; top: 3.75rem; z-index: 100; background: #fff; }}
.st-key-{LIVE_LINE} {{ padding: 0.35rem 0; border-bottom: 1px solid rgba(49, 51, 63, 0.2); }}
</style>"""
SWING_NAMES = {"multiplicative": N_("Multiplicative"), "additive": N_("Additive")}


def published_details(published: Poll) -> dict[str, str]:
    """The starting point as a reader should understand it: a poll's firm, commissioners,
    fieldwork and sample sizes, or the official results an election result stands for."""
    regions = ", ".join(labels.region_name(r) for r in published.covered_regions)
    sizes = {r.sample_size for r in published.regions}
    per_region = ", ".join(
        _("{n} in {region}").format(n=number(r.sample_size), region=labels.region_name(r.region))
        for r in published.regions
    )
    election_day = election_result_date(published)
    if election_day:
        read_as = (
            _("A poll of {n} per region").format(n=number(sizes.pop()))
            if len(sizes) == 1
            else _("A poll of {sizes}").format(sizes=per_region)
        )
        return {
            _("Starting point"): _("Official results of {date}").format(date=long_date(election_day)),
            _("Read as"): _("{poll}, which sets its uncertainty: edit the sample sizes below to change it").format(
                poll=read_as
            ),
            _("Regions covered"): regions,
        }
    if published.firm == AVERAGE_FIRM and not session.is_uploaded():
        return {
            _("Starting point"): _("Poll average on {date}").format(date=long_date(published.fieldwork_end)),
            _("What it is"): _("Every published poll up to that day pooled, each firm's usual lean taken out"),
            _("Read as"): _("A poll of {sizes}: the average's own uncertainty").format(sizes=per_region),
            _("Regions covered"): regions,
        }
    return {
        _("Polling firm"): published.firm,
        _("Commissioned by"): ", ".join(published.commissioners) or "–",
        _("Fieldwork"): fieldwork_text(published),
        _("Regions covered"): regions,
        _("Sample sizes"): ", ".join(
            f"{labels.region_name(r.region)} {number(r.sample_size)}" for r in published.regions
        ),
    }


def published_column(published: Poll) -> str:
    if election_result_date(published):
        return _("Official result")
    if published.firm == AVERAGE_FIRM and not session.is_uploaded():
        return _("Average")
    return _("In the file") if session.is_uploaded() else _("Published")


def published_reading(published_region: RegionPoll | None) -> str:
    """How the model reads the region's published shares, in a journalist's words ("" when as is)."""
    if published_region is None:
        return ""
    kind, amount = region_reading(published_region)
    off_by = amount - 100.0 if kind == "scaled_down" else amount
    if kind == "as_is" or off_by < 0.05:  # nothing a reader would see at one decimal
        return ""
    # The page writes "100 %" with its space in English: the percent sign is the msgid's.
    if kind == "rest":
        return _("Others is the rest up to 100 % ({share} %).").format(share=number(amount, 1))
    if kind == "undecided":
        return _(
            "The published shares sum to {total} %: the other {share} % (undecided, no answer) are left out, "
            "and the model scales the rest up to 100 %."
        ).format(total=number(100.0 - amount, 1), share=number(amount, 1))
    return _("The published shares sum to {total} %: the model scales them down to 100 %.").format(
        total=number(amount, 1)
    )


def undo_notice() -> None:
    """After a change of starting point or a reset replaced edits: say so, and offer them back."""
    replaced = session.replaced()
    if replaced is None:
        return
    what = escape_markdown(labels.poll_label(replaced.published))
    if replaced.why == "start":
        text = _("The new starting point replaced your edits of {poll}.").format(poll=what)
    else:
        text = _("Your edits of {poll} were reset to the published poll.").format(poll=what)
    with st.container(horizontal=True, vertical_alignment="center", border=True):
        st.markdown(f":material/info: {text}")
        st.button(_("Undo"), key="undo", icon=":material/undo:", on_click=starting_point.on_undo)


def dropped_election_day_notice() -> None:
    """After a new starting point could not keep the election day: say so."""
    day = model_settings.dropped_election_day()
    if day:
        first, last = model_settings.election_day_bounds()
        st.info(
            _(
                "The election day {day} does not fit this poll, which can be read as a forecast of an election "
                "from {first} to {last}: it is read as of its fieldwork. Set another day under “Model and "
                "simulations”."
            ).format(day=long_date(day), first=long_date(first), last=long_date(last)),
            icon=":material/event_busy:",
        )


def polling_error_settings() -> None:
    """How far the poll may be from the result: the polling error, and the election it forecasts."""
    error_key = model_settings.polling_error_key()
    st.radio(
        _("Polling error"),
        POLLING_ERROR_MODELS,
        index=POLLING_ERROR_MODELS.index(model_settings.polling_error()),
        key=error_key,
        on_change=model_settings.on_polling_error,
        args=(error_key,),
        format_func=labels.polling_error_name,
        help=_(
            "Belgian polls have missed past elections by more than their sample size explains (who "
            "answers, who turns out, late swings). The recommended setting counts that error: a poll then "
            "weighs as far fewer respondents than it asked (the line under the numbers says how many). "
            "Sampling error only counts the sample size, as the published seat analyses do: narrower "
            "ranges, and majorities that look surer than they are. Method page, section 8."
        ),
    )
    first, last = model_settings.election_day_bounds()
    day_key = model_settings.election_day_key()
    st.date_input(
        _("Election day (optional)"),
        value=model_settings.election_day(),
        min_value=first,
        max_value=last,
        format="DD/MM/YYYY",
        key=day_key,
        on_change=model_settings.on_election_day,
        args=(day_key,),
        disabled=not model_settings.election_day_matters(),
        help=_(
            "Empty: as if the election were held when the fieldwork ended. A later day reads the poll as a "
            "forecast of that election, and the error grows with the time to it: opinion moves. Up to {years} "
            "years after the fieldwork. Only with the typical error of Belgian polls."
        ).format(years=MAX_YEARS_TO_ELECTION),
    )


def region_editor(region_poll: RegionPoll) -> None:
    """A region's sample size, locks, share sliders and exact inputs, and "Add" / "Remove"."""
    region = region_poll.region
    shown = poll_editor.used_shares(region_poll)
    with st.container(horizontal=True):
        sample_key = poll_editor.sample_key(region, region_poll.sample_size)
        st.number_input(
            _("Sample size"),
            min_value=SAMPLE_SIZE_RANGE[0],
            max_value=SAMPLE_SIZE_RANGE[1],
            value=region_poll.sample_size,
            step=100,
            key=sample_key,
            on_change=poll_editor.on_sample_size,
            args=(region, sample_key),
        )
        locks_key = poll_editor.locks_key(region)
        st.multiselect(
            _("Locked parties"),
            [entry for entry, _share in region_poll.shares],
            default=list(session.locks(region)),
            format_func=labels.party_label,
            key=locks_key,
            on_change=poll_editor.on_locks,
            args=(region, locks_key),
            placeholder=pgettext("no locked parties", "None"),
        )
    for entry, _share in region_poll.shares:
        # Widget labels are Markdown: a party name from the data files is escaped like any text.
        label = escape_markdown(labels.party_label(entry))
        share_key = poll_editor.share_key(region, entry, shown[entry])
        exact_key = poll_editor.exact_key(region, entry, shown[entry])
        with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
            st.slider(
                label,
                *SHARE_RANGE,
                value=shown[entry],
                step=0.1,
                format="%.1f%%",
                key=share_key,
                on_change=poll_editor.on_share,
                args=(region, entry, share_key),
            )
            st.number_input(
                _("{party}, exact share").format(party=label),
                *SHARE_RANGE,
                value=shown[entry],
                step=0.1,
                format=f"%.{SHARE_DECIMALS}f",
                key=exact_key,
                on_change=poll_editor.on_share,
                args=(region, entry, exact_key),
                label_visibility="collapsed",
                width=110,
            )
    with st.container(horizontal=True):
        add_key = poll_editor.add_key(region)
        st.selectbox(
            _("Add a party"),
            poll_editor.addable(region_poll),
            index=None,
            format_func=lambda k: (
                _("{party} (removed: add back)").format(party=labels.party_label(k))
                if k in region_poll.removed
                else labels.party_label(k)
            ),
            key=add_key,
            on_change=poll_editor.on_add_party,
            args=(region, add_key),
            placeholder=_("Choose a party"),
        )
        remove_key = poll_editor.remove_key(region)
        st.selectbox(
            _("Remove a party"),
            poll_editor.removable(region_poll),
            index=None,
            format_func=labels.party_label,
            key=remove_key,
            on_change=poll_editor.on_remove_party,
            args=(region, remove_key),
            placeholder=_("Choose a party"),
        )
    if region_poll.removed:
        names = ", ".join(labels.party_label(k) for k in region_poll.removed)
        st.caption(
            _(
                "Removed from this scenario in {region}: **{parties}**. Their lists get no votes, seats or share "
                "here. “Add a party” brings them back."
            ).format(region=labels.region_name(region), parties=escape_markdown(names))
        )


def used_table(region_poll: RegionPoll, published: Poll) -> None:
    """The published shares next to the shares the model uses, and why they differ."""
    region = region_poll.region
    published_region = published.region(region)
    before = dict(published_region.shares) if published_region else {}
    used = poll_editor.used_shares(region_poll)
    gone = [k for k in before if k not in used]
    rows = list(used) + gone
    st.table(
        {
            _("Party"): [escape_markdown(labels.party_label(k)) for k in rows],
            published_column(published): [number(before[k], 2) if k in before else "–" for k in rows],
            _("Used by the model"): [number(used[k], 2) if k in used else _("removed") for k in rows],
        },
        hide_index=True,
    )
    edited = region_poll != published_region
    how = (
        _("Your edits are used as you set them; the parties you did not lock gave way in proportion.")
        if edited
        else _("Edit a share and the model uses exactly that share.")
    )
    st.caption(" ".join(filter(None, (published_reading(published_region), how))))


st.title(_("Poll"))
# The editor draws first and the numbers follow: on a fresh server the first simulation (and the
# kernel's compilation when its cache is missing) must not keep the editor from appearing.
caption_slot = st.empty()

# --- starting point ------------------------------------------------------------------------
published = session.published()
start_options = starting_point.options()
start_key = starting_point.start_key()
uploaded_label = _("Uploaded: {poll}").format(poll=labels.poll_label(published))
st.selectbox(
    _("Starting point: the poll average, a published poll (newest first) or an election result"),
    start_options,
    index=start_options.index(starting_point.current()),
    key=start_key,
    format_func=lambda o: uploaded_label if o == starting_point.UPLOADED_OPTION else labels.start_label(o),
    on_change=starting_point.on_start,
    args=(start_key,),
)
undo_notice()
dropped_election_day_notice()

# Table cells are Markdown, and a firm or commissioner comes from a file or a link: plain text only.
details = published_details(published)
st.table(
    {"": list(details), _("Published poll"): [escape_markdown(v) for v in details.values()]},
    hide_index=True,
    hide_header=True,
)

with st.expander(_("Upload a poll file (.toml, the format of the poll library)")):
    upload_key = starting_point.upload_key()
    st.file_uploader(
        _("Poll file"),
        type=["toml", "txt"],
        key=upload_key,
        on_change=starting_point.on_upload,
        args=(upload_key,),
        help=_("The format of the poll file the Report page downloads (one table of shares per region)."),
    )

with st.expander(_("Model and simulations")):
    with st.container(horizontal=True, gap="medium"):
        polling_error_settings()
    with st.container(horizontal=True, gap="medium"):
        swing_key = model_settings.swing_key()
        st.radio(
            _("Swing model"),
            SWING_MODELS,
            index=SWING_MODELS.index(model_settings.swing()),
            key=swing_key,
            on_change=model_settings.on_swing,
            args=(swing_key,),
            format_func=lambda s: (
                _("{option} (default)").format(option=_(SWING_NAMES[s])) if s == DEFAULT_SWING else _(SWING_NAMES[s])
            ),
            help=_(
                "How a region's change since the last election reaches its constituencies. Multiplicative: "
                "each list keeps its share of the region's vote for its party. Additive: every constituency "
                "moves by the same number of points as its region."
            ),
        )
        noise_key = model_settings.noise_key()
        st.slider(
            _("Local noise"),
            *CONSTITUENCY_NOISE_RANGE,
            value=model_settings.noise(),
            step=CONSTITUENCY_NOISE_STEP,
            format=f"%.{model_settings.NOISE_DECIMALS}f",
            key=noise_key,
            on_change=model_settings.on_noise,
            args=(noise_key,),
            help=_(
                "How much a constituency may deviate from its region's swing; {noise} was best calibrated on the "
                "2019→2024 backtest (Track record page)."
            ).format(noise=number(DEFAULT_CONSTITUENCY_NOISE, model_settings.NOISE_DECIMALS)),
        )
    # Bottom-aligned: a label that wraps on a phone ("Nombre de simulations") must not push its box
    # below the seed's.
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        seed_key = model_settings.seed_key()
        st.number_input(
            _("Seed"),
            min_value=SEED_RANGE[0],
            max_value=SEED_RANGE[1],
            value=model_settings.seed(),
            step=1,
            key=seed_key,
            on_change=model_settings.on_seed,
            args=(seed_key,),
            help=_("The random numbers' starting point: the same seed gives the same numbers on any machine."),
        )
        sims_key = model_settings.sims_key()
        sims_choices = model_settings.simulation_choices()
        st.selectbox(
            _("Simulations"),
            sims_choices,
            index=sims_choices.index(model_settings.simulations()),
            key=sims_key,
            on_change=model_settings.on_sims,
            args=(sims_key,),
            format_func=lambda n: (
                _("{option} (default)").format(option=number(n)) if n == DEFAULT_SIMULATIONS else number(n)
            ),
            help=_("More simulations, smaller Monte Carlo error (the ± next to a probability), longer wait."),
        )

if starting_point.upload_error():
    st.error(starting_point.upload_error())

# --- live effect (filled once the editor is drawn) -----------------------------------------
effect_slot = st.container()

# --- editor --------------------------------------------------------------------------------
poll = session.poll()
head = st.container(horizontal=True, vertical_alignment="center")
head.subheader(_("Edit the shares"))
head.button(
    _("Reset to the published poll"),
    key="reset",
    on_click=poll_editor.on_reset,
    disabled=not session.is_edited(),
    icon=":material/restart_alt:",
)
st.caption(
    _(
        "Shares in percent. Move a slider or type a share: the model uses exactly that share, and the "
        "other parties give way in proportion so that the region still sums to 100 %. Lock parties to "
        "keep their share. The sliders start from the model's reading of the poll, which can differ "
        "from the published figures (undecided voters left out, Others the rest): the table next to "
        "them shows both."
    )
)
st.html(STICKY_STYLE)
live_line = st.container(key=LIVE_LINE)

tabs = st.tabs([labels.region_name(r) for r in REGIONS])
for region, tab in zip(REGIONS, tabs, strict=True):
    region_poll = poll.region(region)
    with tab:
        if region_poll is None:
            baseline = labels.baseline_name(poll)
            message = (
                _(
                    "This poll does not cover {region}: it keeps its {election} election result (votes and seats) "
                    "in every simulation."
                )
                if baseline
                else _(
                    "This poll does not cover {region}: it keeps its last election result (votes and seats) in "
                    "every simulation."
                )
            )
            st.info(message.format(region=labels.region_name(region), election=baseline))
            continue
        editor, used = st.columns([3, 2], gap="large")
        with editor:
            region_editor(region_poll)
        with used:
            used_table(region_poll, published)

# --- the numbers ---------------------------------------------------------------------------
with effect_slot:
    result = runs.result()
    chosen = coalition.chosen(result)
    largest = result.largest_party
    compares = runs.compares_sampling_only()
    comparison = runs.sampling_only()
    sampling_only = coalition.chosen(comparison).majority_probability.value if comparison else None
    # Metric labels are Markdown: names from a data file or a link are escaped like any text.
    name = escape_markdown(coalition.shown_name(chosen.name))
    with st.container(horizontal=True):
        st.metric(
            _("{coalition}: majority (≥ {majority} seats)").format(coalition=name, majority=MAJORITY),
            percent(chosen.majority_probability.value),
            help=_(
                "Arithmetical majority, not the chance that the coalition forms. Change the coalition on the "
                "Coalitions page."
            ),
        )
        if compares:
            st.metric(
                _("Sampling error only"),
                labels.sampling_only_value(sampling_only),
                help=_(
                    "{coalition}'s majority if the poll erred only by the chance of who was asked, as the "
                    "published analyses assume: Belgian polls have missed by more, so this figure is too sure."
                ).format(coalition=name),
            )
        st.metric(_("{coalition}: median seats").format(coalition=name), chosen.seats.median)
        seats = largest.seats.median
        st.metric(
            _("Largest party: {party}").format(party=escape_markdown(largest.abbreviation)),
            ngettext("{n} seat", "{n} seats", seats).format(n=seats),
        )
    show.uncertainty_caption(result)
with live_line:
    compared = " " + escape_markdown(labels.sampling_only_figure(sampling_only)) if compares else ""
    st.markdown(
        _("**{coalition}**: majority **{probability}**{comparison} · median **{seats}** seats").format(
            coalition=name,
            probability=escape_markdown(percent(chosen.majority_probability.value)),
            comparison=compared,
            seats=chosen.seats.median,
        )
    )
with caption_slot.container():
    show.scenario_caption(result)
