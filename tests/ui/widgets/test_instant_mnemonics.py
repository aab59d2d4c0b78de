"""A button's Alt key acts at once and leaves the cursor where the typing is."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QPushButton, QVBoxLayout

from desktop.ui.widgets.instant_mnemonics import InstantMnemonics

ALT = Qt.KeyboardModifier.AltModifier


def _dialog(qtbot) -> tuple[QDialog, QLineEdit, QCheckBox, QPushButton]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    line = QLineEdit(dialog)
    box = QCheckBox("&Cả người đã kích hoạt", dialog)
    button = QPushButton("&Lưu", dialog)
    layout = QVBoxLayout(dialog)
    for widget in (line, box, button):
        layout.addWidget(widget)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Qt's shortcuts act in the active window only
    line.setFocus()
    return dialog, line, box, button


def test_the_alt_key_clicks_before_the_next_key_and_the_typing_stays_in_the_field(qtbot):
    dialog, line, box, _ = _dialog(qtbot)
    clicked = []
    mnemonics = InstantMnemonics([box], dialog)
    mnemonics.clicked.connect(clicked.append)

    qtbot.keyClick(line, Qt.Key.Key_C, ALT)
    assert box.isChecked()
    qtbot.keyClicks(line, "ab")

    assert line.text() == "ab"
    assert line.hasFocus()
    assert clicked == [box]


def test_a_disabled_button_is_not_clicked(qtbot):
    dialog, line, _, button = _dialog(qtbot)
    pressed = []
    button.clicked.connect(lambda: pressed.append(True))
    button.setEnabled(False)
    InstantMnemonics([button], dialog)

    qtbot.keyClick(line, Qt.Key.Key_L, ALT)

    assert pressed == []


def test_without_the_filter_qt_waits_before_it_clicks(qtbot):
    """What the filter is for: Qt's own mnemonic click comes 100 ms later."""
    dialog, line, box, _ = _dialog(qtbot)

    qtbot.keyClick(line, Qt.Key.Key_C, ALT)

    assert not box.isChecked()
    qtbot.waitUntil(box.isChecked, timeout=1000)
    assert dialog.isVisible()
