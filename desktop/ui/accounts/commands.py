"""The main window's account commands and its idle lock.

The "Tài khoản" menu's dialogs (the accounts, one's own password, a new recovery key,
the first administrator) open from here, and the idle lock lives here: an IdleWatch
that locks the window (LockScreen) after the ward's idle minutes while someone is
signed in, and unlocks it with the same person's password. The idle time and the
clock are injectable, so tests lock in milliseconds or move time on by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from desktop.domain.errors import UserError
from desktop.domain.roles import IDLE_LOCK_MINUTES
from desktop.services.database import Database
from desktop.ui.accounts.account_dialogs import PasswordDialog
from desktop.ui.accounts.accounts_dialog import AccountsDialog
from desktop.ui.accounts.first_account_dialog import FirstAccountDialog
from desktop.ui.accounts.gateway import AccountsGateway, working_text
from desktop.ui.accounts.idle_lock import IdleWatch, LockScreen
from desktop.ui.accounts.recovery_key_dialog import renew_recovery_key
from desktop.ui.widgets.messages import show_refusal
from desktop.ui.widgets.task_runner import TaskRunner


class AccountCommands(QObject):
    """Account dialogs and the idle lock for `window`.

    `signed_in_changed` follows the first administrator's creation (the window shows
    what an administrator may use); `sign_out_requested` comes from the lock's Đăng
    xuất (the window closes, asking about unsaved work)."""

    signed_in_changed = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        database: Database,
        runner: TaskRunner,
        idle_lock_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self.gateway = AccountsGateway(database)
        self._fixed_idle_seconds = idle_lock_seconds
        # Tests replace this to answer a dialog without showing it modally.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.idle = IdleWatch(self, self._idle_seconds(), clock)
        self.idle.idle.connect(self.lock_idle)
        self.lock_screen = LockScreen(window, self.gateway.check_password, self.who)
        self.lock_screen.unlocked.connect(self._watch)
        self.lock_screen.sign_out_requested.connect(self.sign_out_requested)
        self._watch()

    # Who is working --------------------------------------------------------------------

    def who(self) -> str:
        """ "Nguyễn Văn A (Trực ban)", or "" while nobody is signed in."""
        account = self.gateway.current()
        return working_text(account) if account is not None else ""

    def status_text(self) -> str:
        """What the status bar says: "Đang làm việc: Nguyễn Văn A (Trực ban)"."""
        who = self.who()
        return self.tr("Đang làm việc: {who}").format(who=who) if who else ""

    @property
    def encrypted(self) -> bool:
        return self.gateway.encrypted

    # The idle lock ---------------------------------------------------------------------

    def _idle_seconds(self) -> float:
        if self._fixed_idle_seconds is not None:
            return self._fixed_idle_seconds
        try:
            return 60.0 * self.gateway.idle_lock_minutes()
        except UserError:  # the database refused a read: the program's own limit
            return 60.0 * IDLE_LOCK_MINUTES

    @Slot()
    def _watch(self) -> None:
        """Watch for idleness while someone is signed in (not while no account exists)."""
        if self.gateway.current() is not None:
            self.idle.start()
        else:
            self.idle.stop()

    @Slot()
    def lock_idle(self) -> None:
        self.lock_screen.lock(self.idle.seconds / 60.0)

    @Slot()
    def lock_now(self) -> None:
        """Khóa màn hình (Ctrl+Shift+L): lock at once, as idleness would."""
        if self.gateway.current() is None:
            return
        self.idle.stop()
        self.lock_screen.lock()

    def set_idle_minutes(self, minutes: int) -> None:
        if self._fixed_idle_seconds is None:
            self.idle.set_seconds(60.0 * minutes)
        self._watch()

    def stop(self) -> None:
        """The window closes: no more locking, and a lock left is taken down."""
        self.idle.uninstall()
        self.lock_screen.release(uncover=False)

    # The menu's dialogs ----------------------------------------------------------------

    def manage_accounts(self) -> None:
        """Tài khoản ▸ Quản lý tài khoản… (administrators)."""
        dialog = AccountsDialog(self.gateway, self._window)
        dialog.exec_dialog = self.exec_dialog
        dialog.idle_minutes_changed.connect(self.set_idle_minutes)
        self.exec_dialog(dialog)
        dialog.deleteLater()
        self.signed_in_changed.emit()  # one's own shown name may have changed

    def change_own_password(self) -> None:
        """Tài khoản ▸ Đổi mật khẩu của tôi…"""
        dialog = PasswordDialog(
            self._window,
            self.tr("Đổi mật khẩu của tôi"),
            self.gateway.change_own_password,
            ask_current=True,
            header=self.tr("Đang làm việc: {who}").format(who=self.who()),
        )
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def renew_recovery_key(self) -> None:
        """Tài khoản ▸ Tạo khóa khôi phục mới… (administrators, encrypted data)."""
        renew_recovery_key(self._window, self.gateway.renew_recovery_key, self.exec_dialog)

    def create_first_account(self, first_start: bool = False) -> bool:
        """Tạo tài khoản quản trị…: True once the first administrator exists and is
        signed in (the data encrypted, its recovery key shown)."""
        if self.gateway.accounts_exist():
            show_refusal(
                self._window,
                self.tr("Cơ sở dữ liệu đã có tài khoản; hãy đăng nhập bằng tài khoản quản trị."),
                self.tr("Tạo tài khoản quản trị"),
            )
            return False
        dialog = FirstAccountDialog(self.gateway, self._runner, self._window, first_start)
        dialog.exec_dialog = self.exec_dialog
        accepted = self.exec_dialog(dialog)
        dialog.deleteLater()
        if not accepted or self.gateway.current() is None:
            return False
        self.first_account_made()
        return True

    def data_replaced(self) -> None:
        """A restore put other data in place, perhaps with someone now signed in to it:
        the idle lock watches (or stops) by that data's setting."""
        self.idle.set_seconds(self._idle_seconds())
        self._watch()
        self.signed_in_changed.emit()

    def first_account_made(self) -> None:
        """The first administrator exists and is signed in (here or in the first start
        wizard): the idle lock starts watching and the window shows what they may use."""
        self.idle.set_seconds(self._idle_seconds())
        self._watch()
        self.signed_in_changed.emit()
