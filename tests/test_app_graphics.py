"""Newsroom graphics in the dashboard (issue 13), in Streamlit's AppTest: every chart has its PNG
and SVG download and its text alternative, no image is made until asked, the Seats page shows the
seating plan with uncertainty (the plain plan one click away), and a link with ``chart=`` opens
that chart alone, with the engine's numbers; an unknown chart gives a warning, not a traceback.

Clicking in a real browser, saving the files and the iframe: tests/e2e/test_graphics_e2e.py."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from engine import OTHER, Scenario, scenario_from_params, simulate
from engine.figures.alt_text import plan_alt_text
from engine.figures.publication import scenario_line
from engine.formatting import escape_figure_text, escape_markdown
from engine.seating_plan import plan_order
from engine.share import CHART_PARAM, PARTY_PARAM, embedded_chart
from tests.test_app_safety import _elements
from ui import cache, graphics

SIMS = 4096
POLL = "2024-11-21-Ipsos"
ARIZONA = ("NVA", "MR", "LE", "VOORUIT", "CDV")
PAGES_WITH_CHARTS = ["seats", "coalitions", "voting_intentions", "poll_of_polls", "track_record"]


@pytest.fixture
def downloads(monkeypatch):
    """Every `st.download_button` a run draws: its label, file name, MIME type and data (a callable)."""
    drawn: list[dict] = []
    original = st.download_button

    def recording(label, data, file_name=None, mime=None, **kwargs):
        drawn.append({"label": label, "data": data, "file_name": file_name, "mime": mime, "key": kwargs.get("key")})
        return original(label, data, file_name=file_name, mime=mime, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    return drawn


def open_app(page: str = "poll", **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=180)
    at.query_params["sims"] = str(SIMS)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "poll":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in _elements(at._tree) if getattr(e, "type", None) == "plotly_chart"]


def values(array) -> np.ndarray:
    """A figure's array as plotly's JSON holds it: a list, or typed ({"dtype", "bdata": base64})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def legend_of_the_plan(result) -> list[str]:
    """The seating plan's legend as the engine's plan gives it: "N-VA (23)", left to right."""
    names = {p.key: escape_figure_text(p.abbreviation) for p in result.parties} | {OTHER: "Others"}
    return [f"{names[key]} ({seats})" for key, seats in plan_order(result).items()]


def chart_descriptions(at: AppTest) -> list[str]:
    """The text alternatives under the charts (visually hidden, read by screen readers)."""
    return [c.value for c in at.caption if c.value.startswith("Chart: ")]


@pytest.fixture(scope="module")
def ipsos(library):
    return simulate(Scenario(library.polls[POLL], simulations=SIMS), library)


@pytest.mark.parametrize("page", PAGES_WITH_CHARTS)
def test_every_chart_has_a_png_and_an_svg_download_and_a_text_alternative(page, downloads, monkeypatch):
    monkeypatch.setattr(cache, "BACKTEST_SIMULATIONS", SIMS)  # the track record's backtests, small
    at = open_app(page, poll=POLL)
    charts = figures(at)
    assert charts
    drawn = [d for d in downloads if d["key"] and d["key"].startswith("download:")]
    assert len(drawn) == 2 * len(charts)
    assert sorted(d["mime"] for d in drawn) == sorted(["image/png", "image/svg+xml"] * len(charts))
    for d in drawn:
        assert callable(d["data"])  # made on click, not now
        assert re.fullmatch(r"seatcast-[a-z0-9-]+-[A-Za-z0-9-]+\.(png|svg)", d["file_name"]), d["file_name"]
        assert d["file_name"].endswith(".png" if d["mime"] == "image/png" else ".svg")
    assert len({d["file_name"] for d in drawn}) == len(drawn)  # each file says which chart it is
    assert len(chart_descriptions(at)) == len(charts)
    assert [b.proto.popover.label for b in at.get("popover")].count("Download") == len(charts)


def test_no_image_is_made_until_a_download_is_clicked(downloads, monkeypatch):
    made = []
    monkeypatch.setattr(graphics, "image_bytes", lambda fig, fmt: made.append(fmt) or b"")
    open_app("seats", poll=POLL)
    assert downloads and made == []


def test_a_scenario_charts_files_are_named_after_the_chart_and_the_poll(downloads):
    open_app("seats", poll=POLL)
    names = {d["file_name"] for d in downloads}
    assert {"seatcast-seating-plan-2024-11-21-Ipsos.png", "seatcast-seating-plan-2024-11-21-Ipsos.svg"} <= names
    assert "seatcast-seats-n-va-2024-11-21-Ipsos.svg" in names


def test_the_seating_plans_svg_carries_title_scenario_line_and_credit(downloads, ipsos):
    at = open_app("seats", poll=POLL)
    svg = next(d for d in downloads if d["file_name"] == "seatcast-seating-plan-2024-11-21-Ipsos.svg")
    try:
        text = svg["data"]().decode("utf-8")  # what the click runs, in the download's own thread
    finally:
        graphics._forget_export_browser()
    assert "Seating plan: how sure each seat is" in text
    # The scenario line is wrapped on the image: each of its words is there, in order.
    words = scenario_line(ipsos.scenario, edited=False).split()
    assert re.search(r"\W+".join(map(re.escape, words[:6])), text)
    assert "4,096 simulations" in text
    assert "Seatcast · " in text and "poll=2024-11-21-Ipsos" in text.replace("&amp;", "&")
    assert at.get("plotly_chart")  # the page is unchanged by the export


def test_seats_page_shows_how_sure_each_seat_is_and_the_plain_plan_one_click_away(ipsos):
    at = open_app("seats", poll=POLL)
    plan = figures(at)[0]
    assert any(t.get("name", "").endswith(": toss-up") for t in plan["data"])
    assert escape_markdown(plan_alt_text(ipsos)) in chart_descriptions(at)[0]
    selector = next(b for b in at.button_group if b.key == "ui.plan_view_selector")
    selector.set_value("plain").run()
    plain = figures(at)[0]
    assert not any(": toss-up" in t.get("name", "") for t in plain["data"])
    assert [t["name"] for t in plain["data"]] == legend_of_the_plan(ipsos)
    # The choice is the session's: another page and back keeps it.
    at.switch_page("app_pages/coalitions.py").run()
    at.switch_page("app_pages/seats.py").run()
    assert figures(at)[0] == plain


def embed_params(**params: str) -> dict[str, str]:
    return {"poll": POLL, **params}


def test_a_chart_link_draws_only_the_seating_plan_with_the_engines_seats(ipsos):
    at = open_app(**embed_params(chart="seating-plan"))
    (plan,) = figures(at)  # only the chart: no page, no other chart
    assert not at.title and not at.sidebar.children and not at.button_group
    legend = [t["name"] for t in plan["data"] if t.get("showlegend") is not False and t.get("name")]
    assert legend == legend_of_the_plan(ipsos)
    assert at.markdown[0].value == "**Seating plan: how sure each seat is**"
    source = at.caption[-1].value
    assert escape_markdown(scenario_line(ipsos.scenario, edited=False)) in source
    # The link back opens the full dashboard at the same scenario (no chart=).
    link = re.search(r"\]\((.*)\)$", source).group(1)
    params = dict(parse_qsl(urlsplit(link).query))
    assert CHART_PARAM not in params
    scenario, poll_id, _, warnings, _ = scenario_from_params(params, cache.library(), POLL)
    assert (scenario, poll_id, warnings) == (ipsos.scenario, POLL, [])
    assert escape_markdown(plan_alt_text(ipsos)) in [c.value for c in at.caption]


def test_a_chart_link_draws_a_partys_seat_distribution_as_the_engine_gives_it(ipsos):
    at = open_app(**embed_params(chart="party-seats", party="VB"))
    (pmf,) = figures(at)
    vb = next(p for p in ipsos.parties if p.key == "VB")
    x, y = values(pmf["data"][0]["x"]), values(pmf["data"][0]["y"])
    assert np.allclose(y, 100 * vb.seats.pmf[x[0] : x[-1] + 1])
    assert at.markdown[0].value == "**Vlaams Belang: projected seats**"


def test_a_chart_link_draws_the_coalition_on_display(ipsos):
    at = open_app(**embed_params(chart="coalition", coalition="+".join(ARIZONA)))
    (chart,) = figures(at)
    seats = ipsos.coalition(ARIZONA).seats
    x, y = values(chart["data"][0]["x"]), values(chart["data"][0]["y"])
    assert np.allclose(y, 100 * seats.pmf[x[0] : x[-1] + 1])
    assert "Arizona" in at.markdown[0].value


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"chart": "pie"}, "Unknown chart 'pie' in the link"),
        ({"chart": "party-seats", "party": "NOPE"}, "names no known party"),
        ({"chart": "party-seats"}, "names no known party"),
        # PP is in the registry but not in this poll's scenario.
        ({"chart": "party-seats", "party": "PP"}, "not in this scenario"),
    ],
)
def test_a_chart_link_naming_no_chart_it_can_draw_gives_a_warning_and_the_way_back(params, expected, ipsos):
    assert "PP" not in {p.key for p in ipsos.parties}
    at = open_app(**embed_params(**params))
    assert not at.exception
    assert any(expected in w.value for w in at.warning), [w.value for w in at.warning]
    assert figures(at) == []
    assert "full dashboard" in at.markdown[-1].value


def test_the_embed_snippet_opens_the_chart_at_the_pages_scenario(ipsos):
    at = open_app("seats", poll=POLL)
    snippets = [c.value for c in at.code if c.value.startswith("<iframe")]
    assert len(snippets) == 1 + len(ipsos.parties)  # the seating plan and each party's seats
    src = re.search(r'src="([^"]+)"', snippets[0]).group(1).replace("&amp;", "&")
    params = dict(parse_qsl(urlsplit(src).query))
    assert params[CHART_PARAM] == "seating-plan" and params["embed"] == "true"
    assert 'width="100%"' in snippets[0]
    # The chart's parameters are outside the checksum: the scenario reads back whole, no warning.
    # (Streamlit keeps its own embed= out of the app's query parameters.)
    params.pop("embed")
    scenario, poll_id, _, warnings, _ = scenario_from_params(params, cache.library(), POLL)
    assert (scenario, poll_id, warnings) == (ipsos.scenario, POLL, [])
    assert embedded_chart(params, cache.library()).chart == "seating-plan"
    party = next(s for s in snippets if "party-seats" in s)
    assert PARTY_PARAM + "=" in party
