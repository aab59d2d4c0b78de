"""On PostgreSQL too, the migrations build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.db.models import Base
from desktop.db.schema import HEAD_REVISION, current_revision


def test_upgrade_from_empty_to_head_matches_the_models(postgres_database):
    with postgres_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(postgres_database.engine) == HEAD_REVISION
