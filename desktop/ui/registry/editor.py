"""The registry's edit commands: add, change and delete households and residents.

Each command asks what it needs (a dialog, a confirmation), calls the services through
the gateway, and then emits `changed(household_id, resident_id)` naming what to show;
the window refreshes its lists and keeps the selection there. A refusal (UserError)
is shown as its sentence and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import UserError
from desktop.domain.person import is_head
from desktop.services.registry import HouseholdRow, ResidentRow
from desktop.services.residents import ResidentInput
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.head_change_dialog import HeadChangeDialog
from desktop.ui.registry.history_dialog import ResidentHistoryDialog
from desktop.ui.registry.household_dialog import HouseholdDialog
from desktop.ui.registry.read_only import show_read_only
from desktop.ui.registry.resident_dialog import ResidentDialog
from desktop.ui.widgets.formatting import birth_text, vietnamese_number
from desktop.ui.widgets.messages import confirm, show_refusal


class RegistryEditor(QObject):
    """Edit commands for the main window; `changed` says what to show afterwards."""

    changed = Signal(object, object)  # household id (or None), resident id (or None)

    def __init__(self, window: QWidget, gateway: RegistryGateway) -> None:
        super().__init__(window)
        self._window = window
        self._gateway = gateway
        # Tests replace this to drive a dialog without showing it.
        self.exec_dialog: Callable[[QWidget], int] = lambda dialog: dialog.exec()
        # The person may not change the register (a leader): records open read-only.
        self.read_only = False

    # Households ------------------------------------------------------------------------

    def add_household(self, groups: list[tuple[int, str]], group_id: int | None) -> None:
        """Ask for a new household, then straight away for its head."""
        if not groups:
            show_refusal(self._window, self.tr("Phường chưa có tổ dân phố nào để thêm hộ vào."))
            return
        dialog = HouseholdDialog(
            self._window,
            groups,
            check=self._gateway.clean_household,
            save=self._gateway.create_household,
            default_group_id=group_id,
            surroundings=lambda near, street: self._gateway.position_surroundings(
                None, near, street
            ),
        )
        if not self.exec_dialog(dialog) or dialog.saved_id is None:
            return
        household_id = dialog.saved_id
        self.changed.emit(household_id, None)
        form = self._gateway.household_form(household_id)
        self._add_residents(household_id, self.tr("Hộ mới {code}").format(code=form.code), True)

    def edit_household(self, household: HouseholdRow, groups: list[tuple[int, str]]) -> None:
        try:
            form = self._gateway.household_form(household.id)
        except UserError as error:
            self._refused(error, household.id)
            return
        dialog = HouseholdDialog(
            self._window,
            groups,
            check=self._gateway.clean_household,
            save=lambda data: self._gateway.update_household(
                household.id, data, form.version, dialog.position_confirmed
            ),
            form=form,
            surroundings=lambda near, street: self._gateway.position_surroundings(
                household.id, near, street
            ),
        )
        if self.read_only:
            show_read_only(dialog, self.tr("Hộ {code}").format(code=form.code))
            self.exec_dialog(dialog)
            return
        if self.exec_dialog(dialog):
            self.changed.emit(household.id, None)

    def delete_household(self, household: HouseholdRow) -> None:
        question = self.tr(
            "Xóa hộ {code} ({address}, chủ hộ {head}) cùng {members} nhân khẩu?\n\n"
            "Việc xóa không hoàn tác được."
        ).format(
            code=household.code,
            address=household.address,
            head=household.head_name or self.tr("chưa có"),
            members=vietnamese_number(household.members),
        )
        if not confirm(self._window, self.tr("Xóa hộ gia đình"), question):
            return
        try:
            self._gateway.delete_household(household.id)
        except UserError as error:
            self._refused(error, household.id)
            return
        self.changed.emit(None, None)

    # Residents -------------------------------------------------------------------------

    def add_resident(self, household: HouseholdRow, residents: list[ResidentRow]) -> None:
        """Add a member; the first member of an empty household is its head."""
        head = not any(is_head(row.relation) for row in residents)
        self._add_residents(household.id, self._household_text(household), head)

    def _add_residents(self, household_id: int, household_text: str, head: bool) -> None:
        """Add residents one after another while the user chooses "Lưu và thêm người"."""
        while True:
            saved: list[int] = []

            def save(data: ResidentInput, saved: list[int] = saved) -> None:
                saved.append(self._gateway.create_resident(household_id, data))

            dialog = ResidentDialog(
                self._window,
                check=self._gateway.clean_resident,
                save=save,
                head=head,
                household_text=household_text,
                offer_another=True,
            )
            accepted = self.exec_dialog(dialog)
            if not accepted or not saved:
                return
            self.changed.emit(household_id, saved[0])
            if not dialog.add_another:
                return
            head = False

    def edit_resident(self, household: HouseholdRow, resident: ResidentRow) -> None:
        try:
            form = self._gateway.resident_form(resident.id)
        except UserError as error:
            self._refused(error, household.id)
            return
        history = None
        if self._gateway.may_read_audit_trail():
            history = lambda over: self.show_history(resident.id, over)  # noqa: E731
        dialog = ResidentDialog(
            self._window,
            check=lambda data: self._gateway.clean_resident(data, resident.id),
            save=lambda data: self._gateway.update_resident(resident.id, data, form.version),
            form=form,
            household_text=self._household_text(household),
            show_history=history,
        )
        if self.read_only:
            show_read_only(dialog, self.tr("Nhân khẩu: {name}").format(name=form.full_name))
            self.exec_dialog(dialog)
            return
        if self.exec_dialog(dialog):
            self.changed.emit(household.id, resident.id)

    def show_history(self, resident_id: int, over: QWidget) -> None:
        """What “Ai đã xem, sửa…” shows: the resident’s history from the trail, over `over`."""
        try:
            history = self._gateway.resident_history(resident_id)
        except UserError as error:
            show_refusal(over, error, self.tr("Ai đã xem, sửa"))
            return
        dialog = ResidentHistoryDialog(over, history)
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def delete_resident(
        self, household: HouseholdRow, resident: ResidentRow, residents: list[ResidentRow]
    ) -> None:
        if is_head(resident.relation) and len(residents) > 1:
            show_refusal(
                self._window,
                self.tr("{name} là chủ hộ: hãy đặt người khác làm chủ hộ trước khi xóa.").format(
                    name=resident.full_name
                ),
                self.tr("Xóa nhân khẩu"),
            )
            return
        born = birth_text(resident.birth_date, resident.birth_year)
        question = self.tr("Xóa nhân khẩu {name} ({relation}{born}) khỏi hộ {code}?").format(
            name=resident.full_name,
            relation=resident.relation,
            born=self.tr(", sinh {born}").format(born=born) if born else "",
            code=household.code,
        )
        if not confirm(self._window, self.tr("Xóa nhân khẩu"), question):
            return
        try:
            self._gateway.delete_resident(resident.id)
        except UserError as error:
            self._refused(error, household.id)
            return
        self.changed.emit(household.id, None)

    def make_head(
        self, household: HouseholdRow, resident: ResidentRow, residents: list[ResidentRow]
    ) -> None:
        """Make a member the head, asking what the former head becomes."""
        if is_head(resident.relation):
            show_refusal(
                self._window,
                self.tr("{name} đã là chủ hộ.").format(name=resident.full_name),
                self.tr("Đặt làm chủ hộ"),
            )
            return
        former = next((row for row in residents if is_head(row.relation)), None)
        dialog = HeadChangeDialog(self._window, resident, former)
        if not self.exec_dialog(dialog):
            return
        try:
            self._gateway.change_head(resident.id, dialog.relation_text)
        except UserError as error:
            self._refused(error, household.id)
            return
        self.changed.emit(household.id, resident.id)

    # Helpers ---------------------------------------------------------------------------

    def _household_text(self, household: HouseholdRow) -> str:
        return self.tr("Hộ {code} · {address} · chủ hộ {head}").format(
            code=household.code,
            address=household.address,
            head=household.head_name or self.tr("chưa có"),
        )

    def _refused(self, error: UserError, household_id: int | None) -> None:
        show_refusal(self._window, error)
        self.changed.emit(household_id, None)  # what was refused may be stale: show it anew
