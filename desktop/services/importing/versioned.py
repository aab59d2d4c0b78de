"""UPDATE … WHERE version = the version read: two desks cannot overwrite each other.

One executemany statement per table; the caller compares the rows it changed with the
rows it meant to change and refuses the whole import when another desk got there first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Update, bindparam, update


def versioned_update(model: type, columns: tuple[str, ...]) -> Update:
    """UPDATE … SET columns, version + 1 WHERE id and version are as read (executemany).

    Parameters are named "v_<column>" ("b_id", "b_version" for the WHERE): SQLAlchemy
    keeps the plain column names for itself.
    """
    table = model.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            {
                **{name: bindparam(f"v_{name}") for name in columns},
                "version": table.c.version + 1,
            }
        )
    )


def prefixed(row: dict[str, Any]) -> dict[str, Any]:
    """A row of values for versioned_update(): "v_" before each column name."""
    return {key if key.startswith("b_") else f"v_{key}": value for key, value in row.items()}
