"""Sort keys are ordered by their bytes on PostgreSQL too (issue 15, point 3): a database
created with ICU's Vietnamese collation lists names as SQLite does."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, text

from desktop.db.models import Member
from desktop.domain.names import name_sort_key
from desktop.services.database import open_database
from tests.db.test_migrations import command_downgrade

NAMES = [
    "Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Bình", "Lê Thị Ánh", "Lê Thị Anh",
    "Đỗ Minh Đức", "Đinh Văn Dũng", "Hoàng Thị Yến", "Hà Văn Ý", "Vũ Ðức Tâm",
    "Bùi Thị Ơn", "Bùi Thị Ôn", "Bùi Thị On", "Trần Ư", "Trần U",
]  # fmt: skip
SORT_KEY_COLUMNS = {
    ("residential_group", "sort_key"),
    ("household", "address_sort_key"),
    ("household", "head_sort_key"),
    ("resident", "name_sort_key"),
    ("team", "sort_key"),
    ("member", "name_sort_key"),
}


def _member_order(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Member.full_name).order_by(Member.name_sort_key)))


def _add_members(database) -> None:
    with database.session() as session:
        session.execute(
            insert(Member.__table__),
            [{"full_name": n, "name_sort_key": name_sort_key(n), "role": "officer"} for n in NAMES],
        )


@pytest.fixture
def icu_database(postgres_server):
    url = postgres_server.empty_database(icu_locale="vi")
    database = open_database(url)
    yield database
    database.close()
    postgres_server.drop(url)


def test_every_sort_key_column_is_collated_c(postgres_database):
    with postgres_database.engine.connect() as connection:
        collated = set(
            connection.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND collation_name = 'C'"
                )
            ).all()
        )
    assert collated == SORT_KEY_COLUMNS


def test_on_an_icu_vietnamese_database_names_sort_as_their_keys_bytes(icu_database):
    _add_members(icu_database)
    assert _member_order(icu_database) == sorted(NAMES, key=name_sort_key)


def test_without_collate_c_the_icu_collation_would_reorder_the_names(icu_database):
    command_downgrade(icu_database, "0007")
    _add_members(icu_database)
    assert _member_order(icu_database) != sorted(NAMES, key=name_sort_key)
