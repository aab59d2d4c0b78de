"""The user guide's pages (resources/help/), and which page a window asks for.

A window names its page with a Qt property, so nothing here knows the windows:

    self.setProperty(HELP_PAGE, "lo-trinh.html")        # in the window's __init__
    self.setProperty(HELP_PAGE, "chien-dich.html#ca-truc")

`page_for(widget)` walks from the widget up through its parents (and the windows that
opened it) to the first one that names a page; a message box without one opens the
page on refusals; anything else the guide's first page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.resources import resource_path

HELP_PAGE = "help_page"  # the property a window sets to the file name of its page
INDEX = "index.html"
REFUSALS = "tu-choi.html"
# The pages in the order of the contents list.
CONTENTS = (
    INDEX,
    "ho-dan.html",
    "nhap-danh-sach.html",
    "chien-dich.html",
    "lo-trinh.html",
    "ban-do.html",
    "nhap-ket-qua.html",
    "duyet.html",
    "tien-do.html",
    "bao-cao.html",
    "sao-luu.html",
    "tai-khoan.html",
    "nhat-ky.html",
    "phim-tat.html",
    REFUSALS,
)
# Where tools/help_screenshots.py writes the main window's shortcuts into phim-tat.html.
TABLE_START = "<!-- bảng phím tắt của cửa sổ chính: tools/help_screenshots.py viết lại -->"
TABLE_END = "<!-- hết bảng phím tắt của cửa sổ chính -->"

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)

ShortcutRows = list[tuple[str, list[tuple[str, str]]]]


def help_folder() -> Path:
    return resource_path("help")


def page_path(page: str) -> Path:
    """The file of a page ("chien-dich.html#ca-truc" → …/chien-dich.html)."""
    return help_folder() / page.partition("#")[0]


def page_title(page: str) -> str:
    """The page's <title>, as the contents list shows it (its file name if unreadable)."""
    try:
        found = _TITLE.search(page_path(page).read_text(encoding="utf-8"))
    except OSError:  # a page missing from the bundle: the guide still opens
        return page
    return html.unescape(found.group(1).strip()) if found else page


def page_for(widget: QWidget | None) -> str:
    """The page for the widget: its own, or that of the nearest widget above it (its
    parents, then the window that opened it) which names one."""
    current = widget
    while current is not None:
        page = current.property(HELP_PAGE)
        if isinstance(page, str) and page:
            return page
        if isinstance(current, QMessageBox):
            return REFUSALS  # Qt's boxes name no page: most of them say no
        current = current.parentWidget()
    return INDEX


def shortcut_table(rows: ShortcutRows) -> str:
    """The HTML table of the main window's shortcuts, menu by menu (rows as
    desktop.ui.shortcuts_dialog.shortcut_rows reads them from the menus)."""
    lines = ['<table class="bang" cellspacing="0" cellpadding="4" border="1" width="100%">']
    for menu, actions in rows:
        lines.append(f'<tr><th colspan="2">Trình đơn {html.escape(menu)}</th></tr>')
        lines.extend(
            f'<tr><td>{html.escape(action)}</td><td class="phim">{html.escape(keys)}</td></tr>'
            for action, keys in actions
        )
    lines.append("</table>")
    return "\n".join(lines)


def with_shortcut_table(page_text: str, rows: ShortcutRows) -> str:
    """The page with the table between its two markers made anew from `rows`."""
    start = page_text.index(TABLE_START) + len(TABLE_START)
    end = page_text.index(TABLE_END)
    return page_text[:start] + "\n" + shortcut_table(rows) + "\n" + page_text[end:]
