"""The Alembic migrations build exactly the tables the models describe."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from desktop.db.models import Base
from desktop.db.schema import HEAD_REVISION, alembic_config, current_revision
from desktop.domain.errors import UserError
from desktop.services.database import open_database


def head_revision() -> str:
    """The newest migration, as Alembic reads it from the scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


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


def test_the_revision_start_up_expects_is_the_newest_migration():
    # Start-up compares the stored revision with HEAD_REVISION without loading Alembic.
    assert head_revision() == HEAD_REVISION


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.sqlite3"
    open_database(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(UserError, match="phiên bản Đèn Khuya mới hơn"):
        open_database(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_an_older_database_is_copied_before_it_is_upgraded(tmp_path):
    path = tmp_path / "older.sqlite3"
    database = open_database(f"sqlite:///{path}")
    command_downgrade(database, "0003")
    database.close()
    upgraded = open_database(f"sqlite:///{path}")
    assert upgraded.backup_before_upgrade is not None
    assert upgraded.backup_before_upgrade.exists()
    assert "0003" in upgraded.backup_before_upgrade.name
    assert current_revision(upgraded.engine) == HEAD_REVISION
    upgraded.close()


def command_downgrade(database, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
