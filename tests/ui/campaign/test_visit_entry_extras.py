"""The visit-entry dialog's two corrections: a door knocked on off the route, and a result
typed in for the wrong household."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, Resident, ServiceRecord, ShiftStop, Visit
from desktop.services import approvals, visits, wards
from desktop.ui.campaign.commands import CampaignCommands
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.household_picker import FoundColumn, HouseholdPickerDialog
from desktop.ui.campaign.visit_entry_dialog import VisitEntryDialog
from tests import builders
from tests.conftest import TODAY
from tests.ui.campaign_fixtures import THIRD_NIGHT, CampaignDesk
from tests.ui.reading import empty_hint, error_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def open_entry(qtbot, database, today) -> Iterator[Callable[[], VisitEntryDialog]]:
    """Opens the dialog on the third night once the test has set up its data."""
    opened: list[VisitEntryDialog] = []

    def open_dialog() -> VisitEntryDialog:
        entry = VisitEntryDialog(CampaignGateway(database, lambda: today), night=THIRD_NIGHT)
        show_active(qtbot, entry)
        opened.append(entry)
        return entry

    yield open_dialog
    for entry in opened:  # closed here: unsaved changes would ask with nobody to answer
        entry.discard_changes()
        entry.close()
        entry.deleteLater()


def answer_questions(monkeypatch, answer: QMessageBox.StandardButton) -> list[tuple]:
    """Answer every yes/no question with `answer`; returns (title, text, default) asked."""
    asked: list[tuple] = []

    def question(parent, title, text, buttons, default):
        asked.append((title, text, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def show_active(qtbot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def pick_by_keyboard(qtbot, typed: str, seen: list[list[str]]) -> Callable[[QDialog], int]:
    """An exec_dialog stand-in for the picker: type the search, Enter goes to the list,
    Enter chooses the first household found. `seen` gets the addresses listed."""

    def run(picker: QDialog) -> int:
        assert isinstance(picker, HouseholdPickerDialog)
        show_active(qtbot, picker)
        qtbot.keyClicks(picker.search, typed)
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        assert picker.view.hasFocus()
        model = picker.households
        seen.append([model.household(row).address for row in range(model.rowCount())])
        qtbot.keyClick(picker.view, Qt.Key.Key_Return)
        picker.close()
        show_active(qtbot, picker.parentWidget())  # as exec() does once the picker closes
        return picker.result()

    return run


def add_tuong_household(database) -> int:
    """A household of Tổ 2 that no shift of the third night goes to."""
    with database.session() as session:
        ward = wards.current_ward(session)
        group = builders.make_group(session, ward, "Tổ 2")
        return builders.add_household(
            session,
            group,
            "Nguyễn Văn Tường",
            street="phố Cốc Lếu",
            house_number="48",
            birth_year=1970,
            personal_id="010070000048",
            has_chip_card=True,
        )


def enter_dung(database, desk: CampaignDesk, services: tuple[str, ...]) -> int:
    """Dũng's third resident met on the third night, with these services; the visit id."""
    dung = desk.residents("dung")
    lines = (visits.ResidentVisitInput(dung[2], True, services),)
    data = visits.VisitInput(desk.shift, desk.household("dung"), "met", lines)
    with database.session() as session:
        return visits.save_visit(session, data, TODAY).visit_id


def resident_state(database, resident_id: int) -> tuple:
    with database.session() as session:
        resident = session.get(Resident, resident_id)
        records = session.scalars(
            select(ServiceRecord.service).where(ServiceRecord.resident_id == resident_id)
        ).all()
        return resident.vneid_level, resident.app_114, sorted(records)


def dung_code(database, desk: CampaignDesk) -> str:
    with database.session() as session:
        return visits.open_visit(session, desk.shift, desk.household("dung")).household_code


def visit_count(database, household_id: int) -> int:
    with database.session() as session:
        return session.scalar(
            select(func.count()).select_from(Visit).where(Visit.household_id == household_id)
        )


# --- A household off the route -----------------------------------------------------------


def test_a_household_off_the_route_is_found_without_diacritics_added_and_entered(
    qtbot, database, desk, open_entry
):
    tuong = add_tuong_household(database)
    dialog = open_entry()
    assert dialog.sheet.household_id == desk.household("dung")
    assert not dialog.delete_button.isEnabled()  # nothing entered for Dũng's yet
    seen: list[list[str]] = []
    dialog.exec_dialog = pick_by_keyboard(qtbot, "nguyen van tuong", seen)

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_N, CTRL)

    assert seen == [["Số 48, phố Cốc Lếu"]]
    assert dialog.sheet.household_id == tuong and dialog.sheet.position == 4
    assert dialog.stops.rowCount() == 4 and dialog.stops.stop(3).household_id == tuong
    assert dialog.stop_view.currentIndex().row() == 3  # selected, at the end of the walk
    assert dialog.progress_label.text() == "Đã nhập 0/4 hộ của ca này"
    assert dialog.shift_combo.currentText().endswith("đã nhập 0/4 hộ")
    assert dialog.info_label.text() == "Đã thêm hộ " + dialog.sheet.household_code + (
        " vào cuối lộ trình (số 4)."
    )
    assert dialog.grid_view.hasFocus()  # ready for entry

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_1)  # the head installs VNeID
    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_S, CTRL)

    assert dialog.sheet.already_entered and dialog.delete_button.isEnabled()
    with database.session() as session:
        stops = session.execute(
            select(ShiftStop.household_id, ShiftStop.position)
            .where(ShiftStop.shift_id == desk.shift)
            .order_by(ShiftStop.position)
        ).all()
        visit = session.scalars(select(Visit).where(Visit.household_id == tuong)).one()
        services = session.scalars(
            select(ServiceRecord.service).where(ServiceRecord.visit_id == visit.id)
        ).all()
        added = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "shift",
                AuditEntry.entity_key == str(desk.shift),
                AuditEntry.action == "update",
            )
        ).one()
    assert stops[-1] == (tuong, 4) and len(stops) == 4
    assert (visit.shift_id, visit.outcome) == (desk.shift, "met")
    assert services == ["vneid_installed"]
    assert added.changes["households"] == [3, 4]
    assert added.changes["added_household"][1].endswith("Số 48, phố Cốc Lếu")


def test_a_household_already_on_the_route_is_only_selected(qtbot, database, desk, open_entry):
    dialog = open_entry()
    seen: list[list[str]] = []
    dialog.exec_dialog = pick_by_keyboard(qtbot, "nguyen van hai", seen)
    dialog.grid_view.setFocus()

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_O, ALT)  # the button's mnemonic, at once

    assert dialog.sheet.household_id == desk.household("hai")

    assert dialog.stops.rowCount() == 3
    assert dialog.stop_view.currentIndex().row() == 2
    with database.session() as session:
        stops = select(func.count()).where(ShiftStop.shift_id == desk.shift)
        assert session.scalar(stops) == 3
        shift_changes = select(func.count()).where(
            AuditEntry.entity_type == "shift",
            AuditEntry.entity_key == str(desk.shift),
            AuditEntry.action == "update",
        )
        assert session.scalar(shift_changes) == 0


def test_the_picker_lists_who_matched_greys_the_route_and_esc_clears_then_cancels(
    qtbot, qtmodeltester, database, today, desk
):
    on_route = {desk.household(key) for key in ("dung", "giang", "hai")}
    picker = HouseholdPickerDialog(CampaignGateway(database, lambda: today), on_route)
    show_active(qtbot, picker)
    assert empty_hint(picker.view).startswith("Gõ địa chỉ")
    assert not picker.choose_button.isEnabled()

    qtbot.keyClicks(picker.search, "le thi giang")  # a resident's name, not the head's
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    found = picker.households
    assert [found.household(row).id for row in range(found.rowCount())] == [desk.household("giang")]
    assert found.index(0, FoundColumn.HEAD).data() == "Nguyễn Văn Giang"
    assert found.index(0, FoundColumn.MATCHED).data() == "Lê Thị Giang B"
    assert found.index(0, FoundColumn.ADDRESS).data(Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(found, force_py=True)

    qtbot.keyClick(picker.view, Qt.Key.Key_Escape)  # from the list: cancels
    assert not picker.isVisible() and picker.chosen is None
    picker.deleteLater()


def test_esc_in_the_picker_search_clears_it_first(qtbot, database, today, desk):
    picker = HouseholdPickerDialog(CampaignGateway(database, lambda: today), set())
    show_active(qtbot, picker)
    qtbot.keyClicks(picker.search, "khong co ai ten nay")
    picker.search.search_now()
    assert empty_hint(picker.view) == "Không có hộ nào khớp với “khong co ai ten nay”."

    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert picker.isVisible() and picker.search.text() == ""
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert not picker.isVisible() and picker.result() == QDialog.DialogCode.Rejected
    picker.deleteLater()


# --- A result typed in for the wrong household --------------------------------------------


def test_deleting_an_entered_visit_puts_statuses_back_and_refreshes_the_window(
    qtbot, database, today, desk, monkeypatch
):
    third = desk.residents("dung")[2]
    before = resident_state(database, third)
    visit_id = enter_dung(database, desk, ("vneid_installed", "app_114"))
    assert resident_state(database, third) != before
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    window = QWidget()
    qtbot.addWidget(window)
    commands = CampaignCommands(window, CampaignGateway(database, lambda: today))
    shown: list[tuple] = []

    def delete_dungs_result(dialog: QDialog) -> int:
        assert isinstance(dialog, VisitEntryDialog)
        show_active(qtbot, dialog)
        assert dialog.sheet.household_id == desk.household("giang")  # first not entered
        assert dialog.progress_label.text() == "Đã nhập 1/3 hộ của ca này"
        qtbot.keyClick(dialog.grid_view, Qt.Key.Key_PageUp, CTRL)  # back to Dũng's
        assert dialog.sheet.visit_id == visit_id and dialog.delete_button.isEnabled()

        qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Delete, CTRL_SHIFT)

        shown.append(
            (
                dialog.sheet.household_id,
                dialog.sheet.already_entered,
                dialog.stops.stop(0).visit_id,
                dialog.progress_label.text(),
                dialog.banner.isVisible(),
                dialog.delete_button.isEnabled(),
                dialog.info_label.text(),
            )
        )
        dialog.close()
        return dialog.result()

    commands.exec_dialog = delete_dungs_result
    with qtbot.waitSignal(commands.results_changed, timeout=1000):
        commands.enter_visits(THIRD_NIGHT, desk.shift)

    (title, text, default), *more = asked
    assert not more and title == "Xóa kết quả đã nhập"
    assert default == QMessageBox.StandardButton.No
    assert "Số 4, đường Hoàng Liên" in text and "2 việc đã ghi" in text
    assert shown == [
        (
            desk.household("dung"),
            False,
            None,
            "Đã nhập 0/3 hộ của ca này",
            False,
            False,
            "Đã xóa kết quả của hộ " + dung_code(database, desk) + "; hộ trở lại chưa nhập.",
        )
    ]
    assert resident_state(database, third) == before
    assert visit_count(database, desk.household("dung")) == 1  # the first night's only
    with database.session() as session:
        deleted = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "visit", AuditEntry.entity_key == str(visit_id)
            )
        ).all()
    assert [entry.action for entry in deleted] == ["create", "delete"]


def test_deleting_is_refused_once_the_level2_application_was_approved(
    qtbot, database, desk, open_entry, monkeypatch, refusals
):
    third = desk.residents("dung")[2]
    visit_id = enter_dung(database, desk, ("level2_collected",))
    with database.session() as session:
        approvals.mark_activated(session, [third], THIRD_NIGHT, TODAY)
    before = resident_state(database, third)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog = open_entry()
    dialog.open_household(desk.household("dung"))
    saved: list[bool] = []
    dialog.saved.connect(lambda: saved.append(True))
    dialog.grid_view.setFocus()

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Delete, CTRL_SHIFT)

    assert len(asked) == 1
    assert len(refusals) == 1 and refusals[0] == error_text(dialog)
    assert "Hồ sơ mức 2 của Lê Thị Dung C đã được kích hoạt ngày 26/11/2026" in refusals[0]
    assert "hãy hủy kích hoạt trước khi xóa" in refusals[0]
    assert dialog.sheet.visit_id == visit_id and dialog.delete_button.isEnabled()
    assert dialog.stops.stop(0).visit_id == visit_id and not saved
    assert resident_state(database, third) == before
    with database.session() as session:
        assert session.get(Visit, visit_id) is not None


def test_answering_no_changes_nothing(qtbot, database, desk, open_entry, monkeypatch):
    third = desk.residents("dung")[2]
    visit_id = enter_dung(database, desk, ("app_114",))
    before = resident_state(database, third)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    dialog = open_entry()
    dialog.open_household(desk.household("dung"))
    saved: list[bool] = []
    dialog.saved.connect(lambda: saved.append(True))
    dialog.grid_view.setFocus()

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Delete, CTRL_SHIFT)

    assert [default for _, _, default in asked] == [QMessageBox.StandardButton.No]
    assert dialog.sheet.visit_id == visit_id and dialog.banner.isVisible()
    assert dialog.progress_label.text() == "Đã nhập 1/3 hộ của ca này"
    assert not saved and not error_text(dialog)
    assert resident_state(database, third) == before
    with database.session() as session:
        assert session.get(Visit, visit_id) is not None
