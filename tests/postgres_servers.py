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
import queue
import threading
import time
from collections import deque

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

SKIP_REASON = (
    "needs a PostgreSQL server: set DENKHUYA_TEST_PG_URL (or DENKHUYA_TEST_DB) to "
    "postgresql+psycopg://user:password@host:port/database"
)


_KEPT_AFTER_THEIR_TEST = 3

# Tests of what only a SQLite file has, by design, each with the reason: a node id that
# starts with one of these is skipped on PostgreSQL (DENKHUYA_TEST_DB). A new test says
# so with @pytest.mark.sqlite_only instead (reason: SQLITE_ONLY_REASON).
SQLITE_ONLY_REASON = "SQLite only: a database file (copies, encryption, WAL, FTS5, PRAGMA)"
SQLITE_ONLY = {
    "tests/services/test_backup.py::": "whole-file backups and restores of a SQLite file; a "
    "server's are pg_dump's (issue 15 point 6, tests/services/test_server_backup.py)",
    "tests/services/test_backup_encrypted.py::": "backups of a SQLCipher-encrypted file",
    "tests/services/test_encryption.py::": "SQLCipher encrypts a SQLite file; a server's data "
    "are not encrypted by the program",
    "tests/services/test_automatic_backup.py::": "the automatic copy of the SQLite file; no "
    "automatic copy on a server (issue 15 point 6)",
    "tests/test_cli_backup.py::": "`backup`/`restore` of a SQLite file from the command line",
    "tests/ui/test_backup_actions.py::": "the window's backup and restore of a SQLite file",
    "tests/ui/accounts/test_first_account.py::test_the_first_account_encrypts": "the first "
    "account encrypts a SQLite file and shows its recovery key",
    "tests/db/test_unavailable.py::test_the_engine_turns_them_into_refusals": "a refusal made "
    "with SQLite's PRAGMA query_only, read from SQLite's error code",
    "tests/db/test_migrations.py::test_fresh_database_has_the_full_text_search_indexes": "the "
    "FTS5 tables are SQLite's; PostgreSQL's search has its own index",
    "tests/ui/test_machine_refusals.py::test_deleting_a_household_while_another_program_writes": (
        "another program holding SQLite's write lock on the file"
    ),
}


def sqlite_only(nodeid: str) -> str | None:
    """Why the test is SQLite-only, or None."""
    for prefix, reason in SQLITE_ONLY.items():
        if nodeid.startswith(prefix):
            return f"SQLite only: {reason}"
    return None


def suite_runs_on_postgres() -> bool:
    return os.environ.get("DENKHUYA_TEST_DB", "").startswith("postgresql")


def server_url() -> str | None:
    """The URL of the server for PostgreSQL tests, or None."""
    url = os.environ.get("DENKHUYA_TEST_PG_URL")
    if url:
        return url
    return os.environ["DENKHUYA_TEST_DB"] if suite_runs_on_postgres() else None


class PostgresServer:
    """Creates databases on the server: the template once, then one per test.

    Speed (a test's database is most of what the suite costs on PostgreSQL): DROP
    DATABASE waits for a checkpoint, up to a second on a server that syncs to disk, so
    retired databases are dropped by a thread of their own while the next tests run; on
    a throwaway server without fsync (as .ci/run starts), each database is copied file by
    file (STRATEGY FILE_COPY: a fifth of the time of WAL_LOG's block-by-block copy, whose
    checkpoints cost nothing there).
    """

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"denkhuya_test_{os.getpid()}"
        self.template: str | None = None
        self._strategy = ""
        self._numbers = itertools.count(1)
        self._retired: deque[tuple[str, Engine | None]] = deque()
        self._to_drop: queue.Queue[str | None] = queue.Queue()
        self._drop_failures: list[BaseException] = []
        self._dropper = threading.Thread(
            target=self._drop_in_turn, name="drop-test-databases", daemon=True
        )
        self._dropper.start()

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def fresh_database(self) -> str:
        """The URL of a new database at the newest schema."""
        if self.template is None:
            self.template = self._migrated_template()
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"{self._strategy}')
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

    def retire(self, url: str, engine: Engine | None = None) -> None:
        """A test is done with its database: drop it a few tests later, since a window's
        background task or timer may still finish on it (a SQLite file stays until the
        folder goes; a dropped database would fail the next test's set-up instead).

        `engine`, the test's own, is disposed of again then: what such a late task
        connected through it is closed, not left for the garbage collector (psycopg
        warns of a connection deleted while open, failing whichever test runs then)."""
        self._retired.append((url, engine))
        while len(self._retired) > _KEPT_AFTER_THEIR_TEST:
            self._hand_over(*self._retired.popleft())

    def _hand_over(self, url: str, engine: Engine | None) -> None:
        if engine is not None:
            engine.dispose()
        self._to_drop.put(url)

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

    def _drop_in_turn(self) -> None:
        """The dropping thread: drops what retire() hands it until close() says None."""
        while (url := self._to_drop.get()) is not None:
            try:
                self.drop(url)
            except BaseException as error:  # noqa: BLE001 - raised again by close()
                self._drop_failures.append(error)

    def close(self) -> None:
        while self._retired:
            self._hand_over(*self._retired.popleft())
        self._to_drop.put(None)
        self._dropper.join()
        if self._drop_failures:
            raise self._drop_failures[0]
        if self.template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()

    def _migrated_template(self) -> str:
        from desktop.services.database import open_database

        name = f"{self.prefix}_template"
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}"')
        open_database(self.url_of(name)).close()  # no connection may stay open to a template
        with self.admin.connect() as connection:
            if connection.scalar(text("SELECT current_setting('fsync')")) == "off":
                self._strategy = " STRATEGY FILE_COPY"
        return name

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))
