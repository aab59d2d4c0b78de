"""The audit trail to Excel, for an inspection: a title, the filters, whether the chain
holds, then one row per entry the filters keep, newest first (desktop.services.
audit_trail lists them). The export is itself written to the trail. The file is made
for the owner only and written under a temporary name beside the target, so a
cancelled or failed export leaves nothing (desktop.services.output_files); a leader's
export carries ID numbers and phones masked, as the viewer shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Resident
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.domain.roles import AUDIT_VIEW
from desktop.services import audit, signed_in
from desktop.services.audit_text import ChangeLine
from desktop.services.audit_trail import (
    ACTION_CHOICES,
    ENTITY_CHOICES,
    EXPORT_ACTION,
    TRAIL_ENTITY,
    Choice,
    TrailFilter,
    TrailRow,
    count_trail,
    resident_matches,
    search_trail,
    ward_time,
)
from desktop.services.output_files import (
    append_heading_row,
    append_streamed_rows,
    check_target,
    written_in_place,
)
from desktop.services.progress import Progress
from desktop.services.wards import current_ward

_EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class TrailExport:
    rows: int
    path: Path


_PROGRESS_TEXT = "Đang xuất nhật ký thao tác…"
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_COLUMNS = (
    ("Số mục", 9),
    ("Thời gian (giờ Việt Nam)", 19),
    ("Người thực hiện", 16),
    ("Thao tác", 14),
    ("Đối tượng", 18),
    ("Mã đối tượng", 20),
    ("Nguồn gốc", 18),
    ("Nội dung", 60),
    ("Thay đổi (trước → sau)", 50),
    ("Tệp, lượt, nguồn", 40),
    ("Liên quan đến nhân khẩu", 30),
    ("Mã kiểm tra chuỗi", 20),
)


def _label(choices: Sequence[Choice], key: str) -> str:
    return next((choice.label for choice in choices if choice.key == key), key)


def filter_lines(session: Session, filters: TrailFilter) -> list[str]:
    """The filters in words, for the heading of the export."""
    lines = []
    if filters.actor:
        lines.append(f"Người thực hiện: {filters.actor}")
    if filters.action:
        lines.append(f"Thao tác: {_label(ACTION_CHOICES, filters.action)}")
    if filters.entity:
        lines.append(f"Đối tượng: {_label(ENTITY_CHOICES, filters.entity)}")
    if filters.date_from:
        lines.append(f"Từ ngày: {filters.date_from:%d/%m/%Y}")
    if filters.date_to:
        lines.append(f"Đến ngày: {filters.date_to:%d/%m/%Y}")
    if filters.resident_ids:
        matches = resident_matches(session, Resident.id.in_(filters.resident_ids))
        lines.append("Nhân khẩu: " + "; ".join(match.label() for match in matches))
    return lines or ["Không lọc: toàn bộ nhật ký"]


def _filters_json(session: Session, filters: TrailFilter) -> dict[str, Any]:
    uids = session.scalars(select(Resident.uid).where(Resident.id.in_(filters.resident_ids)))
    found = {
        "actor": filters.actor,
        "action": filters.action,
        "entity": filters.entity,
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "residents": sorted(uids) if filters.resident_ids else None,
    }
    return {name: value for name, value in found.items() if value}


def export_trail(
    session: Session, filters: TrailFilter, path: Path, progress: Progress | None = None
) -> TrailExport:
    """Write the entries the filters keep to an .xlsx for an inspection: a title, the
    filters, whether the chain holds, then one row per entry, newest first. The export
    is itself written to the trail. Refuses another file type and a folder that cannot
    be written; a cancelled or failed export leaves no file."""
    signed_in.require(AUDIT_VIEW)
    progress = progress or Progress()
    path = Path(path).absolute()
    if path.suffix.lower() != ".xlsx":
        raise UserError("Nhật ký thao tác chỉ xuất ra tệp Excel .xlsx.")
    check_target(path, "tên tệp .xlsx cần tạo")
    total = count_trail(session, filters)
    progress.step(0, total, "Đang kiểm tra chuỗi mã của nhật ký…")
    heading = _heading(session, filters, total)
    busy = (
        f"Không ghi được tệp “{path}” (có thể tệp đang mở trong Excel); "
        "hãy đóng tệp hoặc chọn tên khác rồi xuất lại."
    )
    progress.step(0, total, _PROGRESS_TEXT)
    with written_in_place(path, busy) as temporary:
        rows = _write_workbook(temporary, heading, _chunks(session, filters, total, progress))
        audit.record_change(
            session,
            action=EXPORT_ACTION,
            reason=EXPORT_ACTION,
            entity_type=TRAIL_ENTITY,
            entity_key=None,
            changes={"rows": [None, rows], "filters": [None, _filters_json(session, filters)]},
            source=str(path),
        )
        session.flush()
    return TrailExport(rows, path)


def _heading(session: Session, filters: TrailFilter, total: int) -> list[str]:
    ward = current_ward(session)
    now = ward_time(datetime.now(UTC).replace(tzinfo=None))
    by = signed_in.actor_name() or audit.current_actor()
    title = "NHẬT KÝ THAO TÁC" + (f" — {ward.station_name}" if ward else "")
    return [
        title,
        f"Xuất lúc {now:%H:%M ngày %d/%m/%Y} (giờ Việt Nam), người xuất: {by}",
        *filter_lines(session, filters),
        f"Số mục: {number(total)}",
        f"Kiểm tra chuỗi mã: {audit.verify_trail(session).sentence()}",
    ]


def _chunks(
    session: Session, filters: TrailFilter, total: int, progress: Progress
) -> Iterable[list[TrailRow]]:
    done, after = 0, None
    while True:
        rows = search_trail(session, filters, limit=_EXPORT_CHUNK, after=after)
        if not rows:
            return
        yield rows
        done += len(rows)
        progress.step(min(done, total), total, _PROGRESS_TEXT)
        after = rows[-1].position


def _changes_text(changes: Sequence[ChangeLine]) -> str:
    return "\n".join(f"{c.what}: {c.before or '(trống)'} → {c.after or '(trống)'}" for c in changes)


def _write_workbook(temporary: Path, heading: list[str], chunks: Iterable[list[TrailRow]]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nhật ký thao tác")
    for index, (_, width) in enumerate(_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line_number, line in enumerate(heading):
        cell = _string_cell(sheet, line)
        cell.font = Font(bold=True, size=14) if line_number == 0 else Font()
        sheet.append([cell])
    sheet.append([])
    append_heading_row(sheet, (name for name, _ in _COLUMNS))
    sheet.freeze_panes = f"A{len(heading) + 3}"
    written = append_streamed_rows(sheet, chunks, _xlsx_row)
    workbook.save(temporary)
    return written


def _string_cell(sheet: WriteOnlyWorksheet, value: str | None) -> WriteOnlyCell:
    """Text stays text: a value that starts with "=" must not become a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.data_type = "s"
    return cell


def _xlsx_row(sheet: WriteOnlyWorksheet, row: TrailRow) -> list[Any]:
    at = WriteOnlyCell(sheet, value=row.at.replace(microsecond=0))
    at.number_format = "dd/mm/yyyy hh:mm:ss"
    changes = _string_cell(sheet, _changes_text(row.changes))
    changes.alignment = _WRAPPED
    return [
        row.id,
        at,
        _string_cell(sheet, row.actor),
        row.action_text,
        row.entity_text,
        _string_cell(sheet, row.entity_key),
        row.reason_text,
        _string_cell(sheet, row.description),
        changes,
        _string_cell(sheet, row.source),
        row.link,
        row.chain_hash,
    ]
