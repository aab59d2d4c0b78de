"""`denkhuya export residents --out FILE.csv|FILE.xlsx`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.base import CommandResult, StderrProgress
from desktop.domain.numbers import number
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="xuất dữ liệu ra tệp")
    what = export.add_subparsers(dest="what", required=True, metavar="DỮ_LIỆU")
    residents = what.add_parser("residents", help="danh sách nhân khẩu (.csv hoặc .xlsx)")
    residents.add_argument("--out", type=Path, required=True, metavar="FILE")
    residents.add_argument("--json", action="store_true")
    residents.set_defaults(handler=run_export_residents)


def run_export_residents(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.export import export_residents

    with database.session() as session:
        summary = export_residents(session, args.out, StderrProgress())
    return CommandResult(
        summary=f"Đã xuất {number(summary.rows)} nhân khẩu ra {summary.path}.",
        data={"rows": summary.rows, "path": str(summary.path)},
    )
