"""Placing a household by hand and confirming an estimate: the position, its source, the
version, the audit trail, and what is refused."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household
from desktop.domain.errors import UserError
from desktop.domain.positions import CONFIRMED, INTERPOLATED
from desktop.domain.roles import ENTRY
from desktop.services import signed_in
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from desktop.services.maps.placing import (
    confirm_positions,
    place_household,
    position_surroundings,
)
from desktop.services.signed_in import NotAllowed, SignedInAccount
from tests.services.maps.conftest import LISTED
from tests.services.maps.osm_files import HOANG_LIEN_Y, lat_lon, metres

# On Hoàng Liên's north side, between its numbers 41 and 60 (x 164 and 240).
BY_THE_STREET = lat_lon(200, HOANG_LIEN_Y + 9)


@pytest.fixture
def with_map(database, ward, map_file):
    with database.session() as session:
        load_map(session, map_file)
    return ward


def stored(database, household_id: int) -> Household:
    with database.session() as session:
        household = session.get(Household, household_id)
        session.expunge(household)
        return household


def audit_of(database, code: str) -> list[AuditEntry]:
    with database.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "household", AuditEntry.entity_key == code)
            .order_by(AuditEntry.id)
        ).all()
        for entry in entries:
            session.expunge(entry)
        return list(entries)


def test_placing_a_household_confirms_it_bumps_its_version_and_audits_the_move(database, with_map):
    household_id = with_map["missing"]  # its street is not on the map: placed by hand
    before = stored(database, household_id)
    with database.session() as session:
        placed = place_household(session, household_id, *BY_THE_STREET, before.version)
    after = stored(database, household_id)
    assert (after.lat, after.lon) == pytest.approx(BY_THE_STREET, abs=1e-9)
    assert after.position_source == CONFIRMED
    assert after.version == before.version + 1 == placed.version
    assert placed.previous is None and placed.address == "Số 4, phố Lý Công Uẩn"
    entry = audit_of(database, after.code)[-1]
    assert entry.action == "update" and entry.reason == "edit"
    assert entry.changes == {
        "lat": [None, after.lat],
        "lon": [None, after.lon],
        "position_source": [None, CONFIRMED],
    }


def test_moving_an_estimate_records_where_it_was(database, with_map):
    with database.session() as session:
        locate_households(session)
    estimate = stored(database, with_map["hl7"])
    assert estimate.position_source == INTERPOLATED
    with database.session() as session:
        placed = place_household(session, estimate.id, *BY_THE_STREET)
    assert placed.previous == (estimate.lat, estimate.lon)
    entry = audit_of(database, estimate.code)[-1]
    assert entry.changes["lat"] == [estimate.lat, placed.lat]
    assert entry.changes["position_source"] == [INTERPOLATED, CONFIRMED]


def test_locating_again_never_moves_a_household_placed_by_hand(database, with_map):
    with database.session() as session:
        place_household(session, with_map["hl7"], *BY_THE_STREET)
    with database.session() as session:
        result = locate_households(session)
    kept = stored(database, with_map["hl7"])
    assert (kept.lat, kept.lon) == pytest.approx(BY_THE_STREET, abs=1e-9)
    assert kept.position_source == CONFIRMED
    assert result.kept == 2  # the list's household and this one


def test_a_position_outside_the_maps_area_is_refused_and_nothing_changes(database, with_map):
    household_id = with_map["hl7"]
    before = stored(database, household_id)
    five_km_east = lat_lon(5_000, HOANG_LIEN_Y)
    with pytest.raises(UserError) as refused, database.session() as session:
        place_household(session, household_id, *five_km_east)
    assert "nằm ngoài vùng bản đồ của phường" in str(refused.value)
    assert "22,48" in str(refused.value)  # the point, with a decimal comma
    after = stored(database, household_id)
    assert (after.lat, after.lon, after.version) == (None, None, before.version)
    assert [e.action for e in audit_of(database, before.code)] == ["create"]


def test_without_a_map_only_a_point_outside_vietnam_or_not_a_number_is_refused(database, ward):
    household_id = ward["hl7"]
    for lat, lon in ((48.85, 2.35), (math.nan, 103.96), (22.48, math.inf)):
        with pytest.raises(UserError), database.session() as session:
            place_household(session, household_id, lat, lon)
    with database.session() as session:
        place_household(session, household_id, 22.4812, 103.9634)
    assert stored(database, household_id).position_source == CONFIRMED


def test_a_stale_version_or_a_position_changed_meanwhile_is_refused(database, with_map):
    household_id = with_map["listed"]
    version = stored(database, household_id).version
    with database.session() as session:
        place_household(session, household_id, *BY_THE_STREET, expected_version=version)
    with pytest.raises(UserError, match="vừa được người khác"), database.session() as session:
        place_household(session, household_id, *LISTED, expected_version=version)
    with pytest.raises(UserError, match="vừa được người khác"), database.session() as session:
        place_household(session, household_id, *LISTED, expected_position=LISTED)
    with database.session() as session:  # what the map showed is what is stored
        place_household(session, household_id, *LISTED, expected_position=BY_THE_STREET)
    assert (stored(database, household_id).lat, stored(database, household_id).lon) == LISTED


def test_confirming_keeps_the_positions_and_names_what_could_not_be_confirmed(database, with_map):
    with database.session() as session:
        locate_households(session)
        place_household(session, with_map["hl8"], *BY_THE_STREET)
    estimate = stored(database, with_map["hl7"])
    chosen = [with_map[name] for name in ("hl7", "hl8", "missing", "listed")]
    with database.session() as session:
        result = confirm_positions(session, chosen)
    assert result.confirmed == (estimate.code, stored(database, with_map["listed"]).code)
    assert result.already == 1
    assert result.without_position == (stored(database, with_map["missing"]).code,)
    assert result.summary() == (
        "Đã xác nhận vị trí 2 hộ; 1 hộ đã được xác nhận từ trước; 1 hộ chưa có vị trí "
        "(hãy đặt trên bản đồ)."
    )
    after = stored(database, with_map["hl7"])
    assert (after.lat, after.lon) == (estimate.lat, estimate.lon)
    assert after.position_source == CONFIRMED and after.version == estimate.version + 1
    assert audit_of(database, estimate.code)[-1].changes == {
        "position_source": [INTERPOLATED, CONFIRMED]
    }
    with database.session() as session:  # a second time: nothing left to change
        again = confirm_positions(session, chosen)
    assert again.confirmed == () and again.already == 3
    assert len(audit_of(database, estimate.code)) == 3  # create, locate, confirm


def test_confirming_only_households_without_a_position_is_refused(database, ward):
    with pytest.raises(UserError, match="chưa có vị trí"), database.session() as session:
        confirm_positions(session, [ward["hl7"], ward["missing"]])


def test_the_pickers_surroundings_are_the_streets_and_houses_around_the_household(
    database, with_map
):
    with database.session() as session:
        place_household(session, with_map["hl8"], *lat_lon(100, HOANG_LIEN_Y - 9))
        around = position_surroundings(session, with_map["listed"])
    assert around.origin == LISTED  # centred on the household's own position
    x, y = metres(*LISTED)
    assert around.position == (0.0, 0.0)
    names = {street.name for street in around.streets}
    assert {"Đường Hoàng Liên", "Ngõ 12 Hoàng Liên", "Phố Nguyễn Huệ"} <= names
    hoang_lien = next(s for s in around.streets if s.name == "Đường Hoàng Liên")
    assert hoang_lien.points[:, 1] == pytest.approx(HOANG_LIEN_Y - y, abs=0.2)
    assert [(n.label, round(n.x + x), round(n.y + y)) for n in around.neighbours] == [
        ("8", 100, HOANG_LIEN_Y - 9)
    ]
    west, south, east, north = around.bounds
    assert west < -x and east > 800 - x and south < -y and north > HOANG_LIEN_Y - y
    assert around.lat_lon(around.metres(*BY_THE_STREET)) == pytest.approx(BY_THE_STREET)


def test_a_new_household_is_shown_among_the_located_houses_of_its_street(database, with_map):
    with database.session() as session:
        place_household(session, with_map["hl8"], *lat_lon(100, HOANG_LIEN_Y - 9))
        around = position_surroundings(session, None, street="đường  HOÀNG liên")
    # Between the two located houses of Hoàng Liên, however the list spells it.
    listed = metres(*LISTED)
    middle = ((100 + listed[0]) / 2, (HOANG_LIEN_Y - 9 + listed[1]) / 2)
    assert metres(*around.origin) == pytest.approx(middle, abs=0.05)
    assert around.position is None


def test_no_surroundings_before_a_map_is_loaded(database, ward):
    with database.session() as session:
        assert position_surroundings(session, ward["listed"]) is None


def test_confirming_where_the_map_drew_a_household_without_a_position_stores_it(database, with_map):
    household_id = with_map["missing"]
    with database.session() as session:
        result = confirm_positions(session, [household_id], {household_id: BY_THE_STREET})
    after = stored(database, household_id)
    assert result.confirmed == (after.code,)
    assert (after.lat, after.lon, after.position_source) == (*BY_THE_STREET, CONFIRMED)
    assert audit_of(database, after.code)[-1].changes["lat"] == [None, BY_THE_STREET[0]]


def test_one_shown_position_off_the_map_confirms_none_of_them(database, with_map):
    chosen = {with_map["listed"]: LISTED, with_map["missing"]: lat_lon(5_000, 0)}
    with pytest.raises(UserError, match="ngoài vùng bản đồ"), database.session() as session:
        confirm_positions(session, list(chosen), chosen)
    assert stored(database, with_map["listed"]).position_source is None
    assert stored(database, with_map["missing"]).lat is None


def test_a_role_that_may_not_change_households_places_and_confirms_nothing(database, with_map):
    signed_in.sign_in(SignedInAccount(4, "nhap.lieu", "Lò Thị Lan", ENTRY))
    household_id = with_map["listed"]
    with pytest.raises(NotAllowed), database.session() as session:
        place_household(session, household_id, *BY_THE_STREET)
    with pytest.raises(NotAllowed), database.session() as session:
        confirm_positions(session, [household_id])
    assert stored(database, household_id).position_source is None
