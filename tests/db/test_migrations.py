"""The Alembic migrations build exactly the tables the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from desktop.db.models import Base
from desktop.db.schema import current_revision, head_revision
from desktop.services.database import open_database


def test_upgrade_from_empty_to_head_matches_the_models(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # The FTS5 search tables and their shadow tables are created by the migrations on
    # purpose and are not part of the ORM models.
    full_text = ("resident_name_search", "household_address_search")
    differences = [d for d in differences if not any(name in str(d) for name in full_text)]
    assert differences == []
    assert current_revision(database.engine) == head_revision()
    database.close()


def test_fresh_database_has_the_full_text_search_indexes(database):
    tables = inspect(database.engine).get_table_names()
    assert "resident_name_search" in tables
    assert "household_address_search" in tables
