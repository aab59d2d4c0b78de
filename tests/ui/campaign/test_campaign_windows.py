"""The campaign's other windows: approvals, the dashboard and its chart, shifts, teams,
campaigns and the revisit list, on the nights of tests/services/campaign_night."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.db.models import ServiceRecord
from desktop.services import shifts, tally, teams
from desktop.ui.campaign.approvals_dialog import ApprovalsDialog
from desktop.ui.campaign.campaign_dialog import CampaignEditDialog, CampaignsDialog
from desktop.ui.campaign.daily_chart import ChartData, DailyChart
from desktop.ui.campaign.dashboard_view import DashboardView
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.revisit_view import RevisitDialog
from desktop.ui.campaign.shift_dialog import ShiftEditDialog, ShiftsDialog
from desktop.ui.campaign.teams_dialog import TeamsDialog
from tests.services.campaign_night import FIRST_NIGHT, SECOND_NIGHT
from tests.ui.campaign_fixtures import THIRD_NIGHT
from tests.ui.campaign_fixtures import show_active as _show
from tests.ui.reading import error_text


@pytest.fixture
def gateway(database, today) -> CampaignGateway:
    return CampaignGateway(database, lambda: today)


@pytest.fixture
def informed(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *rest: said.append(text)
    )
    return said


# --- Approvals -------------------------------------------------------------------------


def test_approvals_mark_a_collected_application_and_credit_the_collecting_team(
    qtbot, database, gateway, desk, informed
):
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    giang = desk.residents("giang")[0]  # collected by team 3 on the first night
    qtbot.keyClicks(dialog.search_box, "nguyen van giang")  # no diacritics
    qtbot.keyClick(dialog.search_box, Qt.Key.Key_Return)  # searches and goes to the list
    assert dialog.view.hasFocus()
    names = [dialog.candidates.candidate(r).full_name for r in range(dialog.candidates.rowCount())]
    assert names == ["Nguyễn Văn Giang"]
    row = dialog.candidates.candidate(0)
    assert (row.collected_on, row.team_name) == (FIRST_NIGHT, "Tổ công tác 3")
    assert row.personal_id_masked.endswith(row.personal_id_masked[-4:])
    assert "*" in row.personal_id_masked or "•" in row.personal_id_masked

    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    assert list(dialog.candidates.ticked) == [giang]
    assert dialog.ticked_label.text() == "Đã chọn: 1 người"
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert len(informed) == 1 and "Tổ công tác 3: 1" in informed[0]
    with database.session() as session:
        record = session.scalars(
            select(ServiceRecord).where(
                ServiceRecord.resident_id == giang, ServiceRecord.service == "level2_activated"
            )
        ).one()
    assert (record.done_on, record.team_id) == (date(2026, 11, 30), desk.log.teams["Tổ công tác 3"])
    assert not dialog.candidates.ticked
    remaining = {
        dialog.candidates.candidate(r).resident_id for r in range(dialog.candidates.rowCount())
    }
    assert giang not in remaining


def test_approvals_refuse_with_nothing_ticked(qtbot, gateway, desk, monkeypatch):
    refused = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *r: refused.append(text)
    )
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # tick all
    assert len(dialog.candidates.ticked) == dialog.candidates.rowCount() > 0
    qtbot.keyClick(
        dialog.view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not dialog.candidates.ticked

    assert not dialog.mark()

    assert refused == ["Chưa chọn người nào trong danh sách phê duyệt."]


def test_candidate_model_passes_the_model_tester(qtmodeltester, gateway, desk):
    dialog = ApprovalsDialog(gateway)
    qtmodeltester.check(dialog.candidates, force_py=True)
    dialog.deleteLater()


# --- The dashboard -------------------------------------------------------------------------


def test_the_dashboard_shows_the_nights_numbers_as_the_tally_counts_them(
    qtbot, database, gateway, runner, desk
):
    view = DashboardView(gateway, runner)
    qtbot.addWidget(view)
    view.resize(1366, 680)
    view.refresh()  # tonight has no results: the latest night is shown

    with database.session() as session:
        expected = tally.night_tally(session, SECOND_NIGHT)
    assert view.data.night.day == SECOND_NIGHT
    activated = expected.total["level2_activated"]
    # The header counts tonight; the headline says which night its figures are of.
    assert view.headline.text() == (
        f"Đêm 25/11/2026 (đêm thứ 6): {activated} người đã kích hoạt mức 2"
    )
    model = view.tally
    shown = {model.team(r): model.count(r, "level2_activated") for r in range(model.rowCount())}
    assert shown == {
        **{row.team: row.counts["level2_activated"] for row in expected.teams},
        "Tổng cộng": activated,
    }
    assert (
        model.count(model.rowCount() - 1, "households_visited")
        == (expected.total["households_visited"])
    )
    assert f"{expected.total['households_visited']} hộ đã đến" in view.summary.text()
    assert "hôm nay là đêm thứ 11/50 · còn 39 đêm" in view.period.text()

    view.show_night(FIRST_NIGHT)

    with database.session() as session:
        first = tally.night_tally(session, FIRST_NIGHT)
    assert view.headline.text().startswith("Đêm 24/11/2026 (đêm thứ 5): ")
    assert model.count(model.rowCount() - 1, "level2_collected") == first.total["level2_collected"]


def test_the_dashboard_lists_targets_with_progress_and_projection(qtbot, gateway, runner, desk):
    view = DashboardView(gateway, runner)
    qtbot.addWidget(view)
    view.refresh()
    targets = view.targets
    rows = [targets.target(r) for r in range(targets.rowCount())]
    activated = next(t for t in rows if t.scope == "ward" and t.service == "level2_activated")
    assert activated.target == 40
    row = rows.index(activated)
    assert targets.index(row, 4).data() == f"{activated.percent:.0f}%"
    view.scope_filter.setCurrentIndex(view.scope_filter.findData("group"))
    assert [targets.target(r).scope_name for r in range(targets.rowCount())] == ["Tổ 1"]


def test_dashboard_models_pass_the_model_tester(qtmodeltester, qtbot, gateway, runner, desk):
    view = DashboardView(gateway, runner)
    qtbot.addWidget(view)
    view.refresh()
    qtmodeltester.check(view.tally, force_py=True)
    qtmodeltester.check(view.targets, force_py=True)


def test_the_chart_paints_bars_line_and_target(qtbot, gateway, runner, desk):
    view = DashboardView(gateway, runner)
    qtbot.addWidget(view)
    view.resize(1366, 680)
    view.show()
    view.refresh()
    chart = view.chart
    assert chart.data is not None and chart.data.target == 40
    assert chart.data.points[-1].cumulative == 4  # four activations so far
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() > 300
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}  # fmt: skip
    assert "#c62828" in colours  # the dashed target line


def test_an_empty_chart_says_so(qtbot):
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.resize(500, 260)
    chart.set_data(ChartData("Kích hoạt mức 2", date(2026, 11, 20), date(2027, 1, 8), ()))
    assert not chart.grab().isNull()


# --- Shifts, teams, campaigns -------------------------------------------------------------


def test_the_shift_dialog_creates_a_shift_with_ordered_households(qtbot, database, gateway, desk):
    with database.session() as session:
        teams.create_team(session, desk.log.campaign_id, teams.TeamInput("Tổ công tác 4"))
    campaign = gateway.current_campaign()
    dialog = _show(qtbot, ShiftEditDialog(gateway, campaign, night=date(2026, 11, 27)))
    team_one = desk.log.teams["Tổ công tác 1"]
    dialog.team.setCurrentIndex(dialog.team.findData(team_one))
    assert dialog.starts_at.time().toString("HH:mm") == "19:00"
    assert dialog.ends_at.time().toString("HH:mm") == "22:00"
    first_group = dialog.groups.item(0)
    first_group.setCheckState(Qt.CheckState.Checked)  # Tổ 1: An, Bình, Cường
    heads = [dialog.area.household(r).head_name for r in range(dialog.area.rowCount())]
    assert sorted(heads) == ["Nguyễn Văn An", "Nguyễn Văn Binh", "Nguyễn Văn Cuong"]
    dialog.area_view.setFocus()
    qtbot.keyClick(dialog.area_view, Qt.Key.Key_Return)  # adds the first, moves down
    qtbot.keyClick(dialog.area_view, Qt.Key.Key_Space)  # adds the second
    qtbot.keyClick(dialog.area_view, Qt.Key.Key_Return)  # and the third
    added = list(dialog.route.household_ids())
    assert len(added) == 3
    dialog.route_view.setFocus()
    dialog.route_view.setCurrentIndex(dialog.route.index(2, 1))
    qtbot.keyClick(dialog.route_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.route_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    expected = [added[2], added[0], added[1]]
    assert list(dialog.route.household_ids()) == expected

    dialog.accept()

    assert dialog.result() == ShiftEditDialog.DialogCode.Accepted, error_text(dialog)
    with database.session() as session:
        shift_id = shifts.shift_for_team(session, team_one, date(2026, 11, 27))
        detail = shifts.shift_detail(session, shift_id)
    assert [stop.household_id for stop in detail.stops] == expected
    assert detail.shift.group_names == ("Tổ 1",)


def test_a_shift_refused_by_the_service_shows_the_sentence(qtbot, gateway, desk, monkeypatch):
    # Closing it at the end drops the unsaved shift: answer that question with Yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    campaign = gateway.current_campaign()
    dialog = _show(qtbot, ShiftEditDialog(gateway, campaign, night=THIRD_NIGHT))
    dialog.team.setCurrentIndex(dialog.team.findData(desk.log.teams["Tổ công tác 2"]))

    dialog.accept()  # team 2 already has its shift that night

    assert dialog.result() != ShiftEditDialog.DialogCode.Accepted
    assert "đã có ca trực ngày 26/11/2026" in error_text(dialog)


def test_deleting_a_shift_asks_first(qtbot, database, gateway, desk, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, buttons, default: (
            asked.append((text, default)) or QMessageBox.StandardButton.Yes
        ),
    )
    dialog = _show(qtbot, ShiftsDialog(gateway))
    dialog.set_day(THIRD_NIGHT)
    assert dialog.shifts.rowCount() == 1

    dialog.delete_shift()

    assert "Tổ công tác 2" in asked[0][0] and asked[0][1] == QMessageBox.StandardButton.No
    with database.session() as session:
        assert shifts.shift_for_team(session, desk.log.teams["Tổ công tác 2"], THIRD_NIGHT) is None


def test_the_teams_dialog_adds_a_new_member_from_a_night(qtbot, database, gateway, desk):
    dialog = _show(qtbot, TeamsDialog(gateway))
    dialog.set_day(date(2026, 11, 28))
    team_id = desk.log.teams["Tổ công tác 3"]
    dialog.team_list.setCurrentRow(next(i for i, t in enumerate(dialog.teams) if t.id == team_id))
    answered = []

    def fill(member_dialog) -> int:
        member_dialog.full_name.setText("vũ thu  hà")
        member_dialog.role.setCurrentIndex(member_dialog.role.findData("youth_union"))
        member_dialog.unit.setCurrentText("Đoàn Thanh niên Công an tỉnh")
        member_dialog.phone.setText("0912 345 678")
        member_dialog.accept()
        answered.append(error_text(member_dialog))
        return member_dialog.result()

    dialog.exec_dialog = fill
    dialog.add_member()

    assert answered == [""]
    with database.session() as session:
        on_28 = teams.team_members_on(session, team_id, date(2026, 11, 28))
        on_27 = teams.team_members_on(session, team_id, date(2026, 11, 27))
    added = next(m for m in on_28 if m.full_name == "Vũ Thu Hà")
    assert (added.role, added.unit, added.phone) == (
        "youth_union",
        "Đoàn Thanh niên Công an tỉnh",
        "0912345678",
    )
    assert "Vũ Thu Hà" not in [m.full_name for m in on_27]
    lines = [dialog.members.line(r) for r in range(dialog.members.rowCount())]
    assert any(line.period.member_name == "Vũ Thu Hà" and line.current for line in lines)


def test_the_teams_dialog_refuses_to_delete_a_team_that_went_out(
    qtbot, database, gateway, desk, monkeypatch
):
    refused = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *r: refused.append(text)
    )
    dialog = _show(qtbot, TeamsDialog(gateway))
    dialog.team_list.setCurrentRow(0)

    dialog.delete_team()

    assert len(refused) == 1 and "đã có ca trực hoặc kết quả" in refused[0]
    assert len(dialog.teams) == 3


def test_the_campaign_dialog_sets_targets_in_the_grid(qtbot, database, gateway, desk):
    dialog = CampaignsDialog(gateway)
    qtbot.addWidget(dialog)
    edited = []

    def edit(form_dialog: CampaignEditDialog) -> int:
        grid = form_dialog.targets
        team_row = next(
            r for r in range(grid.rowCount()) if grid.index(r, 0).data() == "Tổ công tác 3"
        )
        column = 1 + form_dialog.services().index("level2_collected")
        assert grid.setData(grid.index(team_row, column), "1.200")
        ward_activated = grid.index(0, 1 + form_dialog.services().index("level2_activated"))
        assert ward_activated.data() == "40"
        form_dialog.accept()
        edited.append(error_text(form_dialog))
        return form_dialog.result()

    dialog.exec_dialog = edit
    dialog.edit_campaign()

    assert edited == [""]
    form = gateway.campaign_form(desk.log.campaign_id)
    team_targets = [(t.team_name, t.service, t.target) for t in form.targets if t.scope == "team"]
    assert team_targets == [("Tổ công tác 3", "level2_collected", 1200)]


# --- The revisit list ---------------------------------------------------------------------


def test_the_revisit_list_shows_who_to_go_back_to_and_opens_the_household(qtbot, gateway, desk):
    dialog = RevisitDialog(gateway)
    qtbot.addWidget(dialog)
    tree = dialog.view.tree
    households = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    # Bình's last visit (team 3, 25/11) was a refusal; Hải's head was never visited;
    # Dũng's fourth resident was away at the first visit.
    assert any("Nguyễn Văn Dung" in text for text in households)
    with qtbot.waitSignal(dialog.household_requested) as opened:
        tree.setCurrentItem(tree.topLevelItem(0))
        dialog.view.open_current()
    assert opened.args[0] == dialog.view.rows[0].household_id


def test_paces_read_the_vietnamese_way():
    from desktop.ui.campaign.dashboard_models import decimal

    assert [decimal(v) for v in (1318.24, 12.5, 80.0, 0.34)] == ["1.318,2", "12,5", "80", "0,3"]


def test_the_setup_models_pass_the_model_tester(qtmodeltester, qtbot, gateway, desk):
    shifts_dialog = ShiftsDialog(gateway)
    qtbot.addWidget(shifts_dialog)
    shifts_dialog.set_day(SECOND_NIGHT)
    qtmodeltester.check(shifts_dialog.shifts, force_py=True)
    edit = ShiftEditDialog(
        gateway, gateway.current_campaign(), detail=gateway.shift_detail(desk.shift)
    )
    qtbot.addWidget(edit)
    edit.groups.item(0).setCheckState(Qt.CheckState.Checked)
    qtmodeltester.check(edit.area, force_py=True)
    qtmodeltester.check(edit.route, force_py=True)
    edit.route.move(0, 1)  # moving rows keeps the model consistent
    edit.route.remove(2)
    edit._initial = edit._snapshot()  # closed without asking at the end
    teams_dialog = TeamsDialog(gateway)
    qtbot.addWidget(teams_dialog)
    qtmodeltester.check(teams_dialog.members, force_py=True)
    campaigns_dialog = CampaignsDialog(gateway)
    qtbot.addWidget(campaigns_dialog)
    qtmodeltester.check(campaigns_dialog.campaigns, force_py=True)
    form = CampaignEditDialog(gateway, form=gateway.campaign_form(desk.log.campaign_id))
    qtbot.addWidget(form)
    qtmodeltester.check(form.targets, force_py=True)
