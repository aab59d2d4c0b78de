"""The household and resident dialogs: what they refuse, what they confirm, what they save."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop.services.households import HouseholdInput
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.household_dialog import HouseholdDialog
from desktop.ui.registry.resident_dialog import ResidentDialog
from tests.ui.reading import error_text


@pytest.fixture
def gateway(database, today) -> RegistryGateway:
    return RegistryGateway(database, lambda: today)


def _resident_dialog(qtbot, gateway, household_id, **options) -> ResidentDialog:
    dialog = ResidentDialog(
        None,
        check=gateway.clean_resident,
        save=lambda data: gateway.create_resident(household_id, data),
        **options,
    )
    qtbot.addWidget(dialog)
    return dialog


def _names(gateway: RegistryGateway, household_id: int) -> list[str]:
    return [row.full_name for row in gateway.residents(household_id)]


def test_resident_dialog_refuses_a_short_id_number_and_saves_nothing(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.full_name.setText("Nguyễn Văn Bảo")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("2001")
    dialog.personal_id.setText("12345")

    dialog.accept()

    assert dialog.result() != ResidentDialog.DialogCode.Accepted
    assert "12 chữ số" in error_text(dialog)
    assert "12345" in error_text(dialog)
    assert dialog.focusWidget() in (None, dialog.personal_id)
    assert _names(gateway, small_ward["an"]) == ["Nguyễn Văn An", "Trần Thị Lan"]


def test_the_error_goes_away_once_its_field_is_fixed_and_gives_back_its_room(
    qtbot, gateway, small_ward
):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.show()
    height = dialog.height()
    dialog.full_name.setText("Nguyễn Văn Bảo")
    dialog.relation.setCurrentText("Con")
    dialog.personal_id.setText("12345")
    dialog.accept()
    assert dialog.error_label.isVisible()

    dialog.full_name.setText("Nguyễn Văn Bảo Anh")  # another field: the error stays
    assert dialog.error_label.isVisible()
    qtbot.keyClicks(dialog.personal_id, "6")  # the field the error points at
    assert not dialog.error_label.isVisible()
    assert dialog.height() == height  # no empty gap where the error was


def test_an_id_number_someone_else_has_is_refused_before_any_warning_is_asked(
    qtbot, gateway, small_ward, monkeypatch
):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args))
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.full_name.setText("Nguyễn Văn Bảo")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("2001")  # the ID says 1980: a warning, but the ID is taken
    dialog.personal_id.setText("010080000002")  # Phạm Văn Cường's

    dialog.accept()

    assert asked == []  # no "Vẫn lưu?" for a save that cannot happen
    assert "đã thuộc về Phạm Văn Cường" in error_text(dialog)
    assert dialog.result() != ResidentDialog.DialogCode.Accepted


def test_the_gender_comes_from_the_id_number_when_it_is_left_empty(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.full_name.setText("Nguyễn Thị Bảo")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("2001")
    dialog.personal_id.setText("010301000777")  # 3: a woman born in 2001

    dialog.accept()

    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    (saved,) = [row for row in gateway.residents(small_ward["an"]) if row.full_name.endswith("Bảo")]
    assert saved.gender == "female"


def test_id_number_warnings_are_confirmed_with_no_as_the_default(
    qtbot, gateway, small_ward, monkeypatch
):
    asked = []

    def answer(parent, title, text, buttons, default):
        asked.append((text, default))
        return answers.pop(0)

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.full_name.setText("nguyễn  văn bảo")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("15/03/2001")
    dialog.personal_id.setText("010080000009")  # says born 1980, the form says 2001

    dialog.accept()  # answered No: still open, nothing saved

    assert "năm sinh 1980" in asked[0][0] and asked[0][0].endswith("Vẫn lưu?")
    assert asked[0][1] == QMessageBox.StandardButton.No
    assert dialog.result() != ResidentDialog.DialogCode.Accepted
    assert _names(gateway, small_ward["an"]) == ["Nguyễn Văn An", "Trần Thị Lan"]

    dialog.accept()  # answered Yes: saved, name tidied by the service

    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    assert _names(gateway, small_ward["an"])[-1] == "Nguyễn Văn Bảo"


def test_a_birth_date_that_does_not_exist_is_refused_inline(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.full_name.setText("Trần Văn Tú")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("31/02/2010")

    dialog.accept()

    assert "31/02/2010" in error_text(dialog)
    assert len(_names(gateway, small_ward["an"])) == 2


def test_enter_saves_and_escape_cancels_the_resident_dialog(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["binh"])
    dialog.show()
    dialog.full_name.setText("Phạm Thị Hoa")
    dialog.relation.setCurrentText("Con")
    dialog.birth.setText("12/05/2015")
    dialog.full_name.setFocus()

    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)

    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    assert _names(gateway, small_ward["binh"]) == ["Phạm Văn Cường", "Phạm Thị Hoa"]

    other = _resident_dialog(qtbot, gateway, small_ward["binh"])
    other.show()
    other.full_name.setText("Không Lưu")
    qtbot.keyClick(other.full_name, Qt.Key.Key_Escape)

    assert other.result() == ResidentDialog.DialogCode.Rejected
    assert len(_names(gateway, small_ward["binh"])) == 2


def test_the_head_dialog_fixes_the_relation(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"], head=True)
    assert dialog.relation.currentText() == "Chủ hộ"
    assert not dialog.relation.isEnabled()
    assert dialog.windowTitle() == "Thêm chủ hộ"


def _household_dialog(qtbot, gateway, small_ward, saved: list) -> HouseholdDialog:
    def save(data: HouseholdInput) -> int:
        saved.append(data)
        return gateway.create_household(data)

    dialog = HouseholdDialog(
        None,
        [(small_ward["to1"], "Tổ 1"), (small_ward["to2"], "Tổ 2")],
        check=gateway.clean_household,
        save=save,
        default_group_id=small_ward["to2"],
    )
    qtbot.addWidget(dialog)
    return dialog


def test_household_dialog_refuses_a_latitude_outside_vietnam(qtbot, gateway, small_ward):
    saved: list[HouseholdInput] = []
    dialog = _household_dialog(qtbot, gateway, small_ward, saved)
    assert dialog.group.currentText() == "Tổ 2"  # the area chosen in the tree
    dialog.house_number.setText("15")
    dialog.street.setText("đường Hoàng Liên")
    dialog.lat.setText("30,5")
    dialog.lon.setText("103,97")

    dialog.accept()

    assert "Vĩ độ 30,5 nằm ngoài lãnh thổ Việt Nam" in error_text(dialog)
    assert saved == []
    assert dialog.result() != HouseholdDialog.DialogCode.Accepted

    dialog.lat.setText("22,4856")  # a decimal comma, as Vietnamese writes it
    dialog.accept()

    assert dialog.result() == HouseholdDialog.DialogCode.Accepted
    assert saved[0].lat == pytest.approx(22.4856) and saved[0].lon == pytest.approx(103.97)
    assert dialog.saved_id is not None


def test_a_coordinate_pair_pasted_from_a_map_fills_both_fields(qtbot, gateway, small_ward):
    dialog = _household_dialog(qtbot, gateway, small_ward, [])
    dialog.lat.setText("22.485612, 103.971234")

    assert dialog.lat.text() == "22,485612"
    assert dialog.lon.text() == "103,971234"


def test_editing_a_household_keeps_its_values_and_version(qtbot, gateway, small_ward):
    form = gateway.household_form(small_ward["uoc"])
    dialog = HouseholdDialog(
        None,
        [(small_ward["to2"], "Tổ 2")],
        check=gateway.clean_household,
        save=lambda data: gateway.update_household(form.id, data, form.version),
        form=form,
    )
    qtbot.addWidget(dialog)
    assert dialog.street.text() == "đường Nguyễn Huệ"
    assert dialog.lat.text() == "22,49"
    assert dialog.windowTitle() == f"Sửa hộ {form.code}"
    dialog.house_number.setText("9")

    dialog.accept()

    assert dialog.result() == HouseholdDialog.DialogCode.Accepted
    assert gateway.household_form(small_ward["uoc"]).house_number == "9"


def test_birth_text_round_trips(qtbot, gateway, small_ward):
    resident = gateway.resident_form(small_ward["resident_uoc"])
    dialog = ResidentDialog(
        None, check=gateway.clean_resident, save=lambda data: None, form=resident
    )
    qtbot.addWidget(dialog)
    assert dialog.birth.text() == "1980"
    assert dialog.relation.currentText() == "Vợ"
    data = dialog.resident_input()
    assert (data.birth_date, data.birth_year) == (None, 1980)
    dialog.birth.setText("5/3/1985")
    assert dialog.resident_input().birth_date == date(1985, 3, 5)


def test_the_cursor_starts_in_the_name_and_tab_walks_the_form(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["an"])
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.full_name)

    visited = []
    for _ in range(12):
        widget = dialog.focusWidget()
        visited.append(widget.parent() if isinstance(widget.parent(), QComboBox) else widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)

    assert visited[:3] == [dialog.full_name, dialog.relation, dialog.birth]
    assert visited[10:] == [dialog.notes, dialog.save_button]


def test_enter_in_the_relation_box_saves_too(qtbot, gateway, small_ward):
    dialog = _resident_dialog(qtbot, gateway, small_ward["binh"])
    dialog.show()
    dialog.full_name.setText("Phạm Văn Đức")
    dialog.birth.setText("2012")
    dialog.relation.setFocus()
    qtbot.keyClicks(dialog.relation, "Con")

    qtbot.keyClick(dialog.relation, Qt.Key.Key_Return)

    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    saved = gateway.residents(small_ward["binh"])[-1]
    assert (saved.full_name, saved.relation) == ("Phạm Văn Đức", "Con")
