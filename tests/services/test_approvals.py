"""The approval list: activations dated that day, credited to the collecting team."""

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, Resident, ServiceRecord
from desktop.domain.errors import UserError
from desktop.services import approvals, visits
from desktop.services.visits import ResidentVisitInput, VisitInput
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

COLLECTED_ON, APPROVED_ON = date(2026, 11, 24), date(2026, 11, 27)


@pytest.fixture
def waiting(database):
    """Two applications collected by team 1 on 24/11, and a neighbour who applied at the
    station (nothing collected)."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        home = add_household(
            session, group, head="Nguyễn Văn An", personal_id="010080001234", has_chip_card=True
        )
        an = session.scalar(select(Resident.id).where(Resident.full_name == "Nguyễn Văn An"))
        uoc = add_resident(
            session, home, "Nguyễn Thị Ước", "Vợ", birth_year=1982, personal_id="010182005678"
        )
        neighbour = add_household(
            session,
            group,
            head="Lò Văn Páo",
            house_number="3",
            personal_id="010075009999",
            has_chip_card=True,
        )
        pao = session.scalar(select(Resident.id).where(Resident.full_name == "Lò Văn Páo"))
        campaign_id = make_campaign(session)
        team_id = make_team(session, campaign_id)
        shift = make_shift(session, team_id, COLLECTED_ON, [home])
        lines = tuple(ResidentVisitInput(r, True, ("level2_collected",)) for r in (an, uoc))
        visits.save_visit(session, VisitInput(shift, home, "met", lines), TODAY)
    return {"an": an, "uoc": uoc, "pao": pao, "neighbour": neighbour, "team": team_id}


def candidates(database, **options) -> list[approvals.ApprovalCandidate]:
    with database.session() as session:
        return approvals.approval_candidates(session, **options)


def test_the_list_holds_collected_applications_with_their_team(database, waiting):
    listed = candidates(database)
    assert [(c.full_name, c.collected_on, c.team_name) for c in listed] == [
        ("Nguyễn Văn An", COLLECTED_ON, "Tổ công tác 1"),
        ("Nguyễn Thị Ước", COLLECTED_ON, "Tổ công tác 1"),
    ]
    assert listed[0].personal_id_masked == "••••••••1234"
    assert listed[0].days_waiting(TODAY) == 6


def test_the_list_is_searched_by_name_without_diacritics_or_by_id_digits(database, waiting):
    assert [c.full_name for c in candidates(database, text="nguyen thi uoc")] == ["Nguyễn Thị Ước"]
    assert [c.full_name for c in candidates(database, text="0100800")] == ["Nguyễn Văn An"]
    # Someone who applied at the station is found only when asked for.
    assert candidates(database, text="lo van pao") == []
    station = candidates(database, text="lo van pao", include_uncollected=True)
    assert [(c.full_name, c.collected_on, c.team_name) for c in station] == [
        ("Lò Văn Páo", None, "Khác")
    ]


def test_marking_activated_dates_level_2_and_credits_the_collecting_team(database, waiting):
    with database.session() as session:
        result = approvals.mark_activated(
            session, [waiting["an"], waiting["pao"]], APPROVED_ON, TODAY
        )
    assert (result.activated, result.by_team) == (2, {"Tổ công tác 1": 1, "Khác": 1})
    with database.session() as session:
        records = dict(
            session.execute(
                select(ServiceRecord.resident_id, ServiceRecord.team_id).where(
                    ServiceRecord.service == "level2_activated"
                )
            ).all()
        )
        an, pao = session.get(Resident, waiting["an"]), session.get(Resident, waiting["pao"])
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_key == an.uid, AuditEntry.reason == "approval"
            )
        ).one()
    assert records == {waiting["an"]: waiting["team"], waiting["pao"]: None}
    assert (an.vneid_level, an.vneid_level_changed_on) == (2, APPROVED_ON)
    assert (pao.vneid_level, pao.vneid_level_changed_on) == (2, APPROVED_ON)
    assert entry.changes["vneid_level"] == [0, 2]
    assert entry.source == "Phê duyệt mức 2 ngày 27/11/2026"
    assert [c.full_name for c in candidates(database)] == ["Nguyễn Thị Ước"]  # still waiting


def refused(database, resident_ids, on) -> str:
    with database.session() as session, pytest.raises(UserError) as error:
        approvals.mark_activated(session, resident_ids, on, TODAY)
    return str(error.value)


def assert_nothing_activated(database) -> None:
    with database.session() as session:
        assert (
            session.scalar(select(func.count()).where(ServiceRecord.service == "level2_activated"))
            == 0
        )
        assert session.scalar(select(func.count()).where(Resident.vneid_level == 2)) == 0


@pytest.mark.parametrize(
    ("on", "sentence"),
    [
        (date(2026, 12, 1), "Ngày kích hoạt 01/12/2026 chưa đến; hãy chọn hôm nay hoặc trước đó."),
        (date(2026, 11, 19), "Ngày 19/11/2026 nằm ngoài thời gian của chiến dịch"),
        (
            date(2026, 11, 23),
            "Hồ sơ mức 2 của Nguyễn Văn An thu ngày 24/11/2026; không thể kích hoạt trước "
            "ngày đó (23/11/2026).",
        ),
    ],
)
def test_a_wrong_day_is_refused_and_nothing_activated(database, waiting, on, sentence):
    assert refused(database, [waiting["pao"], waiting["an"]], on).startswith(sentence)
    assert_nothing_activated(database)


def test_activating_twice_is_refused_with_when_and_who(database, waiting):
    with database.session() as session:
        approvals.mark_activated(session, [waiting["an"]], APPROVED_ON, TODAY)
    message = refused(database, [waiting["uoc"], waiting["an"]], TODAY)
    assert message == (
        "Nguyễn Văn An đã được ghi “Kích hoạt mức 2” ngày 27/11/2026 (Tổ công tác 1); "
        "không ghi lại lần nữa."
    )
    with database.session() as session:
        assert session.get(Resident, waiting["uoc"]).vneid_level == 0


def test_a_child_under_6_or_someone_without_an_id_is_refused(database, waiting):
    with database.session() as session:
        child = add_resident(
            session, waiting["neighbour"], "Lò Thị Dua", birth_year=2022, personal_id="010322000111"
        )
        no_id = add_resident(session, waiting["neighbour"], "Lò Thị Chu", birth_year=1990)
    assert "Người dưới 6 tuổi" in refused(database, [child], APPROVED_ON)
    assert "chưa có số định danh cá nhân" in refused(database, [no_id], APPROVED_ON)
    assert_nothing_activated(database)


def test_cancelling_an_activation_puts_the_level_back(database, waiting):
    with database.session() as session:
        approvals.mark_activated(session, [waiting["an"]], APPROVED_ON, TODAY)
    with database.session() as session:
        approvals.cancel_activation(session, waiting["an"])
    with database.session() as session:
        an = session.get(Resident, waiting["an"])
        assert (an.vneid_level, an.vneid_level_changed_on) == (0, None)
    assert [c.full_name for c in candidates(database)][0] == "Nguyễn Văn An"  # waiting again


def test_the_activated_are_listed_latest_first_to_find_one_ticked_by_mistake(database, waiting):
    with database.session() as session:
        approvals.mark_activated(session, [waiting["an"]], APPROVED_ON, TODAY)
        approvals.mark_activated(session, [waiting["pao"]], TODAY, TODAY)
    with database.session() as session:
        listed = approvals.activated_candidates(session)
        by_name = approvals.activated_candidates(session, text="nguyen van an")
    assert [(c.full_name, c.activated_on, c.team_name) for c in listed] == [
        ("Lò Văn Páo", TODAY, "Khác"),
        ("Nguyễn Văn An", APPROVED_ON, "Tổ công tác 1"),
    ]
    assert listed[1].personal_id_masked == "••••••••1234"
    assert [c.full_name for c in by_name] == ["Nguyễn Văn An"]
    with database.session() as session:
        approvals.cancel_activation(session, waiting["pao"])
        assert [c.full_name for c in approvals.activated_candidates(session)] == ["Nguyễn Văn An"]
