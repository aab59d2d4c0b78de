"""Writing an import plan: a few bulk statements inside the caller's one transaction.

New households and residents go in with `session.execute(insert(table), rows)` in
batches, their full-text index entries in one statement afterwards (db/bulk.py);
updates with one executemany UPDATE per table whose WHERE checks the version read
while planning, so a change another desk made in between stops the import instead of
being overwritten. Every change is written to the audit trail with the file's name.
50,000 residents: see bench/import.py.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.db.bulk import search_indexes_filled_afterwards
from desktop.db.models import Household, Resident, Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.names import fold, name_sort_key
from desktop.domain.person import HEAD
from desktop.services import audit, households, signed_in, wards
from desktop.services.collector import collector_paused
from desktop.services.importing.plans import (
    ADD,
    DEMOTED_RELATION,
    UPDATE,
    ImportPlan,
    ImportResult,
    PlannedHousehold,
    PlannedResident,
    result_of,
)
from desktop.services.importing.resident_changes import created_changes
from desktop.services.importing.versioned import prefixed, versioned_update
from desktop.services.progress import Progress
from desktop.services.residents import RESIDENT_FIELDS

_BATCH = 5000
_AUDIT_BATCH = 20_000
_HOUSEHOLD_COLUMNS = (
    "group_id",
    "house_number",
    "lane",
    "street",
    "lat",
    "lon",
    "source_code",
    "address",
    "address_folded",
    "address_sort_key",
)
_RESIDENT_COLUMNS = ("household_id", "position", "name_folded", "name_sort_key", *RESIDENT_FIELDS)
CONFLICT = (
    "Trong lúc nhập, một số hộ hoặc nhân khẩu vừa được người khác sửa; chưa có gì thay "
    "đổi, hãy nhập lại tệp."
)


def apply_plan(
    session: Session, plan: ImportPlan, progress: Progress | None = None
) -> ImportResult:
    """Write the plan in the session's transaction; the caller commits.

    Raises Cancelled (from progress) or UserError (a concurrent change) before the
    commit, so that the whole import rolls back.
    """
    signed_in.require(roles.REGISTER_EDIT)
    with collector_paused():
        _Writer(session, plan, progress or Progress()).write()
    return result_of(plan, committed=True)


class _Writer:
    def __init__(self, session: Session, plan: ImportPlan, progress: Progress) -> None:
        self.session = session
        self.plan = plan
        self.progress = progress
        self.source = plan.source_name
        self.audit_rows: list[dict[str, Any]] = []
        self.household_ids: dict[int, int] = {}  # id(planned household) → household id
        self.household_codes: dict[int, str] = {}
        self.group_ids: dict[str, int] = {}
        self.batch = audit.AuditBatch(audit.IMPORT, self.source)  # one import, one moment
        self._sort_keys: dict[str, str] = {}
        residents = sum(len(h.residents) for h in plan.households)
        self.total = 2 * len(plan.households) + 2 * residents + 1
        self.done = 0

    def sort_key(self, name: str) -> str:
        """name_sort_key(), once per name: a head's name is also a resident's, and
        names repeat in a ward."""
        key = self._sort_keys.get(name)
        if key is None:
            key = self._sort_keys[name] = name_sort_key(name)
        return key

    def step(self, amount: int) -> None:
        self.done += amount
        self.progress.step(self.done, self.total, "Đang ghi vào cơ sở dữ liệu…")

    def write(self) -> None:
        ward = self._ward_and_groups()
        self._insert_households(ward)
        self._update_households()
        self._insert_residents()
        self._update_residents()
        self._demote_heads()
        self._refresh_heads()
        self._flush_audit()
        self.step(1)

    def _ward_and_groups(self) -> Ward:
        plan = self.plan
        if plan.ward.ward_id is None:
            ward = wards.create_ward(
                self.session,
                wards.WardInput(plan.ward.name, plan.ward.province, kind=plan.ward.kind),
                reason=audit.IMPORT,
                source=self.source,
            )
        else:
            ward = self.session.get(Ward, plan.ward.ward_id)
        self.group_ids = {
            name: wards.find_or_create_group(
                self.session, ward, name, reason=audit.IMPORT, source=self.source
            ).id
            for name in sorted({household.group_name for household in plan.households})
        }
        return ward

    def _address(self, values: dict[str, Any]) -> dict[str, Any]:
        data = households.HouseholdInput(
            group_id=0,
            house_number=values["house_number"],
            lane=values["lane"],
            street=values["street"],
        )
        return households.address_columns(data)

    def _insert_households(self, ward: Ward) -> None:
        new = [h for h in self.plan.households if h.stored is None]
        if not new:
            return
        kept = self._kept_codes(ward, new)
        with search_indexes_filled_afterwards(self.session, Household.__table__):
            if kept:
                self._insert_household_batches(
                    [h for h in new if id(h) in kept], [kept[id(h)] for h in new if id(h) in kept]
                )
            fresh = [h for h in new if id(h) not in kept]
            # Counted after the kept codes are in, so that no fresh code takes one of them.
            codes = households.next_household_codes(self.session, ward, len(fresh))
            self._insert_household_batches(fresh, codes)

    def _kept_codes(self, ward: Ward, new: list[PlannedHousehold]) -> dict[int, str]:
        """id(household) → its code in the file, when that is a code of this ward in our
        form ("COCLEU-000123", from our own export) and no household holds it yet: a list
        exported and imported into a fresh database keeps its household codes."""
        form = re.compile(rf"{re.escape(ward.code)}-\d{{6,9}}")
        wanted = {
            id(h): h.record.code for h in new if h.record.code and form.fullmatch(h.record.code)
        }
        taken: set[str] = set()
        codes = sorted(set(wanted.values()))
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            taken.update(
                self.session.scalars(select(Household.code).where(Household.code.in_(chunk)))
            )
        kept: dict[int, str] = {}
        for key, code in wanted.items():
            if code not in taken:
                kept[key] = code
                taken.add(code)  # a code the file gives twice goes to the first household
        return kept

    def _insert_household_batches(self, new: list[PlannedHousehold], codes: list[str]) -> None:
        if not new:
            return
        for start in range(0, len(new), _BATCH):
            batch = new[start : start + _BATCH]
            rows = [
                self._household_row(household, code)
                for household, code in zip(batch, codes[start:], strict=False)
            ]
            # Core inserts: the ORM's bulk path splits rows whose None columns differ
            # into separate statements, and RETURNING in parameter order falls back to
            # one statement per row on SQLite; the fresh codes find the new ids instead.
            self.session.execute(insert(Household.__table__), rows)
            ids_by_code = dict(
                self.session.execute(
                    select(Household.code, Household.id).where(
                        Household.code.in_([row["code"] for row in rows])
                    )
                ).all()
            )
            ids = [ids_by_code[row["code"]] for row in rows]
            for household, row, household_id in zip(batch, rows, ids, strict=True):
                self.household_ids[id(household)] = household_id
                self.household_codes[id(household)] = row["code"]
                self._audit(self.batch.entry("create", "household", row["code"], household.changes))
            self.step(len(batch))

    def _household_row(self, household: PlannedHousehold, code: str) -> dict[str, Any]:
        values = household.values
        head_name = household.head_name
        return {
            "code": code,
            "source_code": values["source_code"],
            "group_id": self.group_ids[household.group_name],
            "house_number": values["house_number"],
            "lane": values["lane"],
            "street": values["street"],
            "lat": values["lat"],
            "lon": values["lon"],
            **self._address(values),
            "head_name": head_name,
            "head_sort_key": self.sort_key(head_name),
            "version": 1,
        }

    def _update_households(self) -> None:
        matched = [h for h in self.plan.households if h.stored is not None]
        for household in matched:
            self.household_ids[id(household)] = household.stored.id
            self.household_codes[id(household)] = household.stored.code
        changed = [h for h in matched if h.changes]
        statement = versioned_update(Household, _HOUSEHOLD_COLUMNS)
        rows = []
        for household in changed:
            values = household.values
            rows.append(
                {
                    "b_id": household.stored.id,
                    "b_version": household.stored.version,
                    "group_id": self.group_ids[household.group_name],
                    **{k: values[k] for k in ("house_number", "lane", "street", "lat", "lon")},
                    "source_code": values["source_code"],
                    **self._address(values),
                }
            )
            self._audit(
                self.batch.entry("update", "household", household.stored.code, household.changes)
            )
        self._execute_checked(statement, rows)
        self.step(len(matched))

    def _insert_residents(self) -> None:
        rows: list[dict[str, Any]] = []
        with search_indexes_filled_afterwards(self.session, Resident.__table__):
            for household in self.plan.households:
                for resident in household.residents:
                    if resident.action == ADD:
                        rows.append(self._new_resident(household, resident))
                    if len(rows) >= _BATCH:
                        self._insert_resident_batch(rows)
                        rows = []
            self._insert_resident_batch(rows)

    def _new_resident(
        self, household: PlannedHousehold, resident: PlannedResident
    ) -> dict[str, Any]:
        """The row of a new resident; its audit entry is queued on the way."""
        uid = str(uuid.uuid4())
        values = resident.values
        # Written out here rather than kept in the plan: a plan of 100,000 new residents
        # would hold as many dictionaries of changes until the end of the import.
        changes = resident.changes or created_changes(values)
        changes = {**changes, "household": [None, self.household_codes[id(household)]]}
        self._audit(self.batch.entry("create", "resident", uid, changes))
        return {
            "uid": uid,
            "household_id": self.household_ids[id(household)],
            "position": resident.position,
            **values,
            "name_folded": resident.record.name_folded,
            "name_sort_key": self.sort_key(values["full_name"]),
            "vneid_level_changed_on": self.plan.today if values["vneid_level"] else None,
            "version": 1,
        }

    def _insert_resident_batch(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(Resident.__table__), rows)
            self.step(len(rows))

    def _update_residents(self) -> None:
        table = Resident.__table__
        statement = versioned_update(Resident, _RESIDENT_COLUMNS).values(
            # The level's date is kept where the level does not change.
            vneid_level_changed_on=func.coalesce(
                bindparam("v_vneid_level_changed_on"), table.c.vneid_level_changed_on
            )
        )
        rows: list[dict[str, Any]] = []
        for household in self.plan.households:
            for resident in household.residents:
                if resident.action == UPDATE:
                    rows.append(self._changed_resident(household, resident))
                if len(rows) >= _BATCH:
                    self._execute_checked(statement, rows)
                    self.step(len(rows))
                    rows = []
        self._execute_checked(statement, rows)
        self.step(len(rows))

    def _changed_resident(
        self, household: PlannedHousehold, resident: PlannedResident
    ) -> dict[str, Any]:
        """The update of a stored resident; its audit entry is queued on the way."""
        stored, values = resident.stored, resident.values
        level_changed = values["vneid_level"] != stored.vneid_level
        changes = dict(resident.changes)
        if resident.moved:
            changes["household"] = [stored.household_code, self.household_codes[id(household)]]
        self._audit(self.batch.entry("update", "resident", stored.uid, changes))
        return {
            "b_id": stored.id,
            "b_version": stored.version,
            "household_id": self.household_ids[id(household)],
            "position": resident.position if resident.moved else stored.position,
            **values,
            "name_folded": fold(values["full_name"]),
            "name_sort_key": self.sort_key(values["full_name"]),
            "vneid_level_changed_on": self.plan.today if level_changed else None,
        }

    def _audit(self, entry: dict[str, Any]) -> None:
        """Queue an audit entry; they are written (and chained) a batch at a time, in the
        order they come, so that a large import never holds them all."""
        self.audit_rows.append(entry)
        if len(self.audit_rows) >= _AUDIT_BATCH:
            self._flush_audit()

    def _flush_audit(self) -> None:
        audit.record_changes(self.session, self.audit_rows)
        self.audit_rows = []

    def _demote_heads(self) -> None:
        statement = versioned_update(Resident, ("relation",))
        rows = [
            {"b_id": r.id, "b_version": r.version, "relation": DEMOTED_RELATION}
            for r in self.plan.demoted_heads
        ]
        self._execute_checked(statement, rows)
        for resident in self.plan.demoted_heads:
            self._audit(
                self.batch.entry(
                    "update", "resident", resident.uid, {"relation": [HEAD, DEMOTED_RELATION]}
                )
            )

    def _refresh_heads(self) -> None:
        """Copy each touched stored household's head name onto it, as the registry does."""
        touched = {h.stored.id: h.stored.head_name for h in self.plan.households if h.stored}
        for household in self.plan.households:
            for resident in household.residents:
                if resident.moved:
                    touched.setdefault(resident.stored.household_id, None)
        if not touched:
            return
        heads: dict[int, tuple] = {}
        ids = list(touched)
        for start in range(0, len(ids), 500):
            rows = self.session.execute(
                select(Resident.household_id, Resident.full_name, Resident.relation)
                .where(Resident.household_id.in_(ids[start : start + 500]))
                .order_by(Resident.household_id, Resident.position, Resident.id)
            )
            for household_id, full_name, relation in rows:
                rank = 0 if relation == HEAD else 1
                if household_id not in heads or rank < heads[household_id][0]:
                    heads[household_id] = (rank, full_name)
        table = Household.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                head_name=bindparam("v_head_name"),
                head_sort_key=bindparam("v_head_sort_key"),
                version=table.c.version + 1,
            )
        )
        rows = [
            {"b_id": household_id, "head_name": name, "head_sort_key": self.sort_key(name)}
            for household_id, (_, name) in heads.items()
            if touched[household_id] != name
        ]
        if rows:
            self.session.execute(statement, [prefixed(row) for row in rows])

    def _execute_checked(self, statement, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        result = self.session.execute(statement, [prefixed(row) for row in rows])
        if result.rowcount != len(rows):
            raise UserError(CONFLICT)
