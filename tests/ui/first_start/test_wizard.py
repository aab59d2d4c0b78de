"""Thiết lập ban đầu: on a new database the officer types the unit, the station, the
report agencies and (or not) the first administrator, and chooses how to start; Hoàn
tất stores it all, Hủy stores nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.db.models import AuditEntry, Setting, Ward
from desktop.domain.roles import ADMIN, DUTY
from desktop.services import accounts, signed_in
from desktop.services.reporting.settings import REPORT_SETTINGS_KEY, load_report_settings
from desktop.services.signed_in import SignedInAccount
from desktop.ui.accounts.gateway import AccountsGateway
from desktop.ui.first_start.gateway import FirstStartGateway
from desktop.ui.first_start.wizard import FirstStartWizard
from desktop.ui.main_window import MainWindow
from tests.ui.accounts.conftest import ADMIN_PASSWORD, QUICK_HASHER, QUICK_KEYS

ALT = Qt.KeyboardModifier.AltModifier
# The province's suggestions pop up as the officer types; the offscreen platform cannot
# raise them or give them the keyboard, and says so.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch) -> None:
    from desktop.db import keyring

    monkeypatch.setattr(accounts, "HASHER", QUICK_HASHER)
    monkeypatch.setattr(accounts, "_dummy_hash", None)
    monkeypatch.setattr(keyring, "COST", QUICK_KEYS)


class Keys:
    """The officer at the keyboard: types into the field that has the cursor."""

    def __init__(self, qtbot, wizard: QWidget) -> None:
        self.qtbot, self.wizard = qtbot, wizard

    def focused(self) -> QWidget:
        widget = self.wizard.focusWidget()
        assert widget is not None, "no field has the cursor"
        return widget

    def type(self, text: str) -> None:
        """Each character as a key press (QTest knows only ASCII keys: the letters with
        Vietnamese marks come as the text of a key event, as a keyboard layout sends them)."""
        for char in text:
            widget = self.focused()
            if char.isascii():
                self.qtbot.keyClick(widget, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)

    def alt(self, key: Qt.Key, done: Callable[[], bool]) -> None:
        """Alt+key, the underlined letter of a button, which clicks it a moment later
        (Qt shows the button pressed first): waits until `done`."""
        # Mnemonics work in the active window; offscreen, the province's suggestion
        # pop-up keeps the activation after it closes, so the wizard takes it back.
        self.wizard.activateWindow()
        self.qtbot.waitUntil(self.wizard.isActiveWindow)
        self.press(key, ALT)
        self.qtbot.waitUntil(done)

    def tab(self) -> None:
        self.press(Qt.Key.Key_Tab)

    def enter(self) -> None:
        self.press(Qt.Key.Key_Return)


def show(qtbot, wizard: FirstStartWizard) -> None:
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.focusWidget() is wizard.unit_page.province)


@pytest.fixture
def make_wizard(qtbot, database, runner):
    def make(with_accounts: bool = True) -> tuple[FirstStartWizard, Keys]:
        wizard = FirstStartWizard(
            FirstStartGateway(database),
            runner,
            AccountsGateway(database) if with_accounts else None,
            lambda key, parent: QDialog(parent),
        )
        wizard.exec_dialog = lambda dialog: 1
        qtbot.addWidget(wizard)
        show(qtbot, wizard)
        return wizard, Keys(qtbot, wizard)

    return make


def fill_unit(keys: Keys, ward: str = "Phường Cốc Lếu") -> None:
    keys.type("lao cai")
    keys.tab()
    keys.type(ward)
    keys.enter()


def fill_report(keys: Keys) -> None:
    """The agencies as the unit page implied them; the signer's name typed in."""
    for _ in range(3):
        keys.tab()
    keys.type("Nguyễn Văn Thắng")
    keys.enter()


def stored(database):
    with database.session() as session:
        ward = session.query(Ward).one_or_none()
        report = load_report_settings(session)
        settings = {row.key for row in session.query(Setting)}
        ward_values = (
            None
            if ward is None
            else (ward.kind, ward.name, ward.province, ward.station_name)
            + (ward.station_lat, ward.station_lon)
        )
        return ward_values, report, settings


def test_every_page_filled_by_keyboard_stores_the_unit_station_and_reports(make_wizard, database):
    wizard, keys = make_wizard()
    fill_unit(keys)
    assert wizard.currentPage() is wizard.station_page
    keys.type("22.4856, 103.9707")
    keys.enter()
    assert wizard.currentPage() is wizard.report_page
    page = wizard.report_page
    assert page.parent_agency.text() == "Công an tỉnh Lào Cai"
    assert page.issuing_agency.text() == "Công an phường Cốc Lếu"
    assert page.signer_title.text() == "TRƯỞNG CÔNG AN PHƯỜNG"
    fill_report(keys)
    assert wizard.currentPage() is wizard.account_page
    keys.enter()  # nothing typed: no account
    assert wizard.currentPage() is wizard.start_page
    keys.alt(Qt.Key.Key_S, wizard.start_page.empty_choice.isChecked)  # Để trống, thêm hộ sau
    assert "Phường Cốc Lếu, Lào Cai; trụ sở: Công an phường Cốc Lếu" in (
        wizard.start_page.summary.text()
    )
    keys.enter()  # Hoàn tất

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.saved and wizard.start_choice == "empty"
    ward, report, _ = stored(database)
    assert ward == ("Phường", "Cốc Lếu", "Lào Cai", "Công an phường Cốc Lếu", 22.4856, 103.9707)
    assert report.parent_agency == "Công an tỉnh Lào Cai"
    assert report.addressee == "Công an tỉnh Lào Cai"
    assert report.issuing_agency == "Công an phường Cốc Lếu"
    assert report.signer_name == "Nguyễn Văn Thắng"
    assert report.place == "Lào Cai"
    with database.session() as session:
        audited = {(entry.entity_type, entry.entity_key) for entry in session.query(AuditEntry)}
    assert {("ward", "COCLEU"), ("setting", REPORT_SETTINGS_KEY)} <= audited


def test_a_city_heads_the_reports_with_its_city_police(make_wizard, database):
    wizard, keys = make_wizard(with_accounts=False)
    keys.type("ho chi minh")
    keys.tab()
    keys.type("phường  sài gòn")
    keys.tab()
    assert wizard.unit_page.station.text() == "Công an phường sài gòn"
    keys.enter()
    keys.enter()  # no location yet
    assert wizard.report_page.parent_agency.text() == "Công an Thành phố Hồ Chí Minh"
    keys.enter()
    assert wizard.currentPage() is wizard.start_page  # no account page: accounts exist
    keys.alt(Qt.Key.Key_S, wizard.start_page.empty_choice.isChecked)
    keys.enter()

    ward, report, _ = stored(database)
    assert ward[:4] == ("Phường", "Sài Gòn", "Thành phố Hồ Chí Minh", "Công an phường Sài Gòn")
    assert ward[4:] == (None, None)
    assert report.parent_agency == "Công an Thành phố Hồ Chí Minh"


def test_cancel_stores_nothing(make_wizard, database):
    wizard, keys = make_wizard()
    fill_unit(keys)
    keys.type("22.4856, 103.9707")
    keys.enter()
    fill_report(keys)
    keys.press(Qt.Key.Key_Escape)

    assert wizard.result() == QDialog.DialogCode.Rejected
    assert stored(database) == (None, stored(database)[1], set())
    assert not AccountsGateway(database).accounts_exist()


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("48.85, 2.35", "Vĩ độ 48,85 của trụ sở nằm ngoài lãnh thổ Việt Nam"),
        ("103.9707, 22.4856", "hãy nhập vĩ độ trước, kinh độ sau"),
        ("22.48, 120", "Kinh độ 120 của trụ sở nằm ngoài lãnh thổ Việt Nam"),
        ("gần chợ Cốc Lếu", "phải là hai số “vĩ độ, kinh độ”"),
    ],
)
def test_coordinates_outside_vietnam_are_refused_with_a_sentence(make_wizard, typed, sentence):
    wizard, keys = make_wizard()
    fill_unit(keys)
    keys.type(typed)
    keys.enter()

    assert wizard.currentPage() is wizard.station_page
    assert sentence in wizard.station_page.error_label.text()
    assert wizard.focusWidget() is wizard.station_page.location
    keys.type("22,4856; 103,9707")  # the mistake is selected: typing replaces it
    keys.enter()
    assert wizard.currentPage() is wizard.report_page
    assert wizard.location == (22.4856, 103.9707)


def test_a_ward_without_its_kind_or_an_unknown_province_is_refused(make_wizard):
    wizard, keys = make_wizard()
    keys.type("Hà Giang")  # merged into Tuyên Quang in 2025
    keys.tab()
    keys.type("Cốc Lếu")
    keys.enter()
    page = wizard.unit_page
    assert wizard.currentPage() is page
    assert "không phải một trong 34 tỉnh, thành phố từ năm 2025" in page.error_label.text()
    page.province.setCurrentText("Tuyên Quang")
    keys.enter()
    assert wizard.currentPage() is page
    assert "“Phường …”, “Xã …” hoặc “Đặc khu …”" in page.error_label.text()
    assert wizard.focusWidget() is page.ward


def test_the_account_page_makes_the_first_administrator(make_wizard, database):
    wizard, keys = make_wizard()
    keys_shown: list[QDialog] = []
    wizard.exec_dialog = lambda dialog: keys_shown.append(dialog) or 1
    fill_unit(keys)
    keys.enter()
    fill_report(keys)
    keys.type("quan.tri")
    keys.tab()
    keys.type("Nguyễn Văn Quản")
    keys.tab()
    keys.type(ADMIN_PASSWORD)
    keys.tab()
    keys.type("sai-mat-khau")
    keys.enter()
    assert "không khớp" in wizard.account_page.error_label.text()
    keys.type(ADMIN_PASSWORD)
    keys.enter()
    assert wizard.currentPage() is wizard.start_page
    assert "Tài khoản quản trị: quan.tri" in wizard.start_page.summary.text()
    keys.alt(Qt.Key.Key_S, wizard.start_page.empty_choice.isChecked)
    keys.enter()

    assert wizard.account_created and wizard.saved
    assert len(keys_shown) == (1 if database.can_encrypt or database.encrypted else 0)
    assert signed_in.current().name == "quan.tri"
    assert AccountsGateway(database).accounts_exist()
    assert stored(database)[0][:2] == ("Phường", "Cốc Lếu")
    with database.session() as session:
        assert session.get(Setting, REPORT_SETTINGS_KEY) is not None


def test_skipping_the_account_page_leaves_no_account(make_wizard, database):
    wizard, keys = make_wizard()
    fill_unit(keys)
    keys.enter()
    fill_report(keys)
    keys.type("quan.tri")  # begun, then left for later
    keys.alt(Qt.Key.Key_S, lambda: wizard.currentPage() is wizard.start_page)  # Để sau
    assert "Chưa tạo tài khoản (để sau)" in wizard.start_page.summary.text()
    keys.alt(Qt.Key.Key_S, wizard.start_page.empty_choice.isChecked)
    keys.enter()

    assert wizard.saved and not wizard.account_created
    assert not AccountsGateway(database).accounts_exist()
    assert signed_in.current() is None


# From the window ---------------------------------------------------------------------


@pytest.fixture
def window(qtbot, database, runner, today) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def finish_with(choice_key: Qt.Key):
    """Answers the wizard as the officer would: the unit, no location, no account."""

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, FirstStartWizard)
        show(dialog._qtbot, dialog)
        keys = Keys(dialog._qtbot, dialog)
        fill_unit(keys)
        keys.enter()
        keys.enter()
        keys.enter()
        page = dialog.start_page
        button = {Qt.Key.Key_N: page.import_choice, Qt.Key.Key_P: page.demo_choice}[choice_key]
        if not button.isChecked():
            keys.alt(choice_key, button.isChecked)
        keys.enter()
        return dialog.result()

    return answer


def test_the_import_choice_opens_the_import_wizard(window, qtbot, monkeypatch, database):
    opened: list[str] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(type(dialog).__name__))
    monkeypatch.setattr(FirstStartWizard, "_qtbot", qtbot, raising=False)
    window.campaign.exec_dialog = finish_with(Qt.Key.Key_N)

    window.set_up_first_start()

    assert opened == ["ImportWizard"]
    assert window.windowTitle() == "Đèn Khuya — Công an phường Cốc Lếu"
    assert stored(database)[0][:3] == ("Phường", "Cốc Lếu", "Lào Cai")


def test_the_demo_choice_makes_the_practice_ward_instead(window, qtbot, monkeypatch, database):
    made: list[tuple] = []
    monkeypatch.setattr(
        window.gateway,
        "create_demo_ward",
        lambda households, ward_name, today, progress: made.append((households, ward_name)),
    )
    monkeypatch.setattr(FirstStartWizard, "_qtbot", qtbot, raising=False)
    window.campaign.exec_dialog = finish_with(Qt.Key.Key_P)

    window.set_up_first_start()

    assert made == [(2500, "Cốc Lếu")]
    assert stored(database)[0] is None  # the practice ward brings its own unit


def test_the_menu_offers_the_wizard_while_no_account_exists(window):
    assert window.commands.first_start.isVisible()
    assert window.commands.first_start.text() == "Thiết lập &ban đầu…"


def test_from_the_menu_the_stored_unit_is_shown_and_changed(qtbot, database, small_ward, runner):
    wizard = FirstStartWizard(FirstStartGateway(database), runner, None)
    qtbot.addWidget(wizard)
    show(qtbot, wizard)
    keys = Keys(qtbot, wizard)
    page = wizard.unit_page
    assert page.province.currentText() == "Lào Cai"
    assert page.ward.text() == "Phường Cốc Lếu"
    assert page.station.text() == "Công an phường Cốc Lếu"
    keys.tab()
    keys.tab()
    keys.press(Qt.Key.Key_End)
    keys.type(" (cơ sở 2)")
    keys.enter()
    assert wizard.station_page.location.text() == "22.490000, 103.970000"
    keys.enter()
    keys.enter()
    page = wizard.start_page
    assert not page.demo_choice.isVisible()  # the ward has households: no practice ward
    keys.alt(Qt.Key.Key_S, page.empty_choice.isChecked)
    keys.enter()

    ward, report, _ = stored(database)
    station = "Công an phường Cốc Lếu (cơ sở 2)"
    assert ward == ("Phường", "Cốc Lếu", "Lào Cai", station, 22.49, 103.97)
    assert report.issuing_agency == "Công an phường Cốc Lếu (cơ sở 2)"
    with database.session() as session:
        (change,) = session.query(AuditEntry).filter_by(entity_type="ward", action="update")
    assert change.changes == {
        "station_name": ["Công an phường Cốc Lếu", "Công an phường Cốc Lếu (cơ sở 2)"]
    }


@pytest.mark.parametrize(("role", "offered"), [(ADMIN, True), (DUTY, False)])
def test_the_menu_offers_the_wizard_to_administrators_only(window, role, offered):
    signed_in.sign_in(SignedInAccount(id=1, name="a", display_name="A", role=role))
    window.show_allowed()
    assert window.commands.first_start.isVisible() is offered
