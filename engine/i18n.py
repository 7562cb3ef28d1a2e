"""Languages: Dutch, French and English text, and numbers and dates as each language writes them.

Translations live in gettext catalogs, ``locale/<locale>/LC_MESSAGES/seatcast.po`` (English is
the source language and has no catalog). A catalog is compiled in memory the first time its
language is used, so a translator's edit needs no build step; ``pybabel`` extracts and updates
them (README, "Translating").

The language of the text being written is a context variable: the dashboard sets it at the start
of each script run (each session runs in its own thread), the command line for the whole run, and
`language` sets it for a block::

    from engine.i18n import _, language
    with language("fr"):
        _("Seats")  # "Sièges"

Numbers and dates follow the language's Belgian locale (nl_BE, fr_BE) through babel; English keeps
the reference reports' forms ("24.6%", "9 June 2024") so that our output stays comparable to theirs.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.messages import mofile, pofile

# Codes as they appear in share links (lang=…), the CLI (--lang) and the catalogs' folders.
LANGUAGES = ("nl", "fr", "en")
DEFAULT_LANGUAGE = "en"
# The babel locale each language's numbers and dates follow: Belgian usage, and for English the
# British forms the reference reports use ("24.6%", "9 June 2024").
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
# Shown in the language selector, each in its own language.
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "seatcast"

# Set by `set_language` or `language`; None: ask the fallback (`use_fallback`), else English.
_current: ContextVar[str | None] = ContextVar("language", default=None)
_fallback: Callable[[], str] | None = None


def parse_language(text: str | None) -> str | None:
    """Return the language code `text` names, or None.

    Parameters
    ----------
    text : str or None
        A code (``"nl"``), or a browser locale (``"nl-BE"``, ``"fr_FR"``); case does not matter.

    Returns
    -------
    str or None
        One of `LANGUAGES`, or None when `text` names none of them.
    """
    if not text:
        return None
    code = text.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """Return the compiled catalog of `lang` (English: the identity).

    Parameters
    ----------
    lang : str
        One of `LANGUAGES`.

    Returns
    -------
    gettext.NullTranslations
        A `gettext.GNUTranslations` read from the catalog; fuzzy entries are left out (a
        translator marks an entry fuzzy when it needs checking), so they show in English.

    Raises
    ------
    ValueError
        When `lang` is not one of `LANGUAGES`.
    FileNotFoundError
        When a non-English language has no catalog.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    path = LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = pofile.read_po(po, locale=LOCALES[lang], domain=DOMAIN)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def current_language() -> str:
    """Return the language text is being written in (one of `LANGUAGES`)."""
    lang = _current.get()
    if lang is None and _fallback is not None:
        lang = _fallback()
    return lang or DEFAULT_LANGUAGE


def current_locale() -> str:
    """Return the babel locale of `current_language` (``"nl_BE"``, ``"fr_BE"``, ``"en_GB"``)."""
    return LOCALES[current_language()]


def use_fallback(language_of_the_caller: Callable[[], str | None]) -> None:
    """Ask `language_of_the_caller` for the language wherever none was set in this thread.

    The dashboard runs a widget's callback in a fresh thread before the script that sets the
    language: the fallback reads the session's choice there. It returns None (then English)
    outside a session.
    """
    global _fallback
    _fallback = language_of_the_caller


def set_language(lang: str) -> None:
    """Write text in `lang` from now on, in this thread (the dashboard: one script run).

    Raises
    ------
    ValueError
        When `lang` is not one of `LANGUAGES`.
    """
    translations(lang)  # fails early on an unknown language or a missing catalog
    _current.set(lang)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Write text in `lang` inside a ``with`` block, then go back to the previous language.

    Raises
    ------
    ValueError
        When `lang` is not one of `LANGUAGES`.
    """
    translations(lang)
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def gettext_(message: str) -> str:
    """Translate `message` into the current language (`_` is this function)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count `n` ("1 seat", "2 seats")."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate `message` in a `context`, where one English word needs two translations."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it (a constant translated where shown)."""
    return message


_ = gettext_
