"""The planning window's parts: item models, map scene, settings, meeting point, notices."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.errors import InvalidValue
from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.settings import load_planning_settings
from desktop.ui.planning import window as planning_window
from desktop.ui.planning.gateway import PlanningGateway
from desktop.ui.planning.map_legend import legend_rows
from desktop.ui.planning.map_scene import ESTIMATED, LOCATED, SCHEMATIC, build_map_scene
from desktop.ui.planning.meeting_point import parse_meeting_point
from desktop.ui.planning.models import (
    HOUSEHOLD_ID_ROLE,
    StopColumn,
    StopTableModel,
    TeamColumn,
    TeamSummaryModel,
    read_households_mime,
)
from desktop.ui.planning.rows import (
    UNASSIGNED,
    WITHOUT_COORDINATES,
    route_rows,
    team_rows,
    unassigned_rows,
)
from desktop.ui.planning.settings_dialog import PlanningSettingsDialog
from desktop.ui.planning.window import PlanningWindow
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.planning.builders import PLANNED_SERVICES, make_small_ward, pending_household
from tests.ui.reading import error_text


@pytest.fixture(autouse=True)
def _close_without_asking(monkeypatch) -> None:
    """pytest-qt closes windows after a test; an unsaved plan would ask first (modal)."""
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)


def _plan(database, **request):
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY, **request))
    return planning, plan_night(planning, time_limit=0.3)


def test_the_item_models_pass_the_model_tester(qtbot, qtmodeltester, database) -> None:
    with database.session() as session:
        make_small_ward(session, households=5, teams=2)
    planning, plan = _plan(database, ends_at=time(20, 0))
    stops = StopTableModel()
    route = plan.routes[0]
    stops.set_rows(route.team_id, route_rows(planning, plan, route))
    qtmodeltester.check(stops)
    assert stops.index(0, StopColumn.ARRIVES).data() == f"{route.stops[0].arrives_at:%H:%M}"
    assert stops.index(0, 0).data(HOUSEHOLD_ID_ROLE) == route.household_ids[0]
    left = StopTableModel()
    left.set_rows(UNASSIGNED, unassigned_rows(planning, plan))
    qtmodeltester.check(left)
    summary = TeamSummaryModel()
    summary.set_rows(team_rows(planning, plan))
    qtmodeltester.check(summary)
    first = summary.rows[0]
    assert summary.index(0, TeamColumn.TIME).data() == f"{round(first.minutes)}/60"
    assert summary.index(summary.rowCount() - 1, TeamColumn.TEAM).data() == "Chưa xếp tổ"
    # A drag carries the households and where they come from.
    data = stops.mimeData([stops.index(0, 0), stops.index(0, 3)])
    assert read_households_mime(data) == ([route.household_ids[0]], route.team_id)
    dropped = []
    summary.drop_requested.connect(lambda *args: dropped.append(args))
    assert summary.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, summary.index(1, 0))
    assert dropped == [([route.household_ids[0]], plan.routes[1].team_id, -1)]
    assert not summary.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_a_late_route_shows_in_red_and_a_drop_row_counts_the_dragged(qtbot, database) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=6, teams=1)
    planning, plan = _plan(database, ends_at=time(20, 0))
    from desktop.services.planning import set_route

    everything = list(ward.households.values())
    late = set_route(planning, plan, ward.teams[0], everything)
    summary = TeamSummaryModel()
    summary.set_rows(team_rows(planning, late))
    assert summary.index(0, TeamColumn.TIME).data(Qt.ItemDataRole.ForegroundRole) is not None
    stops = StopTableModel()
    stops.set_rows(ward.teams[0], route_rows(planning, late, late.routes[0]))
    asked = []
    stops.drop_requested.connect(lambda *args: asked.append(args))
    data = stops.mimeData([stops.index(0, 0)])
    stops.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert asked == [([everything[0]], ward.teams[0], 2)]  # below the 3rd, once 1st has left


def test_households_without_coordinates_are_drawn_apart_and_listed(database, runner, qtbot):
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        pending_household(session, group, "1", north_m=100)
        pending_household(session, group, "5", north_m=140)
        middle = pending_household(session, group, "3", located=False)
        alone = pending_household(session, group, "2", street="ngõ Vắng", located=False)
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        make_team(session, campaign_id)
    planning, plan = _plan(database)
    scene = build_map_scene(planning, plan, station=(22.49, 103.97))
    kinds = dict(zip(scene.household_ids.tolist(), scene.kinds, strict=True))
    assert kinds[middle] == ESTIMATED and kinds[alone] == SCHEMATIC
    assert list(kinds.values()).count(LOCATED) == 2
    assert ("estimated", "Chưa có toạ độ: vị trí ước tính") in legend_rows(scene)
    lines = team_rows(planning, plan)
    assert lines[-1].key == WITHOUT_COORDINATES and lines[-1].stops == 2
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.plan()
    window.routes.choose(WITHOUT_COORDINATES)
    assert window.routes.stops.rowCount() == 2
    assert not window.routes.stop_view.isColumnHidden(StopColumn.TEAM)
    assert "chưa có toạ độ được xếp cạnh" in window.banner.text
    assert not window.map.grab().isNull()


def test_a_ward_without_any_coordinates_says_so_in_the_banner(database, runner, qtbot) -> None:
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        for number in ("1", "2", "3", "4"):
            pending_household(session, group, number, located=False)
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.plan()
    assert "Chưa có toạ độ của hộ nào" in window.banner.text
    assert window.banner.isVisibleTo(window)
    assert not window.map.grab().isNull()


def test_a_refusal_of_the_planner_shows_as_its_sentence(database, runner, qtbot) -> None:
    with database.session() as session:
        make_small_ward(session, households=3, teams=1)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.form.ends_at.setTime(window.form.starts_at.time().addSecs(5 * 60))
    window.plan()
    assert error_text(window.form).startswith("Khung giờ 19:00–19:05 quá ngắn")
    assert window.editor is None and not window.planning_busy


def test_the_settings_dialog_saves_within_bounds(qtbot, database) -> None:
    gateway = PlanningGateway(database)
    dialog = PlanningSettingsDialog(None, gateway.planning_settings(), gateway.save_settings)
    qtbot.addWidget(dialog)
    # Two residents with 3 services each: 4 + 6 × 5 alone, 4 + 3 × 5 side by side.
    assert "tổ 1 người giúp mất 34 phút, tổ 2 người mất 19 phút" in dialog.example.text()
    dialog.speed.setValue(20)
    dialog.accept()
    assert "Tốc độ đi bộ (km/giờ) phải nằm trong khoảng 1–15" in error_text(dialog)
    assert dialog.result() == 0
    with database.session() as session:
        assert load_planning_settings(session).walking_speed_kmh == 4.0
    dialog.speed.setValue(3.5)
    dialog.per_service.setValue(6)
    dialog.accept()
    assert error_text(dialog) == ""
    with database.session() as session:
        stored = load_planning_settings(session)
    assert (stored.walking_speed_kmh, stored.minutes_per_service) == (3.5, 6.0)


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("22,4901, 103,9702", (22.4901, 103.9702)),
        ("22.4901,103.9702", (22.4901, 103.9702)),
        ("22,4901 103,9702", (22.4901, 103.9702)),
        (" 22.49 ; 103.97 ", (22.49, 103.97)),
    ],
)
def test_meeting_points_are_read_as_people_type_them(text, point) -> None:
    assert parse_meeting_point(text) == pytest.approx(point)


def test_a_meeting_household_without_coordinates_is_refused(database, runner, qtbot) -> None:
    with database.session() as session:
        ward = make_small_ward(session, households=3, teams=1)
        nowhere = pending_household(session, ward.groups["Tổ 1"], "9", located=False)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    places = window.gateway.find_households("9 Hoàng Liên")
    place = next(place for place in places if place.id == nowhere)
    window.form.meeting.use_household(place, None)
    with pytest.raises(InvalidValue, match="cần có toạ độ"):
        window.form.request()
    located = next(p for p in window.gateway.find_households("2 Hoàng Liên") if p.id != nowhere)
    window.form.meeting.use_household(located, window.gateway.household_position(located.id))
    request = window.form.request()
    assert request.meeting_point == pytest.approx((22.49 + 120 / 110_574, 103.97))
    assert request.meeting_label.startswith("Nhà Nguyễn Văn")
