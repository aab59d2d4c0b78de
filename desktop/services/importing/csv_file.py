"""Reading a household list saved as CSV: ours (`denkhuya export residents`) or Excel's.

Our export writes UTF-8 with a byte-order mark and commas. Excel on a Vietnamese
Windows saves "CSV (Comma delimited)" in the Windows code page (cp1258) with semicolons,
and "CSV UTF-8" with a byte-order mark. The text is read line by line within the
limits (limits.py), so a file without line breaks or with one endless cell is refused
without being held in memory. Every cell stays text: an ID number keeps its leading
zero; the readers of values.py and records.py read numbers and dates from text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.importing.cell_issues import cleaned_text
from desktop.services.importing.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    SPLIT_FILE,
    Budget,
    long_cell,
    too_large,
)

_SAMPLE = 64 * 1024
_LINE_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)
_DELIMITERS = (",", ";", "\t")


def read_csv_rows(path: Path, budget: Budget) -> list[list[object]]:
    """The rows of a CSV file as lists of text (Excel error codes as BrokenCell)."""
    raw = path.open("rb")
    with raw:
        sample = raw.read(_SAMPLE)
        encoding = _encoding(sample)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        delimiter = _delimiter(sample.decode(encoding, "replace").lstrip("\ufeff"))
        counted = budget.text
        try:
            return _rows(text, delimiter, budget)
        except UnicodeDecodeError:
            budget.text = counted
    # Valid UTF-8 at the start but not further on: the Windows code page, then.
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="cp1258", errors="replace", newline="")
        return _rows(text, delimiter, budget)


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not merely a letter cut at the sample's end
            return "cp1258"
    return "utf-8"


def _delimiter(sample: str) -> str:
    """The separator the first line uses most, outside quotes (a comma by default)."""
    line = next((line for line in sample.splitlines() if line.strip()), "")
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for character in line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _lines(text: io.TextIOWrapper, file_name: str) -> Iterator[str]:
    while True:
        line = text.readline(_LINE_CHARS)
        if not line:
            return
        if len(line) >= _LINE_CHARS and not line.endswith(("\n", "\r")):
            raise too_large(file_name, f"một dòng của tệp dài hơn {number(_LINE_CHARS)} ký tự")
        yield line


def _rows(text: io.TextIOWrapper, delimiter: str, budget: Budget) -> list[list[object]]:
    file_name = budget.file_name
    rows: list[list[object]] = []
    width = 0
    reader = csv.reader(_lines(text, file_name), delimiter=delimiter)
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise too_large(file_name, f"tệp có hơn {number(MAX_ROWS)} dòng", SPLIT_FILE)
            if len(cells) > MAX_COLUMNS:
                raise too_large(
                    file_name, f"dòng {number(reader.line_num)} có {number(len(cells))} cột"
                )
            row: list[object] = []
            for cell in cells:
                if len(cell) > MAX_CELL_CHARS:
                    column = len(row) + 1
                    raise long_cell(file_name, f"ô thứ {column} của dòng {reader.line_num}")
                budget.add_text(len(cell))
                row.append(cleaned_text(cell) if cell[:1] in ("#", "'") else cell)
            rows.append(row)
            width = max(width, len(row))
    except csv.Error:
        # The csv module's own limit on a cell (131,072 characters), or a broken quote.
        raise UserError(
            f"Không đọc được tệp “{file_name}” ở dòng {number(reader.line_num)}: có ô dài bất "
            f"thường hoặc dấu ngoặc kép không đóng (mỗi ô tối đa {number(MAX_CELL_CHARS)} ký "
            "tự); hãy mở tệp bằng Excel, kiểm tra rồi lưu lại."
        ) from None
    far = (len(rows) - 1, width - 1) if rows and width else None
    budget.add_sheet(Path(file_name).stem, len(rows), width, far)
    return rows
