"""The columns an import leaves out, so that none is dropped in silence.

A column is left out when its heading names nothing the import knows ("Dân tộc",
"Họ và tên chủ hộ"), when it repeats a field another column already gives, or when it
holds values under no heading at all. The CLI lists them (`"ignored_columns"` in its
JSON), the wizard's review page too, with a chooser to take one in after all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.services.importing.cell_issues import column_letter
from desktop.services.importing.headings import IGNORED
from desktop.services.importing.layout import SheetLayout
from desktop.services.importing.values import is_blank
from desktop.services.importing.workbook import SourceSheet


@dataclass(frozen=True)
class IgnoredColumn:
    """One column of one sheet that the import does not read."""

    sheet: str
    column: int  # 0-based
    heading: str  # as the file writes it; "" for values under no heading

    @property
    def letter(self) -> str:
        return column_letter(self.column)

    @property
    def reason(self) -> str:
        """Why the import leaves it out, for people."""
        if not self.heading:
            return "cột có dữ liệu nhưng không có tiêu đề"
        return "tiêu đề không ứng với thông tin nào cần nhập, hoặc trùng với cột khác"

    def as_json(self) -> dict[str, Any]:
        """The shape the CLI prints: sheet, column (its letter), heading."""
        return {"sheet": self.sheet, "column": self.letter, "heading": self.heading}


def ignored_columns(sheet: SourceSheet, layout: SheetLayout, last_row: int) -> list[IgnoredColumn]:
    """The columns of a sheet's table left out of the import, in column order.

    `last_row` is the Excel number of the table's last person row: values under no
    heading count from the first data row down to it (not the signature block below).
    """
    found = {
        column: layout.headings.get(column, "")
        for column, key in layout.columns.items()
        if key == IGNORED
    }
    width = max((len(row) for row in sheet.rows[layout.data_start : last_row]), default=0)
    unheaded = {column for column in range(width) if column not in layout.columns}
    for row in sheet.rows[layout.data_start : last_row]:
        if not unheaded:
            break
        for column in [c for c in unheaded if c < len(row) and not is_blank(row[c])]:
            found[column] = ""
            unheaded.discard(column)
    return [IgnoredColumn(layout.sheet, column, found[column]) for column in sorted(found)]
