"""How long `denkhuya demo` takes, and how much memory, at a city's size (issue #13, 7).

    python bench/demo.py [--households 60000] [--runs 1]

Makes the demo ward into a fresh SQLite file `--runs` times, each in a fresh process
through the same service as `denkhuya demo`, and prints the median wall time, the
peak resident memory of the process, the time of each step as its progress shows it
(households, map, locating, campaign) and, when the demo lays its map, how many
households it located from their addresses and how many it left unplaced.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One demo in a fresh process: prints {"seconds", "steps", "peak_kb", "summary"}.
_MEASURED = """
import json, resource, sys, time
from datetime import date
from desktop.services.database import open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from desktop.services.progress import Progress

class Timed(Progress):
    def __init__(self):
        super().__init__()
        self.steps = {}
        self.text = None
        self.since = time.perf_counter()

    def show(self, done, total, text):
        now = time.perf_counter()
        if text != self.text:
            if self.text is not None:
                self.steps[self.text] = self.steps.get(self.text, 0.0) + now - self.since
            self.text, self.since = text, now

started = time.perf_counter()
database = open_database(sys.argv[1])
options = DemoOptions(households=int(sys.argv[2]), today=date(2026, 11, 30))
progress = Timed()
with database.session(writing=True) as session:
    summary = create_demo_ward(session, options, progress)
progress.show(0, 0, "")
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "steps": progress.steps,
    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "summary": summary.as_json(),
}, ensure_ascii=False))
"""


def one_run(households: int, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, f"sqlite:///{path}", str(households)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="denkhuya-bench-demo-") as folder:
        for index in range(options.runs):
            runs.append(one_run(options.households, Path(folder) / f"demo-{index}.sqlite3"))
    steps: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for text, seconds in run["steps"].items():
            steps[text].append(seconds)
    print(f"demo --households {options.households:,}, {options.runs} lần chạy")
    print(f"  wall time (median): {statistics.median(r['seconds'] for r in runs):.1f} s")
    for text, seconds in steps.items():
        print(f"    {text:<45} {statistics.median(seconds):6.1f} s")
    peak = statistics.median(r["peak_kb"] for r in runs) / 1024
    print(f"  peak memory (median): {peak:,.0f} MB")
    ward_map = runs[-1]["summary"].get("map")
    if ward_map:
        print(
            f"  map: {ward_map['ways']:,} ways, {ward_map['address_points']:,} address points;"
            f" positions from the list: {ward_map['from_list']:,}; located:"
            f" {ward_map['located']:,} ({ward_map['by_address_point']:,} at address points);"
            f" unplaced: {len(ward_map['unplaced']):,}"
        )


if __name__ == "__main__":
    main()
