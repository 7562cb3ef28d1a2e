"""Dutch, French and English: the catalogs cover every text of the code, and every page renders
in each language with no English left in the Dutch and French pages (apart from names)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.messages import pofile
from babel.messages.extract import extract_from_dir
from streamlit.testing.v1 import AppTest

from engine import load_library
from engine.i18n import LANGUAGE_NAMES, LANGUAGES, LOCALE_DIR, LOCALES, language, parse_language
from tests.test_app_safety import PAGES, SIMS, _elements, markdown_shown

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[^\W\d_]{3,}")
# Not words a reader sees: links, Markdown colour directives (":gray[…]") and icons (":material/…:").
MARKUP = re.compile(r"https?://\S+|:[a-z]+\[|:material/\w+:")
# Words spelt the same in English and the page's language: a text made only of these (and names)
# may be the same on both pages.
COGNATES = {
    "nl": {"scenario", "rapport", "interval", "model", "simulaties", "status", "median"},
    "fr": {"coalition", "coalitions", "rapport", "simulations", "date", "message", "total", "type", "source"},
}


def code_messages() -> set[str]:
    """Every msgid pybabel extracts from the code (babel.cfg's method map)."""
    method_map = [("app.py", "python"), ("app_pages/**.py", "python"), ("ui/**.py", "python"), ("engine/**.py", "python")]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(ROOT, method_map, keywords=KEYWORDS):
        first = message[0] if isinstance(message, tuple) else message
        found.add((context, first))
    return found


def catalog(lang: str):
    with (LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / "seatcast.po").open("rb") as f:
        return pofile.read_po(f, locale=LOCALES[lang])


def test_the_babel_config_extracts_what_the_test_extracts():
    assert (ROOT / "babel.cfg").read_text().count("[python:") == 4


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_of_the_code_has_a_checked_translation(lang):
    entries = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog(lang) if m.id}
    missing = sorted(str(k) for k in code_messages() if k not in entries)
    assert missing == [], f"run pybabel extract and update (README, Translating): {missing[:10]}"
    untranslated, fuzzy, placeholders = [], [], []
    for key, message in entries.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(key[1])
        if message.fuzzy:
            fuzzy.append(key[1])
        source = message.id if isinstance(message.id, str) else message.id[0]
        if any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(source)) for s in strings if s):
            placeholders.append(key[1])
    assert (untranslated[:10], fuzzy[:10], placeholders[:10]) == ([], [], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nl", "nl"), ("fr-BE", "fr"), ("en_US", "en"), ("NL-be", "nl"), ("de-DE", None), ("", None), (None, None)],
)
def test_a_browser_locale_or_a_link_names_a_language(text, expected):
    assert parse_language(text) == expected


def names(library) -> set[str]:
    """Words that are names in every language: parties, lists, firms, commissioners, places."""
    texts = ["Seatcast", "D'Hondt", "Dirichlet", "Monte", "Carlo", "Chromium", "CSV", "JSON", "Markdown"]
    texts += list(LANGUAGE_NAMES.values())  # the language selector names each language in its own
    for party in library.parties.values():
        texts += [party.name, party.abbreviation, *(n for _, n in party.names)]
        texts += [t for f in party.former for t in (f.name, f.abbreviation)]
    for poll in library.polls.values():
        texts += [poll.firm, *poll.commissioners]
    for election in library.elections.values():
        texts += [c.name for c in election.constituencies] + [r.list_name for r in election.results]
    texts += [c.name for c in library.coalitions]
    return {w.lower() for t in texts for w in WORD.findall(t)}


def figure_texts(at: AppTest) -> list[str]:
    """Titles, axis and legend titles, annotations, tick labels and hover templates of the figures."""
    texts = []
    for element in _elements(at._tree):
        if getattr(element, "type", None) != "plotly_chart":
            continue
        figure = json.loads(element.proto.spec)
        layout = figure.get("layout", {})

        def title(value) -> str:
            return value.get("text", "") if isinstance(value, dict) else str(value or "")

        texts.append(title(layout.get("title")))
        texts += [a.get("text", "") for a in layout.get("annotations", [])]
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
                texts.append(title(axis.get("title")))
                texts += [str(t) for t in axis.get("ticktext", []) or []]
        texts.append(title(layout.get("legend", {}).get("title")))
        for trace in figure.get("data", []):
            texts += [str(trace.get("hovertemplate", "")), str(trace.get("name", ""))]
    return [t for t in texts if t]


def visible_texts(at: AppTest) -> list[str]:
    """Every text a reader sees: Markdown, labels, options, metrics, tables, figures."""
    texts = markdown_shown(at) + figure_texts(at)
    for element in _elements(at._tree):
        kind = getattr(element, "type", None)
        if kind == "metric":
            texts += [element.label, str(element.value)]
        options = getattr(element, "options", None)
        if kind != "code" and isinstance(options, (list, tuple)):
            texts += [str(o) for o in options]
        if kind in ("dataframe", "arrow_data_frame"):
            texts += [str(c) for c in element.value.columns]
    # Markdown and plotly read entities ("CD&amp;V" shows "CD&V"); a style sheet is not text.
    return [html.unescape(t) for t in texts if not t.lstrip().startswith("<style")]


def open_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=180)
    at.query_params["sims"] = SIMS
    at.query_params["lang"] = lang
    # AppTest reads a widget's options back through its format_func in this thread, not the
    # script's: the thread must write in the page's language too.
    with language(lang):
        at.run()
        if page != "poll":
            at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def english_left(english: list[str], translated: list[str], allowed: set[str]) -> list[str]:
    """Texts of the translated page that are word for word an English text of the same page and
    hold a word that is not a name."""
    source = set(english)
    return [
        text
        for text in translated
        if text in source and any(w.lower() not in allowed for w in WORD.findall(MARKUP.sub("", text)))
    ]


def test_english_left_finds_an_untranslated_label_and_allows_names():
    allowed = {"arizona", "n-va", "vooruit"}
    assert english_left(["Seats", "Arizona", "42"], ["Zetels", "Arizona", "42", "Seats"], allowed) == ["Seats"]
    assert english_left(["68%  :gray[(90%)]", ":gray[seats]"], ["68%  :gray[(90%)]", ":gray[seats]"], allowed) == [
        ":gray[seats]"
    ]


@pytest.fixture(scope="module")
def allowed_words():
    return names(load_library())


@pytest.fixture(scope="module")
def english_pages():
    return {}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_page_in_dutch_or_french_has_no_english_left(page, lang, allowed_words, english_pages):
    if page not in english_pages:
        english_pages[page] = visible_texts(open_page(page, "en"))
    translated = visible_texts(open_page(page, lang))
    assert english_left(english_pages[page], translated, allowed_words | COGNATES[lang]) == []


def test_where_no_language_was_set_the_sessions_choice_is_asked():
    # A widget's callback runs in a fresh thread, before the script sets the language.
    import engine.i18n as i18n

    previous = i18n._fallback
    try:
        i18n.use_fallback(lambda: "fr")
        assert i18n.current_language() == "fr" and i18n._("Seats") == "Sièges"
        with language("nl"):
            assert i18n._("Seats") == "Zetels"  # a language set explicitly wins
        i18n.use_fallback(lambda: None)  # outside a session
        assert i18n.current_language() == "en"
    finally:
        i18n.use_fallback(previous)
