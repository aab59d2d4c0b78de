"""Starting the window: application, fonts, Qt's Vietnamese words, database, main window.

`run_gui(db_url)` is what `denkhuya` runs without a command. A refusal while opening
the database (for example a database made by a newer version) is shown as its
sentence and the program exits with code 2. Any other unexpected error is logged with
its traceback to the log file, and the user sees one friendly message.

An encrypted database, or one that has accounts, asks who is working (the login
dialog) before any personal data is read; Esc there quits (exit 0). On a database with
no account the window opens as it always did, and at the first start of a new one it
opens the first start wizard (unit, station, report agencies, the first administrator,
which encrypts the data, then import or demo). Closing the
window signs the person out (audited).

Start-up timing for the benchmark: with DENKHUYA_EXIT_AFTER_SHOW=1 the program prints
one JSON line to stdout once the main window has painted for the first time, and
quits. `first_paint_ms` is the time from the start of the process (as the operating
system recorded it: /proc on Linux, GetProcessTimes on Windows) to the end of that
first paint, so it includes Python's start and every import; `since_run_gui_ms` counts
from the moment run_gui() was entered (Qt, fonts, database, window, first paint).
Where the process start cannot be read, `first_paint_ms` is null.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.db.engine import resolve_database_url, sqlite_file
from desktop.db.writing import WriterWait
from desktop.domain.errors import UserError
from desktop.logs import configure_logging, log
from desktop.resources import resource_path

if TYPE_CHECKING:
    from desktop.services.database import Database

APP_NAME = "Đèn Khuya"
ORGANIZATION = "Đèn Khuya"
UI_FONT_FAMILY = "Noto Sans"
EXIT_REFUSED = 2
EXIT_AFTER_SHOW_ENV = "DENKHUYA_EXIT_AFTER_SHOW"
# A save on the window's own thread waits at most 5 s for another writer (longer, and the
# window would look hung), background work 30 s; then the sentence is shown.
WINDOW_WAIT = WriterWait(limit_seconds=30.0, ui_thread_limit_seconds=5.0)


def register_fonts() -> list[str]:
    """Register the bundled fonts with Qt once; return the families it now knows."""
    families: list[str] = []
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Không nạp được phông chữ %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def use_ui_font(app: QApplication) -> None:
    """Noto Sans for every widget, at the platform's usual size, so Vietnamese looks
    the same on every desk."""
    font = QFont(app.font())
    font.setFamilies([UI_FONT_FAMILY])
    app.setFont(font)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with name, organisation, fonts and Qt's Vietnamese words."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    register_fonts()
    use_ui_font(app)
    from desktop.ui.qt_translation import install_qt_vietnamese

    install_qt_vietnamese(app)  # Qt's own dialogs (file, print, boxes) in Vietnamese
    return app


def install_excepthook() -> None:
    """Log unexpected errors with their traceback and show one friendly message. The
    machine's refusals (a full disk, a read-only file, the database busy too long) can
    stop any save: they are no bug, so the user reads their sentence, and no traceback."""
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        from desktop.services.machine import machine_refusal

        refusal = machine_refusal(error) if isinstance(error, Exception) else None
        if refusal is None:
            path = configure_logging()
            log.error(
                "Lỗi không mong đợi:\n%s", "".join(traceback.format_exception(kind, error, tb))
            )
        if QApplication.instance() is None or showing:
            if refusal is None:
                sys.__excepthook__(kind, error, tb)
            else:
                print(refusal, file=sys.stderr)
            return
        showing = True
        try:
            from desktop.ui.widgets.messages import (
                show_machine_refusal,
                show_refusal,
                show_unexpected,
            )

            parent = QApplication.activeWindow()
            if refusal is not None:
                show_machine_refusal(parent, refusal)
            elif isinstance(error, UserError):
                show_refusal(parent, error)
            else:
                show_unexpected(parent, str(path))
        finally:
            showing = False

    sys.excepthook = hook


def process_age_ms() -> float | None:
    """Milliseconds since the operating system started this process, if it says."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            started_ticks = int(fields[19])  # field 22: start time after boot, in ticks
            with open("/proc/uptime", encoding="ascii") as uptime:
                uptime_s = float(uptime.read().split()[0])
            return 1000 * (uptime_s - started_ticks / os.sysconf("SC_CLK_TCK"))
        if sys.platform == "win32":
            return _windows_process_age_ms()
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _windows_process_age_ms() -> float | None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    times = [wintypes.FILETIME() for _ in range(4)]
    now = wintypes.FILETIME()
    if not kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), *map(ctypes.byref, times)):
        return None
    kernel32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

    def ticks(value: wintypes.FILETIME) -> int:
        return (value.dwHighDateTime << 32) | value.dwLowDateTime

    return (ticks(now) - ticks(times[0])) / 10_000  # FILETIME counts 100 ns


class FirstPaintTimer(QObject):
    """Prints the start-up timing once the window has painted, then quits."""

    def __init__(self, window: QWidget, entered: float) -> None:
        super().__init__(window)
        self._window = window
        self._entered = entered
        self._done = False
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._done = True
            QTimer.singleShot(0, self._report)  # after this paint has reached the screen
        return False

    def _report(self) -> None:
        QApplication.instance().removeEventFilter(self)
        since_entered = 1000 * (time.perf_counter() - self._entered)
        age = process_age_ms()
        print(
            json.dumps(
                {
                    "first_paint_ms": round(age, 1) if age is not None else None,
                    "since_run_gui_ms": round(since_entered, 1),
                }
            ),
            flush=True,
        )
        QCoreApplication.quit()


def is_new_database(db_url: str | None) -> bool:
    """Whether this start makes the database: a SQLite file that does not exist yet (a
    database on a server counts as new while it has no ward and no account)."""
    path = sqlite_file(resolve_database_url(db_url))
    return path is None or not path.exists()


def open_signed_in(
    db_url: str | None,
    exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec(),
) -> tuple[Database | None, int]:
    """The database open, and someone signed in if it is encrypted or has accounts
    (the login dialog); (None, exit code) when the program should stop: a refusal
    shown (2) or Esc at the login (0)."""
    from desktop.ui.accounts.gateway import StartLogin
    from desktop.ui.accounts.login_dialog import LoginDialog

    try:
        login, must_sign_in = StartLogin.open(db_url, WINDOW_WAIT)
    except UserError as error:
        QMessageBox.warning(None, APP_NAME, str(error))
        return None, EXIT_REFUSED
    if not must_sign_in:
        return login.database, 0
    dialog = LoginDialog(login, encrypted=login.database is None, place=_place_text(db_url))
    accepted = exec_dialog(dialog)
    database = dialog.database
    dialog.deleteLater()
    if not accepted or database is None:
        login.close()
        return None, 0
    return database, 0


def _place_text(db_url: str | None) -> str:
    """Which data the login opens: the file's name (the folder says whose it is)."""
    path = sqlite_file(resolve_database_url(db_url))
    return f"Dữ liệu: {path}" if path is not None else ""


def run_gui(db_url: str | None) -> int:
    """Open the window on the database (URL, DENKHUYA_DB or default); return the exit code."""
    entered = time.perf_counter()
    configure_logging()
    install_excepthook()
    app = make_application()
    first_start = is_new_database(db_url)
    database, code = open_signed_in(db_url)
    if database is None:
        return code
    try:
        from desktop.ui.main_window import MainWindow

        window = MainWindow(database)
    except UserError as error:  # the database became unreadable while the window read it
        QMessageBox.warning(None, APP_NAME, str(error))
        database.close()
        return EXIT_REFUSED
    except Exception:
        path = configure_logging()
        log.exception("Lỗi khi mở cửa sổ chính")
        from desktop.ui.widgets.messages import show_unexpected

        show_unexpected(None, str(path))
        database.close()
        return 1
    try:
        if os.environ.get(EXIT_AFTER_SHOW_ENV) == "1":
            FirstPaintTimer(window, entered)
        screen = window.screen().availableGeometry()
        window.resize(min(window.width(), screen.width()), min(window.height(), screen.height()))
        window.showMaximized()
        if os.environ.get(EXIT_AFTER_SHOW_ENV) != "1":
            window.start_automatic_backup()
            if first_start and window.accounts.gateway.is_empty():
                QTimer.singleShot(0, window.set_up_first_start)
        return app.exec()
    finally:
        _sign_out(database)
        database.close()


def _sign_out(database: Database) -> None:
    """The window closed: whoever worked signs out (audited); a refusal of the disk
    at this point is logged, not shown (the window is gone)."""
    from desktop.services import accounts, signed_in

    if signed_in.current() is None:
        return
    try:
        accounts.sign_out(database)
    except UserError as error:
        log.warning("Không ghi được việc đăng xuất: %s", type(error).__name__)
