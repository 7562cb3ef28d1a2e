"""Data files load and validate; a wrong file gets an error naming file, line and field."""

import shutil
from pathlib import Path

import pytest

from engine import DataError, load_library, parse_poll, poll_to_toml

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = """firm = "Test"
commissioners = ["Paper"]
fieldwork_start = 2024-11-01
fieldwork_end = 2024-11-05

[VLG]
sample_size = 1000
NVA = 25.0
VB = 24.0
VOORUIT = 14.0
"""


def test_the_library_holds_all_seventy_seven_polls_newest_first(library):
    # be-polls.csv has 79 polls; the two without a sample size are not imported (docs/method.md §2.7).
    assert len(library.polls) == 77
    ends = [p.fieldwork_end for p in library.polls.values()]
    assert ends == sorted(ends, reverse=True)
    assert "2024-11-21-Ipsos" in library.polls and "2025-03-24-UniversiteitAntwerpenULB" in library.polls


def test_poll_files_are_named_after_their_id(library):
    assert {p.stem for p in (DATA / "polls").glob("*.toml")} == set(library.polls)


def test_every_poll_reproduces_the_shared_csv_shares(library):
    poll = library.polls["2024-11-21-Ipsos"]
    assert poll.region("BRU").sample_size == 591
    assert poll.region("BRU").share("PTB") == 20.9
    assert poll.region("VLG").share("PVDA") == 7.9
    assert poll.commissioners == ("Het Laatste Nieuws", "Le Soir", "RTL TVi", "VTM")


def test_a_poll_round_trips_through_its_file_format(library):
    for poll in library.polls.values():
        assert parse_poll(poll_to_toml(poll), "round trip", library) == poll


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (GOOD.replace("VB = 24.0", "VBB = 24.0"), 9, "VLG.VBB", "unknown party"),
        (GOOD.replace("NVA = 25.0", "NVA = 125.0"), 8, "VLG.NVA", "between 0 and 100"),
        (GOOD.replace("NVA = 25.0", "NVA = -1"), 8, "VLG.NVA", "between 0 and 100"),
        (GOOD.replace("NVA = 25.0", 'NVA = "25"'), 8, "VLG.NVA", "expected"),
        (GOOD.replace("sample_size = 1000", "sample_size = 0"), 7, "VLG.sample_size", "between 50"),
        (GOOD.replace("2024-11-01", "2024-12-01"), 3, "fieldwork_start", "after"),
        (GOOD.replace('firm = "Test"\n', ""), None, "firm", "missing"),
        (GOOD.replace("NVA = 25.0", "NVA = 25.0\nNVA = 26.0"), 9, "", "not valid TOML"),
        (GOOD.replace("[VLG]", "[FLANDERS]"), 6, "FLANDERS", "unknown field"),
        (GOOD.replace("2024-11-01", "2024-11-01T09:00:00"), 3, "fieldwork_start", "not a date and time"),
        ("a = " + "[" * 600 + "]" * 600, None, "", "nested too deep"),
        (GOOD.replace("fieldwork_end = 2024-11-05", "fieldwork_end = 2205-01-01"), 4, "fieldwork_end", "future"),
        (GOOD.replace("VB = 24.0", "PS = 24.0"), 9, "VLG.PS", "fields no list in Flanders"),
        (GOOD + '"OTHER+NVA" = 3.0\n', 11, "VLG.OTHER+NVA", "pair"),
        (GOOD.replace("sample_size = 1000", "sample_size = 20"), 7, "VLG.sample_size", "between 50"),
        (GOOD.replace("NVA = 25.0", "NVA = 95.0").replace("VB = 24.0", "VB = 40.0"), 6, "VLG", "add up"),
        (
            GOOD.replace("2024-11-05\n", '2024-11-05\nfieldwork_precision = "month"\n'),
            5,
            "fieldwork_precision",
            "first to its last day",
        ),
        (
            GOOD.replace("2024-11-05\n", '2024-11-05\nfieldwork_precision = "week"\n'),
            5,
            "fieldwork_precision",
            "'day' or 'month'",
        ),
    ],
)
def test_a_wrong_poll_file_names_file_line_and_field(library, text, line, field, words):
    with pytest.raises(DataError) as caught:
        parse_poll(text, "data/polls/test.toml", library)
    error = caught.value
    assert error.source == "data/polls/test.toml"
    assert error.line == line
    assert error.field == field
    assert words in str(error)
    assert str(error).startswith("data/polls/test.toml")


def test_a_wrong_election_csv_names_its_line(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    csv_path = copy / "elections" / "2024-06-09.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ",many"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"2024-06-09\.csv, line 5, votes: not a whole number"):
        load_library(copy)


def test_a_duplicate_poll_id_is_refused(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    shutil.copy(copy / "polls" / "2024-11-21-Ipsos.toml", copy / "polls" / "copy.toml")
    with pytest.raises(DataError, match="already used"):
        load_library(copy)


def test_adding_a_poll_is_adding_one_file(tmp_path, library):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "polls" / "2024-11-05-Test.toml").write_text(GOOD, encoding="utf-8")
    assert load_library(copy).polls["2024-11-05-Test"].region("VLG").share("NVA") == 25.0


def test_the_party_registry_carries_the_lineage(library):
    from datetime import date

    assert library.parties["VOORUIT"].abbreviation_on(date(2019, 5, 26)) == "sp.a"
    assert library.parties["VOORUIT"].name_on(date(2024, 6, 9)) == "Vooruit"
    assert library.parties["LE"].abbreviation_on(date(2019, 5, 26)) == "cdH"
    assert library.parties["DEFI"].name_on(date(2014, 5, 25)) == "Fédéralistes Démocrates Francophones"
    assert library.parties["DEFI"].abbreviation_on(date(2015, 11, 12)) == "FDF"
    assert library.parties["DEFI"].abbreviation_on(date(2015, 11, 13)) == "DéFI"
    assert library.parties["OPENVLD"].name_on(date(2024, 11, 21)) == "Open Vlaamse Liberalen en Democraten"
    assert library.parties["OPENVLD"].name_on(date(2026, 2, 1)) == "Anders"


def test_polls_of_2014_to_2018_take_the_2014_election_as_their_baseline(library):
    old = [p for p in library.polls.values() if p.fieldwork_end.year <= 2018]
    assert len(old) == 37
    assert {library.baseline_for(p).id for p in old} == {"2014-05-25"}
    assert {library.baseline_for(p).id for p in library.polls.values() if p.fieldwork_start.year >= 2019} == {
        "2019-05-26",
        "2024-06-09",
    }


def test_a_fieldwork_given_only_as_a_month_is_the_whole_month_and_says_so(library):
    from datetime import date

    poll = library.polls["2014-07-31-AQRate"]  # "2014-07" in be-polls.csv
    assert (poll.fieldwork_start, poll.fieldwork_end) == (date(2014, 7, 1), date(2014, 7, 31))
    assert poll.fieldwork_precision == "month"
    assert 'fieldwork_precision = "month"' in poll_to_toml(poll)
    others = [p for p in library.polls.values() if p is not poll]
    assert {p.fieldwork_precision for p in others} == {"day"}
    assert all("fieldwork_precision" not in poll_to_toml(p) for p in others)


def test_every_list_with_a_registry_key_runs_where_the_registry_says(library):
    # A list in a region outside its party's `regions` could not be polled there (validation
    # refuses a party that fields no list in the region): FDF ran in Vlaams-Brabant in 2014.
    for election in library.elections.values():
        for row in election.results:
            if row.party:
                region = election.region_of(row.constituency)
                assert region in library.parties[row.party].regions, (election.id, row.constituency, row.party)


def test_brussels_groen_ran_on_the_ecolo_list_in_2014(library):
    election = library.elections["2014-05-25"]
    assert election.joint_list("BRU", "GROEN") == "ECOLO"
    assert "GROEN" not in election.regional_votes("BRU")


def test_coalition_presets_use_registry_keys_and_include_the_journalists_names(library):
    names = {c.name for c in library.coalitions}
    assert {"Arizona", "Vivaldi", "Zweeds", "Jamaica", "Tripartite", "Paars", "Bourgondisch", "Rooms-rood"} <= names
    assert all(k in library.parties for c in library.coalitions for k in c.parties)


def test_a_file_saved_with_a_byte_order_mark_reads_like_any_other(library):
    assert parse_poll("\ufeff" + GOOD, "notepad.toml", library) == parse_poll(GOOD, "plain.toml", library)


def test_a_family_entry_in_a_file_counts_for_the_familys_list_in_the_region(library):
    poll = parse_poll(GOOD.replace("VB = 24.0", "VB = 24.0\nPTB = 7.9"), "ptb.toml", library)
    assert poll.region("VLG").share("PVDA") == 7.9 and poll.region("VLG").share("PTB") is None


def _cielab(colour: str) -> tuple[float, float, float]:
    """sRGB hex to CIELAB (D65), the standard formulas (IEC 61966-2-1, CIE 1976)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    ]
    r, g, b = linear
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_the_three_red_parties_are_told_apart_in_charts(library):
    import math

    colour = {k: _cielab(p.colour) for k, p in library.parties.items()}
    # A CIE76 difference above about 20 reads as another colour, not a shade of the same one.
    assert math.dist(colour["PS"], colour["PVDA"]) > 25 and math.dist(colour["PS"], colour["PTB"]) > 25
    assert math.dist(colour["PVDA"], colour["PTB"]) > 10  # one party, two lists: related but distinct


def test_coalitions_carry_the_names_the_press_uses_in_each_language(library):
    swedish = next(c for c in library.coalitions if c.name == "Zweeds")
    assert (swedish.name_in("nl"), swedish.name_in("fr"), swedish.name_in("en")) == (
        "Zweedse coalitie",
        "Suédoise",
        "Swedish coalition",
    )
    arizona = next(c for c in library.coalitions if c.name == "Arizona")
    assert {arizona.name_in(lang) for lang in ("nl", "fr", "en")} == {"Arizona"}
    assert arizona.note_in("fr").startswith("gouvernement De Wever") and arizona.note == arizona.note_in("en")
    assert all(c.name_in(lang) for c in library.coalitions for lang in ("nl", "fr", "en"))


def test_every_constituency_has_its_name_in_each_language(library):
    brussels = "Bruxelles-Capitale / Brussel-Hoofdstad"
    assert [library.constituency_name(brussels, lang) for lang in ("nl", "fr", "en")] == [
        "Brussel-Hoofdstad",
        "Bruxelles-Capitale",
        "Brussels-Capital",
    ]
    assert [library.constituency_name("Liège", lang) for lang in ("nl", "fr", "en")] == ["Luik", "Liège", "Liège"]
    assert library.constituency_name("Antwerpen", "fr") == "Anvers"
    for election in library.elections.values():
        assert all(library.constituency_name(c.name, "en") for c in election.constituencies)


def _copy_with(tmp_path, name: str, old: str, new: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("name", "old", "new", "field", "words"),
    [
        ("constituencies.toml", 'fr = "Anvers"\n', "", "Antwerpen", "missing the name in 'fr'"),
        ("constituencies.toml", 'en = "Antwerp"', 'de = "Antwerpen"', "Antwerpen", "unknown language 'de'"),
        ("constituencies.toml", 'nl = "Namen"', 'nl = ""', "Namur", "expected the name in 'nl' as a text"),
        ("constituencies.toml", "[Hainaut]", "[Henegouwen]", "Henegouwen", "no election has this constituency"),
        ("coalitions.toml", 'fr = "Suédoise", ', "", "coalition[3].names", "missing the name in 'fr'"),
        ("coalitions.toml", 'fr = "gouvernement Michel I (2014-2018)", ', "", "coalition[3].notes", "note in 'fr'"),
        ("coalitions.toml", 'name = "Jamaica"', 'name = "Jamaica"\nnote = "x"', "coalition[5].note", "unknown field"),
    ],
)
def test_a_wrong_names_file_names_file_line_and_field(tmp_path, name, old, new, field, words):
    copy = _copy_with(tmp_path, name, old, new)
    with pytest.raises(DataError) as caught:
        load_library(copy)
    error = caught.value
    assert error.source == str(copy / name) and error.field == field and words in str(error)
    lines = (copy / name).read_text(encoding="utf-8").splitlines()
    assert error.line is not None and field.rpartition(".")[2].split("[")[0] in lines[error.line - 1]


def test_a_constituency_without_names_is_a_load_error(tmp_path):
    copy = _copy_with(tmp_path, "constituencies.toml", '[Namur]\nnl = "Namen"\nfr = "Namur"\nen = "Namur"\n', "")
    with pytest.raises(DataError, match=r"constituencies\.toml, Namur: missing: the election of 2014-05-25"):
        load_library(copy)
