"""Plotly figure builders (no Streamlit, no statistics).

Each takes engine summaries and returns a `plotly.graph_objects.Figure`, so the dashboard and any
script draw the same charts.
"""

from .hemicycle import hemicycle_figure
from .poll_average import majority_over_time_figure, poll_average_figure, seats_over_time_figure
from .seats import PLOTLY_CONFIG, coalition_pmf_figure, hemicycle, seat_pmf_figure, vote_share_figure
from .track_record import calibration_figure, poll_history_figure, projected_vs_actual_figure

__all__ = [
    "PLOTLY_CONFIG",
    "calibration_figure",
    "coalition_pmf_figure",
    "hemicycle",
    "hemicycle_figure",
    "majority_over_time_figure",
    "poll_average_figure",
    "poll_history_figure",
    "projected_vs_actual_figure",
    "seats_over_time_figure",
    "seat_pmf_figure",
    "vote_share_figure",
]
