"""Shared fixtures: a fresh migrated database per test, a fixed today, no real user data,
and no error that passes quietly (`logfail`)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Never touch the real user data folder, and never need a screen.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="denkhuya-test-data-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DENKHUYA_DB", None)

from desktop.logs import log  # noqa: E402
from desktop.services import signed_in  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402
from tests import postgres_servers  # noqa: E402

TODAY = date(2026, 11, 30)

# tests/ui/test_fail_loudly.py runs pytest on small tests of its own, in-process.
pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason=...): skipped, with the reason, when DENKHUYA_TEST_DB runs the "
        "suite on PostgreSQL",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/ui need a Qt application: mark them `gui` so `-m "not gui"` skips them.
    On PostgreSQL (DENKHUYA_TEST_DB), tests of what only a SQLite file has are skipped."""
    on_postgres = postgres_servers.suite_runs_on_postgres()
    for item in items:
        if "tests/ui" in Path(item.fspath).as_posix():
            item.add_marker(pytest.mark.gui)
        if not on_postgres:
            continue
        reason = postgres_servers.sqlite_only(item.nodeid)
        marker = item.get_closest_marker("sqlite_only")
        if reason is None and marker is not None:
            why = marker.kwargs.get("reason")
            reason = f"SQLite only: {why}" if why else postgres_servers.SQLITE_ONLY_REASON
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))


_passed = 0


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which no test passed (nothing collected, or all skipped) is a failure."""
    if exitstatus == 0 and _passed == 0:
        session.exitstatus = 1


_FORMAT = logging.Formatter("%(levelname)s %(name)s: %(message)s").format  # with traceback


class LogFail(logging.Handler):
    """What a test must not leave behind, in the manner of qutebrowser's `logfail`: an
    error the program logged (ERROR or above on the `desktop` logger), the unexpected-error
    box it showed, or a modal box no test answered (both noted by tests/ui/conftest.py).

    `check()` fails the test naming them all. A test that provokes an error on purpose
    asks for `expected_errors` and asserts on what was logged instead.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.error_boxes: list[str] = []  # where the unexpected-error box was shown
        self.modal_boxes: list[str] = []  # modal boxes that would have waited for a user
        self.errors_expected = False

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        """The messages of the errors logged, without their tracebacks."""
        return [record.getMessage() for record in self.records]

    def complaints(self) -> list[str]:
        complaints = [f"A modal box would have waited for a user: {b}" for b in self.modal_boxes]
        if self.errors_expected:
            if not self.records and not self.error_boxes:
                complaints.append("expected_errors: the test expected an error, none was logged")
            return complaints
        complaints += [f"The program logged an error: {_FORMAT(r)}" for r in self.records]
        complaints += [f"The unexpected-error box was shown: {text}" for text in self.error_boxes]
        return complaints

    def check(self) -> None:
        """Fail the test if it left an error or a modal box behind."""
        complaints = self.complaints()
        if complaints:
            pytest.fail("\n\n".join(complaints), pytrace=False)


@pytest.fixture(autouse=True)
def logfail() -> Iterator[LogFail]:
    """Fails the test at teardown if the program logged an error (see LogFail)."""
    recorder = LogFail()
    log.addHandler(recorder)
    try:
        yield recorder
    finally:
        log.removeHandler(recorder)
    recorder.check()


@pytest.fixture(autouse=True)
def nobody_signed_in() -> Iterator[None]:
    """Each test starts, and leaves the process, with no account known or signed in."""
    signed_in.reset()
    yield
    signed_in.reset()


@pytest.fixture
def expected_errors(logfail: LogFail) -> LogFail:
    """For a test that provokes an error on purpose: what was logged, to assert on
    (`.messages`, `.records`, `.error_boxes`). The test fails if no error came at all."""
    logfail.errors_expected = True
    return logfail


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest schema, migrated once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = open_database(f"sqlite:///{path}")
    database.close()
    return path


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh database at the newest schema: a SQLite file, or with DENKHUYA_TEST_DB
    naming a PostgreSQL server, a database of its own on that server."""
    if postgres_servers.suite_runs_on_postgres():
        server = request.getfixturevalue("postgres_server")
        opened = open_database(server.fresh_database())
        yield opened
        opened.close()
        server.retire(opened.url, opened.engine)
        return
    migrated_template = request.getfixturevalue("migrated_template")
    path = tmp_path / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    opened = open_database(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres_servers.PostgresServer]:
    """The PostgreSQL server of DENKHUYA_TEST_PG_URL (or DENKHUYA_TEST_DB); the test is
    skipped when neither names one."""
    url = postgres_servers.server_url()
    if url is None:
        pytest.skip(postgres_servers.SKIP_REASON)
    server = postgres_servers.PostgresServer(url)
    yield server
    server.close()


@pytest.fixture
def postgres_database(postgres_server: postgres_servers.PostgresServer) -> Iterator[Database]:
    """A fresh database at the newest schema on the PostgreSQL server (skipped without one)."""
    opened = open_database(postgres_server.fresh_database())
    yield opened
    opened.close()
    postgres_server.retire(opened.url, opened.engine)


@pytest.fixture
def today() -> date:
    return TODAY
