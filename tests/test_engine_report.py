"""The report in its three formats, and the command line's behaviour on bad input."""

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from engine import render
from engine.formatting import escape_markdown, percent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True)


def test_json_report_has_the_stable_shape(ipsos_2024):
    report = json.loads(render(ipsos_2024, "json"))
    assert {"poll", "simulations", "seed", "parties", "coalitions", "constituencies"} <= set(report)
    nva = next(p for p in report["parties"] if p["key"] == "NVA")
    assert nva["name"] == "Nieuw-Vlaamse Alliantie"
    assert set(nva["vote_share"]["intervals"]) == {"80", "90", "95", "99"}
    lo, hi = nva["vote_share"]["intervals"]["95"]
    assert lo <= nva["vote_share"]["estimate"] <= hi
    assert nva["seats"]["last_result"] == 24
    assert sum(nva["seats"]["pmf"].values()) == pytest.approx(1.0)
    arizona = next(c for c in report["coalitions"] if c["name"] == "Arizona")
    assert arizona["parties"] == ["NVA", "MR", "LE", "VOORUIT", "CDV"]
    assert arizona["majority_probability"] == pytest.approx(
        sum(p for s, p in arizona["seats"]["pmf"].items() if int(s) >= 76)
    )


def test_markdown_report_covers_every_section_of_the_reference_reports(ipsos_2024):
    text = render(ipsos_2024, "markdown")
    for heading in ("## Voting Intentions", "## Seats", "## Coalitions", "## Technical Information", "### Arizona"):
        assert heading in text
    assert text.startswith(
        "# Opinion Poll by Ipsos for Het Laatste Nieuws, Le Soir, RTL TVi and VTM, 18–21 November 2024"
    )
    # Last result and median; † because the poll does not name N-VA in Wallonia (1.9 % there in 2024).
    assert "| Nieuw-Vlaamse Alliantie † | 24 | 24 |" in text
    nva_pmf = text[text.index("### Nieuw-Vlaamse Alliantie") :]
    assert re.search(r"^\| 24 \| [^|]+ \| [^|]+ \| Last Result, Median \|$", nva_pmf, re.M)
    arizona_pmf = text[text.index("### Arizona") :]
    assert re.search(r"^\| 76 \| [^|]+ \| [^|]+ \| Majority \|$", arizona_pmf, re.M)
    assert "+ **Simulations done:** 262,144" in text


def test_csv_report_lists_every_pmf_summing_to_one(ipsos_2024):
    rows = list(csv.DictReader(io.StringIO(render(ipsos_2024, "csv"))))
    totals = {}
    for r in rows:
        totals[(r["kind"], r["name"])] = totals.get((r["kind"], r["name"]), 0) + float(r["probability"])
    assert {k for k, _ in totals} == {"party", "coalition", "constituency"}
    assert all(t == pytest.approx(1.0, abs=1e-4) for t in totals.values())


def test_percent_formats_like_the_reference_reports():
    assert [percent(p) for p in (0, 0.0004, 0.004, 0.09, 0.41, 0.996, 0.99999, 1)] == [
        "0%", "<0.1%", "0.4%", "9.0%", "41%", "99.6%", ">99.9%", "100%",
    ]  # fmt: skip


def test_markdown_escaping_neutralises_links_and_html():
    hostile = "[click](javascript:alert(1)) <script>x</script> | *bold*"
    escaped = escape_markdown(hostile)
    assert "<script>" not in escaped and "](" not in escaped and "| *" not in escaped


def test_cli_report_json_for_a_library_poll():
    done = run_cli("report", "--poll", "2024-11-21-Ipsos", "--simulations", "4096", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["simulations"] == 4096 and report["poll"]["id"] == "2024-11-21-Ipsos"


def test_cli_is_deterministic_for_a_seed():
    args = ("report", "--poll", "2023-06-06-Ipsos", "--simulations", "8192", "--seed", "11", "--format", "csv")
    assert run_cli(*args).stdout == run_cli(*args).stdout


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--poll", "2099-01-01-Nobody"),
        ("report", "--poll", "2024-11-21-Ipsos", "--simulations", "0"),
        ("report", "--poll", "2024-11-21-Ipsos", "--simulations", "many"),
        ("report", "--poll-file", "/nonexistent.toml"),
        ("seats", "--election", "1830-10-04"),
        ("frobnicate",),
        (),
    ],
)
def test_cli_bad_arguments_give_one_line_and_a_nonzero_exit(args):
    done = run_cli(*args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error:")


def test_cli_malformed_poll_file_names_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'firm = "X"\nfieldwork_start = 2024-11-01\nfieldwork_end = 2024-11-02\n[VLG]\nsample_size = 500\nNVX = 20\n'
    )
    done = run_cli("report", "--poll-file", str(path), "--simulations", "1024")
    assert done.returncode == 2
    assert f"{path}, line 6, VLG.NVX: unknown party 'NVX'" in done.stderr


def test_cli_polls_lists_the_library_one_line_each(library):
    lines = run_cli("polls").stdout.strip().splitlines()
    assert len(lines) == len(library.polls) == 77 and lines[0].startswith("2025-06-03-Ipsos")


def test_an_election_result_report_says_so_in_its_title():
    done = run_cli("report", "--poll", "election-2019-05-26", "--simulations", "2048")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Election Result of 26 May 2019 Read as a Poll")


CUSTOM = ("NVA", "VB", "CDV")  # not a preset coalition


def test_a_custom_coalition_is_in_every_format_with_its_own_seat_sums(ipsos_2024):
    assert all(set(c.parties) != set(CUSTOM) for c in ipsos_2024.coalitions)
    expected = int(((ipsos_2024.seats(CUSTOM)) >= 76).sum()) / ipsos_2024.simulations
    report = json.loads(render(ipsos_2024, "json", CUSTOM))
    first = report["coalitions"][0]
    assert first["parties"] == list(CUSTOM) and first["majority_probability"] == pytest.approx(expected)
    assert len(report["coalitions"]) == len(ipsos_2024.coalitions) + 1
    assert "### N-VA – VB – CD" in render(ipsos_2024, "markdown", CUSTOM)
    rows = list(csv.DictReader(io.StringIO(render(ipsos_2024, "csv", CUSTOM))))
    assert {r["key"] for r in rows if r["kind"] == "coalition"} >= {"+".join(CUSTOM)}


def test_a_preset_coalition_on_display_is_not_repeated(ipsos_2024):
    arizona = ("CDV", "NVA", "MR", "LE", "VOORUIT")  # the preset's parties in another order
    assert render(ipsos_2024, "json", arizona) == render(ipsos_2024, "json")


def test_the_excel_csv_opens_in_belgian_excel_with_the_same_numbers(ipsos_2024):
    plain = render(ipsos_2024, "csv")
    excel = render(ipsos_2024, "csv-excel")
    assert excel.encode("utf-8").startswith(b"\xef\xbb\xbf") and not plain.startswith("\ufeff")
    plain_rows = list(csv.reader(io.StringIO(plain)))
    excel_rows = list(csv.reader(io.StringIO(excel.removeprefix("\ufeff")), delimiter=";"))
    assert len(plain_rows) == len(excel_rows)
    for a, b in zip(plain_rows[1:], excel_rows[1:], strict=True):
        assert a[:4] == b[:4] and float(a[4]) == float(b[4].replace(",", "."))
    assert any("Liège" in row[1] for row in excel_rows)


def test_the_report_marks_parties_held_at_their_last_result(library):
    from engine import Scenario, simulate

    result = simulate(Scenario(library.polls["2024-11-21-Ipsos"], simulations=4096), library)
    text = render(result, "markdown")
    defi = result.party("DEFI")
    assert defi.held_at_last_result  # the poll names DéFI nowhere
    assert "| DéFI † |" in text and "Held at the 2024-06-09 result" in text
    named_everywhere = [p for p in result.parties if not p.held_at_last_result]
    assert named_everywhere and all(f"| {p.name} |" in text for p in named_everywhere)


def test_a_month_only_poll_reads_as_its_month_in_the_report(library):
    from engine import Scenario, simulate

    (month_only,) = [p for p in library.polls.values() if p.fieldwork_precision == "month"]
    text = render(simulate(Scenario(month_only, simulations=2048), library), "markdown")
    assert text.splitlines()[0].endswith(", " + escape_markdown("July 2014 (month only)"))  # the title is escaped
    assert "+ **Fieldwork period:** July 2014 (month only)" in text
    assert "1–31 July 2014" not in text


def _report_cli(lang: str) -> str:
    done = run_cli(
        "report", "--poll", "2024-11-21-Ipsos", "--simulations", "16384", "--lang", lang, "--format", "markdown"
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_french_report_has_the_english_numbers_with_a_decimal_comma():
    english, french = _report_cli("en"), _report_cli("fr")
    assert french.startswith("# Sondage Ipsos pour Het Laatste Nieuws, Le Soir, RTL TVi et VTM, 18–21 novembre 2024")
    english_headings = {line for line in english.splitlines() if line.startswith("## ")}
    english_headings |= {
        "### Opinion Poll",
        "### Calculations",
        "| Number of Seats | Probability | Accumulated | Special Marks |",
    }
    english_headings.remove("## Coalitions")  # the same word in French
    assert len(english_headings) == 7 and not english_headings & set(french.splitlines())
    assert "## Sièges" in french and "### Bruxelles-Capitale (16 sièges)" in french and "### Suédoise" in french
    # Line by line, every table cell with a percentage (probabilities, shares, intervals) is the
    # English one written the French way: "<0.1%" is "<0,1 %", "12.7–18.6%" is "12,7–18,6 %".
    en_lines, fr_lines = english.splitlines(), french.splitlines()
    assert len(en_lines) == len(fr_lines)
    compared = 0
    for en_line, fr_line in zip(en_lines, fr_lines, strict=True):
        if not en_line.startswith("|"):
            continue
        for en_cell, fr_cell in zip(en_line.split("|"), fr_line.split("|"), strict=True):
            if re.fullmatch(r" [<>]?[\d.]+(–[\d.]+)?% ", en_cell):
                assert fr_cell == en_cell.replace(".", ",").replace("%", "\u00a0%"), (en_line, fr_line)
                compared += 1
    assert compared > 2000


def test_the_csv_header_and_names_follow_the_language_and_the_numbers_do_not(ipsos_2024):
    from engine.i18n import language

    english = list(csv.reader(io.StringIO(render(ipsos_2024, "csv"))))
    with language("nl"):
        dutch = list(csv.reader(io.StringIO(render(ipsos_2024, "csv"))))
        json_nl = render(ipsos_2024, "json")
    assert dutch[0] == ["soort", "naam", "sleutel", "zetels", "kans"] and english[0] == [
        "kind", "name", "key", "seats", "probability",
    ]  # fmt: skip
    assert [row[2:] for row in dutch][1:] == [row[2:] for row in english][1:]
    assert any(row[1].startswith("Brussel-Hoofdstad: ") for row in dutch)
    assert any(row[1] == "Zweedse coalitie" for row in dutch)
    assert json_nl == render(ipsos_2024, "json")  # JSON is for machines: the same in every language


def test_the_cli_names_the_languages_in_its_help():
    done = run_cli("report", "--help")
    assert "--lang {nl,fr,en}" in done.stdout and "default en" in done.stdout


def test_an_uploaded_poll_file_is_refused_in_the_reports_language(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'firm = "X"\nfieldwork_start = 2024-11-01\nfieldwork_end = 2024-11-02\n[VLG]\nsample_size = 500\nNVX = 20\n'
    )
    done = run_cli("report", "--poll-file", str(path), "--simulations", "1024", "--lang", "nl")
    assert done.returncode == 2
    assert f"{path}, regel 6, VLG.NVX: onbekende partij 'NVX'" in done.stderr
