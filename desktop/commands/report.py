"""`denkhuya report …`: the reports for the ward chief and the command, as .xlsx or .pdf.

    report daily --date YYYY-MM-DD [--remarks TEXT] --out FILE.xlsx|FILE.pdf
    report campaign [--date YYYY-MM-DD] --out FILE           (default: the latest night)
    report pending [--group NAME]... --out FILE              (every group without --group)
    report consolidate FILE.xlsx [FILE.xlsx …] --out FILE    (the stations' reports)

`consolidate` adds up the stations' daily reports of one night, or their campaign
reports up to one night (desktop.services.reporting.consolidation); `--out` may not be
one of its files.

stdout: one line saying what was written, or with --json the object
{"kind", "path", "format", "pages", "date", "total"} ("total": the eight counts, for the
daily, campaign and consolidated reports; "residents" for the pending list; "date" the
night, or the last night counted). Exit code 2, with one sentence and no file left
behind, for a refused request. A consolidation that read files of the older layout
says on stderr that their campaign could not be checked.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop.commands.base import CommandResult, StderrProgress, iso_date
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help="báo cáo ngày, báo cáo chiến dịch, danh sách")
    kinds = report.add_subparsers(dest="kind", required=True, metavar="LOẠI")

    daily = kinds.add_parser("daily", help="báo cáo kết quả một đêm")
    daily.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    daily.add_argument("--remarks", default="", metavar="TEXT", help="nhận xét của cán bộ trực")

    campaign = kinds.add_parser("campaign", help="báo cáo kết quả chiến dịch đến một ngày")
    campaign.add_argument(
        "--date",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="đến hết đêm này (mặc định: đêm gần nhất có kết quả)",
    )

    pending = kinds.add_parser("pending", help="danh sách người còn phải làm, theo tổ dân phố")
    pending.add_argument(
        "--group", action="append", default=[], metavar="NAME", help="tổ dân phố (lặp lại được)"
    )

    consolidate = kinds.add_parser(
        "consolidate", help="tổng hợp báo cáo ngày (hoặc báo cáo chiến dịch) của nhiều đơn vị"
    )
    consolidate.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx")

    for parser in (daily, campaign, pending, consolidate):
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=run_report)


def run_report(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.reporting.export import (
        CONSOLIDATED,
        ReportRequest,
        check_report_path,
        export_report,
    )

    check_report_path(args.out)  # a wrong suffix is refused before the database is read
    request = ReportRequest(
        kind=CONSOLIDATED if args.kind == "consolidate" else args.kind,
        day=getattr(args, "date", None),
        remarks=getattr(args, "remarks", ""),
        groups=tuple(getattr(args, "group", ())),
        on=date.today(),
        files=tuple(getattr(args, "files", ())),
    )
    with database.session() as session:
        saved = export_report(session, request, args.out, StderrProgress())
    if saved.kind == CONSOLIDATED and saved.report.unchecked:
        print(saved.report.notes[-1], file=sys.stderr)  # the files whose campaign is unknown
    return CommandResult(summary=saved.summary(), data=_json(saved))


def _json(saved) -> dict[str, Any]:
    report = saved.report
    day = getattr(report, "day", None) or getattr(report, "on", None)
    data: dict[str, Any] = {
        "kind": saved.kind,
        "path": str(saved.path),
        "format": saved.format,
        "pages": saved.pages,
        "date": day.isoformat() if day else None,
    }
    if hasattr(report, "total"):
        data["total"] = dict(report.total)
    if saved.kind == "pending":
        data["residents"] = report.people
    return data
