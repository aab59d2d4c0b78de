"""`denkhuya import FILE [--ward NAME] [--dry-run] [--json]`: load a ward's household list.

FILE is an .xlsx, .xlsm, .xls, .ods or .csv (`denkhuya export residents` writes one).
stdout: one summary line, or with --json the object
{"households", "residents", "added", "updated", "unchanged", "rejected", "warnings",
"problems": [{"sheet", "row", "column", "severity", "message"}],
"ignored_columns": [{"sheet", "column", "heading"}]} (the columns the import leaves out:
a heading it does not know, a field given twice, values under no heading). Each problem
and each ignored column is also printed on stderr. When nothing can be imported the exit
code is 2, stderr carries the sentence and, with --json, stdout carries
{"error": "…", "problems": […]}.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from desktop.commands.base import CommandResult, StderrProgress
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "import", help="nhập danh sách hộ, nhân khẩu từ tệp Excel (.xlsx, .xls, .ods) hoặc .csv"
    )
    command.add_argument("file", type=Path, metavar="FILE")
    command.add_argument("--ward", metavar="NAME", help="phường/xã (khi cơ sở dữ liệu còn trống)")
    command.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
    command.add_argument("--json", action="store_true")
    command.set_defaults(handler=run_import)


def run_import(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.importing import ImportOptions, ImportRefused, import_file

    options = ImportOptions(today=date.today(), ward_name=args.ward)
    try:
        with database.session() as session:
            result = import_file(session, args.file, options, StderrProgress(), args.dry_run)
    except UserError as error:
        problems = error.problems if isinstance(error, ImportRefused) else []
        _print_problems(problems)
        if args.json:
            payload = {"error": str(error), "problems": [p.as_json() for p in problems]}
            print(json.dumps(payload, ensure_ascii=False))
        raise
    _print_problems(result.problems)
    _print_ignored(result.ignored_columns)
    return CommandResult(summary=_summary(result, args.dry_run), data=result.as_json())


def _print_ignored(columns) -> None:
    for column in columns:
        heading = f"“{column.heading}”" if column.heading else "(không có tiêu đề)"
        print(
            f"Cột bỏ qua — Trang “{column.sheet}”, cột {column.letter} {heading}: "
            f"{column.reason}; dữ liệu cột này không được nhập.",
            file=sys.stderr,
        )


def _print_problems(problems) -> None:
    for problem in problems:
        where = f"Trang “{problem.sheet}”, dòng {problem.row}"
        if problem.column:
            where += f", cột “{problem.column}”"
        kind = "Lỗi" if problem.severity == "error" else "Cảnh báo"
        print(f"{kind} — {where}: {problem.message}", file=sys.stderr)


def _summary(result, dry_run: bool) -> str:
    counts = result.counts
    verb = "Kiểm tra (chưa lưu)" if dry_run else "Đã nhập"
    return (
        f"{verb} tệp {result.source_name} vào {result.ward}: "
        f"{number(counts.households)} hộ, "
        f"{number(counts.residents)} nhân khẩu "
        f"(thêm {number(counts.added)}, cập nhật {number(counts.updated)}, "
        f"không đổi {number(counts.unchanged)}); "
        f"{number(counts.rejected)} dòng bị loại, "
        f"{number(counts.warnings)} dòng có cảnh báo."
    )
