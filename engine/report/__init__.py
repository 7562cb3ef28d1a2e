"""Render a `Result` as a report: Markdown, JSON or CSV.

Markdown follows the reference reports' sections (docs/method.md §4); JSON is stable, for
machines; CSV holds every PMF in long format (`csv-excel` for Belgian Excel).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..simulation import Result
from .machine import to_csv, to_json
from .markdown import markdown, title

FORMATS = ("markdown", "json", "csv", "csv-excel")
__all__ = ["FORMATS", "markdown", "render", "title", "to_csv", "to_json"]


def render(result: Result, fmt: str, coalition: Sequence[str] = ()) -> str:
    """Render the report of a run as text.

    Parameters
    ----------
    result : Result
        The run, from `engine.simulate`.
    fmt : str
        One of `FORMATS`: ``"markdown"``, ``"json"``, ``"csv"`` or ``"csv-excel"`` (";"-separated,
        decimal comma and a UTF-8 byte-order mark, for Belgian Excel).
    coalition : sequence of str, default ()
        Registry keys of a coalition to report first among the presets when it is not one of them.

    Returns
    -------
    str
        The report, ending with a newline. Shares are in percent; probabilities are percentages
        in Markdown and fractions (0–1) in JSON and CSV; seats are whole seats. Markdown and the
        CSV's header, kinds and names are in the current language (`engine.i18n.language`); JSON
        is the same in every language.

    Raises
    ------
    ValueError
        For an unknown format, or an unknown party key in `coalition`.
    """
    if fmt == "markdown":
        return markdown(result, coalition)
    if fmt == "json":
        return json.dumps(to_json(result, coalition), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "csv-excel"):
        return to_csv(result, coalition, excel=fmt == "csv-excel")
    raise ValueError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
