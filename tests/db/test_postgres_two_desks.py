"""Two desks at once on one PostgreSQL database, as two real processes (issue 15, point 4).

Each test starts two desks as separate OS processes (multiprocessing, spawn) on a fresh
database; a barrier lines them up at the moment that matters, so both have read what
they are about to change before either writes. Each desk reports what the command line
would: its exit code and the sentence on stderr (desktop.cli._guarded, the same question
the window asks through machine_refusal).
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from desktop.cli import _guarded, run
from desktop.db.conflicts import CHANGED_MEANWHILE
from desktop.db.models import AuditEntry, Base, Household, ShiftStop, Visit
from desktop.db.schema import HEAD_REVISION, current_revision
from desktop.services import audit, shifts, visits
from desktop.services.database import open_database
from desktop.services.households import HouseholdInput, update_household
from tests.builders import add_household, make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY

NIGHT = TODAY
BARRIER_SECONDS = 20


@dataclass(frozen=True)
class Desk:
    """What one desk's process ended with, as the command line shows it."""

    exit_code: int
    stderr: str
    stdout: str


def _desk(job: Callable[..., int], barrier, results, *args) -> None:
    """A desk's process: run `job(barrier, *args)` as a command would run, and report."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = _guarded(lambda: job(barrier, *args))
    results.put(Desk(code, err.getvalue().strip(), out.getvalue()))


def two_desks(job: Callable[..., int], first: tuple, second: tuple) -> list[Desk]:
    """Run `job` in two processes at once (one with `first`, one with `second`), lined
    up at the barrier the job waits on; their reports, in the order they finished."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    desks = [
        context.Process(target=_desk, args=(job, barrier, results, *args))
        for args in (first, second)
    ]
    for desk in desks:
        desk.start()
    try:
        reports = [results.get(timeout=60) for _ in desks]
    finally:
        for desk in desks:
            desk.join(timeout=10)
            if desk.is_alive():
                desk.kill()
    return reports


def _line_up(barrier) -> None:
    barrier.wait(timeout=BARRIER_SECONDS)


# --- The jobs, each run by a desk's process -----------------------------------------


def _form(household: Household, **changes) -> HouseholdInput:
    """The household's edit form as the desk opened it, with `changes` typed in."""
    fields = ("group_id", "house_number", "lane", "street", "lat", "lon", "notes")
    return HouseholdInput(**{name: getattr(household, name) for name in fields} | changes)


def _edit_household(barrier, url: str, household_id: int, house_number: str) -> int:
    """Both desks have the household's form open (read at the same version) and press
    Save at the same moment."""
    database = open_database(url)
    try:
        with database.session() as session:
            household = session.get(Household, household_id)
            _line_up(barrier)
            data = _form(household, house_number=house_number)
            update_household(session, household_id, data, expected_version=household.version)
    finally:
        database.close()
    return 0


def _edit_household_slowly(barrier, url: str, household_id: int, notes: str) -> int:
    """A desk saves another household; its transaction stays open a moment after the
    audit entry is written, so that the other desk's entry is written meanwhile."""
    database = open_database(url)
    try:
        _line_up(barrier)
        with database.session() as session:
            household = session.get(Household, household_id)
            data = _form(household, notes=notes)
            update_household(session, household_id, data, expected_version=household.version)
            time.sleep(0.3)
    finally:
        database.close()
    return 0


def _enter_visits_off_route(barrier, url: str, shift_id: int, household_ids: list[int]) -> int:
    """The visit-entry form is open on the shift; the desk saves, one after the other,
    visits to households the team knocked on off the route, each added to the end of
    the route. The first is saved at the same moment as the other desk's first."""
    database = open_database(url)
    try:
        for number, household_id in enumerate(household_ids):
            with database.session() as session:
                shifts.load_shift(session, shift_id)
                if number == 0:
                    _line_up(barrier)
                data = visits.VisitInput(shift_id, household_id, "not_home")
                visits.save_visit(session, data, TODAY)
    finally:
        database.close()
    return 0


def _import(barrier, url: str, path: str) -> int:
    """`denkhuya --db URL import FILE --json`, started when the other desk starts its own."""
    _line_up(barrier)
    return run(["--db", url, "import", path, "--json"])


def _open(barrier, url: str) -> int:
    """A desk starting the program on the database: it is created or upgraded first."""
    _line_up(barrier)
    open_database(url).close()
    return 0


# --- The cases ----------------------------------------------------------------------


@pytest.fixture
def pg_ward(postgres_database):
    """A ward with two groups, eleven households (one in Tổ 1), a campaign, and a shift
    tonight that walks the household of Tổ 1 only."""
    with postgres_database.session() as session:
        ward = make_ward(session)
        first, second = make_group(session, ward, "Tổ 1"), make_group(session, ward, "Tổ 2")
        homes = [add_household(session, first, head="Nguyễn Văn An", house_number="1")] + [
            add_household(session, second, head="Lò Thị Mai", house_number=str(number))
            for number in range(3, 23, 2)
        ]
        team_id = make_team(session, make_campaign(session), members=("Trần Văn Hùng",))
        shift_id = shifts.create_shift(
            session, shifts.ShiftInput(team_id=team_id, day=NIGHT, household_ids=(homes[0],))
        )
    return {"homes": homes, "shift": shift_id}


def _trail_is_intact(database) -> bool:
    with database.session() as session:
        return audit.verify_trail(session).intact


def test_one_household_saved_by_two_desks_at_once_one_saves_the_other_gets_a_sentence(
    postgres_database, pg_ward
):
    home, url = pg_ward["homes"][0], postgres_database.url
    with postgres_database.session() as session:
        version = session.get(Household, home).version

    reports = two_desks(_edit_household, (url, home, "7"), (url, home, "9"))

    assert sorted(report.exit_code for report in reports) == [0, 2]
    saved = next(report for report in reports if report.exit_code == 0)
    refused = next(report for report in reports if report.exit_code == 2)
    assert (saved.stderr, refused.stderr) == ("", CHANGED_MEANWHILE)
    with postgres_database.session() as session:
        household = session.get(Household, home)
        changes = session.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.entity_key == household.code, AuditEntry.action == "update"
            )
        ).all()
    assert household.house_number in ("7", "9")
    assert household.version == version + 1
    assert changes == [{"house_number": ["1", household.house_number]}]  # the saved edit only
    assert _trail_is_intact(postgres_database)


def test_two_desks_adding_different_households_to_one_shift_both_succeed(
    postgres_database, pg_ward
):
    homes, shift_id, url = pg_ward["homes"], pg_ward["shift"], postgres_database.url
    mine, theirs = homes[1:6], homes[6:11]

    reports = two_desks(_enter_visits_off_route, (url, shift_id, mine), (url, shift_id, theirs))

    assert [(report.exit_code, report.stderr) for report in reports] == [(0, ""), (0, "")]
    with postgres_database.session() as session:
        detail = shifts.shift_detail(session, shift_id)
        added = session.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.entity_type == "shift", AuditEntry.action == "update"
            )
        ).all()
    assert [stop.position for stop in detail.stops] == list(range(1, 12))  # each its place
    assert {stop.household_id for stop in detail.stops} == set(homes)
    assert detail.shift.entered == 10
    assert detail.shift.group_names == ("Tổ 1", "Tổ 2")
    assert detail.shift.version == 1  # the shift itself was not changed
    assert [change["households"] for change in added] == [[n, n + 1] for n in range(1, 11)]
    assert _trail_is_intact(postgres_database)


def test_the_same_household_added_to_a_shift_by_two_desks_is_entered_once(
    postgres_database, pg_ward
):
    home, shift_id, url = pg_ward["homes"][1], pg_ward["shift"], postgres_database.url

    reports = two_desks(_enter_visits_off_route, (url, shift_id, [home]), (url, shift_id, [home]))

    assert sorted(report.exit_code for report in reports) == [0, 2]
    refused = next(report for report in reports if report.exit_code == 2)
    with postgres_database.session() as session:
        household = session.get(Household, home)
        entered_by = session.scalars(select(Visit.entered_by)).one()
        stops = session.scalars(
            select(ShiftStop.household_id).where(ShiftStop.shift_id == shift_id)
        ).all()
    code = household.code
    assert refused.stderr in (
        # both wrote at once: the database refused the second visit
        f"Kết quả của hộ {code} trong ca này vừa được nhập từ một máy khác; "
        "hãy mở lại để xem kết quả đã lưu.",
        # the other desk's visit was saved before this one read the shift's visits
        f"Hộ {code} ({household.address}) đã được nhập kết quả cho ca này (bởi {entered_by}); "
        "hãy mở lại hộ này để sửa thay vì nhập lần nữa.",
    )
    assert sorted(stops) == sorted([pg_ward["homes"][0], home])
    assert _trail_is_intact(postgres_database)


def test_two_desks_saving_different_households_keep_one_unbroken_audit_trail(
    postgres_database, pg_ward
):
    first, second = pg_ward["homes"][:2]
    url = postgres_database.url

    reports = two_desks(
        _edit_household_slowly, (url, first, "Có chó dữ"), (url, second, "Nhà đóng cửa")
    )

    assert [(report.exit_code, report.stderr) for report in reports] == [(0, ""), (0, "")]
    with postgres_database.session() as session:
        notes = session.scalars(select(Household.notes).where(Household.id.in_([first, second])))
        assert sorted(notes) == ["Có chó dữ", "Nhà đóng cửa"]
    assert _trail_is_intact(postgres_database)


def _ward_list(path: Path, group: str, first_number: int, households: int) -> str:
    from tests.services.importing.workbooks import person, write_ward_list

    families = ("Nguyễn", "Lò", "Giàng", "Hoàng", "Vàng", "Lý", "Trần", "Phạm", "Vũ", "Đỗ")
    given = ("An", "Bình", "Chiến", "Dũng", "Hải", "Khánh", "Lâm", "Minh", "Nam", "Phong")
    rows = [
        person(
            f"{families[number % 10]} Văn {given[number // 10 % 10]}",
            "05/03/1980",
            "Nam",
            "Chủ hộ",
            address=f"Số {number} đường Hoàng Liên",
        )
        for number in range(first_number, first_number + households)
    ]
    return str(write_ward_list(path, {group: rows}))


def test_two_imports_at_once_number_every_household_once(postgres_database, tmp_path):
    url = postgres_database.url  # no ward yet: the first import makes it
    first = _ward_list(tmp_path / "to1.xlsx", "Tổ 1", 1, 150)
    second = _ward_list(tmp_path / "to2.xlsx", "Tổ 2", 501, 150)

    reports = two_desks(_import, (url, first), (url, second))

    assert [report.exit_code for report in reports] == [0, 0]
    results = [json.loads(report.stdout) for report in reports]
    assert [(result["households"], result["rejected"]) for result in results] == [(150, 0)] * 2
    with postgres_database.session() as session:
        codes = session.scalars(select(Household.code).order_by(Household.code)).all()
        groups = session.scalar(select(func.count(func.distinct(Household.group_id))))
    assert codes == [f"COCLEU-{number:06d}" for number in range(1, 301)]
    assert groups == 2
    assert _trail_is_intact(postgres_database)


def test_two_desks_opening_an_empty_database_at_once_both_open_it_at_the_newest_schema(
    postgres_server,
):
    url = postgres_server.empty_database()
    try:
        reports = two_desks(_open, (url,), (url,))

        assert [(report.exit_code, report.stderr) for report in reports] == [(0, ""), (0, "")]
        database = open_database(url)
        try:
            assert current_revision(database.engine) == HEAD_REVISION
            with database.engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
                versions = connection.exec_driver_sql("SELECT count(*) FROM alembic_version")
                assert versions.scalar() == 1
            assert set(Base.metadata.tables) <= tables
            with database.session() as session:
                assert session.scalar(select(func.count()).select_from(Household)) == 0
        finally:
            database.close()
    finally:
        postgres_server.drop(url)
