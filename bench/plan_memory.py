"""Peak memory and time of planning a whole ward or city in one go (issue #11, E).

    python bench/plan_memory.py [--households 60000] [--teams 8] [--runs 3]

Builds (once, cached under bench/.cache/) a demo ward of that size with its campaign
and its map (the demo lays its streets as the ward's map and places the households on
it, issue #13 item 7), then runs `denkhuya plan --json` over every pending household
`--runs` times, each in a fresh process, and prints the median wall time and the peak
resident memory of the process (target ≤ 1 GB, issue #13 item 5: walks along the
map's streets; before the pair-by-pair walking map, 57,433 candidates asked for one
26 GB matrix and failed with MemoryError).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
DENKHUYA = [sys.executable, "-m", "desktop"]


def demo_database(households: int) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    # "-map": made by a demo that lays its map (an older cache has straight lines only).
    path = CACHE / f"plan-memory-{households}-map.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"Tạo phường mẫu {households:,} hộ (một lần)…", file=sys.stderr)
        subprocess.run([*DENKHUYA, "--db", url, "demo", "--households", str(households)],
                       check=True, cwd=ROOT)  # fmt: skip
    return url


# `denkhuya` run in a fresh process that prints its own peak memory (kB) on its last
# stderr line.
_MEASURED = (
    "import resource, sys\n"
    "from desktop.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def one_run(url: str, teams: int) -> tuple[float, float, dict]:
    """(seconds, peak MB of the plan process, plan JSON)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "--db", url, "plan", "--teams", str(teams), "--json"],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, json.loads(done.stdout)


def map_facts(url: str) -> str:
    """The ward's map and positions, as the plan walks them."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        (ways,) = connection.execute("SELECT count(*) FROM map_way").fetchone()
        (placed,) = connection.execute(
            "SELECT count(*) FROM household WHERE lat IS NOT NULL"
        ).fetchone()
        (households,) = connection.execute("SELECT count(*) FROM household").fetchone()
    return f"map: {ways:,} ways; households with a position: {placed:,} of {households:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    url = demo_database(options.households)
    times, peaks = [], []
    for _ in range(options.runs):
        seconds, peak, plan = one_run(url, options.teams)
        times.append(seconds)
        peaks.append(peak)
    routes = plan.get("routes", [])
    print(f"{options.households:,} hộ, {options.teams} tổ, {options.runs} lần chạy")
    print(f"  {map_facts(url)}")
    print(f"  households planned: {sum(len(r.get('stops', [])) for r in routes)}")
    print(f"  wall time (median): {statistics.median(times):.1f} s")
    print(f"  peak memory of the plan process (median): {statistics.median(peaks):,.0f} MB"
          f" (max {max(peaks):,.0f}; target 1,024)")  # fmt: skip


if __name__ == "__main__":
    main()
