"""Printing a report's pages: each PDF page drawn on a sheet of the printer's paper.

QtPrintSupport comes with pyside6-essentials; where it is missing (a trimmed build),
the report is saved as a PDF in the temporary folder and opened with the system's PDF
reader, which prints it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import UserError
from desktop.ui.reports.preview import PdfPages

PRINT_DPI = 300  # enough for text; more only slows the spooler

try:  # part of pyside6-essentials, but a trimmed frozen build may leave it out
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
except ImportError:  # pragma: no cover - depends on the build
    QPrintDialog = QPrinter = None  # type: ignore[assignment, misc]


def can_print() -> bool:
    return QPrinter is not None


# What a file name may not hold on Windows (and "/" nowhere).
_NOT_IN_FILE_NAMES = str.maketrans({ch: "-" for ch in '/\\:*?"<>|'})


def file_safe(title: str) -> str:
    """ "Báo cáo ngày 06/12/2026" → "Báo cáo ngày 06-12-2026": the print dialog makes
    its "print to PDF" file name from the document name, and a slash broke the path."""
    return " ".join(title.translate(_NOT_IN_FILE_NAMES).split()).strip(" .") or "bao-cao"


def new_printer(title: str) -> QPrinter:
    """A printer set for A4 portrait, the whole sheet (the PDF carries its margins)."""
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(file_safe(title))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


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
            painter.drawImage(QRectF(0, 0, printer.width(), printer.height()), image)
    finally:
        if painter.isActive():
            painter.end()
    going_on(len(chosen))
    return len(chosen)


def open_in_pdf_reader(pages: PdfPages, name: str) -> Path:
    """Without QtPrintSupport: save the PDF in the temporary folder and open it."""
    path = Path(tempfile.gettempdir()) / name
    path.write_bytes(pages.data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path
