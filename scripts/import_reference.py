"""Copy the reference facts of ../shared/reference into data/ (the app never reads shared/).

    python scripts/import_reference.py [../shared/reference] [--data data]

Writes one pair per election (<data>/elections/<date>.toml + .csv) and one TOML file per poll
(<data>/polls/<fieldwork end>-<firm>.toml, the poll's id). The party registry, joint lists and
coalitions are curated by hand. Re-running it on the same reference rewrites the same files, byte
for byte (tests/test_import_reference.py checks that data/ is what it writes).

Sources: election results as published by the FPS Interior (2014, 2019, 2024), transcribed in the
SAPOR project's regional data files; polls of June 2014 – December 2018 and September 2019 – June
2025 from the apopod poll archive (ROPF), as published by the pollsters and their media.

Two rules for old polls whose record is incomplete (docs/method.md §2.7), never a silent guess:

- A poll with a region that gives no sample size is not imported, and the script says so: the
  model's uncertainty comes from the sample size (docs/method.md §2.2), so inventing one would
  invent the width of every interval. (2014-06-AQRate and 2017-06-27-Dedicated.)
- A fieldwork given only as a month ("2014-07") is imported as the whole month, first to last
  day, and the file says so with `fieldwork_precision = "month"`; the poll is then named after
  the month's last day (2014-07-31-AQRate).
"""

import argparse
import calendar
import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import tomli_w

DATA = Path(__file__).resolve().parent.parent / "data"
REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"

# The shared files key PVDA-PTB as one party; we keep its two lists apart (as the reports do).
PTB_BY_REGION = {"VLG": "PVDA", "WAL": "PTB", "BRU": "PTB"}
KEY_RENAMES = {"DÉFI": "DEFI"}

# Where a party that pollsters report in a region ran no list of its own there, the list it ran
# with (docs/method.md §2.4). An election without an entry here is not imported.
JOINT_LISTS = {
    # Groen and Ecolo filed one Brussels list for the Chamber, Groen third on it (De Standaard,
    # 25 October 2013, "Groen en Ecolo op één Brusselse lijst"); the results have no Groen list
    # in Brussels, while the Brussels polls of 2018 report Groen. sp.a, CD&V, Open Vld, N-VA and
    # VB had Brussels lists of their own.
    "2014-05-25": {"BRU": {"GROEN": "ECOLO"}},
    # Brussels 2019 had the joint lists Ecolo-Groen and PS-sp.a (docs/method.md §2.4).
    "2019-05-26": {"BRU": {"GROEN": "ECOLO", "VOORUIT": "PS"}},
    # The reference tool's mapping for Brussels 2024; Open Vld has no Brussels list in the data.
    "2024-06-09": {"BRU": {"GROEN": "ECOLO", "VOORUIT": "PS", "CDV": "LE"}},
}

POLL_SOURCE = "apopod poll archive (ROPF), as published by the pollster"
_MONTH = re.compile(r"\d{4}-\d{2}")


def our_key(key: str, region: str) -> str:
    if key == "PTBPVDA":
        return PTB_BY_REGION[region]
    return KEY_RENAMES.get(key, key)


def poll_id(fieldwork_end: date, firm: str) -> str:
    """The poll's id and file name, as `engine.domain.Poll.id` makes it."""
    return f"{fieldwork_end.isoformat()}-{re.sub(r'[^A-Za-z0-9]', '', firm)}"


def fieldwork(start: str, end: str) -> tuple[date, date, str]:
    """The fieldwork's first and last day and its precision ("day", or "month" for "2014-07")."""
    if _MONTH.fullmatch(start) and start == end:
        year, month = int(start[:4]), int(start[5:])
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), "month"
    return date.fromisoformat(start), date.fromisoformat(end), "day"


def import_elections(reference: Path, data: Path) -> list[str]:
    """Write the elections with curated joint lists; return the ids of those left out."""
    seats = defaultdict(dict)
    for row in csv.DictReader(open(reference / "chamber-seats-by-constituency.csv", encoding="utf-8")):
        seats[row["election"]][row["constituency"]] = {"region": row["region"], "seats": int(row["seats"])}
    votes = defaultdict(list)
    for row in csv.DictReader(open(reference / "chamber-results-by-constituency.csv", encoding="utf-8")):
        key = our_key(row["party_key"], row["region"]) if row["party_key"] else ""
        votes[row["election"]].append([row["constituency"], row["list_name"], key, row["votes"]])
    left_out = []
    for election, constituencies in seats.items():
        if election not in JOINT_LISTS:  # an election we do not carry yet (its joint lists unknown)
            left_out.append(election)
            continue
        meta = {
            "date": date.fromisoformat(election),
            "name": f"Chamber of Representatives, {election}",
            "source": "FPS Interior official results, as transcribed in the SAPOR project's "
            "regional data files (via shared/reference).",
            "constituencies": constituencies,
            "joint_lists": JOINT_LISTS[election],
        }
        (data / "elections" / f"{election}.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
        with open(data / "elections" / f"{election}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["constituency", "list_name", "party", "votes"])
            writer.writerows(votes[election])
    return left_out


def import_polls(reference: Path, data: Path) -> list[str]:
    """Write one file per poll; return why each poll left out was left out (one line each)."""
    polls: dict[str, dict] = {}
    missing_sample: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(open(reference / "be-polls.csv", encoding="utf-8")):
        if row["poll_id"] not in polls:
            start, end, precision = fieldwork(row["fieldwork_start"], row["fieldwork_end"])
            poll = {
                "firm": row["polling_firm"],
                "commissioners": [c.strip() for c in row["commissioners"].split(";")],
                "fieldwork_start": start,
                "fieldwork_end": end,
            }
            if precision != "day":
                poll["fieldwork_precision"] = precision
            polls[row["poll_id"]] = poll | {"source": POLL_SOURCE}
        poll = polls[row["poll_id"]]
        if not row["sample_size"].strip():
            if row["area"] not in missing_sample[row["poll_id"]]:
                missing_sample[row["poll_id"]].append(row["area"])
            continue
        region = poll.setdefault(row["area"], {"sample_size": int(row["sample_size"])})
        key = "+".join(our_key(k, row["area"]) for k in row["party"].split("+"))
        region[key] = float(row["share"])
    skipped = []
    for reference_id, poll in polls.items():
        if reference_id in missing_sample:
            regions = ", ".join(missing_sample[reference_id])
            skipped.append(f"{reference_id}: not imported, no sample size in {regions}")
            continue
        (data / "polls" / f"{poll_id(poll['fieldwork_end'], poll['firm'])}.toml").write_text(
            tomli_w.dumps(poll), encoding="utf-8"
        )
    return skipped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=REFERENCE, help="the shared reference folder")
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder to write (default: data/)")
    args = parser.parse_args(argv)
    for folder in ("elections", "polls"):
        (args.data / folder).mkdir(parents=True, exist_ok=True)
    for election in import_elections(args.reference, args.data):
        print(f"election {election}: not imported, its joint lists are not curated (JOINT_LISTS)")
    for line in import_polls(args.reference, args.data):
        print(f"poll {line}")


if __name__ == "__main__":
    main()
