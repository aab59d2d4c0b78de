"""Thiết lập ban đầu: a short wizard on a new database (and from the menu, for
administrators or while no account exists).

Five pages: the unit (2025 province, ward, station name), the station's location, the
agencies on the reports, the first administrator (skippable; left out when accounts
exist), and how to start (import from Excel, the practice ward, or empty). Nothing is
stored until Hoàn tất: then the administrator is made first (its own step: the data is
encrypted and the administrator signed in, so the settings that follow are audited in
their name), then the ward and report settings in one transaction. Hủy stores nothing.
What to start with is left to the window (`start_choice`), which owns the import wizard
and the demo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget, QWizard

from desktop.domain.errors import UserError
from desktop.reports.data import ReportSettings
from desktop.ui.first_start.gateway import (
    START_DEMO,
    AccountMaker,
    FirstStartGateway,
    Unit,
)
from desktop.ui.first_start.pages import (
    AccountPage,
    ReportPage,
    StartPage,
    StationPage,
    UnitPage,
)
from desktop.ui.widgets.messages import report_bug
from desktop.ui.widgets.task_runner import TaskRunner

# Fits a 1366×768 screen with the task bar and the window's frame.
WIZARD_SIZE = (720, 560)


class FirstStartWizard(QWizard):
    """After Hoàn tất: `saved` (the settings stored), `account_created`, `start_choice`."""

    def __init__(
        self,
        gateway: FirstStartGateway,
        runner: TaskRunner,
        accounts: AccountMaker | None,
        recovery_key_dialog: Callable[[str, QWidget], QDialog] | None = None,
        demo_available: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """`accounts`: the accounts gateway while no account exists (None leaves the
        account page out); `recovery_key_dialog` makes the dialog that shows the key."""
        super().__init__(parent)
        self.setObjectName("firstStartWizard")
        self.setWindowTitle(self.tr("Thiết lập ban đầu"))
        self.setProperty("help_page", "index.html#thiet-lap-ban-dau")  # F1 opens this page
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self._gateway = gateway
        self._runner = runner
        self._accounts = accounts
        self._recovery_key_dialog = recovery_key_dialog
        # Tests replace this to answer the recovery key dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._busy = False
        # What the pages checked, kept for Hoàn tất.
        self.unit: Unit | None = None
        self.location: tuple[float, float] | None = None
        self.report: ReportSettings | None = None
        self.account: tuple[str, str, str] | None = None
        # What Hoàn tất did.
        self.saved = False
        self.account_created = False
        known = gateway.known()
        self._new_database = known is None
        self.unit_page = UnitPage(gateway.provinces, known)
        self.station_page = StationPage(known)
        self.report_page = ReportPage(known)
        self.account_page = AccountPage(accounts) if accounts is not None else None
        self.start_page = StartPage(demo_available, known is not None)
        for page in (
            self.unit_page,
            self.station_page,
            self.report_page,
            self.account_page,
            self.start_page,
        ):
            if page is not None:
                self.addPage(page)
        self.resize(*WIZARD_SIZE)

    @property
    def start_choice(self) -> str:
        return self.start_page.choice

    def summary_text(self) -> str:
        """What Hoàn tất will store, for the last page."""
        lines = []
        if self.unit is not None and self._saves_unit():
            unit = self.unit
            lines.append(
                self.tr("{ward}, {province}; trụ sở: {station}").format(
                    ward=unit.ward_title, province=unit.province, station=unit.station_name
                )
            )
            if self.location is None:
                lines.append(self.tr("Vị trí trụ sở: chưa có (đặt sau trên bản đồ)"))
            else:
                lat, lon = self.location
                lines.append(
                    self.tr("Vị trí trụ sở: {lat:.6f}, {lon:.6f}").format(lat=lat, lon=lon)
                )
        if not self._saves_unit():
            lines.append(self.tr("Phường mẫu Cốc Lếu, Lào Cai (dữ liệu giả), tạo ngay sau đây"))
        if self.account is not None:
            lines.append(self.tr("Tài khoản quản trị: {name}").format(name=self.account[0]))
        elif self._accounts is not None:
            lines.append(self.tr("Chưa tạo tài khoản (để sau)"))
        return self.tr("Sẽ lưu:") + "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"

    def _saves_unit(self) -> bool:
        """The practice ward brings its own unit, so on a new database choosing it
        leaves the unit's pages unsaved (the demo refuses a database with a ward)."""
        return not (self._new_database and self.start_choice == START_DEMO)

    # Hoàn tất ----------------------------------------------------------------------------

    def accept(self) -> None:
        """Make the administrator (in the background), then store the settings."""
        if self._busy or not self.validateCurrentPage():
            return
        if self.account is None or self.account_created:
            self._store_settings("")
            return
        self._set_busy(True, self.account_busy_text())
        name, display_name, password = self.account
        assert self._accounts is not None
        accounts = self._accounts
        self._runner.run_task(
            lambda: accounts.create_first_admin(name, display_name, password),
            self._account_made,
            self._refused,
        )

    def account_busy_text(self) -> str:
        if self._accounts is not None and self._accounts.can_encrypt:
            return self.tr("Đang tạo tài khoản và mã hóa dữ liệu, xin chờ vài giây…")
        return self.tr("Đang tạo tài khoản…")

    def _account_made(self, recovery_key: str) -> None:
        self.account_created = True
        self.account = None  # the password is not kept
        if self.account_page is not None:
            self.account_page.password.clear()
            self.account_page.password_again.clear()
        self._store_settings(recovery_key)

    def _store_settings(self, recovery_key: str) -> None:
        try:
            if self._saves_unit() and self.unit is not None and self.report is not None:
                self._gateway.save(self.unit, self.location, self.report)
                self.saved = True
        except UserError as error:
            self._set_busy(False, "")
            self.start_page.show_error(error)
            return
        finally:
            self._show_recovery_key(recovery_key)
        self._set_busy(False, "")
        QWizard.accept(self)

    def _show_recovery_key(self, recovery_key: str) -> None:
        if recovery_key and self._recovery_key_dialog is not None:
            dialog = self._recovery_key_dialog(recovery_key, self)
            self.exec_dialog(dialog)
            dialog.deleteLater()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False, "")
        if isinstance(error, UserError):
            self.start_page.show_error(error)
        else:
            report_bug(self, error)

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.start_page.set_busy(text if busy else "")
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)

    def reject(self) -> None:
        """Hủy: nothing stored (once the administrator exists, Hủy closes with it)."""
        if not self._busy:
            super().reject()
