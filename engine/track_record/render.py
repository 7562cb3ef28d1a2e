"""The track record as text: Markdown tables for docs/track-record.md and flat rows for CSV."""

from __future__ import annotations

from ..domain import INTERVAL_LEVELS, REGIONS
from ..summaries import Probability
from .backtest import FORMED_COALITION_NAME, Backtest, ListBacktest, ModelScore


def _interval_text(entry: ListBacktest, level: int) -> str:
    low, high = entry.interval(level)
    mark = "" if entry.inside(level) else " ✗"
    return f"{low}–{high}{mark}"


def _probability_text(probability: Probability | None) -> str:
    if probability is None:
        return "—"
    return f"{100 * probability.value:.1f} % (± {100 * probability.standard_error:.2f})"


def _effective_sizes(run: Backtest) -> str:
    sizes = ", ".join(f"{region} {n:,.0f}" for region, n in run.effective_sample_size.items())
    return f"read as a poll of {sizes}"


def render_track_record(backtests: tuple[Backtest, ...], heading_level: int = 3) -> str:
    """Render backtests as Markdown, one table per backtest (as in docs/track-record.md).

    Parameters
    ----------
    backtests : tuple of Backtest
        From `track_record` or `backtest`.
    heading_level : int, default 3
        Markdown level of each backtest's heading (4 under a heading per election).

    Returns
    -------
    str
        Per backtest: a heading, a table of lists (actual seats, median, error and the 80–99 %
        intervals, ✗ marking an interval that missed) and a summary of errors, calibration and
        the formed coalition's majority probability (percent ± standard error in points).
    """
    lines: list[str] = []
    for run in backtests:
        scope = "all regions" if run.regions == REGIONS else "seats in " + ", ".join(run.regions) + " only"
        lines += [
            "#" * heading_level + f" {run.label}" + ("" if run.perfect else f" (fieldwork ended {run.fieldwork_end})"),
            "",
            f"Baseline {run.baseline}, scored against {run.election} ({scope}); swing {run.swing}, "
            f"constituency noise {run.constituency_noise:g}, polling error {run.polling_error} "
            f"({_effective_sizes(run)}), {run.simulations:,} simulations.",
            "",
            "| list | actual | median | error | 80 % | 90 % | 95 % | 99 % |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for e in run.lists:
            intervals = " | ".join(_interval_text(e, level) for level in INTERVAL_LEVELS)
            lines.append(f"| {e.name} | {e.actual} | {e.median} | {e.error} | {intervals} |")
        inside = ", ".join(f"{level} %: {n}/{len(run.lists)}" for level, n in run.calibration.items())
        lines += [
            "",
            f"- Total seat error: {run.total_error} (over {run.seats_scored} seats)",
            f"- Actual result inside the interval: {inside}",
            f"- {run.coalition_name} ({', '.join(run.coalition_parties)}; won {run.coalition_actual_seats}): "
            f"P(≥ 76) = {_probability_text(run.coalition_majority)}",
            "",
        ]
    return "\n".join(lines)


def render_comparison(scores: tuple[ModelScore, ...]) -> str:
    """Render a model comparison as a Markdown table.

    Parameters
    ----------
    scores : tuple of ModelScore
        From `compare_models`; each needs a perfect-poll backtest.

    Returns
    -------
    str
        One row per swing model and constituency noise: seats off, lists inside the intervals,
        mean log10 scores, and the formed coalition's P(≥ 76) per full poll in percent.

    Raises
    ------
    StopIteration
        When a score has no perfect-poll backtest.
    """
    levels = "/".join(f"{level}" for level in INTERVAL_LEVELS)
    lines = [
        f"| swing | noise | perfect poll: seats off | perfect poll: inside {levels} % | perfect poll: log score "
        f"| polls: seats off | polls: inside {levels} % | polls: log score "
        f"| {FORMED_COALITION_NAME} P(≥ 76) per poll |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for s in scores:
        perfect = s.perfect
        perfect_inside = "/".join(str(n) for n in perfect.calibration.values()) + f" of {len(perfect.lists)}"
        polls_inside = "/".join(str(n) for n in s.poll_calibration.values()) + f" of {s.poll_lists}"
        poll_errors = ", ".join(str(b.total_error) for b in s.polls)
        majority = ", ".join(
            f"{100 * b.coalition_majority.value:.1f} %" for b in s.full_polls if b.coalition_majority is not None
        )
        lines.append(
            f"| {s.swing} | {s.constituency_noise:g} | {perfect.total_error} | {perfect_inside} | "
            f"{perfect.mean_log_score:.2f} | {poll_errors} | {polls_inside} | {s.poll_log_score:.2f} | {majority} |"
        )
    return "\n".join(lines) + "\n"


def render_coverage(scores: tuple[ModelScore, ...]) -> str:
    """Render the polling-error models' coverage on each election's final polls as Markdown.

    Parameters
    ----------
    scores : tuple of ModelScore
        From `coverage_scores`.

    Returns
    -------
    str
        One row per election and polling-error model: the polls and lists scored, the share of
        lists whose seats fell inside the 80/90/95/99 % intervals (percent, with the count), the
        mean log10 score, and the formed coalition's P(≥ 76) per poll covering every region.
    """
    header = " | ".join(f"inside {level} %" for level in INTERVAL_LEVELS)
    lines = [
        f"| election (from baseline) | polling error | final polls | lists scored | {header} | log score "
        "| formed coalition: P(≥ 76) per full poll |",
        "|---|---|---:|---:|" + "---:|" * len(INTERVAL_LEVELS) + "---:|---|",
    ]
    for s in scores:
        first = s.backtests[0]
        inside = " | ".join(
            f"{100 * s.poll_coverage(level):.0f} % ({s.poll_calibration[level]})" for level in INTERVAL_LEVELS
        )
        majority = ", ".join(
            f"{100 * b.coalition_majority.value:.1f} %" for b in s.full_polls if b.coalition_majority is not None
        )
        coalition = f"{first.coalition_name} (won {first.coalition_actual_seats}): {majority}" if majority else "—"
        lines.append(
            f"| {s.election} (from {first.baseline}) | {s.polling_error} | {len(s.polls)} | {s.poll_lists} | "
            f"{inside} | {s.poll_log_score:.2f} | {coalition} |"
        )
    return "\n".join(lines) + "\n"


def render_interval_mass(scores: tuple[ModelScore, ...], levels: tuple[int, ...] = (80, 90)) -> str:
    """Render, per election and model, what an honest model expects inside its seat intervals.

    Parameters
    ----------
    scores : tuple of ModelScore
        From `coverage_scores`.
    levels : tuple of int, default (80, 90)
        Interval levels in percent.

    Returns
    -------
    str
        A Markdown table: per level, the lists inside (observed), the number an honest model
        expects (the intervals' own probability mass summed, with its share) and the chance that
        an honest model lands as far from that (`ModelScore.chance_this_far_out`).
    """
    header = " | ".join(f"{level} %: inside, expected if honest, chance this far out" for level in levels)
    lines = [
        f"| election | polling error | lists scored | {header} |",
        "|---|---|---:|" + "---|" * len(levels),
    ]
    for s in scores:
        cells = " | ".join(
            f"{s.poll_calibration[level]}, {s.poll_expected_inside(level):.1f} "
            f"({100 * s.poll_expected_inside(level) / s.poll_lists:.0f} %), "
            f"{100 * s.chance_this_far_out(level):.0f} %"
            for level in levels
        )
        lines.append(f"| {s.election} | {s.polling_error} | {s.poll_lists} | {cells} |")
    return "\n".join(lines) + "\n"


def track_record_rows(backtests: tuple[Backtest, ...]) -> list[dict[str, object]]:
    """Flatten backtests into one row per backtest and list (for CSV and data frames).

    Parameters
    ----------
    backtests : tuple of Backtest
        From `track_record` or `backtest`.

    Returns
    -------
    list of dict of str to object
        Keys ``backtest``, ``swing``, ``constituency_noise``, ``polling_error``, ``regions``, ``party``, ``list``,
        ``actual``, ``median``, ``error`` (seats) and, per level L in 80, 90, 95, 99,
        ``low_L``, ``high_L`` (seats) and ``inside_L`` (bool).
    """
    rows = []
    for run in backtests:
        for e in run.lists:
            row: dict[str, object] = {
                "backtest": run.label,
                "swing": run.swing,
                "constituency_noise": run.constituency_noise,
                "polling_error": run.polling_error,
                "regions": "+".join(run.regions),
                "party": e.party,
                "list": e.name,
                "actual": e.actual,
                "median": e.median,
                "error": e.error,
            }
            for level in INTERVAL_LEVELS:
                low, high = e.interval(level)
                row[f"low_{level}"], row[f"high_{level}"], row[f"inside_{level}"] = low, high, e.inside(level)
            rows.append(row)
    return rows
