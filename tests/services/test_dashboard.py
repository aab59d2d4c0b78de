"""The dashboard: tonight's tally, progress against targets, the pace and the chart."""

import math
from datetime import date, timedelta

import pytest

from desktop.domain.errors import UserError
from desktop.services import campaigns, dashboard
from desktop.services.campaigns import TargetInput
from tests.builders import CAMPAIGN_END, CAMPAIGN_START
from tests.services.campaign_night import SECOND_NIGHT, TARGETS, two_nights_database

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def board(tmp_path_factory, migrated_template) -> dashboard.Dashboard:
    """The dashboard on TODAY after the two nights, with a team target and one nobody
    has started on added."""
    folder = tmp_path_factory.mktemp("dashboard")
    with two_nights_database(folder, migrated_template) as (database, log):
        return _board(database, log)


def _board(database, log) -> dashboard.Dashboard:
    with database.session() as session:
        form = campaigns.campaign_form(session, log.campaign_id)
        targets = [TargetInput(t.service, t.target, t.group_id, t.team_id) for t in form.targets]
        targets.append(TargetInput("level2_collected", 2, team_id=log.teams["Tổ công tác 2"]))
        targets.append(TargetInput("chip_card_collected", 10))  # nobody has done any yet
        campaigns.update_campaign(
            session,
            log.campaign_id,
            campaigns.CampaignInput(
                form.name, form.starts_on, form.ends_on, form.services, tuple(targets)
            ),
        )
    with database.session() as session:
        return dashboard.campaign_dashboard(session, TODAY)


def target(board, scope: str, service: str) -> dashboard.TargetProgress:
    return next(t for t in board.targets if (t.scope, t.service) == (scope, service))


def test_nights_are_counted_from_the_first_and_up_to_the_last(board):
    assert board.night_number == (TODAY - CAMPAIGN_START).days + 1 == 11
    assert board.nights_left == (CAMPAIGN_END - TODAY).days == 39


def test_a_ward_target_shows_percent_pace_projection_and_what_each_night_needs(board):
    activated = target(board, "ward", "level2_activated")
    assert (activated.target, activated.done) == (TARGETS["level2_activated"], 4)
    assert activated.percent == pytest.approx(10.0)
    assert activated.per_night == pytest.approx(4 / 11)
    assert activated.projected_on == TODAY + timedelta(days=math.ceil(36 / (4 / 11)))
    assert activated.needed_per_night == pytest.approx(36 / 39)
    assert activated.reached_on is None


def test_group_and_team_targets_count_their_own_results(board):
    group = target(board, "group", "app_114")
    assert (group.scope_name, group.target, group.done) == ("Tổ 1", 12, 3)
    team = target(board, "team", "level2_collected")
    assert (team.scope_name, team.done) == ("Tổ công tác 2", 2)
    assert team.reached_on == date(2026, 11, 24) and team.needed_per_night is None
    assert [t.scope for t in board.targets] == ["ward"] * 4 + ["group", "team"]


def test_a_target_with_no_progress_has_no_projected_date(board):
    chip = target(board, "ward", "chip_card_collected")
    assert (chip.done, chip.per_night, chip.percent) == (0, 0.0, 0.0)
    assert chip.projected_on is None
    assert chip.needed_per_night == pytest.approx(10 / 39)


def test_the_chart_series_has_one_point_a_night_with_the_running_total(board):
    series = board.series["level2_activated"]
    assert [p.day for p in series] == [CAMPAIGN_START + timedelta(days=i) for i in range(11)]
    by_day = {p.day: (p.count, p.cumulative) for p in series}
    assert by_day[SECOND_NIGHT] == (4, 4)
    assert by_day[TODAY] == (0, 4)
    assert sum(p.count for p in board.series["app_114"]) == target(board, "ward", "app_114").done


def test_tonight_is_today_even_when_nothing_is_in_yet(board):
    assert board.tonight.day == TODAY and not any(board.tonight.total.values())


def test_no_campaign_is_refused(database):
    with database.session() as session, pytest.raises(UserError, match="Chưa có chiến dịch"):
        dashboard.campaign_dashboard(session, TODAY)
