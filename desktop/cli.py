"""The command line: scripting, scheduled jobs and tests, over the same services as the GUI.

stdout carries only the result (one summary line, or the JSON object with --json);
progress and messages go to stderr. Exit codes: 0 done; 2 refused because of the
user's input or the machine's state (a full disk, a read-only file, another program
writing for too long), with one Vietnamese sentence; 1 an unexpected failure, with one
line here and the traceback in the log file.

A command that finds another window or command writing waits for it, saying so once on
stderr, up to 30 seconds (DENKHUYA_WAIT_SECONDS sets another limit), then refuses.

Once the database holds accounts, every command needs --user NAME, with the password
from DENKHUYA_PASSWORD (scheduled jobs) or typed at a prompt on a terminal; a wrong or
missing password, a locked or disabled account, and a role that may not run the
command are refused with exit code 2, and the attempt is written to the audit trail.
While no account exists no login is asked, as before accounts existed; `restore` on
such a new desk keeps --user and its password for the backup it restores. `user
recover` opens an encrypted database with its recovery key instead of a login.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from typing import NoReturn

from desktop.cli_words import speak_vietnamese
from desktop.commands import (
    audit,
    backup,
    demo,
    export,
    import_households,
    plan,
    report,
    station,
    tally,
    user,
)
from desktop.commands import map as map_command
from desktop.commands.base import EXIT_BUG, EXIT_OK, EXIT_REFUSED
from desktop.db.keyring import Login, LoginNeeded, RecoveryLogin
from desktop.db.writing import WriterWait
from desktop.domain.errors import UserError
from desktop.logs import configure_logging, log, redact
from desktop.services import accounts, signed_in
from desktop.services.database import Database, open_database
from desktop.services.machine import machine_refusal
from desktop.services.progress import Cancelled

# Each module adds its subcommand with register(subparsers); its handler takes the open
# Database and the parsed arguments and returns a CommandResult.
COMMAND_MODULES = [
    demo,
    export,
    import_households,
    tally,
    plan,
    report,
    backup,
    audit,
    map_command,
    station,
    user,
]

WAIT_ENV = "DENKHUYA_WAIT_SECONDS"
WAIT_SECONDS = 30.0
PASSWORD_ENV = "DENKHUYA_PASSWORD"
NEED_LOGIN = "Cơ sở dữ liệu có tài khoản: cần --user TÊN và mật khẩu (DENKHUYA_PASSWORD)."
NO_ACCOUNT_YET = (
    "Cơ sở dữ liệu chưa có tài khoản nào nên không cần --user; tài khoản đầu tiên được tạo "
    "bằng: denkhuya user add TÊN --role admin."
)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """argparse that refuses bad options with exit code 2 and a Vietnamese sentence."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"Lệnh không hợp lệ ({message}); xem “denkhuya --help”.")


def build_parser() -> argparse.ArgumentParser:
    speak_vietnamese()
    parser = VietnameseArgumentParser(
        prog="denkhuya",
        description="Đèn Khuya: bàn trực chiến dịch Đề án 06. Không có lệnh: mở cửa sổ.",
    )
    parser.add_argument("--db", metavar="URL", help="cơ sở dữ liệu (mặc định: DENKHUYA_DB)")
    parser.add_argument(
        "--user",
        metavar="TÊN",
        help=f"đăng nhập bằng tài khoản này (mật khẩu: {PASSWORD_ENV}, hoặc gõ vào)",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser
    )
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def run(argv: list[str]) -> int:
    """Run one command (or the GUI when there is none) and return the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except UserError as error:
        print(error, file=sys.stderr)
        return EXIT_REFUSED
    if args.command is None:
        from desktop.app import run_gui

        return run_gui(args.db)
    return _guarded(lambda: _run_command(args, argv))


def _run_command(args: argparse.Namespace, argv: list[str]) -> int:
    opening_login = getattr(args, "opening_login", None)
    if opening_login is not None:  # `user recover`: the recovery key opens the database
        login = args.login = opening_login()
    else:
        login = _login(args.user) if args.user else None
    try:
        database = open_database(args.db, writer_wait(), login=login)
    except LoginNeeded:  # an encrypted database: nothing of it can be read, or audited
        raise UserError(_missing_login(args.user)) from None
    what = command_words(args, argv)
    try:
        _sign_in(database, args, login, what)
        try:
            result = args.handler(database, args)
        except signed_in.NotAllowed as refusal:
            accounts.record_refusal(database, what, refusal)
            raise
    finally:
        database.close()
        signed_in.reset()  # one command per process; tests run several in one
    if getattr(args, "json", False):
        print(json.dumps(result.data, ensure_ascii=False))
    else:
        print(result.summary)
    return EXIT_OK


def _login(name: str) -> Login | None:
    """The name and the password from DENKHUYA_PASSWORD or typed on a terminal; None
    when there is no way to get the password (refused once the database is open)."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"Mật khẩu của “{name}”: ")
    return accounts.login(name, password) if password is not None else None


def _sign_in(
    database: Database, args: argparse.Namespace, login: Login | RecoveryLogin | None, what: str
) -> None:
    """Sign in as --user once the database holds accounts; refuse a command without."""
    if getattr(args, "opening_login", None) is not None:
        return  # `user recover`: opened with the recovery key, nobody signs in
    if not accounts.remember_accounts_exist(database):
        if args.user and getattr(args, "user_opens_backup", False):
            # `restore` on a new desk: the login is the backup's, kept for it
            args.login = login
        elif args.user:
            raise UserError(NO_ACCOUNT_YET)
        return
    if login is None:
        refusal = signed_in.NotAllowed(_missing_login(args.user))
        accounts.record_refusal(database, what, refusal, "no_password" if args.user else "no_login")
        raise refusal
    accounts.sign_in(database, login)  # audits the attempt, refuses with a sentence
    args.login = login  # `user passwd` checks the current password again


def _missing_login(user: str | None) -> str:
    if not user:
        return NEED_LOGIN
    return (
        f"Thiếu mật khẩu của “{user}”: đặt biến {PASSWORD_ENV}, hoặc chạy lệnh trong cửa sổ "
        "dòng lệnh để gõ vào."
    )


_WORD = re.compile(r"[a-z][a-z-]*")


def command_words(args: argparse.Namespace, argv: list[str]) -> str:
    """What was asked, for the audit trail: "export residents", "user add"… (the
    command and its sub-command, never a file name, a person's name or a password)."""
    words = [args.command]
    rest = _after_global_options(argv)[1:]
    # a sub-command is kept by argparse as a plain string; files are Paths
    if rest and _WORD.fullmatch(rest[0]) and rest[0] in vars(args).values():
        words.append(rest[0])
    return " ".join(words)


def _after_global_options(argv: list[str]) -> list[str]:
    """argv from the command on: --db URL and --user NAME come before it."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        index += 1 if "=" in argv[index] else 2
    return argv[index:]


def writer_wait() -> WriterWait:
    """How long a command waits for another writer: WAIT_SECONDS, or DENKHUYA_WAIT_SECONDS;
    it says so once on stderr when the wait is more than a moment."""
    text = os.environ.get(WAIT_ENV, "").strip()
    try:
        limit = float(text.replace(",", ".")) if text else WAIT_SECONDS
    except ValueError:
        limit = -1.0
    if not 0 <= limit < float("inf"):
        raise UserError(f"{WAIT_ENV} phải là số giây chờ (ví dụ 30), không phải “{text}”.")
    said = False

    def say_waiting() -> None:
        nonlocal said
        if not said:
            said = True
            print(
                "Cơ sở dữ liệu đang bận (một cửa sổ hoặc lệnh khác đang ghi); "
                f"đang chờ tối đa {limit:.0f} giây…",
                file=sys.stderr,
                flush=True,
            )

    return WriterWait(limit_seconds=limit, on_wait=say_waiting)


def _guarded(action: Callable[[], int]) -> int:
    try:
        return action()
    except UserError as error:
        print(error, file=sys.stderr)
        return EXIT_REFUSED
    except Cancelled:
        print("Đã dừng theo yêu cầu; không có gì thay đổi.", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Đã dừng (Ctrl+C); không có gì thay đổi.", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as error:
        refusal = machine_refusal(error)  # a full disk, a read-only file… met outside
        if refusal is not None:  # the database's engine: not a bug either
            configure_logging()
            log.warning("Máy từ chối: %s", type(error).__name__)
            print(refusal, file=sys.stderr)
            return EXIT_REFUSED
        # a bug: one line here, the traceback in the log
        path = configure_logging()
        log.exception("Lỗi không mong đợi")
        print(f"Lỗi không mong đợi: {redact(repr(error))}. Chi tiết trong {path}.", file=sys.stderr)
        return EXIT_BUG
