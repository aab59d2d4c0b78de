"""Deciding what an import will do, before anything is written.

The plan says, for every household and resident of the file, whether it is new, an
update of a stored one (and what changes) or unchanged, and lists every problem. The
wizard shows it for review; the CLI's --dry-run prints it; apply_plan() writes it.
Planning only reads the database. The steps: read every row (records.py), put rows
into households (grouping.py), reject what cannot go in, then match households and
residents against the database (household_changes.py, resident_changes.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.spreadsheet_text import looks_like_formula
from desktop.services import signed_in
from desktop.services.collector import collector_paused
from desktop.services.importing.grouping import (
    HouseholdRecord,
    group_households,
    reject_members_of_rejected_heads,
)
from desktop.services.importing.household_changes import Groups, plan_households
from desktop.services.importing.ignored import IgnoredColumn, ignored_columns
from desktop.services.importing.layout import SheetLayout, WorkbookLayout
from desktop.services.importing.limits import MAX_PROBLEMS, too_many_problems
from desktop.services.importing.matching import describe_stored, same_person
from desktop.services.importing.plans import (
    ADD,
    UNCHANGED,
    UPDATE,
    ImportCounts,
    ImportOptions,
    ImportPlan,
    PlannedHousehold,
)
from desktop.services.importing.problems import ImportRefused, sorted_problems
from desktop.services.importing.records import ResidentRecord, read_record
from desktop.services.importing.resident_changes import demote_missing_heads
from desktop.services.importing.rows import table_rows
from desktop.services.importing.stages import Stage
from desktop.services.importing.stored import StoredResident, residents_by_personal_id
from desktop.services.importing.wards import resolve_ward
from desktop.services.importing.workbook import SourceWorkbook
from desktop.services.progress import Progress

__all__ = ["ImportOptions", "ImportPlan", "plan_import", "read_records"]


def plan_import(
    session: Session,
    workbook: SourceWorkbook,
    layout: WorkbookLayout,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read, check and match the whole file against the database; write nothing.

    Raises UserError when the file cannot go into this database (no ward named, a
    sheet without a name or relation column, no group known for a sheet) and
    ImportRefused, carrying the problems, when every row is rejected.
    """
    signed_in.require(roles.REGISTER_EDIT)
    with collector_paused():
        return _plan(session, workbook, layout, options, progress or Progress())


def _plan(
    session: Session,
    workbook: SourceWorkbook,
    layout: WorkbookLayout,
    options: ImportOptions,
    progress: Progress,
) -> ImportPlan:
    _refuse_formula_names(layout, options)
    ward = resolve_ward(session, layout, options.ward_name)
    ignored: list[IgnoredColumn] = []
    records = read_records(workbook, layout, options.today, Stage(progress, 0.0, 0.8), ignored)
    households = group_households(
        records, {sheet.sheet: sheet.heading_of("relation") for sheet in layout.sheets}
    )
    headings = {sheet.sheet: sheet.heading_of("personal_id") for sheet in layout.sheets}
    _reject_repeated_ids(records, headings)
    by_id = residents_by_personal_id(session, _ids(records)) if ward.ward_id else {}
    _reject_ids_of_other_people(records, by_id, headings)
    _reject_households_without_group(households, layout)
    reject_members_of_rejected_heads(households)
    progress.step(85, 100, "Đang đối chiếu với cơ sở dữ liệu…")
    kept = [household for household in households if household.accepted]
    groups = Groups(session, ward)
    planned, members = plan_households(session, kept, groups, by_id, ward)
    demoted = demote_missing_heads(planned, members)
    sheet_order = [sheet.sheet for sheet in layout.sheets]
    problems = sorted_problems((p for r in records for p in r.problems), sheet_order)
    counts = _count(planned, records)
    progress.step(100, 100, "Đã kiểm tra xong.")
    if counts.residents == 0:
        raise ImportRefused(
            f"Không nhập được dòng nào: cả {len(records)} dòng trong tệp đều có lỗi; "
            "hãy xem danh sách lỗi, sửa tệp rồi nhập lại.",
            problems,
        )
    return ImportPlan(
        source_name=workbook.file_name,
        today=options.today,
        ward=ward,
        households=planned,
        demoted_heads=demoted,
        problems=problems,
        counts=counts,
        groups_to_create=groups.new_names(planned),
        ignored_columns=ignored,
    )


def read_records(
    workbook: SourceWorkbook,
    layout: WorkbookLayout,
    today: date,
    progress: Progress,
    ignored: list[IgnoredColumn] | None = None,
) -> list[ResidentRecord]:
    """Every person row of every table, cleaned, with its problems; in file order.

    `ignored`, when given, receives the columns each table leaves out (ignored.py).
    """
    sheets = {sheet.name: sheet for sheet in workbook.sheets}
    total = sum(len(sheets[sheet.sheet].rows) for sheet in layout.sheets) or 1
    done = 0
    records: list[ResidentRecord] = []
    memo: dict = {}
    problems = 0
    for sheet_layout in layout.sheets:
        _check_columns(sheet_layout)
        sheet = sheets[sheet_layout.sheet]
        first = len(records)
        progress.step(done, total, "Đang kiểm tra từng dòng…")
        for source in table_rows(sheet, sheet_layout):
            record = read_record(source, sheet_layout, today, memo)
            records.append(record)
            problems += len(record.problems)
            if len(records) % 1000 == 0:
                progress.step(done + source.number, total, "Đang kiểm tra từng dòng…")
                if problems > MAX_PROBLEMS:
                    raise too_many_problems(workbook.file_name)
        done += len(sheet.rows)
        if ignored is not None:
            last_row = records[-1].row if len(records) > first else sheet_layout.data_start
            ignored += ignored_columns(sheet, sheet_layout, last_row)
        if "group" not in sheet_layout.fields and any(r.group is None for r in records[first:]):
            raise UserError(
                f"Không biết các hộ ở trang “{sheet_layout.sheet}” thuộc tổ dân phố nào: hãy "
                "thêm cột “Tổ dân phố”, đặt tên trang theo tổ (ví dụ “Tổ 1”) hoặc ghi tổ "
                "vào tiêu đề."
            )
    if not records:
        raise UserError(
            f"Bảng trong tệp “{workbook.file_name}” không có dòng nhân khẩu nào dưới dòng tiêu đề."
        )
    return records


def _refuse_formula_names(layout: WorkbookLayout, options: ImportOptions) -> None:
    """A group or ward named like an Excel formula ("=…") is refused with a sentence."""
    for sheet in layout.sheets:
        if sheet.group_name and looks_like_formula(sheet.group_name):
            raise UserError(
                f"Tên tổ “{sheet.group_name[:40]}” của trang “{sheet.sheet}” bắt đầu bằng dấu "
                f"“{sheet.group_name.strip()[:1]}” như một công thức Excel; hãy sửa tên tổ."
            )
    if options.ward_name and looks_like_formula(options.ward_name):
        raise UserError(
            f"Tên phường/xã “{options.ward_name[:40]}” bắt đầu bằng dấu "
            f"“{options.ward_name.strip()[:1]}” như một công thức Excel; hãy sửa lại."
        )


def _check_columns(layout: SheetLayout) -> None:
    fields = layout.fields
    if "full_name" not in fields and "given_name" not in fields:
        raise UserError(f"Trang “{layout.sheet}” chưa có cột nào được nhận là “Họ và tên”.")
    if "relation" not in fields:
        raise UserError(
            f"Trang “{layout.sheet}” không có cột “Quan hệ với chủ hộ”, nên không biết ai "
            "thuộc hộ nào; hãy chọn cột đó khi đối chiếu cột."
        )


def _ids(records: Iterable[ResidentRecord]) -> set[str]:
    return {record.personal_id for record in records if record.personal_id}


def _reject_repeated_ids(records: list[ResidentRecord], headings: dict[str, str]) -> None:
    first_seen: dict[str, ResidentRecord] = {}
    for record in records:
        if not record.personal_id:
            continue
        earlier = first_seen.setdefault(record.personal_id, record)
        if earlier is record:
            continue
        where = f"dòng {earlier.row}"
        if earlier.sheet != record.sheet:
            where += f" trang “{earlier.sheet}”"
        record.reject(
            headings[record.sheet],
            f"Số định danh {record.personal_id} đã có ở {where} ({earlier.full_name}); "
            "dòng này không được nhập.",
            record.personal_id,
        )


def _reject_ids_of_other_people(
    records: list[ResidentRecord], by_id: dict[str, StoredResident], headings: dict[str, str]
) -> None:
    for record in records:
        stored = by_id.get(record.personal_id or "")
        if stored is None or record.rejected or same_person(stored, record):
            continue
        record.reject(
            headings[record.sheet],
            f"Số định danh {record.personal_id} đã thuộc về {describe_stored(stored)} "
            "trong cơ sở dữ liệu, không phải người ghi ở dòng này; dòng này không được nhập.",
            record.personal_id,
        )


def _reject_households_without_group(
    households: list[HouseholdRecord], layout: WorkbookLayout
) -> None:
    for household in households:
        if household.group is not None:
            continue
        heading = layout.sheet(household.sheet).heading_of("group")
        for member in household.members:
            if not member.rejected:
                member.reject(heading, "Không rõ hộ này thuộc tổ dân phố nào (ô tổ để trống).")


def _count(planned: list[PlannedHousehold], records: list[ResidentRecord]) -> ImportCounts:
    residents = [resident for household in planned for resident in household.residents]
    return ImportCounts(
        households=len(planned),
        residents=len(residents),
        added=sum(resident.action == ADD for resident in residents),
        updated=sum(resident.action == UPDATE for resident in residents),
        unchanged=sum(resident.action == UNCHANGED for resident in residents),
        rejected=sum(record.rejected for record in records),
        warnings=sum(not record.rejected and record.has_warnings for record in records),
    )
