"""What a window shows, read as the user reads it: the tests' eyes on the widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QTreeWidget, QWidget


def error_text(dialog: QWidget) -> str:
    """The sentence in the dialog's error line ("" while it is hidden)."""
    label: QLabel = dialog.error_label
    return "" if label.isHidden() else label.text()


def empty_hint(view: QTableView) -> str:
    """The text in the middle of an empty list (desktop.ui.widgets.table_views); ""
    while the list has rows or no hint."""
    hint = view.viewport().findChild(QLabel, "emptyListHint")
    return "" if hint is None or hint.isHidden() else hint.text()


def tree_texts(tree: QTreeWidget) -> list[str]:
    """The text of every node of a two-level tree, each top node before its children."""
    texts = []
    for top in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(top)
        texts.append(node.text(0))
        texts.extend(node.child(row).text(0) for row in range(node.childCount()))
    return texts
