"""The main window as the duty officer uses it: tree, search, filter, delete, empty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import registry
from desktop.ui.main_window import MainWindow
from desktop.ui.registry.household_table_model import HouseholdColumn
from desktop.ui.registry.resident_table_model import ResidentColumn
from tests.ui.reading import empty_hint, tree_texts


@pytest.fixture
def window(qtbot, database, today, runner, small_ward) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def _shown_heads(window: MainWindow) -> list[str]:
    model = window.households
    return [model.household(row).head_name for row in range(model.rowCount())]


def _resident_names(window: MainWindow) -> list[str]:
    model = window.residents
    return [model.resident(row).full_name for row in range(model.rowCount())]


def test_tree_shows_level2_progress_and_filters_the_list(window, small_ward):
    assert "Đèn Khuya" in window.windowTitle()
    assert "Công an phường Cốc Lếu" in window.windowTitle()
    texts = tree_texts(window.area_tree)
    assert texts == [
        "Phường Cốc Lếu · 2/5 mức 2",
        "Tổ 1 · 1/2 mức 2",
        "Tổ 2 · 1/3 mức 2",
    ]
    assert window.totals_label.text() == (
        "Cả phường Cốc Lếu: 3 hộ · 5 nhân khẩu · Mức 2: 2/5 người từ 14 tuổi (40%)"
    )
    assert len(_shown_heads(window)) == 3

    window.area_tree.select_group(small_ward["to2"])

    assert sorted(_shown_heads(window)) == ["Lê Văn Bình", "Phạm Văn Cường"]
    assert window.shown_label.text() == "Đang hiện: 2 hộ"


def test_search_without_accents_finds_the_household_and_shows_its_people(qtbot, window, small_ward):
    with qtbot.waitSignal(window.search_box.search_requested, timeout=2000):
        qtbot.keyClicks(window.search_box, "nguyen thi uoc")  # debounced, not per key

    assert _shown_heads(window) == ["Lê Văn Bình"]
    assert window.current_household_id() == small_ward["uoc"]
    assert _resident_names(window) == ["Lê Văn Bình", "Nguyễn Thị Ước"]
    assert window.current_resident().full_name == "Nguyễn Thị Ước"
    assert window.current_resident().matches_search
    assert not window.household_view.isColumnHidden(HouseholdColumn.MATCHED)
    assert "COCLEU" in window.household_caption.text()

    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)  # Esc clears the search

    assert len(_shown_heads(window)) == 3
    assert window.household_view.isColumnHidden(HouseholdColumn.MATCHED)


def test_a_search_without_results_says_so_in_the_list(window):
    window.search_box.setText("khong ai ten nay")
    window.search_box.search_now()

    assert window.households.rowCount() == 0
    assert "Không tìm thấy hộ nào khớp “khong ai ten nay”" in empty_hint(window.household_view)
    assert window.residents.rowCount() == 0
    assert not window.commands.edit_household.isEnabled()


def test_too_few_digits_of_a_phone_say_how_many_are_needed(window):
    window.search_box.setText("09")
    window.search_box.search_now()

    assert "cần ít nhất 3 chữ số đầu" in empty_hint(window.household_view)


def test_quick_filter_narrows_the_list_to_households_with_work_left(window):
    position = window.quick_filter.findData(registry.PENDING_ANY)
    window.quick_filter.setCurrentIndex(position)

    # Phạm Văn Cường's household is done (level 2 and 114); the other two are not.
    assert sorted(_shown_heads(window)) == ["Lê Văn Bình", "Nguyễn Văn An"]
    assert window.shown_label.text() == "Đang hiện: 2 hộ"


def test_only_sql_sortable_columns_change_the_order(window):
    header = window.household_view.horizontalHeader()
    header.setSortIndicator(HouseholdColumn.HEAD, Qt.SortOrder.DescendingOrder)
    assert _shown_heads(window) == ["Phạm Văn Cường", "Lê Văn Bình", "Nguyễn Văn An"]

    header.setSortIndicator(HouseholdColumn.MEMBERS, Qt.SortOrder.AscendingOrder)

    assert _shown_heads(window) == ["Phạm Văn Cường", "Lê Văn Bình", "Nguyễn Văn An"]
    assert header.sortIndicatorSection() == HouseholdColumn.HEAD


def test_deleting_a_household_asks_first_and_no_keeps_it(window, monkeypatch, small_ward):
    asked = []

    def answer(parent, title, text, buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.search_box.setText("nguyen thi uoc")
    window.search_box.search_now()

    window.commands.delete_household.trigger()

    assert len(asked) == 1
    text, default = asked[0]
    assert "Số 7, đường Nguyễn Huệ" in text and "Lê Văn Bình" in text and "2 nhân khẩu" in text
    assert default == QMessageBox.StandardButton.No
    assert _shown_heads(window) == ["Lê Văn Bình"]

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    window.commands.delete_household.trigger()

    assert window.households.rowCount() == 0
    assert tree_texts(window.area_tree)[0] == "Phường Cốc Lếu · 2/3 mức 2"


def test_deleting_a_resident_names_them_and_refuses_the_head_of_others(
    window, monkeypatch, small_ward
):
    refusals = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: refusals.append(text))
    questions = []

    def answer_yes(parent, title, text, buttons, default):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    window.search_box.setText("nguyen hue")  # the address: still matches afterwards
    window.search_box.search_now()
    head = window.residents.index(0, ResidentColumn.NAME)
    window.resident_view.setCurrentIndex(head)

    window.commands.delete_resident.trigger()

    assert refusals and "Lê Văn Bình là chủ hộ" in refusals[0]
    assert questions == []
    assert _resident_names(window) == ["Lê Văn Bình", "Nguyễn Thị Ước"]

    window.resident_view.setCurrentIndex(window.residents.index(1, ResidentColumn.NAME))
    window.commands.delete_resident.trigger()

    assert "Nguyễn Thị Ước" in questions[0]
    assert _resident_names(window) == ["Lê Văn Bình"]
    assert window.current_household_id() == small_ward["uoc"]  # the selection stays


def test_an_empty_database_invites_to_create_the_demo_ward(qtbot, database, today, runner):
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)

    assert window.stack.currentWidget() is window.empty_state
    assert "denkhuya demo" in window.empty_state.message.text()
    assert not window.commands.add_household.isEnabled()
    assert not window.commands.export.isEnabled()
    assert window.windowTitle() == "Đèn Khuya"


def test_keys_act_on_the_list_that_has_the_focus(qtbot, window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(window.editor, "edit_household", lambda *a: opened.append("sửa hộ"))
    monkeypatch.setattr(window.editor, "edit_resident", lambda *a: opened.append("sửa người"))
    monkeypatch.setattr(window.editor, "delete_household", lambda *a: opened.append("xóa hộ"))
    monkeypatch.setattr(window.editor, "delete_resident", lambda *a: opened.append("xóa người"))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()

    window.household_view.setFocus()
    qtbot.keyClick(window.household_view, Qt.Key.Key_Return)
    qtbot.keyClick(window.household_view, Qt.Key.Key_F2)
    qtbot.keyClick(window.household_view, Qt.Key.Key_Delete)
    window.resident_view.setFocus()
    qtbot.keyClick(window.resident_view, Qt.Key.Key_F2)
    qtbot.keyClick(window.resident_view, Qt.Key.Key_Delete)
    window.search_box.setFocus()
    window.search_box.setText("abc")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Home)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Delete)  # edits the text, deletes nothing

    assert opened == ["sửa hộ", "sửa hộ", "xóa hộ", "sửa người", "xóa người"]
    assert window.search_box.text() == "bc"


def test_punctuation_alone_does_not_search(window):
    window.search_box.setText(" ( ")
    window.search_box.search_now()

    assert len(_shown_heads(window)) == 3
