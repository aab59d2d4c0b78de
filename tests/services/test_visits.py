"""Typing in walk sheets: statuses follow the services, nothing counts twice, and every
mistake is refused with one sentence, saving nothing."""

from dataclasses import replace
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select, update

from desktop.db.models import AuditEntry, Campaign, Resident, ServiceRecord, Visit, VisitResident
from desktop.domain.errors import UserError
from desktop.services import approvals, registry, residents, visits, wards
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


@pytest.fixture
def family(database):
    """The Nguyễn household on team 1's route of 25/11, and team 2 on the same night."""
    with database.session() as session:
        group = make_group(session, make_ward(session))
        home = add_household(
            session,
            group,
            head="Nguyễn Văn An",
            birth_year=1980,
            personal_id="010080001234",
            has_chip_card=True,
        )
        people = {
            "an": session.scalar(select(Resident.id).where(Resident.full_name == "Nguyễn Văn An")),
            "mai": add_resident(
                session,
                home,
                "Lò Thị Mai",
                relation="Vợ",
                birth_year=1985,
                personal_id="010185004321",
                vneid_level=1,  # from the ward's list: level 1 before the campaign
                app_114=False,
            ),
            "khoi": add_resident(
                session, home, "Nguyễn Minh Khôi", birth_year=2015, personal_id="010215000777"
            ),
            "bao_anh": add_resident(
                session, home, "Nguyễn Bảo Anh", birth_year=2022, personal_id="010322000888"
            ),
            "ba": add_resident(session, home, "Lò Thị Thơm", relation="Mẹ", birth_year=1950),
        }
        other = add_household(session, group, head="Giàng A Sử", house_number="3")
        campaign_id = make_campaign(session)
        team_one = make_team(session, campaign_id, "Tổ công tác 1", ("Trần Văn Hùng",))
        team_two = make_team(session, campaign_id, "Tổ công tác 2", ("Đỗ Minh Đức",))
        shift = make_shift(session, team_one, NIGHT, [home, other])
        earlier = make_shift(session, team_two, date(2026, 11, 24), [home])
    return {
        "home": home,
        "other": other,
        "team_one": team_one,
        "shift": shift,
        "earlier": earlier,
        "campaign": campaign_id,
        **people,
    }


def sheet(family, *lines, outcome="met", shift=None, **fields) -> VisitInput:
    shift_id = family["shift"] if shift is None else shift
    return VisitInput(shift_id, family["home"], outcome, tuple(lines), **fields)


def resident(database, resident_id: int) -> Resident:
    with database.session() as session:
        return session.get(Resident, resident_id)


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def save(database, data: VisitInput, version: int | None = None) -> visits.VisitSaved:
    with database.session() as session:
        return visits.save_visit(session, data, TODAY, version)


# --- Statuses follow the services ------------------------------------------------------


def test_services_done_set_the_statuses_dated_the_shifts_night(database, family):
    saved = save(
        database,
        sheet(
            family,
            Line(family["an"], True, ("vneid_installed", "level2_collected", "app_114")),
            Line(family["mai"], True, ("app_114",)),
            Line(family["ba"], False, (), "not_home"),
            visited_at=time(19, 40),
        ),
    )
    an, mai = resident(database, family["an"]), resident(database, family["mai"])
    assert saved.created and saved.services_added == 4
    assert (an.vneid_level, an.vneid_level_changed_on, an.app_114) == (1, NIGHT, True)
    assert (mai.vneid_level, mai.app_114) == (1, True)  # level 1 from the list stays
    with database.session() as session:
        records = session.scalars(select(ServiceRecord)).all()
        team = {record.team_id for record in records}
    assert {(r.resident_id, r.service, r.done_on) for r in records} == {
        (family["an"], "vneid_installed", NIGHT),
        (family["an"], "level2_collected", NIGHT),
        (family["an"], "app_114", NIGHT),
        (family["mai"], "app_114", NIGHT),
    }
    assert len(team) == 1 and None not in team  # credited to the shift's team


def test_each_changed_resident_has_an_audit_entry_naming_the_visit_and_shift(database, family):
    saved = save(database, sheet(family, Line(family["an"], True, ("vneid_installed",))))
    with database.session() as session:
        an = session.get(Resident, family["an"])
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_key == an.uid, AuditEntry.reason == "visit")
        ).one()
    assert entry.changes["vneid_level"] == [0, 1]
    assert entry.changes["service:vneid_installed"] == [None, "2026-11-25"]
    assert f"Lượt #{saved.visit_id}, ca #{family['shift']} (Tổ công tác 1, 25/11/2026)" == (
        entry.source
    )


def test_a_collected_application_is_no_longer_pending_in_the_registry(database, family):
    with database.session() as session:
        before = registry.household_residents(session, family["home"], TODAY)
    save(database, sheet(family, Line(family["an"], True, ("level2_collected",))))
    with database.session() as session:
        after = registry.household_residents(session, family["home"], TODAY)
    an_before = next(r for r in before if r.id == family["an"])
    an_after = next(r for r in after if r.id == family["an"])
    assert "level2" in an_before.pending and "level2" not in an_after.pending
    assert an_after.vneid_level == 0  # collected, not yet activated


# --- The same walk sheet twice ---------------------------------------------------------


def test_the_same_walk_sheet_entered_twice_opens_the_visit_already_saved(database, family):
    first = save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    with database.session() as session:
        opened = visits.open_visit(session, family["shift"], family["home"])
    assert opened.already_entered and opened.visit_id == first.visit_id
    an = next(r for r in opened.residents if r.id == family["an"])
    assert (an.met, an.services_here) == (True, ("app_114",))
    assert [(d.service, d.done_on, d.team_name, d.by_this_visit) for d in an.done] == [
        ("app_114", NIGHT, "Tổ công tác 1", True)
    ]
    with pytest.raises(UserError) as refused:
        save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    assert "đã được nhập kết quả cho ca này" in str(refused.value)
    assert count(database, Visit) == 1 and count(database, ServiceRecord) == 1


def test_saving_the_opened_visit_edits_it_instead_of_counting_again(database, family):
    save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    with database.session() as session:
        version = visits.open_visit(session, family["shift"], family["home"]).version
    edited = save(
        database,
        sheet(family, Line(family["an"], True, ("app_114", "vneid_installed"))),
        version,
    )
    assert not edited.created and (edited.services_added, edited.services_removed) == (1, 0)
    assert count(database, Visit) == 1 and count(database, ServiceRecord) == 2
    with pytest.raises(UserError, match="vừa được người khác sửa"):
        save(database, sheet(family, Line(family["an"], True, ())), version)  # stale form


def test_the_same_line_saved_at_another_desk_while_this_one_checks_is_named_so(
    database, family, monkeypatch
):
    real = visits.recorded_services
    done = []

    def meanwhile(*args, **kwargs):  # this desk found no visit; the other desk saves it
        if not done:
            done.append(True)
            save(database, sheet(family, Line(family["an"], True, ("app_114",))))
        return real(*args, **kwargs)

    monkeypatch.setattr(visits, "recorded_services", meanwhile)
    with pytest.raises(UserError) as refused:
        save(database, sheet(family, Line(family["an"], True, ("app_114", "vneid_installed"))))
    assert str(refused.value).startswith(
        "Kết quả của hộ COCLEU-000001 trong ca này vừa được nhập từ một máy khác (bởi "
    )
    assert count(database, Visit) == 1 and count(database, ServiceRecord) == 1


def test_a_visit_changed_elsewhere_while_this_desk_reads_it_is_not_called_already_done(
    database, family, monkeypatch
):
    save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    with database.session() as session:
        version = visits.open_visit(session, family["shift"], family["home"]).version
    real = visits._plan_services
    done = []

    def meanwhile(session, data, plan):  # the ledger read; the other desk's change lands
        if not done:
            done.append(True)
            edit(database, family, outcome="not_home")
        return real(session, data, plan)

    monkeypatch.setattr(visits, "_plan_services", meanwhile)
    with pytest.raises(UserError) as refused:
        save(database, sheet(family, Line(family["an"], True, ("app_114",)), notes="x"), version)
    assert str(refused.value).startswith(
        "Kết quả của hộ COCLEU-000001 trong ca này vừa được sửa ở một máy khác;"
    )
    with database.session() as session:
        assert session.scalar(select(Visit.outcome)) == "not_home"
    assert count(database, ServiceRecord) == 0


def another_desk_changes_it_first(monkeypatch, database, family, step: str) -> None:
    """Just before this desk writes (visits.<step>, once its checks have read the visit),
    another desk saves a change to the same visit."""
    real = getattr(visits, step)
    done = []

    def late(*args, **kwargs):
        if not done:
            done.append(True)
            edit(database, family, Line(family["an"], True, ("app_114",)), notes="Bàn 2")
        return real(*args, **kwargs)

    monkeypatch.setattr(visits, step, late)


def test_a_visit_changed_at_another_desk_between_reading_and_writing_is_a_sentence(
    database, family, monkeypatch
):
    first = save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    with database.session() as session:
        version = visits.open_visit(session, family["shift"], family["home"]).version
    another_desk_changes_it_first(monkeypatch, database, family, "_save")
    with pytest.raises(UserError) as refused:
        save(database, sheet(family, outcome="not_home"), version)
    assert str(refused.value) == (
        "Kết quả của hộ COCLEU-000001 trong ca này hoặc người trong hộ vừa được sửa ở một máy "
        "khác; kết quả của bạn chưa được lưu, hãy mở lại hộ này để xem bản mới nhất rồi "
        "nhập lại."
    )
    with database.session() as session:
        kept = session.get(Visit, first.visit_id)
        assert (kept.outcome, kept.notes) == ("met", "Bàn 2")
    assert count(database, ServiceRecord) == 1


def test_deleting_a_visit_changed_at_another_desk_meanwhile_is_a_sentence(
    database, family, monkeypatch
):
    first = save(database, sheet(family, Line(family["an"], True, ("app_114",))))
    with database.session() as session:
        version = visits.open_visit(session, family["shift"], family["home"]).version
    another_desk_changes_it_first(monkeypatch, database, family, "_apply_services")
    refused = pytest.raises(UserError, match="vừa được sửa ở một máy khác")
    with refused, database.session() as session:
        visits.delete_visit(session, first.visit_id, version)
    assert count(database, Visit) == 1 and count(database, ServiceRecord) == 1
    assert resident(database, family["an"]).app_114 is True


# --- Editing a visit puts back what it replaced ----------------------------------------


def edit(database, family, *lines, **fields) -> visits.VisitSaved:
    with database.session() as session:
        version = visits.open_visit(session, family["shift"], family["home"]).version
    return save(database, sheet(family, *lines, **fields), version)


def test_unticking_a_service_restores_the_status_the_import_had_given(database, family):
    save(database, sheet(family, Line(family["mai"], True, ("app_114", "level2_collected"))))
    assert resident(database, family["mai"]).app_114 is True
    edit(database, family, Line(family["mai"], True, ()))
    mai = resident(database, family["mai"])
    assert (mai.app_114, mai.has_chip_card, mai.vneid_level) == (False, None, 1)
    assert count(database, ServiceRecord) == 0


def test_removing_an_earlier_step_keeps_a_later_activation_and_undoing_both_gives_level_0(
    database, family
):
    save(database, sheet(family, Line(family["an"], True, ("vneid_installed", "level2_collected"))))
    with database.session() as session:
        approvals.mark_activated(session, [family["an"]], date(2026, 11, 27), TODAY)
    edit(database, family, Line(family["an"], True, ("level2_collected",)))  # no VNeID install
    an = resident(database, family["an"])
    assert (an.vneid_level, an.vneid_level_changed_on) == (2, date(2026, 11, 27))
    with database.session() as session:
        approvals.cancel_activation(session, family["an"])
    an = resident(database, family["an"])
    assert (an.vneid_level, an.vneid_level_changed_on) == (0, None)


def test_a_status_edited_by_hand_since_is_left_as_it_is(database, family):
    save(database, sheet(family, Line(family["an"], True, ("vneid_installed",))))
    with database.session() as session:
        form = residents.resident_form(session, family["an"])
        data = residents.ResidentInput(
            **{name: getattr(form, name) for name in residents.ResidentInput.__dataclass_fields__}
        )
        residents.update_resident(session, family["an"], replace(data, vneid_level=2), TODAY)
    edit(database, family, Line(family["an"], True, ()))
    assert resident(database, family["an"]).vneid_level == 2


def test_a_collected_application_already_approved_cannot_be_unticked(database, family):
    save(database, sheet(family, Line(family["an"], True, ("level2_collected",))))
    with database.session() as session:
        approvals.mark_activated(session, [family["an"]], date(2026, 11, 27), TODAY)
    with pytest.raises(UserError) as refused:
        edit(database, family, Line(family["an"], True, ()))
    assert str(refused.value) == (
        "Hồ sơ mức 2 của Nguyễn Văn An đã được kích hoạt ngày 27/11/2026; hãy hủy kích hoạt "
        "trước khi bỏ hồ sơ này."
    )
    assert count(database, ServiceRecord) == 2


# --- Refusals: one sentence, nothing saved ---------------------------------------------


def assert_nothing_saved(database, family) -> None:
    assert count(database, Visit) == 0
    assert count(database, VisitResident) == 0
    assert count(database, ServiceRecord) == 0
    with database.session() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.reason == "visit")) == 0
        an = session.get(Resident, family["an"])
        assert (an.vneid_level, an.app_114, an.has_chip_card) == (0, None, True)


def refused(database, data: VisitInput) -> str:
    with pytest.raises(UserError) as error:
        save(database, data)
    return str(error.value)


def test_level2_for_someone_without_an_id_number_is_refused(database, family):
    message = refused(
        database,
        sheet(
            family,
            Line(family["an"], True, ("app_114",)),
            Line(family["ba"], True, ("level2_collected",)),
        ),
    )
    assert message == (
        "Lò Thị Thơm: Không thể kích hoạt mức 2 cho người chưa có số định danh cá nhân."
    )
    assert_nothing_saved(database, family)


def test_level2_under_6_is_refused_and_6_to_13_only_warns(database, family):
    under_six = sheet(family, Line(family["bao_anh"], True, ("level2_collected",)))
    assert "Người dưới 6 tuổi không được cấp định danh điện tử mức 2" in refused(
        database, under_six
    )
    assert_nothing_saved(database, family)
    child = sheet(family, Line(family["khoi"], True, ("level2_collected",)))
    with database.session() as session:
        warnings = visits.check_visit(session, child, TODAY)
    assert warnings == [
        "Nguyễn Minh Khôi: Người 11 tuổi chỉ kích hoạt mức 2 khi có đề nghị của gia đình."
    ]
    assert save(database, child).services_added == 1  # confirmed: saved


def test_a_service_recorded_by_another_team_is_refused_with_when_and_who(database, family):
    save(
        database,
        sheet(family, Line(family["an"], True, ("app_114",)), shift=family["earlier"]),
    )
    message = refused(database, sheet(family, Line(family["an"], True, ("app_114", "documents"))))
    assert message == (
        "Nguyễn Văn An đã được ghi “Cài Báo cháy 114” ngày 24/11/2026 (Tổ công tác 2); "
        "không ghi lại lần nữa."
    )
    assert count(database, Visit) == 1 and count(database, ServiceRecord) == 1


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (
            lambda f: sheet(f, Line(f["an"], False, ("app_114",))),
            "Nguyễn Văn An được ghi là không gặp nên không thể đánh dấu việc đã làm.",
        ),
        (
            lambda f: sheet(f, Line(f["an"], True, ("level2_activated",))),
            "Kích hoạt mức 2 được ghi từ danh sách phê duyệt, không ghi trong lượt đến hộ.",
        ),
        (
            lambda f: sheet(f, Line(f["an"], True, ()), outcome="not_home"),
            "Hộ được ghi “Vắng nhà” nhưng lại ghi đã gặp Nguyễn Văn An; hãy sửa một trong hai.",
        ),
        (
            lambda f: sheet(f, Line(f["an"], True, ("app_114",)), outcome="refused"),
            "Hộ được ghi “Từ chối” nên không thể đánh dấu việc đã làm; hãy sửa kết quả của hộ.",
        ),
        (lambda f: sheet(f, outcome="come_back"), "Hộ hẹn quay lại: hãy nhập ngày giờ hẹn."),
        (
            lambda f: sheet(f, outcome="come_back", come_back_at=datetime(2026, 11, 25, 18, 0)),
            "Giờ hẹn quay lại (18:00 25/11/2026) phải sau lúc đến hộ.",
        ),
        (
            lambda f: sheet(f, Line(f["an"], True, ("app_114",)), Line(f["an"], True, ())),
            "Nguyễn Văn An được nhập hai lần trong cùng một lượt.",
        ),
        (lambda f: sheet(f, Line(f["an"], False, (), "busy")), "Lý do “busy” không có."),
    ],
)
def test_contradictory_sheets_are_refused(database, family, make, sentence):
    assert refused(database, make(family)) == sentence
    assert_nothing_saved(database, family)


def test_a_service_the_campaign_does_not_track_is_refused(database, family):
    with database.session() as session:
        session.execute(
            update(Campaign).values(services=["level2_collected", "level2_activated", "app_114"])
        )
    message = refused(database, sheet(family, Line(family["an"], True, ("documents",))))
    assert message == (
        "Chiến dịch “Tháng cao điểm 50 ngày” không theo dõi “Tích hợp giấy tờ” "
        "(đánh dấu cho Nguyễn Văn An)."
    )
    assert_nothing_saved(database, family)


def test_a_night_that_has_not_come_is_refused(database, family):
    with database.session() as session:
        future = make_shift(session, family["team_one"], date(2026, 12, 2), [family["home"]])
    message = refused(database, sheet(family, Line(family["an"], True, ()), shift=future))
    assert message == "Ca trực ngày 02/12/2026 chưa diễn ra; chỉ nhập kết quả sau buổi đi."
    assert_nothing_saved(database, family)


def test_a_night_outside_the_campaign_is_refused(database, family):
    with database.session() as session:  # the period was changed behind the desk's back
        session.execute(update(Campaign).values(starts_on=date(2026, 11, 26)))
    message = refused(database, sheet(family, Line(family["an"], True, ())))
    assert message.startswith("Ngày 25/11/2026 nằm ngoài thời gian của chiến dịch")
    assert_nothing_saved(database, family)


# --- The sheet the dialog opens --------------------------------------------------------


def test_the_sheet_shows_each_residents_age_level2_rules_and_what_is_owed(database, family):
    with database.session() as session:
        opened = visits.open_visit(session, family["shift"], family["home"])
    by_name = {r.full_name: r for r in opened.residents}
    assert (opened.position, opened.team_name, opened.day) == (1, "Tổ công tác 1", NIGHT)
    assert not opened.already_entered
    assert opened.services == (
        "vneid_installed",
        "level2_collected",
        "app_114",
        "documents",
        "chip_card_collected",
    )
    an = by_name["Nguyễn Văn An"]
    assert an.owed == ("vneid_installed", "level2_collected", "app_114")
    assert an.level2_allowed and an.level2_notes == ()
    assert not by_name["Lò Thị Thơm"].level2_allowed  # no ID number
    assert by_name["Nguyễn Bảo Anh"].age == 4 and by_name["Nguyễn Bảo Anh"].owed == ()
    assert by_name["Nguyễn Minh Khôi"].level2_allowed and by_name["Nguyễn Minh Khôi"].level2_notes


def test_a_household_off_the_route_joins_the_walk_sheet_when_entered(database, family):
    with database.session() as session:
        group = make_group(session, wards.current_ward(session), "Tổ 2")
        off_route = add_household(session, group, head="Hầu A Páo", house_number="9")
    data = VisitInput(family["shift"], off_route, "not_home")
    save(database, data)
    with database.session() as session:
        assert visits.open_visit(session, family["shift"], off_route).position == 3


# --- Questions before saving (issue #12) -------------------------------------------------


def warnings_for(database, data: VisitInput, now: datetime | None = None) -> list[str]:
    with database.session() as session:
        return visits.check_visit(session, data, TODAY, now=now)


def test_met_with_nobody_met_and_nothing_done_is_asked_about(database, family):
    asked = warnings_for(database, sheet(family))  # "Gặp", and not one line

    assert len(asked) == 1
    assert "được ghi “Gặp” nhưng chưa ghi đã gặp ai và chưa làm việc gì" in asked[0]
    assert warnings_for(database, sheet(family, Line(family["an"], True))) == []
    assert warnings_for(database, sheet(family, Line(family["ba"], False, (), "not_home"))) == (
        asked
    )
    assert warnings_for(database, sheet(family, outcome="not_home")) == []


def test_results_for_a_shift_not_yet_begun_are_asked_about(database, family):
    data = sheet(family, Line(family["an"], True, ("app_114",)))

    early = warnings_for(database, data, now=datetime(2026, 11, 25, 2, 39))
    started = warnings_for(database, data, now=datetime(2026, 11, 25, 19, 0))

    assert early == [
        "Ca trực đêm 25/11/2026 bắt đầu lúc 19:00, bây giờ mới 02:39 ngày 25/11/2026: "
        "ca chưa bắt đầu mà đã nhập kết quả."
    ]
    assert started == [] and warnings_for(database, data) == []
    save(database, data)  # a question, not a refusal: saving still works
    assert count(database, Visit) == 1
