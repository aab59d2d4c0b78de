"""The campaign report: by group, by night and by team, the trend and what remains."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.errors import UserError
from desktop.services.reporting.campaign import campaign_report
from tests.builders import CAMPAIGN_START, make_campaign, make_ward
from tests.services.reporting.station import COUNT_KEYS, FIRST_NIGHT, SECOND_NIGHT

BOTH = {FIRST_NIGHT, SECOND_NIGHT}


def report(station, up_to=None):
    with station.database.session() as session:
        return campaign_report(session, up_to)


def test_without_a_date_it_runs_to_the_latest_night_and_counts_every_night(station):
    result = report(station)
    assert result.day == SECOND_NIGHT
    assert result.total == station.log.total(BOTH)


def test_groups_and_teams_count_every_night_so_far(station):
    result = report(station)
    groups = station.log.counts(BOTH, "group")
    assert {row.name: row.counts for row in result.groups if row.name in groups} == groups
    assert result.groups[-1].name == "Tổ 3" and not any(result.groups[-1].counts.values())
    assert {row.name: row.counts for row in result.teams} == station.log.counts(BOTH, "team")


def test_one_row_per_night_from_the_first_day_including_nights_without_results(station):
    result = report(station)
    expected_nights = [CAMPAIGN_START + timedelta(days=n) for n in range(6)]
    assert list(result.night_days) == expected_nights
    assert [row.name for row in result.nights][:2] == ["20/11", "21/11"]
    by_night = dict(zip(result.night_days, result.nights, strict=True))
    for night in expected_nights:
        expected = station.log.total({night})
        assert by_night[night].counts == expected, night
    for key in COUNT_KEYS:
        assert sum(row.counts[key] for row in result.nights) == result.total[key]


def test_the_data_rows_cover_every_night_team_and_group(station):
    result = report(station)
    keys = {(row.day, row.team, row.group) for row in result.data_rows}
    expected = {
        (night, team, group)
        for night in BOTH
        for (team, group) in station.log.counts({night}, "pair")
    }
    assert keys == expected
    for key in COUNT_KEYS:
        assert sum(row.counts[key] for row in result.data_rows) == result.total[key]


def test_up_to_the_first_night_counts_only_that_night(station):
    result = report(station, FIRST_NIGHT)
    assert result.total == station.log.total({FIRST_NIGHT})
    assert result.night_number == 5


def test_the_trend_compares_the_last_three_nights_with_the_earlier_ones(station):
    result = report(station)
    collected = next(t for t in result.trends if t.service == "level2_collected")
    # Nights 20–25/11: 0, 0, 0, 0, 3, 1 applications collected.
    assert collected.average == pytest.approx(4 / 6)
    assert collected.recent_average == pytest.approx(4 / 3)
    assert collected.earlier_average == pytest.approx(0.0)
    assert collected.direction == "tăng"


def test_a_date_outside_the_campaign_or_before_any_result_is_refused(station, database):
    with pytest.raises(UserError, match="nằm ngoài thời gian của chiến dịch"):
        report(station, date(2026, 11, 1))
    with pytest.raises(UserError, match="Đến ngày 21/11/2026 chiến dịch .* chưa có kết quả nào"):
        report(station, date(2026, 11, 21))
    with database.session() as session:
        make_ward(session)
        make_campaign(session)
    with pytest.raises(UserError, match="chưa có kết quả đêm nào"), database.session() as s:
        campaign_report(s)
