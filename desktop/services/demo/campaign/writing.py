"""Writing the demo campaign: every row in bulk, parents first, then the new statuses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from desktop.db.models import Resident
from desktop.db.sequences import reset_sequences
from desktop.domain.ledger import STATUS_FIELDS
from desktop.services import audit
from desktop.services.demo.campaign.residents import CampaignResident
from desktop.services.demo.campaign.rows import CAMPAIGN_TABLES, CampaignRows


def write_campaign(
    session: Session,
    rows: CampaignRows,
    people: list[CampaignResident],
    audit_rows: list[dict[str, Any]],
) -> None:
    """Insert the campaign's rows, store the statuses of the residents it changed, and
    write its audit entries."""
    for model in reversed(CAMPAIGN_TABLES):
        table_rows = rows.tables.get(model)
        if table_rows:
            session.execute(insert(model.__table__), table_rows)
    # The rows carry their own ids (CampaignRows): PostgreSQL's next ids must follow them.
    reset_sequences(session, [model.__table__ for model in CAMPAIGN_TABLES])
    changed = [person for person in people if person.values != person.original]
    if changed:
        _store_statuses(session, changed)
    audit.record_changes(session, audit_rows)


def _store_statuses(session: Session, changed: list[CampaignResident]) -> None:
    """One executemany: each changed resident's status fields, and a new version."""
    table = Resident.__table__
    session.execute(
        update(table)
        .where(table.c.id == bindparam("person_id"))
        .values(
            {name: bindparam(f"new_{name}") for name in STATUS_FIELDS}
            | {"version": table.c.version + 1}
        ),
        [{"person_id": p.id} | {f"new_{n}": p.values[n] for n in STATUS_FIELDS} for p in changed],
    )
