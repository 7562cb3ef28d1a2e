"""Charts as images for publication: title, scenario line and credit drawn in, PNG at twice the size,
SVG with its text, file names that say what they are.

The export tests draw with kaleido in Debian's Chromium (/usr/bin/chromium): without it they
fail, they are never skipped (as tests/e2e/conftest.py).
"""

from __future__ import annotations

import os
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date

import plotly.graph_objects as go
import pytest

from engine import Scenario, simulate
from engine.domain import Poll
from engine.figures import publication as pub
from engine.figures.seating_plan import seating_plan_figure
from engine.figures.seats import coalition_pmf_figure, seat_pmf_figure
from engine.i18n import language

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
CREDIT = pub.source_credit("https://seatcast.example/?poll=2024-11-21-Ipsos&check=1a2b3c4d")


@pytest.fixture(scope="module")
def ipsos(library):
    return simulate(Scenario(library.polls["2024-11-21-Ipsos"], simulations=2**16), library)


@pytest.fixture(scope="module")
def line(ipsos):
    return pub.scenario_line(ipsos.scenario, edited=False)


@pytest.fixture(scope="module")
def exporter() -> Iterator[None]:
    if not os.access(os.environ.get("BROWSER_PATH", pub.CHROMIUM), os.X_OK):
        pytest.fail(
            f"{pub.CHROMIUM} not found: install it with `apt-get install -y chromium` "
            "(images are drawn in the system Chromium; never run `kaleido_get_chrome`)."
        )
    pub.keep_browser_running()
    try:
        yield
    finally:
        pub.stop_browser()


def charts(ipsos) -> dict[str, go.Figure]:
    nva = ipsos.party("NVA")
    return {
        "seating plan": seating_plan_figure(ipsos),
        "coalition": coalition_pmf_figure(ipsos.coalition(["NVA", "MR", "LE", "VOORUIT", "CDV"]).seats),
        "seats N-VA": seat_pmf_figure(nva.seats, nva.colour, nva.last_result, "N-VA"),
    }


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, which follows the signature (PNG spec §11.2.2)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def svg_texts(svg: bytes) -> list[str]:
    """Each <text> element's lines joined by spaces (plotly writes a line per <tspan>)."""
    root = ET.fromstring(svg)
    out = []
    for text in root.iter(f"{SVG}text"):
        lines = [text.text or ""] + [t.text or "" for t in text.iter(f"{SVG}tspan")]
        out.append(" ".join(part.strip() for part in lines if part.strip()))
    return out


# --- names, lines and the figure copy (no browser) --------------------------------------------


@pytest.mark.parametrize(
    ("chart", "poll_id", "edited", "fmt", "expected"),
    [
        ("seating plan", "2024-11-21-Ipsos", True, "png", "seatcast-seating-plan-2024-11-21-Ipsos-edited.png"),
        ("seating plan", "2024-11-21-Ipsos", False, "svg", "seatcast-seating-plan-2024-11-21-Ipsos.svg"),
        (
            "Seats: Les Engagés",
            "election-2024-06-09",
            False,
            "png",
            "seatcast-seats-les-engages-election-2024-06-09.png",
        ),
        ("coalition N-VA+MR", "custom", True, "svg", "seatcast-coalition-n-va-mr-custom-edited.svg"),
        ("", "../../etc/passwd", False, "png", "seatcast-chart-etc-passwd.png"),
    ],
)
def test_file_name_says_what_the_image_is(chart, poll_id, edited, fmt, expected):
    assert pub.image_file_name(chart, poll_id, edited, fmt) == expected


def test_unknown_formats_and_low_scales_are_refused():
    with pytest.raises(ValueError, match="format"):
        pub.image_file_name("x", "y", False, "jpg")
    with pytest.raises(ValueError, match="format"):
        pub.image_bytes(go.Figure(), "pdf")
    with pytest.raises(ValueError, match="scale"):
        pub.image_bytes(go.Figure(), "png", scale=1)


def test_scenario_line_names_poll_firm_fieldwork_edit_model_and_runs(ipsos, line):
    poll = ipsos.poll
    assert line.startswith("Ipsos for ")
    assert all(media in line for media in poll.commissioners)
    assert "18–21 November 2024" in line and "as published" in line
    assert "multiplicative swing" in line and "polling error of past elections" in line
    assert line.endswith("65,536 simulations")
    edited = pub.scenario_line(Scenario(poll, simulations=2**12, swing="additive", polling_error="none"), True)
    assert " · edited · additive swing · sampling error only · 4,096 simulations" in edited
    with language("fr"):
        assert "65\u202f536" in pub.scenario_line(ipsos.scenario, False) or "65 536" in pub.scenario_line(
            ipsos.scenario, False
        )


def test_scenario_line_of_a_poll_without_commissioners():
    poll = Poll("Kantar", (), date(2024, 5, 1), date(2024, 5, 8), ())
    text = pub.scenario_line(_scenario_of(poll), False)
    assert text.startswith("Kantar, 1–8 May 2024 · ")


def _scenario_of(poll: Poll) -> Scenario:
    # A Scenario validates its poll's dates only against an election day, which this one has none of.
    return Scenario(poll, simulations=2**12)


def test_credit_is_seatcast_and_the_link_without_scheme():
    assert CREDIT == "Seatcast · seatcast.example/?poll=2024-11-21-Ipsos&check=1a2b3c4d"
    assert pub.source_credit("") == "Seatcast"


def test_publication_copy_carries_title_line_and_credit_and_leaves_the_chart_alone(ipsos, line):
    fig = seating_plan_figure(ipsos)
    before = fig.to_json()
    out = pub.for_publication(fig, "Seating plan <b>&</b> uncertainty", line, CREDIT, width=pub.PHONE_WIDTH)
    assert fig.to_json() == before
    assert out.layout.width == pub.PHONE_WIDTH and out.layout.paper_bgcolor == "#FFFFFF"
    texts = [a.text for a in out.layout.annotations if a.name == "publication"]
    # Plain text is escaped for plotly, and long lines are cut at spaces into <br>-separated lines.
    assert any("Seating plan &lt;b&gt;&amp;&lt;/b&gt; uncertainty" in t.replace("<br>", " ") for t in texts)
    assert any(t.replace("<br>", " ") == line for t in texts)
    assert out.layout.title.text.replace("<br>", "") == CREDIT.replace("&", "&amp;")
    assert out.layout.legend.yref == "container"  # the legend sits above the credit


# --- drawing the images (Chromium) ------------------------------------------------------------


@pytest.mark.parametrize("width", [pub.DESKTOP_WIDTH, pub.PHONE_WIDTH])
def test_png_is_at_least_twice_the_figures_size(exporter, ipsos, line, width):
    for name, chart in charts(ipsos).items():
        fig = pub.for_publication(chart, name, line, CREDIT, width=width)
        png = pub.image_bytes(fig, "png")
        w, h = png_size(png)
        assert (w, h) == (2 * fig.layout.width, 2 * fig.layout.height), name


@pytest.mark.parametrize("width", [pub.DESKTOP_WIDTH, pub.PHONE_WIDTH])
def test_svg_holds_the_scenario_line_title_and_credit_as_text_inside_the_image(exporter, ipsos, line, width):
    for name, chart in charts(ipsos).items():
        fig = pub.for_publication(chart, f"Chart: {name}", line, CREDIT, width=width)
        svg = pub.image_bytes(fig, "svg")
        texts = svg_texts(svg)
        assert line in texts, name
        assert f"Chart: {name}" in texts, name
        credit = next(t for t in texts if t.startswith("Seatcast"))
        assert credit.replace(" ", "") == CREDIT.replace(" ", ""), name
        root = ET.fromstring(svg)
        height = float(root.get("viewBox").split()[3])
        assert height == fig.layout.height
        # The credit's last line (baseline plus descenders) ends inside the image, below any legend.
        title = next(t for t in root.iter(f"{SVG}text") if "gtitle" in (t.get("class") or ""))
        lines = 1 + sum(1 for _ in title.iter(f"{SVG}tspan")) - (1 if title.text is None else 0)
        last_baseline = float(title.get("y")) + 1.3 * pub._CREDIT_SIZE * (max(lines, 1) - 1)
        assert last_baseline + 0.25 * pub._CREDIT_SIZE <= height, name
        for group in root.iter(f"{SVG}g"):
            if group.get("class") == "legend":
                y = float(group.get("transform").split(",")[1].rstrip(")"))
                legend_bottom = y + float(group.find(f"{SVG}rect").get("height"))
                assert legend_bottom <= float(title.get("y")) - pub._CREDIT_SIZE, name


def test_concurrent_exports_each_get_their_own_image(exporter):
    results: dict[int, bytes] = {}

    def draw(i: int) -> None:
        fig = pub.for_publication(go.Figure(go.Bar(x=[1], y=[i])), f"Chart number {i}", "line", "Seatcast")
        results[i] = pub.image_bytes(fig, "svg")

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(f"Chart number {i}" in svg_texts(results[i]) for i in range(4))


def chromium_descendants() -> list[int]:
    """Process ids of Chromium processes started, directly or not, by this test process (Linux /proc)."""
    parent: dict[int, int] = {}
    command: dict[int, bytes] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command[int(entry)] = f.read()
        except OSError:
            continue
        parent[int(entry)] = int(stat.rsplit(b")", 1)[1].split()[1])
    me = os.getpid()

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parent.get(pid, 0)
            if pid == me:
                return True
        return False

    return [pid for pid, cmd in command.items() if b"chromium" in cmd and descends(pid)]


def test_a_kept_browser_runs_between_exports_and_a_one_off_export_leaves_none(exporter, ipsos, line):
    fig = pub.for_publication(seating_plan_figure(ipsos), "Seating plan", line, CREDIT)
    pub.image_bytes(fig, "svg")
    assert chromium_descendants(), "keep_browser_running keeps a Chromium between exports"
    pub.stop_browser()  # later tests, if any, export one-off (slower, same images)
    assert not chromium_descendants()
    # Without a kept browser kaleido starts Chromium for the one image and closes it.
    assert pub.image_bytes(fig, "png")[:8] == PNG_SIGNATURE
    assert not chromium_descendants()
