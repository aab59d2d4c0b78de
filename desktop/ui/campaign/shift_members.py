"""Người đi ca: who goes out on a shift, beside its route in the shift dialog.

The team's members that night are listed ticked (for a saved shift: those recorded as
having gone out, and the team's others unticked); Space unticks someone who stayed
in. Another active member standing in or joining is chosen under "Thêm người khác" and
added with Enter. The shift stores its own list, so the team's later changes do not
rewrite who went out on a past night.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.teams import MemberRow
from desktop.ui.widgets.row_table_model import ID_ROLE


class ShiftMembersPanel(QWidget):
    """A checkable list of who goes out, and a way to add someone from outside the team.

    `show_team()` fills it whenever the team or the night changes; people added by hand
    stay through such changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._added: dict[int, MemberRow] = {}  # added by hand, kept when the team changes
        self._unticked: set[int] = set()  # of those added, the ones unticked since
        self._default_ids: frozenset[int] = frozenset()
        self._team_of: Mapping[int, str] = {}
        self._others: list[MemberRow] = []

        self.list = QListWidget(self)
        self.list.setObjectName("shiftMembers")
        self.list.setAccessibleName(self.tr("Người đi ca"))
        self.list.setToolTip(self.tr("Space: đánh dấu người có đi / không đi ca này"))
        self.list.itemChanged.connect(self._item_changed)
        self.label = QLabel(self)
        self.label.setBuddy(self.list)

        self.others = QComboBox(self)
        self.others.setObjectName("otherMembers")
        self.others.setMinimumContentsLength(14)
        self.others.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.others.setToolTip(
            self.tr("Người của tổ khác hoặc chưa ở tổ nào đi thay, đi cùng đêm này (Enter: thêm)")
        )
        others_label = QLabel(self.tr("Thêm người &khác:"), self)
        others_label.setBuddy(self.others)
        self.add_button = QPushButton(self.tr("Thêm &vào ca"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_chosen)
        for keys in ("Return", "Enter"):
            add = QShortcut(QKeySequence(keys), self.others, self.add_chosen)
            add.setContext(Qt.ShortcutContext.WidgetShortcut)

        add_row = QHBoxLayout()
        add_row.addWidget(self.others, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(others_label)
        layout.addLayout(add_row)
        QWidget.setTabOrder(self.list, self.others)
        QWidget.setTabOrder(self.others, self.add_button)
        self._update_label()

    # Filling --------------------------------------------------------------------------------

    def show_team(
        self,
        team_members: Iterable[MemberRow],
        saved: Iterable[MemberRow] | None,
        others: Iterable[MemberRow],
        team_of: Mapping[int, str],
    ) -> None:
        """List who goes out: `saved` ticked when the shift was stored for this team and
        night (the team's others unticked), else the team's members that night, ticked;
        then those added by hand. `others` are the active members to add from, `team_of`
        names each member's team that night."""
        team_members = list(team_members)
        self._team_of = team_of
        self._others = list(others)
        if saved is None:
            entries = [(member, True) for member in team_members]
        else:
            saved = list(saved)
            stored = {member.id for member in saved}
            entries = [(member, True) for member in saved]
            entries += [(member, False) for member in team_members if member.id not in stored]
        self._default_ids = frozenset(member.id for member, ticked in entries if ticked)
        listed = {member.id for member, _ in entries}
        entries += [
            (member, member.id not in self._unticked)
            for member in self._added.values()
            if member.id not in listed
        ]
        team_ids = {member.id for member in team_members}
        self.list.blockSignals(True)
        self.list.clear()
        for member, ticked in entries:
            self._add_item(member, ticked, member.id in team_ids)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._fill_others()
        self._update_label()

    def _add_item(self, member: MemberRow, ticked: bool, in_team: bool) -> QListWidgetItem:
        item = QListWidgetItem(self._describe(member, in_team))
        item.setData(ID_ROLE, member.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        details = [member.role_label, member.unit, member.phone]
        item.setToolTip(" · ".join([member.title, *(d for d in details if d)]))
        self.list.addItem(item)
        return item

    def _describe(self, member: MemberRow, in_team: bool) -> str:
        text = f"{member.title} · {member.role_label}"
        if not member.active:
            return text + self.tr(" · không còn tham gia")
        if in_team:
            return text
        team = self._team_of.get(member.id)
        if team is None:
            return text + self.tr(" · ngoài tổ")
        return text + self.tr(" · từ {team}").format(team=team)

    def _fill_others(self) -> None:
        listed = set(self._listed_ids())
        self.others.clear()
        self.others.addItem(self.tr("— chọn người —"), None)
        for member in self._others:
            if member.id in listed:
                continue
            team = self._team_of.get(member.id) or self.tr("chưa ở tổ nào")
            self.others.addItem(f"{member.title} · {member.role_label} · {team}", member.id)
        self.add_button.setEnabled(self.others.count() > 1)

    # Changing -------------------------------------------------------------------------------

    def add_chosen(self) -> None:
        """Put the member chosen under "Thêm người khác" on the shift, ticked."""
        member_id = self.others.currentData()
        member = next((m for m in self._others if m.id == member_id), None)
        if member is None:
            return
        self._added[member.id] = member
        self._unticked.discard(member.id)
        self.list.blockSignals(True)
        item = self._add_item(member, True, in_team=False)
        self.list.blockSignals(False)
        self.list.setCurrentItem(item)
        self._fill_others()
        self._update_label()

    def _item_changed(self, item: QListWidgetItem) -> None:
        member_id = item.data(ID_ROLE)
        if member_id in self._added:
            if item.checkState() == Qt.CheckState.Checked:
                self._unticked.discard(member_id)
            else:
                self._unticked.add(member_id)
        self._update_label()

    def _update_label(self) -> None:
        self.label.setText(
            self.tr("&Người đi ca: {n}/{total}").format(
                n=len(self.member_ids()), total=self.list.count()
            )
        )

    # Reading --------------------------------------------------------------------------------

    def _listed_ids(self) -> list[int]:
        return [self.list.item(row).data(ID_ROLE) for row in range(self.list.count())]

    def member_ids(self) -> tuple[int, ...]:
        """The ticked members, in the order listed."""
        return tuple(
            self.list.item(row).data(ID_ROLE)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        )

    def is_listed_empty(self) -> bool:
        return self.list.count() == 0

    def changed_from_default(self) -> bool:
        """True when the ticks differ from what the shift gets by itself (the team's
        members for a new shift or a new team or night, else those stored)."""
        return frozenset(self.member_ids()) != self._default_ids
