"""Starting the program: refusals, start-up timing, unexpected errors, the empty state."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import text

from desktop import app as desktop_app
from desktop.ui import main_window
from desktop.ui.main_window import MainWindow
from tests.ui.reading import tree_texts


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, kind=kind: shown.append((kind, text))
        )
    return shown


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own


def test_a_database_from_a_newer_version_is_refused_with_exit_code_2(qapp, database, messages):
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))

    code = desktop_app.run_gui(database.url)

    assert code == 2
    assert messages[0][0] == "warning"
    assert "phiên bản Đèn Khuya mới hơn" in messages[0][1]


def test_exit_after_show_prints_the_start_up_time(qtbot, database, monkeypatch, capsys):
    monkeypatch.setenv("DENKHUYA_EXIT_AFTER_SHOW", "1")
    quits: list[bool] = []
    # A real quit() would leave Qt refusing every later event loop of the test run.
    monkeypatch.setattr(QCoreApplication, "quit", lambda *args: quits.append(True))

    def run_event_loop(*args) -> int:
        qtbot.waitUntil(lambda: bool(quits), timeout=10_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)

    code = desktop_app.run_gui(database.url)

    assert code == 0
    timing = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert timing["since_run_gui_ms"] > 0
    assert (
        timing["first_paint_ms"] is None or timing["first_paint_ms"] >= timing["since_run_gui_ms"]
    )
    assert QApplication.font().family() == "Noto Sans"
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()


def test_an_unexpected_error_is_logged_and_explained_kindly(
    qapp, messages, monkeypatch, expected_errors
):
    desktop_app.install_excepthook()
    try:
        raise RuntimeError("lỗi thử")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    kind, shown = messages[0]
    assert kind == "critical"
    assert "lỗi không mong đợi" in shown
    log_text = desktop_app.configure_logging().read_text(encoding="utf-8")
    assert "RuntimeError: lỗi thử" in log_text and "Traceback" in log_text
    assert expected_errors.messages[0].startswith("Lỗi không mong đợi")
    assert len(expected_errors.error_boxes) == 1


def test_the_empty_state_button_creates_the_demo_ward(qtbot, database, today, runner, monkeypatch):
    monkeypatch.setattr(main_window, "DEMO_HOUSEHOLDS", 12)
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.empty_state

    button = window.empty_state.findChild(QPushButton)
    button.click()

    assert window.stack.currentWidget() is window.workspace
    assert window.households.rowCount() == 12
    assert tree_texts(window.area_tree)[0].startswith("Phường Cốc Lếu · ")
