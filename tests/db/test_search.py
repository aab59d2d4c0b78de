"""The full-text indexes and the LIKE conditions that stand in for them agree: SQLite's
FTS5 tables, PostgreSQL's trigram indexes (which answer the LIKE over the padded text),
the LIKE conditions that check a few rows, and the rule itself written out in Python."""

import pytest
from sqlalchemy import select

from desktop.db import search
from desktop.db.models import Household, Resident
from desktop.services import registry
from tests.builders import add_household, add_resident, make_group, make_ward

NAMES = [
    "Nguyễn Thị Ước",
    "Nguyễn Văn Uông",
    "Trần Thị Thu",
    "Giàng A Sử",
    "Thào Thị Mỷ",
    "Lê Văn Dũng",
    "Đào Dũng",
    "H'Hen Niê",
    "Ka-Sô Liễng",
]
QUERIES = ["nguyen", "nguyen thi", "nguyen thi uoc", "uo", "thi", "dung", "d", "hen", "so",
           "a su", "xyz", "thu"]  # fmt: skip


@pytest.fixture
def ward(database):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        household = add_household(
            session, group, head=NAMES[0], street="đường Hoàng Liên", house_number="12",
            lane="ngõ 5",
        )  # fmt: skip
        for name in NAMES[1:]:
            add_resident(session, household, name)
        add_household(session, group, head="Vũ Văn Bình", street="phố Cốc Lếu", house_number="3")
    return database


@pytest.mark.parametrize("query", QUERIES)
def test_name_index_and_like_condition_find_the_same_residents(ward, query):
    words = query.split()
    with ward.session() as session:
        by_index = set(session.scalars(search.resident_ids_by_name(session, words)))
        by_like = set(
            session.scalars(
                select(Resident.id).where(search.words_condition(Resident.name_folded, words))
            )
        )
    assert by_index == by_like


@pytest.mark.parametrize("query", ["hoang lien", "so 12", "12", "ngo 5", "coc", "lien 12", "5"])
def test_address_index_and_like_condition_find_the_same_households(ward, query):
    words = query.split()
    with ward.session() as session:
        by_index = set(session.scalars(search.household_ids_by_address(session, words)))
        by_like = set(
            session.scalars(
                select(Household.id).where(search.words_condition(Household.address_folded, words))
            )
        )
    assert by_index == by_like


@pytest.mark.parametrize("query", ["nguyen thi uoc", "dung", "coc leu", "0912", "hoang"])
def test_few_and_many_matches_plans_show_the_same_households(ward, today, monkeypatch, query):
    def shown() -> list[int]:
        with ward.session() as session:
            rows = registry.list_households(session, registry.HouseholdQuery(text=query), today)
            return [row.id for row in rows]

    collected = shown()
    monkeypatch.setattr(registry, "_MANY_MATCHES", -1)  # force walking the list instead
    assert shown() == collected


def test_a_word_must_begin_a_word_of_the_name(ward):
    with ward.session() as session:
        found = session.scalars(
            select(Resident.full_name).where(
                Resident.id.in_(search.resident_ids_by_name(session, ["ung"]).scalar_subquery())
            )
        ).all()
    assert found == []  # "ung" is inside "Dũng" and "Uông" but begins no word


# Words that are the start, the end or the inside of others, one-letter words, a word
# twice, digits and letters together, the same word in names and addresses.
TRICKY_NAMES = [
    "Nguyễn Thị Thiên Ân", "Trần Thiện", "Lê Thi", "Thi Văn An", "Phạm Anh",
    "Nguyễn Nguyễn", "Lò Văn Ư", "Vàng A Páo", "Đặng Đức", "Hoàng Liên",
]  # fmt: skip
TRICKY_ADDRESSES = [
    ("12", "ngõ 5", "đường Hoàng Liên"),
    ("125", "ngõ 51", "đường Hoàng Liên"),
    ("5", "ngách 12/3", "phố Thi Sách"),
    ("12A", None, "phố An Dương"),
]
TRICKY_QUERIES = [
    "thi", "thi an", "thien", "an", "anh", "nguyen nguyen", "nguyen thi", "u", "a",
    "a pao", "duc dang", "van an", "hoang lien", "lien", "thi tran", "an pham",
]  # fmt: skip
TRICKY_ADDRESS_QUERIES = [
    "12", "so 12", "12 ngo", "5", "12a", "ngach 12 3", "3", "hoang lien 12", "thi", "an",
    "duong", "so 1",
]  # fmt: skip


def matches(folded: str, words: list[str]) -> bool:
    """The rule: every word typed is a word of the text, the last may be unfinished."""
    *whole, last = words
    text_words = folded.split()
    return all(word in text_words for word in whole) and any(
        word.startswith(last) for word in text_words
    )


@pytest.fixture
def tricky(database):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        for (number, lane, street), head in zip(TRICKY_ADDRESSES, TRICKY_NAMES, strict=False):
            household = add_household(
                session, group, head=head, street=street, house_number=number, lane=lane
            )
        for name in TRICKY_NAMES[len(TRICKY_ADDRESSES) :]:
            add_resident(session, household, name)
    return database


def _three_ways(session, column, by_index, words: list[str]) -> tuple[set, set, set]:
    """(ids by the index, ids by the LIKE condition, ids by the rule in Python)."""
    indexed = set(session.scalars(by_index(session, words)))
    id_column = column.class_.id
    liked = set(session.scalars(select(id_column).where(search.words_condition(column, words))))
    ruled = {
        row_id
        for row_id, folded in session.execute(select(id_column, column))
        if matches(folded, words)
    }
    return indexed, liked, ruled


@pytest.mark.parametrize("query", TRICKY_QUERIES)
def test_names_found_by_index_like_and_rule_are_the_same(tricky, query):
    with tricky.session() as session:
        indexed, liked, ruled = _three_ways(
            session, Resident.name_folded, search.resident_ids_by_name, query.split()
        )
    assert indexed == liked == ruled


@pytest.mark.parametrize("query", TRICKY_ADDRESS_QUERIES)
def test_addresses_found_by_index_like_and_rule_are_the_same(tricky, query):
    with tricky.session() as session:
        indexed, liked, ruled = _three_ways(
            session, Household.address_folded, search.household_ids_by_address, query.split()
        )
    assert indexed == liked == ruled


def test_the_tricky_searches_find_what_an_officer_expects(tricky):
    def names(query: str) -> set[str]:
        with tricky.session() as session:
            ids = search.resident_ids_by_name(session, query.split()).scalar_subquery()
            return set(session.scalars(select(Resident.full_name).where(Resident.id.in_(ids))))

    assert names("thi") == {"Nguyễn Thị Thiên Ân", "Trần Thiện", "Lê Thi", "Thi Văn An"}
    assert names("thi an") == {"Nguyễn Thị Thiên Ân", "Thi Văn An"}
    assert names("thi tran") == set()  # "thi" only begins "Thiện": not a word of the name
    assert names("nguyen nguyen") == {"Nguyễn Thị Thiên Ân", "Nguyễn Nguyễn"}
    assert names("u") == {"Lò Văn Ư"}


def test_a_count_for_choosing_a_plan_stops_where_it_is_told(tricky):
    with tricky.session() as session:
        everyone = search.resident_ids_by_name(session, ["thi"])
        assert search.count_matches(session, everyone) == 4
        assert search.count_matches(session, everyone, up_to=2) == 2
        assert search.count_matches(session, everyone, up_to=9) == 4
