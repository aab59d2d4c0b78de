"""Who went out on a shift, set in the shift dialog beside the route: the team's members
ticked, someone who stayed in unticked, someone from another team added, saved with
the shift in one transaction.

The teams of tests/services/campaign_night each have one officer: Trần Văn Hùng (team
1), Đỗ Minh Đức (team 2) and Phạm Quang Huy (team 3); team 2 has a shift on 26/11
(THIRD_NIGHT) with nothing entered yet."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.db.models import Member
from desktop.services import shifts, teams
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.shift_dialog import ShiftEditDialog, ShiftsDialog
from desktop.ui.campaign.shift_models import ShiftColumn
from tests.ui.campaign_fixtures import THIRD_NIGHT
from tests.ui.reading import error_text

ALT = Qt.KeyboardModifier.AltModifier
FREE_NIGHT = date(2026, 11, 27)  # no shift yet


@pytest.fixture(autouse=True)
def drop_unsaved_on_close(monkeypatch):
    """A dialog left with changes (a failed test) asks on closing: answer Yes, not hang."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)


@pytest.fixture
def gateway(database, today) -> CampaignGateway:
    return CampaignGateway(database, lambda: today)


@pytest.fixture
def people(database, desk) -> dict[str, int]:
    """Member ids by first name: "hung", "duc", "huy"."""
    with database.session() as session:
        ids = dict(session.execute(select(Member.full_name, Member.id)).all())
    return {"hung": ids["Trần Văn Hùng"], "duc": ids["Đỗ Minh Đức"], "huy": ids["Phạm Quang Huy"]}


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _listed(dialog: ShiftEditDialog) -> list[tuple[str, bool]]:
    """(text, ticked) of each person in "Người đi ca"."""
    members = dialog.members.list
    return [
        (members.item(row).text(), members.item(row).checkState() == Qt.CheckState.Checked)
        for row in range(members.count())
    ]


def _add_by_keyboard(qtbot, dialog: ShiftEditDialog, member_id: int) -> None:
    """Alt+K goes to "Thêm người khác", the person is chosen, Enter adds them."""
    qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)
    assert dialog.members.others.hasFocus()
    dialog.members.others.setCurrentIndex(dialog.members.others.findData(member_id))
    qtbot.keyClick(dialog.members.others, Qt.Key.Key_Return)


def _untick_by_keyboard(qtbot, dialog: ShiftEditDialog, row: int) -> None:
    dialog.members.list.setFocus()
    dialog.members.list.setCurrentRow(row)
    qtbot.keyClick(dialog.members.list, Qt.Key.Key_Space)


def _members(database, team_id: int, night: date) -> list[str]:
    with database.session() as session:
        shift_id = shifts.shift_for_team(session, team_id, night)
        if shift_id is None:
            return []
        return [m.full_name for m in shifts.shift_detail(session, shift_id).shift.members]


def test_an_officer_standing_in_for_one_who_stayed_in_is_saved_and_listed(
    qtbot, database, gateway, desk, people
):
    team_two = desk.log.teams["Tổ công tác 2"]
    shifts_dialog = _show(qtbot, ShiftsDialog(gateway))
    shifts_dialog.set_day(THIRD_NIGHT)

    def run(dialog: ShiftEditDialog) -> int:
        _show(qtbot, dialog)
        assert _listed(dialog) == [("Thượng úy Đỗ Minh Đức · Cán bộ công an", True)]
        assert dialog.members.label.text() == "&Người đi ca: 1/1"
        _add_by_keyboard(qtbot, dialog, people["hung"])
        assert dialog.members.others.findData(people["hung"]) == -1  # listed now
        _untick_by_keyboard(qtbot, dialog, 0)  # Đức stayed in
        assert _listed(dialog) == [
            ("Thượng úy Đỗ Minh Đức · Cán bộ công an", False),
            ("Thượng úy Trần Văn Hùng · Cán bộ công an · từ Tổ công tác 1", True),
        ]
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert not error_text(dialog)
        return dialog.result()

    shifts_dialog.exec_dialog = run
    shifts_dialog.edit_shift()

    assert _members(database, team_two, THIRD_NIGHT) == ["Trần Văn Hùng"]
    with database.session() as session:
        detail = shifts.shift_detail(session, desk.shift)
    assert [stop.household_id for stop in detail.stops] == [
        desk.household(key) for key in ("dung", "giang", "hai")
    ]  # the route is as it was
    members_cell = shifts_dialog.shifts.index(0, ShiftColumn.MEMBERS).data()
    assert members_cell == "Trần Văn Hùng"


def test_a_new_shift_goes_out_with_its_team_and_someone_from_another_team(
    qtbot, database, gateway, desk, people
):
    team_one = desk.log.teams["Tổ công tác 1"]
    dialog = _show(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), night=FREE_NIGHT))
    dialog.team.setCurrentIndex(dialog.team.findData(team_one))
    assert _listed(dialog) == [("Thượng úy Trần Văn Hùng · Cán bộ công an", True)]

    _add_by_keyboard(qtbot, dialog, people["huy"])
    dialog.accept()

    assert dialog.result() == ShiftEditDialog.DialogCode.Accepted, error_text(dialog)
    assert sorted(_members(database, team_one, FREE_NIGHT)) == ["Phạm Quang Huy", "Trần Văn Hùng"]


def test_a_new_shift_left_as_it_is_takes_the_teams_members(qtbot, database, gateway, desk):
    team_three = desk.log.teams["Tổ công tác 3"]
    dialog = _show(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), night=FREE_NIGHT))
    dialog.team.setCurrentIndex(dialog.team.findData(team_three))

    assert dialog.chosen_members() is None  # nothing to set beyond what the team gives
    dialog.accept()

    assert dialog.result() == ShiftEditDialog.DialogCode.Accepted, error_text(dialog)
    assert _members(database, team_three, FREE_NIGHT) == ["Phạm Quang Huy"]


def test_changing_the_team_lists_its_members_and_keeps_those_added_by_hand(
    qtbot, gateway, desk, people
):
    dialog = _show(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), night=FREE_NIGHT))
    dialog.team.setCurrentIndex(dialog.team.findData(desk.log.teams["Tổ công tác 1"]))
    _add_by_keyboard(qtbot, dialog, people["huy"])

    dialog.team.setCurrentIndex(dialog.team.findData(desk.log.teams["Tổ công tác 2"]))

    assert _listed(dialog) == [
        ("Thượng úy Đỗ Minh Đức · Cán bộ công an", True),
        ("Thượng úy Phạm Quang Huy · Cán bộ công an · từ Tổ công tác 3", True),
    ]
    assert dialog.members.others.findData(people["hung"]) > 0  # Hùng may be added back
    assert dialog.chosen_members() == (people["duc"], people["huy"])


def test_a_shift_with_nobody_ticked_is_refused_and_esc_asks_before_dropping_it(
    qtbot, database, gateway, desk, monkeypatch
):
    asked = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, buttons, default: (
            asked.append((text, default)) or answers.pop(0)
        ),
    )
    team_two = desk.log.teams["Tổ công tác 2"]
    detail = gateway.shift_detail(desk.shift)
    dialog = _show(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), detail=detail))
    _untick_by_keyboard(qtbot, dialog, 0)

    dialog.accept()

    assert dialog.result() != ShiftEditDialog.DialogCode.Accepted
    assert error_text(dialog) == (
        "Ca trực cần ít nhất một người đi; hãy đánh dấu (Space) người đi ca trong danh sách "
        "“Người đi ca”."
    )
    assert dialog.members.list.hasFocus()
    assert _members(database, team_two, THIRD_NIGHT) == ["Đỗ Minh Đức"]

    qtbot.keyClick(dialog.members.list, Qt.Key.Key_Escape)  # declined: stays open
    assert dialog.isVisible()
    assert "chưa lưu" in asked[0][0] and asked[0][1] == QMessageBox.StandardButton.No
    qtbot.keyClick(dialog.members.list, Qt.Key.Key_Escape)  # agreed: closes, saves nothing
    assert not dialog.isVisible()
    assert _members(database, team_two, THIRD_NIGHT) == ["Đỗ Minh Đức"]


def test_the_shift_and_its_members_are_saved_together_or_not_at_all(qtbot, database, gateway, desk):
    team_one = desk.log.teams["Tổ công tác 1"]
    with database.session() as session:
        tu = teams.create_member(session, teams.MemberInput("Vũ Văn Tú", role="youth_union"))
    dialog = _show(qtbot, ShiftEditDialog(gateway, gateway.current_campaign(), night=FREE_NIGHT))
    dialog.team.setCurrentIndex(dialog.team.findData(team_one))
    _add_by_keyboard(qtbot, dialog, tu)
    assert _listed(dialog)[-1] == ("Vũ Văn Tú · Đoàn viên · ngoài tổ", True)
    with database.session() as session:  # entered by mistake, removed at another desk
        teams.delete_member(session, tu)

    dialog.accept()

    assert dialog.result() != ShiftEditDialog.DialogCode.Accepted
    assert error_text(dialog) == "Có thành viên đã chọn không còn trong cơ sở dữ liệu."
    with database.session() as session:
        assert shifts.shift_for_team(session, team_one, FREE_NIGHT) is None  # no half shift
