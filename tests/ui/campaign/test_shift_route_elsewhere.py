"""The shift dialog and another desk at once: a household added to the route elsewhere
(a visit entered off the route) while the dialog is open stays on the route when the
dialog is saved; a change of the shift itself saved elsewhere is still refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services import shifts
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.shift_dialog import ShiftEditDialog
from tests.ui.campaign_fixtures import THIRD_NIGHT, show_active
from tests.ui.reading import error_text


@pytest.fixture(autouse=True)
def drop_unsaved_on_close(monkeypatch):
    """A dialog left with changes (a failed test) asks on closing: answer Yes, not hang."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)


@pytest.fixture
def gateway(database, today) -> CampaignGateway:
    return CampaignGateway(database, lambda: today)


def _opened(qtbot, gateway, desk) -> ShiftEditDialog:
    """Team 2's shift of THIRD_NIGHT (Dũng, Giang, Hải) open in the shift dialog."""
    detail = gateway.shift_detail(desk.shift)
    return show_active(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), detail=detail))


def test_a_household_added_at_another_desk_stays_when_the_route_is_saved(qtbot, gateway, desk):
    dialog = _opened(qtbot, gateway, desk)
    other_desk = CampaignGateway(gateway.database, gateway.today)
    other_desk.append_stop(desk.shift, desk.household("an"))  # a door knocked on unplanned

    dialog.route.remove(0)  # Dũng's household is dropped here
    dialog.notes.setText("Đi theo ngõ 5")
    dialog.accept()

    assert dialog.result() == ShiftEditDialog.DialogCode.Accepted, error_text(dialog)
    detail = gateway.shift_detail(desk.shift)
    assert [stop.household_id for stop in detail.stops] == [
        desk.household("giang"),
        desk.household("hai"),
        desk.household("an"),
    ]
    assert detail.shift.notes == "Đi theo ngõ 5"


def test_the_shift_changed_at_another_desk_is_still_refused_with_a_sentence(qtbot, gateway, desk):
    dialog = _opened(qtbot, gateway, desk)
    other = gateway.shift_detail(desk.shift)
    data = shifts.ShiftInput(
        team_id=other.shift.team_id,
        day=THIRD_NIGHT,
        household_ids=tuple(stop.household_id for stop in other.stops),
        notes="Sửa ở bàn khác",
    )
    gateway.update_shift(desk.shift, data, other.shift.version)

    dialog.notes.setText("Sửa ở bàn này")
    dialog.accept()

    assert dialog.result() != ShiftEditDialog.DialogCode.Accepted
    assert "vừa được người khác sửa" in error_text(dialog)
    assert gateway.shift_detail(desk.shift).shift.notes == "Sửa ở bàn khác"
    dialog.reject()
