import math

import pytest

from engine.figures import hemicycle_figure

# 2024 Chamber result, roughly left to right.
GROUPS = [
    ("PVDA-PTB", "#AA0000", 15, "PVDA-PTB: 15 seats"),
    ("Ecolo", "#3CB371", 3, "Ecolo: 3 seats"),
    ("Groen", "#83DE62", 6, "Groen: 6 seats"),
    ("PS", "#FF0000", 16, "PS: 16 seats"),
    ("Vooruit", "#FF2900", 13, "Vooruit: 13 seats"),
    ("Les Engagés", "#00E6D2", 14, "Les Engagés: 14 seats"),
    ("CD&V", "#FF9900", 11, "CD&V: 11 seats"),
    ("DéFI", "#DD0081", 1, "DéFI: 1 seat"),
    ("Open VLD", "#003D6D", 7, "Open VLD: 7 seats"),
    ("MR", "#0047AB", 20, "MR: 20 seats"),
    ("N-VA", "#FFED00", 24, "N-VA: 24 seats"),
    ("Vlaams Belang", "#FFE500", 20, "Vlaams Belang: 20 seats"),
]


def _angle(x: float, y: float) -> float:
    return math.atan2(y, x - 1)  # 0 = rightmost, pi = leftmost


def test_markers_match_seats_and_total():
    fig = hemicycle_figure(GROUPS)
    assert len(fig.data) == len(GROUPS)
    for trace, (label, colour, seats, hover) in zip(fig.data, GROUPS):
        assert len(trace.x) == len(trace.y) == seats
        assert trace.name == f"{label} ({seats})"
        assert trace.marker.color == colour
        assert set(trace.text) == {hover}
    assert sum(len(t.x) for t in fig.data) == 150
    # no two seats share a position
    assert len({(x, y) for t in fig.data for x, y in zip(t.x, t.y)}) == 150


def test_parties_ordered_left_to_right_by_mean_x():
    groups = [(f"P{i}", "#000000", 25, f"P{i}") for i in range(6)]
    fig = hemicycle_figure(groups)
    means = [sum(t.x) / len(t.x) for t in fig.data]
    assert all(a < b for a, b in zip(means, means[1:]))


def test_parties_occupy_contiguous_wedges_left_to_right():
    # Mean x is not monotone here: Ecolo's 3 seats sit mostly in inner rows, so
    # their mean x (~0.36) exceeds Groen's (~0.27); the angle is the real order.
    fig = hemicycle_figure(GROUPS)
    for left, right in zip(fig.data, fig.data[1:]):
        assert min(_angle(x, y) for x, y in zip(left.x, left.y)) > max(_angle(x, y) for x, y in zip(right.x, right.y))


def test_zero_seat_party_is_omitted_and_majority_annotated():
    groups = [("A", "#000000", 100, "A"), ("B", "#111111", 0, "B"), ("C", "#222222", 50, "C")]
    fig = hemicycle_figure(groups, majority=76)
    assert [t.name for t in fig.data] == ["A (100)", "C (50)"]
    assert any("76 for a majority" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.scaleanchor == "x"


def test_custom_total():
    fig = hemicycle_figure([("A", "#000000", 7, "A"), ("B", "#111111", 5, "B")], total=12, majority=7)
    assert sum(len(t.x) for t in fig.data) == 12
    assert any("7 for a majority" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize(
    "groups",
    [
        GROUPS[:-1],  # 130 seats
        GROUPS + [("X", "#000000", 1, "X")],  # 151 seats
        [("A", "#000000", 151, "A"), ("B", "#111111", -1, "B")],  # sums to 150 but negative
        [],
    ],
)
def test_wrong_total_raises(groups):
    with pytest.raises(ValueError):
        hemicycle_figure(groups)
