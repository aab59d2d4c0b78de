"""Street names as addresses and the map write them, matched by one key."""

import pytest

from desktop.domain.street_names import (
    house_value,
    is_ward_name,
    named_like_ward,
    split_lane_key,
    street_address,
    street_key,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Hoàng Liên", "hoang lien"),
        ("đường Hoàng Liên", "hoang lien"),
        ("ĐƯỜNG  HOÀNG LIÊN", "hoang lien"),
        ("Đ. Hoàng Liên", "hoang lien"),
        ("P. Cốc Lếu", "coc leu"),
        ("phố Cốc Lếu", "coc leu"),
        ("Đại lộ Trần Hưng Đạo", "tran hung dao"),
        ("Đường D1", "d1"),  # a street called D1 keeps its name
        ("Đường", "duong"),  # a word alone is the name
        ("QL4D", "quoc lo 4d"),
        ("Quốc lộ 4D", "quoc lo 4d"),
        ("Phố Huế", "hue"),
        ("Ngõ Huế", "ngo hue"),  # a lane with a name is not Phố Huế
        ("", ""),
        (None, ""),
    ],
)
def test_street_key_folds_and_leaves_out_the_kind_of_street(written, key):
    assert street_key(written) == key


@pytest.mark.parametrize(
    ("house", "lane", "street", "way_key", "house_token"),
    [
        ("5", None, "đường Hoàng Liên", "hoang lien", "5"),
        ("Số 12A", None, "P. Cốc Lếu", "coc leu", "12a"),
        ("12-14", None, "Trần Phú", "tran phu", "12"),
        ("5", "ngõ 12", "Hoàng Liên", "hoang lien#12", "5"),
        ("5", "ngõ 12 Hoàng Liên", None, "hoang lien#12", "5"),  # as imports split it
        ("5", None, "Ngõ 12 Hoàng Liên", "hoang lien#12", "5"),  # as OSM addr:street has it
        ("12/5", None, "Hoàng Liên", "hoang lien#12", "5"),
        ("5", "ngõ 12, ngách 5", "Hoàng Liên", "hoang lien#12/5", "5"),
        ("2", "hẻm 45/2", "Lê Lợi", "le loi#45/2", "2"),
        ("3", "5", "Lê Lợi", "le loi#5", "3"),  # a bare lane number is a ngõ
        ("7", "ngõ Huế", "Hoàng Liên", "ngo hue", "7"),
        (None, None, "Hoàng Liên", "hoang lien", None),
    ],
)
def test_an_address_is_read_as_street_lanes_and_house(house, lane, street, way_key, house_token):
    address = street_address(house, lane, street)
    assert address.way_key == way_key
    assert address.house == house_token


def test_one_house_written_three_ways_matches():
    keys = {
        street_address("5", "ngõ 12", "đường Hoàng Liên").match_key,
        street_address("12/5", None, "Hoàng Liên").match_key,
        street_address("5", None, "Ngõ 12 Hoàng Liên").match_key,
    }
    assert keys == {("hoang lien", ("12",), "5")}


def test_lane_keys_split_back():
    assert split_lane_key("hoang lien#12/5") == ("hoang lien", ("12", "5"))
    assert split_lane_key("#12") == ("", ("12",))
    assert split_lane_key("hoang lien") is None


def test_house_value_counts_the_leading_number():
    assert [house_value(t) for t in ("12a", "7", None, "")] == [12, 7, None, None]


def test_ward_names():
    assert is_ward_name("Phường Cốc Lếu", "Cốc Lếu")
    assert is_ward_name("Cốc Lếu", "Cốc Lếu")
    assert is_ward_name("Xã Bản Phiệt", "Bản Phiệt")
    assert not is_ward_name("Phường Duyên Hải", "Cốc Lếu")
    assert not is_ward_name("Phường", "Cốc Lếu")
    assert named_like_ward("Công an phường Cốc Lếu", "Cốc Lếu")
    assert not named_like_ward("Công an tỉnh Lào Cai", "Cốc Lếu")
    assert not named_like_ward(None, "Cốc Lếu")
