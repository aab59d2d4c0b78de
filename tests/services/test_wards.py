"""The ward and its residential groups."""

import unicodedata

import pytest
from sqlalchemy import select

from desktop.db.models import ResidentialGroup
from desktop.domain.errors import UserError
from desktop.services import wards
from tests.builders import make_ward


def test_ward_code_is_its_folded_name_in_capitals(database):
    with database.session() as session:
        assert make_ward(session).code == "COCLEU"
    assert wards.ward_code("Bắc Cường") == "BACCUONG"


def test_a_database_serves_one_ward(database):
    with database.session() as session:
        make_ward(session)
    with pytest.raises(UserError, match="đã có phường/xã"), database.session() as session:
        make_ward(session, "Duyên Hải")


def test_a_group_typed_again_is_found_not_duplicated(database):
    with database.session() as session:
        ward = make_ward(session)
        first = wards.find_or_create_group(session, ward, "Tổ 1")
        again = [
            wards.find_or_create_group(session, ward, typed)
            for typed in ["  Tổ   1 ", "tổ 1", unicodedata.normalize("NFD", "Tổ 1")]
        ]
        assert [group.id for group in again] == [first.id] * 3
        assert len(session.scalars(select(ResidentialGroup)).all()) == 1


def test_groups_sort_the_way_people_count_them(database):
    names = ["Tổ 10", "Tổ 2", "Thôn Bản Phiệt", "Tổ 1"]
    assert sorted(names, key=wards.group_sort_key) == [
        "Thôn Bản Phiệt",
        "Tổ 1",
        "Tổ 2",
        "Tổ 10",
    ]


def test_an_empty_group_name_is_refused(database):
    with database.session() as session:
        ward = make_ward(session)
        with pytest.raises(UserError):
            wards.find_or_create_group(session, ward, "   ")
