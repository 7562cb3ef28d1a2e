"""Domain objects: small frozen dataclasses with the names a journalist would use.

Also the Chamber's fixed numbers (docs/method.md §1): 150 seats (`CHAMBER_SEATS`), a majority of
76 (`MAJORITY`), three regions (`REGIONS`), and the interval levels the reports print
(`INTERVAL_LEVELS`, percent). Shares are in percent, sample sizes in respondents, votes are the
FPS Interior's official counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .defaults import (
    CONSTITUENCY_NOISE_RANGE,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    MAX_YEARS_TO_ELECTION,
    POLLING_ERROR_MODELS,
    SEED_RANGE,
    SIMULATIONS_RANGE,
    SWING_MODELS,
)
from .i18n import N_, _
from .polling_error import PollingError

REGIONS = ("VLG", "WAL", "BRU")
# English; shown through `engine.i18n._` (the catalogs translate them).
REGION_NAMES = {"VLG": N_("Flanders"), "WAL": N_("Wallonia"), "BRU": N_("Brussels")}
# "in Flanders" as a phrase of its own: French says "en Flandre" but "à Bruxelles".
IN_REGION = {"VLG": N_("in Flanders"), "WAL": N_("in Wallonia"), "BRU": N_("in Brussels")}
CHAMBER_SEATS = 150
MAJORITY = 76
OTHER = "OTHER"
INTERVAL_LEVELS = (80, 90, 95, 99)
# How exactly a poll's fieldwork is known: to the day, or (some 2014 polls) only to the month,
# read as the whole month (docs/method.md §2.7).
FIELDWORK_PRECISIONS = ("day", "month")


@dataclass(frozen=True)
class FormerName:
    """An earlier name of a list (sp.a before Vooruit, cdH before Les Engagés, ...).

    Parameters
    ----------
    name : str
        The earlier name, as on the ballot.
    abbreviation : str
        Its abbreviation.
    until : datetime.date
        The first day the name no longer applied (from data/parties.toml).
    """

    name: str
    abbreviation: str
    until: date


@dataclass(frozen=True)
class Party:
    """A list that runs for the Chamber (PVDA and PTB are two lists of one family).

    Parameters
    ----------
    key : str
        Stable registry key used in poll, election and link files (``"NVA"``).
    name : str
        The current name, as on the ballot (FPS Interior).
    abbreviation : str
        The current short label.
    names : tuple of (str, str)
        ``(language, name)`` pairs: the party's name in Dutch, French and English.
    colour : str
        Chart colour, hex.
    regions : tuple of str
        Region keys where the list runs.
    language : str
        ``"nl"`` or ``"fr"``: the language group of its members (docs/method.md §3.5).
    position : int
        Left-to-right order in the seating plan (smaller is further left).
    family : str, default ""
        Lists of one party shown together (``"PVDA-PTB"``), or "".
    former : tuple of FormerName, default ()
        Earlier names, each valid until its date.
    """

    key: str
    name: str
    abbreviation: str
    names: tuple[tuple[str, str], ...]
    colour: str
    regions: tuple[str, ...]
    language: str
    position: int
    family: str = ""
    former: tuple[FormerName, ...] = ()

    def _era(self, day: date | None) -> FormerName | None:
        for former in sorted(self.former, key=lambda f: f.until):
            if day is not None and day < former.until:
                return former
        return None

    def name_on(self, day: date | None) -> str:
        """Return the list's name that applied on `day`.

        Parameters
        ----------
        day : datetime.date or None
            The day; None gives the current name.

        Returns
        -------
        str
            The former name valid on `day`, else the current one.
        """
        era = self._era(day)
        return era.name if era else self.name

    def abbreviation_on(self, day: date | None) -> str:
        """Return the list's abbreviation that applied on `day`.

        Parameters
        ----------
        day : datetime.date or None
            The day; None gives the current abbreviation.

        Returns
        -------
        str
            The former abbreviation valid on `day`, else the current one.
        """
        era = self._era(day)
        return era.abbreviation if era else self.abbreviation


@dataclass(frozen=True)
class Constituency:
    """An electoral constituency of the Chamber at one election.

    Parameters
    ----------
    name : str
        Its name (``"Antwerpen"``).
    region : str
        Region key, one of `REGIONS`.
    seats : int
        Seats it elects at that election (Constitution art. 63; docs/method.md §1).
    """

    name: str
    region: str
    seats: int


@dataclass(frozen=True)
class ListResult:
    """Votes of one list in one constituency (FPS Interior official results).

    Parameters
    ----------
    constituency : str
        The constituency's name.
    list_name : str
        The list's name as on the ballot.
    party : str
        Registry key, or "" for lists outside the registry.
    votes : int
        Valid votes for the list.
    """

    constituency: str
    list_name: str
    party: str
    votes: int


@dataclass(frozen=True)
class Election:
    """A Chamber election: the baseline of the swing model (docs/method.md §3).

    Parameters
    ----------
    date : datetime.date
        Election day.
    name : str
        A title (``"Chamber of Representatives, 2024-06-09"``).
    source : str
        Where the votes come from (the FPS Interior's official results).
    constituencies : tuple of Constituency
        The constituencies with their seats at this election.
    results : tuple of ListResult
        Every list's votes, constituency by constituency, in file order (descending votes).
    joint_lists : tuple of (str, str, str), default ()
        ``(region, poll party, list it ran with)`` where a party ran no list of its own
        (docs/method.md §2.4).
    """

    date: date
    name: str
    source: str
    constituencies: tuple[Constituency, ...]
    results: tuple[ListResult, ...]
    # (region, poll party, list it ran with): docs/method.md §2.4.
    joint_lists: tuple[tuple[str, str, str], ...] = ()

    @property
    def id(self) -> str:
        """The election's id, its date in ISO format (``"2024-06-09"``)."""
        return self.date.isoformat()

    def region_of(self, constituency: str) -> str:
        """Return the region key of a constituency.

        Parameters
        ----------
        constituency : str
            The constituency's name.

        Returns
        -------
        str
            Its region key.

        Raises
        ------
        StopIteration
            When the election has no such constituency.
        """
        return next(c.region for c in self.constituencies if c.name == constituency)

    @cached_property
    def _votes_by_region(self) -> dict[str, dict[str, int]]:
        # Read by every model build, summary and poll-of-polls row: summed once per election.
        region = {c.name: c.region for c in self.constituencies}
        votes: dict[str, dict[str, int]] = {r: {} for r in REGIONS}
        for row in self.results:
            totals = votes[region[row.constituency]]
            key = row.party or OTHER
            totals[key] = totals.get(key, 0) + row.votes
        return votes

    def regional_votes(self, region: str) -> dict[str, int]:
        """Return the votes per party in a region.

        Parameters
        ----------
        region : str
            Region key, one of `REGIONS`.

        Returns
        -------
        dict of str to int
            Valid votes per registry key, lists outside the registry summed under `OTHER`; a new
            dict on every call.

        Raises
        ------
        KeyError
            When `region` is not a region key.
        """
        return dict(self._votes_by_region[region])

    def joint_list(self, region: str, party: str) -> str | None:
        """Return the list `party` ran with in `region` at this election (docs/method.md §2.4).

        Parameters
        ----------
        region : str
            Region key.
        party : str
            Registry key of the poll's party.

        Returns
        -------
        str or None
            The registry key of the joint list, or None when the party ran no joint list there.
        """
        return next((to for r, frm, to in self.joint_lists if r == region and frm == party), None)


@dataclass(frozen=True)
class RegionPoll:
    """One region's part of a poll: shares in percent, in the order published.

    Parameters
    ----------
    region : str
        Region key, one of `REGIONS`.
    sample_size : int
        Respondents in the region (`engine.validation` requires `defaults.SAMPLE_SIZE_RANGE`).
    shares : tuple of (str, float)
        ``(entry, share in percent)`` in the order published; an entry is a registry key, a pair
        reported together (``"PS+VOORUIT"``, docs/method.md §2.5) or `OTHER` (the rest).
    removed : tuple of str, default ()
        Registry parties taken out of the scenario in this region (an editor's "Remove"): their
        lists get no votes there, unlike a party the poll merely does not name, which keeps its
        baseline votes (docs/method.md §3.2).
    """

    region: str
    sample_size: int
    shares: tuple[tuple[str, float], ...]
    removed: tuple[str, ...] = ()

    def share(self, key: str) -> float | None:
        """Return the share of one entry.

        Parameters
        ----------
        key : str
            The entry as written (a registry key, a pair such as ``"PS+VOORUIT"``, or `OTHER`).

        Returns
        -------
        float or None
            Its share in percent, or None when the region does not list it.
        """
        return next((s for k, s in self.shares if k == key), None)


@dataclass(frozen=True)
class Poll:
    """An opinion poll: one `RegionPoll` per region it covers (docs/method.md §2).

    Parameters
    ----------
    firm : str
        The polling firm.
    commissioners : tuple of str
        Who commissioned it (media), possibly none.
    fieldwork_start, fieldwork_end : datetime.date
        First and last fieldwork day.
    regions : tuple of RegionPoll
        The covered regions, in `REGIONS` order.
    source : str, default ""
        Where it was published.
    fieldwork_precision : str, default "day"
        One of `FIELDWORK_PRECISIONS`: ``"month"`` when the pollster gave only the month, the
        fieldwork then being its first to its last day (docs/method.md §2.7).
    """

    firm: str
    commissioners: tuple[str, ...]
    fieldwork_start: date
    fieldwork_end: date
    regions: tuple[RegionPoll, ...]
    source: str = ""
    fieldwork_precision: str = "day"

    @property
    def id(self) -> str:
        """`<fieldwork end>-<firm>`, as in the poll library (e.g. 2024-11-21-Ipsos)."""
        return f"{self.fieldwork_end.isoformat()}-{re.sub(r'[^A-Za-z0-9]', '', self.firm)}"

    def region(self, region: str) -> RegionPoll | None:
        """Return the poll's part for one region.

        Parameters
        ----------
        region : str
            Region key, one of `REGIONS`.

        Returns
        -------
        RegionPoll or None
            The region's shares, or None when the poll does not cover it.
        """
        return next((r for r in self.regions if r.region == region), None)

    @property
    def covered_regions(self) -> tuple[str, ...]:
        """Region keys the poll covers, in `REGIONS` order."""
        return tuple(r for r in REGIONS if self.region(r) is not None)


@dataclass(frozen=True)
class Coalition:
    """A preset coalition from data/coalitions.toml.

    Parameters
    ----------
    name : str
        The stable key (``"Zweeds"``), as share links and the JSON and CSV reports write it.
    parties : tuple of str
        Registry keys of its members.
    note : str, default ""
        A line of context in English (the government it formed, ...), or "".
    names : tuple of (str, str), default ()
        ``(language, name)`` pairs: what the Dutch-, French- and English-language press call it
        (``("fr", "Suédoise")``).
    notes : tuple of (str, str), default ()
        ``(language, note)`` pairs: the note in each language.
    """

    name: str
    parties: tuple[str, ...]
    note: str = ""
    names: tuple[tuple[str, str], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()

    def name_in(self, lang: str) -> str:
        """Return the coalition's name as the press of one language writes it.

        Parameters
        ----------
        lang : str
            A language code, one of `engine.i18n.LANGUAGES` (``"nl"``, ``"fr"``, ``"en"``).

        Returns
        -------
        str
            The name in `lang`; `name` when the coalition has none in that language.
        """
        return dict(self.names).get(lang, self.name)

    def note_in(self, lang: str) -> str:
        """Return the coalition's note in one language.

        Parameters
        ----------
        lang : str
            A language code, one of `engine.i18n.LANGUAGES`.

        Returns
        -------
        str
            The note in `lang`; `note` when it has none in that language ("" without a note).
        """
        return dict(self.notes).get(lang, self.note)


@dataclass(frozen=True)
class Scenario:
    """What a run depends on, and nothing else: the cache key and what a share link encodes.

    Parameters
    ----------
    poll : Poll
        The (possibly edited) poll; shares in percent.
    seed : int, default DEFAULT_SEED (2024)
        Seed of the random numbers (`numpy.random.SeedSequence`, docs/method.md §3.6), within
        `defaults.SEED_RANGE`.
    simulations : int, default DEFAULT_SIMULATIONS (2**20)
        Number of simulated Chambers, within `defaults.SIMULATIONS_RANGE`.
    baseline : str or None, default None
        Election id (``"2024-06-09"``) the swing starts from; None takes the last election before
        the poll's fieldwork.
    swing : str, default DEFAULT_SWING ("multiplicative")
        One of `defaults.SWING_MODELS` (docs/method.md §3.1).
    constituency_noise : float, default DEFAULT_CONSTITUENCY_NOISE (0.1)
        Standard deviation of the local log-normal deviation from the regional swing (a fraction;
        docs/method.md §3.1), within `defaults.CONSTITUENCY_NOISE_RANGE`.
    polling_error : str, default DEFAULT_POLLING_ERROR ("historical")
        One of `defaults.POLLING_ERROR_MODELS`: ``"historical"`` reads the poll with the error of
        Belgian polls at past elections (docs/method.md §8), ``"none"`` with its sampling error only.
    election_day : datetime.date or None, default None
        The election the poll is read as a forecast of: the polling error grows with the time
        from the fieldwork to it. None reads the poll as of its last fieldwork day. When given,
        on or after the fieldwork's last day and at most `defaults.MAX_YEARS_TO_ELECTION` later.

    Raises
    ------
    ValueError
        When a field is outside its range or choices.
    """

    poll: Poll
    seed: int = DEFAULT_SEED
    simulations: int = DEFAULT_SIMULATIONS
    baseline: str | None = None
    swing: str = DEFAULT_SWING
    constituency_noise: float = DEFAULT_CONSTITUENCY_NOISE
    polling_error: str = DEFAULT_POLLING_ERROR
    election_day: date | None = None

    def __post_init__(self) -> None:
        # The messages reach a reader through a share link's warnings, so they are translated and
        # their numbers written by `formatting` (imported here: it imports this module).
        from .formatting import number

        lo, hi = SEED_RANGE
        if not lo <= self.seed <= hi:
            raise ValueError(_("seed must be a whole number from {lo} to {hi}").format(lo=lo, hi=number(hi)))
        lo, hi = SIMULATIONS_RANGE
        if not lo <= self.simulations <= hi:
            raise ValueError(_("simulations must be between {lo} and {hi}").format(lo=number(lo), hi=number(hi)))
        if self.swing not in SWING_MODELS:
            raise ValueError(
                _("unknown swing model {value}; use one of {choices}").format(
                    value=repr(self.swing), choices=", ".join(SWING_MODELS)
                )
            )
        lo, hi = CONSTITUENCY_NOISE_RANGE
        if not lo <= self.constituency_noise <= hi:
            raise ValueError(
                _("constituency noise must be between {lo} and {hi}").format(lo=number(lo, 1), hi=number(hi, 1))
            )
        if self.polling_error not in POLLING_ERROR_MODELS:
            raise ValueError(
                _("unknown polling error {value}; use one of {choices}").format(
                    value=repr(self.polling_error), choices=", ".join(POLLING_ERROR_MODELS)
                )
            )
        if self.election_day is not None:
            end, latest = election_day_range(self.poll)
            if not end <= self.election_day <= latest:
                raise ValueError(
                    _(
                        "election day must be from the end of the fieldwork ({end}) to {years} years later ({latest})"
                    ).format(end=end.isoformat(), years=MAX_YEARS_TO_ELECTION, latest=latest.isoformat())
                )


def election_day_range(poll: Poll) -> tuple[date, date]:
    """Return the first and last election day a scenario may read `poll` as a forecast of.

    Parameters
    ----------
    poll : Poll
        The poll.

    Returns
    -------
    tuple of datetime.date
        The fieldwork's last day, and `defaults.MAX_YEARS_TO_ELECTION` years later (the 28th
        when the later month is shorter).
    """
    end = poll.fieldwork_end
    return end, end.replace(year=end.year + MAX_YEARS_TO_ELECTION, day=min(end.day, 28))


@dataclass(frozen=True)
class Library:
    """Everything in data/, loaded and validated by `engine.load_library`.

    Parameters
    ----------
    parties : dict of str to Party
        The party registry, by key.
    elections : dict of str to Election
        Chamber elections by id (``"2019-05-26"``), oldest first.
    polls : dict of str to Poll
        Polls by id (``"2024-11-21-Ipsos"``), newest fieldwork first.
    coalitions : tuple of Coalition, default ()
        The preset coalitions.
    polling_error : PollingError or None, default None
        The fitted polling error (data/polling_error.toml, docs/method.md §8); None when the
        file is absent (then only ``Scenario(polling_error="none")`` runs).
    constituency_names : dict of str to dict of str to str, default {}
        Each constituency's name per language (data/constituencies.toml), keyed by its name in
        the election files: ``{"Antwerpen": {"nl": "Antwerpen", "fr": "Anvers", ...}}``.
    """

    parties: dict[str, Party] = field(hash=False)
    elections: dict[str, Election] = field(hash=False)
    polls: dict[str, Poll] = field(hash=False)  # newest fieldwork first
    coalitions: tuple[Coalition, ...] = ()
    polling_error: PollingError | None = None
    constituency_names: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)

    def constituency_name(self, name: str, lang: str) -> str:
        """Return a constituency's name in one language.

        Parameters
        ----------
        name : str
            The constituency's name in the election files (``"Bruxelles-Capitale /
            Brussel-Hoofdstad"``).
        lang : str
            A language code, one of `engine.i18n.LANGUAGES`.

        Returns
        -------
        str
            Its name in `lang` (``"Brussel-Hoofdstad"`` in Dutch, ``"Bruxelles-Capitale"`` in
            French, ``"Brussels-Capital"`` in English).

        Raises
        ------
        KeyError
            When the library has no names for `name` or none in `lang` (`engine.load_library`
            requires all three for every constituency of every election).
        """
        return self.constituency_names[name][lang]

    def baseline_for(self, poll: Poll) -> Election:
        """Return the baseline of a poll: the last Chamber election before its fieldwork started.

        Parameters
        ----------
        poll : Poll
            The poll.

        Returns
        -------
        Election
            The latest election dated before ``poll.fieldwork_start``.

        Raises
        ------
        ValueError
            When no election in the library is that early.
        """
        before = [e for e in self.elections.values() if e.date < poll.fieldwork_start]
        if not before:
            earliest = min(self.elections)
            raise ValueError(
                f"poll {poll.id}: no election before its fieldwork ({poll.fieldwork_start}); "
                f"the earliest baseline is {earliest}"
            )
        return max(before, key=lambda e: e.date)
