"""The demo ward: a realistic, reproducible ward that follows every rule of the registry."""

from __future__ import annotations

import json
import math
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select

from desktop.db import status_sql
from desktop.db.models import (
    AuditEntry,
    Campaign,
    Household,
    Member,
    Resident,
    ResidentialGroup,
    ServiceRecord,
    Setting,
    Shift,
    Team,
    Visit,
    Ward,
)
from desktop.domain.campaign import COUNT_KEYS, SERVICES
from desktop.domain.eligibility import ResidentStatus, age_on, check_level2_allowed
from desktop.domain.errors import UserError
from desktop.domain.names import fold, name_sort_key, normalize_name
from desktop.domain.person import HEAD, RELATIONS
from desktop.domain.personal_id import personal_id_warnings
from desktop.domain.phones import normalize_phone
from desktop.domain.provinces import BIRTH_PROVINCES
from desktop.services import (
    approvals,
    campaigns,
    registry,
    revisits,
    shifts,
    tally,
    teams,
    visits,
)
from desktop.services.database import Database, open_database
from desktop.services.demo import DemoOptions, DemoSummary, create_demo_ward
from desktop.services.demo.ward_list import NEW_STREET
from desktop.services.progress import Cancelled, Progress
from tests.builders import add_household, make_group, make_ward
from tests.conftest import TODAY

HOUSEHOLDS = 300
STATION = (22.49, 103.97)
# Family names only the minority peoples of Lào Cai carry (Hoàng, Lý… are shared with Kinh).
MINORITY_FAMILIES = {
    "Giàng", "Lù", "Thào", "Vàng", "Sùng", "Mùa", "Hầu", "Tráng", "Cứ",
    "Tẩn", "Bàn", "Chảo", "Phàn", "Nông", "Lục", "Lò", "Vi", "Ma",
}  # fmt: skip


def fresh_database(folder: Path, template: Path) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "denkhuya.sqlite3"
    shutil.copy(template, path)
    return open_database(f"sqlite:///{path}")


def make_demo(database: Database, **options) -> DemoSummary:
    settings = {"households": HOUSEHOLDS, "today": TODAY, **options}
    with database.session() as session:
        return create_demo_ward(session, DemoOptions(**settings))


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory, migrated_template) -> Iterator[Database]:
    """One demo ward of 300 households for the tests that only read it."""
    database = fresh_database(tmp_path_factory.mktemp("demo"), migrated_template)
    make_demo(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def residents(demo_database) -> list[Resident]:
    with demo_database.session() as session:
        return list(session.scalars(select(Resident).order_by(Resident.id)))


@pytest.fixture(scope="module")
def households(demo_database) -> list[Household]:
    with demo_database.session() as session:
        return list(session.scalars(select(Household).order_by(Household.id)))


def resident_table(database: Database) -> list[tuple]:
    """Every stored value of every resident and household, as an export would read them."""
    with database.session() as session:
        rows = session.execute(
            select(Household, Resident, ResidentialGroup.name)
            .join(Resident, Resident.household_id == Household.id)
            .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
            .order_by(Household.code, Resident.position)
        ).all()
        columns = [column.key for column in Resident.__table__.columns]
        house_columns = [column.key for column in Household.__table__.columns]
        return [
            (group, *(getattr(h, c) for c in house_columns), *(getattr(r, c) for c in columns))
            for h, r, group in rows
        ]


def km_apart(lat: float, lon: float, other_lat: float, other_lon: float) -> float:
    north = (lat - other_lat) * 110.574
    east = (lon - other_lon) * 111.320 * math.cos(math.radians(STATION[0]))
    return math.hypot(north, east)


def km_between(first: Household, second: Household) -> float:
    return km_apart(first.lat, first.lon, second.lat, second.lon)


def age(resident: Resident) -> int:
    return age_on(resident.birth_date, resident.birth_year, TODAY)


# --- The ward and its groups ---------------------------------------------------------


def test_the_default_ward_is_coc_leu_in_lao_cai_with_its_station(demo_database):
    with demo_database.session() as session:
        ward = session.scalars(select(Ward)).one()
        assert (ward.name, ward.kind, ward.province, ward.code) == (
            "Cốc Lếu",
            "Phường",
            "Lào Cai",
            "COCLEU",
        )
        assert ward.station_name == "Công an phường Cốc Lếu"
        assert (ward.station_lat, ward.station_lon) == STATION


def test_groups_are_8_to_12_named_to_1_to_n_and_each_has_households(demo_database):
    with demo_database.session() as session:
        overview = registry.ward_overview(session, TODAY)
    names = [group.name for group in overview.groups]
    assert 8 <= len(names) <= 12
    assert names == [f"Tổ {number}" for number in range(1, len(names) + 1)]
    assert all(group.households > 0 for group in overview.groups)


def test_groups_have_a_leader_with_a_mobile(demo_database):
    with demo_database.session() as session:
        groups = session.scalars(select(ResidentialGroup)).all()
    leaders = [group for group in groups if group.leader_name]
    assert len(leaders) >= len(groups) - 1
    assert all(normalize_phone(group.leader_phone) == group.leader_phone for group in leaders)


def test_group_progress_differs_between_groups(demo_database):
    with demo_database.session() as session:
        overview = registry.ward_overview(session, TODAY)
    shares = [group.level2 / group.adults for group in overview.groups]
    assert max(shares) - min(shares) >= 0.25  # some groups far ahead, some behind
    assert 0.35 <= overview.level2 / overview.adults <= 0.55


# --- Households and addresses --------------------------------------------------------


def test_every_household_has_exactly_one_head_listed_first(households, residents):
    heads = Counter(r.household_id for r in residents if r.relation == HEAD)
    assert all(heads[h.id] == 1 for h in households)
    by_household = {}
    for resident in residents:
        by_household.setdefault(resident.household_id, []).append(resident)
    for household in households:
        members = sorted(by_household[household.id], key=lambda r: r.position)
        assert [r.position for r in members] == list(range(1, len(members) + 1))
        assert members[0].relation == HEAD
        assert household.head_name == members[0].full_name
        assert household.head_sort_key == name_sort_key(members[0].full_name)


def test_every_household_but_the_new_streets_has_a_position_within_1_5_km_of_the_station(
    households,
):
    """From the ward's list for one street, from the map (`map locate`) for the rest;
    the few on a street the map lacks stay without one (tests/services/demo)."""
    placed = [h for h in households if h.lat is not None and h.lon is not None]
    assert {h.street for h in households if h.lat is None} == {NEW_STREET}
    assert len(placed) >= len(households) - 3
    assert max(km_apart(h.lat, h.lon, *STATION) for h in placed) <= 1.5


def test_addresses_are_unique_on_lao_cai_streets_with_lanes_and_both_sides(households):
    addresses = [h.address for h in households]
    assert len(set(addresses)) == len(addresses)
    assert all(h.street.startswith(("đường ", "phố ")) for h in households)
    assert {"đường Hoàng Liên", "phố Cốc Lếu", "đường Nguyễn Huệ"} & {h.street for h in households}
    in_lanes = [h for h in households if h.lane]
    assert 0.2 <= len(in_lanes) / len(households) <= 0.6
    assert all(h.lane.startswith(("ngõ ", "ngách ")) for h in in_lanes)
    numbers = [int(h.house_number) for h in households]
    assert any(n % 2 for n in numbers) and any(n % 2 == 0 for n in numbers)


def test_a_streets_houses_in_number_order_make_a_straight_walk(households):
    """Within a group, one side of a street is walked in number order without zigzags."""
    sides: dict[tuple[int, str, int], list[Household]] = {}
    for household in households:
        if household.lane is None and household.lat is not None:
            side = int(household.house_number) % 2
            sides.setdefault((household.group_id, household.street, side), []).append(household)
    walked = 0
    for houses in sides.values():
        houses.sort(key=lambda h: int(h.house_number))
        if len(houses) < 3:
            continue
        walk = sum(km_between(a, b) for a, b in zip(houses, houses[1:], strict=False))
        assert walk <= km_between(houses[0], houses[-1]) * 1.01 + 0.001
        walked += 1
    assert walked >= 10


def test_household_codes_follow_the_groups(households):
    with_codes = sorted(households, key=lambda h: h.code)
    group_order = [h.group_id for h in with_codes]
    assert group_order == sorted(group_order)
    assert with_codes[0].code == "COCLEU-000001"


# --- Residents -----------------------------------------------------------------------


def test_families_have_1_to_7_members_averaging_about_3_3(households, residents):
    sizes = Counter(r.household_id for r in residents)
    assert set(sizes.values()) <= set(range(1, 8))
    assert 2.9 <= len(residents) / len(households) <= 3.7
    assert len(set(sizes.values())) >= 6  # singles, couples, big three-generation families


def test_relations_genders_and_derived_name_columns_are_stored_as_the_services_do(residents):
    assert {r.relation for r in residents} <= set(RELATIONS)
    assert {"Vợ", "Chồng", "Con", "Cháu"} <= {r.relation for r in residents}
    assert {r.gender for r in residents} == {"male", "female"}
    for resident in residents:
        assert normalize_name(resident.full_name) == resident.full_name
        assert resident.name_folded == fold(resident.full_name)
        assert resident.name_sort_key == name_sort_key(resident.full_name)


def test_children_are_younger_than_their_parents_and_take_the_fathers_name(residents):
    by_household: dict[int, list[Resident]] = {}
    for resident in residents:
        by_household.setdefault(resident.household_id, []).append(resident)
    checked = 0
    for members in by_household.values():
        head = members[0]
        spouse = next((r for r in members if r.relation in ("Vợ", "Chồng")), None)
        father = head if head.gender == "male" else spouse
        for child in (r for r in members if r.relation == "Con"):
            assert age(head) - age(child) >= 16
            if spouse is not None:
                assert age(spouse) - age(child) >= 16
                checked += 1
                assert child.full_name.split()[0] == father.full_name.split()[0]
    assert checked > 50


def test_birth_dates_are_real_days_and_a_few_residents_have_only_a_year(residents):
    with_date = [r for r in residents if r.birth_date is not None]
    assert all(r.birth_year == r.birth_date.year and r.birth_date <= TODAY for r in with_date)
    bare_years = len(residents) - len(with_date)
    assert 0 < bare_years <= 0.06 * len(residents)
    assert all(0 <= age(r) <= 100 for r in residents)


def test_minority_households_are_about_a_fifth_of_the_ward(households):
    heads_family = [h.head_name.split()[0] for h in households]
    share = sum(family in MINORITY_FAMILIES for family in heads_family) / len(households)
    assert 0.1 <= share <= 0.3
    names = {h.head_name for h in households}
    assert any(" A " in name or " Seo " in name for name in names)  # Hmong men
    assert any(" Láo " in name or " Mý " in name for name in names)  # Dao


def test_personal_ids_agree_with_the_person_and_are_unique(residents):
    with_id = [r for r in residents if r.personal_id]
    assert len({r.personal_id for r in with_id}) == len(with_id)
    for resident in with_id:
        assert (
            personal_id_warnings(resident.personal_id, resident.birth_year, resident.gender) == []
        )
    assert all(r.personal_id for r in residents if age(r) >= 14)
    children = [r for r in residents if age(r) < 14]
    assert sum(bool(r.personal_id) for r in children) >= 0.7 * len(children)
    provinces = Counter(r.personal_id[:3] for r in with_id)
    assert provinces.most_common(1)[0][0] == "010"  # most were born in Lào Cai
    assert len(provinces) > 3 and set(provinces) <= set(BIRTH_PROVINCES)


def test_phones_are_valid_and_most_adults_have_one(residents):
    phones = [r.phone for r in residents if r.phone]
    assert all(normalize_phone(phone) == phone for phone in phones)
    assert len(set(phones)) == len(phones)
    adults = [r for r in residents if age(r) >= 18]
    assert sum(bool(r.phone) for r in adults) >= 0.7 * len(adults)
    assert not any(r.phone for r in residents if age(r) < 14)


def test_statuses_obey_the_eligibility_rules(residents):
    for resident in residents:
        if resident.vneid_level == 2:
            assert resident.has_chip_card is True
            status = ResidentStatus(
                birth_date=resident.birth_date,
                birth_year=resident.birth_year,
                vneid_level=2,
                app_114=resident.app_114,
                has_chip_card=True,
                personal_id=resident.personal_id,
            )
            check_level2_allowed(status, TODAY)  # raises for under 6 or without an ID
        changed = resident.vneid_level_changed_on
        if resident.vneid_level:
            assert changed is not None and changed <= TODAY
        else:
            assert changed is None
    adults = [r for r in residents if age(r) >= 14]
    levels = Counter(r.vneid_level for r in adults)
    assert 0.15 <= levels[1] / len(adults) <= 0.35
    assert sum(r.has_chip_card is True for r in adults) >= 0.85 * len(adults)
    assert {r.app_114 for r in adults} == {True, False, None}
    assert any(r.documents_integrated for r in adults)


def test_residents_can_be_found_by_name_without_diacritics(demo_database, residents):
    target = next(r for r in residents if r.full_name.split()[0] in MINORITY_FAMILIES)
    query = registry.HouseholdQuery(text=fold(target.full_name))
    with demo_database.session() as session:
        rows = registry.list_households(session, query, TODAY)
    assert target.household_id in {row.id for row in rows}


# --- Determinism ---------------------------------------------------------------------


def test_the_same_seed_and_day_give_the_same_ward(tmp_path, migrated_template):
    first, second, other = (fresh_database(tmp_path / n, migrated_template) for n in "abc")
    for database, seed in ((first, 7), (second, 7), (other, 8)):
        make_demo(database, households=120, seed=seed)
    try:
        assert resident_table(first) == resident_table(second)
        assert resident_table(first) != resident_table(other)
    finally:
        for database in (first, second, other):
            database.close()


# --- Summary and audit ---------------------------------------------------------------


def test_summary_counts_what_is_in_the_database(database):
    summary = make_demo(database, households=150)
    with database.session() as session:
        overview = registry.ward_overview(session, TODAY)
        assert summary.households == 150 == overview.households
        assert summary.residents == overview.residents
        assert summary.groups == len(overview.groups)
        assert summary.level2 == overview.level2
        assert summary.adults == overview.adults
    data = json.loads(json.dumps(summary.as_json(), ensure_ascii=False))
    assert data["ward"] == "Cốc Lếu" and data["households"] == 150
    assert data["today"] == TODAY.isoformat() and data["replaced"] is None
    assert [g["group"] for g in data["by_group"]] == [g.name for g in overview.groups]
    assert sum(g["residents"] for g in data["by_group"]) == data["residents"]


def test_every_household_and_resident_has_a_demo_entry_in_the_audit(demo_database, residents):
    with demo_database.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.reason == "demo", AuditEntry.action == "create")
        ).all()
        household_codes = set(session.scalars(select(Household.code)))
    by_type = Counter(entry.entity_type for entry in entries)
    assert by_type["household"] == len(household_codes) == HOUSEHOLDS
    assert by_type["resident"] == len(residents)
    assert by_type["ward"] == 1 and by_type["group"] >= 8
    created = {e.entity_key: e for e in entries if e.entity_type == "resident"}
    with demo_database.session() as session:
        updates = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "resident", AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        ).all()
    later: dict[str, list[AuditEntry]] = {}
    for entry in updates:
        later.setdefault(entry.entity_key, []).append(entry)
    for resident in residents:
        changes = created[resident.uid].changes
        assert changes["full_name"] == [None, resident.full_name]
        assert changes["household"][1] in household_codes
        # The level it was created with, then each visit or approval that changed it.
        level = changes.get("vneid_level", [None, 0])[1]
        for entry in later.get(resident.uid, []):
            if "vneid_level" in entry.changes:
                assert entry.changes["vneid_level"][0] == level
                level = entry.changes["vneid_level"][1]
        assert level == resident.vneid_level
    assert {e.source for e in entries if e.entity_type == "resident"} == {"demo seed=1"}


# --- Refusing, replacing, cancelling -------------------------------------------------


def test_a_database_with_a_ward_is_refused_and_left_as_it_was(database):
    with database.session() as session:
        group = make_group(session, make_ward(session, "Kim Tân"))
        add_household(session, group, head="Nguyễn Thị Ước")
    with pytest.raises(UserError) as refused:
        make_demo(database)
    assert str(refused.value) == (
        "Cơ sở dữ liệu đã có dữ liệu; dùng --replace để thay bằng phường mẫu."
    )
    with database.session() as session:
        assert session.scalars(select(Ward.name)).all() == ["Kim Tân"]
        assert session.scalars(select(Household.head_name)).all() == ["Nguyễn Thị Ước"]
        assert session.scalar(select(func.count()).where(AuditEntry.reason == "demo")) == 0


def test_replace_puts_a_new_ward_in_place_and_keeps_the_audit(database):
    make_demo(database, households=80)
    with database.session() as session:
        session.add(Setting(key="ward.target_level2", value=4200))
        session.add(Setting(key="window.geometry", value=[0, 0, 800, 600]))
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    summary = make_demo(database, households=60, seed=2, ward_name="Bắc Cường", replace=True)
    with database.session() as session:
        assert session.scalars(select(Ward.name)).all() == ["Bắc Cường"]
        assert session.scalar(select(func.count()).select_from(Household)) == 60
        assert session.scalar(select(func.count()).select_from(Resident)) == summary.residents
        # The old ward's settings went with it; the new ward has its own report settings.
        assert sorted(session.scalars(select(Setting.key))) == ["ward.report", "window.geometry"]
        assert "Bắc Cường" in json.dumps(
            session.get(Setting, "ward.report").value, ensure_ascii=False
        )
        assert session.scalar(select(func.count()).select_from(AuditEntry)) > audit_before
        replaced = session.scalars(select(AuditEntry).where(AuditEntry.action == "replace")).one()
    assert replaced.reason == "demo" and replaced.entity_key == "COCLEU"
    assert replaced.changes["households"] == [80, 0]
    assert replaced.changes["ward"] == ["Cốc Lếu", None]
    # ward.target_level2 and the first demo ward's report settings
    assert summary.removed["households"] == 80 and summary.removed["settings"] == 2
    assert summary.as_json()["replaced"]["residents"] == replaced.changes["residents"][0]


def test_other_ward_names_and_kinds(database):
    summary = make_demo(database, households=40, ward_name="xã  cam đường")
    with database.session() as session:
        ward = session.scalars(select(Ward)).one()
    assert (ward.name, ward.kind, ward.province) == ("Cam Đường", "Xã", "Lào Cai")
    assert ward.station_name == "Công an xã Cam Đường"
    assert summary.ward == "Cam Đường"


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"households": 0}, "từ 1 đến 100.000 hộ"),
        ({"households": 100_001}, "từ 1 đến 100.000 hộ"),
        ({"today": date(1990, 1, 1)}, "2000–2099"),
    ],
)
def test_sizes_and_days_out_of_range_are_refused(database, options, reason):
    with pytest.raises(UserError, match=reason):
        make_demo(database, **options)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ward)) == 0


class CancelAtOnce(Progress):
    """Presses Cancel as soon as the progress shows; the next step stops the work."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[int, int, str]] = []

    def show(self, done: int, total: int, text: str) -> None:
        self.shown.append((done, total, text))
        self.cancel()


def test_cancel_rolls_back_what_was_written(database):
    progress = CancelAtOnce()
    with pytest.raises(Cancelled), database.session() as session:
        create_demo_ward(session, DemoOptions(households=100, today=TODAY), progress)
        pytest.fail("not cancelled")  # pragma: no cover
    assert progress.shown == [(0, 100, "Đang tạo phường mẫu…")]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ward)) == 0
        assert session.scalar(select(func.count()).select_from(Household)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


# --- The demo campaign ---------------------------------------------------------------

CAMPAIGN_START = date(2026, 11, 20)  # ten days before TODAY


def records(database: Database) -> list[ServiceRecord]:
    with database.session() as session:
        return list(session.scalars(select(ServiceRecord).order_by(ServiceRecord.id)))


def test_a_current_50_day_campaign_began_ten_days_ago(demo_database):
    with demo_database.session() as session:
        current = campaigns.current_campaign(session)
        targets = campaigns.ward_targets(session, current.id)
        form = campaigns.campaign_form(session, current.id)
    assert current.name == "Tháng cao điểm 50 ngày cấp CCCD gắn chíp và định danh điện tử"
    assert (current.starts_on, current.days) == (CAMPAIGN_START, 50)
    assert set(current.services) == set(SERVICES)
    assert set(targets) == set(SERVICES) and all(n > 0 for n in targets.values())
    assert {t.scope for t in form.targets} == {"ward", "group", "team"}


def test_the_level2_target_is_about_six_tenths_of_the_adults_missing_it(demo_database):
    with demo_database.session() as session:
        current = campaigns.current_campaign(session)
        target = campaigns.ward_targets(session, current.id)["level2_activated"]
        missing_at_start = session.scalar(
            select(func.count()).where(
                status_sql.is_adult(CAMPAIGN_START),
                or_(
                    Resident.vneid_level < 2,
                    Resident.id.in_(
                        select(ServiceRecord.resident_id).where(
                            ServiceRecord.service == "level2_activated"
                        )
                    ),
                ),
            )
        )
    assert 0.5 * missing_at_start <= target <= 0.7 * missing_at_start


def test_at_least_8_teams_of_3_to_5_officers_volunteers_and_leaders(demo_database):
    with demo_database.session() as session:
        current = campaigns.current_campaign(session)
        listed = teams.list_teams(session, current.id, CAMPAIGN_START)
    assert len(listed) >= 8
    for night in range(10):
        with demo_database.session() as session:
            that_night = teams.list_teams(session, current.id, CAMPAIGN_START + timedelta(night))
        assert all(3 <= len(team.members) <= 5 for team in that_night)
    with demo_database.session() as session:
        moved = [
            row
            for team in listed
            for row in teams.team_history(session, team.id)
            if row.to_date is not None
        ]
    assert moved  # someone changed team half-way; the nights before stay with the old one
    members = [member for team in listed for member in team.members]
    assert all(team.members[0].role == "officer" for team in listed)
    officers = [m for m in members if m.role == "officer"]
    assert {m.rank for m in officers} <= {"Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá"}
    assert {m.unit for m in officers} == {"Công an phường Cốc Lếu", "Công an tỉnh Lào Cai"}
    youth_units = {m.unit for m in members if m.role == "youth_union"}
    assert youth_units == {
        "Đoàn Thanh niên Công an tỉnh",
        "Thành đoàn Lào Cai",
        "Đoàn phường Cốc Lếu",
    }
    assert any(m.role == "group_leader" for m in members)


def test_statuses_agree_with_every_record(demo_database, residents):
    by_id = {r.id: r for r in residents}
    done = records(demo_database)
    assert {r.service for r in done} == set(SERVICES)
    for record in done:
        resident = by_id[record.resident_id]
        if record.service == "level2_activated":
            assert resident.vneid_level == 2
            assert resident.vneid_level_changed_on == record.done_on
        elif record.service == "vneid_installed":
            assert resident.vneid_level >= 1
        elif record.service == "level2_collected":
            assert resident.has_chip_card is True
        elif record.service == "app_114":
            assert resident.app_114 is True
        elif record.service == "documents":
            assert resident.documents_integrated is True


def test_no_level_changed_during_the_campaign_without_a_record(demo_database, residents):
    dated = {
        (r.resident_id, r.done_on)
        for r in records(demo_database)
        if r.service in ("vneid_installed", "level2_activated")
    }
    for resident in residents:
        changed = resident.vneid_level_changed_on
        if changed is not None and changed >= CAMPAIGN_START:
            assert (resident.id, changed) in dated


def test_approvals_come_days_after_collection_credited_to_the_collecting_team(demo_database):
    done = records(demo_database)
    collected = {r.resident_id: r for r in done if r.service == "level2_collected"}
    activated = [r for r in done if r.service == "level2_activated"]
    from_station = [r for r in activated if r.resident_id not in collected]
    assert from_station and all(r.team_id is None for r in from_station)
    approved = [r for r in activated if r.resident_id in collected]
    assert approved
    for record in approved:
        application = collected[record.resident_id]
        assert record.team_id == application.team_id is not None
        assert 2 <= (record.done_on - application.done_on).days <= 5
        assert record.id > application.id
    assert all(r.done_on < TODAY for r in done)
    with demo_database.session() as session:
        assert approvals.approval_candidates(session)  # some still wait for approval


def test_each_past_night_has_shifts_19_to_22_with_varied_outcomes(demo_database):
    with demo_database.session() as session:
        nights = set(session.scalars(select(Shift.day)))
        windows = set(session.execute(select(Shift.starts_at, Shift.ends_at)).all())
        outcomes = Counter(session.scalars(select(Visit.outcome)))
        queue = revisits.revisit_queue(session)
    assert nights == {CAMPAIGN_START + timedelta(days=n) for n in range(10)}
    assert windows <= {(time(19, 0), time(22, 0)), (time(19, 30), time(22, 0))}
    assert outcomes["met"] > outcomes["not_home"] > 0
    assert outcomes["come_back"] > 0 and outcomes["refused"] > 0
    assert queue


def test_shift_members_are_the_teams_members_that_night(demo_database):
    with demo_database.session() as session:
        current = campaigns.current_campaign(session)
        for row in shifts.list_shifts(session, CAMPAIGN_START + timedelta(days=7), current.id):
            team_now = teams.team_members_on(session, row.team_id, row.day)
            assert {m.id for m in row.members} == {m.id for m in team_now}
            assert row.entered == row.stops > 0


def test_a_demo_night_tallies_non_zero_and_adds_up(demo_database):
    with demo_database.session() as session:
        night = tally.night_tally(session)
    assert night.day == TODAY - timedelta(days=1)
    assert night.total["households_visited"] > 0 and night.total["residents_met"] > 0
    for key in COUNT_KEYS:
        assert night.total[key] == sum(row.counts[key] for row in night.teams)
    assert night.cumulative["level2_activated"] >= night.total["level2_activated"]


def test_the_same_seed_and_day_give_the_same_campaign(tmp_path, migrated_template):
    def ledger(database: Database) -> list[tuple]:
        with database.session() as session:
            return session.execute(
                select(Resident.uid, ServiceRecord.service, ServiceRecord.done_on, Team.name)
                .join(Resident, Resident.id == ServiceRecord.resident_id)
                .outerjoin(Team, Team.id == ServiceRecord.team_id)
                .order_by(ServiceRecord.id)
            ).all()

    first, second = (fresh_database(tmp_path / n, migrated_template) for n in "ab")
    try:
        for database in (first, second):
            make_demo(database, households=120, seed=5)
        assert ledger(first) == ledger(second) != []
    finally:
        first.close()
        second.close()


def test_replace_removes_the_old_campaign(database):
    make_demo(database, households=60)
    summary = make_demo(database, households=60, seed=3, replace=True)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 1
        assert session.scalar(select(func.count()).select_from(Member)) == summary.campaign.members
    assert summary.removed["campaigns"] == 1 and summary.removed["visits"] > 0


def test_demo_visits_pass_the_visit_entry_rules_unchanged(demo_database):
    """Saving a demo visit again through the entry service changes nothing: the demo
    follows the same rules as the desk."""
    with demo_database.session() as session:
        sample = session.scalars(select(Visit).order_by(Visit.id).limit(40)).all()
        for visit in sample:
            opened = visits.open_visit(session, visit.shift_id, visit.household_id)
            lines = tuple(
                visits.ResidentVisitInput(r.id, r.met, r.services_here, r.reason_not)
                for r in opened.residents
                if r.met is not None
            )
            data = visits.VisitInput(
                visit.shift_id,
                visit.household_id,
                opened.outcome,
                lines,
                opened.visited_at,
                opened.come_back_at,
                opened.notes,
            )
            saved = visits.save_visit(session, data, TODAY, opened.version)
            assert (saved.services_added, saved.services_removed) == (0, 0)
        session.rollback()


def test_every_demo_resident_and_address_can_be_found_by_search(demo_database, residents):
    # The demo fills the full-text indexes once at the end instead of row by row.
    from sqlalchemy import text

    with demo_database.session() as session:
        for index in ("resident_name_search", "household_address_search"):
            session.execute(text(f"INSERT INTO {index}({index}) VALUES ('integrity-check')"))
        triggers = set(
            session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
        resident = residents[len(residents) // 2]
        rows = registry.list_households(
            session, registry.HouseholdQuery(text=fold(resident.full_name)), TODAY, limit=1000
        )
    assert {"resident_name_search_insert", "household_address_search_insert"} <= triggers
    assert resident.household_id in {row.id for row in rows}


@pytest.mark.parametrize("households", [1, 2, 5])
def test_a_tiny_demo_ward_is_made_too(tmp_path, migrated_template, households):
    database = fresh_database(tmp_path, migrated_template)
    with database.session() as session:
        summary = create_demo_ward(
            session, DemoOptions(households=households, seed=2, today=TODAY), Progress()
        )
    assert summary.households == households
    database.close()
