"""The reports as official PDF documents (Nghị định 30/2020/NĐ-CP layout, see
desktop.reports.official_layout): the daily report, the campaign report, the pending
list and the consolidated report, each a body of paragraphs, tables whose header comes
back on every page, and charts. Fed by the plain data of desktop.services.reporting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.campaign import COUNT_KEYS, WARD
from desktop.domain.numbers import decimal, number
from desktop.reports.data import (
    CAMPAIGN_DATA,
    COUNT_HEADINGS,
    COUNT_WORDS,
    CampaignReport,
    ConsolidatedReport,
    CountRow,
    Counts,
    DailyReport,
    GroupStanding,
    PendingGroup,
    PendingReport,
    Report,
    ReportHeading,
    TargetLine,
)
from desktop.reports.fonts import register_fonts
from desktop.reports.official_layout import (
    TABLE_SIZE,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    OfficialHeading,
    build_document,
    paragraph,
    serif,
    styles,
)
from desktop.reports.paged_table import Column, PagedTable, TableLook
from desktop.reports.progress_chart import group_progress_chart, nightly_chart
from desktop.reports.report_text import percent, short_date

_GRID = colors.HexColor("#333333")
_HEAD_FILL = colors.HexColor("#e6e6e6")
_TOTAL_FILL = colors.HexColor("#f2f2f2")
_ROMAN = ("I", "II", "III", "IV", "V", "VI")
_ROWS_PER_PAGE = 32  # for the progress estimate only
_HEADING_ROOM = 40 * mm  # below a heading, or it starts the next page


def write_report_pdf(
    report: Report, target: str | BinaryIO, on_page: Callable[[int, int], None] | None = None
) -> int:
    """Write the report as an official PDF to `target` (path or binary stream); return
    the number of pages. `on_page(page, estimated_pages)` follows the layout; an
    exception raised there (Cancel) stops it."""
    register_fonts()  # before the first Paragraph: it resolves its font when made
    body = _BODIES[report.kind](report)
    estimate = _estimated_pages(report, body)
    callback = (lambda page: on_page(page, max(estimate, page + 1))) if on_page else None
    return build_document(target, official_heading(report.heading), body, callback)


def official_heading(heading: ReportHeading) -> OfficialHeading:
    settings = heading.settings
    return OfficialHeading(
        parent_agency=settings.parent_agency,
        issuing_agency=settings.issuing_agency,
        number=settings.number_text(heading.issued_on),
        place=settings.place,
        issued_on=heading.issued_on,
        title=heading.title,
        subject=heading.subject,
        addressee=settings.addressee if heading.addressed else "",
        signer_title=settings.signer_title,
        signer_name=settings.signer_name,
        recipients=settings.recipient_lines,
        document_title=heading.file_title,
    )


def _estimated_pages(report: Report, body: Sequence[Flowable]) -> int:
    """Pages to expect, for the progress bar: a list from the heights of a sample of
    its rows, the reports from their rows."""
    lists = [flowable for flowable in body if isinstance(flowable, PagedTable)]
    if lists:
        return 1 + round(sum(table.estimated_pages(TEXT_HEIGHT) for table in lists))
    rows = {
        "daily": lambda r: len(r.teams) + len(r.groups) + len(r.targets) + 40,
        "campaign": lambda r: len(r.groups) * 2 + len(r.nights) + len(r.targets) + 60,
        "pending": lambda r: 2 * len(r.groups),  # a group with nobody left
        "consolidated": lambda r: len(r.units) + len(r.groups) + len(r.nights) + 20,
    }[report.kind](report)
    return 1 + rows // _ROWS_PER_PAGE


# --- Building blocks ------------------------------------------------------------------


def _section(index: int, title: str) -> list[Flowable]:
    """A numbered section heading, never left alone at the foot of a page."""
    return [CondPageBreak(_HEADING_ROOM), paragraph(f"{_ROMAN[index]}. {title.upper()}",
                                                    styles()["heading"])]  # fmt: skip


def _sub(text: str) -> list[Flowable]:
    return [CondPageBreak(_HEADING_ROOM), paragraph(text, styles()["subheading"])]


def _text(text: str) -> Paragraph:
    return paragraph(text, styles()["body"])


# Left plus right padding of a table cell, in points.
_CELL_PADDING = 6


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float],
    numeric_from: int,
    total: Sequence[str] | None = None,
) -> Table:
    """A bordered table with a bold header repeated on every page, numbers at the right
    from column `numeric_from`, and a bold total row at the end: the count tables of
    a report, tens of rows (the pending list's thousands are a PagedTable).

    The columns before `numeric_from` become paragraphs that wrap, and only where the
    text is wider than its column; the rest stay plain strings, which lay out several
    times faster.
    """
    sheet = styles()
    head = [paragraph(text, sheet["head"]) for text in header]
    wrapping = set(range(min(numeric_from, len(header))))
    room = [width - _CELL_PADDING for width in widths]

    def cells(values: Sequence[str | Flowable], bold: bool) -> list:
        style = sheet["cell_bold"] if bold else sheet["cell"]
        font = serif(bold)
        return [
            paragraph(value, style)
            if isinstance(value, str)
            and index in wrapping
            and ("\n" in value or stringWidth(value, font, TABLE_SIZE) > room[index])
            else value  # a string that fits, or a paragraph already made
            for index, value in enumerate(values)
        ]

    data = [head, *(cells(row, False) for row in rows)]
    if total is not None:
        data.append(cells(total, True))
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 1), (-1, -1), serif(), TABLE_SIZE, TABLE_SIZE * 1.18),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if numeric_from < len(header):
        style.append(("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"))
    if total is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), _TOTAL_FILL))
        style.append(("FONT", (0, -1), (-1, -1), serif(True), TABLE_SIZE, TABLE_SIZE * 1.18))
    return LongTable(data, colWidths=list(widths), repeatRows=1, style=TableStyle(style))


def _count_table(
    first_heading: str, rows: Sequence[CountRow], total: Counts, keys=COUNT_KEYS
) -> Table:
    """STT, a name and the counts, with the total row ("Tổng cộng")."""
    numeric = 14.2 * mm
    widths = [9 * mm, TEXT_WIDTH - 9 * mm - numeric * len(keys), *([numeric] * len(keys))]
    body = [
        [str(index), row.name, *(number(row.counts[key]) for key in keys)]
        for index, row in enumerate(rows, start=1)
    ]
    return _table(
        ["STT", first_heading, *(COUNT_HEADINGS[key] for key in keys)],
        body,
        widths,
        numeric_from=2,
        total=["", "Tổng cộng", *(number(total[key]) for key in keys)],
    )


def _counts_sentence(counts: Counts) -> str:
    """ "cài đặt VNeID cho 12 người, thu nhận 30 hồ sơ …" (services only)."""
    parts = [f"{number(counts[key])} {COUNT_WORDS[key]}" for key in COUNT_KEYS[2:]]
    return "; ".join(parts)


def _cumulative_table(cumulative: Counts, targets: Sequence[TargetLine]) -> Table:
    """Every count since the first night, with the ward's target where there is one."""
    ward_targets = {line.service: line for line in targets if line.level == WARD}
    rows = []
    for key in COUNT_KEYS:
        line = ward_targets.get(key)
        rows.append(
            [
                COUNT_HEADINGS[key],
                number(cumulative[key]),
                number(line.target) if line else "—",
                percent(line.percent) if line else "—",
                decimal(line.per_night) if line else "—",
                _projection(line) if line else "—",
            ]
        )
    widths = [48 * mm, 22 * mm, 22 * mm, 20 * mm, 23 * mm, TEXT_WIDTH - 135 * mm]
    return _table(
        ["Nội dung", "Lũy kế", "Chỉ tiêu", "Tỷ lệ đạt", "Bình quân/đêm", "Dự kiến đạt chỉ tiêu"],
        rows,
        widths,
        numeric_from=1,
    )


def _projection(line: TargetLine) -> str:
    if line.reached:
        return f"Đã đạt ({short_date(line.projected_on)})"
    return short_date(line.projected_on) if line.projected_on else "Chưa ước tính được"


def _other_targets_table(targets: Sequence[TargetLine]) -> Table | None:
    others = [line for line in targets if line.level != WARD]
    if not others:
        return None
    rows = [
        [
            line.scope,
            line.label,
            number(line.target),
            number(line.done),
            percent(line.percent),
            _projection(line),
        ]
        for line in others
    ]
    widths = [34 * mm, 38 * mm, 19 * mm, 19 * mm, 19 * mm, TEXT_WIDTH - 129 * mm]
    return _table(
        ["Đơn vị giao", "Nội dung", "Chỉ tiêu", "Lũy kế", "Tỷ lệ đạt", "Dự kiến đạt"],
        rows,
        widths,
        numeric_from=2,
    )


def _standings_chart(standings: Sequence[GroupStanding]) -> list[Flowable]:
    adults = sum(s.adults for s in standings)
    level2 = sum(s.level2 for s in standings)
    chart = group_progress_chart(
        [s.name for s in standings],
        [s.percent for s in standings],
        100.0 * level2 / adults if adults else None,
        TEXT_WIDTH,
    )
    caption = paragraph(
        "Biểu đồ: Tỷ lệ người từ 14 tuổi trở lên đã có định danh điện tử mức 2, theo tổ dân phố",
        styles()["caption"],
    )
    return [KeepTogether([Spacer(1, 3 * mm), chart, caption]), Spacer(1, 3 * mm)]


def _standings_table(standings: Sequence[GroupStanding]) -> Table:
    rows = [
        [
            s.name,
            number(s.households),
            number(s.adults),
            number(s.level2),
            percent(s.percent),
            number(s.pending_level2),
            number(s.pending_app_114),
            number(s.households_not_visited),
        ]
        for s in standings
    ]
    adults = sum(s.adults for s in standings)
    level2 = sum(s.level2 for s in standings)
    total = [
        "Tổng cộng",
        number(sum(s.households for s in standings)),
        number(adults),
        number(level2),
        percent(100.0 * level2 / adults if adults else 0.0),
        number(sum(s.pending_level2 for s in standings)),
        number(sum(s.pending_app_114 for s in standings)),
        number(sum(s.households_not_visited for s in standings)),
    ]
    numeric = 17.5 * mm
    widths = [TEXT_WIDTH - 7 * numeric, *([numeric] * 7)]
    return _table(
        [
            "Tổ dân phố",
            "Số hộ",
            "Người từ 14 tuổi",
            "Đã có mức 2",
            "Tỷ lệ mức 2",
            "Còn phải thu hồ sơ mức 2",
            "Còn phải cài 114",
            "Hộ chưa đến",
        ],
        rows,
        widths,
        numeric_from=1,
        total=total,
    )


def _closing_sentence(heading: ReportHeading, what: str) -> Paragraph:
    settings = heading.settings
    to = (
        f" để {settings.addressee} nắm, chỉ đạo" if heading.addressed and settings.addressee else ""
    )
    return _text(f"Trên đây là {what} của {settings.issuing_agency}, báo cáo{to}./.")


# --- Daily report ---------------------------------------------------------------------


def _daily_body(report: DailyReport) -> list[Flowable]:
    total = report.total
    teams_out = sum(1 for row in report.teams if row.counts["households_visited"])
    story: list[Flowable] = [
        *_section(0, f"Kết quả đêm {report.day:%d/%m/%Y}"),
        _text(
            f"Thực hiện {report.campaign_name}, đêm {report.day:%d/%m/%Y} (đêm thứ "
            f"{report.night_number} của chiến dịch), {teams_out} tổ công tác đã đến "
            f"{number(total['households_visited'])} hộ, gặp {number(total['residents_met'])} "
            f"người. Kết quả: {_counts_sentence(total)}."
        ),
        *_sub("1. Kết quả theo tổ công tác"),
        _count_table("Tổ công tác", report.teams, total),
        Spacer(1, 4 * mm),
        *_sub("2. Kết quả theo tổ dân phố"),
        _count_table("Tổ dân phố", report.groups, total),
        Spacer(1, 4 * mm),
        *_section(1, "Kết quả lũy kế từ đầu chiến dịch"),
        _text(
            f"Từ ngày {report.starts_on:%d/%m/%Y} đến hết đêm {report.day:%d/%m/%Y} "
            f"({report.night_number} đêm; chiến dịch còn {report.nights_left} đêm đến "
            f"{report.ends_on:%d/%m/%Y}), lũy kế đã đến "
            f"{number(report.cumulative['households_visited'])} hộ, gặp "
            f"{number(report.cumulative['residents_met'])} người; "
            f"{_counts_sentence(report.cumulative)}."
        ),
        _cumulative_table(report.cumulative, report.targets),
    ]
    others = _other_targets_table(report.targets)
    if others is not None:
        story += [Spacer(1, 3 * mm), *_sub("Chỉ tiêu giao cho tổ dân phố, tổ công tác"), others]
    story += _standings_chart(report.standings)
    story += [*_section(2, "Nhận xét, đề xuất")]
    remarks = report.remarks.splitlines() or ["Không có nhận xét thêm."]
    story += [_text(line) for line in remarks if line.strip()]
    story.append(_closing_sentence(report.heading, f"báo cáo kết quả đêm {report.day:%d/%m/%Y}"))
    return story


# --- Campaign report ------------------------------------------------------------------


def _campaign_body(report: CampaignReport) -> list[Flowable]:
    story: list[Flowable] = [
        *_section(0, "Kết quả chung"),
        _text(
            f"Thực hiện {report.campaign_name} ({report.starts_on:%d/%m/%Y}–"
            f"{report.ends_on:%d/%m/%Y}), qua {report.night_number} đêm đến hết đêm "
            f"{report.day:%d/%m/%Y}, các tổ công tác đã đến "
            f"{number(report.total['households_visited'])} lượt hộ, gặp "
            f"{number(report.total['residents_met'])} người. Kết quả: "
            f"{_counts_sentence(report.total)}."
        ),
        _cumulative_table(report.total, report.targets),
    ]
    story += [
        Spacer(1, 3 * mm),
        *_section(1, "Kết quả theo tổ dân phố"),
        *_sub("1. Kết quả lũy kế theo tổ dân phố"),
        _count_table("Tổ dân phố", report.groups, report.total),
        Spacer(1, 3 * mm),
        *_sub("2. Tình hình từng tổ dân phố và những việc còn lại"),
        _standings_table(report.standings),
        *_standings_chart(report.standings),
        *_section(2, "Kết quả theo ngày và xu hướng"),
        _count_table("Đêm", report.nights, report.total),
        Spacer(1, 3 * mm),
        *_nightly(report),
        *(_text(_trend_sentence(trend)) for trend in report.trends if trend.average),
        *_section(3, "Dự kiến và những việc còn lại"),
        *_remaining(report),
        *_sub("Kết quả lũy kế theo tổ công tác"),
        _count_table("Tổ công tác", report.teams, report.total),
        Spacer(1, 3 * mm),
        _closing_sentence(
            report.heading, f"báo cáo kết quả chiến dịch đến hết đêm {report.day:%d/%m/%Y}"
        ),
    ]
    return story


def _nightly(report: CampaignReport) -> list[Flowable]:
    series = [
        (COUNT_HEADINGS[key], [row.counts[key] for row in report.nights])
        for key in ("level2_collected", "level2_activated")
    ]
    chart = nightly_chart([row.name for row in report.nights], series, TEXT_WIDTH)
    caption = paragraph(
        "Biểu đồ: Hồ sơ mức 2 thu nhận và tài khoản mức 2 kích hoạt theo từng đêm",
        styles()["caption"],
    )
    return [KeepTogether([chart, caption]), Spacer(1, 2 * mm)]


def _trend_sentence(trend) -> str:
    text = f"{trend.label}: bình quân {decimal(trend.average)}/đêm"
    if trend.earlier_average is None:
        return text + "."
    return (
        f"{text}; {trend.recent_nights} đêm gần nhất bình quân {decimal(trend.recent_average)}"
        f"/đêm, {trend.direction} so với các đêm trước ({decimal(trend.earlier_average)}/đêm)."
    )


def _remaining(report: CampaignReport) -> list[Flowable]:
    """The ward's targets in sentences, the groups' and teams' in a table, then what
    is left to do on the ground."""
    story: list[Flowable] = []
    if not report.targets:
        story.append(_text("Chiến dịch chưa giao chỉ tiêu."))
    for line in (line for line in report.targets if line.level == WARD):
        story.append(_text(_target_sentence(line, report.nights_left)))
    others = [line for line in report.targets if line.level != WARD]
    if others:
        story += [*_sub("Chỉ tiêu giao cho tổ dân phố, tổ công tác"), _remaining_table(others)]
        story.append(Spacer(1, 3 * mm))
    pending_level2 = sum(s.pending_level2 for s in report.standings)
    pending_114 = sum(s.pending_app_114 for s in report.standings)
    not_visited = sum(s.households_not_visited for s in report.standings)
    story.append(
        _text(
            f"Trên địa bàn còn {number(pending_level2)} người từ 14 tuổi chưa có hồ sơ định "
            f"danh điện tử mức 2, {number(pending_114)} người chưa cài đặt ứng dụng Báo cháy "
            f"114 và {number(not_visited)} hộ chưa được đến trong chiến dịch (chi tiết theo "
            "tổ dân phố ở mục II)."
        )
    )
    return story


def _target_sentence(line: TargetLine, nights_left: int) -> str:
    if line.reached:
        return (
            f"- {line.label}: đã đạt chỉ tiêu ({number(line.done)}/{number(line.target)}) "
            f"ngày {short_date(line.projected_on)}."
        )
    needed = (
        f", mỗi đêm cần bình quân {decimal(line.needed_per_night)}"
        if line.needed_per_night is not None and nights_left
        else ""
    )
    projected = (
        f"; với nhịp độ hiện nay ({decimal(line.per_night)}/đêm) dự kiến đạt ngày "
        f"{short_date(line.projected_on)}"
        if line.projected_on
        else "; chưa có kết quả để ước tính ngày đạt"
    )
    return (
        f"- {line.label}: đạt {number(line.done)}/{number(line.target)} "
        f"({percent(line.percent)}), còn {number(line.remaining)} trong {nights_left} đêm "
        f"còn lại{needed}{projected}."
    )


def _remaining_table(lines: Sequence[TargetLine]) -> Table:
    rows = [
        [
            line.scope,
            line.label,
            number(line.target),
            number(line.done),
            number(line.remaining),
            decimal(line.needed_per_night) if line.needed_per_night is not None else "—",
            _projection(line),
        ]
        for line in lines
    ]
    widths = [32 * mm, 32 * mm, 17 * mm, 17 * mm, 17 * mm, 20 * mm, TEXT_WIDTH - 135 * mm]
    return _table(
        ["Đơn vị giao", "Nội dung", "Chỉ tiêu", "Lũy kế", "Còn lại", "Cần mỗi đêm",
         "Dự kiến đạt"],
        rows,
        widths,
        numeric_from=2,
    )  # fmt: skip


# --- Pending list ---------------------------------------------------------------------


def _pending_body(report: PendingReport) -> list[Flowable]:
    households = sum(group.households for group in report.groups)
    by_service = ", ".join(
        f"{label}: {number(count)} người" for label, count in report.service_totals.items()
    )
    story: list[Flowable] = [
        _text(
            f"Tính đến ngày {report.on:%d/%m/%Y}, trên địa bàn {len(report.groups)} tổ dân phố "
            f"còn {number(report.people)} người ở {number(households)} hộ cần được hỗ trợ"
            + (f" ({by_service})" if by_service else "")
            + ". Số định danh cá nhân chỉ in 4 chữ số cuối."
        )
    ]
    columns = _pending_columns(report)
    for index, group in enumerate(report.groups, start=1):
        story.extend(
            _sub(
                f"{index}. {group.name}: {number(group.count)} người, {number(group.households)} hộ"
            )
        )
        if group.people:
            story.append(_pending_table(group, columns))
        else:
            story.append(_text("Không còn người nào."))
        story.append(Spacer(1, 3 * mm))
    story.append(
        _text(
            f"Danh sách gồm {number(report.people)} người ở {number(households)} hộ; đề nghị "
            "các tổ công tác tiếp tục đến từng hộ để hỗ trợ người dân./."
        )
    )
    return story


def _pending_columns(report: PendingReport) -> tuple[Column, ...]:
    """The list's columns; "STT" as wide as the longest group's last number (15.511 in
    a city's group), what it takes taken from "Lý do"."""
    longest = max((group.count for group in report.groups), default=0)
    stt = max(9 * mm, math.ceil(stringWidth(str(longest), serif(), TABLE_SIZE) + _CELL_PADDING))
    return (
        Column("STT", stt),
        Column("Họ và tên", 30 * mm),
        Column("Năm sinh", 12 * mm),
        Column("Số ĐDCN", 23 * mm),
        Column("Địa chỉ", 36 * mm),
        Column("Còn phải làm", 28 * mm),
        Column("Lý do", TEXT_WIDTH - 129 * mm - stt),
    )


def _pending_table(group: PendingGroup, columns: Sequence[Column]) -> PagedTable:
    """The group's people, a page's worth of rows at a time (a group of a city runs to
    hundreds of pages)."""
    people = group.people

    def row_text(index: int) -> tuple[str, ...]:
        person = people[index]
        return (
            str(index + 1),
            person.full_name,
            str(person.birth_year or ""),
            person.masked_id,
            f"{person.address} (chủ hộ {person.head_name})",
            "; ".join(person.services),
            person.reason,
        )

    return PagedTable(columns, len(people), row_text, _list_look())


def _list_look() -> TableLook:
    return TableLook(
        font=serif(),
        head_font=serif(bold=True),
        size=TABLE_SIZE,
        leading=TABLE_SIZE * 1.18,
        head_size=10,
        head_leading=11.5,
        grid=_GRID,
        head_fill=_HEAD_FILL,
    )


# --- Consolidated report --------------------------------------------------------------


def _consolidated_body(report: ConsolidatedReport) -> list[Flowable]:
    total = report.total
    units = len(report.units)
    campaign = report.report == CAMPAIGN_DATA
    what = f" {report.campaign_name}" if report.campaign_name else ""
    if campaign:
        opening = (
            f"Tổng hợp báo cáo kết quả chiến dịch{what} của {units} đơn vị, từ ngày "
            f"{report.first_night:%d/%m/%Y} đến hết ngày {report.day:%d/%m/%Y}: các tổ công "
            f"tác đã đến {number(total['households_visited'])} lượt hộ, gặp "
        )
        when = f"kết quả chiến dịch đến hết ngày {report.day:%d/%m/%Y}"
    else:
        opening = (
            f"Tổng hợp báo cáo ngày {report.day:%d/%m/%Y}{_of(what)} của {units} đơn vị: đã "
            f"đến {number(total['households_visited'])} hộ, gặp "
        )
        when = f"ngày {report.day:%d/%m/%Y}"
    story: list[Flowable] = [
        _text(f"{opening}{number(total['residents_met'])} người. Kết quả: "
              f"{_counts_sentence(total)}."),
        *_section(0, "Kết quả theo đơn vị"),
        _count_table("Đơn vị", report.units, total),
        Spacer(1, 4 * mm),
        *_section(1, "Kết quả theo tổ dân phố của từng đơn vị"),
        _units_and_groups_table(report),
        Spacer(1, 3 * mm),
    ]  # fmt: skip
    if campaign:
        story += [
            *_section(2, "Kết quả của các đơn vị theo từng đêm"),
            _count_table("Đêm", report.nights, total),
            Spacer(1, 3 * mm),
        ]
    story += [_text(note) for note in report.notes]
    story.append(_closing_sentence(report.heading, f"báo cáo tổng hợp {when}"))
    return story


def _units_and_groups_table(report: ConsolidatedReport) -> Table:
    """Each unit on a bold line with its total ("1"), then its groups ("1.1", "1.2"…)
    in the order people count them; the grand total at the end."""
    numeric = 14.2 * mm
    keys = COUNT_KEYS
    widths = [11 * mm, TEXT_WIDTH - 11 * mm - numeric * len(keys), *([numeric] * len(keys))]
    by_unit: dict[str, list[CountRow]] = {unit.name: [] for unit in report.units}
    for unit, row in report.groups:
        by_unit[unit].append(row)
    body: list[list[str | Flowable]] = []
    unit_lines: list[int] = []
    for index, unit in enumerate(report.units, start=1):
        unit_lines.append(len(body) + 1)  # below the header
        name = paragraph(unit.name, styles()["cell_bold"])
        body.append([str(index), name, *(number(unit.counts[key]) for key in keys)])
        body += [
            [f"{index}.{place}", row.name, *(number(row.counts[key]) for key in keys)]
            for place, row in enumerate(by_unit[unit.name], start=1)
        ]
    table = _table(
        ["STT", "Đơn vị, tổ dân phố", *(COUNT_HEADINGS[key] for key in keys)],
        body,
        widths,
        numeric_from=2,
        total=["", "Tổng cộng", *(number(report.total[key]) for key in keys)],
    )
    table.setStyle(
        TableStyle(
            [
                command
                for line in unit_lines
                for command in (
                    ("FONT", (0, line), (-1, line), serif(True), TABLE_SIZE, TABLE_SIZE * 1.18),
                    ("BACKGROUND", (0, line), (-1, line), _TOTAL_FILL),
                )
            ]
        )
    )
    return table


def _of(campaign: str) -> str:
    """ " thực hiện Tháng cao điểm …" after "báo cáo ngày dd/mm/yyyy", or nothing."""
    return f" thực hiện{campaign}" if campaign else ""


_BODIES: dict[str, Callable[..., list[Flowable]]] = {
    "daily": _daily_body,
    "campaign": _campaign_body,
    "pending": _pending_body,
    "consolidated": _consolidated_body,
}
