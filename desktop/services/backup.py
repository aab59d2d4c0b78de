"""Backing the station's database up to one file (a USB stick) and restoring it.

A backup is a page-by-page copy made with SQLite's online backup API from a read
transaction held open for the whole copy: it is the database as it stood at one
moment, WAL file included, even while the window is open and someone saves a visit
meanwhile (those later changes are simply not in it, and the copy never restarts).
The copy is a single self-contained file (no -wal beside it), written under a
temporary name and renamed at the end, so a cancelled or failed backup leaves
nothing; `PRAGMA integrity_check` reads it back before it gets its real name, and the
audit trail records where it went: it carries a whole ward's ID numbers and phones.

`check_backup` reads a candidate without changing it (opened immutable, so not even
a -shm file appears beside it on the stick) and says what it holds; `restore_database`
replaces the station's data with it after keeping the current data aside.

An encrypted database (desktop.services.database) is backed up encrypted: the pages
are copied into a database encrypted with a key of the backup's own (never a plain page
on any disk), which goes with its key block (the same logins and recovery key as the
data, desktop.db.keyring) into one container file, a zip stored without compression.
Opening it, to check or to restore it, takes a login of the data it holds; without
one, only its cover can be read (`backup_cover`: the ward's name, when it was made).
Restored, the data keeps the backup's logins: onto an encrypted database through the
same page copy, keeping that database's data key; onto a plain one (a new desk) by
putting the backup's encrypted file in its place (desktop.db.encryption.install).
A plain backup is never restored over an encrypted database: that would undo its
encryption and its accounts.

Only SQLite files can be copied this way; a database on a PostgreSQL server is backed
up with the server's own tools, pg_dump and pg_restore (desktop.services.server_backup:
each public function here hands such a database, or such a backup, over to it, and the
audit entries are the same). The file-level SQLite work (page copies, immutable reads, the
integrity check, the container) is in desktop.db.sqlite_files; this module decides,
checks and says.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.db import drivers, encryption, keyring, sqlite_files
from desktop.db.engine import sqlite_file
from desktop.db.schema import HEAD_REVISION, alembic_config
from desktop.db.writing import WriterWait
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.services import audit, signed_in, wards
from desktop.services.database import (
    Database,
    Login,
    LoginNeeded,
    RecoveryLogin,
    open_database,
    open_staged,
    open_with_key,
)
from desktop.services.output_files import check_target, written_in_place
from desktop.services.private_files import create_private_file, note_temporary
from desktop.services.progress import Cancelled, Progress
from desktop.services.settings import remove_setting

BACKUP_ACTION, RESTORE_ACTION = "backup", "restore"
BACKUP_SUFFIX = ".sqlite3"
# How long a copy waits for a database another program keeps locked before giving up.
BUSY_GIVE_UP_SECONDS = 30.0
REQUIRED_TABLES = sqlite_files.REQUIRED_TABLES
_SCALE = 1000  # progress is reported in thousandths of the whole job


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, for the user to recognise it before restoring."""

    path: Path
    revision: str
    ward_kind: str | None
    ward_name: str | None
    station_name: str | None
    households: int
    residents: int
    newest_change: datetime | None  # the newest audit entry, in local time
    size_bytes: int
    encrypted: bool = False

    @property
    def ward_label(self) -> str:
        """ "phường Cốc Lếu"; "chưa có phường/xã" for a backup of an empty database."""
        if self.ward_name is None:
            return "chưa có phường/xã"
        return f"{(self.ward_kind or 'Phường').lower()} {self.ward_name}"

    @property
    def needs_upgrade(self) -> bool:
        """Made by an older version: opening it after a restore upgrades it."""
        return self.revision != HEAD_REVISION

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ward": self.ward_name,
            "station": self.station_name,
            "households": self.households,
            "residents": self.residents,
            "newest_change": self.newest_change.isoformat(timespec="minutes")
            if self.newest_change
            else None,
            "revision": self.revision,
            "bytes": self.size_bytes,
            "encrypted": self.encrypted,
        }


@dataclass(frozen=True)
class BackupCover:
    """What a backup shows without a login: for an encrypted one, what its container
    says in clear (the ward, when it was made, by which version), never the data."""

    path: Path
    encrypted: bool
    ward_kind: str | None
    ward_name: str | None
    station_name: str | None
    made_at: datetime | None  # local time
    revision: str | None
    size_bytes: int

    @property
    def ward_label(self) -> str:
        if self.ward_name is None:
            return "chưa rõ phường/xã"
        return f"{(self.ward_kind or 'Phường').lower()} {self.ward_name}"


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: what was put in place, and where the data before it went."""

    backup: BackupSummary
    database: Path | str  # the file, or a server's URL without its password
    safety_copy: Path | None  # None when there was no database file to keep


# Names ---------------------------------------------------------------------------------


def sqlite_database_file(database_url: str) -> Path:
    """The file behind the URL; refuses a database on a server or in memory."""
    path = sqlite_file(database_url)
    if path is None:
        raise UserError(
            "Chỉ sao lưu, khôi phục được cơ sở dữ liệu dạng tệp SQLite hoặc trên máy chủ "
            "PostgreSQL; cơ sở dữ liệu khác hãy sao lưu bằng công cụ của máy chủ đó."
        )
    return path.absolute()


def default_backup_name(
    ward_name: str | None, now: datetime | None = None, suffix: str = BACKUP_SUFFIX
) -> str:
    """denkhuya-coc-leu-2026-11-30-2130.sqlite3: the ward and the minute, sortable."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in fold(ward_name or "")).split())
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M")
    return f"denkhuya-{slug + '-' if slug else ''}{stamp}{suffix}"


def backup_suffix(database_url: str) -> str:
    """.sqlite3 for a SQLite file, .dump for pg_dump's archive of a server's database."""
    from desktop.services import server_backup

    return server_backup.DUMP_SUFFIX if server_backup.is_server(database_url) else BACKUP_SUFFIX


def suggested_backup_name(database: Database, now: datetime | None = None) -> str:
    """The default file name for a backup of this database, from its ward's name."""
    with database.session() as session:
        ward = wards.current_ward(session)
        return default_backup_name(ward.name if ward else None, now, backup_suffix(database.url))


def check_backup_possible(database: Database, restoring: bool = False) -> None:
    """Refuse (UserError) a database that cannot be backed up (or restored) here: one in
    memory, on another server than PostgreSQL, or on a PostgreSQL server from a machine
    without pg_dump and pg_restore (the sentence gives the command to run instead)."""
    from desktop.services import server_backup

    if server_backup.is_server(database.url):
        server_backup.check_tools(database, restoring)
    else:
        sqlite_database_file(database.url)


def safety_copy_path(database_url: str, now: datetime | None = None) -> Path:
    """Where restore keeps the current data: `<name>.truoc-khoi-phuc-<stamp>.sqlite3`
    beside the database, as the upgrade keeps its `truoc-nang-cap` copy (a server's:
    desktop.services.server_backup.safety_copy_path)."""
    from desktop.services import server_backup

    if server_backup.is_server(database_url):
        return server_backup.safety_copy_path(database_url, now)
    path = sqlite_database_file(database_url)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.truoc-khoi-phuc-{stamp}{path.suffix or BACKUP_SUFFIX}")


# Backing up ----------------------------------------------------------------------------


def backup_database(
    database: Database, target: Path, progress: Progress | None = None
) -> BackupSummary:
    """Copy the open database to `target` and record where it went; return what it holds.

    Refuses (UserError, nothing written) a database that is not a SQLite file, a target
    that is a folder, in a folder that does not exist or cannot be written, or that is
    the database itself; and an existing target that is not an earlier backup of this
    program, or that is open or a working database (_refuse_unless_replaceable).
    Cancelled from `progress` leaves no file behind. A database on a PostgreSQL server
    is dumped by pg_dump (desktop.services.server_backup.backup_server).
    """
    from desktop.services import server_backup

    signed_in.require(roles.BACKUP)
    progress = progress or Progress()
    if server_backup.is_server(database.url):
        summary = server_backup.backup_server(database, target, progress)
        _record_backup(database, summary)
        return summary
    source = sqlite_database_file(database.url)
    target = Path(target).absolute()
    check_target(target, "tên tệp sao lưu")
    beside = [source.with_name(source.name + sidecar) for sidecar in sqlite_files.SIDECARS]
    if any(sqlite_files.same_file(target, path) for path in (source, *beside)):
        raise UserError(
            "Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng; hãy chọn tên tệp khác."
        )
    if not source.is_file():
        raise UserError(f"Không tìm thấy cơ sở dữ liệu “{source}” để sao lưu.")
    _refuse_unless_replaceable(target)
    busy = (
        f"Không ghi đè được tệp “{target}” (đang mở ở chương trình khác?); hãy đóng nó rồi thử lại."
    )
    with written_in_place(target, busy) as temporary:
        if database.encrypted:
            summary = _encrypted_backup(database, source, temporary, progress)
        else:
            try:
                with _busy_refused():
                    sqlite_files.copy_snapshot(
                        source, temporary, _Share(progress, "Đang sao lưu dữ liệu…", 0, 950)
                    )
                summary = _verify_copy(temporary, progress)
                _seal(temporary)
            finally:
                sqlite_files.remove_sidecars(temporary)
    summary = replace(summary, path=target, size_bytes=target.stat().st_size)
    _record_backup(database, summary)
    return summary


def _record_backup(database: Database, summary: BackupSummary) -> None:
    """The audit entry of a backup: where a copy of every citizen's data went."""
    target = summary.path
    try:
        with database.session() as session:
            audit.record_change(
                session,
                action=BACKUP_ACTION,
                reason=BACKUP_ACTION,
                entity_type="database",
                entity_key=None,
                changes={
                    "households": [None, summary.households],
                    "residents": [None, summary.residents],
                },
                source=str(target),
            )
    except BaseException:
        # A copy of every citizen's data that the audit trail does not know of must not stay.
        target.unlink(missing_ok=True)
        raise


_TARGET_REFUSALS = {
    sqlite_files.IN_USE: "đang được mở ở chương trình khác (hoặc chưa được đóng hẳn)",
    sqlite_files.LIVE: "là một cơ sở dữ liệu đang dùng chứ không phải bản sao lưu",
    sqlite_files.NOT_BACKUP: "đã có và không phải bản sao lưu của Đèn Khuya",
}


def _refuse_unless_replaceable(target: Path) -> None:
    """A backup replaces only an earlier copy of this program's data that nothing has
    open (desktop.db.sqlite_files.backup_target_kind): never a spreadsheet, another
    program's file, or a database someone works on, here or in another program."""
    kind = sqlite_files.backup_target_kind(target)
    if kind in _TARGET_REFUSALS:
        raise UserError(
            f"Tệp “{target.name}” {_TARGET_REFUSALS[kind]}; sao lưu không ghi đè lên tệp "
            "này, hãy chọn tên tệp khác."
        )


def _encrypted_backup(
    database: Database, source: Path, container: Path, progress: Progress
) -> BackupSummary:
    """Copy the encrypted database into a database encrypted with a new key of its own,
    beside the database (ciphertext only, noted to be removed if the process dies),
    check it there, then pack it with its key block into `container`.

    It gets no seal: SQLCipher's own checksum on every page already refuses a page
    changed without the key, and whoever has the key (a login of the data) could
    compute a seal again anyway; reading the whole copy once more for it would make a
    backup of a city a third slower (bench/encryption.py)."""
    live_key = _data_key(database)
    copy_key = secrets.token_bytes(drivers.KEY_BYTES)
    staged = encryption.hidden_beside(source)
    note_temporary(staged)
    create_private_file(staged)
    try:
        with _busy_refused():
            sqlite_files.copy_snapshot(
                source,
                staged,
                _Share(progress, "Đang sao lưu dữ liệu…", 0, 900),
                source_key=live_key,
                target_key=copy_key,
            )
        summary = _verify_copy(staged, progress, copy_key)
        progress.step(970, _SCALE, "Đang đóng gói bản sao lưu…")
        block = encryption.copy_block(source, live_key, copy_key)
        sqlite_files.write_container(container, staged, _cover_of(summary, block))
    finally:
        staged.unlink(missing_ok=True)
        sqlite_files.remove_sidecars(staged)
    return replace(summary, encrypted=True)


def _cover_of(summary: BackupSummary, block: dict[str, Any]) -> dict[str, Any]:
    """What an encrypted backup says in clear, with the key block that opens it."""
    return {
        "revision": summary.revision,
        "made_at": datetime.now().isoformat(timespec="seconds"),
        "ward_kind": summary.ward_kind,
        "ward_name": summary.ward_name,
        "station_name": summary.station_name,
        "keys": block,
    }


def _data_key(database: Database) -> bytes:
    assert database.data_key is not None
    return database.data_key


def _verify_copy(path: Path, progress: Progress, key: bytes | None = None) -> BackupSummary:
    progress.step(950, _SCALE, "Đang kiểm tra bản sao…")
    connection = drivers.connect(path, key)
    try:
        problems = _integrity_problems(connection, progress)
        if problems:  # the database itself is damaged, or the disk wrote it wrong
            raise UserError(
                "Bản sao lưu vừa ghi không toàn vẹn nên đã bị bỏ; hãy thử ghi ra ổ khác, nếu vẫn "
                "lỗi hãy báo bộ phận kỹ thuật kiểm tra cơ sở dữ liệu."
            )
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return _summarize(connection, path, revision[0] if revision else "")
    finally:
        connection.close()


def _seal(path: Path) -> None:
    """Record the checksum of the copy's content in it, so that a restore can tell
    whether anything was changed since (a birth date edited in another program)."""
    connection = sqlite_files.open_unchanged(path)
    try:
        checksum = sqlite_files.content_checksum(connection)
    finally:
        connection.close()
    sqlite_files.write_seal(path, checksum)


# Checking a backup ---------------------------------------------------------------------


def check_backup(
    path: Path,
    progress: Progress | None = None,
    login: Login | RecoveryLogin | None = None,
) -> BackupSummary:
    """Read a candidate backup without changing it and say what it holds.

    Refuses (UserError) a file that is missing, not a SQLite database, damaged, not made
    by this program, made by a newer version of it, or still in use (a -wal file beside
    it). An encrypted backup opens with `login`, an account of the data it holds (or
    its recovery key): LoginNeeded without one, LoginRefused for a wrong one.
    Cancelled from `progress` stops the integrity check. A pg_dump archive (a server's
    backup) is read by pg_restore (desktop.services.server_backup.check_dump).
    """
    from desktop.services import server_backup

    signed_in.require(roles.RESTORE)
    progress = progress or Progress()
    path = Path(path).absolute()
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu “{path}”; hãy kiểm tra lại tên và thư mục.")
    if server_backup.is_dump(path):
        return server_backup.check_dump(path, progress)
    if sqlite_files.is_container(path):
        return _check_container(path, progress, login)
    if not sqlite_files.is_sqlite_file(path):
        raise UserError(
            f"Tệp “{path.name}” không phải là bản sao lưu của Đèn Khuya "
            "(không phải cơ sở dữ liệu SQLite); hãy chọn tệp khác."
        )
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise UserError(
            f"Tệp “{path.name}” đang được mở hoặc chưa được đóng hẳn (còn tệp “{wal.name}” bên "
            "cạnh); hãy dùng tệp do lệnh Sao lưu dữ liệu tạo ra."
        )
    # No progress line: a refusal must stay the only thing the CLI prints on stderr.
    return _check_copy(path, path, progress, None)


def _check_container(
    path: Path, progress: Progress, login: Login | RecoveryLogin | None
) -> BackupSummary:
    """check_backup for an encrypted backup: its cover first (a newer version's backup
    is refused before any login), then, with the key the login unwraps, its database,
    taken out of the container into a private scratch file (ciphertext only)."""
    cover = _container_cover(path)
    if cover.get("revision") not in known_revisions():
        raise UserError(_newer(path))
    key = keyring.unlock_block(cover.get("keys"), login, path.name)
    extracted = _scratch_file()
    try:
        try:
            sqlite_files.extract_database(path, extracted)
        except ValueError:  # a full disk is the machine's, said as such
            raise UserError(_damaged(path)) from None
        return replace(_check_copy(extracted, path, progress, key), encrypted=True)
    finally:
        extracted.unlink(missing_ok=True)


def _container_cover(path: Path) -> dict[str, Any]:
    try:
        return sqlite_files.read_container(path)
    except ValueError:
        raise UserError(_damaged(path)) from None


def _scratch_file() -> Path:
    """A new empty file for the owner only, in the process's private scratch folder
    (desktop.services.private_files) when it has one."""
    descriptor, name = tempfile.mkstemp(suffix=".tmp")
    os.close(descriptor)
    return Path(name)


def _newer(path: Path) -> str:
    return (
        f"Bản sao lưu “{path.name}” được tạo bởi phiên bản Đèn Khuya mới hơn; hãy cài "
        "phiên bản mới nhất rồi khôi phục."
    )


def _check_copy(database: Path, path: Path, progress: Progress, key: bytes | None) -> BackupSummary:
    """The checks of a backup's database file `database` (the backup `path` itself, or
    what came out of its container), read unchanged; the summary names `path`."""
    connection = _open_unchanged(database, path, key)
    try:
        problems = _integrity_problems(connection, progress)
        if problems:
            raise UserError(_damaged(path))
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in listed}
        revision = (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in tables
            else None
        )
        if REQUIRED_TABLES - tables or revision is None:
            raise UserError(
                f"Tệp “{path.name}” là cơ sở dữ liệu SQLite nhưng không do Đèn Khuya tạo; "
                "hãy chọn bản sao lưu của Đèn Khuya."
            )
        if revision[0] not in known_revisions():
            raise UserError(_newer(path))
        seal = sqlite_files.read_seal(connection)
        if seal is not None and seal != sqlite_files.content_checksum(connection):
            raise UserError(
                f"Bản sao lưu “{path.name}” đã bị sửa sau khi sao lưu (nội dung không khớp mã "
                "kiểm tra ghi lúc sao lưu) nên không được khôi phục; hãy dùng bản sao lưu khác."
            )
        return _summarize(connection, path, revision[0])
    except drivers.DATABASE_ERRORS:
        raise UserError(_damaged(path)) from None
    finally:
        connection.close()


def _damaged(path: Path) -> str:
    return f"Tệp sao lưu “{path.name}” bị hỏng, không đọc được trọn vẹn; hãy dùng bản sao lưu khác."


def _open_unchanged(database: Path, path: Path, key: bytes | None) -> sqlite3.Connection:
    try:
        return sqlite_files.open_unchanged(database, key)
    except drivers.DRIVER_ERRORS:
        raise UserError(_damaged(path)) from None


def _integrity_problems(connection: sqlite3.Connection, progress: Progress) -> list[str]:
    """What `PRAGMA integrity_check` finds (empty when the file is sound); Cancel stops it."""
    try:
        return sqlite_files.integrity_problems(connection, lambda: progress.cancelled)
    except drivers.OPERATIONAL_ERRORS:
        if progress.cancelled:
            raise Cancelled from None
        raise


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def backup_cover(path: Path) -> BackupCover:
    """What can be said of a backup before anyone logs in: for an encrypted one the
    ward, the station and when it was made, as its container says in clear; for a
    plain one only that it is not encrypted (check_backup reads all of it). Refuses
    (UserError) a missing file and a damaged container."""
    path = Path(path).absolute()
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu “{path}”; hãy kiểm tra lại tên và thư mục.")
    size = path.stat().st_size
    if not sqlite_files.is_container(path):
        return BackupCover(path, False, None, None, None, None, None, size)
    cover = _container_cover(path)

    def text(field: str) -> str | None:
        value = cover.get(field)
        return value if isinstance(value, str) else None

    made_at = None
    with suppress(ValueError):
        made_at = datetime.fromisoformat(text("made_at") or "")
    return BackupCover(
        path=path,
        encrypted=True,
        ward_kind=text("ward_kind"),
        ward_name=text("ward_name"),
        station_name=text("station_name"),
        made_at=made_at,
        revision=text("revision"),
        size_bytes=size,
    )


def _summarize(connection: sqlite3.Connection, path: Path, revision: str) -> BackupSummary:
    ward = connection.execute("SELECT kind, name, station_name FROM ward ORDER BY id").fetchone()
    households = connection.execute("SELECT count(*) FROM household").fetchone()[0]
    residents = connection.execute("SELECT count(*) FROM resident").fetchone()[0]
    newest = connection.execute("SELECT max(at) FROM audit_entry").fetchone()[0]
    return BackupSummary(
        path=path,
        revision=revision,
        ward_kind=ward[0] if ward else None,
        ward_name=ward[1] if ward else None,
        station_name=ward[2] if ward else None,
        households=households,
        residents=residents,
        newest_change=local_time(newest),
        size_bytes=path.stat().st_size,
    )


def local_time(stored: str | None) -> datetime | None:
    """An audit time (stored as naive UTC) in the desk's local time, naive."""
    if not stored:
        return None
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


# Restoring -----------------------------------------------------------------------------


def restore_database(
    database: Database | str,
    backup: Path,
    progress: Progress | None = None,
    safety_copy: Path | None = None,
    login: Login | RecoveryLogin | None = None,
) -> RestoreResult:
    """Replace the database (open or closed, or given by its URL) with the backup;
    return what was restored.

    The backup is checked first (check_backup's refusals apply). The current database
    is then copied aside to `safety_copy` (default: safety_copy_path()), and the
    backup's pages are written into the database through SQLite's backup API. Finally
    the database is opened as the program opens it, which upgrades an older backup to
    this version's schema, and the restore is written to its audit trail.

    Why the backup API into the live file rather than writing a new file beside it and
    renaming it over the database: the API writes inside one transaction of the target,
    through its own WAL, so a crash, a full disk or Cancel midway leaves the old data
    whole, and any other connection (a second window, a scheduled job) sees either the
    old data or the new, never a file swapped under it. A rename cannot promise that: a
    -wal file left beside the database belongs to the old contents and SQLite would
    replay it into the new file (a corrupt database), another process keeps writing to
    the unlinked old file and loses its work, and Windows refuses to replace a file
    that is open at all. Close the program's own connections (Database.close()) first.

    An encrypted backup needs `login`, an account of the data it holds or its
    recovery key (LoginNeeded, LoginRefused), and the restored data keeps the backup's
    logins. An encrypted database is restored only from an encrypted backup, and given
    as the open (or closed) Database, whose data key it is written with; the same
    Database object works on the restored data afterwards.

    Refuses (UserError, nothing changed) a database that is not a SQLite file, the
    database itself as the backup, and a database another program keeps locked.
    Cancelled from `progress` leaves the data as it was (a finished safety copy stays).

    A database on a PostgreSQL server is restored from a pg_dump archive by pg_restore
    (desktop.services.server_backup.restore_server); a pg_dump archive is never
    restored into a SQLite file.
    """
    from desktop.services import server_backup

    signed_in.require(roles.RESTORE)
    progress = progress or Progress()
    opened = database if isinstance(database, Database) else None
    database_url = opened.url if opened is not None else str(database)
    if server_backup.is_server(database_url):
        return server_backup.restore_server(database, backup, progress, safety_copy)
    if server_backup.is_dump(Path(backup)):
        raise UserError(
            f"Tệp “{Path(backup).name}” là bản sao lưu của cơ sở dữ liệu trên máy chủ "
            "PostgreSQL (pg_dump); chỉ khôi phục được nó vào cơ sở dữ liệu trên máy chủ "
            "(denkhuya --db postgresql+psycopg://… restore …)."
        )
    target = sqlite_database_file(database_url)
    live_key = opened.data_key if opened is not None else None
    if live_key is None and keyring.key_file_path(target).exists():
        raise LoginNeeded(
            "Dữ liệu đang dùng được mã hóa: hãy đăng nhập vào nó trước khi khôi phục."
        )
    backup = Path(backup).absolute()
    if sqlite_files.same_file(backup, target):
        raise UserError(
            f"Tệp “{backup.name}” chính là cơ sở dữ liệu đang dùng; hãy chọn một bản sao lưu."
        )
    summary = check_backup(backup, progress, login)
    if live_key is not None and not summary.encrypted:
        raise UserError(
            f"Bản sao lưu “{backup.name}” không được mã hóa (làm trước khi có tài khoản), nên "
            "không khôi phục đè lên dữ liệu đã mã hóa: sẽ mất mã hóa và các tài khoản. Nếu "
            "thật cần, hãy khôi phục nó vào một tệp dữ liệu mới (denkhuya --db TỆP-MỚI "
            "restore …)."
        )
    target_size = target.stat().st_size if target.is_file() else 0
    share = _SCALE * target_size // max(1, target_size + summary.size_bytes)
    kept = _keep_current(opened, database_url, target, safety_copy, progress, share)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + STAGING_SUFFIX)
    staged_keys = keyring.key_file_path(staging)
    restored_key: bytes | None = None
    try:
        preparing = _Share(progress, "Đang chuẩn bị bản sao lưu…", share, 600)
        writing = _Share(progress, "Đang khôi phục dữ liệu…", 600, 950)
        if not summary.encrypted:
            _stage(backup, staging, kept, preparing)
            with _busy_refused():
                sqlite_files.write_into(staging, target, writing)
        else:
            backup_key = _stage_encrypted(backup, staging, kept, login, preparing)
            restored_key = _put_encrypted(opened, target, staging, backup_key, writing)
    finally:
        for leftover in (staging, staged_keys, staged_keys.with_name(staged_keys.name + ".lock")):
            leftover.unlink(missing_ok=True)
        sqlite_files.remove_sidecars(staging)
    # The data is replaced: from here on Cancel cannot undo it, so it is not offered.
    progress.show(950, _SCALE, "Đang mở dữ liệu đã khôi phục…")
    if opened is not None and restored_key != opened.data_key:
        opened.reopen(restored_key)  # a plain desk now holds the backup's encrypted data
    open_with_key(database_url, restored_key).close()  # opens as the program will
    return RestoreResult(backup=summary, database=target, safety_copy=kept)


def _keep_current(
    opened: Database | None,
    database_url: str,
    target: Path,
    safety_copy: Path | None,
    progress: Progress,
    share: int,
) -> Path | None:
    """Copy the current data aside before it is replaced (encrypted as it is)."""
    if not target.is_file():
        return None
    kept = Path(safety_copy or safety_copy_path(database_url)).absolute()
    busy = f"Không ghi được bản an toàn “{kept}”; hãy thử lại."
    on_pages = _Share(progress, "Đang chép dữ liệu hiện tại sang bản an toàn…", 0, share)
    with written_in_place(kept, busy) as temporary:
        try:
            with _busy_refused():
                if opened is not None and opened.data_key is not None:
                    encryption.write_copy(
                        target,
                        temporary,
                        source_key=opened.data_key,
                        database=target,
                        key=opened.data_key,
                        about={"made_at": datetime.now().isoformat(timespec="seconds")},
                        note=note_temporary,
                        on_pages=on_pages,
                    )
                else:
                    sqlite_files.copy_snapshot(target, temporary, on_pages)
        finally:
            sqlite_files.remove_sidecars(temporary)
    return kept


def _put_encrypted(
    opened: Database | None, target: Path, staging: Path, backup_key: bytes, on_pages: _Share
) -> bytes:
    """Put the staged encrypted backup in place; return the data key it now has."""
    staged_keys = keyring.load(keyring.key_file_path(staging))
    live_key = opened.data_key if opened is not None else None
    if live_key is not None:
        # Pages decrypted with the backup's key and written with the database's own, in
        # one transaction; then the backup's logins are given that key.
        with _busy_refused():
            sqlite_files.write_into(staging, target, on_pages, backup_key, live_key)
        with keyring.updating(keyring.key_file_path(target)) as keys:
            keys.adopt(staged_keys, live_key)
        return live_key
    wait = (opened.wait if opened is not None else None) or WriterWait()
    with _busy_refused():
        encryption.install(target, staging, staged_keys, wait.limit())
    on_pages(0, 0, 1)
    return backup_key


# The backup made ready beside the database before it is written into it.
STAGING_SUFFIX = ".dang-khoi-phuc"


def _stage(backup: Path, staging: Path, kept: Path | None, on_pages: _Share) -> None:
    """Copy the backup beside the database, upgrade it if an older version made it, and
    write the restore's audit entry into it: the data and the entry that records where
    it came from then reach the database in one transaction."""
    staging.unlink(missing_ok=True)
    sqlite_files.remove_sidecars(staging)
    create_private_file(staging)
    note_temporary(staging)  # removed by the next start if this process is killed
    with _busy_refused():
        sqlite_files.copy_snapshot(backup, staging, on_pages)
    staged = open_database(f"sqlite:///{staging}")  # upgrades a backup of an older version
    try:
        _record_restore(staged, backup, kept)
    finally:
        staged.close()


def _stage_encrypted(
    backup: Path,
    staging: Path,
    kept: Path | None,
    login: Login | RecoveryLogin | None,
    on_pages: _Share,
) -> bytes:
    """_stage for an encrypted backup: its database taken out of the container beside
    the database with its key file, opened with the login, upgraded, given the restore's
    audit entry. Returns its data key."""
    key_file = keyring.key_file_path(staging)
    for leftover in (staging, key_file):
        leftover.unlink(missing_ok=True)
    sqlite_files.remove_sidecars(staging)
    create_private_file(staging)
    note_temporary(staging)
    on_pages(0, 1, 1)
    try:
        sqlite_files.extract_database(backup, staging)
    except ValueError:  # a full disk is the machine's, said as such
        raise UserError(_damaged(backup)) from None
    cover = _container_cover(backup)
    keyring.save(key_file, keyring.KeyFile.parse(json.dumps(cover["keys"]), backup.name))
    staged = open_staged(f"sqlite:///{staging}", login)
    try:
        _record_restore(staged, backup, kept)
        return _data_key(staged)
    finally:
        staged.close()
        on_pages(0, 0, 1)


def _record_restore(staged: Database, backup: Path, kept: Path | None) -> None:
    """In the staged copy: no upgrade copy kept, the backup's seal removed, the
    restore's audit entry written, and one file with nothing beside it."""
    if staged.backup_before_upgrade is not None:
        staged.backup_before_upgrade.unlink(missing_ok=True)  # the backup itself is kept
    with staged.session() as session:
        remove_setting(session, sqlite_files.SEAL_KEY)  # the seal was the backup's
        audit.record_change(
            session,
            action=RESTORE_ACTION,
            reason=RESTORE_ACTION,
            entity_type="database",
            entity_key=None,
            changes={"safety_copy": [None, str(kept) if kept else None]},
            source=str(backup),
        )
    with staged.engine.connect() as connection:  # one file, nothing beside it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("PRAGMA journal_mode = DELETE")


# Copies made before the database was encrypted ----------------------------------------


def encrypt_plain_copies(database: Database) -> list[Path]:
    """Encrypt, in place, the copies of an encrypted database that are still plain:
    the safety copies beside it (before an upgrade, before a restore) and the automatic
    copies, made before it was encrypted. Each becomes a container opened by the
    database's logins; the plain file is overwritten before it is removed. Returns the
    copies encrypted. Copies on a USB stick are out of reach: the note says so."""
    from desktop.services.automatic_backup import automatic_backup_folder

    if not database.encrypted:
        return []
    live = sqlite_database_file(database.url)
    automatic = automatic_backup_folder(database.url)
    candidates = [
        *live.parent.glob(f"{glob.escape(live.stem)}.truoc-*"),
        *(automatic.glob("*" + BACKUP_SUFFIX) if automatic and automatic.is_dir() else []),
    ]
    encrypted = []
    for path in sorted(candidates):
        beside = [path.with_name(path.name + sidecar) for sidecar in sqlite_files.SIDECARS]
        if not path.is_file() or any(p.exists() for p in beside):
            continue
        if not sqlite_files.is_sqlite_file(path):
            continue
        _encrypt_copy(database, live, path)
        encrypted.append(path)
    return encrypted


def _encrypt_copy(database: Database, live: Path, path: Path) -> None:
    converted, aside = encryption.hidden_beside(path), encryption.hidden_beside(path)
    note_temporary(converted)
    note_temporary(aside)
    try:
        encryption.write_copy(
            path,
            converted,
            source_key=None,
            database=live,
            key=_data_key(database),
            about={"made_at": _modified(path)},
            note=note_temporary,
        )
        os.replace(path, aside)
        os.replace(converted, path)
    finally:
        converted.unlink(missing_ok=True)
    sqlite_files.wipe(aside)


def _modified(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")


# Progress of a copy -------------------------------------------------------------------


class _Share:
    """One stretch of a job's progress bar: a copy's pages shown from `start` to `end`
    thousandths, under one text."""

    def __init__(self, progress: Progress, text: str, start: int, end: int) -> None:
        self.progress, self.text, self.start, self.end = progress, text, start, end
        self.busy_since: float | None = None

    def __call__(self, status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            self.busy_since = self.busy_since or time.monotonic()
            if time.monotonic() - self.busy_since > BUSY_GIVE_UP_SECONDS:
                raise UserError(_BUSY)
        else:
            self.busy_since = None
        copied = (total - remaining) / total if total else 1.0
        shown = self.start + int((self.end - self.start) * copied)
        if remaining == 0:
            # The last step has committed: too late to cancel, and not to be reported so.
            self.progress.show(shown, _SCALE, self.text)
        else:
            self.progress.step(shown, _SCALE, self.text)


_BUSY = (
    "Cơ sở dữ liệu đang bị chương trình khác giữ (một cửa sổ Đèn Khuya khác, một lệnh đang "
    "chạy); hãy đóng chúng rồi thử lại."
)


@contextmanager
def _busy_refused() -> Iterator[None]:
    """A database another program keeps locked is a refusal the user can act on."""
    try:
        yield
    except sqlite_files.DatabaseBusy:
        raise UserError(_BUSY) from None
