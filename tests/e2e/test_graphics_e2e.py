"""Newsroom graphics in headless Chromium (issue 13), at desktop (1280 px) and phone (390 px)
width: the PNG and SVG downloads of the seating plan and of a party's chart are saved and opened
(a PNG at twice the image's width, an SVG whose text holds the scenario line), and the Embed
snippet, pasted in a local HTML page served on a loopback port, shows the seating plan inside its
iframe with the engine's seats.

Screenshots of the Seats page and of the embedded chart are saved under pytest's temporary
directory, or under $SEATCAST_SCREENSHOTS when it is set (to look at them)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from engine import Scenario, simulate
from engine.figures.publication import DESKTOP_WIDTH, PNG_SCALE, scenario_line
from engine.seating_plan import plan_order

POLL = "2024-11-21-Ipsos"
SIMS = 4096  # at most the quick run: the page draws its final numbers at once
TIMEOUT_MS = 90_000  # the server's first image starts its export browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ipsos(library):
    return simulate(Scenario(library.polls[POLL], simulations=SIMS), library)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SEATCAST_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser: Browser) -> Iterator[tuple[str, Page]]:
    context = browser.new_context(viewport=VIEWPORTS[request.param], accept_downloads=True)
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def open_seats(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/seats?poll={POLL}&sims={SIMS}")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)
    expect(page.locator(".st-key-chart-tools-seating_plan")).to_be_visible(timeout=TIMEOUT_MS)


def open_tool(page: Page, chart: str, tool: str):
    """Open a chart's "Download" or "Embed" popover; return its body."""
    tools = page.locator(f".st-key-chart-tools-{chart}")
    tools.scroll_into_view_if_needed()
    tools.get_by_role("button", name=tool).click()
    body = page.get_by_test_id("stPopoverBody")
    expect(body).to_be_visible(timeout=TIMEOUT_MS)
    return body


def download(page: Page, chart: str, fmt: str, folder: Path) -> Path:
    body = open_tool(page, chart, "Download")
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        body.get_by_role("button", name=re.compile(rf"^{fmt.upper()} image")).click()
    saved = folder / info.value.suggested_filename
    info.value.save_as(saved)
    page.keyboard.press("Escape")
    expect(body).to_be_hidden(timeout=TIMEOUT_MS)
    return saved


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"  # the first chunk: width and height, big-endian
    return struct.unpack(">II", data[16:24])


def svg_text(data: bytes) -> str:
    """Every text of an SVG image, its lines joined by single spaces."""
    return " ".join(" ".join(ET.fromstring(data).itertext()).split())


@pytest.mark.e2e
@pytest.mark.parametrize(("chart", "name"), [("seating_plan", "seating-plan"), ("pmf-NVA", "seats-n-va")])
def test_a_charts_png_and_svg_downloads_carry_the_scenario(
    app_url: str, sized_page, chart, name, ipsos, tmp_path, screenshots
):
    size, page = sized_page
    open_seats(page, app_url)
    if chart == "seating_plan":
        page.locator(".st-key-chart-tools-seating_plan").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"seats-{size}.png")

    png = download(page, chart, "png", tmp_path)
    assert png.name == f"seatcast-{name}-{POLL}.png"
    width, height = png_size(png.read_bytes())
    assert width >= PNG_SCALE * DESKTOP_WIDTH and height > 0

    svg = download(page, chart, "svg", tmp_path)
    assert svg.name == f"seatcast-{name}-{POLL}.svg"
    text = svg_text(svg.read_bytes())
    assert scenario_line(ipsos.scenario, edited=False) in text
    assert "Seatcast · " in text and f"poll={POLL}" in text
    if chart == "seating_plan":
        assert "Seating plan: how sure each seat is" in text
    else:
        assert "Nieuw-Vlaamse Alliantie" in text and "projected seats" in text


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test's output is the assertions'
        pass


@pytest.fixture
def article_server(tmp_path) -> Iterator[tuple[Path, str]]:
    """A loopback HTTP server of `tmp_path`: a news page put there is at the yielded URL."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
def test_the_embed_snippet_shows_the_seating_plan_in_a_news_page_with_the_engines_seats(
    app_url: str, sized_page, article_server, ipsos, screenshots
):
    size, page = sized_page
    open_seats(page, app_url)
    body = open_tool(page, "seating_plan", "Embed")
    snippet = body.get_by_test_id("stCode").inner_text().strip()
    assert snippet.startswith("<iframe ") and "chart=seating-plan" in snippet and "embed=true" in snippet

    folder, base = article_server
    (folder / "article.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Article</title></head>"
        "<body style='font-family: Georgia, serif; max-width: 720px; margin: 0 auto; padding: 0 8px'>"
        "<h1>The polls, seat by seat</h1><p>Our reporter writes about the latest poll.</p>"
        f"{snippet}<p>The article goes on.</p></body></html>",
        encoding="utf-8",
    )
    page.goto(f"{base}/article.html")
    frame = page.frame_locator("iframe")
    chart = frame.get_by_test_id("stPlotlyChart")
    expect(chart).to_be_visible(timeout=TIMEOUT_MS)
    expect(chart.locator("g.legend text.legendtext").first).to_be_visible(timeout=TIMEOUT_MS)

    # Only the chart: no sidebar, no navigation, no page title; its title and source line.
    assert frame.get_by_test_id("stSidebar").count() == 0
    assert frame.get_by_test_id("stPlotlyChart").count() == 1
    expect(frame.get_by_text("Seating plan: how sure each seat is")).to_be_visible()
    expect(frame.get_by_text(f"{SIMS:,} simulations", exact=False)).to_be_visible()
    expect(frame.get_by_role("link", name=re.compile("full dashboard"))).to_have_attribute(
        "href", re.compile(rf"/seats\?check=[0-9a-f]{{8}}&poll={POLL}&sims={SIMS}")
    )
    # The legend's seats are the engine's seating plan, party by party.
    legend = chart.locator("g.legend text.legendtext").all_text_contents()
    names = {p.key: p.abbreviation for p in ipsos.parties} | {"OTHER": "Others"}
    assert legend == [f"{names[key]} ({seats})" for key, seats in plan_order(ipsos).items()]
    nva = plan_order(ipsos)["NVA"]
    assert f"N-VA ({nva})" in legend

    page.locator("iframe").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # plotly's transitions
    page.screenshot(path=screenshots / f"embedded-{size}.png", full_page=True)
