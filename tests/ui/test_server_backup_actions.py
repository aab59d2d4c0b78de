"""Tệp → Sao lưu dữ liệu… and Khôi phục từ bản sao lưu… on a database on a PostgreSQL
server: pg_dump's archive (.dump) written and restored through the same dialogs
(issue 15, point 6). Skipped without a server (DENKHUYA_TEST_PG_URL) or its tools."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services import pg_tools, server_backup
from desktop.services.backup import check_backup
from desktop.ui.main_window import MainWindow
from tests.services.test_server_backup import _fill, _names
from tests.ui.test_backup_actions import choose_open, choose_save, messages, questions, usb

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="needs pg_dump and pg_restore (Debian: postgresql-client)",
)
__all__ = ["messages", "questions", "usb"]  # fixtures shared with the SQLite file's tests


@pytest.fixture
def window(qtbot, postgres_database, today, runner) -> MainWindow:
    _fill(postgres_database)
    main = MainWindow(postgres_database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def test_backup_on_a_server_writes_a_dump_and_restore_brings_it_back(
    window, postgres_database, usb, messages, questions, monkeypatch
):
    suggested: list[str] = []
    choose_save(monkeypatch, usb / "sao-luu-dem-30", suggested)

    window.commands.backup.trigger()

    assert re.fullmatch(r"denkhuya-coc-leu-\d{4}-\d{2}-\d{2}-\d{4}\.dump", Path(suggested[0]).name)
    target = usb / "sao-luu-dem-30.dump"  # the server's suffix is added when left out
    assert check_backup(target).households == 2
    ((kind, text),) = messages
    assert kind == "information" and text.startswith(
        f"Đã sao lưu dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu) vào tệp:\n{target}"
    )
    before = _names(postgres_database)
    with postgres_database.session() as session:
        from sqlalchemy import text as sql

        session.execute(sql("UPDATE resident SET full_name = 'Sửa sau sao lưu' WHERE id = 1"))
    choose_open(monkeypatch, target)
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    (asked,) = questions
    assert "Tệp: sao-luu-dem-30.dump" in asked["details"]
    assert "2 hộ · 3 nhân khẩu" in asked["details"]
    safety = Path(asked["details"].rsplit("\n", 1)[1])
    assert safety.parent.name == server_backup.SERVER_COPIES_FOLDER and safety.exists()
    assert _names(postgres_database) == before
    assert messages[-1][1].startswith("Đã khôi phục dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu)")


def test_backup_on_a_server_without_pg_dump_says_the_command_before_asking_a_file(
    window, usb, monkeypatch
):
    monkeypatch.setattr(pg_tools, "tool_candidates", lambda name: [])
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop.ui.backup_actions.show_refusal",
        lambda parent, error, title: shown.append(str(error)),
    )
    asked: list[str] = []
    choose_save(monkeypatch, usb / "a.dump", asked)

    window.commands.backup.trigger()

    assert asked == [] and list(usb.iterdir()) == []
    (sentence,) = shown
    assert "không tìm thấy pg_dump" in sentence and "tự chạy lệnh: pg_dump -Fc " in sentence
