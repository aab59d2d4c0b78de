"""What leaves the planning window: the night's shifts, and the walk sheets PDF.

Both run in the background through the task runner. Saving replaces the night's
planned shifts of the planned teams (refused, as its sentence, once visits have been
entered). Printing lays the sheets out as a PDF in a private scratch file (removed as
soon as it is read back: the sheets name residents) and shows its pages in the shared
print preview (desktop.ui.widgets.pdf_printing), from which the officer prints them or
saves a PDF; both are recorded in the audit trail as an export of the sheets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.domain.errors import UserError
from desktop.services.planning import NightPlan, PlanningInput, SavedPlan
from desktop.services.planning.sheets import SheetsDraft
from desktop.ui.planning.gateway import PlanningGateway
from desktop.ui.widgets.form_dialog import ERROR_STYLE
from desktop.ui.widgets.messages import confirm, show_task_error
from desktop.ui.widgets.pdf_printing import PdfPages, PdfPreviewDialog, offer_to_open
from desktop.ui.widgets.task_runner import TaskRunner

PDF_FILTER = "PDF (*.pdf)"


def walk_sheets_name(day: date) -> str:
    """ "phieu-di-bo-2026-11-30.pdf": the suggested file name of a night's sheets."""
    return f"phieu-di-bo-{day:%Y-%m-%d}.pdf"


def pdf_path(chosen: str) -> Path:
    """The chosen name, with .pdf added when the duty officer left it out."""
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class PlanOutputs(QObject):
    """Saves the plan as shifts and prints its walk sheets, for the planning window."""

    saved = Signal(object, object)  # the night (date), SavedPlan
    busy_changed = Signal(bool)

    def __init__(self, window: QWidget, gateway: PlanningGateway, runner: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._gateway = gateway
        self._runner = runner
        self.folder: Path | None = None  # where the last sheets went
        self.busy = False
        self.preview: PdfPreviewDialog | None = None  # the walk sheets' print preview, if open

    # Saving ----------------------------------------------------------------------------

    def save(self, planning: PlanningInput, plan: NightPlan) -> None:
        """Save the plan as the night's shifts, after a word about late or empty teams."""
        if not self._confirm_save(plan):
            return
        self._start()
        self._runner.run_task(
            lambda: self._gateway.save_plan(planning, plan),
            lambda result: self._saved(plan.day, result),
            self._failed(self.tr("Lưu thành ca trực")),
        )

    def _confirm_save(self, plan: NightPlan) -> bool:
        late = [route.team_name for route in plan.routes if route.stops and not route.fits_window]
        if not late:
            return True
        return confirm(
            self._window,
            self.tr("Lưu thành ca trực"),
            self.tr("{teams} về muộn hơn {end} theo lộ trình này. Vẫn lưu thành ca trực?").format(
                teams=", ".join(late), end=f"{plan.ends_at:%H:%M}"
            ),
        )

    def _saved(self, day: date, result: SavedPlan) -> None:
        self._stop()
        self.saved.emit(day, result)
        QMessageBox.information(self._window, self.tr("Đã lưu ca trực"), saved_text(day, result))

    # Printing --------------------------------------------------------------------------

    def ask_path(self, day: date) -> Path | None:
        """Where to write the walk sheets; None when the duty officer cancels."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or QDir.homePath()
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self.preview or self._window,
            self.tr("Lưu phiếu đi bộ"),
            str(folder / walk_sheets_name(day)),
            PDF_FILTER,
        )
        return pdf_path(chosen) if chosen else None

    def print_sheets(self, planning: PlanningInput, plan: NightPlan) -> None:
        """Lay the walk sheets out in the background, then show them in a print preview
        (print to a printer, or save a PDF)."""
        self._start()
        self._runner.run_task(
            lambda: self._gateway.draft_sheets(planning, plan),
            lambda drafted: self._drafted(*drafted),
            self._failed(self.tr("In phiếu đi bộ")),
        )

    def _drafted(self, draft: SheetsDraft, pdf: bytes) -> None:
        self._stop()
        self.preview = PdfPreviewDialog(
            PdfPages(pdf),
            self.tr("In phiếu đi bộ đêm {day} ({pages} trang)").format(
                day=f"{draft.day:%d/%m/%Y}", pages=draft.pages
            ),
            self.tr("Phiếu đi bộ {day}").format(day=f"{draft.day:%d-%m-%Y}"),
            self._window,
        )
        self.preview.printed.connect(lambda printer, _sent: self._record_print(draft, printer))
        self.preview.save_requested.connect(lambda: self._save_copy(draft, pdf))
        try:
            self.preview.exec()
        finally:
            self.preview.forget_pages()
            self.preview.deleteLater()
            self.preview = None

    def _record_print(self, draft: SheetsDraft, printer: str) -> None:
        try:
            self._gateway.record_printed_sheets(draft, printer)
        except UserError as error:
            self.preview.show_status(str(error), ERROR_STYLE)

    def _save_copy(self, draft: SheetsDraft, pdf: bytes) -> None:
        """ "Lưu PDF…" in the preview: the pages shown, saved where the officer chooses."""
        path = self.ask_path(draft.day)
        if path is None:
            return
        try:
            written = self._gateway.save_drafted_sheets(draft, pdf, path)
        except UserError as error:
            self.preview.show_status(str(error), ERROR_STYLE)
            return
        self.folder = written.parent
        self.preview.show_status(self.tr("Đã lưu tệp {path}").format(path=written))
        offer_to_open(
            self.preview,
            self.tr("Đã lưu phiếu đi bộ"),
            self.tr("Đã ghi {pages} trang phiếu đi bộ vào tệp PDF.").format(pages=draft.pages),
            written,
        )

    # Shared ----------------------------------------------------------------------------

    def _start(self) -> None:
        self.busy = True
        self.busy_changed.emit(True)

    def _stop(self) -> None:
        self.busy = False
        self.busy_changed.emit(False)

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            self._stop()
            show_task_error(self._window, error, title)

        return failed


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanOutputs", text)


def saved_text(day: date, result: SavedPlan) -> str:
    """ "Đã lưu 8 ca trực cho đêm 30/11/2026: 6 ca mới, 2 ca được thay lộ trình." """
    parts = []
    if result.created:
        parts.append(_tr("{count} ca mới").format(count=result.created))
    if result.replaced:
        parts.append(_tr("{count} ca được thay lộ trình").format(count=result.replaced))
    text = _tr("Đã lưu {count} ca trực cho đêm {day}").format(
        count=len(result.shift_ids), day=f"{day:%d/%m/%Y}"
    )
    text += (": " + ", ".join(parts)) if parts else ""
    if result.removed:
        text += _tr("; {count} ca không còn hộ nào đã được xóa").format(count=result.removed)
    return text + "."
