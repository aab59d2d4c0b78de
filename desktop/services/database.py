"""Opening a station's database: the engine, the schema upgrade and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.db import sqlite_files
from desktop.db.engine import (
    make_engine,
    make_session_factory,
    resolve_database_url,
    sqlite_file,
)
from desktop.db.schema import DatabaseTooNew, upgrade_database
from desktop.domain.errors import UserError
from desktop.services.private_files import create_private_file


@dataclass
class Database:
    """An open database: one engine for the program, one session per user action."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup_before_upgrade: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends without an error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """Open (and create or upgrade) the database at the URL, --db, DENKHUYA_DB or default.

    Raises UserError, leaving the file untouched, for a database written by a newer
    version of the program and for what check_database_file() refuses.
    """
    resolved = resolve_database_url(url)
    path = sqlite_file(resolved)
    if path is not None:
        check_database_file(path)
        if not path.exists():
            create_private_file(path)  # the ward's data: the owner's only (SQLite's
            # -wal and -shm files take the database file's permissions)
    engine = make_engine(resolved)
    try:
        backup = upgrade_database(engine)
    except DatabaseTooNew as error:
        engine.dispose()
        raise UserError(str(error)) from None
    return Database(resolved, engine, make_session_factory(engine), backup)


def check_database_file(path: Path) -> None:
    """Refuse (UserError) to open a SQLite file that is not this program's database,
    that is damaged, or whose folder does not exist; a new database is made only in
    an existing folder. Nothing is written to the file or its folder."""
    name = path.name
    if path.is_dir():
        raise UserError(
            f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu; hãy ghi cả tên tệp."
        )
    if not path.parent.is_dir():
        raise UserError(
            f"Thư mục “{path.parent}” không tồn tại; hãy tạo thư mục đó trước hoặc chọn nơi khác "
            "cho cơ sở dữ liệu."
        )
    kind = sqlite_files.database_file_kind(path)
    refusals = {
        sqlite_files.NOT_SQLITE: f"Tệp “{name}” không phải cơ sở dữ liệu của Đèn Khuya; "
        "chương trình không mở và không sửa tệp này. Hãy chọn đúng tệp dữ liệu.",
        sqlite_files.FOREIGN: f"Tệp “{name}” là cơ sở dữ liệu của một chương trình khác; "
        "Đèn Khuya không mở và không sửa tệp này. Hãy chọn đúng tệp dữ liệu.",
        sqlite_files.TRUNCATED: f"Tệp “{name}” bị cắt cụt (ngắn hơn kích thước ghi trong tệp), "
        "có thể do chép dở; hãy khôi phục từ bản sao lưu.",
        sqlite_files.DAMAGED: f"Tệp “{name}” bị hỏng, không đọc được; "
        "hãy khôi phục từ bản sao lưu.",
    }
    if kind in refusals:
        raise UserError(refusals[kind])
