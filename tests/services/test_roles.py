"""The services refuse what a role may not do, whatever window or script calls them.

Each role is signed in (desktop.services.signed_in) and the services are called
directly, as a script or a future window would: what the role may not do is refused
with one sentence naming the role and changes nothing; what it may do works.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, Resident, Visit, WardMap
from desktop.domain.errors import UserError
from desktop.domain.roles import (
    ADMIN,
    APPROVALS,
    BACKUP,
    CAMPAIGNS,
    DASHBOARD,
    DUTY,
    ENTRY,
    EXPORT,
    LEADER,
    MANAGE_ACCOUNTS,
    PERMISSION_WORDS,
    REGISTER_EDIT,
    REGISTER_VIEW,
    REPORTS,
    RESTORE,
    ROLES,
    SETTINGS,
    VISIT_ENTRY,
    allowed,
    role_name,
)
from desktop.services import (
    accounts,
    approvals,
    automatic_backup,
    backup,
    campaigns,
    dashboard,
    export,
    flags,
    households,
    registry,
    residents,
    settings,
    shifts,
    signed_in,
    teams,
    visits,
    wards,
)
from desktop.services.database import Database, open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from desktop.services.importing import ImportOptions, import_file
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.planning.saving import save_night_plan
from desktop.services.planning.sheets import print_walk_sheets
from desktop.services.progress import Progress
from desktop.services.reporting.consolidation import consolidate
from desktop.services.reporting.export import (
    CAMPAIGN,
    DAILY,
    PENDING,
    ReportRequest,
    build_report,
    export_report,
)
from desktop.services.reporting.settings import load_report_settings, save_report_settings
from desktop.services.signed_in import NotAllowed, SignedInAccount
from tests.builders import (
    add_household,
    add_resident,
    enter_visit,
    make_campaign,
    make_group,
    make_team,
    make_ward,
)
from tests.conftest import TODAY
from tests.services.maps.osm_files import write_ward

NIGHT = TODAY - timedelta(days=1)
PEOPLE = {
    ADMIN: SignedInAccount(1, "quan.tri", "Nguyễn Văn Quản", ADMIN),
    DUTY: SignedInAccount(2, "truc.ban", "Trần Văn Hùng", DUTY),
    LEADER: SignedInAccount(3, "lanh.dao", "Phạm Quang Huy", LEADER),
    ENTRY: SignedInAccount(4, "nhap.lieu", "Lò Thị Lan", ENTRY),
}


@dataclass
class Desk:
    """A ward with a campaign night entered, opened fresh for each test."""

    database: Database
    folder: Path  # files to read and write
    visited: int  # the household visited last night (a level-2 application collected)
    other: int  # a household nobody visited yet
    head: int  # the visited household's head
    wife: int  # in the visited household
    campaign_id: int
    team_id: int
    shift_id: int  # last night's shift of the team
    visit_id: int
    map_file: Path
    daily_xlsx: Path  # last night's report, for consolidation
    backup_file: Path


@pytest.fixture(scope="module")
def desk_template(tmp_path_factory, migrated_template) -> tuple[Path, dict]:
    """The ward, built once for the module with no account (everything allowed)."""
    folder = tmp_path_factory.mktemp("desk")
    path = folder / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        group = make_group(session, make_ward(session))
        visited = add_household(
            session, group, head="Nguyễn Văn An", personal_id="010080000001", has_chip_card=True
        )
        wife = add_resident(session, visited, "Lò Thị Mai", relation="Vợ", has_chip_card=True)
        other = add_household(session, group, head="Trần Thị Bình", house_number="3")
        head = session.scalar(select(Resident.id).where(Resident.full_name == "Nguyễn Văn An"))
        campaign_id = make_campaign(session)
        team_id = make_team(session, campaign_id)
        enter_visit(
            session,
            team_id,
            NIGHT,
            visited,
            [head, wife],
            "met",
            [(True, ("level2_collected", "app_114")), (True, ("app_114",))],
        )
        shift_id = shifts.shift_for_team(session, team_id, NIGHT)
        visit_id = session.scalar(select(Visit.id))
        daily = export_report(
            session, ReportRequest(DAILY, day=NIGHT), folder / "bao-cao-ngay.xlsx", Progress()
        )
    map_file = write_ward(folder)
    backup_file = folder / "sao-luu.sqlite3"
    backup.backup_database(database, backup_file)
    database.close()
    ids = dict(
        visited=visited,
        other=other,
        head=head,
        wife=wife,
        campaign_id=campaign_id,
        team_id=team_id,
        shift_id=shift_id,
        visit_id=visit_id,
        map_file=map_file,
        daily_xlsx=daily.path,
        backup_file=backup_file,
    )
    return path, ids


@pytest.fixture
def desk(desk_template, tmp_path) -> Desk:
    template, ids = desk_template
    path = tmp_path / "denkhuya.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    yield Desk(database=database, folder=tmp_path, **ids)
    database.close()


def sign_in_as(role: str) -> SignedInAccount:
    person = PEOPLE[role]
    signed_in.sign_in(person)
    return person


def audit_entries(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count(AuditEntry.id)))


# --- What each service does for the test: (permission, call, what else refuses it) -----


def _in_session(work: Callable) -> Callable[[Desk], object]:
    def run(desk: Desk) -> object:
        with desk.database.session() as session:
            return work(session, desk)

    return run


def _restore(desk: Desk) -> object:
    desk.database.close()  # a restore is made with the program's own connections closed
    return backup.restore_database(desk.database.url, desk.backup_file)


def _import(session, desk: Desk) -> object:
    csv = desk.folder / "danh-sach.csv"
    csv.write_text(
        "Tổ,Số nhà,Đường,Họ và tên,Quan hệ với chủ hộ,Năm sinh\n"
        "Tổ 1,9,Hoàng Liên,Vàng Văn Sử,Chủ hộ,1970\n",
        encoding="utf-8",
    )
    return import_file(session, csv, ImportOptions(TODAY))


def _edit_resident(session, desk: Desk) -> object:
    form = residents.resident_form(session, desk.wife)
    data = residents.ResidentInput(
        **{
            name: getattr(form, name)
            for name in residents.ResidentInput.__dataclass_fields__
            if hasattr(form, name)
        }
    )
    return residents.update_resident(session, desk.wife, replace(data, phone="0912345678"), TODAY)


def _plan_and_print(session, desk: Desk) -> object:
    planning = load_planning_input(session, PlanRequest(day=TODAY))
    plan = plan_night(planning)
    save_night_plan(session, planning, plan)
    return print_walk_sheets(session, planning, plan, desk.folder / "phieu.pdf")


def _visit(session, desk: Desk) -> object:
    # A household not on last night's route: added to it as its result is entered.
    return visits.save_visit(
        session, visits.VisitInput(desk.shift_id, desk.other, "not_home"), TODAY
    )


ACTIONS: dict[str, tuple[str, Callable[[Desk], object], str | None]] = {
    "xuất danh sách nhân khẩu": (
        EXPORT,
        _in_session(lambda s, d: export.export_residents(s, d.folder / "nk.csv", Progress())),
        None,
    ),
    "báo cáo ngày": (
        REPORTS,
        _in_session(lambda s, d: build_report(s, ReportRequest(DAILY, day=NIGHT), Progress())),
        None,
    ),
    "báo cáo chiến dịch ra tệp": (
        REPORTS,
        _in_session(
            lambda s, d: export_report(
                s, ReportRequest(CAMPAIGN, day=NIGHT), d.folder / "bc.xlsx", Progress()
            )
        ),
        None,
    ),
    "danh sách còn phải làm": (
        REPORTS,
        _in_session(lambda s, d: build_report(s, ReportRequest(PENDING, on=TODAY), Progress())),
        None,
    ),
    "tổng hợp báo cáo các đơn vị": (
        REPORTS,
        _in_session(lambda s, d: consolidate([d.daily_xlsx], load_report_settings(s))),
        None,
    ),
    "thiết lập báo cáo": (
        REPORTS,
        _in_session(lambda s, d: save_report_settings(s, load_report_settings(s))),
        None,
    ),
    "tiến độ chiến dịch": (
        DASHBOARD,
        _in_session(lambda s, d: dashboard.campaign_dashboard(s, TODAY)),
        None,
    ),
    "sao lưu": (
        BACKUP,
        lambda d: backup.backup_database(d.database, d.folder / "usb.sqlite3"),
        None,
    ),
    "xem bản sao lưu": (RESTORE, lambda d: backup.check_backup(d.backup_file), None),
    "khôi phục": (RESTORE, _restore, None),
    "nhập danh sách hộ": (REGISTER_EDIT, _in_session(_import), None),
    "thêm hộ": (
        REGISTER_EDIT,
        _in_session(
            lambda s, d: households.create_household(
                s, households.HouseholdInput(group_id=1, house_number="5", street="Hoàng Liên")
            )
        ),
        None,
    ),
    "sửa hộ": (
        REGISTER_EDIT,
        _in_session(
            lambda s, d: households.update_household(
                s, d.other, households.HouseholdInput(group_id=1, house_number="3A")
            )
        ),
        None,
    ),
    "xóa hộ": (
        REGISTER_EDIT,
        _in_session(lambda s, d: households.delete_household(s, d.other)),
        None,
    ),
    "thêm nhân khẩu": (
        REGISTER_EDIT,
        _in_session(lambda s, d: add_resident(s, d.other, "Trần Văn Cường")),
        None,
    ),
    "sửa nhân khẩu": (REGISTER_EDIT, _in_session(_edit_resident), None),
    "xóa nhân khẩu": (
        REGISTER_EDIT,
        _in_session(lambda s, d: residents.delete_resident(s, d.wife)),
        None,
    ),
    "đổi chủ hộ": (
        REGISTER_EDIT,
        _in_session(lambda s, d: residents.change_head(s, d.wife, "Chồng")),
        None,
    ),
    "tạo phường mẫu": (
        REGISTER_EDIT,
        _in_session(lambda s, d: create_demo_ward(s, DemoOptions(households=5, today=TODAY))),
        "^Cơ sở dữ liệu đã có dữ liệu",  # a role that may is refused for the data held
    ),
    "tạo chiến dịch": (
        CAMPAIGNS,
        _in_session(
            lambda s, d: campaigns.create_campaign(
                s, campaigns.CampaignInput("Đợt hai", date(2027, 2, 1), date(2027, 3, 1))
            )
        ),
        None,
    ),
    "chọn chiến dịch đang làm": (
        CAMPAIGNS,
        _in_session(lambda s, d: campaigns.set_current_campaign(s, d.campaign_id)),
        None,
    ),
    "tạo tổ công tác": (
        CAMPAIGNS,
        _in_session(
            lambda s, d: teams.create_team(s, d.campaign_id, teams.TeamInput(name="Tổ công tác 2"))
        ),
        None,
    ),
    "thêm cán bộ": (
        CAMPAIGNS,
        _in_session(
            lambda s, d: teams.create_member(
                s, teams.MemberInput(full_name="Vũ Đức Long", role="officer")
            )
        ),
        None,
    ),
    "lập ca trực": (
        CAMPAIGNS,
        _in_session(
            lambda s, d: shifts.create_shift(
                s, shifts.ShiftInput(team_id=d.team_id, day=TODAY, household_ids=(d.other,))
            )
        ),
        None,
    ),
    "lập lộ trình và in phiếu đi hộ": (CAMPAIGNS, _in_session(_plan_and_print), None),
    "bỏ cảnh báo số liệu": (
        CAMPAIGNS,
        _in_session(lambda s, d: flags.clear_flag(s, "khong-co", "đã gọi tổ trưởng")),
        "^Cảnh báo này không còn",  # no flag raised in this ward
    ),
    "nhập kết quả đi hộ": (VISIT_ENTRY, _in_session(_visit), None),
    "xóa kết quả đi hộ": (
        VISIT_ENTRY,
        _in_session(lambda s, d: visits.delete_visit(s, d.visit_id)),
        None,
    ),
    "duyệt kích hoạt mức 2": (
        APPROVALS,
        _in_session(lambda s, d: approvals.mark_activated(s, [d.head], TODAY, TODAY)),
        None,
    ),
    "cài đặt lập lộ trình": (
        SETTINGS,
        _in_session(
            lambda s, d: settings.save_planning_settings(s, settings.load_planning_settings(s))
        ),
        None,
    ),
    "vị trí trụ sở": (
        SETTINGS,
        _in_session(lambda s, d: wards.set_station_location(s, 22.48, 103.96)),
        None,
    ),
    "nạp bản đồ": (SETTINGS, _in_session(lambda s, d: load_map(s, d.map_file)), None),
    "định vị hộ theo địa chỉ": (
        SETTINGS,
        _in_session(lambda s, d: locate_households(s)),
        "^Chưa có bản đồ",  # the desk's ward has no map loaded yet
    ),
    "danh sách tài khoản": (
        MANAGE_ACCOUNTS,
        _in_session(lambda s, d: accounts.list_accounts(s)),
        None,
    ),
    "xem danh sách hộ": (
        REGISTER_VIEW,
        _in_session(lambda s, d: registry.list_households(s, registry.HouseholdQuery(), TODAY)),
        None,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_role_does_what_it_may_and_is_refused_the_rest(desk, role, action):
    permission, do, refused_otherwise = ACTIONS[action]
    sign_in_as(role)
    before = audit_entries(desk.database)
    if allowed(role, permission):
        if refused_otherwise is None:
            do(desk)
        else:
            with pytest.raises(UserError, match=refused_otherwise) as refused:
                do(desk)
            assert not isinstance(refused.value, NotAllowed)
        return
    with pytest.raises(NotAllowed) as refused:
        do(desk)
    assert str(refused.value) == (
        f"Vai trò {role_name(role)} không được {PERMISSION_WORDS[permission]}."
    )
    assert refused.value.permission == permission
    desk.database.engine.dispose()
    assert audit_entries(desk.database) == before  # nothing written, not even a view


def test_the_roles_permissions_are_those_the_issue_names():
    may = {role: {a for a, (p, _, _) in ACTIONS.items() if allowed(role, p)} for role in ROLES}
    assert may[ADMIN] == set(ACTIONS)
    assert may[DUTY] == set(ACTIONS) - {"danh sách tài khoản"}
    assert may[LEADER] == {
        "xuất danh sách nhân khẩu",
        "báo cáo ngày",
        "báo cáo chiến dịch ra tệp",
        "danh sách còn phải làm",
        "tổng hợp báo cáo các đơn vị",
        "thiết lập báo cáo",
        "tiến độ chiến dịch",
        "xem danh sách hộ",
    }
    assert may[ENTRY] == {
        "nhập kết quả đi hộ",
        "xóa kết quả đi hộ",
        "duyệt kích hoạt mức 2",
        "xem danh sách hộ",
    }


def test_with_accounts_and_nobody_signed_in_everything_asks_for_a_login(desk):
    signed_in.set_accounts_exist(True)
    for action in ("xuất danh sách nhân khẩu", "nhập kết quả đi hộ", "sao lưu"):
        permission, do, _ = ACTIONS[action]
        with pytest.raises(NotAllowed) as refused:
            do(desk)
        assert str(refused.value) == f"Cần đăng nhập để {PERMISSION_WORDS[permission]}."


def test_without_any_account_everything_is_allowed_as_before(desk):
    assert not accounts.remember_accounts_exist(desk.database)
    for action in ("xuất danh sách nhân khẩu", "sao lưu", "danh sách tài khoản", "vị trí trụ sở"):
        ACTIONS[action][1](desk)


def test_the_automatic_copy_is_made_whoever_is_signed_in(desk):
    sign_in_as(ENTRY)
    with pytest.raises(NotAllowed):
        backup.backup_database(desk.database, desk.folder / "usb.sqlite3")
    copy = automatic_backup.automatic_backup(desk.database, now=datetime(2026, 11, 30, 18, 0))
    assert copy is not None and copy.exists()
    with pytest.raises(NotAllowed):  # and the exception ends with the copy
        backup.backup_database(desk.database, desk.folder / "usb.sqlite3")


def test_a_visit_and_a_map_name_the_account_that_entered_them(desk):
    sign_in_as(ENTRY)
    ACTIONS["nhập kết quả đi hộ"][1](desk)
    sign_in_as(DUTY)
    ACTIONS["nạp bản đồ"][1](desk)
    with desk.database.session() as session:
        visit = session.scalar(select(Visit).where(Visit.household_id == desk.other))
        assert visit.entered_by == "nhap.lieu"
        assert session.scalar(select(WardMap.loaded_by)) == "truc.ban"
        actors = set(session.scalars(select(AuditEntry.actor)))
    assert {"nhap.lieu", "truc.ban"} <= actors
