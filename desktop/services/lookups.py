"""Looking up what the desk edits: a row by its id, a name already in use.

A list on screen can be older than the database: another desk, or another window of
this one, may have deleted the row since. That is a refusal the user can act on (close
and open again), not a bug, so it is one sentence like every other.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.domain.errors import UserError

Stored = TypeVar("Stored")


def load_or_refuse(session: Session, model: type[Stored], row_id: int, what: str) -> Stored:
    """The row of `model` with this id; refuses one that is gone, naming it by `what`
    ("Chiến dịch này", "Người này")."""
    row = session.get(model, row_id)
    if row is None:
        raise UserError(f"{what} không còn trong cơ sở dữ liệu (có thể đã bị xóa).")
    return row


def name_taken(
    session: Session, model: Any, name: str, own_id: int | None, *scope: ColumnElement[bool]
) -> bool:
    """Whether another row of `model` (within `scope`: e.g. the same campaign) already has
    this name, letter case aside; `own_id` is the row being renamed, None for a new one."""
    clash = session.scalar(
        select(model.id).where(
            *scope, func.lower(model.name) == name.lower(), model.id != (own_id or 0)
        )
    )
    return clash is not None
