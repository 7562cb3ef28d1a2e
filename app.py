"""Seatcast: placeholder page until the dashboard lands."""

import streamlit as st

from engine import Scenario, load_library, simulate

st.set_page_config(page_title="Seatcast", layout="wide")
library = load_library()
poll = next(iter(library.polls.values()))
result = simulate(Scenario(poll, simulations=2**16), library)
st.title("Seatcast")
st.dataframe([{"party": p.name, "median seats": p.seats.median} for p in result.parties])
