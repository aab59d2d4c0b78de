"""Adding a person to a team, or editing a member: name, role, rank, unit, phone.

When adding, the person may be someone already on the books (moved from another team
or back after a break: pick them from the list) or a new one (fill in the fields); the
membership starts on the night given. Officers have a rank; youth-union members and
group leaders do not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSizePolicy, QWidget

from desktop.domain.campaign import OFFICER, ROLE_LABELS, ROLES
from desktop.domain.errors import UserError
from desktop.services.teams import POLICE_RANKS, MemberInput, MemberRow
from desktop.ui.campaign.fields import date_field, from_qdate
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.messages import show_refusal

# Units that send people out in the Đề án 06 evenings, offered as suggestions.
COMMON_UNITS = (
    "Đoàn Thanh niên Công an tỉnh",
    "Thành đoàn",
    "Đoàn phường",
    "Công an phường",
)

SaveMember = Callable[[MemberInput, int | None, date | None], object]


class MemberDialog(FormDialog):
    """Asks for a member's details (and, when adding to a team, who and from when).

    `save(data, existing_member_id, from_date)` writes; `existing_member_id` is set when
    an existing person was picked (then `data` is ignored), `from_date` when adding.
    """

    def __init__(
        self,
        parent: QWidget | None,
        check: Callable[[MemberInput], MemberInput],
        save: SaveMember,
        member: MemberRow | None = None,
        others: list[MemberRow] | None = None,
        from_day: date | None = None,
        units: list[str] | None = None,
        team_name: str = "",
    ) -> None:
        super().__init__(parent, "")
        self._check = check
        self._save = save
        adding = from_day is not None
        if member is not None:
            self.setWindowTitle(self.tr("Sửa thành viên: {name}").format(name=member.full_name))
        else:
            self.setWindowTitle(self.tr("Thêm người vào {team}").format(team=team_name))
        self.existing = QComboBox(self)
        self.existing.addItem(self.tr("— Người mới (nhập bên dưới) —"), None)
        for other in others or []:
            self.existing.addItem(
                f"{other.title} · {other.role_label}" + (f" · {other.unit}" if other.unit else ""),
                other.id,
            )
        self.existing.currentIndexChanged.connect(lambda _i: self._existing_changed())
        self.full_name = QLineEdit(self)
        self.full_name.setPlaceholderText(self.tr("ví dụ Nguyễn Văn An"))
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(ROLE_LABELS[role], role)
        self.role.currentIndexChanged.connect(lambda _i: self._role_changed())
        self.rank = QComboBox(self)
        self.rank.setEditable(True)
        self.rank.addItem("")
        self.rank.addItems(list(POLICE_RANKS))
        self.rank.lineEdit().setPlaceholderText(self.tr("ví dụ Thượng úy"))
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit.addItems(sorted(set(COMMON_UNITS) | set(units or [])))
        self.unit.setCurrentIndex(-1)
        self.unit.lineEdit().setPlaceholderText(self.tr("ví dụ Đoàn Thanh niên Công an tỉnh"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("ví dụ 0912345678"))
        self.active = QCheckBox(self.tr("Còn tham gia đi ca"), self)
        self.active.setChecked(True)
        self.active.setVisible(not adding)
        for combo in (self.rank, self.unit):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.from_day = date_field(self, from_day or date.today())
        if adding and others:
            self.add_row(self.tr("&Người đã có:"), self.existing)
        self.add_row(self.tr("&Họ và tên:"), self.full_name)
        self.add_row(self.tr("Va&i trò:"), self.role)
        self.add_row(self.tr("&Cấp bậc:"), self.rank)
        self.add_row(self.tr("Đơn &vị:"), self.unit)
        self.add_row(self.tr("Điện &thoại:"), self.phone)
        if adding:
            self.add_row(self.tr("Đi cùng tổ từ ngà&y:"), self.from_day)
        else:
            self.add_row("", self.active)
        self.error_fields = [
            ("họ và tên", self.full_name),
            ("cấp bậc", self.rank),
            ("điện thoại", self.phone),
            ("số điện thoại", self.phone),
            ("ngày", self.from_day),
        ]
        if member is not None:
            self._fill(member)
        self._role_changed()
        self.setMinimumWidth(480)

    def _fill(self, member: MemberRow) -> None:
        self.full_name.setText(member.full_name)
        self.role.setCurrentIndex(max(0, self.role.findData(member.role)))
        self.rank.setCurrentText(member.rank or "")
        self.unit.setCurrentText(member.unit or "")
        self.phone.setText(member.phone or "")
        self.active.setChecked(member.active)

    def _role_changed(self) -> None:
        officer = self.role.currentData() == OFFICER
        self.rank.setEnabled(officer and self.existing.currentData() is None)
        if not officer:
            self.rank.setCurrentText("")

    def _existing_changed(self) -> None:
        new = self.existing.currentData() is None
        for field in (self.full_name, self.role, self.unit, self.phone):
            field.setEnabled(new)
        self._role_changed()

    def member_input(self) -> MemberInput:
        return MemberInput(
            full_name=self.full_name.text(),
            role=self.role.currentData(),
            rank=self.rank.currentText(),
            unit=self.unit.currentText(),
            phone=self.phone.text(),
            active=self.active.isChecked(),
        )

    def submit(self) -> bool:
        existing = self.existing.currentData()
        data = self.member_input()
        try:
            if existing is None:
                data = self._check(data)
        except UserError as error:
            self.show_error(str(error))
            return False
        try:
            self._save(data, existing, from_qdate(self.from_day.date()))
        except UserError as error:
            self.show_error(str(error))
            show_refusal(self, error, self.tr("Không lưu được thành viên"))
            return False
        return True
