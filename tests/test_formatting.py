"""Strings from a user (a data file, an upload, a link) are plain text wherever they are shown:
exact expected strings for Streamlit's Markdown and for plotly's figure text."""

import pytest

from engine.formatting import escape_figure_text, escape_markdown

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
