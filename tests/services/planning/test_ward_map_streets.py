"""What the planning map draws from the loaded map: its ways in metres, drawn by kind,
the lines their names are written along, and which households' positions are estimates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop.db.models import Household
from desktop.domain.positions import CONFIRMED
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from desktop.services.planning.streets import load_street_ways
from desktop.services.planning.ward_map import (
    LANE,
    PATH,
    STEPS,
    STREET,
    located_households,
    map_streets,
    way_kind,
)
from tests.builders import add_household, make_group, make_ward
from tests.services.maps.osm_files import (
    HOANG_LIEN_Y,
    LANE_12_X,
    NGUYEN_HUE_X,
    ORIGIN,
    lat_lon,
    write_ward,
)


@pytest.fixture
def ways(database, tmp_path: Path):
    with database.session() as session:
        make_ward(session)
        load_map(session, write_ward(tmp_path))
        return load_street_ways(session)


def test_every_walkable_way_is_in_metres_and_drawn_by_its_kind(ways) -> None:
    streets = map_streets(ways, ORIGIN)
    assert len(streets) == len(ways) == 9
    kinds = {way.name: int(kind) for way, kind in zip(ways, streets.kinds, strict=True)}
    assert kinds["Đường Hoàng Liên"] == STREET
    assert kinds["Phố Nguyễn Huệ"] == STREET  # also its bridge
    assert kinds["Ngõ 12 Hoàng Liên"] == LANE
    assert sorted(int(kind) for way, kind in zip(ways, streets.kinds, strict=True)
                  if way.name is None) == [PATH, STEPS]  # fmt: skip
    # Hoàng Liên runs west to east 300 m north of the origin, from x = 0 to x = 800.
    hoang_lien = [i for i, way in enumerate(ways) if way.name == "Đường Hoàng Liên"]
    points = np.vstack([streets.line(i) for i in hoang_lien])
    assert points[:, 1] == pytest.approx(HOANG_LIEN_Y, abs=0.05)
    assert (points[:, 0].min(), points[:, 0].max()) == pytest.approx((0, 800), abs=0.05)
    for index in hoang_lien:
        low, high = streets.line(index).min(axis=0), streets.line(index).max(axis=0)
        assert streets.boxes[index] == pytest.approx([*low, *high])


def test_a_street_cut_into_several_ways_is_one_line_to_name_the_streets_first(ways) -> None:
    names = map_streets(ways, ORIGIN).names
    assert [(line.name, line.kind) for line in names] == [
        ("Đường Hoàng Liên", STREET),  # two ways, 800 m
        ("Phố Bờ Bắc", STREET),  # 750 m
        ("Phố Nguyễn Huệ", STREET),  # three ways with the bridge, 600 m
        ("Ngõ 12 Hoàng Liên", LANE),
    ]
    hoang_lien, _, nguyen_hue, lane = names
    assert hoang_lien.length == pytest.approx(800, abs=0.5)
    assert nguyen_hue.length == pytest.approx(600, abs=0.5)
    assert nguyen_hue.points[:, 0] == pytest.approx(NGUYEN_HUE_X, abs=0.05)
    assert lane.points[:, 0] == pytest.approx(LANE_12_X, abs=0.05)


def test_the_metres_are_around_the_origin_asked_for(ways) -> None:
    origin = lat_lon(100, 50)
    hoang_lien = map_streets(ways, origin).names[0]
    assert hoang_lien.points[:, 1] == pytest.approx(HOANG_LIEN_Y - 50, abs=0.05)


@pytest.mark.parametrize(
    ("highway", "name", "kind"),
    [
        ("tertiary", "Phố Nguyễn Huệ", STREET),
        ("residential", None, STREET),
        ("residential", "Ngõ 5 Lê Lợi", LANE),  # mapped as a street, named as a lane
        ("residential", "ngách 12/4 Hoàng Liên", LANE),
        ("primary", "Ngõ Quốc lộ", STREET),  # a main road stays a street whatever its name
        ("service", None, LANE),
        ("track", None, LANE),
        ("footway", "Ngõ 3", LANE),
        ("footway", None, PATH),
        ("path", None, PATH),
        ("steps", "Ngõ 7", STEPS),
    ],
)
def test_what_a_way_is_drawn_as(highway: str, name: str | None, kind: int) -> None:
    assert way_kind(highway, name) == kind


def test_no_map_no_streets() -> None:
    streets = map_streets((), ORIGIN)
    assert len(streets) == 0 and streets.names == () and streets.bounds() is None


def test_positions_map_locate_worked_out_are_estimates_until_confirmed(
    database, tmp_path: Path
) -> None:
    with database.session() as session:
        group = make_group(session, make_ward(session))
        placed = add_household(
            session, group, street="Hoàng Liên", house_number="20", lat=None, lon=None
        )
        confirmed = add_household(
            session, group, street="Hoàng Liên", house_number="41", lat=None, lon=None
        )
        listed = add_household(session, group, street="Hoàng Liên", house_number="7",
                               lat=22.4801, lon=103.9601)  # fmt: skip
        session.get(Household, listed).position_source = None  # as an import writes it
        load_map(session, write_ward(tmp_path))
    with database.session() as session:
        assert locate_households(session).located == 2
        session.get(Household, confirmed).position_source = CONFIRMED
    with database.session() as session:
        estimated = {point.household_id: point.estimated for point in located_households(session)}
    assert estimated == {placed: True, confirmed: False, listed: False}
