"""Accounts: the first administrator, passwords kept as Argon2id hashes, five failures
lock an account for five minutes, administrators manage accounts, every attempt and
change is audited (never a password), and an encrypted database's key copies follow."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import inspect, select, text

from desktop.db import keyring
from desktop.db.keyring import Login, LoginNeeded, LoginRefused, RecoveryLogin
from desktop.db.models import Account, AuditEntry
from desktop.domain.errors import UserError
from desktop.domain.roles import ADMIN, DUTY, ENTRY, EXPORT, LEADER
from desktop.services import accounts, audit, signed_in
from desktop.services.accounts import SignInRefused
from desktop.services.database import Database, open_database
from desktop.services.signed_in import NotAllowed
from tests.db.test_migrations import command_downgrade

ADMIN_PASSWORD = "đèn-khuya-2026"
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


class ServerDatabase(Database):
    """The test database as a database on a server (PostgreSQL) behaves: accounts in its
    table, no file encryption. The encrypted file is tested at the end of the module."""

    @property
    def can_encrypt(self) -> bool:
        return False


@pytest.fixture
def database(database: Database) -> Database:
    """In this module, the test database as a server's (see ServerDatabase)."""
    return ServerDatabase(database.url, database.engine, database.sessions)


@pytest.fixture(autouse=True)
def quick_hashes(request, monkeypatch) -> None:
    """Cheap Argon2id parameters, so that the tests do not spend 0.16 s on each password
    (a test that asks for `real_hashes` keeps the program's)."""
    if "real_hashes" not in request.fixturenames:
        monkeypatch.setattr(accounts, "HASHER", QUICK_HASHER)
        monkeypatch.setattr(accounts, "_dummy_hash", None)
        monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 8, "p": 1})  # the key file's


@pytest.fixture
def real_hashes() -> None:
    """The program's own Argon2id parameters."""


@pytest.fixture
def admin(database) -> str:
    """The first administrator, signed in."""
    accounts.create_first_admin(database, "quan.tri", "Nguyễn Văn Quản", ADMIN_PASSWORD)
    accounts.sign_in(database, Login("quan.tri", ADMIN_PASSWORD))
    return "quan.tri"


def add(database, name: str, role: str, password: str = "mat-khau-123") -> None:
    accounts.add_account(database, name, "", role, password)


def trail(database, *actions: str) -> list[AuditEntry]:
    with database.session() as session:
        query = select(AuditEntry).where(AuditEntry.entity_type == "account")
        if actions:
            query = query.where(AuditEntry.action.in_(actions))
        entries = list(session.scalars(query.order_by(AuditEntry.id)))
        session.expunge_all()
    return entries


def everything_stored(database) -> str:
    """Every value of every table, as one text to search."""
    parts = []
    with database.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def test_the_first_account_is_an_administrator_made_only_while_none_exists(database):
    assert not accounts.remember_accounts_exist(database)
    assert accounts.create_first_admin(database, "Quan.Tri", "", ADMIN_PASSWORD) == ""
    assert signed_in.accounts_exist()
    with database.session() as session:
        stored = session.scalars(select(Account)).one()
        assert accounts.accounts_exist(session)
    assert (stored.name, stored.display_name, stored.role) == ("quan.tri", "quan.tri", ADMIN)
    with pytest.raises(NotAllowed, match="đã có tài khoản"):
        accounts.create_first_admin(database, "nguoi.khac", "", ADMIN_PASSWORD)


def test_once_accounts_exist_nothing_is_allowed_before_someone_signs_in(database):
    accounts.create_first_admin(database, "quan.tri", "", ADMIN_PASSWORD)
    signed_in.reset()  # a new start of the program
    assert accounts.remember_accounts_exist(database)
    assert not signed_in.may(EXPORT)
    with pytest.raises(NotAllowed, match="^Cần đăng nhập để xuất dữ liệu ra tệp.$"):
        signed_in.require(EXPORT)


def test_passwords_are_kept_only_as_argon2id_hashes(real_hashes, database, admin):
    add(database, "lan", ENTRY, "bí-mật-của-Lan")
    accounts.reset_password(database, "lan", "mật-khẩu-mới-của-Lan")
    with database.session() as session:
        stored = session.scalar(select(Account).where(Account.name == "lan"))
    # RFC 9106's second recommendation: 3 passes over 64 MiB, 4 lanes (~0.16 s here).
    assert stored.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    everything = everything_stored(database)
    for password in (ADMIN_PASSWORD, "bí-mật-của-Lan", "mật-khẩu-mới-của-Lan"):
        assert password not in everything


def test_a_name_is_folded_and_matched_whatever_its_case_and_diacritics(database, admin):
    accounts.add_account(database, "Trần.Bình", "Trần Thị Bình", DUTY, "mat-khau-123")
    account = accounts.sign_in(database, Login("  TRAN.binh ", "mat-khau-123"))
    assert (account.name, account.display_name, account.role) == (
        "tran.binh",
        "Trần Thị Bình",
        DUTY,
    )
    assert signed_in.current() == account


@pytest.mark.parametrize(
    ("name", "password", "sentence"),
    [
        ("ab", "mat-khau-123", "Tên đăng nhập “ab” không hợp lệ: cần 3 đến 50 ký tự"),
        ("lò thị lan", "mat-khau-123", "Tên đăng nhập “lò thị lan” không hợp lệ"),
        ("x" * 51, "mat-khau-123", "không hợp lệ: cần 3 đến 50 ký tự"),
        ("lan", "1234567", "Mật khẩu cần ít nhất 8 ký tự."),
        ("nguyen.lan", "Nguyễn.Lan", "Mật khẩu không được trùng với tên đăng nhập."),
    ],
)
def test_bad_names_and_passwords_are_refused_with_a_sentence(
    database, admin, name, password, sentence
):
    with pytest.raises(UserError, match=re.escape(sentence)):
        accounts.add_account(database, name, "", ENTRY, password)
    with pytest.raises(UserError, match=re.escape(sentence)):
        accounts.create_first_admin(database, name, "", password)  # checked first


def test_a_name_already_taken_and_an_unknown_role_are_refused(database, admin):
    add(database, "lan", ENTRY)
    with pytest.raises(UserError, match="^Đã có tài khoản “lan”; hãy chọn tên đăng nhập khác.$"):
        add(database, "LAN", DUTY)
    with pytest.raises(UserError, match="Vai trò “boss” không có; hãy chọn một trong: admin"):
        add(database, "boss", "boss")


def test_a_hash_made_with_other_parameters_is_redone_at_the_next_sign_in(real_hashes, database):
    with database.session() as session:
        session.add(
            Account(
                name="nguoi.cu",
                display_name="nguoi.cu",
                role=ENTRY,
                password_hash=QUICK_HASHER.hash("mat-khau-cu"),
                password_changed_at=datetime(2026, 1, 1),
                created_at=datetime(2026, 1, 1),
                created_by="test",
            )
        )
    accounts.sign_in(database, Login("nguoi.cu", "mat-khau-cu"))
    with database.session() as session:
        rehashed = session.scalar(select(Account.password_hash).where(Account.name == "nguoi.cu"))
    assert rehashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_signing_in_is_audited_under_the_accounts_name(database, admin):
    (entry,) = trail(database, accounts.LOGIN)
    assert (entry.actor, entry.entity_key, entry.changes) == ("quan.tri", "quan.tri", None)
    assert audit.current_actor() == "quan.tri"


def test_an_unknown_name_and_a_wrong_password_get_the_same_sentence(database, admin):
    signed_in.sign_out()
    for login in (Login("khong.co", ADMIN_PASSWORD), Login("quan.tri", "sai-mat-khau")):
        with pytest.raises(SignInRefused, match=f"^{WRONG}$"):
            accounts.sign_in(database, login)
    assert signed_in.current() is None
    unknown, wrong = trail(database, accounts.LOGIN_FAILED)
    # The name typed is not kept when no account has it: people type passwords there.
    assert (unknown.entity_key, unknown.changes) == (None, {"reason": [None, "unknown_name"]})
    assert unknown.actor == audit.system_user()
    assert wrong.entity_key == "quan.tri"
    assert wrong.changes == {"reason": [None, "wrong_password"], "failed_attempts": [0, 1]}


def until(moment: datetime) -> str:
    """The lock's end as the sentence gives it: the desk's time, rounded up."""
    local = moment.replace(tzinfo=UTC).astimezone()
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f"{local:%H:%M}"


def test_five_wrong_passwords_lock_the_account_for_five_minutes(database, admin):
    add(database, "lan", ENTRY)
    signed_in.sign_out()
    start = datetime.now(UTC).replace(tzinfo=None)
    for attempt in range(4):
        with pytest.raises(SignInRefused, match=f"^{WRONG}$"):
            accounts.sign_in(database, Login("lan", "sai"), now=start + timedelta(seconds=attempt))
    fifth = start + timedelta(seconds=4)
    lock_end = fifth + timedelta(minutes=5)
    with pytest.raises(SignInRefused) as refused:
        accounts.sign_in(database, Login("lan", "sai"), now=fifth)
    assert (
        str(refused.value) == f"Sai 5 lần liên tiếp: “lan” bị khóa 5 phút, đến {until(lock_end)}."
    )
    # Even the right password is refused while the lock lasts, saying until when.
    with pytest.raises(SignInRefused) as refused:
        accounts.sign_in(database, Login("lan", "mat-khau-123"), now=fifth + timedelta(minutes=4))
    assert str(refused.value) == (
        f"Tài khoản “lan” đang bị khóa vì nhập sai nhiều lần; hãy thử lại sau {until(lock_end)}."
    )
    signed_in.sign_in(signed_in.SignedInAccount(1, "quan.tri", "", ADMIN))
    with database.session() as session:
        (row,) = [r for r in accounts.list_accounts(session, now=fifth) if r.name == "lan"]
    assert row.locked_until == lock_end
    assert row.as_json()["locked_until"] == lock_end.replace(tzinfo=UTC).astimezone().isoformat()
    signed_in.sign_out()
    after = lock_end + timedelta(seconds=1)
    assert accounts.sign_in(database, Login("lan", "mat-khau-123"), now=after).name == "lan"
    with database.session() as session:
        stored = session.scalar(select(Account).where(Account.name == "lan"))
    assert (stored.failed_attempts, stored.locked_until) == (0, None)
    failed = trail(database, accounts.LOGIN_FAILED)
    assert [e.changes["failed_attempts"] for e in failed] == [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
    ]
    assert failed[-1].changes["locked_until"] == [None, lock_end.isoformat()]
    (refusal,) = trail(database, accounts.LOGIN_REFUSED)
    assert refusal.changes == {"reason": [None, "locked"]}


def test_a_disabled_account_cannot_sign_in_and_only_its_password_learns_why(database, admin):
    add(database, "lan", ENTRY)
    accounts.set_disabled(database, "lan", True)
    signed_in.sign_out()
    with pytest.raises(SignInRefused, match=f"^{WRONG}$"):
        accounts.sign_in(database, Login("lan", "sai-mat-khau"))
    with pytest.raises(SignInRefused, match="^Tài khoản “lan” đã bị tắt; hãy nhờ quản trị viên"):
        accounts.sign_in(database, Login("lan", "mat-khau-123"))
    accounts.sign_in(database, Login("quan.tri", ADMIN_PASSWORD))
    row = accounts.set_disabled(database, "lan", False)
    assert not row.disabled
    assert accounts.sign_in(database, Login("lan", "mat-khau-123")).role == ENTRY
    changes = [e.changes for e in trail(database, accounts.UPDATE)]
    assert changes == [{"disabled": [False, True]}, {"disabled": [True, False]}]


def test_the_last_enabled_administrator_cannot_be_disabled_or_demoted(database, admin):
    with pytest.raises(UserError, match="^Không thể tắt tài khoản quản trị cuối cùng còn hoạt"):
        accounts.set_disabled(database, "quan.tri", True)
    with pytest.raises(UserError, match="^Không thể bỏ vai trò quản trị của tài khoản quản trị"):
        accounts.change_account(database, "quan.tri", role=DUTY)
    add(database, "pho.quan.tri", ADMIN)
    accounts.set_disabled(database, "pho.quan.tri", True)  # a disabled one does not count
    with pytest.raises(UserError, match="cuối cùng còn hoạt động"):
        accounts.set_disabled(database, "quan.tri", True)
    accounts.set_disabled(database, "pho.quan.tri", False)
    row = accounts.change_account(database, "quan.tri", role=DUTY, display_name="Nguyễn  Văn Quản")
    assert (row.role, row.role_name, row.display_name) == (DUTY, "Trực ban", "Nguyễn Văn Quản")
    # The administrator who demoted themselves works on as what they are now.
    assert signed_in.current().role == DUTY
    with pytest.raises(NotAllowed, match="^Vai trò Trực ban không được quản lý tài khoản.$"):
        add(database, "lan", ENTRY)


@pytest.mark.parametrize("role", [DUTY, LEADER, ENTRY])
def test_only_an_administrator_manages_accounts(database, admin, role):
    add(database, "nguoi.dung", role)
    accounts.sign_in(database, Login("nguoi.dung", "mat-khau-123"))
    words = {DUTY: "Trực ban", LEADER: "Lãnh đạo", ENTRY: "Nhập liệu"}[role]
    sentence = f"^Vai trò {words} không được quản lý tài khoản.$"
    with pytest.raises(NotAllowed, match=sentence):
        add(database, "lan", ENTRY)
    with pytest.raises(NotAllowed, match=sentence):
        accounts.set_disabled(database, "quan.tri", True)
    with pytest.raises(NotAllowed, match=sentence):
        accounts.reset_password(database, "quan.tri", "mat-khau-moi-1")
    with pytest.raises(NotAllowed, match=sentence), database.session() as session:
        accounts.list_accounts(session)
    signed_in.sign_out()
    with pytest.raises(NotAllowed, match="^Cần đăng nhập để quản lý tài khoản.$"):
        add(database, "lan", ENTRY)


def test_before_any_account_only_the_first_administrator_can_be_made(database):
    with pytest.raises(NotAllowed, match="tạo tài khoản quản trị đầu tiên"):
        add(database, "lan", ENTRY)


def test_a_reset_gives_a_new_password_and_lifts_the_lock(database, admin):
    add(database, "lan", ENTRY)
    signed_in.sign_out()
    for _ in range(5):
        with pytest.raises(SignInRefused):
            accounts.sign_in(database, Login("lan", "sai"))
    accounts.sign_in(database, Login("quan.tri", ADMIN_PASSWORD))
    accounts.reset_password(database, "LAN", "mat-khau-moi-1")
    with pytest.raises(UserError, match="^Hãy đổi mật khẩu của chính mình"):
        accounts.reset_password(database, "quan.tri", "mat-khau-moi-1")
    with pytest.raises(SignInRefused, match=WRONG):
        accounts.sign_in(database, Login("lan", "mat-khau-123"))
    assert accounts.sign_in(database, Login("lan", "mat-khau-moi-1")).name == "lan"
    (reset,) = trail(database, accounts.PASSWORD_RESET)
    assert (reset.actor, reset.entity_key, reset.changes) == ("quan.tri", "lan", None)


def test_changing_ones_own_password_needs_the_current_one(database, admin):
    with pytest.raises(SignInRefused, match="^Mật khẩu hiện tại không đúng; mật khẩu chưa"):
        accounts.change_own_password(database, "sai-mat-khau", "mat-khau-moi-1")
    with pytest.raises(UserError, match="^Mật khẩu mới phải khác mật khẩu hiện tại.$"):
        accounts.change_own_password(database, ADMIN_PASSWORD, ADMIN_PASSWORD)
    with pytest.raises(UserError, match="^Mật khẩu cần ít nhất 8 ký tự.$"):
        accounts.change_own_password(database, ADMIN_PASSWORD, "ngan")
    accounts.change_own_password(database, ADMIN_PASSWORD, "mat-khau-moi-1")
    with pytest.raises(SignInRefused):
        accounts.sign_in(database, Login("quan.tri", ADMIN_PASSWORD))
    assert accounts.sign_in(database, Login("quan.tri", "mat-khau-moi-1")).role == ADMIN
    assert [e.action for e in trail(database, accounts.PASSWORD_CHANGE)] == ["password_change"]


def test_unlocking_the_window_checks_the_same_persons_password(database, admin):
    assert accounts.check_password(database, ADMIN_PASSWORD)
    assert not accounts.check_password(database, "sai")
    assert signed_in.current().name == "quan.tri"  # still theirs: they may try again
    for _ in range(3):
        assert not accounts.check_password(database, "sai")
    with pytest.raises(SignInRefused, match="bị khóa 5 phút"):
        accounts.check_password(database, "sai")
    assert signed_in.current() is None  # someone must sign in again
    actions = [e.action for e in trail(database, accounts.UNLOCK, accounts.UNLOCK_FAILED)]
    assert actions == ["unlock"] + ["unlock_failed"] * 5


def test_a_disabled_account_cannot_unlock_the_window(database, admin):
    add(database, "lan", ENTRY)
    accounts.sign_in(database, Login("lan", "mat-khau-123"))
    with database.session() as session:  # another desk's administrator disables Lan
        session.scalar(select(Account).where(Account.name == "lan")).disabled = True
    with pytest.raises(SignInRefused, match="đã bị tắt"):
        accounts.check_password(database, "mat-khau-123")
    assert signed_in.current() is None


def test_signing_out_is_audited(database, admin):
    accounts.sign_out(database)
    assert signed_in.current() is None
    (entry,) = trail(database, accounts.LOGOUT)
    assert (entry.actor, entry.entity_key) == ("quan.tri", "quan.tri")


def test_a_refused_command_is_audited_with_what_was_missing(database, admin):
    add(database, "lan", ENTRY)
    accounts.sign_in(database, Login("lan", "mat-khau-123"))
    with pytest.raises(NotAllowed) as refused:
        signed_in.require(EXPORT)
    accounts.record_refusal(database, "export residents", refused.value)
    with database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).one()
    assert (entry.actor, entry.entity_type, entry.entity_key) == (
        "lan",
        "command",
        "export residents",
    )
    assert entry.changes == {"permission": [None, "export"]}


def test_an_older_database_upgraded_has_no_account_and_asks_no_login(tmp_path):
    path = tmp_path / "older.sqlite3"
    database = open_database(f"sqlite:///{path}")
    command_downgrade(database, "0006")
    assert "account" not in inspect(database.engine).get_table_names()
    database.close()
    upgraded = open_database(f"sqlite:///{path}")
    assert "account" in inspect(upgraded.engine).get_table_names()
    assert not accounts.remember_accounts_exist(upgraded)
    assert signed_in.may(EXPORT)
    assert audit.current_actor() == audit.system_user()
    upgraded.close()


# --- An encrypted database: the key copies follow the accounts ---------------------------


class KeyedDatabase:
    """The real database, with the encryption calls of desktop.services.database
    recorded (the key file itself is tested with it)."""

    def __init__(self, database, encrypted: bool = False) -> None:
        self.real = database
        self.url = database.url
        self.engine = database.engine
        self.encrypted = encrypted
        self.can_encrypt = not encrypted
        self.calls: list[tuple] = []
        self.failed_logins: list = []
        self.fail_enrol = False

    def session(self, writing: bool = False):
        return self.real.session(writing)

    def encrypt(self, first) -> str:
        self.calls.append(("encrypt", first.name, first.password))
        self.encrypted, self.can_encrypt = True, False
        return "KHOA-KHOI-PHUC"

    def enrol(self, name: str, password: str) -> None:
        if self.fail_enrol:
            raise UserError("Không ghi được tệp khóa.")
        self.calls.append(("enrol", name, password))

    def forget(self, name: str) -> None:
        self.calls.append(("forget", name))


def test_the_first_administrator_encrypts_a_plain_database_and_gets_the_recovery_key(database):
    keyed_database = KeyedDatabase(database)
    key = accounts.create_first_admin(keyed_database, "quan.tri", "", ADMIN_PASSWORD)
    assert key == "KHOA-KHOI-PHUC"
    assert keyed_database.calls == [("encrypt", "quan.tri", ADMIN_PASSWORD)]


def test_every_new_password_gives_a_key_copy_and_disabling_takes_it_away(database):
    keyed_database = KeyedDatabase(database)
    accounts.create_first_admin(keyed_database, "quan.tri", "", ADMIN_PASSWORD)
    accounts.sign_in(keyed_database, Login("quan.tri", ADMIN_PASSWORD))
    keyed_database.calls.clear()
    accounts.add_account(keyed_database, "lan", "", ENTRY, "mat-khau-123")
    accounts.reset_password(keyed_database, "lan", "mat-khau-456")
    accounts.set_disabled(keyed_database, "lan", True)
    with pytest.raises(UserError, match="^Dữ liệu được mã hóa: bật lại một tài khoản cần đặt"):
        accounts.set_disabled(keyed_database, "lan", False)
    accounts.set_disabled(keyed_database, "lan", False, new_password="mat-khau-789")
    accounts.change_own_password(keyed_database, ADMIN_PASSWORD, "mat-khau-moi-1")
    assert keyed_database.calls == [
        ("enrol", "lan", "mat-khau-123"),
        ("enrol", "lan", "mat-khau-456"),
        ("forget", "lan"),
        ("enrol", "lan", "mat-khau-789"),
        ("enrol", "quan.tri", "mat-khau-moi-1"),
    ]
    assert accounts.sign_in(keyed_database, Login("lan", "mat-khau-789")).name == "lan"


def test_an_account_whose_key_copy_cannot_be_made_is_not_created(database):
    keyed_database = KeyedDatabase(database)
    accounts.create_first_admin(keyed_database, "quan.tri", "", ADMIN_PASSWORD)
    accounts.sign_in(keyed_database, Login("quan.tri", ADMIN_PASSWORD))
    keyed_database.fail_enrol = True
    with pytest.raises(UserError, match="Không ghi được tệp khóa."):
        accounts.add_account(keyed_database, "lan", "", ENTRY, "mat-khau-123")
    with database.session() as session:
        assert session.scalars(select(Account.name)).all() == ["quan.tri"]
    assert not trail(database, accounts.CREATE)[1:]


def test_failed_openings_noted_in_the_key_file_reach_the_trail_at_the_next_sign_in(database):
    keyed_database = KeyedDatabase(database)
    accounts.create_first_admin(keyed_database, "quan.tri", "", ADMIN_PASSWORD)
    at = datetime(2026, 12, 1, 20, 15)
    keyed_database.failed_logins = [
        SimpleNamespace(name="quan.tri", at=at),
        SimpleNamespace(name="mat-khau-go-nham", at=at + timedelta(seconds=5)),
    ]
    accounts.sign_in(keyed_database, Login("quan.tri", ADMIN_PASSWORD))
    assert keyed_database.failed_logins == []  # written once
    known, unknown = trail(database, accounts.LOGIN_FAILED)
    assert (known.at, known.entity_key, known.source) == (at, "quan.tri", "tệp khóa")
    assert unknown.entity_key is None
    assert "mat-khau-go-nham" not in everything_stored(database)


# --- A SQLite file: encrypted by the first account, opened by each account's password ----


@pytest.fixture
def sqlite_file(tmp_path, migrated_template) -> str:
    """The URL of a plain SQLite file, as a new station's."""
    path = tmp_path / "tram.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


def test_the_first_administrator_encrypts_the_file_and_each_account_opens_it(sqlite_file):
    database = open_database(sqlite_file)
    recovery_key = accounts.create_first_admin(database, "quan.tri", "", ADMIN_PASSWORD)
    assert recovery_key and database.encrypted
    accounts.sign_in(database, Login("quan.tri", ADMIN_PASSWORD))
    accounts.add_account(database, "lan", "Lò Thị Lan", ENTRY, "mat-khau-123")
    database.close()
    with pytest.raises(LoginNeeded):
        open_database(sqlite_file)
    lan = open_database(sqlite_file, login=accounts.login("LAN", "mat-khau-123"))
    assert accounts.sign_in(lan, accounts.login("LAN", "mat-khau-123")).role == ENTRY
    lan.close()
    signed_in.reset()
    admin = open_database(sqlite_file, login=Login("quan.tri", ADMIN_PASSWORD))
    accounts.sign_in(admin, Login("quan.tri", ADMIN_PASSWORD))
    accounts.set_disabled(admin, "lan", True)  # her copy of the key is taken away
    renewed = accounts.renew_recovery_key(admin)
    assert renewed != recovery_key
    (entry,) = trail(admin, accounts.RECOVERY_KEY)
    assert (entry.actor, entry.changes) == ("quan.tri", None)
    admin.close()
    with pytest.raises(LoginRefused):
        open_database(sqlite_file, login=Login("lan", "mat-khau-123"))
    with pytest.raises(LoginRefused):
        open_database(sqlite_file, login=RecoveryLogin(recovery_key))
    open_database(sqlite_file, login=RecoveryLogin(renewed)).close()


def test_only_an_administrator_renews_the_recovery_key(database, admin):
    add(database, "truc.ban", DUTY)
    accounts.sign_in(database, Login("truc.ban", "mat-khau-123"))
    with pytest.raises(NotAllowed, match="^Vai trò Trực ban không được quản lý tài khoản.$"):
        accounts.renew_recovery_key(database)
