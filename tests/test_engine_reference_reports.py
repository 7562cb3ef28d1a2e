"""Against the two published reports (outside oracle): medians and 95 % intervals within ±1 seat,
majority probabilities within 5 percentage points (docs/method.md §4)."""

import re
from pathlib import Path

import pytest

from engine import REGIONS, Scenario, simulate, with_region

ORACLE = Path(__file__).parent / "oracle"
ABBREVIATIONS = {
    "N-VA": "NVA", "VB": "VB", "MR": "MR", "Vooruit": "VOORUIT", "PS": "PS", "CD&V": "CDV", "CDV": "CDV",
    "LE": "LE", "PTB": "PTB", "PVDA": "PVDA", "Open Vld": "OPENVLD", "Groen": "GROEN", "Ecolo": "ECOLO",
    "DéFI": "DEFI", "Chez Nous": "CHEZNOUS", "TFA": "TFA",
}  # fmt: skip
NAMES = {
    "Nieuw-Vlaamse Alliantie": "NVA", "Vlaams Belang": "VB", "Mouvement Réformateur": "MR", "Vooruit": "VOORUIT",
    "Parti Socialiste": "PS", "Christen-Democratisch en Vlaams": "CDV", "Les Engagés": "LE",
    "Parti du Travail de Belgique": "PTB", "Partij van de Arbeid van België": "PVDA",
    "Open Vlaamse Liberalen en Democraten": "OPENVLD", "Groen": "GROEN", "Ecolo": "ECOLO", "DéFI": "DEFI",
    "Chez Nous": "CHEZNOUS", "Team Fouad Ahidar": "TFA",
}  # fmt: skip


def table_after(text: str, heading: str) -> list[list[str]]:
    """Rows of the first Markdown table after `heading` (cells stripped, header dropped)."""
    section = text[text.index(heading) :]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("|"):
            rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]


def interval(cell: str) -> tuple[int, int]:
    lo, _, hi = cell.partition("–")
    return int(lo), int(hi or lo)


def report(name: str):
    text = (ORACLE / f"{name}.md").read_text(encoding="utf-8")
    seats = {NAMES[r[0]]: (int(r[2]), interval(r[5])) for r in table_after(text, "## Seats")}
    coalitions = {
        frozenset(NAMES[p.strip()] for p in r[0].split("–")): float(r[3].rstrip("%")) / 100
        for r in table_after(text, "## Coalitions")
    }
    return seats, coalitions


@pytest.fixture(scope="module")
def ipsos_2023(library):
    """The 2023 report covered Flanders and Wallonia only and counted Brussels as zero seats."""
    poll = with_region(library.polls["2023-06-06-Ipsos"], None, "BRU")
    return simulate(Scenario(poll, simulations=2**18, constituency_noise=0.0, polling_error="none"), library)


def test_2024_11_21_seat_medians_and_95_intervals_within_one_seat(ipsos_2024):
    seats, _ = report("2024-11-21-Ipsos")
    for key, (median, (lo, hi)) in seats.items():
        ours = ipsos_2024.party(key).seats
        assert abs(ours.median - median) <= 1, key
        ours_lo, ours_hi = ours.interval(95)
        assert abs(ours_lo - lo) <= 1 and abs(ours_hi - hi) <= 1, key


def test_2024_11_21_coalition_majority_probabilities_within_five_points(ipsos_2024):
    _, coalitions = report("2024-11-21-Ipsos")
    assert len(coalitions) == 17
    for parties, probability in coalitions.items():
        ours = ipsos_2024.coalition(parties).majority_probability.value
        assert abs(ours - probability) <= 0.05, sorted(parties)


def test_2023_06_06_seats_in_flanders_and_wallonia_within_one_seat(ipsos_2023):
    from engine.summaries import SeatDistribution

    seats, _ = report("2023-06-06-Ipsos")
    for key, (median, (lo, hi)) in seats.items():
        ours = SeatDistribution.from_draws(ipsos_2023.seats([key], ("VLG", "WAL")))
        assert abs(ours.median - median) <= 1, key
        ours_lo, ours_hi = ours.interval(95)
        assert abs(ours_lo - lo) <= 1 and abs(ours_hi - hi) <= 1, key


def test_2023_06_06_coalitions_as_that_report_counted_them_within_five_points(ipsos_2023):
    _, coalitions = report("2023-06-06-Ipsos")
    assert len(coalitions) == 16
    for parties, probability in coalitions.items():
        seats = ipsos_2023.seats(parties, ("VLG", "WAL"))
        ours = float((seats >= 76).mean())
        assert abs(ours - probability) <= 0.05, sorted(parties)


def test_a_region_missing_from_the_poll_keeps_its_baseline_seats(ipsos_2023):
    # Unlike that report: Brussels is not zero, it keeps the 2019 result in every simulation.
    brussels = ipsos_2023.seats(ipsos_2023.model.parties, ("BRU",))
    assert (brussels == 15).all()
    assert (ipsos_2023.seats(ipsos_2023.model.parties, REGIONS) == 150).all()
    assert (ipsos_2023.seats(["PS"], ("BRU",)) == 3).all()  # PS won 3 of Brussels' 15 seats in 2019
