"""Time and peak memory of `map load` and `map locate` (issue #13, item 1 and 3).

    python bench/map_load.py [--country-nodes 8000000] [--ward-streets 40] [--households 5000]

Writes (once, cached under bench/.cache/) two synthetic OpenStreetMap extracts with
pyosmium: a ward-sized one (a grid of named streets and lanes with address points, the
ward's boundary) and a "country" one (the same ward plus `--country-nodes` nodes in
ways spread over Vietnam). Each is loaded by `denkhuya map load` in a fresh process,
which reports its peak resident memory, into a database with a ward of `--households`
households without positions; then `map locate` places them. The country file is
loaded twice: as its size makes the program read it (every node in pyosmium's index
up to 64 MB), and as a file over 64 MB is read (the area's nodes only), whose memory
does not grow with the file. Targets: a ward-sized file in ≤ 10 s, a whole country
(Vietnam: some 35 million nodes, 300 MB) in ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"
ORIGIN = (22.48, 103.96)
_M_LAT, _M_LON = 110_574.0, 102_300.0
_STREET_GAP_M = 80.0

# The peak of this process's own memory (VmHWM): ru_maxrss would carry over the peak of
# the benchmark process it was forked from, which wrote the extracts.
_MEASURED = (
    "import sys\n"
    "from desktop import cli\n"
    "from desktop.commands import map as map_command, station\n"
    "cli.COMMAND_MODULES = [*cli.COMMAND_MODULES, *[m for m in (map_command, station)\n"
    "                       if m not in cli.COMMAND_MODULES]]\n"
    "if sys.argv[1] == 'area-nodes':\n"
    "    from desktop.services.maps import osm_reader\n"
    "    osm_reader.EVERY_NODE_INDEX_BYTES = 0\n"
    "code = cli.run(sys.argv[2:])\n"
    "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
    "print(peak.split()[1], file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _point(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a point x metres east and y north of ORIGIN."""
    return (ORIGIN[1] + x / _M_LON, ORIGIN[0] + y / _M_LAT)


def write_extract(path: Path, streets: int, filler_nodes: int) -> None:
    """The ward's grid of streets (and, for a country, filler ways all over Vietnam)."""
    import osmium

    writer = osmium.SimpleWriter(str(path), overwrite=True)
    node_id, way_id = 1, 1
    ways: list[osmium.osm.mutable.Way] = []
    size = streets * _STREET_GAP_M

    def node(x: float, y: float, **tags: str) -> int:
        nonlocal node_id
        writer.add_node(osmium.osm.mutable.Node(id=node_id, location=_point(x, y), tags=tags))
        node_id += 1
        return node_id - 1

    def way(nodes: list[int], **tags: str) -> None:
        nonlocal way_id
        ways.append(osmium.osm.mutable.Way(id=way_id, nodes=nodes, tags=tags))
        way_id += 1

    corners = [node(x, y) for x, y in ((-100, -100), (size + 100, -100),
                                       (size + 100, size + 100), (-100, size + 100))]  # fmt: skip
    boundary_way = way_id
    way([*corners, corners[0]], boundary="administrative")
    for row in range(streets):
        y = row * _STREET_GAP_M
        nodes = [node(column * 20.0, y) for column in range(int(size / 20) + 1)]
        way(nodes, highway="residential", name=f"Phố Số {row + 1}")
        for number in range(1, 120, 7):  # every seventh house has an address point
            side = 8 if number % 2 else -8
            node(number * 4.0, y + side, **{"addr:housenumber": str(number),
                                           "addr:street": f"Phố Số {row + 1}"})  # fmt: skip
        lane = [nodes[5], node(100, y + 30), node(100, y + 60)]
        way(lane, highway="service", name=f"Ngõ 24 Phố Số {row + 1}")
    for column in range(streets):
        x = column * _STREET_GAP_M + 10
        way([node(x, y * 20.0) for y in range(int(size / 20) + 1)], highway="footway")
    random.seed(13)
    for start in range(0, filler_nodes, 10):
        lon, lat = 102.2 + random.random() * 7.3, 8.6 + random.random() * 14.6
        nodes = [
            node((lon - ORIGIN[1]) * _M_LON + i * 15, (lat - ORIGIN[0]) * _M_LAT)
            for i in range(min(10, filler_nodes - start))
        ]
        kind = start // 10 % 3
        tags = ({"highway": "residential", "name": "Phố Khác"} if kind == 0 else
                {"building": "yes"} if kind == 1 else {"landuse": "farmland"})  # fmt: skip
        way(nodes, **tags)
    for item in ways:
        writer.add_way(item)
    writer.add_relation(
        osmium.osm.mutable.Relation(
            id=1,
            members=[("w", boundary_way, "outer")],
            tags={"type": "boundary", "boundary": "administrative", "name": "Phường Cốc Lếu"},
        )
    )
    writer.close()


def extract(name: str, streets: int, filler_nodes: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"map-{name}-{streets}-{filler_nodes}.osm.pbf"
    if not path.exists():
        print(f"Viết tệp bản đồ mẫu {path.name} (một lần)…", file=sys.stderr)
        write_extract(path, streets, filler_nodes)
    return path


def ward_database(folder: Path, streets: int, households: int) -> str:
    """A ward whose households live on the grid's streets and lanes, without positions."""
    from sqlalchemy import insert

    from desktop.db.models import Household
    from desktop.services import wards
    from desktop.services.database import open_database
    from desktop.services.households import HouseholdInput, address_columns, next_household_codes

    url = f"sqlite:///{folder / 'ward.sqlite3'}"
    database = open_database(url)
    with database.session() as session:
        ward = wards.create_ward(session, wards.WardInput(name="Cốc Lếu", province="Lào Cai"))
        group = wards.find_or_create_group(session, ward, "Tổ 1")
        codes = next_household_codes(session, ward, households)
        rows = []
        for index, code in enumerate(codes):
            street = f"phố Số {index % streets + 1}"
            lane = "ngõ 24" if index % 5 == 0 else "ngõ 48" if index % 5 == 1 else None
            data = HouseholdInput(group_id=group.id, house_number=str(index // streets + 1),
                                  lane=lane, street=street)  # fmt: skip
            rows.append({"code": code, "group_id": group.id, "house_number": data.house_number,
                         "lane": lane, "street": street, "version": 1,
                         **address_columns(data)})  # fmt: skip
        session.execute(insert(Household), rows)
    database.close()
    return url


def run(url: str, *command: str, index: str = "auto") -> tuple[float, float, dict]:
    """(seconds, peak MB, JSON) of one command in a fresh process; `index` "area-nodes"
    reads any file as a country's (the area's nodes only)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, index, "--db", url, *command, "--json"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--country-nodes", type=int, default=8_000_000)
    parser.add_argument("--ward-streets", type=int, default=40)
    parser.add_argument("--households", type=int, default=5_000)
    options = parser.parse_args()
    ward_file = extract("phuong", options.ward_streets, 0)
    country_file = extract("ca-nuoc", options.ward_streets, options.country_nodes)
    with tempfile.TemporaryDirectory() as folder:
        url = ward_database(Path(folder), options.ward_streets, options.households)
        for label, path, index in (
            ("phường", ward_file, "auto"),
            ("“cả nước”, mọi điểm trong chỉ mục", country_file, "auto"),
            ("“cả nước”, chỉ điểm trong phường", country_file, "area-nodes"),
        ):
            seconds, peak, data = run(url, "map", "load", str(path), index=index)
            megabytes = path.stat().st_size / 2**20
            print(
                f"map load, tệp {label} {megabytes:,.1f} MB: {seconds:.1f} s, đỉnh bộ nhớ "
                f"{peak:,.0f} MB; {data['ways']} đường, {data['named_streets']} tên phố, "
                f"{data['address_points']} điểm địa chỉ"
            )
        seconds, peak, data = run(url, "map", "locate", index="auto")
        print(
            f"map locate, {options.households:,} hộ: {seconds:.1f} s, đỉnh bộ nhớ "
            f"{peak:,.0f} MB; {data['located']} định vị ({data['by_address_point']} theo điểm "
            f"địa chỉ, {data['interpolated']} nội suy), {len(data['unplaced'])} chưa định vị"
        )


if __name__ == "__main__":
    main()
