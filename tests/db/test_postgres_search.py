"""Search on PostgreSQL answers from trigram indexes (issue 15, point 2): migration 0009
makes them, searches use them, and they find exactly what the LIKE conditions find."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, select, text, update

from desktop.db import search
from desktop.db.models import Resident
from desktop.db.schema import current_revision
from desktop.domain.errors import UserError
from desktop.services.database import open_database
from tests.builders import add_household, add_resident, make_group, make_ward
from tests.db.test_migrations import command_downgrade
from tests.db.test_search import matches

INDEXES = {"ix_resident_name_search": "resident", "ix_household_address_search": "household"}

# Folded text holds any letter or digit Python calls one (str.isalnum), not only a–z:
# a name written in another script, letters without a decomposition (ł, ø), digits
# like ². Whatever the server's locale makes of them, the trigram index must find the
# same rows as the LIKE.
FOLDED_NAMES = [
    "włodek nowak", "wlodek nowak", "李小龍", "李 小龍", "øster ølund", "oster olund",
    "x² y", "nguyen thi uoc", "straße", "strasse",
]  # fmt: skip
FOLDED_QUERIES = [
    "włodek", "wł", "wlodek", "w", "李", "李小龍", "小龍", "ø", "ølund øster", "o",
    "x²", "x", "straß", "stras", "nguyen uoc", "uoc nguyen",
]  # fmt: skip


def _index_definitions(database) -> dict[str, str]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(:names)"),
            {"names": list(INDEXES)},
        )
        return dict(rows.all())


def _plan(session, statement) -> str:
    """EXPLAIN of the statement as the program sends it (bound parameters and all), with
    sequential scans discouraged: a test database is too small for the planner to
    prefer an index by itself; this shows whether the index can answer the query."""
    compiled = statement.compile(dialect=session.get_bind().dialect)
    connection = session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
    return "\n".join(row[0] for row in rows)


def test_migrating_makes_trigram_indexes_over_the_padded_folded_text(postgres_database):
    definitions = _index_definitions(postgres_database)
    assert set(definitions) == set(INDEXES)
    for index, table in INDEXES.items():
        assert f"ON public.{table} USING gin" in definitions[index]
        assert "gin_trgm_ops" in definitions[index]
        assert "|| ' '::text" in definitions[index]  # padded(column), as searches spell it


@pytest.fixture
def registry(postgres_database):
    with postgres_database.session() as session:
        group = make_group(session, make_ward(session))
        household = add_household(session, group, head="Nguyễn Thị Ước", street="phố Thi Sách")
        add_household(session, group, head="Lê Văn Bình", street="đường Hoàng Liên")
        for letter in "ABCDEGHIK":
            add_resident(session, household, f"Lò Văn {letter}")
        ids = session.scalars(select(Resident.id).order_by(Resident.id)).all()
        for resident_id, folded in zip(ids, FOLDED_NAMES, strict=False):
            session.execute(
                update(Resident).where(Resident.id == resident_id).values(name_folded=folded)
            )
    return postgres_database


def test_a_name_search_is_answered_from_the_trigram_index(registry):
    with registry.session() as session:
        plan = _plan(session, search.resident_ids_by_name(session, ["nguyen", "thi", "u"]))
    assert "ix_resident_name_search" in plan


def test_an_address_search_is_answered_from_the_trigram_index(registry):
    with registry.session() as session:
        plan = _plan(session, search.household_ids_by_address(session, ["hoang", "lien"]))
    assert "ix_household_address_search" in plan


def test_walking_the_list_checks_each_household_instead_of_gathering_every_match(
    registry, today, monkeypatch
):
    """With many matches the list is walked in its order, each household checked for a
    matching member; gathering every match first ("nguyen": half a city) is slow."""
    from desktop.services import registry as household_list

    sent = []
    monkeypatch.setattr(household_list, "_MANY_MATCHES", -1)  # as if "nguyen" in a city
    listen = lambda *args: sent.append(args[2:4])  # noqa: E731 (statement, parameters)
    event.listen(registry.engine, "before_cursor_execute", listen)
    try:
        with registry.session() as session:
            query = household_list.HouseholdQuery(text="nguyen", sort=household_list.SORT_BY_HEAD)
            household_list.list_households(session, query, today)
    finally:
        event.remove(registry.engine, "before_cursor_execute", listen)
    statement, parameters = next(s for s in sent if "ORDER BY household.head_sort_key" in s[0])
    with registry.engine.connect() as connection:
        plan = "\n".join(
            row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        )
    assert "SubPlan" in plan
    assert "hashed SubPlan" not in plan


@pytest.mark.parametrize("query", FOLDED_QUERIES)
def test_letters_of_any_script_are_found_as_the_like_finds_them(registry, query):
    words = query.split()
    with registry.session() as session:
        indexed = set(session.scalars(search.resident_ids_by_name(session, words)))
        liked = set(
            session.scalars(
                select(Resident.id).where(search.words_condition(Resident.name_folded, words))
            )
        )
        ruled = {
            resident_id
            for resident_id, folded in session.execute(select(Resident.id, Resident.name_folded))
            if matches(folded, words)
        }
    assert indexed == liked == ruled


def test_a_household_list_search_finds_the_same_with_either_plan(registry, today, monkeypatch):
    from desktop.services import registry as household_list

    def shown(text_typed: str) -> tuple[list[int], int]:
        query = household_list.HouseholdQuery(text=text_typed)
        with registry.session() as session:
            rows = household_list.list_households(session, query, today)
            return [row.id for row in rows], household_list.count_households(session, query, today)

    typed = ["nguyen thi", "thi sach", "lien", "włodek", "李"]
    collected = [shown(text_typed) for text_typed in typed]
    monkeypatch.setattr(household_list, "_MANY_MATCHES", -1)  # walk the list instead
    assert [shown(text_typed) for text_typed in typed] == collected
    assert collected[1][1] == 1


def test_downgrading_drops_the_indexes_and_opening_makes_them_again(postgres_database):
    command_downgrade(postgres_database, "0008")
    assert _index_definitions(postgres_database) == {}
    reopened = open_database(postgres_database.url)
    try:
        assert set(_index_definitions(reopened)) == set(INDEXES)
    finally:
        reopened.close()


@pytest.fixture
def without_create_right(postgres_server):
    """A database at 0008 without pg_trgm, whose owner has given up the right to create
    things in it, as a user an administrator made without that right."""
    url = postgres_server.empty_database()
    database = open_database(url)
    command_downgrade(database, "0008")
    with database.engine.begin() as connection:
        name = connection.execute(text("SELECT current_database()")).scalar()
        connection.execute(text("DROP EXTENSION pg_trgm"))
        connection.execute(text(f'REVOKE CREATE ON DATABASE "{name}" FROM CURRENT_USER'))
    database.close()
    yield url
    postgres_server.drop(url)


def test_without_the_right_to_create_pg_trgm_opening_is_refused_with_the_statement_to_run(
    without_create_right,
):
    with pytest.raises(UserError, match="CREATE EXTENSION pg_trgm;") as refused:
        open_database(without_create_right)
    assert "chưa bị thay đổi" in str(refused.value)
    engine = create_engine(without_create_right)
    try:
        assert current_revision(engine) == "0008"  # nothing of the upgrade was kept
    finally:
        engine.dispose()
