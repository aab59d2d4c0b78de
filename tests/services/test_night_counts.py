"""The night's eight counts, by (night, team, group) cell: what the tally and the
reports add up, checked against the log of what was typed at a small station."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.database import Database
from desktop.services.night_counts import counts_by_cell, counts_by_team
from tests.services.night_log import counts_from_log
from tests.services.reporting.station import (
    FIRST_NIGHT,
    SECOND_NIGHT,
    TEAM_1,
    TEAM_2,
    StationLog,
    build_station,
)

BOTH = {FIRST_NIGHT, SECOND_NIGHT}


@pytest.fixture
def log(database: Database) -> StationLog:
    """Two teams' two nights at a station of three groups (tests/services/reporting)."""
    with database.session() as session:
        return build_station(session)


def cells_by_name(database: Database, log: StationLog, first: date, last: date) -> dict:
    """counts_by_cell keyed by (night, team name or "Khác", group name)."""
    teams = {team_id: name for name, team_id in log.teams.items()} | {None: "Khác"}
    groups = {group_id: name for name, group_id in log.groups.items()}
    with database.session() as session:
        cells = counts_by_cell(session, log.campaign_id, first, last)
    return {
        (night, teams[team_id], groups[group_id]): counts
        for (night, team_id, group_id), counts in cells.items()
    }


def expected_cells(log: StationLog, nights: set[date]) -> dict:
    return counts_from_log(
        [(night, (night, team, group), lines) for night, team, group, lines in log.visits],
        [(night, (night, team or "Khác", group)) for night, team, group in log.activations],
        nights,
    )


def test_each_cell_counts_what_was_entered_for_its_night_team_and_group(database, log):
    cells = cells_by_name(database, log, FIRST_NIGHT, SECOND_NIGHT)
    assert cells == expected_cells(log, BOTH)
    # Activations count on their own night for the team that collected the application
    # ("Khác" when none did), in the group of the resident's household.
    assert {team for _, team, _ in cells} == {TEAM_1, TEAM_2, "Khác"}
    assert all(any(counts.values()) for counts in cells.values())  # only cells with a count


def test_only_the_nights_asked_are_counted(database, log):
    for night in BOTH:
        assert cells_by_name(database, log, night, night) == expected_cells(log, {night})


def test_the_cells_add_up_by_team(database, log):
    with database.session() as session:
        cells = counts_by_cell(session, log.campaign_id, FIRST_NIGHT, SECOND_NIGHT)
    names = {team_id: name for name, team_id in log.teams.items()} | {None: "Khác"}
    by_team = {names[team_id]: counts for team_id, counts in counts_by_team(cells).items()}
    assert by_team == log.counts(BOTH, "team")
