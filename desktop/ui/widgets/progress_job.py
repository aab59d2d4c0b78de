"""Long work with a progress dialog and a Cancel button, through the task runner.

The work gets a SignalProgress; it reports from the worker thread and the dialog
follows on the UI thread. Cancel asks the work to stop (Progress.cancel()); the
service then raises Cancelled and rolls back, so nothing half-done is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.progress import Progress
from desktop.ui.widgets.task_runner import SignalProgress, TaskRunner


class ProgressJob(QObject):
    """One piece of long work shown in a modal progress dialog with Cancel."""

    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        title: str,
        label: str,
        work: Callable[[Progress], Any],
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._work = work
        self.progress = SignalProgress()
        self.progress.changed.connect(self._show_progress)
        self.dialog = QProgressDialog(label, self.tr("Hủy"), 0, 100, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.connect(self._cancel)  # the Hủy button
        # Esc only hides a QProgressDialog (no `canceled`): it must stop the work too.
        self.dialog.rejected.connect(self._cancel)

    def start(
        self, on_success: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run the work; on_success(result) or on_error(exception) once it ends."""

        def finished(result: Any) -> None:
            self._close()
            on_success(result)

        def failed(error: BaseException) -> None:
            self._close()
            on_error(error)

        self.dialog.setValue(0)
        self._runner.run_task(lambda: self._work(self.progress), finished, failed)

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self.progress.cancelled:
            return
        if text:
            self.dialog.setLabelText(text)
        self.dialog.setValue(int(100 * done / total) if total else 0)

    @Slot()
    def _cancel(self) -> None:
        self.progress.cancel()

    def _close(self) -> None:
        self.dialog.canceled.disconnect(self._cancel)
        self.dialog.rejected.disconnect(self._cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()
