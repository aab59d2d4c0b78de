"""Registry speed at city scale: start-up, search, sort and paging (issue #2, item 6).

    python bench/registry.py --households 60000

Builds (once, cached under bench/.cache/) a demo ward of that size, then prints the
median of each measure next to the issue's target:

- first window: from starting `python -m desktop` to the main window's first paint,
  measured by the program itself (DENKHUYA_EXIT_AFTER_SHOW=1) and from outside;
- search: the first page of households for a typed search, which the window shows at
  once, and the count of all of them, which the status bar shows a moment later;
- sort by name: the first page of the whole ward ordered by the head's name;
- next page: the page after a row deep in the list.

The machine is shared and noisy: medians over several runs, not single timings.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.services import registry  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402

TODAY = date(2026, 11, 30)


def demo_database(households: int, seed: int) -> str:
    """A cached demo database of the size asked for."""
    cache = ROOT / "bench" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"registry-{households}-seed{seed}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"Tạo phường mẫu {households} hộ (một lần)…", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "--db",
                url,
                "demo",
                "--households",
                str(households),
                "--seed",
                str(seed),
                "--today",
                TODAY.isoformat(),
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"  demo: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return url


def median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def first_window_ms(url: str, repeat: int) -> tuple[float, float]:
    """(inside, outside): process start to first paint as the app measures it, and the
    wall time of the whole run (start, paint, quit) seen from here."""
    inside, outside = [], []
    environment = {**os.environ, "DENKHUYA_EXIT_AFTER_SHOW": "1"}
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", url],
            capture_output=True,
            text=True,
            env=environment,
            cwd=ROOT,
            check=True,
        )
        outside.append((time.perf_counter() - started) * 1000)
        # {"first_paint_ms": from process start, "since_run_gui_ms": from entering run_gui}
        inside.append(json.loads(process.stdout.strip().splitlines()[-1])["first_paint_ms"])
    return statistics.median(inside), statistics.median(outside)


def measure(database: Database, repeat: int) -> list[tuple[str, float, float]]:
    results = []
    with database.session() as session:

        def page(query: registry.HouseholdQuery, after=None) -> list:
            return registry.list_households(session, query, TODAY, after=after)

        def count(query: registry.HouseholdQuery) -> int:
            return registry.count_households(session, query, TODAY)

        for label, text in [
            ("search: full name “nguyen thi uoc”", "nguyen thi uoc"),
            ("search: common family name “nguyen”", "nguyen"),
            ("search: given name “dung”", "dung"),
            ("search: ID number prefix “0101”", "0101"),
            ("search: phone “0912”", "0912"),
            ("search: street “hoang lien”", "hoang lien"),
        ]:
            query = registry.HouseholdQuery(text=text, sort=registry.SORT_BY_HEAD)
            # The window shows the first page as soon as it has it; the count for the
            # status bar ("Đang hiện: N hộ") follows from the background.
            results.append((label, median_ms(lambda q=query: page(q), repeat), 50))
            results.append(
                ("  then its count (background)", median_ms(lambda q=query: count(q), repeat), None)
            )
        for label, descending in [("sort by name, A→Z", False), ("sort by name, Z→A", True)]:
            query = registry.HouseholdQuery(sort=registry.SORT_BY_HEAD, descending=descending)
            results.append((label, median_ms(lambda q=query: page(q), repeat), 200))
        for sort in (registry.SORT_BY_HEAD, registry.SORT_BY_ADDRESS):
            query = registry.HouseholdQuery(sort=sort)
            rows = page(query)
            cursors = []
            for _ in range(100):  # walk 20,000 rows deep, keeping every cursor
                cursors.append((rows[-1].sort_value, rows[-1].id))
                rows = page(query, cursors[-1])
            deep = cursors[-1]
            results.append(
                (
                    f"next page at row 20,000 ({sort})",
                    median_ms(lambda q=query, d=deep: page(q, d), repeat),
                    20,
                )
            )
        group_id = registry.ward_overview(session, TODAY).groups[0].id
        query = registry.HouseholdQuery(group_id=group_id, quick_filter=registry.PENDING_LEVEL2)
        results.append(
            ("one group, “chưa kích hoạt mức 2”", median_ms(lambda: page(query), repeat), 50)
        )
        results.append(
            (
                "ward tree (counts of every group)",
                median_ms(lambda: registry.ward_overview(session, TODAY), repeat),
                2000,
            )
        )
        results.append(
            (
                "count for the status bar (whole ward)",
                median_ms(
                    lambda: registry.count_households(session, registry.HouseholdQuery(), TODAY),
                    repeat,
                ),
                2000,
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--db", help="use this database instead of a cached demo")
    args = parser.parse_args()

    url = args.db or demo_database(args.households, args.seed)
    database = open_database(url)
    with database.session() as session:
        overview = registry.ward_overview(session, TODAY)
    print(f"{overview.households:,} households, {overview.residents:,} residents")
    print(f"{'measure':<44} {'median ms':>10} {'target ms':>10}")
    inside, outside = first_window_ms(url, max(3, args.repeat // 2))
    print(f"{'first window painted (measured in the app)':<44} {inside:>10.0f} {2000:>10}")
    print(f"{'whole run: start, paint, quit (outside)':<44} {outside:>10.0f} {'':>10}")
    for label, value, target in measure(database, args.repeat):
        flag = "" if target is None or value <= target else "  ← over target"
        print(f"{label:<44} {value:>10.1f} {target or '':>10}{flag}")
    database.close()


if __name__ == "__main__":
    main()
