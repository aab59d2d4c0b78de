"""Exporting the residents of the ward to a CSV or Excel file, as the CLI contract says.

The columns, their order and their values are a contract with the scripts and
spreadsheets of the provincial command (DESIGN.md, "The command line"): empty means
unknown, dates are ISO, genders `male`/`female`, `app_114` `yes`/`no`. Rows are
streamed from the database a group and a chunk at a time, so a city of 200,000
residents needs little memory (to CSV in seconds; openpyxl takes about a minute for
the same rows in Excel). The file is written under a temporary name in the target
folder and renamed at the end (desktop.services.output_files), so a cancelled or
failed export leaves nothing behind. In the CSV, text that a spreadsheet would run as a
formula gets a leading apostrophe (desktop.domain.spreadsheet_text); `denkhuya import`
reads both files back.
Every export is written to the audit trail: it hands citizens' data to someone.

Someone who sees ID numbers and phones masked (desktop.services.signed_in: leaders)
exports them masked too, the same way ("••••••••1234", "•••••••678"): the Excel file
says so in its title and sheet name, and the audit entry records it. The CSV keeps its
contract's columns; its masked cells speak for themselves.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident, ResidentialGroup
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.personal_id import mask_personal_id
from desktop.domain.phones import mask_phone
from desktop.domain.spreadsheet_text import neutralised
from desktop.services import audit, signed_in
from desktop.services.output_files import (
    append_heading_row,
    append_streamed_rows,
    check_target,
    written_in_place,
)
from desktop.services.progress import Progress

COLUMNS = (
    "household_code",
    "group",
    "address",
    "full_name",
    "birth_date",
    "birth_year",
    "gender",
    "personal_id",
    "phone",
    "relation",
    "vneid_level",
    "app_114",
    "lat",
    "lon",
)
# Excel column widths, in characters, for the columns above.
_XLSX_WIDTHS = (16, 10, 40, 28, 12, 10, 8, 15, 14, 12, 11, 8, 11, 11)

CHUNK_ROWS = 5000
PROGRESS_TEXT = "Đang xuất danh sách nhân khẩu…"
EXPORT_ACTION = "export"
# The Excel file's title and sheet, plain and masked.
XLSX_TITLE = "Danh sách nhân khẩu"
XLSX_TITLE_MASKED = "Danh sách nhân khẩu (số định danh và số điện thoại đã che)"
XLSX_SHEET = "Nhân khẩu"
XLSX_SHEET_MASKED = "Nhân khẩu (đã che số)"
_PERSONAL_ID, _PHONE = COLUMNS.index("personal_id"), COLUMNS.index("phone")


@dataclass(frozen=True)
class ExportSummary:
    """How many residents went out, to which file, and whether their ID numbers and
    phones were masked."""

    rows: int
    path: Path
    masked: bool = False


def export_residents(session: Session, path: Path, progress: Progress) -> ExportSummary:
    """Write every resident of the database to `path` (.csv or .xlsx) and audit it.

    Rows are ordered by residential group, household address, household and position
    in the household. ID numbers and phones are masked for someone who sees them masked
    (signed_in.masks_personal_numbers()). Raises UserError (nothing written) for another
    file type or a folder that cannot be written; Cancelled from `progress` leaves no
    file behind.
    """
    signed_in.require(roles.EXPORT)
    masked = signed_in.masks_personal_numbers()
    path = Path(path).absolute()
    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UserError("Chỉ xuất được ra tệp .csv hoặc .xlsx.")
    check_target(path, "tên tệp cần xuất")
    total = session.scalar(select(func.count(Resident.id))) or 0
    progress.step(0, total, PROGRESS_TEXT)
    busy = (
        f"Không ghi được tệp “{path}” (có thể tệp đang mở trong Excel); "
        "hãy đóng tệp hoặc chọn tên khác rồi xuất lại."
    )
    # closing(): a cancel or a failed write ends the rows' stream here, so the cursor
    # streaming them (a server-side cursor on PostgreSQL) is closed, not left open in
    # the transaction until the garbage collector finds it.
    with (
        written_in_place(path, busy) as temporary,
        closing(_resident_chunks(session, total, progress)) as streamed,
    ):
        chunks: Iterable[Sequence[Row]] = streamed
        if masked:
            chunks = map(_masked_chunk, chunks)
        rows = writer(temporary, chunks, masked)
        changes: dict[str, list[object]] = {"rows": [None, rows]}
        if masked:
            changes["masked"] = [None, True]
        audit.record_change(
            session,
            action=EXPORT_ACTION,
            reason=EXPORT_ACTION,
            entity_type="resident",
            entity_key=None,
            changes=changes,
            source=str(path),
        )
        session.flush()
    return ExportSummary(rows=rows, path=path, masked=masked)


def _residents_of_group(group_id: int) -> Select:
    """One group's residents in walking order: the household index gives the order, so
    the database streams rows without sorting the whole city first."""
    return (
        select(
            Household.code,
            ResidentialGroup.name,
            Household.address,
            Resident.full_name,
            Resident.birth_date,
            Resident.birth_year,
            Resident.gender,
            Resident.personal_id,
            Resident.phone,
            Resident.relation,
            Resident.vneid_level,
            Resident.app_114,
            Household.lat,
            Household.lon,
        )
        .select_from(Household)
        .join(Resident, Resident.household_id == Household.id)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(Household.group_id == group_id)
        .order_by(Household.address_sort_key, Household.id, Resident.position, Resident.id)
    )


def _resident_chunks(session: Session, total: int, progress: Progress) -> Iterator[Sequence[Row]]:
    """The residents in export order, a chunk at a time, reporting progress after each."""
    group_ids = session.scalars(
        select(ResidentialGroup.id).order_by(ResidentialGroup.sort_key, ResidentialGroup.id)
    ).all()
    done = 0
    for group_id in group_ids:
        result = session.execute(
            _residents_of_group(group_id).execution_options(yield_per=CHUNK_ROWS)
        )
        with result:  # closed however the loop ends: Cancel, a failed write, or the end
            for chunk in result.partitions():
                yield chunk
                done += len(chunk)
                progress.step(done, total, PROGRESS_TEXT)


def _masked_chunk(chunk: Sequence[Row]) -> list[tuple]:
    """The rows with their ID number and phone masked."""
    masked = []
    for row in chunk:
        values = list(row)
        values[_PERSONAL_ID] = mask_personal_id(values[_PERSONAL_ID]) or None
        values[_PHONE] = mask_phone(values[_PHONE]) or None
        masked.append(tuple(values))
    return masked


def _app_114_text(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _csv_values(row: Sequence[Any]) -> list[Any]:
    """The row's cells for the CSV: empty for unknown, and text a spreadsheet would take
    for a formula ("=…", "+…", "-…", "@…") behind an apostrophe (OWASP CSV injection;
    `denkhuya import` takes the apostrophe away again)."""
    (code, group, address, name, birth_date, birth_year, gender, personal_id, phone,
     relation, level, app_114, lat, lon) = row  # fmt: skip
    values = [
        code,
        group,
        address,
        name,
        birth_date.isoformat() if birth_date else None,
        birth_year,
        gender,
        personal_id,
        phone,
        relation,
        level,
        _app_114_text(app_114),
        lat,
        lon,
    ]
    return [
        "" if value is None else neutralised(value) if isinstance(value, str) else value
        for value in values
    ]


def _write_csv(temporary: Path, chunks: Iterable[Sequence[Row]], masked: bool) -> int:
    rows = 0
    # utf-8-sig writes the byte-order mark Excel needs to read Vietnamese letters right.
    with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for chunk in chunks:
            writer.writerows(_csv_values(row) for row in chunk)
            rows += len(chunk)
    return rows


def _write_xlsx(temporary: Path, chunks: Iterable[Sequence[Row]], masked: bool) -> int:
    workbook = Workbook(write_only=True)
    workbook.properties.title = XLSX_TITLE_MASKED if masked else XLSX_TITLE
    sheet = workbook.create_sheet(XLSX_SHEET_MASKED if masked else XLSX_SHEET)
    for index, width in enumerate(_XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    append_heading_row(sheet, COLUMNS)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    rows = append_streamed_rows(sheet, chunks, _xlsx_values)
    workbook.save(temporary)
    return rows


def _xlsx_values(sheet: WriteOnlyWorksheet, row: Sequence[Any]) -> list[Any]:
    (code, group, address, name, birth_date, birth_year, gender, personal_id, phone,
     relation, level, app_114, lat, lon) = row  # fmt: skip
    return [
        _text(sheet, code),
        _text(sheet, group),
        _text(sheet, address),
        _text(sheet, name),
        birth_date,  # a real Excel date, shown yyyy-mm-dd
        birth_year,
        gender,
        _text(sheet, personal_id),
        _text(sheet, phone),
        _text(sheet, relation),
        level,
        _app_114_text(app_114),
        lat,
        lon,
    ]


def _text(sheet: WriteOnlyWorksheet, value: str | None) -> str | WriteOnlyCell | None:
    """Text stays text: a value that starts with "=" must not become a formula."""
    if value is None or not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


_WRITERS: dict[str, Callable[[Path, Iterable[Sequence[Row]], bool], int]] = {
    ".csv": _write_csv,
    ".xlsx": _write_xlsx,
}
