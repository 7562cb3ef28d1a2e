"""Seatcast engine: Belgian Chamber seat projections from regional polls (no Streamlit here).

Public API (shares in percent, probabilities as fractions 0–1, seats as whole numbers):

- `load_library(data_dir)` → `Library`: parties, elections, polls (newest first), coalitions,
  validated; a malformed file raises `DataError` naming file, line and field.
- `parse_poll(text, source, parties)` → `Poll`; `poll_to_toml(poll)` writes it back.
- `simulate(Scenario(poll, seed=…, simulations=…), library)` → `Result` with `.parties`,
  `.coalitions`, `.coalition(keys)`, `.constituencies` and the raw `.seat_draws`.
- `render(result, "markdown" | "json" | "csv")` → the report as text.
- `scenario_to_params` / `scenario_from_params`: a scenario as share-link query parameters.

Example::

    from engine import Scenario, load_library, simulate
    library = load_library()
    result = simulate(Scenario(library.polls["2024-11-21-Ipsos"]), library)
    result.coalition(["NVA", "MR", "LE", "VOORUIT", "CDV"]).majority_probability.value
"""

from .data import DataError, load_library, parse_poll, poll_to_toml
from .defaults import (
    CONSTITUENCY_NOISE_RANGE,
    CONSTITUENCY_NOISE_STEP,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    QUICK_SIMULATIONS,
    SAMPLE_SIZE_RANGE,
    SEED_RANGE,
    SHARE_DECIMALS,
    SIMULATION_CHOICES,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)
from .domain import MAJORITY, REGION_NAMES, REGIONS, Coalition, Library, Party, Poll, RegionPoll, Scenario
from .report import render
from .scenarios import normalised_shares, poll_from_election, with_region
from .share import scenario_from_params, scenario_to_params
from .simulation import Result, simulate

__all__ = [
    "CONSTITUENCY_NOISE_RANGE",
    "CONSTITUENCY_NOISE_STEP",
    "DEFAULT_CONSTITUENCY_NOISE",
    "DEFAULT_SEED",
    "DEFAULT_SIMULATIONS",
    "DEFAULT_SWING",
    "MAJORITY",
    "QUICK_SIMULATIONS",
    "SAMPLE_SIZE_RANGE",
    "SEED_RANGE",
    "SHARE_DECIMALS",
    "SIMULATION_CHOICES",
    "SIMULATIONS_RANGE",
    "SWING_MODELS",
    "REGIONS",
    "REGION_NAMES",
    "Coalition",
    "DataError",
    "Library",
    "Party",
    "Poll",
    "RegionPoll",
    "Result",
    "Scenario",
    "load_library",
    "normalised_shares",
    "parse_poll",
    "poll_from_election",
    "poll_to_toml",
    "render",
    "scenario_from_params",
    "scenario_to_params",
    "simulate",
    "with_region",
]
