"""`denkhuya backup` and `denkhuya restore`: the CLI contract (stdout only the result,
exit 2 with one Vietnamese sentence and nothing changed, --yes before a restore)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.services.backup import sqlite_database_file
from tests.builders import add_household, add_resident, make_group, make_ward

NAME = re.compile(r"denkhuya-coc-leu-\d{4}-\d{2}-\d{2}-\d{4}\.sqlite3")


@pytest.fixture
def url(database) -> str:
    """A database with two households and three residents in phường Cốc Lếu."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        first = add_household(session, group, head="Nguyễn Văn An", personal_id="010080000001")
        add_resident(session, first, "Lò Thị Mai", relation="Vợ", phone="0912345678")
        add_household(session, group, head="Trần Thị Bình", house_number="3")
    database.close()
    return database.url


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def names(url: str) -> list[str]:
    with sqlite3.connect(sqlite_database_file(url)) as connection:
        return [row[0] for row in connection.execute("SELECT full_name FROM resident ORDER BY id")]


def add_person(url: str, name: str) -> None:
    with sqlite3.connect(sqlite_database_file(url)) as connection:
        connection.execute("UPDATE resident SET full_name = ? WHERE id = 1", (name,))


def test_backup_without_out_writes_the_default_name_here_and_prints_one_line(
    url, usb, capsys, monkeypatch
):
    monkeypatch.chdir(usb)

    assert run(["--db", url, "backup"]) == 0

    (written,) = os.listdir(usb)
    assert NAME.fullmatch(written), written
    captured = capsys.readouterr()
    assert captured.out == (
        f"Đã sao lưu dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu) vào {usb / written}.\n"
    )
    assert "Đang sao lưu dữ liệu" in captured.err  # progress on stderr


def test_backup_into_a_folder_uses_the_default_name_there(url, usb, capsys):
    assert run(["--db", url, "backup", "--out", str(usb)]) == 0
    (written,) = os.listdir(usb)
    assert NAME.fullmatch(written)
    assert capsys.readouterr().out.endswith(f" vào {usb / written}.\n")


def test_backup_json_puts_only_the_object_on_stdout(url, usb, capsys):
    out = usb / "sao-luu.sqlite3"
    assert run(["--db", url, "backup", "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == str(out)
    assert (data["ward"], data["households"], data["residents"]) == ("Cốc Lếu", 2, 3)
    assert data["bytes"] == out.stat().st_size


def test_backup_to_a_missing_folder_exits_2_with_one_sentence(url, tmp_path, capsys):
    out = tmp_path / "khong-co" / "sao-luu.sqlite3"
    assert run(["--db", url, "backup", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"Thư mục “{out.parent}” không tồn tại; hãy chọn thư mục khác.\n"
    assert not out.parent.exists()


def test_backup_to_an_unwritable_folder_exits_2(url, tmp_path, capsys):
    from tests.services.reporting.test_export import unwritable_folder

    folder = unwritable_folder(tmp_path)
    assert run(["--db", url, "backup", "--out", str(folder / "a.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Không ghi được vào thư mục") and err.count("\n") == 1


def test_backup_over_a_spreadsheet_exits_2_and_leaves_it(url, usb, capsys):
    from openpyxl import Workbook

    sheet = usb / "bao-cao.xlsx"
    Workbook().save(sheet)
    before = sheet.read_bytes()

    assert run(["--db", url, "backup", "--out", str(sheet)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Tệp “bao-cao.xlsx” đã có và không phải bản sao lưu của Đèn Khuya; sao lưu không ghi "
        "đè lên tệp này, hãy chọn tên tệp khác.\n"
    )
    assert sheet.read_bytes() == before and os.listdir(usb) == ["bao-cao.xlsx"]


def test_backup_over_another_database_exits_2_and_leaves_it(url, usb, capsys):
    other = f"sqlite:///{usb / 'tram-khac.sqlite3'}"
    assert run(["--db", other, "demo", "--households", "20", "--ward", "Kim Tân"]) == 0
    capsys.readouterr()
    before = (usb / "tram-khac.sqlite3").read_bytes()

    assert run(["--db", url, "backup", "--out", str(usb / "tram-khac.sqlite3")]) == 2

    assert capsys.readouterr().err == (
        "Tệp “tram-khac.sqlite3” là một cơ sở dữ liệu đang dùng chứ không phải bản sao lưu; "
        "sao lưu không ghi đè lên tệp này, hãy chọn tên tệp khác.\n"
    )
    assert (usb / "tram-khac.sqlite3").read_bytes() == before
    assert os.listdir(usb) == ["tram-khac.sqlite3"]


def test_backup_over_an_earlier_backup_replaces_it(url, usb, capsys):
    out = usb / "sao-luu.sqlite3"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    add_person(url, "Người Sửa Sau")
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    assert names(f"sqlite:///{out}")[0] == "Người Sửa Sau"
    assert os.listdir(usb) == ["sao-luu.sqlite3"]


@pytest.fixture
def made(url, usb, capsys) -> Path:
    """A backup of the two households; afterwards the live data is changed."""
    out = usb / "sao-luu.sqlite3"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    add_person(url, "Người Sửa Sau")
    capsys.readouterr()
    return out


def test_restore_without_yes_shows_the_backup_and_changes_nothing(url, made, capsys):
    before = names(url)

    assert run(["--db", url, "restore", str(made)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == f"Bản sao lưu: {made}"
    assert lines[1] == "Dữ liệu: phường Cốc Lếu (Công an phường Cốc Lếu)"
    assert lines[2] == "Số hộ: 2; nhân khẩu: 3"
    assert lines[3].startswith("Thay đổi gần nhất: ")
    assert lines[-1] == (
        "Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này; nếu chắc chắn, "
        "hãy chạy lại lệnh với --yes."
    )
    assert names(url) == before
    assert not list(sqlite_database_file(url).parent.glob("*truoc-khoi-phuc*"))


def test_restore_yes_brings_the_data_back_and_says_where_the_old_data_is(url, made, capsys):
    assert names(url)[0] == "Người Sửa Sau"

    assert run(["--db", url, "restore", str(made), "--yes"]) == 0

    assert names(url) == ["Nguyễn Văn An", "Lò Thị Mai", "Trần Thị Bình"]
    (safety,) = sqlite_database_file(url).parent.glob("denkhuya.truoc-khoi-phuc-*.sqlite3")
    assert names(f"sqlite:///{safety}")[0] == "Người Sửa Sau"
    captured = capsys.readouterr()
    assert captured.out == (
        f"Đã khôi phục dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu) từ {made}; "
        f"dữ liệu cũ được giữ ở {safety}.\n"
    )
    assert "Đang khôi phục dữ liệu" in captured.err


def test_restore_json_reports_the_safety_copy(url, made, capsys):
    assert run(["--db", url, "restore", str(made), "--yes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["households"] == 2
    assert Path(data["safety_copy"]).exists()
    assert data["database"] == str(sqlite_database_file(url))


@pytest.mark.parametrize("yes", [[], ["--yes"]], ids=["asking", "yes"])
def test_restoring_a_file_that_is_not_a_backup_exits_2_with_one_sentence(url, usb, capsys, yes):
    notes = usb / "ghi-chu.sqlite3"
    notes.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    before = names(url)

    assert run(["--db", url, "restore", str(notes), *yes]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Tệp “ghi-chu.sqlite3” không phải là bản sao lưu của Đèn Khuya "
        "(không phải cơ sở dữ liệu SQLite); hãy chọn tệp khác.\n"
    )
    assert names(url) == before


def test_restoring_a_backup_from_a_newer_version_exits_2(url, made, capsys):
    with sqlite3.connect(made) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert run(["--db", url, "restore", str(made), "--yes"]) == 2
    assert capsys.readouterr().err == (
        "Bản sao lưu “sao-luu.sqlite3” được tạo bởi phiên bản Đèn Khuya mới hơn; "
        "hãy cài phiên bản mới nhất rồi khôi phục.\n"
    )
    assert names(url)[0] == "Người Sửa Sau"


def test_restore_without_a_file_is_refused_in_vietnamese(url, capsys):
    assert run(["--db", url, "restore"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("Lệnh không hợp lệ")
    assert captured.err.count("\n") == 1


# An encrypted backup onto a new desk -----------------------------------------------------


@pytest.fixture
def quick_hashes(monkeypatch) -> None:
    """Cheap Argon2id (tests/db/test_keyring.py checks the real parameters)."""
    from argon2 import PasswordHasher, Type

    from desktop.db import keyring
    from desktop.services import accounts

    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(accounts, "HASHER", quick)
    monkeypatch.setattr(accounts, "_dummy_hash", None)
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 8, "p": 1})
    for name in ("DENKHUYA_PASSWORD", "DENKHUYA_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def encrypted_backup(url, usb, quick_hashes, monkeypatch, capsys) -> Path:
    """The old desk's data encrypted by its administrator quan.tri, backed up to the stick."""
    monkeypatch.setenv("DENKHUYA_NEW_PASSWORD", "đèn-khuya-2026")
    assert run(["--db", url, "user", "add", "quan.tri", "--role", "admin"]) == 0
    monkeypatch.delenv("DENKHUYA_NEW_PASSWORD")
    out = usb / "sao-luu-ma-hoa.sqlite3"
    monkeypatch.setenv("DENKHUYA_PASSWORD", "đèn-khuya-2026")
    assert run(["--db", url, "--user", "quan.tri", "backup", "--out", str(out)]) == 0
    monkeypatch.delenv("DENKHUYA_PASSWORD")
    capsys.readouterr()
    return out


def test_a_new_desk_without_accounts_restores_an_encrypted_backup_with_its_login(
    encrypted_backup, tmp_path, monkeypatch, capsys
):
    (tmp_path / "may-moi").mkdir()
    new_desk = f"sqlite:///{tmp_path / 'may-moi' / 'denkhuya.sqlite3'}"
    restore = ["--db", new_desk, "--user", "Quan.Tri", "restore", str(encrypted_backup)]
    monkeypatch.setenv("DENKHUYA_PASSWORD", "đèn-khuya-2026")

    assert run([*restore, "--yes"]) == 0

    assert capsys.readouterr().out.startswith(
        f"Đã khôi phục dữ liệu phường Cốc Lếu (2 hộ, 3 nhân khẩu) từ {encrypted_backup}"
    )
    # the new desk now holds the backup's encrypted data and its account
    assert run(["--db", new_desk, "--user", "quan.tri", "user", "list"]) == 0
    assert capsys.readouterr().out.startswith("quan.tri\t")
    monkeypatch.delenv("DENKHUYA_PASSWORD")
    assert run(["--db", new_desk, "user", "list"]) == 2  # no login: refused


def test_a_new_desk_refuses_the_encrypted_backup_with_a_wrong_password(
    encrypted_backup, tmp_path, monkeypatch, capsys
):
    (tmp_path / "may-moi").mkdir()
    new_desk = f"sqlite:///{tmp_path / 'may-moi' / 'denkhuya.sqlite3'}"
    monkeypatch.setenv("DENKHUYA_PASSWORD", "mat-khau-sai-roi")

    restore = ["--db", new_desk, "--user", "quan.tri", "restore", str(encrypted_backup), "--yes"]
    assert run(restore) == 2

    assert capsys.readouterr().err.startswith(
        "Tên đăng nhập, mật khẩu hoặc khóa khôi phục không mở được bản sao lưu"
    )
    assert names(new_desk) == []  # nothing restored


def test_other_commands_on_a_desk_without_accounts_still_refuse_user(url, capsys):
    assert run(["--db", url, "--user", "quan.tri", "backup", "--out", "x.sqlite3"]) == 2
    assert capsys.readouterr().err.startswith("Cơ sở dữ liệu chưa có tài khoản nào")
