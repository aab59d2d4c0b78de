"""Opening a database: only this program's file is opened, and a refused one is left
exactly as it was (another program's SQLite file, a text file, a truncated copy, a
folder that does not exist)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.domain.errors import UserError
from desktop.services.database import open_database


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and what lies beside it: nothing may change when it is refused."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def refused(path: Path, capsys, match: str) -> None:
    before = fingerprint(path) if path.exists() else None
    assert run(["--db", f"sqlite:///{path}", "tally"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and match in err, err
    assert (fingerprint(path) if path.exists() else None) == before


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path, capsys):
    path = tmp_path / "music.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE song (title TEXT)")
        connection.execute("INSERT INTO song VALUES ('Diễm xưa')")
    connection.close()
    refused(path, capsys, "chương trình khác")
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    connection.close()
    assert tables == ["song"]


def test_a_file_that_is_not_sqlite_is_refused(tmp_path, capsys):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database at all")
    refused(path, capsys, "không phải cơ sở dữ liệu của Đèn Khuya")


def test_a_truncated_copy_of_our_database_is_refused(tmp_path, capsys, migrated_template):
    path = tmp_path / "chep-do.sqlite3"
    shutil.copy(migrated_template, path)
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size // 2)
    refused(path, capsys, "bị cắt cụt")


def test_a_folder_that_does_not_exist_is_not_created(tmp_path, capsys):
    path = tmp_path / "khong-co" / "denkhuya.sqlite3"
    refused(path, capsys, "không tồn tại")
    assert not path.parent.exists()
    with pytest.raises(UserError, match="là một thư mục"):
        open_database(f"sqlite:///{tmp_path}")


@pytest.mark.parametrize("start", ["absent", "empty file"])
def test_a_new_database_is_made_in_an_existing_folder(tmp_path, start):
    path = tmp_path / "moi.sqlite3"
    if start == "empty file":
        path.touch()
    database = open_database(f"sqlite:///{path}")
    database.close()
    reopened = open_database(f"sqlite:///{path}")  # and it is ours from then on
    reopened.close()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"household", "resident", "alembic_version"} <= tables


def test_a_plain_database_asks_no_login_and_ignores_one(tmp_path):
    from desktop.db.keyring import Login

    url = f"sqlite:///{tmp_path / 'denkhuya.sqlite3'}"
    database = open_database(url, login=Login("ai-do", "không dùng tới"))
    try:
        assert not database.encrypted and database.can_encrypt
        assert database.failed_logins == []
    finally:
        database.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["denkhuya.sqlite3"]
