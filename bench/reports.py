"""Report speed at city scale (issue #6): the campaign report over 200,000 residents.

    python bench/reports.py                       # a 60,000-household demo, cached
    python bench/reports.py --db sqlite:////tmp/r60k.sqlite3

Builds (once, cached under bench/.cache/) a demo ward of 60,000 households (about
200,000 residents; `denkhuya demo --households 60000 --today 2026-11-30`), copies it
so the audit entries of the runs stay out of the cache, then prints the median of each
measure, end to end from the request to the file renamed into place (figures, layout,
writing, audit), next to the issue's target:

- campaign report → PDF (target 5 s) and → Excel (target 10 s);
- the daily report of the latest night → PDF and Excel;
- the pending list of one group → PDF and Excel, and of the whole ward → Excel;
- `denkhuya report campaign` from the shell, with the program's start-up.

The machine is shared and noisy: medians over several runs, not single timings.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from desktop.db.models import Resident  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402
from desktop.services.progress import Progress  # noqa: E402
from desktop.services.reporting.export import ReportRequest, export_report  # noqa: E402
from desktop.services.reporting.options import report_options  # noqa: E402

TODAY = date(2026, 11, 30)


def demo_file(households: int) -> Path:
    """A cached demo database of the size asked for."""
    cache = ROOT / "bench" / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"reports-{households}-seed1.sqlite3"
    if not path.exists():
        print(f"Tạo phường mẫu {households} hộ (một lần)…", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "desktop", "--db", f"sqlite:///{path}", "demo",
             "--households", str(households), "--today", TODAY.isoformat()],
            check=True,
            cwd=ROOT,
        )  # fmt: skip
        print(f"  demo: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def median_s(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def export(database: Database, request: ReportRequest, path: Path) -> None:
    with database.session() as session:
        export_report(session, request, path, Progress())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database URL (default: the cached demo)")
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="denkhuya-bench-reports-"))
    source = Path(args.db.removeprefix("sqlite:///")) if args.db else demo_file(args.households)
    copy = work / "bench.sqlite3"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    database = open_database(url)
    with database.session() as session:
        residents = session.scalar(select(func.count(Resident.id)))
        options = report_options(session)
    night, first_group = options.latest_night, options.groups[0]
    print(f"{residents:,} nhân khẩu, {len(options.groups)} tổ; đêm gần nhất {night:%d/%m/%Y}")
    print(f"{'Đo':52} {'trung vị':>9} {'mục tiêu':>9}")

    def row(label: str, seconds: float, target: float | None = None) -> None:
        goal = f"{target:.0f} s" if target else ""
        verdict = "" if target is None else ("  đạt" if seconds <= target else "  CHƯA ĐẠT")
        print(f"{label:52} {seconds:8.2f} s {goal:>9}{verdict}")

    campaign = ReportRequest("campaign")
    daily = ReportRequest("daily", day=night, remarks="Nhận xét của cán bộ trực.")
    one_group = ReportRequest("pending", groups=(first_group,), on=TODAY)
    repeat = args.repeat
    row(
        "Báo cáo chiến dịch → PDF",
        median_s(lambda: export(database, campaign, work / "cd.pdf"), repeat),
        5,
    )
    row(
        "Báo cáo chiến dịch → Excel",
        median_s(lambda: export(database, campaign, work / "cd.xlsx"), repeat),
        10,
    )
    row("Báo cáo ngày → PDF", median_s(lambda: export(database, daily, work / "n.pdf"), repeat))
    row("Báo cáo ngày → Excel", median_s(lambda: export(database, daily, work / "n.xlsx"), repeat))
    row(
        f"Danh sách còn phải làm, {first_group} → PDF",
        median_s(lambda: export(database, one_group, work / "p.pdf"), max(1, repeat // 2)),
    )
    row(
        f"Danh sách còn phải làm, {first_group} → Excel",
        median_s(lambda: export(database, one_group, work / "p.xlsx"), max(1, repeat // 2)),
    )
    row(
        "Danh sách còn phải làm, cả phường → Excel",
        median_s(
            lambda: export(database, ReportRequest("pending", on=TODAY), work / "all.xlsx"), 1
        ),
    )
    database.close()

    def cli() -> None:
        subprocess.run(
            [sys.executable, "-m", "desktop", "--db", url, "report", "campaign", "--out",
             str(work / "cli.pdf")],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip

    row("denkhuya report campaign --out …pdf (cả khởi động)", median_s(cli, 3))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
