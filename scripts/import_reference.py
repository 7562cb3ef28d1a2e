"""Copy the reference facts of ../shared/reference into data/ (run once; the app never reads shared/).

    python scripts/import_reference.py ../shared/reference

Writes one folder-free pair per election (data/elections/<date>.toml + .csv) and one TOML file per
poll (data/polls/<poll id>.toml). The party registry, joint lists and coalitions are curated by hand.
"""

import csv
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import tomli_w

DATA = Path(__file__).resolve().parent.parent / "data"

# The shared files key PVDA-PTB as one party; we keep its two lists apart (as the reports do).
PTB_BY_REGION = {"VLG": "PVDA", "WAL": "PTB", "BRU": "PTB"}
KEY_RENAMES = {"DÉFI": "DEFI"}

JOINT_LISTS = {
    # Brussels 2019 had the joint lists Ecolo-Groen and PS-sp.a (docs/method.md §2.4).
    "2019-05-26": {"BRU": {"GROEN": "ECOLO", "VOORUIT": "PS"}},
    # The reference tool's mapping for Brussels 2024; Open Vld has no Brussels list in the data.
    "2024-06-09": {"BRU": {"GROEN": "ECOLO", "VOORUIT": "PS", "CDV": "LE"}},
}


def our_key(key: str, region: str) -> str:
    if key == "PTBPVDA":
        return PTB_BY_REGION[region]
    return KEY_RENAMES.get(key, key)


def import_elections(reference: Path) -> None:
    seats = defaultdict(dict)
    for row in csv.DictReader(open(reference / "chamber-seats-by-constituency.csv", encoding="utf-8")):
        seats[row["election"]][row["constituency"]] = {"region": row["region"], "seats": int(row["seats"])}
    votes = defaultdict(list)
    for row in csv.DictReader(open(reference / "chamber-results-by-constituency.csv", encoding="utf-8")):
        key = our_key(row["party_key"], row["region"]) if row["party_key"] else ""
        votes[row["election"]].append([row["constituency"], row["list_name"], key, row["votes"]])
    for election, constituencies in seats.items():
        if election not in JOINT_LISTS:  # an election we do not carry yet (its joint lists unknown)
            continue
        meta = {
            "date": date.fromisoformat(election),
            "name": f"Chamber of Representatives, {election}",
            "source": "FPS Interior official results, as transcribed in the SAPOR project's "
            "regional data files (via shared/reference).",
            "constituencies": constituencies,
            "joint_lists": JOINT_LISTS[election],
        }
        (DATA / "elections" / f"{election}.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
        with open(DATA / "elections" / f"{election}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["constituency", "list_name", "party", "votes"])
            writer.writerows(votes[election])


def import_polls(reference: Path) -> None:
    polls: dict[str, dict] = {}
    for row in csv.DictReader(open(reference / "be-polls.csv", encoding="utf-8")):
        poll = polls.setdefault(
            row["poll_id"],
            {
                "firm": row["polling_firm"],
                "commissioners": [c.strip() for c in row["commissioners"].split(";")],
                "fieldwork_start": date.fromisoformat(row["fieldwork_start"]),
                "fieldwork_end": date.fromisoformat(row["fieldwork_end"]),
                "source": "apopod poll archive (ROPF), as published by the pollster",
            },
        )
        region = poll.setdefault(row["area"], {"sample_size": int(row["sample_size"])})
        key = "+".join(our_key(k, row["area"]) for k in row["party"].split("+"))
        region[key] = float(row["share"])
    for poll_id, poll in polls.items():
        (DATA / "polls" / f"{poll_id}.toml").write_text(tomli_w.dumps(poll), encoding="utf-8")


if __name__ == "__main__":
    reference = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
    import_elections(reference)
    import_polls(reference)
