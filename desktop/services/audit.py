"""The audit trail: who changed, exported or viewed which citizens' data, when and why."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry

# Why a change was made.
EDIT, IMPORT, DEMO, VISIT, APPROVAL = "edit", "import", "demo", "visit", "approval"


def current_actor() -> str:
    """Who is at the keyboard: the operating-system user until accounts exist."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services and containers)
        return "không rõ"


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs, JSON-ready."""
    return {
        field: [_plain(old.get(field)), _plain(value)]
        for field, value in new.items()
        if old.get(field) != value
    }


def removed_fields(old: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, None]} for what a deleted record held."""
    return {field: [_plain(value), None] for field, value in old.items() if value is not None}


def audit_row(
    *,
    action: str,
    reason: str,
    entity_type: str,
    entity_key: str | None,
    changes: Mapping[str, list[Any]] | None = None,
    source: str | None = None,
    actor: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One audit entry as a plain dict, for record_changes()."""
    return {
        "at": at or datetime.now(UTC).replace(tzinfo=None),
        "actor": actor or current_actor(),
        "action": action,
        "reason": reason,
        "entity_type": entity_type,
        "entity_key": entity_key,
        "changes": dict(changes) if changes is not None else None,
        "source": source,
    }


class AuditBatch:
    """The audit entries of one bulk write (an import, the demo): one actor, one moment
    and one source for all of them, as plain dicts for record_changes()."""

    def __init__(self, reason: str, source: str | None) -> None:
        self.reason = reason
        self.source = source
        self.actor = current_actor()
        self.at = datetime.now(UTC).replace(tzinfo=None)

    def entry(
        self, action: str, entity_type: str, key: str, changes: Mapping[str, list[Any]]
    ) -> dict[str, Any]:
        return audit_row(
            action=action,
            reason=self.reason,
            entity_type=entity_type,
            entity_key=key,
            changes=changes,
            source=self.source,
            actor=self.actor,
            at=self.at,
        )


def record_changes(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Write audit entries in one bulk statement (thousands at a time for an import)."""
    rows = list(rows)
    if rows:
        # The table, not the ORM class: no unit-of-work bookkeeping for thousands of rows.
        session.execute(insert(AuditEntry.__table__), rows)


def record_change(session: Session, **entry: Any) -> None:
    """Write one audit entry; takes the keyword arguments of audit_row()."""
    record_changes(session, [audit_row(**entry)])


def record_edit(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int,
    changes: Mapping[str, list[Any]],
) -> None:
    """Write the audit entry of a record created, changed or deleted by hand at the desk
    (reason EDIT) and known by its id, as teams, members and shifts are."""
    record_change(
        session,
        action=action,
        reason=EDIT,
        entity_type=entity_type,
        entity_key=str(entity_id),
        changes=changes,
    )
