"""Evidence: on the eve of each election, is the poll average closer to the result than the last poll.

For each election with polls before it, the average is fitted on what one knew the day before:
the polls whose fieldwork ended before election day and the earlier elections (the drift refitted
too), and read on the eve. It is compared, party by party and region by region, with the result
and with the last single poll of the region (latest fieldwork end; ties by id), read as the model
reads it (`engine.poll_edits.normalised_shares`). A party counts where all three have it: the
average, the last poll on its own (not in a pair), and the result as its own list
(`election_measurements`).
"""

from __future__ import annotations

from datetime import timedelta

from ..domain import OTHER, REGION_NAMES, REGIONS, Library
from ..formatting import escape_markdown
from ..poll_edits import normalised_shares
from .eve import EveComparison
from .fit import fit_measurements
from .measurements import election_measurements, library_measurements


def eve_comparison(library: Library) -> tuple[EveComparison, ...]:
    """Compare the eve's poll average and the last poll with the result, for every election polled.

    Parameters
    ----------
    library : Library
        The loaded data. Each comparison fits the average anew on the data before the election.

    Returns
    -------
    tuple of EveComparison
        By election, region (`REGIONS` order) and party key; shares in percent.
    """
    rows = []
    for election in sorted(library.elections.values(), key=lambda e: e.date):
        polls = sorted(
            (p for p in library.polls.values() if p.fieldwork_end < election.date),
            key=lambda p: (p.fieldwork_end, p.id),
        )
        if not polls:
            continue
        eve = election.date - timedelta(days=1)
        measurements = library_measurements(library, before=election.date)
        average = {(p.region, p.party): p for p in fit_measurements(measurements, [eve]).on(eve)}
        series = {(m.region, m.party) for m in measurements}
        result = {(m.region, m.party): m.share for m in election_measurements(election, series)}
        for region in REGIONS:
            covering = [p for p in polls if p.region(region) is not None]
            if not covering:
                continue
            last = covering[-1]
            shares = normalised_shares(last.region(region))
            for party in sorted(shares):
                key = (region, party)
                if party == OTHER or key not in average or key not in result:
                    continue
                point = average[key]
                rows.append(
                    EveComparison(election.id, region, party, result[key], point.mean, point.sd, last.id, shares[party])
                )
    return tuple(rows)


def render_eve_comparison(rows: tuple[EveComparison, ...], library: Library) -> str:
    """Render the comparison as Markdown: mean absolute errors per election and region, then every party.

    Parameters
    ----------
    rows : tuple of EveComparison
        From `eve_comparison`.
    library : Library
        For the parties' names on election day.

    Returns
    -------
    str
        Two Markdown tables; errors in percentage points, one decimal.
    """
    lines = [
        "| election | region | last poll | parties | MAE, last poll | MAE, average | average closer | result in the average's 80 % band |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for election in sorted({r.election for r in rows}):
        groups = [
            (REGION_NAMES[region], [r for r in rows if r.election == election and r.region == region])
            for region in REGIONS
        ]
        groups.append(("all regions", [r for r in rows if r.election == election]))
        for name, group in groups:
            if not group:
                continue
            last = ", ".join(sorted({r.last_poll for r in group})) if name != "all regions" else ""
            n = len(group)
            closer = sum(r.average_error < r.last_poll_error for r in group)
            inside = sum(r.inside_80 for r in group)
            lines.append(
                f"| {election} | {name} | {escape_markdown(last)} | {n} | {sum(r.last_poll_error for r in group) / n:.1f} "
                f"| {sum(r.average_error for r in group) / n:.1f} | {closer} of {n} | {inside} of {n} |"
            )
    lines += [
        "",
        "| election | region | party | result | average (sd) | last poll | error, average | error, last poll |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        day = library.elections[r.election].date
        name = escape_markdown(library.parties[r.party].abbreviation_on(day))
        lines.append(
            f"| {r.election} | {REGION_NAMES[r.region]} | {name} | {r.result:.1f} | {r.average:.1f} ({r.average_sd:.1f}) "
            f"| {r.last_poll_share:.1f} | {r.average_error:.1f} | {r.last_poll_error:.1f} |"
        )
    return "\n".join(lines) + "\n"


def render_drift(drift: dict[str, float]) -> str:
    """Render the fitted drift per region as a Markdown table.

    Parameters
    ----------
    drift : dict of str to float
        ω per region (`FittedAverage.drift`).

    Returns
    -------
    str
        One row per region: ω, and the walk's sd (points) over 30 days and over a year for a
        party at 10 % and at 25 %.
    """
    lines = [
        "| region | ω | sd over 30 days, party at 10 % | at 25 % | sd over a year, party at 10 % | at 25 % |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for region, omega in drift.items():
        cells = [100.0 * omega * (p * (1 - p) * days) ** 0.5 for days in (30, 365) for p in (0.10, 0.25)]
        lines.append(f"| {REGION_NAMES[region]} | {omega:.4f} | " + " | ".join(f"{c:.1f}" for c in cells) + " |")
    return "\n".join(lines) + "\n"
