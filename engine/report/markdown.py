"""The report as Markdown, in the sections of the reference reports (docs/method.md §4).

Voting intentions, seats, per-party PMFs, coalitions, constituencies and technical information.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from ..defaults import NO_POLLING_ERROR
from ..domain import INTERVAL_LEVELS, MAJORITY, REGION_NAMES, REGIONS
from ..formatting import (
    HELD_MARK,
    and_list,
    date_range,
    escape_markdown,
    fieldwork_text,
    long_date,
    percent,
    seat_interval,
    share_interval,
)
from ..poll_edits import election_result_date
from ..results import CoalitionResult, PartyResult
from ..simulation import Result
from ..summaries import SeatDistribution


def title(result: Result) -> str:
    """Write the report's title, as the reference reports do.

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    str
        ``"Opinion Poll by <firm> for <commissioners>, <fieldwork dates>"``, or ``"Election Result
        of <date> Read as a Poll"``; not escaped for Markdown.
    """
    poll = result.poll
    election_day = election_result_date(poll)
    if election_day:
        return f"Election Result of {date_range(election_day, election_day)} Read as a Poll"
    who = f" for {and_list(poll.commissioners)}" if poll.commissioners else ""
    return f"Opinion Poll by {poll.firm}{who}, {fieldwork_text(poll)}"


def _pmf_rows(seats: SeatDistribution, marks: dict[int, list[str]]) -> list[str]:
    lo, hi = seats.support
    pmf, accumulated = seats.pmf, np.cumsum(seats.counts[::-1])[::-1] / seats.n
    rows = ["| Number of Seats | Probability | Accumulated | Special Marks |", "|:-:|:-:|:-:|:-:|"]
    for x in range(lo, hi + 1):
        rows.append(f"| {x} | {percent(pmf[x])} | {percent(accumulated[x])} | {', '.join(marks.get(x, []))} |")
    return rows


def _marks(*pairs: tuple[int, str]) -> dict[int, list[str]]:
    marks: dict[int, list[str]] = {}
    for x, label in pairs:
        marks.setdefault(x, []).append(label)
    return marks


def coalitions_shown(result: Result, coalition: Sequence[str]) -> tuple[CoalitionResult, ...]:
    """List the coalitions a report shows.

    Parameters
    ----------
    result : Result
        The run.
    coalition : sequence of str
        Registry keys of the coalition on display (may be empty).

    Returns
    -------
    tuple of CoalitionResult
        The presets, most likely majority first, after `coalition` when it is not a preset.

    Raises
    ------
    ValueError
        When `coalition` names a party outside the registry.
    """
    if not coalition or any(set(c.parties) == set(coalition) for c in result.coalitions):
        return result.coalitions
    return (result.coalition(coalition),) + result.coalitions


def _name(party: PartyResult) -> str:
    """Return a party's name for a table, marked when some of its numbers are its last result."""
    return escape_markdown(party.name) + (f" {HELD_MARK}" if party.held_at_last_result else "")


def markdown(result: Result, coalition: Sequence[str] = ()) -> str:
    """Write the report as Markdown.

    Sections: voting intentions, seats, per-party PMFs, coalitions, constituencies and technical
    information. Names from the data files are escaped (`engine.formatting.escape_markdown`).

    Parameters
    ----------
    result : Result
        The run.
    coalition : sequence of str, default ()
        Registry keys of a coalition shown first among the coalitions when it is not a preset.

    Returns
    -------
    str
        The Markdown document, ending with a newline: vote shares in percent with one decimal,
        probabilities in percent (`engine.formatting.percent`), seats as whole seats.

    Raises
    ------
    ValueError
        When `coalition` names a party outside the registry.
    """
    poll, model = result.poll, result.model
    covered = poll.covered_regions
    missing = [r for r in REGIONS if r not in covered]
    levels = " | ".join(f"{level}% Interval" for level in INTERVAL_LEVELS)
    out = [f"# {escape_markdown(title(result))}", ""]
    out.append("Areas included: " + ", ".join(REGION_NAMES[r] for r in sorted(covered, key=lambda r: REGION_NAMES[r])))
    if missing:
        out.append("")
        out.append(
            f"*Not in this poll:* {and_list([REGION_NAMES[r] for r in missing])}, which keeps its "
            f"{model.baseline.id} election result (votes and seats) in every simulation."
        )
    parties = result.library.parties
    for region in poll.regions:
        if region.removed:
            names = and_list([escape_markdown(parties[k].name_on(poll.fieldwork_end)) for k in region.removed])
            out += ["", f"*Taken out of this scenario in {REGION_NAMES[region.region]}:* {names} (no votes there)."]
    note = f"*Uncertainty:* {result.uncertainty_note}"
    out += ["", "## Voting Intentions", "", note, ""]
    out.append(f"| Party | Last Result | Estimate | {levels} |")
    out.append("|:-:|:-:|:-:|" + ":-:|" * len(INTERVAL_LEVELS))
    for p in result.parties:
        cells = " | ".join(share_interval(p.vote_share.intervals[level]) for level in INTERVAL_LEVELS)
        out.append(f"| {_name(p)} | {p.last_vote_share:.1f}% | {p.vote_share.estimate:.1f}% | {cells} |")
    out += [
        "",
        "*Note:* national shares weight each region by its share of the valid votes in the "
        f"{model.baseline.id} election; estimates and intervals come from the same simulated draws.",
        "",
        "## Seats",
        "",
        note,
        "",
        f"| Party | Last Result | Median | {levels} | P(gain) | P(0 seats) |",
        "|:-:|:-:|:-:|" + ":-:|" * (len(INTERVAL_LEVELS) + 2),
    ]
    for p in result.parties:
        cells = " | ".join(seat_interval(p.seats.interval(level)) for level in INTERVAL_LEVELS)
        out.append(
            f"| {_name(p)} | {p.last_result} | {p.seats.median} | {cells} | "
            f"{percent(p.probability_of_gain.value)} | {percent(p.probability_of_no_seat.value)} |"
        )
    for f in result.families:
        members = " and ".join(escape_markdown(result.party(k).name) for k in f.parties)
        out += [
            "",
            f"*{escape_markdown(f.name)} combined* ({members}): last result {f.last_result} seats, median "
            f"{f.seats.median} (95%: {seat_interval(f.seats.interval(95))}); vote share "
            f"{f.vote_share.estimate:.1f}% (95%: {share_interval(f.vote_share.intervals[95])}).",
        ]
    held = [p for p in result.parties if p.held_at_last_result]
    if held:
        lists = [f"{escape_markdown(p.name)} ({and_list([REGION_NAMES[r] for r in p.held_at_last_result])})" for p in held]
        out += [
            "",
            f"{HELD_MARK} *Held at the {model.baseline.id} result where the poll does not name it or does not "
            f"cover the region:* {and_list(lists)}. There, the numbers are that result in every simulation.",
        ]
    for p in result.parties:
        out += ["", f"### {escape_markdown(p.name)}", ""]
        out += _pmf_rows(p.seats, _marks((p.last_result, "Last Result"), (p.seats.median, "Median")))

    out += ["", "## Coalitions", ""]
    out.append(
        f"*Majority?* is the probability of at least {MAJORITY} of 150 seats: an arithmetical "
        "majority, not the chance that the coalition forms. " + note
    )
    out += [
        "",
        f"| Coalition | Parties | Last Result | Median | Majority? | Dutch-language group majority | {levels} |",
    ]
    out.append("|:-:|:-:|:-:|:-:|:-:|:-:|" + ":-:|" * len(INTERVAL_LEVELS))
    coalitions = coalitions_shown(result, coalition)
    for c in coalitions:
        cells = " | ".join(seat_interval(c.seats.interval(level)) for level in INTERVAL_LEVELS)
        members = " – ".join(escape_markdown(result.library.parties[k].name_on(poll.fieldwork_end)) for k in c.parties)
        out.append(
            f"| {escape_markdown(c.name)} | {members} | {c.last_result} | {c.seats.median} | "
            f"{percent(c.majority_probability.value)} | {percent(c.dutch_majority_probability.value)} | {cells} |"
        )
    for c in coalitions:
        out += ["", f"### {escape_markdown(c.name)}", ""]
        out += _pmf_rows(
            c.seats, _marks((c.last_result, "Last Result"), (c.seats.median, "Median"), (MAJORITY, "Majority"))
        )

    out += ["", "## Constituencies", ""]
    for constituency in result.constituencies:
        out += [f"### {escape_markdown(constituency.name)} ({constituency.seats} seats)", ""]
        out.append("| List | Last Result | Median | 90% Interval | Most likely | Probability |")
        out.append("|:-:|:-:|:-:|:-:|:-:|:-:|")
        for entry in constituency.lists:
            mode = int(np.argmax(entry.seats.counts))
            out.append(
                f"| {escape_markdown(entry.list_name)} | {entry.last_result} | {entry.seats.median} | "
                f"{seat_interval(entry.seats.interval(90))} | {mode} | {percent(entry.seats.pmf[mode])} |"
            )
        if constituency.last_seat:
            ls = constituency.last_seat
            out += [
                "",
                f"Last seat at the poll's estimate: {escape_markdown(ls.holder)}; next in line "
                f"{escape_markdown(ls.runner_up)}, who would take a seat if {ls.gap_points:.2f} percentage "
                "points of the votes moved to it from the holder.",
            ]
        out.append("")

    worst = max_standard_error(result, coalitions)
    election_day = election_result_date(poll)
    if election_day:
        n = and_list(sorted({f"{r.sample_size:,}" for r in poll.regions}))
        out += ["## Technical Information", "", "### Election Result", ""]
        out.append(f"+ **Source:** official results of the election of {long_date(election_day)}")
        out.append(f"+ **Read as a poll of:** {n} respondents per region (the spread a poll of that size would have)")
    else:
        out += ["## Technical Information", "", "### Opinion Poll", ""]
        out.append(f"+ **Polling firm:** {escape_markdown(poll.firm)}")
        if poll.commissioners:
            out.append(f"+ **Commissioner(s):** {escape_markdown(and_list(poll.commissioners))}")
        out.append(f"+ **Fieldwork period:** {fieldwork_text(poll)}")
        for region in poll.regions:
            out.append(f"+ **Sample size, {REGION_NAMES[region.region]}:** {region.sample_size}")
    out += ["", "### Calculations", ""]
    out.append(f"+ **Sample size:** {sum(r.sample_size for r in poll.regions)}")
    out.append(f"+ **Simulations done:** {result.simulations:,}")
    out.append(f"+ **Seed:** {result.scenario.seed}")
    out.append(f"+ **Baseline election:** {model.baseline.id} ({model.swing} regional swing)")
    out.append(f"+ **Polling error:** {polling_error_text(result)}")
    out.append(
        f"+ **Largest Monte Carlo standard error of a reported probability:** {100 * worst:.2f} percentage points"
    )
    out.append(
        "+ **Model:** regional Dirichlet posterior per region (flat prior), swing from the baseline per "
        "constituency, 5 % threshold per constituency, D'Hondt; the Method page of the Seatcast dashboard "
        "explains it."
    )
    return "\n".join(out) + "\n"


def polling_error_text(result: Result) -> str:
    """Describe the run's polling error and its parameters in one line (docs/method.md §8).

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    str
        The model's name, its fitted parameters and what each region's poll counted as; or that
        the run counts the sampling error only.
    """
    scenario, error = result.scenario, result.library.polling_error
    if scenario.polling_error == NO_POLLING_ERROR or error is None:
        return f"none (sampling error only, as the published analyses). {result.uncertainty_note}"
    kappa = and_list(sorted({f"{v:.4g}" for v in error.extra_variance.values()}))
    horizon = (
        f"read as a forecast of the election of {long_date(scenario.election_day)}"
        if scenario.election_day
        else "read as of the end of its fieldwork"
    )
    return (
        f"historical, fitted on the {error.polls} polls before the elections of "
        f"{and_list(long_date(date.fromisoformat(e)) for e in error.fitted_on)}: "
        f"1/n_eff = 1/n + {kappa} + {error.growth:.4g} × years^{error.growth_exponent:g}; the poll is "
        f"{horizon}. {result.uncertainty_note}"
    )


def max_standard_error(result: Result, coalitions: Sequence[CoalitionResult] | None = None) -> float:
    """Return the largest Monte Carlo standard error among the probabilities the report prints.

    Parameters
    ----------
    result : Result
        The run.
    coalitions : sequence of CoalitionResult or None, default None
        The coalitions shown; None takes the presets.

    Returns
    -------
    float
        The largest ``sqrt(p (1 - p) / N)`` over every PMF entry of the parties and the
        coalitions, a fraction.
    """
    worst = 0.0
    shown = result.coalitions if coalitions is None else coalitions
    for seats in [p.seats for p in result.parties] + [c.seats for c in shown]:
        p = seats.pmf
        worst = max(worst, float(np.sqrt(p * (1 - p) / seats.n).max()))
    return worst
