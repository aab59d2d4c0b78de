"""A night's tally by team: counts from what was entered, adding up across teams."""

from datetime import date

import pytest

from desktop.domain.campaign import COUNT_KEYS
from desktop.domain.errors import UserError
from desktop.services import tally
from tests.builders import make_campaign, make_ward
from tests.services.campaign_night import (
    FIRST_NIGHT,
    SECOND_NIGHT,
    TARGETS,
    expected_counts,
    two_nights_database,
)


@pytest.fixture(scope="module")
def entered(tmp_path_factory, migrated_template):
    """The two nights, entered once for the tests that only read them."""
    with two_nights_database(tmp_path_factory.mktemp("tally"), migrated_template) as entered:
        yield entered


@pytest.fixture
def tallied(entered):
    """The database holding the two nights."""
    return entered[0]


@pytest.fixture
def two_nights(entered):
    """The log of what was entered on the two nights."""
    return entered[1]


def night(database, day: date | None = None) -> tally.NightTally:
    with database.session() as session:
        return tally.night_tally(session, day)


def test_each_team_row_counts_what_was_entered_for_it_that_night(tallied, two_nights):
    result = night(tallied, SECOND_NIGHT)
    rows = {row.team: row.counts for row in result.teams}
    assert rows == expected_counts(two_nights, {SECOND_NIGHT})
    # Team 2 stayed in but is credited with approvals of what it collected earlier.
    assert rows["Tổ công tác 2"]["households_visited"] == 0
    assert rows["Tổ công tác 2"]["level2_activated"] == 2
    # Bình's household was visited by two teams that night: it counts twice.
    assert (
        rows["Tổ công tác 1"]["households_visited"] + rows["Tổ công tác 3"]["households_visited"]
        == 3
    )


def test_activations_no_team_collected_go_to_the_row_khac_listed_last(tallied, two_nights):
    result = night(tallied, SECOND_NIGHT)
    assert [row.team for row in result.teams] == [
        "Tổ công tác 1",
        "Tổ công tác 2",
        "Tổ công tác 3",
        "Khác",
    ]
    khac = result.teams[-1]
    assert khac.team_id is None and khac.counts["level2_activated"] == 1
    assert sum(khac.counts.values()) == 1


def test_every_count_adds_up_across_the_teams_to_the_total(tallied, two_nights):
    result = night(tallied, SECOND_NIGHT)
    for key in COUNT_KEYS:
        assert result.total[key] == sum(row.counts[key] for row in result.teams), key
    assert result.total["households_visited"] == 3
    assert result.total["level2_activated"] == 4


def test_cumulative_counts_from_the_first_night_to_the_night_asked(tallied, two_nights):
    both = expected_counts(two_nights, {FIRST_NIGHT, SECOND_NIGHT})
    expected = {key: sum(row[key] for row in both.values()) for key in COUNT_KEYS}
    assert night(tallied, SECOND_NIGHT).cumulative == expected
    first = expected_counts(two_nights, {FIRST_NIGHT})
    assert night(tallied, FIRST_NIGHT).cumulative == {
        key: sum(row[key] for row in first.values()) for key in COUNT_KEYS
    }


def test_without_a_date_the_latest_night_with_results_is_shown(tallied, two_nights):
    assert night(tallied).day == SECOND_NIGHT


def test_the_json_has_exactly_the_shape_scripts_depend_on(tallied, two_nights):
    data = night(tallied, SECOND_NIGHT).as_json()
    assert list(data) == ["date", "teams", "total", "cumulative", "targets"]
    assert data["date"] == "2026-11-25"
    assert all(list(row) == ["team", *COUNT_KEYS] for row in data["teams"])
    assert list(data["total"]) == list(COUNT_KEYS) == list(data["cumulative"])
    assert data["targets"] == TARGETS  # the ward's targets only, not the group's


def test_the_summary_line_names_the_night_and_its_counts(tallied, two_nights):
    line = night(tallied, SECOND_NIGHT).summary()
    assert line.startswith("Ngày 25/11/2026: 3 hộ đã đến, 4 người đã gặp,")
    assert "4 người kích hoạt mức 2" in line and line.endswith(".")


def test_a_night_with_nothing_recorded_is_refused(tallied, two_nights):
    with pytest.raises(UserError) as refused:
        night(tallied, date(2026, 11, 23))
    assert str(refused.value) == (
        "Ngày 23/11/2026 chưa có kết quả nào của chiến dịch “Tháng cao điểm 50 ngày”."
    )


def test_a_campaign_without_results_or_no_campaign_is_refused(database):
    with pytest.raises(UserError, match="Chưa có chiến dịch nào"):
        night(database)
    with database.session() as session:
        make_ward(session)
        make_campaign(session)
    with pytest.raises(UserError, match="chưa có kết quả đêm nào"):
        night(database)


def test_the_nights_with_results_are_listed_in_order(tallied, two_nights):
    with tallied.session() as session:
        assert tally.result_nights(session, two_nights.campaign_id) == [FIRST_NIGHT, SECOND_NIGHT]


def test_a_campaign_without_results_has_no_nights(database):
    with database.session() as session:
        make_ward(session)
        campaign_id = make_campaign(session)
        assert tally.result_nights(session, campaign_id) == []
