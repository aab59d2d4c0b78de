"""The main window's campaign tab and menu: shortcuts, refresh after saving, and a
household opened from the revisit list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from desktop.ui.campaign.visit_entry_dialog import VisitEntryDialog
from desktop.ui.main_window import MainWindow
from tests.ui.campaign_fixtures import make_campaign_desk


@pytest.fixture
def window(qtbot, database, today, runner):
    desk = make_campaign_desk(database)
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main, desk


def test_the_campaign_menu_shows_its_shortcuts(window):
    main, _ = window
    commands = main.commands
    menu = commands.campaign_menu
    texts = [(a.text(), a.shortcut().toString()) for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        ("Nhập &kết quả đêm…", "Ctrl+K"),
        ("&Duyệt mức 2…", "Ctrl+M"),
        ("Danh sách cần &quay lại", "Ctrl+J"),
        ("&Lập tuyến đêm nay…", "Ctrl+L"),
        ("&Báo cáo…", "Ctrl+R"),
        ("&Ca trực…", ""),
        ("&Tổ công tác…", ""),
        ("C&hiến dịch…", ""),
        ("Thiết lập &báo cáo…", ""),
    ]
    # F2 and Del act on whichever list has the focus; every other key does one thing.
    shortcuts = [
        action.shortcut().toString()
        for action in main.findChildren(type(commands.enter_visits))
        if not action.shortcut().isEmpty()
        and action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut
    ]
    assert len(shortcuts) == len(set(shortcuts))


def test_ctrl_l_opens_one_planning_window(window, monkeypatch):
    from desktop.ui.planning.window import PlanningWindow

    main, _ = window
    monkeypatch.setattr(PlanningWindow, "showMaximized", lambda self: None)
    main.commands.plan_routes.trigger()
    first = main._planning_window
    main.commands.plan_routes.trigger()
    assert isinstance(first, PlanningWindow) and main._planning_window is first


def test_ctrl_r_opens_the_report_dialog(window):
    from desktop.ui.reports.dialog import ReportDialog

    main, _ = window
    opened = []
    main.campaign.exec_dialog = lambda dialog: opened.append(dialog) or 0
    main.commands.make_report.trigger()
    main.commands.edit_report_settings.trigger()
    assert isinstance(opened[0], ReportDialog)
    assert opened[1].windowTitle() == "Thiết lập báo cáo"


def test_ctrl_k_opens_visit_entry_and_a_save_refreshes_the_dashboard(qtbot, window, monkeypatch):
    main, desk = window
    opened = []

    def run(dialog) -> int:
        opened.append(dialog)
        if isinstance(dialog, VisitEntryDialog):
            dialog.saved.emit()  # as after a visit saved
        return 0

    main.campaign.exec_dialog = run
    main.show_dashboard()
    refreshed = []
    monkeypatch.setattr(main.dashboard, "refresh", lambda: refreshed.append(True))

    main.commands.enter_visits.trigger()

    assert isinstance(opened[0], VisitEntryDialog)
    assert opened[0].sheet is not None  # a shift with households to enter was found
    assert refreshed == [True]
    assert QKeySequence("Ctrl+K") == main.commands.enter_visits.shortcut()


def test_the_dashboard_tab_reads_its_figures_when_first_shown(window):
    main, _ = window
    assert main.dashboard.data is None
    main.commands.show_dashboard.trigger()
    assert main.tabs.currentWidget() is main.dashboard
    assert main.dashboard.data is not None
    assert main.dashboard.headline.text().endswith("người đã kích hoạt mức 2")


def test_a_household_from_the_revisit_list_is_selected_in_the_register(window):
    main, desk = window
    main.show_dashboard()
    main.search_box.setText("khong ai")
    main.search_box.search_now()
    household = desk.household("dung")
    row = next(r for r in main.campaign_gateway.revisit_queue() if r.household_id == household)

    main.show_household(household, row.group_id)

    assert main.tabs.currentWidget() is main.stack
    assert main.current_household_id() == household
    assert main.search_box.text() == ""
    assert main.area_tree.current_group_id() == row.group_id  # "Tổ 2"
