"""Seatcast engine: Belgian Chamber seat projections from regional polls (no Streamlit here).

Public API (shares in percent, probabilities as fractions 0–1, seats as whole numbers):

- `load_library(data_dir)` → `Library`: parties, elections, polls (newest first), coalitions
  (`Coalition.name_in(lang)`), constituency names (`Library.constituency_name(name, lang)`),
  validated; a malformed file raises `DataError` naming file, line and field.
- `parse_poll(text, source, library)` → `Poll` (validated by `engine.validation`); `poll_to_toml(poll)` writes it back.
- `simulate(Scenario(poll, seed=…, simulations=…), library)` → `Result` with `.parties`,
  `.coalitions`, `.coalition(keys)`, `.constituencies` and the raw `.seat_draws`.
- `result.compact()` → `CompactResult` (the same reading API without the raw draws, about 9 MB for
  2^20 simulations); `cached_result(scenario, library, open_store())` reads it from the shared
  cache (disk or Redis, `engine.result_store`) or runs and stores it; `ResultService` adds one
  process's memory and run queue (`engine.serving`).
- `render(result, "markdown" | "json" | "csv")` → the report as text, in the current language
  (`with engine.i18n.language("fr"):`) for the Markdown and the CSV's header and names; JSON is
  the same in every language.
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
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    HISTORICAL,
    MAX_YEARS_TO_ELECTION,
    NO_POLLING_ERROR,
    POLLING_ERROR_MODELS,
    QUICK_SIMULATIONS,
    SAMPLE_SIZE_RANGE,
    SEED_RANGE,
    SHARE_DECIMALS,
    SHARE_RANGE,
    SIMULATION_CHOICES,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)
from .domain import (
    CHAMBER_SEATS,
    INTERVAL_LEVELS,
    MAJORITY,
    OTHER,
    REGION_NAMES,
    REGIONS,
    Coalition,
    Election,
    Library,
    Party,
    Poll,
    RegionPoll,
    Scenario,
    election_day_range,
)
from .poll_edits import (
    add_party,
    addable_parties,
    election_result_date,
    normalised_shares,
    poll_from_election,
    region_reading,
    remove_party,
    set_share,
    with_region,
)
from .report import render
from .result_store import cached_result, open_store
from .results import CoalitionResult, PartyResult
from .serving import ResultService
from .share import CUSTOM_POLL, SharedScenario, base_poll, scenario_from_params, scenario_to_params
from .simulation import CompactResult, Result, kernel_ready, sampling_only_comparison, simulate

__all__ = [
    "CHAMBER_SEATS",
    "CONSTITUENCY_NOISE_RANGE",
    "CONSTITUENCY_NOISE_STEP",
    "CUSTOM_POLL",
    "DEFAULT_CONSTITUENCY_NOISE",
    "DEFAULT_POLLING_ERROR",
    "DEFAULT_SEED",
    "DEFAULT_SIMULATIONS",
    "DEFAULT_SWING",
    "HISTORICAL",
    "INTERVAL_LEVELS",
    "MAJORITY",
    "MAX_YEARS_TO_ELECTION",
    "NO_POLLING_ERROR",
    "OTHER",
    "POLLING_ERROR_MODELS",
    "QUICK_SIMULATIONS",
    "REGIONS",
    "REGION_NAMES",
    "SAMPLE_SIZE_RANGE",
    "SEED_RANGE",
    "SHARE_DECIMALS",
    "SHARE_RANGE",
    "SIMULATIONS_RANGE",
    "SIMULATION_CHOICES",
    "SWING_MODELS",
    "Coalition",
    "CoalitionResult",
    "CompactResult",
    "DataError",
    "Election",
    "Library",
    "Party",
    "PartyResult",
    "Poll",
    "RegionPoll",
    "Result",
    "ResultService",
    "Scenario",
    "SharedScenario",
    "add_party",
    "addable_parties",
    "base_poll",
    "cached_result",
    "election_day_range",
    "election_result_date",
    "kernel_ready",
    "load_library",
    "normalised_shares",
    "open_store",
    "parse_poll",
    "poll_from_election",
    "poll_to_toml",
    "region_reading",
    "remove_party",
    "sampling_only_comparison",
    "render",
    "scenario_from_params",
    "scenario_to_params",
    "set_share",
    "simulate",
    "with_region",
]
