"""The dashboard in Streamlit's AppTest: every page renders, edits change the numbers, and the
numbers shown are the engine's for the same scenario."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from engine import (
    CUSTOM_POLL,
    DEFAULT_CONSTITUENCY_NOISE,
    SHARE_DECIMALS,
    Scenario,
    normalised_shares,
    parse_poll,
    render,
    scenario_from_params,
    scenario_to_params,
    set_share,
    simulate,
    with_region,
)
from engine.formatting import BYTE_ORDER_MARK, escape_markdown, long_date, percent, percent_cell
from engine.poll_average import load_poll_average
from engine.poll_average.seats_over_time import AVERAGE_SOURCE, load_seats_over_time
from tests.sample_polls import UPLOADED_POLL
from tests.test_app_safety import markdown_shown
from ui import runs

SIMS = 4096  # small runs keep AppTest fast; the app takes the run size from the link's `sims`
PAGES = ["poll", "seats", "coalitions", "voting_intentions", "constituencies", "report"]
ARIZONA = ("NVA", "MR", "LE", "VOORUIT", "CDV")


def open_app(page: str = "poll", **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["sims"] = str(SIMS)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "poll":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shared_params(at: AppTest) -> dict[str, str]:
    """The query parameters of the "Share this scenario" link on the Report page (the sidebar
    shows the same link, but AppTest drops the sidebar after a widget interaction)."""
    at.switch_page("app_pages/report.py").run()
    (link,) = [c.value for c in at.main.code]
    return dict(parse_qsl(urlsplit(link).query))


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def table_column(at: AppTest, index: int, column: str) -> list:
    return list(at.table[index].value[column])


def widget(elements, name: str):
    """The widget `name` among `elements` (e.g. `at.slider`): the app draws a widget afresh
    under `name#<n>` when the scenario changed other than through it."""
    return next(w for w in elements if w.key and w.key.rpartition("#")[0] == name)


@pytest.fixture(scope="module")
def newest(library):
    poll_id = next(iter(library.polls))
    return poll_id, simulate(Scenario(library.polls[poll_id], simulations=SIMS), library)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = open_app(page)
    assert at.title[0].value.replace("_", " ").lower() == page.replace("_", " ")
    assert "4,096 simulations" in at.caption[0].value


def test_poll_page_shows_the_engines_coalition_probability(newest):
    _, result = newest
    at = open_app()
    arizona = result.coalition(ARIZONA)
    assert metric(at, "Arizona: majority") == percent(arizona.majority_probability.value)
    assert metric(at, "Arizona: median seats") == str(arizona.seats.median)


def test_moving_a_slider_changes_the_numbers_as_the_engine_says(library, newest):
    poll_id, before = newest
    at = open_app()
    shown_before = metric(at, "Arizona: majority")
    widget(at.slider, "share:VLG:NVA").set_value(35.0).run()
    assert not at.exception
    assert widget(at.number_input, "exact:VLG:NVA").value == 35.0  # slider and exact input agree

    # The slider's edit is the engine's `set_share` (the other parties give way as it says).
    poll = library.polls[poll_id]
    edited = set_share(poll.region("VLG"), "NVA", 35.0)
    expected = simulate(Scenario(with_region(poll, edited, "VLG"), simulations=SIMS), library).coalition(ARIZONA)
    assert metric(at, "Arizona: majority") == percent(expected.majority_probability.value)
    assert metric(at, "Arizona: majority") != shown_before
    assert before.coalition(ARIZONA).majority_probability.value < expected.majority_probability.value


def test_exact_number_input_sets_the_share_and_the_link(library):
    at = open_app()
    widget(at.number_input, "exact:WAL:MR").set_value(31.25).run()
    assert widget(at.slider, "share:WAL:MR").value == 31.25
    assert "MR:31.25" in shared_params(at)["WAL"]
    assert "edited" in at.caption[0].value


def test_edits_survive_a_page_switch():
    at = open_app()
    widget(at.slider, "share:VLG:VB").set_value(30.0).run()
    at.switch_page("app_pages/seats.py").run()
    at.switch_page("app_pages/poll.py").run()
    assert widget(at.slider, "share:VLG:VB").value == 30.0
    assert "edited" in at.caption[0].value


def test_reset_goes_back_to_the_published_poll(library):
    at = open_app()
    # The slider shows the published poll as the model reads it.
    published = normalised_shares(library.polls[next(iter(library.polls))].region("VLG"))["VB"]
    widget(at.slider, "share:VLG:VB").set_value(30.0).run()
    at.button(key="reset").click().run()
    assert widget(at.slider, "share:VLG:VB").value == round(published, SHARE_DECIMALS)
    assert "VLG" not in shared_params(at)


def seat_interval_text(seats, level: int) -> str:
    lo, hi = seats.interval(level)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def test_seat_table_shows_the_engines_medians_and_intervals(newest):
    _, result = newest
    at = open_app("seats")
    n = len(result.parties)
    assert [cell.removesuffix(" †") for cell in table_column(at, 0, "Party")[:n]] == [
        escape_markdown(p.abbreviation) for p in result.parties
    ]
    assert table_column(at, 0, "Median")[:n] == [p.seats.median for p in result.parties]
    # Intervals carry invisible word joiners around the dash (no line break inside a range).
    assert [cell.replace("\u2060", "") for cell in table_column(at, 0, "90%")[:n]] == [
        seat_interval_text(p.seats, 90) for p in result.parties
    ]
    # The other intervals have their own table (the main one fits a phone).
    assert [cell.replace("\u2060", "") for cell in table_column(at, 1, "95%")[:n]] == [
        seat_interval_text(p.seats, 95) for p in result.parties
    ]


def test_coalition_builder_shows_any_coalition_as_the_engine_computes_it(newest):
    _, result = newest
    at = open_app("coalitions")
    keys = ["PS", "MR", "LE", "NVA"]
    at.multiselect(key="coalition").set_value(keys).run()
    built = result.coalition(keys)
    assert metric(at, "Majority") == percent(built.majority_probability.value)
    assert metric(at, "Median seats") == str(built.seats.median)
    # The preset table is the engine's, in the engine's order (most likely majority first).
    # Each cell is the name in bold (as the English-language press names it), then the parties
    # on a second line.
    english = {c.name: c.name_in("en") for c in result.library.coalitions}
    assert [cell.split("  \n")[0] for cell in table_column(at, 0, "Coalition")] == [
        f"**{escape_markdown(english[c.name])}**" for c in result.coalitions
    ]
    assert table_column(at, 0, "90%")[0].replace("\u2060", "") == "–".join(
        map(str, result.coalitions[0].seats.interval(90))
    )
    # Each majority cell starts with the scenario's figure (its sampling-only one follows below).
    assert [cell.split("  \n")[0] for cell in table_column(at, 0, "Majority")] == [
        percent_cell(c.majority_probability.value) for c in result.coalitions
    ]
    assert shared_params(at)["coalition"] == "PS+MR+LE+NVA"


def test_voting_intentions_match_the_engine_nationally_and_by_region(newest):
    _, result = newest
    at = open_app("voting_intentions")
    assert table_column(at, 0, "Estimate") == [f"{p.vote_share.estimate:.1f}%" for p in result.parties]
    at.radio(key="area").set_value("WAL").run()
    walloon = [p for p in result.parties if "WAL" in p.regional_vote_share]
    assert table_column(at, 0, "Estimate") == [f"{p.regional_vote_share['WAL'].estimate:.1f}%" for p in walloon]
    last = f"{result.model.baseline.date:%Y} election"
    assert table_column(at, 0, last) == [
        f"{p.last_regional_vote_share['WAL']:.1f}%" if "WAL" in p.last_regional_vote_share else "did not run"
        for p in walloon
    ]
    assert table_column(at, 0, last)[[p.key for p in walloon].index("PTB")] == (
        f"{result.party('PTB').last_regional_vote_share['WAL']:.1f}%"
    )


def test_constituency_tables_list_the_closest_race_first(newest):
    _, result = newest
    at = open_app("constituencies")
    closest = min((c for c in result.constituencies if c.last_seat), key=lambda c: c.last_seat.gap_points)
    assert table_column(at, 0, "Constituency")[0] == result.library.constituency_name(closest.name, "en")
    assert table_column(at, 0, "Short by (pts)")[0] == f"{closest.last_seat.gap_points:.2f}"
    at.selectbox(key="constituency").set_value("Limburg").run()
    limburg = next(c for c in result.constituencies if c.name == "Limburg")
    assert table_column(at, 1, "Median") == [e.seats.median for e in limburg.lists]


def test_report_preview_is_the_command_line_markdown(newest):
    _, result = newest
    at = open_app("report")
    assert len(at.get("download_button")) == 5
    assert at.main.markdown[-1].value == render(result, "markdown", ARIZONA).rstrip("\n")


def test_region_the_poll_does_not_cover_says_it_keeps_its_election_result():
    at = open_app(poll="2024-06-04-Ipsos")  # a Flemish-only poll
    notes = [i.value for i in at.info]
    assert any("does not cover Wallonia" in n and "26 May 2019 election result" in n for n in notes)
    assert any("does not cover Brussels" in n for n in notes)


def test_a_tampered_link_warns_and_falls_back_without_a_traceback():
    at = open_app(poll="no-such-poll", VLG="NVA:abc", coalition="NVA+XYZ", seed="x")
    warnings = " ".join(w.value for w in at.warning)
    assert "Unknown poll" in warnings and "Flanders" in warnings and "XYZ" in warnings and "seed" in warnings
    assert at.metric  # the page still shows numbers


def test_link_warnings_stay_after_the_full_run_and_go_with_the_first_edit():
    # 2^17 simulations: the quick run shows, then the full run reruns the script.
    at = open_app(poll="no-such-poll", VLG="NVA:abc", sims=str(2**17))
    assert "quick" not in at.caption[0].value
    assert any("Unknown poll" in w.value for w in at.warning)
    widget(at.slider, "share:WAL:PS").set_value(30.0).run()
    assert not at.warning


def test_share_link_round_trip_reproduces_the_numbers_in_a_new_session(library):
    first = open_app("coalitions")
    first.switch_page("app_pages/poll.py").run()
    widget(first.slider, "share:BRU:PTB").set_value(27.5).run()
    widget(first.number_input, "n:WAL").set_value(1500).run()
    first.switch_page("app_pages/coalitions.py").run()
    first.multiselect(key="coalition").set_value(["PS", "PTB", "ECOLO", "VB"]).run()
    shown = ([m.value for m in first.metric], first.table[0].value)
    params = shared_params(first)

    second = open_app("coalitions", **params)
    assert [m.value for m in second.metric] == shown[0]
    assert second.table[0].value.equals(shown[1])
    # …and both are what the engine computes for the scenario the link describes.
    scenario, _, coalition, warnings, _ = scenario_from_params(params, library, next(iter(library.polls)))
    assert not warnings and scenario.simulations == SIMS and scenario.poll.region("WAL").sample_size == 1500
    built = simulate(scenario, library).coalition(coalition)
    assert metric(second, "Majority") == percent(built.majority_probability.value)
    assert shared_params(second) == params


def test_quick_run_is_replaced_by_the_full_run(library):
    sims = 2**17  # above the quick run's 2^16: the app shows the quick run, then refines
    at = open_app("seats", sims=str(sims))
    assert f"{sims:,} simulations" in at.caption[0].value and "quick" not in at.caption[0].value
    poll = library.polls[next(iter(library.polls))]
    full = simulate(replace(Scenario(poll), simulations=sims), library)
    assert table_column(at, 0, "Median")[: len(full.parties)] == [p.seats.median for p in full.parties]


def test_local_noise_changes_the_coalition_probability_as_the_engine_says(library, newest):
    poll_id, before = newest
    at = open_app()
    assert widget(at.slider, "noise").value == DEFAULT_CONSTITUENCY_NOISE
    widget(at.slider, "noise").set_value(0.25).run()
    assert not at.exception
    expected = simulate(Scenario(library.polls[poll_id], simulations=SIMS, constituency_noise=0.25), library).coalition(
        ARIZONA
    )
    assert metric(at, "Arizona: majority") == percent(expected.majority_probability.value)
    assert expected.majority_probability.value != before.coalition(ARIZONA).majority_probability.value
    assert shared_params(at)["noise"] == "0.25"


def test_swing_seed_and_simulations_reach_the_link_and_the_numbers(library):
    at = open_app()
    widget(at.radio, "swing").set_value("additive").run()
    widget(at.number_input, "seed").set_value(7).run()
    widget(at.selectbox, "sims").set_value(2**16).run()
    params = shared_params(at)
    assert (params["swing"], params["seed"], params["sims"]) == ("additive", "7", str(2**16))
    scenario, _, _, warnings, _ = scenario_from_params(params, library, next(iter(library.polls)))
    assert not warnings
    assert (scenario.swing, scenario.seed, scenario.simulations) == ("additive", 7, 2**16)
    at.switch_page("app_pages/poll.py").run()
    expected = simulate(scenario, library).coalition(ARIZONA)
    assert metric(at, "Arizona: majority") == percent(expected.majority_probability.value)
    assert "65,536 simulations" in at.caption[0].value and "seed 7" in at.caption[0].value


def test_a_link_to_an_uploaded_poll_shows_its_firm_and_keeps_it_in_the_link(library):
    poll = parse_poll(UPLOADED_POLL.decode(), "uploaded.toml", library)
    params = scenario_to_params(Scenario(poll, simulations=SIMS), CUSTOM_POLL, library)
    at = open_app(**params)
    assert not at.warning
    details = at.table[0].value
    firm = dict(zip(details.iloc[:, 0], details.iloc[:, 1], strict=True))
    assert firm["Polling firm"] == "Test Research" and "De Testkrant" in firm["Commissioned by"]
    expected = simulate(Scenario(poll, simulations=SIMS), library).coalition(ARIZONA)
    assert metric(at, "Arizona: majority") == percent(expected.majority_probability.value)
    # The app's link also names the coalition on display, and its check covers that too; a link
    # without a language opens in the browser's (English under AppTest), and then carries it.
    assert {k: v for k, v in shared_params(at).items() if k not in ("coalition", "check")} == {
        **{k: v for k, v in params.items() if k != "check"},
        "lang": "en",
    }


def test_seats_page_shows_pvda_ptb_combined_below_the_table(newest):
    _, result = newest
    (family,) = result.families
    at = open_app("seats")
    # The last row of the seat table, after every party.
    assert table_column(at, 0, "Party")[len(result.parties) :] == [escape_markdown("PVDA-PTB combined (PVDA + PTB)")]
    assert table_column(at, 0, "Median")[-1] == family.seats.median
    assert table_column(at, 0, "Last")[-1] == result.party("PVDA").last_result + result.party("PTB").last_result


def test_method_page_explains_majority_and_links_the_track_record():
    at = open_app("method")
    assert at.title[0].value == "Method"
    text = " ".join(m.value for m in at.markdown)
    assert "not the chance that these parties form a government" in text and "D'Hondt" in text
    assert at.get("page_link")[0].proto.page.endswith("track_record")


# --- downloads -------------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """The files the pages offer for download, by file name, as a browser would save them."""
    files: dict[str, bytes] = {}
    store = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        files[filename] = path_or_data
        return store(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


NOT_A_PRESET = ("PS", "MR", "LE", "NVA")
UTF8_BYTE_ORDER_MARK = b"\xef\xbb\xbf"  # what Excel looks for to read a CSV file as UTF-8


def test_downloads_carry_the_coalition_on_display_and_the_csv_opens_in_excel(library, newest, downloads):
    poll_id, result = newest
    assert all(set(c.parties) != set(NOT_A_PRESET) for c in library.coalitions)
    open_app("report", coalition="+".join(NOT_A_PRESET))
    stem = f"seatcast-{poll_id}"
    expected = {
        f"{stem}.md": render(result, "markdown", NOT_A_PRESET),
        f"{stem}.csv": BYTE_ORDER_MARK + render(result, "csv", NOT_A_PRESET),
        f"{stem}-excel.csv": render(result, "csv-excel", NOT_A_PRESET),
        f"{stem}.json": render(result, "json", NOT_A_PRESET),
    }
    assert {name: downloads.get(name, b"").decode("utf-8") for name in expected} == expected

    # The coalition on display is in every one of them, first among the coalitions.
    built = result.coalition(NOT_A_PRESET)
    assert f"| {escape_markdown(built.name)} |" in downloads[f"{stem}.md"].decode()
    assert json.loads(downloads[f"{stem}.json"])["coalitions"][0]["parties"] == list(NOT_A_PRESET)
    for name, separator in ((f"{stem}.csv", ","), (f"{stem}-excel.csv", ";")):
        assert downloads[name].startswith(UTF8_BYTE_ORDER_MARK)
        rows = list(csv.reader(io.StringIO(downloads[name].decode("utf-8-sig")), delimiter=separator))
        coalition_rows = [row for row in rows if row[0] == "coalition" and row[2] == "+".join(NOT_A_PRESET)]
        assert len(coalition_rows) == len(range(built.seats.support[0], built.seats.support[1] + 1))
    # Belgian Excel reads "0,123456" as a number; "0.123456" would be text.
    assert re.fullmatch(r"\d,\d{6}", rows[1][4])


# --- lists the poll does not name ------------------------------------------------------------------

# A Wallonia-only table (the example): DéFI is not in it.
WALLONIA_ONLY = {
    "poll": "custom",
    "firm": "Test Research",
    "from": "2025-03-01",
    "to": "2025-03-05",
    "WAL": "MR:30,PS:25,LE:20,PTB:15,ECOLO:5,OTHER:5",
}
NAMED_IN_WALLONIA = ("MR", "PS", "LE", "PTB", "ECOLO")


def test_a_list_the_poll_does_not_name_is_said_to_be_held_at_its_last_result(library):
    # The registry has DéFI running in Wallonia; the poll names other parties only.
    defi = library.parties["DEFI"]
    assert "WAL" in defi.regions and "DEFI" not in NAMED_IN_WALLONIA
    mark = f"{defi.abbreviation} †"

    seats = open_app("seats", **WALLONIA_ONLY)
    assert mark in table_column(seats, 0, "Party")
    assert any("held at the" in c.value and "DéFI in Wallonia" in c.value for c in seats.caption)

    shares = open_app("voting_intentions", **WALLONIA_ONLY)
    shares.radio(key="area").set_value("WAL").run()
    walloon = {cell.removesuffix(" †"): cell.endswith(" †") for cell in table_column(shares, 0, "Party")}
    assert walloon[defi.name]
    assert not any(walloon[library.parties[k].name] for k in NAMED_IN_WALLONIA)
    assert any(c.value.startswith("† Not in this poll in Wallonia") and "DéFI" in c.value for c in shares.caption)

    lists = open_app("constituencies", **WALLONIA_ONLY)
    lists.selectbox(key="constituency").set_value("Hainaut").run()
    assert not any(cell.endswith(" †") for cell in table_column(lists, 1, "List"))
    # Brussels is not in the poll at all: every registry list there keeps its last result.
    lists.selectbox(key="constituency").set_value("Bruxelles-Capitale / Brussel-Hoofdstad").run()
    brussels = next(c for c in simulate_link(library, WALLONIA_ONLY).constituencies if c.region == "BRU")
    registry_lists = [e for e in brussels.lists if e.party]
    assert sum(cell.endswith(" †") for cell in table_column(lists, 1, "List")) == len(registry_lists)


def simulate_link(library, params: dict[str, str]):
    scenario, *_ = scenario_from_params({**params, "sims": str(SIMS)}, library, next(iter(library.polls)))
    return simulate(scenario, library)


# --- first start ------------------------------------------------------------------------------------


def test_the_first_run_of_a_server_says_it_is_a_one_time_preparation(monkeypatch):
    monkeypatch.setattr(runs, "kernel_ready", lambda: False)  # numba has not compiled the kernel yet
    assert "one-time preparation" in runs.running_message().lower()
    monkeypatch.setattr(runs, "kernel_ready", lambda: True)
    assert "preparation" not in runs.running_message().lower()


# --- reader-facing text ---------------------------------------------------------------------------

# A file of the repository, a folder of it, or a command: words for developers, not readers.
DEVELOPER_WORDS = re.compile(r"\b[\w-]+\.(?:md|py)\b|\b(?:docs|data|app_pages|engine|ui)/|python -m|`")


@pytest.mark.parametrize(
    "page",
    ["seats", "coalitions", "voting_intentions", "constituencies", "report", "poll_of_polls", "track_record", "method"],
)
def test_reader_facing_text_names_no_repository_file_or_command(page):
    at = open_app(page)
    assert [t for t in markdown_shown(at) if DEVELOPER_WORDS.search(t)] == []


def test_poll_average_page_prints_the_stored_latest_majority_of_the_chosen_coalition():
    at = open_app("poll_of_polls")
    assert at.title[0].value == "Poll average"
    rows = [r for r in load_seats_over_time() if r.kind == "coalition" and r.source == AVERAGE_SOURCE]
    for name in ("Arizona", "Vivaldi"):
        next(s for s in at.selectbox if s.label == "Coalition").set_value(name).run()
        assert not at.exception
        last = max((r for r in rows if r.key == name), key=lambda r: r.day)
        line = (
            f"**{name}**: chance of a majority on the average of {long_date(last.day)}: "
            f"**{escape_markdown(percent(last.majority))}** (median {last.median} seats)."
        )
        assert line in [m.value for m in at.markdown]


@pytest.mark.parametrize("region", ["VLG", "WAL", "BRU", "national"])
def test_poll_average_page_shows_the_stored_house_effects_of_each_region(library, region):
    at = open_app("poll_of_polls")
    next(r for r in at.radio if r.label == "Where").set_value(region).run()
    assert not at.exception
    if region == "national":  # the average is regional: no house-effect table
        assert not at.dataframe
        return
    table = at.dataframe[0].value
    latest = load_poll_average().latest_day
    path = Path(__file__).resolve().parents[1] / "data" / "house_effects.csv"
    stored = [r for r in csv.DictReader(line for line in path.open(encoding="utf-8") if not line.startswith("#"))]
    for row in (r for r in stored if r["region"] == region):
        column = library.parties[row["party"]].abbreviation_on(latest)
        shown = table.loc[table["Firm"] == row["firm"], column].item()
        assert shown == f"{float(row['effect']):+.1f} ± {float(row['sd']):.1f}"


@pytest.mark.parametrize("shared_cache", ["off", "disk"])
def test_the_app_works_with_and_without_a_shared_cache(monkeypatch, tmp_path, newest, shared_cache):
    """No Redis and no disk cache configured (SEATCAST_CACHE_DIR=off): every process runs its own;
    with a disk cache, a second process (a fresh ResultService) reads the first one's result."""
    from engine.result_store import DiskStore, NullStore
    from ui import cache

    _, result = newest
    monkeypatch.delenv("SEATCAST_REDIS_URL", raising=False)
    monkeypatch.setenv("SEATCAST_CACHE_DIR", "off" if shared_cache == "off" else str(tmp_path))
    cache._services.clear()
    try:
        at = open_app()
        assert metric(at, "Arizona: majority") == percent(result.coalition(ARIZONA).majority_probability.value)
        services = cache._services()
        assert all(isinstance(s.store, NullStore if shared_cache == "off" else DiskStore) for s in services)
        assert sum(s.runs for s in services) == 2  # the scenario and its sampling-only comparison
        cache._services.clear()  # as a second process would start
        again = open_app()
        assert metric(again, "Arizona: majority") == metric(at, "Arizona: majority")
        assert sum(s.runs for s in cache._services()) == (2 if shared_cache == "off" else 0)
    finally:
        cache._services.clear()


def test_results_leave_memory_when_no_reader_asks(monkeypatch):
    from tests.test_result_store import held
    from ui import cache

    monkeypatch.setenv("SEATCAST_MEMORY_TTL_S", "0.4")
    cache._services.clear()
    before = {t for t in threading.enumerate() if t.name == "seatcast-tidy"}
    try:
        open_app()
        services = cache._services()
        assert sum(held(s) for s in services) == 2  # the scenario and its comparison
        time.sleep(1.0)  # no request: the sweeper (every ttl/4) drops them
        assert sum(held(s) for s in services) == 0
    finally:
        cache._services.clear()
    (sweeper,) = {t for t in threading.enumerate() if t.name == "seatcast-tidy"} - before
    del services
    sweeper.join(5)
    assert not sweeper.is_alive()  # it ends with the services it tidied
