"""The few message boxes the window uses, worded and defaulted the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.errors import UserError
from desktop.logs import configure_logging, log
from desktop.services.machine import is_machine_refusal, machine_refusal
from desktop.services.progress import Cancelled


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def show_refusal(parent: QWidget | None, error: BaseException | str, title: str = "") -> None:
    """Show the one sentence of a refusal (a UserError) as it is."""
    QMessageBox.warning(parent, title or _tr("Không thực hiện được"), str(error))


def carried_out(parent: QWidget | None, change: Callable[[], object], title: str = "") -> bool:
    """Make a change the services may refuse; True once made. A refusal is shown (under
    `title`) and gives False, so the caller refreshes only what really changed."""
    try:
        change()
    except UserError as error:
        show_refusal(parent, error, title)
        return False
    return True


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question whose default answer is No; True only for an explicit Yes."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_unexpected(parent: QWidget | None, log_path: str) -> None:
    """The friendly message for a bug: what happened, what to do, where the details are."""
    QMessageBox.critical(
        parent,
        _tr("Lỗi không mong đợi"),
        _tr(
            "Đèn Khuya gặp một lỗi không mong đợi, thao tác vừa rồi có thể chưa hoàn tất. "
            "Hãy kiểm tra lại dữ liệu vừa nhập; nếu lỗi lặp lại, gửi tệp nhật ký "
            "cho bộ phận kỹ thuật:\n{path}"
        ).format(path=log_path),
    )


def show_machine_refusal(parent: QWidget | None, refusal: UserError, title: str = "") -> None:
    """The machine refused (a full disk, a read-only file, the database busy too long):
    not a bug, so no traceback; the log notes what kind, the user reads the sentence."""
    configure_logging()
    log.warning("Máy từ chối: %s %s", type(refusal).__name__, getattr(refusal, "kind", ""))
    show_refusal(parent, refusal, title)


def report_bug(parent: QWidget | None, error: BaseException) -> None:
    """Log an unexpected error with its traceback and tell the user kindly; an error of
    the machine that reached here unconverted is shown as its sentence instead."""
    refusal = machine_refusal(error)
    if refusal is not None:
        show_machine_refusal(parent, refusal)
        return
    path = configure_logging()
    log.error("Lỗi không mong đợi", exc_info=error)
    show_unexpected(parent, str(path))


def report_unhandled(parent: QWidget | None, error: BaseException) -> None:
    """An error no caller handled (a background task without on_error) is a bug: log it
    with its traceback; the user sees a refusal's own sentence, else the unexpected box.
    The machine's refusals can reach any task and are no bug: only their sentence."""
    if is_machine_refusal(error):
        show_machine_refusal(parent, error)  # type: ignore[arg-type]
    elif isinstance(error, UserError):
        configure_logging()
        log.error("Lời từ chối không được xử lý", exc_info=error)
        show_refusal(parent, error)
    else:
        report_bug(parent, error)


def show_task_error(
    parent: QWidget | None, error: BaseException, title: str = "", cancelled_text: str = ""
) -> None:
    """What a failed background task tells the user: cancellation, refusal or a bug."""
    if isinstance(error, Cancelled):
        QMessageBox.information(
            parent,
            title or _tr("Đã hủy"),
            cancelled_text or _tr("Đã hủy, không có tệp nào được ghi."),
        )
    elif isinstance(error, UserError):
        show_refusal(parent, error, title)
    elif (refusal := machine_refusal(error)) is not None:
        show_machine_refusal(parent, refusal, title)
    else:
        report_bug(parent, error)
