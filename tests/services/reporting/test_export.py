"""Saving reports: through a temporary file, audited, nothing left behind when refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.errors import UserError
from desktop.services.progress import Cancelled, Progress
from desktop.services.reporting.export import (
    ReportRequest,
    build_report,
    export_report,
    render_pdf,
    save_report,
)
from tests.conftest import TODAY
from tests.services.reporting.station import SECOND_NIGHT

DAILY = ReportRequest("daily", day=SECOND_NIGHT, remarks="Ổn định.")


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty folder for the reports (the database lives beside it)."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    return folder


def export(station, request: ReportRequest, path: Path, progress: Progress | None = None):
    with station.database.session() as session:
        return export_report(session, request, path, progress or Progress())


def audit_entries(station) -> list[AuditEntry]:
    with station.database.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "report")
        ).all()
        session.expunge_all()
        return list(entries)


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_saved_report_is_the_only_file_in_the_folder_and_is_audited(station, out, suffix):
    path = out / f"bao-cao{suffix}"
    saved = export(station, DAILY, path)
    assert saved.path == path and path.stat().st_size > 1000
    assert os.listdir(out) == [path.name]
    (entry,) = audit_entries(station)
    assert (entry.action, entry.source) == ("export", str(path))
    assert entry.changes == {"kind": [None, "daily"], "date": [None, "2026-11-25"]}


def test_a_pending_list_export_records_how_many_residents_it_names(station, out):
    path = out / "con-lai.xlsx"
    export(station, ReportRequest("pending", on=TODAY), path)
    (entry,) = audit_entries(station)
    assert entry.entity_key == "pending:2026-11-30"
    assert entry.changes["residents"] == [None, 6]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bao-cao.docx", "Báo cáo chỉ ghi ra tệp .xlsx hoặc .pdf"),
        ("khong-co/bao-cao.pdf", "không tồn tại"),
    ],
)
def test_a_bad_path_is_refused_before_anything_is_written(station, out, name, message):
    with pytest.raises(UserError, match=message):
        export(station, DAILY, out / name)
    assert os.listdir(out) == []
    assert audit_entries(station) == []


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this user cannot create files in (root writes anywhere but in /proc)."""
    locked = tmp_path / "khoa"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):
        return Path("/proc")
    return locked


def test_a_folder_that_cannot_be_written_is_refused(station, tmp_path):
    folder = unwritable_folder(tmp_path)
    with pytest.raises(UserError, match="Không ghi được vào thư mục"):
        export(station, DAILY, folder / "bao-cao.pdf")
    assert not (folder / "bao-cao.pdf").exists()
    assert audit_entries(station) == []


def test_a_refused_report_leaves_no_file(station, out):
    with pytest.raises(UserError, match="chưa có kết quả nào"):
        export(station, ReportRequest("daily", day=TODAY), out / "trong.pdf")
    assert os.listdir(out) == []


class _CancelOnPage(Progress):
    def show(self, done: int, total: int, text: str) -> None:
        if text.startswith("Đang dàn trang"):
            self.cancel()


def test_cancel_while_laying_out_leaves_no_file_and_no_audit_entry(station, out):
    with pytest.raises(Cancelled):
        export(station, DAILY, out / "huy.pdf", _CancelOnPage())
    assert os.listdir(out) == []
    assert audit_entries(station) == []


def test_the_previewed_pdf_is_saved_as_it_was_shown(station, out):
    with station.database.session() as session:
        report = build_report(session, DAILY, Progress())
    pdf = render_pdf(report, Progress())
    assert pdf[0].startswith(b"%PDF") and pdf[1] >= 1
    with station.database.session() as session:
        saved = save_report(session, report, out / "xem.pdf", Progress(), pdf)
    assert saved.path.read_bytes() == pdf[0]
    assert saved.pages == pdf[1]
