"""Text formatting shared by the report, the command line and the dashboard.

Probabilities, intervals, dates as journalists write them, Markdown and figure escaping, and CSV.

Probabilities come in as fractions (0–1), shares as percentages, seats as whole numbers.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from .defaults import NO_POLLING_ERROR
from .domain import IN_REGION
from .i18n import _, current_language, current_locale

if TYPE_CHECKING:
    from .domain import Poll

# `$` starts a formula in Streamlit's Markdown; the others are CommonMark's and GitHub's.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")
# Streamlit's Markdown finds bare links (http://…, www.…, name@host) and shortcodes
# (:material/…:, :smile:) in the text after the escapes are read, so a backslash cannot stop them:
# an invisible word joiner after the colon, after the "@" and inside "www." breaks their patterns.
WORD_JOINER = "\u2060"
_LINK_OR_SHORTCODE = re.compile(r"(?<=:)(?=\S)|(?<=@)|(?i:(?<=www)(?=\.))")
_LAYOUT_WHITESPACE = re.compile(r"[ \t\n\r\f\v\u2028\u2029]+")
# At the start of a text, "- " or "1. " would begin a list: the backslash goes before "-" or ".".
_LIST_MARKER = re.compile(r"^(\d+(?=\.(?: |$))|(?=-(?: |$)))")
# A word joiner on each side of the dash: browsers may otherwise break a narrow table cell after
# it ("79–" above "87"). It is invisible and does not change what the number says.
UNBREAKABLE_DASH = "\u2060–\u2060"
# Marks a party whose numbers are, somewhere, its last result rather than a projection.
HELD_MARK = "†"
# Excel takes a CSV file for the local code page unless it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def escape_markdown(text: str) -> str:
    """Escape `text` so that Streamlit's Markdown shows it as plain text, on one line.

    Parameters
    ----------
    text : str
        Anything from a data file, an upload or a share link.

    Returns
    -------
    str
        The text with no link, image, formatting, formula, icon, list or table cell of its own.
    """
    # A line break or an indent would start a block; no-break spaces stay, so that "62 %" and
    # "65 536" in French never break across lines.
    one_line = _LAYOUT_WHITESPACE.sub(" ", text).strip(" ")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line.replace("&", "&amp;"))
    escaped = _LIST_MARKER.sub(r"\1\\", escaped, count=1)
    return _LINK_OR_SHORTCODE.sub(WORD_JOINER, escaped)


def escape_figure_text(text: str) -> str:
    """Escape `text` for a plotly title, label or hover, which read HTML tags and entities.

    Parameters
    ----------
    text : str
        Anything from a data file, an upload or a share link.

    Returns
    -------
    str
        The text with `<`, `>` and `&` as entities.
    """
    return html.escape(text, quote=False)


def number(x: float, decimals: int = 0) -> str:
    """Write a number as the current language does: "1,234.5", "1.234,5" (nl), "1 234,5" (fr).

    Parameters
    ----------
    x : float
        The number.
    decimals : int, default 0
        Digits after the decimal sign, always shown.

    Returns
    -------
    str
        With the locale's decimal sign and thousands separator (`engine.i18n.LOCALES`).
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext() as context:
        # An uploaded file's number (echoed in an error) may have more digits than decimal's 28.
        context.prec = max(context.prec, len(f"{abs(x):.0f}") + decimals + 1)
        # Rounded as Python rounds the float (1.05 → "1.1"), not as babel rounds its decimal
        # text half to even ("1.0"): the same number reads the same in every language.
        return format_decimal(_rounded(x, decimals), format=pattern, locale=current_locale())


def _rounded(x: float, decimals: int) -> Decimal:
    return Decimal(f"{x:.{decimals}f}")


def significant(x: float, digits: int = 4) -> str:
    """Write a fitted parameter to `digits` significant digits, as ``f"{x:.4g}"`` does.

    Parameters
    ----------
    x : float
        The number.
    digits : int, default 4
        Significant digits (trailing zeros dropped).

    Returns
    -------
    str
        ``"0.00634"`` in English, ``"0,00634"`` in Dutch and French.
    """
    return f"{x:.{digits}g}".replace(".", get_decimal_symbol(current_locale()))


def plotly_separators() -> str:
    """Return plotly's `layout.separators` in the current language: decimal sign, then thousands separator."""
    locale = current_locale()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def percent_number(x: float, decimals: int = 0) -> str:
    """Write a percentage as the current language does: "24.6%", "24,6%" (nl), "24,6 %" (fr).

    Parameters
    ----------
    x : float
        In percent (24.6 for 24.6 %).
    decimals : int, default 0
        Digits after the decimal sign, always shown.

    Returns
    -------
    str
        The locale's percent pattern (CLDR through babel: the sign's spacing differs by language).
    """
    locale = current_locale()
    pattern = (
        Locale.parse(locale)
        .percent_formats[None]
        .pattern.replace("#,##0", "#,##0" + ("." + "0" * decimals if decimals else ""), 1)
    )
    return format_percent(_rounded(x, decimals) / 100, format=pattern, locale=locale, decimal_quantization=True)


def percent(p: float) -> str:
    """Format a probability as the reports print it: 0%, <0.1%, 0.4%, 9%, 41%, 99.6%, 100%.

    Parameters
    ----------
    p : float
        A probability, as a fraction (0–1).

    Returns
    -------
    str
        Whole percent between 10 and 90 %, one decimal outside, and "<0.1%" / ">99.9%" at the ends,
        in the current language's number format (`percent_number`).
    """
    x = 100.0 * p
    if x == 0.0 or x == 100.0:
        return percent_number(x)
    if x < 0.1:
        return "<" + percent_number(0.1, 1)
    if x > 99.9:
        return ">" + percent_number(99.9, 1)
    if x < 10.0 or x > 90.0:
        return percent_number(x, 1)
    return percent_number(x)


def percent_cell(p: float) -> str:
    """Format a probability (fraction, 0–1) for a Markdown table cell.

    The leading ">" of ">99.9%" would otherwise start a block quote.

    Parameters
    ----------
    p : float
        A probability, as a fraction (0–1).

    Returns
    -------
    str
        `percent(p)`, escaped for Markdown.
    """
    return escape_markdown(percent(p))


def probability_with_error(value: float, standard_error: float) -> str:
    """Format a probability and its Monte Carlo standard error for a table cell: "41% ± 0.05".

    Parameters
    ----------
    value, standard_error : float
        Fractions (0–1); the error is printed in percentage points.

    Returns
    -------
    str
        The escaped probability, "±" and the error with two decimals.
    """
    return f"{percent_cell(value)} ± {number(100 * standard_error, 2)}"


def seat_interval(bounds: tuple[int, int], dash: str = "–") -> str:
    """Format a seat interval: "73–82", or one number when both ends are equal.

    Parameters
    ----------
    bounds : tuple of int
        Lowest and highest seat count.
    dash : str, default "–"
        Between the bounds (`UNBREAKABLE_DASH` in narrow table cells).

    Returns
    -------
    str
        The interval.
    """
    lo, hi = bounds
    return str(lo) if lo == hi else f"{lo}{dash}{hi}"


def seat_interval_cell(seats, level: int) -> str:
    """Format a seat distribution's `level` % interval for a narrow table cell.

    Parameters
    ----------
    seats : SeatDistribution
        Any seat distribution (party, coalition, list).
    level : int
        Interval level in percent (80, 90, 95 or 99).

    Returns
    -------
    str
        `seat_interval` with `UNBREAKABLE_DASH`, so the range never breaks across lines.
    """
    return seat_interval(seats.interval(level), dash=UNBREAKABLE_DASH)


def share_interval(bounds: tuple[float, float], dash: str = "–", unit: str = "%") -> str:
    """Format a vote-share interval with one decimal: "24.1–28.3%" ("24,1–28,3%" in Dutch).

    Parameters
    ----------
    bounds : tuple of float
        Lower and upper bound, in percent.
    dash : str, default "–"
        Between the bounds.
    unit : str, default "%"
        After the upper bound ("" where a column header says percent).

    Returns
    -------
    str
        The interval.
    """
    if unit == "%":
        return f"{number(bounds[0], 1)}{dash}{percent_number(bounds[1], 1)}"
    return f"{number(bounds[0], 1)}{dash}{number(bounds[1], 1)}{unit}"


def long_date(day: date) -> str:
    """Write a date as journalists and the reference reports do: "9 June 2024", "9 juni 2024".

    Parameters
    ----------
    day : datetime.date
        The date.

    Returns
    -------
    str
        Day, month name, year, in the current language ("1er janvier 2016" in French).
    """
    return f"{_day_of_month(day)} {format_date(day, 'MMMM y', locale=current_locale())}"


def _day_of_month(day: date) -> str:
    # French writes the first of the month as an ordinal ("1er mai"), which CLDR's patterns do not.
    return "1er" if day.day == 1 and current_language() == "fr" else str(day.day)


def month_year(day: date) -> str:
    """Write the month of `day` with its year: "July 2014", "juli 2014", "juillet 2014"."""
    return format_date(day, "MMMM y", locale=current_locale())


def date_range(start: date, end: date) -> str:
    """Write fieldwork dates as the reference reports do.

    Parameters
    ----------
    start, end : datetime.date
        First and last day.

    Returns
    -------
    str
        "18–21 November 2024", "29 May–6 June 2023", "30 December 2024–3 January 2025", or one
        date when both are the same day.
    """
    if start == end:
        return long_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day_of_month(start)}–{long_date(end)}"
    if start.year == end.year:
        return f"{_day_of_month(start)} {format_date(start, 'MMMM', locale=current_locale())}–{long_date(end)}"
    return f"{long_date(start)}–{long_date(end)}"


def fieldwork_text(poll: Poll, last_day_only: bool = False) -> str:
    """Write a poll's fieldwork as a reader should understand it.

    A fieldwork the pollster gave only as a month (``fieldwork_precision = "month"``, some 2014
    polls, docs/method.md §2.7) is written as that month, not as its first to its last day, which
    would claim a precision the poll never had.

    Parameters
    ----------
    poll : Poll
        The poll.
    last_day_only : bool, default False
        Only the last fieldwork day ("31 May 2024"), where a label must be short.

    Returns
    -------
    str
        "July 2014 (month only)", else `date_range` of the fieldwork (or its last day).
    """
    end = poll.fieldwork_end
    if poll.fieldwork_precision == "month":
        return _("{month} (month only)").format(month=month_year(end))
    return long_date(end) if last_day_only else date_range(poll.fieldwork_start, end)


def and_list(items: Iterable[str]) -> str:
    """Join names as a sentence does: "A", "A and B", "A, B and C".

    Parameters
    ----------
    items : iterable of str
        At least one name.

    Returns
    -------
    str
        The names joined by commas and a final "and" ("en", "et"), as the current language
        joins them.
    """
    return format_list(list(items), locale=current_locale())


def or_list(items: Iterable[str]) -> str:
    """Join choices as a sentence does: "A or B", "A, B or C" ("of", "ou"), in the current language."""
    return format_list(list(items), style="or", locale=current_locale())


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ",") -> str:
    r"""Write a CSV document with `header` first ("\n" line ends, fields quoted where needed).

    Parameters
    ----------
    header : sequence of str
        The column names.
    rows : iterable of sequences
        One sequence of values per row, in the header's order.
    delimiter : str, default ","
        ";" for Belgian Excel.

    Returns
    -------
    str
        The document (without a byte-order mark).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def uncertainty_note(polling_error: str, effective_sample_size: dict[str, float], sample_size: dict[str, int]) -> str:
    """Say in plain words what a run's intervals and probabilities include (docs/method.md §8).

    Parameters
    ----------
    polling_error : str
        The scenario's polling error: ``"historical"`` or ``"none"``.
    effective_sample_size : dict of str to float
        Respondents each covered region's poll counts as (`Model.effective_sample_size`).
    sample_size : dict of str to int
        Each covered region's published sample size.

    Returns
    -------
    str
        One or two sentences for a reader: what the uncertainty includes, and what the poll
        counts as, region by region (Markdown-safe: no user text).
    """
    if polling_error == NO_POLLING_ERROR:
        return _(
            "Sampling error only: as if the poll erred only by the chance of who was asked. "
            "Past Belgian polls missed by much more, so these ranges are too narrow."
        )
    # The first region names the poll, the others refer back to it ("its 1,000 in Wallonia as 128").
    first, others = (
        _("the poll’s {n} respondents {in_region} count as {effective}"),
        _("its {n} {in_region} as {effective}"),
    )
    sizes = [
        (others if i else first).format(n=number(sample_size[r]), in_region=_(IN_REGION[r]), effective=number(n))
        for i, (r, n) in enumerate(effective_sample_size.items())
    ]
    return _(
        "Includes the typical error of Belgian polls at past elections, not only the sample size: {sizes}."
    ).format(sizes=and_list(sizes))
