"""Walking down a table: which rows are people, and where the table ends.

Between the heading and the signature there are blank rows between households, the
column-number row "(1) (2) (3)", headings repeated on each printed page, subtotal rows
("Cộng tổ 1: 120 nhân khẩu") and section rows naming the next group ("TỔ DÂN PHỐ SỐ 2").
The table ends at the totals ("Tổng cộng: 449 nhân khẩu", in whichever column) or the
signature block ("Người lập biểu", "(Ký, ghi rõ họ tên)", "…, ngày … tháng … năm …").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.services.importing.headings import IGNORED, ROW_NUMBER, recognise_heading
from desktop.services.importing.layout import SheetLayout, is_number_marks
from desktop.services.importing.titles import group_name
from desktop.services.importing.values import is_blank
from desktop.services.importing.workbook import SourceSheet

_END_STARTS = ("tổng cộng", "tổng số", "tổng:", "tổng ", "tong cong", "tong so")
_END_CONTAINS = (
    "người lập biểu",
    "người lập bảng",
    "người lập danh sách",
    "ghi rõ họ tên",
    "ghi rõ họ và tên",
    "(ký",
    "xác nhận của",
    "trưởng công an",
    "nơi nhận",
)
_END_CELLS = {
    "người lập",
    "tổ trưởng",
    "tổ trưởng tổ dân phố",
    "trưởng thôn",
    "trưởng bản",
    "thủ trưởng đơn vị",
    "cán bộ lập biểu",
    "xác nhận",
}
_DATE_LINE = re.compile(r"ngày\s*[\d.…_ ]*\s*tháng\s*[\d.…_ ]*\s*năm")
_SUBTOTAL = re.compile(r"^cộng\b")
_LOOKED_AT = 300


@dataclass(frozen=True)
class SourceRow:
    """One person's row: where it is in the file and its cells by field."""

    sheet: str
    number: int  # the Excel row number a person sees (1-based)
    group: str | None  # the group a section row or the sheet gives it
    values: dict[str, object]  # field → raw cell


def table_rows(sheet: SourceSheet, layout: SheetLayout) -> Iterator[SourceRow]:
    """The rows of a sheet's table that hold people, in file order."""
    mapped = [
        (column, key) for column, key in layout.columns.items() if key not in (IGNORED, ROW_NUMBER)
    ]
    name_columns = [
        column
        for column, key in mapped
        if key in ("full_name", "given_name", "family_name", "relation")
    ]
    name_key = next((key for _, key in mapped if key in ("full_name", "given_name")), "")
    name_heading = layout.heading_of(name_key) if name_key else ""
    group = layout.group_name
    for index in range(layout.data_start, len(sheet.rows)):
        row = sheet.rows[index]
        values = {key: row[column] for column, key in mapped if column < len(row)}
        if is_number_marks(row) or _same_text(values.get(name_key), name_heading):
            continue  # the column numbers, or the headings repeated on a printed page
        if all(value == "" or is_blank(value) for value in values.values()):
            if all(value == "" or value is None for value in row):
                continue  # a blank row between households
            if _ends_table(row):
                return
            section = _section_group(row)
            if section:
                group = section
            continue
        if not all(column < len(row) and not is_blank(row[column]) for column in name_columns):
            # Only a row missing its name or relation can be a footer or a section.
            if _ends_table(row):
                return
            if _is_skippable(row):
                continue
            section = _section_group(row)
            if section:
                group = section
                continue
        yield SourceRow(sheet.name, index + 1, group, values)


def _same_text(value: object, heading: str) -> bool:
    return bool(heading) and isinstance(value, str) and " ".join(value.split()) == heading


def _texts(row: list[object]) -> list[str]:
    # Footers and section rows are short: a long cell is read by its beginning only.
    return [
        " ".join(unicodedata.normalize("NFC", value[:_LOOKED_AT]).lower().split())
        for value in row
        if isinstance(value, str) and value.strip()
    ]


def _ends_table(row: list[object]) -> bool:
    for text in _texts(row):
        if text.startswith(_END_STARTS) or text in _END_CELLS:
            return True
        if any(part in text for part in _END_CONTAINS) or _DATE_LINE.search(text):
            return True
    return False


def _is_skippable(row: list[object]) -> bool:
    """Subtotals, and headings repeated at the top of a printed page."""
    texts = _texts(row)
    if any(_SUBTOTAL.match(text) for text in texts):
        return True
    fields = {recognise_heading(text) for text in texts}
    return "full_name" in fields and len(fields - {None}) >= 2


def _section_group(row: list[object]) -> str | None:
    texts = {text for text in _texts(row)}
    if len(texts) != 1 or any(isinstance(v, float) for v in row):
        return None
    return group_name(texts.pop())
