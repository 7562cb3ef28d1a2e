"""Share links: a scenario as URL query parameters, and back.

    poll=2024-11-21-Ipsos            the starting poll (or election-2024-06-09, or custom: an
                                     uploaded poll, with firm=, by= (commissioners, ;-separated),
                                     from= and to= (fieldwork dates) and every region below)
    VLG=NVA:26.1,VB:23.5,...,OTHER:1.1   a region's shares when edited (all of them, in order)
    n.VLG=1200                       a region's sample size when edited
    drop=BRU                         regions removed from the poll
    seed=2024  sims=1048576          the run
    swing=additive  noise=0.05       the model, when not the default
    coalition=NVA+MR+LE+VOORUIT+CDV  the coalition on display

Parsing never raises: whatever is malformed is ignored with a warning, so a tampered link falls
back to the nearest valid scenario, and simulations are capped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date

from .defaults import (
    CONSTITUENCY_NOISE_RANGE,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    MAX_POLL_PARTIES,
    MAX_SHARE_TOTAL,
    SAMPLE_SIZE_RANGE,
    SEED_RANGE,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)
from .domain import OTHER, REGIONS, Library, Poll, RegionPoll, Scenario
from .poll_edits import ELECTION_POLL_PREFIX, poll_from_election, with_region

MAX_PARAM_LENGTH = 2000
CUSTOM_POLL = "custom"
_KEY = re.compile(r"^[A-Z]+(\+[A-Z]+)*$")


def base_poll(poll_id: str, library: Library) -> Poll | None:
    """A library poll, or an election result when `poll_id` is `election-<date>`."""
    if poll_id == CUSTOM_POLL:
        return None
    if poll_id.startswith(ELECTION_POLL_PREFIX):
        election = library.elections.get(poll_id[len(ELECTION_POLL_PREFIX) :])
        return poll_from_election(election) if election else None
    return library.polls.get(poll_id)


def _format_share(share: float) -> str:
    # repr is the shortest text that reads back to the same float: the link must be exact.
    text = repr(float(share))
    return text[:-2] if text.endswith(".0") else text


def scenario_to_params(scenario: Scenario, poll_id: str, library: Library, coalition=()) -> dict[str, str]:
    """Query parameters describing `scenario`, as edits of the poll `poll_id`."""
    params = {"poll": poll_id}
    base = base_poll(poll_id, library)
    if poll_id == CUSTOM_POLL:
        poll = scenario.poll
        params |= {"firm": poll.firm, "by": ";".join(poll.commissioners)}
        params |= {"from": poll.fieldwork_start.isoformat(), "to": poll.fieldwork_end.isoformat()}
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
    if scenario.seed != DEFAULT_SEED:
        params["seed"] = str(scenario.seed)
    if scenario.simulations != DEFAULT_SIMULATIONS:
        params["sims"] = str(scenario.simulations)
    if scenario.swing != DEFAULT_SWING:
        params["swing"] = scenario.swing
    if scenario.constituency_noise != DEFAULT_CONSTITUENCY_NOISE:
        params["noise"] = repr(float(scenario.constituency_noise))
    if coalition:
        params["coalition"] = "+".join(coalition)
    return params


def _parse_shares(text: str, library: Library) -> tuple[tuple[str, float], ...]:
    shares = []
    for item in text.split(","):
        key, _, value = item.partition(":")
        if not _KEY.match(key) or any(k != OTHER and k not in library.parties for k in key.split("+")):
            raise ValueError(f"unknown party {key[:20]!r}")
        try:
            share = float(value)
        except ValueError:
            raise ValueError(f"the share of {key} is not a number: {value[:20]!r}") from None
        if not math.isfinite(share) or not 0 <= share <= 100:
            raise ValueError(f"share {value[:20]!r} is not between 0 and 100")
        shares.append((key, share))
    if not 0 < sum(s for _, s in shares) <= MAX_SHARE_TOTAL or len(shares) > MAX_POLL_PARTIES:
        raise ValueError("shares do not add up to about 100%")
    return tuple(shares)


def scenario_from_params(
    params: Mapping[str, str], library: Library, default_poll: str
) -> tuple[Scenario, str, tuple[str, ...], list[str]]:
    """(scenario, poll id, coalition, warnings) from query parameters; never raises."""
    warnings: list[str] = []
    params = {k: v for k, v in params.items() if isinstance(v, str) and len(v) <= MAX_PARAM_LENGTH}
    poll_id = params.get("poll", default_poll)
    poll = _custom_poll(params, warnings) if poll_id == CUSTOM_POLL else base_poll(poll_id, library)
    if poll is None:
        warnings.append(
            f"Unknown poll {poll_id[:40]!r} in the link (not in the library): showing {default_poll} instead."
        )
        poll_id, poll = default_poll, base_poll(default_poll, library)
    for region in REGIONS:
        current = poll.region(region)
        shares = current.shares if current else None
        size = current.sample_size if current else None
        try:
            if region in params:
                shares = _parse_shares(params[region], library)
            if f"n.{region}" in params:
                size = int(params[f"n.{region}"])
                lo, hi = SAMPLE_SIZE_RANGE
                if not lo <= size <= hi:
                    raise ValueError(f"sample size must be between {lo} and {hi:,}")
            if shares is not None:
                poll = with_region(poll, RegionPoll(region, size or 1000, shares), region)
        except ValueError as error:
            warnings.append(f"Ignored the link's edits for {region}: {error}.")
    if poll_id == CUSTOM_POLL:
        given = [r for r in REGIONS if r in params]
        if not any(poll.region(r) for r in given):
            warnings.append(f"The link's poll has no valid region: showing {default_poll} instead.")
            poll_id, poll = default_poll, base_poll(default_poll, library)
        for region in REGIONS:
            if region not in given and poll_id == CUSTOM_POLL:
                poll = with_region(poll, None, region)
    dropped = [r for r in params.get("drop", "").split(",") if r in REGIONS]
    if dropped and len(dropped) < len(poll.regions):
        for region in dropped:
            poll = with_region(poll, None, region)
    elif dropped:
        warnings.append("Ignored drop: a poll needs at least one region.")
    seed = _bounded_int(params.get("seed"), DEFAULT_SEED, *SEED_RANGE, "seed", warnings)
    sims = _bounded_int(params.get("sims"), DEFAULT_SIMULATIONS, *SIMULATIONS_RANGE, "simulations", warnings)
    swing = params.get("swing", DEFAULT_SWING)
    if swing not in SWING_MODELS:
        warnings.append(f"Ignored swing {swing[:20]!r}: use {' or '.join(SWING_MODELS)}.")
        swing = DEFAULT_SWING
    noise = DEFAULT_CONSTITUENCY_NOISE
    if "noise" in params:
        lo, hi = CONSTITUENCY_NOISE_RANGE
        try:
            noise = float(params["noise"])
            if not lo <= noise <= hi:
                raise ValueError
        except ValueError:
            warnings.append(f"Ignored noise {params['noise'][:20]!r}: use a number from {lo} to {hi}.")
            noise = DEFAULT_CONSTITUENCY_NOISE
    coalition: tuple[str, ...] = ()
    if "coalition" in params:
        keys = tuple(k for k in params["coalition"].split("+") if k)
        unknown = [k for k in keys if k not in library.parties]
        if unknown:
            warnings.append(f"Ignored unknown coalition parties: {', '.join(k[:20] for k in unknown[:5])}.")
        coalition = tuple(dict.fromkeys(k for k in keys if k in library.parties))
    scenario = Scenario(poll, seed=seed, simulations=sims, swing=swing, constituency_noise=noise)
    return scenario, poll_id, coalition, warnings


def _custom_poll(params: Mapping[str, str], warnings: list[str]) -> Poll | None:
    """The firm and fieldwork of a poll that is not in the library (its regions follow)."""
    try:
        start, end = date.fromisoformat(params.get("from", "")), date.fromisoformat(params.get("to", ""))
    except ValueError:
        warnings.append("The link's poll has no valid fieldwork dates.")
        return None
    if start > end:
        warnings.append("The link's fieldwork starts after it ends.")
        return None
    firm = params.get("firm", "").strip()[:80] or "Unknown"
    commissioners = tuple(c.strip()[:80] for c in params.get("by", "").split(";") if c.strip())[:10]
    # Regions are filled from the link's region parameters; a poll needs at least one.
    placeholder = RegionPoll(REGIONS[0], 1000, ((OTHER, 100.0),))
    return Poll(firm, commissioners, start, end, (placeholder,))


def _bounded_int(text, default: int, lo: int, hi: int, name: str, warnings: list[str]) -> int:
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        warnings.append(f"Ignored {name} {text[:20]!r}: not a whole number.")
        return default
    if not lo <= value <= hi:
        warnings.append(f"{name.capitalize()} {value} is outside {lo:,}–{hi:,}: capped.")
        return min(max(value, lo), hi)
    return value
