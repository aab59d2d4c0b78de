"""`denkhuya backup [--out FILE]` and `denkhuya restore FILE [--yes]`.

A restore replaces every record of the station, so without --yes it only says what the
backup holds (on stderr) and refuses: a script never restores by accident.

A database on a PostgreSQL server (--db postgresql+psycopg://…) is backed up by pg_dump
into a .dump file and restored by pg_restore (desktop.services.server_backup); without
those tools on the machine, both refuse (exit 2) with the command to run by hand.

An encrypted backup opens with a login of the data it holds: the --user NAME given to
the command, with its password from DENKHUYA_PASSWORD (or typed), as for the database.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.base import CommandResult, StderrProgress
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.database import Database, Login

if TYPE_CHECKING:
    from desktop.services.backup import BackupSummary


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="sao lưu dữ liệu ra một tệp (ổ USB…)")
    backup.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="tệp (hoặc thư mục) sao lưu; mặc định denkhuya-<phường>-<ngày>-<giờ>.sqlite3 "
        "(.dump với cơ sở dữ liệu trên máy chủ PostgreSQL) ở thư mục hiện tại",
    )
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument(
        "--yes", action="store_true", help="đồng ý thay toàn bộ dữ liệu hiện tại bằng bản sao lưu"
    )
    restore.add_argument("--json", action="store_true")
    # --user NAME with its password opens an encrypted backup, also on a new desk whose
    # database has no account yet (desktop.cli keeps the login for it).
    restore.set_defaults(handler=run_restore, user_opens_backup=True)


def run_backup(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.backup import backup_database, suggested_backup_name

    target = args.out if args.out is not None else Path.cwd()
    if target.is_dir():  # a folder (the USB stick): the usual name inside it
        target = target / suggested_backup_name(database)
    summary = backup_database(database, target, StderrProgress())
    return CommandResult(
        summary=(
            f"Đã sao lưu dữ liệu {summary.ward_label} ({number(summary.households)} "
            f"hộ, {number(summary.residents)} nhân khẩu) vào {summary.path}."
        ),
        data=summary.as_json(),
    )


def run_restore(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.backup import check_backup, restore_database

    login = backup_login(args)
    if not args.yes:
        summary = check_backup(args.file, login=login)
        for line in describe_backup(summary):
            print(line, file=sys.stderr)
        raise UserError(
            "Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này; nếu chắc chắn, "
            "hãy chạy lại lệnh với --yes."
        )
    database.close()  # the restore writes the file through its own connections
    result = restore_database(database, args.file, StderrProgress(), login=login)
    backup = result.backup
    kept = f"; dữ liệu cũ được giữ ở {result.safety_copy}" if result.safety_copy else ""
    return CommandResult(
        summary=(
            f"Đã khôi phục dữ liệu {backup.ward_label} ({number(backup.households)} "
            f"hộ, {number(backup.residents)} nhân khẩu) từ {backup.path}{kept}."
        ),
        data={
            **backup.as_json(),
            "database": str(result.database),
            "safety_copy": str(result.safety_copy) if result.safety_copy else None,
        },
    )


def backup_login(args: argparse.Namespace) -> Login | None:
    """The login for an encrypted backup: the one the command signed in with, else
    --user with DENKHUYA_PASSWORD (a new desk, whose database has no account yet)."""
    login = getattr(args, "login", None)
    if login is not None:
        return login
    name, password = getattr(args, "user", None), os.environ.get("DENKHUYA_PASSWORD")
    return Login(name, password) if name and password is not None else None


def describe_backup(summary: BackupSummary) -> list[str]:
    """What the backup holds, in the lines the user reads before adding --yes."""
    station = f" ({summary.station_name})" if summary.station_name else ""
    lines = [
        f"Bản sao lưu: {summary.path}",
        f"Dữ liệu: {summary.ward_label}{station}",
        f"Số hộ: {number(summary.households)}; nhân khẩu: {number(summary.residents)}",
    ]
    if summary.newest_change is not None:
        lines.append(f"Thay đổi gần nhất: {summary.newest_change:%H:%M ngày %d/%m/%Y}")
    if summary.encrypted:
        lines.append("Bản sao lưu được mã hóa; dữ liệu khôi phục giữ các tài khoản trong nó.")
    return lines
