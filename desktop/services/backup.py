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

Only SQLite files can be copied this way; a database on a server is backed up with
the server's own tools. The file-level SQLite work (page copies, immutable reads, the
integrity check) is in desktop.db.sqlite_files; this module decides, checks and says.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.db import sqlite_files
from desktop.db.engine import sqlite_file
from desktop.db.schema import HEAD_REVISION, alembic_config
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.services import audit, wards
from desktop.services.database import Database, open_database
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
        }


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: what was put in place, and where the data before it went."""

    backup: BackupSummary
    database: Path
    safety_copy: Path | None  # None when there was no database file to keep


# Names ---------------------------------------------------------------------------------


def sqlite_database_file(database_url: str) -> Path:
    """The file behind the URL; refuses a database on a server or in memory."""
    path = sqlite_file(database_url)
    if path is None:
        raise UserError(
            "Chỉ sao lưu, khôi phục được cơ sở dữ liệu dạng tệp SQLite; cơ sở dữ liệu trên "
            "máy chủ hãy sao lưu bằng công cụ của máy chủ."
        )
    return path.absolute()


def default_backup_name(ward_name: str | None, now: datetime | None = None) -> str:
    """denkhuya-coc-leu-2026-11-30-2130.sqlite3: the ward and the minute, sortable."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in fold(ward_name or "")).split())
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M")
    return f"denkhuya-{slug + '-' if slug else ''}{stamp}{BACKUP_SUFFIX}"


def suggested_backup_name(database: Database, now: datetime | None = None) -> str:
    """The default file name for a backup of this database, from its ward's name."""
    with database.session() as session:
        ward = wards.current_ward(session)
        return default_backup_name(ward.name if ward else None, now)


def safety_copy_path(database_url: str, now: datetime | None = None) -> Path:
    """Where restore keeps the current data: `<name>.truoc-khoi-phuc-<stamp>.sqlite3`
    beside the database, as the upgrade keeps its `truoc-nang-cap` copy."""
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
    Cancelled from `progress` leaves no file behind.
    """
    progress = progress or Progress()
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
    return summary


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


def _verify_copy(path: Path, progress: Progress) -> BackupSummary:
    progress.step(950, _SCALE, "Đang kiểm tra bản sao…")
    connection = sqlite3.connect(path)
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


def check_backup(path: Path, progress: Progress | None = None) -> BackupSummary:
    """Read a candidate backup without changing it and say what it holds.

    Refuses (UserError) a file that is missing, not a SQLite database, damaged, not made
    by this program, made by a newer version of it, or still in use (a -wal file beside
    it). Cancelled from `progress` stops the integrity check.
    """
    progress = progress or Progress()
    path = Path(path).absolute()
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu “{path}”; hãy kiểm tra lại tên và thư mục.")
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
    connection = _open_unchanged(path)
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
        if revision[0] not in _known_revisions():
            raise UserError(
                f"Bản sao lưu “{path.name}” được tạo bởi phiên bản Đèn Khuya mới hơn; hãy cài "
                "phiên bản mới nhất rồi khôi phục."
            )
        seal = sqlite_files.read_seal(connection)
        if seal is not None and seal != sqlite_files.content_checksum(connection):
            raise UserError(
                f"Bản sao lưu “{path.name}” đã bị sửa sau khi sao lưu (nội dung không khớp mã "
                "kiểm tra ghi lúc sao lưu) nên không được khôi phục; hãy dùng bản sao lưu khác."
            )
        return _summarize(connection, path, revision[0])
    except sqlite3.DatabaseError:
        raise UserError(_damaged(path)) from None
    finally:
        connection.close()


def _damaged(path: Path) -> str:
    return f"Tệp sao lưu “{path.name}” bị hỏng, không đọc được trọn vẹn; hãy dùng bản sao lưu khác."


def _open_unchanged(path: Path) -> sqlite3.Connection:
    try:
        return sqlite_files.open_unchanged(path)
    except sqlite3.Error:
        raise UserError(_damaged(path)) from None


def _integrity_problems(connection: sqlite3.Connection, progress: Progress) -> list[str]:
    """What `PRAGMA integrity_check` finds (empty when the file is sound); Cancel stops it."""
    try:
        return sqlite_files.integrity_problems(connection, lambda: progress.cancelled)
    except sqlite3.OperationalError:
        if progress.cancelled:
            raise Cancelled from None
        raise


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


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
        newest_change=_local_time(newest),
        size_bytes=path.stat().st_size,
    )


def _local_time(stored: str | None) -> datetime | None:
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
    database_url: str,
    backup: Path,
    progress: Progress | None = None,
    safety_copy: Path | None = None,
) -> RestoreResult:
    """Replace the database at the URL with the backup; return what was restored.

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

    Refuses (UserError, nothing changed) a database that is not a SQLite file, the
    database itself as the backup, and a database another program keeps locked.
    Cancelled from `progress` leaves the data as it was (a finished safety copy stays).
    """
    progress = progress or Progress()
    target = sqlite_database_file(database_url)
    backup = Path(backup).absolute()
    if sqlite_files.same_file(backup, target):
        raise UserError(
            f"Tệp “{backup.name}” chính là cơ sở dữ liệu đang dùng; hãy chọn một bản sao lưu."
        )
    summary = check_backup(backup, progress)
    kept: Path | None = None
    target_size = target.stat().st_size if target.is_file() else 0
    share = _SCALE * target_size // max(1, target_size + summary.size_bytes)
    if target.is_file():
        kept = Path(safety_copy or safety_copy_path(database_url)).absolute()
        busy = f"Không ghi được bản an toàn “{kept}”; hãy thử lại."
        with written_in_place(kept, busy) as temporary:
            try:
                text = "Đang chép dữ liệu hiện tại sang bản an toàn…"
                with _busy_refused():
                    sqlite_files.copy_snapshot(target, temporary, _Share(progress, text, 0, share))
            finally:
                sqlite_files.remove_sidecars(temporary)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + STAGING_SUFFIX)
    try:
        _stage(backup, staging, kept, _Share(progress, "Đang chuẩn bị bản sao lưu…", share, 600))
        with _busy_refused():
            sqlite_files.write_into(
                staging, target, _Share(progress, "Đang khôi phục dữ liệu…", 600, 950)
            )
    finally:
        staging.unlink(missing_ok=True)
        sqlite_files.remove_sidecars(staging)
    # The data is replaced: from here on Cancel cannot undo it, so it is not offered.
    progress.show(950, _SCALE, "Đang mở dữ liệu đã khôi phục…")
    open_database(database_url).close()  # opens as the program will
    return RestoreResult(backup=summary, database=target, safety_copy=kept)


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
    finally:
        staged.close()


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
