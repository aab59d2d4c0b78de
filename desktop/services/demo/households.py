"""The people of one demo household at a time: family, ID numbers and phones, statuses."""

from __future__ import annotations

import random
from datetime import date

from desktop.services.demo.campaign.period import campaign_start
from desktop.services.demo.families import FamilyMaker
from desktop.services.demo.identities import IdentifierMaker
from desktop.services.demo.person import HouseholdMember
from desktop.services.demo.statuses import StatusMaker


class HouseholdMaker:
    """Makes each household's members complete, in the order the places come."""

    def __init__(self, rng: random.Random, today: date, group_count: int) -> None:
        # Some groups far ahead, some far behind: evenly spread, in shuffled order.
        self.level2_shares = [0.2 + 0.6 * i / (group_count - 1) for i in range(group_count)]
        rng.shuffle(self.level2_shares)
        self.families = FamilyMaker(rng, today)
        self.identifiers = IdentifierMaker(rng)
        self.statuses = StatusMaker(rng, today, settled_before=campaign_start(today))

    def household(self, group: int) -> list[HouseholdMember]:
        """One family of the group (an index into the ward's groups), head first."""
        members = self.families.household()
        self.identifiers.fill(members)
        for member in members:
            self.statuses.fill(member, self.level2_shares[group])
        return members
