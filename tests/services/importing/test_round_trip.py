"""The program reads what it writes: `denkhuya export residents` to .csv or .xlsx, then
`denkhuya import` of that file (issue 11, A)."""

from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from desktop.cli import run
from desktop.db.models import Household, Resident
from desktop.services.database import open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from tests.builders import add_household, add_resident, make_group, make_ward
from tests.conftest import TODAY

HOUSEHOLDS = 60


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, migrated_template) -> str:
    """A demo ward of 60 households (with a few values made awkward), read-only here."""
    path = tmp_path_factory.mktemp("round-trip") / "demo.sqlite3"
    shutil.copy(migrated_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:
        create_demo_ward(session, DemoOptions(households=HOUSEHOLDS, seed=11, today=TODAY))
        first = session.scalars(select(Household.id).order_by(Household.id)).first()
        # An address a spreadsheet would take for a formula: neutralised in the CSV.
        session.execute(update(Household).where(Household.id == first).values(street="=SUM(A1)"))
    database.close()
    return f"sqlite:///{path}"


def _cli(url: str, *args: str) -> int:
    return run(["--db", url, *args])


def _import_json(url: str, path: Path, capsys, *extra: str) -> dict:
    capsys.readouterr()
    assert _cli(url, "import", str(path), "--json", *extra) == 0
    return json.loads(capsys.readouterr().out)


def _fresh(tmp_path: Path, migrated_template: Path, name: str) -> str:
    path = tmp_path / f"{name}.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


def _rows(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.reader(stream))
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_same_database_finds_every_resident_unchanged(demo_url, tmp_path, capsys, suffix):
    exported = tmp_path / f"nhan-khau{suffix}"
    assert _cli(demo_url, "export", "residents", "--out", str(exported)) == 0

    result = _import_json(demo_url, exported, capsys, "--dry-run")

    residents = len(_rows(exported)) - 1
    assert (result["added"], result["updated"], result["unchanged"]) == (0, 0, residents)
    assert (result["rejected"], result["warnings"], result["problems"]) == (0, 0, [])
    assert (result["households"], result["ignored_columns"]) == (HOUSEHOLDS, [])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_fresh_database_gets_the_same_residents(
    demo_url, tmp_path, migrated_template, capsys, suffix
):
    exported = tmp_path / f"nhan-khau{suffix}"
    assert _cli(demo_url, "export", "residents", "--out", str(exported)) == 0
    fresh = _fresh(tmp_path, migrated_template, "fresh")

    result = _import_json(fresh, exported, capsys, "--ward", "Cốc Lếu")
    again = tmp_path / f"lai{suffix}"
    assert _cli(fresh, "export", "residents", "--out", str(again)) == 0

    assert (result["added"], result["rejected"], result["warnings"]) == (
        len(_rows(again)) - 1,
        0,
        0,
    )
    # Every exported column, household codes included, comes back as it went out.
    assert _rows(again) == _rows(exported)


def test_the_csv_neutralises_formula_like_text_and_the_import_takes_the_mark_away(
    tmp_path, migrated_template, capsys
):
    url = _fresh(tmp_path, migrated_template, "formula")
    database = open_database(url)
    try:
        with database.session() as session:
            ward = make_ward(session)
            household = add_household(session, make_group(session, ward), head="Lê Văn An")
            add_resident(session, household, "Lê Thị Bình", relation="Vợ")
            # Text that came in before names were checked, or from another program.
            session.execute(
                update(Resident)
                .where(Resident.full_name == "Lê Thị Bình")
                .values(full_name="=HYPERLINK(1)", relation="@Vợ")
            )
    finally:
        database.close()
    exported = tmp_path / "nhan-khau.csv"
    assert _cli(url, "export", "residents", "--out", str(exported)) == 0
    assert [(row[3], row[9]) for row in _rows(exported)[1:]] == [
        ("Lê Văn An", "Chủ hộ"),
        ("'=HYPERLINK(1)", "'@Vợ"),
    ]

    capsys.readouterr()
    assert _cli(url, "import", str(exported), "--dry-run", "--json") == 0
    problems = json.loads(capsys.readouterr().out)["problems"]

    # The import reads the text without the apostrophe, and refuses it.
    assert [problem["message"] for problem in problems] == [
        "Quan hệ với chủ hộ “@Vợ” bắt đầu bằng dấu “@” như một công thức Excel; dòng này "
        "không được nhập.",
        "Họ và tên “=HYPERLINK(1)” bắt đầu bằng dấu “=” như một công thức Excel; dòng này "
        "không được nhập.",
    ]


def test_an_import_keeps_the_ward_codes_only_where_they_are_free(
    tmp_path, migrated_template, capsys
):
    """A code of our form for this ward is kept in a fresh database; in use, a fresh one."""
    path = tmp_path / "ds.csv"
    path.write_text(
        "household_code,group,full_name,relation\n"
        "COCLEU-000007,Tổ 1,Nguyễn Văn An,Chủ hộ\n"
        "HK-12,Tổ 1,Trần Văn Bình,Chủ hộ\n"
        "COCLEU-000007,Tổ 2,Lê Văn Cường,Chủ hộ\n",
        encoding="utf-8",
    )
    fresh = _fresh(tmp_path, migrated_template, "codes")

    _import_json(fresh, path, capsys, "--ward", "Cốc Lếu")

    database = open_database(fresh)
    try:
        with database.session() as session:
            codes = session.execute(
                select(Resident.full_name, Household.code, Household.source_code)
                .join(Household, Household.id == Resident.household_id)
                .order_by(Household.id)
            ).all()
    finally:
        database.close()
    assert [tuple(row) for row in codes] == [
        ("Nguyễn Văn An", "COCLEU-000007", "COCLEU-000007"),
        ("Trần Văn Bình", "COCLEU-000008", "HK-12"),
        ("Lê Văn Cường", "COCLEU-000009", "COCLEU-000007"),
    ]


def test_excel_csv_in_the_windows_code_page_with_semicolons(tmp_path, run_import, database):
    """What Excel on a Vietnamese Windows saves as "CSV (Comma delimited)"."""
    path = tmp_path / "excel.csv"
    path.write_bytes(
        _cp1258("Tổ;Họ và tên;Quan hệ với chủ hộ;Năm sinh\nTổ 1;Nguyễn Văn Ước;Chủ hộ;1980\n")
    )

    result = run_import(path, ward="Cốc Lếu")

    assert result.counts.added == 1
    with database.session() as session:
        assert session.scalars(select(Resident.full_name)).all() == ["Nguyễn Văn Ước"]


def _cp1258(text: str) -> bytes:
    """Windows' Vietnamese code page: letters with their tone as a separate mark."""
    encoded = []
    for character in text:
        try:
            encoded.append(character.encode("cp1258"))
        except UnicodeEncodeError:
            letters = unicodedata.normalize("NFD", character)
            tone = next(mark for mark in letters if mark in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", letters.replace(tone, ""))
            encoded.append(base.encode("cp1258") + tone.encode("cp1258"))
    return b"".join(encoded)
