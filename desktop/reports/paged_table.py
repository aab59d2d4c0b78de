"""A long table of plain text laid out a page at a time (the pending list of a city).

reportlab's LongTable measures the rows that remain at every page break, and a
Paragraph in every cell costs several times a plain string: the pending list of a
60,000-household city (135,000 rows, 9,500 pages) took minutes and gigabytes that way.
Here each row is measured once, its cells wrapped to their column by the font's widths
(as reportlab.lib.utils.simpleSplit wraps, each word's width remembered) into plain
strings of a few lines, and each page, or what is left of one, gets a small Table of
only the rows that fit, under the header: the header is on every page and never in the
middle of one, and no row is cut across two pages. Rows are measured when their page
is laid out, not before, so the work starts at once and Cancel (heard at each page's
end) is never far away. The cell styles and the TableStyle are made once per table and
shared by its pages' tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

_SAMPLE = 200  # rows measured to estimate a table's height (the progress bar's pages)
_SLACK = 0.01  # points: rows fit a little short of the room, whatever the rounding


@dataclass(frozen=True)
class TableLook:
    """Fonts, sizes, padding and lines of a table; one per kind of table."""

    font: str
    head_font: str
    size: float
    leading: float
    head_size: float
    head_leading: float
    grid: colors.Color
    head_fill: colors.Color
    padding: tuple[float, float, float, float] = (3, 3, 2, 3)  # left, right, top, bottom
    grid_width: float = 0.5


@dataclass(frozen=True)
class Column:
    heading: str
    width: float
    align: str = "LEFT"  # or "RIGHT", "CENTER"


RowText = Callable[[int], Sequence[str]]  # row index → the row's cells


class TextWidths:
    """Wraps text of one font and size into lines, remembering each word's width:
    the words of a ward's names and addresses come back thousands of times."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.space = stringWidth(" ", font, size)
        self._words: dict[str, float] = {}

    def width(self, word: str) -> float:
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = stringWidth(word, self.font, self.size)
        return found

    def lines(self, text: str, room: float) -> list[str]:
        """The lines of `text` within `room` points, broken at spaces as a paragraph
        breaks them (runs of spaces read as one), inside a word only when that word
        alone is wider than the room: nothing is cut off. Line breaks are kept."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split():
                width = self.width(word)
                if width > room:
                    if line:
                        lines.append(" ".join(line))
                    *whole, word = self._pieces(word, room)
                    lines.extend(whole)
                    line, used = [word], self.width(word)
                elif line and used + self.space + width > room:
                    lines.append(" ".join(line))
                    line, used = [word], width
                else:
                    used += self.space + width if line else width
                    line.append(word)
            lines.append(" ".join(line))
        return lines

    def _pieces(self, word: str, room: float) -> list[str]:
        """A word too wide for the room, in pieces that fit (at least a letter each)."""
        pieces, piece = [], ""
        for letter in word:
            if piece and self.width(piece + letter) > room:
                pieces.append(piece)
                piece = ""
            piece += letter
        return [*pieces, piece]


class _Rows:
    """The rows of one table, measured once each when a page first needs them."""

    def __init__(
        self, columns: Sequence[Column], count: int, row_text: RowText, look: TableLook
    ) -> None:
        self.count = count
        self.row_text = row_text
        self.look = look
        left, right, top, bottom = look.padding
        self.widths = [column.width for column in columns]
        self.rooms = [column.width - left - right for column in columns]
        self.width = sum(self.widths)
        self.vertical_padding = top + bottom
        head_widths = TextWidths(look.head_font, look.head_size)
        head = [head_widths.lines(c.heading, room)
                for c, room in zip(columns, self.rooms, strict=True)]  # fmt: skip
        self.text_widths = TextWidths(look.font, look.size)
        self.head = ["\n".join(lines) for lines in head]
        self.head_height = max(map(len, head)) * look.head_leading + self.vertical_padding
        self.cell_styles = _cell_styles(columns, look)
        self.style = TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), look.grid_width, look.grid),
                ("BACKGROUND", (0, 0), (-1, 0), look.head_fill),
            ]
        )
        self._measured: dict[int, tuple[list[str], float]] = {}

    def measure(self, index: int) -> tuple[list[str], float]:
        """The row's cells as wrapped text, and its height."""
        found = self._measured.get(index)
        if found is None:
            lines = self._lines(index)
            height = max(map(len, lines)) * self.look.leading + self.vertical_padding
            found = self._measured[index] = (["\n".join(cell) for cell in lines], height)
        return found

    def fitting(self, start: int, room: float) -> tuple[int, float, float]:
        """How many rows from `start` fit in `room` points under the header, their
        height, and the height of the first row that does not fit (0 when all do)."""
        used = 0.0
        for index in range(start, self.count):
            height = self.measure(index)[1]
            if used + height > room - _SLACK:
                return index - start, used, height
            used += height
        return self.count - start, used, 0.0

    def table(self, start: int, rows: int) -> Table:
        """A Table of the header and rows start … start + rows - 1, whose measures are
        then let go."""
        measured = [self._measured.pop(index) for index in range(start, start + rows)]
        body_styles = self.cell_styles[1]
        return Table(
            [self.head, *(cells for cells, _ in measured)],
            colWidths=self.widths,
            rowHeights=[self.head_height, *(height for _, height in measured)],
            style=self.style,
            repeatRows=1,
            cellStyles=[self.cell_styles[0], *([body_styles] * rows)],
        )

    def estimated_height(self) -> tuple[float, float]:
        """The height of all rows one after another, and of a row on average, from a
        sample of them."""
        if not self.count:
            return 0.0, 0.0
        sample = range(0, self.count, max(1, self.count // _SAMPLE))
        row = sum(map(self._height_of, sample)) / len(sample)
        return self.count * row, row

    def _height_of(self, index: int) -> float:
        return self.vertical_padding + self.look.leading * max(map(len, self._lines(index)))

    def _lines(self, index: int) -> list[list[str]]:
        """Each cell of the row as its lines."""
        wrap = self.text_widths.lines
        return [wrap(text, room) for text, room in zip(self.row_text(index), self.rooms,
                                                       strict=True)]  # fmt: skip


def _cell_styles(
    columns: Sequence[Column], look: TableLook
) -> tuple[list[CellStyle], list[CellStyle]]:
    """The header's and the body's cell styles, one per column, shared by every row:
    a Table otherwise makes one per cell and applies each style command to each."""
    left, right, top, bottom = look.padding

    def style(name: str, font: str, size: float, leading: float, align: str) -> CellStyle:
        cell = CellStyle(name)
        cell.fontname, cell.fontsize, cell.leading = font, size, leading
        cell.alignment, cell.valign = align, "MIDDLE"
        cell.leftPadding, cell.rightPadding = left, right
        cell.topPadding, cell.bottomPadding = top, bottom
        return cell

    head = style("head", look.head_font, look.head_size, look.head_leading, "CENTER")
    body = [style(f"body{index}", look.font, look.size, look.leading, column.align)
            for index, column in enumerate(columns)]  # fmt: skip
    return [head] * len(columns), body


class PagedTable(Flowable):
    """A bordered table of plain-text rows with a bold header on every page.

    `row_text(index)` gives the cells of row `index` (0 … count - 1) when its page is
    laid out; each is wrapped to its column. A row taller than a page is not expected
    (a few lines of a name, an address and a reason).
    """

    def __init__(
        self,
        columns: Sequence[Column],
        count: int,
        row_text: RowText,
        look: TableLook,
        *,
        _rows: _Rows | None = None,
        _start: int = 0,
    ) -> None:
        super().__init__()
        self._rows = _rows or _Rows(columns, count, row_text, look)
        self._start = _start
        self._columns, self._look = columns, look

    def estimated_pages(self, page_height: float) -> float:
        """Roughly the pages the table fills (for a progress bar): its rows' height
        over a page less its header and the half row left blank at its foot."""
        rows = self._rows
        height, row = rows.estimated_height()
        return height / (page_height - rows.head_height - row / 2) if height else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        rows = self._rows
        room = available_height - rows.head_height
        _, used, next_row = rows.fitting(self._start, room)
        # More than the room when some rows do not fit: the frame splits the table.
        self.width = rows.width
        self.height = rows.head_height + used + next_row
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        rows = self._rows
        fit, _, _ = rows.fitting(self._start, available_height - rows.head_height)
        if not fit:
            return []  # not even one row: the next page
        table = rows.table(self._start, fit)
        if self._start + fit == rows.count:
            return [table]
        rest = PagedTable(self._columns, rows.count, rows.row_text, self._look, _rows=rows,
                          _start=self._start + fit)  # fmt: skip
        return [table, rest]

    def draw(self) -> None:
        """All the remaining rows fit where the frame put them: draw them as one table."""
        rows = self._rows
        table = rows.table(self._start, rows.count - self._start)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
