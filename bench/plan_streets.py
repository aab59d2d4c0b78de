"""Night route planning along streets: the issue #13 targets with a loaded street map.

    python bench/plan_streets.py [--households 2000] [--spacing 60] [--repeat 3]

Takes bench/plan.py's cached demo ward, gives it a generated street grid (streets
every `--spacing` metres over 3 × 3 km around the station, crossed 300 m north of it
by a river with one bridge) in the map tables `map load` fills, then prints:

1. end to end through the service for 8 teams over the whole ward (target ≤ 10 s),
   with the snapping and street network's size;
2. each route's walking order against a strong reference tour of the same stops,
   measured along the streets (target ≤ 3 %);
3. how much longer the walks are along the streets than the straight lines.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sqlalchemy import delete, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from plan import TEAMS, TODAY, demo_database, tour_quality  # noqa: E402

from desktop.db.models import MapWay  # noqa: E402
from desktop.services.database import open_database  # noqa: E402
from desktop.services.planning import PlanRequest, load_planning_input, plan_night  # noqa: E402
from desktop.services.planning.geometry import to_lat_lon  # noqa: E402
from desktop.services.planning.network import walking_map  # noqa: E402
from desktop.services.wards import current_ward  # noqa: E402

HALF_SIDE_M = 1_500.0
RIVER_NORTH_M = 300.0


def grid_ways(station: tuple[float, float], spacing: float) -> list[dict]:
    """MapWay rows of a street grid around the station, a river cut by one bridge."""
    steps = np.arange(-HALF_SIDE_M, HALF_SIDE_M + 1, spacing)
    count = len(steps)
    river_row = int(np.searchsorted(steps, RIVER_NORTH_M))  # first row north of the river
    bridge_column = int(np.searchsorted(steps, 0.0))

    def node_id(column: int, row: int) -> int:
        return 1 + row * count + column

    def row_of(ids: list[int], points: list[tuple[float, float]], name: str) -> dict:
        lat_lon = np.asarray([to_lat_lon(point, station) for point in points])
        coords = np.rint(lat_lon * 1e7).astype("<i4")
        return {
            "osm_id": len(ids) * 1_000_003 + ids[0],
            "name": name,
            "name_key": None,
            "other_names": None,
            "highway": "residential",
            "bridge": False,
            "node_ids": np.asarray(ids, dtype="<i8").tobytes(),
            "coords": coords.tobytes(),
        }

    rows = []
    for row in range(count):
        ids = [node_id(column, row) for column in range(count)]
        points = [(float(x), float(steps[row])) for x in steps]
        rows.append(row_of(ids, points, f"Phố Ngang {row + 1}"))
    for column in range(count):
        pieces = (
            [range(count)]
            if column == bridge_column
            else [range(river_row), range(river_row, count)]
        )
        for piece in pieces:
            ids = [node_id(column, row) for row in piece]
            points = [(float(steps[column]), float(steps[row])) for row in piece]
            if len(ids) >= 2:
                rows.append(row_of(ids, points, f"Phố Dọc {column + 1}"))
    return rows


def with_street_grid(url: str, spacing: float) -> str:
    """A copy of the cached ward with the street grid as its map."""
    source = Path(url.removeprefix("sqlite:///"))
    copy = source.with_name(source.stem + f"-grid{spacing:g}.sqlite3")
    shutil.copyfile(source, copy)
    database = open_database(f"sqlite:///{copy}")
    with database.session() as session:
        ward = current_ward(session)
        station = (ward.station_lat, ward.station_lon)
        session.execute(delete(MapWay))
        session.execute(insert(MapWay.__table__), grid_ways(station, spacing))
    database.close()
    return f"sqlite:///{copy}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spacing", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = with_street_grid(demo_database(args.households, args.seed), args.spacing)

    print(f"1. End to end along the streets: {TEAMS} teams, whole ward (target ≤ 10 s)")
    database = open_database(url)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        with database.session() as session:
            planning = load_planning_input(session, PlanRequest(day=TODAY, team_count=TEAMS))
        read = time.perf_counter() - started
        network = walking_map(planning)
        snapped = time.perf_counter() - started
        plan = plan_night(planning)
        total = time.perf_counter() - started
        timings.append(total)
        print(f"   candidates {len(planning.candidates)}, {len(planning.streets)} ways, "
              f"{network.streets.graph_nodes} graph nodes: read + map {read:.2f} s "
              f"(snap {snapped - read:.2f} s), total {total:.2f} s, "
              f"services {plan.expected_services}")  # fmt: skip
    database.close()
    print(f"   median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s")

    print("\n2. Walking order against the best tour along the streets (target ≤ 3 %)")
    tour_quality("default settings", planning, plan)

    print("\n3. Walks along the streets against straight lines")
    for route in plan.routes:
        nodes = [0, *(walking_map(planning).node(stop.household_id) for stop in route.stops), 0]
        straight = sum(network.straight[a, b] for a, b in zip(nodes, nodes[1:], strict=False))
        ratio = route.walk_m / max(straight, 1.0)
        print(f"   {route.team_name}: {len(route.stops)} stops, {route.walk_m:.0f} m along "
              f"the streets, {straight:.0f} m straight ({ratio:.2f}×)")  # fmt: skip


if __name__ == "__main__":
    main()
