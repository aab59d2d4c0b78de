"""Migration 0006: the map's tables, and every position held so far marked as the list's."""

from __future__ import annotations

from sqlalchemy import inspect, text

from desktop.db.schema import HEAD_REVISION, current_revision
from desktop.services.database import open_database
from tests.builders import add_household, make_group, make_ward
from tests.db.test_migrations import command_downgrade


def test_positions_from_before_the_map_count_as_the_lists(tmp_path):
    path = tmp_path / "older.sqlite3"
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        group = make_group(session, make_ward(session))
        add_household(session, group, house_number="1")  # with coordinates
        add_household(session, group, house_number="2", lat=None, lon=None)
    command_downgrade(database, "0005")
    assert "ward_map" not in inspect(database.engine).get_table_names()
    database.close()

    upgraded = open_database(f"sqlite:///{path}")
    assert current_revision(upgraded.engine) == HEAD_REVISION
    with upgraded.engine.connect() as connection:
        sources = connection.execute(
            text("SELECT house_number, position_source FROM household ORDER BY house_number")
        ).all()
    assert sources == [("1", "list"), ("2", None)]
    tables = set(inspect(upgraded.engine).get_table_names())
    assert {"ward_map", "map_way", "map_address_point", "map_police_station"} <= tables
    upgraded.close()
