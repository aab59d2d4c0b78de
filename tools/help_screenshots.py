"""The user guide's pictures, made from the demo ward so that they stay current.

    python tools/help_screenshots.py            (from the repository root)

Makes the demo ward (`denkhuya demo`, fixed seed and day) in a temporary folder, opens
each window of the program on it without a screen (QT_QPA_PLATFORM=offscreen) at the
size it has on a 1366×768 duty-room screen, and saves what it shows into
resources/help/img/ as PNGs at most MAX_WIDTH pixels wide. It also writes the main
window's shortcut table into resources/help/phim-tat.html, read from the menus
themselves (tests/ui/help/test_help.py checks that the page still says the same).

Run it again after a window changes, then look at the pictures. Nothing of the user's
own data is read: the database, the data folder and the files imported or exported
live in the temporary folder, removed at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELP = ROOT / "resources" / "help"
IMAGES = HELP / "img"
MAX_WIDTH = 1000
SCREEN = (1366, 768)  # the duty room's usual screen
DEMO_DAY = date(2026, 11, 30)  # a night of the demo campaign with results to show
PLAN_SECONDS = 3.0

WORK = Path(tempfile.mkdtemp(prefix="denkhuya-help-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_DATA_HOME"] = str(WORK / "data")  # the log and copies stay in WORK
os.environ.pop("DENKHUYA_DB", None)
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget  # noqa: E402

from desktop.app import make_application  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402
from desktop.services.demo import DemoOptions, create_demo_ward  # noqa: E402
from desktop.ui.widgets.task_runner import TaskRunner  # noqa: E402


def settle() -> None:
    """Let the window lay itself out and paint (nothing runs in the background here)."""
    for _ in range(3):
        QCoreApplication.processEvents()


def save(widget: QWidget, name: str) -> Path:
    """Grab the widget (a whole window with its frame-less contents) into img/NAME.png."""
    settle()
    image = widget.grab().toImage()
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    path = IMAGES / f"{name}.png"
    if not image.save(str(path), "PNG", 0):  # 0: smallest file
        raise OSError(f"Không ghi được {path}")
    fewer_colours(path)
    size = path.stat().st_size // 1024
    print(f"{path.relative_to(ROOT)}: {image.width()}×{image.height()}, {size} KB")
    return path


def fewer_colours(path: Path) -> None:
    """256 colours are plenty for a window: the PNG shrinks to about a third. Done with
    Pillow (reportlab's dependency) when it is there; the full-colour PNG stays else."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        fewer = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    fewer.save(path, optimize=True)


def show(widget: QWidget, size: tuple[int, int] | None = None) -> QWidget:
    if size is not None:
        widget.resize(*size)
    widget.show()
    widget.raise_()
    widget.activateWindow()
    settle()
    return widget


def demo_database() -> Database:
    folder = WORK / "DenKhuya"  # as the data folder is named on the desk's computer
    folder.mkdir()
    database = open_database(f"sqlite:///{folder / 'denkhuya.sqlite3'}")
    with database.session(writing=True) as session:
        create_demo_ward(session, DemoOptions(today=DEMO_DAY))
    return database


def write_shortcut_table(rows: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """The main window's shortcuts, as its menus have them, into phim-tat.html."""
    from desktop.ui.help.pages import with_shortcut_table

    page = HELP / "phim-tat.html"
    page.write_text(with_shortcut_table(page.read_text(encoding="utf-8"), rows), encoding="utf-8")
    print(f"{page.relative_to(ROOT)}: {sum(len(actions) for _menu, actions in rows)} phím tắt")


SHOTS: list[Callable[[Database, TaskRunner], None]] = []


def shot(function: Callable[[Database, TaskRunner], None]) -> Callable:
    SHOTS.append(function)
    return function


class ModalShots:
    """While active, a modal dialog (exec) is shown, handed to `prepare`, saved as
    img/NAME.png and closed instead of waiting for a user; `names` are used in order."""

    def __init__(self, *names: str, prepare: Callable[[QDialog], None] | None = None) -> None:
        self.names = list(names)
        self.prepare = prepare
        self._saved: dict[type, Callable] = {}

    def _exec(self, dialog: QDialog) -> int:
        name = self.names.pop(0)  # before `prepare`, which may open the next one
        show(dialog)
        if self.prepare is not None:
            self.prepare(dialog)
        save(dialog, name)
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    def __enter__(self) -> ModalShots:
        for owner in (QDialog, QMessageBox):
            self._saved[owner] = owner.exec
            owner.exec = lambda dialog, *_args: self._exec(dialog)  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, method in self._saved.items():
            owner.exec = method  # type: ignore[method-assign]
        if exc[0] is None and self.names:
            raise RuntimeError(f"Không có cửa sổ nào mở cho: {self.names}")


@contextmanager
def quiet_boxes() -> Iterator[None]:
    """Message boxes answered at once (Yes, OK) instead of waiting; their text printed."""
    saved = {kind: getattr(QMessageBox, kind) for kind in ("information", "question", "warning")}

    def answer(_parent: object, title: str, text: str, *_args: object) -> object:
        print(f"  [{title}] {text}")
        return QMessageBox.StandardButton.Yes

    for kind in saved:
        setattr(QMessageBox, kind, answer)
    try:
        yield
    finally:
        for kind, method in saved.items():
            setattr(QMessageBox, kind, method)


def press(widget: QWidget, *keys: Qt.Key | str) -> None:
    for key in keys:
        if isinstance(key, str):
            QTest.keyClicks(widget, key)
        else:
            QTest.keyClick(widget, key)
    settle()


@shot
def main_window(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.shortcuts_dialog import shortcut_rows

    window = MainWindow(database, today=lambda: DEMO_DAY, runner=runner)
    show(window, SCREEN)
    write_shortcut_table(shortcut_rows(window.menuBar()))
    window.search_box.setText("nguyen van")
    window.search_box.search_requested.emit("nguyen van")
    settle()
    window.household_view.setCurrentIndex(window.households.index(1, 0))
    save(window, "ho-dan")
    with ModalShots("ho-sua", "chon-vi-tri", prepare=pick_on_the_map):
        window.edit_household()
    window.resident_view.setCurrentIndex(window.residents.index(1, 0))
    with ModalShots("nhan-khau-sua"):
        window.edit_resident()
    window.show_dashboard()
    save(window, "tien-do")
    window.campaign.show_revisits()
    revisits = window.campaign._revisits
    assert revisits is not None
    show(revisits, (900, 560))
    save(revisits, "quay-lai")
    revisits.close()
    with ModalShots("sao-luu-khoi-phuc"):
        restore_question(window, database)
    window.close()
    window.deleteLater()


def pick_on_the_map(dialog: QDialog) -> None:
    """In the household dialog, open "Chọn trên bản đồ…" (saved as the next picture)."""
    button = getattr(dialog, "map_button", None)
    if button is not None:
        button.click()


def restore_question(window: QWidget, database: Database) -> None:
    """A backup of the demo ward, then the question a restore asks before replacing."""
    from desktop.services import backup as backup_service
    from desktop.ui.backup_actions import ask_to_restore

    folder = WORK / "usb"
    folder.mkdir(exist_ok=True)
    backup = backup_service.backup_database(
        database, folder / backup_service.suggested_backup_name(database)
    )
    summary = backup_service.check_backup(backup.path)
    ask_to_restore(window, summary, backup_service.safety_copy_path(database.url))


@shot
def planning_window(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.planning.window import PlanningWindow

    window = PlanningWindow(database, runner, lambda: DEMO_DAY, time_limit=PLAN_SECONDS)
    show(window, SCREEN)
    window.plan()
    save(window, "lo-trinh")
    window.map_menu.popup(window.mapToGlobal(window.rect().center()))
    settle()
    save(window.map_menu, "ban-do-menu")
    window.map_menu.hide()
    with ModalShots("ban-do-nap", "ban-do-tru-so"):
        window.load_map()
        window.edit_station()
    window.locate_households()
    located = window.locate_dialog
    assert located is not None
    show(located)
    save(located, "ban-do-dinh-vi")
    located.done(0)
    with ModalShots("phieu-di-bo-xem"):
        window.print_sheets()  # the walk sheets' print preview (In…, Lưu PDF…)
    with quiet_boxes():
        window.save()  # tonight's shifts, for the pictures of visit entry and shifts
    window.close()
    window.deleteLater()


@shot
def campaign_windows(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.campaign.approvals_dialog import ApprovalsDialog
    from desktop.ui.campaign.campaign_dialog import CampaignsDialog
    from desktop.ui.campaign.flags_dialog import FlagsDialog
    from desktop.ui.campaign.gateway import CampaignGateway
    from desktop.ui.campaign.shift_dialog import ShiftsDialog
    from desktop.ui.campaign.teams_dialog import TeamsDialog
    from desktop.ui.campaign.visit_entry_dialog import VisitEntryDialog

    gateway = CampaignGateway(database, lambda: DEMO_DAY)
    entry = VisitEntryDialog(gateway)
    show(entry, (1320, 680))
    press(entry.grid_view, "0", "1", Qt.Key.Key_Down, "01")
    save(entry, "nhap-ket-qua")
    entry.done(0)

    approvals = ApprovalsDialog(gateway)
    show(approvals, (1200, 640))
    approvals.search_box.setText("nguyen thi")
    approvals.search()
    approvals.view.setFocus()
    press(approvals.view, Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Space)
    save(approvals, "duyet")
    approvals.done(0)

    flags = FlagsDialog(gateway)
    show(flags)
    save(flags, "canh-bao")
    flags.done(0)

    campaigns = CampaignsDialog(gateway)
    show(campaigns)
    save(campaigns, "chien-dich")
    with ModalShots("chien-dich-sua", prepare=lambda dialog: dialog.resize(900, 640)):
        campaigns.edit_campaign()
    campaigns.done(0)

    teams = TeamsDialog(gateway)
    show(teams)
    save(teams, "to-cong-tac")
    teams.done(0)

    shifts = ShiftsDialog(gateway)
    show(shifts)
    shifts.view.setCurrentIndex(shifts.view.model().index(0, 0))
    save(shifts, "ca-truc")
    with ModalShots("ca-truc-sua", prepare=lambda dialog: dialog.resize(1200, 640)):
        shifts.edit_shift()
    shifts.done(0)


@shot
def import_wizard(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.importing.wizard import ImportWizard

    wizard = ImportWizard(database, runner, DEMO_DAY, path=ward_list(WORK / "ds-to-10.xlsx"))
    show(wizard, (1100, 640))
    wizard.go_next()
    save(wizard, "nhap-danh-sach-cot")
    wizard.go_next()
    save(wizard, "nhap-danh-sach-kiem-tra")
    wizard.done(0)


def ward_list(path: Path) -> Path:
    """A residential group's list as wards keep it: agency lines, a merged title, the
    heading in row 5, names in capitals, an ID number that lost its leading zero, a
    birth date that does not exist and a row without its relation to the head."""
    from openpyxl import Workbook

    people = [
        ("NGUYỄN VĂN HÙNG", "12/03/1975", "Nam", "Chủ hộ", 10075001234, 912345678,
         "Số 5, ngõ 12, đường Hoàng Liên", "Mức 2", "Có"),
        ("Trần Thị Mai", "1978", "Nữ", "Vợ", "010178001235", "0987654321", None, "Mức 1", None),
        ("Nguyễn Minh Khôi", "31/02/2010", "Nam", "Con", None, None, None, None, None),
        ("LÊ THỊ HOA", "05/09/1960", "Nữ", "Chủ hộ", "010160002345", "0214 3840 123",
         "Số 7, ngõ 12, đường Hoàng Liên", None, None),
        ("Phạm Văn Tú", "20/11/1988", "Nam", None, "010088003456", None, None, None, None),
        ("Vũ Thị Lan", "14/06/1992", "Nữ", "Chủ hộ", "010192004567", "0356789012",
         "Số 9, ngõ 12, đường Hoàng Liên", "Mức 2", "Có"),
        ("Đỗ Gia Bảo", "2016", "Nam", "Con", None, None, None, None, None),
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổ 10"
    sheet["A1"] = "CÔNG AN PHƯỜNG CỐC LẾU"
    sheet["A3"] = "DANH SÁCH HỘ GIA ĐÌNH, NHÂN KHẨU TỔ DÂN PHỐ SỐ 10"
    sheet.merge_cells("A3:J3")
    headings = ["STT", "HỌ VÀ TÊN", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD",
                "Số điện thoại", "Địa chỉ", "Mức định danh", "Cài app 114"]  # fmt: skip
    sheet.append([])
    sheet.append(headings)
    for number, person in enumerate(people, start=1):
        sheet.append([number, *person])
    sheet.append([None, "Tổng cộng: 3 hộ, 7 nhân khẩu"])
    workbook.save(path)
    return path


@shot
def reports(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.reports.dialog import ReportDialog
    from desktop.ui.reports.settings_dialog import ReportSettingsDialog

    dialog = ReportDialog(database, runner, DEMO_DAY)
    show(dialog, (1180, 700))
    dialog.make_preview()
    save(dialog, "bao-cao")
    dialog.done(0)
    settings = ReportSettingsDialog(database)
    show(settings)
    save(settings, "bao-cao-thiet-lap")
    settings.done(0)


@shot
def audit_trail(database: Database, runner: TaskRunner) -> None:
    from desktop.ui.audit.audit_window import AuditWindow

    window = AuditWindow(database, runner, DEMO_DAY)
    show(window, (1200, 640))
    save(window, "nhat-ky")
    window.done(0)


@shot
def refusal(database: Database, runner: TaskRunner) -> None:
    from desktop.db.unavailable import BUSY, DatabaseUnavailable

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Nhập kết quả đêm",
        str(DatabaseUnavailable(BUSY, waited_seconds=5)),
        QMessageBox.StandardButton.Ok,
    )
    show(box)
    save(box, "tu-choi")
    box.done(0)


@shot
def first_start(database: Database, runner: TaskRunner) -> None:
    """The first page of Thiết lập ban đầu, as a new station sees it on an empty database."""
    from desktop.ui.first_start.gateway import FirstStartGateway
    from desktop.ui.first_start.wizard import FirstStartWizard

    folder = WORK / "moi"
    folder.mkdir()
    empty = open_database(f"sqlite:///{folder / 'denkhuya.sqlite3'}")
    try:
        wizard = FirstStartWizard(FirstStartGateway(empty), runner, None)
        show(wizard)
        wizard.unit_page.province.setCurrentText("Lào Cai")
        wizard.unit_page.ward.setText("Phường Cốc Lếu")
        settle()
        save(wizard, "thiet-lap-ban-dau")
        wizard.done(0)
        wizard.deleteLater()
    finally:
        empty.close()


# Accounts: the demo ward's copy, encrypted by its first administrator (last: who is
# signed in is the program's, not one window's).
ACCOUNTS = (
    ("nguyen.van.an", "Nguyễn Văn An", "duty"),
    ("tran.thi.binh", "Trần Thị Bình", "entry"),
    ("le.van.cuong", "Lê Văn Cường", "leader"),
    ("pham.thi.dung", "Phạm Thị Dung", "entry"),
)
PASSWORD = "mat-khau-tap-1"


@shot
def accounts_windows(database: Database, runner: TaskRunner) -> None:
    from desktop.services import accounts, signed_in
    from desktop.services import backup as backup_service
    from desktop.ui.accounts.accounts_dialog import AccountsDialog
    from desktop.ui.accounts.gateway import AccountsGateway, StartLogin
    from desktop.ui.accounts.login_dialog import LoginDialog

    folder = WORK / "ma-hoa"
    folder.mkdir()
    path = folder / "denkhuya.sqlite3"
    backup_service.backup_database(database, path)
    url = f"sqlite:///{path}"
    copy = open_database(url)
    try:
        accounts.create_first_admin(copy, "quan.tri", "Đỗ Minh Quân", PASSWORD)
        accounts.sign_in(copy, accounts.login("quan.tri", PASSWORD))
        for name, shown, role in ACCOUNTS:
            accounts.add_account(copy, name, shown, role, PASSWORD)
        accounts.set_disabled(copy, "pham.thi.dung", True)
        dialog = AccountsDialog(AccountsGateway(copy))
        show(dialog)
        dialog.view.setCurrentIndex(dialog.model.index(1, 0))
        save(dialog, "tai-khoan-quan-ly")
        dialog.done(0)
        dialog.deleteLater()
        accounts.sign_out(copy)
    finally:
        signed_in.sign_out()
        copy.close()
    login = LoginDialog(
        StartLogin(url, None),
        runner,
        encrypted=True,
        place=r"Dữ liệu: C:\Users\trucban\AppData\Local\DenKhuya\denkhuya.sqlite3",
    )
    show(login)
    login.name.setText("nguyen.van.an")
    login.password.setFocus()
    save(login, "dang-nhap")
    login.done(0)
    login.deleteLater()


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    app = make_application([sys.argv[0]])
    assert isinstance(app, QApplication)
    database = demo_database()
    runner = TaskRunner(synchronous=True)
    try:
        for make in SHOTS:
            make(database, runner)
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
