"""The daily report: every figure from what was entered, the totals equal to the tally."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.errors import UserError
from desktop.services.reporting.daily import daily_report
from tests.services.reporting.station import (
    COUNT_KEYS,
    FIRST_NIGHT,
    SECOND_NIGHT,
    TEAM_1,
    TEAM_2,
    WARD_TARGETS,
)


def report(station, day=SECOND_NIGHT, remarks=""):
    with station.database.session() as session:
        return daily_report(session, day, remarks)


def test_each_team_row_counts_what_was_entered_for_it_that_night(station):
    result = report(station)
    assert {row.name: row.counts for row in result.teams} == station.log.counts(
        {SECOND_NIGHT}, "team"
    )
    assert [row.name for row in result.teams] == [TEAM_1, TEAM_2, "Khác"]


def test_every_group_is_listed_with_what_was_done_there(station):
    result = report(station)
    expected = station.log.counts({SECOND_NIGHT}, "group")
    assert [row.name for row in result.groups] == ["Tổ 1", "Tổ 2", "Tổ 3"]
    for row in result.groups:
        assert row.counts == expected.get(row.name, dict.fromkeys(COUNT_KEYS, 0)), row.name
    # Tổ 1: Bình's (nobody home) and An's (team 2) households; An activated (team 1).
    tổ_1 = result.groups[0].counts
    assert (tổ_1["households_visited"], tổ_1["level2_activated"]) == (2, 1)


def test_the_total_counts_the_night_and_the_cumulative_every_night_so_far(station):
    # The tally adds up the same cells (desktop.services.night_counts), so these are
    # `denkhuya tally`'s total and cumulative for the night as well.
    result = report(station)
    assert result.total == station.log.total({SECOND_NIGHT})
    assert result.cumulative == station.log.total({FIRST_NIGHT, SECOND_NIGHT})


def test_the_data_rows_are_one_per_team_and_group_pair_and_add_up_to_the_total(station):
    result = report(station)
    pairs = station.log.counts({SECOND_NIGHT}, "pair")
    assert {(row.team, row.group): row.counts for row in result.data_rows} == pairs
    assert all(row.unit == "Công an phường Cốc Lếu" for row in result.data_rows)
    assert all(row.day == SECOND_NIGHT for row in result.data_rows)
    for key in COUNT_KEYS:
        assert sum(row.counts[key] for row in result.data_rows) == result.total[key], key


def test_targets_show_what_is_done_since_the_first_night_and_the_pace(station):
    result = report(station)
    ward = {line.service: line for line in result.targets if line.level == "ward"}
    both = station.log.total({FIRST_NIGHT, SECOND_NIGHT})
    activated = ward["level2_activated"]
    assert (activated.target, activated.done) == (WARD_TARGETS["level2_activated"], 3)
    assert activated.percent == pytest.approx(100 * 3 / 20)
    nights = (SECOND_NIGHT - date(2026, 11, 20)).days + 1  # the campaign began 20/11
    assert result.night_number == nights == 6
    assert activated.per_night == pytest.approx(3 / nights)
    assert activated.remaining == 17
    assert ward["app_114"].done == both["app_114"] == 4
    group = [line for line in result.targets if line.level == "group"]
    assert [(line.scope, line.service, line.done) for line in group] == [("Tổ 1", "app_114", 2)]


def test_group_standings_count_people_from_14_and_level_2(station):
    result = report(station)
    tổ_1, tổ_2, tổ_3 = result.standings
    # Tổ 1: An (1975), Hoa (1990), Khôi (2016, under 14), Bình (1960), Bảo (1995).
    assert (tổ_1.households, tổ_1.adults, tổ_1.level2) == (2, 4, 1)  # An activated
    # Tổ 2: Cường (level 2 before), Diệu (activated), Dũng, Én (activated at the station).
    assert (tổ_2.households, tổ_2.adults, tổ_2.level2) == (2, 4, 3)
    assert tổ_2.percent == pytest.approx(75.0)
    assert (tổ_3.adults, tổ_3.households_not_visited, tổ_3.pending_level2) == (1, 1, 1)
    # Bình has no chip card and Bảo no application: two still to collect in Tổ 1.
    assert tổ_1.pending_level2 == 2


def test_remarks_are_kept_line_by_line(station):
    result = report(station, remarks="  Tổ 3 chưa   được đến.\n\nĐề nghị bổ sung đoàn viên. ")
    assert result.remarks == "Tổ 3 chưa được đến.\n\nĐề nghị bổ sung đoàn viên."
    with pytest.raises(UserError, match="Nhận xét dài quá 4.000 ký tự"):
        report(station, remarks="x" * 4001)


def test_a_night_with_nothing_is_refused_as_the_tally_refuses_it(station, database):
    with pytest.raises(UserError) as refused:
        report(station, date(2026, 11, 23))
    assert str(refused.value) == (
        "Ngày 23/11/2026 chưa có kết quả nào của chiến dịch “Tháng cao điểm 50 ngày”."
    )
    with pytest.raises(UserError, match="Chưa có chiến dịch nào"), database.session() as session:
        daily_report(session, SECOND_NIGHT)
