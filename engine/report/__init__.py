"""Render a `Result` as Markdown (the reference reports' sections), JSON (stable, for machines)
or CSV (every PMF, long format; `csv-excel` for Belgian Excel)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..simulation import Result
from .machine import to_csv, to_json
from .markdown import markdown, title

FORMATS = ("markdown", "json", "csv", "csv-excel")
__all__ = ["FORMATS", "markdown", "render", "title", "to_csv", "to_json"]


def render(result: Result, fmt: str, coalition: Sequence[str] = ()) -> str:
    """The report of `result` in `fmt` (one of `FORMATS`), with `coalition` (registry keys) among
    the coalitions when it is not a preset.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt == "markdown":
        return markdown(result, coalition)
    if fmt == "json":
        return json.dumps(to_json(result, coalition), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "csv-excel"):
        return to_csv(result, coalition, excel=fmt == "csv-excel")
    raise ValueError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
