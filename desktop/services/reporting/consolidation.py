"""Consolidation at the city or provincial command: several stations' daily reports of
one night, read from their `Dữ liệu` sheets, added up per unit and in total.

The sheet is a contract (desktop.reports.data.DATA_COLUMNS): one header row
of machine keys, then one row per (team, group) pair with plain values. A file that
does not follow it, reports of different nights, or a unit found in two files are
refused with one sentence, before anything is written. The consolidated report keeps
every row in its own `Dữ liệu` sheet, so the level above can consolidate it again.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from desktop.domain.campaign import COUNT_KEYS
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.reports.data import (
    DATA_COLUMNS,
    ConsolidatedReport,
    CountRow,
    DataRow,
    ReportHeading,
    ReportSettings,
    add_counts,
    empty_counts,
    sum_counts,
)
from desktop.services.progress import Progress

DATA_SHEET = "Dữ liệu"
_PROGRESS_TEXT = "Đang đọc báo cáo của các đơn vị…"


def consolidate(
    paths: Sequence[Path], settings: ReportSettings, progress: Progress | None = None
) -> ConsolidatedReport:
    """Read the daily reports at `paths` and add them up, per unit and in total.

    Refuses, with one sentence: a file missing or not a readable .xlsx, one without a
    `Dữ liệu` sheet laid out as the contract says, reports of different nights (or one
    holding several nights), and a unit that appears in two files.
    """
    progress = progress or Progress()
    if not paths:
        raise UserError("Hãy chọn ít nhất một tệp báo cáo ngày (.xlsx) để tổng hợp.")
    files = [(Path(path), read_data_sheet(Path(path))) for path in paths]
    day = _one_night(files)
    _check_units(files)
    progress.step(len(paths), len(paths), _PROGRESS_TEXT)  # the refusals stand alone
    rows = [row for _, file_rows in files for row in file_rows]
    units: dict[str, dict[str, int]] = {}
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        add_counts(units.setdefault(row.unit, empty_counts()), row.counts)
        add_counts(groups.setdefault((row.unit, row.group), empty_counts()), row.counts)
    unit_rows = tuple(CountRow(unit, counts) for unit, counts in units.items())
    return ConsolidatedReport(
        heading=ReportHeading(
            settings=settings,
            issued_on=day,
            subject=(
                f"Tổng hợp kết quả thực hiện Đề án 06 ngày {day:%d/%m/%Y} "
                f"của {len(unit_rows)} đơn vị"
            ),
            file_title=f"Báo cáo tổng hợp ngày {day:%d/%m/%Y}",
        ),
        day=day,
        units=unit_rows,
        groups=tuple((unit, CountRow(group, counts)) for (unit, group), counts in groups.items()),
        data_rows=tuple(rows),
        total=sum_counts([row.counts for row in unit_rows]),
        sources=tuple(path.name for path, _ in files),
    )


def read_data_sheet(path: Path) -> list[DataRow]:
    """The rows of a report's `Dữ liệu` sheet; refuses a file that breaks the contract."""
    name = path.name
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp “{name}” không phải báo cáo Excel (.xlsx).")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UserError(f"Không đọc được tệp “{name}”: tệp hỏng hoặc không phải Excel.") from None
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise UserError(
                f"Tệp “{name}” không có trang “{DATA_SHEET}”; hãy dùng tệp Excel báo cáo ngày "
                "do Đèn Khuya xuất."
            )
        values = workbook[DATA_SHEET].iter_rows(values_only=True)
        header = tuple(_text(cell) for cell in next(values, ()) if cell is not None)
        if header != DATA_COLUMNS:
            raise UserError(
                f"Trang “{DATA_SHEET}” của tệp “{name}” không đúng mẫu: dòng đầu phải là "
                f"{', '.join(DATA_COLUMNS)}."
            )
        rows = [
            _data_row(name, number, cells)
            for number, cells in enumerate(values, start=2)
            if any(cell not in (None, "") for cell in cells)
        ]
    finally:
        workbook.close()
    if not rows:
        raise UserError(f"Trang “{DATA_SHEET}” của tệp “{name}” không có dòng số liệu nào.")
    return rows


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _data_row(name: str, number: int, cells: tuple) -> DataRow:
    cells = (tuple(cells) + (None,) * len(DATA_COLUMNS))[: len(DATA_COLUMNS)]
    unit, group, team, day_text = (_text(cell) for cell in cells[:4])
    where = f"Dòng {number} trang “{DATA_SHEET}” của tệp “{name}”"
    if not unit or not group or not team:
        raise UserError(f"{where} thiếu đơn vị, tổ dân phố hoặc tổ công tác.")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise UserError(f"{where}: ngày “{day_text}” phải có dạng YYYY-MM-DD.") from None
    counts = {}
    for key, value in zip(COUNT_KEYS, cells[4:], strict=True):
        number_value = _count(value)
        if number_value is None:
            raise UserError(f"{where}: cột “{key}” phải là số nguyên không âm (đang là “{value}”).")
        counts[key] = number_value
    return DataRow(unit=unit, group=group, team=team, day=day, counts=counts)


def _count(value: object) -> int | None:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _one_night(files: list[tuple[Path, list[DataRow]]]) -> date:
    nights: dict[date, str] = {}
    for path, rows in files:
        days = sorted({row.day for row in rows})
        if len(days) > 1:
            raise UserError(
                f"Tệp “{path.name}” có số liệu của nhiều ngày ({days[0]:%d/%m/%Y}–"
                f"{days[-1]:%d/%m/%Y}); chỉ tổng hợp được báo cáo ngày."
            )
        nights.setdefault(days[0], path.name)
    if len(nights) > 1:
        listed = ", ".join(f"“{name}” ngày {day:%d/%m/%Y}" for day, name in sorted(nights.items()))
        raise UserError(
            f"Các báo cáo không cùng một ngày ({listed}); chỉ tổng hợp được báo cáo của "
            "cùng một ngày."
        )
    return next(iter(nights))


def _check_units(files: list[tuple[Path, list[DataRow]]]) -> None:
    seen: dict[str, str] = {}
    for path, rows in files:
        for unit in dict.fromkeys(row.unit for row in rows):
            key = fold(unit)
            if key in seen:
                raise UserError(
                    f"Đơn vị “{unit}” có trong cả tệp “{seen[key]}” và tệp “{path.name}”; "
                    "mỗi đơn vị chỉ được tổng hợp một lần."
                )
        for unit in {row.unit for row in rows}:
            seen[fold(unit)] = path.name
