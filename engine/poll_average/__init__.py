"""The poll average with house effects (docs/poll-average.md; issue 14).

Per region and party, a random walk observed by every poll (with its firm's house effect and its
sampling variance) and by every election (exactly, no house effect), fitted with statsmodels'
state-space models by ``python -m engine fit-poll-average`` into data/poll_average.csv and
data/house_effects.csv. The app only reads those files; it never fits.

Shares are in percent, house effects and standard deviations in points.

Reading (no statsmodels imported):

- `load_poll_average(path, parties)` → `PollAverage` (``.days``, ``.latest_day``, ``.on(day)``,
  ``.series(region, party)``), `load_house_effects(path, parties)` → tuple of `HouseEffect`; a
  malformed file raises `engine.data.DataError` naming file, line and field.
- `average_poll(average, day, library)` → the average on `day` as a `Poll` (firm
  ``"Poll average"``) that `engine.simulate` runs; `average_poll_from_id` the same for a
  starting-point id ``"average-2025-06-03"`` (share links, the picker), on the stored average
  (`stored_poll_average`, loaded once per process); `average_start_days` the days it may start from.

Fitting (imports statsmodels; the command and the tests only): `engine.poll_average.fit`
(`fit_poll_average`, `fit_measurements`), `engine.poll_average.evidence` (`eve_comparison`,
`render_eve_comparison`).
"""

from .files import (
    HOUSE_EFFECTS_FILE,
    POLL_AVERAGE_FILE,
    house_effects_csv,
    load_house_effects,
    load_poll_average,
    poll_average_csv,
    stored_difference,
    write_poll_average,
)
from .results import HOUSE_SD, AveragePoint, FittedAverage, HouseEffect, PollAverage
from .starting_point import (
    AVERAGE_FIRM,
    AVERAGE_POLL_PREFIX,
    average_poll,
    average_poll_from_id,
    average_poll_id,
    average_start_days,
    effective_sample_size,
    stored_poll_average,
)

__all__ = [
    "AVERAGE_FIRM",
    "AVERAGE_POLL_PREFIX",
    "HOUSE_EFFECTS_FILE",
    "HOUSE_SD",
    "POLL_AVERAGE_FILE",
    "AveragePoint",
    "FittedAverage",
    "HouseEffect",
    "PollAverage",
    "average_poll",
    "average_poll_from_id",
    "average_poll_id",
    "average_start_days",
    "effective_sample_size",
    "house_effects_csv",
    "load_house_effects",
    "load_poll_average",
    "poll_average_csv",
    "stored_difference",
    "stored_poll_average",
    "write_poll_average",
]
