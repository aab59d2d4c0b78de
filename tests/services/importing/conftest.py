"""Fixtures for the import tests: an import run through the service, as the CLI runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.database import Database
from desktop.services.importing import ImportOptions, ImportResult, import_file
from tests.conftest import TODAY

DATA = Path(__file__).with_name("data")


@pytest.fixture
def run_import(database: Database):
    """Import a file into the test database in one transaction; returns the result."""

    def run(path: Path, ward: str | None = None, dry_run: bool = False) -> ImportResult:
        with database.session() as session:
            return import_file(session, path, ImportOptions(TODAY, ward), dry_run=dry_run)

    return run
