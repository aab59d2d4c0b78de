"""Showing a report's PDF pages inside the program, before it is saved or printed.

The pages are rendered with PDFium (the `pypdfium2` wheel, a few MB, offline, also on
Windows), so the preview is the very file that will be saved or printed. QtPdf would
do the same but ships only in the PySide6-Addons wheel, much larger than everything
else we bundle; drawing the report a second time with QPainter would show something
else than what is printed.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

POINTS_PER_INCH = 72
SCREEN_DPI = 96  # 100 % shows a page at its printed size on a usual desk screen
FIT_WIDTH = 0  # the zoom that fits the page's width to the preview
ZOOMS = (FIT_WIDTH, 50, 75, 100, 125, 150, 200)


class PdfPages:
    """The pages of a PDF held in memory, rendered to images on request."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # PDFium reads from this buffer as long as the document lives
        self._document = pdfium.PdfDocument(data)

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def count(self) -> int:
        return len(self._document)

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) of a page in points."""
        page = self._document[index]
        try:
            return page.get_size()
        finally:
            page.close()

    def image(self, index: int, dpi: float) -> QImage:
        """Page `index` (from 0) as an image at `dpi` dots per inch, on a white ground."""
        page = self._document[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
            try:
                image = QImage(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                )
                return image.copy()  # own the pixels: the bitmap is freed next
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        self._document.close()


class PagePreview(QWidget):
    """One page at a time, with previous/next, the page number and the zoom."""

    page_changed = Signal(int)  # the index shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._index = 0
        self._cache: dict[tuple[int, int], QPixmap] = {}
        self.previous_button = self._tool_button(self.tr("◀ Trang trước"), self.previous_page)
        self.next_button = self._tool_button(self.tr("Trang sau ▶"), self.next_page)
        self.page_label = QLabel(self)
        self.zoom_out_button = self._tool_button("−", lambda: self.step_zoom(-1))
        self.zoom_in_button = self._tool_button("+", lambda: self.step_zoom(1))
        self.zoom_out_button.setToolTip(self.tr("Thu nhỏ (Ctrl+-)"))
        self.zoom_in_button.setToolTip(self.tr("Phóng to (Ctrl++)"))
        self.zoom = QComboBox(self)
        for zoom in ZOOMS:
            self.zoom.addItem(self.tr("Vừa khổ rộng") if zoom == FIT_WIDTH else f"{zoom}%", zoom)
        self.zoom.currentIndexChanged.connect(self._show)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.image)
        # setWidget() turns the label's background on: an empty preview showed it as a
        # small white box on the grey; the pages are drawn whole anyway.
        self.image.setAutoFillBackground(False)
        self.image.setStyleSheet("QLabel { color: white; }")
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #808080; }")
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom, self.zoom_in_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        for keys, action in (
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
        ):
            QShortcut(keys, self, action)
        self.set_pages(None)

    def _tool_button(self, text: str, action) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(action)
        return button

    @property
    def pages(self) -> PdfPages | None:
        return self._pages

    @property
    def index(self) -> int:
        return self._index

    def set_pages(self, pages: PdfPages | None, message: str = "") -> None:
        """Show these pages from the first (None: an empty preview with `message`)."""
        if self._pages is not None:
            self._pages.close()
        self._pages, self._index, self._cache = pages, 0, {}
        if pages is None:
            self.image.setPixmap(QPixmap())
            self.image.setText(message)
        self._show()
        self._to_top()

    def show_page(self, index: int) -> None:
        if self._pages is not None and 0 <= index < self._pages.count:
            self._index = index
            self._show()
            self._to_top()

    def _to_top(self) -> None:
        """A page shown anew starts at its top: the heading, not where the last one was."""
        self.scroll.verticalScrollBar().setValue(0)
        self.scroll.horizontalScrollBar().setValue(0)

    def previous_page(self) -> None:
        self.show_page(self._index - 1)

    def next_page(self) -> None:
        self.show_page(self._index + 1)

    def step_zoom(self, step: int) -> None:
        """The next zoom up or down the list (fit-width counts as its own percent)."""
        percents = [zoom for zoom in ZOOMS if zoom != FIT_WIDTH]
        now = self._percent()
        if step > 0:
            chosen = next((zoom for zoom in percents if zoom > now), percents[-1])
        else:
            chosen = next((zoom for zoom in reversed(percents) if zoom < now), percents[0])
        self.zoom.setCurrentIndex(ZOOMS.index(chosen))

    def _percent(self) -> int:
        chosen = self.zoom.currentData()
        if chosen != FIT_WIDTH or self._pages is None:
            return chosen or 100
        width_points, _ = self._pages.page_size(self._index)
        room = max(200, self.scroll.viewport().width() - 24)
        return max(20, int(100 * room / (width_points / POINTS_PER_INCH * SCREEN_DPI)))

    def _show(self) -> None:
        count = self._pages.count if self._pages is not None else 0
        self.page_label.setText(
            self.tr("Trang {page}/{count}").format(page=self._index + 1, count=count)
            if count
            else ""
        )
        self.previous_button.setEnabled(count > 0 and self._index > 0)
        self.next_button.setEnabled(count > 0 and self._index < count - 1)
        for widget in (self.zoom, self.zoom_in_button, self.zoom_out_button):
            widget.setEnabled(count > 0)
        if self._pages is None:
            self.image.resize(self.scroll.viewport().size())
            return
        percent = self._percent()
        key = (self._index, percent)
        pixmap = self._cache.get(key)
        if pixmap is None:
            ratio = self.devicePixelRatioF()
            image = self._pages.image(self._index, SCREEN_DPI * percent / 100 * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            if len(self._cache) > 12:
                self._cache.clear()
            self._cache[key] = pixmap
        self.image.setText("")
        self.image.setPixmap(pixmap)
        self.image.resize(pixmap.deviceIndependentSize().toSize())
        self.page_changed.emit(self._index)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._pages is None or self.zoom.currentData() == FIT_WIDTH:
            self._show()
