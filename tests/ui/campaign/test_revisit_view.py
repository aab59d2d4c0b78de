"""The revisit list: who to go back to, and the appointments already missed."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from desktop.services.revisits import RevisitHousehold
from desktop.ui.campaign.revisit_view import APPOINTMENT_COLUMN, OVERDUE, RevisitView


def test_an_appointment_whose_time_has_passed_is_shown_in_red(qtbot):
    def household(household_id: int, come_back_at: datetime | None) -> RevisitHousehold:
        return RevisitHousehold(
            household_id=household_id, household_code=f"010-{household_id}",
            address=f"Số {household_id}, đường Hoàng Liên", head_name="Nguyễn Văn An",
            group_id=1, group_name="Tổ 1", visit_id=household_id, visited_on=date(2026, 11, 28),
            team_name="Tổ công tác 1", outcome="come_back", come_back_at=come_back_at,
            notes=None, residents=(),
        )  # fmt: skip

    now = datetime(2026, 11, 30, 20, 0)
    rows = [household(1, datetime(2026, 11, 30, 19, 30)), household(2, datetime(2026, 12, 1, 19))]
    fake = SimpleNamespace(
        area_groups=lambda: [], revisit_queue=lambda groups: rows, now=lambda: now
    )
    view = RevisitView(fake)
    qtbot.addWidget(view)
    view.refresh()
    late, later = (view.tree.topLevelItem(i) for i in range(2))
    assert late.text(APPOINTMENT_COLUMN) == "19:30 30/11/2026 (quá hẹn)"
    assert late.foreground(APPOINTMENT_COLUMN).color() == OVERDUE
    assert later.text(APPOINTMENT_COLUMN) == "19:00 01/12/2026"
    assert later.foreground(APPOINTMENT_COLUMN).color() != OVERDUE
    assert "1 hộ đã quá giờ hẹn" in view.count_label.text()
