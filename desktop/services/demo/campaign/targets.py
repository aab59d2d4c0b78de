"""The demo campaign's targets, from where the ward stood on its first day.

Level 2 for about 60 % of the adults still missing it, and so on, for the ward; level
2 and the 114 app for each group; level 2 for each team, by its home group's share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from desktop.db import status_sql
from desktop.db.models import CampaignTarget, Household, Resident
from desktop.domain.campaign import (
    APP_114,
    CHIP_CARD_COLLECTED,
    DOCUMENTS,
    LEVEL2_ACTIVATED,
    LEVEL2_COLLECTED,
    VNEID_INSTALLED,
)
from desktop.services.demo.campaign.rows import CampaignRows
from desktop.services.demo.campaign.teams import Teams

# The columns of a group's standing: its id, then adults counted by these conditions.
_GROUP, _BELOW_LEVEL2, _NO_VNEID, _NO_APP_114, _AT_LEVEL2, _NO_CHIP_CARD = range(6)
# Each ward target: the share of the adults in that column.
_WARD_SHARES = {
    LEVEL2_ACTIVATED: (_BELOW_LEVEL2, 0.6),
    LEVEL2_COLLECTED: (_BELOW_LEVEL2, 0.65),
    VNEID_INSTALLED: (_NO_VNEID, 0.5),
    APP_114: (_NO_APP_114, 0.5),
    DOCUMENTS: (_AT_LEVEL2, 0.3),
    CHIP_CARD_COLLECTED: (_NO_CHIP_CARD, 0.5),
}
_GROUP_SERVICES = (LEVEL2_ACTIVATED, APP_114)


def set_targets(
    session: Session, rows: CampaignRows, campaign_id: int, starts_on: date, teams: Teams
) -> None:
    """Add the ward's, each group's and each team's targets to the campaign."""
    standing = _standing(session, starts_on)

    def add(
        service: str, target: int, group_id: int | None = None, team_id: int | None = None
    ) -> None:
        rows.add(
            CampaignTarget,
            campaign_id=campaign_id,
            service=service,
            group_id=group_id,
            team_id=team_id,
            target=target,
        )

    for service, (column, share) in _WARD_SHARES.items():
        add(service, _round_to(_total(standing, column) * share, 10))
    for row in standing:
        for service in _GROUP_SERVICES:
            column, share = _WARD_SHARES[service]
            add(service, round(int(row[column] or 0) * share), group_id=row[_GROUP])
    for team_id, target in _team_level2_targets(standing, teams).items():
        add(LEVEL2_ACTIVATED, target, team_id=team_id)


def _standing(session: Session, starts_on: date) -> Sequence[Any]:
    """Per group: its id and its adults below level 2, without VNeID, without the 114
    app, at level 2, and without a chip card, on the campaign's first day."""
    adult = status_sql.is_adult(starts_on)

    def among_adults(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((adult & condition, 1), else_=0))

    return session.execute(
        select(
            Household.group_id,
            among_adults(Resident.vneid_level < 2),
            among_adults(Resident.vneid_level == 0),
            among_adults(Resident.app_114.is_not(True)),
            among_adults(Resident.vneid_level == 2),
            among_adults(Resident.has_chip_card.is_not(True)),
        )
        .join(Household, Household.id == Resident.household_id)
        .group_by(Household.group_id)
    ).all()


def _team_level2_targets(standing: Sequence[Any], teams: Teams) -> dict[int, int]:
    """The ward's level-2 target shared among the groups, then among each group's teams."""
    ward_level2 = _total(standing, _BELOW_LEVEL2) * 0.6
    teams_per_group = Counter(teams.home_group.values())
    missing = {row[_GROUP]: int(row[_BELOW_LEVEL2] or 0) for row in standing}
    targets = {}
    for team_id in teams.ids:
        group = teams.home_group[team_id]
        share = missing.get(group, 0) / max(1, sum(missing.values()))
        targets[team_id] = round(ward_level2 * share / teams_per_group[group])
    return targets


def _total(standing: Sequence[Any], column: int) -> int:
    return sum(int(row[column] or 0) for row in standing)


def _round_to(value: float, step: int) -> int:
    return int(round(value / step) * step) if value >= step else round(value)
