"""Residents: the head-of-household rules, unique ID numbers, statuses and the audit trail."""

import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household, Resident
from desktop.domain.errors import UserError
from desktop.services import audit, households, registry, residents
from desktop.services.residents import ResidentInput
from tests.builders import add_household, add_resident, make_group, make_ward
from tests.conftest import TODAY

HEAD_ID = "010080000001"  # Lào Cai, man born 1980


@pytest.fixture
def household_id(database) -> int:
    """A household headed by Nguyễn Văn An (born 1980), with his wife Lò Thị Mai."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        household_id = add_household(
            session, group, head="Nguyễn Văn An", gender="Nam", personal_id=HEAD_ID
        )
        add_resident(session, household_id, "Lò Thị Mai", relation="Vợ", gender="Nữ")
        return household_id


@pytest.fixture
def empty_household_id(database) -> int:
    with database.session() as session:
        group = make_group(session, make_ward(session))
        return households.create_household(
            session, households.HouseholdInput(group.id, house_number="5")
        )


def members(database, household_id: int) -> list[tuple[str, str]]:
    """(name, relation) of the household's residents in register order, read afresh."""
    with database.session() as session:
        rows = session.scalars(
            select(Resident)
            .where(Resident.household_id == household_id)
            .order_by(Resident.position)
        )
        return [(r.full_name, r.relation) for r in rows]


def resident_named(database, full_name: str) -> Resident:
    with database.session() as session:
        return session.scalars(select(Resident).where(Resident.full_name == full_name)).one()


def head_name(database, household_id: int) -> str:
    with database.session() as session:
        return session.get(Household, household_id).head_name


def audit_of(database, resident: Resident) -> list[AuditEntry]:
    with database.session() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_key == resident.uid)
                .order_by(AuditEntry.id)
            )
        )


def form_input(form: residents.ResidentForm, **changes) -> ResidentInput:
    values = {name: getattr(form, name) for name in ResidentInput.__dataclass_fields__}
    return ResidentInput(**{**values, **changes})


def edit(database, who: str, expected_version: int | None = None, /, **changes) -> None:
    """Open `who`'s form, change some fields and save, as the edit dialog does."""
    resident = resident_named(database, who)
    with database.session() as session:
        form = residents.resident_form(session, resident.id)
        residents.update_resident(
            session, resident.id, form_input(form, **changes), TODAY, expected_version
        )


def test_values_are_stored_clean(database, empty_household_id):
    with database.session() as session:
        residents.create_resident(
            session,
            empty_household_id,
            ResidentInput(
                full_name=unicodedata.normalize("NFD", "  trần   THỊ ước "),
                relation="chu ho",
                birth_date=date(1985, 4, 2),
                gender="NỮ",
                personal_id=10185001234,
                phone="+84 912 345 678",
            ),
            TODAY,
        )
    stored = resident_named(database, "Trần Thị Ước")
    assert (stored.relation, stored.gender, stored.birth_year) == ("Chủ hộ", "female", 1985)
    assert (stored.personal_id, stored.phone) == ("010185001234", "0912345678")
    assert stored.name_folded == "tran thi uoc"
    assert head_name(database, empty_household_id) == "Trần Thị Ước"


def test_creation_is_audited_with_the_household_as_source(database, household_id):
    [entry] = audit_of(database, resident_named(database, "Lò Thị Mai"))
    assert (entry.action, entry.reason, entry.entity_type) == ("create", "edit", "resident")
    assert entry.changes["full_name"] == [None, "Lò Thị Mai"]
    assert entry.changes["relation"] == [None, "Vợ"]
    assert entry.source.startswith("COCLEU-")


def test_first_member_must_be_the_head(database, empty_household_id):
    with pytest.raises(UserError, match="phải là “Chủ hộ”"), database.session() as session:
        residents.create_resident(
            session, empty_household_id, ResidentInput("Lò Văn Páo", "Con"), TODAY
        )
    assert members(database, empty_household_id) == []


def test_a_second_head_is_refused_naming_the_current_one(database, household_id):
    refused = pytest.raises(UserError, match="đã có chủ hộ là Nguyễn Văn An")
    with refused, database.session() as session:
        residents.create_resident(
            session, household_id, ResidentInput("Lò Văn Páo", "CHỦ HỘ"), TODAY
        )
    assert members(database, household_id) == [("Nguyễn Văn An", "Chủ hộ"), ("Lò Thị Mai", "Vợ")]


def test_head_cannot_be_changed_by_editing_a_relation(database, household_id):
    with pytest.raises(UserError, match="Đặt làm chủ hộ"):
        edit(database, "Lò Thị Mai", relation="Chủ hộ")
    with pytest.raises(UserError, match="Đặt làm chủ hộ"):
        edit(database, "Nguyễn Văn An", relation="Chồng")
    assert members(database, household_id) == [("Nguyễn Văn An", "Chủ hộ"), ("Lò Thị Mai", "Vợ")]


def test_change_head_swaps_relations_and_is_audited(database, household_id):
    wife = resident_named(database, "Lò Thị Mai")
    with database.session() as session:
        residents.change_head(session, wife.id, "chồng")
    assert members(database, household_id) == [("Nguyễn Văn An", "Chồng"), ("Lò Thị Mai", "Chủ hộ")]
    assert head_name(database, household_id) == "Lò Thị Mai"
    assert audit_of(database, wife)[-1].changes == {"relation": ["Vợ", "Chủ hộ"]}
    former = audit_of(database, resident_named(database, "Nguyễn Văn An"))[-1]
    assert former.changes == {"relation": ["Chủ hộ", "Chồng"]}


def test_change_head_needs_a_new_relation_for_the_former_head(database, household_id):
    wife = resident_named(database, "Lò Thị Mai")
    with pytest.raises(UserError), database.session() as session:
        residents.change_head(session, wife.id, "Chủ hộ")
    assert members(database, household_id) == [("Nguyễn Văn An", "Chủ hộ"), ("Lò Thị Mai", "Vợ")]


def test_the_head_cannot_be_deleted_while_others_remain(database, household_id):
    head = resident_named(database, "Nguyễn Văn An")
    with pytest.raises(UserError, match="là chủ hộ"), database.session() as session:
        residents.delete_resident(session, head.id)
    assert len(members(database, household_id)) == 2


def test_the_head_can_go_last(database, household_id):
    wife, head = resident_named(database, "Lò Thị Mai"), resident_named(database, "Nguyễn Văn An")
    with database.session() as session:
        residents.delete_resident(session, wife.id, wife.version)
        residents.delete_resident(session, head.id, head.version)
    assert members(database, household_id) == []
    assert head_name(database, household_id) == ""
    deletion = audit_of(database, wife)[-1]
    assert deletion.action == "delete"
    assert deletion.changes["full_name"] == ["Lò Thị Mai", None]


def test_duplicate_personal_id_is_refused_naming_the_other_person_and_household(
    database, household_id
):
    with database.session() as session:
        code = session.get(Household, household_id).code
        group = make_group(session, session.get(Household, household_id).group.ward, "Tổ 2")
        other_household = add_household(session, group, head="Hà Văn Sáng", house_number="9")
    with pytest.raises(UserError) as refused, database.session() as session:
        residents.create_resident(
            session,
            other_household,
            ResidentInput("Hà Thị Lan", "Vợ", personal_id="010 080 000 001"),
            TODAY,
        )
    assert "Nguyễn Văn An" in str(refused.value) and code in str(refused.value)
    assert "Số 1, đường Hoàng Liên" in str(refused.value)
    assert members(database, other_household) == [("Hà Văn Sáng", "Chủ hộ")]


def test_editing_in_a_duplicate_personal_id_is_refused(database, household_id):
    with pytest.raises(UserError, match="Nguyễn Văn An"):
        edit(database, "Lò Thị Mai", personal_id=HEAD_ID)
    assert resident_named(database, "Lò Thị Mai").personal_id is None


def test_keeping_ones_own_personal_id_is_not_a_duplicate(database, household_id):
    edit(database, "Nguyễn Văn An", phone="0987654321")
    assert resident_named(database, "Nguyễn Văn An").phone == "0987654321"


def test_status_change_is_dated_and_audited_with_old_and_new(database, household_id):
    head = resident_named(database, "Nguyễn Văn An")
    with database.session() as session:
        form = residents.resident_form(session, head.id)
        residents.update_resident(
            session,
            head.id,
            form_input(form, vneid_level=2, app_114=True),
            TODAY,
            form.version,
            reason=audit.VISIT,
        )
    stored = resident_named(database, "Nguyễn Văn An")
    assert (stored.vneid_level, stored.vneid_level_changed_on, stored.app_114) == (2, TODAY, True)
    entry = audit_of(database, head)[-1]
    assert (entry.action, entry.reason) == ("update", "visit")
    assert entry.changes == {"vneid_level": [0, 2], "app_114": [None, True]}


def test_other_edits_leave_the_level_date_alone(database, household_id):
    edit(database, "Nguyễn Văn An", phone="0987654321")
    assert resident_named(database, "Nguyễn Văn An").vneid_level_changed_on is None


def test_opening_the_form_is_recorded_as_a_view(database, household_id):
    wife = resident_named(database, "Lò Thị Mai")
    with database.session() as session:
        residents.resident_form(session, wife.id)
    assert audit_of(database, wife)[-1].action == "view"


def test_stale_form_is_refused_when_another_desk_saved_first(database, household_id):
    wife = resident_named(database, "Lò Thị Mai")
    with database.session() as session:
        my_form = residents.resident_form(session, wife.id)
    edit(database, "Lò Thị Mai", my_form.version, phone="0987654321")  # the other desk
    with pytest.raises(UserError, match="người khác sửa"), database.session() as session:
        residents.update_resident(
            session, wife.id, form_input(my_form, phone="0911111111"), TODAY, my_form.version
        )
    assert resident_named(database, "Lò Thị Mai").phone == "0987654321"


def test_level2_for_a_small_child_is_refused_and_nothing_is_saved(database, household_id):
    with pytest.raises(UserError, match="dưới 6 tuổi"), database.session() as session:
        residents.create_resident(
            session,
            household_id,
            ResidentInput(
                "Nguyễn Văn Bé",
                "Con",
                birth_date=date(2023, 5, 1),
                personal_id="010223000001",
                vneid_level=2,
            ),
            TODAY,
        )
    assert len(members(database, household_id)) == 2


def test_level2_without_personal_id_is_refused(database, household_id):
    with pytest.raises(UserError, match="số định danh"):
        edit(database, "Lò Thị Mai", vneid_level=2)
    assert resident_named(database, "Lò Thị Mai").vneid_level == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": "  "}, "không được để trống"),
        ({"full_name": "Lò Thị 2"}, "chữ số"),
        ({"birth_date": date(2027, 1, 1)}, "sau ngày hôm nay"),
        ({"birth_date": None, "birth_year": 1850}, "Năm sinh"),
        ({"phone": "0123"}, "điện thoại"),
        ({"personal_id": "0100800000"}, "12 chữ số"),
        ({"gender": "X"}, "Giới tính"),
    ],
)
def test_invalid_values_are_refused_and_the_record_is_unchanged(
    database, household_id, changes, message
):
    with pytest.raises(UserError, match=message):
        edit(database, "Lò Thị Mai", **changes)
    stored = resident_named(database, "Lò Thị Mai")
    assert (stored.phone, stored.personal_id, stored.version) == (None, None, 1)


def test_warnings_are_returned_for_a_person_to_confirm(database):
    cleaned, warnings = residents.clean_resident_input(
        ResidentInput("Lò Thị Mai", "Vợ", birth_year=1990, gender="Nữ", personal_id=HEAD_ID),
        TODAY,
    )
    assert cleaned.personal_id == HEAD_ID
    assert len(warnings) == 2  # the ID says a man born in 1980


def test_renaming_refreshes_the_households_head_name(database, household_id):
    edit(database, "Nguyễn Văn An", full_name="Nguyễn Văn Ân")
    assert head_name(database, household_id) == "Nguyễn Văn Ân"


def test_replace_keeps_form_fields_usable_as_input(database, household_id):
    # The dialog hands back its form with edits; the service accepts it as input.
    wife = resident_named(database, "Lò Thị Mai")
    with database.session() as session:
        form = residents.resident_form(session, wife.id)
        residents.update_resident(session, wife.id, replace(form, notes="Đi làm xa"), TODAY)
    assert resident_named(database, "Lò Thị Mai").notes == "Đi làm xa"


def test_search_follows_a_rename_and_forgets_the_deleted(database, household_id):
    edit(database, "Lò Thị Mai", full_name="Lò Thị Xuyến")

    def found(text: str) -> list[int]:
        with database.session() as session:
            rows = registry.list_households(session, registry.HouseholdQuery(text=text), TODAY)
            return [row.id for row in rows]

    assert (found("lo thi mai"), found("lo thi xuyen")) == ([], [household_id])
    xuyen = resident_named(database, "Lò Thị Xuyến")
    with database.session() as session:
        residents.delete_resident(session, xuyen.id)
    assert found("xuyen") == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "=HYPERLINK(\"x\")"), ("full_name", "@sum"), ("relation", "+cmd")],
)
def test_a_name_or_relation_a_spreadsheet_would_run_is_refused(field, value):
    data = replace(ResidentInput(full_name="Nguyễn Văn An", relation="Con"), **{field: value})
    with pytest.raises(UserError, match="công thức"):
        residents.clean_resident_input(data, TODAY)


def test_a_group_name_a_spreadsheet_would_run_is_refused(database):
    from desktop.services import wards

    with database.session() as session, pytest.raises(UserError, match="Tên tổ dân phố"):
        wards.find_or_create_group(session, make_ward(session), "=1+1")
