"""The seating plan with uncertainty (docs/seating-plan.md): the seat-certainty rule, its figure and
the charts' alt texts.

Oracles: P(X ≥ k) counted simulation by simulation in plain Python, the thresholds as exact
fractions, the plain seating plan's own figure (seats per party and wedges), and the official 2024
seats (tests/oracle/chamber-seats-by-party.csv) for a perfect poll with no noise at all.
"""

from __future__ import annotations

import csv
import html
import math
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Scenario, simulate
from engine.defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from engine.domain import OTHER
from engine.figures.alt_text import (
    coalition_alt_text,
    hemicycle_alt_text,
    seat_distribution_alt_text,
    seating_plan_alt_text,
)
from engine.figures.seating_plan import certainty_hemicycle_figure, seating_plan_figure, tint
from engine.figures.seats import hemicycle
from engine.formatting import percent
from engine.i18n import language
from engine.seating_plan import (
    LIKELY,
    SAFE,
    SEAT_CLASSES,
    TOSS_UP,
    certainty_counts,
    plan_order,
    rank_seats,
    seat_class,
    seating_plan,
)
from engine.summaries import SeatDistribution
from engine.track_record import perfect_poll

ORACLE = Path(__file__).parent / "oracle" / "chamber-seats-by-party.csv"
SAFE_EXACT = Fraction(95, 100)
LIKELY_EXACT = Fraction(75, 100)


def class_oracle(hits: int, n: int) -> str:
    """The classes of docs/seating-plan.md in exact fractions."""
    share = Fraction(hits, n)
    return SAFE if share >= SAFE_EXACT else LIKELY if share >= LIKELY_EXACT else TOSS_UP


def held_oracle(draws: list[int], k: int) -> int:
    """In how many simulations the party won at least k seats, counted one by one."""
    return sum(1 for seats in draws if seats >= k)


# --- the rule --------------------------------------------------------------------------------

parties = st.lists(
    st.tuples(st.lists(st.integers(0, 30), min_size=1, max_size=60), st.integers(0, 34)),
    min_size=1,
    max_size=5,
)


@given(parties)
@settings(max_examples=200, deadline=None)
def test_each_seat_is_held_with_probability_at_least_k_counted_by_simulation(drawn):
    plan = {f"P{i}": count for i, (_, count) in enumerate(drawn)}
    draws = {f"P{i}": d for i, (d, _) in enumerate(drawn)}
    seats = rank_seats(plan, {key: SeatDistribution.from_draws(d) for key, d in draws.items()})

    # Party by party in the plan's order, each with exactly its planned seats, ranks 1..c.
    expected_layout = [(key, k) for key, count in plan.items() for k in range(1, count + 1)]
    assert [(s.party, s.rank) for s in seats] == expected_layout
    assert len(seats) == sum(plan.values())
    for seat in seats:
        hits, n = held_oracle(draws[seat.party], seat.rank), len(draws[seat.party])
        assert seat.of == plan[seat.party]
        assert seat.chance.value == hits / n
        assert seat.certainty == class_oracle(hits, n)
    # Within a party the chance never grows from one seat to the next.
    for key in plan:
        chances = [s.chance.value for s in seats if s.party == key]
        assert all(a >= b for a, b in zip(chances, chances[1:]))


@given(parties)
@settings(max_examples=200, deadline=None)
def test_safe_seats_reach_the_low_end_of_the_90_percent_interval_likely_of_the_50(drawn):
    # The reports' interval convention (engine/summaries.py) read the other way: the L % interval
    # starts at the smallest x with P(X ≤ x) > (1 − L)/2, so P(X ≥ k) ≥ 0.95 exactly for k up to
    # the 90 % interval's low end, and P(X ≥ k) ≥ 0.75 up to the 50 % interval's.
    for draws, count in drawn:
        distribution = SeatDistribution.from_draws(draws)
        seats = rank_seats({"A": count}, {"A": distribution})
        classes = Counter(s.certainty for s in seats)
        assert classes[SAFE] == min(count, distribution.interval(90)[0])
        assert classes[SAFE] + classes[LIKELY] == min(count, distribution.interval(50)[0])


@given(st.integers(0, 40), st.integers(1, 200))
def test_a_party_with_a_degenerate_distribution_has_only_safe_seats(m, n):
    seats = rank_seats({"A": m}, {"A": SeatDistribution.from_draws([m] * n)})
    assert len(seats) == m
    assert all(s.certainty == SAFE and s.chance.value == 1.0 for s in seats)


@pytest.mark.parametrize(
    ("held", "expected"),
    [(20, SAFE), (19, SAFE), (18, LIKELY), (16, LIKELY), (15, LIKELY), (14, TOSS_UP), (0, TOSS_UP)],
)
def test_classes_follow_the_thresholds_at_their_edges(held, expected):
    # 20 simulations: the party wins 1 seat in `held` of them, 0 in the rest; 19/20 is exactly 95 %
    # and 15/20 exactly 75 %, which count as safe and likely (≥).
    distribution = SeatDistribution.from_draws([1] * held + [0] * (20 - held))
    (seat,) = rank_seats({"A": 1}, {"A": distribution})
    assert seat.certainty == expected == class_oracle(held, 20)


def test_thresholds_are_the_defaults_and_inclusive():
    assert (SAFE_SEAT_PROBABILITY, LIKELY_SEAT_PROBABILITY) == (0.95, 0.75)
    assert seat_class(0.95) == SAFE and seat_class(math.nextafter(0.95, 0)) == LIKELY
    assert seat_class(0.75) == LIKELY and seat_class(math.nextafter(0.75, 0)) == TOSS_UP
    assert seat_class(1.0) == SAFE and seat_class(0.0) == TOSS_UP


def test_a_party_planned_with_more_seats_than_it_ever_wins_gets_toss_ups_held_never():
    seats = rank_seats({"A": 3}, {"A": SeatDistribution.from_draws([1, 1, 2, 2])})
    assert [(s.chance.value, s.certainty) for s in seats] == [(1.0, SAFE), (0.5, TOSS_UP), (0.0, TOSS_UP)]


def test_zero_seat_parties_get_no_seat_and_negative_counts_are_refused():
    assert rank_seats({"A": 0}, {}) == ()
    with pytest.raises(ValueError, match="negative"):
        rank_seats({"A": -1}, {"A": SeatDistribution.from_draws([0])})


# --- the 2024-11-21 Ipsos poll ---------------------------------------------------------------


@pytest.fixture(scope="module")
def ipsos(library):
    return simulate(Scenario(library.polls["2024-11-21-Ipsos"], simulations=2**16), library)


def plain_plan(result) -> dict[str, int]:
    """Seats per party label in the plain seating plan, read off its figure (one marker per seat)."""
    return {html.unescape(re.sub(r" \(\d+\)$", "", t.name)): len(t.x) for t in hemicycle(result).data}


def labels_of(result) -> dict[str, str]:
    labels = {p.key: p.abbreviation for p in result.parties}
    labels[OTHER] = "Others"
    return labels


def test_ipsos_plan_keeps_the_plain_plans_seats_order_and_150(ipsos):
    plan = seating_plan(ipsos)
    labels = labels_of(ipsos)
    assert len(plan) == 150
    per_party = dict(Counter(labels[s.party] for s in plan))
    assert per_party == plain_plan(ipsos)
    assert list(per_party) == list(plain_plan(ipsos))  # the same left-to-right order


def test_ipsos_chances_are_counted_from_the_runs_draws(ipsos):
    draws = {key: ipsos.national_seat_draws[i] for i, key in enumerate(ipsos.model.parties)}
    for seat in seating_plan(ipsos):
        party_draws = draws.get(seat.party, np.zeros(ipsos.simulations, dtype=np.uint8))
        hits = int((party_draws >= seat.rank).sum())
        assert seat.chance.value == hits / ipsos.simulations
        assert seat.certainty == class_oracle(hits, ipsos.simulations)


def test_ipsos_plan_has_seats_of_every_class(ipsos):
    counts = certainty_counts(seating_plan(ipsos))
    assert sum(counts.values()) == 150
    assert all(counts[c] > 0 for c in SEAT_CLASSES), counts


# --- perfect polls ---------------------------------------------------------------------------


def official_seats(library, election: str) -> dict[str, int]:
    key_of = {}
    for key, party in library.parties.items():
        key_of[party.name] = key
        key_of.update({former.name: key for former in party.former})
    with ORACLE.open(encoding="utf-8") as f:
        return {key_of[r["list_name"]]: int(r["seats"]) for r in csv.DictReader(f) if r["election"] == election}


def test_poll_equal_to_the_result_seats_the_official_chamber_nearly_all_safe(library):
    # The 2024 result as a poll of a million per region, swung from the 2024 election itself with
    # no local noise and no polling error: the swing is the identity, so the plan is the official
    # Chamber. Only a last seat that a few hundredths of a point decide (CD&V's and PS's in 2024,
    # tests/test_backtest.py) may flip in some simulations: no seat is a toss-up, and a party's
    # only seat that is less than safe is its last.
    scenario = Scenario(
        perfect_poll(library.elections["2024-06-09"]),
        simulations=2**14,
        baseline="2024-06-09",
        constituency_noise=0.0,
        polling_error="none",
    )
    plan = seating_plan(simulate(scenario, library))
    assert dict(Counter(s.party for s in plan)) == official_seats(library, "2024-06-09")
    unsafe = [s for s in plan if s.certainty != SAFE]
    assert all(s.certainty == LIKELY and s.rank == s.of for s in unsafe), unsafe
    assert certainty_counts(plan)[SAFE] >= 147


def test_perfect_poll_as_in_the_track_record_is_surer_than_a_real_poll(library, ipsos):
    # The track record's perfect poll keeps the local noise (docs/track-record.md): a few last
    # seats stay uncertain, far fewer than for a real poll read with the polling error.
    scenario = Scenario(
        perfect_poll(library.elections["2024-06-09"]), simulations=2**16, baseline="2019-05-26", polling_error="none"
    )
    result = simulate(scenario, library)
    plan = seating_plan(result)
    assert len(plan) == 150
    assert dict(Counter(labels_of(result)[s.party] for s in plan)) == plain_plan(result)
    perfect, real = certainty_counts(plan), certainty_counts(seating_plan(ipsos))
    assert perfect[SAFE] > real[SAFE] and perfect[TOSS_UP] < real[TOSS_UP]


# --- the figure ------------------------------------------------------------------------------


def seat_traces(fig):
    """The traces of the Chamber's seats: markers without a legend entry (the key's have text)."""
    return [t for t in fig.data if t.mode == "markers" and t.showlegend is False]


def test_figure_draws_150_seats_in_the_plain_plans_wedges(ipsos):
    fig, plain = seating_plan_figure(ipsos), hemicycle(ipsos)
    seats = seat_traces(fig)
    assert sum(len(t.x) for t in seats) == 150
    wedges: dict[str, set] = {}
    for t in seats:
        party = t.name.split(": ")[0]
        wedges.setdefault(party, set()).update(zip(t.x, t.y, strict=True))
    plain_wedges = {re.sub(r" \(\d+\)$", "", t.name): set(zip(t.x, t.y, strict=True)) for t in plain.data}
    assert wedges == plain_wedges
    # The legend names each party as the plain plan does, in the same order.
    assert [t.name for t in fig.data if t.showlegend is not False] == [t.name for t in plain.data]


def test_safer_seats_sit_in_front_rows(ipsos):
    fig = seating_plan_figure(ipsos)
    pattern = re.compile(r"^(.+): seat (\d+) of (\d+), held in")
    by_party: dict[str, list[tuple[int, float]]] = {}
    for t in seat_traces(fig):
        for x, y, hover in zip(t.x, t.y, t.text, strict=True):
            party, rank, _ = pattern.match(hover).groups()
            by_party.setdefault(party, []).append((int(rank), round(math.hypot(x - 1, y), 6)))
    for party, seats in by_party.items():
        rows = [row for _, row in sorted(seats)]
        assert rows == sorted(rows), party  # rank 1 in the front row, the last rank at the back


def test_hover_says_who_holds_the_seat_and_how_likely(ipsos):
    fig = seating_plan_figure(ipsos)
    nva = ipsos.party("NVA")
    hovers = [h for t in seat_traces(fig) for h in t.text if h.startswith("N-VA: ")]
    pattern = re.compile(r"^N-VA: seat (\d+) of (\d+), held in (.+) of simulations \((safe|likely|toss-up)\)$")
    parsed = sorted((int(m[1]), int(m[2]), m[3], m[4]) for m in map(pattern.match, hovers))
    assert [k for k, *_ in parsed] == list(range(1, len(hovers) + 1))
    for k, of, chance, certainty in parsed:
        held = nva.seats.at_least(k).value
        assert of == len(hovers)
        assert chance == percent(held)
        assert certainty == class_oracle(int(nva.seats.counts[k:].sum()), nva.seats.n)


def test_seat_strength_is_the_class_tint(ipsos):
    fig = seating_plan_figure(ipsos)
    colour = ipsos.party("NVA").colour
    nva = {t.name.split(": ")[1]: t.marker for t in seat_traces(fig) if t.name.startswith("N-VA: ")}
    assert nva["safe"].color == tint(colour, 0) and nva["safe"].line.width == 0
    if "toss-up" in nva:
        assert nva["toss-up"].color == tint(colour, 0.85) and nva["toss-up"].line.color == colour
    assert tint("#000000", 0.5) == "#808080" and tint("#FFC20E", 1) == "#ffffff"


def test_key_and_majority_in_plain_words():
    seat = rank_seats({"A": 1}, {"A": SeatDistribution.from_draws([1])})
    fig = certainty_hemicycle_figure(list(seat) * 150, {"A": ("A", "#123456")})
    texts = [t.text[0] for t in fig.data if t.mode == "markers+text"]
    assert texts == ["safe ≥ 95%", "likely ≥ 75%", "toss-up < 75%"]
    assert [a.text for a in fig.layout.annotations] == ["76 for a majority"]
    with language("fr"):
        fig = certainty_hemicycle_figure(list(seat) * 150, {"A": ("A", "#123456")})
        assert "95\u00a0%" in fig.data[-3].text[0] and "majorité" in fig.layout.annotations[0].text


# --- alt texts -------------------------------------------------------------------------------


def test_seating_plan_alt_text_gives_every_partys_seats_and_the_classes(ipsos):
    plan = seating_plan(ipsos)
    labels = labels_of(ipsos)
    text = seating_plan_alt_text(plan, labels)
    for label, seats in plain_plan(ipsos).items():
        assert f"{label} {seats}" in text
    counts = certainty_counts(plan)
    assert f"Safe seats (held in at least 95% of simulations): {counts[SAFE]};" in text
    assert f"likely (at least 75%): {counts[LIKELY]};" in text
    assert f"toss-ups (below 75%): {counts[TOSS_UP]}." in text
    assert "A majority is 76 seats." in text
    assert hemicycle_alt_text(plan_order(ipsos), labels) in text


def test_seat_distribution_alt_text_by_hand():
    # 10 simulations: 10 seats once, 11 three times, 12 five times, 13 once. Median: the smallest
    # x with P(X ≤ x) ≥ 1/2 is 12; 80 % interval: P(X ≤ 10) = 0.1 is not above 0.1, so 11, to the
    # smallest x with P(X ≤ x) ≥ 0.9, 12; most likely 12 (5 in 10).
    seats = SeatDistribution.from_draws([10] + [11] * 3 + [12] * 5 + [13])
    assert seat_distribution_alt_text("N-VA", seats, 24) == (
        "N-VA's projected seats: median 12, 80% interval 11–12; the most likely count is 12 seats "
        "(50% of simulations). Last election: 24 seats."
    )


def test_coalition_alt_text_by_hand():
    # 4 simulations: 74, 76, 76, 80 seats. A majority (≥ 76) in 3 of 4.
    seats = SeatDistribution.from_draws([74, 76, 76, 80])
    assert coalition_alt_text("Arizona", seats) == (
        "Arizona: a majority (76 seats or more) in 75% of simulations. Median 76 seats, 80% interval "
        "74–80; the most likely count is 76 seats (50% of simulations)."
    )


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_alt_texts_and_hover_are_translated(ipsos, lang):
    plan = seating_plan(ipsos)
    with language(lang):
        english = False
        for text in (
            seating_plan_alt_text(plan, labels_of(ipsos)),
            coalition_alt_text("Arizona", ipsos.coalition(["NVA", "MR"]).seats),
            seat_distribution_alt_text("N-VA", ipsos.party("NVA").seats, 24),
            seat_traces(seating_plan_figure(ipsos))[0].text[0],
        ):
            english |= any(
                word in text
                for word in ("held in", "majority", "most likely", "Safe seats", "projected seats", "Median")
            )
        assert not english
