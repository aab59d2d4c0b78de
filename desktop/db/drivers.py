"""The two SQLite drivers: Python's sqlite3 for a plain database file, sqlcipher3
(SQLite with SQLCipher's page encryption, the same DB-API) for an encrypted one.

One file is only ever opened through one of them in a process. Each driver carries
its own copy of SQLite, and SQLite keeps its POSIX file locks per copy: a sqlite3
connection and a sqlcipher3 connection on the same file in one process would not see
each other's locks, and closing one would drop the other's. A plain file is read with
sqlite3 as before; from the moment it is encrypted, everything that opens it (the
engine, backups, copies, checks) goes through sqlcipher3 with its key.

Keys are raw 32-byte keys given as `x'…'` (SQLCipher then skips its own PBKDF2: the
key is already random; desktop.db.keyring derives what wraps it from passwords).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlcipher3

# What either driver raises, for the code that reads files and answers the machine's
# refusals (desktop.db.unavailable, desktop.db.writing) whichever driver is in use.
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    sqlcipher3.OperationalError,
)
SQLITE_NOTADB = 26  # what SQLCipher answers for a wrong key (or a file that is not SQLite)
KEY_BYTES = 32

_quieted = False


def connect(database: Path | str, key: bytes | None = None, **options) -> sqlite3.Connection:
    """A connection to the database file (or SQLite URI with `uri=True`): sqlite3 when
    `key` is None, else sqlcipher3 keyed with it before anything is read."""
    if key is None:
        return sqlite3.connect(database, **options)
    connection = sqlcipher3.connect(database, **options)
    try:
        apply_key(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection  # type: ignore[return-value]  # the same DB-API


def apply_key(connection, key: bytes) -> None:
    """Key a fresh sqlcipher3 connection (first, before any page is read). Temporary
    tables and sorts stay in memory: SQLite's temporary files would hold the rows of a
    big sort in a file outside the encrypted database. The page cache is the engine's
    64 MiB: a page read again from the disk is decrypted again, and a whole-file check
    (integrity_check) reads each page many times: 20 s instead of 3 s for a city with
    SQLite's default 2 MB (bench/encryption.py)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    quiet_sqlcipher()
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA cache_size = -65536")


def plain_sqlcipher(database: Path | str, **options):
    """A sqlcipher3 connection with no key: a plain file, read through the driver that
    will write its encrypted copy (sqlcipher_export)."""
    quiet_sqlcipher()
    return sqlcipher3.connect(database, **options)


def quiet_sqlcipher() -> None:
    """SQLCipher writes its own errors (a wrong key: "hmac check failed") to stderr,
    where the command line keeps one sentence; the refusal is said by the program."""
    global _quieted
    if _quieted:
        return
    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
    finally:
        probe.close()
    _quieted = True


def is_wrong_key(error: BaseException) -> bool:
    """Whether SQLite answered "file is not a database" (SQLITE_NOTADB)."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == SQLITE_NOTADB
