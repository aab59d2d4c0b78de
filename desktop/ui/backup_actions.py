"""Tệp → Sao lưu dữ liệu… and Khôi phục từ bản sao lưu…

Backing up: choose a file (the ward and the minute as its name, e.g. on the USB
stick), copy in the background with progress and Cancel, say where it went.

Restoring: choose a backup, check it in the background, show what it holds and ask,
default No, saying that the current data will be replaced and where its safety copy
will be. The window then lets go of the database (`prepare_restore`: the planning
window closed, background reads finished, connections closed), the restore runs in
the background, and `data_replaced` tells the window to read everything again. The
same Database object stays valid: its engine opens new connections onto the restored
file, which the restore has already brought to this version's schema.

An encrypted backup (one container file) first shows its cover, the ward and when it
was made, and asks for a login of the data it holds (desktop.ui.widgets.backup_login);
a wrong one is said in that dialog, asked again. Restored, the data keeps the backup's
accounts, and the person who typed the login works on signed in as that account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.domain.errors import UserError
from desktop.services import accounts, signed_in
from desktop.services import backup as backup_service
from desktop.services.backup import BackupCover, BackupSummary, RestoreResult
from desktop.services.database import Database, Login, LoginNeeded, LoginRefused
from desktop.services.progress import Cancelled, Progress
from desktop.ui.widgets.backup_login import BackupLoginDialog
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import show_refusal, show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.task_runner import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupActions", text)


def backup_filter() -> str:
    # .dump: a backup of a database on a PostgreSQL server (pg_dump's archive)
    return _tr("Bản sao lưu Đèn Khuya (*.sqlite3 *.dump);;Mọi tệp (*)")


def restore_question(parent: QWidget | None, summary: BackupSummary, safety: Path) -> QMessageBox:
    """The confirmation before a restore: what the backup holds, what will be lost,
    where the current data is kept. Default (and Esc): No."""
    ward = summary.ward_label[:1].upper() + summary.ward_label[1:]
    station = f" ({summary.station_name})" if summary.station_name else ""
    lines = [
        _tr("Tệp: {name}").format(name=summary.path.name),
        _tr("Dữ liệu: {ward}{station}").format(ward=ward, station=station),
        _tr("{households} hộ · {residents} nhân khẩu").format(
            households=vietnamese_number(summary.households),
            residents=vietnamese_number(summary.residents),
        ),
    ]
    if summary.newest_change is not None:
        lines.append(
            _tr("Thay đổi gần nhất trong bản sao lưu: {time}").format(
                time=f"{summary.newest_change:%H:%M} ngày {summary.newest_change:%d/%m/%Y}"
            )
        )
    if summary.needs_upgrade:
        lines.append(_tr("Bản sao lưu của phiên bản cũ hơn: sẽ được nâng cấp khi mở."))
    if summary.encrypted:
        lines.append(
            _tr("Bản sao lưu được mã hóa: dữ liệu khôi phục giữ các tài khoản có trong nó.")
        )
    lines += [
        "",
        _tr(
            "Toàn bộ dữ liệu đang dùng sẽ được thay bằng bản sao lưu này: những gì nhập sau "
            "lúc sao lưu (hộ, nhân khẩu, ca trực, kết quả đêm) sẽ không còn. "
            "Dữ liệu hiện tại được chép giữ trước ở:"
        ),
        str(safety),
    ]
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Khôi phục từ bản sao lưu"),
        _tr("Thay toàn bộ dữ liệu đang dùng bằng bản sao lưu này?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText("\n".join(lines))
    box.setProperty("help_page", "sao-luu.html#khoi-phuc")  # F1 opens this page
    # Wide enough for a file name and a data-folder path on one line each.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 34em; }")
    box.button(QMessageBox.StandardButton.Yes).setText(_tr("Khôi &phục"))
    box.button(QMessageBox.StandardButton.No).setText(_tr("&Không"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box


def ask_to_restore(parent: QWidget | None, summary: BackupSummary, safety: Path) -> bool:
    """True only when the user pressed "Khôi phục"."""
    box = restore_question(parent, summary, safety)
    box.exec()
    answered = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
    box.deleteLater()
    return answered


def _sign_in_as(database: Database, login: Login) -> None:
    """After restoring an encrypted backup: the person who opened it with a login of
    its data works on as that account (whoever was signed in may not exist in it);
    if that account may not sign in, nobody is signed in."""
    try:
        accounts.sign_in(database, login)
    except UserError:
        signed_in.sign_out()


class BackupActions(QObject):
    """Backs the database up to a file and restores it from one, in the background."""

    # The database now holds other data: every list and figure must be read again.
    data_replaced = Signal()

    def __init__(
        self,
        parent: QWidget,
        database: Database,
        runner: TaskRunner,
        prepare_restore: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._database = database
        self._runner = runner
        self._prepare_restore = prepare_restore
        self._folder: Path | None = None  # where the last backup went or came from

    def _start_folder(self) -> Path:
        if self._folder is not None and self._folder.is_dir():
            return self._folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents or QDir.homePath())

    def _can_back_up(self, title: str, restoring: bool = False) -> bool:
        """A SQLite file, or a database on a PostgreSQL server (pg_dump, pg_restore)."""
        try:
            backup_service.check_backup_possible(self._database, restoring)
        except UserError as error:
            show_refusal(self._window, error, title)
            return False
        return True

    # Backing up ------------------------------------------------------------------------

    def backup(self) -> None:
        """Ask for a file and back up into it, with progress and Cancel."""
        if not self._can_back_up(self.tr("Sao lưu dữ liệu")):
            return
        path = self.ask_backup_path()
        if path is not None:
            self.backup_to(path)

    def ask_backup_path(self) -> Path | None:
        """Where to write the backup; None when the user cancels."""
        name = backup_service.suggested_backup_name(self._database)
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Sao lưu dữ liệu"),
            str(self._start_folder() / name),
            backup_filter(),
        )
        if not chosen:
            return None
        path = Path(chosen)
        suffix = backup_service.backup_suffix(self._database.url)
        return path if path.suffix else path.with_name(path.name + suffix)

    def backup_to(self, path: Path) -> None:
        database = self._database

        def work(progress: Progress) -> BackupSummary:
            return backup_service.backup_database(database, path, progress)

        job = ProgressJob(
            self._window,
            self._runner,
            self.tr("Sao lưu dữ liệu"),
            self.tr("Đang sao lưu dữ liệu vào {name}…").format(name=path.name),
            work,
        )
        job.start(self._backed_up, self._backup_failed)

    def _backed_up(self, summary: BackupSummary) -> None:
        self._folder = summary.path.parent
        QMessageBox.information(
            self._window,
            self.tr("Đã sao lưu xong"),
            self.tr(
                "Đã sao lưu dữ liệu {ward} ({households} hộ, {residents} nhân khẩu) vào tệp:\n"
                "{path}\n\nTệp chứa số định danh và số điện thoại của người dân: hãy cất giữ "
                "ở nơi an toàn, không để người ngoài sao chép."
            ).format(
                ward=summary.ward_label,
                households=vietnamese_number(summary.households),
                residents=vietnamese_number(summary.residents),
                path=summary.path,
            ),
        )

    def _backup_failed(self, error: BaseException) -> None:
        show_task_error(
            self._window,
            error,
            self.tr("Sao lưu dữ liệu"),
            self.tr("Đã hủy sao lưu, không có tệp nào được ghi."),
        )

    # Restoring -------------------------------------------------------------------------

    def restore(self) -> None:
        """Ask for a backup, show what it holds, and restore it once the user agrees."""
        if not self._can_back_up(self.tr("Khôi phục từ bản sao lưu"), restoring=True):
            return
        path = self.ask_restore_path()
        if path is not None:
            self.restore_from(path)

    def ask_restore_path(self) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Chọn bản sao lưu để khôi phục"),
            str(self._start_folder()),
            backup_filter(),
        )
        return Path(chosen) if chosen else None

    def restore_from(self, path: Path) -> None:
        """Check the backup in the background, then ask before restoring it. An
        encrypted backup shows its cover and asks for a login of its data first."""
        try:
            cover = backup_service.backup_cover(path)
        except UserError as error:
            show_refusal(self._window, error, self.tr("Khôi phục từ bản sao lưu"))
            return
        if cover.encrypted:
            self._ask_login(cover)
        else:
            self._check(path, None, None)

    def _ask_login(self, cover: BackupCover, name: str = "", error: str = "") -> None:
        """The login of an encrypted backup's data (again, with `error`, after a wrong one)."""
        dialog = BackupLoginDialog(cover, self._window, name, error)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        typed = accounts.login(dialog.name, dialog.password) if accepted else None
        dialog.deleteLater()
        if typed is not None:
            self._check(cover.path, typed, cover)

    def _check(self, path: Path, login: Login | None, cover: BackupCover | None) -> None:
        job = ProgressJob(
            self._window,
            self._runner,
            self.tr("Khôi phục từ bản sao lưu"),
            self.tr("Đang kiểm tra bản sao lưu {name}…").format(name=path.name),
            lambda progress: backup_service.check_backup(path, progress, login),
        )
        job.start(
            lambda summary: self._confirm_and_restore(summary, login),
            lambda error: self._check_failed(error, cover, login),
        )

    def _check_failed(
        self,
        error: BaseException,
        cover: BackupCover | None = None,
        login: Login | None = None,
    ) -> None:
        if cover is not None and isinstance(error, LoginNeeded | LoginRefused):
            self._ask_login(cover, login.name if login else "", str(error))  # try again
            return
        show_task_error(
            self._window,
            error,
            self.tr("Khôi phục từ bản sao lưu"),
            self.tr("Đã hủy, dữ liệu hiện tại vẫn giữ nguyên."),
        )

    def _confirm_and_restore(self, summary: BackupSummary, login: Login | None = None) -> None:
        database = self._database
        if database.encrypted and not summary.encrypted:
            # Refused by restore_database too; said before asking anything.
            show_refusal(
                self._window,
                self.tr(
                    "Bản sao lưu “{name}” không được mã hóa (làm trước khi có tài khoản), nên "
                    "không khôi phục đè lên dữ liệu đã mã hóa: sẽ mất mã hóa và các tài khoản."
                ).format(name=summary.path.name),
                self.tr("Khôi phục từ bản sao lưu"),
            )
            return
        safety = backup_service.safety_copy_path(database.url)
        if not ask_to_restore(self._window, summary, safety):
            return
        if not self._prepare_restore():
            return

        def work(progress: Progress) -> RestoreResult:
            # The open Database: an encrypted one is written with its own data key, and
            # a plain one (a new desk) goes on with the restored backup's key.
            result = backup_service.restore_database(
                database, summary.path, progress, safety, login
            )
            if login is not None and accounts.remember_accounts_exist(database):
                _sign_in_as(database, login)
            return result

        job = ProgressJob(
            self._window,
            self._runner,
            self.tr("Khôi phục từ bản sao lưu"),
            self.tr("Đang khôi phục dữ liệu từ {name}…").format(name=summary.path.name),
            work,
        )
        job.start(self._restored, self._restore_failed)

    def _restored(self, result: RestoreResult) -> None:
        self._folder = result.backup.path.parent
        self._database.close()  # connections opened meanwhile start afresh
        self.data_replaced.emit()
        backup = result.backup
        kept = (
            self.tr("\n\nDữ liệu trước khi khôi phục được giữ ở:\n{path}").format(
                path=result.safety_copy
            )
            if result.safety_copy
            else ""
        )
        QMessageBox.information(
            self._window,
            self.tr("Đã khôi phục xong"),
            self.tr(
                "Đã khôi phục dữ liệu {ward} ({households} hộ, {residents} nhân khẩu) "
                "từ tệp:\n{path}"
            ).format(
                ward=backup.ward_label,
                households=vietnamese_number(backup.households),
                residents=vietnamese_number(backup.residents),
                path=backup.path,
            )
            + kept,
        )

    def _restore_failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled | UserError):
            # A bug midway: what the file holds now is not known, so show what it holds.
            self._database.close()
            self.data_replaced.emit()
        show_task_error(
            self._window,
            error,
            self.tr("Khôi phục từ bản sao lưu"),
            self.tr("Đã hủy khôi phục, dữ liệu hiện tại vẫn giữ nguyên."),
        )
