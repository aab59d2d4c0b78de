"""What the machine refuses becomes one Vietnamese sentence, read from the driver's error
code and not its wording; a bug's error stays a bug (desktop.db.unavailable)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from desktop.db import unavailable
from desktop.db.unavailable import DatabaseUnavailable, unavailable_from
from desktop.domain.errors import UserError


def sqlite_error(code: int, message: str = "") -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (sqlite3.SQLITE_BUSY, unavailable.BUSY),
        (sqlite3.SQLITE_BUSY | 2 << 8, unavailable.BUSY),  # SQLITE_BUSY_SNAPSHOT
        (sqlite3.SQLITE_FULL, unavailable.FULL),
        (sqlite3.SQLITE_READONLY, unavailable.READ_ONLY),
        (sqlite3.SQLITE_CANTOPEN, unavailable.CANNOT_OPEN),
        (sqlite3.SQLITE_IOERR | 3 << 8, unavailable.DISK_ERROR),  # SQLITE_IOERR_WRITE
        (sqlite3.SQLITE_CORRUPT, unavailable.DAMAGED),
        (sqlite3.SQLITE_NOTADB, unavailable.DAMAGED),
    ],
)
def test_sqlite_errors_of_the_machine_by_their_code(code, kind):
    path = Path("/du-lieu/denkhuya.sqlite3")
    refusal = unavailable_from(sqlite_error(code, "wording that may change"), path)

    assert isinstance(refusal, UserError) and refusal.kind == kind
    sentence = str(refusal)
    assert "\n" not in sentence and sentence.endswith(".") and sentence.count(". ") == 0
    if kind not in (unavailable.BUSY,):
        assert str(path) in sentence


def test_wrapped_by_sqlalchemy_too():
    wrapped = OperationalError("INSERT …", {}, sqlite_error(sqlite3.SQLITE_FULL))

    assert unavailable_from(wrapped).kind == unavailable.FULL


@pytest.mark.parametrize(
    "error",
    [
        sqlite_error(sqlite3.SQLITE_ERROR, "no such table: household"),
        sqlite_error(sqlite3.SQLITE_CONSTRAINT, "UNIQUE constraint failed"),
        sqlite_error(sqlite3.SQLITE_INTERRUPT, "interrupted"),
        sqlite3.OperationalError("no code at all"),
        ValueError("a bug"),
    ],
)
def test_a_bug_stays_a_bug(error):
    assert unavailable_from(error) is None


def test_a_server_that_does_not_answer():
    class ServerError(Exception):
        sqlstate = "08006"  # connection_failure

    class ServerFull(Exception):
        sqlstate = "53100"  # disk_full

    assert unavailable_from(ServerError()).kind == unavailable.UNREACHABLE
    assert unavailable_from(ServerFull()).kind == unavailable.FULL


def test_the_busy_sentence_says_how_long_it_waited_when_it_did():
    assert "sau 30 giây" in str(DatabaseUnavailable(unavailable.BUSY, waited_seconds=30))
    assert "giây" not in str(DatabaseUnavailable(unavailable.BUSY, waited_seconds=0))


def test_the_engine_turns_them_into_refusals(database):
    """Through the program's own engine, a write SQLite refuses as read-only (here a
    connection told to only read, as a file on a write-protected stick would be)."""
    with database.engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA query_only = 1")
        try:
            with pytest.raises(DatabaseUnavailable) as refused:
                connection.execute(text("DELETE FROM household"))
        finally:
            connection.rollback()
            driver.execute("PRAGMA query_only = 0")

    assert refused.value.kind == unavailable.READ_ONLY
    assert database.url.removeprefix("sqlite:///") in str(refused.value)
