"""Opening a station's database: the engine, the schema upgrade and sessions.

What the machine refuses (desktop.db.unavailable) reaches the caller as
DatabaseUnavailable, a UserError with its one sentence, with nothing changed: a file or
folder that cannot be written is refused before anything is opened, and a write that
stopped on a full disk gives back the room its half-written -wal took.
"""

from __future__ import annotations

import errno
import os
import sqlite3
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
from desktop.db.unavailable import (
    DISK_ERROR,
    FULL,
    READ_ONLY,
    READ_ONLY_FOLDER,
    DatabaseUnavailable,
    unavailable_from,
)
from desktop.db.wal import release_wal
from desktop.db.writing import WriterWait, lock_for_writing
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
    def session(self, writing: bool = False) -> Iterator[Session]:
        """A session whose work is committed when the block ends without an error.

        `writing`: take the write lock first (waiting for another writer), for work
        whose reads decide what it writes, such as an import's plan; otherwise the lock
        is taken at the first write. Raises DatabaseUnavailable, all rolled back, when
        the machine refuses.
        """
        try:
            with self.sessions.begin() as session:
                if writing:
                    lock_for_writing(session)
                yield session
        except DatabaseUnavailable as error:
            self.give_back_disk(error)
            raise

    def give_back_disk(self, error: DatabaseUnavailable) -> None:
        """After a write stopped on a full disk, shrink the -wal it grew."""
        path = sqlite_file(self.url)
        if error.kind in (FULL, DISK_ERROR) and path is not None:
            release_wal(self.engine, path)

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, wait: WriterWait | None = None) -> Database:
    """Open (and create or upgrade) the database at the URL, --db, DENKHUYA_DB or default;
    a writer waits for another one as `wait` says (default: up to 30 s, silently).

    Raises UserError, leaving the file untouched, for a database written by a newer
    version of the program, for what check_database_file() refuses, and (as
    DatabaseUnavailable) for a file or folder that cannot be written, a full disk, and
    another program holding the database past the wait.
    """
    resolved = resolve_database_url(url)
    path = sqlite_file(resolved)
    if path is not None:
        check_writable(path)  # first: even reading its kind makes a -shm beside a WAL file
        check_database_file(path)
        if not path.exists():
            _create(path)
    engine = make_engine(resolved, wait)
    database = Database(resolved, engine, make_session_factory(engine))
    try:
        database.backup_before_upgrade = upgrade_database(engine)
    except DatabaseTooNew as error:
        engine.dispose()
        raise UserError(str(error)) from None
    except DatabaseUnavailable as error:
        database.give_back_disk(error)
        engine.dispose()
        raise
    except (sqlite3.Error, OSError) as error:  # the copy made before an upgrade
        engine.dispose()
        refusal = unavailable_from(error, path) or _file_refusal(error, path)
        if refusal is None:
            raise
        raise refusal from None
    return database


def check_writable(path: Path) -> None:
    """Refuse (DatabaseUnavailable) a database file, or the folder it is in or is to be
    made in, that this user cannot write: every command may write (the audit trail
    records even an export) and SQLite writes its -wal and -shm beside the file. Where
    the system does not say (a folder on Windows), SQLite's own refusal comes later.
    A folder given as the file, or a folder that does not exist, is check_database_file's."""
    if path.is_dir() or not path.parent.is_dir():
        return
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseUnavailable(READ_ONLY, path)
    if not os.access(path.parent, os.W_OK):
        raise DatabaseUnavailable(READ_ONLY_FOLDER, path)


def _create(path: Path) -> None:
    """Make the new database file: the ward's data, the owner's only (SQLite's -wal and
    -shm files take the database file's permissions)."""
    try:
        create_private_file(path)
    except FileExistsError:
        pass  # another window or command made it a moment ago: opened as it is
    except OSError as error:
        refusal = _file_refusal(error, path)
        if refusal is None:
            raise
        raise refusal from None


# What creating or copying a file beside the database can meet.
_FILE_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EROFS: READ_ONLY_FOLDER,
    errno.EACCES: READ_ONLY_FOLDER,
    errno.EPERM: READ_ONLY_FOLDER,
}


def _file_refusal(error: BaseException, path: Path | None) -> DatabaseUnavailable | None:
    kind = _FILE_KINDS.get(getattr(error, "errno", None) or -1)
    return DatabaseUnavailable(kind, path) if kind else None


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
