"""Teams and their members: who was in which team on which night."""

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db.models import Member, Team
from desktop.domain.errors import UserError
from desktop.services import shifts, teams
from desktop.services.teams import MemberInput, TeamInput
from tests.builders import (
    add_household,
    make_campaign,
    make_group,
    make_shift,
    make_team,
    make_ward,
)

NIGHT = date(2026, 11, 25)


def officer(session, name: str, rank: str = "Trung úy") -> int:
    return teams.create_member(
        session, MemberInput(name, "officer", rank=rank, unit="Công an phường Cốc Lếu")
    )


def names(members) -> list[str]:
    return [member.full_name for member in members]


def test_members_are_stored_tidy_with_role_rank_unit_and_phone(database):
    with database.session() as session:
        member_id = teams.create_member(
            session,
            MemberInput(
                "  lò thị   MAI ",
                "youth_union",
                rank="thượng uý",  # old-style tone placement and lower case
                unit="Đoàn Thanh niên  Công an tỉnh",
                phone="+84 912 345 678",
            ),
        )
    with database.session() as session:
        member = next(m for m in teams.list_members(session) if m.id == member_id)
    assert (member.full_name, member.rank, member.unit, member.phone) == (
        "Lò Thị Mai",
        "Thượng úy",
        "Đoàn Thanh niên Công an tỉnh",
        "0912345678",
    )
    assert member.title == "Thượng úy Lò Thị Mai" and member.role_label == "Đoàn viên"


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (MemberInput("", "officer"), "Họ và tên thành viên không được để trống."),
        (MemberInput("Nguyễn Văn 2", "officer"), "không được chứa chữ số"),
        (MemberInput("Nguyễn Văn An", "driver"), "Vai trò “driver” không có"),
        (MemberInput("Nguyễn Văn An", "officer", rank="Đại úy tá"), "Cấp bậc “Đại úy tá” không có"),
        (MemberInput("Nguyễn Văn An", "officer", phone="12345"), "điện thoại"),
    ],
)
def test_member_mistakes_are_refused(database, data, sentence):
    with database.session() as session, pytest.raises(UserError, match=sentence):
        teams.create_member(session, data)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_team_names_are_unique_in_a_campaign_and_khac_is_reserved(database):
    with database.session() as session:
        campaign_id = make_campaign(session)
        teams.create_team(session, campaign_id, TeamInput("Tổ công tác 1"))
        with pytest.raises(UserError, match="đã có tổ công tác tên"):
            teams.create_team(session, campaign_id, TeamInput("tổ công tác 1"))
        with pytest.raises(UserError, match="dành cho kết quả không thuộc tổ nào"):
            teams.create_team(session, campaign_id, TeamInput("Khác"))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Team)) == 1


def test_teams_list_in_counting_order_with_officers_first(database):
    with database.session() as session:
        campaign_id = make_campaign(session)
        for number in (10, 2, 1):
            teams.create_team(session, campaign_id, TeamInput(f"Tổ công tác {number}"))
        team_id = teams.list_teams(session, campaign_id, NIGHT)[0].id
        leader = teams.create_member(session, MemberInput("Giàng A Sử", "group_leader"))
        youth = teams.create_member(session, MemberInput("Vũ Thu Hà", "youth_union"))
        chief = officer(session, "Phạm Quang Huy", rank="Đại úy")
        for member_id in (leader, youth, chief):
            teams.add_member_to_team(session, team_id, member_id, date(2026, 11, 20))
        listed = teams.list_teams(session, campaign_id, NIGHT)
    assert [team.name for team in listed] == ["Tổ công tác 1", "Tổ công tác 2", "Tổ công tác 10"]
    assert names(listed[0].members) == ["Phạm Quang Huy", "Vũ Thu Hà", "Giàng A Sử"]


def test_moving_to_another_team_keeps_the_nights_before_in_the_old_one(database):
    with database.session() as session:
        campaign_id = make_campaign(session)
        first = make_team(session, campaign_id, "Tổ công tác 1", ("Trần Văn Hùng",))
        second = make_team(session, campaign_id, "Tổ công tác 2", ("Đỗ Minh Đức",))
        mover = officer(session, "Nguyễn Thị Ước")
        teams.add_member_to_team(session, first, mover, date(2026, 11, 20))
        teams.add_member_to_team(session, second, mover, date(2026, 11, 26))
    with database.session() as session:
        before = teams.team_members_on(session, first, date(2026, 11, 25))
        after_first = teams.team_members_on(session, first, date(2026, 11, 26))
        after_second = teams.team_members_on(session, second, date(2026, 11, 26))
        history = teams.team_history(session, first)
    assert "Nguyễn Thị Ước" in names(before)
    assert "Nguyễn Thị Ước" not in names(after_first)
    assert "Nguyễn Thị Ước" in names(after_second)
    moved = next(row for row in history if row.member_name == "Nguyễn Thị Ước")
    assert (moved.from_date, moved.to_date) == (date(2026, 11, 20), date(2026, 11, 25))


def test_leaving_a_team_does_not_change_a_past_shift(database):
    with database.session() as session:
        household = add_household(session, make_group(session, make_ward(session)))
        campaign_id = make_campaign(session)
        team_id = make_team(session, campaign_id, members=("Trần Văn Hùng", "Lê Thị Lan"))
        shift_id = make_shift(session, team_id, date(2026, 11, 22), [household])
        lan = session.scalar(select(Member.id).where(Member.full_name == "Lê Thị Lan"))
        teams.remove_member_from_team(session, team_id, lan, date(2026, 11, 23))
    with database.session() as session:
        went_out = names(shifts.shift_detail(session, shift_id).shift.members)
        later = names(teams.team_members_on(session, team_id, date(2026, 11, 24)))
        with pytest.raises(UserError, match="đã đi ca trực nên không xóa được"):
            teams.delete_member(session, lan)
    assert went_out == ["Trần Văn Hùng", "Lê Thị Lan"]  # Vietnamese order: by given name
    assert later == ["Trần Văn Hùng"]


def test_joining_twice_or_before_a_planned_move_is_refused(database):
    with database.session() as session:
        campaign_id = make_campaign(session)
        first = make_team(session, campaign_id, "Tổ công tác 1", ())
        second = make_team(session, campaign_id, "Tổ công tác 2", ())
        third = make_team(session, campaign_id, "Tổ công tác 3", ())
        member = officer(session, "Trần Văn Hùng")
        teams.add_member_to_team(session, first, member, date(2026, 11, 20))
        with pytest.raises(UserError, match="đã ở tổ “Tổ công tác 1” từ ngày 20/11/2026"):
            teams.add_member_to_team(session, first, member, date(2026, 11, 22))
        teams.add_member_to_team(session, second, member, date(2026, 11, 28))
        with pytest.raises(
            UserError, match="đã được xếp vào tổ “Tổ công tác 2” từ ngày 28/11/2026"
        ):
            teams.add_member_to_team(session, third, member, date(2026, 11, 26))
