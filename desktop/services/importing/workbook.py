"""Opening the file a ward gives us and reading every visible sheet into plain rows.

python-calamine does the reading: on bench/import.py's 50,000-resident list it took
0.7–1.3 s where openpyxl's read-only mode took 10–18 s (200,000 × 12 cells: about 3 s
against 36 s). It reads .xlsx, .xlsm, .xls (BIFF) and .ods alike, offline. Rows are
kept from A1 so that row and column numbers are the ones a person sees in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from desktop.domain.errors import UserError

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
PASSWORD_PROTECTED = "Tệp được bảo vệ bằng mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại."

# A merged range: ((first row, first column), (last row, last column)), 0-based.
MergedRange = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class SourceSheet:
    """One sheet's cells from A1: "" for an empty cell, else str, float, date or bool."""

    name: str
    rows: list[list[object]]
    merged: list[MergedRange] = field(default_factory=list)

    def cell(self, row: int, column: int) -> object:
        """The value at a 0-based row and column ("" outside the used area)."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""


@dataclass(frozen=True)
class SourceWorkbook:
    """The visible sheets of an import file, in the order the file shows them."""

    path: Path
    sheets: list[SourceSheet]

    @property
    def file_name(self) -> str:
        """The name the audit trail records as the source of every change."""
        return self.path.name


def read_workbook(path: str | Path) -> SourceWorkbook:
    """Read every visible worksheet of an .xlsx, .xlsm, .xls or .ods file.

    Raises UserError with one sentence for a missing file, a file that is not a
    workbook, a password-protected one, and a workbook without any data.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp “{path}”; hãy kiểm tra lại đường dẫn.")
    try:
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError as error:
        raise UserError(f"Không mở được tệp “{path.name}” ({error.strerror}).") from None
    if not start:
        raise UserError(f"Tệp “{path.name}” trống, không có dữ liệu.")
    if start.startswith(_OLE) and _is_encrypted(path):
        raise UserError(PASSWORD_PROTECTED)
    if not (start.startswith(_ZIP) or start.startswith(_OLE)):
        raise UserError(_not_a_workbook(path))
    sheets = _read_sheets(path)
    if not any(any(_filled(value) for value in row) for sheet in sheets for row in sheet.rows):
        raise UserError(f"Tệp “{path.name}” không có dữ liệu: mọi trang tính đều trống.")
    return SourceWorkbook(path, sheets)


def _not_a_workbook(path: Path) -> str:
    return (
        f"Tệp “{path.name}” không phải bảng tính Excel; hãy chọn tệp .xlsx "
        "(hoặc mở tệp bằng Excel rồi lưu lại dạng .xlsx)."
    )


def _is_encrypted(path: Path) -> bool:
    # An encrypted .xlsx is an OLE compound file holding an "EncryptionInfo" stream;
    # its name sits in the directory sectors as UTF-16 text.
    return _ENCRYPTION_STREAM in path.read_bytes()


def _read_sheets(path: Path) -> list[SourceSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise UserError(PASSWORD_PROTECTED) from None
    except Exception:  # calamine raises several error types for files it cannot read
        raise UserError(_not_a_workbook(path)) from None
    try:
        sheets = []
        for metadata in workbook.sheets_metadata:
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            if metadata.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(metadata.name)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(SourceSheet(metadata.name, rows, list(sheet.merged_cell_ranges or [])))
        return sheets
    except python_calamine.PasswordError:
        raise UserError(PASSWORD_PROTECTED) from None
    except Exception:
        raise UserError(
            f"Không đọc được nội dung tệp “{path.name}”: tệp có thể bị hỏng; hãy mở bằng "
            "Excel và lưu lại dạng .xlsx."
        ) from None
    finally:
        workbook.close()


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))
