"""What the edit dialogs share: a form, a red message line, Lưu/Hủy, Enter and Esc.

A subclass adds its rows, lists which words of an error point at which field, and
implements submit(): True closes the dialog, False keeps it open with the message. The
message goes away as soon as the field it points at (any field, when it points at
none) is changed, and the dialog gives back the room it took.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.names import fold

ERROR_STYLE = "color: #b00020; font-weight: bold;"
# The signal each kind of field sends when the user changes it, in the order tried.
_CHANGE_SIGNALS = (
    "textChanged", "currentIndexChanged", "dateChanged", "timeChanged", "valueChanged",
    "toggled", "stateChanged",
)  # fmt: skip


def error_line(parent: QWidget, name: str = "errorLabel", selectable: bool = False) -> QLabel:
    """The red line a window shows a refusal in, in full sentences; hidden until needed.
    `selectable`: the sentence can be selected and copied with the mouse."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FormDialog(QDialog):
    """A dialog with a form, an inline error line and Save/Cancel buttons."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.error_label = error_line(self, selectable=True)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("&Lưu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.hide()
        layout.addWidget(self.header)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        # Words that, found in an error sentence, point at the field to fix.
        self.error_fields: list[tuple[str, QWidget]] = []
        self._fields: list[QWidget] = []
        self._error_field: QWidget | None = None  # the field the error shown points at
        self._shown_once = False

    def set_header(self, text: str) -> None:
        self.header.setText(text)
        self.header.setVisible(bool(text))

    def add_row(self, label: str, field: QWidget) -> QWidget:
        """Add a labelled row; the label's &-letter moves the focus to the field."""
        caption = QLabel(label, self)
        caption.setBuddy(field)
        self.form.addRow(caption, field)
        self._fields.append(field)
        changed = next(
            (getattr(field, name) for name in _CHANGE_SIGNALS if hasattr(field, name)), None
        )
        if changed is not None:
            changed.connect(lambda *_args, field=field: self._field_changed(field))
        return field

    def _field_changed(self, field: QWidget) -> None:
        """The user is fixing the form: the error goes once its field is touched."""
        if self.error_label.isHidden():
            return
        if self._error_field is None or self._error_field is field:
            self.clear_error()

    def showEvent(self, event: QShowEvent) -> None:
        """On first show: Tab walks the fields top to bottom, then the buttons; the cursor
        starts in the first field that can be typed in."""
        super().showEvent(event)
        if self._shown_once:
            return
        self._shown_once = True
        chain = [w for w in self._fields if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        chain += [b for b in self.buttons.buttons() if b is not self.cancel_button]
        chain.append(self.cancel_button)
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        first = next((w for w in self._fields if w.isEnabled()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def show_error(self, message: str, field: QWidget | None = None) -> None:
        """Show the sentence in red under the form and put the cursor where to fix it."""
        self.error_label.setText(message)
        self.error_label.show()
        target = field or self._field_for(message)
        self._error_field = target
        if target is not None and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            select_all = getattr(target, "selectAll", None)
            if callable(select_all):
                select_all()

    def clear_error(self) -> None:
        if self.error_label.isHidden():
            return
        self.error_label.clear()
        self.error_label.hide()
        self._error_field = None
        # Give back the room the message took, without the width the user chose.
        layout = self.layout()
        layout.activate()
        self.resize(self.width(), max(layout.minimumSize().height(), self.sizeHint().height()))

    def _field_for(self, message: str) -> QWidget | None:
        folded = fold(message)
        return next((field for word, field in self.error_fields if fold(word) in folded), None)

    def accept(self) -> None:
        self.clear_error()
        if self.submit():
            super().accept()

    def submit(self) -> bool:
        """Check and save the form; True when saved. Subclasses implement it."""
        raise NotImplementedError
