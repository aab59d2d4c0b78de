"""What an import will do, as plain data: the wizard shows it, the CLI prints it, the
writer writes it. Nothing here holds a database object, so a plan can cross threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.person import is_head
from desktop.services.importing.grouping import HouseholdRecord
from desktop.services.importing.ignored import IgnoredColumn
from desktop.services.importing.problems import Problem
from desktop.services.importing.records import ResidentRecord
from desktop.services.importing.stored import StoredHousehold, StoredResident
from desktop.services.importing.wards import WardPlan

ADD, UPDATE, UNCHANGED = "add", "update", "unchanged"
DEMOTED_RELATION = "Khác"


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose besides the file: today's date and, optionally, the ward."""

    today: date
    ward_name: str | None = None


@dataclass
class PlannedResident:
    """One resident of the file and what the import does with it."""

    record: ResidentRecord
    action: str  # ADD, UPDATE or UNCHANGED
    values: dict[str, Any]  # the resident's values after the import (residents.RESIDENT_FIELDS)
    changes: dict[str, list[Any]]  # {field: [old, new]} for the audit trail ({} for ADD:
    # resident_changes.created_changes() writes them out when the resident is written)
    stored: StoredResident | None = None
    moved: bool = False  # comes from another stored household
    position: int | None = None  # for a new or moved resident


@dataclass
class PlannedHousehold:
    """One household of the file, new or matched, with its residents."""

    record: HouseholdRecord
    group_name: str
    values: dict[str, Any]  # house_number, lane, street, lat, lon, source_code
    changes: dict[str, list[Any]]
    stored: StoredHousehold | None
    residents: list[PlannedResident] = field(default_factory=list)

    @property
    def head_name(self) -> str:
        head = next((r for r in self.residents if is_head(r.values["relation"])), None)
        return (head or self.residents[0]).values["full_name"]


@dataclass(frozen=True)
class ImportCounts:
    """The figures of an import, as the CLI's JSON gives them."""

    households: int
    residents: int
    added: int
    updated: int
    unchanged: int
    rejected: int
    warnings: int


@dataclass
class ImportPlan:
    """Everything an import will write, and everything wrong with the file."""

    source_name: str
    today: date
    ward: WardPlan
    households: list[PlannedHousehold]
    demoted_heads: list[StoredResident]
    problems: list[Problem]
    counts: ImportCounts
    groups_to_create: list[str] = field(default_factory=list)
    ignored_columns: list[IgnoredColumn] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    source_name: str
    ward: str
    counts: ImportCounts
    problems: list[Problem]
    committed: bool
    ignored_columns: list[IgnoredColumn] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The JSON object `denkhuya import --json` prints."""
        counts = self.counts
        return {
            "households": counts.households,
            "residents": counts.residents,
            "added": counts.added,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "rejected": counts.rejected,
            "warnings": counts.warnings,
            "problems": [problem.as_json() for problem in self.problems],
            "ignored_columns": [column.as_json() for column in self.ignored_columns],
        }


def result_of(plan: ImportPlan, committed: bool) -> ImportResult:
    """The result a plan gives, written or not."""
    return ImportResult(
        plan.source_name,
        plan.ward.title,
        plan.counts,
        plan.problems,
        committed,
        plan.ignored_columns,
    )
