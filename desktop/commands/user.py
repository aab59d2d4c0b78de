"""`denkhuya user add|list|disable|enable|reset|passwd|recover`: the accounts that sign in.

While the database holds no account, `user add NAME --role admin` creates the first
one without signing in (and, for a SQLite file, encrypts it: the recovery key is
printed once). Afterwards only an administrator signed in with --user manages
accounts; everyone may change their own password (`user passwd`).

When every administrator's password is lost, `user recover NAME` opens the encrypted
database with the recovery key from the station chief's safe (DENKHUYA_RECOVERY_KEY,
or typed at a prompt) and gives that administrator a new password; nobody signs in.

New passwords come from DENKHUYA_NEW_PASSWORD, or are asked twice on a terminal;
they never appear on the command line, where other users of the PC could read them.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop.commands.base import CommandResult
from desktop.domain.errors import UserError
from desktop.domain.roles import ADMIN, MANAGE_ACCOUNTS, ROLES
from desktop.services.database import Database, RecoveryLogin

NEW_PASSWORD_ENV = "DENKHUYA_NEW_PASSWORD"
RECOVERY_KEY_ENV = "DENKHUYA_RECOVERY_KEY"


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="tài khoản đăng nhập, vai trò, mật khẩu")
    actions = user.add_subparsers(dest="action", required=True, metavar="VIỆC")

    add = actions.add_parser(
        "add", help=f"thêm tài khoản (mật khẩu mới lấy từ {NEW_PASSWORD_ENV} hoặc gõ vào)"
    )
    add.add_argument("name", metavar="TÊN", help="tên đăng nhập (chữ không dấu, số, . _ -)")
    add.add_argument("--role", required=True, choices=ROLES, help="vai trò")
    add.add_argument("--display-name", default="", metavar="HỌ_TÊN", help="họ tên hiển thị")
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help="danh sách tài khoản")
    listing.set_defaults(handler=run_list)

    disable = actions.add_parser("disable", help="tắt một tài khoản (không đăng nhập được nữa)")
    disable.set_defaults(handler=run_disable)
    enable = actions.add_parser("enable", help="bật lại một tài khoản đã tắt")
    enable.set_defaults(handler=run_enable)
    reset = actions.add_parser("reset", help=f"đặt mật khẩu mới (từ {NEW_PASSWORD_ENV})")
    reset.set_defaults(handler=run_reset)
    for parser in (disable, enable, reset):
        parser.add_argument("name", metavar="TÊN")

    passwd = actions.add_parser("passwd", help="đổi mật khẩu của chính mình (cần --user)")
    passwd.set_defaults(handler=run_passwd)

    recover = actions.add_parser(
        "recover",
        help=f"quên hết mật khẩu quản trị: đặt mật khẩu mới bằng khóa khôi phục "
        f"(từ {RECOVERY_KEY_ENV} hoặc gõ vào)",
    )
    recover.add_argument("name", metavar="TÊN", help="tài khoản quản trị cần mật khẩu mới")
    # desktop.cli opens the database with the recovery key instead of a login
    recover.set_defaults(handler=run_recover, opening_login=recovery_login)

    for parser in (add, listing, disable, enable, reset, passwd, recover):
        parser.add_argument("--json", action="store_true")


def run_add(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services import accounts, signed_in

    if signed_in.current() is None:  # no account yet: only the first administrator
        if args.role != ADMIN:
            raise UserError(
                "Chưa có tài khoản nào: tài khoản đầu tiên phải là quản trị viên (--role admin)."
            )
        name = accounts.clean_account_name(args.name)  # refused before asking for a password
        password = new_password(name)
        recovery_key = accounts.create_first_admin(database, name, args.display_name, password)
        summary = f"Đã tạo tài khoản quản trị đầu tiên “{name}”."
        if recovery_key:
            summary += (
                " Dữ liệu đã được mã hóa. KHÓA KHÔI PHỤC (chỉ in ra lần này; hãy chép lại, "
                f"cất vào két của Trưởng Công an phường): {recovery_key}"
            )
        return CommandResult(
            summary=summary,
            data={"name": name, "role": ADMIN, "recovery_key": recovery_key or None},
        )
    signed_in.require(MANAGE_ACCOUNTS)  # refused before asking for a password
    name = accounts.clean_account_name(args.name)
    row = accounts.add_account(database, name, args.display_name, args.role, new_password(name))
    return CommandResult(
        summary=f"Đã thêm tài khoản “{row.name}” ({row.role_name}).", data=row.as_json()
    )


def run_list(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.accounts import list_accounts

    with database.session() as session:
        rows = list_accounts(session)
    lines = [f"{row.name}\t{row.display_name}\t{row.role_name}\t{_state(row)}" for row in rows] or [
        "Chưa có tài khoản nào."
    ]
    return CommandResult(
        summary="\n".join(lines), data={"accounts": [row.as_json() for row in rows]}
    )


def _state(row) -> str:
    if row.disabled:
        return "đã tắt"
    if row.locked_until is not None:
        return f"bị khóa đến {row.as_json()['locked_until'][11:16]}"
    return "đang dùng"


def run_disable(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services.accounts import set_disabled

    row = set_disabled(database, args.name, True)
    return CommandResult(summary=f"Đã tắt tài khoản “{row.name}”.", data=row.as_json())


def run_enable(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services import signed_in
    from desktop.services.accounts import set_disabled

    signed_in.require(MANAGE_ACCOUNTS)
    # An encrypted database took the key copy away with the account: it needs a new one.
    password = None
    if database.encrypted:
        why = "Dữ liệu được mã hóa: bật lại tài khoản cần mật khẩu mới cho tài khoản đó"
        password = new_password(args.name, why)
    row = set_disabled(database, args.name, False, new_password=password)
    return CommandResult(summary=f"Đã bật lại tài khoản “{row.name}”.", data=row.as_json())


def run_reset(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services import accounts, signed_in

    signed_in.require(MANAGE_ACCOUNTS)
    accounts.reset_password(database, args.name, new_password(args.name))
    name = accounts.clean_account_name(args.name)
    return CommandResult(
        summary=f"Đã đặt mật khẩu mới cho tài khoản “{name}”.", data={"name": name}
    )


def run_passwd(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services import accounts, signed_in

    me = signed_in.current()
    login = getattr(args, "login", None)
    if me is None or login is None:
        raise UserError("Đổi mật khẩu cần đăng nhập: denkhuya --user TÊN user passwd.")
    accounts.change_own_password(database, login.password, new_password(me.name))
    return CommandResult(summary=f"Đã đổi mật khẩu của “{me.name}”.", data={"name": me.name})


def run_recover(database: Database, args: argparse.Namespace) -> CommandResult:
    from desktop.services import accounts

    name = accounts.clean_account_name(args.name)
    recovery = getattr(args, "login", None)
    if not isinstance(recovery, RecoveryLogin):  # desktop.cli opened it with the key
        raise UserError("Cần khóa khôi phục để đặt lại mật khẩu quản trị.")
    why = "Cần mật khẩu mới cho tài khoản quản trị"
    accounts.recover(database, recovery, name, new_password(name, why))
    return CommandResult(
        summary=(
            f"Đã dùng khóa khôi phục đặt mật khẩu mới cho tài khoản quản trị “{name}”; hãy "
            "đăng nhập bằng mật khẩu mới."
        ),
        data={"name": name},
    )


def recovery_login() -> RecoveryLogin:
    """The recovery key: DENKHUYA_RECOVERY_KEY, or typed (hidden) on a terminal."""
    text = os.environ.get(RECOVERY_KEY_ENV)
    if text is None and sys.stdin.isatty():
        text = getpass.getpass("Khóa khôi phục (28 chữ và số, như trên tờ giấy đã cất): ")
    if not text:
        raise UserError(
            f"Cần khóa khôi phục: đặt biến {RECOVERY_KEY_ENV}, hoặc chạy lệnh trong cửa sổ "
            "dòng lệnh để gõ vào."
        )
    return RecoveryLogin(text)


def new_password(name: str, why: str = "Cần mật khẩu mới") -> str:
    """The new password: DENKHUYA_NEW_PASSWORD, or typed twice on a terminal."""
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(
            f"{why}; đặt biến {NEW_PASSWORD_ENV}, hoặc chạy lệnh trong cửa sổ dòng lệnh để gõ vào."
        )
    first = getpass.getpass(f"Mật khẩu mới cho “{name.strip()}”: ")
    second = getpass.getpass("Gõ lại mật khẩu mới: ")
    if first != second:
        raise UserError("Hai lần gõ mật khẩu mới không khớp nhau; không có gì thay đổi.")
    return first
