"""Shared fixtures: a fresh migrated database per test, a fixed today, no real user data."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

# Never touch the real user data folder, and never need a screen.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="denkhuya-test-data-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DENKHUYA_DB", None)

from desktop.services.database import Database, open_database  # noqa: E402

TODAY = date(2026, 11, 30)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/ui need a Qt application: mark them `gui` so `-m "not gui"` skips them."""
    for item in items:
        if "tests/ui" in Path(item.fspath).as_posix():
            item.add_marker(pytest.mark.gui)


_passed = 0


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which no test passed (nothing collected, or all skipped) is a failure."""
    if exitstatus == 0 and _passed == 0:
        session.exitstatus = 1


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest schema, migrated once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = open_database(f"sqlite:///{path}")
    database.close()
    return path


@pytest.fixture
def database(tmp_path: Path, migrated_template: Path) -> Database:
    path = tmp_path / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    opened = open_database(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def today() -> date:
    return TODAY
