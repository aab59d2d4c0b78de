"""The layout of an official document (Nghị định 30/2020/NĐ-CP, Phụ lục I), for reportlab.

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm. At the top left,
the parent agency in capitals (regular) and the issuing agency in capitals (bold) with
a short rule under it, then "Số: …/BC-…" (a list: "…/DS-…"); at the top right, in a
column of 95 mm, the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (capitals,
bold, 12 pt) and the motto "Độc lập - Tự do - Hạnh phúc" (bold, 13 pt), each on one
line, with a rule as long as the motto under it, then the place and date in italics
centred under them. Then the title ("BÁO CÁO", or "DANH SÁCH" for a list; bold
capitals) and the subject under it with a short rule,
"Kính gửi: …", the body (14 pt, justified, first lines indented), and at the end
"Nơi nhận:" (bold italic 12 pt, entries 11 pt) at the left beside the signer's title
(bold capitals) and name at the right. Page numbers from page 2, centred in the top
margin. Everything in Liberation Serif 2.x, registered from resources/fonts.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from desktop.reports.fonts import SERIF, font_name, register_fonts
from desktop.reports.report_text import place_and_date

PAGE = A4
TOP, BOTTOM, LEFT, RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
TEXT_WIDTH = PAGE[0] - LEFT - RIGHT  # 165 mm
TEXT_HEIGHT = PAGE[1] - TOP - BOTTOM  # 257 mm
RIGHT_COLUMN = 95 * mm  # the national title's column
LEFT_COLUMN = TEXT_WIDTH - RIGHT_COLUMN

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_SIZE = 14
TABLE_SIZE = 10.5
_AGENCY_SIZE = 12
_NATIONAL_SIZE = 12
_MOTTO_SIZE = 13
_NUMBER_SIZE = 13
_RULE = 0.6


@dataclass(frozen=True)
class OfficialHeading:
    """What the layout prints around the body of one document."""

    parent_agency: str
    issuing_agency: str
    number: str  # "Số:        /BC-CAP"
    place: str
    issued_on: date
    title: str  # "BÁO CÁO"
    subject: str
    addressee: str  # "" when the document is not addressed ("Kính gửi" left out)
    signer_title: str  # one to three lines
    signer_name: str  # "" leaves the line for the name to be written by hand
    recipients: tuple[str, ...]  # "- Công an tỉnh Lào Cai (để báo cáo);", …, "- Lưu: VT, CAP."
    document_title: str  # the PDF's title property


def serif(bold: bool = False, italic: bool = False) -> str:
    return font_name(SERIF, bold, italic)


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the body: text, headings, table cells and notes."""
    body = ParagraphStyle(
        "body",
        fontName=serif(),
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.25,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,
        spaceAfter=6,
    )
    cell = ParagraphStyle(
        "cell", fontName=serif(), fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.18, alignment=TA_LEFT
    )
    return {
        "body": body,
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=serif(bold=True),
            firstLineIndent=10 * mm,
            spaceBefore=4,
        ),
        "subheading": ParagraphStyle(
            "subheading", parent=body, fontName=serif(bold=True, italic=True)
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=body,
            fontName=serif(italic=True),
            fontSize=12,
            leading=14,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=4,
        ),
        "cell": cell,
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=serif(bold=True)),
        "head": ParagraphStyle(
            "head",
            parent=cell,
            fontName=serif(bold=True),
            fontSize=10,
            leading=11.5,
            alignment=TA_CENTER,
        ),  # fmt: skip
        "number": ParagraphStyle("number", parent=cell, alignment=2),  # right
        "number_bold": ParagraphStyle(
            "number_bold", parent=cell, fontName=serif(bold=True), alignment=2
        ),  # fmt: skip
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


# --- The heading at the top of the first page -----------------------------------------


class AgencyAndNationalTitle(Flowable):
    """The two columns at the top: agency block and number at the left; national title,
    motto and the place and date at the right. Drawn at exact positions, with the rules
    the decree asks for (a third of the agency name; the motto's length)."""

    def __init__(self, heading: OfficialHeading) -> None:
        super().__init__()
        self.heading = heading
        self._parent = self._lines(heading.parent_agency.upper(), serif(), _AGENCY_SIZE)
        self._issuer = self._lines(heading.issuing_agency.upper(), serif(True), _AGENCY_SIZE)
        self._line = _AGENCY_SIZE * 1.2

    @staticmethod
    def _lines(text: str, font: str, size: float) -> list[str]:
        return simpleSplit(text, font, size, LEFT_COLUMN - 2 * mm) if text.strip() else []

    def _left_height(self) -> float:
        return (len(self._parent) + len(self._issuer)) * self._line

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        top_block = max(self._left_height(), 2 * self._line)
        self.height = top_block + 5 * mm + _NUMBER_SIZE * 1.3
        self.width = TEXT_WIDTH
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left_centre, right_centre = LEFT_COLUMN / 2, LEFT_COLUMN + RIGHT_COLUMN / 2
        y = self.height - _AGENCY_SIZE
        for text in self._parent:
            canvas.setFont(serif(), _AGENCY_SIZE)
            canvas.drawCentredString(left_centre, y, text)
            y -= self._line
        for text in self._issuer:
            canvas.setFont(serif(True), _AGENCY_SIZE)
            canvas.drawCentredString(left_centre, y, text)
            y -= self._line
        if self._issuer:
            widest = max(stringWidth(t, serif(True), _AGENCY_SIZE) for t in self._issuer)
            _rule(canvas, left_centre, y + self._line - 5, max(18 * mm, widest / 3))
        y = self.height - _NATIONAL_SIZE
        canvas.setFont(serif(True), _NATIONAL_SIZE)
        canvas.drawCentredString(right_centre, y, NATIONAL_TITLE)
        y -= self._line
        canvas.setFont(serif(True), _MOTTO_SIZE)
        canvas.drawCentredString(right_centre, y, MOTTO)
        _rule(canvas, right_centre, y - 5, stringWidth(MOTTO, serif(True), _MOTTO_SIZE))
        baseline = _NUMBER_SIZE * 0.3
        canvas.setFont(serif(), _NUMBER_SIZE)
        canvas.drawCentredString(left_centre, baseline, self.heading.number)
        canvas.setFont(serif(italic=True), _NUMBER_SIZE)
        canvas.drawCentredString(
            right_centre, baseline, place_and_date(self.heading.place, self.heading.issued_on)
        )


def _rule(canvas: Canvas, centre: float, y: float, length: float) -> None:
    canvas.setLineWidth(_RULE)
    canvas.setStrokeColor(colors.black)
    canvas.line(centre - length / 2, y, centre + length / 2, y)


def opening(heading: OfficialHeading) -> list[Flowable]:
    """The top of the first page: agency and national title, title, subject, addressee."""
    title = ParagraphStyle(
        "title",
        fontName=serif(True),
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.2,
        alignment=TA_CENTER,
    )
    flowables: list[Flowable] = [
        AgencyAndNationalTitle(heading),
        Spacer(1, 9 * mm),
        paragraph(heading.title.upper(), title),
        paragraph(heading.subject, title),
        HRFlowable(width="30%", thickness=_RULE, color=colors.black, spaceBefore=4, spaceAfter=6),
    ]
    if heading.addressee:
        addressed = ParagraphStyle(
            "addressee",
            fontName=serif(),
            fontSize=BODY_SIZE,
            leading=BODY_SIZE * 1.2,
            alignment=TA_CENTER,
            spaceBefore=4,
            spaceAfter=8,
        )
        flowables.append(paragraph(f"Kính gửi: {heading.addressee}", addressed))
    else:
        flowables.append(Spacer(1, 4 * mm))
    return flowables


# --- The end: "Nơi nhận" and the signature --------------------------------------------


def closing(heading: OfficialHeading) -> Flowable:
    """ "Nơi nhận:" at the left beside the signer's title and name at the right."""
    received = ParagraphStyle(
        "received", fontName=serif(True, True), fontSize=12, leading=14, alignment=TA_LEFT
    )
    entry = ParagraphStyle("entry", fontName=serif(), fontSize=11, leading=12.5)
    signer = ParagraphStyle(
        "signer",
        fontName=serif(True),
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.2,
        alignment=TA_CENTER,
    )
    left = [paragraph("Nơi nhận:", received)]
    left += [paragraph(line, entry) for line in heading.recipients]
    right: list[Flowable] = [paragraph(heading.signer_title.upper(), signer), Spacer(1, 26 * mm)]
    if heading.signer_name:
        right.append(paragraph(heading.signer_name, signer))
    table = Table(
        [[left, right]],
        colWidths=[TEXT_WIDTH - RIGHT_COLUMN + 10 * mm, RIGHT_COLUMN - 10 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), 4),  # "Nơi nhận" level with the title
            ]
        ),
    )
    return table


# --- The document ---------------------------------------------------------------------

PageCallback = Callable[[int], None]


class _CompressingCanvas(Canvas):
    """A canvas that compresses each page's drawing as soon as the page is done.

    reportlab keeps every page's drawing as text until the file is saved, then
    compresses them all at once: a list of 9,500 pages held over 100 MB more that way,
    and spent its last seconds out of reach of Cancel. Here each page's content stream
    is compressed (Flate, without reportlab's ASCII85 on top) when the page ends."""

    def showPage(self) -> None:
        super().showPage()
        page = self._doc.Pages.pages[-1]
        if page.stream and not page.Contents:
            content = page.stream
            stream = PDFStream(
                PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}),
                zlib.compress(content.encode("utf-8") if isinstance(content, str) else content),
            )
            stream.__Comment__ = "page stream"
            page.Contents, page.stream = stream, None


def build_document(
    target: str | BinaryIO,
    heading: OfficialHeading,
    body: Sequence[Flowable],
    on_page: PageCallback | None = None,
) -> int:
    """Lay the document out into `target` (a path or a binary stream); return its pages.

    `on_page(number)` is called after each page is laid out (progress, and Cancel: an
    exception raised there stops the build).
    """
    register_fonts()
    document = BaseDocTemplate(
        target,
        pagesize=PAGE,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=heading.document_title,
        author=heading.issuing_agency,
        subject=heading.subject,
        creator="Đèn Khuya",
    )
    frame = Frame(
        LEFT, BOTTOM, TEXT_WIDTH, TEXT_HEIGHT,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        if page >= 2:  # the decree: no number on the first page
            canvas.saveState()
            canvas.setFont(serif(), 13)
            canvas.drawCentredString(LEFT + TEXT_WIDTH / 2, PAGE[1] - 12 * mm, str(page))
            canvas.restoreState()
        if on_page is not None:
            on_page(page)

    document.addPageTemplates([PageTemplate("official", [frame], onPageEnd=decorate)])
    # The signature never stands alone on a page: the last paragraph goes with it.
    *text, last = body or [Spacer(1, 1)]
    ending = KeepTogether([last, Spacer(1, 6 * mm), closing(heading)])
    document.build([*opening(heading), *text, ending], canvasmaker=_CompressingCanvas)
    return document.page
