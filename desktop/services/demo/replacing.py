"""Refusing a database that holds data, or, with --replace, clearing it for the demo.

The audit trail stays: it is the record of who did what with the data, and it gains
one entry saying what --replace removed.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    Campaign,
    Household,
    Member,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Setting,
    Visit,
    Ward,
)
from desktop.domain.errors import UserError
from desktop.services import audit
from desktop.services.demo.campaign.rows import CAMPAIGN_TABLES

# Settings keyed under this prefix describe the ward and go with it on --replace.
WARD_SETTING_PREFIX = "ward."

# The registry tables, parents first; --replace empties them children first.
_REGISTRY = {
    "ward": Ward,
    "groups": ResidentialGroup,
    "households": Household,
    "residents": Resident,
}
_CAMPAIGN_COUNTED = {
    "campaigns": Campaign,
    "members": Member,
    "visits": Visit,
    "services": ServiceRecord,
}


def registry_counts(session: Session) -> dict[str, int]:
    """How many wards, groups, households, residents and campaign rows the database holds."""
    counted = _REGISTRY | _CAMPAIGN_COUNTED
    return {
        what: session.scalar(select(func.count()).select_from(model)) or 0
        for what, model in counted.items()
    }


def refuse_unless_empty(counts: dict[str, int], replace: bool) -> None:
    """Raise UserError when the database holds data and the caller did not ask to replace it."""
    if any(counts.values()) and not replace:
        raise UserError("Cơ sở dữ liệu đã có dữ liệu; dùng --replace để thay bằng phường mẫu.")


def remove_registry(session: Session, counts: dict[str, int], source: str) -> dict[str, int]:
    """Delete the ward and everything under it, and say so in the audit trail.

    Returns what was removed: `counts` and the number of ward settings.
    """
    old_ward = session.scalars(select(Ward).order_by(Ward.id)).first()
    ward_settings = Setting.key.startswith(WARD_SETTING_PREFIX, autoescape=True)
    removed = {
        **counts,
        "settings": session.scalar(select(func.count()).where(ward_settings)) or 0,
    }
    for model in CAMPAIGN_TABLES:  # they refer to households and residents
        session.execute(delete(model))
    for model in reversed(_REGISTRY.values()):
        session.execute(delete(model))
    session.execute(delete(Setting).where(ward_settings))
    audit.record_change(
        session,
        action="replace",
        reason=audit.DEMO,
        entity_type="ward",
        entity_key=old_ward.code if old_ward else None,
        changes={
            "ward": [old_ward.name if old_ward else None, None],
            **{what: [count, 0] for what, count in removed.items() if what != "ward"},
        },
        source=source,
    )
    return removed
