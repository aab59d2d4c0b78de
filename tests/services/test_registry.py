"""Reading the registry: the ward tree, search, quick filters, paging, a household's members."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.domain.errors import UserError
from desktop.services import registry
from desktop.services.database import Database, open_database
from desktop.services.registry import HouseholdQuery
from tests.builders import add_household, add_resident, make_group, make_ward
from tests.conftest import TODAY

UOC_ID = "010185001234"  # Lào Cai, woman born 1985
UOC_PHONE = "0912345678"


def shared_database(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Iterator[Database]:
    """A database for a module's read-only tests, built once: the lists are only read."""
    path = tmp_path_factory.mktemp("registry") / "denkhuya.sqlite3"
    shutil.copy(template, path)
    opened = open_database(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def ward_database(tmp_path_factory, migrated_template) -> Iterator[Database]:
    yield from shared_database(tmp_path_factory, migrated_template)


@pytest.fixture(scope="module")
def paging_database(tmp_path_factory, migrated_template) -> Iterator[Database]:
    yield from shared_database(tmp_path_factory, migrated_template)


@dataclass
class Ward:
    """Ids of the households the tests look for."""

    group1: int
    group2: int
    group10: int
    uoc: int  # Nguyễn Thị Ước's household: one adult pending, her husband done
    uyen: int  # Nguyễn Thị Uyên: a name that starts like hers
    le_uoc: int  # Lê Văn Ước: same given name, other family name
    duc: int  # everyone done, no coordinates
    dung: int  # level 2 done, 114 missing
    child: int  # head is 10: nobody pending


@pytest.fixture(scope="module")
def ward(ward_database) -> Ward:
    with ward_database.session() as session:
        ward = make_ward(session)
        group1 = make_group(session, ward, "Tổ 1")
        group10 = make_group(session, ward, "Tổ 10")
        group2 = make_group(session, ward, "Tổ 2")
        uoc = add_household(
            session,
            group1,
            head="Nguyễn Thị Ước",
            house_number="3",
            gender="Nữ",
            birth_year=1985,
            personal_id=UOC_ID,
            phone="0912 345 678",
        )
        add_resident(
            session,
            uoc,
            "Trần Văn Bình",
            relation="Chồng",
            birth_year=1983,
            personal_id="010083000111",
            vneid_level=2,
            app_114=True,
        )
        add_resident(session, uoc, "Trần Thị Na", relation="Con", birth_year=2019)
        uyen = add_household(session, group1, head="Nguyễn Thị Uyên", house_number="4")
        le_uoc = add_household(
            session, group1, head="Lê Văn Ước", house_number="5", street="phố Cốc Lếu"
        )
        duc = add_household(
            session,
            group2,
            head="Phạm Văn Đức",
            house_number="8",
            street="phố Cốc Lếu",
            lat=None,
            lon=None,
            birth_year=1960,
            personal_id="010060000222",
            vneid_level=2,
            app_114=True,
        )
        dung = add_household(
            session,
            group2,
            head="Hoàng Văn Dũng",
            house_number="10",
            street="phố Cốc Lếu",
            birth_year=1990,
            personal_id="010090000333",
            phone="0987654321",
            vneid_level=2,
            app_114=False,
        )
        child = add_household(
            session, group2, head="Vàng Thị Mỷ", house_number="12", birth_year=2016
        )
        return Ward(group1.id, group2.id, group10.id, uoc, uyen, le_uoc, duc, dung, child)


def found(database, text: str = "", **query) -> set[int]:
    with database.session() as session:
        rows = registry.list_households(
            session, HouseholdQuery(text=text, **query), TODAY, limit=1000
        )
        count = registry.count_households(session, HouseholdQuery(text=text, **query), TODAY)
    assert count == len(rows)
    return {row.id for row in rows}


def test_ward_overview_lists_groups_in_counting_order_with_their_counts(ward_database, ward):
    with ward_database.session() as session:
        overview = registry.ward_overview(session, TODAY)
    assert overview.name == "Cốc Lếu"
    assert [(g.name, g.households, g.residents, g.adults, g.level2) for g in overview.groups] == [
        ("Tổ 1", 3, 5, 4, 1),
        ("Tổ 2", 3, 3, 2, 2),
        ("Tổ 10", 0, 0, 0, 0),
    ]
    assert (overview.households, overview.residents, overview.adults, overview.level2) == (
        6,
        8,
        6,
        3,
    )


def test_ward_overview_of_an_empty_database_is_none(database):
    with database.session() as session:
        assert registry.ward_overview(session, TODAY) is None


@pytest.mark.parametrize(
    "text", ["nguyen thi uoc", "Nguyễn Thị Ước", "NGUYEN THI UOC", "uoc nguyen"]
)
def test_search_by_folded_name_finds_only_that_person(ward_database, ward, text):
    assert found(ward_database, text) == {ward.uoc}


def test_search_by_the_start_of_words_finds_every_such_name(ward_database, ward):
    assert found(ward_database, "nguyen thi u") == {ward.uoc, ward.uyen}
    assert found(ward_database, "uoc") == {ward.uoc, ward.le_uoc}


def test_search_finds_a_household_by_any_member(ward_database, ward):
    assert found(ward_database, "binh") == {ward.uoc}


def test_search_that_matches_nobody_finds_nothing(ward_database, ward):
    assert found(ward_database, "nguyen van uoc") == set()


@pytest.mark.parametrize("text", [UOC_ID, "010 185 001 234", "0101850"])
def test_search_by_personal_id_whole_or_its_start(ward_database, ward, text):
    assert found(ward_database, text) == {ward.uoc}


@pytest.mark.parametrize("text", ["+84 912 345 678", "0912345678", "0912 345", "84912345678"])
def test_search_by_phone_as_people_type_it(ward_database, ward, text):
    assert found(ward_database, text) == {ward.uoc}


def test_three_digits_starting_with_0_are_the_start_of_a_phone_or_an_id(ward_database, ward):
    assert found(ward_database, "091") == {ward.uoc}  # 0912 345 678
    assert found(ward_database, "098") == {ward.dung}  # 0987654321
    assert found(ward_database, "010") == {ward.uoc, ward.duc, ward.dung}  # born in Lào Cai
    assert registry.too_short_number("09") and not registry.too_short_number("091")
    assert not registry.is_number_search("12")  # a house number


def test_search_by_address(ward_database, ward):
    assert found(ward_database, "coc leu") == {ward.le_uoc, ward.duc, ward.dung}
    assert found(ward_database, "số 8, phố cốc lếu") == {ward.duc}


def test_search_by_household_code(ward_database, ward):
    with ward_database.session() as session:
        code = next(
            row.code
            for row in registry.list_households(session, HouseholdQuery(), TODAY)
            if row.id == ward.dung
        )
    assert found(ward_database, code.lower()) == {ward.dung}


def test_search_within_a_group(ward_database, ward):
    assert found(ward_database, "uoc", group_id=ward.group2) == set()
    assert found(ward_database, "", group_id=ward.group2) == {ward.duc, ward.dung, ward.child}


def test_matched_names_are_shown_on_the_household_row(ward_database, ward):
    with ward_database.session() as session:
        rows = registry.list_households(session, HouseholdQuery(text="tran"), TODAY)
    assert [(row.id, row.matched_names) for row in rows] == [
        (ward.uoc, "Trần Văn Bình, Trần Thị Na")
    ]


@pytest.mark.parametrize(
    ("quick_filter", "expected"),
    [
        (registry.ALL, {"uoc", "uyen", "le_uoc", "duc", "dung", "child"}),
        (registry.PENDING_ANY, {"uoc", "uyen", "le_uoc", "dung"}),
        (registry.PENDING_LEVEL2, {"uoc", "uyen", "le_uoc"}),
        (registry.PENDING_114, {"uoc", "uyen", "le_uoc", "dung"}),
        (registry.NO_COORDINATES, {"duc"}),
    ],
)
def test_quick_filters(ward_database, ward, quick_filter, expected):
    assert found(ward_database, quick_filter=quick_filter) == {getattr(ward, n) for n in expected}


def test_unknown_quick_filter_is_refused(ward_database, ward):
    with pytest.raises(UserError):
        found(ward_database, quick_filter="everything")


def test_household_rows_count_members_and_pending_adults(ward_database, ward):
    with ward_database.session() as session:
        rows = {row.id: row for row in registry.list_households(session, HouseholdQuery(), TODAY)}
    uoc = rows[ward.uoc]
    assert (uoc.head_name, uoc.group_name, uoc.members, uoc.pending) == (
        "Nguyễn Thị Ước",
        "Tổ 1",
        3,
        1,
    )
    assert uoc.address == "Số 3, đường Hoàng Liên"
    assert uoc.has_coordinates and not rows[ward.duc].has_coordinates
    assert rows[ward.child].pending == 0


def test_household_residents_in_register_order_with_search_matches_and_pending(ward_database, ward):
    with ward_database.session() as session:
        members = registry.household_residents(session, ward.uoc, TODAY, search_text="uoc")
    assert [(m.full_name, m.relation, m.matches_search, m.pending) for m in members] == [
        ("Nguyễn Thị Ước", "Chủ hộ", True, frozenset({"level2", "app_114"})),
        ("Trần Văn Bình", "Chồng", False, frozenset()),
        ("Trần Thị Na", "Con", False, frozenset()),
    ]
    assert members[0].personal_id_masked == "••••••••1234"
    assert members[0].phone == UOC_PHONE


def test_household_residents_marks_a_phone_match(ward_database, ward):
    with ward_database.session() as session:
        members = registry.household_residents(session, ward.dung, TODAY, search_text="0987")
    assert [m.matches_search for m in members] == [True]


# Keyset paging over enough households to need several pages, with ties in every
# sort column (the same address, the same head's name) broken by id.
HEADS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức", "Phạm Thị Ánh", "Đỗ Văn Dũng"]


@pytest.fixture(scope="module")
def many_households(paging_database) -> set[int]:
    with paging_database.session() as session:
        ward = make_ward(session)
        groups = [make_group(session, ward, f"Tổ {n}") for n in (1, 2)]
        ids = set()
        for n in range(23):
            ids.add(
                add_household(
                    session,
                    groups[n % 2],
                    head=HEADS[n % len(HEADS)],
                    house_number=str(n % 7 + 1),
                    street=["đường Hoàng Liên", "phố Cốc Lếu"][n % 3 == 0],
                )
            )
        return ids


def all_pages(database, sort: str, descending: bool, page_size: int = 4) -> list:
    query = HouseholdQuery(sort=sort, descending=descending)
    rows, after = [], None
    with database.session() as session:
        while True:
            page = registry.list_households(session, query, TODAY, after=after, limit=page_size)
            rows.extend(page)
            if len(page) < page_size:
                return rows
            after = (page[-1].sort_value, page[-1].id)


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize(
    "sort", [registry.SORT_BY_ADDRESS, registry.SORT_BY_HEAD, registry.SORT_BY_CODE]
)
def test_keyset_pages_show_every_household_once_in_order(
    paging_database, many_households, sort, descending
):
    rows = all_pages(paging_database, sort, descending)
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)) == len(many_households)
    assert set(ids) == many_households
    keys = [(row.sort_value, row.id) for row in rows]
    assert keys == sorted(keys, reverse=descending)


def test_sort_by_head_follows_vietnamese_name_order(paging_database, many_households):
    heads = [row.head_name for row in all_pages(paging_database, registry.SORT_BY_HEAD, False)]
    distinct = list(dict.fromkeys(heads))
    assert distinct == [
        "Nguyễn Văn An",
        "Phạm Thị Ánh",
        "Trần Thị Bình",
        "Đỗ Văn Dũng",
        "Lê Văn Đức",
    ]


def test_sort_by_address_walks_odd_side_then_even_side(paging_database, many_households):
    rows = all_pages(paging_database, registry.SORT_BY_ADDRESS, False, page_size=100)
    first_street = [row.address for row in rows if "Cốc Lếu" in row.address]
    numbers = list(dict.fromkeys(int(a.split(",")[0].removeprefix("Số ")) for a in first_street))
    assert numbers == [1, 3, 5, 7, 2, 4, 6]


def test_unknown_sort_is_refused(database):
    with database.session() as session, pytest.raises(UserError):
        registry.list_households(session, HouseholdQuery(sort="age"), TODAY)


def test_a_search_of_only_punctuation_shows_every_household(database, today):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        add_household(session, group, head="Nguyễn Văn An")
        add_household(session, group, head="Trần Thị Bình", house_number="3")
    with database.session() as session:
        for text in ["(", "*", "-", "'", '"']:
            rows = registry.list_households(session, registry.HouseholdQuery(text=text), today)
            assert len(rows) == 2, text


def test_a_short_number_finds_the_house_number_not_an_id(database, today):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        add_household(session, group, head="Nguyễn Văn An", house_number="12")
        add_household(session, group, head="Trần Thị Bình", house_number="3")
    with database.session() as session:
        rows = registry.list_households(session, registry.HouseholdQuery(text="12"), today)
    assert [row.head_name for row in rows] == ["Nguyễn Văn An"]


def test_a_collected_application_leaves_level2_work_but_not_activation(ward_database, ward):
    # Once a team has collected the application, the household no longer needs a visit
    # for level 2, but it is still "not activated" until the approval comes back.
    from desktop.db.models import Resident
    from desktop.services import ledger

    with ward_database.session() as session:
        for resident in session.query(Resident).filter(Resident.household_id == ward.le_uoc):
            if resident.vneid_level < 2:
                ledger.add_record(
                    session, resident, "level2_collected", TODAY,
                    team_id=None, campaign_id=None, visit_id=None, source="edit",
                )  # fmt: skip
    assert ward.le_uoc not in found(ward_database, quick_filter=registry.PENDING_LEVEL2)
    assert ward.le_uoc in found(ward_database, quick_filter=registry.NOT_ACTIVATED)


HOSTILE_SEARCHES = [
    "\ud800",  # a lone surrogate (pasted from a broken file)
    "nguyen\udfff thi uoc",
    "x" * 100_000,
    "nguyễn " * 5_000,
    '"',
    "'; DROP TABLE household; --",
    "* OR NEAR(",
    "AND OR NOT",
    "%_\\",
    "\x00",
    "\u200b\u200d\ufeff",
    "(((((",
    "uoc*",
    "-uoc",
    "^uoc",
    "𝓝𝓰𝓾𝔂𝓮𝓷",
]


@pytest.mark.parametrize("text", HOSTILE_SEARCHES)
def test_search_never_raises_whatever_is_typed_or_pasted(ward_database, ward, text):
    found(ward_database, text)  # counts agree with the page, and nothing raises
    with ward_database.session() as session:
        registry.household_residents(session, ward.uoc, TODAY, text)


@pytest.mark.parametrize(
    "text", ["nguyen\u200b thi uoc", "nguy\u00adễn thị ước", "\ufeffNguyễn Thị Ước", "uoc\ud800"]
)
def test_invisible_and_broken_characters_do_not_stop_a_search(ward_database, ward, text):
    assert ward.uoc in found(ward_database, text)


def test_full_width_digits_search_like_plain_ones(ward_database, ward):
    assert found(ward_database, "０１０１８５００１２３４") == {ward.uoc}


def test_a_household_found_moved_away_is_marked_and_has_a_filter(database):
    from datetime import timedelta

    from tests.builders import CAMPAIGN_START, enter_visit, make_campaign, make_team

    with database.session() as session:
        group = make_group(session, make_ward(session))
        gone = add_household(session, group, "Nguyễn Văn Đi", house_number="1")
        stays = add_household(session, group, "Trần Văn Ở", house_number="2")
        back = add_household(session, group, "Lê Văn Về", house_number="3")
        team = make_team(session, make_campaign(session))
        night = CAMPAIGN_START + timedelta(days=1)
        for household in (gone, stays, back):
            head = registry.household_residents(session, household, TODAY)[0].id
            enter_visit(session, team, night, household, [head], "moved_away"
                        if household != stays else "not_home", [(False, ())])  # fmt: skip
        # A later visit finds someone at the third house again.
        head = registry.household_residents(session, back, TODAY)[0].id
        enter_visit(session, team, night + timedelta(days=2), back, [head], "met", [(True, ())])
    rows = {row.id: row for row in _page(database)}
    assert rows[gone].moved_away and not rows[stays].moved_away and not rows[back].moved_away
    assert found(database, quick_filter=registry.MOVED_AWAY_FILTER) == {gone}


def _page(database, **query):
    with database.session() as session:
        return registry.list_households(session, HouseholdQuery(**query), TODAY, limit=100)
