"""The daily automatic copy, started a while after the window opens and run in the
background (desktop.services.automatic_backup says when it is due and where it goes).

It waits AUTOMATIC_DELAY_MS so the desk's first minute (search, the evening's entry)
is not shared with a copy, and is cancelled when the window closes or before a
restore; a failed copy is logged and tried again at the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.logs import log
from desktop.services.automatic_backup import automatic_backup
from desktop.services.database import Database
from desktop.services.progress import Cancelled, Progress
from desktop.ui.widgets.task_runner import TaskRunner

AUTOMATIC_DELAY_MS = 90_000


class AutomaticBackup(QObject):
    """`start()` schedules today's copy; `made(path)` once a copy is written."""

    made = Signal(object)  # the Path of the copy

    def __init__(self, parent: QObject, database: Database, runner: TaskRunner) -> None:
        super().__init__(parent)
        self._database = database
        self._runner = runner
        self._progress = Progress()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_now)

    def start(self, delay_ms: int = AUTOMATIC_DELAY_MS) -> None:
        self._timer.start(delay_ms)

    def stop(self) -> None:
        """Not now: the window closes, or the data is about to be replaced."""
        self._timer.stop()
        self._progress.cancel()

    def run_now(self) -> None:
        if self._progress.cancelled:
            return
        progress = self._progress
        self._runner.run_task(
            lambda: automatic_backup(self._database, progress=progress),
            self._finished,
            self._failed,
        )

    def _finished(self, path: Path | None) -> None:
        if path is not None:
            self.made.emit(path)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            log.warning("Không tự sao lưu được dữ liệu: %s", error)
