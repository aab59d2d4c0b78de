"""The campaign menu's commands: each opens its dialog and says afterwards what changed.

`results_changed` follows saved visits and approvals, once the dialog closes
(residents' statuses moved: the register and the dashboard read again);
`setup_changed` follows changes to campaigns, teams and shifts (the dashboard reads
again). The revisit list asks the window to show
a household in the register with `household_requested(household_id, group_id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QDialog, QWidget

from desktop.ui.campaign.gateway import CampaignGateway


class CampaignCommands(QObject):
    """Opens the campaign dialogs for the main window."""

    results_changed = Signal()
    setup_changed = Signal()
    household_requested = Signal(int, int)  # household id, its group id

    def __init__(self, window: QWidget, gateway: CampaignGateway) -> None:
        super().__init__(window)
        self._window = window
        self.gateway = gateway
        self._revisits: QDialog | None = None
        # Tests replace this to drive a dialog without showing it modally.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()

    def enter_visits(self, night: date | None = None, shift_id: int | None = None) -> None:
        """Nhập kết quả đêm: the walk sheets of a night, household after household."""
        from desktop.ui.campaign.visit_entry_dialog import VisitEntryDialog

        dialog = VisitEntryDialog(self.gateway, self._window, night=night, shift_id=shift_id)
        self._run_saving(dialog, dialog.saved)

    def approve_level2(self) -> None:
        """Duyệt mức 2: mark the residents on the approval list as activated."""
        from desktop.ui.campaign.approvals_dialog import ApprovalsDialog

        dialog = ApprovalsDialog(self.gateway, self._window)
        self._run_saving(dialog, dialog.saved)

    def show_revisits(self) -> None:
        """Danh sách cần quay lại: a window that stays open beside the register."""
        from desktop.ui.campaign.revisit_view import RevisitDialog

        if self._revisits is None:
            dialog = RevisitDialog(self.gateway, self._window)
            dialog.household_requested.connect(self.household_requested)
            self.results_changed.connect(dialog.refresh)
            self._revisits = dialog
        else:
            self._revisits.refresh()
        self._revisits.show()
        self._revisits.raise_()
        self._revisits.activateWindow()

    def edit_shifts(self) -> None:
        """Ca trực: the shifts of a night, made by hand."""
        from desktop.ui.campaign.shift_dialog import ShiftsDialog

        dialog = ShiftsDialog(self.gateway, self._window)
        dialog.changed.connect(self.setup_changed)
        dialog.enter_results_requested.connect(self._enter_shift)
        self._run(dialog)

    def _enter_shift(self, night: date, shift_id: int) -> None:
        self.enter_visits(night, shift_id)

    def edit_teams(self) -> None:
        """Tổ công tác: teams and who goes out with them."""
        from desktop.ui.campaign.teams_dialog import TeamsDialog

        dialog = TeamsDialog(self.gateway, self._window)
        dialog.changed.connect(self.setup_changed)
        self._run(dialog)

    def edit_campaigns(self) -> None:
        """Chiến dịch: name, period, services, targets; which one is current."""
        from desktop.ui.campaign.campaign_dialog import CampaignsDialog

        dialog = CampaignsDialog(self.gateway, self._window)
        dialog.changed.connect(self.setup_changed)
        self._run(dialog)

    def _run(self, dialog: QDialog) -> None:
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def _run_saving(self, dialog: QDialog, saved: SignalInstance) -> None:
        """Run a dialog that saves results; say so once it closes (the register and the
        dashboard read again once, not after every household typed in)."""
        count = []
        saved.connect(lambda: count.append(1))
        self._run(dialog)
        if count:
            self.results_changed.emit()
