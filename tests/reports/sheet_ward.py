"""A ward with a street map for the walk sheets' route maps, loaded as `map load` does.

Positions are metres east (x) and north (y) of the map's origin (tests.services.maps.
osm_files). The streets:

- "Đường Hoàng Liên", west to east at y = 300 from x = 0 to 900 (bending north at the
  end), in two ways that meet at x = 400; the police station is at (100, 320).
- "Phố Nguyễn Huệ", south to north at x = 600, crossing Hoàng Liên.
- "Đường Trần Hưng Đạo", a bow from (0, 100) to Nguyễn Huệ at (600, 100).
- "Phố Lê Lợi", a diagonal from Trần Hưng Đạo at (300, 40) to Hoàng Liên at (400, 300).
- "Phố Cốc Lếu", drawn from east to west (its name must still read left to right).
- "Ngõ 12 Hoàng Liên", a lane north from Hoàng Liên at x = 48; an unnamed footway.

Households stand 8 m off their street; ten of them share one building at (450, 308),
five more stand within a metre of each other at (520, 292).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.db.models import Household
from desktop.services.maps.loading import load_map
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.services.maps.osm_files import OsmMap, lat_lon
from tests.services.planning.builders import PLANNED_SERVICES, TEAM_MEMBERS, pending_household

MEETING_XY = (100.0, 320.0)
BUILDING_XY = (450.0, 308.0)
CLUSTER_XY = (520.0, 292.0)
STREET_NAMES = (
    "Đường Hoàng Liên",
    "Phố Nguyễn Huệ",
    "Đường Trần Hưng Đạo",
    "Phố Lê Lợi",
    "Phố Cốc Lếu",
    "Ngõ 12 Hoàng Liên",
)


def street_map() -> OsmMap:
    osm = OsmMap()
    west = [osm.node(x, 300) for x in (0, 48, 100, 200, 300, 400)]
    crossing = osm.node(600, 300)
    east = [west[-1], osm.node(500, 300), crossing, osm.node(750, 300), osm.node(900, 340)]
    osm.way(west, highway="residential", name="Đường Hoàng Liên")
    osm.way(east, highway="residential", name="Đường Hoàng Liên")
    south = osm.node(600, 0)
    corner = osm.node(600, 100)
    north = [crossing, osm.node(600, 450), osm.node(600, 650)]
    osm.way([south, corner, crossing], highway="tertiary", name="Phố Nguyễn Huệ")
    osm.way(north, highway="tertiary", name="Phố Nguyễn Huệ")
    bend = osm.node(300, 40)
    bow = [osm.node(0, 100), osm.node(150, 60), bend, osm.node(450, 60), corner]
    osm.way(bow, highway="residential", name="Đường Trần Hưng Đạo")
    osm.way([bend, osm.node(350, 170), west[-1]], highway="residential", name="Phố Lê Lợi")
    osm.way(
        [north[1], osm.node(450, 500), osm.node(250, 560)],
        highway="residential",
        name="Phố Cốc Lếu",
    )
    osm.way(
        [west[1], osm.node(48, 360), osm.node(48, 430)], highway="service", name="Ngõ 12 Hoàng Liên"
    )
    osm.way([west[2], osm.node(100, 200), osm.node(160, 150)], highway="footway")
    return osm


@dataclass
class SheetWard:
    households: dict[str, int] = field(default_factory=dict)
    teams: list[int] = field(default_factory=list)


# name → (house number, street, lane, x, y)
HOUSES = {
    **{
        f"hl{number}": (
            str(number),
            "đường Hoàng Liên",
            None,
            20.0 * number,
            300 + 8 * (-1) ** number,
        )
        for number in range(1, 16)
    },
    **{
        f"nh{number}": (str(number), "phố Nguyễn Huệ", None, 608.0, 320.0 + 25 * number)
        for number in range(1, 9)
    },
    **{
        f"ll{number}": (str(number), "phố Lê Lợi", None, 318.0 + 8 * number, 50.0 + 26 * number)
        for number in range(1, 5)
    },
    **{
        f"building{flat}": (f"{flat}", "đường Hoàng Liên", "ngõ 90", *BUILDING_XY)
        for flat in range(1, 11)
    },
    **{
        f"cluster{index}": (
            f"{60 + index}",
            "đường Hoàng Liên",
            None,
            CLUSTER_XY[0] + 0.2 * index,
            CLUSTER_XY[1] - 0.15 * index,
        )
        for index in range(5)
    },
}


def make_sheet_ward(session: Session, folder: Path, teams: int = 2) -> SheetWard:
    """The ward, its households with positions, a campaign, teams and the street map."""
    built = SheetWard()
    ward = make_ward(session)
    group = make_group(session, ward, "Tổ 1")
    for name, (number, street, lane, x, y) in HOUSES.items():
        household_id = pending_household(session, group, number, street=street, lane=lane)
        household = session.get(Household, household_id)
        household.lat, household.lon = lat_lon(x, y)
        built.households[name] = household_id
    campaign_id = make_campaign(session, services=PLANNED_SERVICES)
    for number in range(1, teams + 1):
        built.teams.append(
            make_team(
                session,
                campaign_id,
                name=f"Tổ công tác {number}",
                members=TEAM_MEMBERS[(number - 1) % len(TEAM_MEMBERS)],
            )
        )
    load_map(session, street_map().write_xml(folder / "phuong.osm"))
    return built


def meeting_point() -> tuple[float, float]:
    return lat_lon(*MEETING_XY)
