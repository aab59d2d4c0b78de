"""Files that cannot be imported are refused with one sentence, and nothing changes."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.db.models import Resident, Ward
from desktop.domain.errors import UserError
from tests.services.importing.conftest import DATA


def _refused(run_import, path) -> str:
    with pytest.raises(UserError) as refused:
        run_import(path)
    return str(refused.value)


def test_a_missing_file(tmp_path, run_import):
    path = tmp_path / "khong-co.xlsx"
    assert _refused(run_import, path) == (
        f"Không tìm thấy tệp “{path}”; hãy kiểm tra lại đường dẫn."
    )


def test_a_file_that_is_not_a_workbook(tmp_path, run_import):
    path = tmp_path / "ds.xlsx"
    path.write_text("Họ và tên;Quan hệ\nNguyễn Văn An;Chủ hộ\n", encoding="utf-8")
    assert _refused(run_import, path) == (
        "Tệp “ds.xlsx” không phải bảng tính Excel; hãy chọn tệp .xlsx (hoặc mở tệp bằng "
        "Excel rồi lưu lại dạng .xlsx), hoặc tệp .csv."
    )


def test_a_zip_that_is_not_a_workbook(tmp_path, run_import):
    import zipfile

    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "không phải bảng tính Excel" in _refused(run_import, path)


def test_an_empty_file(tmp_path, run_import):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"")
    assert _refused(run_import, path) == "Tệp “ds.xlsx” trống, không có dữ liệu."


def test_a_workbook_without_data(tmp_path, run_import):
    path = tmp_path / "trong.xlsx"
    Workbook().save(path)
    assert _refused(run_import, path) == (
        "Tệp “trong.xlsx” không có dữ liệu: mọi trang tính đều trống."
    )


def test_a_workbook_without_a_household_table(tmp_path, run_import):
    path = tmp_path / "bao-cao.xlsx"
    workbook = Workbook()
    workbook.active.append(["Tổ dân phố", "Số hộ", "Số nhân khẩu"])
    workbook.active.append(["Tổ 1", 120, 449])
    workbook.save(path)
    assert _refused(run_import, path).startswith(
        "Không tìm thấy bảng danh sách nhân khẩu trong tệp “bao-cao.xlsx”"
    )


def test_a_password_protected_workbook(run_import, database):
    assert _refused(run_import, DATA / "mat-khau.xlsx") == (
        "Tệp được bảo vệ bằng mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."
    )
    with database.session() as session:
        assert session.scalars(select(Ward)).all() == []


def test_an_old_xls_file_is_read(run_import, database):
    """danh-sach-cu.xls was saved in the Excel 97–2003 format (BIFF8)."""
    result = run_import(DATA / "danh-sach-cu.xls")

    assert (result.counts.households, result.counts.added) == (1, 2)
    with database.session() as session:
        stored = session.scalars(select(Resident).order_by(Resident.position)).all()
        ward = session.scalars(select(Ward)).one()
    assert [(r.full_name, r.birth_year, r.relation, r.personal_id, r.phone) for r in stored] == [
        ("Hoàng Văn Minh", 1972, "Chủ hộ", "010072000555", "0912000111"),
        ("Lò Thị Xuân", 1975, "Vợ", "010175000556", None),
    ]
    assert ward.name == "Cốc Lếu"
