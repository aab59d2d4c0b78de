"""Service records of the demo campaign, the statuses they change, and their audit entries.

The residents' statuses follow from the records by the ledger's own rules
(desktop.domain.ledger): each record keeps what it changed, and each resident it
changed gets an audit entry naming the visit and the shift, or the approval.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from desktop.db.models import ServiceRecord
from desktop.domain.ledger import changes_to_json, new_values, service_changes
from desktop.services import audit
from desktop.services.demo.campaign.residents import CampaignResident
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.ledger import audit_changes


class Recorder:
    """Records services for the campaign and keeps the audit entries, in order."""

    def __init__(self, rows: CampaignRows, campaign_id: int) -> None:
        self.rows = rows
        self.campaign_id = campaign_id
        self.actor = audit.current_actor()
        self.audit: list[dict[str, Any]] = []
        self.services: Counter[str] = Counter()  # service → records made

    def record(
        self,
        person: CampaignResident,
        service: str,
        night: date,
        team_id: int | None,
        visit_id: int | None,
        source: str,
        at: datetime,
    ) -> dict[str, list[Any]]:
        """Record the service as done for the person that day; returns what it changed."""
        changes = service_changes(service, person.values, night)
        person.values.update(new_values(changes))
        person.recorded.add(service)
        self.services[service] += 1
        self.rows.add(
            ServiceRecord,
            resident_id=person.id,
            service=service,
            done_on=night,
            campaign_id=self.campaign_id,
            team_id=team_id,
            visit_id=visit_id,
            source=source,
            entered_by=self.actor,
            entered_at=at,
            changed=changes_to_json(changes) or None,
        )
        return changes

    def note_resident(
        self,
        person: CampaignResident,
        changes: dict[str, list[Any]],
        added: dict[str, date],
        reason: str,
        source: str,
        at: datetime,
    ) -> None:
        """Audit what a visit or an approval changed for the person."""
        self.audit.append(
            audit.audit_row(
                action="update",
                reason=reason,
                entity_type="resident",
                entity_key=person.uid,
                changes=audit_changes(changes, added, {}),
                source=source,
                actor=self.actor,
                at=at,
            )
        )

    def note_visit(self, visit_id: int, outcome: str, source: str, at: datetime) -> None:
        self.audit.append(
            audit.audit_row(
                action="create",
                reason=audit.VISIT,
                entity_type="visit",
                entity_key=str(visit_id),
                changes={"outcome": [None, outcome]},
                source=source,
                actor=self.actor,
                at=at,
            )
        )

    def note_created(self, entity_type: str, key: int, changes: dict[str, Any]) -> None:
        """Audit a campaign or member the demo made."""
        self.audit.append(
            audit.audit_row(
                action="create",
                reason=audit.DEMO,
                entity_type=entity_type,
                entity_key=str(key),
                changes={name: [None, value] for name, value in changes.items()},
                actor=self.actor,
            )
        )
