"""Strings from a user are plain text on every page: a share link that carries an uploaded poll
(its firm, commissioners and source), and the data files (the party registry, a poll's firm).

Streamlit reads titles, captions, alerts, metric labels, widget labels and table cells as
Markdown, and plotly reads <a>, <b> … tags in a figure's text: no link, image, bold, formula,
icon or extra table cell may come from what a user wrote."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from engine import load_library
from engine.formatting import escape_markdown
from ui import cache

SIMS = "4096"
PAGES = [
    "poll",
    "seats",
    "coalitions",
    "voting_intentions",
    "constituencies",
    "report",
    "poll_of_polls",
    "track_record",
    "method",
]
LINK = "[Official results](http://evil.example)"
IMAGE = "![p](http://evil.example/p.png)"
FORGED = "**FAKE** | x | y"
ICON_AND_BARE_LINK = ":material/warning: www.evil.example $x$"
INJECTION_LINK = {
    "poll": "custom",
    "firm": LINK,
    "by": f"{IMAGE};{FORGED}",
    "src": ICON_AND_BARE_LINK,
    "from": "2025-03-01",
    "to": "2025-03-05",
    "VLG": "NVA:30,VB:25,VOORUIT:15,CDV:12,OTHER:18",
}
# What Markdown would turn into a link, an image, bold, a table cell, an icon or a formula, when
# not escaped (a backslash before it) or broken (an invisible character inside it).
MARKDOWN_FROM_USER = {
    "link or image": re.compile(r"(?<!\\)\]\((?!\))"),
    "bare link": re.compile(r"https?://|www\.evil", re.IGNORECASE),
    "bold": re.compile(r"(?<!\\)\*\*FAKE"),
    "table cell": re.compile(r"(?<!\\)\| x (?<!\\)\|"),
    "icon": re.compile(r":material/warning:"),
    "formula": re.compile(r"(?<!\\)\$x(?<!\\)\$"),
    "html": re.compile(r"(?<!\\)<(a|b|img)\b", re.IGNORECASE),
}
# What plotly would turn into a link or bold in a figure's text (it reads tags, not Markdown).
TAG_FROM_USER = re.compile(r"<(a|b|br|img)\b", re.IGNORECASE)
# Kinds of element whose text Streamlit shows as Markdown.
TEXT_ELEMENTS = {"markdown", "caption", "title", "header", "subheader", "alert", "exception"}


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["sims"] = SIMS
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "poll":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _elements(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _elements(child)


def markdown_shown(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit reads as Markdown: text elements, alerts, labels
    and help texts, table headers and cells."""
    texts = []
    for element in _elements(at._tree):
        kind = getattr(element, "type", None)
        proto = getattr(element, "proto", None)
        if kind in TEXT_ELEMENTS or kind in ("info", "warning", "error", "success"):
            texts.append(element.value)
        if kind in ("expander", "tab"):
            texts.append(element.label)
        if kind == "table":
            frame = element.value
            texts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
        for field in ("label", "help", "body", "placeholder"):
            if proto is not None and field in type(proto).DESCRIPTOR.fields_by_name and kind != "code":
                texts.append(getattr(proto, field))
    return [t for t in texts if t]


def figure_texts(at: AppTest) -> list[str]:
    """The text a page hands to its plotly figures: titles, annotations, category labels and
    hover data (names the figure builders read themselves from the engine's results are theirs)."""
    texts = []
    for element in _elements(at._tree):
        if getattr(element, "type", None) != "plotly_chart":
            continue
        figure = json.loads(element.proto.spec)
        layout = figure.get("layout", {})
        title = layout.get("title", {})
        texts.append(title.get("text", "") if isinstance(title, dict) else str(title))
        texts += [a.get("text", "") for a in layout.get("annotations", [])]
        for trace in figure.get("data", []):
            texts += [str(v) for v in trace.get("y", []) if isinstance(v, str)]
            texts += [str(v) for row in trace.get("customdata", []) for v in row]
    return [t for t in texts if t]


def markdown_from_user(texts: list[str]) -> list[tuple[str, str]]:
    return [(kind, text) for text in texts for kind, pattern in MARKDOWN_FROM_USER.items() if pattern.search(text)]


def tags_from_user(texts: list[str]) -> list[str]:
    return [text for text in texts if TAG_FROM_USER.search(text)]


@pytest.mark.parametrize("page", PAGES)
def test_a_share_links_firm_and_commissioners_are_plain_text_on_every_page(page):
    at = open_page(page, **INJECTION_LINK)
    assert markdown_from_user(markdown_shown(at)) == []
    assert tags_from_user(figure_texts(at)) == []


@pytest.mark.parametrize("page", [p for p in PAGES if p not in ("poll_of_polls", "track_record", "method")])
def test_the_scenario_line_shows_the_links_firm_and_commissioners_as_written(page):
    # The line under the title names the poll: the firm and commissioners are there, escaped.
    at = open_page(page, **INJECTION_LINK)
    caption = at.caption[0].value
    for written in (LINK, IMAGE, FORGED):
        assert escape_markdown(written) in caption


def test_a_link_warning_quoting_the_link_is_plain_text():
    at = open_page("seats", poll=LINK, swing=IMAGE)
    warnings = [w.value for w in at.warning]
    assert warnings and markdown_from_user(warnings) == []


HOSTILE_NAME = "<b>N</b> [VA](http://evil.example)"
HOSTILE_FIRM = "**FAKE** | x | <a href='http://evil.example'>y</a>"


@pytest.fixture
def hostile_data_files(monkeypatch):
    """The library as if its files said: N-VA's name and abbreviation, and the firm of every
    poll, are markup."""
    library = load_library()
    parties = dict(library.parties)
    parties["NVA"] = replace(parties["NVA"], name=HOSTILE_NAME, abbreviation=HOSTILE_NAME, former=())
    hostile_polls = [replace(poll, firm=HOSTILE_FIRM) for poll in library.polls.values()]
    polls = {poll.id: poll for poll in hostile_polls}  # a poll's id follows its firm
    monkeypatch.setattr(cache, "load_library", lambda: replace(library, parties=parties, polls=polls))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize(
    "page",
    [
        *PAGES,
        "track_record",
    ],
)
def test_names_from_the_data_files_are_plain_text_on_every_page(page, hostile_data_files):
    at = open_page(page)
    shown = markdown_shown(at)
    assert markdown_from_user(shown) == []
    assert tags_from_user(figure_texts(at)) == []
