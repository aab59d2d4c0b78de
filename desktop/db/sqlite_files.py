"""Copying, reading and checking SQLite database files as whole files: what backup and
restore (desktop.services.backup) are made of, kept here because it is SQLite's alone.

Copies go through SQLite's online backup API, a few pages at a time, reporting each
step to a callback `(status, pages remaining, pages in all)` that may raise to stop
the copy. A database another program keeps locked raises DatabaseBusy; a long check
stops with sqlite3.OperationalError when `should_stop()` says so.

An encrypted database (desktop.db.encryption) is read and written the same way through
sqlcipher3 with its data key (`key`, `source_key`, `target_key`: None for a plain file).
Its backups and copies are one file each, a container (`write_container`): a zip,
stored without compression, holding the encrypted database and the key block that
says who may open it, so that it can be carried on a USB stick alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from desktop.db import drivers
from desktop.db.keyring import key_file_path

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECARS = ("-journal", "-wal", "-shm")
# Pages copied between two progress reports: 1 MiB at SQLite's usual 4 KiB page, so a
# city-sized file (a few hundred MiB) moves the bar often and Cancel answers at once.
PAGES_PER_STEP = 256

PageReport = Callable[[int, int, int], object]


# What every database of this program has had since its first migration.
REQUIRED_TABLES = frozenset(
    {"alembic_version", "ward", "residential_group", "household", "resident", "audit_entry"}
)
# What a database file at a path is, before anything opens it for writing.
NEW, OURS, NOT_SQLITE, FOREIGN, TRUNCATED, DAMAGED, ENCRYPTED = (
    "new", "ours", "not_sqlite", "foreign", "truncated", "damaged", "encrypted"
)  # fmt: skip


class DatabaseBusy(Exception):
    """Another connection holds a lock the copy needs."""


def database_file_kind(path: Path) -> str:
    """What the file at `path` is, read without changing it: NEW (absent or empty),
    OURS (this program's tables, or a SQLite database with no table yet), ENCRYPTED
    (not readable as SQLite, with its key file beside it: it opens only with a login),
    NOT_SQLITE, FOREIGN (another program's tables), TRUNCATED (shorter than its header
    says) or DAMAGED (SQLite cannot read its schema)."""
    if not path.exists() or path.stat().st_size == 0:
        return NEW
    with path.open("rb") as stream:
        header = stream.read(100)
    if not header.startswith(SQLITE_HEADER):
        return ENCRYPTED if key_file_path(path).is_file() else NOT_SQLITE
    if len(header) < 100 or path.stat().st_size < _size_in_header(header):
        return TRUNCATED
    try:
        connection = sqlite3.connect(f"{file_uri(path.absolute())}?mode=ro", uri=True)
        try:
            listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {row[0] for row in listed}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return DAMAGED
    if not tables - {"sqlite_sequence"}:
        return OURS  # an empty database: the migrations fill it
    return OURS if tables >= REQUIRED_TABLES else FOREIGN


# What a file a backup is about to replace is (backup_target_kind).
REPLACEABLE, IN_USE, LIVE, NOT_BACKUP = "replaceable", "in_use", "live", "not_backup"
_WAL_FORMAT = 2  # the header's file format version bytes (18 and 19) in WAL mode


def backup_target_kind(path: Path) -> str:
    """What the file at `path` is, for a backup about to be written over it, found out
    without changing it: NEW (absent), REPLACEABLE (a closed copy of this program's
    database, as backups and safety copies are: rollback journal, nothing beside it,
    no lock held), IN_USE (a -wal, -shm or -journal beside it, or a lock held on it),
    LIVE (a database in WAL mode: every database this program works on is, a backup
    never) or NOT_BACKUP (anything else: not SQLite, another program's tables, empty,
    damaged).

    The header is read before SQLite opens anything: opening a WAL database, even to
    read, would make its -shm and -wal files beside it.
    """
    if not path.exists():
        return NEW
    if not path.is_file():
        return NOT_BACKUP
    if any(path.with_name(path.name + sidecar).exists() for sidecar in SIDECARS):
        return IN_USE
    if key_file_path(path).exists():
        return LIVE  # an encrypted database someone works on, its key file beside it
    if is_container(path):
        return REPLACEABLE  # an encrypted backup: nothing opens it where it lies
    with path.open("rb") as stream:
        header = stream.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return NOT_BACKUP
    if _WAL_FORMAT in (header[18], header[19]):
        return LIVE
    if database_file_kind(path) != OURS or not _has_tables(path, REQUIRED_TABLES):
        return NOT_BACKUP
    return IN_USE if is_locked(path) else REPLACEABLE


def _has_tables(path: Path, tables: frozenset[str]) -> bool:
    connection = open_unchanged(path.absolute())
    try:
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return tables <= {row[0] for row in listed}
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def is_locked(path: Path) -> bool:
    """Whether another connection holds a lock on the rollback-journal database at
    `path` (reading or writing it now). Takes the exclusive lock for an instant and
    gives it back: nothing is written, no journal is made."""
    try:
        connection = sqlite3.connect(
            f"{file_uri(path.absolute())}?mode=rw", uri=True, timeout=0, isolation_level=None
        )
    except sqlite3.Error:
        return False  # cannot be opened for writing: the rename will say so
    try:
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return False


def _size_in_header(header: bytes) -> int:
    """The file size the header promises (page size × pages), 0 when it does not say:
    the page count is valid only while its "version valid for" matches the change
    counter (https://www.sqlite.org/fileformat.html, the database header)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[92:96] == header[24:28]
    return page_size * pages if valid else 0


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts as every SQLite database does."""
    with path.open("rb") as stream:
        return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def copy_snapshot(
    source: Path,
    target: Path,
    on_pages: PageReport,
    source_key: bytes | None = None,
    target_key: bytes | None = None,
) -> None:
    """Copy the live database at `source` into the empty file `target`, page by page,
    from one read transaction: a consistent snapshot, however long the copy takes,
    and one file with nothing beside it (the copied WAL flag turned off). An encrypted
    source is copied into a target encrypted with `target_key` (its pages decrypted
    and encrypted again on the way: nothing plain is written)."""
    reader = drivers.connect(source, source_key, timeout=5)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        writer = drivers.connect(target, target_key)
        try:
            copy_pages(reader, writer, on_pages)
        finally:
            writer.close()
        reader.rollback()
    finally:
        reader.close()
    single = drivers.connect(target, target_key)
    try:
        single.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        single.close()


def write_into(
    source: Path,
    target: Path,
    on_pages: PageReport,
    source_key: bytes | None = None,
    target_key: bytes | None = None,
) -> None:
    """Write every page of the file `source` into the database `target`, in one
    transaction of the target (its other connections see the old data or the new).
    Both plain, or both encrypted, each with its own key."""
    reader = open_unchanged(source, source_key)
    writer = drivers.connect(target, target_key, timeout=5)
    try:
        wal = writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        page_size = writer.execute("PRAGMA page_size").fetchone()[0]
        if wal and page_size != reader.execute("PRAGMA page_size").fetchone()[0]:
            # SQLite cannot copy into a WAL database with another page size.
            _busy_as_refusal(lambda: writer.execute("PRAGMA journal_mode = DELETE"))
        copy_pages(reader, writer, on_pages)
        writer.execute("PRAGMA journal_mode = WAL").fetchone()
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        writer.close()
        reader.close()


def copy_pages(reader, writer, on_pages: PageReport) -> None:
    _busy_as_refusal(
        lambda: reader.backup(writer, pages=PAGES_PER_STEP, progress=on_pages, sleep=0.1)
    )


def open_unchanged(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """Open a file read-only and immutable: no lock, no -shm or -journal is ever made
    (raises sqlite3.Error, or sqlcipher3's, for a file SQLite cannot open)."""
    return drivers.connect(f"{file_uri(path)}?mode=ro&immutable=1", key, uri=True)


def file_uri(path: Path) -> str:
    """A SQLite URI for an absolute path: file:///tmp/a, file:///C:/a, and for a Windows
    network share file:////server/share/a (as_uri() would name the server as authority,
    which SQLite refuses)."""
    posix = path.as_posix()
    return "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:")


def integrity_problems(
    connection: sqlite3.Connection, should_stop: Callable[[], bool]
) -> list[str]:
    """What `PRAGMA integrity_check` finds (empty when the file is sound). When
    `should_stop()` turns true the check is interrupted (sqlite3.OperationalError)."""
    connection.set_progress_handler(lambda: int(should_stop()), 20_000)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check(10)")]
    finally:
        connection.set_progress_handler(None, 0)
    return [] if rows == ["ok"] else rows


def same_file(first: Path, second: Path) -> bool:
    if first.exists() and second.exists():
        return os.path.samefile(first, second)
    return first.resolve() == second.resolve()


def remove_sidecars(path: Path) -> None:
    """SQLite's journal files a failed copy may leave beside its file."""
    for sidecar in SIDECARS:
        path.with_name(path.name + sidecar).unlink(missing_ok=True)


def _busy_as_refusal(action: Callable[[], object]) -> None:
    try:
        action()
    except drivers.OPERATIONAL_ERRORS as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy(str(error)) from None
        raise


# Where a backup keeps the checksum of its content, written when the backup is made.
SEAL_KEY = "backup.seal"


def content_checksum(connection: sqlite3.Connection) -> str:
    """SHA-256 over every row of every table, table by table in name order and row by
    row in rowid order, leaving out the seal itself and what SQLite derives (its own
    tables, full-text indexes and their shadow tables)."""
    listed = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in listed if (sql or "").upper().startswith("CREATE VIRTUAL")]
    digest = hashlib.sha256()
    for name, _sql in listed:
        if name.startswith("sqlite_") or any(name.startswith(v) for v in virtual):
            continue
        where = " WHERE key != ?" if name == "setting" else ""
        parameters = (SEAL_KEY,) if where else ()
        digest.update(f"\x00table {name}\x00".encode())
        query = f'SELECT * FROM "{name}"{where} ORDER BY rowid'
        for row in connection.execute(query, parameters):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def write_seal(path: Path, checksum: str) -> None:
    """Store the checksum in the backup file at `path` (its `setting` table)."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                (SEAL_KEY, json.dumps({"sha256": checksum})),
            )
    finally:
        connection.close()


def read_seal(connection: sqlite3.Connection) -> str | None:
    """The checksum a backup was sealed with; None for a backup made before seals."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (SEAL_KEY,)).fetchone()
    if row is None:
        return None
    try:
        return str(json.loads(row[0])["sha256"])
    except (ValueError, KeyError, TypeError):
        return ""  # a seal nobody can read is no seal: the backup is refused


# Encrypted copies ---------------------------------------------------------------------


def export_encrypted(source: Path, target: Path, key: bytes) -> str:
    """Write the plain database file `source` (not changed, not locked: a closed copy)
    as a new database `target` encrypted with `key`, through SQLCipher's own export;
    check it reads back whole with the same content. Returns the content checksum."""
    reader = drivers.plain_sqlcipher(f"{file_uri(source)}?mode=ro&immutable=1", uri=True)
    try:
        export_from(reader, target, key)
        checksum = content_checksum(reader)
    finally:
        reader.close()
    check_encrypted_copy(target, key, checksum)
    return checksum


def export_from(reader, target: Path, key: bytes) -> None:
    """sqlcipher_export from the open plain sqlcipher3 connection into `target`."""
    reader.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), f"x'{key.hex()}'"))
    try:
        # One transaction: a commit (and its syncs) per table would take seconds.
        reader.execute("BEGIN")
        reader.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        version = reader.execute("PRAGMA main.user_version").fetchone()[0]
        reader.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        reader.execute("COMMIT")
    except BaseException:
        if reader.in_transaction:
            reader.execute("ROLLBACK")
        raise
    finally:
        reader.execute("DETACH DATABASE encrypted")


class CopyDiffers(Exception):
    """An encrypted copy does not read back as what it was made from."""


def check_encrypted_copy(path: Path, key: bytes, checksum: str) -> None:
    """Refuse (CopyDiffers) an encrypted copy that is damaged or holds other content."""
    connection = drivers.connect(path, key)
    try:
        sound = connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not sound or content_checksum(connection) != checksum:
            raise CopyDiffers(str(path))
    except drivers.DATABASE_ERRORS:
        raise CopyDiffers(str(path)) from None
    finally:
        connection.close()


def wipe(path: Path) -> None:
    """Overwrite a file that held plain data with zeros, sync it, and remove it. Best
    effort: a solid-state disk or a journaling file system may keep old blocks."""
    if not path.is_file():
        return
    try:
        with path.open("r+b") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(0)
            zeros = bytes(1 << 20)
            while size > 0:
                size -= stream.write(zeros[: min(size, len(zeros))])
            stream.flush()
            os.fsync(stream.fileno())
    except OSError:
        pass  # removed all the same
    path.unlink(missing_ok=True)


# The container of an encrypted backup (one file for the USB stick)

CONTAINER_ABOUT, CONTAINER_DATA = "khoa.json", "du-lieu.sqlite3"
CONTAINER_FORMAT, CONTAINER_VERSION = "denkhuya-sao-luu", 1


def write_container(target: Path, database: Path, about: dict[str, Any]) -> None:
    """Write the encrypted database file and what opens it (`about`: the key block and
    what may be read without a login) into `target`, a zip stored without compression
    (the database is random bytes already)."""
    content = {"format": CONTAINER_FORMAT, "version": CONTAINER_VERSION, **about}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED, allowZip64=True) as container:
        container.writestr(CONTAINER_ABOUT, json.dumps(content, ensure_ascii=False, indent=1))
        container.write(database, CONTAINER_DATA)
    with target.open("rb+") as stream:
        os.fsync(stream.fileno())


def is_container(path: Path) -> bool:
    """Whether the file is an encrypted backup of this program (read without changing it)."""
    try:
        with zipfile.ZipFile(path) as container:
            return {CONTAINER_ABOUT, CONTAINER_DATA} <= set(container.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def read_container(path: Path) -> dict[str, Any]:
    """What the container says about itself; ValueError when it is not readable."""
    try:
        with zipfile.ZipFile(path) as container:
            about = json.loads(container.read(CONTAINER_ABOUT))
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as error:
        raise ValueError(str(error)) from None
    if not isinstance(about, dict) or about.get("format") != CONTAINER_FORMAT:
        raise ValueError("not a backup container")
    return about


def extract_database(path: Path, target: Path) -> None:
    """Copy the encrypted database out of the container into the file `target`
    (created beforehand, owner only); ValueError when the container is damaged."""
    try:
        with (
            zipfile.ZipFile(path) as container,
            container.open(CONTAINER_DATA) as data,
            target.open("wb") as stream,
        ):
            shutil.copyfileobj(data, stream, 1 << 20)
    except (zipfile.BadZipFile, KeyError, EOFError) as error:
        raise ValueError(str(error)) from None
