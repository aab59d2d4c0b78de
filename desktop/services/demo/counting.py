"""The demo ward's counts, group by group, as it is made: what DemoSummary reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.db.models import ResidentialGroup, Ward
from desktop.domain.eligibility import ADULT_AGE
from desktop.services.demo.campaign.summary import CampaignSummary
from desktop.services.demo.options import DemoMapSummary, DemoOptions, DemoSummary, GroupTally
from desktop.services.demo.peoples import KINH
from desktop.services.demo.person import HouseholdMember


@dataclass
class Counts:
    """What one residential group (or the whole ward) holds."""

    households: int = 0
    residents: int = 0
    adults: int = 0
    level2: int = 0
    level1: int = 0
    app_114: int = 0
    minority_households: int = 0

    def add_household(self, members: list[HouseholdMember]) -> None:
        self.households += 1
        self.residents += len(members)
        self.minority_households += any(member.people != KINH.key for member in members)
        for member in members:
            self.adults += member.age >= ADULT_AGE
            self.level2 += member.vneid_level == 2
            self.level1 += member.vneid_level == 1
            self.app_114 += member.app_114 is True

    def add_status_changes(self, changes: Mapping[str, int]) -> None:
        """Count in what the campaign's visits and approvals changed."""
        self.level2 += changes.get("level2", 0)
        self.level1 += changes.get("level1", 0)
        self.app_114 += changes.get("app_114", 0)


def count_campaign(
    groups: list[ResidentialGroup], counts: list[Counts], campaign: CampaignSummary
) -> None:
    """Count in each group the statuses the campaign's visits and approvals changed."""
    for group, group_counts in zip(groups, counts, strict=True):
        group_counts.add_status_changes(campaign.status_changes.get(group.id, {}))


def summarize(
    ward: Ward,
    groups: list[ResidentialGroup],
    counts: list[Counts],
    options: DemoOptions,
    removed: dict[str, int] | None,
    campaign: CampaignSummary | None,
    ward_map: DemoMapSummary | None = None,
) -> DemoSummary:
    """The counts of the ward just written."""
    total = Counts()
    for group_counts in counts:
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(group_counts, name))
    return DemoSummary(
        ward=ward.name,
        ward_code=ward.code,
        province=ward.province,
        seed=options.seed,
        today=options.today,
        groups=len(groups),
        households=total.households,
        residents=total.residents,
        adults=total.adults,
        level2=total.level2,
        level1=total.level1,
        app_114=total.app_114,
        minority_households=total.minority_households,
        by_group=tuple(
            GroupTally(group.name, c.households, c.residents, c.adults, c.level2)
            for group, c in zip(groups, counts, strict=True)
        ),
        removed=removed,
        campaign=campaign,
        ward_map=ward_map,
    )
