"""The suite's own choice of database (tests/postgres_servers.py): the list of tests
skipped on PostgreSQL stays honest, each entry naming a test that exists and why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import postgres_servers

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("prefix", sorted(postgres_servers.SQLITE_ONLY))
def test_each_sqlite_only_entry_names_a_test_there_is_and_says_why(prefix):
    path, _, name = prefix.partition("::")
    assert (ROOT / path).is_file(), f"{prefix}: no such file"
    if name:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {re.escape(name)}", source, re.MULTILINE), (
            f"{prefix}: no such test (renamed? then rename the entry too)"
        )
    assert len(postgres_servers.SQLITE_ONLY[prefix].split()) >= 4, "a reason in a few words"


def test_a_skipped_test_says_why_it_is_sqlite_only():
    nodeid = "tests/ui/accounts/test_first_account.py::test_the_first_account_encrypts_signs_in"
    assert postgres_servers.sqlite_only(nodeid) == (
        "SQLite only: the first account encrypts a SQLite file and shows its recovery key"
    )
    assert postgres_servers.sqlite_only("tests/services/test_households.py::test_x") is None
