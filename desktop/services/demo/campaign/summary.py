"""What the demo campaign holds, and how it moved the ward's counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.services.demo.campaign.residents import WardResidents


@dataclass(frozen=True)
class CampaignSummary:
    """What the demo campaign holds, and how it moved the ward's counts."""

    name: str
    starts_on: date
    ends_on: date
    teams: int
    members: int
    shifts: int
    visits: int
    services: dict[str, int]
    # group id → change in residents at level 2, at level 1, with the 114 app
    status_changes: dict[int, Counter]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "teams": self.teams,
            "members": self.members,
            "shifts": self.shifts,
            "visits": self.visits,
            "services": dict(self.services),
        }


def status_changes(residents: WardResidents) -> dict[int, Counter]:
    """Per group id, how many more residents are at level 2, at level 1, with the 114 app."""
    changes: dict[int, Counter] = defaultdict(Counter)
    for person in residents.people.values():
        before, after = person.original, person.values
        if before == after:
            continue
        group = changes[residents.group_of[person.household_id]]
        group["level2"] += (after["vneid_level"] == 2) - (before["vneid_level"] == 2)
        group["level1"] += (after["vneid_level"] == 1) - (before["vneid_level"] == 1)
        group["app_114"] += (after["app_114"] is True) - (before["app_114"] is True)
    return dict(changes)
