"""Opening the file a ward gives us and reading every visible sheet into plain rows.

python-calamine does the reading: on bench/import.py's 50,000-resident list it took
0.7–1.3 s where openpyxl's read-only mode took 10–18 s (200,000 × 12 cells: about 3 s
against 36 s). It reads .xlsx, .xlsm, .xls (BIFF) and .ods alike, offline; a .csv is
read by csv_file.py. Before the reader builds a sheet in memory the file is looked
through (xlsx_scan.py, xls_scan.py, ods_scan.py) and refused beyond the limits of a
household list (limits.py). Rows are kept from A1 so that row and column numbers are
the ones a person sees in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from desktop.domain.errors import UserError
from desktop.services.importing.cell_issues import clean_rows
from desktop.services.importing.csv_file import read_csv_rows
from desktop.services.importing.limits import Budget, check_file_size, damaged
from desktop.services.importing.ods_scan import scan_ods
from desktop.services.importing.xls_scan import PASSWORD_PROTECTED, scan_xls
from desktop.services.importing.xlsx_scan import SheetFacts, scan_xlsx
from desktop.services.importing.zip_parts import ZipParts

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

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
    """Read every visible worksheet of an .xlsx, .xlsm, .xls or .ods file, or a .csv file.

    The file is looked through first (xlsx_scan, xls_scan, ods_scan, csv_file) and refused
    when it cannot be a household list (limits.py), so that reading it stays within
    bounded memory and time. Excel error cells and formulas without their result come as
    BrokenCell. Raises UserError with one sentence for a missing file, a file that is not
    a workbook, a damaged or password-protected one, one beyond the limits, and a
    workbook without any data.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp “{path}”; hãy kiểm tra lại đường dẫn.")
    try:
        with path.open("rb") as stream:
            start = stream.read(8)
        size = path.stat().st_size
    except OSError as error:
        raise UserError(f"Không mở được tệp “{path.name}” ({error.strerror}).") from None
    if not start:
        raise UserError(f"Tệp “{path.name}” trống, không có dữ liệu.")
    check_file_size(path.name, size)
    budget = Budget(path.name)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            sheets = [SourceSheet(path.stem, read_csv_rows(path, budget))]
        else:
            sheets = _read_sheets(path, _scanned(path, start, suffix, budget))
    except OSError as error:
        raise UserError(f"Không đọc được tệp “{path.name}” ({error.strerror}).") from None
    if not any(any(_filled(value) for value in row) for sheet in sheets for row in sheet.rows):
        raise UserError(f"Tệp “{path.name}” không có dữ liệu: mọi trang tính đều trống.")
    return SourceWorkbook(path, sheets)


def _scanned(path: Path, start: bytes, suffix: str, budget: Budget) -> dict[str, SheetFacts]:
    """What the look through the file found, by sheet; refuses what cannot be read."""
    if suffix not in _WORKBOOK_SUFFIXES:
        raise UserError(_not_a_workbook(path))
    if start.startswith(_OLE):
        if _is_encrypted(path):
            raise UserError(PASSWORD_PROTECTED)
        return scan_xls(path, path.name, budget)
    if not start.startswith(_ZIP):
        raise UserError(_not_a_workbook(path))
    parts = ZipParts(path, path.name)
    if parts.has("xl/workbook.bin"):
        raise UserError(_not_a_workbook(path))  # .xlsb: the binary Excel format
    if suffix == ".ods":
        return scan_ods(parts, budget)
    if not parts.has("_rels/.rels"):
        raise UserError(_not_a_workbook(path))
    return scan_xlsx(parts, budget)


def _not_a_workbook(path: Path) -> str:
    return (
        f"Tệp “{path.name}” không phải bảng tính Excel; hãy chọn tệp .xlsx (hoặc mở tệp bằng "
        "Excel rồi lưu lại dạng .xlsx), hoặc tệp .csv."
    )


def _is_encrypted(path: Path) -> bool:
    # An encrypted .xlsx is an OLE compound file holding an "EncryptionInfo" stream;
    # its name sits in the directory sectors as UTF-16 text.
    return _ENCRYPTION_STREAM in path.read_bytes()


def _read_sheets(path: Path, facts: dict[str, SheetFacts]) -> list[SourceSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise UserError(PASSWORD_PROTECTED) from None
    except BaseException as error:  # calamine raises several error types, and panics
        _reraise_unless_reader_error(error)
        raise UserError(_not_a_workbook(path)) from None
    try:
        sheets = []
        for metadata in workbook.sheets_metadata:
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            if metadata.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            found = facts.get(metadata.name)
            if found is None:
                raise damaged(path.name)  # a sheet the look through the file did not see
            sheet = workbook.get_sheet_by_name(metadata.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            del sheet  # the reader's copy of the cells
            if found.marked_text:
                clean_rows(rows)
            _mark_broken_cells(rows, found)
            sheets.append(SourceSheet(metadata.name, rows, merged))
        return sheets
    except python_calamine.PasswordError:
        raise UserError(PASSWORD_PROTECTED) from None
    except UserError:
        raise
    except BaseException as error:
        _reraise_unless_reader_error(error)
        raise damaged(path.name) from None
    finally:
        workbook.close()


def _reraise_unless_reader_error(error: BaseException) -> None:
    """Let Ctrl+C and exits through; an error or a panic of the reader is the file's."""
    if isinstance(error, Exception) or type(error).__name__ == "PanicException":
        return
    raise error


def _mark_broken_cells(rows: list[list[object]], facts: SheetFacts) -> None:
    """Put each error cell and value-less formula in its place: the reader gives them as
    empty cells (or, from an .ods, as the 0 the failed formula left)."""
    for (row, column), broken in facts.broken.items():
        while len(rows) <= row:
            rows.append([])
        cells = rows[row]
        if len(cells) <= column:
            cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = broken


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))
