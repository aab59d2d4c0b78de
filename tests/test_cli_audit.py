"""`denkhuya audit verify`: 0 on an intact trail, 2 naming the first broken entry."""

from __future__ import annotations

import json
import sqlite3

from desktop.cli import run
from desktop.db.engine import sqlite_file
from tests.builders import add_household, make_group, make_ward


def test_an_intact_trail_exits_0_and_a_changed_one_exits_2_naming_the_entry(database, capsys):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        for head in ("Nguyễn Văn An", "Trần Thị Bình"):
            add_household(session, group, head)
    assert run(["--db", database.url, "audit", "verify", "--json"]) == 0
    intact = json.loads(capsys.readouterr().out)
    assert intact["intact"] is True and intact["first_broken"] is None and intact["entries"] >= 2

    connection = sqlite3.connect(sqlite_file(database.url))
    with connection:
        second = connection.execute("SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET 1")
        entry_id = second.fetchone()[0]
        connection.execute("UPDATE audit_entry SET at = '2020-01-01 00:00:00' WHERE id = ?",
                           (entry_id,))  # fmt: skip
    connection.close()

    assert run(["--db", database.url, "audit", "verify", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["first_broken"]["id"] == entry_id
    assert len(captured.err.strip().splitlines()) == 1 and f"mục số {entry_id}" in captured.err
    assert run(["--db", database.url, "audit", "verify"]) == 2
    assert capsys.readouterr().out == ""
