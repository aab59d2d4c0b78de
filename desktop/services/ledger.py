"""Writing the service ledger: adding a ServiceRecord applies its statuses to the
resident, removing one undoes them (rules in desktop.domain.ledger).

Visits and approvals write through here, so a resident's statuses always follow the
records; they write the audit entries (one per resident, with the reason and the
source) from the changes these functions return.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.db.models import Resident, ServiceRecord, Team
from desktop.domain.campaign import SERVICE_LABELS
from desktop.domain.eligibility import ResidentStatus
from desktop.domain.errors import UserError
from desktop.domain.ledger import (
    STATUS_FIELDS,
    Changes,
    changes_from_json,
    changes_to_json,
    new_values,
    service_changes,
    undo_changes,
)
from desktop.services import audit

OTHER_TEAM = "Khác"  # the row that takes results no team is credited with


@dataclass(frozen=True)
class RecordedService:
    """A service already in the ledger for a resident: when, by whom, from where."""

    resident_id: int
    service: str
    done_on: date
    team_id: int | None
    team_name: str | None  # None: not credited to a team ("Khác")
    source: str
    visit_id: int | None

    @property
    def label(self) -> str:
        return SERVICE_LABELS.get(self.service, self.service)

    def describe(self, resident_name: str) -> str:
        """ "Nguyễn Văn An đã được ghi “Cài Báo cháy 114” ngày 20/11/2026 (Tổ công tác 2)"."""
        credited = self.team_name or OTHER_TEAM
        return (
            f"{resident_name} đã được ghi “{self.label}” ngày {self.done_on:%d/%m/%Y} ({credited})"
        )


@contextmanager
def refused_if_another_desk_wrote_first(what: str) -> Iterator[None]:
    """Turn a clash with a row another desk saved a moment ago (the same visit, the same
    service for the same resident) into a sentence; the caller's transaction rolls back."""
    try:
        yield
    except IntegrityError:
        raise UserError(
            f"{what} vừa được nhập từ một máy khác; hãy mở lại để xem kết quả đã lưu."
        ) from None


def now() -> datetime:
    """The moment of an entry, as the audit trail stores it (UTC, without zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def resident_status(resident: Resident, level2_collected: bool) -> ResidentStatus:
    """The facts the eligibility rules read, from a stored resident."""
    return ResidentStatus(
        birth_date=resident.birth_date,
        birth_year=resident.birth_year,
        vneid_level=resident.vneid_level,
        app_114=resident.app_114,
        has_chip_card=resident.has_chip_card,
        personal_id=resident.personal_id,
        level2_collected=level2_collected,
        documents_integrated=resident.documents_integrated,
    )


def statuses(resident: Resident) -> dict[str, Any]:
    return {field: getattr(resident, field) for field in STATUS_FIELDS}


def add_record(
    session: Session,
    resident: Resident,
    service: str,
    done_on: date,
    *,
    team_id: int | None,
    campaign_id: int | None,
    visit_id: int | None,
    source: str,
) -> Changes:
    """Record a service for a resident and apply its statuses; return what changed.

    The caller has checked that the resident has no record of this service yet.
    """
    changes = service_changes(service, statuses(resident), done_on)
    for field, value in new_values(changes).items():
        setattr(resident, field, value)
    session.add(
        ServiceRecord(
            resident_id=resident.id,
            service=service,
            done_on=done_on,
            campaign_id=campaign_id,
            team_id=team_id,
            visit_id=visit_id,
            source=source,
            entered_by=audit.current_actor(),
            entered_at=now(),
            changed=changes_to_json(changes) or None,
        )
    )
    session.flush()
    return changes


def remove_record(session: Session, record: ServiceRecord, resident: Resident) -> Changes:
    """Remove a record and put back what it changed on the resident; return the
    resident's changes. Later records built on it are rewritten to start from what it
    had replaced (see desktop.domain.ledger.undo_changes)."""
    later = session.scalars(
        select(ServiceRecord)
        .where(ServiceRecord.resident_id == resident.id, ServiceRecord.id > record.id)
        .order_by(ServiceRecord.id)
    ).all()
    current = statuses(resident)
    restore, rewritten = undo_changes(
        changes_from_json(record.changed), current, [changes_from_json(r.changed) for r in later]
    )
    for other, changes in zip(later, rewritten, strict=True):
        stored = changes_to_json(changes) or None
        if stored != other.changed:
            other.changed = stored
    for field, value in restore.items():
        setattr(resident, field, value)
    session.delete(record)
    session.flush()
    return {
        field: [current[field], value]
        for field, value in restore.items()
        if current[field] != value
    }


def recorded_services(
    session: Session, resident_ids: list[int] | set[int]
) -> dict[int, dict[str, RecordedService]]:
    """{resident id: {service: its record}} for the residents."""
    found: dict[int, dict[str, RecordedService]] = {rid: {} for rid in resident_ids}
    if not resident_ids:
        return found
    rows = session.execute(
        select(ServiceRecord, Team.name)
        .outerjoin(Team, Team.id == ServiceRecord.team_id)
        .where(ServiceRecord.resident_id.in_(list(resident_ids)))
    ).all()
    for record, team_name in rows:
        found[record.resident_id][record.service] = RecordedService(
            resident_id=record.resident_id,
            service=record.service,
            done_on=record.done_on,
            team_id=record.team_id,
            team_name=team_name,
            source=record.source,
            visit_id=record.visit_id,
        )
    return found


def audit_changes(
    status_changes: Changes, services_added: dict[str, date], services_removed: dict[str, date]
) -> dict[str, list[Any]]:
    """What a visit or an approval did to a resident, as audit changes: the status
    changes, and the services recorded ("service:app_114": [None, "2026-11-25"]) or
    removed ([date, None])."""
    changes = audit.changed_fields(
        {field: old for field, (old, _) in status_changes.items()},
        {field: new for field, (_, new) in status_changes.items()},
    )
    for service, done_on in services_added.items():
        changes[f"service:{service}"] = [None, done_on.isoformat()]
    for service, done_on in services_removed.items():
        changes[f"service:{service}"] = [done_on.isoformat(), None]
    return changes


def resident_audit_row(
    resident: Resident,
    status_changes: Changes,
    services_added: dict[str, date],
    services_removed: dict[str, date],
    reason: str,
    source: str,
) -> dict[str, Any]:
    """One audit entry for what a visit or an approval did to a resident."""
    return audit.audit_row(
        action="update",
        reason=reason,
        entity_type="resident",
        entity_key=resident.uid,
        changes=audit_changes(status_changes, services_added, services_removed),
        source=source,
    )
