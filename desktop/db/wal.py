"""Giving back the disk a failed write took: a write that stopped on a full disk leaves
its half-written frames in the -wal file, which SQLite reuses but never shrinks, so
the disk would stay full after the refusal.

`release_wal(engine)` first asks SQLite for a TRUNCATE checkpoint (the committed frames
copied into the database, the -wal cut to nothing). That copy may itself need room the
database file does not have, and the room is just what the failed frames hold; then,
under the write lock so that nobody appends meanwhile, the -wal is cut back to its last
committed frame, which SQLite's wal-index header (the -shm file, see
https://www.sqlite.org/walformat.html) records as mxFrame, as SQLite itself cuts it
after a commit under `journal_size_limit`; and the checkpoint is tried again.
Everything here is best effort: what cannot be given back stays, and is said in the
log, but the data is never touched. An encrypted database is worked on the same way,
through the engine's own keyed connection (the wal-index header is not encrypted).
"""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from sqlalchemy import Engine

from desktop.db.drivers import DRIVER_ERRORS, OPERATIONAL_ERRORS
from desktop.db.writing import WAIT_OPTION, WriterWait
from desktop.logs import log

_WAL_HEADER_BYTES, _FRAME_HEADER_BYTES = 32, 24
_WAL_INDEX_VERSION = 3007000
# The wal-index header: iVersion, unused, iChange, isInit, bigEndCksum, szPage, mxFrame
# (native byte order), 48 bytes, written twice in a row.
_INDEX_HEADER = struct.Struct("=IIIBBHI")
_INDEX_HEADER_BYTES = 48


def release_wal(engine: Engine, path: Path) -> None:
    """Shrink the -wal beside the SQLite database `path` to what it must keep."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        return
    wait: WriterWait = engine.get_execution_options().get(WAIT_OPTION) or WriterWait()
    raw = engine.raw_connection()
    try:
        connection: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        connection.execute("PRAGMA busy_timeout = 0")  # give up rather than wait on others
        try:
            if _checkpoint(connection):
                return
            if _cut_after_last_commit(connection, path, wal):
                _checkpoint(connection)
        finally:
            connection.execute(f"PRAGMA busy_timeout = {wait.busy_timeout_ms}")
            raw.rollback()
    except DRIVER_ERRORS as error:
        log.info("Không thu hồi được tệp -wal: %s", getattr(error, "sqlite_errorname", "?"))
    finally:
        raw.close()  # back to the pool


def _checkpoint(connection: sqlite3.Connection) -> bool:
    """A TRUNCATE checkpoint; True when the -wal was cut to nothing."""
    try:
        busy, _frames, _copied = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except OPERATIONAL_ERRORS as error:
        if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_FULL:
            raise
        return False
    return busy == 0


def _cut_after_last_commit(connection: sqlite3.Connection, path: Path, wal: Path) -> bool:
    """Cut the -wal after its last committed frame; True when something was cut."""
    connection.execute("BEGIN IMMEDIATE")  # no writer appends while the header is read
    try:
        end = _committed_end(path.with_name(path.name + "-shm"))
        if end is None or wal.stat().st_size <= end:
            return False
        os.truncate(wal, end)
        return True
    finally:
        connection.execute("ROLLBACK")


def _committed_end(shm: Path) -> int | None:
    """Where the committed frames of the -wal end, from the wal-index header; None when
    the header is not one this code knows to read (then nothing is cut)."""
    try:
        with shm.open("rb") as stream:
            header = stream.read(2 * _INDEX_HEADER_BYTES)
    except OSError:
        return None
    if len(header) < 2 * _INDEX_HEADER_BYTES:
        return None
    first, second = header[:_INDEX_HEADER_BYTES], header[_INDEX_HEADER_BYTES:]
    version, _, _, initialized, _, page_size, frames = _INDEX_HEADER.unpack_from(first)
    if first != second or version != _WAL_INDEX_VERSION or not initialized:
        return None
    page_size = 65536 if page_size == 1 else page_size
    if frames == 0:
        return 0
    return _WAL_HEADER_BYTES + frames * (page_size + _FRAME_HEADER_BYTES)
