"""The tree on the left: the ward and its residential groups, with level-2 progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop.services.registry import GroupSummary, WardOverview
from desktop.ui.widgets.formatting import level2_progress, percent, vietnamese_number

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AreaTree(QTreeWidget):
    """Ward → groups, each "Tổ 23 · 412/1.030 mức 2"; emits the chosen group (None = ward)."""

    area_selected = Signal(object)  # group id, or None for the whole ward

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(2)  # "Tổ 23 · 412/1.030 mức 2" and the percentage
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Địa bàn"))
        self.currentItemChanged.connect(self._emit_area)

    def set_ward(self, kind: str, name: str) -> None:
        """Show the ward alone while its groups are being counted."""
        self.blockSignals(True)
        self.clear()
        root = QTreeWidgetItem(
            self, [self.tr("{kind} {name} · đang đếm…").format(kind=kind, name=name)]
        )
        root.setData(0, GROUP_ID_ROLE, None)
        self._embolden(root)
        self.setCurrentItem(root)
        self.blockSignals(False)

    def _embolden(self, item: QTreeWidgetItem) -> None:
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFont(1, font)

    def set_overview(self, overview: WardOverview) -> None:
        """Show the ward and its groups; keep the chosen area if it is still there."""
        chosen = self.current_group_id()
        self.blockSignals(True)
        self.clear()
        ward_name = f"{overview.kind} {overview.name}"
        root = self._item(self, ward_name, None, overview)
        self._embolden(root)
        current = root
        for group in overview.groups:
            item = self._item(root, group.name, group.id, group)
            if group.id == chosen:
                current = item
        self.expandAll()
        self.setCurrentItem(current)
        self.blockSignals(False)

    def _item(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        name: str,
        group_id: int | None,
        counts: WardOverview | GroupSummary,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            parent, [self._text(name, counts), percent(counts.level2, counts.adults)]
        )
        item.setData(0, GROUP_ID_ROLE, group_id)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        tip = self._tip(name, counts)
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)
        return item

    def current_group_id(self) -> int | None:
        item = self.currentItem()
        return item.data(0, GROUP_ID_ROLE) if item is not None else None

    def select_group(self, group_id: int | None) -> None:
        """Choose an area as if clicked (None: the whole ward)."""
        for item in self._items():
            if item.data(0, GROUP_ID_ROLE) == group_id:
                self.setCurrentItem(item)
                return

    def _items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.topLevelItemCount()):
            root = self.topLevelItem(top)
            items.append(root)
            items.extend(root.child(i) for i in range(root.childCount()))
        return items

    def _text(self, name: str, counts: WardOverview | GroupSummary) -> str:
        return level2_progress(name, counts.level2, counts.adults)

    def _tip(self, name: str, counts: WardOverview | GroupSummary) -> str:
        return self.tr(
            "{name}\n{households} hộ, {residents} nhân khẩu\n"
            "Mức 2: {level2} trên {adults} người từ 14 tuổi ({percent})"
        ).format(
            name=name,
            households=vietnamese_number(counts.households),
            residents=vietnamese_number(counts.residents),
            level2=vietnamese_number(counts.level2),
            adults=vietnamese_number(counts.adults),
            percent=percent(counts.level2, counts.adults),
        )

    def _emit_area(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.area_selected.emit(current.data(0, GROUP_ID_ROLE))
