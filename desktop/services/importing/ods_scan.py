"""Looking through an .ods (LibreOffice, OpenOffice) before the spreadsheet reader opens it.

An .ods writes repeated cells and rows once with a count ("this cell 16,384 times",
"this row a million times") and runs of spaces as a count too: a few bytes can stand
for billions of cells or characters, which python-calamine would build as soon as the
file opens (every sheet at once). content.xml is walked here the way the reader walks
it, counting what it would build, before it is let at the file.
"""

from __future__ import annotations

import html
import re

from desktop.domain.numbers import number
from desktop.services.importing.cell_issues import BrokenCell, cell_reference
from desktop.services.importing.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    STRAY_CELLS,
    Budget,
    damaged,
    long_cell,
    too_large,
)
from desktop.services.importing.xlsx_scan import SheetFacts
from desktop.services.importing.zip_parts import ZipParts

CONTENT_BYTES = 256 * 2**20
_READER_MAX_ROWS = 1_048_576  # the reader caps repeated rows and columns at these
_READER_MAX_COLUMNS = 16_384
_TOKEN = re.compile(
    rb"<(/?)(table:table|table:table-row|table:table-cell|table:covered-table-cell|text:s)"
    rb"""(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|<[^>]*>"""
)
_ATTRIBUTE = re.compile(rb"""([\w.:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE_ATTRIBUTES = {
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
    b"table:formula",
}


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    return {key: double if double else single for key, double, single in _ATTRIBUTE.findall(raw)}


def _count(value: bytes | None, cap: int) -> int:
    if value is None:
        return 1
    if not value.isdigit():
        raise ValueError(value)
    return min(int(value), cap)


def scan_ods(parts: ZipParts, budget: Budget) -> dict[str, SheetFacts]:
    """The facts of every sheet, by name; raises UserError for a file that cannot be a
    household list or is damaged."""
    file_name = parts.file_name
    if not parts.has("content.xml"):
        raise damaged(file_name)
    data = parts.read("content.xml", CONTENT_BYTES)
    try:
        return _Walk(budget).run(data)
    except ValueError:
        raise damaged(file_name) from None


class _Walk:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.stored = 0  # cells the reader keeps before it lays them out

    def run(self, data: bytes) -> dict[str, SheetFacts]:
        sheets: dict[str, SheetFacts] = {}
        sheet = ""
        facts: SheetFacts | None = None
        row = column = row_repeats = 0
        row_width = row_text = 0
        cell_repeats = cell_text = 0
        in_cell = valued = False
        error = False
        shown = ""
        for match in _TOKEN.finditer(data):
            closing, name, raw, text = match.groups()
            if name is None and text is None:
                continue  # another element (text:p, text:span…)
            if text is not None:
                if in_cell:
                    cell_text += len(text)
                    if error and len(shown) < 40:
                        shown += html.unescape(text[:40].decode("utf-8", "replace"))
                continue
            empty = raw.endswith(b"/")
            if name == b"table:table":
                if closing:
                    if facts is not None:
                        self.budget.add_sheet(sheet, facts.rows, facts.columns, facts.far)
                    facts = None
                else:
                    values = _attributes(raw)
                    sheet = html.unescape(values.get(b"table:name", b"").decode("utf-8", "replace"))
                    facts = sheets[sheet] = SheetFacts()
                    row = 0
                continue
            if facts is None:
                continue
            if name == b"table:table-row":
                if not closing:
                    repeats = _attributes(raw).get(b"table:number-rows-repeated")
                    row_repeats = _count(repeats, max(_READER_MAX_ROWS - row, 0))
                    column = row_width = row_text = 0
                if closing or empty:
                    self._end_row(sheet, facts, (row, row_repeats), row_width, row_text)
                    row += row_repeats
            elif name == b"text:s" and in_cell and not closing:
                spaces = _attributes(raw).get(b"text:c")
                cell_text += _count(spaces, 2**62)
            elif not closing:  # a cell starts
                values = _attributes(raw)
                cap = max(_READER_MAX_COLUMNS - column, 0)
                cell_repeats = _count(values.get(b"table:number-columns-repeated"), cap)
                valued = values.get(b"office:value-type") == b"string" or any(
                    key in values for key in _VALUE_ATTRIBUTES
                )
                error = values.get(b"calcext:value-type") == b"error"
                shown = ""
                cell_text = len(values.get(b"office:string-value", b""))
                in_cell = True
            if name in (b"table:table-cell", b"table:covered-table-cell") and (closing or empty):
                in_cell = False
                if cell_text > MAX_CELL_CHARS:
                    where = f"ô {cell_reference(row, column)} của trang “{sheet}”"
                    raise long_cell(self.budget.file_name, where)
                if error:
                    facts.broken[(row, column)] = BrokenCell(shown.strip() or "#N/A")
                column += cell_repeats
                if valued or error:
                    row_width = column
                    row_text += cell_text * cell_repeats
        return sheets

    def _end_row(
        self, sheet: str, facts: SheetFacts, rows: tuple[int, int], width: int, text: int
    ) -> None:
        row, repeats = rows
        self.stored += width
        if self.stored > MAX_CELLS:
            raise too_large(
                self.budget.file_name,
                f"trang “{sheet}” có hơn {number(MAX_CELLS)} ô",
                STRAY_CELLS,
            )
        if not width:
            return
        last = row + repeats
        if last > facts.rows or width > facts.columns:
            facts.far = (max(last, facts.rows) - 1, max(width, facts.columns) - 1)
        facts.rows = max(facts.rows, last)
        facts.columns = max(facts.columns, width)
        if not self.budget.fits(facts.rows, facts.columns):
            self.budget.add_sheet(sheet, facts.rows, facts.columns, facts.far)
        self.budget.add_text(text * repeats)
