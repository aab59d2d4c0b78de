"""Finding the table on each sheet: its heading row, its columns and its group.

The heading row is rarely row 1: agency lines, the national motto, a title and blank
rows come first. Each of the first rows is scored by how many of its cells are
recognised headings; the best row that names the person's full name and at least one
other personal detail is the heading. A second heading row under it ("Nam" | "Nữ"
under "Năm sinh") is merged into it. The user can correct the result in the wizard,
so everything here is plain, editable data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.domain.errors import UserError
from desktop.services.importing.headings import (
    IGNORED,
    PERSON_FIELDS,
    ROW_NUMBER,
    folded_heading,
    recognise_heading,
)
from desktop.services.importing.titles import (
    Place,
    group_from_sheet_name,
    group_from_title,
    ward_from_title,
)
from desktop.services.importing.values import cell_text, is_blank
from desktop.services.importing.workbook import SourceSheet, SourceWorkbook

_HEADER_SEARCH_ROWS = 60
_TITLE_CHARS = 300
_NUMBER_MARK = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")


@dataclass
class SheetLayout:
    """Where one sheet's table is and what each of its columns holds."""

    sheet: str
    header_row: int  # 0-based index of the (first) heading row
    data_start: int  # 0-based index of the first row under the headings
    headings: dict[int, str]  # column index → heading as the file writes it
    columns: dict[int, str]  # column index → field key (see headings.FIELD_LABELS)
    group_name: str | None = None  # the group its rows belong to unless a column says
    title_lines: list[str] = field(default_factory=list)

    def column_of(self, field_key: str) -> int | None:
        """The column mapped to a field, if any."""
        return next((col for col, key in self.columns.items() if key == field_key), None)

    def heading_of(self, field_key: str) -> str:
        """The heading of the column mapped to a field, as written ("" if unmapped)."""
        column = self.column_of(field_key)
        return self.headings.get(column, "") if column is not None else ""

    @property
    def fields(self) -> set[str]:
        return {key for key in self.columns.values() if key not in (IGNORED, ROW_NUMBER)}


@dataclass
class WorkbookLayout:
    """The tables found in a workbook, the sheets without one, and the ward the title names."""

    sheets: list[SheetLayout]
    skipped_sheets: list[str] = field(default_factory=list)
    place: Place | None = None

    def sheet(self, name: str) -> SheetLayout:
        return next(layout for layout in self.sheets if layout.sheet == name)


def detect_layout(workbook: SourceWorkbook) -> WorkbookLayout:
    """Find the table of every sheet. Raises UserError when no sheet has one."""
    layouts, skipped = [], []
    for sheet in workbook.sheets:
        layout = detect_sheet_layout(sheet)
        if layout is None:
            skipped.append(sheet.name)
        else:
            layouts.append(layout)
    if not layouts:
        raise UserError(
            f"Không tìm thấy bảng danh sách nhân khẩu trong tệp “{workbook.file_name}”: cần "
            "một dòng tiêu đề có cột “Họ và tên” và các cột như “Quan hệ với chủ hộ”, "
            "“Ngày sinh”, “Số định danh cá nhân”."
        )
    place = None
    for layout in layouts:
        place = ward_from_title(layout.title_lines)
        if place is not None:
            break
    return WorkbookLayout(layouts, skipped, place)


def detect_sheet_layout(sheet: SourceSheet) -> SheetLayout | None:
    """The table of one sheet, or None when no row looks like a heading row."""
    best_row, best_score = None, 0
    for index, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
        score = _heading_score(row)
        if score > best_score:
            best_row, best_score = index, score
    if best_row is None:
        return None
    headings, columns, data_start = _read_headings(sheet, best_row)
    # Each cell is a line of its own: the agency and the motto share a row.
    # A title line is short: a long cell above the table is read by its beginning only.
    title_lines = [
        cell_text(value)[:_TITLE_CHARS] for row in sheet.rows[:best_row] for value in row
    ]
    title_lines = [line for line in title_lines if line]
    return SheetLayout(
        sheet=sheet.name,
        header_row=best_row,
        data_start=data_start,
        headings=headings,
        columns=columns,
        group_name=group_from_sheet_name(sheet.name) or group_from_title(title_lines),
        title_lines=title_lines,
    )


def _heading_score(row: list[object]) -> int:
    """How many distinct person fields a row's cells name, 0 unless it has the name."""
    fields = {recognise_heading(value) for value in row if isinstance(value, str) and value}
    has_name = "full_name" in fields or "given_name" in fields
    person = len(fields & PERSON_FIELDS)
    if not has_name or person < 1:
        return 0
    return len(fields - {None, ROW_NUMBER}) + person


def _read_headings(sheet: SourceSheet, header_row: int) -> tuple[dict, dict, int]:
    top = sheet.rows[header_row]
    parents = _parents(sheet, header_row)
    below = sheet.rows[header_row + 1] if header_row + 1 < len(sheet.rows) else []
    two_rows = _is_sub_heading_row(top, below, parents)
    headings: dict[int, str] = {}
    columns: dict[int, str] = {}
    for column in range(max(len(top), len(below))):
        own = cell_text(top[column]) if column < len(top) else ""
        sub = cell_text(below[column]) if two_rows and column < len(below) else ""
        if sub:
            parent = parents.get(column, own)
            headings[column] = f"{parent} ({sub})" if parent else sub
            key = recognise_heading(sub, parent)
        elif own:
            headings[column] = own
            key = recognise_heading(own)
        else:
            continue
        columns[column] = key or IGNORED
    _drop_repeated_fields(columns, headings)
    if "given_name" in columns.values() and "family_name" not in columns.values():
        columns = {col: "full_name" if key == "given_name" else key for col, key in columns.items()}
    return headings, columns, header_row + (2 if two_rows else 1)


def _parents(sheet: SourceSheet, header_row: int) -> dict[int, str]:
    """Column → the text of the heading cell spanning it in the heading row."""
    top = sheet.rows[header_row]
    parents: dict[int, str] = {}
    for (first_row, first_col), (_last_row, last_col) in sheet.merged:
        if first_row == header_row and last_col > first_col:
            text = cell_text(sheet.cell(first_row, first_col))
            for column in range(first_col, last_col + 1):
                parents[column] = text
    if not parents:
        # Without merge information (some .xls files), a blank heading cell belongs to
        # the nearest heading on its left.
        last = ""
        for column, value in enumerate(top):
            text = cell_text(value)
            if text:
                last = text
            else:
                parents[column] = last
    return parents


def _is_sub_heading_row(top: list[object], below: list[object], parents: dict[int, str]) -> bool:
    """True when the row under the headings holds sub-headings rather than data."""
    filled = [(col, value) for col, value in enumerate(below) if not is_blank(value)]
    if not filled or _is_number_marks([value for _, value in filled]):
        return False
    if not all(isinstance(value, str) and any(ch.isalpha() for ch in value) for _, value in filled):
        return False
    spanned = [col for col, _ in filled if parents.get(col)]
    under_name = any(
        recognise_heading(cell_text(top[col])) == "full_name" for col, _ in filled if col < len(top)
    )
    return bool(spanned) and not under_name


def _drop_repeated_fields(columns: dict[int, str], headings: dict[int, str]) -> None:
    """Keep one column per field; for the ID number prefer "CCCD" over the old "CMND"."""
    seen: dict[str, int] = {}
    for column in sorted(columns):
        key = columns[column]
        if key in (IGNORED, ROW_NUMBER):
            continue
        if key not in seen:
            seen[key] = column
            continue
        earlier = seen[key]
        if key == "personal_id" and "cmnd" in folded_heading(headings[earlier]).split():
            columns[earlier] = IGNORED
            seen[key] = column
        else:
            columns[column] = IGNORED


def _is_number_marks(values: list[object]) -> bool:
    """ "(1) (2) (3)…" or "1 2 3…" or "A B C…": the column-number row under a heading."""
    if len(values) < 3:
        return False
    for value in values:
        if isinstance(value, float):
            if not (value.is_integer() and 0 <= value < 100):
                return False
        elif not (isinstance(value, str) and _NUMBER_MARK.match(value.strip())):
            return False
    return True


def is_number_marks(row: list[object]) -> bool:
    """True for a column-numbering row ("(1) (2) (3)…"), wherever it appears."""
    marks = 0
    for value in row:
        if value == "" or value is None:
            continue
        if isinstance(value, float):
            if not (value.is_integer() and 0 <= value < 100):
                return False
        elif not (isinstance(value, str) and _NUMBER_MARK.match(value.strip())):
            return False
        marks += 1
    return marks >= 3
