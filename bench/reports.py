"""Report speed at city scale (issues #6 and #17): reports over 200,000 residents.

    python bench/reports.py                       # a 60,000-household demo, cached
    python bench/reports.py --db sqlite:////tmp/r60k.sqlite3
    python bench/reports.py --pending-pdf         # only the whole ward's pending list PDF

Builds (once, cached under bench/.cache/) a demo ward of 60,000 households (about
200,000 residents; `denkhuya demo --households 60000 --today 2026-11-30`), copies it
so the audit entries of the runs stay out of the cache, then prints the median of each
measure, end to end from the request to the file renamed into place (figures, layout,
writing, audit), next to the issue's target:

- campaign report → PDF (target 5 s) and → Excel (target 10 s);
- the daily report of the latest night → PDF and Excel;
- the pending list of one group → PDF and Excel, and of the whole ward → Excel;
- `denkhuya report campaign` from the shell, with the program's start-up;
- the pending list of the whole ward → PDF (issue #17: 135,000 rows, 9,500 pages;
  target 60 s and 500 MB), beside its peer, a plain reportlab table of the same rows.
  Each run is a child process of its own, so that its peak memory (ru_maxrss) is its
  own: it builds the list's data, then writes the PDF. Ours goes through save_report
  (a temporary file, the official layout, the audit entry, the rename). The peer wraps
  the same cells with reportlab's simpleSplit to the same columns and writes them as
  plain reportlab Tables of 30 rows, header repeated, in the same font, padding and
  grid on the same A4 frame: no official heading, no Paragraph, no progress. Writing
  time and peak memory are medians over the runs, ours and the peer's taking turns.

The machine is shared and noisy: medians over several runs, not single timings.
"""

from __future__ import annotations

import argparse
import json
import math
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


# --- The whole ward's pending list as a PDF, ours and the peer, in child processes ---

PENDING_TARGET_S, PENDING_TARGET_MB = 60, 500
PEER_ROWS = 30  # rows per plain Table in the peer


def peak_mb() -> float | None:
    """This process's peak resident memory so far, in MB (None where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def pending_pdf_child(which: str, url: str, out: Path) -> None:
    """In a child process: build the whole ward's pending list, write it as a PDF (ours
    or the peer's), print one JSON line of figures."""
    from desktop.services.reporting.export import build_report, save_report

    database = open_database(url)
    with database.session() as session:
        started = time.perf_counter()
        report = build_report(session, ReportRequest("pending", on=TODAY), Progress())
        built = time.perf_counter()
        before = peak_mb()
        if which == "ours":
            pages = save_report(session, report, out, Progress()).pages
        else:
            pages = write_plain_tables(report, out)
        written = time.perf_counter()
    database.close()
    figures = {"data_s": built - started, "write_s": written - built, "pages": pages,
               "rows": report.people, "peak_before_mb": before, "peak_mb": peak_mb()}  # fmt: skip
    print(json.dumps(figures))


def write_plain_tables(report, out: Path) -> int:
    """The peer: the list's rows as plain reportlab Tables (see the module's docstring)."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from desktop.reports import official_layout as layout
    from desktop.reports.fonts import register_fonts

    register_fonts()
    font, size = "LiberationSerif", layout.TABLE_SIZE
    longest = max(group.count for group in report.groups)
    stt = math.ceil(stringWidth(str(longest), font, size) + 6)  # as ours
    widths = [stt, 30 * mm, 12 * mm, 23 * mm, 36 * mm, 28 * mm, layout.TEXT_WIDTH - 129 * mm - stt]
    header = ["STT", "Họ và tên", "Năm sinh", "Số ĐDCN", "Địa chỉ", "Còn phải làm", "Lý do"]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "#333333"),
            ("FONT", (0, 0), (-1, -1), font, size, size * 1.18),
            ("FONT", (0, 0), (-1, 0), font + "-Bold", 10, 11.5),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def wrapped(values: list[str]) -> list[str]:
        return ["\n".join(simpleSplit(value, font, size, width - 6))
                for value, width in zip(values, widths, strict=True)]  # fmt: skip

    story = []
    for group in report.groups:
        rows = [
            wrapped([str(index), p.full_name, str(p.birth_year or ""), p.masked_id,
                     f"{p.address} (chủ hộ {p.head_name})", "; ".join(p.services), p.reason])
            for index, p in enumerate(group.people, start=1)
        ]  # fmt: skip
        for start in range(0, len(rows), PEER_ROWS):
            chunk = [wrapped(header), *rows[start : start + PEER_ROWS]]
            story.append(Table(chunk, colWidths=widths, repeatRows=1, style=style))
    document = SimpleDocTemplate(
        str(out), pagesize=layout.PAGE, leftMargin=layout.LEFT, rightMargin=layout.RIGHT,
        topMargin=layout.TOP, bottomMargin=layout.BOTTOM,
    )  # fmt: skip
    document.build(story)
    return document.page


def pending_pdf_runs(url: str, work: Path, repeat: int) -> dict[str, list[dict]]:
    """`repeat` runs each of ours and the peer, taking turns, each in a fresh process."""
    runs: dict[str, list[dict]] = {"ours": [], "peer": []}
    for _ in range(repeat):
        for which in runs:
            done = subprocess.run(
                [sys.executable, __file__, "--child", which, "--db", url, "--out",
                 str(work / f"pending-{which}.pdf")],
                check=True, cwd=ROOT, capture_output=True, text=True,
            )  # fmt: skip
            runs[which].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return runs


def print_pending_pdf(runs: dict[str, list[dict]]) -> None:
    def median(which: str, key: str) -> float | None:
        values = [run[key] for run in runs[which] if run[key] is not None]
        return statistics.median(values) if values else None

    def line(label: str, key: str, unit: str, target: float | None = None) -> None:
        ours, peer = median("ours", key), median("peer", key)
        shown = [
            "?" if value is None else f"{value:,.1f} {unit}" if unit else f"{value:,.0f}"
            for value in (ours, peer)
        ]
        goal = verdict = ""
        if target is not None:
            goal = f"{target} {unit}"
            verdict = "" if ours is None else ("  đạt" if ours <= target else "  CHƯA ĐẠT")
        print(f"  {label:42} {shown[0]:>12} {shown[1]:>12} {goal:>9}{verdict}")

    rows, count = runs["ours"][0]["rows"], len(runs["ours"])
    print(f"\nDanh sách còn phải làm, cả phường → PDF ({rows:,} người; trung vị {count} lần)")
    print(f"  {'':42} {'Đèn Khuya':>12} {'bảng thường':>12} {'mục tiêu':>9}")
    line("trang", "pages", "")
    line("số liệu (trước khi ghi)", "data_s", "s")
    line("ghi PDF", "write_s", "s", PENDING_TARGET_S)
    line("bộ nhớ đỉnh trước khi ghi", "peak_before_mb", "MB")
    line("bộ nhớ đỉnh của tiến trình", "peak_mb", "MB", PENDING_TARGET_MB)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database URL (default: the cached demo)")
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pending-pdf", action="store_true",
                        help="only the whole ward's pending list → PDF, beside its peer")
    parser.add_argument("--pdf-repeat", type=int, default=3,
                        help="runs each of the whole ward's pending list PDF and its peer")
    parser.add_argument("--child", choices=("ours", "peer"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    if args.child:
        pending_pdf_child(args.child, args.db, args.out)
        return
    work = Path(tempfile.mkdtemp(prefix="denkhuya-bench-reports-"))
    source = Path(args.db.removeprefix("sqlite:///")) if args.db else demo_file(args.households)
    copy = work / "bench.sqlite3"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    if args.pending_pdf:
        print_pending_pdf(pending_pdf_runs(url, work, args.pdf_repeat))
        shutil.rmtree(work, ignore_errors=True)
        return
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
    print_pending_pdf(pending_pdf_runs(url, work, args.pdf_repeat))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
