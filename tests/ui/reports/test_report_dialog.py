"""The report dialog: make the report in the background, look at its pages, save or
print exactly what was shown; refusals and Stop leave nothing behind."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.services.reporting import export
from desktop.ui.reports import dialog as report_dialog
from desktop.ui.reports.dialog import EXCEL_FILTER, PDF_FILTER, ReportDialog, save_path
from desktop.ui.widgets import pdf_printing
from tests.conftest import TODAY
from tests.services.reporting import fixtures
from tests.services.reporting.station import SECOND_NIGHT

station_file, station = fixtures.station_file, fixtures.station  # the shared fixtures


@pytest.fixture
def dialog(qtbot, station, runner) -> ReportDialog:
    opened = ReportDialog(station.database, runner, TODAY)
    qtbot.addWidget(opened)
    opened.show()
    return opened


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    return folder


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def audit(station, action: str) -> list[AuditEntry]:
    with station.database.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        session.expunge_all()
        return list(entries)


def test_it_opens_on_the_latest_night_with_results(dialog):
    assert dialog.chosen_kind == "daily"
    assert dialog.day.date().toString("dd/MM/yyyy") == "25/11/2026"
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.remarks.isVisibleTo(dialog) and not dialog.groups.isVisibleTo(dialog)


def test_the_preview_shows_the_pages_of_the_report(dialog):
    dialog.remarks.setPlainText("Tổ 3 chưa được đến.")
    dialog.make_preview()

    prepared = dialog.prepared
    assert prepared is not None and prepared.pages == dialog.preview.pages.count >= 2
    assert "Báo cáo ngày 25/11/2026" in dialog.status.text()
    assert dialog.preview.page_label.text() == f"Trang 1/{prepared.pages}"
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert "Tổ 3 chưa được đến." in pdf_text(prepared.pdf)
    image = dialog.preview.image.pixmap().toImage()
    dark = sum(
        QColor(image.pixel(x, y)).lightness() < 100
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )
    assert image.width() > 300 and dark > 50  # the page is drawn, not blank


def test_pages_turn_and_zoom(dialog):
    dialog.make_preview()
    preview = dialog.preview
    assert not preview.previous_button.isEnabled()
    preview.next_page()
    assert preview.page_label.text().startswith("Trang 2/")
    assert preview.previous_button.isEnabled()
    preview.zoom.setCurrentIndex(preview.zoom.findData(50))
    small = preview.image.pixmap().width()
    preview.step_zoom(1)
    assert preview.zoom.currentData() == 75
    assert preview.image.pixmap().width() > small
    preview.show_page(preview.pages.count - 1)
    assert not preview.next_button.isEnabled()


def test_f5_makes_the_preview(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert dialog.prepared is not None


def test_save_as_pdf_writes_the_pages_shown_and_audits_the_export(dialog, out, station):
    dialog.make_preview()
    target = out / "bao-cao-ngay.pdf"

    dialog.save_to(target)

    assert target.read_bytes() == dialog.prepared.pdf
    assert "Đã lưu ra tệp" in dialog.status.text() and str(target) in dialog.status.text()
    (entry,) = audit(station, "export")
    assert entry.source == str(target)


def test_save_as_excel_writes_the_same_figures(dialog, out, station):
    dialog.make_preview()
    target = out / "bao-cao-ngay.xlsx"
    dialog.save_to(target)
    rows = list(load_workbook(target)["Dữ liệu"].iter_rows(min_row=2, values_only=True))
    assert sum(row[4] for row in rows) == station.log.total({SECOND_NIGHT})["households_visited"]


def test_changing_a_choice_after_the_preview_asks_for_a_new_one(dialog):
    dialog.make_preview()
    dialog.remarks.setPlainText("Thêm một nhận xét.")
    assert dialog.prepared is None
    assert not dialog.save_button.isEnabled()
    assert "Xem trước" in dialog.status.text()


def test_another_kind_of_report_clears_the_pages_of_the_last_one(dialog):
    dialog.make_preview()
    assert dialog.preview.pages is not None

    dialog.kind.setCurrentIndex(dialog.kind.findData("campaign"))

    assert dialog.preview.pages is None
    assert "báo cáo kết quả chiến dịch" in dialog.preview.image.text()


def test_a_new_preview_opens_at_the_top_of_its_first_page(dialog):
    dialog.preview.zoom.setCurrentIndex(dialog.preview.zoom.findData(200))
    dialog.make_preview()
    scroll = dialog.preview.scroll.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    assert scroll.value() > 0
    dialog.remarks.setPlainText("Thêm một dòng.")

    dialog.make_preview()

    assert dialog.preview.index == 0 and scroll.value() == 0


def test_a_refused_report_shows_its_sentence_and_nothing_to_save(dialog):
    dialog.set_day(TODAY.replace(day=23))
    dialog.make_preview()
    assert dialog.status.text() == (
        "Ngày 23/11/2026 chưa có kết quả nào của chiến dịch “Tháng cao điểm 50 ngày”."
    )
    assert "b00020" in dialog.status.styleSheet()
    assert dialog.prepared is None and not dialog.save_button.isEnabled()
    assert dialog.preview_button.isEnabled()  # ready for another try


def test_stop_during_the_preview_stops_it(dialog, monkeypatch):
    real = export.build_report

    def build_and_press_stop(session, request, progress):
        dialog.stop_button.click()  # the user gives up meanwhile
        return real(session, request, progress)

    monkeypatch.setattr(export, "build_report", build_and_press_stop)
    dialog.make_preview()
    assert dialog.status.text() == "Đã dừng; không có tệp nào được ghi."
    assert dialog.prepared is None and dialog.preview_button.isEnabled()
    assert not dialog.stop_button.isVisibleTo(dialog)


def test_stop_while_saving_leaves_no_file_and_no_audit_entry(dialog, monkeypatch, out, station):
    dialog.make_preview()
    real = export.save_report

    def save_and_press_stop(session, report, path, progress, pdf=None):
        dialog.stop()
        return real(session, report, path, progress, None)  # lays out again: Stop bites

    monkeypatch.setattr(export, "save_report", save_and_press_stop)
    dialog.save_to(out / "huy.pdf")
    assert os.listdir(out) == []
    assert audit(station, "export") == []
    assert dialog.save_button.isEnabled()  # the preview is still there to save


def test_print_sends_every_page_and_audits_it(dialog, tmp_path, station):
    dialog.make_preview()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "may-in.pdf"))
    printer.setFullPage(True)

    sent = dialog.print_to(printer)

    assert sent == dialog.prepared.pages
    with pdfplumber.open(tmp_path / "may-in.pdf") as printed:
        assert len(printed.pages) == sent
    (entry,) = audit(station, "print")
    assert entry.source == str(tmp_path / "may-in.pdf")
    assert "Đã gửi" in dialog.status.text()


def test_print_cancelled_from_its_progress_window_sends_nothing(
    dialog, tmp_path, station, monkeypatch
):
    dialog.make_preview()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "may-in.pdf"))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)  # Hủy pressed

    assert dialog.print_to(printer) == 0

    assert audit(station, "print") == []
    assert dialog.status.text() == "Đã hủy in; không trang nào được gửi tới máy in."


def test_pending_list_for_the_groups_ticked(dialog):
    dialog.set_kind("pending")
    assert dialog.groups.isVisibleTo(dialog) and not dialog.remarks.isVisibleTo(dialog)
    dialog.check_groups(["Tổ 3"])
    assert dialog.request().groups == ("Tổ 3",)
    dialog.make_preview()
    text = pdf_text(dialog.prepared.pdf)
    assert "Hoàng Văn Ước" in text and "Trần Quốc Bảo" not in text
    assert dialog.suggested_name() == "danh-sach-con-phai-lam-2026-11-30.pdf"


def test_showing_a_pending_list_is_recorded_as_a_view(dialog, station):
    dialog.make_preview()
    assert audit(station, "view") == []  # the daily report names nobody
    dialog.set_kind("pending")
    dialog.make_preview()
    (entry,) = audit(station, "view")
    assert entry.entity_key == "pending:2026-11-30" and entry.changes["residents"] == [None, 6]


def test_consolidation_of_files_chosen_in_the_dialog(dialog, out, station):
    from desktop.services.progress import Progress

    with station.database.session() as session:
        saved = export.export_report(
            session, export.ReportRequest("daily", day=SECOND_NIGHT), out / "a.xlsx", Progress()
        )
    dialog.set_kind("consolidated")
    dialog.set_files([saved.path])
    assert dialog.files.isVisibleTo(dialog) and not dialog.day.isVisibleTo(dialog)
    dialog.make_preview()
    assert "Công an phường Cốc Lếu" in pdf_text(dialog.prepared.pdf)


def test_escape_closes_the_dialog(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_chosen_filter_gives_the_suffix():
    assert save_path("/tmp/bc", EXCEL_FILTER).name == "bc.xlsx"
    assert save_path("/tmp/bc", PDF_FILTER).name == "bc.pdf"
    assert save_path("/tmp/bc.xlsx", PDF_FILTER).name == "bc.xlsx"


def test_print_asks_for_the_printer_and_prints_the_pages_shown(
    dialog, tmp_path, station, monkeypatch
):
    output = tmp_path / "may-in.pdf"
    asked = []

    def accept(print_dialog: QPrintDialog) -> int:  # the officer picks a printer: a file here
        printer = print_dialog.printer()
        asked.append(printer.docName())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(pdf_printing, "printers_installed", lambda: True)
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog.make_preview()
    dialog.print_button.click()
    assert asked and "/" not in asked[0] and ":" not in asked[0]
    with pdfplumber.open(output) as printed:
        assert len(printed.pages) == dialog.prepared.pages
        assert printed.pages[0].height > printed.pages[0].width  # a portrait report
    (entry,) = audit(station, "print")
    assert entry.source == str(output)


def test_without_a_printer_it_says_so_and_offers_to_save_a_pdf(dialog, out, monkeypatch):
    monkeypatch.setattr(pdf_printing, "printers_installed", lambda: False)
    asked, offered = [], []
    monkeypatch.setattr(
        report_dialog, "confirm", lambda parent, title, text: asked.append(text) or True
    )
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, title, where, filters: (
            offered.append(where) or (str(out / "bc"), PDF_FILTER)
        ),
    )
    dialog.make_preview()
    dialog.print_button.click()
    assert asked == [
        "Máy tính này chưa cài máy in nào. Lưu thành tệp PDF để in ở máy khác "
        "hoặc in sau khi đã cài máy in?"
    ]
    assert Path(offered[0]).name == "bao-cao-ngay-2026-11-25.pdf"  # the latest night
    assert (out / "bc.pdf").read_bytes() == dialog.prepared.pdf


@pytest.mark.parametrize("kind", ["daily", "campaign", "pending"])
def test_the_suggested_file_names_are_valid_file_names(dialog, kind):
    dialog.set_kind(kind)
    dialog.make_preview()
    name = dialog.suggested_name()
    assert name.endswith(".pdf") and "/" not in name and ":" not in name


def test_the_printers_document_name_is_a_valid_file_name(qapp):
    from desktop.ui.widgets.pdf_printing import file_safe, new_printer

    assert file_safe("Báo cáo ngày 06/12/2026") == "Báo cáo ngày 06-12-2026"
    assert file_safe('a\\b:c*d?e"f<g>h|i') == "a-b-c-d-e-f-g-h-i"
    assert new_printer("Báo cáo ngày 06/12/2026").docName() == "Báo cáo ngày 06-12-2026"
