"""Formulas that stay formulas in the workbooks we write, each with the value it computes.

A total written as the text "=SUM(C7:C15)" shows literally in Excel and LibreOffice;
a formula written by openpyxl alone carries no value until a spreadsheet recalculates
it, so a reader that does not (a file preview, openpyxl's `data_only`, LibreOffice set
to "never recalculate") shows nothing. A `Formula` is written as a real formula *and*
the value the program computed from the same numbers; Excel and LibreOffice recompute
it on open (the workbook asks for a full calculation on load).

Text that came from people ("=1+1" typed as a name) is never a `Formula`: the Excel
writer stores every other string starting with "=" as text.

openpyxl has no public way to write a formula's cached value, so `install()` wraps
the cell writer of its worksheet writer: cells holding a `Formula` are written as
`<c><f>…</f><v>…</v></c>`, every other cell by openpyxl as before
(tests/reports/test_excel_report.py reads the values back).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.worksheet import _writer as worksheet_writer
from openpyxl.xml.functions import Element, SubElement

Cached = int | float | str


@dataclass(frozen=True)
class Formula:
    """A formula ("=SUM(C7:C15)") and the value it computes on the numbers written."""

    text: str
    cached: Cached

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


class _FormulaText(str):
    """The formula's text as the cell's value, carrying the computed value along."""

    cached: Cached


def formula_cell(sheet, formula: Formula) -> Cell:
    """A write-only cell holding `formula` (style it as any other cell)."""
    cell = WriteOnlyCell(sheet)
    text = _FormulaText(formula.text)
    text.cached = formula.cached
    cell._value = text
    cell.data_type = "f"
    return cell


def ratio(numerator: float, denominator: float) -> Cached:
    """What `=IF(N(D)=0,"",E/D)` computes: "" for a zero denominator."""
    return "" if not denominator else numerator / denominator


_openpyxl_write_cell = worksheet_writer.write_cell


def _write_cell(xf, worksheet, cell, styled=False) -> None:
    value = cell._value
    if not isinstance(value, _FormulaText):
        _openpyxl_write_cell(xf, worksheet, cell, styled)
        return
    attributes = {"r": cell.coordinate}
    if styled:
        attributes["s"] = f"{cell.style_id}"
    cached = value.cached
    if isinstance(cached, str):
        attributes["t"] = "str"
    element = Element("c", attributes)
    SubElement(element, "f").text = value[1:]
    SubElement(element, "v").text = cached if isinstance(cached, str) else safe_string(cached)
    xf.write(element)


def install() -> None:
    """Let openpyxl's worksheet writer write `Formula` cells with their values (once)."""
    if worksheet_writer.write_cell is not _write_cell:
        worksheet_writer.write_cell = _write_cell


install()
