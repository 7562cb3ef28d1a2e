"""The track record: backtests of the projection against past elections, and the poll history.

Public: `backtest`, `track_record`, `compare_models`, `coverage_scores` (in `backtest`; what honest
coverage is: `COVERAGE_TARGETS`, `ModelScore.coverage_verdict`), their
Markdown and CSV (`render_track_record`, `render_comparison`, `render_coverage`,
`track_record_rows`), and the poll history
(`poll_shares`, `election_shares`, `national_shares`: shares in percent, read the way the model
reads a poll).
"""

from .backtest import (
    BASELINE,
    CONSTITUENCY_NOISE_LEVELS,
    COVERAGE_TARGETS,
    ELECTION,
    FORMED_COALITION,
    FORMED_COALITION_NAME,
    FORMED_COALITIONS,
    HONEST,
    SCORED_ELECTIONS,
    TOO_CAUTIOUS,
    TOO_CONFIDENT,
    Backtest,
    ListBacktest,
    ModelScore,
    actual_party_seats,
    actual_seats,
    at_least_inside,
    backtest,
    compare_models,
    coverage_scores,
    perfect_poll,
    track_record,
)
from .poll_history import NATIONAL, PollShare, election_shares, national_shares, poll_shares, regional_shares
from .render import render_comparison, render_coverage, render_interval_mass, render_track_record, track_record_rows

__all__ = [
    "BASELINE",
    "CONSTITUENCY_NOISE_LEVELS",
    "COVERAGE_TARGETS",
    "ELECTION",
    "FORMED_COALITION",
    "FORMED_COALITION_NAME",
    "FORMED_COALITIONS",
    "HONEST",
    "SCORED_ELECTIONS",
    "TOO_CAUTIOUS",
    "TOO_CONFIDENT",
    "NATIONAL",
    "Backtest",
    "ListBacktest",
    "ModelScore",
    "PollShare",
    "actual_party_seats",
    "actual_seats",
    "at_least_inside",
    "backtest",
    "compare_models",
    "coverage_scores",
    "election_shares",
    "national_shares",
    "perfect_poll",
    "poll_shares",
    "regional_shares",
    "render_comparison",
    "render_coverage",
    "render_interval_mass",
    "render_track_record",
    "track_record",
    "track_record_rows",
]
