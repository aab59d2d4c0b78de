"""The audit window as an inspector uses it: filters, details, export, the chain check,
and the menu entry only administrators and leaders see."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox
from sqlalchemy import create_engine, text

from desktop.domain.roles import ADMIN, ENTRY, LEADER
from desktop.services import residents, signed_in
from desktop.services.audit_trail import TrailFilter
from desktop.services.signed_in import SignedInAccount
from desktop.ui.audit.audit_window import AuditWindow
from desktop.ui.audit.gateway import AuditGateway
from desktop.ui.audit.trail_model import TrailColumn, TrailTableModel
from desktop.ui.main_window import MainWindow
from tests.ui.reading import empty_hint, error_text


def sign_in(name: str, role: str = ADMIN) -> None:
    signed_in.sign_in(SignedInAccount(id=1, name=name, display_name=name, role=role))


@pytest.fixture
def trail(database, small_ward) -> dict[str, int]:
    """The small ward's trail, plus two viewings by "hoa" of Nguyễn Thị Ước's record."""
    with database.session() as session:
        for _ in range(2):
            sign_in("hoa")
            residents.resident_form(session, small_ward["resident_uoc"])
    signed_in.reset()
    return small_ward


@pytest.fixture
def window(qtbot, database, runner, today, trail) -> AuditWindow:
    sign_in("kiem.tra", LEADER)
    dialog = AuditWindow(database, runner, today)
    qtbot.addWidget(dialog)
    return dialog


def shown(window: AuditWindow, column: TrailColumn) -> list[str]:
    model = window.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_trail_opens_newest_first_with_the_first_entry_shown(window):
    total = window.model.rowCount()
    assert window.count_label.text() == f"{total} mục" and total > 10
    assert shown(window, TrailColumn.ACTOR)[:2] == ["hoa", "hoa"]
    assert shown(window, TrailColumn.DESCRIPTION)[0] == (
        "Xem hồ sơ nhân khẩu Nguyễn Thị Ước (số định danh, điện thoại)"
    )
    assert window.view.isColumnHidden(TrailColumn.LINK)
    assert "Xem hồ sơ nhân khẩu Nguyễn Thị Ước" in window.detail.toPlainText()
    assert [window.actor.itemText(i) for i in range(window.actor.count())][0] == "Mọi người"
    assert "hoa" in [window.actor.itemText(i) for i in range(window.actor.count())]


def test_choosing_who_and_what_narrows_the_list(window):
    window.actor.setCurrentIndex(window.actor.findData("hoa"))
    assert set(shown(window, TrailColumn.ACTOR)) == {"hoa"} and window.model.rowCount() == 2
    window.action.setCurrentIndex(window.action.findData("create"))
    assert window.model.rowCount() == 0
    assert empty_hint(window.view) == "Không có mục nào khớp bộ lọc."
    assert window.detail.toPlainText() == ""
    window.clear_button.click()
    assert window.model.rowCount() > 10 and window.actor.currentIndex() == 0


def test_a_resident_typed_by_name_shows_what_concerns_them_and_how(window, qtbot):
    window.resident.setText("nguyen thi uoc")
    qtbot.keyClick(window.resident, Qt.Key.Key_Return)
    assert not window.view.isColumnHidden(TrailColumn.LINK)
    assert window.count_label.text().startswith("4 mục liên quan đến: Nguyễn Thị Ước, sinh 1980")
    assert shown(window, TrailColumn.LINK) == [
        "Xem hồ sơ (số định danh, điện thoại)",
        "Xem hồ sơ (số định danh, điện thoại)",
        "Thêm vào sổ",
        "Hộ của người này",
    ]


def test_a_resident_nobody_matches_is_said_in_red_and_the_list_stays(window):
    before = window.model.rowCount()
    window.resident.setText("Hoàng Văn Z")
    window.filter_button.click()
    assert error_text(window) == "Không có nhân khẩu nào khớp với “Hoàng Văn Z”."
    assert window.model.rowCount() == before
    window.resident.clear()
    window.filter_button.click()
    assert error_text(window) == ""


def test_days_can_be_chosen_and_the_wrong_order_is_refused(window, today):
    window.use_from.setChecked(True)
    window.date_from.setDate(window.date_from.date().addDays(31))  # after today
    window.use_to.setChecked(True)
    assert "đứng sau đến ngày" in error_text(window)


def test_the_details_show_an_entrys_changes_before_and_after(window):
    rows = shown(window, TrailColumn.DESCRIPTION)
    added = next(
        i for i, text in enumerate(rows) if text.startswith("Thêm nhân khẩu Nguyễn Thị Ước")
    )
    window.view.selectRow(added)
    detail = window.detail.toPlainText()
    assert "Thay đổi" in detail and "họ tên" in detail and "Nguyễn Thị Ước" in detail
    assert "quan hệ với chủ hộ" in detail and "Vợ" in detail


def test_export_writes_the_filtered_entries_and_then_lists_itself(window, tmp_path, monkeypatch):
    path = tmp_path / "kiem-tra.xlsx"
    told: list[str] = []
    monkeypatch.setattr(window, "ask_export_path", lambda: path)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    window.actor.setCurrentIndex(window.actor.findData("hoa"))

    window.export_button.click()

    assert told == [f"Đã xuất 2 mục nhật ký thao tác ra tệp:\n{path}"]
    sheet = load_workbook(path).active
    assert "Người thực hiện: hoa" in [row[0] for row in sheet.iter_rows(values_only=True)]
    window.clear_button.click()
    assert shown(window, TrailColumn.DESCRIPTION)[0] == (
        "Xuất nhật ký thao tác (2 mục) ra tệp kiem-tra.xlsx"
    )
    assert shown(window, TrailColumn.ACTOR)[0] == "kiem.tra"


def test_the_chain_check_says_intact_then_names_an_entry_changed_outside(window, database):
    window.verify_button.click()
    assert window.verify_label.text().startswith("Nhật ký thao tác nguyên vẹn:")
    other = create_engine(database.url)  # as another program, with plain SQL
    with other.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'ai đó' WHERE id = 3"))
    other.dispose()
    window.verify_button.click()
    assert window.verify_label.text().startswith(
        "Nhật ký thao tác đã bị sửa hoặc xóa ngoài chương trình: mục số 3"
    )
    assert window.verify_button.isEnabled()


def test_the_list_reads_further_pages_as_it_scrolls(qtmodeltester, database, trail):
    sign_in("kiem.tra")
    gateway = AuditGateway(database)
    model = TrailTableModel(gateway.page, page_size=3)
    model.set_filters(TrailFilter())
    assert model.rowCount() == 3 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == gateway.count(TrailFilter())
    ids = [model.entry(row).id for row in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    qtmodeltester.check(model, force_py=True)


def test_a_role_that_may_not_read_the_trail_is_told_so(qtbot, database, runner, today, trail):
    sign_in("nhap.lieu", ENTRY)
    dialog = AuditWindow(database, runner, today)
    qtbot.addWidget(dialog)
    assert error_text(dialog) == "Vai trò Nhập liệu không được xem nhật ký thao tác."
    assert dialog.model.rowCount() == 0


@pytest.mark.parametrize(("role", "visible"), [(None, True), (LEADER, True), (ENTRY, False)])
def test_the_menu_entry_is_there_for_those_who_may_read_the_trail(
    qtbot, database, today, runner, small_ward, role, visible
):
    if role is not None:
        sign_in("nguoi.dung", role)
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    action = main.commands.audit_trail
    assert action.text() == "Nhật ký t&hao tác…" and action.isVisible() is visible
    file_menu = main.menuBar().actions()[0].menu()
    assert action in file_menu.actions()


def test_every_alt_key_of_the_window_reaches_one_field_only(window):
    texts = [widget.text() for widget in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy()]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(set(letters)), sorted(letters)
