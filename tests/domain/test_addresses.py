"""Addresses read the way they are written, and sort the way a team walks."""

from desktop.domain.addresses import (
    address_sort_key,
    format_address,
    house_number_key,
    normalize_street,
)


def walking_order(addresses: list[tuple[str | None, str | None, str | None]]) -> list:
    return sorted(addresses, key=lambda parts: address_sort_key(*parts))


def test_full_address_reads_house_lane_street():
    assert format_address("12", "5", "đường Hoàng Liên") == "Số 12, ngõ 5, đường Hoàng Liên"


def test_lane_written_with_its_kind_is_not_doubled():
    assert format_address("3", "hẻm 7", "phố Cốc Lếu") == "Số 3, hẻm 7, phố Cốc Lếu"


def test_missing_parts_are_left_out():
    assert format_address(None, None, "phố Cốc Lếu") == "phố Cốc Lếu"
    assert format_address("8", None, None) == "Số 8"


def test_street_kind_in_lower_case_and_name_capitalised():
    assert normalize_street("ĐƯỜNG  hoàng liên") == "đường Hoàng Liên"
    assert normalize_street("phố nguyễn huệ") == "phố Nguyễn Huệ"
    assert normalize_street("hoàng liên") == "Hoàng Liên"
    assert normalize_street("  ") is None


def test_odd_side_is_walked_before_even_side():
    houses = [(n, None, "đường Hoàng Liên") for n in ["4", "1", "2", "3", "10", "9"]]
    assert [house for house, _, _ in walking_order(houses)] == ["1", "3", "9", "2", "4", "10"]


def test_numbers_compare_as_numbers_not_text():
    houses = [(n, None, "phố Cốc Lếu") for n in ["11", "3", "101"]]
    assert [house for house, _, _ in walking_order(houses)] == ["3", "11", "101"]


def test_house_number_suffix_follows_the_plain_number():
    assert house_number_key("12") < house_number_key("12A") < house_number_key("14")


def test_unreadable_house_numbers_come_last():
    assert house_number_key("99") < house_number_key("không số")


def test_street_kind_does_not_change_the_order():
    assert walking_order([("1", None, "đường Hoàng Liên"), ("1", None, "phố Cốc Lếu")]) == [
        ("1", None, "phố Cốc Lếu"),
        ("1", None, "đường Hoàng Liên"),
    ]


def test_streets_first_then_lanes_then_houses():
    addresses = [
        ("2", "5", "phố Cốc Lếu"),
        ("1", "12", "phố Cốc Lếu"),
        ("1", "5", "phố Cốc Lếu"),
        ("7", None, "phố Cốc Lếu"),
        ("1", None, "đường Hoàng Liên"),
    ]
    assert walking_order(addresses) == [
        ("7", None, "phố Cốc Lếu"),  # the street itself before its lanes
        ("1", "5", "phố Cốc Lếu"),
        ("2", "5", "phố Cốc Lếu"),
        ("1", "12", "phố Cốc Lếu"),  # lane 12 after lane 5
        ("1", None, "đường Hoàng Liên"),
    ]
