"""Trợ giúp → Hướng dẫn sử dụng (F1): the user guide, offline, inside the program.

The pages are plain HTML files with one small style sheet and pictures of the demo
ward (resources/help/), shown in a QTextBrowser: links between pages, back and forward
(Alt+← / Alt+→), the contents on the left, pictures that open full size when clicked,
and a search within the page (Ctrl+F) that
finds words typed with or without diacritics ("phim tat" finds "phím tắt"). Pressing
F1 here goes back to the first page; Esc clears the search, then closes the window.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from desktop.ui.help.pages import CONTENTS, INDEX, help_folder, page_path, page_title
from desktop.ui.widgets.icons import app_icon

PAGE_ROLE = Qt.ItemDataRole.UserRole
NARROWEST_PICTURE = 360
PICTURE = ".png"


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one ("Đường" → "duong"), so
    that a position in the folded text is the same position in the text."""
    return "".join(
        "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[:1].lower() or char
        for char in text
    )


class HelpBrowser(QTextBrowser):
    """The page view. Pictures are shrunk smoothly to the width of the view (Qt scales
    an <img width> pixel by pixel, which makes a window's small print unreadable) and
    shrunk again when the view is resized; a click on a picture shows it full size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self.follow)
        self._shrunk_to = 0
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(200)
        self._resized.timeout.connect(self._reload_pictures)
        self.picture: PictureWindow | None = None

    def picture_width(self) -> int:
        """The widest picture that fits the view, once the page's scroll bar shows."""
        margins = 2 * int(self.document().documentMargin()) + 8
        scroll_bar = self.verticalScrollBar()
        if not scroll_bar.isVisible():  # a long page gets one after this layout
            margins += self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(NARROWEST_PICTURE, self.viewport().width() - margins)

    def loadResource(self, kind: int, url: QUrl) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = QImage(self._resolved(url).toLocalFile())
            if not image.isNull():
                self._shrunk_to = self.picture_width()
                if image.width() > self._shrunk_to:
                    image = image.scaledToWidth(
                        self._shrunk_to, Qt.TransformationMode.SmoothTransformation
                    )
                return image
        return super().loadResource(kind, url)

    def _resolved(self, url: QUrl) -> QUrl:
        return self.source().resolved(url) if url.isRelative() else url

    @Slot(QUrl)
    def follow(self, url: QUrl) -> None:
        """A link: another page (or a place in this one), or a picture to see full size."""
        target = self._resolved(url)
        if target.path().endswith(PICTURE):
            self.show_picture(target)
        else:
            self.setSource(target)

    def show_picture(self, url: QUrl) -> None:
        if self.picture is None:
            self.picture = PictureWindow(self)
        self.picture.show_file(url.toLocalFile())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._shrunk_to and abs(self.picture_width() - self._shrunk_to) > 40:
            self._resized.start()

    def _reload_pictures(self) -> None:
        """Lay the page out again with its pictures at the new width, where it was."""
        scrolled = self.verticalScrollBar().value()
        self.reload()
        self.verticalScrollBar().setValue(scrolled)


class PictureWindow(QScrollArea):
    """A picture of the guide at its full size, in a window of its own (Esc closes)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.label = QLabel(self)
        self.setWidget(self.label)
        close = QAction(self)
        close.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        close.triggered.connect(self.close)
        self.addAction(close)

    def show_file(self, path: str) -> None:
        pixmap = QPixmap(path)
        self.label.setPixmap(pixmap)
        self.label.resize(pixmap.size())
        self.setWindowTitle(self.tr("Hình minh họa — Hướng dẫn sử dụng Đèn Khuya"))
        self.resize(min(pixmap.width() + 24, 1300), min(pixmap.height() + 24, 720))
        self.show()
        self.raise_()
        self.activateWindow()


class HelpWindow(QMainWindow):
    """The guide: contents on the left, the page on the right, a search bar on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn sử dụng — Đèn Khuya"))
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = HelpBrowser(self)
        self.browser.setObjectName("helpPage")
        self.browser.setSearchPaths([str(help_folder())])
        self.contents = QListWidget(self)
        self.contents.setObjectName("helpContents")
        self.contents.setAccessibleName(self.tr("Mục lục"))
        for page in CONTENTS:
            item = QListWidgetItem(page_title(page), self.contents)
            item.setData(PAGE_ROLE, page)
        self.contents.currentItemChanged.connect(self._contents_chosen)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 800])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self._build_toolbar()
        self.browser.sourceChanged.connect(self._page_changed)
        self.browser.backwardAvailable.connect(self.back_action.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_action.setEnabled)
        self.resize(1060, 700)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Điều hướng"), self)
        bar.setMovable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.back_action = self._action(bar, self.tr("← Trang trước"), "Alt+Left", self.back)
        self.forward_action = self._action(
            bar, self.tr("Trang sau →"), "Alt+Right", self.browser.forward
        )
        self.home_action = self._action(
            bar, self.tr("Buổi tối từng bước"), "F1", lambda: self.open_page(INDEX)
        )
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)
        bar.addSeparator()
        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("helpFind")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setPlaceholderText(self.tr("Tìm trong trang (Ctrl+F), không dấu cũng được"))
        self.find_field.setMaximumWidth(340)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textEdited.connect(lambda _text: self.find_next(from_start=True))
        bar.addWidget(self.find_field)
        self.find_status = QLabel(self)
        self.find_status.setContentsMargins(8, 0, 0, 0)
        bar.addWidget(self.find_status)
        self._action(None, self.tr("Tìm"), QKeySequence.StandardKey.Find, self._focus_find)
        self._action(None, self.tr("Tìm tiếp"), QKeySequence.StandardKey.FindNext, self.find_next)
        self._action(None, self.tr("Đóng"), "Esc", self._escape)

    def _action(self, bar: QToolBar | None, text: str, keys, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.triggered.connect(lambda _checked=False: slot())
        if bar is not None:
            bar.addAction(action)
        self.addAction(action)
        return action

    def _escape(self) -> None:
        """Esc clears the search being typed, else closes the guide."""
        if self.find_field.hasFocus() and self.find_field.text():
            self.find_field.clear()
            self.find_next()
        else:
            self.close()

    # Pages -----------------------------------------------------------------------------

    def open_page(self, page: str) -> None:
        """Show a page by its file name, with an anchor or not ("duyet.html#huy")."""
        name, _hash, anchor = page.partition("#")
        url = QUrl.fromLocalFile(str(page_path(name)))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def current_page(self) -> str:
        """The file name of the page shown ("lo-trinh.html")."""
        return self.browser.source().fileName()

    def back(self) -> None:
        self.browser.backward()

    @Slot(QUrl)
    def _page_changed(self, url: QUrl) -> None:
        self.setWindowTitle(
            self.tr("{title} — Hướng dẫn sử dụng Đèn Khuya").format(
                title=self.browser.documentTitle() or page_title(url.fileName())
            )
        )
        self.contents.blockSignals(True)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(PAGE_ROLE) == url.fileName():
                self.contents.setCurrentItem(item)
        self.contents.blockSignals(False)
        self.find_status.clear()

    def _contents_chosen(self, item: QListWidgetItem | None, _before: object) -> None:
        if item is not None:
            self.open_page(item.data(PAGE_ROLE))

    # Finding in the page ---------------------------------------------------------------

    def _focus_find(self) -> None:
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()

    def find_next(self, from_start: bool = False) -> bool:
        """Select the next place of the page where the searched words stand (folded:
        no case, no diacritics), going round to the top; False when there is none."""
        wanted = fold(self.find_field.text().strip())
        cursor = self.browser.textCursor()
        if not wanted:
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            self.find_status.clear()
            return False
        text = fold(self.browser.document().toRawText())
        start = 0 if from_start else cursor.selectionEnd()
        found = text.find(wanted, start)
        if found < 0:
            found = text.find(wanted)
        if found < 0:
            self.find_status.setText(self.tr("Không thấy trong trang này."))
            return False
        cursor.setPosition(found)
        cursor.setPosition(found + len(wanted), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        self.find_status.clear()
        return True
