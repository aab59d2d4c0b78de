"""Long work off the UI thread: one small runner, in the style of Picard's run_task().

`runner.run_task(func, on_success, on_error)` runs `func()` on a QThreadPool and calls
`on_success(result)` or `on_error(exception)` back on the UI thread. `func` opens its
own database session: ORM objects never cross threads, only plain results do. Tests
build `TaskRunner(synchronous=True)`, which runs the function inline, so nothing
sleeps or flakes. A task without `on_error` is not expected to fail: if it does, that
is reported like any unhandled error (logged with its traceback, then shown), in both
modes, so a test whose task breaks fails (tests/conftest.py) instead of passing quietly.

`SignalProgress` is the services' Progress for the GUI: the worker thread reports
through a Qt signal (queued to the UI thread), and the UI thread calls `cancel()`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from desktop.logs import log
from desktop.services.progress import Progress
from desktop.ui.widgets.messages import report_unhandled

SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _TaskSignals(QObject):
    """Carries a finished task's outcome from the worker thread to the UI thread."""

    finished = Signal(int, bool, object)  # task id, succeeded, result or exception


class _Task(QRunnable):
    def __init__(self, task_id: int, func: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner drops it once the outcome is delivered
        self._task_id = task_id
        self._func = func
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._func()
        except BaseException as error:  # every outcome goes back to the UI thread
            self._send(False, error)
        else:
            self._send(True, result)

    def _send(self, succeeded: bool, outcome: object) -> None:
        try:
            self._signals.finished.emit(self._task_id, succeeded, outcome)
        except RuntimeError:
            # "Signal source has been deleted": the window closed (and the program is
            # ending) before this task finished. Nobody is left to tell; its work was
            # read-only or its own transaction already committed or rolled back.
            log.debug("Tác vụ nền %s xong sau khi cửa sổ đã đóng", self._task_id)


class TaskRunner(QObject):
    """Runs functions in the background and delivers their outcome on the UI thread."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[_Task, _TaskSignals, SuccessCallback, ErrorCallback]] = {}

    @property
    def busy(self) -> bool:
        """True while a background task has not delivered its outcome yet."""
        return bool(self._pending)

    def run_task(
        self,
        func: Callable[[], Any],
        on_success: SuccessCallback,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run func() and call on_success(result) or on_error(exception) on the UI thread.

        Without on_error an exception is a bug: logged with its traceback and shown to
        the user (messages.report_unhandled), as an uncaught exception would be.
        """
        error_callback = on_error or self._report_unhandled
        if self.synchronous:
            try:
                result = func()
            except Exception as error:
                error_callback(error)
            else:
                on_success(result)
            return
        task_id = next(self._ids)
        signals = _TaskSignals()
        signals.finished.connect(self._deliver)
        task = _Task(task_id, func, signals)
        self._pending[task_id] = (task, signals, on_success, error_callback)
        self._pool.start(task)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (for shutdown); True if everything finished."""
        return self._pool.waitForDone(msecs)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, succeeded: bool, outcome: object) -> None:
        _, _, on_success, on_error = self._pending.pop(task_id)
        if succeeded:
            on_success(outcome)
        else:
            on_error(outcome)  # type: ignore[arg-type]

    def _report_unhandled(self, error: BaseException) -> None:
        """A task whose caller gave no on_error failed: tell the log and the user."""
        parent = self.parent()
        window = parent if isinstance(parent, QWidget) else QApplication.activeWindow()
        report_unhandled(window, error)


class _ProgressSignals(QObject):
    changed = Signal(int, int, str)


class SignalProgress(Progress):
    """Progress that a worker thread reports through a Qt signal; cancel from the UI.

    Connect `changed(done, total, text)` to a slot of a UI object. Reports are thinned
    to whole-percent changes so a loop over 200,000 rows does not flood the event queue.
    """

    def __init__(self) -> None:
        super().__init__()
        self._signals = _ProgressSignals()
        self.changed = self._signals.changed
        self._last: tuple[int, str] | None = None

    def show(self, done: int, total: int, text: str) -> None:
        shown = (int(1000 * done / total) if total else 0, text)
        if shown != self._last:
            self._last = shown
            self.changed.emit(done, total, text)
