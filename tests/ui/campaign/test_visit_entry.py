"""The visit-entry dialog driven from the keyboard, as the duty officer types at 22:00."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from desktop.db.models import Resident, ServiceRecord, Visit, VisitResident
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.visit_entry_dialog import VisitEntryDialog
from desktop.ui.campaign.visit_entry_model import FIRST_SERVICE, MET, VisitGridModel
from tests.ui.campaign_fixtures import THIRD_NIGHT
from tests.ui.reading import error_text


def service_column(model: VisitGridModel, service: str) -> int:
    """The grid's column of a service of the shift."""
    return FIRST_SERVICE + model.services.index(service)


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def dialog(qtbot, database, today, desk) -> Iterator[VisitEntryDialog]:
    entry = VisitEntryDialog(CampaignGateway(database, lambda: today), night=THIRD_NIGHT)
    entry.show()
    qtbot.waitExposed(entry)
    entry.activateWindow()
    qtbot.waitUntil(entry.isActiveWindow)
    yield entry
    # Closed here rather than by qtbot, which closes widgets before the fixtures end:
    # a dialog with unsaved changes would ask, with nobody to answer.
    entry.discard_changes()
    entry.close()
    entry.deleteLater()


def visits_of(database, shift_id: int, household_id: int) -> int:
    with database.session() as session:
        return session.scalar(
            select(func.count())
            .select_from(Visit)
            .where(Visit.shift_id == shift_id, Visit.household_id == household_id)
        )


def test_ticking_two_residents_and_ctrl_enter_saves_and_moves_on(qtbot, dialog, database, desk):
    dung = desk.residents("dung")
    assert dialog.sheet.household_id == desk.household("dung")  # first on the walk
    assert dialog.progress_label.text() == "Đã nhập 0/3 hộ của ca này"
    grid = dialog.grid_view
    grid.setFocus()
    assert grid.currentIndex().row() == 0
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # the third person: nothing done yet
    qtbot.keyClick(grid, Qt.Key.Key_1)  # VNeID installed
    qtbot.keyClick(grid, Qt.Key.Key_3)  # Báo cháy 114
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # onto "2 · HS mức 2"…
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # …then "3 · 114"
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert dialog.outcome() == "met"  # ticking means the household was met
    assert dialog.is_dirty

    qtbot.keyClick(grid, Qt.Key.Key_Return, CTRL)

    assert dialog.sheet.household_id == desk.household("giang")  # moved to the next one
    assert dialog.progress_label.text() == "Đã nhập 1/3 hộ của ca này"
    assert dialog.stops.stop(0).visit_id is not None  # ✓ on the list
    with database.session() as session:
        records = session.execute(
            select(ServiceRecord.resident_id, ServiceRecord.service, ServiceRecord.team_id)
            .join(Visit, Visit.id == ServiceRecord.visit_id)
            .where(Visit.shift_id == desk.shift)
        ).all()
        third, fourth = session.get(Resident, dung[2]), session.get(Resident, dung[3])
        met = session.scalars(select(VisitResident.resident_id).where(VisitResident.met)).all()
    team = desk.log.teams["Tổ công tác 2"]
    assert sorted(records) == sorted(
        [
            (dung[2], "vneid_installed", team),
            (dung[2], "app_114", team),
            (dung[3], "app_114", team),
        ]
    )
    assert (third.vneid_level, third.app_114) == (1, True)
    assert (fourth.vneid_level, fourth.app_114) == (0, True)
    assert {dung[2], dung[3]} <= set(met)


def test_reopening_an_entered_household_edits_the_saved_visit(qtbot, dialog, database, desk):
    grid = dialog.grid_view
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_3)
    qtbot.keyClick(grid, Qt.Key.Key_Return, CTRL)
    assert dialog.sheet.household_id == desk.household("giang")

    qtbot.keyClick(grid, Qt.Key.Key_PageUp, CTRL)  # back to Dũng's: nothing unsaved here

    sheet = dialog.sheet
    assert sheet.household_id == desk.household("dung") and sheet.already_entered
    assert dialog.banner.isVisible()
    model: VisitGridModel = dialog.grid
    third = model.index(2, service_column(model, "app_114"))
    assert third.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(2, MET).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    head_level2 = model.index(0, service_column(model, "level2_collected"))
    assert head_level2.data() == "✓ 24/11"  # collected by team 2 the first night
    assert "Tổ công tác 2" in head_level2.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.is_tickable(0, service_column(model, "level2_collected"))
    assert not dialog.is_dirty

    grid.setFocus()
    grid.setCurrentIndex(model.index(3, FIRST_SERVICE))
    qtbot.keyClick(grid, Qt.Key.Key_3)  # one more 114 on the same visit
    qtbot.keyClick(grid, Qt.Key.Key_Return, CTRL)

    assert visits_of(database, desk.shift, desk.household("dung")) == 1  # never counted twice
    with database.session() as session:
        services = session.scalars(
            select(ServiceRecord.service).where(ServiceRecord.visit_id == sheet.visit_id)
        ).all()
    assert sorted(services) == ["app_114", "app_114"]


def test_level2_for_a_four_year_old_is_refused_and_nothing_is_saved(
    qtbot, dialog, database, desk, refusals
):
    dialog.open_household(desk.household("giang"))
    model = dialog.grid
    child_row = next(
        row for row in range(model.rowCount()) if model.entry(row).resident.id == desk.child
    )
    grid = dialog.grid_view
    grid.setFocus()
    grid.setCurrentIndex(model.index(child_row, FIRST_SERVICE))
    qtbot.keyClick(grid, Qt.Key.Key_2)  # level-2 application for a child of four

    qtbot.keyClick(grid, Qt.Key.Key_Return, CTRL)

    assert len(refusals) == 1 and "Lê Bảo Ngọc" in refusals[0]
    assert refusals[0] == error_text(dialog)
    assert dialog.sheet.household_id == desk.household("giang")  # stays on the household
    assert dialog.is_dirty  # what was typed is still there to correct
    assert visits_of(database, desk.shift, desk.household("giang")) == 0
    with database.session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(ServiceRecord)
                .where(ServiceRecord.resident_id == desk.child)
            )
            == 0
        )


def test_a_warning_is_confirmed_with_no_as_the_default(qtbot, dialog, database, desk, monkeypatch):
    asked = []

    def answer(parent, title, text, buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    model = dialog.grid
    dialog.grid_view.setFocus()
    dialog.grid_view.setCurrentIndex(model.index(1, FIRST_SERVICE))
    # Dũng's wife already has level 2 in the register: VNeID again is worth a question.
    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_1)

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Return, CTRL)

    assert len(asked) == 1 and "Vẫn lưu" in asked[0][0]
    assert asked[0][1] == QMessageBox.StandardButton.No
    assert dialog.sheet.household_id == desk.household("dung")
    assert visits_of(database, desk.shift, desk.household("dung")) == 0


def test_not_at_home_from_the_keyboard_and_escape_asks_before_dropping(
    qtbot, dialog, database, desk, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, buttons, default: (
            asked.append(default) or QMessageBox.StandardButton.No
        ),
    )
    dialog.grid_view.setFocus()
    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert dialog.outcome() == "not_home"  # at once: the Alt key does not click animated
    assert all(not dialog.grid.entry(r).met for r in range(dialog.grid.rowCount()))

    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Escape)  # unsaved: asks, No keeps it open

    assert asked == [QMessageBox.StandardButton.No] and dialog.isVisible()
    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_S, CTRL)  # save and stay
    assert visits_of(database, desk.shift, desk.household("dung")) == 1
    assert dialog.sheet.already_entered and not dialog.is_dirty
    qtbot.keyClick(dialog.grid_view, Qt.Key.Key_Escape)  # nothing unsaved: closes at once
    assert len(asked) == 1 and not dialog.isVisible()


def test_the_grid_and_stop_models_pass_the_model_tester(qtmodeltester, dialog):
    qtmodeltester.check(dialog.grid, force_py=True)
    qtmodeltester.check(dialog.stops, force_py=True)


def test_enter_on_the_shift_goes_to_the_grid(qtbot, dialog):
    dialog.shift_combo.setFocus()
    qtbot.keyClick(dialog.shift_combo, Qt.Key.Key_Return)
    assert dialog.grid_view.hasFocus()
    assert dialog.grid_view.currentIndex().column() == FIRST_SERVICE


# The offscreen platform cannot raise a popup or grab the keyboard for it; it still works.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_reason_is_chosen_from_its_list_with_the_keyboard(qtbot, dialog):
    model = dialog.grid
    grid = dialog.grid_view
    grid.setFocus()
    grid.setCurrentIndex(model.index(3, model.reason_column))
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # opens the list of reasons
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    choices = QApplication.focusWidget()
    qtbot.keyClick(choices, Qt.Key.Key_Down)  # "Không có điện thoại thông minh"
    qtbot.keyClick(choices, Qt.Key.Key_Return)

    qtbot.waitUntil(grid.hasFocus)
    assert model.entry(3).reason == "no_smartphone"
    assert model.index(3, model.reason_column).data() == "Không có điện thoại thông minh"
    assert dialog.is_dirty
