"""The reports as Excel workbooks laid out like the spreadsheets Vietnamese offices
exchange: the agency and national title at the top, a title row, bold bordered headers
frozen and repeated on every printed page, column widths and number formats, totals and
rates as real formulas carrying the values they compute (desktop.reports.excel_formulas),
A4 print setup; one sheet per section. Plus the sheet `Dữ liệu`: plain
values only, one header row of machine keys and one row per (team, group) pair, so a
higher level can add reports together (desktop.services.reporting.consolidation).

Written with openpyxl's write-only workbook: rows stream to disk, so a pending list of
a whole city stays within memory and time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.campaign import COUNT_KEYS, WARD
from desktop.reports.data import (
    CAMPAIGN_DATA,
    COUNT_HEADINGS,
    DATA_COLUMNS,
    CampaignReport,
    ConsolidatedReport,
    CountRow,
    DailyReport,
    DataRow,
    GroupStanding,
    PendingGroup,
    PendingReport,
    Report,
    ReportHeading,
    TargetLine,
)
from desktop.reports.excel_formulas import Formula, formula_cell, ratio
from desktop.reports.official_layout import MOTTO, NATIONAL_TITLE

DATA_SHEET = "Dữ liệu"
FONT_NAME = "Times New Roman"  # what the offices' spreadsheets use; Excel has it
HEADER_ROW = 6  # the title block takes rows 1–5
INTEGER = "#,##0"
PERCENT = "0.0%"
DECIMAL = "#,##0.0"
DATE = "dd/mm/yyyy"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=12)
_BOLD = Font(name=FONT_NAME, size=12, bold=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_ITALIC = Font(name=FONT_NAME, size=12, italic=True)
_HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")

Progress = Callable[[int, int], None]

# A line of 12 pt Times New Roman, in points; and how many column units a character of
# it takes (a unit is the width of "0" in the spreadsheet's default font), capitals and
# bold letters wider. Enough to size rows so that nothing is cut, not to lay text out.
_LINE_HEIGHT = 15.75
_CHAR_UNITS, _CAPITAL_UNITS, _BOLD_FACTOR = 1.0, 1.25, 1.05
# Room the title block's two sides need for one line each (column units).
_NATION_WIDTH, _AGENCY_WIDTH = 50, 30


def _lines(value: Any, width: float, bold: bool = False) -> int:
    """How many lines a wrapped text takes in a column `width` units wide."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(width - 1.0, 1.0)  # the cell's padding
    if len(value) * _CAPITAL_UNITS * _BOLD_FACTOR * 1.04 <= room and "\n" not in value:
        return 1  # short enough whatever its letters (most cells: no counting)
    lines = 0
    for paragraph in value.split("\n"):
        units = sum(_CAPITAL_UNITS if ch.isupper() else _CHAR_UNITS for ch in paragraph)
        units *= _BOLD_FACTOR if bold else 1.0
        lines += max(1, math.ceil(units * 1.04 / room))  # words do not break mid-way
    return lines


def write_report_excel(report: Report, path: Path, on_sheet: Progress | None = None) -> int:
    """Write the report's workbook to `path`; return the number of sheets.

    `on_sheet(done, total)` is called after each sheet (an exception raised there, such
    as Cancel, stops the writing; the caller removes the half-written file).
    """
    workbook = Workbook(write_only=True)
    workbook.calculation.fullCalcOnLoad = True  # Excel and LibreOffice recompute on open
    sheets = _SHEETS[report.kind](report)
    for index, write in enumerate(sheets, start=1):
        write(workbook)
        if on_sheet is not None:
            on_sheet(index, len(sheets))
    workbook.save(path)
    return len(sheets)


# --- One sheet ------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with the office layout: title block, header, rows, totals."""

    def __init__(
        self,
        workbook: Workbook,
        name: str,
        heading: ReportHeading,
        title: str,
        headers: Sequence[str],
        widths: Sequence[float],
        frozen_columns: int = 2,
    ) -> None:
        self.sheet: WriteOnlyWorksheet = workbook.create_sheet(sheet_name(workbook, name))
        self._styles: dict[tuple, Any] = {}
        self.columns = len(headers)
        self.widths = list(widths)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{HEADER_ROW + 1}"
        self.sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        _print_setup(self.sheet, landscape=sum(widths) > 95)
        self.row = 0
        self._column_sums: dict[int, float] = {}  # 1-based column → sum of its data rows
        self._title_block(heading, title)
        self._fit_height([(text, width, True) for text, width in zip(headers, widths, strict=True)])
        self._append([self._cell(text, _BOLD, _CENTRE, fill=_HEAD_FILL) for text in headers])
        self.first_data_row = self.row + 1

    def _cell(
        self,
        value: Any,
        font: Font = _FONT,
        alignment: Alignment | None = None,
        number_format: str | None = None,
        fill: PatternFill | None = None,
        border: bool = True,
    ) -> WriteOnlyCell:
        if isinstance(value, Formula):
            cell = formula_cell(self.sheet, value)
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text from people ("=1+1" as a name) is never a formula
        key = (id(font), id(alignment), number_format, id(fill), border)
        style = self._styles.get(key)
        if style is None:
            # Setting a style looks it up in the workbook's tables (slow for 100,000
            # cells): do it once per combination and copy the result.
            cell.font = font
            if alignment is not None:
                cell.alignment = alignment
            if number_format:
                cell.number_format = number_format
            if fill is not None:
                cell.fill = fill
            if border:
                cell.border = _BORDER
            style = self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)
        return cell

    def _append(self, cells: list) -> None:
        self.sheet.append(cells)
        self.row += 1

    def _fit_height(self, texts: Sequence[tuple[Any, float, bool]]) -> None:
        """Give the next row the height of its tallest wrapped cell: (value, width in
        column units, bold) each. Spreadsheets do not grow a row for wrapped text they
        did not lay out themselves, and LibreOffice cut such rows to one line."""
        lines = max((_lines(text, width, bold) for text, width, bold in texts), default=1)
        if lines > 1:
            self.sheet.row_dimensions[self.row + 1].height = lines * _LINE_HEIGHT

    def _width(self, first: int, last: int) -> float:
        """Column units from column `first` to `last` (1-based, both included)."""
        return sum(self.widths[first - 1 : last])

    def _merged(self, text: str, font: Font, first: int, last: int) -> list:
        """A row with `text` in column `first`, merged up to `last` (1-based)."""
        cells: list = [None] * (first - 1)
        cells.append(self._cell(text, font, _CENTRE, border=False))
        if last > first:
            self.sheet.merged_cells.add(
                f"{get_column_letter(first)}{self.row + 1}:{get_column_letter(last)}{self.row + 1}"
            )
        return cells

    def _title_block(self, heading: ReportHeading, title: str) -> None:
        settings = heading.settings
        split = self._title_split()  # agency at the left, nation at the right
        left_width, right_width = self._width(1, split), self._width(split + 1, self.columns)
        for left_text, left_font, right_text in (
            (settings.parent_agency.upper(), _FONT, NATIONAL_TITLE),
            (settings.issuing_agency.upper(), _BOLD, MOTTO),
        ):
            self._fit_height([(left_text, left_width, True), (right_text, right_width, True)])
            left = self._merged(left_text, left_font, 1, split)
            right = self._merged(right_text, _BOLD, split + 1, self.columns)
            self._append(left + [None] * (split - len(left)) + right[split:])
        self._append([])
        whole = self._width(1, self.columns)
        self._fit_height([(title.upper(), whole * 0.85, True)])  # 14 pt
        self._append(self._merged(title.upper(), _TITLE, 1, self.columns))
        self._fit_height([(heading.subject, whole, False)])
        self._append(self._merged(heading.subject, _ITALIC, 1, self.columns))

    def _title_split(self) -> int:
        """The last column of the agency's block: the first that leaves the nation's
        title room for one line, else half the columns."""
        for split in range(2, self.columns):
            if self._width(split + 1, self.columns) < _NATION_WIDTH:
                break
            if self._width(1, split) >= _AGENCY_WIDTH:
                return split
        return max(2, self.columns // 2 - 1)

    def data(
        self,
        values: Sequence[Any],
        formats: Sequence[str | None],
        bold: bool = False,
        spans: dict[int, int] | None = None,
    ):
        """A bordered row: text at the left, numbers at the right with their format.
        `spans` merges cells: {first column: last column} (1-based)."""
        font = _BOLD if bold else _FONT
        fill = _TOTAL_FILL if bold else None
        spans = spans or {}
        pairs = enumerate(zip(values, formats, strict=True), start=1)
        self._fit_height(
            [
                (value, self._width(column, spans.get(column, column)), bold)
                for column, (value, number_format) in pairs
                if number_format is None and isinstance(value, str)
            ]
        )
        for first, last in spans.items():
            self.sheet.merged_cells.add(
                f"{get_column_letter(first)}{self.row + 1}:{get_column_letter(last)}{self.row + 1}"
            )
        cells = []
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), 1):
            numeric = number_format is not None
            cells.append(self._cell(value, font, _RIGHT if numeric else _LEFT, number_format, fill))
            amount = value.cached if isinstance(value, Formula) else value
            if isinstance(amount, int | float) and not isinstance(amount, bool):
                self._column_sums[column] = self._column_sums.get(column, 0) + amount
        self._append(cells)

    def total(
        self,
        label_column: int,
        label: str,
        sums: Sequence[int],
        formats: Sequence[str | None],
        rates: dict[int, tuple[int, int]] | None = None,
    ) -> int:
        """The total row: SUM formulas over the data rows in the columns `sums` (1-based)
        and `rates` ({column: (numerator column, denominator column)}, the rate of this
        row's totals, not a sum of rates); returns its number."""
        first, last = self.first_data_row, self.row
        row = self.row + 1
        values: list[Any] = [""] * self.columns
        values[label_column - 1] = label
        for column in sums:
            letter = get_column_letter(column)
            total = self._column_sums.get(column, 0)
            values[column - 1] = (
                Formula(f"=SUM({letter}{first}:{letter}{last})", total) if last >= first else 0
            )
        for column, (numerator, denominator) in (rates or {}).items():
            values[column - 1] = rate_formula(
                row,
                numerator,
                denominator,
                self._column_sums.get(numerator, 0),
                self._column_sums.get(denominator, 0),
            )
        cells = []
        for index, value in enumerate(values):
            number_format = formats[index]
            alignment = _RIGHT if number_format else _LEFT
            cells.append(self._cell(value, _BOLD, alignment, number_format, _TOTAL_FILL))
        self._append(cells)
        return row

    def note(self, text: str) -> None:
        """A line of text under the table, merged across it."""
        self._append([])
        self._fit_height([(text, self._width(1, self.columns), False)])
        self._append(
            [self._cell(text, _ITALIC, Alignment(wrap_text=True, vertical="top"), border=False)]
        )
        self.sheet.merged_cells.add(f"A{self.row}:{get_column_letter(self.columns)}{self.row}")


def rate_formula(
    row: int, numerator: int, denominator: int, numerator_value: float, denominator_value: float
) -> Formula:
    """`=IF(N(D7)=0,"",E7/D7)`: the rate of two columns of a row, blank when nothing is
    due (columns 1-based), with the value it computes."""
    top, bottom = get_column_letter(numerator), get_column_letter(denominator)
    return Formula(
        f'=IF(N({bottom}{row})=0,"",{top}{row}/{bottom}{row})',
        ratio(numerator_value, denominator_value),
    )


def _print_setup(sheet: WriteOnlyWorksheet, landscape: bool) -> None:
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right = 0.8, 0.5
    sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.6


_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(workbook: Workbook, name: str) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
    base = _FORBIDDEN.sub("-", name).strip("'")[:31] or "Trang"
    taken = {title.lower() for title in workbook.sheetnames}
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    return candidate


# --- Tables shared by the reports -----------------------------------------------------

_COUNT_WIDTHS = [6, 26, *([11] * len(COUNT_KEYS))]


def _count_sheet(
    heading: ReportHeading,
    name: str,
    title: str,
    first: str,
    rows: Sequence[CountRow],
    notes: Sequence[str] = (),
    days: Sequence[date] | None = None,
) -> Callable[[Workbook], None]:
    """A count table, one row per team, group, unit or night; `days`: the rows are
    nights, written as real dates (a spreadsheet sorts and filters them as dates)."""

    def write(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            name,
            heading,
            title,
            ["STT", first, *(COUNT_HEADINGS[key] for key in COUNT_KEYS)],
            _COUNT_WIDTHS,
        )
        formats = [None, None, *([INTEGER] * len(COUNT_KEYS))]
        first_format = DATE if days is not None else None
        for index, row in enumerate(rows, start=1):
            first_value = days[index - 1] if days is not None else row.name
            sheet.data([index, first_value, *(row.counts[key] for key in COUNT_KEYS)],
                       ["0", first_format, *([INTEGER] * len(COUNT_KEYS))])  # fmt: skip
        sheet.total(2, "Tổng cộng", range(3, 3 + len(COUNT_KEYS)), formats)
        for text in notes:
            sheet.note(text)

    return write


def _cumulative_sheet(
    heading: ReportHeading, cumulative: dict[str, int], targets: Sequence[TargetLine], title: str
) -> Callable[[Workbook], None]:
    ward_targets = {line.service: line for line in targets if line.level == WARD}

    def write(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            "Lũy kế - chỉ tiêu",
            heading,
            title,
            ["STT", "Nội dung", "Lũy kế", "Chỉ tiêu", "Tỷ lệ đạt", "Bình quân/đêm", "Dự kiến đạt"],
            [6, 34, 13, 13, 12, 14, 16],
        )
        for index, key in enumerate(COUNT_KEYS, start=1):
            line = ward_targets.get(key)
            row = sheet.row + 1
            sheet.data(
                [
                    index,
                    COUNT_HEADINGS[key],
                    cumulative[key],
                    line.target if line else None,
                    rate_formula(row, 3, 4, cumulative[key], line.target if line else 0),
                    round(line.per_night, 2) if line else None,
                    line.projected_on if line else None,
                ],
                ["0", None, INTEGER, INTEGER, PERCENT, DECIMAL, DATE],
            )

    return write


def _targets_sheet(
    heading: ReportHeading, targets: Sequence[TargetLine], title: str
) -> Callable[[Workbook], None]:
    def write(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            "Chỉ tiêu",
            heading,
            title,
            ["STT", "Đơn vị giao", "Nội dung", "Chỉ tiêu", "Lũy kế", "Tỷ lệ đạt", "Còn lại",
             "Bình quân/đêm", "Cần mỗi đêm", "Dự kiến đạt"],
            [6, 24, 24, 11, 11, 11, 11, 13, 13, 14],
            frozen_columns=3,
        )  # fmt: skip
        for index, line in enumerate(targets, start=1):
            row = sheet.row + 1
            sheet.data(
                [
                    index,
                    line.scope,
                    line.label,
                    line.target,
                    line.done,
                    rate_formula(row, 5, 4, line.done, line.target),
                    Formula(f"=MAX(0,D{row}-E{row})", max(0, line.target - line.done)),
                    round(line.per_night, 2),
                    round(line.needed_per_night, 2) if line.needed_per_night is not None else None,
                    line.projected_on,
                ],
                ["0", None, None, INTEGER, INTEGER, PERCENT, INTEGER, DECIMAL, DECIMAL, DATE],
            )

    return write


def _standings_sheet(
    heading: ReportHeading, standings: Sequence[GroupStanding], title: str
) -> Callable[[Workbook], None]:
    def write(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            "Tình hình tổ dân phố",
            heading,
            title,
            ["STT", "Tổ dân phố", "Số hộ", "Người từ 14 tuổi", "Đã có mức 2", "Tỷ lệ mức 2",
             "Còn phải thu hồ sơ mức 2", "Còn phải cài 114", "Hộ chưa đến"],
            [6, 22, 11, 13, 13, 12, 15, 13, 12],
        )  # fmt: skip
        formats = [None, None, INTEGER, INTEGER, INTEGER, PERCENT, INTEGER, INTEGER, INTEGER]
        for index, s in enumerate(standings, start=1):
            row = sheet.row + 1
            sheet.data(
                [index, s.name, s.households, s.adults, s.level2,
                 rate_formula(row, 5, 4, s.level2, s.adults), s.pending_level2, s.pending_app_114,
                 s.households_not_visited],
                ["0", *formats[1:]],
            )  # fmt: skip
        # The ward's rate is the total's, not the sum of the groups' rates.
        sheet.total(2, "Tổng cộng", (3, 4, 5, 7, 8, 9), formats, rates={6: (5, 4)})

    return write


def _data_sheet(rows: Sequence[DataRow]) -> Callable[[Workbook], None]:
    """`Dữ liệu`: the header of machine keys in row 1, then plain values only."""

    def write(workbook: Workbook) -> None:
        sheet = workbook.create_sheet(DATA_SHEET)
        widths = [28, 16, 22, 12, *([10] * len(COUNT_KEYS)), 28, 34, 10, 12]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append(list(DATA_COLUMNS))
        for row in rows:
            values = row.values()
            sheet.append([_plain(sheet, value) for value in values])

    return write


def _plain(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _remarks_sheet(heading: ReportHeading, remarks: str) -> Callable[[Workbook], None]:
    def write(workbook: Workbook) -> None:
        # Two columns for the text, so that the title block has a right side of its own
        # (with one, the nation's title and the motto had no column and fell apart).
        sheet = _Sheet(workbook, "Nhận xét", heading, "Nhận xét, đề xuất",
                       ["STT", "Nội dung", ""], [6, 34, 76], frozen_columns=0)  # fmt: skip
        sheet.sheet.merged_cells.add(f"B{sheet.row}:C{sheet.row}")
        for index, line in enumerate(remarks.splitlines() or ["Không có nhận xét thêm."], 1):
            sheet.data([index, line, None], ["0", None, None], spans={2: 3})

    return write


# --- The reports ----------------------------------------------------------------------


def _daily_sheets(report: DailyReport) -> list[Callable[[Workbook], None]]:
    heading, night = report.heading, f"đêm {report.day:%d/%m/%Y}"
    sheets = [
        _count_sheet(heading, "Theo tổ công tác", f"Kết quả theo tổ công tác {night}",
                     "Tổ công tác", report.teams),
        _count_sheet(heading, "Theo tổ dân phố", f"Kết quả theo tổ dân phố {night}",
                     "Tổ dân phố", report.groups),
        _cumulative_sheet(heading, report.cumulative, report.targets,
                          f"Kết quả lũy kế đến hết {night}"),
        _standings_sheet(heading, report.standings, f"Tình hình các tổ dân phố {night}"),
    ]  # fmt: skip
    if report.targets:
        sheets.append(_targets_sheet(heading, report.targets, f"Tiến độ chỉ tiêu đến hết {night}"))
    sheets.append(_remarks_sheet(heading, report.remarks))
    sheets.append(_data_sheet(report.data_rows))
    return sheets


def _campaign_sheets(report: CampaignReport) -> list[Callable[[Workbook], None]]:
    heading, upto = report.heading, f"đến hết đêm {report.day:%d/%m/%Y}"
    sheets = [
        _cumulative_sheet(heading, report.total, report.targets, f"Kết quả chung {upto}"),
        _count_sheet(heading, "Theo tổ dân phố", f"Kết quả theo tổ dân phố {upto}",
                     "Tổ dân phố", report.groups),
        _standings_sheet(heading, report.standings, f"Tình hình các tổ dân phố {upto}"),
        _count_sheet(heading, "Theo ngày", f"Kết quả theo từng đêm {upto}", "Đêm",
                     report.nights, days=report.night_days),
        _count_sheet(heading, "Theo tổ công tác", f"Kết quả theo tổ công tác {upto}",
                     "Tổ công tác", report.teams),
    ]  # fmt: skip
    if report.targets:
        sheets.append(_targets_sheet(heading, report.targets, f"Tiến độ chỉ tiêu {upto}"))
    sheets.append(_data_sheet(report.data_rows))
    return sheets


def _pending_sheets(report: PendingReport) -> list[Callable[[Workbook], None]]:
    heading = report.heading

    def summary(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            "Tổng hợp",
            heading,
            f"Số người còn phải làm đến ngày {report.on:%d/%m/%Y}",
            ["STT", "Tổ dân phố", "Số hộ", "Số người"],
            [6, 30, 26, 26],
        )  # fmt: skip  (the title block needs the width)
        for index, group in enumerate(report.groups, start=1):
            sheet.data([index, group.name, group.households, group.count],
                       ["0", None, INTEGER, INTEGER])  # fmt: skip
        sheet.total(2, "Tổng cộng", (3, 4), [None, None, INTEGER, INTEGER])
        sheet.note("Số định danh cá nhân chỉ ghi 4 chữ số cuối.")

    return [summary, *(_pending_group_sheet(heading, group, report.on) for group in report.groups)]


def _pending_group_sheet(
    heading: ReportHeading, group: PendingGroup, on: date
) -> Callable[[Workbook], None]:
    def write(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            group.name,
            heading,
            f"Danh sách còn phải làm – {group.name} (đến ngày {on:%d/%m/%Y})",
            ["STT", "Họ và tên", "Năm sinh", "Số ĐDCN", "Mã hộ", "Địa chỉ", "Chủ hộ",
             "Còn phải làm", "Lý do"],
            [6, 24, 9, 15, 16, 30, 22, 30, 34],
        )  # fmt: skip
        formats = ["0", None, "0", None, None, None, None, None, None]
        for index, person in enumerate(group.people, start=1):
            sheet.data(
                [index, person.full_name, person.birth_year, person.masked_id,
                 person.household_code, person.address, person.head_name,
                 "; ".join(person.services), person.reason],
                formats,
            )  # fmt: skip

    return write


def _consolidated_sheets(report: ConsolidatedReport) -> list[Callable[[Workbook], None]]:
    heading = report.heading
    campaign = report.report == CAMPAIGN_DATA
    when = f"đến hết ngày {report.day:%d/%m/%Y}" if campaign else f"ngày {report.day:%d/%m/%Y}"

    def by_group(workbook: Workbook) -> None:
        sheet = _Sheet(
            workbook,
            "Theo tổ dân phố",
            heading,
            f"Kết quả theo tổ dân phố của từng đơn vị {when}",
            ["STT", "Đơn vị", "Tổ dân phố", *(COUNT_HEADINGS[key] for key in COUNT_KEYS)],
            [6, 28, 16, *([11] * len(COUNT_KEYS))],
            frozen_columns=3,
        )
        formats = [None, None, None, *([INTEGER] * len(COUNT_KEYS))]
        for index, (unit, row) in enumerate(report.groups, start=1):
            sheet.data([index, unit, row.name, *(row.counts[key] for key in COUNT_KEYS)],
                       ["0", *formats[1:]])  # fmt: skip
        sheet.total(2, "Tổng cộng", range(4, 4 + len(COUNT_KEYS)), formats)

    sheets = [
        _count_sheet(heading, "Theo đơn vị", f"Kết quả theo đơn vị {when}", "Đơn vị",
                     report.units, report.notes),
        by_group,
    ]  # fmt: skip
    if campaign:
        sheets.append(
            _count_sheet(heading, "Theo ngày", f"Kết quả của các đơn vị theo từng đêm {when}",
                         "Đêm", report.nights, days=report.night_days)
        )  # fmt: skip
    sheets.append(_data_sheet(report.data_rows))
    return sheets


_SHEETS: dict[str, Callable[[Any], list[Callable[[Workbook], None]]]] = {
    "daily": _daily_sheets,
    "campaign": _campaign_sheets,
    "pending": _pending_sheets,
    "consolidated": _consolidated_sheets,
}
