"""The report for machines: JSON and CSV.

JSON has stable keys, shares in percent and probabilities as fractions, whatever the language;
CSV holds every seat PMF in long format, plain or for Belgian Excel, its header, kinds and names in
the current language (the ``key`` column stays the registry's).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain import INTERVAL_LEVELS
from ..formatting import BYTE_ORDER_MARK, csv_text
from ..i18n import current_language, pgettext
from ..results import party_name
from ..simulation import Result
from ..summaries import SeatDistribution, ShareDistribution
from .markdown import coalition_name, coalitions_shown, max_standard_error


def _seats_json(seats: SeatDistribution, last_result: int) -> dict:
    lo, hi = seats.support
    return {
        "median": seats.median,
        "last_result": last_result,
        "intervals": {str(level): list(seats.interval(level)) for level in INTERVAL_LEVELS},
        "pmf": {str(x): float(seats.pmf[x]) for x in range(lo, hi + 1)},
    }


def _share_json(share: ShareDistribution) -> dict:
    return {
        "estimate": round(share.estimate, 4),
        "intervals": {str(level): [round(v, 4) for v in share.intervals[level]] for level in INTERVAL_LEVELS},
    }


def to_json(result: Result, coalition: Sequence[str] = ()) -> dict:
    """Build the stable machine-readable report.

    Parameters
    ----------
    result : Result
        The run.
    coalition : sequence of str, default ()
        Registry keys of a coalition that comes first among the coalitions when it is not a
        preset.

    Returns
    -------
    dict
        JSON-ready: ``poll``, ``baseline``, ``swing``, ``simulations``, ``seed``,
        ``max_standard_error`` (a fraction), then ``parties``, ``families``, ``coalitions`` and
        ``constituencies``. Vote shares (estimate and intervals) are in percent rounded to 4
        decimals; probabilities and PMFs are fractions (0–1); seats are whole seats; interval
        levels are string keys ("80", "90", "95", "99").

    Raises
    ------
    ValueError
        When `coalition` names a party outside the registry.
    """
    poll = result.poll
    coalitions = coalitions_shown(result, coalition)
    return {
        "poll": {
            "id": poll.id,
            "firm": poll.firm,
            "commissioners": list(poll.commissioners),
            "fieldwork_start": poll.fieldwork_start.isoformat(),
            "fieldwork_end": poll.fieldwork_end.isoformat(),
            "regions": {
                r.region: {"sample_size": r.sample_size, "shares": dict(r.shares)}
                | ({"removed": list(r.removed)} if r.removed else {})
                for r in poll.regions
            },
        },
        "baseline": result.model.baseline.id,
        "swing": result.model.swing,
        "polling_error": {
            "model": result.scenario.polling_error,
            "election_day": result.scenario.election_day.isoformat() if result.scenario.election_day else None,
            "effective_sample_size": {r: round(n, 1) for r, n in result.model.effective_sample_size.items()},
        },
        "simulations": result.simulations,
        "seed": result.scenario.seed,
        "max_standard_error": max_standard_error(result, coalitions),
        "parties": [
            {
                "name": p.name,
                "key": p.key,
                "abbreviation": p.abbreviation,
                "vote_share": {
                    **_share_json(p.vote_share),
                    "last_result": round(p.last_vote_share, 4),
                    "regions": {r: _share_json(s) for r, s in p.regional_vote_share.items()},
                },
                "seats": {
                    **_seats_json(p.seats, p.last_result),
                    "probability_of_gain": p.probability_of_gain.value,
                    "probability_of_no_seat": p.probability_of_no_seat.value,
                },
            }
            for p in result.parties
        ],
        "families": [
            {
                "name": f.name,
                "parties": list(f.parties),
                "vote_share": _share_json(f.vote_share),
                "seats": _seats_json(f.seats, f.last_result),
            }
            for f in result.families
        ],
        "coalitions": [
            {
                "name": c.name,
                "parties": list(c.parties),
                "majority_probability": c.majority_probability.value,
                "majority_standard_error": c.majority_probability.standard_error,
                "dutch_majority_probability": c.dutch_majority_probability.value,
                "seats": _seats_json(c.seats, c.last_result),
            }
            for c in coalitions
        ],
        "constituencies": [
            {
                "name": c.name,
                "region": c.region,
                "seats": c.seats,
                "lists": [
                    {"name": e.list_name, "key": e.party, **_seats_json(e.seats, e.last_result)} for e in c.lists
                ],
            }
            for c in result.constituencies
        ],
    }


def to_csv(result: Result, coalition: Sequence[str] = (), excel: bool = False) -> str:
    """Write every seat PMF in long format: kind,name,key,seats,probability.

    With `excel`, the variant Belgian Excel opens as it is: a UTF-8 byte-order mark (without it
    Excel reads "Liège" as "LiÃ¨ge"), ";" between fields and a decimal comma.

    Parameters
    ----------
    result : Result
        The run.
    coalition : sequence of str, default ()
        Registry keys of a coalition that comes first among the coalitions when it is not a
        preset.
    excel : bool, default False
        Write the Belgian Excel variant.

    Returns
    -------
    str
        One row per party, coalition and constituency list (``kind`` ``party``, ``coalition`` or
        ``constituency``) and seat count from the smallest to the largest that occurred;
        ``probability`` is a fraction (0–1) with 6 decimals. Header, kinds and names (a party's,
        a preset coalition's and a constituency's) are in the current language.

    Raises
    ------
    ValueError
        When `coalition` names a party outside the registry.
    """
    lang, library, day = current_language(), result.library, result.poll.fieldwork_end
    party, constituency = pgettext("report CSV", "party"), pgettext("report CSV", "constituency")
    rows = [(party, party_name(library.parties[p.key], day, lang), p.key, p.seats) for p in result.parties]
    rows += [
        (pgettext("report CSV", "coalition"), coalition_name(result, c), "+".join(c.parties), c.seats)
        for c in coalitions_shown(result, coalition)
    ]
    rows += [
        (constituency, f"{library.constituency_name(c.name, lang)}: {e.list_name}", e.party, e.seats)
        for c in result.constituencies
        for e in c.lists
    ]
    decimal = "," if excel else "."
    header = [
        pgettext("report CSV", "kind"),
        pgettext("report CSV", "name"),
        pgettext("report CSV", "key"),
        pgettext("report CSV", "seats"),
        pgettext("report CSV", "probability"),
    ]
    text = csv_text(
        header,
        (
            [kind, name, key, x, f"{seats.pmf[x]:.6f}".replace(".", decimal)]
            for kind, name, key, seats in rows
            for x in range(seats.support[0], seats.support[1] + 1)
        ),
        delimiter=";" if excel else ",",
    )
    return BYTE_ORDER_MARK + text if excel else text
