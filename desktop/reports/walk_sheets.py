"""Walk sheets (phiếu đi hộ): one or more A4 pages per team, filled in with a pen at night.

Each team's first page has the team and its members, the night, the time window, the
meeting point, the expected walk and a route sketch; then the households in walking
order, each with its address and head, and under it the residents still pending with
a box per service to tick, and room for notes. The table header comes back on every
continuation page, and a household never splits across two pages. Large type and
thick boxes: the sheets are read by torchlight and written on a knee.

Fed by plain data (WalkSheets); ID numbers arrive already masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.campaign import COME_BACK, OUTCOME_LABELS, OUTCOMES
from desktop.reports.fonts import SANS, font_name, register_fonts
from desktop.reports.route_sketch import RouteSketch, SketchLabel, SketchPoint

PAGE = landscape(A4)
MARGIN = 12 * mm
_BOX = 6 * mm
_HOUSEHOLD_FILL = colors.HexColor("#e8e8e8")
_GRID = colors.HexColor("#444444")


@dataclass(frozen=True)
class SheetResident:
    """A resident still pending: who, and which services are still to do."""

    full_name: str
    relation: str
    birth_year: int | None
    masked_id: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class SheetStop:
    """A household in walking order."""

    number: int
    arrives_at: str  # "19:05"
    code: str
    address: str
    group: str
    head_name: str
    residents: tuple[SheetResident, ...]
    time_hint: str | None = None  # "20:00" for a revisit asked for then
    revisit: bool = False
    without_coordinates: bool = False


@dataclass(frozen=True)
class WalkSheet:
    """One team's sheet."""

    team_name: str
    members: tuple[str, ...]  # "Thượng úy Nguyễn Văn Hùng (Cán bộ công an)"
    stops: tuple[SheetStop, ...]
    walk_km: float
    returns_at: str
    expected_services: int
    sketch: tuple[SketchPoint, ...]  # stops in walking order, metres from the meeting point
    sketch_labels: tuple[SketchLabel, ...] = ()
    schematic: bool = False


@dataclass(frozen=True)
class WalkSheets:
    """Everything printed for one night."""

    ward_name: str
    campaign_name: str
    day: date
    window: str  # "19:00–22:00"
    meeting_label: str
    services: tuple[tuple[str, str], ...]  # (code, column heading), in column order
    sheets: tuple[WalkSheet, ...]
    notices: tuple[str, ...] = ()


def write_walk_sheets(path: Path, data: WalkSheets) -> int:
    """Write the walk sheets to `path` (the caller's temporary file); return the pages."""
    register_fonts()
    return _build(Path(path), data)


# --- Document and pages ----------------------------------------------------------------


class _TeamMark(Flowable):
    """Invisible: tells the page decoration which team the following pages belong to."""

    def __init__(self, team_name: str) -> None:
        super().__init__()
        self.team_name = team_name

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._walk_sheet_team = self.team_name


class _NumberedCanvas(Canvas):
    """A canvas that writes "Trang i/n" once it knows how many pages there are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(font_name(SANS), 9)
            self.setFillColor(colors.black)
            self.drawRightString(
                PAGE[0] - MARGIN, PAGE[1] - MARGIN + 3 * mm, f"Trang {self._pageNumber}/{total}"
            )
            super().showPage()
        super().save()


def _build(path: Path, data: WalkSheets) -> int:
    document = BaseDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 5 * mm,
        bottomMargin=MARGIN,
        title=f"Phiếu đi hộ đêm {data.day:%d/%m/%Y}",
        author=data.ward_name,
        subject=data.campaign_name,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        PAGE[0] - 2 * MARGIN,
        PAGE[1] - 2 * MARGIN - 5 * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def decorate(canvas: Canvas, _document: BaseDocTemplate) -> None:
        team = getattr(canvas, "_walk_sheet_team", "")
        canvas.saveState()
        canvas.setFont(font_name(SANS), 9)
        canvas.drawString(
            MARGIN,
            PAGE[1] - MARGIN + 3 * mm,
            f"{data.ward_name} · {data.campaign_name} · Phiếu đi hộ đêm {data.day:%d/%m/%Y}"
            f" · {team}",
        )
        canvas.restoreState()

    document.addPageTemplates([PageTemplate("sheet", [frame], onPageEnd=decorate)])
    story: list[Flowable] = []
    for index, sheet in enumerate(data.sheets):
        if index:
            story.append(PageBreak())
        story.append(_TeamMark(sheet.team_name))
        story.extend(_team_pages(data, sheet, frame._width))
    if not story:
        story.append(Paragraph("Không có tổ nào trong kế hoạch.", _styles()["body"]))
    document.build(story, canvasmaker=_NumberedCanvas)
    return document.page


# --- One team --------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=font_name(SANS), fontSize=11, leading=14)
    return {
        "body": body,
        "title": ParagraphStyle(
            "title", parent=body, fontName=font_name(SANS, bold=True), fontSize=17, leading=21
        ),
        "info": ParagraphStyle("info", parent=body, fontSize=11.5, leading=15),
        "small": ParagraphStyle("small", parent=body, fontSize=9.5, leading=12),
        "head": ParagraphStyle(
            "head",
            parent=body,
            fontName=font_name(SANS, bold=True),
            fontSize=9.5,
            leading=11.5,
            alignment=TA_CENTER,
        ),
        "address": ParagraphStyle(
            "address", parent=body, fontName=font_name(SANS, bold=True), fontSize=12, leading=15
        ),
        "resident": ParagraphStyle("resident", parent=body, fontSize=11.5, leading=14),
        "number": ParagraphStyle(
            "number",
            parent=body,
            fontName=font_name(SANS, bold=True),
            fontSize=13,
            leading=15,
            alignment=TA_CENTER,
        ),
    }


def _team_pages(data: WalkSheets, sheet: WalkSheet, width: float) -> list[Flowable]:
    styles = _styles()
    sketch_width, sketch_height = 95 * mm, 62 * mm
    info = _team_info(data, sheet, styles)
    sketch = RouteSketch(
        sketch_width,
        sketch_height,
        list(sheet.sketch),
        list(sheet.sketch_labels),
        schematic=sheet.schematic,
    )
    top = Table(
        [[info, sketch]],
        colWidths=[width - sketch_width - 4 * mm, sketch_width + 4 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        ),
    )
    flowables: list[Flowable] = [top, Spacer(1, 4 * mm)]
    if sheet.stops:
        flowables.append(_stops_table(data, sheet, width, styles))
    else:
        flowables.append(Paragraph("Tối nay tổ không có hộ nào trong kế hoạch.", styles["info"]))
    return flowables


def _team_info(data: WalkSheets, sheet: WalkSheet, styles: dict[str, ParagraphStyle]) -> list:
    members = "<br/>".join(f"• {escape(member)}" for member in sheet.members) or "(chưa có)"
    lines = [
        Paragraph(f"PHIẾU ĐI HỘ – {escape(sheet.team_name.upper())}", styles["title"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"<b>Đêm:</b> {data.day:%d/%m/%Y} &nbsp;&nbsp; <b>Giờ:</b> {escape(data.window)}",
            styles["info"],
        ),
        Paragraph(f"<b>Điểm tập trung:</b> {escape(data.meeting_label)}", styles["info"]),
        Paragraph(
            f"<b>Dự kiến:</b> {len(sheet.stops)} hộ, {sheet.expected_services} việc cần làm, "
            f"đi bộ khoảng {_decimal(sheet.walk_km)} km, về điểm tập trung lúc {sheet.returns_at}",
            styles["info"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(f"<b>Thành viên:</b><br/>{members}", styles["info"]),
        Spacer(1, 2 * mm),
        Paragraph(
            "Đánh dấu ✗ vào ô việc đã làm xong; ghi lý do nếu chưa làm được "
            "(vắng nhà, không có điện thoại thông minh, chưa có CCCD gắn chíp…).".replace("✗", "X"),
            styles["small"],
        ),
    ]
    return lines


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _stops_table(
    data: WalkSheets, sheet: WalkSheet, width: float, styles: dict[str, ParagraphStyle]
) -> Table:
    services = data.services
    number_width, service_width = 13 * mm, 19 * mm
    notes_width = 62 * mm
    person_width = width - number_width - service_width * len(services) - notes_width
    widths = [number_width, person_width, *([service_width] * len(services)), notes_width]
    header = [
        Paragraph("Thứ tự", styles["head"]),
        Paragraph("Hộ gia đình · nhân khẩu còn cần làm", styles["head"]),
        *(Paragraph(escape(label), styles["head"]) for _, label in services),
        Paragraph("Ghi chú, kết quả", styles["head"]),
    ]
    rows: list[list] = [header]
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), font_name(SANS)),
        ("GRID", (0, 0), (-1, -1), 0.7, _GRID),
        ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 1.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#cfcfcf")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 0), (-2, -1), "CENTER"),
    ]
    for stop in sheet.stops:
        first = len(rows)
        rows.append(_household_row(stop, styles, len(services)))
        commands += [
            ("BACKGROUND", (0, first), (-1, first), _HOUSEHOLD_FILL),
            ("SPAN", (2, first), (-1, first)),
            ("LINEABOVE", (0, first), (-1, first), 1.4, colors.black),
        ]
        for resident in stop.residents:
            rows.append(_resident_row(resident, services, styles))
        if len(stop.residents) > 0:
            commands.append(("SPAN", (0, first + 1), (0, len(rows) - 1)))
        commands.append(("NOSPLIT", (0, first), (-1, len(rows) - 1)))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _household_row(stop: SheetStop, styles: dict[str, ParagraphStyle], services: int) -> list:
    details = [f"Chủ hộ: {escape(stop.head_name)}", escape(stop.group), escape(stop.code)]
    if stop.time_hint:
        details.append(f"<b>hẹn quay lại {escape(stop.time_hint)}</b>")
    elif stop.revisit:
        details.append("<b>quay lại: lần trước chưa gặp</b>")
    if stop.without_coordinates:
        details.append("<b>chưa có toạ độ: tìm theo số nhà</b>")
    return [
        Paragraph(
            f"{stop.number}<br/><font size=9>{escape(stop.arrives_at)}</font>", styles["number"]
        ),
        [
            Paragraph(escape(stop.address), styles["address"]),
            Paragraph(" · ".join(details), styles["small"]),
        ],
        _OutcomeBoxes(),
        *([""] * services),
    ]


def _resident_row(
    resident: SheetResident,
    services: tuple[tuple[str, str], ...],
    styles: dict[str, ParagraphStyle],
) -> list:
    facts = [escape(resident.relation)]
    if resident.birth_year:
        facts.append(f"sinh {resident.birth_year}")
    if resident.masked_id:
        facts.append(f"ĐD {escape(resident.masked_id)}")
    person = Paragraph(
        f"{escape(resident.full_name)}<br/><font size=9.5>{' · '.join(facts)}</font>",
        styles["resident"],
    )
    cells: list = [
        _TickBox() if code in resident.services else _NotNeeded() for code, _ in services
    ]
    return ["", person, *cells, ""]


class _TickBox(Flowable):
    """A square box to tick, thick enough to find in the dark."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return _BOX, _BOX + 2 * mm

    def draw(self) -> None:
        self.canv.setLineWidth(1.3)
        self.canv.setStrokeColor(colors.black)
        self.canv.setFillColor(colors.white)
        self.canv.rect(0, 1 * mm, _BOX, _BOX, stroke=1, fill=1)


class _NotNeeded(Flowable):
    """A short grey dash: nothing to do for this service."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return _BOX, _BOX

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor("#9a9a9a"))
        self.canv.setLineWidth(1)
        self.canv.line(1.5 * mm, _BOX / 2, _BOX - 1.5 * mm, _BOX / 2)


class _OutcomeBoxes(Flowable):
    """The visit's outcome: a box for each, on as many lines as the cell needs."""

    _CHOICES = tuple(
        f"{OUTCOME_LABELS[outcome]}: ……" if outcome == COME_BACK else OUTCOME_LABELS[outcome]
        for outcome in OUTCOMES
    )
    _SIZE = 10
    _SIDE = 4.5 * mm
    _LINE = 6.5 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._places = self._lay_out(available_width)
        lines = max(line for _, line, _ in self._places) + 1
        return available_width, lines * self._LINE + 1 * mm

    def _lay_out(self, width: float) -> list[tuple[float, int, str]]:
        """(x, line, text) of each choice, wrapping to a new line when the cell is full."""
        places, x, line = [], 0.0, 0
        for choice in self._CHOICES:
            needed = self._SIDE + 1.2 * mm + stringWidth(choice, font_name(SANS), self._SIZE)
            if x > 0 and x + needed > width:
                x, line = 0.0, line + 1
            places.append((x, line, choice))
            x += needed + 3 * mm
        return places

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(font_name(SANS), self._SIZE)
        lines = max(line for _, line, _ in self._places) + 1
        for x, line, choice in self._places:
            y = (lines - 1 - line) * self._LINE + 1.2 * mm
            canvas.setLineWidth(1.1)
            canvas.setFillColor(colors.white)
            canvas.rect(x, y, self._SIDE, self._SIDE, stroke=1, fill=1)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + self._SIDE + 1.2 * mm, y + 1 * mm, choice)
