"""Charts a newsroom can publish: the Download and Embed controls under each chart, its text
alternative for screen readers, and the one export browser of the server.

A chart's images are made only when a reader clicks (`st.download_button` with a callable): by
kaleido in a headless Chromium kept running for the server (`engine.figures.publication`). Every
word of an image (title, scenario line, credit) is written during the page's run, in the page's
language: the click's callable runs in a thread of its own, outside that run.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from engine import Result
from engine.figures.publication import (
    EXPORT_FORMATS,
    PNG_SCALE,
    for_publication,
    image_bytes,
    image_file_name,
    keep_browser_running,
    scenario_line,
    source_credit,
    stop_browser,
)
from engine.formatting import escape_markdown
from engine.i18n import _
from engine.share import CHART_PARAM, PARTY_PARAM

from . import session, share_link

# The iframe of an embedded chart: the width of the article's column, tall enough for the chart,
# its title, its source line and the link back (the embedded view is drawn to fit it).
EMBED_HEIGHT = 560
# Streamlit's own parameter: the app without its menu, header and footer.
EMBED_QUERY = {"embed": "true"}
MIME = {"png": "image/png", "svg": "image/svg+xml"}
# The text alternative of each chart is in the page (for screen readers) but not on screen: the
# containers keyed "chart-alt-…" are visually hidden, the usual way.
ALT_KEY = "chart-alt"
ALT_STYLE = f"""<style>
[class*="st-key-{ALT_KEY}"] {{
  position: absolute !important; width: 1px !important; height: 1px !important; padding: 0 !important;
  margin: -1px !important; overflow: hidden !important; clip: rect(0, 0, 0, 0) !important;
  clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}}
</style>"""


@dataclass(frozen=True)
class Graphic:
    """What a chart needs beyond its figure to be downloaded, embedded and read aloud.

    Attributes
    ----------
    name : str
        What the chart is, in a few words, for the file name ("seating plan", "seats N-VA").
    title : str
        The title written on the image, plain text.
    alt : str
        The chart's text alternative (`engine.figures.alt_text`), plain text.
    result : Result or None
        The run the chart shows: the image then carries the scenario line and the share link. None
        for a chart of no scenario (the poll average, the track record).
    source : str
        For a chart of no scenario: the line under its title (what it shows, as of when), or "".
    tag : str
        For a chart of no scenario: what the file name says after `name` ("2024-06-09").
    embed : str or None
        The chart's name in an embed link (`engine.share.EMBED_CHARTS`), or None: not embeddable.
    party : str or None
        For a party's chart, its registry key (the embed link's ``party=``).
    """

    name: str
    title: str
    alt: str
    result: Result | None = None
    source: str = ""
    tag: str = ""
    embed: str | None = None
    party: str | None = None


_browser_lock = threading.Lock()
_browser_started = False


def _keep_export_browser() -> None:
    """Start the server's export Chromium on the first image (later images take a second, not five)."""
    global _browser_started
    with _browser_lock:
        if not _browser_started:
            keep_browser_running()
            _browser_started = True


def _forget_export_browser() -> None:
    global _browser_started
    with _browser_lock:
        stop_browser()
        _browser_started = False


def image(fig: go.Figure, title: str, line: str, credit: str, fmt: str) -> bytes:
    """The chart as a PNG (twice its size) or SVG file with its title, scenario line and credit.

    Runs when a reader clicks a download (in the download's own thread): only drawing, no text.
    A kept browser that died is started again once."""
    published = for_publication(fig, title, line, credit)
    _keep_export_browser()
    try:
        return image_bytes(published, fmt)
    except Exception:
        _forget_export_browser()
        _keep_export_browser()
        return image_bytes(published, fmt)


def alt_style() -> None:
    """The style that hides the charts' text alternatives from the screen (once per run, before the page)."""
    st.html(ALT_STYLE)


def embed_link(graphic: Graphic) -> str:
    """The link an embedded chart opens: the share link, the chart (and party), Streamlit's embed mode."""
    extra = {CHART_PARAM: graphic.embed}
    if graphic.party:
        extra[PARTY_PARAM] = graphic.party
    return share_link.share_link({**extra, **EMBED_QUERY})


def embed_snippet(graphic: Graphic) -> str:
    """The `<iframe>` a news page pastes to show the chart, full column width."""
    src = html.escape(embed_link(graphic), quote=True)
    title = html.escape(f"Seatcast: {graphic.title}", quote=True)
    return (
        f'<iframe src="{src}" title="{title}" width="100%" height="{EMBED_HEIGHT}" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )


def _publication_texts(graphic: Graphic) -> tuple[str, str, str, bool]:
    """Scenario line, credit, file-name tag and whether edited, for `graphic`'s image."""
    if graphic.result is None:
        return graphic.source, source_credit(share_link.page_link()), graphic.tag, False
    edited = session.is_edited()
    # An uploaded poll's link says poll=custom: its file is named after the poll itself.
    tag = graphic.result.poll.id if session.is_uploaded() else session.poll_id()
    return scenario_line(graphic.result.scenario, edited), source_credit(share_link.share_link()), tag, edited


def controls(fig: go.Figure, key: str, graphic: Graphic) -> None:
    """Under a chart: "Download" (PNG and SVG, the description to copy), "Embed" for an
    embeddable chart, and the text alternative, hidden from the screen, for screen readers."""
    line, credit, tag, edited = _publication_texts(graphic)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"chart-tools-{key}"):
        with st.popover(_("Download"), icon=":material/download:", key=f"download-{key}"):
            st.markdown(f"**{escape_markdown(graphic.title)}**")
            with st.container(horizontal=True, gap="small"):
                for fmt in EXPORT_FORMATS:
                    st.download_button(
                        _("PNG image ({scale}×)").format(scale=PNG_SCALE) if fmt == "png" else _("SVG image"),
                        data=partial(image, fig, graphic.title, line, credit, fmt),
                        file_name=image_file_name(graphic.name, tag, edited, fmt),
                        mime=MIME[fmt],
                        key=f"download:{key}:{fmt}",
                        on_click="ignore",
                        icon=":material/image:",
                    )
            st.caption(
                _(
                    "PNG at twice the size, for print and social media; SVG, for graphics desks. Both carry "
                    "the title, the scenario and the source."
                )
            )
            st.caption(_("Description (for an image's alt text):"))
            st.code(graphic.alt, language=None, wrap_lines=True)
        if graphic.embed:
            with st.popover(_("Embed"), icon=":material/code:", key=f"embed-{key}"):
                st.caption(
                    _(
                        "Paste this in a news page's HTML: it shows this chart at this scenario, with its source "
                        "and a link to the full dashboard."
                    )
                )
                st.code(embed_snippet(graphic), language="html", wrap_lines=True)
        with st.container(key=f"{ALT_KEY}-{key}"):
            st.caption(
                _("Chart: {title}. {description}").format(
                    title=escape_markdown(graphic.title), description=escape_markdown(graphic.alt)
                )
            )
