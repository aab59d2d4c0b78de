"""`denkhuya tally`: one night's results by team, as a line or as JSON."""

import json

import pytest

from desktop.cli import run
from desktop.domain.campaign import COUNT_KEYS
from tests.services.campaign_night import SECOND_NIGHT, expected_counts, two_nights_database


@pytest.fixture(scope="module")
def entered(tmp_path_factory, migrated_template):
    with two_nights_database(tmp_path_factory.mktemp("cli-tally"), migrated_template) as entered:
        yield entered


@pytest.fixture
def url(entered) -> str:
    """The URL of a database holding two nights of a campaign."""
    return entered[0].url


@pytest.fixture
def log(entered):
    return entered[1]


def test_json_gives_the_night_by_team_with_total_cumulative_and_targets(url, log, capsys):
    assert run(["--db", url, "tally", "--date", "2026-11-25", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert list(data) == ["date", "teams", "total", "cumulative", "targets"]
    assert data["date"] == "2026-11-25"
    expected = expected_counts(log, {SECOND_NIGHT})
    assert {row.pop("team"): row for row in data["teams"]} == expected
    assert data["total"] == {k: sum(row[k] for row in expected.values()) for k in COUNT_KEYS}
    assert set(data["cumulative"]) == set(COUNT_KEYS)
    assert data["targets"] == {"level2_activated": 40, "app_114": 30, "level2_collected": 45}


def test_without_options_one_summary_line_for_the_latest_night(url, capsys):
    assert run(["--db", url, "tally"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("Ngày 25/11/2026: 3 hộ đã đến,")


def test_a_date_with_nothing_exits_2_with_one_sentence(url, capsys):
    assert run(["--db", url, "tally", "--date", "2026-11-21", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Ngày 21/11/2026 chưa có kết quả nào của chiến dịch “Tháng cao điểm 50 ngày”.\n"
    )


def test_no_campaign_exits_2(database, capsys):
    assert run(["--db", database.url, "tally"]) == 2
    assert capsys.readouterr().err == "Chưa có chiến dịch nào; hãy tạo chiến dịch trước.\n"


def test_a_malformed_date_exits_2_in_vietnamese(url, capsys):
    assert run(["--db", url, "tally", "--date", "25/11/2026"]) == 2
    assert capsys.readouterr().err.startswith("Lệnh không hợp lệ")
