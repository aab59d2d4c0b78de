"""A ward's real-looking list: which rows go in, which are refused and why, what is stored."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household, Resident, ResidentialGroup, Ward
from tests.services.importing.workbooks import person, write_ward_list


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def messy_list(tmp_path):
    """Two groups; rows 9… on each sheet (see workbooks.py for the layout)."""
    return write_ward_list(
        tmp_path / "DS ho Coc Leu.xlsx",
        {
            "Tổ 1": [
                # row 9: decomposed capitals, doubled spaces, ID as a number, phone as a number
                person(
                    nfd("NGUYỄN  VĂN   AN"),
                    date(1980, 3, 5),
                    "Nam",
                    "CHỦ HỘ",
                    10080012345,
                    912345678,
                    "Số 12, ngõ 5, đường Hoàng Liên",
                    "Mức 2",
                    "Có",
                ),
                # row 10: ID with spaces, phone with +84, text date
                person(
                    "Trần Thị Bình",
                    "12/07/1983",
                    "NỮ",
                    "VỢ",
                    "010183 012346",
                    "+84 987 654 321",
                    None,
                    "Mức 1",
                    "x",
                ),
                # row 11: ID with an apostrophe, d-m-yyyy date, relation in lower case
                person("Nguyễn Văn Cường", "5-9-2010", "nam", "con", "'010210012347"),
                None,  # row 12: blank between households
                # row 13: bare year, landline, "Không" for 114
                person(
                    "Lê Văn Dũng",
                    "1950",
                    "Nam",
                    "Chủ hộ",
                    None,
                    "0214 3822 123",
                    "20 Hoàng Liên",
                    None,
                    "Không",
                ),
                # row 14: an impossible date, "Nu"
                person("Lê Thị Em", "31/02/1990", "Nu", "Con"),
                # row 15: no name
                person("", "1990", "Nữ", "Con"),
            ],
            "Tổ 2": [
                # row 9: ID number for a man born 1975 (warning: written as a woman)
                person("Phạm Văn Giang", 1975, "Nữ", "Chủ hộ", "010075000111", None, "5 Lê Lợi"),
                # row 10: the same ID number again
                person("Phạm Thị Hoa", 1978, "Nữ", "Vợ", "010075000111"),
                # row 11: an ID from an unknown province code
                person("Phạm Minh Khôi", 2005, "Nam", "Con", "003205000222"),
            ],
        },
    )


def test_imports_the_good_rows_and_reports_each_problem_where_it_is(messy_list, run_import):
    result = run_import(messy_list)

    assert result.as_json() == {
        "households": 3,
        "residents": 7,
        "added": 7,
        "updated": 0,
        "unchanged": 0,
        "rejected": 2,
        "warnings": 3,
        "problems": [
            {
                "sheet": "Tổ 1",
                "row": 14,
                "column": "Ngày sinh",
                "severity": "warning",
                "message": "Ngày sinh “31/02/1990” không có thật. Chưa lưu ngày sinh, "
                "giữ năm sinh 1990.",
            },
            {
                "sheet": "Tổ 1",
                "row": 15,
                "column": "HỌ VÀ TÊN",
                "severity": "error",
                "message": "Thiếu họ và tên; dòng này không được nhập.",
            },
            {
                "sheet": "Tổ 2",
                "row": 9,
                "column": "Số CCCD",
                "severity": "warning",
                "message": "Số định danh ứng với giới tính nam, nhưng ghi là nữ.",
            },
            {
                "sheet": "Tổ 2",
                "row": 10,
                "column": "Số CCCD",
                "severity": "error",
                "message": "Số định danh 010075000111 đã có ở dòng 9 (Phạm Văn Giang); "
                "dòng này không được nhập.",
            },
            {
                "sheet": "Tổ 2",
                "row": 11,
                "column": "Số CCCD",
                "severity": "warning",
                "message": "Mã tỉnh nơi đăng ký khai sinh “003” trong số định danh không có "
                "trong danh mục (có thể khai sinh ở nước ngoài); cần kiểm tra lại.",
            },
        ],
        "ignored_columns": [],
    }
    assert result.committed


def test_stores_the_values_cleaned(messy_list, run_import, database):
    run_import(messy_list)
    with database.session() as session:
        stored = {
            r.full_name: r for r in session.scalars(select(Resident).order_by(Resident.id)).all()
        }
        an = stored["Nguyễn Văn An"]
        assert unicodedata.is_normalized("NFC", an.full_name)
        assert (an.relation, an.birth_date, an.birth_year, an.gender) == (
            "Chủ hộ",
            date(1980, 3, 5),
            1980,
            "male",
        )
        assert (an.personal_id, an.phone, an.vneid_level, an.app_114) == (
            "010080012345",
            "0912345678",
            2,
            True,
        )
        assert an.name_folded == "nguyen van an"
        binh = stored["Trần Thị Bình"]
        assert (binh.relation, binh.birth_date, binh.gender) == ("Vợ", date(1983, 7, 12), "female")
        assert (binh.personal_id, binh.phone, binh.vneid_level, binh.app_114) == (
            "010183012346",
            "0987654321",
            1,
            True,
        )
        cuong = stored["Nguyễn Văn Cường"]
        assert (cuong.relation, cuong.birth_date, cuong.personal_id) == (
            "Con",
            date(2010, 9, 5),
            "010210012347",
        )
        assert (cuong.vneid_level, cuong.app_114, cuong.phone) == (0, None, None)
        dung = stored["Lê Văn Dũng"]
        assert (dung.birth_date, dung.birth_year, dung.phone, dung.app_114) == (
            None,
            1950,
            "02143822123",
            False,
        )
        em = stored["Lê Thị Em"]
        assert (em.birth_date, em.birth_year, em.gender) == (None, 1990, "female")
        assert "Phạm Thị Hoa" not in stored
        assert len(stored) == 7

        households = session.scalars(select(Household).order_by(Household.code)).all()
        assert [(h.code, h.head_name, h.address) for h in households] == [
            ("COCLEU-000001", "Nguyễn Văn An", "Số 12, ngõ 5, đường Hoàng Liên"),
            ("COCLEU-000002", "Lê Văn Dũng", "Số 20, Hoàng Liên"),
            ("COCLEU-000003", "Phạm Văn Giang", "Số 5, Lê Lợi"),
        ]
        members = session.scalars(
            select(Resident.full_name)
            .where(Resident.household_id == households[0].id)
            .order_by(Resident.position)
        ).all()
        assert members == ["Nguyễn Văn An", "Trần Thị Bình", "Nguyễn Văn Cường"]
        groups = session.scalars(select(ResidentialGroup.name).order_by(ResidentialGroup.name))
        assert groups.all() == ["Tổ 1", "Tổ 2"]
        ward = session.scalars(select(Ward)).one()
        assert (ward.name, ward.kind, ward.province, ward.code) == (
            "Cốc Lếu",
            "Phường",
            "Lào Cai",
            "COCLEU",
        )


def test_every_change_is_audited_with_the_file_name(messy_list, run_import, database):
    run_import(messy_list)
    with database.session() as session:
        entries = session.scalars(select(AuditEntry)).all()
    assert {entry.source for entry in entries} == {"DS ho Coc Leu.xlsx"}
    assert {entry.reason for entry in entries} == {"import"}
    kinds = sorted((e.entity_type, e.action) for e in entries)
    assert kinds.count(("resident", "create")) == 7
    assert kinds.count(("household", "create")) == 3
    assert kinds.count(("group", "create")) == 2
    assert kinds.count(("ward", "create")) == 1


def test_importing_the_same_file_again_adds_nothing(messy_list, run_import, database):
    run_import(messy_list)
    with database.session() as session:
        audit_entries = len(session.scalars(select(AuditEntry.id)).all())

    again = run_import(messy_list)

    counts = again.as_json()
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (0, 0, 7)
    assert (counts["households"], counts["residents"], counts["rejected"]) == (3, 7, 2)
    with database.session() as session:
        assert len(session.scalars(select(Resident.id)).all()) == 7
        assert len(session.scalars(select(Household.id)).all()) == 3
        assert len(session.scalars(select(AuditEntry.id)).all()) == audit_entries


def test_a_dry_run_reports_the_same_and_changes_nothing(messy_list, run_import, database):
    result = run_import(messy_list, dry_run=True)

    assert (result.counts.added, result.counts.rejected) == (7, 2)
    assert not result.committed
    with database.session() as session:
        assert session.scalars(select(Ward)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []
