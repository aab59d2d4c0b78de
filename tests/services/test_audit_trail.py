"""Reading the audit trail for an inspection: filters, the sentences, a resident's
history (their household's edits, the files that held them), the export, and who may."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from desktop.domain.errors import UserError
from desktop.domain.roles import ADMIN, DUTY, ENTRY, LEADER
from desktop.services import audit, audit_export, audit_trail, households, residents, signed_in
from desktop.services.audit_trail import TrailFilter
from desktop.services.export import export_residents
from desktop.services.progress import Cancelled, Progress
from desktop.services.signed_in import SignedInAccount
from tests import builders
from tests.conftest import TODAY

AN_ID = "010080000001"


def sign_in(name: str, role: str = ADMIN) -> None:
    signed_in.sign_in(SignedInAccount(id=1, name=name, display_name=name, role=role))


@pytest.fixture
def ward(database) -> dict[str, int]:
    """Two households written by "hoa": Nguyễn Văn An (with his wife Lan) and Lê Văn
    Bình; then "tuan" changes An's phone and the address of Bình's household."""
    sign_in("hoa")
    with database.session() as session:
        group = builders.make_group(session, builders.make_ward(session))
        an_house = builders.add_household(
            session, group, "Nguyễn Văn An", personal_id=AN_ID, phone="0912345678"
        )
        lan = builders.add_resident(session, an_house, "Trần Thị Lan", relation="Vợ")
        binh_house = builders.add_household(session, group, "Lê Văn Bình", house_number="9")
        an = session.scalars(residents_of(an_house)).first()
    sign_in("tuan")
    with database.session() as session:
        form = residents.resident_form(session, an)
        changed = residents.ResidentInput(
            **{name: getattr(form, name) for name in residents.RESIDENT_FIELDS}
        )
        residents.update_resident(
            session, an, replace(changed, phone="0987654321"), TODAY, form.version
        )
        house = households.household_form(session, binh_house)
        households.update_household(
            session,
            binh_house,
            households.HouseholdInput(group_id=house.group_id, house_number="11",
                                      street=house.street, lat=house.lat, lon=house.lon),
            house.version,
        )  # fmt: skip
    signed_in.reset()
    return {"an": an, "lan": lan, "an_house": an_house, "binh_house": binh_house}


def residents_of(household_id: int):
    from sqlalchemy import select

    from desktop.db.models import Resident

    return select(Resident.id).where(Resident.household_id == household_id).order_by(Resident.id)


def search(database, role: str = ADMIN, **filters) -> list[audit_trail.TrailRow]:
    sign_in("kiem.tra", role)
    with database.session() as session:
        return audit_trail.search_trail(session, TrailFilter(**filters), 0, 500)


def descriptions(rows) -> list[str]:
    return [row.description for row in rows]


# Filters ------------------------------------------------------------------------------


def test_who_filters_by_the_person_and_what_by_the_kind_of_action_and_record(database, ward):
    by_tuan = search(database, actor="tuan")
    assert descriptions(by_tuan) == [
        "Sửa hộ " + by_tuan[0].entity_key + " (Số 11, đường Hoàng Liên): số nhà",
        "Sửa nhân khẩu Nguyễn Văn An: số điện thoại",
        "Xem hồ sơ nhân khẩu Nguyễn Văn An (số định danh, điện thoại)",
    ]
    assert {row.actor for row in search(database, actor="hoa")} == {"hoa"}
    updates = search(database, action="update")
    assert {row.action for row in updates} == {"update"} and len(updates) >= 2
    assert [row.entity_type for row in search(database, entity="household")] == ["household"] * 3


def test_days_are_the_wards_days_not_utcs(database, ward):
    with database.session() as session:  # 30/11 17:30 UTC is 1 December 00:30 in Vietnam
        audit.record_change(session, action="view", reason="edit", entity_type="resident",
                            entity_key="x", at=datetime(2026, 11, 30, 17, 30))  # fmt: skip
    on_the_first = search(database, date_from=date(2026, 12, 1), date_to=date(2026, 12, 1))
    assert [(row.entity_key, row.at) for row in on_the_first] == [
        ("x", datetime(2026, 12, 1, 0, 30))
    ]
    until_the_30th = search(database, date_to=date(2026, 11, 30))
    assert "x" not in [row.entity_key for row in until_the_30th]


def test_a_resident_filter_keeps_what_concerns_them_only(database, ward):
    rows = search(database, resident_ids=(ward["lan"],))
    assert [row.link for row in rows if row.entity_type == "resident"] == ["Thêm vào sổ"]
    assert "Bình" not in " ".join(descriptions(rows))
    assert {row.link for row in rows} == {"Thêm vào sổ", "Hộ của người này"}


def test_pages_read_by_position_are_the_pages_read_by_offset(database, ward):
    sign_in("kiem.tra")
    with database.session() as session:
        every = audit_trail.search_trail(session, TrailFilter(), 0, 100)
        first = audit_trail.search_trail(session, TrailFilter(), 0, 4)
        after = audit_trail.search_trail(session, TrailFilter(), limit=4, after=first[-1].position)
        assert audit_trail.count_trail(session, TrailFilter()) == len(every)
    assert [row.id for row in first + after] == [row.id for row in every[:8]]


def test_refused_filters_say_what_is_wrong(database, ward):
    sign_in("kiem.tra")
    with database.session() as session:
        with pytest.raises(UserError, match="đứng sau đến ngày"):
            audit_trail.count_trail(
                session, TrailFilter(date_from=date(2026, 12, 5), date_to=date(2026, 12, 1))
            )
        with pytest.raises(UserError, match="Không có loại thao tác “sửa”"):
            audit_trail.search_trail(session, TrailFilter(action="sửa"))


# Sentences and what a leader sees -----------------------------------------------------


def test_an_edit_lists_each_changed_value_before_and_after(database, ward):
    (phone_edit,) = [row for row in search(database, actor="tuan") if row.action == "update"
                     and row.entity_type == "resident"]  # fmt: skip
    assert [(c.what, c.before, c.after) for c in phone_edit.changes] == [
        ("số điện thoại", "0912345678", "0987654321")
    ]
    assert phone_edit.action_text == "Sửa" and phone_edit.entity_text == "Nhân khẩu"


def test_a_leader_sees_id_numbers_and_phones_masked(database, ward):
    rows = search(database, LEADER, resident_ids=(ward["an"],))
    added = next(row for row in rows if row.action == "create" and row.entity_type == "resident")
    values = {c.what: c.after for c in added.changes}
    assert values["số định danh"] == "••••••••0001" and values["số điện thoại"] == "•••••••678"
    assert AN_ID not in str([row.changes for row in rows])


def test_an_export_says_how_many_and_to_which_file(database, ward, tmp_path):
    with database.session() as session:
        export_residents(session, tmp_path / "nhan-khau.xlsx", Progress())
    (export,) = search(database, action="export")
    assert export.description == "Xuất danh sách toàn bộ nhân khẩu (3 người) ra tệp nhan-khau.xlsx"
    assert export.source == str(tmp_path / "nhan-khau.xlsx")


# A resident's history ----------------------------------------------------------------


def test_history_has_the_household_edit_the_viewing_and_the_exports_that_held_them(
    database, ward, tmp_path
):
    with database.session() as session:
        export_residents(session, tmp_path / "truoc.csv", Progress())  # before Minh came
        minh = builders.add_resident(session, ward["an_house"], "Nguyễn Văn Minh")
    sign_in("hoa")
    with database.session() as session:
        house = households.household_form(session, ward["an_house"])
        households.update_household(
            session,
            ward["an_house"],
            households.HouseholdInput(group_id=house.group_id, house_number="1A",
                                      street=house.street, lat=house.lat, lon=house.lon),
            house.version,
        )  # fmt: skip
        residents.resident_form(session, minh)
        export_residents(session, tmp_path / "sau.csv", Progress())

    sign_in("lanh.dao", LEADER)
    with database.session() as session:
        history = audit_trail.resident_history(session, minh)

    assert history.resident.full_name == "Nguyễn Văn Minh" and not history.more
    said = [(row.actor, row.link, row.description) for row in history.rows]
    assert ("hoa", "Có trong tệp xuất toàn phường",
            "Xuất danh sách toàn bộ nhân khẩu (4 người) ra tệp sau.csv") in said  # fmt: skip
    assert ("hoa", "Xem hồ sơ (số định danh, điện thoại)",
            "Xem hồ sơ nhân khẩu Nguyễn Văn Minh (số định danh, điện thoại)") in said  # fmt: skip
    household_edit = next(row for row in history.rows if row.link == "Hộ của người này"
                          and row.action == "update")  # fmt: skip
    assert household_edit.actor == "hoa" and household_edit.description.endswith(": số nhà")
    assert "truoc.csv" not in str(said)  # written before Minh was in the register
    assert "Lê Văn Bình" not in str(said) and "phone" not in str(said)


def test_history_has_the_visits_and_says_walk_sheets_and_lists_only_may_hold_them(database, ward):
    with database.session() as session:
        campaign = builders.make_campaign(session)
        team = builders.make_team(session, campaign)
        builders.enter_visit(session, team, TODAY, ward["an_house"], [ward["an"], ward["lan"]],
                             "met", [(True, ("app_114",)), (False, ())])  # fmt: skip
        for key, kind in ((TODAY.isoformat(), "walk_sheets"), ("2026-11-29", "walk_sheets"),
                          (f"pending:{TODAY.isoformat()}", "report")):  # fmt: skip
            audit.record_change(session, action="export", reason="export", entity_type=kind,
                                entity_key=key, changes={"kind": [None, "pending"]},
                                source="/tmp/x.pdf")  # fmt: skip

    sign_in("kiem.tra")
    with database.session() as session:
        rows = audit_trail.resident_history(session, ward["lan"]).rows

    links = {row.link: row for row in rows}
    assert (
        links["Lượt đến hộ của người này"].description.startswith("Nhập kết quả đến hộ ")
        and ": Gặp — Lượt #" in links["Lượt đến hộ của người này"].description
    )
    sheets = [row for row in rows if row.entity_type == "walk_sheets"]
    assert [row.entity_key for row in sheets] == [TODAY.isoformat()]  # the night she was on
    assert sheets[0].link == "Có thể có trong phiếu đi hộ (hộ có trong ca đêm đó)"
    assert links["Có thể có trong danh sách (nhật ký không ghi từng người)"].entity_type == "report"
    # An got the 114 app at that visit; Lan's history does not claim it for her
    assert not any(row.description.startswith("Ghi kết quả đến hộ cho") for row in rows)


def test_history_of_a_resident_deleted_meanwhile_is_refused_with_a_sentence(database, ward):
    with database.session() as session:
        residents.delete_resident(session, ward["lan"])
    sign_in("kiem.tra")
    with database.session() as session, pytest.raises(UserError, match="không còn"):
        audit_trail.resident_history(session, ward["lan"])


# Finding the resident ---------------------------------------------------------------


def test_a_resident_is_found_by_full_id_number_or_by_name(database, ward):
    sign_in("kiem.tra")
    with database.session() as session:
        (by_number,) = audit_trail.find_residents(session, " 010 080 000 001 ")
        (by_name,) = audit_trail.find_residents(session, "tran thi l")
        with pytest.raises(UserError, match="đủ 12 chữ số"):
            audit_trail.find_residents(session, "0100800")
        with pytest.raises(UserError, match="Không có nhân khẩu nào khớp với “Hoàng Văn Z”"):
            audit_trail.find_residents(session, "Hoàng Văn Z")
    assert by_number.id == ward["an"] and by_number.masked_id == "••••••••0001"
    assert by_name.label() == "Trần Thị Lan, sinh 1980 (hộ " + by_name.household_code + (
        ", Số 1, đường Hoàng Liên)"
    )


def test_a_name_too_many_people_share_must_be_typed_in_full(database, ward, monkeypatch):
    monkeypatch.setattr(audit_trail, "MAX_RESIDENTS", 1)
    sign_in("kiem.tra")
    with database.session() as session:
        with pytest.raises(UserError, match="Có hơn 1 nhân khẩu khớp với “văn”"):
            audit_trail.find_residents(session, "văn")  # Nguyễn Văn An and Lê Văn Bình
        assert [m.full_name for m in audit_trail.find_residents(session, "le van")] == [
            "Lê Văn Bình"
        ]


# The export -------------------------------------------------------------------------


def test_the_export_has_a_title_the_filters_and_the_rows_and_is_audited(database, ward, tmp_path):
    path = tmp_path / "kiem-tra.xlsx"
    sign_in("lanh.dao", LEADER)
    with database.session() as session:
        done = audit_export.export_trail(session, TrailFilter(actor="tuan"), path)
    assert done.rows == 3 and done.path == path
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    cells = [row for row in load_workbook(path).active.iter_rows(values_only=True)]
    first_column = [row[0] for row in cells]
    assert first_column[0].startswith("NHẬT KÝ THAO TÁC — Công an")
    assert "Người thực hiện: tuan" in first_column
    assert "Số mục: 3" in first_column
    assert any(str(text).startswith("Kiểm tra chuỗi mã: Nhật ký thao tác nguyên vẹn")
               for text in first_column)  # fmt: skip
    header = first_column.index("Số mục")
    rows = cells[header + 1 :]
    assert [row[2] for row in rows] == ["tuan"] * 3
    assert "Sửa nhân khẩu Nguyễn Văn An: số điện thoại" in [row[7] for row in rows]
    assert "số điện thoại: •••••••678 → •••••••321" in [row[8] for row in rows]  # a leader's

    (recorded,) = search(database, entity="audit_trail")
    assert recorded.actor == "lanh.dao" and recorded.source == str(path)
    assert recorded.description == "Xuất nhật ký thao tác (3 mục) ra tệp kiem-tra.xlsx"
    assert ("bộ lọc", "", "người thực hiện: tuan") in [
        (c.what, c.before, c.after) for c in recorded.changes
    ]


class CancelAfterFirstRows(Progress):
    """The user presses Cancel once the first rows are written."""

    def show(self, done: int, total: int, text: str) -> None:
        if done:
            self.cancel()


def test_a_cancelled_export_leaves_no_file_and_no_entry(database, ward, tmp_path, monkeypatch):
    monkeypatch.setattr(audit_export, "_EXPORT_CHUNK", 2)
    folder = tmp_path / "xuat"
    folder.mkdir()
    sign_in("kiem.tra")
    with pytest.raises(Cancelled), database.session() as session:
        audit_export.export_trail(
            session, TrailFilter(), folder / "huy.xlsx", CancelAfterFirstRows()
        )
    assert list(folder.iterdir()) == []
    assert search(database, entity="audit_trail") == []


def test_the_export_refuses_another_file_type(database, ward, tmp_path):
    sign_in("kiem.tra")
    with database.session() as session, pytest.raises(UserError, match=".xlsx"):
        audit_export.export_trail(session, TrailFilter(), tmp_path / "nhat-ky.csv")


# Who may ----------------------------------------------------------------------------


def test_administrators_and_leaders_may_read_the_trail(database, ward):
    for role in (ADMIN, LEADER):
        sign_in("nguoi.doc", role)
        with database.session() as session:
            assert audit_trail.count_trail(session, TrailFilter()) > 0
            assert "tuan" in audit_trail.trail_actors(session)
            assert audit_trail.resident_history(session, ward["an"]).rows
            assert audit_trail.check_trail(session).intact


@pytest.mark.parametrize("role", [ENTRY, DUTY])
def test_entry_and_duty_roles_may_not_read_the_trail(database, ward, tmp_path, role):
    sign_in("nhap.lieu", role)
    calls = [
        lambda s: audit_trail.search_trail(s, TrailFilter()),
        lambda s: audit_trail.count_trail(s, TrailFilter()),
        lambda s: audit_trail.trail_actors(s),
        lambda s: audit_trail.find_residents(s, "Nguyễn Văn An"),
        lambda s: audit_trail.resident_history(s, ward["an"]),
        lambda s: audit_export.export_trail(s, TrailFilter(), tmp_path / "x.xlsx"),
        lambda s: audit_trail.check_trail(s),
    ]
    for call in calls:
        with (
            database.session() as session,
            pytest.raises(signed_in.NotAllowed, match="không được xem nhật ký thao tác"),
        ):
            call(session)
    assert not (tmp_path / "x.xlsx").exists()


def test_nobody_signed_in_is_refused_once_accounts_exist(database, ward):
    signed_in.set_accounts_exist(True)
    with database.session() as session, pytest.raises(signed_in.NotAllowed, match="Cần đăng nhập"):
        audit_trail.search_trail(session, TrailFilter())
