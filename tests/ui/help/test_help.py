"""The user guide: F1 opens the page of the window in front, every page, link and picture
exists, every window's page is real, and the guide's own window (contents, history,
search without diacritics, pictures full size)."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenuBar, QMessageBox, QWidget

import desktop
from desktop.ui.help.help_key import HelpKey
from desktop.ui.help.help_window import HelpWindow, fold
from desktop.ui.help.pages import (
    CONTENTS,
    HELP_PAGE,
    INDEX,
    REFUSALS,
    help_folder,
    page_for,
    page_title,
    shortcut_table,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.planning.window import PlanningWindow
from desktop.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

# Offscreen, Qt cannot bring a window to the front, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

HELP = help_folder()
IMAGE_BUDGET = 3 * 1024 * 1024
WIDEST_PICTURE = 1000


class _Page(HTMLParser):
    """What a page links to, shows and names as anchors."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"] or "")
        if tag == "img":
            self.images.append(values.get("src") or "")


def read_page(name: str) -> _Page:
    page = _Page()
    page.feed((HELP / name).read_text(encoding="utf-8"))
    return page


def assert_is_a_page(target: str, where: str) -> None:
    """`target` ("lo-trinh.html", "chien-dich.html#ca-truc") names a page and anchor."""
    name, _hash, anchor = target.partition("#")
    assert name in CONTENTS, f"{where}: {target} is not a page of the guide"
    if anchor:
        assert anchor in read_page(name).anchors, f"{where}: {name} has no anchor “{anchor}”"


def show_active(qtbot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press_f1(window: QWidget) -> None:
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)


# The pages ------------------------------------------------------------------------------


def test_every_page_of_the_contents_exists_with_a_vietnamese_title():
    for name in CONTENTS:
        assert (HELP / name).is_file(), name
        assert page_title(name) != name, f"{name} has no <title>"
    assert page_title(INDEX) == "Buổi tối trực ban từng bước"
    on_disk = {path.name for path in HELP.glob("*.html")}
    assert on_disk == set(CONTENTS), "a page is missing from the contents, or the reverse"


def test_every_link_leads_to_a_page_anchor_or_picture_that_exists():
    for name in CONTENTS:
        for link in read_page(name).links:
            assert "://" not in link, f"{name}: {link} leaves the guide (the desk is offline)"
            if link.startswith("#"):
                assert link[1:] in read_page(name).anchors, f"{name}: no anchor {link}"
            elif link.endswith(".png"):
                assert (HELP / link).is_file(), f"{name}: {link}"
            else:
                assert_is_a_page(link, name)


def test_every_picture_shown_exists_and_every_picture_is_shown():
    shown = set()
    for name in CONTENTS:
        for source in read_page(name).images:
            assert (HELP / source).is_file(), f"{name}: {source}"
            shown.add(source)
    pictures = {f"img/{path.name}" for path in (HELP / "img").glob("*.png")}
    assert pictures == shown, "a picture is not shown, or one shown is missing"


def test_the_pictures_are_small_and_at_most_a_thousand_pixels_wide():
    pictures = list((HELP / "img").glob("*.png"))
    assert sum(path.stat().st_size for path in pictures) < IMAGE_BUDGET
    for path in pictures:
        image = QImage(str(path))
        assert not image.isNull(), path
        assert image.width() <= WIDEST_PICTURE, path


def test_every_window_that_names_a_page_names_a_real_one():
    named = []
    for path in Path(desktop.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "setProperty"
                and len(node.args) == 2
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == HELP_PAGE
            ):
                assert isinstance(node.args[1], ast.Constant), f"{path}:{node.lineno}"
                assert_is_a_page(node.args[1].value, f"{path.name}:{node.lineno}")
                named.append(node.args[1].value)
    pages = {page.partition("#")[0] for page in named}
    assert {"lo-trinh.html", "nhap-ket-qua.html", "duyet.html", "bao-cao.html"} <= pages


def test_the_shortcut_page_lists_the_main_window_s_shortcuts_as_its_menus_have_them(
    qtbot, database, today, runner
):
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    page = (HELP / "phim-tat.html").read_text(encoding="utf-8")
    assert shortcut_table(shortcut_rows(window.menuBar())) in page, (
        "the menus' shortcuts changed: run python tools/help_screenshots.py"
    )
    assert '<td>Hướng dẫn sử dụng</td><td class="phim">F1</td>' in page


# Which page a window asks for -----------------------------------------------------------


def test_a_widget_takes_the_page_of_the_nearest_window_that_names_one(qapp):
    outer = QWidget()
    outer.setProperty(HELP_PAGE, "chien-dich.html#ca-truc")
    inner = QWidget(outer)
    assert page_for(inner) == "chien-dich.html#ca-truc"
    assert page_for(QWidget()) == INDEX
    box = QMessageBox()
    assert page_for(box) == REFUSALS
    box.setProperty(HELP_PAGE, "sao-luu.html#khoi-phuc")
    assert page_for(box) == "sao-luu.html#khoi-phuc"
    for widget in (outer, box):
        widget.deleteLater()


def test_f1_in_the_planning_window_opens_the_planning_page(
    qtbot, database, runner, today, small_ward, monkeypatch
):
    from desktop.ui.planning import window as planning_window

    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    keeper = QWidget()
    qtbot.addWidget(keeper)
    help_key = HelpKey(keeper)
    planning = PlanningWindow(database, runner, lambda: today)
    qtbot.addWidget(planning)
    show_active(qtbot, planning)

    press_f1(planning)

    guide = help_key.window
    assert guide is not None and guide.isVisible()
    assert guide.current_page() == "lo-trinh.html"
    assert guide.parentWidget() is planning  # above it, and not blocked by it
    assert guide.windowTitle().startswith("Lập tuyến đêm nay")


def test_f1_in_a_dialog_opens_its_page_as_a_window_of_that_dialog(qtbot):
    keeper = QWidget()
    qtbot.addWidget(keeper)
    help_key = HelpKey(keeper)
    menus = QMenuBar()
    qtbot.addWidget(menus)
    dialog = ShortcutsDialog(menus)
    qtbot.addWidget(dialog)
    dialog.setModal(True)  # a modal dialog blocks every window but its own
    show_active(qtbot, dialog)

    press_f1(dialog)

    guide = help_key.window
    assert guide is not None
    assert guide.current_page() == "phim-tat.html"
    assert guide.parentWidget() is dialog


def test_the_guide_s_own_windows_keep_their_f1(qtbot):
    keeper = QWidget()
    qtbot.addWidget(keeper)
    help_key = HelpKey(keeper)
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.open_page("lo-trinh.html")
    guide.browser.follow(QUrl("img/lo-trinh.png"))
    for window in (guide, guide.browser.picture):
        help_key.watch(window)
        assert not window.findChildren(QShortcut)
    guide.open_page("duyet.html")
    guide.home_action.trigger()  # F1 in the guide: its first page
    assert guide.current_page() == INDEX


def test_f1_in_the_main_window_opens_the_page_of_the_tab_in_use(qtbot, database, today, runner):
    window = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert window.commands.help.shortcut().toString() == "F1"
    help_menu = window.menuBar().actions()[-1].menu()
    assert window.commands.help in help_menu.actions()

    window.search_box.setFocus()
    press_f1(window)
    assert window.help_key.window is not None
    assert window.help_key.window.current_page() == "ho-dan.html"

    window.show_dashboard()
    window.commands.help.trigger()
    assert window.help_key.window.current_page() == "tien-do.html"


# The guide's window ---------------------------------------------------------------------


@pytest.fixture
def guide(qtbot) -> HelpWindow:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_contents_list_every_page_and_follow_the_page_shown(guide):
    assert guide.contents.count() == len(CONTENTS)
    assert guide.contents.item(0).text() == "Buổi tối trực ban từng bước"
    guide.open_page("duyet.html#huy")
    assert guide.current_page() == "duyet.html"
    assert guide.contents.currentItem().text() == page_title("duyet.html")
    guide.contents.setCurrentRow(CONTENTS.index("bao-cao.html"))
    assert guide.current_page() == "bao-cao.html"


def test_back_and_forward_go_through_the_pages_seen(guide):
    guide.open_page(INDEX)
    guide.browser.follow(QUrl("lo-trinh.html"))
    assert guide.current_page() == "lo-trinh.html"
    assert guide.back_action.isEnabled()
    guide.back_action.trigger()
    assert guide.current_page() == INDEX
    guide.forward_action.trigger()
    assert guide.current_page() == "lo-trinh.html"


def test_search_in_the_page_finds_words_typed_without_diacritics(guide):
    guide.open_page("phim-tat.html")
    guide.find_field.setText("huy kich hoat")
    assert guide.find_next(from_start=True)
    assert guide.browser.textCursor().selectedText().lower() == "hủy kích hoạt"
    guide.find_field.setText("không có trong trang")
    assert not guide.find_next()
    assert guide.find_status.text() == "Không thấy trong trang này."


def test_folding_keeps_every_letter_in_its_place():
    assert fold("Đường Hoàng Liên") == "duong hoang lien"
    text = "Bấm Ctrl+K (Nhập kết quả đêm…)"
    assert len(fold(text)) == len(text)


def test_pictures_fit_the_page_and_open_full_size_when_clicked(guide):
    guide.open_page("lo-trinh.html")
    QApplication.processEvents()
    shown = guide.browser.loadResource(2, QUrl("img/lo-trinh.png"))  # 2: ImageResource
    assert isinstance(shown, QImage)
    assert shown.width() <= guide.browser.viewport().width()
    guide.browser.follow(QUrl("img/lo-trinh.png"))
    picture = guide.browser.picture
    assert picture is not None and picture.isVisible()
    assert picture.label.pixmap().width() == QImage(str(HELP / "img/lo-trinh.png")).width()
    assert guide.current_page() == "lo-trinh.html"  # the page stays


def test_every_page_reads_without_a_missing_picture(guide):
    for name in CONTENTS:
        guide.open_page(name)
        html = (HELP / name).read_text(encoding="utf-8")
        for source in re.findall(r'<img src="([^"]+)"', html):
            assert isinstance(guide.browser.loadResource(2, QUrl(source)), QImage), source
