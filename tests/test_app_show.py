"""Table cells are Markdown in st.table: the probabilities the pages put in them must not turn
into Markdown syntax (the pages use engine.formatting's cell formats)."""

from engine.formatting import percent_cell, probability_with_error


def test_a_near_certain_probability_is_not_a_block_quote_in_a_table():
    assert percent_cell(0.99999) == "\\>99.9%"  # Markdown shows ">99.9%", not a quote bar
    assert percent_cell(0.00001) == "\\<0.1%"
    assert percent_cell(0.41) == "41%"
    assert probability_with_error(0.99999, 0.00001).startswith("\\>99.9% ± ")
