"""The Poll page's editor in Streamlit's AppTest: a removed party, an emptied box, the share set
and the share used, the parties offered, a failed upload, undo, locks in the link, an election
result as a starting point and the live majority next to the editor. Right values come from the
engine's public functions and the party registry."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from engine import (
    SHARE_DECIMALS,
    Scenario,
    base_poll,
    election_result_date,
    normalised_shares,
    remove_party,
    scenario_from_params,
    set_share,
    simulate,
    with_region,
)
from engine.formatting import escape_markdown, long_date, percent
from engine.poll_average import average_poll, average_poll_id, average_start_days, load_poll_average
from tests.sample_polls import UPLOADED_POLL
from tests.test_app_pages import ARIZONA, SIMS, metric, open_app, shared_params, widget
from ui import starting_point

REGISTRY = tomllib.loads((Path(__file__).resolve().parents[1] / "data" / "parties.toml").read_text())
UNDECIDED_POLL = "2025-03-24-UniversiteitAntwerpenULB"  # Flanders sums to 92.9 % with Others given
DATETIME_FIELDWORK = b"""firm = "X"
commissioners = []
fieldwork_start = 2024-11-18T09:00:00
fieldwork_end = 2024-11-20

[VLG]
sample_size = 1000
NVA = 30
OTHER = 70
"""


@pytest.fixture(scope="module")
def default_poll(library):
    return library.polls[next(iter(library.polls))]


def arizona_majority(poll, library) -> str:
    return percent(simulate(Scenario(poll, simulations=SIMS), library).coalition(ARIZONA).majority_probability.value)


def test_removing_a_party_takes_it_out_with_the_regions_locks_and_the_link_keeps_it(library, default_poll):
    name = library.parties["OPENVLD"].abbreviation_on(default_poll.fieldwork_end)
    at = open_app()
    widget(at.multiselect, "locks:VLG").set_value(["NVA", "VB"]).run()
    widget(at.selectbox, "remove:VLG").set_value(name).run()  # AppTest picks options by their label
    assert not at.exception

    removed = remove_party(default_poll.region("VLG"), "OPENVLD", ("NVA", "VB"))
    expected = with_region(default_poll, removed, "VLG")
    assert metric(at, "Arizona: majority") == arizona_majority(expected, library)
    published = normalised_shares(default_poll.region("VLG"))
    for locked in ("NVA", "VB"):  # locked parties keep their share
        assert widget(at.slider, f"share:VLG:{locked}").value == round(published[locked], SHARE_DECIMALS)
    assert not [s for s in at.slider if s.key.startswith("share:VLG:OPENVLD#")]

    # The editor says which parties are out, and "Add a party" offers them back.
    assert any("Removed from this scenario in Flanders" in c.value and name in c.value for c in at.caption)
    (add_back,) = [o for o in widget(at.selectbox, "add:VLG").options if o.startswith(name)]

    params = shared_params(at)
    assert params["rm.VLG"] == "OPENVLD" and params["lock.VLG"] == "NVA,VB"
    shared = scenario_from_params(params, library, default_poll.id)
    assert shared.scenario.poll == expected and shared.locks == {"VLG": ("NVA", "VB")} and not shared.warnings

    at.switch_page("app_pages/poll.py").run()
    widget(at.selectbox, "add:VLG").set_value(add_back).run()
    assert widget(at.slider, "share:VLG:OPENVLD").value == 0.0
    assert not any("Removed from this scenario" in c.value for c in at.caption)
    assert "rm.VLG" not in shared_params(at)


@pytest.mark.parametrize("name", ["exact:VLG:VB", "n:VLG", "seed"])
def test_an_emptied_number_box_changes_nothing_and_shows_its_value_again(name):
    at = open_app()
    shown, majority = widget(at.number_input, name).value, metric(at, "Arizona: majority")
    widget(at.number_input, name).set_value(None).run()  # what the browser sends for an emptied box
    assert not at.exception
    assert widget(at.number_input, name).value == shown
    assert metric(at, "Arizona: majority") == majority and "edited" not in at.caption[0].value
    assert not {"VLG", "n.VLG", "seed"} & set(shared_params(at))


def test_a_share_typed_is_the_share_used_and_the_table_shows_published_and_used(library):
    poll = library.polls[UNDECIDED_POLL]
    flanders = poll.region("VLG")
    published, used = dict(flanders.shares), normalised_shares(flanders)
    at = open_app(poll=UNDECIDED_POLL)
    # The sliders start from the model's reading of the poll, not from the published figure.
    assert widget(at.slider, "share:VLG:NVA").value == round(used["NVA"], SHARE_DECIMALS) != published["NVA"]
    table = at.table[1].value  # the details table, then one per region
    assert list(table["Published"])[:2] == [f"{published['NVA']:.2f}", f"{published['VB']:.2f}"]
    assert list(table["Used by the model"])[:2] == [f"{used['NVA']:.2f}", f"{used['VB']:.2f}"]
    total = sum(share for _, share in flanders.shares)
    assert any(f"sum to {total:.1f} %" in c.value and "undecided" in c.value for c in at.caption)

    widget(at.number_input, "exact:VLG:NVA").set_value(30.0).run()
    edited = set_share(flanders, "NVA", 30.0)
    assert widget(at.slider, "share:VLG:NVA").value == 30.0 == normalised_shares(edited)["NVA"]
    table = at.table[1].value
    assert list(table["Used by the model"])[0] == "30.00"
    assert sum(float(v) for v in table["Used by the model"]) == pytest.approx(100.0, abs=0.01 * len(table))
    assert metric(at, "Arizona: majority") == arizona_majority(with_region(poll, edited, "VLG"), library)


@pytest.mark.parametrize("poll_id", [None, "election-2024-06-09", "2024-06-04-Ipsos"])
def test_the_editor_offers_only_parties_that_run_in_the_region(library, poll_id):
    poll = base_poll(poll_id or next(iter(library.polls)), library)
    at = open_app(**({"poll": poll_id} if poll_id else {}))
    for region_poll in poll.regions:
        present = {k for entry, _ in region_poll.shares for k in entry.split("+")}
        runs_here = {k for k, party in REGISTRY.items() if region_poll.region in party["regions"]}
        expected = {library.parties[k].abbreviation_on(poll.fieldwork_end) for k in runs_here - present}
        assert set(widget(at.selectbox, f"add:{region_poll.region}").options) == expected, region_poll.region
    if poll.region("VLG"):
        assert "PTB" not in widget(at.selectbox, "add:VLG").options  # the family's Walloon list


def test_a_crashing_upload_says_so_and_leaves_the_editor_in_step(library, default_poll, monkeypatch):
    at = open_app(VLG="NVA:40,VB:20,OTHER:40")
    before = metric(at, "Arizona: majority")

    def crash(*_):  # whatever the parser misses must not reach the page
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(starting_point, "parse_poll", crash)
    at.file_uploader[0].set_value(("deep.toml", b"x = " + b"[" * 600, "text/plain")).run()
    assert not at.exception
    assert "deep.toml was not loaded" in at.error[0].value
    assert not at.file_uploader[0].value  # the refused file is not shown as if loaded
    # A widget the browser draws afresh starts from the value it was created with: the scenario's.
    assert list(widget(at.slider, "share:VLG:NVA").proto.default) == [40.0]
    assert widget(at.number_input, "n:VLG").proto.default == default_poll.region("VLG").sample_size
    assert metric(at, "Arizona: majority") == before

    widget(at.number_input, "n:VLG").increment().run()
    params = shared_params(at)
    assert params["VLG"] == "NVA:40,VB:20,OTHER:40"
    assert params["n.VLG"] == str(default_poll.region("VLG").sample_size + 100)


def test_a_refused_upload_names_its_own_error_and_the_next_choice_clears_it(library):
    at = open_app()
    at.file_uploader[0].set_value(("fieldwork.toml", DATETIME_FIELDWORK, "text/plain")).run()
    assert not at.exception
    (error,) = at.error
    assert "fieldwork.toml was not loaded" in error.value and "line 3" in error.value
    assert not at.file_uploader[0].value
    at.file_uploader[0].set_value(("test-research.toml", UPLOADED_POLL, "text/plain")).run()
    assert not at.error and "Test Research" in list(at.table[0].value.iloc[:, 1])
    widget(at.selectbox, "start").set_value(next(iter(library.polls))).run()
    assert not at.file_uploader[0].value  # the uploaded file is no longer the starting point


def test_undo_gives_back_the_edits_a_new_starting_point_or_a_reset_replaced(library):
    at = open_app()
    widget(at.slider, "share:VLG:VB").set_value(30.0).run()
    widget(at.multiselect, "locks:VLG").set_value(["NVA"]).run()
    edited = shared_params(at)
    at.switch_page("app_pages/poll.py").run()

    widget(at.selectbox, "start").set_value("2024-11-21-Ipsos").run()
    assert shared_params(at)["poll"] == "2024-11-21-Ipsos"
    at.switch_page("app_pages/poll.py").run()
    at.button(key="undo").click().run()
    assert shared_params(at) == edited
    at.switch_page("app_pages/poll.py").run()
    assert widget(at.multiselect, "locks:VLG").value == ["NVA"]

    at.button(key="reset").click().run()
    assert "VLG" not in shared_params(at)
    at.switch_page("app_pages/poll.py").run()
    at.button(key="undo").click().run()
    assert shared_params(at) == edited

    # The offer ends with the next edit: the user has moved on.
    at.switch_page("app_pages/poll.py").run()
    widget(at.selectbox, "start").set_value("2024-11-21-Ipsos").run()
    widget(at.slider, "share:WAL:PS").set_value(30.0).run()
    assert not [b for b in at.button if b.key == "undo"]


def test_locks_travel_in_the_link_and_hold_after_a_reload(library, default_poll):
    at = open_app()
    widget(at.multiselect, "locks:VLG").set_value(["NVA", "VB"]).run()
    params = shared_params(at)
    assert params["lock.VLG"] == "NVA,VB"

    reloaded = open_app(**params)  # a reload is a new session on the same address
    assert widget(reloaded.multiselect, "locks:VLG").value == ["NVA", "VB"]
    widget(reloaded.slider, "share:VLG:CDV").set_value(20.0).run()
    expected = set_share(default_poll.region("VLG"), "CDV", 20.0, ("NVA", "VB"))
    shared = scenario_from_params(shared_params(reloaded), library, default_poll.id)
    assert shared.scenario.poll.region("VLG") == expected and shared.locks == {"VLG": ("NVA", "VB")}


def test_an_election_result_is_described_as_official_results_read_as_a_poll(library):
    poll_id = f"election-{max(library.elections)}"
    poll = base_poll(poll_id, library)
    at = open_app(poll=poll_id)
    details = dict(zip(at.table[0].value.iloc[:, 0], at.table[0].value.iloc[:, 1], strict=True))
    assert details["Starting point"] == f"Official results of {long_date(election_result_date(poll))}"
    (size,) = {r.sample_size for r in poll.regions}
    assert details["Read as"].startswith(f"A poll of {size:,} per region")
    assert not {"Polling firm", "Fieldwork", "Sample sizes"} & set(details)


def test_the_coalitions_majority_is_shown_next_to_the_editor(library, default_poll):
    at = open_app()
    chosen = simulate(Scenario(default_poll, simulations=SIMS), library).coalition(ARIZONA)
    sampling_only = simulate(Scenario(default_poll, simulations=SIMS, polling_error="none"), library).coalition(ARIZONA)
    line = (
        f"**Arizona**: majority **{escape_markdown(percent(chosen.majority_probability.value))}** "
        f"{escape_markdown(f'(sampling error only: {percent(sampling_only.majority_probability.value)})')} · "
        f"median **{chosen.seats.median}** seats"
    )
    assert line in [m.value for m in at.markdown]


def test_the_poll_average_is_a_starting_point_whose_link_reproduces_its_numbers(library):
    day = average_start_days(library)[0]
    poll_id = average_poll_id(day)
    expected = average_poll(load_poll_average(parties=library.parties), day, library)
    at = open_app()
    picker = widget(at.selectbox, "start")
    assert picker.options[0] == f"Poll average on {long_date(day)}"
    picker.set_value(poll_id).run()
    assert not at.exception
    details = dict(zip(at.table[0].value.iloc[:, 0], at.table[0].value.iloc[:, 1], strict=True))
    assert details["Starting point"] == f"Poll average on {long_date(day)}"
    params = shared_params(at)
    assert params["poll"] == poll_id
    shared = scenario_from_params(params, library, next(iter(library.polls)))
    assert shared.scenario.poll == expected and not shared.warnings

    reloaded = open_app(**params)  # a new session on the shared address: the same numbers
    line = f"**Arizona**: majority **{escape_markdown(arizona_majority(expected, library))}**"
    assert any(m.value.startswith(line) for m in reloaded.markdown)


def test_a_link_to_a_day_without_an_average_warns_without_a_traceback():
    at = open_app(poll="average-2099-01-01")
    assert any("poll average has no value" in w.value for w in at.warning)
    assert at.metric
