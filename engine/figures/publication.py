"""Charts as images a newspaper can publish: a title, the scenario, a source credit, PNG or SVG.

`for_publication` returns a copy of a figure with its title and scenario line above the chart and
the source credit below it, on a white background, with margins that keep all of them in the
image; `image_bytes` draws it as PNG (at twice the pixel size, for print and social media) or SVG
(for graphics desks) with kaleido, which runs plotly.js in a headless Chromium: Debian's
``/usr/bin/chromium`` unless ``BROWSER_PATH`` names another (docs/seating-plan.md, "Images").
"""

from __future__ import annotations

import os
import re
import textwrap
import threading
import unicodedata

import plotly.graph_objects as go

from ..defaults import MULTIPLICATIVE, NO_POLLING_ERROR
from ..domain import Scenario
from ..formatting import and_list, escape_figure_text, fieldwork_text, number
from ..i18n import _

EXPORT_FORMATS = ("png", "svg")
# A PNG is drawn at twice the figure's pixel size at least: sharp on phones' screens, in print
# at column width and on social media.
PNG_SCALE = 2
# Export widths in CSS pixels: an article's desktop column, and a phone held upright.
DESKTOP_WIDTH = 800
PHONE_WIDTH = 390
CHROMIUM = "/usr/bin/chromium"  # Debian's package `chromium`
_FONT_FAMILY = "sans-serif"
_TITLE_SIZE, _TEXT_SIZE, _CREDIT_SIZE = 17, 12, 11
_TEXT_COLOUR, _CREDIT_COLOUR = "#222222", "#555555"
# plotly sets lines of text 1.3 font sizes apart; a sans-serif character is at most 0.6 of the
# font size wide on average (DejaVu Sans, the widest of Debian's), 0.65 in bold.
_LINE_HEIGHT = 1.3
_CHARACTER_WIDTH, _BOLD_CHARACTER_WIDTH = 0.6, 0.65
# Space kept free left and right of the text (the plot area may start after the y-axis labels),
# and above the title, between the blocks, below the credit (px).
_SIDE_ROOM = 72
_PAD = 10
_DEFAULT_HEIGHT = 450  # plotly's, for a figure that sets none
# A horizontal legend's row with seat-sized symbols (11 px) is 29 px high (measured in exports).
_LEGEND_ROW = 30

_export_lock = threading.Lock()
_browser_kept = False


def _wrap(text: str, width_px: float, font_px: float, character_width: float) -> list[str]:
    """Cut `text` into lines of at most `width_px` pixels (estimated), at spaces, else anywhere."""
    per_line = max(12, int(width_px / (font_px * character_width)))
    return textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False) or [""]


def scenario_line(scenario: Scenario, edited: bool) -> str:
    """Say in one line which scenario a chart shows: poll, firm, fieldwork, edited or not, model, runs.

    Parameters
    ----------
    scenario : Scenario
        What was run.
    edited : bool
        Whether the poll was changed from the one published (shares, parties, regions).

    Returns
    -------
    str
        Plain text in the current language, parts joined by " · ", e.g. "Ipsos for Le Soir, RTL
        and HLN, 18–21 November 2024 · as published · multiplicative swing · polling error of past
        elections · 65,536 simulations".
    """
    poll = scenario.poll
    source = (
        _("{firm} for {commissioners}").format(firm=poll.firm, commissioners=and_list(poll.commissioners))
        if poll.commissioners
        else poll.firm
    )
    parts = [
        _("{poll}, {fieldwork}").format(poll=source, fieldwork=fieldwork_text(poll)),
        _("edited") if edited else _("as published"),
        _("multiplicative swing") if scenario.swing == MULTIPLICATIVE else _("additive swing"),
        _("sampling error only")
        if scenario.polling_error == NO_POLLING_ERROR
        else _("polling error of past elections"),
        _("{n} simulations").format(n=number(scenario.simulations)),
    ]
    return " · ".join(parts)


def source_credit(link: str) -> str:
    """Write the source credit of a chart: "Seatcast · seatcast.example/?poll=…".

    Parameters
    ----------
    link : str
        The scenario's share link (or a short form of it).

    Returns
    -------
    str
        "Seatcast · " and the link without its scheme and "www.".
    """
    short = re.sub(r"^(?:https?://)?(?:www\.)?", "", link.strip())
    return f"Seatcast · {short}" if short else "Seatcast"


def for_publication(
    fig: go.Figure,
    title: str,
    scenario_line: str,
    credit: str,
    *,
    width: int = DESKTOP_WIDTH,
) -> go.Figure:
    """Return a copy of `fig` that carries what a newspaper needs to publish it.

    Above the chart: the title (bold) and the scenario line; below it (and below a legend under
    the chart, where a legend beside it is moved): the source credit. Lines too long for `width`
    are wrapped; the top and bottom margins are made to hold them, so nothing is cut at the
    figure's size. The background is white, so that the image reads the same on any page.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The chart as the dashboard draws it (left unchanged). Its own title, if any, is replaced.
    title : str
        What the chart shows, plain text (escaped here).
    scenario_line : str
        The scenario in one line (`scenario_line`), plain text; "" for a chart of no scenario
        (then only the title is above the chart).
    credit : str
        The source credit (`source_credit`), plain text.
    width : int, default DESKTOP_WIDTH (800)
        Width of the image in CSS pixels (`PHONE_WIDTH`, 390, for a phone).

    Returns
    -------
    plotly.graph_objects.Figure
        ``width`` wide and as high as `fig` plus the text above and below it.
    """
    out = go.Figure(fig)
    if _shows_legend(out) and out.layout.legend.orientation != "h":
        # A legend beside the chart scrolls on the page when it is long; an image cannot scroll:
        # it goes below the chart, in rows.
        out.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.1, "yanchor": "top"})
    text_width = width - _SIDE_ROOM
    title_lines = _wrap(title, text_width, _TITLE_SIZE, _BOLD_CHARACTER_WIDTH)
    # A chart of no scenario (the poll average, the track record) may have no second line.
    scenario_lines = _wrap(scenario_line, text_width, _TEXT_SIZE, _CHARACTER_WIDTH) if scenario_line.strip() else []
    credit_lines = _wrap(credit, text_width, _CREDIT_SIZE, _CHARACTER_WIDTH)
    title_px = _LINE_HEIGHT * _TITLE_SIZE * len(title_lines)
    scenario_px = _LINE_HEIGHT * _TEXT_SIZE * len(scenario_lines)
    credit_line_px = _LINE_HEIGHT * _CREDIT_SIZE
    credit_px = credit_line_px * len(credit_lines) + 2 * _PAD
    # A visible x axis puts its labels and title outside the plot area, where plotly's automargin
    # would otherwise let the text added here overlap them.
    axis_px = _x_axis_px(out)
    axis_on_top = out.layout.xaxis.side == "top"
    top_axis_px, bottom_axis_px = (axis_px, 0.0) if axis_on_top else (0.0, axis_px)
    top = round(_PAD + title_px + (_PAD / 2 + scenario_px if scenario_lines else 0) + _PAD + top_axis_px)

    margin = out.layout.margin
    left, right = max(margin.l or 0, 8), max(margin.r or 0, 8)
    legend = out.layout.legend
    legend_below = (
        _shows_legend(out) and legend.orientation == "h" and legend.y is not None and legend.y <= 0
    ) and legend.yref != "container"
    old_top = margin.t if margin.t is not None else 80
    old_bottom = margin.b if margin.b is not None else 80
    plot_height = (out.layout.height or _DEFAULT_HEIGHT) - old_top - old_bottom
    aspect = _locked_aspect(out)
    if aspect is not None:
        # A chart drawn to scale (the hemicycle) is as high as the width makes it, plus its legend.
        plot_height = (width - left - right) * aspect + (_legend_px(out, width - left - right) if legend_below else 0)
    bottom = credit_px + bottom_axis_px
    if legend_below and aspect is None:
        # The legend's rows go between the x axis's labels and the credit.
        bottom += _legend_px(out, width - left - right)
    height = round(top + plot_height + bottom)

    # The title block hangs from the top of the plot area, whose top is exactly `top` below the
    # image's top edge: no other element pushes the top margin.
    def block(lines: list[str], size: int, shift: float, bold: bool = False) -> dict:
        text = "<br>".join(escape_figure_text(line) for line in lines)
        return {
            "text": f"<b>{text}</b>" if bold else text,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": shift,
            "align": "left",
            "showarrow": False,
            "font": {"family": _FONT_FAMILY, "size": size, "color": _TEXT_COLOUR},
            "name": "publication",
        }

    if scenario_lines:
        out.add_annotation(block(scenario_lines, _TEXT_SIZE, _PAD + top_axis_px))
    title_shift = _PAD + top_axis_px + (scenario_px + _PAD / 2 if scenario_lines else 0)
    out.add_annotation(block(title_lines, _TITLE_SIZE, title_shift, bold=True))
    # The credit is the layout's title, the one text plotly can pin to the image's bottom edge
    # (yref="container"), inside the bottom margin made for it; a legend below the chart is
    # pinned just above it, in the same frame, so that the two never overlap. plotly puts the
    # baseline of a title's first line at its anchor: the credit is raised by its other lines and
    # by the descenders of the last (a quarter of the font size).
    out.update_layout(
        width=width,
        height=height,
        margin={"t": top, "b": round(bottom), "l": left, "r": right},
        paper_bgcolor="#FFFFFF",
        title={
            "text": "<br>".join(escape_figure_text(line) for line in credit_lines),
            "font": {"family": _FONT_FAMILY, "size": _CREDIT_SIZE, "color": _CREDIT_COLOUR},
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": (credit_line_px * (len(credit_lines) - 1) + 0.25 * _CREDIT_SIZE) / height,
            "yref": "container",
            "yanchor": "bottom",
            "pad": {"b": _PAD},
            # No automargin: it would move the title when the legend pushes the margin.
            "automargin": False,
            "subtitle": {"text": ""},
        },
    )
    if legend_below:
        out.update_layout(legend={"yref": "container", "y": credit_px / height, "yanchor": "bottom"})
    # The y axis's labels and title take the room they need at the side (plotly leaves automargin
    # off unless a template turns it on, as Streamlit's does on the page); never above or below,
    # where the title, the scenario line and the credit have theirs.
    out.update_yaxes(automargin="left+right")
    return out


def _shows_legend(fig: go.Figure) -> bool:
    """Whether plotly draws a legend: layout.showlegend, else more than one trace with an entry."""
    entries = [t for t in fig.data if t.showlegend is not False]
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend) and bool(entries)
    return len(entries) > 1 or any(t.showlegend for t in entries)


def _x_axis_px(fig: go.Figure) -> float:
    """Estimate the room the x axis's tick labels and title take outside the plot area, generously."""
    axis = fig.layout.xaxis
    if axis.visible is False:
        return 0.0
    size = fig.layout.font.size or _TEXT_SIZE
    room = 0.0
    if axis.showticklabels is not False:
        room += _LINE_HEIGHT * size + 8  # the labels and the ticks' length
    if axis.title.text:
        room += _LINE_HEIGHT * (size + 2) + 8  # plotly's axis titles are 2 px larger, set off below
    return room


def _locked_aspect(fig: go.Figure) -> float | None:
    """Height over width of the plot area of a chart drawn to scale (y scaled to x), else None."""
    x, y = fig.layout.xaxis, fig.layout.yaxis
    if y.scaleanchor != "x" or x.range is None or y.range is None:
        return None
    return (y.range[1] - y.range[0]) / ((x.range[1] - x.range[0]) * (y.scaleratio or 1))


def _legend_px(fig: go.Figure, width_px: float) -> float:
    """Estimate the height of a horizontal legend of `width_px`, generously (an overestimate only adds space)."""
    entries = [t.name or "" for t in fig.data if t.showlegend is not False]
    size = fig.layout.legend.font.size or fig.layout.font.size or _TEXT_SIZE
    rows, used = 1, 0.0
    for name in entries:
        # Symbol and gaps (40 px), then the text; plotly wraps an entry that does not fit.
        item = 40 + len(name) * size * _CHARACTER_WIDTH
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows * _LEGEND_ROW + _PAD


def keep_browser_running() -> None:
    """Keep one headless Chromium running for `image_bytes`, until `stop_browser` or the process ends.

    Without it each export starts and closes its own browser (seconds); with it, only the first.
    """
    global _browser_kept
    import kaleido

    with _export_lock:
        os.environ.setdefault("BROWSER_PATH", CHROMIUM)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _browser_kept = True


def stop_browser() -> None:
    """Close the Chromium `keep_browser_running` started (nothing happens when none runs)."""
    global _browser_kept
    import kaleido

    with _export_lock:
        kaleido.stop_sync_server(silence_warnings=True)
        _browser_kept = False


def image_bytes(fig: go.Figure, fmt: str, *, scale: float = PNG_SCALE) -> bytes:
    """Draw a figure as a PNG or SVG image with kaleido (plotly.js in a headless Chromium).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        Usually from `for_publication`; drawn at its ``layout.width`` × ``layout.height`` (plotly's
        700 × 500 when unset).
    fmt : str
        ``"png"`` or ``"svg"`` (`EXPORT_FORMATS`).
    scale : float, default PNG_SCALE (2)
        Device pixels per CSS pixel of a PNG, at least 2; an SVG has no pixels.

    Returns
    -------
    bytes
        The image file's content.

    Raises
    ------
    ValueError
        When `fmt` is not one of `EXPORT_FORMATS` or `scale` is below `PNG_SCALE`.
    RuntimeError
        When no Chromium can be started (Debian: ``apt-get install chromium``).
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    if scale < PNG_SCALE:
        raise ValueError(f"scale must be at least {PNG_SCALE}")
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    options = {
        "format": fmt,
        "width": fig.layout.width or 700,
        "height": fig.layout.height or 500,
        "scale": scale if fmt == "png" else 1,
    }
    try:
        # One export at a time: kaleido's kept browser answers calls through one shared queue.
        with _export_lock:
            if _browser_kept:
                return kaleido.calc_fig_sync(fig, opts=options)
            # MathJax off: kaleido would otherwise fetch it from a CDN for every image.
            return kaleido.calc_fig_sync(fig, opts=options, kopts={"mathjax": False})
    except ChromeNotFoundError as error:
        raise RuntimeError(
            f"no Chromium to draw images with: install Debian's `chromium` ({CHROMIUM}) or set BROWSER_PATH"
        ) from error


def image_file_name(chart: str, poll_id: str, edited: bool, fmt: str) -> str:
    """Name an image file after what it shows: "seatcast-seating-plan-2024-11-21-Ipsos-edited.png".

    Parameters
    ----------
    chart : str
        What the chart is, in a few words ("seating plan", "coalition NVA+MR", "seats N-VA").
    poll_id : str
        The starting poll's id (`Poll.id`, or a share link's ``poll=`` value).
    edited : bool
        Whether the poll was edited ("-edited" is added).
    fmt : str
        ``"png"`` or ``"svg"``: the extension.

    Returns
    -------
    str
        ASCII letters, digits and "-" only, with the extension.

    Raises
    ------
    ValueError
        When `fmt` is not one of `EXPORT_FORMATS`.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")

    def slug(text: str, lower: bool) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")  # "é" → "e"
        text = re.sub(r"[^A-Za-z0-9]+", "-", text.lower() if lower else text).strip("-")
        return text or "chart"

    parts = ["seatcast", slug(chart, lower=True), slug(poll_id, lower=False)]
    if edited:
        parts.append("edited")
    return "-".join(parts) + f".{fmt}"
