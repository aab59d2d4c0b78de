"""`map locate`: a position for every household from its address along the map's streets."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household
from desktop.domain.errors import UserError
from desktop.domain.positions import ADDRESS_POINT, CONFIRMED, INTERPOLATED
from desktop.services import households
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from tests.services.maps.conftest import LISTED
from tests.services.maps.osm_files import (
    HOANG_LIEN_Y,
    LANE_12_X,
    NGUYEN_HUE_X,
    metres,
    ward_map,
)


@pytest.fixture
def located(database, ward, map_file):
    with database.session() as session:
        load_map(session, map_file)
    with database.session() as session:
        result = locate_households(session)
    return result


def position(database, household_id: int) -> tuple[tuple[float, float] | None, str | None]:
    """(metres east and north of the map's origin, or None) and the position's source."""
    with database.session() as session:
        household = session.get(Household, household_id)
        where = metres(household.lat, household.lon) if household.lat is not None else None
        return where, household.position_source


def test_counts_and_the_households_left_unplaced_with_their_reason(located, ward):
    assert located.as_json() == {
        "located": 9,
        "by_address_point": 2,
        "interpolated": 7,
        "unplaced": [
            {
                "household_code": "COCLEU-000008",
                "address": "Số 4, phố Lý Công Uẩn",
                "why": "Không có “phố Lý Công Uẩn” trên bản đồ đã nạp.",
            },
            {
                "household_code": "COCLEU-000009",
                "address": "phố Nguyễn Huệ",
                "why": "Địa chỉ không có số nhà để đặt dọc theo “phố Nguyễn Huệ”.",
            },
        ],
    }
    assert located.summary() == (
        "Đã định vị 9 hộ theo địa chỉ (2 theo điểm địa chỉ trên bản đồ, 7 nội suy theo số nhà); "
        "2 hộ chưa định vị được."
    )


def test_a_house_the_map_numbers_stands_at_its_address_point(located, ward, database):
    where, source = position(database, ward["hl20"])
    assert source == ADDRESS_POINT
    assert where == pytest.approx((80, HOANG_LIEN_Y - 10), abs=0.1)
    where, source = position(database, ward["hl41"])  # the building's centre
    assert source == ADDRESS_POINT and where == pytest.approx((164, 312), abs=0.1)


def test_numbers_between_points_are_interpolated_odd_and_even_on_opposite_sides(
    located, ward, database
):
    (x7, y7), source = position(database, ward["hl7"])
    (x8, y8), _ = position(database, ward["hl8"])
    assert source == INTERPOLATED
    # Between number 1 (x = 8) and number 20 (x = 80), in proportion.
    assert x7 == pytest.approx(8 + (7 - 1) / (20 - 1) * 72, abs=0.5)
    assert x8 == pytest.approx(8 + (8 - 1) / (20 - 1) * 72, abs=0.5)
    # Odd north of the street (as the map's odd numbers are), even south, a few metres off.
    assert y7 == pytest.approx(HOANG_LIEN_Y + 8, abs=0.5)
    assert y8 == pytest.approx(HOANG_LIEN_Y - 8, abs=0.5)


def test_a_lane_the_map_draws_is_walked_from_its_mouth(located, ward, database):
    (x3, y3), source = position(database, ward["lane12"])
    (x4, y4), _ = position(database, ward["slash"])  # "12/4 Hoàng Liên" is ngõ 12, house 4
    assert source == INTERPOLATED
    # Up the lane from Hoàng Liên, houses 3 and 4 on opposite sides.
    assert HOANG_LIEN_Y < y3 < y4 < 420
    assert x3 < LANE_12_X < x4


def test_a_lane_the_map_lacks_branches_off_its_street_at_the_lanes_number(located, ward, database):
    (x, y), source = position(database, ward["lane30"])  # Số 5, ngõ 30 Hoàng Liên
    assert source == INTERPOLATED
    # Number 30 stands between 20 (x = 80) and 41 (x = 164); even numbers are south.
    mouth = 80 + (30 - 20) / (41 - 20) * (164 - 80)
    assert x == pytest.approx(mouth, abs=6)
    assert HOANG_LIEN_Y - 60 < y < HOANG_LIEN_Y - 8


def test_a_street_without_address_points_is_numbered_from_the_end_nearer_the_station(
    located, ward, database
):
    # The station (22.49, 103.97) lies north-east: Nguyễn Huệ is numbered from its north
    # end, over the bridge; 15 is the highest number known on it.
    (x, y), source = position(database, ward["nh15"])
    assert source == INTERPOLATED
    assert y == pytest.approx(600 - 15 / 17 * 600, abs=1)
    assert x == pytest.approx(NGUYEN_HUE_X + 8, abs=0.5)  # odd: left walking south is east


def test_positions_from_the_list_and_confirmed_ones_are_never_moved(database, ward, map_file):
    with database.session() as session:
        form = households.household_form(session, ward["hl7"])
        households.update_household(
            session,
            ward["hl7"],
            households.HouseholdInput(
                group_id=form.group_id, house_number="7", street="Hoàng Liên", lat=22.4801,
                lon=103.9602,
            ),
        )  # fmt: skip
        load_map(session, map_file)
    with database.session() as session:
        result = locate_households(session)
    assert result.located == 8 and result.kept == 2
    with database.session() as session:
        listed = session.get(Household, ward["listed"])
        confirmed = session.get(Household, ward["hl7"])
        assert (listed.lat, listed.lon) == LISTED and listed.position_source is None
        assert (confirmed.lat, confirmed.lon) == (22.4801, 103.9602)
        assert confirmed.position_source == CONFIRMED


def test_locating_again_replaces_only_its_own_estimates(located, ward, database):
    with database.session() as session:
        before = session.get(Household, ward["hl8"]).version
        again = locate_households(session)
    assert again.as_json() == located.as_json()
    with database.session() as session:
        assert session.get(Household, ward["hl8"]).version == before + 1


def test_each_placed_household_is_audited(located, ward, database):
    with database.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.reason == "map", AuditEntry.entity_type == "household"
            )
        ).all()
    assert len(entries) == 9
    seven = next(e for e in entries if e.entity_key == "COCLEU-000003")
    assert seven.action == "update" and seven.source == "cocleu.osm.pbf"
    assert seven.changes["position_source"] == [None, INTERPOLATED]
    assert seven.changes["lat"][0] is None


def test_without_a_map_locate_is_refused(database, ward):
    with pytest.raises(UserError, match="Chưa có bản đồ"), database.session() as session:
        locate_households(session)


def test_a_map_lane_named_only_by_its_number_is_the_one_reaching_the_street(
    database, ward, tmp_path
):
    osm = ward_map()
    # "Ngõ 30" twice: one opening on Hoàng Liên at x = 140 (where the map says it is,
    # not x = 120 where number 30 would be), going south; one far off.
    osm.line([(140, HOANG_LIEN_Y), (140, 200)], highway="footway", name="Ngõ 30")
    osm.line([(700, 50), (800, 50)], highway="footway", name="Ngõ 30")
    with database.session() as session:
        load_map(session, osm.write_pbf(tmp_path / "ngo30.osm.pbf"))
    with database.session() as session:
        locate_households(session)
    (x, y), source = position(database, ward["lane30"])  # Số 5, ngõ 30 Hoàng Liên
    assert source == INTERPOLATED
    assert x == pytest.approx(140, abs=8.5) and 200 < y < HOANG_LIEN_Y
