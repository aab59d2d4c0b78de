"""Edit commands end to end: the dialogs they open and what the window shows after."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.ui.main_window import MainWindow
from desktop.ui.registry.head_change_dialog import HeadChangeDialog
from desktop.ui.registry.household_dialog import HouseholdDialog
from desktop.ui.registry.resident_dialog import ResidentDialog
from desktop.ui.registry.resident_table_model import ResidentColumn
from tests.ui.reading import error_text, tree_texts


@pytest.fixture
def window(qtbot, database, today, runner, small_ward) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def _fill_and_accept(fillers):
    """An exec_dialog stand-in: fill each dialog in turn, press Lưu, report the result."""

    def exec_dialog(dialog: QDialog) -> int:
        fill = fillers.pop(0)
        fill(dialog)
        return dialog.result()

    return exec_dialog


def test_adding_a_household_goes_straight_on_to_its_head(window, small_ward):
    opened = []

    def household(dialog: HouseholdDialog) -> None:
        opened.append(type(dialog))
        dialog.house_number.setText("44")
        dialog.street.setText("đường Hoàng Liên")
        dialog.accept()

    def head(dialog: ResidentDialog) -> None:
        opened.append(type(dialog))
        assert dialog.relation.currentText() == "Chủ hộ" and not dialog.relation.isEnabled()
        assert "Hộ mới COCLEU-" in dialog.header.text()
        dialog.full_name.setText("Đỗ Thị Mai")
        dialog.birth.setText("1990")
        dialog.accept()

    window.area_tree.select_group(small_ward["to1"])
    window.editor.exec_dialog = _fill_and_accept([household, head])

    window.commands.add_household.trigger()

    assert opened == [HouseholdDialog, ResidentDialog]
    shown = window.current_household()
    assert shown.address == "Số 44, đường Hoàng Liên"
    assert shown.group_name == "Tổ 1"
    assert shown.head_name == "Đỗ Thị Mai"
    assert [window.residents.resident(0).full_name] == ["Đỗ Thị Mai"]
    assert tree_texts(window.area_tree)[1] == "Tổ 1 · 1/3 mức 2"


def test_making_a_member_head_asks_the_former_heads_new_relation(window, small_ward):
    window.search_box.setText("nguyen thi uoc")
    window.search_box.search_now()
    assert window.current_resident().full_name == "Nguyễn Thị Ước"

    def choose(dialog: HeadChangeDialog) -> None:
        assert dialog.former_relation.currentText() == "Chồng"  # the wife's husband
        dialog.accept()

    window.editor.exec_dialog = _fill_and_accept([choose])
    window.commands.make_head.trigger()

    relations = {
        window.residents.resident(row).full_name: window.residents.resident(row).relation
        for row in range(window.residents.rowCount())
    }
    assert relations == {"Lê Văn Bình": "Chồng", "Nguyễn Thị Ước": "Chủ hộ"}
    assert window.current_household().head_name == "Nguyễn Thị Ước"
    assert window.current_resident().full_name == "Nguyễn Thị Ước"
    assert not window.commands.make_head.isEnabled()  # she is the head now


def test_editing_a_resident_refreshes_the_row_and_keeps_it_selected(window, small_ward):
    window.search_box.setText("nguyen hue")
    window.search_box.search_now()
    window.resident_view.setCurrentIndex(window.residents.index(1, ResidentColumn.NAME))

    def edit(dialog: ResidentDialog) -> None:
        assert dialog.full_name.text() == "Nguyễn Thị Ước"
        dialog.app_114.set_value(True)
        dialog.accept()

    window.editor.exec_dialog = _fill_and_accept([edit])
    window.commands.edit_resident.trigger()

    resident = window.current_resident()
    assert resident.full_name == "Nguyễn Thị Ước"
    assert resident.app_114 is True
    assert window.residents.data(window.residents.index(1, ResidentColumn.PENDING)) == "mức 2"


def test_save_and_add_another_opens_the_next_person_of_the_household(window, small_ward):
    window.search_box.setText("pham van cuong")
    window.search_box.search_now()
    titles = []

    def first(dialog: ResidentDialog) -> None:
        titles.append(dialog.windowTitle())
        dialog.full_name.setText("Phạm Thị Nga")
        dialog.relation.setCurrentText("Vợ")
        dialog.birth.setText("1985")
        dialog._save_and_add_another()  # the "Lưu và thêm người" button

    def second(dialog: ResidentDialog) -> None:
        titles.append(dialog.windowTitle())
        assert dialog.relation.isEnabled() and dialog.full_name.text() == ""
        dialog.reject()

    window.editor.exec_dialog = _fill_and_accept([first, second])
    window.commands.add_resident.trigger()

    assert titles == ["Thêm nhân khẩu", "Thêm nhân khẩu"]
    names = [window.residents.resident(row).full_name for row in range(window.residents.rowCount())]
    assert names == ["Phạm Văn Cường", "Phạm Thị Nga"]


def test_a_change_made_meanwhile_at_another_desk_is_refused_and_kept_open(
    window, small_ward, monkeypatch
):
    refusals = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: refusals.append(text))
    window.search_box.setText("nguyen hue")
    window.search_box.search_now()

    def edit(dialog: HouseholdDialog) -> None:
        # Another desk saves the same household while this dialog is open.
        other = window.gateway.household_form(small_ward["uoc"])
        window.gateway.update_household(
            other.id, replace(other, notes="Sửa ở máy khác"), other.version
        )
        dialog.house_number.setText("99")
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "người khác sửa" in error_text(dialog)

    window.editor.exec_dialog = _fill_and_accept([edit])
    window.commands.edit_household.trigger()

    assert refusals and "người khác sửa" in refusals[0]
    assert window.gateway.household_form(small_ward["uoc"]).house_number == "7"
