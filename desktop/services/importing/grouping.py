"""Putting rows together into households, the way a household register is written.

A row whose relation is the head ("Chủ hộ") starts a household and the rows under it
belong to it. With a household-code column, a new code starts a new household too, and
the head may stand anywhere in it. Every household needs exactly one head: rows that
belong to none are rejected, and so are the members of a household whose head row is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.importing.records import ResidentRecord


@dataclass
class HouseholdRecord:
    """A household as the file lists it: its members in file order."""

    sheet: str
    row: int  # the row that started it
    code: str | None = None
    members: list[ResidentRecord] = field(default_factory=list)

    @property
    def head(self) -> ResidentRecord | None:
        return next((member for member in self.members if member.is_head), None)

    @property
    def accepted(self) -> list[ResidentRecord]:
        return [member for member in self.members if not member.rejected]

    @property
    def group(self) -> str | None:
        head = self.head
        if head is not None and head.group:
            return head.group
        return next((member.group for member in self.members if member.group), None)

    def address_source(self) -> ResidentRecord | None:
        """The first row (head first) that gives an address or coordinates."""
        ordered = sorted(self.members, key=lambda member: not member.is_head)
        for member in ordered:
            if member.address or member.house_number or member.lane or member.street:
                return member
        return None

    def coordinates_source(self) -> ResidentRecord | None:
        ordered = sorted(self.members, key=lambda member: not member.is_head)
        return next((member for member in ordered if member.lat is not None), None)


def group_households(
    records: list[ResidentRecord], relation_headings: dict[str, str]
) -> list[HouseholdRecord]:
    """Households of the records (given in file order); rejects rows without a household."""
    households: list[HouseholdRecord] = []
    current: HouseholdRecord | None = None
    sheet = None
    for record in records:
        if record.sheet != sheet:
            sheet, current = record.sheet, None  # a household never spans sheets
        heading = relation_headings.get(record.sheet, "")
        code = record.household_code
        if code and (current is None or code != current.code):
            current = HouseholdRecord(record.sheet, record.row, code)
            households.append(current)
        elif record.is_head and current is not None and current.head is not None:
            if code and code == current.code:
                if record.rejected:
                    continue
                record.reject(
                    heading,
                    f"Hộ mã “{code}” đã có chủ hộ ở dòng {current.head.row}; "
                    "mỗi hộ chỉ có một chủ hộ.",
                )
                continue
            current = HouseholdRecord(record.sheet, record.row, code)
            households.append(current)
        elif record.is_head and current is None:
            current = HouseholdRecord(record.sheet, record.row, code)
            households.append(current)
        elif current is None:
            if not record.rejected:
                record.reject(
                    heading,
                    "Dòng này không thuộc hộ nào: phía trên chưa có dòng “Chủ hộ”.",
                    record.relation,
                )
            continue
        current.members.append(record)
    for household in households:
        if household.head is None:
            for member in household.members:
                if not member.rejected:
                    member.reject(
                        relation_headings.get(member.sheet, ""),
                        f"Hộ mã “{household.code}” không có ai ghi là “Chủ hộ”; "
                        "hãy ghi rõ chủ hộ trong tệp.",
                    )
    return households


def reject_members_of_rejected_heads(households: list[HouseholdRecord]) -> None:
    """A household cannot be imported without its head: reject its other rows too."""
    for household in households:
        head = household.head
        if head is None or not head.rejected:
            continue
        for member in household.members:
            if not member.rejected:
                member.reject(
                    "",
                    f"Dòng chủ hộ của hộ này (dòng {head.row}) bị loại nên người này "
                    "chưa được nhập.",
                )
