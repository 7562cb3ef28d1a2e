"""engine/allocation.py: D'Hondt with the 5 % threshold against an independent exact
implementation and its laws; largest remainder; the race for the last seat."""

from fractions import Fraction
from math import floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.allocation import allocate, largest_remainder, last_seat
from tests.oracles import dhondt_exact, dhondt_exact_order

elections = st.tuples(
    st.lists(st.integers(0, 2_000_000), min_size=1, max_size=16),
    st.integers(1, 40),
)


@settings(max_examples=400, deadline=None)
@given(elections)
def test_kernel_dhondt_equals_exact_fractions(case):
    votes, seats = case
    assert list(allocate(votes, seats)) == dhondt_exact(votes, seats)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), st.integers(1, 12))
def test_kernel_dhondt_equals_exact_fractions_with_many_ties(votes, seats):
    assert list(allocate(votes, seats)) == dhondt_exact(votes, seats)


@settings(max_examples=300, deadline=None)
@given(elections)
def test_seats_add_up_and_the_threshold_and_lower_quota_hold(case):
    votes, seats = case
    won = allocate(votes, seats)
    assert won.sum() == seats
    total = sum(votes)
    passing = [v for v in votes if v > 0 and 20 * v >= total]
    if passing:
        for v, w in zip(votes, won):
            if 20 * v < total:
                assert w == 0
            else:
                assert w >= floor(Fraction(seats * v, sum(passing)))


@settings(max_examples=300, deadline=None)
@given(elections, st.data())
def test_more_votes_never_cost_a_list_a_seat(case, data):
    votes, seats = case
    i = data.draw(st.integers(0, len(votes) - 1))
    more = list(votes)
    more[i] += data.draw(st.integers(1, 500_000))
    assert allocate(more, seats)[i] >= allocate(votes, seats)[i]


def test_list_just_below_five_percent_gets_nothing_and_just_above_takes_part():
    # 100 000 valid votes: 4 999 is below 5 %, 5 000 is exactly 5 % (which qualifies).
    assert list(allocate([60_000, 35_001, 4_999], 20)) == [13, 7, 0]
    assert list(allocate([60_000, 35_000, 5_000], 20)) == [12, 7, 1]


def test_when_no_list_reaches_the_threshold_all_lists_take_part():
    votes = [4] * 21 + [5]  # every list below 5 % of 89
    assert allocate(votes, 3).sum() == 3
    assert list(allocate(votes, 3)) == dhondt_exact(votes, 3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1000), min_size=1, max_size=20).filter(lambda w: sum(w) > 0), st.integers(1, 150))
def test_largest_remainder_adds_up_and_rounds_each_quota_down_or_up(weights, total):
    quotas = {f"P{i}": total * w / sum(weights) for i, w in enumerate(weights)}
    seats = largest_remainder(quotas, total)
    assert sum(seats.values()) == total
    assert all(floor(quotas[key]) <= seats[key] <= floor(quotas[key]) + 1 for key in quotas)


def test_largest_remainder_gives_the_seats_left_to_the_largest_remainders():
    assert largest_remainder({"A": 2.6, "B": 1.3, "C": 1.1}, 5) == {"A": 3, "B": 1, "C": 1}
    assert largest_remainder({"B": 1.5, "A": 1.5}, 3) == {"A": 2, "B": 1}  # a tie: the key first


def test_the_closest_challenger_for_the_last_seat_is_found_exactly():
    # D'Hondt, 3 seats: A 7000, B 4000, A 3500 (the last seat). Moving x votes from A: B needs
    # (4000 + x)/2 > (7000 - x)/2, x > 1500; C needs 1500 + x > (7000 - x)/2, x > 1333.33.
    holder, challenger, moved = last_seat([7000, 4000, 1500], 3)
    assert (holder, challenger) == (0, 2) and moved == pytest.approx(4000 / 3, abs=1e-5)


def test_a_challenger_below_the_threshold_must_first_reach_five_percent():
    votes = [50_000, 46_000, 4_000]  # the third list has 4 % of the votes, 1,000 short of 5 %
    _, challenger, moved = last_seat(votes, 30)
    if challenger == 2:
        assert moved >= 1000.0 - 1e-5
    assert dhondt_exact([50_000 - 999, 46_000, 4_999], 30)[2] == 0  # under 5 %: still no seat


def _moved(votes: list[int], source: int, target: int, amount: Fraction) -> list[Fraction]:
    shifted = [Fraction(v) for v in votes]
    shifted[source] -= amount
    shifted[target] += amount
    return shifted


@settings(max_examples=300, deadline=None)
@given(
    votes=st.lists(st.integers(0, 200_000), min_size=2, max_size=8).filter(lambda v: sum(v) > 0),
    seats=st.integers(1, 24),
)
def test_the_last_seat_race_is_the_smallest_move_that_changes_a_seat_in_exact_fractions(votes, seats):
    race = last_seat(votes, seats)
    won, order = dhondt_exact_order(votes, seats)
    if race is None:
        holder = order[-1]
        everything = Fraction(votes[holder])
        for c in range(len(votes)):
            if c != holder:
                assert dhondt_exact(_moved(votes, holder, c, everything), seats)[c] <= won[c]
        return
    holder, challenger, moved = race
    assert holder == order[-1]  # the list D'Hondt served last
    margin = Fraction(1, 1000)
    above = Fraction(moved) + margin
    assert above <= votes[holder]
    assert dhondt_exact(_moved(votes, holder, challenger, above), seats)[challenger] > won[challenger]
    below = max(Fraction(0), Fraction(moved) - margin)
    for c in range(len(votes)):
        if c != holder:
            assert dhondt_exact(_moved(votes, holder, c, below), seats)[c] <= won[c], c


def test_there_is_no_race_without_votes_or_seats():
    assert last_seat([0, 0, 0], 4) is None
    assert last_seat([10_000, 5_000], 0) is None
