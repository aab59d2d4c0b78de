"""reset_sequences: after rows written with their own ids, the next id follows them on
PostgreSQL; on SQLite, where the next id is always the highest + 1, it changes nothing."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import event, func, insert, select, text

from desktop.db.models import Member, Ward
from desktop.db.sequences import reset_sequences
from desktop.services.database import open_database


def _write_members_with_ids(session, ids) -> None:
    session.execute(
        insert(Member.__table__),
        [
            {
                "id": i,
                "full_name": f"Cán bộ {i}",
                "name_sort_key": "",
                "role": "officer",
                "active": True,
            }
            for i in ids
        ],
    )


@pytest.fixture
def sqlite_database(tmp_path, migrated_template):
    """A SQLite file even when the suite runs on PostgreSQL (DENKHUYA_TEST_DB)."""
    path = tmp_path / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


def test_on_sqlite_it_runs_no_statement_and_the_next_id_follows_the_highest(sqlite_database):
    database = sqlite_database
    statements: list[str] = []
    with database.session() as session:
        _write_members_with_ids(session, [5, 6, 7])

        def note(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(database.engine, "before_cursor_execute", note)
        try:
            reset_sequences(session, [Member.__table__])
        finally:
            event.remove(database.engine, "before_cursor_execute", note)
        session.add(Member(full_name="Cán bộ mới", name_sort_key="", role="officer"))
        session.flush()
        assert session.scalar(select(func.max(Member.id))) == 8
    assert statements == []


def test_on_postgresql_the_next_id_follows_rows_written_with_their_ids(postgres_database):
    with postgres_database.session() as session:
        _write_members_with_ids(session, [1, 2, 3, 10])
        reset_sequences(session, [Member.__table__, Ward.__table__])
    with postgres_database.session() as session:
        member = Member(full_name="Cán bộ mới", name_sort_key="", role="officer")
        session.add(member)
        session.flush()
        assert member.id == 11
        # An empty table starts again at 1.
        assert session.scalar(text("SELECT nextval(pg_get_serial_sequence('ward', 'id'))")) == 1
