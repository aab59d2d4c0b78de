"""The dashboard and the approvals show the data that looks wrong, and a flag is cleared
there with a reason (issue #12). On the desk's third night, team 2 writes Dũng's visit
at 18:10, before its 19:00–22:00 shift, and collects Dung C's level-2 application."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from desktop.db.models import AuditEntry
from desktop.services import visits
from desktop.ui.campaign.approvals_dialog import ApprovalsDialog, CandidateColumn
from desktop.ui.campaign.dashboard_view import DashboardView
from desktop.ui.campaign.flags_dialog import FlagColumn, FlagsDialog
from desktop.ui.campaign.gateway import CampaignGateway
from tests.conftest import TODAY
from tests.ui.campaign_fixtures import CampaignDesk
from tests.ui.campaign_fixtures import show_active as show

ALT = Qt.KeyboardModifier.AltModifier
TEXT = (
    "Tổ công tác 2, ca 19:00–22:00 đêm 26/11/2026: 1 hộ có kết quả ngoài giờ ca "
    "(Số 4, đường Hoàng Liên: đến lúc 18:10)."
)


@pytest.fixture
def gateway(database, today) -> CampaignGateway:
    return CampaignGateway(database, lambda: today)


@pytest.fixture
def early_visit(database, desk: CampaignDesk) -> int:
    """Dung C's application, collected at a visit dated 18:10; her resident id."""
    dung_c = desk.residents("dung")[2]
    line = visits.ResidentVisitInput(dung_c, True, ("level2_collected",))
    data = visits.VisitInput(
        desk.shift, desk.household("dung"), "met", (line,), visited_at=time(18, 10)
    )
    with database.session() as session:
        visits.save_visit(session, data, TODAY)
    return dung_c


def clear_with(qtbot, reason: str, seen: list[list[str]]):
    """An exec_dialog stand-in: the flags listed go to `seen`, then `reason` is typed and
    Enter clears the flag under the cursor."""

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, FlagsDialog)
        show(qtbot, dialog)
        model = dialog.flags
        seen.append([model.flag(row).text for row in range(model.rowCount())])
        qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # "&Lý do bỏ cảnh báo"
        assert dialog.reason.hasFocus()
        dialog.reason.insert(reason)  # as an input method types Vietnamese
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
        dialog.close()
        return int(QDialog.DialogCode.Accepted)

    return run


def flag_entries(database) -> list[AuditEntry]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "flag")))


def test_the_dashboard_names_the_flags_and_clears_one_with_a_reason(
    qtbot, database, gateway, runner, desk, early_visit
):
    view = DashboardView(gateway, runner)
    qtbot.addWidget(view)
    view.resize(1366, 680)
    view.show()
    view.refresh()

    assert view.flags_row.isVisible()
    assert view.flags_label.text() == f"⚠ 1 số liệu cần xem lại. Mới nhất: {TEXT}"
    seen: list[list[str]] = []
    view.exec_dialog = clear_with(qtbot, "Tổ trưởng xác nhận đồng hồ phiếu chạy nhanh", seen)

    view.flags_button.click()

    assert seen == [[TEXT]]
    assert not view.flags_row.isVisible()  # read again: nothing left to look at
    (entry,) = flag_entries(database)
    assert entry.changes["reason"][1] == "Tổ trưởng xác nhận đồng hồ phiếu chạy nhanh"
    assert entry.entity_key == f"outside_window:shift:{desk.shift}"


def test_the_approvals_mark_applications_collected_on_a_flagged_shift(
    qtbot, database, gateway, desk, early_visit
):
    dialog = show(qtbot, ApprovalsDialog(gateway))
    model = dialog.candidates
    row = model.row_of(early_visit)
    team = model.index(row, CandidateColumn.TEAM)
    assert team.data() == "⚠ Tổ công tác 2"
    assert TEXT in team.data(Qt.ItemDataRole.ToolTipRole)
    others = [r for r in range(model.rowCount()) if r != row]
    assert others and all(
        not model.index(r, CandidateColumn.TEAM).data().startswith("⚠") for r in others
    )
    assert dialog.flags_label.text() == (
        "⚠ Chiến dịch có 1 số liệu cần xem lại; 1 người trong danh sách có hồ sơ thu trong "
        "những ca đó (dấu ⚠ ở cột Tổ công tác)."
    )
    seen: list[list[str]] = []
    dialog.exec_dialog = clear_with(qtbot, "Đã kiểm tra với tổ công tác", seen)

    qtbot.keyClick(dialog, Qt.Key.Key_B, ALT)  # "Xem cảnh &báo…"
    qtbot.waitUntil(lambda: not dialog.flags_row.isVisible())  # a mnemonic clicks animated

    assert seen == [[TEXT]]
    assert model.index(model.row_of(early_visit), CandidateColumn.TEAM).data() == "Tổ công tác 2"
    assert not dialog.flags_row.isVisible()
    assert len(flag_entries(database)) == 1


def test_clearing_without_a_reason_is_refused_on_the_red_line(
    qtbot, database, gateway, desk, early_visit
):
    dialog = show(qtbot, FlagsDialog(gateway))
    assert not dialog.clear_button.isEnabled()  # nothing written yet
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "   ")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("Hãy ghi lý do bỏ cảnh báo")
    assert flag_entries(database) == []
    dialog.include_cleared.setChecked(True)
    assert dialog.flags.rowCount() == 1
    assert dialog.flags.index(0, FlagColumn.CLEARED).data() == ""


def test_a_cleared_flag_is_listed_with_who_cleared_it_and_why(
    qtbot, gateway, desk, early_visit, qtmodeltester
):
    dialog = show(qtbot, FlagsDialog(gateway))
    dialog.reason.setText("Giờ trên phiếu ghi nhầm")
    assert dialog.clear_current()
    assert dialog.flags.rowCount() == 0
    assert dialog.info_label.text() == (
        "Đã bỏ cảnh báo “Kết quả ngoài giờ ca” của Tổ công tác 2, đêm 26/11/2026."
    )

    dialog.include_cleared.setChecked(True)

    cleared = dialog.flags.index(0, FlagColumn.CLEARED).data()
    assert cleared.endswith(": Giờ trên phiếu ghi nhầm")
    assert not dialog.clear_button.isEnabled()
    qtmodeltester.check(dialog.flags, force_py=True)
