"""The residents × services grid of the visit-entry dialog, built for the keyboard.

Keys: arrows move; Space ticks the cell under the cursor (or opens the reason list);
0 ticks "Gặp" and 1–9 tick the services of the current row in header order, wherever
the cursor is; `*` ticks every service every resident on the walk sheet still owes,
`+` what the current resident owes and goes on to the next (either again clears what
it ticked), typed with or without Shift or on the keypad; a letter gives the current
resident a reason (T từ chối, V không có nhà… see REASON_LETTERS), the same letter
again takes it back, Delete or Backspace clears it; Enter or F2 on the reason column
opens its list, at once, so the keys typed next go into it; Tab leaves the grid.
Every key takes effect before the next one is read: nothing waits on a timer.
Ticked cells show a large centred check box; cells recorded earlier show their date.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QRect, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.domain.campaign import REASON_LABELS, REASONS
from desktop.ui.campaign.visit_entry_model import (
    AGE,
    FIRST_SERVICE,
    MET,
    NAME,
    REASON_LETTERS,
    RELATION,
    TICKABLE_ROLE,
    VisitGridModel,
)
from desktop.ui.widgets.row_table_model import Index

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
_REASON_KEYS = {
    getattr(Qt.Key, f"Key_{letter}"): reason for reason, letter in REASON_LETTERS.items()
}
# `*` and `+` arrive with Shift on most keyboards, with Keypad from the number pad.
_TICK_KEYS = (Qt.Key.Key_Asterisk, Qt.Key.Key_Plus)
_SHIFT_OR_KEYPAD = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_tick_key(event: QKeyEvent) -> bool:
    """`*` or `+`, typed with Shift, on the keypad or with no modifier at all."""
    return event.key() in _TICK_KEYS and not (event.modifiers() & ~_SHIFT_OR_KEYPAD)


class CheckCellDelegate(QStyledItemDelegate):
    """Paints a tickable cell as a centred check box over its background; a click ticks."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.data(TICKABLE_ROLE):
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        cell.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style = cell.widget.style() if cell.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, cell.widget)
        box = QStyleOptionButton()
        size = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, cell.widget)
        box.rect = QRect(0, 0, size, size)
        box.rect.moveCenter(option.rect.center())
        box.state = QStyle.StateFlag.State_Enabled
        box.state |= (
            QStyle.StateFlag.State_On
            if state == Qt.CheckState.Checked
            else QStyle.StateFlag.State_Off
        )
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter, cell.widget)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if not index.data(TICKABLE_ROLE):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            mouse = event if isinstance(event, QMouseEvent) else None
            if mouse is not None and mouse.button() == Qt.MouseButton.LeftButton:
                checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
                return model.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)
        return event.type() == QEvent.Type.MouseButtonDblClick


class ReasonDelegate(QStyledItemDelegate):
    """The reason column: a list of REASON_LABELS (and an empty line for none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: QComboBox | None = None  # the list open now, for the view to open

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.tr("(không)"), "")
        for reason in REASONS:
            combo.addItem(f"{REASON_LETTERS[reason]} · {REASON_LABELS[reason]}", reason)
        combo.activated.connect(lambda _i, combo=combo: self._commit(combo))
        combo.destroyed.connect(lambda *_, combo=combo: self._forget(combo))
        self.editor = combo
        return combo

    def _forget(self, combo: QComboBox) -> None:
        if self.editor is combo:
            self.editor = None

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or None, Qt.ItemDataRole.EditRole)


class VisitGridView(QTableView):
    """The grid; keys as the module says."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.horizontalHeader().setHighlightSections(False)
        self.setAccessibleName(self.tr("Nhân khẩu và việc đã làm"))
        self._checks = CheckCellDelegate(self)
        self._reasons = ReasonDelegate(self)

    def grid(self) -> VisitGridModel:
        model = self.model()
        assert isinstance(model, VisitGridModel)
        return model

    def configure_columns(self) -> None:
        """Delegates and widths for the current sheet's columns (they change with it)."""
        grid = self.grid()
        for column in range(grid.columnCount()):
            self.setItemDelegateForColumn(column, None)  # type: ignore[arg-type]
        self.setItemDelegateForColumn(MET, self._checks)
        for column in range(FIRST_SERVICE, grid.reason_column):
            self.setItemDelegateForColumn(column, self._checks)
        self.setItemDelegateForColumn(grid.reason_column, self._reasons)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Names whole (they are who the row is); the reason takes what is left, its
        # longest words shown whole in the list that opens on it.
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(grid.reason_column, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(RELATION, 66)
        self.setColumnWidth(AGE, 42)
        self.setColumnWidth(MET, 56)
        for column in range(FIRST_SERVICE, grid.reason_column):
            self.setColumnWidth(column, 76)

    def start(self) -> None:
        """Put the cursor on the first resident's first service (or Gặp)."""
        grid = self.grid()
        if grid.rowCount():
            column = FIRST_SERVICE if grid.services else MET
            self.setCurrentIndex(grid.index(0, column))

    def edit(self, index: Index, trigger=None, event=None) -> bool:  # noqa: ANN001
        """Open the reason list at once, so the keys typed next land in it."""
        if trigger is None:
            opened = super().edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)
        else:
            opened = super().edit(index, trigger, event)
        combo = self._reasons.editor
        if opened and combo is not None and combo.isVisible():
            combo.showPopup()
        return opened

    def tick_key(self, key: int) -> None:
        """`*` on any row, `+` on the current row (then on to the next resident)."""
        grid = self.grid()
        index = self.currentIndex()
        if key == Qt.Key.Key_Asterisk:
            grid.tick_all_owed()
            if not index.isValid():
                self.start()
            return
        if not index.isValid():
            self.start()
            index = self.currentIndex()
            if not index.isValid():
                return
        if grid.tick_row_owed(index.row()):
            following = grid.next_listed_row(index.row())
            if following is not None:
                self.setCurrentIndex(grid.index(following, index.column()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        index = self.currentIndex()
        if is_tick_key(event):
            self.tick_key(key)
            return
        letter = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if index.isValid() and letter and key in _REASON_KEYS:
            self._give_reason(index, _REASON_KEYS[key])
            return
        if index.isValid() and modifiers == Qt.KeyboardModifier.NoModifier:
            grid = self.grid()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                if grid.entry(index.row()).reason is not None:
                    grid.set_reason(index.row(), None)
                return
            if key in _DIGITS:
                number = _DIGITS[key]
                column = MET if number == 0 else FIRST_SERVICE + number - 1
                if column < grid.reason_column:
                    grid.toggle(index.row(), column)
                return
            if key == Qt.Key.Key_Space:
                if index.column() == grid.reason_column:
                    self.edit(index)
                else:
                    grid.toggle(index.row(), index.column())
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if index.column() == grid.reason_column:
                    self.edit(index)
                elif index.row() + 1 < grid.rowCount():  # like a spreadsheet: next person
                    self.setCurrentIndex(grid.index(index.row() + 1, index.column()))
                return
        super().keyPressEvent(event)

    def _give_reason(self, index: QModelIndex, reason: str) -> None:
        """A letter gives the resident its reason; the same letter again takes it back."""
        grid = self.grid()
        current = grid.entry(index.row()).reason
        grid.set_reason(index.row(), None if current == reason else reason)
