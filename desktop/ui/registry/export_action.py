"""Tệp → Xuất danh sách nhân khẩu…: choose a file, export in the background, report.

For someone who sees ID numbers and phones masked (a leader) the export masks them too
(desktop.services.export): the suggested file name and the closing message say so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir, QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.services.progress import Progress
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.task_runner import TaskRunner

EXCEL_FILTER = "Excel (*.xlsx)"
CSV_FILTER = "CSV UTF-8 (*.csv)"


def export_file_path(chosen: str, selected_filter: str) -> Path:
    """The path to write: the suffix of the chosen filter when the name has none."""
    path = Path(chosen)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".csv" if selected_filter == CSV_FILTER else ".xlsx"))
    return path


class ResidentExport(QObject):
    """Exports every resident to .xlsx or .csv through the export service."""

    def __init__(self, parent: QWidget, gateway: RegistryGateway, runner: TaskRunner) -> None:
        super().__init__(parent)
        self._window = parent
        self._gateway = gateway
        self._runner = runner

    def ask_path(self) -> Path | None:
        """Ask where to save; None when the user cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        masked = "da-che-so-" if self._gateway.masks_personal_numbers() else ""
        name = f"nhan-khau-{masked}{date.today():%Y-%m-%d}.xlsx"
        suggested = Path(folder or QDir.homePath()) / name
        chosen, selected_filter = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Xuất danh sách nhân khẩu"),
            str(suggested),
            f"{EXCEL_FILTER};;{CSV_FILTER}",
        )
        return export_file_path(chosen, selected_filter) if chosen else None

    def run(self) -> None:
        """Ask for a file and export to it, with progress and Cancel."""
        path = self.ask_path()
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        gateway = self._gateway

        def work(progress: Progress) -> object:
            return gateway.export_residents(path, progress)

        job = ProgressJob(
            self._window,
            self._runner,
            self.tr("Xuất danh sách nhân khẩu"),
            self.tr("Đang xuất danh sách nhân khẩu ra {name}…").format(name=path.name),
            work,
        )
        job.start(self._finished, self._failed)

    def _finished(self, summary: object) -> None:
        rows = getattr(summary, "rows", 0)
        path = getattr(summary, "path", "")
        text = self.tr("Đã xuất {rows} nhân khẩu ra tệp:\n{path}").format(
            rows=vietnamese_number(rows), path=path
        )
        if getattr(summary, "masked", False):
            text += "\n\n" + self.tr("Số định danh và số điện thoại trong tệp đã được che.")
        QMessageBox.information(self._window, self.tr("Đã xuất xong"), text)

    def _failed(self, error: BaseException) -> None:
        show_task_error(self._window, error, self.tr("Xuất danh sách nhân khẩu"))
