"""On PostgreSQL too, the migrations build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.db.models import Base
from desktop.db.schema import HEAD_REVISION, current_revision


def test_upgrade_from_empty_to_head_matches_the_models(postgres_database):
    with postgres_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    # The trigram search indexes (migration 0009) are made on purpose and are not part of
    # the ORM models, like SQLite's FTS5 tables.
    full_text = ("ix_resident_name_search", "ix_household_address_search")
    assert [d for d in differences if not any(name in str(d) for name in full_text)] == []
    assert current_revision(postgres_database.engine) == HEAD_REVISION
