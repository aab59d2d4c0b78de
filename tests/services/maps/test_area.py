"""Which boundary is the ward's, and what a given box must look like."""

import pytest

from desktop.domain.errors import UserError
from desktop.services.maps.area import Area, choose_boundary, parse_bbox

WARD = ("Phường Lào Cai", Area(22.47, 103.95, 22.51, 103.99))
PROVINCE = ("Lào Cai", Area(21.8, 103.5, 22.9, 104.6))
ELSEWHERE = ("Phường Lào Cai", Area(10.0, 106.0, 10.04, 106.04))
STATION = (22.49, 103.97)


def test_one_boundary_with_the_name_is_the_wards():
    assert choose_boundary([WARD], [], None) == WARD


def test_of_nested_boundaries_holding_the_station_the_smaller_is_the_wards():
    assert choose_boundary([PROVINCE, WARD], [STATION], None) == WARD


def test_of_two_places_the_one_holding_the_known_points_or_the_box():
    assert choose_boundary([ELSEWHERE, WARD], [STATION], None) == WARD
    box = parse_bbox("10.01,106.01,10.03,106.03")
    assert choose_boundary([ELSEWHERE, WARD], [], box) == ELSEWHERE


def test_two_places_and_nothing_to_tell_them_apart_is_no_answer():
    assert choose_boundary([ELSEWHERE, WARD], [], None) is None


@pytest.mark.parametrize("text", ["22.47;103.95;22.51;103.99", " 22.47, 103.95, 22.51, 103.99 "])
def test_a_box_may_be_written_with_semicolons_or_spaces(text):
    assert parse_bbox(text).as_list() == [22.47, 103.95, 22.51, 103.99]


def test_a_box_the_wrong_way_round_is_refused():
    with pytest.raises(UserError, match="vĩ độ nam nhỏ hơn vĩ độ bắc"):
        parse_bbox("22.51,103.95,22.47,103.99")
