"""Consolidation at the city or provincial command: several stations' reports, read
from their `Dữ liệu` sheets and added up per unit, per group of each unit and in total:
either their daily reports of one night, or their campaign reports up to one night.

The sheet is a contract (desktop.reports.data.DATA_COLUMNS): one header row of machine
keys, then one row per (night, team, group) with plain values, each saying which
campaign, station and report (daily, or campaign up to a night) it belongs to. Refused
with one sentence, before anything is written: a file that does not follow it, daily
and campaign reports together, reports of different nights (daily) or counted up to
different nights (campaign), reports of different campaigns (names compared without
case, accents or extra spaces), a unit or a station found in two files, and agency
settings that name no agency.

Files of the older layout (the columns up to the counts, without `campaign`,
`station`, `report` and `up_to`) are still read, as the daily reports they were: their
rows belong to a daily report of their one night (a file of several nights is refused,
for nothing says up to which night it counts). They do not say their campaign, so it
cannot be checked: they are consolidated with the others and named in the report
(`unchecked`), and their rows keep an empty campaign and station in the consolidated
`Dữ liệu` sheet, "unknown", so the next level up sees the same.

A consolidation of campaign reports shows, per unit and per group of each unit, the
totals over the campaign up to its last night, and all units together night by night.
The consolidated report keeps every row in its own `Dữ liệu` sheet, so the level above
can consolidate it again.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from desktop.domain import roles
from desktop.domain.campaign import COUNT_KEYS
from desktop.domain.errors import UserError
from desktop.domain.names import counted_sort_key, fold
from desktop.reports.data import (
    CAMPAIGN_DATA,
    DAILY_DATA,
    DATA_COLUMNS,
    LEGACY_DATA_COLUMNS,
    ConsolidatedReport,
    CountRow,
    Counts,
    DataRow,
    ReportHeading,
    ReportSettings,
    add_counts,
    empty_counts,
    sum_counts,
)
from desktop.services import signed_in
from desktop.services.progress import Progress
from desktop.services.reporting.settings import require_issuing_agency

DATA_SHEET = "Dữ liệu"
MAX_NIGHTS = 366  # a campaign report spans weeks; a row years old is a typing error
_PROGRESS_TEXT = "Đang đọc báo cáo của các đơn vị…"
_REPORT_WORDS = {DAILY_DATA: "báo cáo ngày", CAMPAIGN_DATA: "báo cáo chiến dịch"}


@dataclass(frozen=True)
class _File:
    path: Path
    rows: list[DataRow]

    @property
    def name(self) -> str:
        return self.path.name


def consolidate(
    paths: Sequence[Path], settings: ReportSettings, progress: Progress | None = None
) -> ConsolidatedReport:
    """Read the stations' reports at `paths` (.xlsx) and add them up, per unit, per
    group of each unit (in the order people count them) and in total.

    Refuses, with one sentence: settings without an issuing agency, no file, a file
    missing or not a readable .xlsx, one without a `Dữ liệu` sheet laid out as the
    contract says, daily and campaign reports together, reports of different nights
    (or counted up to different nights), of different campaigns, and a unit or a
    station that appears in two files.
    """
    signed_in.require(roles.REPORTS)
    progress = progress or Progress()
    require_issuing_agency(settings)
    if not paths:
        raise UserError("Hãy chọn ít nhất một tệp báo cáo (.xlsx) của các đơn vị để tổng hợp.")
    files = [_File(Path(path), read_data_sheet(Path(path))) for path in paths]
    report, day = _one_period(files)
    campaign, unchecked = _one_campaign(files)
    _check_units(files)
    first_night = _check_span(files, day)
    progress.step(len(paths), len(paths), _PROGRESS_TEXT)  # the refusals stand alone
    rows = [row for file in files for row in file.rows]
    units = _unit_rows(rows)
    what = campaign or "Đề án 06"
    if report == CAMPAIGN_DATA:
        subject = f"Tổng hợp kết quả thực hiện {what} đến hết ngày {day:%d/%m/%Y}"
        file_title = f"Báo cáo tổng hợp kết quả chiến dịch đến ngày {day:%d/%m/%Y}"
        night_days = tuple(
            first_night + timedelta(days=n) for n in range((day - first_night).days + 1)
        )
        nights = _night_rows(rows, night_days)
    else:
        subject = f"Tổng hợp kết quả thực hiện {what} ngày {day:%d/%m/%Y}"
        file_title = f"Báo cáo tổng hợp ngày {day:%d/%m/%Y}"
        night_days, nights = (), ()
    return ConsolidatedReport(
        heading=ReportHeading(
            settings=settings,
            issued_on=day,
            subject=f"{subject} của {len(units)} đơn vị",
            file_title=file_title,
        ),
        day=day,
        report=report,
        campaign_name=campaign,
        units=units,
        groups=_group_rows(rows, units),
        nights=nights,
        night_days=night_days,
        data_rows=tuple(rows),
        total=sum_counts([row.counts for row in units]),
        sources=tuple(file.name for file in files),
        inputs=tuple(str(file.path.absolute()) for file in files),
        unchecked=unchecked,
    )


def refuse_input_as_output(target: Path, inputs: Iterable[Path | str]) -> None:
    """Refuse (UserError) to write the consolidated report over one of its inputs: the
    station's report would be lost."""
    target = Path(target).absolute()
    if not target.exists():
        return  # the inputs exist: a file that does not is none of them
    for source in inputs:
        source = Path(source).absolute()
        if source.exists() and os.path.samefile(source, target):
            raise UserError(
                f"Tệp “{target.name}” là một trong các báo cáo đang được tổng hợp; hãy ghi "
                "báo cáo tổng hợp ra tệp khác để không mất báo cáo của đơn vị."
            )


# Reading one file ----------------------------------------------------------------------


def read_data_sheet(path: Path) -> list[DataRow]:
    """The rows of a report's `Dữ liệu` sheet; refuses a file that breaks the contract.

    A sheet of the older layout gives rows of a daily report of their one night, with
    the campaign and the station unknown ("").
    """
    name = path.name
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp “{name}” không phải báo cáo Excel (.xlsx).")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UserError(f"Không đọc được tệp “{name}”: tệp hỏng hoặc không phải Excel.") from None
    values = None
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise UserError(
                f"Tệp “{name}” không có trang “{DATA_SHEET}”; hãy dùng tệp Excel báo cáo ngày "
                "hoặc báo cáo chiến dịch do Đèn Khuya xuất."
            )
        values = workbook[DATA_SHEET].iter_rows(values_only=True)
        header = tuple(_text(cell) for cell in next(values, ()) if cell is not None)
        if header not in (DATA_COLUMNS, LEGACY_DATA_COLUMNS):
            raise UserError(
                f"Trang “{DATA_SHEET}” của tệp “{name}” không đúng mẫu: dòng đầu phải là "
                f"{', '.join(DATA_COLUMNS)}."
            )
        read = _data_row if header == DATA_COLUMNS else _legacy_data_row
        rows = [
            read(name, number, cells)
            for number, cells in enumerate(values, start=2)
            if any(cell not in (None, "") for cell in cells)
        ]
    finally:
        if values is not None:
            values.close()  # the sheet's part of the file, kept open by a refused row
        workbook.close()
    if not rows:
        raise UserError(f"Trang “{DATA_SHEET}” của tệp “{name}” không có dòng số liệu nào.")
    if header == LEGACY_DATA_COLUMNS:
        days = sorted({row.day for row in rows})
        if len(days) > 1:
            raise UserError(
                f"Tệp “{name}” theo mẫu cũ có số liệu của nhiều ngày ({days[0]:%d/%m/%Y}–"
                f"{days[-1]:%d/%m/%Y}) mà không ghi tính đến ngày nào; hãy xuất lại báo cáo "
                "này bằng phiên bản Đèn Khuya hiện tại."
            )
    return rows


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _legacy_data_row(name: str, number: int, cells: tuple) -> DataRow:
    cells = (tuple(cells) + (None,) * len(LEGACY_DATA_COLUMNS))[: len(LEGACY_DATA_COLUMNS)]
    return _counted_row(name, number, cells)


def _data_row(name: str, number: int, cells: tuple) -> DataRow:
    cells = (tuple(cells) + (None,) * len(DATA_COLUMNS))[: len(DATA_COLUMNS)]
    row = _counted_row(name, number, cells)
    campaign, station, report = (_text(cell) for cell in cells[-4:-1])
    where = _where(name, number)
    if report not in _REPORT_WORDS:
        raise UserError(
            f"{where}: cột “report” phải là “{DAILY_DATA}” hoặc “{CAMPAIGN_DATA}” (đang là "
            f"“{report}”)."
        )
    up_to = _date(where, "up_to", cells[-1])
    if row.day > up_to or (report == DAILY_DATA and row.day != up_to):
        raise UserError(
            f"{where}: ngày {row.day:%d/%m/%Y} không thuộc {_REPORT_WORDS[report]} "
            f"tính đến ngày {up_to:%d/%m/%Y}."
        )
    return DataRow(
        unit=row.unit,
        group=row.group,
        team=row.team,
        day=row.day,
        counts=row.counts,
        campaign=campaign,
        station=station,
        report=report,
        up_to=up_to,
    )


def _where(name: str, number: int) -> str:
    return f"Dòng {number} trang “{DATA_SHEET}” của tệp “{name}”"


def _counted_row(name: str, number: int, cells: tuple) -> DataRow:
    """The unit, group, team, night and counts of a row (the columns both layouts share)."""
    unit, group, team = (_text(cell) for cell in cells[:3])
    where = _where(name, number)
    if not unit or not group or not team:
        raise UserError(f"{where} thiếu đơn vị, tổ dân phố hoặc tổ công tác.")
    day = _date(where, "date", cells[3])
    counts = {}
    for key, value in zip(COUNT_KEYS, cells[4 : 4 + len(COUNT_KEYS)], strict=True):
        number_value = _count(value)
        if number_value is None:
            raise UserError(f"{where}: cột “{key}” phải là số nguyên không âm (đang là “{value}”).")
        counts[key] = number_value
    return DataRow(unit=unit, group=group, team=team, day=day, counts=counts)


def _date(where: str, column: str, value: object) -> date:
    """An ISO date, or the date a spreadsheet program turned it into."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{where}: cột “{column}” có ngày “{text}”, phải có dạng YYYY-MM-DD."
        ) from None


def _count(value: object) -> int | None:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# Checking the files together -----------------------------------------------------------


def _one_period(files: list[_File]) -> tuple[str, date]:
    """The kind of report every file is and the night they all count up to."""
    periods: dict[tuple[str, date], str] = {}
    for file in files:
        own = sorted({(row.report, row.last_night) for row in file.rows}, key=lambda p: p[1])
        if len(own) > 1:
            raise UserError(
                f"Tệp “{file.name}” có số liệu của nhiều báo cáo ({_periods_text(own)}); hãy "
                "dùng tệp Excel báo cáo do Đèn Khuya xuất."
            )
        periods.setdefault(own[0], file.name)
    kinds = {kind: name for (kind, _), name in periods.items()}
    if len(kinds) > 1:
        raise UserError(
            f"Không tổng hợp chung được báo cáo ngày (“{kinds[DAILY_DATA]}”) và báo cáo chiến "
            f"dịch (“{kinds[CAMPAIGN_DATA]}”); hãy chọn các báo cáo cùng một loại."
        )
    if len(periods) > 1:
        listed = ", ".join(
            f"“{name}” {_period_text(period)}"
            for period, name in sorted(periods.items(), key=lambda item: item[0][1])
        )
        if DAILY_DATA in kinds:
            raise UserError(
                f"Các báo cáo không cùng một ngày ({listed}); chỉ tổng hợp được báo cáo của "
                "cùng một ngày."
            )
        raise UserError(
            f"Các báo cáo chiến dịch không tính đến cùng một ngày ({listed}); hãy xuất lại "
            "báo cáo chiến dịch của các đơn vị đến cùng một ngày."
        )
    return next(iter(periods))


def _period_text(period: tuple[str, date]) -> str:
    kind, day = period
    return f"{'ngày' if kind == DAILY_DATA else 'đến ngày'} {day:%d/%m/%Y}"


def _periods_text(periods: list[tuple[str, date]]) -> str:
    return ", ".join(f"{_REPORT_WORDS[kind]} {_period_text((kind, day))}" for kind, day in periods)


def _one_campaign(files: list[_File]) -> tuple[str, tuple[str, ...]]:
    """The campaign the files name (as first written) and the files with rows that name
    none (the older layout): (campaign or "", unchecked file names)."""
    named: dict[str, tuple[str, str]] = {}  # folded → (as written, first file)
    unchecked: list[str] = []
    for file in files:
        for row in file.rows:
            if row.campaign:
                named.setdefault(fold(row.campaign), (row.campaign, file.name))
            elif file.name not in unchecked:
                unchecked.append(file.name)
    if len(named) > 1:
        listed = ", ".join(f"“{name}” của chiến dịch “{campaign}”" for campaign, name in
                           named.values())  # fmt: skip
        raise UserError(
            f"Các báo cáo không cùng một chiến dịch ({listed}); chỉ tổng hợp được báo cáo "
            "của cùng một chiến dịch."
        )
    campaign = next(iter(named.values()))[0] if named else ""
    return campaign, tuple(unchecked)


def _check_units(files: list[_File]) -> None:
    """A unit (by name) or a station in two files: one report counted twice."""
    seen: dict[tuple[str, str], str] = {}  # ("unit" or "station", folded) → file
    for file in files:
        own: dict[tuple[str, str], str] = {}  # → the unit to name
        for row in file.rows:
            own.setdefault(("unit", fold(row.unit)), row.unit)
            if row.station:
                own.setdefault(("station", fold(row.station)), row.unit)
        for key, unit in own.items():
            if key in seen:
                raise UserError(
                    f"Đơn vị “{unit}” có trong cả tệp “{seen[key]}” và tệp “{file.name}”; "
                    "mỗi đơn vị chỉ được tổng hợp một lần."
                )
        seen.update(dict.fromkeys(own, file.name))


def _check_span(files: list[_File], day: date) -> date:
    """The first night of the rows; refuses one more than a year before `day`."""
    for file in files:
        first = min(row.day for row in file.rows)
        if (day - first).days >= MAX_NIGHTS:
            raise UserError(
                f"Tệp “{file.name}” có số liệu ngày {first:%d/%m/%Y}, hơn một năm trước ngày "
                f"{day:%d/%m/%Y} của báo cáo; hãy kiểm tra lại ngày trên trang “{DATA_SHEET}”."
            )
    return min(row.day for file in files for row in file.rows)


# Adding up -----------------------------------------------------------------------------


def _unit_rows(rows: list[DataRow]) -> tuple[CountRow, ...]:
    """One row per unit, in the order the files name them."""
    units: dict[str, tuple[str, Counts]] = {}  # folded → (as written, counts)
    for row in rows:
        _, counts = units.setdefault(fold(row.unit), (row.unit, empty_counts()))
        add_counts(counts, row.counts)
    return tuple(CountRow(unit, counts) for unit, counts in units.values())


def _group_rows(
    rows: list[DataRow], units: tuple[CountRow, ...]
) -> tuple[tuple[str, CountRow], ...]:
    """(unit, group) rows: the units in their order, each unit's groups as people count
    them ("Tổ 7" before "Tổ 9", "Tổ 9" before "Tổ 10")."""
    groups: dict[tuple[str, str], tuple[str, Counts]] = {}
    for row in rows:
        key = (fold(row.unit), fold(row.group))
        _, counts = groups.setdefault(key, (row.group, empty_counts()))
        add_counts(counts, row.counts)
    unit_order = {fold(unit.name): index for index, unit in enumerate(units)}
    names = {fold(unit.name): unit.name for unit in units}
    ordered = sorted(
        groups.items(),
        key=lambda item: (unit_order[item[0][0]], counted_sort_key(item[1][0]), item[1][0]),
    )
    return tuple((names[unit], CountRow(group, counts)) for (unit, _), (group, counts) in ordered)


def _night_rows(rows: list[DataRow], night_days: tuple[date, ...]) -> tuple[CountRow, ...]:
    """One row per night (dd/mm, with the year when a day and month would come twice),
    all units together."""
    nights = {night: empty_counts() for night in night_days}
    for row in rows:
        add_counts(nights[row.day], row.counts)
    label = "%d/%m" if len(nights) <= 365 else "%d/%m/%Y"
    return tuple(CountRow(night.strftime(label), counts) for night, counts in nights.items())
