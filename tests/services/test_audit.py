"""The audit trail is tamper-evident: every entry is chained to the one before it, and a
row changed or deleted behind the program's back is found and named."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from desktop.services import audit
from desktop.services.audit import verify_trail
from desktop.services.database import open_database
from tests.builders import add_household, make_group, make_ward


def three_households(database) -> None:
    with database.session() as session:
        group = make_group(session, make_ward(session))
        for head in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
            add_household(session, group, head)


def check(database) -> audit.TrailCheck:
    with database.session() as session:
        return verify_trail(session)


def behind_the_programs_back(database, statement: str, **parameters) -> None:
    """Change the database with plain SQL on a connection of its own, as another
    program (or a person with the file, or the server's password) could."""
    other = create_engine(database.url)
    with other.begin() as connection:
        connection.execute(text(statement), parameters)
    other.dispose()


def entry_ids(database) -> list[int]:
    with database.engine.connect() as connection:
        return list(connection.scalars(text("SELECT id FROM audit_entry ORDER BY id")))


def test_every_entry_is_chained_and_the_trail_checks_out(database):
    three_households(database)
    with database.session() as session:  # many entries in one bulk write
        audit.record_changes(
            session,
            [audit.audit_row(action="view", reason="edit", entity_type="resident",
                             entity_key=str(n)) for n in range(500)],
        )  # fmt: skip
    result = check(database)
    assert result.intact and result.entries == len(entry_ids(database)) > 500
    assert "nguyên vẹn" in result.sentence()


def test_an_entry_changed_behind_the_programs_back_is_named(database):
    three_households(database)
    ids = entry_ids(database)
    middle = ids[len(ids) // 2]
    behind_the_programs_back(
        database, "UPDATE audit_entry SET actor = 'ai đó' WHERE id = :id", id=middle
    )
    result = check(database)
    assert not result.intact and result.broken_id == middle
    assert f"mục số {middle}" in result.sentence()
    assert result.as_json()["first_broken"]["id"] == middle


def test_an_entry_deleted_behind_the_programs_back_breaks_the_next(database):
    three_households(database)
    ids = entry_ids(database)
    behind_the_programs_back(database, "DELETE FROM audit_entry WHERE id = :id", id=ids[1])
    assert check(database).broken_id == ids[2]


def test_a_changed_change_is_found_too(database):
    three_households(database)
    first = entry_ids(database)[0]
    behind_the_programs_back(
        database, "UPDATE audit_entry SET changes = '{}' WHERE id = :id", id=first
    )
    assert check(database).broken_id == first


def test_entries_written_before_the_chain_existed_are_sealed_by_the_upgrade(tmp_path):
    from tests.db.test_migrations import command_downgrade

    path = tmp_path / "cu.sqlite3"
    database = open_database(f"sqlite:///{path}")
    three_households(database)
    command_downgrade(database, "0004")
    database.close()
    upgraded = open_database(f"sqlite:///{path}")
    try:
        result = check(upgraded)
        assert result.intact and result.entries >= 3
        with upgraded.session() as session:  # and the chain goes on from there
            audit.record_change(
                session, action="view", reason="edit", entity_type="resident", entity_key="1"
            )
        assert check(upgraded).intact
    finally:
        upgraded.close()
