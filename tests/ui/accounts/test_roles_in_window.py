"""The window of each role: what a role may not use is hidden, who is working is in the
status bar, and a leader sees ID numbers and phones masked, in the lists, in a
resident's record (read-only) and in an export."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox, QToolBar

from desktop.ui.main_window import MainWindow
from desktop.ui.registry.resident_dialog import ResidentDialog
from desktop.ui.registry.resident_table_model import ResidentColumn
from tests.ui.accounts.conftest import visible_menu_texts

EXPORT = "Tệp ▸ Xuất danh sách nhân khẩu…"
REPORT = "Chiến dịch ▸ Báo cáo…"
BACKUP = "Tệp ▸ Sao lưu dữ liệu…"
RESTORE = "Tệp ▸ Khôi phục từ bản sao lưu…"


def window_for(qtbot, database, runner, today) -> MainWindow:
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    return window


def toolbar_texts(window: MainWindow) -> list[str]:
    toolbar = window.findChild(QToolBar, "mainToolbar")
    return [a.text().replace("&", "") for a in toolbar.actions() if a.isVisible() and a.text()]


def test_data_entry_sees_visit_entry_and_approvals_and_no_export_report_or_backup(
    qtbot, open_as, runner, today
):
    window = window_for(qtbot, open_as("nhap.lieu"), runner, today)

    menus = visible_menu_texts(window)
    for hidden in (EXPORT, REPORT, BACKUP, RESTORE, "Tệp ▸ Nhập danh sách hộ từ Excel…",
                   "Hộ gia đình ▸ Thêm hộ…", "Chiến dịch ▸ Lập tuyến đêm nay…",
                   "Tệp ▸ Nhật ký thao tác…", "Tài khoản ▸ Quản lý tài khoản…"):  # fmt: skip
        assert hidden not in menus
    assert "Chiến dịch ▸ Nhập kết quả đêm…" in menus
    assert "Chiến dịch ▸ Duyệt mức 2…" in menus
    assert "Tài khoản ▸ Đổi mật khẩu của tôi…" in menus
    assert not any(text.startswith("Nhân khẩu ▸") for text in menus)  # the menu is gone
    assert "Xuất danh sách nhân khẩu…" not in toolbar_texts(window)
    assert not window.tabs.isTabVisible(window.tabs.indexOf(window.dashboard))
    assert window.user_label.text() == "Đang làm việc: Lò Thị Nhập (Nhập liệu)"


def test_an_administrator_sees_everything_and_the_accounts(qtbot, open_as, runner, today):
    window = window_for(qtbot, open_as("quan.tri"), runner, today)

    menus = visible_menu_texts(window)
    for shown in (EXPORT, REPORT, BACKUP, RESTORE, "Tệp ▸ Nhật ký thao tác…",
                  "Tài khoản ▸ Quản lý tài khoản…", "Tài khoản ▸ Tạo khóa khôi phục mới…",
                  "Tài khoản ▸ Khóa màn hình"):  # fmt: skip
        assert shown in menus
    assert "Tài khoản ▸ Tạo tài khoản quản trị…" not in menus
    assert window.user_label.text() == "Đang làm việc: Nguyễn Văn Quản (Quản trị)"


def test_without_accounts_the_window_is_as_before_and_offers_the_first_account(
    qtbot, database, small_ward, runner, today
):
    window = window_for(qtbot, database, runner, today)

    menus = visible_menu_texts(window)
    assert [text for text in menus if text.startswith("Tài khoản")] == [
        "Tài khoản ▸ Tạo tài khoản quản trị…"
    ]
    assert EXPORT in menus and REPORT in menus and BACKUP in menus
    assert window.user_label.isHidden()


def test_a_leader_sees_id_numbers_and_phones_masked_and_records_read_only(
    qtbot, open_as, runner, today
):
    window = window_for(qtbot, open_as("lanh.dao"), runner, today)
    menus = visible_menu_texts(window)
    assert REPORT in menus and EXPORT in menus and "Tệp ▸ Nhật ký thao tác…" in menus
    assert "Hộ gia đình ▸ Sửa hộ…" not in menus and BACKUP not in menus
    assert window.user_label.text() == "Đang làm việc: Hoàng Văn Lãnh (Lãnh đạo)"

    # the first household with a phone among its people
    for row in range(window.households.rowCount()):
        window.household_view.selectRow(row)
        phones = [window.residents.resident(r).phone for r in range(window.residents.rowCount())]
        if any(phones):
            break
    shown_ids = [
        window.residents.index(r, ResidentColumn.PERSONAL_ID).data()
        for r in range(window.residents.rowCount())
    ]
    shown_phones = [
        window.residents.index(r, ResidentColumn.PHONE).data()
        for r in range(window.residents.rowCount())
    ]
    assert any(shown_phones)
    assert all(not text or text.startswith("•••") for text in shown_ids + shown_phones)

    opened: list[ResidentDialog] = []
    window.editor.exec_dialog = lambda dialog: opened.append(dialog) or 0
    window.resident_view.selectRow(0)
    window.register_view.edit_resident()  # Enter on the person: a leader only reads
    (dialog,) = opened
    assert dialog.personal_id.text().startswith("••••") or not dialog.personal_id.text()
    assert dialog.phone.isReadOnly() and dialog.full_name.isReadOnly()
    assert dialog.save_button.isHidden() and dialog.cancel_button.text() == "Đóng"


def test_a_leaders_export_from_the_window_is_masked(qtbot, open_as, runner, today, tmp_path,
                                                     monkeypatch):  # fmt: skip
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *rest: told.append(text)
    )
    window = window_for(qtbot, open_as("lanh.dao"), runner, today)
    target = tmp_path / "nhan-khau.xlsx"

    window.exporter.export_to(target)

    assert told and told[0].endswith("Số định danh và số điện thoại trong tệp đã được che.")
    sheet = load_workbook(target)["Nhân khẩu (đã che số)"]
    header, *rows = sheet.iter_rows(values_only=True)
    ids = [row[header.index("personal_id")] for row in rows if row[header.index("personal_id")]]
    phones = [row[header.index("phone")] for row in rows if row[header.index("phone")]]
    assert ids and phones
    assert all(text.startswith("••••••••") and len(text) == 12 for text in ids)
    assert all(text.startswith("•••") for text in phones)
