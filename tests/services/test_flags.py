"""Data that looks wrong is flagged for the duty officer, never blocked (issue #12): too
many services for a team's helpers and minutes, a night where every door was "everyone
served", results dated outside the shift's window; a flag is cleared with a reason, in
the audit trail, and comes back when its figures change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from sqlalchemy import select, update

from desktop.db.models import AuditEntry, Resident, Visit
from desktop.domain.errors import UserError
from desktop.services import audit, flags, settings, shifts, teams, visits
from desktop.services.visits import ResidentVisitInput as Line
from desktop.services.visits import VisitInput
from tests.builders import (
    add_household,
    add_resident,
    make_campaign,
    make_group,
    make_shift,
    make_team,
    make_ward,
)
from tests.conftest import TODAY

NIGHT = date(2026, 11, 25)


@dataclass
class Night:
    """Ten one-person households of Tổ 1, and team 1's shift over them on NIGHT."""

    campaign: int
    team: int
    shift: int
    homes: list[int]
    people: list[int]


@pytest.fixture
def night(database) -> Night:
    with database.session() as session:
        group = make_group(session, make_ward(session))
        homes, people = [], []
        names = ("An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa", "Lâm", "Minh", "Nam")
        for number, name in enumerate(names, start=1):
            head = f"Nguyễn Văn {name}"
            home = add_household(
                session,
                group,
                head=head,
                house_number=str(number),
                birth_year=1980,
                personal_id=f"0100800{number:05d}",
                has_chip_card=True,
            )
            homes.append(home)
            people.append(session.scalar(select(Resident.id).where(Resident.full_name == head)))
        campaign = make_campaign(session)
        team = make_team(session, campaign, "Tổ công tác 1", ("Trần Văn Hùng",))
        shift = make_shift(session, team, NIGHT, homes)
    return Night(campaign, team, shift, homes, people)


def enter(database, night: Night, index: int, outcome: str = "met", **fields) -> int:
    """Household `index` met, its head given VNeID and 114 (nothing when not met)."""
    met = outcome == "met"
    line = Line(
        night.people[index],
        met,
        ("vneid_installed", "app_114") if met else (),
        None if met else "not_home",
    )
    data = VisitInput(night.shift, night.homes[index], outcome, (line,), **fields)
    with database.session() as session:
        return visits.save_visit(session, data, TODAY).visit_id


def flags_now(database, **options) -> list[flags.DataFlag]:
    with database.session() as session:
        return flags.data_flags(session, **options)


def kinds(database, **options) -> list[str]:
    return [flag.kind for flag in flags_now(database, **options)]


# --- Too many services for the team --------------------------------------------------------


def add_to_shift(database, night: Night, full_name: str, role: str) -> None:
    with database.session() as session:
        member = teams.create_member(session, teams.MemberInput(full_name=full_name, role=role))
        present = [m.id for m in shifts.shift_detail(session, night.shift).shift.members]
        shifts.set_shift_members(session, night.shift, [*present, member])


def test_more_services_than_the_helpers_could_do_in_the_window_is_flagged(database, night):
    with database.session() as session:  # 45 minutes a service: 4 fill the 180 minutes
        settings.save_planning_settings(
            session, settings.PlanningSettings(minutes_per_household=30, minutes_per_service=45)
        )
    enter(database, night, 0)
    enter(database, night, 1)
    assert kinds(database) == []  # 4 services by one helper: 180 minutes, just in time

    add_to_shift(database, night, "Lò Văn Dìn", "group_leader")  # guides, helps no one
    with database.session() as session:
        home = night.homes[2]
        wife = add_resident(session, home, "Lò Thị Mai", relation="Vợ", birth_year=1985)
        data = VisitInput(
            night.shift,
            home,
            "met",
            (
                Line(night.people[2], True, ("vneid_installed",)),
                Line(wife, True, ("vneid_installed",)),
            ),
        )
        visits.save_visit(session, data, TODAY)

    (flag,) = flags_now(database)
    assert flag.kind == "capacity" and flag.key == f"capacity:shift:{night.shift}"
    assert flag.text == (
        "Tổ công tác 1 ghi 6 việc ở 3 hộ trong ca 19:00–22:00 đêm 25/11/2026: với 1 người hỗ "
        "trợ, riêng các việc này đã cần ít nhất 270 phút, ca chỉ có 180 phút."
    )
    # A second officer shares the last door (one each), not the first two (one person
    # each): 90 + 90 + 45 minutes.
    add_to_shift(database, night, "Đỗ Minh Đức", "officer")
    (flag,) = flags_now(database)
    assert "với 2 người hỗ trợ, riêng các việc này đã cần ít nhất 225 phút" in flag.text


def test_the_greeting_time_alone_raises_no_flag(database, night):
    with database.session() as session:
        settings.save_planning_settings(
            session, settings.PlanningSettings(minutes_per_household=60, minutes_per_service=1)
        )
    for index in range(4):
        enter(database, night, index, outcome="not_home" if index == 3 else "met")
    assert kinds(database) == []


# --- Every door "everyone served" ----------------------------------------------------------


def test_a_night_where_every_door_was_everyone_served_is_flagged(database, night):
    for index in range(7):
        enter(database, night, index)
    assert kinds(database) == []  # seven doors could be luck

    enter(database, night, 7)

    (flag,) = flags_now(database)
    assert flag.kind == "all_served"
    assert flag.text == (
        "Tổ công tác 1 đêm 25/11/2026: cả 8 hộ đều ghi gặp đủ người và làm đủ, không hộ nào "
        "vắng nhà, không ai từ chối."
    )
    enter(database, night, 8, outcome="not_home")
    assert kinds(database) == []


def test_a_refusal_or_someone_away_is_not_everyone_served(database, night):
    for index in range(7):
        enter(database, night, index)
    with database.session() as session:
        home = night.homes[7]
        son = add_resident(session, home, "Nguyễn Văn Con", birth_year=2000)
        data = VisitInput(
            night.shift,
            home,
            "met",
            (Line(night.people[7], True, ("app_114",)), Line(son, True, (), "refused")),
        )
        visits.save_visit(session, data, TODAY)
    assert kinds(database) == []


# --- Outside the shift's window -------------------------------------------------------------


def test_results_dated_outside_the_shifts_window_are_flagged(database, night):
    enter(database, night, 0, visited_at=time(19, 30))
    early = enter(database, night, 1, visited_at=time(18, 10))
    assert kinds(database) == ["outside_window"]

    typed_early = enter(database, night, 2)
    with database.session() as session:  # typed in at 02:39 the same day (ward time)
        session.execute(
            update(Visit)
            .where(Visit.id == typed_early)
            .values(entered_at=datetime(2026, 11, 24, 19, 39))
        )

    (flag,) = flags_now(database)
    assert flag.text == (
        "Tổ công tác 1, ca 19:00–22:00 đêm 25/11/2026: 2 hộ có kết quả ngoài giờ ca "
        "(Số 2, đường Hoàng Liên: đến lúc 18:10; Số 3, đường Hoàng Liên: nhập lúc 02:39 "
        "25/11/2026, trước khi ca bắt đầu)."
    )
    assert early


# --- Clearing a flag -----------------------------------------------------------------------


def all_served_night(database, night: Night) -> flags.DataFlag:
    for index in range(8):
        enter(database, night, index)
    (flag,) = flags_now(database)
    return flag


def test_a_flag_is_cleared_with_a_reason_in_the_audit_trail(database, night):
    flag = all_served_night(database, night)

    with database.session() as session:
        cleared = flags.clear_flag(session, flag.key, "  Đã gọi tổ trưởng,   xác nhận đúng ")

    assert cleared.cleared is not None and cleared.cleared.reason == (
        "Đã gọi tổ trưởng, xác nhận đúng"
    )
    assert kinds(database) == []
    (kept,) = flags_now(database, include_cleared=True)
    assert kept.key == flag.key and kept.cleared == cleared.cleared
    with database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "flag")).one()
        intact = audit.verify_trail(session).intact
    assert (entry.action, entry.entity_key) == ("clear", flag.key)
    assert entry.changes["reason"] == [None, "Đã gọi tổ trưởng, xác nhận đúng"]
    assert entry.changes["flag"] == [flag.text, None]
    assert entry.source == "Cảnh báo số liệu: Tổ công tác 1, đêm 25/11/2026"
    assert intact


def test_a_cleared_flag_comes_back_when_its_figures_change(database, night):
    flag = all_served_night(database, night)
    with database.session() as session:
        flags.clear_flag(session, flag.key, "Đúng là cả tổ gặp đủ")

    enter(database, night, 8)  # a ninth door, everyone served again

    (again,) = flags_now(database)
    assert again.key == flag.key and again.cleared is None
    assert "cả 9 hộ" in again.text


@pytest.mark.parametrize(
    ("key", "reason", "refusal"),
    [
        (None, "   ", "Hãy ghi lý do bỏ cảnh báo"),
        ("all_served:shift:999", "lý do", "Cảnh báo này không còn"),
    ],
)
def test_clearing_is_refused_without_a_reason_or_a_flag(database, night, key, reason, refusal):
    flag = all_served_night(database, night)
    with database.session() as session, pytest.raises(UserError, match=refusal):
        flags.clear_flag(session, key or flag.key, reason)
    assert kinds(database) == ["all_served"]


def test_clearing_twice_is_refused(database, night):
    flag = all_served_night(database, night)
    with database.session() as session:
        flags.clear_flag(session, flag.key, "Đã kiểm tra")
    with database.session() as session, pytest.raises(UserError, match="đã được .* bỏ lúc"):
        flags.clear_flag(session, flag.key, "Lần nữa")


def test_the_shift_that_collected_each_application_is_found(database, night):
    enter(database, night, 0)
    with database.session() as session:
        data = VisitInput(
            night.shift,
            night.homes[1],
            "met",
            (Line(night.people[1], True, ("level2_collected",)),),
        )
        visits.save_visit(session, data, TODAY)
        found = flags.collection_shifts(session, night.people[:3])
    assert found == {night.people[1]: night.shift}
