"""Cells that show something other than a value: Excel errors, and formulas whose result
the file does not hold.

A reader gives such a cell as a BrokenCell instead of an empty one, so the import can
say which cell it is and why nothing was taken from it ("never silently blank"). Excel
writes an error cell with its code ("#REF!"); a program other than Excel (openpyxl, a
web export) may write a formula without the result Excel would have computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.spreadsheet_text import without_mark

# The codes Excel shows in a cell whose formula failed (and the few newer ones).
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    }
)
_SHOWN_FORMULA = 60  # characters of a formula quoted in a sentence


@dataclass(frozen=True, slots=True)
class BrokenCell:
    """A cell without a usable value: an Excel error, or a formula without its result."""

    shown: str  # "#REF!", or the formula as Excel shows it ("=SUM(C2:C9)")
    formula: bool = False  # True: a formula whose result the file does not hold

    def __str__(self) -> str:
        return self.shown

    def sentence(self, cell: str) -> str:
        """What is wrong with the cell (its reference, "F12"), in one Vietnamese sentence."""
        if self.formula:
            shown = self.shown
            if len(shown) > _SHOWN_FORMULA:
                shown = shown[:_SHOWN_FORMULA] + "…"
            return (
                f"Ô {cell} có công thức “{shown}” nhưng tệp không lưu kết quả của nó (tệp "
                "không được lưu bằng Excel); hãy mở tệp bằng Excel, lưu lại rồi nhập lại."
            )
        return (
            f"Ô {cell} là lỗi Excel “{self.shown}” (công thức hỏng), không có giá trị; "
            "hãy sửa ô này trong tệp."
        )


def cleaned_text(text: str) -> str | BrokenCell:
    """A text cell as the person meant it: an Excel error code ("#REF!") as a BrokenCell,
    and without the apostrophe a CSV export puts before formula-like text ("'=…")."""
    if text[:1] == "#":
        return error_cell(text) or text
    return without_mark(text)


def clean_rows(rows: list[list[object]]) -> None:
    """cleaned_text() on every text cell that starts with "#" or an apostrophe."""
    for row in rows:
        for index, value in enumerate(row):
            if value.__class__ is str and value[:1] in _CLEANED_STARTS:
                row[index] = cleaned_text(value)


_CLEANED_STARTS = ("#", "'")


def error_cell(text: str) -> BrokenCell | None:
    """The BrokenCell a text stands for when it is an Excel error code ("#REF!")."""
    code = text.strip().upper()
    return BrokenCell(code) if code in EXCEL_ERRORS else None


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB": the column name Excel shows."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_reference(row: int, column: int) -> str:
    """0-based row and column → "F12"."""
    return f"{column_letter(column)}{row + 1}"
