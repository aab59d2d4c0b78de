"""Campaign-status columns as wards head and tick them, and the columns left out: none is
dropped in silence (issue 11, A)."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.cli import run
from desktop.db.models import Resident
from tests.services.importing.workbooks import write_ward_list

STATUS_HEADINGS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Quan hệ với chủ hộ",
    "Đã cài VNeID",
    "KH",
    "114",
    "Tích hợp giấy tờ",
    "CCCD gắn chíp",
]


def _row(name, year, relation, *marks):
    return [None, name, year, relation, *marks]


def test_status_columns_with_their_abbreviations_and_ticks(tmp_path, run_import, database):
    path = write_ward_list(
        tmp_path / "chien-dich.xlsx",
        {
            "Tổ 1": [
                _row("Nguyễn Văn An", 1980, "Chủ hộ", "x", "x", "✓", "có", "Có"),
                _row("Trần Thị Bình", 1983, "Vợ", "✓", "", "đã", "rồi", "x"),
                _row("Nguyễn Văn Cường", 2005, "Con", "rồi", "Mức 1", "√", "", ""),
                _row("Nguyễn Thị Dung", 2007, "Con", "", "Chưa", "Chưa cài", "Không", ""),
            ]
        },
        headings=STATUS_HEADINGS,
    )

    result = run_import(path)

    assert (result.counts.added, result.counts.warnings, result.ignored_columns) == (4, 0, [])
    with database.session() as session:
        stored = session.execute(
            select(
                Resident.full_name,
                Resident.vneid_level,
                Resident.app_114,
                Resident.documents_integrated,
                Resident.has_chip_card,
            ).order_by(Resident.position)
        ).all()
    assert [tuple(row) for row in stored] == [
        ("Nguyễn Văn An", 2, True, True, True),
        ("Trần Thị Bình", 1, True, True, True),
        ("Nguyễn Văn Cường", 1, True, None, None),
        ("Nguyễn Thị Dung", 0, False, False, None),
    ]


def _list_with_extra_columns(tmp_path):
    headings = ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Dân tộc", "Họ và tên", ""]
    return write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                [None, "Nguyễn Văn An", 1980, "Chủ hộ", "Kinh", "Nguyễn Văn An", "ghi chú"],
                [None, "Trần Thị Bình", 1983, "Vợ", "Tày", "Trần Thị Bình", None],
            ]
        },
        headings=headings,
    )


def test_columns_left_out_are_listed(tmp_path, run_import):
    """A heading it does not know, a field given twice, and values under no heading; the
    signature block under the last column is not the table's."""
    result = run_import(_list_with_extra_columns(tmp_path))

    assert [column.as_json() for column in result.ignored_columns] == [
        {"sheet": "Tổ 1", "column": "E", "heading": "Dân tộc"},
        {"sheet": "Tổ 1", "column": "F", "heading": "Họ và tên"},
        {"sheet": "Tổ 1", "column": "G", "heading": ""},
    ]


def test_the_dry_run_json_lists_them(tmp_path, database, capsys):
    path = _list_with_extra_columns(tmp_path)

    assert run(["--db", database.url, "import", str(path), "--dry-run", "--json"]) == 0

    out, err = capsys.readouterr()
    assert json.loads(out)["ignored_columns"] == [
        {"sheet": "Tổ 1", "column": "E", "heading": "Dân tộc"},
        {"sheet": "Tổ 1", "column": "F", "heading": "Họ và tên"},
        {"sheet": "Tổ 1", "column": "G", "heading": ""},
    ]
    assert (
        "Cột bỏ qua — Trang “Tổ 1”, cột E “Dân tộc”: tiêu đề không ứng với thông tin nào cần "
        "nhập, hoặc trùng với cột khác; dữ liệu cột này không được nhập." in err
    )
    assert (
        "Cột bỏ qua — Trang “Tổ 1”, cột G (không có tiêu đề): cột có dữ liệu nhưng không có "
        "tiêu đề; dữ liệu cột này không được nhập." in err
    )
