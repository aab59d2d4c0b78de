"""A record's dialog opened only to read (for a role that may not change the register):
every field read-only, no Lưu, "Đóng" instead of "Hủy"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QLayout,
    QLineEdit,
    QWidget,
)

from desktop.ui.widgets.form_dialog import FormDialog


def show_read_only(dialog: FormDialog, title: str) -> None:
    """Make `dialog` show its record without letting it be changed, under `title`."""
    dialog.setWindowTitle(title)
    form = dialog.form
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if item is None:
            continue
        if item.widget() is not None:
            _read_only(item.widget())
        elif item.layout() is not None:
            _read_only_layout(item.layout())
    dialog.save_button.hide()
    for button in dialog.buttons.buttons():
        if button is not dialog.cancel_button and dialog.buttons.buttonRole(button) in (
            dialog.buttons.ButtonRole.AcceptRole,
            dialog.buttons.ButtonRole.ActionRole,
        ):
            button.hide()
    dialog.cancel_button.setText(QCoreApplication.translate("ReadOnly", "Đóng"))
    dialog.cancel_button.setDefault(True)


def _read_only(widget: QWidget) -> None:
    if isinstance(widget, QLineEdit):
        widget.setReadOnly(True)
    elif isinstance(widget, QAbstractButton):
        widget.hide()  # a button that changes the record (Chọn trên bản đồ…)
    else:
        widget.setEnabled(False)


def _read_only_layout(layout: QLayout) -> None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None and isinstance(item.widget(), QAbstractButton):
            item.widget().hide()
        elif item.layout() is not None:
            _read_only_layout(item.layout())
