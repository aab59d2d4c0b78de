"""`denkhuya [--user NAME] COMMAND` and `denkhuya user …`: the first administrator without
a login (which encrypts a SQLite file and prints its recovery key once; a server's data
is not encrypted), every command signed in afterwards, refusals with exit code 2 and
one sentence, written to the audit trail; passwords never on stdout or in the log.

The tests of what encryption adds (the recovery key, a disabled account's key copy)
are `sqlite_only`; a server's side of them runs on the PostgreSQL test server."""

from __future__ import annotations

import json
import re

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select

from desktop.cli import NEED_LOGIN, run
from desktop.db import keyring
from desktop.db.engine import sqlite_file
from desktop.db.keyring import key_file_path
from desktop.db.models import AuditEntry
from desktop.logs import log_file
from desktop.services import accounts, signed_in
from desktop.services.database import Database, open_database
from tests.builders import add_household, make_group, make_ward

ADMIN_PASSWORD = "đèn-khuya-2026"
LAN_PASSWORD = "nhap-lieu-99"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng.\n"
ENCRYPTION = "the first account encrypts a SQLite file (a recovery key, key copies per account)"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch) -> None:
    """Cheap Argon2id parameters, for the accounts' hashes and the key file's wrapping
    (tests/services/test_accounts.py and tests/db/test_keyring.py check the real ones)."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(accounts, "HASHER", quick)
    monkeypatch.setattr(keyring, "COST", {"t": 1, "m": 8, "p": 1})
    monkeypatch.setattr(accounts, "_dummy_hash", None)
    for name in ("DENKHUYA_PASSWORD", "DENKHUYA_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def a_ward_without_accounts(database: Database) -> str:
    """A ward with one household, and no account yet: the database's URL."""
    with database.session() as session:
        add_household(session, make_group(session, make_ward(session)), head="Nguyễn Văn An")
    database.close()
    return database.url


@pytest.fixture
def url(database) -> str:
    """The suite's database (a SQLite file, or DENKHUYA_TEST_DB's server)."""
    return a_ward_without_accounts(database)


@pytest.fixture
def server_url(postgres_database) -> str:
    """A database on the PostgreSQL test server (skipped without one)."""
    return a_ward_without_accounts(postgres_database)


def cli(
    url: str,
    *words: str,
    user: str | None = None,
    password: str | None = None,
    new_password: str | None = None,
    json: bool = False,
) -> int:
    """Run one command as a script would, with the passwords in the environment."""
    with pytest.MonkeyPatch.context() as patch:
        if password is not None:
            patch.setenv("DENKHUYA_PASSWORD", password)
        if new_password is not None:
            patch.setenv("DENKHUYA_NEW_PASSWORD", new_password)
        login = ["--user", user] if user else []
        return run(["--db", url, *login, *words, *(["--json"] if json else [])])


def add_two_accounts(url: str) -> str:
    """The administrator quan.tri and the data-entry clerk lan."""
    assert cli(url, "user", "add", "quan.tri", "--role", "admin", new_password=ADMIN_PASSWORD) == 0
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    add_lan = ("user", "add", "lan", "--role", "entry", "--display-name", "Lò Thị Lan")
    assert cli(url, *add_lan, new_password=LAN_PASSWORD, **admin) == 0
    return url


@pytest.fixture
def with_accounts(url, capsys) -> str:
    """The administrator quan.tri and the data-entry clerk lan."""
    add_two_accounts(url)
    capsys.readouterr()
    return url


def trail(
    url: str, action: str | None = None, user: str = "quan.tri", password: str = ADMIN_PASSWORD
) -> list[AuditEntry]:
    """The audit trail (an administrator opens an encrypted file to read it), oldest first;
    the failed openings its key file kept are written to it as the file is opened."""
    file = sqlite_file(url)  # None on a server, whose data SQLCipher does not encrypt
    encrypted = file is not None and key_file_path(file).exists()
    login = accounts.login(user, password) if encrypted else None
    database = open_database(url, login=login)
    if login is not None:
        accounts.sign_in(database, login)
        signed_in.reset()
    try:
        with database.session() as session:
            query = select(AuditEntry).order_by(AuditEntry.id)
            query = query.where(AuditEntry.entity_type.in_(("account", "command")))
            if action:
                query = query.where(AuditEntry.action == action)
            entries = list(session.scalars(query))
            session.expunge_all()
    finally:
        database.close()
    return entries


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_the_first_administrator_is_added_without_a_login(url, capsys):
    words = ("user", "add", "Quan.Trị", "--role", "admin", "--display-name", "Nguyễn Văn Quản")
    assert cli(url, *words, new_password=ADMIN_PASSWORD, json=True) == 0
    added = json.loads(capsys.readouterr().out)
    assert (added["name"], added["role"]) == ("quan.tri", "admin")
    recovery_key = added["recovery_key"]
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4})+", recovery_key)
    (created,) = trail(url, "create", user="Quan.Tri", password=ADMIN_PASSWORD)
    assert (created.entity_type, created.entity_key) == ("account", "quan.tri")
    # Printed once: nothing shows it again, and the log never holds it.
    assert cli(url, "user", "list", user="quan.tri", password=ADMIN_PASSWORD) == 0
    assert recovery_key not in capsys.readouterr().out
    assert not log_file().exists() or recovery_key not in log_file().read_text(encoding="utf-8")


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_the_recovery_key_is_said_in_the_summary_line(url, capsys):
    assert cli(url, "user", "add", "quan.tri", "--role", "admin", new_password=ADMIN_PASSWORD) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(
        "Đã tạo tài khoản quản trị đầu tiên “quan.tri”. Dữ liệu đã được mã hóa. KHÓA KHÔI PHỤC "
        "(chỉ in ra lần này; hãy chép lại, cất vào két của Trưởng Công an phường): "
    )


def test_on_a_server_the_first_administrator_is_added_and_nothing_is_encrypted(server_url, capsys):
    words = ("user", "add", "quan.tri", "--role", "admin")
    assert cli(server_url, *words, new_password=ADMIN_PASSWORD, json=True) == 0
    added = json.loads(capsys.readouterr().out)
    assert added == {"name": "quan.tri", "role": "admin", "recovery_key": None}
    (created,) = trail(server_url, "create")
    assert (created.entity_type, created.entity_key) == ("account", "quan.tri")
    add_lan = ("user", "add", "lan", "--role", "entry")
    assert cli(server_url, *add_lan, new_password=LAN_PASSWORD) == 2  # a login is needed now
    assert capsys.readouterr().err == NEED_LOGIN + "\n"
    assert cli(server_url, "user", "list", user="quan.tri", password=ADMIN_PASSWORD) == 0
    assert capsys.readouterr().out == "quan.tri\tquan.tri\tQuản trị\tđang dùng\n"


def test_the_first_account_must_be_an_administrator(url, capsys):
    assert cli(url, "user", "add", "lan", "--role", "entry", new_password=LAN_PASSWORD) == 2
    assert capsys.readouterr().err == (
        "Chưa có tài khoản nào: tài khoản đầu tiên phải là quản trị viên (--role admin).\n"
    )
    assert trail(url, "create") == []


def test_without_accounts_no_login_is_asked_and_none_is_taken(url, tmp_path, capsys):
    assert cli(url, "export", "residents", "--out", str(tmp_path / "nk.csv")) == 0
    assert cli(url, "--json", "user", "list") == 2  # --json belongs after the command
    capsys.readouterr()
    assert cli(url, "export", "residents", "--out", str(tmp_path / "nk.csv"), user="ai") == 2
    assert capsys.readouterr().err == (
        "Cơ sở dữ liệu chưa có tài khoản nào nên không cần --user; tài khoản đầu tiên được tạo "
        "bằng: denkhuya user add TÊN --role admin.\n"
    )


def test_once_accounts_exist_every_command_needs_a_login(with_accounts, tmp_path, capsys):
    out = tmp_path / "nk.csv"
    assert cli(with_accounts, "export", "residents", "--out", str(out)) == 2
    assert capsys.readouterr() == ("", NEED_LOGIN + "\n")
    assert not out.exists()


def test_a_login_without_a_password_and_no_terminal_is_refused(with_accounts, capsys):
    assert cli(with_accounts, "user", "list", user="quan.tri") == 2
    assert capsys.readouterr().err == (
        "Thiếu mật khẩu của “quan.tri”: đặt biến DENKHUYA_PASSWORD, hoặc chạy lệnh trong cửa sổ "
        "dòng lệnh để gõ vào.\n"
    )


def test_on_a_terminal_the_passwords_are_typed_at_a_prompt(url, monkeypatch, capsys):
    typed = iter([ADMIN_PASSWORD, ADMIN_PASSWORD, ADMIN_PASSWORD, "khac-hoan-toan", "mat-khau-2"])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", getpass)
    assert cli(url, "user", "add", "quan.tri", "--role", "admin") == 0
    assert cli(url, "user", "passwd", user="quan.tri") == 2  # typed twice, not the same
    assert capsys.readouterr().err.endswith(
        "Hai lần gõ mật khẩu mới không khớp nhau; không có gì thay đổi.\n"
    )
    assert prompts == [
        "Mật khẩu mới cho “quan.tri”: ",
        "Gõ lại mật khẩu mới: ",
        "Mật khẩu của “quan.tri”: ",
        "Mật khẩu mới cho “quan.tri”: ",
        "Gõ lại mật khẩu mới: ",
    ]


def test_a_second_account_needs_an_administrators_login(with_accounts, capsys):
    words = ("user", "add", "binh", "--role", "duty")
    assert cli(with_accounts, *words, new_password="truc-ban-1") == 2
    assert capsys.readouterr().err == NEED_LOGIN + "\n"
    assert (
        cli(with_accounts, *words, new_password="tb-12345", user="lan", password=LAN_PASSWORD) == 2
    )
    assert capsys.readouterr().err == "Vai trò Nhập liệu không được quản lý tài khoản.\n"
    refused = trail(with_accounts, "refused")[-1]
    assert (refused.actor, refused.entity_key) == ("lan", "user add")
    assert refused.changes == {"permission": [None, "manage_accounts"]}
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    assert cli(with_accounts, *words, new_password="truc-ban-1", **admin) == 0
    assert capsys.readouterr().out == "Đã thêm tài khoản “binh” (Trực ban).\n"


def test_a_wrong_password_exits_2_and_is_audited(with_accounts, capsys):
    assert cli(with_accounts, "user", "list", user="quan.tri", password="sai-mat-khau") == 2
    assert capsys.readouterr() == ("", WRONG)
    # Noted in the encrypted file's key file, written to the trail at the next opening.
    (failed,) = trail(with_accounts, "login_failed")
    assert (failed.entity_key, failed.changes["reason"]) == ("quan.tri", [None, "wrong_password"])


def test_five_wrong_passwords_lock_the_account(with_accounts, capsys):
    for _ in range(4):
        assert cli(with_accounts, "user", "list", user="lan", password="sai") == 2
        assert capsys.readouterr().err == WRONG
    assert cli(with_accounts, "user", "list", user="lan", password="sai") == 2
    assert re.fullmatch(
        r"Sai 5 lần liên tiếp: “lan” bị khóa 5 phút, đến \d\d:\d\d\.\n", capsys.readouterr().err
    )
    assert cli(with_accounts, "tally", user="lan", password=LAN_PASSWORD) == 2
    assert re.fullmatch(
        r"Tài khoản “lan” đang bị khóa vì nhập sai nhiều lần; hãy thử lại sau \d\d:\d\d\.\n",
        capsys.readouterr().err,
    )
    # the five wrong passwords, and the attempt while locked (an encrypted file's key
    # file notes it as failed; a server's database, where it is written at once, as refused)
    attempts = [e for e in trail(with_accounts) if e.action in ("login_failed", "login_refused")]
    assert [entry.entity_key for entry in attempts] == ["lan"] * 6


@pytest.mark.parametrize(
    ("words", "what", "sentence"),
    [
        (("export", "residents", "--out", "nk.csv"), "export residents", "xuất dữ liệu ra tệp"),
        (("report", "daily", "--date", "2026-11-29", "--out", "bc.pdf"), "report daily",
         "lập báo cáo"),
        (("backup", "--out", "sao-luu.sqlite3"), "backup", "sao lưu dữ liệu"),
    ],
)  # fmt: skip
def test_the_entry_role_may_not_export_report_or_back_up(
    with_accounts, tmp_path, monkeypatch, capsys, words, what, sentence
):
    work = tmp_path / "viec"
    work.mkdir()
    monkeypatch.chdir(work)
    assert cli(with_accounts, *words, user="lan", password=LAN_PASSWORD) == 2
    assert capsys.readouterr() == ("", f"Vai trò Nhập liệu không được {sentence}.\n")
    assert list(work.iterdir()) == []
    refused = trail(with_accounts, "refused")[-1]
    assert (refused.actor, refused.entity_key) == ("lan", what)


def test_user_list_json_names_each_account_and_never_a_hash(with_accounts, capsys):
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    assert cli(with_accounts, "user", "list", "--json", **admin) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == {
        "accounts": [
            {
                "name": "lan",
                "display_name": "Lò Thị Lan",
                "role": "entry",
                "role_name": "Nhập liệu",
                "disabled": False,
                "locked_until": None,
            },
            {
                "name": "quan.tri",
                "display_name": "quan.tri",
                "role": "admin",
                "role_name": "Quản trị",
                "disabled": False,
                "locked_until": None,
            },
        ]
    }
    assert "argon2" not in out
    assert cli(with_accounts, "user", "list", **admin) == 0
    assert capsys.readouterr().out == (
        "lan\tLò Thị Lan\tNhập liệu\tđang dùng\nquan.tri\tquan.tri\tQuản trị\tđang dùng\n"
    )


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_an_administrator_disables_enables_and_resets_and_each_changes_their_own(
    with_accounts, capsys
):
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)

    def said(code: int, words: tuple[str, ...], **login) -> tuple[str, str]:
        assert cli(with_accounts, *words, **login) == code
        captured = capsys.readouterr()
        return (captured.out or captured.err).strip()

    assert said(0, ("user", "disable", "lan"), **admin) == "Đã tắt tài khoản “lan”."
    # Her copy of the data key went with it: her password opens nothing now.
    assert said(2, ("tally",), user="lan", password=LAN_PASSWORD) == WRONG.strip()
    assert said(2, ("user", "enable", "lan"), **admin) == (
        "Dữ liệu được mã hóa: bật lại tài khoản cần mật khẩu mới cho tài khoản đó; đặt biến "
        "DENKHUYA_NEW_PASSWORD, hoặc chạy lệnh trong cửa sổ dòng lệnh để gõ vào."
    )
    enable = ("user", "enable", "lan")
    assert said(0, enable, new_password="mat-khau-bat", **admin) == "Đã bật lại tài khoản “lan”."
    assert said(0, ("user", "reset", "lan"), new_password="mat-khau-moi", **admin) == (
        "Đã đặt mật khẩu mới cho tài khoản “lan”."
    )
    passwd = ("user", "passwd")
    assert said(2, passwd, new_password="cua-rieng-lan", user="lan", password="mat-khau-bat") == (
        WRONG.strip()
    )
    assert said(0, passwd, new_password="cua-rieng-lan", user="lan", password="mat-khau-moi") == (
        "Đã đổi mật khẩu của “lan”."
    )
    assert said(2, ("user", "disable", "quan.tri"), **admin) == (
        "Không thể tắt tài khoản quản trị cuối cùng còn hoạt động (“quan.tri”); hãy tạo hoặc "
        "bật một tài khoản quản trị khác trước."
    )
    actions = [(e.action, e.entity_key) for e in trail(with_accounts) if e.action != "login"]
    assert actions[-7:] == [
        ("update", "lan"),  # disabled
        ("login_failed", "lan"),  # as the key file noted it
        ("update", "lan"),  # enabled again
        ("password_reset", "lan"),  # with the new password enabling needs
        ("password_reset", "lan"),
        ("login_failed", "lan"),
        ("password_change", "lan"),
    ]


def test_on_a_server_a_disabled_account_is_told_so_and_enabled_with_its_password(
    server_url, capsys
):
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    add_two_accounts(server_url)
    capsys.readouterr()

    def said(code: int, words: tuple[str, ...], **login) -> str:
        assert cli(server_url, *words, **login) == code
        captured = capsys.readouterr()
        return (captured.out or captured.err).strip()

    assert said(0, ("user", "disable", "lan"), **admin) == "Đã tắt tài khoản “lan”."
    assert said(2, ("tally",), user="lan", password=LAN_PASSWORD) == (
        "Tài khoản “lan” đã bị tắt; hãy nhờ quản trị viên bật lại tài khoản rồi mới đăng nhập được."
    )
    # no key copy went with it: enabling needs no new password, and hers opens again
    assert said(0, ("user", "enable", "lan"), **admin) == "Đã bật lại tài khoản “lan”."
    passwd = ("user", "passwd")
    assert said(0, passwd, new_password="cua-rieng-lan", user="lan", password=LAN_PASSWORD) == (
        "Đã đổi mật khẩu của “lan”."
    )
    actions = [(e.action, e.entity_key) for e in trail(server_url) if e.action != "login"]
    assert actions[-4:] == [
        ("update", "lan"),  # disabled
        ("login_refused", "lan"),
        ("update", "lan"),  # enabled again
        ("password_change", "lan"),
    ]


def test_no_password_or_hash_reaches_the_log_or_the_screen(
    with_accounts, capsys, monkeypatch, expected_errors
):
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    cli(with_accounts, "user", "list", "--json", **admin)
    cli(with_accounts, "user", "reset", "lan", new_password="bi-mat-moi-1", **admin)
    cli(with_accounts, "user", "list", user="lan", password="sai-bi-mat")

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(accounts, "list_accounts", broken)
    assert cli(with_accounts, "user", "list", **admin) == 1  # a bug: logged with traceback
    captured = capsys.readouterr()
    logged = log_file().read_text(encoding="utf-8")
    assert "Lỗi không mong đợi" in logged
    for secret in (ADMIN_PASSWORD, LAN_PASSWORD, "bi-mat-moi-1", "sai-bi-mat", "$argon2"):
        for text in (captured.out, captured.err, logged):
            assert secret not in text


# Every administrator's password lost: the recovery key of an encrypted file ----------

NEW_ADMIN_PASSWORD = "mat-khau-moi-2027"


@pytest.fixture
def recovery_key(url, capsys) -> str:
    """The administrator quan.tri, whose password is then lost; the key from the safe."""
    assert cli(url, "user", "add", "quan.tri", "--role", "admin", new_password=ADMIN_PASSWORD) == 0
    add_lan = ("user", "add", "lan", "--role", "entry")
    admin = dict(user="quan.tri", password=ADMIN_PASSWORD)
    assert cli(url, *add_lan, new_password=LAN_PASSWORD, **admin) == 0
    (line, *_rest) = capsys.readouterr().out.splitlines()
    return line.rsplit(": ", 1)[1]


def recover(url: str, name: str, key: str | None, new_password: str | None = NEW_ADMIN_PASSWORD):
    with pytest.MonkeyPatch.context() as patch:
        if key is not None:
            patch.setenv("DENKHUYA_RECOVERY_KEY", key)
        return cli(url, "user", "recover", name, new_password=new_password)


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_the_recovery_key_gives_a_locked_out_administrator_a_new_password(
    url, recovery_key, capsys
):
    for _attempt in range(5):  # the password forgotten: the account is locked
        assert cli(url, "user", "list", user="quan.tri", password="doan-mo-mat-khau") == 2
    capsys.readouterr()

    assert recover(url, "quan.tri", recovery_key.lower().replace("-", " ")) == 0

    assert capsys.readouterr().out == (
        "Đã dùng khóa khôi phục đặt mật khẩu mới cho tài khoản quản trị “quan.tri”; hãy đăng "
        "nhập bằng mật khẩu mới.\n"
    )
    assert cli(url, "user", "list", user="quan.tri", password=ADMIN_PASSWORD) == 2  # old one
    assert cli(url, "user", "list", user="quan.tri", password=NEW_ADMIN_PASSWORD) == 0
    (recovered,) = trail(url, "recovery", password=NEW_ADMIN_PASSWORD)
    assert (recovered.entity_key, recovered.actor) == ("quan.tri", "(khóa khôi phục)")
    # the other accounts and the recovery key itself still open the data
    lan = dict(user="lan", password=LAN_PASSWORD)
    assert cli(url, "user", "passwd", new_password="lan-doi-mat-khau", **lan) == 0
    assert recover(url, "quan.tri", recovery_key, new_password="lai-mat-khau-khac") == 0


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_a_wrong_recovery_key_exits_2_is_counted_and_changes_nothing(url, recovery_key, capsys):
    wrong = "0" * 28

    assert recover(url, "quan.tri", wrong) == 2

    assert capsys.readouterr().err == "Khóa khôi phục không đúng.\n"
    keys = keyring.load(key_file_path(sqlite_file(url)))
    assert keys.data["failures"]["(khóa khôi phục)"]["count"] == 1
    assert cli(url, "user", "list", user="quan.tri", password=NEW_ADMIN_PASSWORD) == 2
    assert cli(url, "user", "list", user="quan.tri", password=ADMIN_PASSWORD) == 0
    # the failed attempts reach the audit trail at the next opening (the recovery key's
    # under no account's name)
    failures = [e for e in trail(url, "login_failed") if e.source == "tệp khóa"]
    assert [e.entity_key for e in failures] == [None, "quan.tri"]
    assert trail(url, "recovery") == []


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_five_wrong_recovery_keys_lock_the_recovery_key(url, recovery_key, capsys):
    for _attempt in range(5):
        assert recover(url, "quan.tri", "1" * 28) == 2
    capsys.readouterr()
    assert recover(url, "quan.tri", recovery_key) == 2  # even the right one, for 5 minutes
    assert "“(khóa khôi phục)” đang bị khóa" in capsys.readouterr().err


@pytest.mark.sqlite_only(reason=ENCRYPTION)
@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("lan", "Khóa khôi phục chỉ đặt lại mật khẩu tài khoản quản trị; “lan” hãy nhờ quản "
         "trị viên đặt lại mật khẩu.\n"),
        ("ai.do", "Không có tài khoản “ai.do”.\n"),
    ],
)  # fmt: skip
def test_the_recovery_key_resets_only_an_administrator(url, recovery_key, capsys, name, sentence):
    assert recover(url, name, recovery_key) == 2
    assert capsys.readouterr().err == sentence
    assert trail(url, "recovery") == []


@pytest.mark.sqlite_only(reason=ENCRYPTION)
def test_recover_without_a_key_or_a_new_password_is_refused(url, recovery_key, capsys):
    assert recover(url, "quan.tri", None) == 2
    assert capsys.readouterr().err == (
        "Cần khóa khôi phục: đặt biến DENKHUYA_RECOVERY_KEY, hoặc chạy lệnh trong cửa sổ dòng "
        "lệnh để gõ vào.\n"
    )
    assert recover(url, "quan.tri", recovery_key, new_password=None) == 2
    assert capsys.readouterr().err.startswith("Cần mật khẩu mới cho tài khoản quản trị; đặt biến")
    assert recover(url, "quan.tri", recovery_key, new_password="ngan") == 2
    assert capsys.readouterr().err == "Mật khẩu cần ít nhất 8 ký tự.\n"
    assert cli(url, "user", "list", user="quan.tri", password=ADMIN_PASSWORD) == 0


def test_a_database_that_is_not_encrypted_has_no_recovery_key(url, capsys):
    assert recover(url, "quan.tri", "0" * 28) == 2
    assert capsys.readouterr().err.startswith(
        "Dữ liệu này không được mã hóa nên không có khóa khôi phục;"
    )
