"""The report as Markdown, in the sections of the reference reports (docs/method.md §4).

Voting intentions, seats, per-party PMFs, coalitions, constituencies and technical information.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from ..defaults import ADDITIVE, MULTIPLICATIVE, NO_POLLING_ERROR
from ..domain import CHAMBER_SEATS, IN_REGION, INTERVAL_LEVELS, MAJORITY, REGION_NAMES, REGIONS
from ..formatting import (
    HELD_MARK,
    and_list,
    date_range,
    escape_markdown,
    fieldwork_text,
    long_date,
    number,
    percent,
    percent_number,
    seat_interval,
    share_interval,
    significant,
)
from ..i18n import N_, _, current_language, ngettext
from ..poll_edits import election_result_date
from ..results import CoalitionResult, PartyResult, party_name
from ..simulation import Result
from ..summaries import SeatDistribution

# The baseline line of the technical information, one sentence per swing model (its adjective
# agrees with "swing" differently in each language).
_SWING_TEXT = {
    MULTIPLICATIVE: N_("{election} (multiplicative regional swing)"),
    ADDITIVE: N_("{election} (additive regional swing)"),
}


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
        of <date> Read as a Poll"``, in the current language; not escaped for Markdown.
    """
    poll = result.poll
    election_day = election_result_date(poll)
    if election_day:
        return _("Election Result of {date} Read as a Poll").format(date=date_range(election_day, election_day))
    if poll.commissioners:
        return _("Opinion Poll by {firm} for {commissioners}, {fieldwork}").format(
            firm=poll.firm, commissioners=and_list(poll.commissioners), fieldwork=fieldwork_text(poll)
        )
    return _("Opinion Poll by {firm}, {fieldwork}").format(firm=poll.firm, fieldwork=fieldwork_text(poll))


def _row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _pmf_rows(seats: SeatDistribution, marks: dict[int, list[str]]) -> list[str]:
    lo, hi = seats.support
    pmf, accumulated = seats.pmf, np.cumsum(seats.counts[::-1])[::-1] / seats.n
    rows = [_row(_("Number of Seats"), _("Probability"), _("Accumulated"), _("Special Marks")), "|:-:|:-:|:-:|:-:|"]
    for x in range(lo, hi + 1):
        rows.append(_row(x, percent(pmf[x]), percent(accumulated[x]), ", ".join(marks.get(x, []))))
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


def _party(result: Result, key: str) -> str:
    """Return a party's name as a reader of the current language knows it, escaped."""
    return escape_markdown(party_name(result.library.parties[key], result.poll.fieldwork_end, current_language()))


def _name(result: Result, party: PartyResult) -> str:
    """Return a party's name for a table, marked when some of its numbers are its last result."""
    return _party(result, party.key) + (f" {HELD_MARK}" if party.held_at_last_result else "")


def coalition_name(result: Result, coalition: CoalitionResult) -> str:
    """Return a coalition's name in the current language.

    Parameters
    ----------
    result : Result
        The run.
    coalition : CoalitionResult
        One of its coalitions.

    Returns
    -------
    str
        A preset's name as the press of the current language writes it (`Coalition.name_in`),
        else the coalition's own (its members' abbreviations); not escaped for Markdown.
    """
    preset = next((c for c in result.library.coalitions if c.name == coalition.name), None)
    return preset.name_in(current_language()) if preset else coalition.name


def _regions(keys: Sequence[str]) -> str:
    """Name regions in a sentence, in the current language."""
    return and_list([_(REGION_NAMES[r]) for r in keys])


def markdown(result: Result, coalition: Sequence[str] = ()) -> str:
    """Write the report as Markdown.

    Sections: voting intentions, seats, per-party PMFs, coalitions, constituencies and technical
    information, in the current language (`engine.i18n`): its words, numbers and dates, the
    parties', coalitions' and constituencies' names (lists keep their ballot names). Names from
    the data files are escaped (`engine.formatting.escape_markdown`).

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
    lang = current_language()
    # The reference reports name the baseline by its ISO date; a Dutch or French reader gets the
    # date as their language writes it.
    baseline = model.baseline.id if lang == "en" else long_date(model.baseline.date)
    covered = poll.covered_regions
    missing = [r for r in REGIONS if r not in covered]
    levels = [_("{percent} Interval").format(percent=percent_number(level)) for level in INTERVAL_LEVELS]
    last_result, median = _("Last Result"), _("Median")
    out = [f"# {escape_markdown(title(result))}", ""]
    areas = sorted(_(REGION_NAMES[r]) for r in covered)
    out.append(_("Areas included: {regions}").format(regions=", ".join(areas)))
    if missing:
        out.append("")
        out.append(
            _(
                "*Not in this poll:* {regions}, which keeps its {election} election result (votes and seats) "
                "in every simulation."
            ).format(regions=_regions(missing), election=baseline)
        )
    for region in poll.regions:
        if region.removed:
            names = and_list([_party(result, k) for k in region.removed])
            out += [
                "",
                _("*Taken out of this scenario {in_region}:* {parties} (no votes there).").format(
                    in_region=_(IN_REGION[region.region]), parties=names
                ),
            ]
    note = _("*Uncertainty:* {note}").format(note=result.uncertainty_note)
    out += ["", "## " + _("Voting Intentions"), "", note, ""]
    out.append(_row(_("Party"), last_result, _("Estimate"), *levels))
    out.append("|:-:|:-:|:-:|" + ":-:|" * len(INTERVAL_LEVELS))
    for p in result.parties:
        cells = [share_interval(p.vote_share.intervals[level]) for level in INTERVAL_LEVELS]
        out.append(
            _row(
                _name(result, p), percent_number(p.last_vote_share, 1), percent_number(p.vote_share.estimate, 1), *cells
            )
        )
    out += [
        "",
        _(
            "*Note:* national shares weight each region by its share of the valid votes in the {election} "
            "election; estimates and intervals come from the same simulated draws."
        ).format(election=baseline),
        "",
        "## " + _("Seats"),
        "",
        note,
        "",
        _row(_("Party"), last_result, median, *levels, _("P(gain)"), _("P(0 seats)")),
        "|:-:|:-:|:-:|" + ":-:|" * (len(INTERVAL_LEVELS) + 2),
    ]
    for p in result.parties:
        cells = [seat_interval(p.seats.interval(level)) for level in INTERVAL_LEVELS]
        out.append(
            _row(
                _name(result, p),
                p.last_result,
                p.seats.median,
                *cells,
                percent(p.probability_of_gain.value),
                percent(p.probability_of_no_seat.value),
            )
        )
    for f in result.families:
        out += [
            "",
            ngettext(
                "*{family} combined* ({members}): last result {last_result} seat, median {median} "
                "({level}: {seats}); vote share {share} ({level}: {shares}).",
                "*{family} combined* ({members}): last result {last_result} seats, median {median} "
                "({level}: {seats}); vote share {share} ({level}: {shares}).",
                f.last_result,
            ).format(
                family=escape_markdown(f.name),
                members=and_list([_party(result, k) for k in f.parties]),
                last_result=f.last_result,
                median=f.seats.median,
                level=percent_number(95),
                seats=seat_interval(f.seats.interval(95)),
                share=percent_number(f.vote_share.estimate, 1),
                shares=share_interval(f.vote_share.intervals[95]),
            ),
        ]
    held = [p for p in result.parties if p.held_at_last_result]
    if held:
        lists = [
            _("{party} ({regions})").format(party=_party(result, p.key), regions=_regions(p.held_at_last_result))
            for p in held
        ]
        out += [
            "",
            _(
                "{mark} *Held at the {election} result where the poll does not name it or does not cover the "
                "region:* {parties}. There, the numbers are that result in every simulation."
            ).format(mark=HELD_MARK, election=baseline, parties=and_list(lists)),
        ]
    for p in result.parties:
        out += ["", f"### {_party(result, p.key)}", ""]
        out += _pmf_rows(p.seats, _marks((p.last_result, last_result), (p.seats.median, median)))

    out += ["", "## " + _("Coalitions"), ""]
    out.append(
        _(
            "*Majority?* is the probability of at least {majority} of {seats} seats: an arithmetical majority, "
            "not the chance that the coalition forms."
        ).format(majority=MAJORITY, seats=CHAMBER_SEATS)
        + " "
        + note
    )
    out += [
        "",
        _row(
            _("Coalition"),
            _("Parties"),
            last_result,
            median,
            _("Majority?"),
            _("Dutch-language group majority"),
            *levels,
        ),
    ]
    out.append("|:-:|:-:|:-:|:-:|:-:|:-:|" + ":-:|" * len(INTERVAL_LEVELS))
    coalitions = coalitions_shown(result, coalition)
    for c in coalitions:
        cells = [seat_interval(c.seats.interval(level)) for level in INTERVAL_LEVELS]
        members = " – ".join(_party(result, k) for k in c.parties)
        out.append(
            _row(
                escape_markdown(coalition_name(result, c)),
                members,
                c.last_result,
                c.seats.median,
                percent(c.majority_probability.value),
                percent(c.dutch_majority_probability.value),
                *cells,
            )
        )
    for c in coalitions:
        out += ["", f"### {escape_markdown(coalition_name(result, c))}", ""]
        out += _pmf_rows(
            c.seats, _marks((c.last_result, last_result), (c.seats.median, median), (MAJORITY, _("Majority")))
        )

    out += ["", "## " + _("Constituencies"), ""]
    for constituency in result.constituencies:
        name = escape_markdown(result.library.constituency_name(constituency.name, lang))
        heading = ngettext("{constituency} ({seats} seat)", "{constituency} ({seats} seats)", constituency.seats)
        out += ["### " + heading.format(constituency=name, seats=constituency.seats), ""]
        interval = _("{percent} Interval").format(percent=percent_number(90))
        out.append(_row(_("List"), last_result, median, interval, _("Most likely"), _("Probability")))
        out.append("|:-:|:-:|:-:|:-:|:-:|:-:|")
        for entry in constituency.lists:
            mode = int(np.argmax(entry.seats.counts))
            out.append(
                _row(
                    escape_markdown(entry.list_name),
                    entry.last_result,
                    entry.seats.median,
                    seat_interval(entry.seats.interval(90)),
                    mode,
                    percent(entry.seats.pmf[mode]),
                )
            )
        if constituency.last_seat:
            ls = constituency.last_seat
            out += [
                "",
                # The count only picks the grammatical number ("0,75 point" in French, "3,1 points").
                ngettext(
                    "Last seat at the poll's estimate: {holder}; next in line {runner_up}, who would take a seat "
                    "if {points} percentage points of the votes moved to it from the holder.",
                    "Last seat at the poll's estimate: {holder}; next in line {runner_up}, who would take a seat "
                    "if {points} percentage points of the votes moved to it from the holder.",
                    int(ls.gap_points),
                ).format(
                    holder=escape_markdown(ls.holder),
                    runner_up=escape_markdown(ls.runner_up),
                    points=number(ls.gap_points, 2),
                ),
            ]
        out.append("")

    worst = max_standard_error(result, coalitions)
    election_day = election_result_date(poll)
    out += ["## " + _("Technical Information"), ""]
    if election_day:
        n = and_list(sorted({number(r.sample_size) for r in poll.regions}))
        out += ["### " + _("Election Result"), ""]
        out.append(_("+ **Source:** official results of the election of {date}").format(date=long_date(election_day)))
        out.append(
            _("+ **Read as a poll of:** {n} respondents per region (the spread a poll of that size would have)").format(
                n=n
            )
        )
    else:
        out += ["### " + _("Opinion Poll"), ""]
        out.append(_("+ **Polling firm:** {firm}").format(firm=escape_markdown(poll.firm)))
        if poll.commissioners:
            out.append(
                _("+ **Commissioner(s):** {commissioners}").format(
                    commissioners=escape_markdown(and_list(poll.commissioners))
                )
            )
        out.append(_("+ **Fieldwork period:** {fieldwork}").format(fieldwork=fieldwork_text(poll)))
        for region in poll.regions:
            out.append(
                _("+ **Sample size, {region}:** {n}").format(
                    region=_(REGION_NAMES[region.region]), n=region.sample_size
                )
            )
    out += ["", "### " + _("Calculations"), ""]
    out.append(_("+ **Sample size:** {n}").format(n=sum(r.sample_size for r in poll.regions)))
    out.append(_("+ **Simulations done:** {n}").format(n=number(result.simulations)))
    out.append(_("+ **Seed:** {seed}").format(seed=result.scenario.seed))
    baseline_text = _(_SWING_TEXT[model.swing]).format(election=baseline)
    out.append(_("+ **Baseline election:** {baseline}").format(baseline=baseline_text))
    out.append(_("+ **Polling error:** {polling_error}").format(polling_error=polling_error_text(result)))
    out.append(
        ngettext(
            "+ **Largest Monte Carlo standard error of a reported probability:** {points} percentage points",
            "+ **Largest Monte Carlo standard error of a reported probability:** {points} percentage points",
            int(100 * worst),
        ).format(points=number(100 * worst, 2))
    )
    out.append(
        _(
            "+ **Model:** regional Dirichlet posterior per region (flat prior), swing from the baseline per "
            "constituency, 5 % threshold per constituency, D'Hondt; the Method page of the Seatcast dashboard "
            "explains it."
        )
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
        the run counts the sampling error only; in the current language.
    """
    scenario, error = result.scenario, result.library.polling_error
    if scenario.polling_error == NO_POLLING_ERROR or error is None:
        return _("none (sampling error only, as the published analyses). {note}").format(note=result.uncertainty_note)
    fields = {
        "polls": error.polls,
        "elections": and_list(long_date(date.fromisoformat(e)) for e in error.fitted_on),
        "extra": and_list(sorted({significant(v) for v in error.extra_variance.values()})),
        "growth": significant(error.growth),
        "exponent": significant(error.growth_exponent, 6),
        "note": result.uncertainty_note,
    }
    if scenario.election_day:
        return _(
            "historical, fitted on the {polls} polls before the elections of {elections}: "
            "1/n_eff = 1/n + {extra} + {growth} × years^{exponent}; the poll is read as a forecast of the "
            "election of {day}. {note}"
        ).format(day=long_date(scenario.election_day), **fields)
    return _(
        "historical, fitted on the {polls} polls before the elections of {elections}: "
        "1/n_eff = 1/n + {extra} + {growth} × years^{exponent}; the poll is read as of the end of its "
        "fieldwork. {note}"
    ).format(**fields)


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
