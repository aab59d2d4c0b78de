"""Campaigns: a period, the services tracked and targets; exactly one is current."""

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db.models import Campaign, CampaignTarget
from desktop.domain.errors import UserError
from desktop.services import campaigns
from desktop.services.campaigns import CampaignInput, TargetInput
from tests.builders import (
    CAMPAIGN_END,
    CAMPAIGN_START,
    add_household,
    make_campaign,
    make_group,
    make_shift,
    make_team,
    make_ward,
)

PEAK = "Tháng cao điểm 50 ngày cấp CCCD gắn chíp và định danh điện tử"


def campaign_input(**changes) -> CampaignInput:
    values = {"name": PEAK, "starts_on": CAMPAIGN_START, "ends_on": CAMPAIGN_END}
    return CampaignInput(**{**values, **changes})


def test_the_first_campaign_becomes_current_with_its_targets(database):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        campaign_id = campaigns.create_campaign(
            session,
            campaign_input(
                services=("level2_activated", "app_114", "level2_collected"),
                targets=(
                    TargetInput("level2_activated", 4200),
                    TargetInput("level2_activated", 350, group_id=group.id),
                ),
            ),
        )
    with database.session() as session:
        current = campaigns.current_campaign(session)
        form = campaigns.campaign_form(session, campaign_id)
    assert current.id == campaign_id and current.days == 50
    # Services are kept in the campaign vocabulary's order, whatever order they came in.
    assert form.services == ("level2_collected", "level2_activated", "app_114")
    assert [(t.scope, t.group_name, t.target) for t in form.targets] == [
        ("ward", None, 4200),
        ("group", "Tổ 1", 350),
    ]


def test_set_current_leaves_exactly_one_current_campaign(database):
    with database.session() as session:
        first = make_campaign(
            session, name="Đợt 1", starts_on=date(2026, 6, 1), ends_on=date(2026, 7, 20)
        )
        second = make_campaign(session, name="Đợt 2")
        assert campaigns.current_campaign(session).id == first
        campaigns.set_current_campaign(session, second)
    with database.session() as session:
        current = session.scalars(select(Campaign.id).where(Campaign.is_current)).all()
        listed = [c.name for c in campaigns.list_campaigns(session)]
    assert current == [second]
    assert listed == ["Đợt 2", "Đợt 1"]  # the latest first


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"ends_on": date(2026, 11, 19)},
            "Ngày kết thúc (19/11/2026) không thể trước ngày bắt đầu (20/11/2026).",
        ),
        ({"name": "  "}, "Tên chiến dịch không được để trống."),
        ({"services": ("vneid", "app_114")}, "Không có công việc “vneid”"),
        ({"services": ()}, "Chiến dịch cần theo dõi ít nhất một công việc."),
        (
            {"targets": (TargetInput("app_114", -5),)},
            "Chỉ tiêu “Cài Báo cháy 114” không thể là số âm (-5).",
        ),
        (
            {"services": ("app_114",), "targets": (TargetInput("level2_activated", 10),)},
            "Chỉ tiêu “Kích hoạt mức 2” thuộc công việc mà chiến dịch không theo dõi.",
        ),
        (
            {"targets": (TargetInput("app_114", 10), TargetInput("app_114", 20))},
            "Chỉ tiêu “Cài Báo cháy 114” cho cùng một nơi được nhập hai lần.",
        ),
    ],
)
def test_mistakes_are_refused_with_one_sentence_and_nothing_saved(database, changes, sentence):
    with database.session() as session, pytest.raises(UserError) as refused:
        campaigns.create_campaign(session, campaign_input(**changes))
    assert str(refused.value).startswith(sentence)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 0


def test_a_duplicate_name_is_refused_whatever_its_case(database):
    with database.session() as session:
        make_campaign(session, name=PEAK)
    with database.session() as session, pytest.raises(UserError, match="Đã có chiến dịch tên"):
        campaigns.create_campaign(session, campaign_input(name=PEAK.upper()))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_team_targets_are_set_once_the_teams_exist(database):
    with database.session() as session:
        make_ward(session)
        campaign_id = make_campaign(session, name=PEAK)
        team_id = make_team(session, campaign_id)
        with pytest.raises(UserError, match="chưa có tổ công tác"):
            campaigns.create_campaign(
                session,
                campaign_input(name="Khác", targets=(TargetInput("app_114", 5, team_id=team_id),)),
            )
        form = campaigns.campaign_form(session, campaign_id)
        campaigns.update_campaign(
            session,
            campaign_id,
            campaign_input(targets=(TargetInput("level2_activated", 500, team_id=team_id),)),
            expected_version=form.version,
        )
    with database.session() as session:
        targets = campaigns.campaign_form(session, campaign_id).targets
    assert [(t.scope, t.team_name, t.target) for t in targets] == [("team", "Tổ công tác 1", 500)]


def test_the_period_cannot_shrink_past_a_shift(database):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        household = add_household(session, group)
        campaign_id = make_campaign(session)
        team_id = make_team(session, campaign_id)
        make_shift(session, team_id, date(2026, 11, 22), [household])
    with database.session() as session, pytest.raises(UserError) as refused:
        campaigns.update_campaign(
            session, campaign_id, campaign_input(starts_on=date(2026, 11, 25))
        )
    assert "22/11/2026" in str(refused.value)
    with database.session() as session:
        assert campaigns.campaign_form(session, campaign_id).starts_on == CAMPAIGN_START


def test_editing_replaces_the_targets_and_a_stale_form_is_refused(database):
    with database.session() as session:
        make_ward(session)
        campaign_id = make_campaign(session, targets=(TargetInput("app_114", 100),))
        version = campaigns.campaign_form(session, campaign_id).version
        campaigns.update_campaign(
            session, campaign_id, campaign_input(targets=(TargetInput("level2_activated", 4200),))
        )
        with pytest.raises(UserError, match="vừa được người khác sửa"):
            campaigns.update_campaign(session, campaign_id, campaign_input(), version)
    with database.session() as session:
        assert campaigns.ward_targets(session, campaign_id) == {"level2_activated": 4200}
        assert session.scalar(select(func.count()).select_from(CampaignTarget)) == 1


def test_without_a_campaign_the_services_say_so(database):
    with database.session() as session, pytest.raises(UserError) as refused:
        campaigns.require_campaign(session)
    assert str(refused.value) == "Chưa có chiến dịch nào; hãy tạo chiến dịch trước."
