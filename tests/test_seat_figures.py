"""The seat figures and party names in the page's language (Dutch, French, English)."""

from datetime import date

import numpy as np
import pytest

from engine.figures import coalition_pmf_figure, hemicycle, seat_pmf_figure, vote_share_figure
from engine.i18n import language
from engine.results import party_name
from engine.summaries import SeatDistribution

TODAY = date(2026, 6, 1)


def test_a_party_is_named_in_the_pages_language_and_by_its_ballot_name_in_english(library):
    ps = library.parties["PS"]
    assert [party_name(ps, TODAY, lang) for lang in ("nl", "fr", "en")] == [
        "Socialistische Partij",
        "Parti Socialiste",
        "Parti Socialiste",
    ]


def test_the_two_lists_of_one_party_keep_their_ballot_names(library):
    # PVDA and PTB are one party: in each language they share one name, which would hide which
    # list a row is.
    assert {party_name(library.parties["PTB"], TODAY, lang) for lang in ("nl", "fr")} == {
        "Parti du Travail de Belgique"
    }
    assert party_name(library.parties["PVDA"], TODAY, "fr") == "Partij van de Arbeid van België"


def test_an_earlier_name_is_kept_as_it_was_on_the_ballot(library):
    # The registry translates today's names only: in 2024 the list was Open Vld, not Anders.
    anders = library.parties["OPENVLD"]
    assert party_name(anders, date(2024, 6, 9), "fr") == "Open Vlaamse Liberalen en Democraten"


def seats(pmf: dict[int, int]) -> SeatDistribution:
    counts = np.zeros(151, dtype=np.int64)
    for x, n in pmf.items():
        counts[x] = n
    return SeatDistribution(counts)


@pytest.mark.parametrize(
    ("lang", "hover", "suffix", "separators"),
    [
        ("en", "1 seat: 25.0%", "%", ".,"),
        ("nl", "1 zetel: 25,0%", "%", ",."),
        ("fr", "1 siège\u00a0: 25,0\u00a0%", "\u00a0%", ",\u202f"),
    ],
)
def test_seat_figures_write_numbers_and_words_as_the_language_does(lang, hover, suffix, separators):
    with language(lang):
        fig = seat_pmf_figure(seats({1: 1, 2: 3}), "#000000", last_result=1)
    assert fig.data[0].hovertext[list(fig.data[0].x).index(1)] == hover
    assert fig.layout.yaxis.ticksuffix == suffix
    assert fig.layout.separators == separators


def test_coalition_and_vote_share_figures_are_in_the_pages_language():
    with language("fr"):
        coalition = coalition_pmf_figure(seats({70: 1, 80: 1}))
        shares = vote_share_figure([("N-VA", "#FFED00", 24.56, (22.0, 27.0), (21.0, 28.5), 25.0)])
    assert coalition.layout.xaxis.title.text == "sièges"
    assert coalition.layout.annotations[0].text == "76 sièges\u00a0: majorité"
    assert shares.data[2].hovertemplate.startswith(
        "N-VA\u00a0: 24,6\u00a0% (80\u00a0%\u00a0: 22,0–27,0, 95\u00a0%\u00a0: 21,0–28,5)"
    )
    assert shares.data[3].hovertemplate.startswith("N-VA, dernière élection\u00a0: 25,0\u00a0%")


def test_the_chamber_names_parties_in_the_pages_language(ipsos_2024):
    with language("nl"):
        fig = hemicycle(ipsos_2024)
    hovers = {trace.name.rsplit(" (", 1)[0]: trace.text[0] for trace in fig.data}
    assert hovers["MR"].startswith("Reformistische Beweging: ")
    assert "zetels (mediaan " in hovers["MR"]
    assert fig.layout.annotations[0].text == "76 voor een meerderheid"
