"""Walk sheets (phiếu đi hộ): A4 pages per team, filled in with a pen at night.

Each team's first page has the team and its members, the night, the time window, the
meeting point, the expected walk and the team's route map over the rest of the page
(desktop.reports.route_sketch): with a loaded map, the streets of its part of the
ward with their names and the walk along them. The following pages list the
households in walking order, each with its address and head, and under it the
residents still pending with a box per service to tick, and room for notes. The
column headings head every list page, and a household never splits across two pages
(unless it alone is longer than a page). Every page names its team and counts the
team's pages ("Trang 2/3"), so a dropped sheet finds its way back. Large type and
thick boxes: the sheets are read by torchlight and written on a knee.

Fed by plain data (WalkSheets); ID numbers arrive already masked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
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
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.campaign import COME_BACK, OUTCOME_LABELS, OUTCOMES
from desktop.reports.fonts import SANS, font_name, register_fonts
from desktop.reports.route_sketch import RouteSketch, SketchLabel, SketchPoint, SketchStreet

PAGE = landscape(A4)
MARGIN = 12 * mm
_HEADING_BAND = 5 * mm  # the line at the top of every page: the night, the team, the page
_BOX = 6 * mm
_HOUSEHOLD_FILL = colors.HexColor("#e8e8e8")
_GRID = colors.HexColor("#444444")
_MIN_MAP_HEIGHT = 70 * mm


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
    # Stops in walking order, metres from the meeting point; None: not on the map.
    sketch: tuple[SketchPoint | None, ...]
    sketch_labels: tuple[SketchLabel, ...] = ()  # without a map: a street at its first stop
    schematic: bool = False  # positions from house numbers: a diagram, not to scale
    streets: tuple[SketchStreet, ...] = ()  # the map's ways in the team's part of the ward
    # The walk along the streets: meeting point → each stop on the map → meeting point.
    legs: tuple[tuple[tuple[float, float], ...], ...] = ()


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
    """Invisible: tells the page numbering which team the following pages belong to."""

    def __init__(self, index: int, team_name: str) -> None:
        super().__init__()
        self.team = (index, team_name)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._walk_sheet_team = self.team


class _NumberedCanvas(Canvas):
    """A canvas that heads each page once the document is done: the night on the left,
    and on the right the team and "Trang k/n", counted within the team."""

    def __init__(self, *args, heading: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._heading = heading
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        teams = [state.get("_walk_sheet_team") for state in self._pages]
        totals, counted = Counter(teams), Counter()
        for state, team in zip(self._pages, teams, strict=True):
            self.__dict__.update(state)
            counted[team] += 1
            self._head_page(team[1] if team else "", counted[team], totals[team])
            super().showPage()
        super().save()

    def _head_page(self, team_name: str, page: int, pages: int) -> None:
        y = PAGE[1] - MARGIN + 1 * mm
        right = f"Trang {page}/{pages}"
        bold = font_name(SANS, bold=True)
        self.setFillColor(colors.black)
        self.setFont(bold, 10)
        self.drawRightString(PAGE[0] - MARGIN, y, right)
        room = PAGE[0] - 2 * MARGIN - stringWidth(right, bold, 10) - 6 * mm
        if team_name:
            team_width = min(stringWidth(team_name, bold, 10), room * 0.5)
            self.drawString(MARGIN, y, _fit(team_name, bold, 10, team_width))
            room -= team_width + 4 * mm
            left = MARGIN + team_width + 4 * mm
        else:
            left = MARGIN
        self.setFont(font_name(SANS), 8.5)
        self.drawString(left, y, _fit(self._heading, font_name(SANS), 8.5, room))
        self.setStrokeColor(colors.black)
        self.setLineWidth(0.6)
        self.line(MARGIN, y - 1.5 * mm, PAGE[0] - MARGIN, y - 1.5 * mm)


def _fit(text: str, face: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis to fit the width."""
    if stringWidth(text, face, size) <= width:
        return text
    while text and stringWidth(text + "…", face, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _build(path: Path, data: WalkSheets) -> int:
    styles = _styles()
    width = PAGE[0] - 2 * MARGIN
    height = PAGE[1] - 2 * MARGIN - _HEADING_BAND
    widths = _column_widths(data.services, width)
    header = _list_header(data.services, widths, styles)
    _, header_height = header.wrap(width, height)
    document = BaseDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + _HEADING_BAND,
        bottomMargin=MARGIN,
        title=f"Phiếu đi hộ đêm {data.day:%d/%m/%Y}",
        author=data.ward_name,
        subject=data.campaign_name,
    )
    padding = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    map_frame = Frame(MARGIN, MARGIN, width, height, id="map", **padding)
    list_height = height - header_height
    list_frame = Frame(MARGIN, MARGIN, width, list_height, id="list", **padding)

    def head_list(canvas: Canvas, _document: BaseDocTemplate) -> None:
        header.drawOn(canvas, MARGIN, MARGIN + list_height)

    document.addPageTemplates(
        [PageTemplate("map", [map_frame]), PageTemplate("list", [list_frame], onPage=head_list)]
    )
    story: list[Flowable] = []
    for index, sheet in enumerate(data.sheets):
        if index:
            story += [NextPageTemplate("map"), PageBreak()]
        story.append(_TeamMark(index, sheet.team_name))
        story.extend(_map_page(data, sheet, width, styles))
        if sheet.stops:
            story += [NextPageTemplate("list"), PageBreak()]
            story.extend(_households(data, sheet, widths, list_height, styles))
    if not story:
        story.append(Paragraph("Không có tổ nào trong kế hoạch.", styles["body"]))
    heading = (
        f"{data.ward_name} · {data.campaign_name} · Phiếu đi hộ đêm {data.day:%d/%m/%Y}"
        f" · {data.window}"
    )
    document.build(story, canvasmaker=partial(_NumberedCanvas, heading=heading))
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


def _map_page(
    data: WalkSheets, sheet: WalkSheet, width: float, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """The team's first page: who, when, where from, how far, and the route map."""
    members = "<br/>".join(f"• {escape(member)}" for member in sheet.members) or "(chưa có)"
    facts = [
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
        Spacer(1, 1.5 * mm),
        Paragraph(
            "Đánh dấu X vào ô việc đã làm xong; ghi lý do nếu chưa làm được "
            "(vắng nhà, không có điện thoại thông minh, chưa có CCCD gắn chíp…).",
            styles["small"],
        ),
    ]
    info = Table(
        [[facts, Paragraph(f"<b>Thành viên:</b><br/>{members}", styles["info"])]],
        colWidths=[width * 0.56, width * 0.44],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    flowables: list[Flowable] = [
        Paragraph(f"PHIẾU ĐI HỘ – {escape(sheet.team_name.upper())}", styles["title"]),
        Spacer(1, 1.5 * mm),
        info,
    ]
    if not sheet.stops:
        flowables.append(Paragraph("Tối nay tổ không có hộ nào trong kế hoạch.", styles["info"]))
        return flowables
    missing = [str(number) for number, spot in enumerate(sheet.sketch, 1) if spot is None]
    if missing:
        flowables.append(
            Paragraph(
                f"<b>Chưa có vị trí trên bản đồ, không vẽ trên sơ đồ: hộ số "
                f"{', '.join(missing)}</b> – tìm theo số nhà trong danh sách.",
                styles["info"],
            )
        )
    flowables += [
        Spacer(1, 2 * mm),
        _MapRoom(
            RouteSketch(
                width,
                None,
                sheet.sketch,
                sheet.sketch_labels,
                schematic=sheet.schematic,
                streets=sheet.streets,
                legs=sheet.legs,
            )
        ),
    ]
    return flowables


class _MapRoom(Flowable):
    """The route map over the rest of the page (on the next page when too little is left)."""

    def __init__(self, sketch: RouteSketch) -> None:
        super().__init__()
        self.sketch = sketch

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_height < _MIN_MAP_HEIGHT:
            return available_width, available_height + 1  # does not fit: a fresh page
        self.width, self.height = self.sketch.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.sketch.drawOn(self.canv, 0, 0)


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _column_widths(services: tuple[tuple[str, str], ...], width: float) -> list[float]:
    """Number, household and residents, a column per service, notes."""
    number_width, service_width, notes_width = 13 * mm, 19 * mm, 62 * mm
    person_width = width - number_width - service_width * len(services) - notes_width
    return [number_width, person_width, *([service_width] * len(services)), notes_width]


def _list_header(
    services: tuple[tuple[str, str], ...], widths: list[float], styles: dict[str, ParagraphStyle]
) -> Table:
    """The column headings at the top of every list page (drawn by the page template)."""
    header = [
        Paragraph("Thứ tự", styles["head"]),
        Paragraph("Hộ gia đình · nhân khẩu còn cần làm", styles["head"]),
        *(Paragraph(escape(label), styles["head"]) for _, label in services),
        Paragraph("Ghi chú, kết quả", styles["head"]),
    ]
    return Table(
        [header],
        colWidths=widths,
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.7, _GRID),
                ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#cfcfcf")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        ),
    )


def _households(
    data: WalkSheets,
    sheet: WalkSheet,
    widths: list[float],
    page_height: float,
    styles: dict[str, ParagraphStyle],
) -> list[Flowable]:
    """One small table per household: cheap to lay out (one long table is re-measured
    at every page break), and whole on its page."""
    services = data.services
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font_name(SANS)),
            ("GRID", (1, 0), (-1, -1), 0.7, _GRID),
            ("LINEAFTER", (0, 0), (0, -1), 0.7, _GRID),
            ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), _HOUSEHOLD_FILL),
            ("SPAN", (2, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (0, 0), "TOP"),
            ("ALIGN", (2, 0), (-2, -1), "CENTER"),
        ]
    )
    tables: list[Flowable] = []
    for stop in sheet.stops:
        rows = [_household_row(stop, styles, len(services))]
        rows += [_resident_row(resident, services, styles) for resident in stop.residents]
        tables.append(_Household(rows, widths, style, page_height))
    return tables


class _Household(Table):
    """A household's rows: moved whole to the next page rather than split, unless it
    alone is longer than a page (then its address row comes back on the next)."""

    def __init__(self, rows: list, widths: list[float], style: TableStyle, page: float) -> None:
        super().__init__(rows, colWidths=widths, repeatRows=1, style=style)
        self._page = page

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if available_height < self._page - 1:
            return []
        return super().split(available_width, available_height)


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
