"""The import wizard's one door to the database: one session per step.

Reading the file needs no database; the wizard asks here for the ward's name (to
compare with the file's title), for the plan to review (read only, nothing written)
and for the import itself (planned again and written in one transaction).
"""

from __future__ import annotations

from desktop.services.database import Database
from desktop.services.importing import (
    ImportOptions,
    ImportPlan,
    ImportResult,
    SourceWorkbook,
    WorkbookLayout,
    apply_plan,
    plan_import,
)
from desktop.services.importing.stages import Stage
from desktop.services.progress import Progress
from desktop.services.wards import current_ward


class ImportGateway:
    """Plans and applies an import of a ward's household list."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def ward_name(self) -> str | None:
        """The name of the ward the database holds; None for an empty database."""
        with self._database.session() as session:
            ward = current_ward(session)
            return ward.name if ward else None

    def plan(
        self,
        workbook: SourceWorkbook,
        layout: WorkbookLayout,
        options: ImportOptions,
        progress: Progress,
    ) -> ImportPlan:
        """What the import would do, for the review; nothing is written."""
        with self._database.sessions() as session:  # reads only; closed without commit
            return plan_import(session, workbook, layout, options, progress)

    def run(
        self,
        workbook: SourceWorkbook,
        layout: WorkbookLayout,
        options: ImportOptions,
        progress: Progress,
    ) -> ImportResult:
        """Import the list: all or nothing."""
        # Planned again inside the one transaction that writes (holding the write lock
        # from the start), so that what is written matches the database as it is now.
        with self._database.session(writing=True) as session:
            plan = plan_import(session, workbook, layout, options, Stage(progress, 0, 0.4))
            return apply_plan(session, plan, Stage(progress, 0.4, 1.0))
