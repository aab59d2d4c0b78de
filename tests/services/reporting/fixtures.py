"""Fixtures: a station with two nights, built once and copied for each test (reports
write the audit trail, and some tests change the report settings). Test modules that
need them import them: `from tests.services.reporting.fixtures import station, …`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.services.database import Database, open_database
from tests.services.reporting.station import StationLog, build_station


@dataclass
class Station:
    database: Database
    log: StationLog


def build_station_file(
    folder: Path, template: Path, ward: str, prefix: str
) -> tuple[Path, StationLog]:
    path = folder / f"{ward}.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            log = build_station(session, ward, prefix)
    finally:
        database.close()
    return path, log


@pytest.fixture(scope="session")
def station_file(tmp_path_factory, migrated_template) -> tuple[Path, StationLog]:
    folder = tmp_path_factory.mktemp("station")
    return build_station_file(folder, migrated_template, "Cốc Lếu", "010")


@pytest.fixture
def station(tmp_path, station_file) -> Iterator[Station]:
    """A fresh copy of the station's database, and the log of what was entered."""
    template, log = station_file
    path = tmp_path / "station.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    yield Station(database, log)
    database.close()
