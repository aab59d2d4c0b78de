"""Messy household lists, built the way wards really keep them, for the import tests.

`write_ward_list()` lays out each sheet like a ward's file: agency lines and the
national motto (merged cells), a merged title, blank rows, the heading row at row 7,
the column-number row "(1) (2) (3)…" at row 8, people from row 9 (a None in the rows
is a blank row between households), then the totals and the signature block. So a
test knows that the n-th entry of a sheet's rows is Excel row 9 + n.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HEADINGS = [
    "STT",
    "HỌ VÀ TÊN",
    "Ngày sinh",
    "Giới tính",
    "Quan hệ với chủ hộ",
    "Số CCCD",
    "Số điện thoại",
    "Địa chỉ",
    "Mức định danh",
    "Cài app 114",
]
FIRST_DATA_ROW = 9


def person(
    name: str,
    birth: object = None,
    gender: object = None,
    relation: object = "Con",
    personal_id: object = None,
    phone: object = None,
    address: object = None,
    level: object = None,
    app_114: object = None,
) -> list[object]:
    """One row under HEADINGS (STT filled in by the writer)."""
    return [None, name, birth, gender, relation, personal_id, phone, address, level, app_114]


def write_ward_list(
    path: Path,
    sheets: dict[str, Sequence[list[object] | None]],
    *,
    headings: list[str] = HEADINGS,
    ward_line: str | None = "CÔNG AN PHƯỜNG CỐC LẾU",
    title_group: str | None = None,
    totals: bool = True,
    signature: bool = True,
) -> Path:
    """Write a ward's list: one sheet per entry, people under `headings` from row 9."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in sheets.items():
        sheet = workbook.create_sheet(sheet_name)
        width = len(headings)
        sheet["A1"] = "CÔNG AN TỈNH LÀO CAI"
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        sheet.cell(row=1, column=5, value="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        sheet.merge_cells(start_row=1, start_column=5, end_row=1, end_column=width)
        if ward_line:
            sheet["A2"] = ward_line
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
        sheet.cell(row=2, column=5, value="Độc lập - Tự do - Hạnh phúc")
        sheet.merge_cells(start_row=2, start_column=5, end_row=2, end_column=width)
        title = "DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU"
        if title_group:
            title += f" {title_group}"
        sheet["A4"] = title
        sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
        sheet["A5"] = "(Phục vụ chiến dịch Đề án 06)"
        for column, heading in enumerate(headings, start=1):
            sheet.cell(row=7, column=column, value=heading)
            sheet.cell(row=8, column=column, value=f"({column})")
        number = 0
        for offset, row in enumerate(rows):
            if row is None:
                continue
            number += 1
            for column, value in enumerate(row, start=1):
                if column == 1 and value is None:
                    value = number
                if value is not None:
                    sheet.cell(row=FIRST_DATA_ROW + offset, column=column, value=value)
        end = FIRST_DATA_ROW + len(rows)
        if totals:
            sheet.cell(row=end + 1, column=2, value=f"Tổng cộng: {number} nhân khẩu")
        if signature:
            sheet.cell(row=end + 3, column=8, value="Cốc Lếu, ngày 05 tháng 11 năm 2026")
            sheet.cell(row=end + 4, column=2, value="Người lập biểu")
            sheet.cell(row=end + 4, column=8, value="TRƯỞNG CÔNG AN PHƯỜNG")
            sheet.cell(row=end + 5, column=2, value="(Ký, ghi rõ họ tên)")
            sheet.cell(row=end + 7, column=2, value="Nguyễn Thị Lập")
    workbook.save(path)
    return path
