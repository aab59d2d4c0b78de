"""Báo cáo…: choose the report, make it in the background, look at its pages, then save
it (PDF or Excel) or print it.

The report is made off the UI thread through the task runner, with a progress bar and
a Stop button; the pages shown are those of the very PDF that is saved or printed
(desktop.ui.widgets.pdf_printing, shared with the walk sheets). Changing a choice after
the preview asks for a new one before anything can be saved, so what is saved is always
what was seen. Saving and printing are recorded in the audit trail by the reporting service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QDir, QStandardPaths, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.reports.data import Report
from desktop.services.database import Database
from desktop.services.progress import Cancelled
from desktop.services.reporting.export import (
    CAMPAIGN,
    CONSOLIDATED,
    DAILY,
    KIND_LABELS,
    KINDS,
    PENDING,
    PRINT_ACTION,
    VIEW_ACTION,
    ReportRequest,
    SavedReport,
)
from desktop.services.reporting.options import ReportOptions
from desktop.ui.reports.gateway import ReportGateway
from desktop.ui.widgets import pdf_printing
from desktop.ui.widgets.form_dialog import ERROR_STYLE
from desktop.ui.widgets.formatting import VIETNAMESE
from desktop.ui.widgets.messages import confirm, report_bug
from desktop.ui.widgets.pdf_printing import PagePreview, PdfPages
from desktop.ui.widgets.task_runner import SignalProgress, TaskRunner

PDF_FILTER = "PDF (*.pdf)"
EXCEL_FILTER = "Excel (*.xlsx)"
_DONE_STYLE = "color: #1b5e20;"
_FILE_STEMS = {
    DAILY: "bao-cao-ngay",
    CAMPAIGN: "bao-cao-chien-dich",
    PENDING: "danh-sach-con-phai-lam",
    CONSOLIDATED: "bao-cao-tong-hop",
}


@dataclass(frozen=True)
class PreparedReport:
    """A report made for the preview: its data and the PDF shown."""

    request: ReportRequest
    report: Report
    pdf: bytes
    pages: int


def save_path(chosen: str, selected_filter: str) -> Path:
    """The path to write: the chosen filter's suffix when the name has none."""
    path = Path(chosen)
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        path = path.with_name(path.name + (".xlsx" if selected_filter == EXCEL_FILTER else ".pdf"))
    return path


class ReportDialog(QDialog):
    """Choose a report, preview its pages, save or print it."""

    def __init__(
        self,
        database: Database,
        runner: TaskRunner,
        today: date | Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "bao-cao.html")  # F1 opens this page
        self.setWindowTitle(self.tr("Báo cáo"))
        self.setModal(True)
        self.resize(1180, 720)
        self._gateway = ReportGateway(database)
        self._runner = runner
        self._today = today if callable(today) else (lambda: today)
        self._prepared: PreparedReport | None = None
        self._progress: SignalProgress | None = None
        self._closed = False
        self.options = self._load_options()
        self._build()
        self._kind_changed()
        self._show_status(self._start_text())

    # --- Building the window -----------------------------------------------------------

    def _load_options(self) -> ReportOptions:
        return self._gateway.options()

    def _build(self) -> None:
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setLocale(VIETNAMESE)
        start = self.options.latest_night or self._today()
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.groups = QListWidget(self)
        for name in self.options.groups:
            item = QListWidgetItem(name, self.groups)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.groups.setToolTip(self.tr("Không đánh dấu tổ nào: lập danh sách cho mọi tổ."))
        self.remarks = QPlainTextEdit(self)
        self.remarks.setPlaceholderText(self.tr("Nhận xét, đề xuất của cán bộ trực (nếu có)"))
        self.remarks.setTabChangesFocus(True)
        self.files = QListWidget(self)
        self.add_files_button = QPushButton(self.tr("Thêm tệp…"), self)
        self.remove_files_button = QPushButton(self.tr("Bỏ tệp"), self)
        self.add_files_button.clicked.connect(self.add_files)
        self.remove_files_button.clicked.connect(self._remove_selected_files)
        file_buttons = QWidget(self)
        file_row = QHBoxLayout(file_buttons)
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.add_files_button)
        file_row.addWidget(self.remove_files_button)

        self.form = QFormLayout()
        self.day_label = QLabel(self)
        self.form.addRow(self._label(self.tr("&Loại báo cáo:"), self.kind), self.kind)
        self.form.addRow(self.day_label, self.day)
        self.day_label.setBuddy(self.day)
        self.form.addRow(self._label(self.tr("&Tổ dân phố:"), self.groups), self.groups)
        self.form.addRow(self._label(self.tr("&Nhận xét:"), self.remarks), self.remarks)
        self.form.addRow(self._label(self.tr("Tệp của các &đơn vị:"), self.files), self.files)
        self.form.addRow("", file_buttons)
        self._file_buttons = file_buttons

        self.preview_button = QPushButton(self.tr("&Xem trước"), self)
        self.preview_button.setDefault(True)
        self.preview_button.setToolTip(self.tr("Lập báo cáo và xem các trang (F5)"))
        self.preview_button.clicked.connect(self.make_preview)
        self.settings_button = QPushButton(self.tr("&Thiết lập báo cáo…"), self)
        self.settings_button.setToolTip(
            self.tr("Cơ quan, số, địa danh, người ký, nơi nhận in trên mọi báo cáo")
        )
        self.settings_button.clicked.connect(self.edit_settings)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.stop_button = QPushButton(self.tr("&Dừng"), self)
        self.stop_button.clicked.connect(self.stop)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(self.form)
        left_layout.addWidget(self.preview_button)
        left_layout.addWidget(self.settings_button)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.progress_bar)
        left_layout.addWidget(self.stop_button)
        left_layout.addStretch(1)
        left.setMinimumWidth(300)

        self.preview = PagePreview(self)
        self.save_button = QPushButton(self.tr("&Lưu thành…"), self)
        self.save_button.setToolTip(self.tr("Lưu báo cáo ra tệp PDF hoặc Excel (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(self.tr("&In…"), self)
        self.print_button.setToolTip(self.tr("In báo cáo (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_report)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.save_button, self.print_button, self.close_button):
            actions.addWidget(button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.preview, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 850])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for keys, action in (
            (QKeySequence(Qt.Key.Key_F5), self.make_preview),
            (QKeySequence.StandardKey.Save, self.save_as),
            (QKeySequence.StandardKey.Print, self.print_report),
        ):
            QShortcut(keys, self, action)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind.currentIndexChanged.connect(self._choices_changed)
        self.day.dateChanged.connect(self._choices_changed)
        self.groups.itemChanged.connect(self._choices_changed)
        self.remarks.textChanged.connect(self._choices_changed)
        self._set_busy(False)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _start_text(self) -> str:
        if self.options.campaign_name is None:
            return self.tr("Chưa có chiến dịch nào; vẫn có thể tổng hợp báo cáo của các đơn vị.")
        return self.tr("Chọn loại báo cáo rồi bấm “Xem trước” (F5).")

    # --- Choices -----------------------------------------------------------------------

    @property
    def chosen_kind(self) -> str:
        return self.kind.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(KINDS.index(kind))

    def set_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def check_groups(self, names: list[str]) -> None:
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            checked = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_files(self, paths: list[Path]) -> None:
        self.files.clear()
        for path in paths:
            item = QListWidgetItem(Path(path).name, self.files)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
        self._choices_changed()

    def request(self) -> ReportRequest:
        """The report the choices describe."""
        kind = self.chosen_kind
        picked = self.day.date()
        day = date(picked.year(), picked.month(), picked.day())
        checked = [
            self.groups.item(row).text()
            for row in range(self.groups.count())
            if self.groups.item(row).checkState() == Qt.CheckState.Checked
        ]
        files = tuple(
            Path(self.files.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.files.count())
        )
        return ReportRequest(
            kind=kind,
            day=day if kind in (DAILY, CAMPAIGN) else None,
            remarks=self.remarks.toPlainText() if kind == DAILY else "",
            groups=tuple(checked) if kind == PENDING else (),
            on=self._today(),
            files=files if kind == CONSOLIDATED else (),
        )

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.chosen_kind
        self.day_label.setText(self.tr("Đêm:") if kind == DAILY else self.tr("Đến hết đêm:"))
        self.form.setRowVisible(self.day, kind in (DAILY, CAMPAIGN))
        self.form.setRowVisible(self.groups, kind == PENDING)
        self.form.setRowVisible(self.remarks, kind == DAILY)
        self.form.setRowVisible(self.files, kind == CONSOLIDATED)
        self.form.setRowVisible(self._file_buttons, kind == CONSOLIDATED)
        if self.preview.pages is not None:  # another kind of report: not these pages
            self.preview.set_pages(
                None,
                self.tr("Bấm “Xem trước” để lập {kind}.").format(
                    kind=self.tr(KIND_LABELS[kind]).lower()
                ),
            )

    @Slot()
    def _choices_changed(self) -> None:
        """What was previewed no longer matches the choices: preview again first."""
        if self._prepared is not None:
            self._prepared = None
            self._show_status(self.tr("Lựa chọn đã thay đổi; bấm “Xem trước” để lập lại."))
        self._set_busy(self._progress is not None)

    def add_files(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn báo cáo (ngày hoặc kết quả chiến dịch) của các đơn vị"),
            folder,
            EXCEL_FILTER,
        )
        known = [
            self.files.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.files.count())
        ]
        self.set_files([Path(p) for p in known] + [Path(p) for p in chosen if p not in known])

    def _remove_selected_files(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._choices_changed()

    def edit_settings(self) -> None:
        from desktop.ui.reports.settings_dialog import ReportSettingsDialog

        dialog = ReportSettingsDialog(self._gateway.database, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and self._prepared is not None:
            self._prepared = None
            self._show_status(self.tr("Đã lưu thiết lập; bấm “Xem trước” để lập lại báo cáo."))
            self._set_busy(False)

    # --- Preview -----------------------------------------------------------------------

    @property
    def prepared(self) -> PreparedReport | None:
        return self._prepared

    def make_preview(self) -> None:
        """Make the report and its PDF in the background, then show the pages."""
        if self._progress is not None:
            return
        request = self.request()
        gateway = self._gateway
        progress = self._start(self.tr("Đang lập báo cáo…"))

        def work() -> PreparedReport:
            report, pdf, pages = gateway.make(request, progress)
            return PreparedReport(request, report, pdf, pages)

        self._runner.run_task(work, self._previewed, self._failed)

    def _previewed(self, prepared: PreparedReport) -> None:
        if self._finish():
            return
        self._prepared = prepared
        if prepared.report.kind == PENDING:  # citizens' names on screen: say who saw them
            self._record_use(VIEW_ACTION, "Xem trước trong Đèn Khuya")
        self.preview.set_pages(PdfPages(prepared.pdf))
        self._show_status(
            self.tr("{title}: {pages} trang. Xem lại rồi bấm “Lưu thành…” hoặc “In…”.").format(
                title=prepared.report.heading.file_title, pages=prepared.pages
            )
        )
        self._set_busy(False)

    # --- Save and print ----------------------------------------------------------------

    def suggested_name(self) -> str:
        prepared = self._prepared
        day = getattr(prepared.report, "day", None) or getattr(prepared.report, "on", None)
        stem = _FILE_STEMS[prepared.report.kind]
        return f"{stem}-{day:%Y-%m-%d}.pdf" if day else f"{stem}.pdf"

    def save_as(self) -> None:
        """Ask where to save (PDF or Excel), then save there."""
        if self._prepared is None or self._progress is not None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or QDir.homePath()) / self.suggested_name()
        chosen, selected_filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Lưu báo cáo"),
            str(suggested),
            f"{PDF_FILTER};;{EXCEL_FILTER}",
        )
        if chosen:
            self.save_to(save_path(chosen, selected_filter))

    def save_to(self, path: Path) -> None:
        """Save the previewed report to `path` (.pdf: the pages shown; .xlsx: the
        workbook of the same figures) in the background."""
        prepared = self._prepared
        if prepared is None or self._progress is not None:
            return
        gateway = self._gateway
        progress = self._start(self.tr("Đang lưu {name}…").format(name=Path(path).name))

        def work() -> SavedReport:
            return gateway.save(prepared.report, path, progress, (prepared.pdf, prepared.pages))

        self._runner.run_task(work, self._saved, self._failed)

    def _saved(self, saved: SavedReport) -> None:
        if self._finish():
            return
        self._show_status(self.tr("Đã lưu ra tệp {path}").format(path=saved.path), _DONE_STYLE)
        self._set_busy(False)

    def print_report(self) -> None:
        """Ask for the printer and print the pages shown; without a printer, say so and
        offer to save a PDF instead."""
        if self._prepared is None or self._progress is not None:
            return
        if not pdf_printing.printers_installed():
            if confirm(self, self.tr("Chưa có máy in"), pdf_printing.no_printer_text()):
                self.save_as()
            return
        printer = pdf_printing.new_printer(
            self._prepared.report.heading.file_title, pdf_printing.is_landscape(self.preview.pages)
        )
        if pdf_printing.ask_printer(self, printer, self._prepared.pages):
            self.print_to(printer)

    def print_to(self, printer) -> int:
        """Print the previewed pages on `printer` (a QPrinter), with a progress window and
        Cancel for a long report; return the pages sent (0 when cancelled)."""
        total = len(pdf_printing.chosen_pages(self.preview.pages, printer))
        try:
            sent = pdf_printing.print_with_progress(
                self, self.preview.pages, printer, self.tr("In báo cáo")
            )
        except UserError as error:
            self._show_status(str(error), ERROR_STYLE)
            return 0
        if sent == 0 and total:
            self._show_status(self.tr("Đã hủy in; không trang nào được gửi tới máy in."))
            return 0
        self._record_use(PRINT_ACTION, pdf_printing.printer_place(printer))
        self._show_status(
            self.tr("Đã gửi {pages} trang tới máy in.").format(pages=sent), _DONE_STYLE
        )
        return sent

    def _record_use(self, action: str, where: str) -> None:
        self._gateway.record_use(self._prepared.report, action, where)

    # --- Background work ---------------------------------------------------------------

    def _start(self, text: str) -> SignalProgress:
        progress = SignalProgress()
        progress.changed.connect(self._show_progress)
        self._progress = progress
        self.progress_bar.setValue(0)
        self._show_status(text)
        self._set_busy(True)
        return progress

    def _finish(self) -> bool:
        """The work has ended; True when the dialog was closed meanwhile."""
        self._progress = None
        return self._closed

    @Slot()
    def stop(self) -> None:
        if self._progress is not None:
            self._progress.cancel()
            self._show_status(self.tr("Đang dừng…"))

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self._progress is None or self._progress.cancelled:
            return
        self.progress_bar.setValue(min(100, int(100 * done / total)) if total else 0)
        if text:
            self.status.setText(text)

    def _failed(self, error: BaseException) -> None:
        if self._finish():
            return
        self._set_busy(False)
        if isinstance(error, Cancelled):
            self._show_status(self.tr("Đã dừng; không có tệp nào được ghi."))
        elif isinstance(error, UserError):
            self._show_status(str(error), ERROR_STYLE)
        else:
            self._show_status(self.tr("Không lập được báo cáo do lỗi không mong đợi."), ERROR_STYLE)
            report_bug(self, error)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.kind, self.day, self.groups, self.remarks, self.files,
                       self.add_files_button, self.remove_files_button, self.preview_button,
                       self.settings_button):  # fmt: skip
            widget.setEnabled(not busy)
        ready = not busy and self._prepared is not None
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        self.progress_bar.setVisible(busy)
        self.stop_button.setVisible(busy)

    def _show_status(self, text: str, style: str = "") -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    # --- Closing -----------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Đóng: stop what is running (nothing is left half-written) and close."""
        self._closed = True
        if self._progress is not None:
            self._progress.cancel()
        self.preview.set_pages(None)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.reject()
        event.accept()
