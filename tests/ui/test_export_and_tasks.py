"""Long work off the UI thread: the task runner, and exporting with progress and Cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from desktop.domain.errors import UserError
from desktop.services import export
from desktop.services.progress import Cancelled
from desktop.ui.main_window import MainWindow
from desktop.ui.registry.export_action import (
    CSV_FILTER,
    EXCEL_FILTER,
    ResidentExport,
    export_file_path,
)
from desktop.ui.widgets.task_runner import SignalProgress, TaskRunner


@pytest.fixture
def window(qtbot, database, today, runner, small_ward) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, kind=kind: shown.append((kind, text))
        )
    return shown


def test_export_writes_every_resident_and_says_how_many(window, tmp_path, messages):
    target = tmp_path / "nhan-khau.csv"

    window.exporter.export_to(target)

    assert messages == [("information", f"Đã xuất 5 nhân khẩu ra tệp:\n{target}")]
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 5
    assert any("Nguyễn Thị Ước" in line for line in lines)


def _press_cancel(qtbot, dialog: QProgressDialog) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)


def _press_escape(qtbot, dialog: QProgressDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


@pytest.mark.parametrize("stop", [_press_cancel, _press_escape], ids=["Hủy", "Esc"])
def test_cancel_in_the_progress_dialog_stops_the_export_and_writes_nothing(
    qtbot, window, tmp_path, messages, monkeypatch, stop
):
    folder = tmp_path / "xuat"
    folder.mkdir()
    target = folder / "nhan-khau.xlsx"
    real_export = export.export_residents

    def export_and_press_cancel(session, path, progress):
        stop(qtbot, window.findChild(QProgressDialog))  # the user gives up meanwhile
        return real_export(session, path, progress)

    monkeypatch.setattr(export, "export_residents", export_and_press_cancel)

    window.exporter.export_to(target)

    assert messages == [("information", "Đã hủy, không có tệp nào được ghi.")]
    assert list(folder.iterdir()) == []
    assert (
        window.findChild(QProgressDialog) is None
        or not window.findChild(QProgressDialog).isVisible()
    )


def test_a_refused_export_shows_the_sentence(window, tmp_path, messages):
    window.exporter.export_to(tmp_path / "khong-co" / "nhan-khau.csv")

    assert messages[0][0] == "warning"
    assert "không tồn tại" in messages[0][1]


def test_the_chosen_filter_supplies_a_missing_suffix():
    assert export_file_path("/tmp/ds", CSV_FILTER) == Path("/tmp/ds.csv")
    assert export_file_path("/tmp/ds", EXCEL_FILTER) == Path("/tmp/ds.xlsx")
    assert export_file_path("/tmp/ds.CSV", EXCEL_FILTER) == Path("/tmp/ds.CSV")


def test_export_asks_for_a_file_and_does_nothing_when_cancelled(window, monkeypatch, messages):
    monkeypatch.setattr(
        "desktop.ui.registry.export_action.QFileDialog.getSaveFileName", lambda *args: ("", "")
    )
    assert isinstance(window.exporter, ResidentExport)

    window.commands.export.trigger()

    assert messages == []


def test_background_tasks_deliver_results_and_errors_on_the_ui_thread(qtbot):
    runner = TaskRunner()
    results: list[object] = []

    runner.run_task(lambda: 6 * 7, results.append)
    runner.run_task(lambda: (_ for _ in ()).throw(UserError("Không được")), None, results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)

    assert 42 in results
    error = next(item for item in results if isinstance(item, UserError))
    assert str(error) == "Không được"
    assert not runner.busy


def test_a_task_that_ends_after_its_window_closed_is_dropped_quietly(qtbot, capfd):
    runner = TaskRunner()
    gate = threading.Event()
    runner.run_task(lambda: gate.wait(5), lambda _result: pytest.fail("nobody should hear"))
    for _task, signals, _done, _failed in runner._pending.values():
        shiboken6.delete(signals)  # what the end of the program does to the runner's objects
    gate.set()
    assert runner.wait_for_done(5000)
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_signal_progress_reports_and_stops_when_cancelled(qtbot):
    progress = SignalProgress()
    seen: list[tuple[int, int, str]] = []
    progress.changed.connect(lambda done, total, text: seen.append((done, total, text)))

    progress.step(1, 4, "Đang xuất")
    progress.step(1, 4, "Đang xuất")  # the same per-mille: not reported again
    progress.cancel()

    assert seen == [(1, 4, "Đang xuất")]
    with pytest.raises(Cancelled):
        progress.step(2, 4, "Đang xuất")
