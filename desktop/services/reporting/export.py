"""Making a report and saving it: build the data, write the Excel or PDF file under a
temporary name beside the target, record the export in the audit trail, rename.

A refused request (no campaign, a night with nothing, an unknown group, a wrong file
type, a folder that cannot be written) raises UserError before any file exists; a
failure or Cancel while writing removes the temporary file, and the audit entry rolls
back with the caller's transaction. Every saved or printed report is audited: the
pending lists hold citizens' names.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.reports.data import Report
from desktop.reports.excel_report import write_report_excel
from desktop.reports.pdf_report import write_report_pdf
from desktop.services import audit, signed_in
from desktop.services.output_files import check_target, check_writable, written_in_place
from desktop.services.progress import Progress
from desktop.services.reporting.campaign import campaign_report
from desktop.services.reporting.consolidation import consolidate, refuse_input_as_output
from desktop.services.reporting.daily import daily_report
from desktop.services.reporting.pending import pending_report
from desktop.services.reporting.settings import load_report_settings

DAILY, CAMPAIGN, PENDING, CONSOLIDATED = "daily", "campaign", "pending", "consolidated"
KINDS = (DAILY, CAMPAIGN, PENDING, CONSOLIDATED)
KIND_LABELS = {
    DAILY: "Báo cáo ngày",
    CAMPAIGN: "Báo cáo kết quả chiến dịch",
    PENDING: "Danh sách còn phải làm",
    CONSOLIDATED: "Báo cáo tổng hợp các đơn vị",
}
PDF, XLSX = ".pdf", ".xlsx"
EXPORT_ACTION, PRINT_ACTION, VIEW_ACTION = "export", "print", "view"


@dataclass(frozen=True)
class ReportRequest:
    """What to report: the kind and its options."""

    kind: str
    day: date | None = None  # daily: the night (required); campaign: up to (default latest)
    remarks: str = ""  # daily
    groups: tuple[str, ...] = ()  # pending: group names (none: every group)
    on: date | None = None  # pending: the day ages and dues are counted on (default today)
    files: tuple[Path, ...] = field(default=())  # consolidated: the stations' .xlsx


@dataclass(frozen=True)
class SavedReport:
    """A report written to a file."""

    kind: str
    path: Path
    format: str  # "pdf" or "xlsx"
    pages: int  # PDF pages, or Excel sheets
    report: Report

    def summary(self) -> str:
        unit = "trang" if self.format == "pdf" else "trang tính"
        return f"Đã ghi {KIND_LABELS[self.kind].lower()} ra {self.path} ({self.pages} {unit})."


def build_report(session: Session, request: ReportRequest, progress: Progress) -> Report:
    """The report's data; refuses what the report's own service refuses."""
    signed_in.require(roles.REPORTS)
    if request.kind == DAILY:
        if request.day is None:
            raise UserError("Hãy chọn ngày của báo cáo ngày (--date YYYY-MM-DD).")
        return daily_report(session, request.day, request.remarks, progress)
    if request.kind == CAMPAIGN:
        return campaign_report(session, request.day, progress)
    if request.kind == PENDING:
        return pending_report(session, request.on or date.today(), request.groups, progress)
    if request.kind == CONSOLIDATED:
        return consolidate(request.files, load_report_settings(session), progress)
    raise UserError(f"Không có loại báo cáo “{request.kind}”.")


def check_report_path(path: Path) -> Path:
    """The absolute path to write; refuses another type than .pdf or .xlsx, a folder,
    and a folder that does not exist."""
    path = Path(path).absolute()
    if path.suffix.lower() not in (PDF, XLSX):
        raise UserError(f"Báo cáo chỉ ghi ra tệp .xlsx hoặc .pdf (không phải “{path.name}”).")
    check_target(path, "tên tệp báo cáo cần tạo")
    return path


def render_pdf(report: Report, progress: Progress) -> tuple[bytes, int]:
    """The report as an official PDF in memory (for the preview); (bytes, pages)."""
    stream = io.BytesIO()
    pages = write_report_pdf(report, stream, _page_progress(progress))
    return stream.getvalue(), pages


def export_report(
    session: Session, request: ReportRequest, path: Path, progress: Progress
) -> SavedReport:
    """Build the report and save it to `path` (.xlsx or .pdf); see save_report()."""
    path = check_report_path(path)
    if request.kind == CONSOLIDATED:
        refuse_input_as_output(path, request.files)
    check_writable(path)
    report = build_report(session, request, progress)
    return save_report(session, report, path, progress)


def save_report(
    session: Session,
    report: Report,
    path: Path,
    progress: Progress,
    pdf: tuple[bytes, int] | None = None,
) -> SavedReport:
    """Write the report to `path` (.xlsx or .pdf; `pdf`: bytes already laid out) through
    a temporary file, audit the export, and rename; refuses a bad path (nothing left),
    and for a consolidated report one of the files it was made from."""
    signed_in.require(roles.REPORTS)
    path = check_report_path(path)
    if report.kind == CONSOLIDATED:
        refuse_input_as_output(path, report.inputs)
    busy = (
        f"Không ghi được tệp “{path}” (có thể tệp đang mở); hãy đóng tệp hoặc chọn tên "
        "khác rồi ghi lại."
    )
    with written_in_place(path, busy) as temporary:
        if path.suffix.lower() == PDF:
            pages = _write_pdf(report, temporary, progress, pdf)
            file_format = "pdf"
        else:
            pages = write_report_excel(
                report,
                temporary,
                lambda done, total: progress.step(done, total, "Đang ghi tệp Excel…"),
            )
            file_format = "xlsx"
        record_report_use(session, report, EXPORT_ACTION, str(path))
        session.flush()
    return SavedReport(report.kind, path, file_format, pages, report)


def record_report_use(session: Session, report: Report, action: str, source: str) -> None:
    """One audit entry for a report saved ("export", source the file), printed
    ("print", source the printer) or shown on screen ("view", for the pending lists:
    they name citizens)."""
    signed_in.require(roles.REPORTS)
    day = getattr(report, "day", None) or getattr(report, "on", None)
    changes: dict[str, list] = {"kind": [None, report.kind]}
    if day is not None:
        changes["date"] = [None, day.isoformat()]
    if report.kind == PENDING:
        changes["residents"] = [None, report.people]
    audit.record_change(
        session,
        action=action,
        reason=action,
        entity_type="report",
        entity_key=f"{report.kind}:{day.isoformat() if day else ''}",
        changes=changes,
        source=source,
    )


def _write_pdf(
    report: Report, temporary: Path, progress: Progress, pdf: tuple[bytes, int] | None
) -> int:
    if pdf is not None:
        temporary.write_bytes(pdf[0])
        return pdf[1]
    with temporary.open("wb") as stream:
        return write_report_pdf(report, stream, _page_progress(progress))


def _page_progress(progress: Progress):
    def on_page(page: int, estimated: int) -> None:
        progress.step(page, estimated, f"Đang dàn trang {page}…")

    return on_page
