"""Tệp → Sao lưu dữ liệu… and Khôi phục từ bản sao lưu…, with the dialogs answered."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop.db import keyring
from desktop.services import accounts, signed_in
from desktop.services import backup as backup_service
from desktop.services.database import LoginNeeded, open_database
from desktop.services.wards import current_ward
from desktop.ui.backup_actions import restore_question
from desktop.ui.main_window import MainWindow
from desktop.ui.widgets.backup_login import BackupLoginDialog
from tests.builders import add_household, make_group, make_ward

NAME = re.compile(r"denkhuya-coc-leu-\d{4}-\d{2}-\d{2}-\d{4}\.sqlite3")


@pytest.fixture
def window(qtbot, database, today, runner, small_ward) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, kind=kind: shown.append((kind, text))
        )
    return shown


@pytest.fixture
def questions(monkeypatch) -> list[dict]:
    """The restore confirmations asked, answered with `questions.answer` (default No)."""

    class Asked(list):
        answer = QMessageBox.StandardButton.No

    asked = Asked()

    def exec_(box: QMessageBox) -> int:
        asked.append(
            {
                "text": box.text(),
                "details": box.informativeText(),
                "default_is_no": box.defaultButton() is box.button(QMessageBox.StandardButton.No),
                "escape_is_no": box.escapeButton() is box.button(QMessageBox.StandardButton.No),
                "yes": box.button(QMessageBox.StandardButton.Yes).text(),
            }
        )
        box.button(asked.answer).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def choose_save(monkeypatch, path: Path | str, suggested: list[str]) -> None:
    def ask(parent, caption, start, filters):
        suggested.append(start)
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)


def choose_open(monkeypatch, path: Path | str) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))


def shown_heads(window: MainWindow) -> list[str]:
    return sorted(
        window.households.household(row).head_name for row in range(window.households.rowCount())
    )


def test_the_file_menu_offers_backup_and_restore(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions() if not action.isSeparator()]
    assert texts == [
        "Thiết lập &ban đầu…",
        "&Nhập danh sách hộ từ Excel…",
        "&Xuất danh sách nhân khẩu…",
        "&Sao lưu dữ liệu…",
        "&Khôi phục từ bản sao lưu…",
        "Nhật ký t&hao tác…",
        "&Thoát",
    ]


def test_backup_suggests_the_ward_and_time_and_says_where_it_went(
    window, usb, messages, monkeypatch
):
    suggested: list[str] = []
    choose_save(monkeypatch, usb / "sao-luu-dem-30", suggested)

    window.commands.backup.trigger()

    assert NAME.fullmatch(Path(suggested[0]).name), suggested
    target = usb / "sao-luu-dem-30.sqlite3"  # the suffix is added when left out
    assert os.listdir(usb) == [target.name]
    assert backup_service.check_backup(target).households == 3
    ((kind, text),) = messages
    assert kind == "information"
    assert text.startswith(
        f"Đã sao lưu dữ liệu phường Cốc Lếu (3 hộ, 5 nhân khẩu) vào tệp:\n{target}\n"
    )


def test_cancel_in_the_progress_dialog_stops_the_backup_and_writes_nothing(
    qtbot, window, usb, messages, monkeypatch
):
    choose_save(monkeypatch, usb / "sao-luu.sqlite3", [])
    real_backup = backup_service.backup_database

    def backup_and_press_cancel(database, path, progress):
        button = window.findChild(QProgressDialog).findChild(QPushButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the user gives up meanwhile
        return real_backup(database, path, progress)

    monkeypatch.setattr(backup_service, "backup_database", backup_and_press_cancel)

    window.commands.backup.trigger()

    assert messages == [("information", "Đã hủy sao lưu, không có tệp nào được ghi.")]
    assert os.listdir(usb) == []


def test_a_backup_to_a_folder_that_does_not_exist_is_refused(
    window, tmp_path, messages, monkeypatch
):
    target = tmp_path / "khong-co" / "a.sqlite3"
    choose_save(monkeypatch, target, [])

    window.commands.backup.trigger()

    assert messages == [
        ("warning", f"Thư mục “{target.parent}” không tồn tại; hãy chọn thư mục khác.")
    ]


def test_closing_the_file_dialog_backs_nothing_up(window, usb, messages, monkeypatch):
    choose_save(monkeypatch, "", [])
    window.commands.backup.trigger()
    assert messages == [] and os.listdir(usb) == []


@pytest.fixture
def made(window, usb, database) -> Path:
    """A backup of the three households; a fourth is added to the register afterwards."""
    path = backup_service.backup_database(database, usb / "sao-luu.sqlite3").path
    with database.session() as session:
        group = make_group(session, current_ward(session), "Tổ 1")
        add_household(session, group, head="Hoàng Văn Mới", house_number="99")
    window.refresh_all()
    assert len(shown_heads(window)) == 4
    return path


def test_restore_asks_first_then_replaces_the_data_and_shows_it(
    window, made, database, messages, questions, monkeypatch
):
    choose_open(monkeypatch, made)
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    (asked,) = questions
    assert asked["text"] == "Thay toàn bộ dữ liệu đang dùng bằng bản sao lưu này?"
    assert asked["default_is_no"] and asked["escape_is_no"]
    assert asked["yes"] == "Khôi &phục"
    assert "Tệp: sao-luu.sqlite3" in asked["details"]
    assert "Dữ liệu: Phường Cốc Lếu (Công an phường Cốc Lếu)" in asked["details"]
    assert "3 hộ · 5 nhân khẩu" in asked["details"]
    safety = re.search(r"\n(/\S+truoc-khoi-phuc-\S+\.sqlite3)$", asked["details"]).group(1)
    assert Path(safety).exists()  # exactly where the question said
    assert shown_heads(window) == ["Lê Văn Bình", "Nguyễn Văn An", "Phạm Văn Cường"]
    assert window.totals_label.text().startswith("Cả phường Cốc Lếu: 3 hộ · 5 nhân khẩu")
    ((kind, text),) = messages
    assert kind == "information"
    assert text == (
        f"Đã khôi phục dữ liệu phường Cốc Lếu (3 hộ, 5 nhân khẩu) từ tệp:\n{made}"
        f"\n\nDữ liệu trước khi khôi phục được giữ ở:\n{safety}"
    )
    with database.session() as session:  # the window's database works on the restored file
        assert current_ward(session).name == "Cốc Lếu"


def test_answering_no_changes_nothing(window, made, database, messages, questions, monkeypatch):
    choose_open(monkeypatch, made)

    window.commands.restore.trigger()

    assert len(questions) == 1
    assert messages == []
    assert len(shown_heads(window)) == 4
    folder = backup_service.sqlite_database_file(database.url).parent
    assert not list(folder.glob("*truoc-khoi-phuc*"))


def test_a_file_that_is_not_a_backup_is_refused_before_asking(
    window, usb, messages, questions, monkeypatch
):
    notes = usb / "danh-sach.xlsx"
    notes.write_bytes(b"PK\x03\x04 not a database")
    choose_open(monkeypatch, notes)

    window.commands.restore.trigger()

    assert questions == []
    assert messages == [
        (
            "warning",
            "Tệp “danh-sach.xlsx” không phải là bản sao lưu của Đèn Khuya "
            "(không phải cơ sở dữ liệu SQLite); hãy chọn tệp khác.",
        )
    ]
    assert len(shown_heads(window)) == 3


def test_the_confirmation_is_legible(qtbot, made, tmp_path):
    summary = backup_service.check_backup(made)
    box = restore_question(None, summary, tmp_path / "denkhuya.truoc-khoi-phuc-x.sqlite3")
    qtbot.addWidget(box)
    assert not box.grab().isNull()  # painting warns of nothing (qt_log_level_fail)
    assert box.icon() == QMessageBox.Icon.Warning


def test_a_planning_window_the_user_keeps_open_stops_the_restore(
    window, made, database, messages, questions, monkeypatch
):
    class UnsavedPlan(QWidget):
        def closeEvent(self, event) -> None:
            event.ignore()  # "Lộ trình này chưa được lưu…": the user answered No

    window._planning_window = UnsavedPlan()
    choose_open(monkeypatch, made)
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    assert len(questions) == 1 and messages == []
    assert len(shown_heads(window)) == 4
    folder = backup_service.sqlite_database_file(database.url).parent
    assert not list(folder.glob("*truoc-khoi-phuc*"))
    window._planning_window.deleteLater()
    window._planning_window = None


def test_a_new_desk_gets_the_ward_back_from_the_empty_start_screen(
    qtbot, database, today, runner, tmp_path, messages, questions, monkeypatch
):
    old_desk = open_database(f"sqlite:///{tmp_path / 'may-cu.sqlite3'}")
    with old_desk.session() as session:
        add_household(session, make_group(session, make_ward(session, "Kim Tân")), "Lò Văn Páo")
    made = backup_service.backup_database(old_desk, tmp_path / "usb.sqlite3").path
    old_desk.close()
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.empty_state
    choose_open(monkeypatch, made)
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    assert "Dữ liệu: Phường Kim Tân" in questions[0]["details"]
    assert window.stack.currentWidget() is window.workspace
    assert window.windowTitle() == "Đèn Khuya — Công an phường Kim Tân"
    assert shown_heads(window) == ["Lò Văn Páo"]
    assert messages[0][1].startswith("Đã khôi phục dữ liệu phường Kim Tân (1 hộ, 1 nhân khẩu)")


def test_the_daily_automatic_copy_runs_in_the_background_and_says_where_it_went(
    window, database, tmp_path
):
    window.automatic_backup.run_now()  # what the timer does 90 s after the window opens

    (copy,) = (tmp_path / "sao-luu-tu-dong").iterdir()
    assert NAME.fullmatch(copy.name)
    assert window.statusBar().currentMessage() == (f"Đã tự sao lưu dữ liệu hôm nay vào {copy}")
    window.automatic_backup.run_now()  # not due again today
    assert len(list((tmp_path / "sao-luu-tu-dong").iterdir())) == 1


def test_closing_the_window_cancels_the_automatic_copy_still_to_come(window, tmp_path):
    window.automatic_backup.start(delay_ms=60_000)
    window.close()
    window.automatic_backup.run_now()  # a late timer finds it stopped
    assert not (tmp_path / "sao-luu-tu-dong").exists()


# An encrypted backup: its cover, a login of its data, then as above -------------------

ADMIN_PASSWORD = "đèn-khuya-2026"


@pytest.fixture
def quick_hashes(monkeypatch) -> None:
    """Cheap Argon2id (as tests/ui/accounts/conftest.py; the real cost is checked there)."""
    from argon2 import PasswordHasher, Type

    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(accounts, "HASHER", quick)
    monkeypatch.setattr(accounts, "_dummy_hash", None)
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 8, "p": 1})


@pytest.fixture
def encrypted_made(quick_hashes, tmp_path) -> Path:
    """The old desk: phường Kim Tân encrypted by its administrator quan.tri (and the
    clerk lan), backed up onto the stick."""
    old_desk = open_database(f"sqlite:///{tmp_path / 'may-cu.sqlite3'}")
    with old_desk.session() as session:
        add_household(session, make_group(session, make_ward(session, "Kim Tân")), "Lò Văn Páo")
    accounts.create_first_admin(old_desk, "quan.tri", "Nguyễn Văn Quản", ADMIN_PASSWORD)
    accounts.sign_in(old_desk, accounts.login("quan.tri", ADMIN_PASSWORD))
    accounts.add_account(old_desk, "lan", "Lò Thị Lan", "entry", "nhap-lieu-99")
    made = backup_service.backup_database(old_desk, tmp_path / "usb-ma-hoa.sqlite3").path
    old_desk.close()
    signed_in.reset()
    return made


@pytest.fixture
def logins(monkeypatch) -> list[dict]:
    """The backup login dialogs shown, answered in turn from `logins.answers`
    ((name, password), or None for Hủy)."""

    class Asked(list):
        answers: list[tuple[str, str] | None] = []

    asked = Asked()

    def exec_(dialog: BackupLoginDialog) -> int:
        asked.append(
            {
                "cover": dialog.cover_label.text(),
                "name": dialog.name_field.text(),
                "error": dialog.error_label.text() if not dialog.error_label.isHidden() else "",
                "focus_on_password": dialog.focusWidget() is dialog.password_field
                or dialog.name_field.text() == "",
            }
        )
        answer = asked.answers.pop(0)
        if answer is None:
            dialog.reject()
        else:
            dialog.name_field.setText(answer[0])
            dialog.password_field.setText(answer[1])
            dialog.accept()
        return dialog.result()

    monkeypatch.setattr(BackupLoginDialog, "exec", exec_)
    return asked


def test_an_encrypted_backup_shows_its_cover_asks_a_login_again_after_a_wrong_one_and_restores(
    qtbot, database, today, runner, encrypted_made, messages, questions, logins, monkeypatch
):
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    choose_open(monkeypatch, encrypted_made)
    logins.answers = [("Quan.Tri", "mat-khau-sai"), ("Quan.Tri", ADMIN_PASSWORD)]
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    first, second = logins
    assert first["cover"].splitlines()[:2] == [
        "Tệp: usb-ma-hoa.sqlite3",
        "Dữ liệu: Phường Kim Tân (Công an phường Kim Tân)",
    ]
    assert re.fullmatch(
        r"Sao lưu lúc \d\d:\d\d ngày \d\d/\d\d/\d{4}", first["cover"].splitlines()[2]
    )
    assert first["error"] == ""
    assert second["name"] == "quan.tri"  # kept (as accounts spell it); the password typed again
    assert second["error"].startswith(
        "Tên đăng nhập, mật khẩu hoặc khóa khôi phục không mở được bản sao lưu"
    )
    (asked,) = questions
    assert "1 hộ · 1 nhân khẩu" in asked["details"]
    assert (
        "Bản sao lưu được mã hóa: dữ liệu khôi phục giữ các tài khoản có trong nó."
        in (asked["details"])
    )
    assert messages[0][1].startswith("Đã khôi phục dữ liệu phường Kim Tân (1 hộ, 1 nhân khẩu)")
    # The desk now holds the backup's encrypted data, worked on by the one who opened it.
    assert database.encrypted
    assert keyring.key_file_path(backup_service.sqlite_database_file(database.url)).exists()
    assert signed_in.current().name == "quan.tri"
    assert window.accounts.idle.watching  # the window locks when they walk away
    assert shown_heads(window) == ["Lò Văn Páo"]
    database.close()
    with pytest.raises(LoginNeeded):
        open_database(database.url)
    reopened = open_database(database.url, login=accounts.login("lan", "nhap-lieu-99"))
    reopened.close()


def test_closing_the_backup_login_restores_nothing(
    window, encrypted_made, database, messages, questions, logins, monkeypatch
):
    choose_open(monkeypatch, encrypted_made)
    logins.answers = [None]

    window.commands.restore.trigger()

    assert len(logins) == 1
    assert questions == [] and messages == []
    assert not database.encrypted
    assert len(shown_heads(window)) == 3


def test_the_backup_login_dialog_is_legible(qtbot, encrypted_made):
    cover = backup_service.backup_cover(encrypted_made)
    dialog = BackupLoginDialog(cover, None, "quan.tri", "Khóa khôi phục không đúng.")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/work/restore/backup_login.png")
    assert dialog.focusWidget() in (dialog.password_field, None)
    dialog.password_field.setText("")
    dialog.accept()  # Enter with an empty password: said, not closed
    assert dialog.error_label.text() == "Hãy nhập mật khẩu."
    assert dialog.result() == 0


@pytest.fixture
def encrypted_desk(encrypted_made, tmp_path, qtbot, today, runner):
    """The old desk itself, opened and signed in by quan.tri, in its window; a second
    household was added after the backup."""
    login = accounts.login("quan.tri", ADMIN_PASSWORD)
    desk = open_database(f"sqlite:///{tmp_path / 'may-cu.sqlite3'}", login=login)
    accounts.remember_accounts_exist(desk)
    accounts.sign_in(desk, login)
    with desk.session() as session:
        add_household(session, make_group(session, current_ward(session), "Tổ 2"), "Mới Vào")
    window = MainWindow(desk, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    yield desk, window
    desk.close()
    signed_in.reset()


def test_an_encrypted_desk_restores_its_encrypted_backup_with_its_own_key(
    encrypted_desk, encrypted_made, messages, questions, logins, monkeypatch
):
    desk, window = encrypted_desk
    key_before = desk.data_key
    assert shown_heads(window) == ["Lò Văn Páo", "Mới Vào"]
    choose_open(monkeypatch, encrypted_made)
    logins.answers = [("quan.tri", ADMIN_PASSWORD)]
    questions.answer = QMessageBox.StandardButton.Yes

    window.commands.restore.trigger()

    assert len(logins) == 1 and len(questions) == 1
    assert messages[0][1].startswith("Đã khôi phục dữ liệu phường Kim Tân (1 hộ, 1 nhân khẩu)")
    assert shown_heads(window) == ["Lò Văn Páo"]
    assert desk.data_key == key_before  # written with the desk's own data key
    (safety,) = backup_service.sqlite_database_file(desk.url).parent.glob("*truoc-khoi-phuc*")
    assert backup_service.backup_cover(safety).encrypted  # the data before, kept encrypted


def test_a_plain_backup_is_refused_on_an_encrypted_desk_before_asking(
    encrypted_desk, tmp_path, messages, questions, logins, monkeypatch
):
    desk, window = encrypted_desk
    plain_desk = open_database(f"sqlite:///{tmp_path / 'may-khac.sqlite3'}")
    with plain_desk.session() as session:
        add_household(session, make_group(session, make_ward(session, "Kim Tân")), "Người Khác")
    signed_in.set_accounts_exist(False)  # the other desk has no account
    plain = backup_service.backup_database(plain_desk, tmp_path / "usb-tron.sqlite3").path
    plain_desk.close()
    signed_in.set_accounts_exist(True)
    accounts.sign_in(desk, accounts.login("quan.tri", ADMIN_PASSWORD))
    choose_open(monkeypatch, plain)

    window.commands.restore.trigger()

    assert logins == [] and questions == []
    assert messages == [
        (
            "warning",
            "Bản sao lưu “usb-tron.sqlite3” không được mã hóa (làm trước khi có tài khoản), nên "
            "không khôi phục đè lên dữ liệu đã mã hóa: sẽ mất mã hóa và các tài khoản.",
        )
    ]
    assert shown_heads(window) == ["Lò Văn Páo", "Mới Vào"]
