"""Keeping PostgreSQL's id sequences right after rows were written with their own ids.

The demo hands out ids itself (max + 1, in bulk) so that it can write parents and
children in a few statements. SQLite's next id is always max(id) + 1, so nothing more is
needed there; PostgreSQL takes the next id from a sequence, which such inserts never
move, and the next ordinary insert then collides with the first written row
(`duplicate key … (id)=(1)`). `reset_sequences` moves each table's sequence past its
highest id, in the caller's transaction; call it after every bulk write with explicit
ids.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, text
from sqlalchemy.orm import Session


def reset_sequences(session: Session, tables: Iterable[Table]) -> None:
    """On PostgreSQL, make each table's next id its highest id + 1 (1 when empty).

    Tables without an `id` column, or whose id has no sequence, are passed over; on
    any other database this does nothing.
    """
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c:
            continue
        name = dialect.identifier_preparer.format_table(table)
        sequence = session.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": name}
        )
        if sequence is None:
            continue
        # is_called = false: the next nextval() returns exactly this value.
        session.execute(
            text(f"SELECT setval(:sequence, COALESCE(MAX(id), 0) + 1, false) FROM {name}"),
            {"sequence": sequence},
        )
