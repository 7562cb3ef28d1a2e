"""Plotly figure builders (no Streamlit, no statistics).

Each takes engine summaries and returns a `plotly.graph_objects.Figure`, so the dashboard and any
script draw the same charts.
"""

from .alt_text import coalition_alt_text, hemicycle_alt_text, seat_distribution_alt_text, seating_plan_alt_text
from .hemicycle import hemicycle_figure
from .poll_average import majority_over_time_figure, poll_average_figure, seats_over_time_figure
from .publication import for_publication, image_bytes, image_file_name, scenario_line, source_credit
from .seating_plan import certainty_hemicycle_figure, seating_plan_figure
from .seats import PLOTLY_CONFIG, coalition_pmf_figure, hemicycle, seat_pmf_figure, vote_share_figure
from .track_record import calibration_figure, poll_history_figure, projected_vs_actual_figure

__all__ = [
    "PLOTLY_CONFIG",
    "calibration_figure",
    "certainty_hemicycle_figure",
    "coalition_alt_text",
    "coalition_pmf_figure",
    "for_publication",
    "hemicycle",
    "hemicycle_alt_text",
    "hemicycle_figure",
    "image_bytes",
    "image_file_name",
    "majority_over_time_figure",
    "poll_average_figure",
    "poll_history_figure",
    "projected_vs_actual_figure",
    "scenario_line",
    "seat_distribution_alt_text",
    "seating_plan_alt_text",
    "seating_plan_figure",
    "seats_over_time_figure",
    "seat_pmf_figure",
    "source_credit",
    "vote_share_figure",
]
