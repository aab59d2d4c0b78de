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
    # The FTS5 search table and its shadow tables are created by the migration on
    # purpose and are not part of the ORM models.
    differences = [d for d in differences if "resident_name_search" not in str(d)]
    assert differences == []
    assert current_revision(database.engine) == head_revision()
    database.close()


def test_fresh_database_has_the_name_search_index(database):
    assert "resident_name_search" in inspect(database.engine).get_table_names()
