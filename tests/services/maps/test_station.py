"""The station's location: set (audited), refused outside Vietnam, the plans' meeting point."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.domain.errors import UserError
from desktop.services import wards
from desktop.services.planning import PlanRequest, load_planning_input
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward


def test_setting_the_station_moves_every_plans_meeting_point(database):
    with database.session() as session:
        make_small_ward(session, households=3, teams=1)
    with database.session() as session:
        station = wards.set_station_location(session, 22.4829, 103.961)
    assert (station.name, station.lat, station.lon) == ("Công an phường Cốc Lếu", 22.4829, 103.961)
    request = PlanRequest(day=TODAY, starts_at=time(19), ends_at=time(22))
    with database.session() as session:
        planning = load_planning_input(session, request)
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "ward")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert planning.meeting_point == (22.4829, 103.961)
    assert planning.meeting_label == "Trụ sở Công an phường Cốc Lếu"
    assert entry.action == "update"
    assert entry.changes == {"station_lat": [22.49, 22.4829], "station_lon": [103.97, 103.961]}


@pytest.mark.parametrize(
    ("lat", "lon", "sentence"),
    [
        (103.96, 22.48, "Vĩ độ 103,96 của trụ sở nằm ngoài lãnh thổ Việt Nam"),
        (22.48, 120.5, "Kinh độ 120,5 của trụ sở nằm ngoài lãnh thổ Việt Nam"),
    ],
)
def test_a_station_outside_vietnam_is_refused_and_nothing_changes(database, lat, lon, sentence):
    with database.session() as session:
        make_small_ward(session, households=1, teams=1)
    with pytest.raises(UserError, match=sentence), database.session() as session:
        wards.set_station_location(session, lat, lon)
    with database.session() as session:
        station = wards.station_location(session)
    assert (station.lat, station.lon) == (22.49, 103.97)


def test_without_a_station_the_notice_says_how_to_set_it(database):
    with database.session() as session:
        make_small_ward(session, households=3, teams=1)
        ward = wards.current_ward(session)
        ward.station_lat = ward.station_lon = None
    request = PlanRequest(day=TODAY, starts_at=time(19), ends_at=time(22))
    with database.session() as session:
        planning = load_planning_input(session, request)
    assert any("denkhuya station LAT,LON" in notice for notice in planning.notices)
