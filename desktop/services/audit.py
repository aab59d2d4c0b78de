"""The audit trail: who changed, exported or viewed which citizens' data, when and why.

Every entry is chained to the one before it by a SHA-256 (desktop.domain.audit_chain),
so an entry changed or deleted behind the program's back is found by verify_trail().
Entries are chained right after they are written, inside the writer's transaction:
it holds the database's write lock then, so no other desk can slip an entry between.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry
from desktop.db.writing import lock_audit_chain
from desktop.domain.audit_chain import GENESIS, SEALED_FIELDS, entry_hash
from desktop.services import signed_in

# Why a change was made.
EDIT, IMPORT, DEMO, VISIT, APPROVAL = "edit", "import", "demo", "visit", "approval"


def current_actor() -> str:
    """Who is at the keyboard: the account signed in, else the operating-system user
    (while the database has no account)."""
    return signed_in.actor_name() or system_user()


def system_user() -> str:
    """The operating-system user running the program (often one shared desk account)."""
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
        lock_audit_chain(session)  # PostgreSQL: desks chain their entries one at a time
        # Every entry before these is sealed: entries are only written here, and sealed
        # in the transaction that writes them, one writer of the chain at a time.
        last_sealed = session.scalar(select(func.max(AuditEntry.id)))
        # The table, not the ORM class: no unit-of-work bookkeeping for thousands of rows.
        session.execute(insert(AuditEntry.__table__), rows)
        _seal_entries_after(session, last_sealed)


_SEALED_COLUMNS = [getattr(AuditEntry, name) for name in SEALED_FIELDS]


def _seal_entries_after(session: Session, last_sealed: int | None) -> None:
    """Chain the entries this transaction has just written (those after `last_sealed`),
    oldest first.

    They are found by their ids, not by the empty chain_hash: on PostgreSQL every sealed
    entry left a dead row behind in a partial index over unsealed entries until the next
    VACUUM, and after a demo or an import a search of that index read tens of thousands
    of them on every save (40 ms instead of 0.02; bench/desks.py). Migration 0010 drops
    that index.
    """
    previous = GENESIS
    if last_sealed is not None:
        previous = (
            session.scalar(select(AuditEntry.chain_hash).where(AuditEntry.id == last_sealed))
            or GENESIS
        )
    new = session.execute(
        select(*_SEALED_COLUMNS).where(AuditEntry.id > (last_sealed or 0)).order_by(AuditEntry.id)
    ).mappings()
    sealed: list[dict[str, Any]] = []
    for entry in new:
        previous = entry_hash(previous, entry)
        sealed.append({"entry_id": entry["id"], "sealed_hash": previous})
    if sealed:
        session.execute(
            update(AuditEntry.__table__)
            .where(AuditEntry.__table__.c.id == bindparam("entry_id"))
            .values(chain_hash=bindparam("sealed_hash")),
            sealed,
        )


@dataclass(frozen=True)
class TrailCheck:
    """What verify_trail() found: the entries read and the first that does not hold."""

    entries: int
    broken_id: int | None = None
    broken_at: datetime | None = None
    broken_actor: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None

    def sentence(self) -> str:
        if self.intact:
            return f"Nhật ký thao tác nguyên vẹn: {self.entries} mục, không mục nào bị sửa hay xóa."
        when = f"{self.broken_at:%d/%m/%Y %H:%M}" if self.broken_at else "không rõ lúc nào"
        return (
            f"Nhật ký thao tác đã bị sửa hoặc xóa ngoài chương trình: mục số {self.broken_id} "
            f"(ghi lúc {when} UTC, người ghi “{self.broken_actor}”) không khớp với chuỗi mã "
            "kiểm tra (mục này hoặc mục ngay trước nó đã bị thay đổi)."
        )

    def as_json(self) -> dict[str, Any]:
        broken = None
        if not self.intact:
            broken = {
                "id": self.broken_id,
                "at": self.broken_at.isoformat() if self.broken_at else None,
                "actor": self.broken_actor,
            }
        return {"intact": self.intact, "entries": self.entries, "first_broken": broken}


def verify_trail(session: Session) -> TrailCheck:
    """Recompute the chain from the first entry; the first entry whose hash differs
    (changed, or the one after a deleted entry) is reported. Reads in pages."""
    previous = GENESIS
    count = 0
    result = session.execute(
        select(*_SEALED_COLUMNS, AuditEntry.chain_hash)
        .order_by(AuditEntry.id)
        .execution_options(yield_per=5_000)
    )
    with result:  # a server-side cursor on PostgreSQL: closed when a broken entry stops it
        for entry in result.mappings():
            count += 1
            expected = entry_hash(previous, entry)
            if entry["chain_hash"] != expected:
                return TrailCheck(count, entry["id"], entry["at"], entry["actor"])
            previous = expected
    return TrailCheck(count)


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
