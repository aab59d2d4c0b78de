"""The two messages of undoing an activation ticked by mistake: the question before
(naming the person and the date, No by default) and the word after."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services.approvals import ActivatedCandidate
from desktop.ui.widgets.messages import confirm


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApprovalsUndo", text)


def cancel_title() -> str:
    return _tr("Hủy kích hoạt mức 2")


def ask_to_cancel(parent: QWidget | None, candidate: ActivatedCandidate) -> bool:
    """True only when the user answers Yes to undoing this resident's activation."""
    return confirm(
        parent,
        cancel_title(),
        _tr(
            "Hủy kích hoạt mức 2 của {name} (số định danh {personal_id}, {address}) "
            "đã đánh dấu ngày {day}?\n\n"
            "Người này trở lại danh sách chờ kích hoạt, và số kích hoạt ghi công cho "
            "“{team}” bớt đi một."
        ).format(
            name=candidate.full_name,
            personal_id=candidate.personal_id_masked,
            address=candidate.address,
            day=f"{candidate.activated_on:%d/%m/%Y}",
            team=candidate.team_name,
        ),
    )


def tell_cancelled(parent: QWidget | None, candidate: ActivatedCandidate) -> None:
    QMessageBox.information(
        parent,
        cancel_title(),
        _tr(
            "Đã hủy kích hoạt mức 2 ngày {day} của {name}; người này đã trở lại danh sách "
            "chờ kích hoạt."
        ).format(name=candidate.full_name, day=f"{candidate.activated_on:%d/%m/%Y}"),
    )
