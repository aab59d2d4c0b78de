"""The street network on igraph against the scipy one it replaced (issue 16, size).

    python bench/street_network_engines.py [--stops 230] [--repeat 5] [--city PATH]

desktop/domain/street_network.py walked the streets with scipy (csgraph's Dijkstra and
connected components, a k-d tree to snap the houses), some 46 MB of the Windows folder
with scipy's own OpenBLAS; it now uses igraph and a numpy grid. This runs both, in one
process on the same input, and prints the medians of:

1. building the network (largest part, snapping every placed house, the joined graph);
2. the walk matrix between `--stops` stops (the meeting point and households drawn at
   random), as the planner asks for it: `rows` from each stop, its stops' columns;
3. drawing 200 legs between those stops (`path`, with the planner's search limit);

and checks that the two agree: the same snapping (feet, perpendiculars), walks equal
within 1e-6 m, and the legs' lengths equal (the paths themselves where they are unique).

Maps: the demo ward of 2,000 households (made once under bench/.cache/ by `denkhuya
demo`, which lays its streets as the ward's map), the demo city of 60,000 households
of bench/plan_memory.py (its cache, when it has been made; `--city` for another file),
and a synthetic 8 × 8 km street grid every 40 m with 60,000 houses beside its streets
(the largest: some 80,000 street nodes). The scipy engine is the module as it was at
commit 7a3f82d, read with git (scipy must be installed: `pip install scipy`).
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain import street_network as igraph_engine  # noqa: E402
from desktop.services.planning.geometry import to_metres  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
SCIPY_COMMIT = "7a3f82d"
TODAY = "2026-11-30"


def scipy_engine() -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{SCIPY_COMMIT}:desktop/domain/street_network.py"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    spec = importlib.util.spec_from_loader("street_network_scipy", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, "street_network_scipy.py", "exec"), module.__dict__)  # noqa: S102
    return module


def demo_ward(households: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"streets-demo-{households}.sqlite3"
    if not path.exists():
        print(f"Tạo phường mẫu {households:,} hộ (một lần)…", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "desktop", "--db", f"sqlite:///{path}", "demo",
             "--households", str(households), "--seed", "1", "--today", TODAY],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
    return path


def from_database(path: Path) -> tuple[list, np.ndarray, np.ndarray]:
    """(ways, points, placed) as the planner builds them: metres from the station, the
    station first (the meeting point), then every household."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        station = connection.execute("SELECT station_lat, station_lon FROM ward").fetchone()
        ways = connection.execute("SELECT node_ids, coords FROM map_way ORDER BY id").fetchall()
        houses = connection.execute("SELECT lat, lon FROM household ORDER BY id").fetchall()
    pieces = [
        (np.frombuffer(ids, dtype="<i8").astype(np.int64),
         to_metres(np.frombuffer(coords, dtype="<i4").reshape(-1, 2) / 1e7, station))
        for ids, coords in ways
    ]  # fmt: skip
    placed = np.asarray([True, *(lat is not None for lat, _ in houses)])
    lat_lon = [station, *((lat, lon) for lat, lon in houses if lat is not None)]
    points = np.zeros((len(placed), 2))
    points[placed] = to_metres(lat_lon, station)
    return pieces, points, placed


def street_grid(side_m: float, spacing: float, houses: int) -> tuple[list, np.ndarray, np.ndarray]:
    """A square grid of streets, nodes every `spacing` metres, houses beside them."""
    steps = np.arange(-side_m / 2, side_m / 2 + 1, spacing)
    count = len(steps)
    node = np.arange(count * count, dtype=np.int64).reshape(count, count) + 1  # [row, column]
    pieces = []
    for row in range(count):
        xy = np.column_stack([steps, np.full(count, steps[row])])
        pieces.append((node[row], xy))
    for column in range(count):
        xy = np.column_stack([np.full(count, steps[column]), steps])
        pieces.append((node[:, column], xy))
    rng = np.random.default_rng(1)
    along = rng.uniform(-side_m / 2, side_m / 2, houses)
    street = steps[rng.integers(0, count, houses)]
    beside = rng.uniform(-spacing / 2, spacing / 2, houses)
    vertical = rng.random(houses) < 0.5
    xy = np.where(
        vertical[:, None],
        np.column_stack([street + beside, along]),
        np.column_stack([along, street + beside]),
    )
    points = np.vstack([[0.0, 0.0], xy])
    return pieces, points, np.ones(len(points), dtype=bool)


def timed(function, repeat: int) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def compare(name: str, data, stops: int, repeat: int, engines: dict) -> None:
    ways, points, placed = data
    rng = np.random.default_rng(7)
    placed_nodes = np.flatnonzero(placed[1:]) + 1
    chosen = np.concatenate([[0], rng.choice(placed_nodes, stops - 1, replace=False)])
    legs = [tuple(pair) for pair in rng.choice(chosen, (200, 2))]
    print(f"\n{name}: {len(ways):,} ways, {int(placed.sum()):,} placed points, {stops} stops")
    built, matrices, drawn = {}, {}, {}
    for label, module in engines.items():
        seconds, network = timed(lambda m=module: m.StreetNetwork(ways, points, placed), repeat)
        built[label] = network
        matrix_seconds, matrix = timed(lambda n=network: n.rows(chosen)[:, chosen], repeat)
        matrices[label] = matrix

        def draw(n=network):
            return [n.path(a, b, limit=2.0 * float(np.hypot(*(points[a] - points[b]))) + 300)
                    for a, b in legs]  # fmt: skip

        leg_seconds, paths = timed(draw, repeat)
        drawn[label] = paths
        print(
            f"   {label:7} build {seconds:6.3f} s   walk matrix {matrix_seconds:6.3f} s"
            f"   200 legs {leg_seconds:6.3f} s   ({network.graph_nodes:,} graph nodes)"
        )
    old, new = built["scipy"], built["igraph"]
    same_snap = (
        np.array_equal(old.graph_node, new.graph_node)
        and np.allclose(old.offset, new.offset, equal_nan=True)
        and np.allclose(old.foot, new.foot, equal_nan=True)
    )
    gap = np.nanmax(
        np.abs(np.where(np.isinf(matrices["scipy"]), 0, matrices["scipy"] - matrices["igraph"]))
    )
    same_inf = np.array_equal(np.isinf(matrices["scipy"]), np.isinf(matrices["igraph"]))

    def length(path: np.ndarray) -> float:
        return float(np.hypot(*np.diff(path, axis=0).T).sum()) if len(path) > 1 else 0.0

    leg_gap = max(
        abs(length(a) - length(b)) for a, b in zip(drawn["scipy"], drawn["igraph"], strict=True)
    )
    same_legs = sum(
        len(a) == len(b) and np.allclose(a, b)
        for a, b in zip(drawn["scipy"], drawn["igraph"], strict=True)
    )
    found = [
        bool(len(a)) == bool(len(b)) for a, b in zip(drawn["scipy"], drawn["igraph"], strict=True)
    ]
    print(
        f"   agree: snapping {'same' if same_snap else 'DIFFERENT'}; walks max gap {gap:.2e} m"
        f" (unreachable {'same' if same_inf else 'DIFFERENT'}); legs found alike "
        f"{sum(found)}/200, same vertices {same_legs}/200, length max gap {leg_gap:.2e} m"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=230)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--city", type=Path, default=CACHE / "plan-memory-60000-map.sqlite3")
    parser.add_argument("--no-grid", action="store_true")
    args = parser.parse_args()
    engines = {"scipy": scipy_engine(), "igraph": igraph_engine}
    compare("Demo ward, 2,000 households", from_database(demo_ward(2000)), args.stops,
            args.repeat, engines)  # fmt: skip
    if args.city.exists():
        compare(f"Demo city ({args.city.name})", from_database(args.city), args.stops,
                args.repeat, engines)  # fmt: skip
    else:
        print(f"\n(no {args.city}: run bench/plan_memory.py once to make the demo city)")
    if not args.no_grid:
        compare("Street grid 8 × 8 km every 40 m, 60,000 houses",
                street_grid(8_000.0, 40.0, 60_000), args.stops, args.repeat, engines)  # fmt: skip


if __name__ == "__main__":
    main()
