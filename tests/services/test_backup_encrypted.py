"""Backups of an encrypted database: one file for the USB stick that holds no name or
number, whose cover says only which ward and when, and that restores only with a
login of the data it holds."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.cli import run
from desktop.db import keyring, sqlite_files
from desktop.db.keyring import KeyFileDamaged, Login, LoginNeeded, LoginRefused, RecoveryLogin
from desktop.domain.errors import UserError
from desktop.logs import log_file
from desktop.services import accounts, backup
from desktop.services.automatic_backup import automatic_backup
from desktop.services.database import Database, open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from desktop.services.progress import Cancelled
from desktop.services.wards import current_ward
from tests.builders import add_household, make_group
from tests.conftest import TODAY
from tests.services.test_backup import StopDuring
from tests.services.test_encryption import (
    ADMIN,
    DUTY,
    ID_NUMBER,
    NAME,
    SECRETS,
    add_the_resident,
    db_file,
    leaks,
    the_resident,
)

NEWCOMER = Login("nguoimoi", "vào làm sau bản sao lưu 3")


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """Argon2id at its smallest: these tests are about files and logins, not the cost
    of a guess (tests/db/test_keyring.py checks the real one)."""
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 1024, "p": 1})


@pytest.fixture
def ward(database: Database) -> tuple[Database, str]:
    """An encrypted demo ward with the known resident, opened by ADMIN and DUTY; with
    its recovery key."""
    with database.session() as session:
        create_demo_ward(session, DemoOptions(households=30, today=TODAY))
    add_the_resident(database)
    recovery_key = database.encrypt(ADMIN)
    database.enrol(DUTY.name, DUTY.password)
    return database, recovery_key


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def residents(database: Database) -> int:
    with database.session() as session:
        return session.execute(text("SELECT count(*) FROM resident")).scalar()


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# Backing up ---------------------------------------------------------------------------


def test_an_encrypted_backup_is_one_file_holding_no_name_or_number(ward, usb):
    database, _ = ward
    target = usb / "sao-luu.sqlite3"

    summary = backup.backup_database(database, target)

    assert os.listdir(usb) == ["sao-luu.sqlite3"]
    assert leaks(usb) == []
    assert hidden_files(db_file(database).parent) == []  # no working copy left beside
    assert summary.encrypted and summary.residents == residents(database)
    assert (summary.ward_name, summary.households) == ("Cốc Lếu", 31)
    with zipfile.ZipFile(target) as container:
        assert sorted(container.namelist()) == ["du-lieu.sqlite3", "khoa.json"]
        assert {item.compress_type for item in container.infolist()} == {zipfile.ZIP_STORED}
    with pytest.raises(sqlite3.DatabaseError):
        plain_reader = sqlite3.connect(target)
        try:
            plain_reader.execute("SELECT * FROM resident").fetchall()
        finally:
            plain_reader.close()


def test_an_earlier_encrypted_backup_is_replaced_and_a_live_database_never(ward, usb, tmp_path):
    database, _ = ward
    target = backup.backup_database(database, usb / "sao-luu.sqlite3").path
    assert backup.backup_database(database, target).path == target
    assert os.listdir(usb) == ["sao-luu.sqlite3"]
    other = tmp_path / "khac"
    other.mkdir()
    (other / "x.sqlite3").write_bytes(db_file(database).read_bytes())
    (other / "x.sqlite3.khoa").write_bytes(b"{}")  # another desk's encrypted database
    with pytest.raises(UserError, match="là một cơ sở dữ liệu đang dùng chứ không phải"):
        backup.backup_database(database, other / "x.sqlite3")


def test_the_cover_says_which_ward_and_when_and_nothing_opens_without_a_login(ward, usb):
    database, _ = ward
    made = backup.backup_database(database, usb / "sao-luu.sqlite3").path

    cover = backup.backup_cover(made)

    assert cover.encrypted and cover.ward_label == "phường Cốc Lếu"
    assert cover.station_name == "Công an phường Cốc Lếu" and cover.made_at is not None
    with pytest.raises(LoginNeeded, match="cần đăng nhập bằng một tài khoản của dữ liệu"):
        backup.check_backup(made)
    with pytest.raises(LoginRefused, match="không mở được bản sao lưu"):
        backup.check_backup(made, login=Login(ADMIN.name, "đoán mò"))
    checked = backup.check_backup(made, login=DUTY)
    assert (checked.residents, checked.encrypted) == (residents(database), True)
    assert backup.backup_cover(made).size_bytes == made.stat().st_size


def test_a_plain_backup_has_a_plain_cover(database, usb):
    add_the_resident(database)
    made = backup.backup_database(database, usb / "sao-luu.sqlite3").path
    cover = backup.backup_cover(made)
    assert not cover.encrypted and cover.ward_name is None


def test_a_cancelled_encrypted_backup_leaves_nothing_anywhere(ward, usb, monkeypatch):
    database, _ = ward
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 4)

    with pytest.raises(Cancelled):
        backup.backup_database(database, usb / "b.sqlite3", StopDuring("Đang sao lưu dữ liệu…"))

    assert os.listdir(usb) == []
    assert hidden_files(db_file(database).parent) == []


def test_the_automatic_copy_of_an_encrypted_database_is_encrypted(ward):
    database, recovery_key = ward
    made = automatic_backup(database)
    assert made is not None and sqlite_files.is_container(made)
    assert leaks(made.parent) == []
    assert backup.check_backup(made, login=RecoveryLogin(recovery_key)).households == 31


def _spoil_data(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))


def _slip_a_recipient_in(path: Path) -> None:
    with zipfile.ZipFile(path) as container:
        cover = json.loads(container.read("khoa.json"))
        data = container.read("du-lieu.sqlite3")
    accounts = cover["keys"]["accounts"]
    accounts["ke-gian"] = dict(accounts["quantri"])
    path.unlink()
    with zipfile.ZipFile(path, "w") as container:
        container.writestr("khoa.json", json.dumps(cover))
        container.writestr("du-lieu.sqlite3", data)


@pytest.mark.parametrize(
    ("spoil", "refusal", "message"),
    [
        (_spoil_data, UserError, "bị hỏng, không đọc được trọn vẹn"),
        (_slip_a_recipient_in, KeyFileDamaged, "đã bị sửa ngoài chương trình"),
    ],
    ids=["data", "recipients"],
)
def test_a_changed_encrypted_backup_is_refused(ward, usb, spoil, refusal, message):
    database, _ = ward
    made = backup.backup_database(database, usb / "sao-luu.sqlite3").path
    spoil(made)
    with pytest.raises(refusal, match=message):
        backup.check_backup(made, login=ADMIN)


# Restoring ----------------------------------------------------------------------------


@pytest.fixture
def made(ward, usb) -> Path:
    database, _ = ward
    return backup.backup_database(database, usb / "sao-luu.sqlite3").path


def test_a_backup_restores_only_with_a_login_of_the_data_it_holds(ward, made):
    database, _ = ward
    database.enrol(NEWCOMER.name, NEWCOMER.password)  # came after the backup
    before = residents(database)
    folder = db_file(database).parent
    listed = sorted(p.name for p in folder.iterdir())

    for refused in (NEWCOMER, Login(ADMIN.name, "sai mật khẩu"), None):
        with pytest.raises((LoginRefused, LoginNeeded)):
            backup.restore_database(database, made, login=refused)

    assert residents(database) == before
    assert sorted(p.name for p in folder.iterdir()) == listed  # no safety copy either


def test_restoring_onto_the_encrypted_desk_keeps_its_key_and_takes_the_backups_logins(ward, made):
    database, recovery_key = ward
    in_backup = residents(database)
    with database.session() as session:  # typed in after the backup: lost by the restore
        group = make_group(session, current_ward(session))
        add_household(session, group, head="Hoàng Văn Mới", house_number="999")
    database.forget(DUTY.name)
    database.enrol(NEWCOMER.name, NEWCOMER.password)
    key = database.data_key
    database.close()

    result = backup.restore_database(database, made, login=ADMIN)

    assert residents(database) == in_backup  # the same Database object works on
    assert database.data_key == key
    assert the_resident(database) == (NAME, ID_NUMBER)
    folder = db_file(database).parent
    assert leaks(folder) == []
    safety = result.safety_copy
    assert safety is not None and sqlite_files.is_container(safety)
    assert backup.check_backup(safety, login=NEWCOMER).residents == in_backup + 1
    database.close()
    for login in (DUTY, RecoveryLogin(recovery_key)):  # the backup's logins open it…
        open_database(database.url, login=login).close()
    with pytest.raises(LoginRefused):  # …and one made after the backup no more
        open_database(database.url, login=NEWCOMER)


def test_restoring_onto_a_new_desk_makes_it_encrypted_with_the_backups_logins(made, tmp_path):
    desk = tmp_path / "may-moi"
    desk.mkdir()
    new = open_database(f"sqlite:///{desk / 'denkhuya.sqlite3'}")

    backup.restore_database(new, made, login=DUTY)

    assert new.encrypted and the_resident(new) == (NAME, ID_NUMBER)
    new.close()
    with pytest.raises(LoginNeeded):
        open_database(new.url)
    reopened = open_database(new.url, login=ADMIN)
    assert the_resident(reopened) == (NAME, ID_NUMBER)
    reopened.close()
    assert leaks(desk) == []
    assert hidden_files(desk) == []


def test_a_plain_backup_is_never_restored_over_encrypted_data(database, usb):
    add_the_resident(database)
    plain_backup = backup.backup_database(database, usb / "truoc.sqlite3").path
    database.encrypt(ADMIN)
    before = sorted(p.name for p in db_file(database).parent.iterdir())

    with pytest.raises(UserError, match="không được mã hóa .* không khôi phục đè lên dữ liệu"):
        backup.restore_database(database, plain_backup)

    assert sorted(p.name for p in db_file(database).parent.iterdir()) == before
    assert the_resident(database) == (NAME, ID_NUMBER)


def test_an_encrypted_desk_is_not_restored_by_its_url_alone(ward, made):
    database, _ = ward
    with pytest.raises(LoginNeeded, match="đăng nhập vào nó trước khi khôi phục"):
        backup.restore_database(database.url, made, login=ADMIN)


# The command line ---------------------------------------------------------------------

PASSWORD = "Mat-khau-rat-dai-2026"


@pytest.fixture
def desk(database: Database, monkeypatch) -> str:
    """A plain database with the known resident whose first account (an administrator)
    encrypted it, as `denkhuya user add` does."""
    add_the_resident(database)
    accounts.create_first_admin(database, "quantri", "Quản trị", PASSWORD)
    database.close()
    monkeypatch.delenv("DENKHUYA_PASSWORD", raising=False)
    return database.url


def _nothing_personal(*texts: str) -> None:
    for written in texts:
        for secret in SECRETS:
            assert secret.decode() not in written


def test_the_command_line_refuses_an_encrypted_file_without_a_valid_login(desk, tmp_path, capsys):
    folder = db_file_of(desk).parent
    out = tmp_path / "nhan-khau.csv"
    for argv in (["export", "residents", "--out", str(out)], ["backup", "--out", str(tmp_path)]):
        assert run(["--db", desk, *argv]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
        _nothing_personal(captured.out, captured.err)
    os.environ["DENKHUYA_PASSWORD"] = "đoán bừa"
    try:
        assert (
            run(["--db", desk, "--user", "quantri", "export", "residents", "--out", str(out)]) == 2
        )
    finally:
        del os.environ["DENKHUYA_PASSWORD"]
    captured = capsys.readouterr()
    assert "không đúng" in captured.err
    _nothing_personal(captured.out, captured.err)
    assert not out.exists()
    if log_file().exists():
        _nothing_personal(log_file().read_text(encoding="utf-8"))
    assert leaks(folder) == []


def test_backup_and_restore_from_the_command_line_with_a_login(desk, usb, capsys, monkeypatch):
    monkeypatch.setenv("DENKHUYA_PASSWORD", PASSWORD)
    target = usb / "sao-luu.sqlite3"
    assert run(["--db", desk, "--user", "quantri", "backup", "--out", str(target)]) == 0
    assert leaks(usb) == []
    capsys.readouterr()

    assert run(["--db", desk, "--user", "quantri", "restore", str(target)]) == 2
    err = capsys.readouterr().err
    assert "Bản sao lưu được mã hóa" in err and "--yes" in err

    assert run(["--db", desk, "--user", "quantri", "restore", str(target), "--yes"]) == 0
    assert "Đã khôi phục dữ liệu phường Cốc Lếu (1 hộ, 1 nhân khẩu)" in capsys.readouterr().out
    assert leaks(db_file_of(desk).parent) == []


def db_file_of(url: str) -> Path:
    return backup.sqlite_database_file(url)
