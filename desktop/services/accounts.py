"""Accounts: who may sign in at the desk, with which role, and checking their passwords.

Passwords are kept only as Argon2id hashes (argon2-cffi). The parameters are RFC 9106's
second recommendation, written out here so that a new library default cannot change
them silently: 3 passes over 64 MiB with 4 lanes, about 0.16 s on the 2-core test
machine, so each guess at a stolen hash costs as much; a hash made with other
parameters is redone at the next sign-in.

Five wrong passwords in a row lock an account for five minutes (counted here for a
database that is not encrypted; an encrypted one counts in its key file before it can
be opened). Every sign-in, success or failure, and every change to an account is
written to the audit trail (entity "account"), never a password or a hash.

When the database is encrypted (desktop.services.database), every account holds its
own copy of the data key, wrapped with its password: a new password gives the account
its copy (Database.enrol) and disabling it takes the copy away (Database.forget).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import keyring
from desktop.db.engine import sqlite_file
from desktop.db.keyring import Login, RecoveryLogin
from desktop.db.models import Account
from desktop.domain.errors import UserError
from desktop.domain.roles import (
    ADMIN,
    LOCK_AFTER_FAILURES,
    LOCK_MINUTES,
    MANAGE_ACCOUNTS,
    MIN_PASSWORD_LENGTH,
    ROLE_NAMES,
    ROLES,
    role_name,
)
from desktop.logs import log
from desktop.services import audit, signed_in
from desktop.services.signed_in import NotAllowed, SignedInAccount

if TYPE_CHECKING:
    from desktop.services.database import Database


class Credentials(Protocol):
    """A name and a password (desktop.db.keyring.Login)."""

    name: str
    password: str


HASHER = PasswordHasher(time_cost=3, memory_cost=65_536, parallelism=4, type=Type.ID)
ENTITY = "account"
# The audit trail's words for what happened to an account (its `action` column).
LOGIN, LOGIN_FAILED, LOGIN_REFUSED, LOGOUT = "login", "login_failed", "login_refused", "logout"
UNLOCK, UNLOCK_FAILED = "unlock", "unlock_failed"
CREATE, UPDATE = "create", "update"
PASSWORD_RESET, PASSWORD_CHANGE = "password_reset", "password_change"
RECOVERY_KEY = "recovery_key"  # a new recovery key was made (the old one opens nothing)
RECOVERY = "recovery"  # an administrator's password set with the recovery key
REFUSED = "refused"  # a command or an action the person may not run (entity "command")
REASON = "account"

NAME_MIN, NAME_MAX = 3, 50
DISPLAY_NAME_MAX = 100
PASSWORD_MAX = 1024  # longer is a paste gone wrong, and costs the hasher for nothing
_NAME_PATTERN = re.compile(rf"[a-z0-9._-]{{{NAME_MIN},{NAME_MAX}}}")
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


class SignInRefused(UserError):
    """A sign-in (or an unlock) refused: wrong name or password, disabled, locked."""


@dataclass(frozen=True)
class AccountRow:
    """One account as the accounts dialog and `user list` show it (never the hash)."""

    id: int
    name: str
    display_name: str
    role: str
    role_name: str
    disabled: bool
    locked_until: datetime | None  # UTC, only while the lock lasts
    failed_attempts: int
    password_changed_at: datetime  # UTC
    created_at: datetime  # UTC
    created_by: str
    version: int

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "display_name": self.display_name,
            "role": self.role,
            "role_name": self.role_name,
            "disabled": self.disabled,
            "locked_until": _local(self.locked_until).isoformat() if self.locked_until else None,
        }


# --- Names and passwords ----------------------------------------------------------------


def clean_account_name(text: str) -> str:
    """The login as stored and compared: lower case, no diacritics, đ → d; 3 to 50 of
    a–z, 0–9, dot, underscore, hyphen. Refuses (UserError) anything else."""
    name = _fold_name(text)
    if not _NAME_PATTERN.fullmatch(name):
        raise UserError(
            f"Tên đăng nhập “{(text or '').strip()[:60]}” không hợp lệ: cần {NAME_MIN} đến "
            f"{NAME_MAX} ký tự gồm chữ không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch "
            "ngang (ví dụ “nguyen.van.an”)."
        )
    return name


def _fold_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", (text or "").strip().lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def clean_display_name(text: str | None, name: str) -> str:
    """The name shown in the window and on the trail (NFC, single spaces); the login
    name when left empty."""
    shown = " ".join(unicodedata.normalize("NFC", text or "").split()) or name
    if len(shown) > DISPLAY_NAME_MAX:
        raise UserError(f"Họ tên hiển thị dài quá (tối đa {DISPLAY_NAME_MAX} ký tự).")
    return shown


def clean_role(role: str) -> str:
    """The role's token (admin, duty, leader, entry); refuses another word."""
    token = (role or "").strip().lower()
    if token not in ROLES:
        choices = ", ".join(f"{r} ({ROLE_NAMES[r]})" for r in ROLES)
        raise UserError(f"Vai trò “{role}” không có; hãy chọn một trong: {choices}.")
    return token


def check_new_password(name: str, password: str) -> None:
    """Refuse (UserError) a password shorter than MIN_PASSWORD_LENGTH, longer than
    PASSWORD_MAX, or that is the login name itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > PASSWORD_MAX:
        raise UserError(f"Mật khẩu dài quá (tối đa {PASSWORD_MAX} ký tự).")
    if _fold_name(password) == name:
        raise UserError("Mật khẩu không được trùng với tên đăng nhập.")


def login(name: str, password: str) -> Login:
    """The name and password typed at a login, the name folded as accounts store it
    (so "Quan.Trị" opens what "quan.tri" was given), for open_database and sign_in."""
    return Login(_fold_name(name), password)


# --- Who exists -------------------------------------------------------------------------


def accounts_exist(session: Session) -> bool:
    """Whether the database holds any account (then everyone must sign in)."""
    return session.scalar(select(Account.id).limit(1)) is not None


def remember_accounts_exist(database: Database) -> bool:
    """Read whether the database holds accounts and tell desktop.services.signed_in, so
    that nothing is allowed before someone signs in. Call right after opening."""
    with database.session() as session:
        exist = accounts_exist(session)
    signed_in.set_accounts_exist(exist)
    return exist


def list_accounts(session: Session, now: datetime | None = None) -> list[AccountRow]:
    """Every account, by name (administrators only, once accounts exist)."""
    signed_in.require(MANAGE_ACCOUNTS)
    now = now or _utcnow()
    accounts = session.scalars(select(Account).order_by(Account.name))
    return [_row(account, now) for account in accounts]


# --- Creating and changing accounts -----------------------------------------------------


def create_first_admin(database: Database, name: str, display_name: str, password: str) -> str:
    """Create the first account, an administrator, while the database holds none.

    A plain SQLite database is then encrypted with this account's password
    (Database.encrypt): the recovery key it returns must be shown once, for the
    station chief's safe; "" when nothing was encrypted (PostgreSQL). Refuses
    (UserError) once any account exists, and a bad name or password.
    """
    name = clean_account_name(name)
    shown = clean_display_name(display_name, name)
    check_new_password(name, password)
    with database.session() as session:
        if accounts_exist(session):
            raise NotAllowed(
                "Cơ sở dữ liệu đã có tài khoản; chỉ quản trị viên đã đăng nhập mới thêm được "
                "tài khoản mới.",
                MANAGE_ACCOUNTS,
            )
    password_hash = HASHER.hash(password)
    recovery_key = ""
    # Encrypted first, then the account written into the encrypted data: a failure of
    # the encryption leaves the database as it was, with no account.
    if database.can_encrypt:
        recovery_key = database.encrypt(Login(name, password))
    with database.session(writing=True) as session:
        if accounts_exist(session):  # another desk was quicker
            raise NotAllowed("Một bàn khác vừa tạo tài khoản đầu tiên.", MANAGE_ACCOUNTS)
        _add(session, name, shown, ADMIN, password_hash, created_by=audit.system_user())
    if database.encrypted and not recovery_key:
        database.enrol(name, password)  # encrypted before, with no account left in it
    signed_in.set_accounts_exist(True)
    return recovery_key


def add_account(
    database: Database, name: str, display_name: str, role: str, password: str
) -> AccountRow:
    """Create an account (administrators only); refuses a name already taken, a bad
    name, role or password. On an encrypted database the account gets its key copy."""
    _require_administrator()
    name = clean_account_name(name)
    shown = clean_display_name(display_name, name)
    role = clean_role(role)
    check_new_password(name, password)
    password_hash = HASHER.hash(password)
    with _keyed(database) as (session, key_copies):
        if _find(session, name) is not None:
            raise UserError(f"Đã có tài khoản “{name}”; hãy chọn tên đăng nhập khác.")
        account = _add(session, name, shown, role, password_hash, audit.current_actor())
        row = _row(account, _utcnow())
        key_copies.enrol(name, password)
    return row


def change_account(
    database: Database,
    name: str,
    *,
    display_name: str | None = None,
    role: str | None = None,
    expected_version: int | None = None,
) -> AccountRow:
    """Change an account's shown name or role (administrators only). Refuses taking the
    administrator role from the last enabled administrator, and (with
    `expected_version`) an account another desk changed since it was read."""
    _require_administrator()
    with database.session(writing=True) as session:
        account = _load(session, name, expected_version)
        changes: dict[str, list[Any]] = {}
        if display_name is not None:
            shown = clean_display_name(display_name, account.name)
            if shown != account.display_name:
                changes["display_name"] = [account.display_name, shown]
                account.display_name = shown
        if role is not None:
            new_role = clean_role(role)
            if new_role != account.role:
                if account.role == ADMIN and not account.disabled:
                    _refuse_last_administrator(session, account, "bỏ vai trò quản trị của")
                changes["role"] = [account.role, new_role]
                account.role = new_role
        if changes:
            _record(session, UPDATE, account.name, changes)
        session.flush()
        row = _row(account, _utcnow())
    _refresh_signed_in(row)
    return row


def set_disabled(
    database: Database,
    name: str,
    disabled: bool,
    new_password: str | None = None,
    expected_version: int | None = None,
) -> AccountRow:
    """Disable an account (it can no longer sign in, its key copy is taken away) or
    enable it again (administrators only). An account is never deleted: the audit
    trail keeps naming it.

    On an encrypted database a disabled account has no key copy left, so enabling it
    needs `new_password` (its key copy is made again). Refuses disabling the last
    enabled administrator.
    """
    _require_administrator()
    if not disabled and database.encrypted and new_password is None:
        raise UserError(
            "Dữ liệu được mã hóa: bật lại một tài khoản cần đặt mật khẩu mới cho tài khoản "
            "đó (DENKHUYA_NEW_PASSWORD)."
        )
    password_hash = None
    if not disabled and new_password is not None:
        check_new_password(clean_account_name(name), new_password)
        password_hash = HASHER.hash(new_password)
    with _keyed(database) as (session, key_copies):
        account = _load(session, name, expected_version)
        if disabled and account.role == ADMIN and not account.disabled:
            _refuse_last_administrator(session, account, "tắt")
        if account.disabled != disabled:
            _record(session, UPDATE, account.name, {"disabled": [account.disabled, disabled]})
            account.disabled = disabled
        if password_hash is not None:
            _set_password(session, account, password_hash, PASSWORD_RESET)
        session.flush()
        row = _row(account, _utcnow())
        if password_hash is not None:
            key_copies.enrol(account.name, new_password or "")
    if disabled:
        # Outside any transaction: taking a key copy away changes the data key itself.
        # Disabling an account already disabled takes it away again (a retry).
        database.forget(row.name)
    return row


def reset_password(database: Database, name: str, new_password: str) -> None:
    """Give someone a new password (administrators only; their own is changed with
    change_own_password) and lift a lock. The new key copy replaces the old one."""
    _require_administrator()
    name = clean_account_name(name)
    me = signed_in.current()
    if me is not None and me.name == name:
        raise UserError("Hãy đổi mật khẩu của chính mình bằng mật khẩu hiện tại (Đổi mật khẩu).")
    check_new_password(name, new_password)
    password_hash = HASHER.hash(new_password)
    with _keyed(database) as (session, key_copies):
        account = _load(session, name)
        _set_password(session, account, password_hash, PASSWORD_RESET)
        key_copies.enrol(account.name, new_password)


def change_own_password(
    database: Database, old_password: str, new_password: str, now: datetime | None = None
) -> None:
    """The person signed in changes their password, giving the current one. A wrong
    current password counts as a failed sign-in (five lock the account)."""
    me = _require_someone()
    check_new_password(me.name, new_password)
    if new_password == old_password:
        raise UserError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    now = now or _utcnow()
    password_hash = HASHER.hash(new_password)
    with _keyed(database) as (session, key_copies):
        account = _load(session, me.name)
        refusal = _check(session, account, old_password, now, PASSWORD_CHANGE)
        if refusal is None:
            _set_password(session, account, password_hash, PASSWORD_CHANGE)
            key_copies.enrol(account.name, new_password)
    if refusal == WRONG_LOGIN:
        raise SignInRefused("Mật khẩu hiện tại không đúng; mật khẩu chưa được đổi.")
    if refusal is not None:
        raise SignInRefused(refusal)


def renew_recovery_key(database: Database) -> str:
    """A new recovery key for an encrypted database (administrators only), when the old
    one was lost or seen: returned to be shown once; the old one opens nothing now."""
    _require_administrator()
    recovery_key = database.renew_recovery_key()
    with database.session() as session:
        _record(session, RECOVERY_KEY, None, None)
    return recovery_key


def recover(database: Database, recovery: RecoveryLogin, name: str, new_password: str) -> None:
    """Every administrator's password lost: the recovery key from the station chief's
    safe gives the administrator `name` the new password (a new key copy, the lock
    lifted, in the account table and in the key file), audited as "recovery" by
    "(khóa khôi phục)". Nobody needs to be signed in: the recovery key itself is checked
    here against the data key of the open database, and a wrong one is counted in the
    key file like a wrong password (LoginRefused; five lock it for five minutes).

    Refuses (UserError) a database that is not encrypted (it has no recovery key), an
    unknown name, an account that is not an administrator or is disabled, and a new
    password check_new_password refuses."""
    name = clean_account_name(name)
    check_new_password(name, new_password)
    path = sqlite_file(database.url)
    if not database.encrypted or path is None:
        raise UserError(
            "Dữ liệu này không được mã hóa nên không có khóa khôi phục; mật khẩu do quản trị "
            "viên đặt lại (denkhuya --user TÊN user reset …)."
        )
    with database.session() as session:
        account = _load(session, name)
        if account.role != ADMIN:
            raise UserError(
                f"Khóa khôi phục chỉ đặt lại mật khẩu tài khoản quản trị; “{account.name}” "
                "hãy nhờ quản trị viên đặt lại mật khẩu."
            )
        if account.disabled:
            raise UserError(
                f"Tài khoản “{account.name}” đã bị tắt; hãy khôi phục một tài khoản quản trị "
                "đang hoạt động."
            )
    password_hash = HASHER.hash(new_password)
    with keyring.updating(keyring.key_file_path(path.absolute())) as keys:
        found = keyring.unlock(keys, recovery, keyring.utcnow())  # counts a wrong key
        if database.data_key not in found:
            raise keyring.LoginRefused("Khóa khôi phục không đúng.")
        # The name's lock in the key file is lifted; failures kept for the trail are
        # written to it below, with the recovery.
        database.failed_logins.extend(keys.note_success(keyring.RECOVERY_NAME))
        database.failed_logins.extend(keys.note_success(name))
    with _keyed(database) as (session, key_copies):
        _record_failed_openings(session, database)
        account = _load(session, name)
        account.password_hash = password_hash
        account.password_changed_at = _utcnow()
        account.failed_attempts = 0
        account.locked_until = None
        session.flush()
        _record(session, RECOVERY, account.name, None, actor=keyring.RECOVERY_NAME)
        key_copies.enrol(account.name, new_password)


# --- Signing in -------------------------------------------------------------------------


def sign_in(database: Database, login: Credentials, now: datetime | None = None) -> SignedInAccount:
    """Check the name and password and make that account the one at the keyboard
    (desktop.services.signed_in). Refuses (SignInRefused, one sentence): an unknown
    name or a wrong password (the same sentence for both), a disabled account, and a
    locked one, saying until when. Five wrong passwords in a row lock the account for
    LOCK_MINUTES. Every attempt is audited; failed openings of an encrypted database
    noted in its key file are written to the trail now.
    """
    now = now or _utcnow()
    with database.session(writing=True) as session:
        _record_failed_openings(session, database)
        account = _find_login(session, login.name)
        refusal = _check(session, account, login.password, now, LOGIN)
        signed = _signed(account) if account is not None and refusal is None else None
    if signed is None:
        raise SignInRefused(refusal or WRONG_LOGIN)
    signed_in.sign_in(signed)
    return signed


def check_password(database: Database, password: str, now: datetime | None = None) -> bool:
    """Whether `password` is the signed-in person's (to unlock the idle-locked window).

    A wrong one counts as a failed sign-in. Raises SignInRefused, and signs the person
    out, when the account was disabled meanwhile, is locked, or locks now (the fifth
    wrong password): then someone must sign in again.
    """
    me = _require_someone()
    now = now or _utcnow()
    with database.session(writing=True) as session:
        account = session.get(Account, me.id)
        refusal = _check(session, account, password, now, UNLOCK)
        may_not_go_on = account is None or account.disabled or _locked(account, now)
    if refusal is None:
        return True
    if may_not_go_on:
        signed_in.sign_out()
        raise SignInRefused(refusal)
    return False


def sign_out(database: Database) -> None:
    """The person at the keyboard signs out (written to the audit trail)."""
    me = signed_in.current()
    if me is None:
        return
    with database.session() as session:
        _record(session, LOGOUT, me.name, None, actor=me.name)
    signed_in.sign_out()


def record_refusal(database: Database, what: str, refusal: UserError, why: str = "") -> None:
    """Write to the audit trail that someone (or nobody signed in) was refused `what`
    (a command such as "export residents"): action "refused", entity "command", with
    the permission lacking, or `why` ("no_login", "no_password")."""
    permission = getattr(refusal, "permission", None)
    changes = {"permission": [None, permission]} if permission else None
    if why:
        changes = {"reason": [None, why]}
    with database.session() as session:
        audit.record_change(
            session,
            action=REFUSED,
            reason=REASON,
            entity_type="command",
            entity_key=what[:64],
            changes=changes,
        )


# --- Inside -----------------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _local(moment: datetime) -> datetime:
    """A stored UTC moment in the desk's own time."""
    return moment.replace(tzinfo=UTC).astimezone()


def _until(moment: datetime) -> str:
    """ "21:05" (the minute the lock is over, rounded up), with the date if not today."""
    local = _local(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _require_someone() -> SignedInAccount:
    me = signed_in.current()
    if me is None:
        raise NotAllowed("Chưa có ai đăng nhập.")
    return me


def _require_administrator() -> SignedInAccount:
    """Account management needs a signed-in administrator, even before the process
    has been told that accounts exist."""
    signed_in.require(MANAGE_ACCOUNTS)
    me = signed_in.current()
    if me is None:
        raise NotAllowed(
            "Cần đăng nhập bằng tài khoản quản trị để quản lý tài khoản; chưa có tài khoản nào "
            "thì hãy tạo tài khoản quản trị đầu tiên.",
            MANAGE_ACCOUNTS,
        )
    return me


def _find(session: Session, name: str) -> Account | None:
    return session.scalar(select(Account).where(Account.name == name))


def _find_login(session: Session, typed: str) -> Account | None:
    try:
        return _find(session, clean_account_name(typed))
    except UserError:
        return None


def _load(session: Session, name: str, expected_version: int | None = None) -> Account:
    account = _find_login(session, name)
    if account is None:
        raise UserError(f"Không có tài khoản “{(name or '').strip()[:60]}”.")
    if expected_version is not None and account.version != expected_version:
        raise UserError(
            f"Tài khoản “{account.name}” vừa được sửa ở một bàn khác; hãy mở lại danh sách "
            "tài khoản rồi làm lại."
        )
    return account


def _add(
    session: Session, name: str, shown: str, role: str, password_hash: str, created_by: str
) -> Account:
    now = _utcnow()
    account = Account(
        name=name,
        display_name=shown,
        role=role,
        password_hash=password_hash,
        disabled=False,
        failed_attempts=0,
        locked_until=None,
        password_changed_at=now,
        created_at=now,
        created_by=created_by[:100],
    )
    session.add(account)
    session.flush()
    _record(
        session,
        CREATE,
        name,
        {"display_name": [None, shown], "role": [None, role], "disabled": [None, False]},
    )
    return account


def _set_password(session: Session, account: Account, password_hash: str, action: str) -> None:
    account.password_hash = password_hash
    account.password_changed_at = _utcnow()
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()
    _record(session, action, account.name, None)


def _refuse_last_administrator(session: Session, account: Account, doing: str) -> None:
    others = session.scalar(
        select(func.count(Account.id)).where(
            Account.role == ADMIN, Account.disabled.is_(False), Account.id != account.id
        )
    )
    if not others:
        raise UserError(
            f"Không thể {doing} tài khoản quản trị cuối cùng còn hoạt động (“{account.name}”); "
            "hãy tạo hoặc bật một tài khoản quản trị khác trước."
        )


def _locked(account: Account, now: datetime) -> bool:
    return account.locked_until is not None and account.locked_until > now


_dummy_hash: str | None = None


def _waste_a_check(password: str) -> None:
    """As long as checking a real password: an unknown name takes no less time."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = HASHER.hash("không phải mật khẩu của ai")
    _verify(_dummy_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check(
    session: Session, account: Account | None, password: str, now: datetime, doing: str
) -> str | None:
    """Check `password` for `account` and record the outcome (counters, audit entry);
    the refusal's sentence, or None when it may go on. `doing` is LOGIN, UNLOCK or
    PASSWORD_CHANGE (only the successes of the first two are audited here)."""
    failed = UNLOCK_FAILED if doing == UNLOCK else LOGIN_FAILED
    intruder = audit.system_user()  # a failure is not the account's doing
    if account is None:
        _waste_a_check(password)
        # The name typed is not kept: people type their password into the name box.
        _record(session, failed, None, {"reason": [None, "unknown_name"]}, actor=intruder)
        return WRONG_LOGIN
    if _locked(account, now):
        _record(session, LOGIN_REFUSED, account.name, {"reason": [None, "locked"]}, intruder)
        return (
            # The same sentences as an encrypted database's key file (desktop.db.keyring).
            f"Tài khoản “{account.name}” đang bị khóa vì nhập sai nhiều lần; hãy thử lại sau "
            f"{_until(account.locked_until)}."
        )
    if not _verify(account.password_hash, password):
        before = account.failed_attempts
        changes: dict[str, list[Any]] = {
            "reason": [None, "wrong_password"],
            "failed_attempts": [before, before + 1],
        }
        account.failed_attempts = before + 1
        if account.failed_attempts >= LOCK_AFTER_FAILURES:
            account.failed_attempts = 0
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            changes["locked_until"] = [None, account.locked_until.isoformat()]
        session.flush()
        _record(session, failed, account.name, changes, actor=intruder)
        if account.locked_until is not None and account.locked_until > now:
            return (
                f"Sai {LOCK_AFTER_FAILURES} lần liên tiếp: “{account.name}” bị khóa "
                f"{LOCK_MINUTES} phút, đến {_until(account.locked_until)}."
            )
        return WRONG_LOGIN
    if account.disabled:  # said only to someone who knows the password
        _record(session, LOGIN_REFUSED, account.name, {"reason": [None, "disabled"]}, intruder)
        return (
            f"Tài khoản “{account.name}” đã bị tắt; hãy nhờ quản trị viên bật lại tài khoản "
            "rồi mới đăng nhập được."
        )
    if account.failed_attempts or account.locked_until is not None:
        account.failed_attempts = 0
        account.locked_until = None
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    session.flush()
    if doing in (LOGIN, UNLOCK):
        _record(session, doing, account.name, None, actor=account.name)
    return None


def _record_failed_openings(session: Session, database: Database) -> None:
    """Failed openings of an encrypted database, kept in its key file until now."""
    failures = database.failed_logins
    if not failures:
        return
    known = set(session.scalars(select(Account.name)))
    for failure in list(failures):
        name = failure.name if failure.name in known else None
        audit.record_change(
            session,
            action=LOGIN_FAILED,
            reason=REASON,
            entity_type=ENTITY,
            entity_key=name,
            changes={"reason": [None, "wrong_password" if name else "unknown_name"]},
            source="tệp khóa",
            actor="không rõ",
            at=failure.at,
        )
    failures.clear()


def _record(
    session: Session,
    action: str,
    name: str | None,
    changes: dict[str, list[Any]] | None,
    actor: str | None = None,
) -> None:
    audit.record_change(
        session,
        action=action,
        reason=REASON,
        entity_type=ENTITY,
        entity_key=name,
        changes=changes,
        actor=actor,
    )


def _signed(account: Account) -> SignedInAccount:
    return SignedInAccount(account.id, account.name, account.display_name, account.role)


def _row(account: Account, now: datetime) -> AccountRow:
    return AccountRow(
        id=account.id,
        name=account.name,
        display_name=account.display_name,
        role=account.role,
        role_name=role_name(account.role),
        disabled=account.disabled,
        locked_until=account.locked_until if _locked(account, now) else None,
        failed_attempts=account.failed_attempts,
        password_changed_at=account.password_changed_at,
        created_at=account.created_at,
        created_by=account.created_by,
        version=account.version,
    )


def _refresh_signed_in(row: AccountRow) -> None:
    """An administrator who changed their own account works on as it is now."""
    me = signed_in.current()
    if me is not None and me.id == row.id:
        signed_in.sign_in(SignedInAccount(row.id, row.name, row.display_name, row.role))


class _KeyCopies:
    """The key copies made inside one _keyed transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.made: list[str] = []

    def enrol(self, name: str, password: str) -> None:
        self.database.enrol(name, password)
        self.made.append(name)


@contextmanager
def _keyed(database: Database) -> Iterator[tuple[Session, _KeyCopies]]:
    """A writing session for a change that gives an account a key copy on an encrypted
    database (made last, inside the transaction, so a failure to make it writes
    nothing); if the transaction fails after it, the copy is taken away again."""
    copies = _KeyCopies(database)
    try:
        with database.session(writing=True) as session:
            yield session, copies
    except BaseException:
        for name in copies.made:
            _forget_quietly(database, name)
        raise


def _forget_quietly(database: Database, name: str) -> None:
    try:
        database.forget(name)
    except Exception:  # the transaction's own error is the one to report
        log.warning("Không thu hồi được khóa của một tài khoản sau khi ghi thất bại.")
