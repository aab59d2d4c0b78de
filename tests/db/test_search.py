"""The full-text indexes and the LIKE conditions that stand in for them agree."""

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
