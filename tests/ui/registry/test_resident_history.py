"""The resident dialog's "Ai đã xem, sửa…": who has seen or changed this person."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.domain.roles import ADMIN, DUTY, LEADER
from desktop.services import signed_in
from desktop.services.registry import HouseholdQuery
from desktop.services.signed_in import SignedInAccount
from desktop.ui.registry.editor import RegistryEditor
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.history_dialog import HistoryColumn, ResidentHistoryDialog
from desktop.ui.registry.resident_dialog import ResidentDialog
from tests.ui.reading import empty_hint


def sign_in(name: str, role: str) -> None:
    signed_in.sign_in(SignedInAccount(id=1, name=name, display_name=name, role=role))


@pytest.fixture
def editor(qtbot, database, today) -> RegistryEditor:
    window = QWidget()
    qtbot.addWidget(window)
    return RegistryEditor(window, RegistryGateway(database, lambda: today))


def _edit_uoc(editor: RegistryEditor, small_ward, exec_dialog) -> None:
    gateway = editor._gateway
    household = next(
        row
        for row in gateway.households_page(HouseholdQuery(), None, 10)
        if row.id == small_ward["uoc"]
    )
    uoc = next(row for row in gateway.residents(household.id) if row.full_name == "Nguyễn Thị Ước")
    editor.exec_dialog = exec_dialog
    editor.edit_resident(household, uoc)


def test_the_button_shows_who_has_seen_and_changed_the_resident(editor, small_ward, qtbot):
    sign_in("lanh.dao", ADMIN)
    opened: list[QDialog] = []

    def exec_dialog(dialog: QDialog) -> int:
        opened.append(dialog)
        if isinstance(dialog, ResidentDialog):
            assert dialog.history_button.text() == "Ai đã &xem, sửa…"
            dialog.history_button.click()
        return int(QDialog.DialogCode.Rejected)

    _edit_uoc(editor, small_ward, exec_dialog)

    resident_dialog, history = opened
    assert isinstance(history, ResidentHistoryDialog) and history.parent() is resident_dialog
    assert history.windowTitle() == "Ai đã xem, sửa: Nguyễn Thị Ước"
    model = history.model
    lines = [
        (model.index(row, HistoryColumn.ACTOR).data(), model.index(row, HistoryColumn.LINK).data())
        for row in range(model.rowCount())
    ]
    # newest first: opening the dialog was itself a viewing of her record
    assert lines[0] == ("lanh.dao", "Xem hồ sơ (số định danh, điện thoại)")
    assert ("Thêm vào sổ" in [link for _, link in lines]) and (
        "Hộ của người này" in [link for _, link in lines]
    )
    description = model.index(0, HistoryColumn.DESCRIPTION).data()
    assert description == "Xem hồ sơ nhân khẩu Nguyễn Thị Ước (số định danh, điện thoại)"
    assert empty_hint(history.view) == ""


def test_roles_that_may_not_read_the_trail_get_no_button(editor, small_ward):
    sign_in("truc.ban", DUTY)
    seen: list[ResidentDialog] = []

    def exec_dialog(dialog: QDialog) -> int:
        seen.append(dialog)
        return int(QDialog.DialogCode.Rejected)

    _edit_uoc(editor, small_ward, exec_dialog)
    assert seen[0].history_button is None


def test_a_resident_deleted_meanwhile_is_a_refusal_not_a_crash(
    editor, small_ward, database, monkeypatch
):
    sign_in("lanh.dao", LEADER)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text)
    )
    editor.show_history(999_999, editor._window)
    assert shown == ["Người này không còn trong cơ sở dữ liệu (có thể đã bị xóa)."]
