"""PDF pages on screen and on paper: the preview and the printing shared by the report
dialog and the walk sheets.

The pages are rendered with PDFium (the `pypdfium2` wheel, a few MB, offline, also on
Windows), so the preview is the very file that will be saved or printed, and printing
draws those same pages on the printer's sheets. QtPdf would do the same but ships only
in the PySide6-Addons wheel, much larger than everything else we bundle; drawing a
document a second time with QPainter would show something else than what is printed.

QtPrintSupport comes with pyside6-essentials; where it is missing (a trimmed build) or
no printer is installed, the officer is told so and offered to save a PDF instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.ui.widgets.form_dialog import ERROR_STYLE
from desktop.ui.widgets.messages import confirm

try:  # part of pyside6-essentials, but a trimmed frozen build may leave it out
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
except ImportError:  # pragma: no cover - depends on the build
    QPrintDialog = QPrinter = QPrinterInfo = None  # type: ignore[assignment, misc]

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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Pages set before the preview was first shown fit its width once it has one (its
        own resize came before the scroll area's)."""
        super().showEvent(event)
        if self._pages is not None and self.zoom.currentData() == FIT_WIDTH:
            self._show()


# --- Printing ----------------------------------------------------------------------------

PRINT_DPI = 300  # enough for text; more only slows the spooler
_DONE_STYLE = "color: #1b5e20;"


def can_print() -> bool:
    """Whether this build has Qt's printing at all."""
    return QPrinter is not None


def printers_installed() -> bool:
    """Whether the system knows at least one printer (a duty-room PC may have none)."""
    return can_print() and bool(QPrinterInfo.availablePrinters())


# What a file name may not hold on Windows (and "/" nowhere).
_NOT_IN_FILE_NAMES = str.maketrans({ch: "-" for ch in '/\\:*?"<>|'})


def file_safe(title: str, fallback: str = "bao-cao") -> str:
    """ "Báo cáo ngày 06/12/2026" → "Báo cáo ngày 06-12-2026": the print dialog makes
    its "print to PDF" file name from the document name, and a slash broke the path."""
    return " ".join(title.translate(_NOT_IN_FILE_NAMES).split()).strip(" .") or fallback


def new_printer(title: str, landscape: bool = False) -> QPrinter:
    """A printer set for A4, portrait or landscape as the document's pages are, the whole
    sheet (the PDF carries its margins)."""
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(file_safe(title))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    return printer


def is_landscape(pages: PdfPages) -> bool:
    """Whether the document's first page is wider than high (the walk sheets are)."""
    if not pages.count:
        return False
    width, height = pages.page_size(0)
    return width > height


def _fitted(image: QImage, width: float, height: float) -> QRectF:
    """Where an image goes on a sheet: as large as fits, its proportions kept, centred."""
    scale = min(width / image.width(), height / image.height())
    drawn_width, drawn_height = image.width() * scale, image.height() * scale
    return QRectF((width - drawn_width) / 2, (height - drawn_height) / 2, drawn_width, drawn_height)


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The system's print dialog (pages, copies, printer); True to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, pages)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def chosen_pages(pages: PdfPages, printer: QPrinter) -> range:
    """The page indexes the print dialog asked for (all when it asked for none)."""
    first, last = printer.fromPage(), printer.toPage()
    if first == 0:
        first, last = 1, pages.count
    return range(first - 1, min(last, pages.count))


def print_pages(
    pages: PdfPages, printer: QPrinter, going_on: Callable[[int], bool] = lambda done: True
) -> int:
    """Draw the pages (those chosen in the print dialog) on the printer; return how many.

    `going_on(pages done)` is asked before each page; False stops the job and the
    spooler drops what was drawn (nothing half-printed), and 0 is returned.
    """
    chosen = chosen_pages(pages, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in; hãy kiểm tra máy in rồi thử lại.")
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for number, index in enumerate(chosen):
            if not going_on(number):
                printer.abort()
                return 0
            if number:
                printer.newPage()
            image = pages.image(index, dpi)
            painter.drawImage(_fitted(image, printer.width(), printer.height()), image)
    finally:
        if painter.isActive():
            painter.end()
    going_on(len(chosen))
    return len(chosen)


def print_with_progress(parent: QWidget, pages: PdfPages, printer: QPrinter, title: str) -> int:
    """Print the pages on `printer` with a progress window and Cancel for a long
    document; return the pages sent (0 when cancelled). UserError when the printer
    cannot be opened."""
    total = len(chosen_pages(pages, printer))
    progress = QProgressDialog(
        parent.tr("Đang gửi trang tới máy in…"), parent.tr("Hủy"), 0, total, parent
    )
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def going_on(done: int) -> bool:
        progress.setValue(done)  # also lets the window repaint and Cancel be pressed
        return not progress.wasCanceled()

    try:
        return print_pages(pages, printer, going_on)
    finally:
        progress.close()
        progress.deleteLater()


def printer_place(printer: QPrinter) -> str:
    """Where the pages went, for the audit trail: the printer's name or the PDF file."""
    return printer.printerName() or printer.outputFileName()


def no_printer_text() -> str:
    if not can_print():
        return _tr("Bản Đèn Khuya này không có chức năng in. Lưu thành tệp PDF để in sau?")
    return _tr(
        "Máy tính này chưa cài máy in nào. Lưu thành tệp PDF để in ở máy khác "
        "hoặc in sau khi đã cài máy in?"
    )


def _tr(text: str) -> str:
    return QCoreApplication.translate("PdfPrinting", text)


# --- Opening a saved PDF -----------------------------------------------------------------


def can_open_files() -> bool:
    """Whether the system can be asked to open a file with its reader: Windows and macOS
    always can; elsewhere only with xdg-open (a bare Linux desk has none)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(QStandardPaths.findExecutable("xdg-open"))


def open_file(path: Path) -> bool:
    """Ask the system to open `path`; False when it cannot (no PDF reader)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_to_open(parent: QWidget, title: str, text: str, path: Path) -> None:
    """Say that `path` was written; offer to open it only where the system can, and
    say where the file is when opening fails."""
    where = _tr("Tệp nằm ở:\n{path}").format(path=path)
    if not can_open_files():
        QMessageBox.information(parent, title, f"{text}\n\n{where}")
        return
    asked = f"{text}\n\n{where}\n\n" + _tr("Mở tệp bây giờ?")
    if confirm(parent, title, asked) and not open_file(path):
        QMessageBox.information(
            parent,
            title,
            _tr("Máy tính này không có chương trình đọc PDF để mở tệp.") + f"\n\n{where}",
        )


# --- A preview window --------------------------------------------------------------------


class PdfPreviewDialog(QDialog):
    """The pages of a PDF made for printing, with "In…" (the system's print dialog),
    "Lưu PDF…" and "Đóng". What to do with a saved file or a finished print job is the
    caller's: it listens to `printed` (where, pages sent) and `save_requested`."""

    printed = Signal(str, int)
    save_requested = Signal()

    def __init__(
        self, pages: PdfPages, title: str, document_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(900, 660)  # fits a 1366×768 screen with the taskbar and title bar
        self._document_name = document_name
        self.preview = PagePreview(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&In…"), self)
        self.print_button.setToolTip(self.tr("Chọn máy in và in (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pages)
        self.save_button = QPushButton(self.tr("&Lưu PDF…"), self)
        self.save_button.setToolTip(self.tr("Lưu thành tệp PDF (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_requested)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        for keys, action in (
            (QKeySequence.StandardKey.Print, self.print_pages),
            (QKeySequence.StandardKey.Save, self.save_requested.emit),
        ):
            QShortcut(keys, self, action)
        self.preview.set_pages(pages)
        self.preview.setFocus()

    @property
    def pages(self) -> PdfPages:
        return self.preview.pages

    def show_status(self, text: str, style: str = "") -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def print_pages(self) -> None:
        """The system's print dialog, then the pages; without a printer, offer a PDF."""
        if not printers_installed():
            if confirm(self, self.tr("Chưa có máy in"), no_printer_text()):
                self.save_requested.emit()
            return
        printer = new_printer(self._document_name, is_landscape(self.pages))
        if ask_printer(self, printer, self.pages.count):
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print on `printer` (a QPrinter already chosen); the pages sent, 0 if none."""
        try:
            sent = print_with_progress(self, self.pages, printer, self.windowTitle())
        except UserError as error:
            self.show_status(str(error), ERROR_STYLE)
            return 0
        if sent == 0:
            self.show_status(self.tr("Đã hủy in; không trang nào được gửi tới máy in."))
            return 0
        self.show_status(
            self.tr("Đã gửi {pages} trang tới máy in.").format(pages=sent), _DONE_STYLE
        )
        self.printed.emit(printer_place(printer), sent)
        return sent

    def forget_pages(self) -> None:
        """Free the pages from memory (the document they came from goes with them)."""
        self.preview.set_pages(None)

    def done(self, result: int) -> None:
        super().done(result)
        self.forget_pages()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.reject()
        event.accept()
