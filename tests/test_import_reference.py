"""scripts/import_reference.py: data/ is what it writes from the shared reference, and its two
rules for incomplete old polls (docs/method.md §2.7) hold."""

import filecmp
import importlib.util
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = ROOT.parent / "shared" / "reference"
HEADER = (
    "poll_id,polling_firm,commissioners,fieldwork_start,fieldwork_end,publication_date,area,sample_size,party,share\n"
)

spec = importlib.util.spec_from_file_location("import_reference", ROOT / "scripts" / "import_reference.py")
import_reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_reference)


def test_importing_the_reference_again_rewrites_data_byte_for_byte(tmp_path, capsys):
    import_reference.main([str(REFERENCE), "--data", str(tmp_path)])
    for folder in ("elections", "polls"):
        written = sorted(p.name for p in (tmp_path / folder).iterdir())
        assert written == sorted(p.name for p in (DATA / folder).iterdir()), folder
        _, different, errors = filecmp.cmpfiles(tmp_path / folder, DATA / folder, written, shallow=False)
        assert different == errors == [], folder
    said = capsys.readouterr().out.splitlines()
    assert said == [
        "poll 2017-06-27-Dedicated: not imported, no sample size in VLG",
        "poll 2014-06-AQRate: not imported, no sample size in VLG",
    ]


def _reference(tmp_path: Path, polls: str) -> Path:
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "chamber-seats-by-constituency.csv").write_text("election,region,constituency,seats\n")
    (reference / "chamber-results-by-constituency.csv").write_text(
        "election,region,constituency,list_name,party_key,votes\n"
    )
    (reference / "be-polls.csv").write_text(HEADER + polls, encoding="utf-8")
    return reference


def test_a_poll_without_a_sample_size_is_not_imported_and_the_script_says_so(tmp_path, capsys):
    reference = _reference(
        tmp_path,
        "2016-01-20-Firm,Firm,Paper,2016-01-15,2016-01-20,,VLG,1000,NVA,30.0\n"
        "2016-02-20-Firm,Firm,Paper,2016-02-15,2016-02-20,,VLG,1000,NVA,30.0\n"
        "2016-02-20-Firm,Firm,Paper,2016-02-15,2016-02-20,,WAL,,PS,25.0\n",
    )
    import_reference.main([str(reference), "--data", str(tmp_path / "data")])
    assert [p.name for p in (tmp_path / "data" / "polls").iterdir()] == ["2016-01-20-Firm.toml"]
    assert capsys.readouterr().out == "poll 2016-02-20-Firm: not imported, no sample size in WAL\n"


def test_a_fieldwork_given_as_a_month_becomes_the_whole_month_marked_as_such(tmp_path):
    from engine import load_library, parse_poll

    reference = _reference(
        tmp_path,
        "2016-02-Firm,Firm,Paper,2016-02,2016-02,,VLG,900,NVA,30.0\n"
        "2016-02-Firm,Firm,Paper,2016-02,2016-02,,VLG,900,CDV,20.0\n"
        "2016-02-Firm,Firm,Paper,2016-02,2016-02,,VLG,900,PTBPVDA,5.0\n",
    )
    import_reference.main([str(reference), "--data", str(tmp_path / "data")])
    path = tmp_path / "data" / "polls" / "2016-02-29-Firm.toml"  # a leap year
    poll = parse_poll(path.read_text(encoding="utf-8"), str(path), load_library())
    assert (poll.fieldwork_start, poll.fieldwork_end, poll.fieldwork_precision) == (
        date(2016, 2, 1),
        date(2016, 2, 29),
        "month",
    )
    assert poll.id == path.stem
    assert poll.region("VLG").shares == (("NVA", 30.0), ("CDV", 20.0), ("PVDA", 5.0))


def test_only_a_bare_year_and_month_on_both_ends_reads_as_a_month():
    assert import_reference.fieldwork("2014-07", "2014-07") == (date(2014, 7, 1), date(2014, 7, 31), "month")
    assert import_reference.fieldwork("2014-07-03", "2014-07-09") == (date(2014, 7, 3), date(2014, 7, 9), "day")
    with pytest.raises(ValueError):
        import_reference.fieldwork("2014-07", "2014-08-02")  # no silent guess at a mixed record
