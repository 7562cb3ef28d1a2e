"""Command line: `python -m engine seats|report|polls|backtest|fit-polling-error|fit-poll-average|seats-over-time|batch ...` (one-line errors, non-zero exit)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from . import batch
from . import track_record as track
from .data import (
    DATA_DIR,
    POLLING_ERROR_FILE,
    DataError,
    load_library,
    load_polling_error,
    parse_poll,
    polling_error_toml,
)
from .defaults import (
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    POLLING_ERROR_MODELS,
    SWING_MODELS,
)
from .domain import Scenario
from .formatting import csv_text
from .i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, language
from .model import seats_won
from .polling_error_fit import compare_candidates, fit_polling_error, polling_error_matches, render_candidates
from .report import FORMATS, render
from .share import base_poll
from .simulation import simulate


class UsageError(Exception):
    """A command line that cannot run: a wrong argument, or an unknown election, poll or party."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(message)


def official_seats(election) -> list[tuple[str, str, int]]:
    """Compute the official seats of an election, list by list.

    D'Hondt with the 5 % threshold (Electoral Code art. 165bis, 167) on the FPS Interior's
    official votes, constituency by constituency (`engine.model.seats_won`).

    Parameters
    ----------
    election : Election
        The election.

    Returns
    -------
    list of (str, str, int)
        ``(constituency, list name, seats)`` for every list that won seats: constituencies in
        the election's order, most seats first within each.
    """
    order = {c.name: i for i, c in enumerate(election.constituencies)}
    ranked = sorted(seats_won(election), key=lambda pair: (order[pair[0].constituency], -pair[1]))
    return [(row.constituency, row.list_name, n) for row, n in ranked if n > 0]


def _seats(args, library) -> str:
    election = library.elections.get(args.election)
    if election is None:
        raise UsageError(f"unknown election {args.election!r}; known: {', '.join(library.elections)}")
    rows = official_seats(election)
    if args.format == "csv":
        return csv_text(["constituency", "list", "seats"], rows)
    totals: dict[str, int] = {}
    for _, name, n in rows:
        totals[name] = totals.get(name, 0) + n
    width = max(len(name) for name in totals)
    lines = [f"{election.name}: seats by D'Hondt from the official votes", ""]
    current = None
    for constituency, name, n in rows:
        if constituency != current:
            current = constituency
            lines.append(f"{constituency}")
        lines.append(f"  {name:<{width}}  {n:>3}")
    lines += ["", "Total"] + [f"  {name:<{width}}  {n:>3}" for name, n in sorted(totals.items(), key=lambda kv: -kv[1])]
    lines.append(f"  {'(all lists)':<{width}}  {sum(totals.values()):>3}")
    return "\n".join(lines) + "\n"


def _report(args, library) -> str:
    if args.poll_file:
        path = Path(args.poll_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {path}: {error}") from None
        poll = parse_poll(text, str(path), library)
    else:
        poll = base_poll(args.poll, library)
        if poll is None:
            raise UsageError(f"unknown poll {args.poll!r}; `python -m engine polls` lists them")
    if args.baseline and args.baseline not in library.elections:
        raise UsageError(f"unknown baseline {args.baseline!r}; known: {', '.join(library.elections)}")
    scenario = _scenario(
        poll,
        seed=args.seed,
        simulations=args.simulations,
        baseline=args.baseline,
        swing=args.swing,
        constituency_noise=args.constituency_noise,
        polling_error=args.polling_error,
        election_day=args.election_day,
    )
    coalition = [k for k in re.split(r"[+,\s]+", args.coalition or "") if k]
    unknown = [k for k in coalition if k not in library.parties]
    if unknown:
        raise UsageError(f"unknown party {unknown[0]!r} in --coalition; known: {', '.join(library.parties)}")
    return render(simulate(scenario, library), args.format, coalition)


def _scenario(poll, **fields) -> Scenario:
    """Build a scenario from command-line values; its own validation speaks for the arguments."""
    try:
        return Scenario(poll, **fields)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _polls(args, library) -> str:
    lines = []
    for poll_id, poll in library.polls.items():
        regions = ", ".join(f"{r.region} n={r.sample_size}" for r in poll.regions)
        lines.append(f"{poll_id:<38} {poll.firm} for {'; '.join(poll.commissioners)} ({regions})")
    return "\n".join(lines) + "\n"


def _backtest(args, library) -> str:
    for election in (args.baseline, args.election):
        if election not in library.elections:
            raise UsageError(f"unknown election {election!r}; known: {', '.join(library.elections)}")
    if args.compare:
        scores = track.compare_models(library, simulations=args.simulations, seed=args.seed)
        return track.render_comparison(scores)
    if args.coverage:
        return track.render_coverage(track.coverage_scores(library, simulations=args.simulations, seed=args.seed))
    runs = track.track_record(
        library,
        swing=args.swing,
        constituency_noise=args.constituency_noise,
        simulations=args.simulations,
        seed=args.seed,
        baseline=args.baseline,
        election=args.election,
        polling_error=args.polling_error,
    )
    if args.format == "csv":
        rows = track.track_record_rows(runs)
        return csv_text(list(rows[0]), (list(row.values()) for row in rows))
    return track.render_track_record(runs)


def _fit_polling_error(args, library) -> str:
    path = Path(args.data) / POLLING_ERROR_FILE
    fitted = fit_polling_error(library).error
    if args.check:
        if not polling_error_matches(load_polling_error(path), fitted):
            raise UsageError(f"{path} is not what the data give: run `python -m engine fit-polling-error`")
        return f"{path} matches the fit on the data.\n"
    path.write_text(polling_error_toml(fitted), encoding="utf-8")
    return f"Wrote {path}.\n\n" + render_candidates(compare_candidates(library))


def _fit_poll_average(args, library) -> str:
    # Imported here: the fit needs statsmodels, which no other command (and no page) loads.
    from .poll_average import stored_difference, write_poll_average
    from .poll_average.eve import EVIDENCE_FILE, evidence_csv, evidence_matches, load_evidence
    from .poll_average.evidence import eve_comparison, render_eve_comparison
    from .poll_average.files import TOLERANCE
    from .poll_average.fit import fit_poll_average

    fitted = fit_poll_average(library)
    eve = eve_comparison(library)
    evidence_path = Path(args.data) / EVIDENCE_FILE
    if args.check:
        difference = stored_difference(fitted, args.data)
        if not difference and not evidence_matches(load_evidence(evidence_path), eve, TOLERANCE):
            difference = f"{evidence_path} is not what the data give"
        if difference:
            raise UsageError(f"{difference}: run `python -m engine fit-poll-average`")
        return "The stored poll average, house effects and eve-of-election evidence match the fit on the data.\n"
    written = write_poll_average(fitted, args.data)
    evidence_path.write_text(evidence_csv(eve), encoding="utf-8")
    drift = ", ".join(f"{region} {value:.4g}" for region, value in fitted.drift.items())
    return (
        f"Wrote {written[0]} and {written[1]} (drift ω per region: {drift}).\n\n"
        "On the eve of each election, the average (fitted on what was known then) and the last poll against the result:\n\n"
        + render_eve_comparison(eve_comparison(library), library)
    )


def _seats_over_time(args, library) -> str:
    from .poll_average import POLL_AVERAGE_FILE, load_poll_average
    from .poll_average.seats_over_time import SEATS_OVER_TIME_FILE, seats_over_time, seats_over_time_csv

    average = load_poll_average(Path(args.data) / POLL_AVERAGE_FILE, library.parties)
    path = Path(args.data) / SEATS_OVER_TIME_FILE
    text = seats_over_time_csv(seats_over_time(library, average))
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            raise UsageError(f"{path} is not what the data give: run `python -m engine seats-over-time`")
        return f"{path} matches the projections of the data.\n"
    path.write_text(text, encoding="utf-8")
    return f"Wrote {path}.\n"


def _batch(args, library) -> str:
    from .poll_average.seats_over_time import SEATS_OVER_TIME_FILE, seats_over_time_csv

    if args.scheduler and args.workers is not None:
        raise UsageError("--workers sizes the local cluster: the cluster at --scheduler has its own")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if batch.POLLS in args.only:  # refused here rather than by every task
        _scenario(next(iter(library.polls.values())), simulations=args.simulations)
    from distributed import Client  # imported here: only this command starts a Dask cluster

    if args.scheduler:
        cluster, where = args.scheduler, f"the cluster at {args.scheduler}"
    else:
        cluster = batch.local_cluster(args.workers)
        where = f"a local cluster of {len(cluster.workers)} workers"
    try:
        with Client(cluster) as client:
            report = batch.run_batch(
                client,
                library,
                args.data,
                jobs=args.only,
                simulations=args.simulations,
                quick=args.quick,
                progress=None if args.quiet else sys.stderr,
            )
    finally:
        if not args.scheduler:
            cluster.close()
    written = None
    if report.seats_over_time is not None:
        written = Path(args.data) / SEATS_OVER_TIME_FILE
        written.write_text(seats_over_time_csv(report.seats_over_time), encoding="utf-8")
    return batch.render_batch(report, where, written)


def _jobs(text: str) -> tuple[str, ...]:
    jobs = tuple(dict.fromkeys(job.strip() for job in text.split(",") if job.strip()))
    if not jobs or any(job not in batch.JOBS for job in jobs):
        raise argparse.ArgumentTypeError(f"expected some of {','.join(batch.JOBS)}, got {text!r}")
    return jobs


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day like 2029-06-10, got {text!r}") from None


def _add_polling_error(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--polling-error",
        choices=POLLING_ERROR_MODELS,
        default=DEFAULT_POLLING_ERROR,
        help=f"{POLLING_ERROR_MODELS[0]} (default): the error of Belgian polls at past elections, fitted in "
        f"data/{POLLING_ERROR_FILE}; none: sampling error only, as the published analyses (docs/method.md §8)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of ``python -m engine``: seats, report, backtest, fit-polling-error, fit-poll-average, seats-over-time, batch and polls.

    Returns
    -------
    argparse.ArgumentParser
        A parser that raises `UsageError` instead of exiting; each subcommand sets ``run``, the
        function that takes the parsed arguments and the `Library` and returns the text to print.
    """
    parser = _Parser(prog="python -m engine", description="Seatcast: Belgian Chamber seat projections.")
    parser.add_argument("--data", default=str(DATA_DIR), help="data directory (default: the bundled data/)")
    parser.set_defaults(lang=DEFAULT_LANGUAGE)  # only the report is written in other languages
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    seats = commands.add_parser("seats", help="official seats by D'Hondt from an election's votes")
    seats.add_argument("--election", required=True, help="election date, e.g. 2024-06-09")
    seats.add_argument("--format", choices=("text", "csv"), default="text")
    seats.set_defaults(run=_seats)

    report = commands.add_parser("report", help="simulate a poll and print the report")
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("--poll", help="poll id, e.g. 2024-11-21-Ipsos (or election-2024-06-09)")
    source.add_argument("--poll-file", help="a poll file in the data/polls format")
    report.add_argument("--simulations", type=int, default=DEFAULT_SIMULATIONS)
    report.add_argument("--seed", type=int, default=DEFAULT_SEED)
    report.add_argument("--baseline", help="baseline election date (default: last before fieldwork)")
    report.add_argument("--swing", choices=SWING_MODELS, default=DEFAULT_SWING)
    report.add_argument(
        "--constituency-noise",
        type=float,
        default=DEFAULT_CONSTITUENCY_NOISE,
        help="sd of local swing noise (0 = the plain regional swing of docs/method.md §3.1)",
    )
    _add_polling_error(report)
    report.add_argument(
        "--election-day",
        type=_day,
        help="read the poll as a forecast of this election day (the polling error grows with the time to it); "
        "default: an election held when the fieldwork ended",
    )
    report.add_argument("--coalition", help="a coalition to report beside the presets, e.g. NVA+MR+CDV (registry keys)")
    report.add_argument(
        "--format", choices=FORMATS, default="markdown", help="csv-excel: ';'-separated, decimal comma, for Excel"
    )
    report.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of the Markdown report and the CSV's header and names: "
        + ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
        + f"; default {DEFAULT_LANGUAGE}. JSON stays the same in every language",
    )
    report.set_defaults(run=_report)

    backtest = commands.add_parser("backtest", help="project an election from the one before and score it")
    backtest.add_argument("--baseline", default=track.BASELINE, help=f"baseline election (default {track.BASELINE})")
    backtest.add_argument("--election", default=track.ELECTION, help=f"election to project (default {track.ELECTION})")
    backtest.add_argument("--swing", choices=SWING_MODELS, default=DEFAULT_SWING)
    backtest.add_argument(
        "--constituency-noise",
        type=float,
        default=DEFAULT_CONSTITUENCY_NOISE,
        help="sd of local swing noise (0 = the plain regional swing of docs/method.md §3.1)",
    )
    backtest.add_argument("--simulations", type=int, default=DEFAULT_SIMULATIONS)
    backtest.add_argument("--seed", type=int, default=DEFAULT_SEED)
    _add_polling_error(backtest)
    backtest.add_argument("--compare", action="store_true", help="compare swing models and noise levels")
    backtest.add_argument(
        "--coverage",
        action="store_true",
        help="coverage of each polling-error model on every scored election's final polls (leave one election out)",
    )
    backtest.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    backtest.set_defaults(run=_backtest)

    fit = commands.add_parser(
        "fit-polling-error",
        help=f"fit the polling error on the data's polls and elections into data/{POLLING_ERROR_FILE}, "
        "and compare the candidate models out of sample",
    )
    fit.add_argument("--check", action="store_true", help="only check that the stored file is what the data give")
    fit.set_defaults(run=_fit_polling_error)

    average = commands.add_parser(
        "fit-poll-average",
        help="fit the poll average with house effects into data/poll_average.csv and data/house_effects.csv, "
        "and compare it with the last poll on the eve of each election (docs/poll-average.md)",
    )
    average.add_argument("--check", action="store_true", help="only check that the stored files are what the data give")
    average.set_defaults(run=_fit_poll_average)

    over_time = commands.add_parser(
        "seats-over-time",
        help="project every poll and the poll average at each month's end into data/seats_over_time.csv "
        "(a few minutes)",
    )
    over_time.add_argument("--check", action="store_true", help="only check that the stored file is what the data give")
    over_time.set_defaults(run=_seats_over_time)

    batch_command = commands.add_parser(
        "batch",
        help="compute every poll as the app opens it, the seats over time and the track record's backtests on a "
        "Dask cluster, into the shared result store (SEATCAST_REDIS_URL, else SEATCAST_CACHE_DIR) and "
        "data/seats_over_time.csv; deploy steps warm the cache with it",
    )
    batch_command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)",
    )
    batch_command.add_argument(
        "--workers", type=int, help="worker processes of the local cluster (default: one per core)"
    )
    batch_command.add_argument(
        "--only",
        type=_jobs,
        default=batch.JOBS,
        metavar="JOBS",
        help=f"comma-separated, among {', '.join(batch.JOBS)} (default: all)",
    )
    batch_command.add_argument(
        "--simulations", type=int, default=DEFAULT_SIMULATIONS, help="per poll (default: the app's full run, 2^20)"
    )
    batch_command.add_argument(
        "--quick",
        action="store_true",
        help="also each poll's 2^16 runs the app shows first (the quick run and the sampling-only comparison)",
    )
    batch_command.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    batch_command.set_defaults(run=_batch)

    polls = commands.add_parser("polls", help="list the poll library, newest first")
    polls.set_defaults(run=_polls)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line: parse `argv`, load the data, print the command's output.

    Parameters
    ----------
    argv : list of str or None, default None
        The arguments after the program name; None reads `sys.argv`.

    Returns
    -------
    int
        The exit status: 0 on success, 2 after a one-line ``error: ...`` on stderr for a usage,
        data or I/O error. (``--help`` exits through `SystemExit` with status 0.)
    """
    try:
        args = build_parser().parse_args(argv)
        # The fit regenerates data/polling_error.toml: an outdated one must not stop it.
        library = load_library(args.data, polling_error=args.run is not _fit_polling_error)
        # A poll file's problems are reported in the report's language, as on the dashboard.
        with language(args.lang):
            sys.stdout.write(args.run(args, library))
        return 0
    except (UsageError, DataError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
