"""Outside oracles shared by the tests: written from the law, independent of the engine's code."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def dhondt_exact(votes: Sequence[float], seats: int) -> list[int]:
    return dhondt_exact_order(votes, seats)[0]


def dhondt_exact_order(votes: Sequence[float], seats: int) -> tuple[list[int], list[int]]:
    """Seats per list by textbook D'Hondt in exact fractions, one seat at a time to the highest
    quotient votes/(seats won + 1).

    Returns the seats per list and the list each seat went to, in the order handed out.
    Electoral Code art. 165bis: only lists with at least 5 % of the constituency's votes take part
    (all of them if none has, so that the seats are filled). Ties go to the list with more votes,
    then to the one listed first.
    """
    exact = [Fraction(v) for v in votes]
    total = sum(exact)
    eligible = [v > 0 and v >= Fraction(5, 100) * total for v in exact]
    if not any(eligible):
        eligible = [True] * len(exact)
    won = [0] * len(exact)
    order = []
    for _ in range(seats):
        best = max(
            (i for i in range(len(exact)) if eligible[i]),
            key=lambda i: (exact[i] / (won[i] + 1), exact[i], -i),
        )
        won[best] += 1
        order.append(best)
    return won, order
