"""Each residential group's leader (tổ trưởng): a head of household of working age with a mobile."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup, Ward
from desktop.services import audit
from desktop.services.demo.person import HouseholdMember


class GroupLeaders:
    """The first fitting head of household met in each group becomes its leader."""

    def __init__(self) -> None:
        self.chosen: dict[int, HouseholdMember] = {}  # group index → head

    def consider(self, group: int, head: HouseholdMember) -> None:
        is_mobile = head.phone is not None and not head.phone.startswith("02")
        if group not in self.chosen and 45 <= head.age <= 70 and is_mobile:
            self.chosen[group] = head

    def name(
        self,
        session: Session,
        ward: Ward,
        groups: list[ResidentialGroup],
        demo_audit: audit.AuditBatch,
    ) -> None:
        """Store each group's leader, with an audit entry for each group that has one."""
        rows = []
        for index, group in enumerate(groups):
            leader = self.chosen.get(index)
            if leader is None:
                continue
            group.leader_name, group.leader_phone = leader.full_name, leader.phone
            changes = {
                "leader_name": [None, leader.full_name],
                "leader_phone": [None, leader.phone],
            }
            key = f"{ward.code}/{group.name}"
            rows.append(demo_audit.entry("update", "group", key, changes))
        session.flush()
        audit.record_changes(session, rows)
