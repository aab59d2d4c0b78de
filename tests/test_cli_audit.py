"""`denkhuya audit verify`: 0 on an intact trail, 2 naming the first broken entry."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from desktop.cli import run
from tests.builders import add_household, make_group, make_ward


def test_an_intact_trail_exits_0_and_a_changed_one_exits_2_naming_the_entry(database, capsys):
    with database.session() as session:
        group = make_group(session, make_ward(session))
        for head in ("Nguyễn Văn An", "Trần Thị Bình"):
            add_household(session, group, head)
    assert run(["--db", database.url, "audit", "verify", "--json"]) == 0
    intact = json.loads(capsys.readouterr().out)
    assert intact["intact"] is True and intact["first_broken"] is None and intact["entries"] >= 2

    other = create_engine(database.url)  # another program, with plain SQL
    with other.begin() as connection:
        second = "SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET 1"
        entry_id = connection.scalar(text(second))
        connection.execute(
            text("UPDATE audit_entry SET at = '2020-01-01 00:00:00' WHERE id = :id"),
            {"id": entry_id},
        )
    other.dispose()

    assert run(["--db", database.url, "audit", "verify", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["first_broken"]["id"] == entry_id
    assert len(captured.err.strip().splitlines()) == 1 and f"mục số {entry_id}" in captured.err
    assert run(["--db", database.url, "audit", "verify"]) == 2
    assert capsys.readouterr().out == ""


# `audit list` and `audit export` --------------------------------------------------------


def _two_households(database) -> None:
    with database.session() as session:
        group = make_group(session, make_ward(session))
        add_household(session, group, "Nguyễn Văn An", personal_id="010080000001")
        add_household(session, group, "Trần Thị Bình", house_number="2")


def test_list_shows_the_newest_entries_with_what_concerns_a_resident(database, capsys):
    _two_households(database)
    base = ["--db", database.url, "audit", "list"]

    assert run([*base, "--resident", "010080000001", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 2 == len(listed["entries"])
    assert [(e["entity_type"], e["link"]) for e in listed["entries"]] == [
        ("resident", "Thêm vào sổ"),
        ("household", "Hộ của người này"),
    ]
    assert listed["entries"][0]["description"].startswith("Thêm nhân khẩu Nguyễn Văn An vào hộ")
    assert "Bình" not in json.dumps(listed, ensure_ascii=False)

    assert run([*base, "--what", "household", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "Thêm hộ" in lines[0] and "Trần" not in lines[0]
    assert lines[1] == "(còn 1 mục cũ hơn; dùng --limit để xem thêm)"

    assert run([*base, "--who", "ai-khac"]) == 0
    assert capsys.readouterr().out == "Không có mục nào khớp bộ lọc.\n"


def test_list_refuses_a_short_id_number_and_days_in_the_wrong_order(database, capsys):
    _two_households(database)
    base = ["--db", database.url, "audit", "list"]
    assert run([*base, "--resident", "0100800"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "đủ 12 chữ số" in captured.err
    assert run([*base, "--from", "2026-12-05", "--to", "2026-12-01"]) == 2
    assert "đứng sau đến ngày" in capsys.readouterr().err


def test_export_writes_the_file_and_the_trail_records_it(database, capsys, tmp_path):
    _two_households(database)
    path = tmp_path / "kiem-tra.xlsx"
    assert run(["--db", database.url, "audit", "export", str(path), "--what", "resident",
                "--json"]) == 0  # fmt: skip
    exported = json.loads(capsys.readouterr().out)
    assert exported == {"rows": 2, "path": str(path)} and path.exists()

    assert run(["--db", database.url, "audit", "list", "--action", "export", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["entries"]
    assert entry["entity_type"] == "audit_trail" and entry["source"] == str(path)
    assert entry["description"] == "Xuất nhật ký thao tác (2 mục) ra tệp kiem-tra.xlsx"


def test_a_leader_may_list_the_trail_and_an_entry_clerk_is_refused(database, capsys, monkeypatch):
    from desktop.services import accounts, signed_in

    _two_households(database)
    accounts.create_first_admin(database, "quan.tri", "", "mat-khau-quan-tri")
    accounts.sign_in(database, accounts.Login("quan.tri", "mat-khau-quan-tri"))
    accounts.add_account(database, "lanh.dao", "", "leader", "mat-khau-lanh-dao")
    accounts.add_account(database, "nhap.lieu", "", "entry", "mat-khau-nhap-lieu")
    signed_in.reset()
    url = database.url
    database.close()

    monkeypatch.setenv("DENKHUYA_PASSWORD", "mat-khau-lanh-dao")
    assert run(["--db", url, "--user", "lanh.dao", "audit", "list", "--what", "account"]) == 0
    assert "Tạo tài khoản “nhap.lieu”" in capsys.readouterr().out

    monkeypatch.setenv("DENKHUYA_PASSWORD", "mat-khau-nhap-lieu")
    assert run(["--db", url, "--user", "nhap.lieu", "audit", "list"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "Vai trò Nhập liệu không được xem nhật ký thao tác."

    monkeypatch.setenv("DENKHUYA_PASSWORD", "mat-khau-lanh-dao")
    assert run(["--db", url, "--user", "lanh.dao", "audit", "list", "--action", "refused"]) == 0
    refused = capsys.readouterr().out
    assert "nhap.lieu\tTừ chối lệnh “audit list”: không được xem nhật ký thao tác" in refused
