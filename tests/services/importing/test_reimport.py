"""Next month's list: matched residents are updated, new ones added, none duplicated."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household, Resident, Ward
from desktop.domain.errors import UserError
from desktop.services.importing import ImportRefused
from tests.builders import add_household, add_resident, make_group, make_ward
from tests.services.importing.workbooks import person, write_ward_list

FIRST_MONTH = {
    "Tổ 1": [
        person("Nguyễn Văn An", "05/03/1980", "Nam", "Chủ hộ", "010080012345", None, "12 Lê Lợi"),
        person("Trần Thị Bình", "12/07/1983", "Nữ", "Vợ", None, None, None, None, None),
        person("Nguyễn Thị Chi", None, "Nữ", "Con"),
        None,
        person("Lê Văn Dũng", "1950", "Nam", "Chủ hộ", None, None, "20 Hoàng Liên"),
    ]
}
NEXT_MONTH = {
    "Tổ 1": [
        # the ID number finds him; his level went up, the phone is new
        person(
            "Nguyễn Văn An",
            "05/03/1980",
            "Nam",
            "Chủ hộ",
            "010080012345",
            "0912345678",
            "12 Lê Lợi",
            "Mức 2",
            "Có",
        ),
        # name + birth date within the household finds her; now with her ID number
        person("Trần Thị Bình", "12/07/1983", "Nữ", "Vợ", "010183012346", None, None, "Mức 1"),
        # no birth date on either side: the name alone within the household
        person("Nguyễn Thị Chi", None, "Nữ", "Con", None, None, None, None, "x"),
        # a baby born since
        person("Nguyễn Văn Đức", "01/09/2026", "Nam", "Con"),
        None,
        # a stale list: blank level and 114 do not undo what the desk recorded
        person("Lê Văn Dũng", "1950", "Nam", "Chủ hộ", None, None, "20 Hoàng Liên"),
        None,
        person("Hoàng Thị Mai", "1990", "Nữ", "Chủ hộ", None, None, "3 Lê Lợi"),
    ]
}


def _residents(database) -> dict[str, Resident]:
    with database.session() as session:
        return {r.full_name: r for r in session.scalars(select(Resident))}


def test_next_months_list_updates_matches_and_adds_new_people(tmp_path, run_import, database):
    run_import(write_ward_list(tmp_path / "thang-10.xlsx", FIRST_MONTH))
    with database.session() as session:
        dung = session.scalars(select(Resident).where(Resident.full_name == "Lê Văn Dũng")).one()
        dung.vneid_level, dung.app_114 = 2, True  # recorded by the desk since

    result = run_import(write_ward_list(tmp_path / "thang-11.xlsx", NEXT_MONTH))

    counts = result.as_json()
    assert (counts["households"], counts["residents"]) == (3, 6)
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (2, 3, 1)
    assert counts["problems"] == []
    stored = _residents(database)
    assert len(stored) == 6
    an, binh, chi = stored["Nguyễn Văn An"], stored["Trần Thị Bình"], stored["Nguyễn Thị Chi"]
    assert (an.phone, an.vneid_level, an.app_114) == ("0912345678", 2, True)
    assert an.vneid_level_changed_on == date(2026, 11, 30)
    assert (binh.personal_id, binh.vneid_level) == ("010183012346", 1)
    assert chi.app_114 is True
    assert stored["Nguyễn Văn Đức"].household_id == an.household_id
    assert stored["Nguyễn Văn Đức"].position == 4
    dung = stored["Lê Văn Dũng"]
    assert (dung.vneid_level, dung.app_114) == (2, True)
    with database.session() as session:
        assert len(session.scalars(select(Household)).all()) == 3
        updates = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "update", AuditEntry.source == "thang-11.xlsx"
            )
        ).all()
    by_key = {entry.entity_key: entry.changes for entry in updates}
    assert by_key[an.uid] == {
        "phone": [None, "0912345678"],
        "vneid_level": [0, 2],
        "app_114": [None, True],
    }
    assert by_key[binh.uid] == {"personal_id": [None, "010183012346"], "vneid_level": [0, 1]}


def test_a_household_code_column_finds_the_household_next_time(tmp_path, run_import, database):
    headings = ["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Địa chỉ"]
    first = write_ward_list(
        tmp_path / "a.xlsx",
        {
            "Tổ 4": [
                ["HK-017", "Đỗ Văn Hải", 1970, "Chủ hộ", "Số 7, phố Cốc Lếu"],
                ["HK-017", "Đỗ Thị Lan", 1972, "Vợ", None],
            ]
        },
        headings=headings,
    )
    run_import(first)
    # The family moved house and the list wrote the head's name without diacritics.
    moved = write_ward_list(
        tmp_path / "b.xlsx",
        {
            "Tổ 4": [
                ["HK-017", "Do Van Hai", 1970, "Chủ hộ", "Số 40, phố Cốc Lếu"],
                ["HK-017", "Đỗ Thị Lan", 1972, "Vợ", None],
            ]
        },
        headings=headings,
    )

    result = run_import(moved)

    assert (result.counts.households, result.counts.added, result.counts.unchanged) == (1, 0, 2)
    with database.session() as session:
        household = session.scalars(select(Household)).one()
        assert (household.source_code, household.address) == ("HK-017", "Số 40, phố Cốc Lếu")
        names = session.scalars(select(Resident.full_name).order_by(Resident.position)).all()
        moves = session.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.entity_type == "household", AuditEntry.action == "update"
            )
        ).all()
    # The name typed without accents is the same name: the stored spelling stays.
    assert names == ["Đỗ Văn Hải", "Đỗ Thị Lan"]
    assert moves == [{"house_number": ["7", "40"]}]


def test_an_id_number_of_someone_else_in_the_database_is_refused(tmp_path, run_import, database):
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        add_household(session, group, "Vũ Thị Nga", personal_id="010185000999", birth_year=1985)
    listed = write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                person("Bùi Văn Tú", "1960", "Nam", "Chủ hộ", None, None, "9 Lê Lợi"),
                person("Bùi Thị Yến", "1990", "Nữ", "Con", "010185000999"),
            ]
        },
    )

    result = run_import(listed)

    assert result.as_json()["problems"] == [
        {
            "sheet": "Tổ 1",
            "row": 10,
            "column": "Số CCCD",
            "severity": "error",
            "message": "Số định danh 010185000999 đã thuộc về Vũ Thị Nga (sinh năm 1985, "
            "hộ COCLEU-000001, Số 1, đường Hoàng Liên) trong cơ sở dữ liệu, không phải "
            "người ghi ở dòng này; dòng này không được nhập.",
        }
    ]
    assert (result.counts.added, result.counts.rejected) == (1, 1)


def test_the_same_person_found_by_id_number_in_another_household_moves(
    tmp_path, run_import, database
):
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        old = add_household(session, group, "Vũ Văn Nam", birth_year=1960)
        add_resident(session, old, "Vũ Thị Ngọc", personal_id="010185000999", birth_year=1985)
    listed = write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                person("Đinh Văn Lâm", "1984", "Nam", "Chủ hộ", None, None, "2 Lê Lợi"),
                person("VŨ THỊ NGỌC", "1985", "Nữ", "Vợ", "010185000999"),
            ]
        },
    )

    result = run_import(listed)

    assert (result.counts.added, result.counts.updated, result.counts.warnings) == (1, 1, 1)
    assert result.problems[0].message == (
        "Người này đang thuộc hộ COCLEU-000001 trong cơ sở dữ liệu; sẽ chuyển sang hộ ghi "
        "trong tệp."
    )
    stored = _residents(database)
    assert stored["Vũ Thị Ngọc"].household_id == stored["Đinh Văn Lâm"].household_id
    assert stored["Vũ Thị Ngọc"].relation == "Vợ"


def test_a_list_whose_every_row_is_rejected_changes_nothing(tmp_path, run_import, database):
    listed = write_ward_list(
        tmp_path / "ds.xlsx",
        {"Tổ 1": [person("Con Không Chủ", "2001", "Nam", "Con"), person("", "1990")]},
    )

    with pytest.raises(ImportRefused) as refused:
        run_import(listed)

    assert str(refused.value) == (
        "Không nhập được dòng nào: cả 2 dòng trong tệp đều có lỗi; hãy xem danh sách lỗi, "
        "sửa tệp rồi nhập lại."
    )
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (9, "Quan hệ với chủ hộ"),
        (10, "HỌ VÀ TÊN"),
    ]
    with database.session() as session:
        assert session.scalars(select(Ward)).all() == []


def test_the_ward_comes_from_the_option_when_the_title_does_not_say(tmp_path, run_import, database):
    listed = write_ward_list(
        tmp_path / "ds.xlsx",
        {"Thôn Bản Phiệt": [person("Sùng A Páo", "1970", "Nam", "Chủ hộ")]},
        ward_line=None,
    )
    with pytest.raises(UserError, match="không ghi tên phường/xã"):
        run_import(listed)

    run_import(listed, ward="xã Bản Phiệt")

    with database.session() as session:
        ward = session.scalars(select(Ward)).one()
        assert (ward.name, ward.kind) == ("Bản Phiệt", "Xã")


def test_a_list_of_another_ward_is_refused(tmp_path, run_import, database):
    with database.session() as session:
        make_ward(session, "Kim Tân")
    listed = write_ward_list(
        tmp_path / "ds.xlsx", {"Tổ 1": [person("Sùng A Páo", "1970", "Nam", "Chủ hộ")]}
    )

    with pytest.raises(UserError) as refused:
        run_import(listed)

    assert str(refused.value) == (
        "Tệp ghi danh sách của phường Cốc Lếu, còn cơ sở dữ liệu này là của phường Kim Tân; "
        "hãy kiểm tra lại tệp (nếu tệp đúng, hãy ghi rõ phường/xã là “Kim Tân”)."
    )
    assert run_import(listed, ward="Kim Tân").counts.added == 1


def test_the_ward_option_must_be_the_databases_ward(tmp_path, run_import, database):
    with database.session() as session:
        make_ward(session, "Kim Tân")
    listed = write_ward_list(
        tmp_path / "ds.xlsx", {"Tổ 1": [person("Sùng A Páo", "1970", "Nam", "Chủ hộ")]}
    )

    with pytest.raises(UserError) as refused:
        run_import(listed, ward="Bắc Cường")

    assert str(refused.value) == (
        "Cơ sở dữ liệu này là của phường Kim Tân, không phải “Bắc Cường”; mỗi cơ sở dữ liệu "
        "phục vụ một phường/xã."
    )
