"""Shifts: a team's evening with its window, area and households in walk order."""

from datetime import date, time

import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, Household, Shift, ShiftStop
from desktop.domain.errors import UserError
from desktop.services import shifts, teams, visits
from desktop.services.shifts import ShiftInput
from tests.builders import (
    add_household,
    make_campaign,
    make_group,
    make_shift,
    make_team,
    make_ward,
)
from tests.conftest import TODAY

NIGHT = date(2026, 11, 25)


@pytest.fixture
def ward(database):
    """Two groups with three households, a campaign and a team of two."""
    with database.session() as session:
        ward = make_ward(session)
        first, second = make_group(session, ward, "Tổ 1"), make_group(session, ward, "Tổ 2")
        homes = [
            add_household(session, first, head="Nguyễn Văn An", house_number="1"),
            add_household(session, first, head="Lò Thị Mai", house_number="3"),
            add_household(session, second, head="Giàng A Sử", house_number="5"),
        ]
        campaign_id = make_campaign(session)
        team_id = make_team(session, campaign_id, members=("Trần Văn Hùng", "Vũ Thu Hà"))
    return {
        "homes": homes,
        "team": team_id,
        "campaign": campaign_id,
        "groups": (first.id, second.id),
    }


def test_a_shift_keeps_its_window_area_order_and_who_went_out(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = shifts.create_shift(
            session,
            ShiftInput(team_id=ward["team"], day=NIGHT, household_ids=(homes[2], homes[0])),
        )
    with database.session() as session:
        detail = shifts.shift_detail(session, shift_id)
    assert (detail.shift.starts_at, detail.shift.ends_at) == (time(19, 0), time(22, 0))
    assert [stop.head_name for stop in detail.stops] == ["Giàng A Sử", "Nguyễn Văn An"]
    assert [stop.position for stop in detail.stops] == [1, 2]
    assert detail.shift.group_names == ("Tổ 1", "Tổ 2")  # the groups of its households
    assert [m.full_name for m in detail.shift.members] == ["Vũ Thu Hà", "Trần Văn Hùng"]
    assert (detail.shift.stops, detail.shift.entered) == (2, 0)


def test_replacing_stops_sets_the_new_walking_order(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, homes[:2])
        version = shifts.shift_detail(session, shift_id).shift.version
        shifts.replace_stops(session, shift_id, [homes[1], homes[2], homes[0]], version)
        with pytest.raises(UserError, match="vừa được người khác sửa"):
            shifts.replace_stops(session, shift_id, homes, version)
    with database.session() as session:
        detail = shifts.shift_detail(session, shift_id)
    assert [stop.household_id for stop in detail.stops] == [homes[1], homes[2], homes[0]]


def make_input(ward, **changes) -> ShiftInput:
    values = {"team_id": ward["team"], "day": NIGHT, "household_ids": tuple(ward["homes"][:1])}
    return ShiftInput(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"starts_at": time(22, 0), "ends_at": time(19, 0)},
            "Giờ kết thúc (19:00) phải sau giờ bắt đầu (22:00).",
        ),
        (
            {"starts_at": time(19, 0), "ends_at": time(19, 0)},
            "Giờ kết thúc (19:00) phải sau giờ bắt đầu (19:00).",
        ),
        (
            {"day": date(2026, 11, 19)},
            "Ngày 19/11/2026 nằm ngoài thời gian của chiến dịch “Tháng cao điểm 50 ngày” "
            "(20/11/2026–08/01/2027).",
        ),
        ({"household_ids": (-1,)}, "Có hộ đã chọn không còn trong cơ sở dữ liệu"),
    ],
)
def test_bad_shifts_are_refused_and_nothing_saved(database, ward, changes, sentence):
    with database.session() as session, pytest.raises(UserError) as refused:
        shifts.create_shift(session, make_input(ward, **changes))
    assert str(refused.value).startswith(sentence)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Shift)) == 0


def test_a_household_twice_on_one_route_is_refused(database, ward):
    home = ward["homes"][0]
    with database.session() as session, pytest.raises(UserError, match="được chọn hai lần"):
        shifts.create_shift(session, make_input(ward, household_ids=(home, home)))


def test_a_team_without_members_that_night_is_refused(database, ward):
    with database.session() as session:
        empty = teams.create_team(session, ward["campaign"], teams.TeamInput("Tổ công tác 5"))
    with database.session() as session, pytest.raises(UserError) as refused:
        shifts.create_shift(session, make_input(ward, team_id=empty))
    assert str(refused.value).startswith(
        "Tổ công tác “Tổ công tác 5” chưa có thành viên nào ngày 25/11/2026"
    )
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Shift)) == 0


def test_one_shift_per_team_and_night(database, ward):
    with database.session() as session:
        shifts.create_shift(session, make_input(ward))
    with (
        database.session() as session,
        pytest.raises(UserError, match="đã có ca trực ngày 25/11/2026"),
    ):
        shifts.create_shift(session, make_input(ward))


def test_the_nights_list_shows_progress_and_entered_stops_stay(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, homes)
        visits.save_visit(session, visits.VisitInput(shift_id, homes[0], "not_home"), TODAY)
    with database.session() as session:
        (row,) = shifts.list_shifts(session, NIGHT)
        assert (row.team_name, row.stops, row.entered) == ("Tổ công tác 1", 3, 1)
        with pytest.raises(UserError, match="đã có kết quả nhập vào nên không bỏ"):
            shifts.replace_stops(session, shift_id, homes[1:])
        with pytest.raises(UserError, match="không xóa được"):
            shifts.delete_shift(session, shift_id)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ShiftStop)) == 3


def shift_audit(session, shift_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "shift", AuditEntry.entity_key == str(shift_id))
            .order_by(AuditEntry.id)
        )
    )


def test_a_household_off_the_route_joins_its_end_with_an_audit_entry(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, homes[:1])  # Tổ 1 only
        version = shifts.shift_detail(session, shift_id).shift.version
    with database.session() as session:
        assert shifts.append_stop(session, shift_id, homes[2]) == 2
    with database.session() as session:
        detail = shifts.shift_detail(session, shift_id)
        added = session.get(Household, homes[2])
        entries = shift_audit(session, shift_id)
        code_and_address = f"{added.code} · {added.address}"
    assert [stop.head_name for stop in detail.stops] == ["Nguyễn Văn An", "Giàng A Sử"]
    assert detail.shift.group_names == ("Tổ 1", "Tổ 2")  # its group joins the area
    assert detail.shift.version == version  # another desk adding another one still saves
    assert [(e.action, e.reason) for e in entries] == [("create", "edit"), ("update", "edit")]
    assert entries[-1].changes == {
        "households": [1, 2],
        "added_household": [None, code_and_address],
    }

    with database.session() as session:  # already on the route: its place, nothing written
        assert shifts.append_stop(session, shift_id, homes[0]) == 1
    with database.session() as session:
        assert len(shift_audit(session, shift_id)) == 2
        assert shifts.shift_detail(session, shift_id).shift.stops == 2


def test_a_route_edited_meanwhile_keeps_the_household_added_at_another_desk(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, homes[:2])
        opened = shifts.shift_detail(session, shift_id)  # the shift dialog at one desk
    with database.session() as session:  # another desk enters a door knocked on unplanned
        shifts.append_stop(session, shift_id, homes[2])
    seen = tuple(stop.household_id for stop in opened.stops)
    edited = make_input(
        ward, household_ids=(homes[1],), notes="Bỏ hộ số 1", route_seen=seen
    )  # the desk dropped one household and wrote a note
    with database.session() as session:
        shifts.update_shift(session, shift_id, edited, opened.shift.version)
    with database.session() as session:
        detail = shifts.shift_detail(session, shift_id)
    assert [stop.household_id for stop in detail.stops] == [homes[1], homes[2]]
    assert [stop.position for stop in detail.stops] == [1, 2]
    assert detail.shift.group_names == ("Tổ 1", "Tổ 2")
    assert detail.shift.notes == "Bỏ hộ số 1"


def test_an_edit_of_the_shift_itself_still_refuses_a_stale_copy(database, ward):
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, ward["homes"][:1])
        version = shifts.shift_detail(session, shift_id).shift.version
    with database.session() as session:
        shifts.update_shift(session, shift_id, make_input(ward, notes="Đi sớm"), version)
    with (
        database.session() as session,
        pytest.raises(UserError, match="vừa được người khác sửa"),
    ):
        shifts.update_shift(session, shift_id, make_input(ward, notes="Đi muộn"), version)
    with database.session() as session:
        assert shifts.shift_detail(session, shift_id).shift.notes == "Đi sớm"


def test_adding_to_a_shift_another_desk_deleted_meanwhile_is_refused(database, ward):
    homes = ward["homes"]
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, homes[:1])
    with database.session() as session:
        shifts.load_shift(session, shift_id)  # the visit-entry form read it
        with database.session() as other_desk:
            shifts.delete_shift(other_desk, shift_id)
        with pytest.raises(UserError, match="^Ca trực này không còn trong cơ sở dữ liệu"):
            shifts.append_stop(session, shift_id, homes[1])
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ShiftStop)) == 0


def test_appending_a_household_deleted_meanwhile_is_refused(database, ward):
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, ward["homes"][:1])
    with database.session() as session, pytest.raises(UserError, match="Hộ này không còn"):
        shifts.append_stop(session, shift_id, -1)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ShiftStop)) == 1
        assert len(shift_audit(session, shift_id)) == 1


def test_members_of_a_night_can_be_changed_for_that_shift_only(database, ward):
    with database.session() as session:
        shift_id = make_shift(session, ward["team"], NIGHT, ward["homes"][:1])
        stand_in = teams.create_member(session, teams.MemberInput("Đoàn Văn Nam", "youth_union"))
        hung = next(
            m.id
            for m in shifts.shift_detail(session, shift_id).shift.members
            if m.full_name == "Trần Văn Hùng"
        )
        shifts.set_shift_members(session, shift_id, [hung, stand_in])
    with database.session() as session:
        went_out = [m.full_name for m in shifts.shift_detail(session, shift_id).shift.members]
        team_now = [m.full_name for m in teams.team_members_on(session, ward["team"], NIGHT)]
    assert went_out == ["Trần Văn Hùng", "Đoàn Văn Nam"]  # the officer first
    assert team_now == ["Vũ Thu Hà", "Trần Văn Hùng"]


def test_nobody_goes_out_with_two_teams_at_the_same_hours(database, ward):
    with database.session() as session:
        own = make_shift(session, ward["team"], NIGHT, ward["homes"][:1])
        other_team = make_team(session, ward["campaign"], "Tổ công tác 2", ("Lê Văn Tâm",))
        other = make_shift(session, other_team, NIGHT, ward["homes"][2:])
        hung = next(
            m.id
            for m in shifts.shift_detail(session, own).shift.members
            if m.full_name == "Trần Văn Hùng"
        )
        tam = shifts.shift_detail(session, other).shift.members[0].id
    with database.session() as session, pytest.raises(UserError) as refused:
        shifts.set_shift_members(session, other, [tam, hung])
    assert str(refused.value) == (
        "Trần Văn Hùng đã đi ca của Tổ công tác 1 đêm 25/11/2026 (19:00–22:00); "
        "một người không đi hai ca cùng giờ."
    )
    with database.session() as session:  # an early shift of the other team: no overlap
        shifts.update_shift(
            session,
            other,
            ShiftInput(team_id=other_team, day=NIGHT, starts_at=time(17, 0), ends_at=time(19, 0)),
            shifts.shift_detail(session, other).shift.version,
        )
        shifts.set_shift_members(session, other, [tam, hung])
        assert len(shifts.shift_detail(session, other).shift.members) == 2


def test_the_nights_with_shifts_and_the_groups_to_choose_from(database, ward):
    with database.session() as session:
        assert shifts.shift_days(session, ward["campaign"]) == []
        shifts.create_shift(session, ShiftInput(team_id=ward["team"], day=date(2026, 11, 27)))
        shifts.create_shift(session, ShiftInput(team_id=ward["team"], day=NIGHT))
        assert shifts.shift_days(session, ward["campaign"]) == [NIGHT, date(2026, 11, 27)]
        groups = shifts.area_groups(session)
    assert [(group.id, group.name) for group in groups] == [
        (ward["groups"][0], "Tổ 1"),
        (ward["groups"][1], "Tổ 2"),
    ]
