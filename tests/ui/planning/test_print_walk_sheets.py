"""In phiếu đi bộ…: the walk sheets open in a print preview, laid out in a private scratch
file that is gone by then; from the preview they go to a printer or into a PDF, and
either is recorded in the audit trail. Without a printer the officer is told so and
offered a PDF; "open now?" is only asked where the system can open a PDF."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.ui.planning.outputs import walk_sheets_name
from desktop.ui.widgets import pdf_printing
from desktop.ui.widgets.pdf_printing import PdfPreviewDialog
from tests.ui.planning.test_planning_window import _planned, ward, window

__all__ = ["ward", "window"]  # the planning window's fixtures, shared

SHOTS = os.environ.get("DENKHUYA_SHOTS")  # a folder to save a picture of the preview in


@pytest.fixture
def scratch(monkeypatch, tmp_path) -> Path:
    """The process's scratch folder (private_files.start_scratch points tempfile there)."""
    folder = tmp_path / "tam"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


class Previews(list):
    """The previews opened (without blocking), and what the officer does in the next."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list = []

    def then(self, action) -> None:
        self.actions.append(action)

    def exec(self, dialog: PdfPreviewDialog) -> int:
        dialog.show()
        QApplication.processEvents()  # laid out: the page fits the preview's width
        self.append(
            {
                "pages": dialog.pages.count,
                "pdf": dialog.pages.data,
                "title": dialog.windowTitle(),
                "buttons": [b.text() for b in (dialog.print_button, dialog.save_button)],
            }
        )
        actions, self.actions = self.actions, []
        for action in actions:
            action(dialog)
        if SHOTS:
            dialog.grab().save(str(Path(SHOTS) / "walk-sheets-preview.png"))
        self[-1]["status"] = dialog.status.text()
        return int(QDialog.DialogCode.Rejected)


@pytest.fixture
def previews(monkeypatch) -> Previews:
    seen = Previews()
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: seen.exec(dialog))
    return seen


def sheets_audit(database) -> list[AuditEntry]:
    with database.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "walk_sheets")
        ).all()
        session.expunge_all()
        return list(entries)


@pytest.fixture
def printer_output(monkeypatch, tmp_path) -> Path:
    """A printer is installed, and the print dialog is accepted with its output sent to a
    PDF file instead of paper."""
    output = tmp_path / "may-in.pdf"
    monkeypatch.setattr(pdf_printing, "printers_installed", lambda: True)

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return output


def test_print_opens_a_preview_of_every_page_and_leaves_no_scratch_file(
    window, database, scratch, previews
) -> None:
    _planned(window)
    window.print_action.trigger()
    (preview,) = previews
    with pdfplumber.open(io.BytesIO(preview["pdf"])) as pdf:
        assert preview["pages"] == len(pdf.pages) >= 3  # a sheet per team at least
        assert "Tổ công tác" in pdf.pages[0].extract_text()
    assert preview["title"] == f"In phiếu đi bộ đêm 30/11/2026 ({preview['pages']} trang)"
    assert preview["buttons"] == ["&In…", "&Lưu PDF…"]
    assert list(scratch.iterdir()) == []  # the sheets name residents: nothing left behind
    assert sheets_audit(database) == []  # only shown so far: nothing has left the program
    assert not window.outputs.busy and window.outputs.preview is None


def test_printing_from_the_preview_sends_every_page_and_audits_it(
    window, database, scratch, previews, printer_output
) -> None:
    _planned(window)
    previews.then(lambda dialog: dialog.print_button.click())
    window.print_action.trigger()
    (preview,) = previews
    with pdfplumber.open(printer_output) as printed:
        assert len(printed.pages) == preview["pages"]
        first = printed.pages[0]
        assert first.width > first.height  # landscape sheets on landscape paper
    assert preview["status"] == f"Đã gửi {preview['pages']} trang tới máy in."
    (entry,) = sheets_audit(database)
    assert (entry.action, entry.reason, entry.entity_key) == ("export", "print", "2026-11-30")
    assert entry.source == f"máy in: {printer_output}"
    assert list(scratch.iterdir()) == []


def test_the_printers_document_name_is_a_valid_file_name(window, previews, monkeypatch) -> None:
    """The print dialog's "print to PDF" file name comes from the document name."""
    names = []
    monkeypatch.setattr(pdf_printing, "printers_installed", lambda: True)
    monkeypatch.setattr(
        pdf_printing, "ask_printer", lambda parent, printer, pages: names.append(printer.docName())
    )
    _planned(window)
    previews.then(lambda dialog: dialog.print_button.click())
    window.print_action.trigger()
    assert names == ["Phiếu đi bộ 30-11-2026"]
    assert "/" not in walk_sheets_name(window.editor.plan.day)
    assert ":" not in walk_sheets_name(window.editor.plan.day)


def test_without_a_printer_it_says_so_and_saves_a_pdf_instead(
    window, database, scratch, previews, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(pdf_printing, "printers_installed", lambda: False)
    asked, told, suggested = [], [], []
    monkeypatch.setattr(pdf_printing, "confirm", lambda parent, title, text: asked.append(text))
    monkeypatch.setattr(pdf_printing, "can_open_files", lambda: False)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))

    def choose(parent, title, where, filters):
        suggested.append(where)
        return str(tmp_path / "phieu"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    _planned(window)
    previews.then(lambda dialog: dialog.print_button.click())
    window.print_action.trigger()
    assert asked == [
        "Máy tính này chưa cài máy in nào. Lưu thành tệp PDF để in ở máy khác "
        "hoặc in sau khi đã cài máy in?"
    ]
    assert suggested == []  # "No": nothing saved
    assert sheets_audit(database) == []

    monkeypatch.setattr(pdf_printing, "confirm", lambda parent, title, text: True)
    previews.then(lambda dialog: dialog.print_button.click())
    window.print_action.trigger()
    written = tmp_path / "phieu.pdf"
    assert written.read_bytes() == previews[-1]["pdf"]  # the pages shown, as they were
    assert Path(suggested[0]).name == "phieu-di-bo-2026-11-30.pdf"
    # No PDF reader here: no "open now?", only where the file is.
    assert told and "Mở tệp bây giờ?" not in told[0] and str(written) in told[0]
    (entry,) = sheets_audit(database)
    assert (entry.action, entry.reason, entry.source) == ("export", "export", str(written))
    assert list(scratch.iterdir()) == []


def test_save_pdf_offers_to_open_it_and_says_where_it_is_when_that_fails(
    window, previews, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "phieu.pdf"), "")
    )
    monkeypatch.setattr(pdf_printing, "can_open_files", lambda: True)
    offered, told, opened = [], [], []
    monkeypatch.setattr(
        pdf_printing, "confirm", lambda parent, title, text: offered.append(text) or True
    )
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) and False)
    _planned(window)
    previews.then(lambda dialog: dialog.save_button.click())
    window.print_action.trigger()
    assert offered and offered[0].endswith("Mở tệp bây giờ?")
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "phieu.pdf")]
    assert told == [
        "Máy tính này không có chương trình đọc PDF để mở tệp.\n\n"
        f"Tệp nằm ở:\n{tmp_path / 'phieu.pdf'}"
    ]


def test_a_refused_save_shows_its_sentence_in_the_preview(
    window, database, previews, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "khong-co" / "p.pdf"), "")
    )
    _planned(window)
    previews.then(lambda dialog: dialog.save_button.click())
    window.print_action.trigger()
    assert "không tồn tại" in previews[0]["status"]
    assert sheets_audit(database) == []
