"""Waiting for the write lock: one writer at a time, the next one waits its turn up to a
limit, and says so once.

SQLite lets one connection write at a time. pysqlite, in the legacy transaction mode
SQLAlchemy keeps, opens a transaction just before the first INSERT, UPDATE or DELETE of
a unit of work; the reads before it take no lock, so in WAL mode readers and the writer
never stop each other. The engine opens that transaction itself, a moment earlier (and
before a schema change too, which pysqlite would run outside any transaction), as
`BEGIN IMMEDIATE`, which takes the write lock or waits for it: first quietly for
`notice_after_seconds` or half the limit, whichever is shorter (a desk saving a visit
holds the lock for milliseconds), then, after
`on_wait()` (the CLI's line on stderr), for the rest of the limit. Past the limit
SQLite answers SQLITE_BUSY, and desktop.db.unavailable makes that the sentence.
SQLite's own busy timeout could wait, but silently, and a failed `BEGIN IMMEDIATE`
leaves no transaction behind to clean up.

A unit of work whose reads decide what it writes (the next household code, an import's
plan) takes the lock before reading: `lock_for_writing(session)`; two imports at once
then run one after the other, the second planned on what the first wrote.

On PostgreSQL those units take a transaction-level advisory lock instead, under
`lock_timeout`: one key for the whole database, as SQLite has one writer (an import's
plan reads the whole register, not one ward's). Row locks do the rest:
`lock_for_changing(session, Model, id)` reads a row afresh and keeps other desks from
changing it, or what hangs on it, until the transaction ends (a shift while a stop is
added to its route). The audit trail's chain takes a lock of its own
(`lock_audit_chain`), so that its entries are written in the order they commit.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session

from desktop.db.drivers import OPERATIONAL_ERRORS

Row = TypeVar("Row")

# Where an engine keeps its WriterWait: an execution option every connection inherits.
WAIT_OPTION = "denkhuya_writer_wait"
# The advisory lock the program's writers share on PostgreSQL ("DK06").
_POSTGRES_LOCK_KEY = 0x444B3036
# The advisory lock of the audit trail's chain on PostgreSQL ("DKAU").
_AUDIT_CHAIN_KEY = 0x444B4155
# Asks _lock_before_first_write to take the lock before a statement that only reads.
_LOCK_NOW_OPTION = "denkhuya_lock_now"
# What needs the write lock: what pysqlite begins a transaction for (its is_dml test,
# on the first keyword), and schema changes, which pysqlite would run outside any
# transaction, so that a bulk load's dropped trigger or a migration's new table is
# rolled back with the rest of its work.
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


@dataclass(frozen=True)
class WriterWait:
    """How long a writer waits for another one to finish, and whom it tells.

    `ui_thread_limit_seconds`, when set, applies on the main thread (the window's): a
    window that stops answering for longer than a few seconds looks hung, so it gives
    up sooner than background work does.
    """

    limit_seconds: float = 30.0
    ui_thread_limit_seconds: float | None = None
    notice_after_seconds: float = 1.0
    on_wait: Callable[[], None] | None = None

    def limit(self) -> float:
        """The limit for the calling thread."""
        on_ui_thread = threading.current_thread() is threading.main_thread()
        if self.ui_thread_limit_seconds is not None and on_ui_thread:
            return self.ui_thread_limit_seconds
        return self.limit_seconds

    @property
    def busy_timeout_ms(self) -> int:
        """SQLite's busy timeout for everything else (reads, schema changes): the
        shortest limit, as any thread may use a pooled connection."""
        shortest = min(self.limit_seconds, self.ui_thread_limit_seconds or self.limit_seconds)
        return round(1000 * shortest)


def wait_before_writes(engine: Engine) -> None:
    """Make every SQLite transaction of the engine that writes start as BEGIN IMMEDIATE,
    waiting as the engine's WriterWait says."""
    event.listen(engine, "before_cursor_execute", _lock_before_first_write)


def _lock_before_first_write(
    conn: Connection, cursor, statement: str, parameters, context, executemany: bool
) -> None:
    connection = cursor.connection
    if connection.in_transaction or connection.isolation_level is None:
        return  # already writing, or in autocommit mode (no transaction to open)
    options = context.execution_options if context is not None else conn.get_execution_options()
    if options.get(_LOCK_NOW_OPTION) or _WRITE.match(statement):
        take_write_lock(connection, options.get(WAIT_OPTION) or WriterWait())


def take_write_lock(connection: sqlite3.Connection, wait: WriterWait) -> None:
    """Open a write transaction on the pysqlite connection, waiting for another writer
    as `wait` says; raises sqlite3.OperationalError (SQLITE_BUSY) past the limit."""
    if connection.in_transaction:
        return
    limit = wait.limit()
    quiet = min(wait.notice_after_seconds, limit / 2)
    try:
        _begin_immediate(connection, quiet, wait)
        return
    except OPERATIONAL_ERRORS as error:  # sqlite3's, or sqlcipher3's (an encrypted file)
        if limit <= quiet or (getattr(error, "sqlite_errorcode", 0) & 0xFF) != sqlite3.SQLITE_BUSY:
            raise
    if wait.on_wait is not None:
        wait.on_wait()
    _begin_immediate(connection, limit - quiet, wait)


def _begin_immediate(connection: sqlite3.Connection, seconds: float, wait: WriterWait) -> None:
    connection.execute(f"PRAGMA busy_timeout = {round(1000 * seconds)}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    finally:
        connection.execute(f"PRAGMA busy_timeout = {wait.busy_timeout_ms}")


def lock_for_writing(unit: Session | Connection) -> None:
    """Take the write lock for the transaction of the session (or connection) now,
    before the reads that decide what it will write (waits as the engine's WriterWait
    says; past the limit, DatabaseUnavailable). Nothing to do when it already writes."""
    conn = unit.connection() if isinstance(unit, Session) else unit
    if conn.dialect.name == "sqlite":
        # A statement of the engine takes it (_lock_before_first_write), so that a
        # wait past the limit becomes the engine's refusal like any other.
        conn.exec_driver_sql("SELECT 1", execution_options={_LOCK_NOW_OPTION: True})
    elif conn.dialect.name == "postgresql":
        _postgres_lock(conn, conn.get_execution_options().get(WAIT_OPTION) or WriterWait())


def _postgres_lock(conn: Connection, wait: WriterWait, key: int = _POSTGRES_LOCK_KEY) -> None:
    if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({key})").scalar():
        return
    if wait.on_wait is not None:
        wait.on_wait()
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{round(1000 * wait.limit())}ms'")
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")


def lock_for_changing(session: Session, model: type[Row], row_id: int) -> Row | None:
    """The row of `model` with this id, read afresh and kept from other desks' changes
    until the transaction ends, for work that changes it or what hangs on it (a shift's
    stops and area); None when it is gone.

    On PostgreSQL the row itself is locked, FOR NO KEY UPDATE: another desk changing it
    waits, while rows that only refer to it (a visit entered on the shift) still go in,
    so two desks entering visits do not wait for each other's inserts. SQLite has one
    writer at a time: the write lock does it (lock_for_writing).
    """
    if session.get_bind().dialect.name == "sqlite":
        lock_for_writing(session)
        return session.get(model, row_id, populate_existing=True)
    return session.get(model, row_id, populate_existing=True, with_for_update={"key_share": True})


def lock_audit_chain(session: Session) -> None:
    """Before writing audit entries: on PostgreSQL, wait until no other transaction is
    writing entries, and keep them waiting until this one ends, so that each entry is
    numbered after, and chained to, the last one committed. (SQLite's single writer
    already does that.) Waits as lock_for_writing() does."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        wait = conn.get_execution_options().get(WAIT_OPTION) or WriterWait()
        _postgres_lock(conn, wait, _AUDIT_CHAIN_KEY)
