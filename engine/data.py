"""Load and validate the files in data/ into domain objects.

Every problem is raised as a `DataError` naming the file, the line (where it can be found) and the
field, so a journalist who mistyped a poll file knows where to look.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import tomli_w

from .defaults import MAX_POLL_FILE_BYTES
from .domain import (
    REGIONS,
    Coalition,
    Constituency,
    Election,
    FormerName,
    Library,
    ListResult,
    Party,
    Poll,
    RegionPoll,
)
from .formatting import or_list
from .i18n import LANGUAGES, _, pgettext
from .polling_error import PollingError
from .validation import PollError, check_poll

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
POLLING_ERROR_FILE = "polling_error.toml"
CONSTITUENCY_NAMES_FILE = "constituencies.toml"


class DataError(ValueError):
    """A data file (or uploaded poll) is malformed: names the file, line and field.

    Parameters
    ----------
    source : str
        The file's path or the upload's name.
    field : str
        The field (``"VLG.NVA"``, ``"constituencies.Antwerpen.seats"``, ...), or "".
    message : str
        What is wrong, in plain words (in the current language where a journalist may see it: an
        uploaded poll's problems).
    line : int or None, default None
        The line number (from 1), when it can be found.
    """

    def __init__(self, source: str, field: str, message: str, line: int | None = None):
        self.source, self.field, self.line = source, field, line
        where = _("{file}, line {line}").format(file=source, line=line) if line else source
        super().__init__(f"{where}, {field}: {message}" if field else f"{where}: {message}")


def _line_of(text: str, table: str, key: str) -> int | None:
    """Line number of `key = ...` inside TOML table `[table]` ("" = top level), if found.

    The n-th table of an array of tables (``[[coalition]]``) is named ``coalition[n]``, from 0.
    """
    current = ""
    arrays: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[["):
            name = line.strip("[] ").replace('"', "")
            arrays[name] = arrays.get(name, -1) + 1
            current = f"{name}[{arrays[name]}]"
        elif line.startswith("["):
            current = line.strip("[] ").replace('"', "")
            if table == "" and current == key:
                return number
        elif current == table and line.split("=", 1)[0].strip().strip('"') == key:
            return number
    return None


def _read_toml(path: Path | str, text: str) -> dict:
    try:
        # Windows Notepad saves UTF-8 with a byte-order mark, which TOML does not allow.
        return tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise DataError(str(path), "", _("not valid TOML (arrays or tables nested too deep)")) from None
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError carries the position only in its message.
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = re.sub(r"\s*\(at line.*\)", "", str(error))
        line = int(found[1]) if found else None
        raise DataError(str(path), "", _("not valid TOML ({reason})").format(reason=message), line) from None


def _type_name(kind: type) -> str:
    """Name a TOML value's type as an error does: the Python name in English ("int"), words elsewhere."""
    names = {
        int: pgettext("type of a value", "int"),
        float: pgettext("type of a value", "float"),
        str: pgettext("type of a value", "str"),
        list: pgettext("type of a value", "list"),
        dict: pgettext("type of a value", "dict"),
        date: pgettext("type of a value", "date"),
    }
    return names.get(kind, kind.__name__)


class _Fields:
    """Typed access to one TOML table, raising DataError with file, line and field."""

    def __init__(self, source: str, text: str, table: dict, name: str = ""):
        self.source, self.text, self.table, self.name = source, text, table, name

    def error(self, key: str, message: str) -> DataError:
        field = f"{self.name}.{key}" if self.name else key
        return DataError(self.source, field, message, _line_of(self.text, self.name, key))

    def get(self, key: str, kind: type | tuple[type, ...], default=...):
        if key not in self.table:
            if default is ...:
                raise self.error(key, _("missing"))
            return default
        value = self.table[key]
        # A TOML date-time is a `datetime`, which is also a `date`: only a plain day is a date.
        if kind is date and isinstance(value, datetime):
            raise self.error(
                key, _("expected a day like 2024-11-18, not a date and time ({value})").format(value=value.isoformat())
            )
        if isinstance(value, bool) or not isinstance(value, kind):
            names = or_list(_type_name(k) for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise self.error(key, _("expected {kind}, got {value}").format(kind=names, value=repr(value)))
        return value

    def in_each_language(self, key: str, what: str) -> dict[str, str]:
        """Return the table at `key` as ``{language: text}``, with a non-empty text in every language."""
        table = self.get(key, dict)
        unknown = sorted(set(table) - set(LANGUAGES))
        if unknown:
            raise self.error(key, f"unknown language {unknown[0]!r}; use {', '.join(LANGUAGES)}")
        for lang in LANGUAGES:
            if lang not in table:
                raise self.error(key, f"missing the {what} in {lang!r}")
            if not isinstance(table[lang], str) or not table[lang].strip():
                raise self.error(key, f"expected the {what} in {lang!r} as a text, got {table[lang]!r}")
        return {lang: table[lang] for lang in LANGUAGES}


def load_parties(path: Path) -> dict[str, Party]:
    """Load the party registry (data/parties.toml; its fields are described in the file).

    Parameters
    ----------
    path : pathlib.Path
        The registry file.

    Returns
    -------
    dict of str to Party
        Parties by key, in file order.

    Raises
    ------
    DataError
        Invalid TOML, a missing or mistyped field, an unknown region, or a language other than
        ``"nl"`` or ``"fr"``.
    OSError
        When the file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    parties = {}
    for key, table in _read_toml(path, text).items():
        f = _Fields(str(path), text, table, key)
        regions = tuple(f.get("regions", list))
        if not set(regions) <= set(REGIONS):
            raise f.error("regions", f"unknown region in {regions}; use {', '.join(REGIONS)}")
        language = f.get("language", str)
        if language not in ("nl", "fr"):
            raise f.error("language", f"expected 'nl' or 'fr', got {language!r}")
        former = tuple(
            FormerName(entry["name"], entry["abbreviation"], entry["until"]) for entry in f.get("former", list, [])
        )
        parties[key] = Party(
            key=key,
            name=f.get("name", str),
            abbreviation=f.get("abbreviation", str),
            names=tuple(f.get("names", dict).items()),
            colour=f.get("colour", str),
            regions=regions,
            language=language,
            position=f.get("position", int),
            family=f.get("family", str, ""),
            former=former,
        )
    return parties


def load_election(toml_path: Path, parties: dict[str, Party]) -> Election:
    """Load one Chamber election: its TOML (date, constituencies, joint lists) and its CSV of votes.

    The votes are the FPS Interior's official results, one row per list and constituency
    (``constituency,list_name,party,votes``) in the CSV beside the TOML.

    Parameters
    ----------
    toml_path : pathlib.Path
        ``data/elections/<date>.toml``; the votes are read from the same path with ``.csv``.
    parties : dict of str to Party
        The party registry, to check the party keys.

    Returns
    -------
    Election
        The election with its constituencies (seats per constituency) and every list's votes.

    Raises
    ------
    DataError
        Invalid TOML, a missing or mistyped field, an unknown region or party, a constituency
        with fewer than 1 seat, a CSV with other columns, an unknown constituency, or votes that
        are not a non-negative whole number.
    OSError
        When a file cannot be read.
    """
    text = toml_path.read_text(encoding="utf-8")
    meta = _read_toml(toml_path, text)
    f = _Fields(str(toml_path), text, meta)
    constituencies = []
    for name, table in f.get("constituencies", dict).items():
        c = _Fields(str(toml_path), text, table, f"constituencies.{name}")
        region = c.get("region", str)
        if region not in REGIONS:
            raise c.error("region", f"unknown region {region!r}")
        seats = c.get("seats", int)
        if seats < 1:
            raise c.error("seats", "must be at least 1")
        constituencies.append(Constituency(name, region, seats))
    joint = []
    for region, mapping in f.get("joint_lists", dict, {}).items():
        for frm, to in mapping.items():
            if frm not in parties or to not in parties:
                raise DataError(str(toml_path), f"joint_lists.{region}.{frm}", "unknown party")
            joint.append((region, frm, to))

    csv_path = toml_path.with_suffix(".csv")
    names = {c.name for c in constituencies}
    results = []
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        expected = ["constituency", "list_name", "party", "votes"]
        if reader.fieldnames != expected:
            raise DataError(str(csv_path), "header", f"expected columns {expected}", 1)
        for row in reader:
            line = reader.line_num
            if row["constituency"] not in names:
                raise DataError(str(csv_path), "constituency", f"unknown {row['constituency']!r}", line)
            if row["party"] and row["party"] not in parties:
                raise DataError(str(csv_path), "party", f"unknown party {row['party']!r}", line)
            try:
                votes = int(row["votes"])
            except (TypeError, ValueError):
                raise DataError(str(csv_path), "votes", f"not a whole number: {row['votes']!r}", line) from None
            if votes < 0:
                raise DataError(str(csv_path), "votes", "negative", line)
            results.append(ListResult(row["constituency"], row["list_name"], row["party"], votes))
    return Election(
        date=f.get("date", date),
        name=f.get("name", str),
        source=f.get("source", str),
        constituencies=tuple(constituencies),
        results=tuple(results),
        joint_lists=tuple(joint),
    )


def parse_poll(text: str, source: str, library: Library, today: date | None = None) -> Poll:
    """Parse and validate a poll file's text (the format of data/polls/*.toml).

    Shares are in percent. A region lists `sample_size` and one `KEY = share` per party; a pair
    reported together is written `"PS+VOORUIT" = 20.1`; `OTHER` is the rest (optional). An
    optional `fieldwork_precision = "month"` says the pollster gave only the month, written as its
    first and last day (docs/method.md §2.7). The poll
    then goes through `engine.validation.check_poll` against `library`'s parties and elections
    (a family's entry becomes the family's list in the region, e.g. PTB in Flanders is PVDA).

    Parameters
    ----------
    text : str
        The file's content (a UTF-8 byte-order mark is allowed), at most `MAX_POLL_FILE_BYTES`
        (64 kB).
    source : str
        The file's path or the upload's name, for error messages.
    library : Library
        The loaded data: its parties and elections.
    today : datetime.date or None, default None
        The fieldwork must not end after it; None is today.

    Returns
    -------
    Poll
        The validated poll, regions in `REGIONS` order.

    Raises
    ------
    DataError
        Naming `source`, the line and the field of the first problem found.
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_POLL_FILE_BYTES:
        raise DataError(
            source, "", _("file larger than {size} kB; not a poll").format(size=MAX_POLL_FILE_BYTES // 1000)
        )
    raw = _read_toml(source, text)
    f = _Fields(source, text, raw)
    start, end = f.get("fieldwork_start", date), f.get("fieldwork_end", date)
    commissioners = f.get("commissioners", list, [])
    if not all(isinstance(c, str) for c in commissioners):
        raise f.error("commissioners", _("expected a list of names"))
    known = {"firm", "commissioners", "fieldwork_start", "fieldwork_end", "fieldwork_precision", "source"}
    unknown = set(raw) - known - set(REGIONS)
    if unknown:
        key = sorted(unknown)[0]
        raise f.error(key, _("unknown field; regions are {regions}").format(regions=", ".join(REGIONS)))
    regions = tuple(
        _parse_region(_Fields(source, text, raw[region], region), region) for region in REGIONS if region in raw
    )
    if not regions:
        tables = or_list(f"[{region}]" for region in REGIONS)
        raise DataError(source, "", _("no region: add a table {tables}").format(tables=tables))
    poll = Poll(
        firm=f.get("firm", str).strip() or "Unknown",
        commissioners=tuple(c.strip() for c in commissioners),
        fieldwork_start=start,
        fieldwork_end=end,
        regions=regions,
        source=f.get("source", str, ""),
        fieldwork_precision=f.get("fieldwork_precision", str, "day"),
    )
    try:
        return check_poll(poll, library.parties, library.elections.values(), today).poll
    except PollError as error:
        table, _dot, key = error.field.rpartition(".")
        raise DataError(source, error.field, error.message, _line_of(text, table, key)) from None


def _parse_region(f: _Fields, region: str) -> RegionPoll:
    """Read a region's table as written (types checked here; meaning in `engine.validation`)."""
    if not isinstance(f.table, dict):
        raise DataError(f.source, region, _("expected a table of shares"))
    shares = tuple((key, float(f.get(key, (int, float)))) for key in f.table if key not in ("sample_size", "removed"))
    removed = f.get("removed", list, [])
    if not all(isinstance(k, str) for k in removed):
        raise f.error("removed", _("expected a list of party keys"))
    return RegionPoll(region, f.get("sample_size", int), shares, tuple(removed))


def poll_to_toml(poll: Poll) -> str:
    """Write a poll as a file that `parse_poll` reads back (the library's own format).

    Parameters
    ----------
    poll : Poll
        The poll; shares in percent.

    Returns
    -------
    str
        TOML text: firm, commissioners, fieldwork dates (and their precision when not "day"),
        source (when there is one), then one table per region with its sample size, shares and
        removed parties.
    """
    document: dict = {
        "firm": poll.firm,
        "commissioners": list(poll.commissioners),
        "fieldwork_start": poll.fieldwork_start,
        "fieldwork_end": poll.fieldwork_end,
    }
    if poll.fieldwork_precision != "day":
        document["fieldwork_precision"] = poll.fieldwork_precision
    if poll.source:
        document["source"] = poll.source
    for region in poll.regions:
        document[region.region] = {"sample_size": region.sample_size, **dict(region.shares)}
        if region.removed:
            document[region.region]["removed"] = list(region.removed)
    return tomli_w.dumps(document)


POLLING_ERROR_HEADER = """\
# The polling error (docs/method.md §8): a poll of n respondents in a region is read as one of
#     n_eff = 1 / (1 / n + extra_variance[region] + growth × (years to the election)^growth_exponent).
# Derived data: written by `python -m engine fit-polling-error` from the polls and elections in
# data/ (the fit: engine/polling_error_fit.py). Do not edit by hand; rerun the command when an
# election or a poll is added.
"""


def load_polling_error(path: Path) -> PollingError | None:
    """Load the fitted polling error (data/polling_error.toml, written by `polling_error_toml`).

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    PollingError or None
        None when the file does not exist.

    Raises
    ------
    DataError
        Naming the file, line and field of a missing or malformed value (variances must be
        finite and non-negative).
    """
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    top = _Fields(str(path), text, _read_toml(path, text))
    table = top.get("extra_variance", dict)
    variances = _Fields(str(path), text, table, "extra_variance")
    extra = {r: float(variances.get(r, (int, float))) for r in REGIONS}
    growth = float(top.get("growth", (int, float)))
    exponent = float(top.get("growth_exponent", (int, float)))
    for key, value in [*(("extra_variance." + r, v) for r, v in extra.items()), ("growth", growth)]:
        if not 0.0 <= value < float("inf"):
            raise DataError(str(path), key, f"expected a variance of 0 or more, got {value!r}")
    if not 0.0 < exponent <= 1.0:
        raise top.error("growth_exponent", f"expected a power above 0 and at most 1, got {exponent!r}")
    fitted_on = top.get("fitted_on", list)
    if not all(isinstance(e, str) for e in fitted_on):
        raise top.error("fitted_on", "expected a list of election ids")
    return PollingError(
        extra_variance=extra,
        growth=growth,
        growth_exponent=exponent,
        fitted_on=tuple(fitted_on),
        polls=top.get("polls", int),
        observations=top.get("observations", int),
    )


def _significant(value: float) -> float:
    # Six significant digits: far finer than the fit's precision, and stable across machines.
    return float(f"{value:.6g}")


def polling_error_toml(error: PollingError) -> str:
    """Write a fitted polling error as data/polling_error.toml reads it (`load_polling_error`).

    Parameters
    ----------
    error : PollingError
        The fitted parameters.

    Returns
    -------
    str
        TOML text with an explanatory header; values to six significant digits.
    """
    fields = {
        "fitted_on": list(error.fitted_on),
        "polls": error.polls,
        "observations": error.observations,
        "growth": _significant(error.growth),
        "growth_exponent": error.growth_exponent,
        "extra_variance": {region: _significant(v) for region, v in error.extra_variance.items()},
    }
    return POLLING_ERROR_HEADER + "\n" + tomli_w.dumps(fields)


def load_coalitions(path: Path, parties: dict[str, Party]) -> tuple[Coalition, ...]:
    """Load the preset coalitions (data/coalitions.toml).

    Parameters
    ----------
    path : pathlib.Path
        The coalitions file: ``[[coalition]]`` tables with ``name`` (the stable key),
        ``parties``, ``names`` (``{nl = ..., fr = ..., en = ...}``) and optional ``notes`` (the
        same languages).
    parties : dict of str to Party
        The party registry, to check the members.

    Returns
    -------
    tuple of Coalition
        In file order; ``note`` is the English note.

    Raises
    ------
    DataError
        Invalid TOML, a missing, mistyped or unknown field, an unknown party, or a name or note
        missing in one of `engine.i18n.LANGUAGES`.
    OSError
        When the file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    coalitions = []
    for index, table in enumerate(_read_toml(path, text).get("coalition", [])):
        f = _Fields(str(path), text, table, f"coalition[{index}]")
        unknown = sorted(set(table) - {"name", "parties", "names", "notes"})
        if unknown:
            raise f.error(unknown[0], "unknown field; a coalition has name, parties, names and notes")
        members = tuple(f.get("parties", list))
        for key in members:
            if key not in parties:
                raise f.error("parties", f"unknown party {key!r}")
        names = f.in_each_language("names", "name")
        notes = f.in_each_language("notes", "note") if "notes" in table else {}
        coalitions.append(
            Coalition(
                f.get("name", str),
                members,
                notes.get("en", ""),
                names=tuple(names.items()),
                notes=tuple(notes.items()),
            )
        )
    return tuple(coalitions)


def load_constituency_names(path: Path, elections: dict[str, Election]) -> dict[str, dict[str, str]]:
    """Load the constituencies' names in each language (data/constituencies.toml).

    Parameters
    ----------
    path : pathlib.Path
        The file: one table per constituency, keyed by its name in the election files, with
        ``nl``, ``fr`` and ``en``.
    elections : dict of str to Election
        The elections, every constituency of which must have its names.

    Returns
    -------
    dict of str to dict of str to str
        ``{constituency: {language: name}}`` for every language of `engine.i18n.LANGUAGES`.

    Raises
    ------
    DataError
        Invalid TOML, a name missing or empty in one language, an unknown language, a
        constituency of an election without names, or names of a constituency no election has.
    OSError
        When the file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    f = _Fields(str(path), text, _read_toml(path, text))
    names = {name: f.in_each_language(name, "name") for name in f.table}
    known = {c.name for e in elections.values() for c in e.constituencies}
    for name in names:
        if name not in known:
            raise f.error(name, "no election has this constituency (a typo?)")
    for election in elections.values():
        for constituency in election.constituencies:
            if constituency.name not in names:
                raise DataError(
                    str(path),
                    constituency.name,
                    f"missing: the election of {election.id} has this constituency; add its names in "
                    f"{', '.join(LANGUAGES)}",
                )
    return names


def load_library(data_dir: Path | str = DATA_DIR, *, polling_error: bool = True) -> Library:
    """Load and validate everything in `data_dir`: parties, elections, polls, coalitions, names.

    Parameters
    ----------
    data_dir : pathlib.Path or str, default DATA_DIR
        A directory with ``parties.toml``, ``coalitions.toml``, ``constituencies.toml`` (names
        per language), ``elections/<date>.toml`` and ``.csv`` (FPS Interior official results)
        and ``polls/*.toml``; default the bundled data/.
    polling_error : bool, default True
        Load the fitted polling error (``polling_error.toml``); False leaves it out, as the
        command that regenerates it does.

    Returns
    -------
    Library
        Elections oldest first, polls newest fieldwork first (each validated by `parse_poll`).

    Raises
    ------
    DataError
        Naming the file, line and field of the first malformed entry, or a poll id used twice.
    OSError
        When a file cannot be read.
    """
    data_dir = Path(data_dir)
    parties = load_parties(data_dir / "parties.toml")
    elections = {}
    for path in sorted((data_dir / "elections").glob("*.toml")):
        election = load_election(path, parties)
        elections[election.id] = election
    coalitions = load_coalitions(data_dir / "coalitions.toml", parties)
    error = load_polling_error(data_dir / POLLING_ERROR_FILE) if polling_error else None
    names = load_constituency_names(data_dir / CONSTITUENCY_NAMES_FILE, elections)
    library = Library(parties, elections, {}, coalitions, error, names)
    polls: dict[str, Poll] = {}
    for path in sorted((data_dir / "polls").glob("*.toml")):
        poll = parse_poll(path.read_text(encoding="utf-8"), str(path), library)
        if poll.id in polls:
            raise DataError(str(path), "", f"poll id {poll.id} is already used by another file")
        polls[poll.id] = poll
    newest_first = dict(sorted(polls.items(), key=lambda item: item[1].fieldwork_end, reverse=True))
    return replace(library, polls=newest_first)
