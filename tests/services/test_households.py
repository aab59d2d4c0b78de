"""Adding, changing and deleting households: what is saved, what is refused, what is audited."""

import unicodedata

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household, Resident, ResidentialGroup
from desktop.domain.errors import UserError
from desktop.services import audit, households
from desktop.services.households import HouseholdInput
from tests.builders import add_household, add_resident, make_group, make_ward


@pytest.fixture
def group_id(database) -> int:
    with database.session() as session:
        return make_group(session, make_ward(session), "Tổ 3").id


def audit_trail(database, entity_type: str) -> list[AuditEntry]:
    with database.session() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type)
                .order_by(AuditEntry.id)
            )
        )


def stored_households(database) -> list[Household]:
    with database.session() as session:
        return list(session.scalars(select(Household).order_by(Household.id)))


def test_new_household_gets_a_ward_code_and_a_readable_address(database, group_id):
    with database.session() as session:
        first = households.create_household(
            session,
            HouseholdInput(group_id, house_number=" 12 ", lane="5", street="ĐƯỜNG hoàng  liên"),
        )
        second = households.create_household(session, HouseholdInput(group_id, house_number="14"))
    with database.session() as session:
        one, two = session.get(Household, first), session.get(Household, second)
        assert (one.code, two.code) == ("COCLEU-000001", "COCLEU-000002")
        assert one.address == "Số 12, ngõ 5, đường Hoàng Liên"
        assert one.address_folded == "so 12 ngo 5 duong hoang lien"
        assert one.street == "đường Hoàng Liên" and one.house_number == "12"


def test_creation_is_audited_with_who_and_what(database, group_id):
    with database.session() as session:
        households.create_household(
            session, HouseholdInput(group_id, house_number="7", lat=22.49, lon=103.97)
        )
    [entry] = audit_trail(database, "household")
    assert (entry.action, entry.reason, entry.entity_key) == ("create", "edit", "COCLEU-000001")
    assert entry.actor == audit.current_actor()
    assert entry.changes["house_number"] == [None, "7"]
    assert entry.changes["lat"] == [None, 22.49]


def test_update_records_old_and_new_values_and_why(database, group_id):
    with database.session() as session:
        household_id = households.create_household(
            session, HouseholdInput(group_id, house_number="7", street="phố Cốc Lếu")
        )
    with database.session() as session:
        households.update_household(
            session,
            household_id,
            HouseholdInput(group_id, house_number="9", street="phố Cốc Lếu", lat=22.5, lon=104.0),
            reason=audit.VISIT,
        )
    entry = audit_trail(database, "household")[-1]
    assert (entry.action, entry.reason) == ("update", "visit")
    assert entry.changes == {
        "house_number": ["7", "9"],
        "lat": [None, 22.5],
        "lon": [None, 104.0],
        "position_source": [None, "confirmed"],
    }
    [stored] = stored_households(database)
    assert stored.address == "Số 9, phố Cốc Lếu"
    assert stored.version == 2


def test_saving_without_changes_writes_no_audit_entry(database, group_id):
    with database.session() as session:
        household_id = households.create_household(session, HouseholdInput(group_id, "7"))
    with database.session() as session:
        households.update_household(session, household_id, HouseholdInput(group_id, "7"))
    assert [entry.action for entry in audit_trail(database, "household")] == ["create"]


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (48.85, 2.35, "Vĩ độ"),  # Paris
        (22.49, 120.0, "Kinh độ"),  # east of the sea border
        (103.97, 22.49, "Vĩ độ"),  # latitude and longitude swapped
        (22.49, None, "cả vĩ độ và kinh độ"),
    ],
)
def test_coordinates_outside_vietnam_are_refused_and_nothing_is_saved(
    database, group_id, lat, lon, message
):
    with pytest.raises(UserError, match=message), database.session() as session:
        households.create_household(session, HouseholdInput(group_id, "7", lat=lat, lon=lon))
    assert stored_households(database) == []
    assert audit_trail(database, "household") == []


def test_a_household_needs_some_address(database, group_id):
    with pytest.raises(UserError, match="số nhà, ngõ hoặc tên đường"), database.session() as s:
        households.create_household(s, HouseholdInput(group_id, house_number="  "))


def test_a_group_that_is_gone_is_refused(database, group_id):
    with pytest.raises(UserError, match="Tổ dân phố"), database.session() as session:
        households.create_household(session, HouseholdInput(group_id + 99, "7"))


def test_refused_update_leaves_the_household_as_it_was(database, group_id):
    with database.session() as session:
        household_id = households.create_household(session, HouseholdInput(group_id, "7"))
    with pytest.raises(UserError), database.session() as session:
        households.update_household(
            session, household_id, HouseholdInput(group_id, "9", lat=1.0, lon=104.0)
        )
    [stored] = stored_households(database)
    assert (stored.house_number, stored.lat, stored.version) == ("7", None, 1)


def test_stale_form_is_refused_when_another_desk_saved_first(database, group_id):
    with database.session() as session:
        household_id = households.create_household(session, HouseholdInput(group_id, "7"))
    with database.session() as session:
        my_form = households.household_form(session, household_id)
    with database.session() as session:  # the other desk
        households.update_household(
            session, household_id, HouseholdInput(group_id, "8"), my_form.version
        )
    with pytest.raises(UserError, match="người khác sửa"), database.session() as session:
        households.update_household(
            session, household_id, HouseholdInput(group_id, "9"), my_form.version
        )
    [stored] = stored_households(database)
    assert stored.house_number == "8"  # the other desk's change survives


def test_deleting_a_household_takes_its_residents_and_is_audited(database, group_id):
    with database.session() as session:
        group = session.get(ResidentialGroup, group_id)
        household_id = add_household(session, group, head="Lò Văn Páo", house_number="2")
        add_resident(session, household_id, "Lò Thị Mai", relation="Vợ")
        form = households.household_form(session, household_id)
    with database.session() as session:
        removed = households.delete_household(session, household_id, form.version)
    assert removed == 2
    assert stored_households(database) == []
    with database.session() as session:
        assert session.scalars(select(Resident)).all() == []
    deleted = [e for e in audit_trail(database, "resident") if e.action == "delete"]
    assert sorted(e.changes["full_name"][0] for e in deleted) == ["Lò Thị Mai", "Lò Văn Páo"]
    household_entry = audit_trail(database, "household")[-1]
    assert household_entry.action == "delete"
    assert household_entry.changes["house_number"] == ["2", None]


def test_deleting_with_a_stale_form_is_refused(database, group_id):
    with database.session() as session:
        household_id = households.create_household(session, HouseholdInput(group_id, "7"))
    with database.session() as session:
        households.update_household(session, household_id, HouseholdInput(group_id, "8"))
    with pytest.raises(UserError), database.session() as session:
        households.delete_household(session, household_id, expected_version=1)
    assert len(stored_households(database)) == 1


def test_a_deleted_household_cannot_be_edited(database, group_id):
    with pytest.raises(UserError, match="không còn"), database.session() as session:
        households.update_household(session, 12345, HouseholdInput(group_id, "7"))


def test_decomposed_text_from_a_file_is_stored_composed(database, group_id):
    with database.session() as session:
        household_id = households.create_household(
            session,
            HouseholdInput(group_id, house_number="3", lane=unicodedata.normalize("NFD", "ngõ 5")),
        )
    [stored] = stored_households(database)
    assert stored.id == household_id
    assert stored.lane == "ngõ 5"
    assert stored.address == "Số 3, ngõ 5"  # not "ngõ ngõ 5"


def test_typing_coordinates_over_an_estimate_records_that_they_are_now_confirmed(
    database, group_id
):
    with database.session() as session:
        household_id = households.create_household(session, HouseholdInput(group_id, "9"))
        session.get(Household, household_id).position_source = "interpolated"  # map locate
    with database.session() as session:
        households.update_household(
            session, household_id, HouseholdInput(group_id, "9", lat=22.49, lon=103.97)
        )
    update = audit_trail(database, "household")[-1]
    assert update.changes["position_source"] == ["interpolated", "confirmed"]
    assert update.changes["lat"] == [None, 22.49]
