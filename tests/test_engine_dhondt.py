"""D'Hondt with the 5 % threshold against an independent exact implementation, and its laws."""

from fractions import Fraction
from math import floor

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.kernel import allocate


def dhondt_exact(votes: list[int], seats: int) -> list[int]:
    """Textbook D'Hondt in exact fractions, one seat at a time (independent of the kernel)."""
    total = sum(votes)
    eligible = [v > 0 and Fraction(v, total) >= Fraction(5, 100) for v in votes] if total else [False] * len(votes)
    if not any(eligible):
        eligible = [True] * len(votes)
    won = [0] * len(votes)
    for _ in range(seats):
        candidates = [i for i in range(len(votes)) if eligible[i]]
        best = max(candidates, key=lambda i: (Fraction(votes[i], won[i] + 1), votes[i], -i))
        won[best] += 1
    return won


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
