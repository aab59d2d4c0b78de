"""The key file: each login unwraps the data key, a wrong one is refused and counted,
five lock the name, a recipient slipped in by hand is not trusted, and the file never
holds a password or the data key as they are."""

from __future__ import annotations

import json
import os
import secrets
import stat
from datetime import datetime, timedelta

import pytest

from desktop.db import keyring
from desktop.db.keyring import (
    KeyFile,
    KeyFileDamaged,
    Login,
    LoginNeeded,
    LoginRefused,
    RecoveryLogin,
)
from desktop.domain.roles import LOCK_AFTER_FAILURES, LOCK_MINUTES

NOW = datetime(2026, 11, 30, 13, 0)
ADMIN = Login("quantri", "mật khẩu quản trị 1")
DUTY = Login("trucban", "ca đêm thứ bảy 22")


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """Argon2id at its smallest here: these tests are about the file, not the cost
    (test_new_copies_cost_what_rfc_9106_recommends checks the real one)."""
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 64, "p": 1})


def test_new_copies_cost_what_rfc_9106_recommends(monkeypatch):
    monkeypatch.undo()
    keys, _ = KeyFile.new(ADMIN, secrets.token_bytes(32))
    costs = [keys.data["accounts"]["quantri"]["cost"], keys.data["recovery"]["cost"]]
    assert costs == [{"t": 3, "m": 65_536, "p": 4}] * 2


@pytest.fixture
def data_key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def made(data_key) -> tuple[KeyFile, str]:
    keys, recovery_key = KeyFile.new(ADMIN, data_key)
    keys.enrol(DUTY.name, DUTY.password, data_key)
    return keys, recovery_key


def test_every_account_and_the_recovery_key_unwrap_the_same_data_key(made, data_key):
    keys, recovery_key = made
    assert keyring.unlock(keys, ADMIN, NOW) == [data_key]
    assert keyring.unlock(keys, DUTY, NOW) == [data_key]
    assert keyring.unlock(keys, RecoveryLogin(recovery_key), NOW) == [data_key]
    assert keys.names == ["quantri", "trucban"]


def test_the_recovery_key_is_140_random_bits_in_groups_and_forgives_how_it_is_typed(made):
    keys, recovery_key = made
    groups = recovery_key.split("-")
    assert [len(group) for group in groups] == [4] * 7
    assert set("".join(groups)) <= set(keyring.RECOVERY_ALPHABET)
    assert keyring.new_recovery_key() != recovery_key
    typed = " ".join(groups).lower().replace("0", "o").replace("1", "l")
    assert keyring.unlock(keys, RecoveryLogin(typed), NOW)


@pytest.mark.parametrize(
    ("login", "sentence"),
    [
        (Login("quantri", "mật khẩu sai"), "Tên đăng nhập hoặc mật khẩu không đúng."),
        (Login("khong-co-ai", "mật khẩu quản trị 1"), "Tên đăng nhập hoặc mật khẩu không đúng."),
        (RecoveryLogin("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"), "Khóa khôi phục không đúng."),
    ],
    ids=["wrong-password", "unknown-name", "wrong-recovery-key"],
)
def test_a_wrong_login_is_refused_and_counted_for_the_audit_trail(made, login, sentence):
    keys, _ = made

    with pytest.raises(LoginRefused) as refused:
        keyring.unlock(keys, login, NOW)

    assert str(refused.value) == sentence
    name = keyring.RECOVERY_NAME if isinstance(login, RecoveryLogin) else login.name
    assert keys.data["failures"][name]["count"] == 1
    assert keys.note_success("quantri") == [keyring.FailedLogin(name, NOW)]
    assert keys.data["pending"] == []


def test_an_unknown_name_costs_the_same_argon2_work_as_a_wrong_password(made, monkeypatch):
    keys, _ = made
    stretched = []
    real = keyring._stretch
    monkeypatch.setattr(keyring, "_stretch", lambda *a: stretched.append(a[2]) or real(*a))
    for login in (Login("quantri", "sai rồi"), Login("khong-co-ai", "sai rồi")):
        with pytest.raises(LoginRefused):
            keyring.unlock(keys, login, NOW)
    assert stretched == [keyring.COST, keyring.COST]


def test_five_failures_lock_the_name_even_against_the_right_password(made, data_key):
    keys, _ = made
    wrong = Login("quantri", "đoán mò")
    for _ in range(LOCK_AFTER_FAILURES - 1):
        with pytest.raises(LoginRefused, match="không đúng"):
            keyring.unlock(keys, wrong, NOW)
    with pytest.raises(LoginRefused, match=f"bị khóa {LOCK_MINUTES} phút, đến"):
        keyring.unlock(keys, wrong, NOW)

    with pytest.raises(LoginRefused, match="đang bị khóa vì nhập sai nhiều lần"):
        keyring.unlock(keys, ADMIN, NOW + timedelta(minutes=LOCK_MINUTES - 1))
    assert keyring.unlock(keys, DUTY, NOW) == [data_key]  # another name is not locked
    later = NOW + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert keyring.unlock(keys, ADMIN, later) == [data_key]
    assert len(keys.note_success("quantri")) == LOCK_AFTER_FAILURES + 1  # the locked try too


def test_a_recovery_key_that_cannot_be_one_is_refused_without_counting(made):
    keys, _ = made
    with pytest.raises(LoginRefused, match="gồm 28 chữ và số"):
        keyring.unlock(keys, RecoveryLogin("K7QF-3M9P"), NOW)
    assert keys.data["failures"] == {}


def test_no_login_is_asked_for_not_refused(made):
    keys, _ = made
    with pytest.raises(LoginNeeded):
        keyring.unlock(keys, None, NOW)
    assert keys.data["pending"] == []


def test_a_recipient_slipped_in_by_hand_is_not_trusted(made, data_key):
    keys, _ = made
    intruder, _ = KeyFile.new(Login("ke-gian", "của kẻ gian 123"), secrets.token_bytes(32))
    keys.data["accounts"]["ke-gian"] = intruder.data["accounts"]["ke-gian"]

    with pytest.raises(KeyFileDamaged, match="đã bị sửa ngoài chương trình"):
        keyring.unlock(keys, ADMIN, NOW)
    with pytest.raises(KeyFileDamaged):  # and it is never given the next data key
        keys.begin_rotation(data_key, secrets.token_bytes(32), None)


def test_a_removed_account_has_no_copy_of_the_next_key(made, data_key):
    keys, recovery_key = made
    old_copy = KeyFile(json.loads(keys.to_json()))
    new_key = secrets.token_bytes(32)

    keys.remove("trucban", data_key)
    keys.begin_rotation(data_key, new_key, None)
    assert keyring.unlock(keys, ADMIN, NOW) == [data_key, new_key]  # both while changing
    keys.finish_rotation()

    assert keyring.unlock(keys, ADMIN, NOW) == [new_key]
    assert keyring.unlock(keys, RecoveryLogin(recovery_key), NOW) == [new_key]
    with pytest.raises(LoginRefused):
        keyring.unlock(keys, DUTY, NOW)
    # The old file still gives the old key only: the database is re-encrypted with the new.
    assert keyring.unlock(old_copy, DUTY, NOW) == [data_key]


def test_a_new_recovery_key_replaces_the_old_one(made, data_key):
    keys, old_recovery = made
    new_key, new_recovery = secrets.token_bytes(32), keyring.new_recovery_key()
    keys.begin_rotation(data_key, new_key, new_recovery)
    keys.finish_rotation()
    assert keyring.unlock(keys, RecoveryLogin(new_recovery), NOW) == [new_key]
    with pytest.raises(LoginRefused, match="Khóa khôi phục không đúng"):
        keyring.unlock(keys, RecoveryLogin(old_recovery), NOW)


def test_a_backup_block_opens_with_the_same_logins_and_its_own_key(made, data_key):
    keys, recovery_key = made
    backup_key = secrets.token_bytes(32)
    block = keys.block(backup_key)

    assert keyring.unlock_block(block, DUTY, "sao-luu.sqlite3") == backup_key
    assert keyring.unlock_block(block, RecoveryLogin(recovery_key), "x") == backup_key
    assert "failures" not in block and "pending" not in block
    with pytest.raises(LoginRefused, match="không mở được bản sao lưu “sao-luu.sqlite3”"):
        keyring.unlock_block(block, Login("quantri", "sai"), "sao-luu.sqlite3")
    with pytest.raises(LoginNeeded, match="được mã hóa"):
        keyring.unlock_block(block, None, "sao-luu.sqlite3")


def test_adopting_a_backups_logins_keeps_the_data_key(made, data_key):
    keys, _ = made
    other, _ = KeyFile.new(Login("canbo-cu", "người của ngày xưa"), secrets.token_bytes(32))
    keys.adopt(other, data_key)
    assert keys.names == ["canbo-cu"]
    assert keyring.unlock(keys, Login("canbo-cu", "người của ngày xưa"), NOW) == [data_key]
    with pytest.raises(LoginRefused):
        keyring.unlock(keys, ADMIN, NOW)


def test_the_file_is_the_owners_written_at_once_and_holds_no_secret(made, data_key, tmp_path):
    keys, recovery_key = made
    path = tmp_path / "denkhuya.sqlite3.khoa"

    keyring.save(path, keys)
    with keyring.updating(path) as changed:
        keyring.unlock(changed, DUTY, NOW)  # a read changes nothing: not written again

    assert sorted(os.listdir(tmp_path)) == ["denkhuya.sqlite3.khoa", "denkhuya.sqlite3.khoa.lock"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = path.read_bytes()
    for secret in (ADMIN.password, DUTY.password, recovery_key, recovery_key.replace("-", "")):
        assert secret.encode() not in written
    assert data_key not in written and data_key.hex().encode() not in written
    assert keyring.load(path).to_json() == keys.to_json()


def test_a_failure_is_saved_even_though_the_login_raises(made, tmp_path):
    keys, _ = made
    path = tmp_path / "denkhuya.sqlite3.khoa"
    keyring.save(path, keys)
    with pytest.raises(LoginRefused), keyring.updating(path) as opened:
        keyring.unlock(opened, Login("quantri", "sai"), NOW)
    assert keyring.load(path).data["failures"]["quantri"]["count"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "bị hỏng hoặc không phải tệp khóa"),
        (b'{"format": "khac"}', "bị hỏng hoặc không phải tệp khóa"),
        (
            b'{"format": "denkhuya-khoa", "version": 9, "accounts": {}, "mac": ""}',
            "phiên bản Đèn Khuya mới hơn",
        ),
    ],
    ids=["garbage", "other-format", "newer"],
)
def test_a_key_file_that_cannot_be_read_is_refused_with_a_sentence(tmp_path, content, message):
    path = tmp_path / "denkhuya.sqlite3.khoa"
    path.write_bytes(content)
    with pytest.raises(KeyFileDamaged, match=message):
        keyring.load(path)


def test_a_doctored_cost_cannot_make_the_program_hang(made):
    keys, _ = made
    keys.data["accounts"]["quantri"]["cost"] = {"t": 1, "m": 1 << 30, "p": 1}
    with pytest.raises(LoginRefused):
        keyring.unlock(keys, ADMIN, NOW)


def test_a_login_never_shows_its_password_or_recovery_key():
    shown = f"{ADMIN!r} {RecoveryLogin('K7QF-3M9P-WBW0-2HZ5-JJPW-GJNZ-1V9G')!r} {[DUTY]}"
    assert "quantri" in shown
    for secret in (ADMIN.password, DUTY.password, "K7QF"):
        assert secret not in shown
