"""`denkhuya plan`: the JSON contract, refusals with exit code 2, --save and --out."""

from __future__ import annotations

import json
from datetime import time

import pytest
from sqlalchemy import func, select

from desktop.cli import run
from desktop.db.models import AuditEntry, Household, Shift, Team, TeamMembership
from tests.builders import make_group, make_ward
from tests.conftest import TODAY
from tests.services.planning.builders import make_small_ward

DAY = ["--date", TODAY.isoformat()]


@pytest.fixture
def ward(database):
    with database.session() as session:
        make_small_ward(session, households=6, teams=2)
    return database


def plan(database, *arguments: str) -> int:
    return run(["--db", database.url, "plan", *DAY, *arguments])


def _writes(database) -> tuple[int, int]:
    with database.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Shift)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


def test_json_has_the_routes_stops_and_household_codes(ward, capsys) -> None:
    before = _writes(ward)
    assert plan(ward, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"start", "routes", "unassigned", "without_coordinates"}
    assert out["start"] == [22.49, 103.97]
    assert [route["team"] for route in out["routes"]] == ["Tổ công tác 1", "Tổ công tác 2"]
    for route in out["routes"]:
        assert set(route) == {"team", "stops", "walk_m", "minutes", "expected_services"}
        assert route["minutes"] <= 180
        assert route["expected_services"] == 3 * len(route["stops"])
    with ward.session() as session:
        codes = set(session.scalars(select(Household.code)))
    stops = [code for route in out["routes"] for code in route["stops"]]
    assert sorted(stops + out["unassigned"]) == sorted(codes)
    assert out["without_coordinates"] == []
    assert _writes(ward) == before  # nothing written without --save


def test_summary_line_teams_and_groups(ward, capsys) -> None:
    assert plan(ward, "--teams", "1", "--group", "Tổ 1", "--end", "20:00") == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1
    assert "1 tổ" in captured.out and "19:00–20:00" in captured.out


@pytest.mark.parametrize(
    ("arguments", "sentence"),
    [
        (["--group", "Tổ 9"], "Không có tổ dân phố “Tổ 9”"),
        (["--start", "19:00", "--end", "19:10"], "quá ngắn để đến dù chỉ một hộ"),
        (["--start", "21:00", "--end", "19:00"], "phải sau giờ bắt đầu"),
        (["--meet", "phường"], "LAT,LON"),
        (["--start", "7h"], "HH:MM"),
    ],
)
def test_bad_input_is_refused_with_one_sentence(ward, capsys, arguments, sentence) -> None:
    before = _writes(ward)
    assert plan(ward, "--save", *arguments) == 2
    captured = capsys.readouterr()
    assert sentence in captured.err
    assert captured.out == ""
    assert _writes(ward) == before


def test_a_team_without_members_is_refused(ward, capsys) -> None:
    with ward.session() as session:
        team = session.scalar(select(Team).where(Team.name == "Tổ công tác 2"))
        for membership in session.scalars(
            select(TeamMembership).where(TeamMembership.team_id == team.id)
        ):
            session.delete(membership)
    assert plan(ward, "--save") == 2
    assert "“Tổ công tác 2” chưa có thành viên" in capsys.readouterr().err
    assert _writes(ward)[0] == 0
    assert plan(ward, "--teams", "1") == 0  # the first team alone can go


def test_nothing_pending_no_campaign_and_no_team_are_refused(database, capsys) -> None:
    with database.session() as session:
        make_group(session, make_ward(session))
    assert plan(database) == 2
    assert "Chưa có chiến dịch" in capsys.readouterr().err
    from tests.builders import make_campaign, make_team

    with database.session() as session:
        campaign_id = make_campaign(session)
    assert plan(database) == 2
    assert "chưa có tổ công tác nào" in capsys.readouterr().err
    with database.session() as session:
        make_team(session, campaign_id)
    assert plan(database) == 2
    assert "Không còn hộ nào cần vận động" in capsys.readouterr().err


def test_save_creates_the_night_and_out_writes_the_sheets(ward, capsys, tmp_path) -> None:
    sheets = tmp_path / "phieu di ho.pdf"
    assert plan(ward, "--save", "--out", str(sheets), "--start", "19:30") == 0
    assert "đã lưu 2 ca trực" in capsys.readouterr().out
    assert sheets.read_bytes().startswith(b"%PDF")
    with ward.session() as session:
        shifts = session.scalars(select(Shift)).all()
        assert {shift.starts_at for shift in shifts} == {time(19, 30)}
    assert plan(ward, "--save") == 0  # replaced, not doubled
    assert _writes(ward)[0] == 2


def test_sheets_that_cannot_be_written_leave_nothing_saved(ward, capsys, tmp_path) -> None:
    assert plan(ward, "--save", "--out", str(tmp_path / "missing" / "x.pdf")) == 2
    assert "không tồn tại" in capsys.readouterr().err
    assert _writes(ward)[0] == 0
