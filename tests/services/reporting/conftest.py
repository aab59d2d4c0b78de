"""The station fixtures for every reporting test."""

from tests.services.reporting.fixtures import station, station_file  # noqa: F401
