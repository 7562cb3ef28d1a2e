"""Share links: a scenario as URL query parameters, and back.

    check=1a2b3c4d                   a checksum of the rest (`link_check`): a cut link is detected
    poll=2024-11-21-Ipsos            the starting poll (or election-2024-06-09, or average-2025-06-03:
                                     the poll average on that day, or custom: an
                                     uploaded poll, with firm=, by= (commissioners, ;-separated),
                                     src= (its source), from= and to= (fieldwork dates), month=1
                                     when the fieldwork is known only as that month, and every
                                     region below)
    VLG=NVA:26.1,VB:23.5,...,OTHER:1.1   a region's shares when edited (all of them, in order)
    n.VLG=1200                       a region's sample size when edited
    rm.VLG=OPENVLD+DEFI              parties taken out of the scenario in a region
    drop=BRU                         regions removed from the poll
    seed=2024  sims=1048576          the run
    swing=additive  noise=0.05       the model, when not the default
    error=none                       the polling error, when not the default ("historical")
    eday=2029-06-09                  the election day the poll is read as a forecast of
    coalition=NVA+MR+LE+VOORUIT+CDV  the coalition on display
    lock.BRU=PS+VOORUIT,MR           entries locked in the editor
    lang=fr                          the language the link opens in (`engine.i18n.LANGUAGES`);
                                     not part of the checksum: a reader may change it by hand
    chart=seating-plan               an embedded chart (`EMBED_CHARTS`): the link opens only that
    party=NVA                        chart (and, for "party-seats", that party's); neither is part
                                     of the checksum: they choose a view, not the numbers

Parsing never raises: whatever is malformed is ignored with a warning, so a tampered link falls
back to the nearest valid scenario, and simulations are capped. Every region goes through the same
validation as a poll file (`engine.validation`). Keys may be joined by "+", "%2B" or spaces.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from .defaults import (
    CONSTITUENCY_NOISE_RANGE,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    POLLING_ERROR_MODELS,
    SEED_RANGE,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)
from .domain import REGION_NAMES, REGIONS, Library, Poll, RegionPoll, Scenario
from .formatting import number, or_list
from .i18n import _, pgettext
from .poll_average.starting_point import AVERAGE_POLL_PREFIX, average_poll_from_id
from .poll_edits import ELECTION_POLL_PREFIX, poll_from_election, with_region
from .validation import PollError, check_poll, check_region

MAX_PARAM_LENGTH = 2000
CUSTOM_POLL = "custom"
CHECK = "check"
LANGUAGE_PARAM = "lang"
CHART_PARAM, PARTY_PARAM = "chart", "party"
# The charts a link can embed alone (an iframe in a news page, `embedded_chart`): the seating plan
# with uncertainty, the seats of the coalition on display, and one party's seat distribution.
SEATING_PLAN_CHART, COALITION_CHART, PARTY_SEATS_CHART = "seating-plan", "coalition", "party-seats"
EMBED_CHARTS = (SEATING_PLAN_CHART, COALITION_CHART, PARTY_SEATS_CHART)
# Parameters the checksum leaves out: itself, the language, which changes words, not numbers, and
# the embedded chart, which chooses what to show of the same numbers.
_UNCHECKED = {CHECK, LANGUAGE_PARAM, CHART_PARAM, PARTY_PARAM}
# A region a link adds to a poll that has none there starts from this sample size.
DEFAULT_SAMPLE_SIZE = 1000
_KEY = re.compile(r"^[A-Z]+(\+[A-Z]+)*$")
_JOINERS = re.compile(r"[+\s]+")
_KNOWN_PARAMS = {
    *_UNCHECKED,
    "poll",
    "firm",
    "by",
    "src",
    "from",
    "to",
    "month",
    "drop",
    "seed",
    "sims",
    "swing",
    "noise",
    "error",
    "eday",
    "coalition",
    *REGIONS,
    *(f"n.{r}" for r in REGIONS),
    *(f"rm.{r}" for r in REGIONS),
    *(f"lock.{r}" for r in REGIONS),
}


def link_check(params: Mapping[str, str]) -> str:
    """Compute a short checksum of a link's other parameters.

    A link cut or altered on its way to a reader no longer matches it. It guards against
    accidents, not against forgery.

    Parameters
    ----------
    params : mapping of str to str
        The link's query parameters; `CHECK` itself and `LANGUAGE_PARAM` are left out.

    Returns
    -------
    str
        The first 8 hex digits of the SHA-256 of the parameters sorted by name.
    """
    canonical = "&".join(f"{k}={params[k]}" for k in sorted(params) if k not in _UNCHECKED)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def base_poll(poll_id: str, library: Library) -> Poll | None:
    """Look up the poll a link or the command line names.

    Parameters
    ----------
    poll_id : str
        A library poll id (``"2024-11-21-Ipsos"``), ``"election-<date>"`` for an election result
        read as a poll (`poll_from_election`), ``"average-<date>"`` for the stored poll average
        on that day (`engine.poll_average.average_poll_from_id`), or `CUSTOM_POLL`.

    Returns
    -------
    Poll or None
        The poll; None for `CUSTOM_POLL`, an unknown id or a day the average does not hold (or an
        election day).
    """
    if poll_id == CUSTOM_POLL:
        return None
    if poll_id.startswith(ELECTION_POLL_PREFIX):
        election = library.elections.get(poll_id[len(ELECTION_POLL_PREFIX) :])
        return poll_from_election(election) if election else None
    if poll_id.startswith(AVERAGE_POLL_PREFIX):
        return average_poll_from_id(poll_id, library)
    return library.polls.get(poll_id)


def _format_share(share: float) -> str:
    # repr is the shortest text that reads back to the same float: the link must be exact.
    text = repr(float(share))
    return text[:-2] if text.endswith(".0") else text


class EmbeddedChart(NamedTuple):
    """The chart a link embeds alone (`embedded_chart`).

    Attributes
    ----------
    chart : str or None
        One of `EMBED_CHARTS`; None when the link names none or an unknown one.
    party : str or None
        For `PARTY_SEATS_CHART`, the registry key of the party; else None.
    warnings : list of str
        What was ignored, in plain sentences in the current language.
    """

    chart: str | None
    party: str | None
    warnings: list[str]


def embedded_chart(params: Mapping[str, str], library: Library) -> EmbeddedChart:
    """Read which chart a link embeds alone: ``chart=`` (`EMBED_CHARTS`) and, for a party's, ``party=``.

    Never raises: an unknown chart name, or a party's chart without a known party, gives a warning
    and no chart (the embedded view then shows the warning and a link to the dashboard).

    Parameters
    ----------
    params : mapping of str to str
        The link's query parameters.
    library : Library
        The loaded data, for the party registry.

    Returns
    -------
    EmbeddedChart
        The chart, the party and the warnings.
    """
    warnings: list[str] = []
    chart = params.get(CHART_PARAM)
    if chart is None or not isinstance(chart, str):
        return EmbeddedChart(None, None, warnings)
    if chart not in EMBED_CHARTS:
        warnings.append(
            _("Unknown chart {chart} in the link: use {choices}.").format(
                chart=repr(chart[:40]), choices=or_list(EMBED_CHARTS)
            )
        )
        return EmbeddedChart(None, None, warnings)
    if chart != PARTY_SEATS_CHART:
        return EmbeddedChart(chart, None, warnings)
    party = "+".join(_split_keys(str(params.get(PARTY_PARAM, ""))))
    if party not in library.parties:
        warnings.append(
            _("The link's chart of a party's seats names no known party ({party}).").format(party=repr(party[:20]))
        )
        return EmbeddedChart(None, None, warnings)
    return EmbeddedChart(chart, party, warnings)


class SharedScenario(NamedTuple):
    """What a share link holds.

    Attributes
    ----------
    scenario : Scenario
        The scenario to run.
    poll_id : str
        The poll it edits: a library poll id, ``"election-<date>"`` or `CUSTOM_POLL`.
    coalition : tuple of str
        Registry keys of the coalition on display (may be empty).
    warnings : list of str
        What was ignored or changed, in plain sentences, in the language current when the link
        was read.
    locks : dict of str to tuple of str
        Per region key, the entries locked in the editor.
    """

    scenario: Scenario
    poll_id: str
    coalition: tuple[str, ...]
    warnings: list[str]
    locks: dict[str, tuple[str, ...]]


def scenario_to_params(
    scenario: Scenario,
    poll_id: str,
    library: Library,
    coalition: Sequence[str] = (),
    locks: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Encode a scenario as share-link query parameters (format in the module docstring).

    Parameters
    ----------
    scenario : Scenario
        The scenario; only what differs from the poll `poll_id` and from the defaults is written.
    poll_id : str
        The poll it edits: a library poll id, ``"election-<date>"`` or `CUSTOM_POLL` (then the
        firm, commissioners, source, fieldwork and every region are written).
    library : Library
        The loaded data, for the original poll.
    coalition : sequence of str, default ()
        Registry keys of the coalition on display.
    locks : mapping of str to sequence of str or None, default None
        Per region key, the entries locked in the editor (``lock.BRU=PS+VOORUIT,MR``).

    Returns
    -------
    dict of str to str
        The parameters, `CHECK` (`link_check`) first. Shares are written exactly (shortest
        ``repr``), in percent.
    """
    params = {"poll": poll_id}
    base = base_poll(poll_id, library)
    if poll_id == CUSTOM_POLL:
        poll = scenario.poll
        params |= {"firm": poll.firm, "by": ";".join(poll.commissioners)}
        if poll.source:
            params["src"] = poll.source
        params |= {"from": poll.fieldwork_start.isoformat(), "to": poll.fieldwork_end.isoformat()}
        if poll.fieldwork_precision == "month":
            params["month"] = "1"
    for region in REGIONS:
        edited, original = scenario.poll.region(region), base.region(region) if base else None
        if edited is None:
            if original is not None:
                params["drop"] = ",".join(filter(None, [params.get("drop", ""), region]))
            continue
        if original is None or edited.shares != original.shares:
            params[region] = ",".join(f"{k}:{_format_share(s)}" for k, s in edited.shares)
        if original is None or edited.sample_size != original.sample_size:
            params[f"n.{region}"] = str(edited.sample_size)
        if edited.removed != (original.removed if original else ()):
            params[f"rm.{region}"] = "+".join(edited.removed)
    if scenario.seed != DEFAULT_SEED:
        params["seed"] = str(scenario.seed)
    if scenario.simulations != DEFAULT_SIMULATIONS:
        params["sims"] = str(scenario.simulations)
    if scenario.swing != DEFAULT_SWING:
        params["swing"] = scenario.swing
    if scenario.constituency_noise != DEFAULT_CONSTITUENCY_NOISE:
        params["noise"] = repr(float(scenario.constituency_noise))
    if scenario.polling_error != DEFAULT_POLLING_ERROR:
        params["error"] = scenario.polling_error
    if scenario.election_day is not None:
        params["eday"] = scenario.election_day.isoformat()
    if coalition:
        params["coalition"] = "+".join(coalition)
    for region, locked in sorted((locks or {}).items()):
        if locked:
            params[f"lock.{region}"] = ",".join(locked)
    # The check goes first: a link cut anywhere after it no longer matches.
    return {CHECK: link_check(params), **params}


def _split_keys(text: str) -> list[str]:
    # A literal "+" in a query string reads as a space (form encoding): accept "+", "%2B" and
    # spaces alike wherever keys are joined.
    return [k for k in _JOINERS.split(text.strip()) if k]


def _parse_region(region: str, params: Mapping[str, str], current: RegionPoll | None) -> RegionPoll:
    """Read a region from its link parameters (shares, sample size, removed parties) over `current`."""
    text, size_text = params.get(region), params.get(f"n.{region}")
    shares = current.shares if current else ()
    size = current.sample_size if current else DEFAULT_SAMPLE_SIZE
    removed = current.removed if current else ()
    if f"rm.{region}" in params:
        removed = tuple(_split_keys(params[f"rm.{region}"]))
    if text is not None:
        parsed = []
        for item in text.split(","):
            key, _colon, value = item.partition(":")
            key = "+".join(_split_keys(key))
            if not _KEY.match(key):
                raise PollError(region, _("{key} is not a party key").format(key=repr(key[:20])))
            try:
                parsed.append((key, float(value)))
            except ValueError:
                raise PollError(
                    f"{region}.{key}", _("the share {value} is not a number").format(value=repr(value[:20]))
                ) from None
        shares = tuple(parsed)
    if size_text is not None:
        try:
            size = int(size_text)
        except ValueError:
            raise PollError(
                f"{region}.sample_size", _("{value} is not a whole number").format(value=repr(size_text[:20]))
            ) from None
    return RegionPoll(region, size, shares, removed)


def scenario_from_params(params: Mapping[str, str], library: Library, default_poll: str) -> SharedScenario:
    """Decode a scenario from a share link's query parameters.

    Never raises: whatever is malformed is ignored with a warning (plain sentences in the current
    language, `engine.i18n`), falling back
    to the nearest valid scenario; out-of-range seeds and simulation counts are capped. Every
    edited region goes through `engine.validation`.

    Parameters
    ----------
    params : mapping of str to str
        The link's query parameters (format in the module docstring); values that are not
        strings or are longer than `MAX_PARAM_LENGTH` characters are ignored.
    library : Library
        The loaded data.
    default_poll : str
        Poll id to fall back to when the link names none or an unusable one.

    Returns
    -------
    SharedScenario
        The scenario, poll id, coalition party keys, warnings and locks.
    """
    warnings: list[str] = []
    params = {k: v for k, v in params.items() if isinstance(v, str) and len(v) <= MAX_PARAM_LENGTH}
    if CHECK in params and params[CHECK] != link_check(params):
        warnings.append(
            _(
                "This link is incomplete or was changed after it was made: the scenario below may not be "
                "the one that was shared."
            )
        )
    unknown = sorted(k for k in params if k not in _KNOWN_PARAMS)
    if unknown:
        names = ", ".join(k[:20] for k in unknown[:5])
        warnings.append(_("Ignored unknown link parameters: {names}.").format(names=names))
    poll_id = params.get("poll", default_poll)
    poll = _custom_poll(params, warnings) if poll_id == CUSTOM_POLL else base_poll(poll_id, library)
    if poll is None:
        if poll_id.startswith(AVERAGE_POLL_PREFIX):
            warnings.append(
                _("The poll average has no value on {day} (or it is an election day): showing {poll} instead.").format(
                    day=repr(poll_id[len(AVERAGE_POLL_PREFIX) :][:20]), poll=default_poll
                )
            )
        elif poll_id != CUSTOM_POLL:
            warnings.append(
                _("Unknown poll {poll} in the link: showing {default} instead.").format(
                    poll=repr(poll_id[:40]), default=default_poll
                )
            )
        poll_id, poll = default_poll, base_poll(default_poll, library)
    for region in REGIONS:
        if not any(key in params for key in (region, f"n.{region}", f"rm.{region}")):
            continue
        try:
            edited = _parse_region(region, params, poll.region(region))
            checked, said = check_region(edited, library.parties)
            poll = with_region(poll, checked, region)
            warnings += said
        except PollError as error:
            warnings.append(
                _("Ignored the link's edits for {region}: {reason}.").format(
                    region=_(REGION_NAMES[region]), reason=error.message
                )
            )
    if poll_id == CUSTOM_POLL:
        for region in REGIONS:
            if region not in params:
                poll = with_region(poll, None, region)
        try:
            check_poll(poll, library.parties, library.elections.values())
        except PollError as error:
            warnings.append(
                _("The link's poll cannot be used ({reason}): showing {poll} instead.").format(
                    reason=error, poll=default_poll
                )
            )
            poll_id, poll = default_poll, base_poll(default_poll, library)
    dropped = [r for r in _split_keys(params.get("drop", "").replace(",", " ")) if r in REGIONS]
    if dropped and len(set(dropped)) < len(poll.regions):
        for region in dropped:
            poll = with_region(poll, None, region)
    elif dropped:
        warnings.append(_("Ignored drop: a poll needs at least one region."))
    seed = _bounded_int(params.get("seed"), DEFAULT_SEED, *SEED_RANGE, pgettext("link warning", "seed"), warnings)
    sims = _bounded_int(
        params.get("sims"), DEFAULT_SIMULATIONS, *SIMULATIONS_RANGE, pgettext("link warning", "simulations"), warnings
    )
    swing = params.get("swing", DEFAULT_SWING)
    if swing not in SWING_MODELS:
        warnings.append(
            _("Ignored swing {value}: use {choices}.").format(value=repr(swing[:20]), choices=or_list(SWING_MODELS))
        )
        swing = DEFAULT_SWING
    noise = DEFAULT_CONSTITUENCY_NOISE
    if "noise" in params:
        lo, hi = CONSTITUENCY_NOISE_RANGE
        try:
            noise = float(params["noise"])
            if not lo <= noise <= hi:
                raise ValueError
        except ValueError:
            warnings.append(
                _("Ignored noise {value}: use a number from {lo} to {hi}.").format(
                    value=repr(params["noise"][:20]), lo=number(lo, 1), hi=number(hi, 1)
                )
            )
            noise = DEFAULT_CONSTITUENCY_NOISE
    polling_error = params.get("error", DEFAULT_POLLING_ERROR)
    if polling_error not in POLLING_ERROR_MODELS:
        warnings.append(
            _("Ignored error {value}: use {choices}.").format(
                value=repr(polling_error[:20]), choices=or_list(POLLING_ERROR_MODELS)
            )
        )
        polling_error = DEFAULT_POLLING_ERROR
    election_day = _election_day(params.get("eday"), poll, warnings)
    coalition: tuple[str, ...] = ()
    if "coalition" in params:
        keys = _split_keys(params["coalition"])
        unknown = [k for k in keys if k not in library.parties]
        if unknown:
            names = ", ".join(k[:20] for k in unknown[:5])
            warnings.append(_("Ignored unknown coalition parties: {names}.").format(names=names))
        coalition = tuple(dict.fromkeys(k for k in keys if k in library.parties))
    scenario = Scenario(
        poll,
        seed=seed,
        simulations=sims,
        swing=swing,
        constituency_noise=noise,
        polling_error=polling_error,
        election_day=election_day,
    )
    locks = {}
    for region in poll.covered_regions:
        entries = [k for k, _ in poll.region(region).shares]
        asked = {"+".join(_split_keys(k)) for k in params.get(f"lock.{region}", "").split(",")}
        if asked & set(entries):
            locks[region] = tuple(k for k in entries if k in asked)
    return SharedScenario(scenario, poll_id, coalition, warnings, locks)


def _custom_poll(params: Mapping[str, str], warnings: list[str]) -> Poll | None:
    """Read the firm, source and fieldwork of a poll that is not in the library (its regions follow)."""
    try:
        start, end = date.fromisoformat(params.get("from", "")), date.fromisoformat(params.get("to", ""))
    except ValueError:
        warnings.append(_("The link's poll has no valid fieldwork dates."))
        return None
    firm = params.get("firm", "").strip() or "Unknown"
    commissioners = tuple(c.strip() for c in params.get("by", "").split(";") if c.strip())
    # Whether month=1 fits the dates (a whole calendar month) is the validation's to say.
    precision = "day"
    if "month" in params:
        if params["month"] == "1":
            precision = "month"
        else:
            warnings.append(
                _("Ignored month {value}: use month=1 or leave it out.").format(value=repr(params["month"][:20]))
            )
    source = params.get("src", "").strip()
    return Poll(firm, commissioners, start, end, (), source=source, fieldwork_precision=precision)


def _election_day(text: str | None, poll: Poll, warnings: list[str]) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        reason = _("not a day like 2029-06-09")
    else:
        try:
            Scenario(poll, election_day=day)  # its own range check
            return day
        except ValueError as error:
            reason = str(error)
    warnings.append(_("Ignored eday {value}: {reason}.").format(value=repr(text[:20]), reason=reason))
    return None


def _bounded_int(text, default: int, lo: int, hi: int, name: str, warnings: list[str]) -> int:
    """Read a whole number from a link; `name` is the parameter's name as a reader says it."""
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:  # "1e3", "12.0", "": what a hand-edited link holds
        warnings.append(_("Ignored {name} {value}: not a whole number.").format(name=name, value=repr(text[:20])))
        return default
    if not lo <= value <= hi:
        warnings.append(
            _("{name} {value} is outside {lo}–{hi}: capped.").format(
                name=name.capitalize(), value=value, lo=number(lo), hi=number(hi)
            )
        )
        return min(max(value, lo), hi)
    return value
