"""The campaign's rows, collected per table with their ids handed out in order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    Campaign,
    CampaignTarget,
    Member,
    ServiceRecord,
    Shift,
    ShiftGroup,
    ShiftMember,
    ShiftStop,
    Team,
    TeamMembership,
    Visit,
    VisitResident,
)

# The campaign tables, children first: the order --replace empties them in.
CAMPAIGN_TABLES = (
    ServiceRecord,
    VisitResident,
    Visit,
    ShiftStop,
    ShiftMember,
    ShiftGroup,
    Shift,
    CampaignTarget,
    TeamMembership,
    Team,
    Member,
    Campaign,
)


@dataclass
class CampaignRows:
    """Rows for each campaign table, and ids handed out in order."""

    tables: dict[type, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    next_ids: dict[type, int] = field(default_factory=dict)

    @classmethod
    def numbered_after(cls, session: Session) -> CampaignRows:
        """Rows whose ids follow the highest ids already in each table."""
        rows = cls()
        for model in CAMPAIGN_TABLES:
            if "id" in model.__table__.c:
                rows.next_ids[model] = (session.scalar(select(func.max(model.id))) or 0) + 1
        return rows

    def add(self, model: type, **row: Any) -> int:
        """Add a row of `model`; returns its id (0 for a table without one)."""
        if "id" in model.__table__.c and "id" not in row:
            row["id"] = self.next_ids[model]
            self.next_ids[model] += 1
        self.tables[model].append(row)
        return row.get("id", 0)

    def count(self, model: type) -> int:
        return len(self.tables[model])
