"""Search at city scale on SQLite and PostgreSQL side by side (issue 15, point 2).

    python bench/search.py --pg postgresql+psycopg://user:password@host/database

Runs the same searches of the household list on both databases in one run, turn about,
at 60,000 households: the first page the window shows at once (target 50 ms) and the
count the status bar shows a moment later from the background. Prints the median of
each on each database and their ratio (PostgreSQL / SQLite), and checks that both
databases find the same households.

SQLite: the cached demo ward of bench/registry.py (built once under bench/.cache/).
PostgreSQL: the database given (default: $DENKHUYA_BENCH_PG_URL); an empty one is filled
with the same demo ward first (same size and seed, so the same households). Opening
either upgrades it to this version's schema.

The machine is shared and noisy: medians over several runs, not single timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from registry import TODAY, demo_database  # noqa: E402

from desktop.services import registry  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402

PAGE_TARGET_MS = 50

# (what it stands for, text typed): rare and common names, a name half typed, an
# address, a number (not a word search: the same plan on both, for comparison).
SEARCHES = [
    ("full name, one household", "nguyen thi uoc"),
    ("full name being typed", "nguyen thi u"),
    ("common family name", "nguyen"),
    ("given name", "dung"),
    ("one letter", "h"),
    ("rare word", "uoc"),
    ("street", "hoang lien"),
    ("house and lane", "so 12 ngo 5"),
    ("phone prefix (not words)", "0912"),
]


def demo_on_server(url: str, households: int, seed: int) -> None:
    """Fill an empty PostgreSQL database with the demo ward (once)."""
    print(f"Tạo phường mẫu {households} hộ trên PostgreSQL (một lần)…", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "desktop", "--db", url, "demo", "--households", str(households),
         "--seed", str(seed), "--today", TODAY.isoformat()],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    print(f"  demo: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def households_in(database: Database) -> int:
    with database.session() as session:
        return registry.count_households(session, registry.HouseholdQuery(), TODAY)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def measure(databases: dict[str, Database], repeat: int) -> list[dict]:
    """For each search, the medians of page and count on each database, taken turn
    about (one run on each database, then the next run), with what each found."""
    sessions = {name: database.sessions() for name, database in databases.items()}
    rows = []
    try:
        for label, typed in SEARCHES:
            query = registry.HouseholdQuery(text=typed, sort=registry.SORT_BY_HEAD)
            timings = {(name, kind): [] for name in databases for kind in ("page", "count")}
            found = {}
            for _ in range(repeat):
                for name, session in sessions.items():
                    ms, page = timed(
                        lambda s=session, q=query: registry.list_households(s, q, TODAY)
                    )
                    timings[name, "page"].append(ms)
                    ms, count = timed(
                        lambda s=session, q=query: registry.count_households(s, q, TODAY)
                    )
                    timings[name, "count"].append(ms)
                    found[name] = ([row.id for row in page], count)
                    session.rollback()  # each run sees the database afresh, as the window does
            rows.append(
                {
                    "label": f"{label} “{typed}”",
                    "medians": {key: statistics.median(values) for key, values in timings.items()},
                    "found": found,
                }
            )
    finally:
        for session in sessions.values():
            session.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("DENKHUYA_BENCH_PG_URL"))
    parser.add_argument("--households", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--sqlite", help="use this SQLite database instead of the cached demo")
    args = parser.parse_args()
    if not args.pg:
        parser.error("give the PostgreSQL database: --pg URL (or DENKHUYA_BENCH_PG_URL)")

    databases = {"SQLite": open_database(args.sqlite or demo_database(args.households, args.seed))}
    databases["PostgreSQL"] = open_database(args.pg)
    if households_in(databases["PostgreSQL"]) == 0:
        databases["PostgreSQL"].close()
        demo_on_server(args.pg, args.households, args.seed)
        databases["PostgreSQL"] = open_database(args.pg)
    sizes = {name: households_in(database) for name, database in databases.items()}
    print(", ".join(f"{name}: {size:,} households" for name, size in sizes.items()))

    rows = measure(databases, args.repeat)
    header = (
        f"{'search (median ms)':<42} {'page SQLite':>11} {'page PG':>8} {'ratio':>6} "
        f"{'count SQLite':>12} {'count PG':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    differ = []
    for row in rows:
        medians = row["medians"]
        line = f"{row['label']:<42}"
        for kind, width in (("page", 11), ("count", 12)):
            lite, pg = medians["SQLite", kind], medians["PostgreSQL", kind]
            line += f" {lite:>{width}.1f} {pg:>{8 if kind == 'page' else 9}.1f} {pg / lite:>6.1f}"
        if medians["PostgreSQL", "page"] > PAGE_TARGET_MS:
            line += f"  ← page over {PAGE_TARGET_MS} ms on PostgreSQL"
        print(line)
        if (
            sizes["SQLite"] == sizes["PostgreSQL"]
            and len(set(map(repr, row["found"].values()))) > 1
        ):
            differ.append(row["label"])
    for label in differ:
        print(f"!! {label}: the two databases found different households", file=sys.stderr)
    for database in databases.values():
        database.close()
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
