"""The database encrypted at rest: after encrypt() no file on the disk holds a
resident's name or ID number, only a valid login opens it, a wrong one is counted and
five lock the name, a removed account opens nothing even with an old key file, and a
kill at any moment of encrypting or of changing the key leaves the data whole."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.data_folder import user_data_folder
from desktop.db import drivers, keyring, sqlite_files
from desktop.db.keyring import Login, LoginNeeded, LoginRefused, RecoveryLogin
from desktop.db.unavailable import BUSY, DatabaseUnavailable
from desktop.db.writing import WriterWait
from desktop.domain.errors import UserError
from desktop.domain.roles import LOCK_AFTER_FAILURES, LOCK_MINUTES
from desktop.services import private_files
from desktop.services.database import Database, open_database
from desktop.services.wards import current_ward
from tests.builders import add_household, make_group, make_ward

REPOSITORY = Path(__file__).resolve().parents[2]
NAME, FOLDED, ID_NUMBER, PHONE = "Nguyễn Thị Ước", "nguyen thi uoc", "010190000123", "0912345678"
SECRETS = (NAME.encode(), FOLDED.encode(), ID_NUMBER.encode(), PHONE.encode())
ADMIN = Login("quantri", "Mật khẩu quản trị 1")
DUTY = Login("trucban", "ca đêm thứ bảy 22")


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """Argon2id at its smallest: these tests are about files and logins, not the cost
    of a guess (tests/db/test_keyring.py checks the real one)."""
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 1024, "p": 1})


def add_the_resident(database: Database) -> None:
    with database.session() as session:
        group = make_group(session, current_ward(session) or make_ward(session))
        add_household(session, group, head=NAME, personal_id=ID_NUMBER, phone=PHONE)


def leaks(*folders: Path) -> list[str]:
    """Every file under the folders that holds the resident's name, folded name, ID
    number or phone as bytes (the database, its -wal, the key file, copies…)."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and any(secret in path.read_bytes() for secret in SECRETS):
                found.append(str(path))
    return found


def the_resident(database: Database) -> tuple[str, str]:
    with database.session() as session:
        return session.execute(
            text("SELECT full_name, personal_id FROM resident WHERE personal_id = :id"),
            {"id": ID_NUMBER},
        ).one()


def fingerprint(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def plain(database: Database) -> Database:
    """A plain database holding one known resident."""
    add_the_resident(database)
    return database


@pytest.fixture
def encrypted(plain: Database) -> tuple[Database, str]:
    """The same database encrypted for ADMIN; with its recovery key."""
    return plain, plain.encrypt(ADMIN)


def db_file(database: Database) -> Path:
    return Path(database.engine.url.database)


# Encrypting ---------------------------------------------------------------------------


def test_after_encrypting_no_file_holds_the_residents_name_or_number(encrypted):
    database, recovery_key = encrypted
    path = db_file(database)
    with database.session() as session:  # a change after encrypting: in the -wal now
        session.execute(text("UPDATE resident SET notes = :n"), {"n": f"gọi {PHONE}"})
    assert path.with_name(path.name + "-wal").stat().st_size > 0

    assert leaks(path.parent) == []
    assert the_resident(database) == (NAME, ID_NUMBER)  # the program reads it as before
    assert database.encrypted and not database.can_encrypt
    assert len(recovery_key) == 34
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain_reader = sqlite3.connect(path)
        try:
            plain_reader.execute("SELECT * FROM resident").fetchall()
        finally:
            plain_reader.close()
    assert not path.read_bytes().startswith(sqlite_files.SQLITE_HEADER)


def test_encrypting_leaves_no_plain_copy_beside_it_nor_in_the_scratch_folder(plain):
    path = db_file(plain)
    safety = path.with_name("denkhuya.truoc-nang-cap-0005-20261130-213000.sqlite3")
    shutil.copy(path, safety)  # an upgrade's safety copy, plain, from before
    automatic = path.parent / "sao-luu-tu-dong" / "denkhuya-coc-leu-2026-11-29-1845.sqlite3"
    automatic.parent.mkdir()
    shutil.copy(path, automatic)
    assert leaks(path.parent)  # plain: the name is there to be found

    plain.encrypt(ADMIN)
    plain.close()

    assert sorted(p.name for p in path.parent.iterdir()) == [
        "denkhuya.sqlite3",
        "denkhuya.sqlite3.khoa",
        "denkhuya.sqlite3.khoa.lock",
        "denkhuya.truoc-nang-cap-0005-20261130-213000.sqlite3",
        "sao-luu-tu-dong",
    ]
    assert leaks(path.parent, user_data_folder()) == []
    assert sqlite_files.is_container(safety) and sqlite_files.is_container(automatic)


def test_the_encrypted_engine_keeps_wal_foreign_keys_and_writers_waiting(encrypted, tmp_path):
    database, _ = encrypted
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    waited = []
    impatient = WriterWait(limit_seconds=0.6, notice_after_seconds=0.1,
                           on_wait=lambda: waited.append(1))  # fmt: skip
    other = open_database(database.url, impatient, login=ADMIN)
    holder = drivers.connect(db_file(database), database.data_key, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another desk holds the write lock
        with pytest.raises(DatabaseUnavailable) as refused, other.session() as session:
            session.execute(text("UPDATE resident SET notes = 'x'"))
        assert refused.value.kind == BUSY and waited == [1]
    finally:
        holder.close()
        other.close()


def test_encrypting_is_refused_while_another_program_has_it_open_and_changes_nothing(plain):
    path = db_file(plain)
    plain.close()
    before = fingerprint(path.parent)
    another_window = textwrap.dedent(f"""
        import sqlite3, time
        connection = sqlite3.connect({str(path)!r})
        connection.execute("SELECT count(*) FROM resident").fetchone()
        print("open", flush=True)  # and idle, as a window left open at another desk
        time.sleep(30)
    """)
    with subprocess.Popen(
        [sys.executable, "-c", another_window], stdout=subprocess.PIPE, text=True
    ) as reader:
        try:
            assert reader.stdout.readline().strip() == "open"
            impatient = open_database(plain.url, WriterWait(limit_seconds=0.3))
            with pytest.raises(UserError, match="đang mở nó; hãy đóng chúng rồi thử lại"):
                impatient.encrypt(ADMIN)
            assert not impatient.encrypted
            assert the_resident(impatient) == (NAME, ID_NUMBER)
            impatient.close()
        finally:
            reader.kill()
    left = {name for name in fingerprint(path.parent) if not name.endswith(("-wal", "-shm"))}
    assert left == set(before) == {"denkhuya.sqlite3"}  # no key file, no copy left


def test_a_server_database_is_never_encrypted_here():
    server = Database("postgresql://canbo@maychu/denkhuya", None, None)  # type: ignore[arg-type]
    assert not server.can_encrypt and not server.encrypted
    server.enrol("trucban", "mật khẩu")  # nothing to do, nothing refused
    server.forget("trucban")
    with pytest.raises(UserError, match="dạng tệp SQLite"):
        server.encrypt(ADMIN)


# Opening ------------------------------------------------------------------------------


def test_without_a_login_nothing_is_read_and_nothing_written(encrypted):
    database, _ = encrypted
    path = db_file(database)
    database.close()
    before = fingerprint(path.parent)

    with pytest.raises(LoginNeeded, match="được mã hóa: cần đăng nhập"):
        open_database(database.url)

    assert fingerprint(path.parent) == before


def test_a_wrong_password_is_refused_counted_and_handed_over_for_the_audit_trail(encrypted):
    database, _ = encrypted
    database.close()
    for wrong in (Login("quantri", "sai mật khẩu"), Login("khong-ai", "đoán thử")):
        with pytest.raises(LoginRefused, match="Tên đăng nhập hoặc mật khẩu không đúng"):
            open_database(database.url, login=wrong)

    opened = open_database(database.url, login=ADMIN)
    try:
        assert [failure.name for failure in opened.failed_logins] == ["quantri", "khong-ai"]
        assert the_resident(opened) == (NAME, ID_NUMBER)
    finally:
        opened.close()
    again = open_database(database.url, login=ADMIN)  # handed over once
    assert again.failed_logins == []
    again.close()


def test_five_failures_lock_the_account_for_five_minutes(encrypted, monkeypatch):
    database, _ = encrypted
    database.close()
    wrong = Login("quantri", "đoán mò lần nữa")
    for _ in range(LOCK_AFTER_FAILURES - 1):
        with pytest.raises(LoginRefused, match="không đúng"):
            open_database(database.url, login=wrong)
    with pytest.raises(LoginRefused, match=f"“quantri” bị khóa {LOCK_MINUTES} phút"):
        open_database(database.url, login=wrong)
    with pytest.raises(LoginRefused, match="đang bị khóa"):
        open_database(database.url, login=ADMIN)

    later = keyring.utcnow() + timedelta(minutes=LOCK_MINUTES, seconds=5)
    monkeypatch.setattr(keyring, "utcnow", lambda: later)
    opened = open_database(database.url, login=ADMIN)
    assert len(opened.failed_logins) == LOCK_AFTER_FAILURES + 1
    opened.close()


def test_the_recovery_key_opens_it(encrypted):
    database, recovery_key = encrypted
    database.close()
    opened = open_database(database.url, login=RecoveryLogin(recovery_key.lower()))
    assert the_resident(opened) == (NAME, ID_NUMBER)
    opened.close()


def test_a_plain_file_beside_a_key_file_and_a_key_file_alone_are_refused(encrypted, tmp_path):
    database, _ = encrypted
    path = db_file(database)
    database.close()
    swapped = tmp_path / "khac.sqlite3"
    add_the_resident(other := open_database(f"sqlite:///{swapped}"))
    other.close()
    shutil.copy(keyring.key_file_path(path), keyring.key_file_path(swapped))
    with pytest.raises(UserError, match="có tệp khóa .* nhưng tệp dữ liệu lại không được mã hóa"):
        open_database(other.url, login=ADMIN)
    path.unlink()
    with pytest.raises(UserError, match="Không thấy tệp dữ liệu “denkhuya.sqlite3” mà tệp khóa"):
        open_database(database.url, login=ADMIN)
    assert not path.exists()


def test_an_encrypted_file_without_its_key_file_is_said_to_need_it(encrypted):
    database, _ = encrypted
    path = db_file(database)
    database.close()
    keyring.key_file_path(path).rename(path.with_name("cat-di.khoa"))
    with pytest.raises(UserError, match="tệp khóa “denkhuya.sqlite3.khoa” phải nằm cạnh nó"):
        open_database(database.url, login=ADMIN)


# Accounts and the data key ------------------------------------------------------------


def test_a_removed_account_with_an_old_copy_of_the_key_file_opens_nothing(encrypted):
    database, recovery_key = encrypted
    path = db_file(database)
    key_file = keyring.key_file_path(path)
    database.enrol(DUTY.name, DUTY.password)
    old_key_file = key_file.read_bytes()  # copied by whoever had the desk that evening
    old_key = database.data_key

    database.forget(DUTY.name)

    assert the_resident(database) == (NAME, ID_NUMBER)  # the admin's window works on
    assert database.data_key != old_key
    database.close()
    with pytest.raises(LoginRefused):
        open_database(database.url, login=DUTY)
    current_key_file = key_file.read_bytes()
    key_file.write_bytes(old_key_file)
    with pytest.raises(UserError, match="không khớp với tệp dữ liệu"):
        open_database(database.url, login=DUTY)
    key_file.write_bytes(current_key_file)
    for login in (ADMIN, RecoveryLogin(recovery_key)):  # nobody else typed anything
        opened = open_database(database.url, login=login)
        assert the_resident(opened) == (NAME, ID_NUMBER)
        opened.close()


def test_another_desk_is_told_when_the_key_changed_under_it(encrypted):
    database, _ = encrypted
    database.enrol(DUTY.name, DUTY.password)
    other_desk = open_database(database.url, login=DUTY)
    assert the_resident(other_desk) == (NAME, ID_NUMBER)
    other_desk.close()  # its pooled connections still hold the old key's pages

    database.forget(DUTY.name)

    with pytest.raises(UserError, match="Khóa của dữ liệu vừa được đổi"):
        the_resident(other_desk)


def test_a_new_recovery_key_retires_the_old_one(encrypted):
    database, old_recovery = encrypted
    new_recovery = database.renew_recovery_key()
    database.close()
    with pytest.raises(LoginRefused, match="Khóa khôi phục không đúng"):
        open_database(database.url, login=RecoveryLogin(old_recovery))
    opened = open_database(database.url, login=RecoveryLogin(new_recovery))
    opened.close()


def test_a_password_change_gives_the_account_a_new_copy(encrypted):
    database, _ = encrypted
    database.enrol(ADMIN.name, "mật khẩu mới hẳn 2")
    database.close()
    with pytest.raises(LoginRefused):
        open_database(database.url, login=ADMIN)
    open_database(database.url, login=Login(ADMIN.name, "mật khẩu mới hẳn 2")).close()


def test_an_upgrade_of_an_encrypted_database_keeps_an_encrypted_safety_copy(encrypted):
    from desktop.services.backup import check_backup
    from tests.db.test_migrations import command_downgrade

    database, _ = encrypted
    command_downgrade(database, "0005")
    database.close()

    upgraded = open_database(database.url, login=ADMIN)
    upgraded.close()

    copy = upgraded.backup_before_upgrade
    assert copy is not None and sqlite_files.is_container(copy)
    assert leaks(copy.parent) == []
    assert check_backup(copy, login=ADMIN).residents == 1


# A kill at any moment -----------------------------------------------------------------

_KILLED = """
import os, signal, sys
sys.path.insert(0, {repository!r})
from desktop.db import encryption, keyring, sqlite_files
from desktop.services import private_files
from desktop.services.database import Login, open_database

private_files.start_scratch()  # as `denkhuya` does: the next start clears what is left
point, calls = {point!r}, []
real_replace = os.replace

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def replace(source, target):
    calls.append(target)
    if point.startswith("rename") and len(calls) == int(point[-1]):
        die()
    real_replace(source, target)

os.replace = replace
if point == "before the key file":
    keyring.KeyFile.begin_switch = lambda *a: die()
if point == "before the wipe":
    sqlite_files.wipe = lambda path: die()
if point == "before the rekey":
    encryption._rekey = lambda *a: die()
login = Login({admin!r}, {password!r})
database = open_database({url!r}, login=login if {encrypted!r} else None)
if {encrypted!r}:
    database.forget("trucban")
else:
    database.encrypt(login)
print("not killed")
"""


def run_until_killed(database: Database, point: str, encrypted: bool) -> None:
    script = _KILLED.format(
        repository=str(REPOSITORY),
        point=point,
        url=database.url,
        admin=ADMIN.name,
        password=ADMIN.password,
        encrypted=encrypted,
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == -signal.SIGKILL, finished.stdout + finished.stderr


@pytest.mark.parametrize(
    ("point", "then"),
    [
        ("before the key file", "plain"),  # exported and checked, nothing else
        ("rename 2", "plain"),  # the copy under its switching name, the key file half written
        ("rename 3", "plain"),  # the key file written, the plain file still in place
        ("rename 4", "encrypted"),  # the plain file aside, the encrypted one not yet in place
        ("before the wipe", "encrypted"),  # switched, the plain file still aside
        ("rename 5", "encrypted"),  # wiped, the key file not yet marked ready
    ],
)
def test_a_kill_while_encrypting_leaves_the_plain_or_the_encrypted_database_whole(
    plain, point, then
):
    path = db_file(plain)
    plain.close()

    run_until_killed(plain, point, encrypted=False)
    private_files.remove_leftovers()  # the next start of the program

    if then == "encrypted":  # the switch was made: it finishes, and opens with the login
        with pytest.raises(LoginNeeded):
            open_database(plain.url)
        reopened = open_database(plain.url, login=ADMIN)
        assert reopened.encrypted
        assert leaks(path.parent) == []
    else:  # the switch was not made: the plain database as it was, and nothing else
        reopened = open_database(plain.url)
        assert not reopened.encrypted
        assert not keyring.key_file_path(path).exists()
    try:
        assert the_resident(reopened) == (NAME, ID_NUMBER)
    finally:
        reopened.close()
    left = {p.name for p in path.parent.iterdir()}
    assert left <= {"denkhuya.sqlite3", "denkhuya.sqlite3.khoa", "denkhuya.sqlite3.khoa.lock"}
    assert leaks(user_data_folder()) == []


@pytest.mark.parametrize("point", ["before the rekey", "rename 2"])
def test_a_kill_while_the_key_changes_still_shuts_the_removed_account_out(encrypted, point):
    database, _ = encrypted
    path = db_file(database)
    database.enrol(DUTY.name, DUTY.password)
    old_key_file = keyring.key_file_path(path).read_bytes()
    database.close()

    run_until_killed(database, point, encrypted=True)

    reopened = open_database(database.url, login=ADMIN)  # finishes the change of key
    assert the_resident(reopened) == (NAME, ID_NUMBER)
    reopened.close()
    assert not keyring.load(keyring.key_file_path(path)).rotating
    keyring.key_file_path(path).write_bytes(old_key_file)
    with pytest.raises(UserError, match="không khớp với tệp dữ liệu"):
        open_database(database.url, login=DUTY)
