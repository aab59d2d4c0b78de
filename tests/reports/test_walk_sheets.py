"""Walk sheets: the Vietnamese text comes back intact, IDs masked, one sheet per team."""

from __future__ import annotations

import pdfplumber
import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household
from desktop.domain.errors import UserError
from desktop.reports.fonts import register_fonts
from desktop.services.planning import PlanRequest, load_planning_input, plan_night, set_route
from desktop.services.planning.sheets import print_walk_sheets
from tests.conftest import TODAY
from tests.reports.sheet_ward import make_sheet_ward, meeting_point
from tests.services.planning.builders import make_small_ward, pending_household


@pytest.fixture
def night(database):
    with database.session() as session:
        make_small_ward(session, households=6, teams=2)
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    return planning, plan_night(planning, time_limit=0.3)


def _text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_walk_sheets_carry_the_team_members_households_and_masked_ids(
    database, night, tmp_path
) -> None:
    planning, plan = night
    path = tmp_path / "phiếu.pdf"
    pages = save_sheets(database, planning, plan, path)
    text = _text(path)
    assert len(text) == pages >= 2
    everything = "\n".join(text)
    for phrase in (
        "PHIẾU ĐI HỘ – TỔ CÔNG TÁC 1",
        "PHIẾU ĐI HỘ – TỔ CÔNG TÁC 2",
        "Thượng úy Lê Đức Thắng",
        "Thượng úy Vũ Quốc Bảo",
        "Điểm tập trung: Trụ sở Công an phường Cốc Lếu",
        "Đêm: 30/11/2026",
        "19:00–22:00",
        "Số 1, đường Hoàng Liên",
        "Chủ hộ: Nguyễn Văn Bình",
        "VNeID",  # column headings wrap onto two lines
        "mức 2",
        "cháy 114",
        "Ghi chú, kết quả",
        "Vắng nhà",
        "Hẹn quay lại",
    ):
        assert phrase in everything, phrase
    heads = [resident for c in planning.candidates for resident in c.residents]
    for resident in heads:
        assert resident.personal_id not in everything
        assert "••••••••" + resident.personal_id[-4:] in everything
    # Each team's sheet starts on a page of its own.
    assert sum("PHIẾU ĐI HỘ – TỔ CÔNG TÁC" in page for page in text) == 2


def test_the_table_header_comes_back_on_continuation_pages(database, tmp_path) -> None:
    with database.session() as session:
        make_small_ward(session, households=14, teams=2)
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    plan = plan_night(planning, time_limit=0.3)
    first = plan.routes[0]
    everyone = [candidate.household_id for candidate in planning.candidates]
    long_route = set_route(planning, plan, first.team_id, everyone)
    path = tmp_path / "dai.pdf"
    save_sheets(database, planning, long_route, path)
    text = _text(path)
    team_pages = [page for page in text if "Tổ công tác 1" in page]
    assert len(team_pages) >= 3
    # The team's first page is its map; every page of the list after it is headed.
    assert "PHIẾU ĐI HỘ – TỔ CÔNG TÁC 1" in team_pages[0]
    assert all("Hộ gia đình · nhân khẩu còn cần làm" in page for page in team_pages[1:])
    # No household is cut in two: each one's address and its residents share a page.
    for candidate in planning.candidates:
        (page,) = [page for page in team_pages if f"{candidate.address} Gặp" in page]
        assert all("••••••••" + r.personal_id[-4:] in page for r in candidate.residents)


def test_pages_are_counted_within_each_team_and_name_it(database, night, tmp_path) -> None:
    planning, plan = night
    first = plan.routes[0]
    everyone = [candidate.household_id for candidate in planning.candidates]
    # Team 1 walks five households, team 2 the sixth.
    plan = set_route(planning, plan, first.team_id, everyone[:5])
    plan = set_route(planning, plan, plan.routes[1].team_id, everyone[5:])
    path = tmp_path / "trang.pdf"
    pages = save_sheets(database, planning, plan, path)
    text = _text(path)
    firsts = [page.splitlines()[0] for page in text]
    team_1 = [line for line in firsts if line.startswith("Tổ công tác 1")]
    team_2 = [line for line in firsts if line.startswith("Tổ công tác 2")]
    assert len(team_1) + len(team_2) == pages
    assert len(team_1) >= 2
    for page, line in enumerate(team_1, start=1):
        assert line.endswith(f"Trang {page}/{len(team_1)}")
    assert team_2[0].endswith("Trang 1/2") and team_2[1].endswith("Trang 2/2")
    assert all("Phường Cốc Lếu" in line for line in firsts)


def test_a_team_with_nothing_tonight_gets_one_page_saying_so(database, night, tmp_path) -> None:
    planning, plan = night
    everyone = [candidate.household_id for candidate in planning.candidates]
    plan = set_route(planning, plan, plan.routes[0].team_id, everyone)
    path = tmp_path / "trong.pdf"
    save_sheets(database, planning, plan, path)
    (empty,) = [page for page in _text(path) if page.startswith("Tổ công tác 2")]
    assert "Trang 1/1" in empty
    assert "Tối nay tổ không có hộ nào trong kế hoạch." in empty


def test_the_map_page_names_the_streets_and_the_households_left_off_it(database, tmp_path) -> None:
    with database.session() as session:
        ward = make_sheet_ward(session, tmp_path)
        group = session.get(Household, ward.households["hl1"]).group
        nowhere = pending_household(session, group, "4", street="phố Lý Công Uẩn", located=False)
        planning = load_planning_input(
            session, PlanRequest(day=TODAY, meeting_point=meeting_point())
        )
    plan = plan_night(planning, time_limit=0.3)
    order = [ward.households[name] for name in ("hl2", "hl6", "hl10")]
    plan = set_route(planning, plan, ward.teams[0], [*order, nowhere])
    path = tmp_path / "ban-do.pdf"
    save_sheets(database, planning, plan, path)
    first = _text(path)[0]
    assert "PHIẾU ĐI HỘ – TỔ CÔNG TÁC 1" in first
    assert "Đường Hoàng Liên" in first  # along its street, on the map
    assert "Bắc" in first  # a real map: north arrow and scale
    assert "Chưa có vị trí trên bản đồ, không vẽ trên sơ đồ: hộ số 4" in first


def test_a_bad_path_is_refused(database, night, tmp_path) -> None:
    planning, plan = night
    with pytest.raises(UserError, match=".pdf"):
        save_sheets(database, planning, plan, tmp_path / "phieu.txt")
    assert sheet_audit_entries(database) == []


def test_saving_walk_sheets_is_audited_with_how_many_households_and_residents(
    database, night, tmp_path
) -> None:
    planning, plan = night
    path = tmp_path / "phieu.pdf"
    pages = save_sheets(database, planning, plan, path)
    (entry,) = sheet_audit_entries(database)
    households = sum(len(route.stops) for route in plan.routes)
    residents = sum(len(planning.candidate(stop.household_id).residents)
                    for route in plan.routes for stop in route.stops)  # fmt: skip
    assert entry.action == "export" and entry.entity_key == TODAY.isoformat()
    assert entry.source == str(path)
    assert entry.changes == {
        "teams": [None, len(plan.routes)],
        "households": [None, households],
        "residents": [None, residents],
        "pages": [None, pages],
    }
    assert entry.actor  # who: the person at the desk


def save_sheets(database, planning, plan, path) -> int:
    with database.session() as session:
        return print_walk_sheets(session, planning, plan, path)


def sheet_audit_entries(database) -> list[AuditEntry]:
    with database.session() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "walk_sheets"))
        )


def test_fonts_are_registered_once() -> None:
    register_fonts()
    register_fonts()
