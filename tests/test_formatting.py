"""Strings from a user (a data file, an upload, a link) are plain text wherever they are shown:
exact expected strings for Streamlit's Markdown and for plotly's figure text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.formatting import escape_figure_text, escape_markdown, number
from engine.i18n import language

WJ = "\u2060"  # the invisible word joiner that breaks Streamlit's link and shortcode patterns


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        # CommonMark: links, images, emphasis, table cells, HTML, headings, code
        ("[Official results](http://evil.example)", rf"\[Official results\]\(http:{WJ}//evil.example\)"),
        ("![p](http://evil.example/p.png)", rf"\!\[p\]\(http:{WJ}//evil.example/p.png\)"),
        ("**FAKE** | x | y", r"\*\*FAKE\*\* \| x \| y"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("# Title", r"\# Title"),
        ("`code`", r"\`code\`"),
        ("~~gone~~ _it_", r"\~\~gone\~\~ \_it\_"),
        ("CD&V", "CD&amp;V"),
        ("&lt;", "&amp;lt;"),
        # Streamlit: formulas, bare links (GitHub's autolinks), icons and emoji shortcodes
        ("$x^2$", r"\$x^2\$"),
        ("see http://evil.example now", f"see http:{WJ}//evil.example now"),
        ("HTTPS://evil.example", f"HTTPS:{WJ}//evil.example"),
        ("www.evil.example", f"www{WJ}.evil.example"),
        ("WWW.evil.example", f"WWW{WJ}.evil.example"),
        ("mail me@evil.example", f"mail me@{WJ}evil.example"),
        (":material/warning: Official", f":{WJ}material/warning: Official"),
        (":rotating_light: :red[alert]", rf":{WJ}rotating\_light: :{WJ}red\[alert\]"),
        # Blocks: a list, a line break, an indented code block
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("-", r"\-"),
        ("Ipsos\n\n# x", r"Ipsos \# x"),
        ("    code", "code"),
        # Ordinary names stay as they are
        ("Ipsos for Le Soir, 18–21 November 2024", "Ipsos for Le Soir, 18–21 November 2024"),
        ("N-VA", "N-VA"),
        ("-5 points", "-5 points"),
        ("99.8%", "99.8%"),
        ("Time: 10 h", "Time: 10 h"),
    ],
)
def test_escape_markdown_leaves_plain_text(text, plain):
    assert escape_markdown(text) == plain


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('<a href="http://evil.example">Official</a>', '&lt;a href="http://evil.example"&gt;Official&lt;/a&gt;'),
        ("<b>FAKE</b><br>x", "&lt;b&gt;FAKE&lt;/b&gt;&lt;br&gt;x"),
        ("CD&V", "CD&amp;V"),
        ("Ipsos, 3 June 2025", "Ipsos, 3 June 2025"),
    ],
)
def test_escape_figure_text_shows_tags_and_entities_as_written(text, plain):
    assert escape_figure_text(text) == plain


def test_a_month_only_fieldwork_reads_as_its_month_and_says_so(library):
    from dataclasses import replace

    from engine.formatting import fieldwork_text

    (month_only,) = [p for p in library.polls.values() if p.fieldwork_precision == "month"]
    assert fieldwork_text(month_only) == "July 2014 (month only)"
    assert fieldwork_text(month_only, last_day_only=True) == "July 2014 (month only)"
    # The same dates known to the day are a range, as the reference reports write it.
    assert fieldwork_text(replace(month_only, fieldwork_precision="day")) == "1–31 July 2014"
    assert fieldwork_text(replace(month_only, fieldwork_precision="day"), last_day_only=True) == "31 July 2014"


def test_dates_and_the_uncertainty_note_read_as_each_language_writes_them():
    from datetime import date

    from engine.formatting import date_range, long_date, uncertainty_note
    from engine.i18n import language

    sizes, effective = {"VLG": 1000, "BRU": 591}, {"VLG": 128.4, "BRU": 118.0}
    with language("fr"):
        assert long_date(date(2016, 1, 1)) == "1er janvier 2016"  # French writes the first as an ordinal
        assert date_range(date(2024, 11, 18), date(2024, 11, 21)) == "18–21 novembre 2024"
        assert uncertainty_note("historical", effective, sizes).endswith(
            "les 1\u202f000 répondants du sondage en Flandre comptent pour 128 et ses 591 à Bruxelles pour 118."
        )
    with language("nl"):
        assert long_date(date(2016, 1, 1)) == "1 januari 2016"
        assert uncertainty_note("historical", effective, sizes).endswith(
            "de 1.000 respondenten van de peiling in Vlaanderen tellen als 128 en de 591 in Brussel als 118."
        )
    assert uncertainty_note("historical", effective, sizes).endswith(
        "the poll’s 1,000 respondents in Flanders count as 128 and its 591 in Brussels as 118."
    )


@given(st.floats(-1e12, 1e12, allow_nan=False), st.integers(0, 3))
def test_a_number_is_rounded_as_python_rounds_it_in_every_language(x, decimals):
    # Python's own formatting is the oracle: babel alone would round the decimal text half to
    # even (1.05 → "1.0"), so a number would read differently from the reports' f-strings.
    expected = f"{x:,.{decimals}f}"
    assert number(x, decimals) == expected
    with language("nl"):
        assert number(x, decimals) == expected.replace(",", " ").replace(".", ",").replace(" ", ".")


def test_escaping_keeps_no_break_spaces_and_joins_lines():
    # French writes "62 %" and "65 536" with no-break spaces: a table cell must not break there.
    assert escape_markdown("62\u00a0%\n\n  65\u202f536") == "62\u00a0% 65\u202f536"
