"""Importing the household lists a ward keeps in Excel (issues 3 and 11).

The steps, each usable alone (the wizard runs them one by one, the CLI in a row):

1. `read_workbook(path)`: the visible sheets as plain rows (python-calamine; .csv by
   csv_file.py), after a look through the file that refuses, in bounded time and memory,
   what cannot be a household list (limits.py); Excel error cells and formulas without
   their result come as cell_issues.BrokenCell, to be named in warnings.
2. `detect_layout(workbook)`: each sheet's heading row, column mapping and group; the
   wizard lets the user correct it.
3. `plan_import(session, workbook, layout, options)`: read, check and match every row
   against the database; counts of added / updated / unchanged, the problems and the
   columns left out (ignored.py).
4. `apply_plan(session, plan)`: write it, in the caller's single transaction.

`import_file()` does all four for the CLI; `save_problems()` writes the problem list
as an Excel file for the people who fix the source file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.db.writing import lock_for_writing
from desktop.domain import roles
from desktop.services import signed_in
from desktop.services.importing.applying import apply_plan
from desktop.services.importing.headings import FIELD_LABELS, IGNORED
from desktop.services.importing.layout import SheetLayout, WorkbookLayout, detect_layout
from desktop.services.importing.planning import plan_import
from desktop.services.importing.plans import ImportOptions, ImportPlan, ImportResult, result_of
from desktop.services.importing.problems import ERROR, WARNING, ImportRefused, Problem
from desktop.services.importing.report import save_problems
from desktop.services.importing.stages import Stage
from desktop.services.importing.workbook import SourceWorkbook, read_workbook
from desktop.services.progress import Progress

__all__ = [
    "ERROR",
    "FIELD_LABELS",
    "IGNORED",
    "WARNING",
    "ImportOptions",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "SheetLayout",
    "SourceWorkbook",
    "WorkbookLayout",
    "apply_plan",
    "detect_layout",
    "import_file",
    "plan_import",
    "read_workbook",
    "save_problems",
]


def import_file(
    session: Session,
    path: str | Path,
    options: ImportOptions,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read, check and (unless dry_run) write a household list, in the session's transaction.

    Raises UserError for a file that cannot be imported at all (ImportRefused, with the
    problems, when every row was rejected) and Cancelled when the user stops it; the
    caller's transaction then rolls back and nothing is changed.
    """
    signed_in.require(roles.REGISTER_EDIT)
    progress = progress or Progress()
    progress.step(0, 1, "Đang đọc tệp…")
    workbook = read_workbook(path)
    layout = detect_layout(workbook)
    if not dry_run:
        # The write lock once the file is read, before the reads that decide the plan:
        # a second import of the same file, or into the same empty database, waits
        # here and then finds everything already there.
        lock_for_writing(session)
    plan = plan_import(session, workbook, layout, options, Stage(progress, 0.05, 0.6))
    if dry_run:
        progress.step(1, 1, "Đã kiểm tra xong.")
        return result_of(plan, committed=False)
    return apply_plan(session, plan, Stage(progress, 0.6, 1.0))
