"""Households without coordinates: placed by their street's neighbours, or by address."""

from __future__ import annotations

import pytest

from desktop.domain.addresses import address_sort_key
from desktop.services.planning.street_order import (
    AddressPoint,
    estimate_from_neighbours,
    schematic_positions,
)

STREET = "đường Hoàng Liên"


def _point(household_id: int, number: str, lane: str | None = None, x=None, y=None) -> AddressPoint:
    return AddressPoint(
        household_id, STREET, lane, number, address_sort_key(number, lane, STREET), x, y
    )


def test_a_house_goes_between_its_neighbours_on_the_same_side() -> None:
    located = [
        _point(1, "1", x=0.0, y=0.0),
        _point(2, "9", x=40.0, y=0.0),
        _point(3, "2", x=0.0, y=20.0),  # even side: not a neighbour of number 5
        _point(4, "10", x=40.0, y=20.0),
    ]
    estimates = estimate_from_neighbours([_point(10, "5"), _point(11, "6")], located)
    assert estimates[10] == pytest.approx((20.0, 0.0))
    assert estimates[11] == pytest.approx((20.0, 20.0))


def test_a_house_at_the_address_of_its_streets_only_located_house_shares_its_place() -> None:
    # The first coordinate an officer types on a real ward: one located house, and
    # another household at the same number (this crashed `plan` with an IndexError).
    located = [_point(1, "7", x=12.0, y=3.0)]
    same_number = _point(10, "7")
    same_in_lane = _point(11, "7", lane="ngõ 5")
    estimates = estimate_from_neighbours(
        [same_number, same_in_lane], [*located, _point(2, "7", lane="ngõ 5", x=50.0, y=8.0)]
    )
    assert estimates[10] == pytest.approx((12.0, 3.0))
    assert estimates[11] == pytest.approx((50.0, 8.0))


def test_a_lane_house_goes_to_its_lane_mouth_and_an_unknown_street_stays_unplaced() -> None:
    located = [_point(1, "13", x=10.0, y=5.0), _point(2, "15", x=30.0, y=5.0)]
    lane_house = _point(10, "3", lane="ngõ 15")
    elsewhere = AddressPoint(11, "phố Cốc Lếu", None, "4", address_sort_key("4", None, "phố"))
    estimates = estimate_from_neighbours([lane_house, elsewhere], located)
    assert estimates[10] == pytest.approx((30.0, 5.0))
    assert 11 not in estimates


def test_schematic_map_puts_odd_and_even_sides_apart_and_numbers_in_order() -> None:
    points = [_point(i, number) for i, number in enumerate(["1", "3", "5", "2", "4"], start=1)]
    points.append(_point(6, "2", lane="ngõ 3"))
    positions = schematic_positions(points)
    odd = [positions[i] for i in (1, 2, 3)]
    even = [positions[i] for i in (4, 5)]
    assert [x for x, _ in odd] == sorted(x for x, _ in odd)
    assert {y for _, y in odd} != {y for _, y in even}  # across the street
    # Number 3 on the odd side is nearer to 5 than to the far side's 4.
    assert abs(odd[1][0] - odd[2][0]) < 20
    lane_x, lane_y = positions[6]
    assert abs(lane_x - odd[1][0]) < 10  # the lane opens at number 3
    assert abs(lane_y) > 10  # and runs away from the street
