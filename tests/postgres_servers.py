"""PostgreSQL for the tests: a fresh database per test, copied from a migrated template.

DENKHUYA_TEST_DB chooses the database of the whole suite (unset: SQLite files; a
`postgresql+psycopg://user:password@host:port/database` URL: that server). The tests
that exist for PostgreSQL alone run against DENKHUYA_TEST_PG_URL, or DENKHUYA_TEST_DB
when it names PostgreSQL, and are skipped with a reason otherwise. The URL's own
database is only used to create and drop the test databases (the user needs CREATEDB).
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

SKIP_REASON = (
    "needs a PostgreSQL server: set DENKHUYA_TEST_PG_URL (or DENKHUYA_TEST_DB) to "
    "postgresql+psycopg://user:password@host:port/database"
)


_KEPT_AFTER_THEIR_TEST = 3
SQLITE_ONLY_REASON = "SQLite only: a database file (copies, encryption, WAL, FTS5, PRAGMA)"
# Tests of what only a SQLite file has, by design: whole-file backups and restores (a
# server's are pg_dump's, issue 15 point 6), SQLCipher encryption, SQLite's own locks,
# PRAGMAs and FTS5 tables. A node id starting with one of these is skipped on PostgreSQL;
# a new test says so with @pytest.mark.sqlite_only instead.
SQLITE_ONLY = (
    "tests/services/test_backup.py::",
    "tests/services/test_backup_encrypted.py::",
    "tests/services/test_encryption.py::",
    "tests/services/test_automatic_backup.py::",
    "tests/test_cli_backup.py::",
    "tests/ui/test_backup_actions.py::",
    "tests/ui/accounts/test_first_account.py::test_the_first_account_encrypts",
    "tests/db/test_unavailable.py::test_the_engine_turns_them_into_refusals",
    "tests/db/test_migrations.py::test_fresh_database_has_the_full_text_search_indexes",
    "tests/ui/test_machine_refusals.py::test_deleting_a_household_while_another_program_writes",
)


def sqlite_only(nodeid: str) -> bool:
    return nodeid.startswith(SQLITE_ONLY)


def suite_runs_on_postgres() -> bool:
    return os.environ.get("DENKHUYA_TEST_DB", "").startswith("postgresql")


def server_url() -> str | None:
    """The URL of the server for PostgreSQL tests, or None."""
    url = os.environ.get("DENKHUYA_TEST_PG_URL")
    if url:
        return url
    return os.environ["DENKHUYA_TEST_DB"] if suite_runs_on_postgres() else None


class PostgresServer:
    """Creates databases on the server: the template once, then one per test."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"denkhuya_test_{os.getpid()}"
        self.template: str | None = None
        self._numbers = itertools.count(1)
        self._retired: deque[str] = deque()

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def fresh_database(self) -> str:
        """The URL of a new database at the newest schema."""
        if self.template is None:
            self.template = self._migrated_template()
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url_of(name)

    def empty_database(self, icu_locale: str | None = None) -> str:
        """The URL of a new database without any table (the program has to migrate it);
        with `icu_locale`, its text is ordered by that ICU collation ("vi", "und")."""
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        collation = (
            f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'"
            if icu_locale
            else ""
        )
        self._execute(f'CREATE DATABASE "{name}"{collation}')
        return self.url_of(name)

    def retire(self, url: str) -> None:
        """A test is done with its database: drop it a few tests later, since a window's
        background task may still finish on it (a SQLite file stays until the folder
        goes; a dropped database would fail the next test's set-up instead)."""
        self._retired.append(url)
        while len(self._retired) > _KEPT_AFTER_THEIR_TEST:
            self.drop(self._retired.popleft())

    def drop(self, url: str) -> None:
        """Drop a test's database, ending what is still connected to it: the user needs
        the pg_signal_backend role to end an autovacuum worker; without it, wait for one."""
        name = make_url(url).database
        for attempt in range(20):
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except DBAPIError:
                if attempt == 19:
                    raise
                time.sleep(0.25)

    def close(self) -> None:
        while self._retired:
            self.drop(self._retired.popleft())
        if self.template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()

    def _migrated_template(self) -> str:
        from desktop.services.database import open_database

        name = f"{self.prefix}_template"
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}"')
        open_database(self.url_of(name)).close()  # no connection may stay open to a template
        return name

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))
