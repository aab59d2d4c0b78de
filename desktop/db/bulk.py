"""Bulk loading helpers that need to know the database's own SQL.

On SQLite, full-text indexes (FTS5) over folded names and addresses are kept in step by
AFTER INSERT triggers. Inserting 50,000 residents through the trigger, row by row, costs
three times as much as the inserts themselves; filling the index in one statement
afterwards costs a fraction. Elsewhere (no such indexes) these helpers do nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

# table → (insert trigger, full-text index, indexed column), for the indexes that exist.
_INDEXES = {
    "resident": [("resident_name_search_insert", "resident_name_search", "name_folded")],
    "household": [
        ("household_address_search_insert", "household_address_search", "address_folded")
    ],
}


@contextmanager
def search_indexes_filled_afterwards(session: Session, table: Table) -> Iterator[None]:
    """Insert rows into `table` inside the block; they enter its full-text indexes at its end.

    The insert triggers are dropped for the block and re-created from their stored SQL,
    in the session's transaction, so a rollback leaves everything as it was. Only rows
    added inside the block are indexed afterwards; updates and deletes keep their
    triggers throughout.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    suspended = []
    for trigger, index, column in _INDEXES.get(table.name, []):
        trigger_sql = session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": trigger},
        )
        if trigger_sql is not None:
            suspended.append((trigger, trigger_sql, index, column))
    if not suspended:
        yield
        return
    last_id = session.scalar(select(func.max(table.c.id))) or 0
    for trigger, _, _, _ in suspended:
        session.execute(text(f"DROP TRIGGER {trigger}"))
    yield
    for _, trigger_sql, index, column in suspended:
        session.execute(
            text(
                f"INSERT INTO {index}(rowid, {column}) "
                f"SELECT id, {column} FROM {table.name} WHERE id > :last_id"
            ),
            {"last_id": last_id},
        )
        session.execute(text(trigger_sql))
