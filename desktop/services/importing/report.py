"""The problem list as an Excel file, for whoever corrects the ward's spreadsheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desktop.domain.errors import UserError
from desktop.services.importing.problems import ERROR, Problem

HEADINGS = ("Trang", "Dòng", "Cột", "Giá trị", "Loại", "Nội dung")
_WIDTHS = (18, 8, 24, 24, 10, 90)


def save_problems(problems: list[Problem], path: str | Path, source_name: str = "") -> Path:
    """Write sheet, row, column, value, severity and message of each problem to .xlsx.

    Raises UserError when the file cannot be written (open in Excel, no permission).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách lỗi"
    if source_name:
        sheet.append([f"Các vấn đề khi nhập tệp “{source_name}”"])
        sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADINGS))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for problem in problems:
        severity = "Lỗi" if problem.severity == ERROR else "Cảnh báo"
        sheet.append(
            [problem.sheet, problem.row, problem.column, problem.value, severity, problem.message]
        )
        for cell in sheet[sheet.max_row]:
            # The file's own text ("=D3", a heading "=…") stays text, never a formula.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = sheet.cell(row=sheet.max_row - len(problems) + 1, column=1)
    try:
        workbook.save(path)
    except OSError as error:
        raise UserError(
            f"Không ghi được tệp “{path.name}” ({error.strerror}); tệp có thể đang mở trong "
            "Excel, hãy đóng lại rồi thử lại."
        ) from None
    return path
