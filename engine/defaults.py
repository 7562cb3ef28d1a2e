"""Every default and limit of a scenario and a poll, defined once.

The `Scenario` validates itself against these; the command line, share links and the dashboard's
widgets read their defaults, bounds and choices from here. Shares are in percent, local noise is
the standard deviation of a log-normal factor (a fraction), sample sizes are respondents, seeds
are what `numpy.random.SeedSequence` takes. Each limit's reason is in the comment beside it; the
model's defaults are explained in docs/method.md §3.1 (swing and local noise) and
docs/method.md §3.6 (seed and number of simulations).
"""

from __future__ import annotations

# --- the run ---------------------------------------------------------------------------------
DEFAULT_SEED = 2024
SEED_RANGE = (0, 2**32 - 1)  # numpy's SeedSequence takes any non-negative int; a link keeps 32 bits
DEFAULT_SIMULATIONS = 2**20
# The dashboard answers with the first 2^16 simulations of the same seed, then the full run.
QUICK_SIMULATIONS = 2**16
# Below 1,024 simulations the Monte Carlo error (±1.6 points on a 50 % probability) drowns the
# model; above 2^22 a run holds more than 400 MB of draws.
SIMULATIONS_RANGE = (1024, 2**22)
SIMULATION_CHOICES = (2**16, 2**18, 2**20, 2**22)  # offered by the dashboard

# The track record's backtests (Track record page, `python -m engine batch`): 2^18 simulations each,
# at which seat medians and intervals are stable (docs/track-record.md uses 2^20); both elections,
# with and without the polling error, take about twenty seconds.
BACKTEST_SIMULATIONS = 2**18

# --- the model -------------------------------------------------------------------------------
MULTIPLICATIVE, ADDITIVE = "multiplicative", "additive"
SWING_MODELS = (MULTIPLICATIVE, ADDITIVE)
DEFAULT_SWING = MULTIPLICATIVE
# Local deviations from the regional swing (sd of a log-normal factor per list and constituency).
# The 2019 → 2024 backtest (docs/track-record.md) chose 0.1: with the plain swing (0) only 3 of 13
# actual results fell inside the 80 % intervals of a perfect poll; with 0.1, 12. Beyond 0.5 a
# list's votes would routinely double or halve between constituencies of one region.
DEFAULT_CONSTITUENCY_NOISE = 0.1
CONSTITUENCY_NOISE_RANGE = (0.0, 0.5)
CONSTITUENCY_NOISE_STEP = 0.05
# The polling error (docs/method.md §8): "historical" reads a poll with the error Belgian polls
# showed at past elections (parameters fitted by `python -m engine fit-polling-error` into
# data/polling_error.toml); "none" counts only the sample size, as the published analyses do.
HISTORICAL, NO_POLLING_ERROR = "historical", "none"
POLLING_ERROR_MODELS = (HISTORICAL, NO_POLLING_ERROR)
DEFAULT_POLLING_ERROR = HISTORICAL
# An election day, when given, lies after the fieldwork and at most a legislature (5 years,
# Constitution art. 65) and the wait for the next European election day later.
MAX_YEARS_TO_ELECTION = 6

# --- a poll ----------------------------------------------------------------------------------
SHARE_RANGE = (0.0, 100.0)  # percent
# Belgian federal polls ask 600 to 2,400 people per region; under 50 a "poll" is an anecdote and
# over 100,000 it is a typo (or an election result, which the dashboard builds itself).
SAMPLE_SIZE_RANGE = (50, 100_000)
MAX_POLL_PARTIES = 40
# Shares may overshoot 100 through rounding; beyond this the poll is wrong, not rounded.
MAX_SHARE_TOTAL = 110.0
# The named parties of every poll in the library add up to 81 % or more (the rest is Others or
# undecided); below half the poll is not about the parties it names.
MIN_NAMED_SHARE_TOTAL = 50.0
# The longest fieldwork in the library is 29 days; a quarter is the most that still describes one
# moment of opinion.
MAX_FIELDWORK_DAYS = 92
MAX_NAME_LENGTH = 100  # a firm's or a commissioner's name
MAX_POLL_FILE_BYTES = 64_000
# A share link keeps shares to this many decimals, so edits are rounded to it.
SHARE_DECIMALS = 2

# --- the seating plan with uncertainty (engine/seating_plan.py, docs/seating-plan.md) -------------
# A seat is "safe" when the party holds it in at least 95 % of simulations, "likely" from 75 %, a
# "toss-up" below: 95 % is the "almost sure" of the reports' 95 % intervals, 75 % is "three times
# in four", below which a newsroom would not call a seat. Fractions (0–1), compared with ≥.
SAFE_SEAT_PROBABILITY = 0.95
LIKELY_SEAT_PROBABILITY = 0.75

# --- serving many readers (engine/result_store.py, ui/cache.py, ui/runs.py) ------------------------
# A 2^20-simulation result is about 9 MB compact (engine/packed_seats.py): the shared store keeps
# a day of them, at most 2 GB on disk (a whole election night's links; the poll library is 77).
RESULT_CACHE_EXPIRE_S = 24 * 3600
RESULT_CACHE_SIZE_LIMIT_BYTES = 2 * 2**30
# A store that failed (or did not answer within a second) is skipped this long before it is tried
# again: a page then costs one run, not one timeout per store call.
RESULT_CACHE_RETRY_S = 30.0
# Each app process keeps the results its readers look at in memory too: 16 of them (at most 150 MB)
# for an hour; the environment may shorten the hour (SEATCAST_MEMORY_TTL_S, the load test does).
MEMORY_RESULTS_KEPT = 16
MEMORY_RESULTS_TTL_S = 3600
# How often an app process drops expired results and closed pages' objects and gives the memory
# back (a full collection holds the interpreter for 0.2–0.3 s, measured with the app's modules loaded).
TIDY_EVERY_S = 60.0
# Simulations run at once in one app process: each already uses every core (numba threads), so a
# second one only slows both; readers beyond it wait in line, quick runs first.
CONCURRENT_RUNS = 1
# A waiting run moves up one priority step (quick, comparison, full) every this many seconds: a
# full run (about a second and a half) waits at most a few seconds behind a stream of quick runs.
RUN_PRIORITY_AGING_S = 2.0
