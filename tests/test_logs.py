"""The log file never holds personal data: errors are forced with citizens' names, ID
numbers, phones and birth dates in them, and the log is searched for each."""

from __future__ import annotations

import os
import traceback

import pytest
from sqlalchemy import text

from desktop.cli import run
from desktop.db.engine import make_engine
from desktop.logs import configure_logging, log, log_file, redact, redact_traceback
from desktop.services import export as export_service
from tests.builders import add_household, make_group, make_ward

NAME, PERSONAL_ID, PHONE, BIRTH_DATE = "Nguyễn Thị Ước", "010190000123", "0912345678", "05/01/1990"
SECRETS = (NAME, "Nguyen Thi Uoc", PERSONAL_ID, PHONE, "0912 345 678", BIRTH_DATE, "1990-01-05")


def log_text() -> str:
    return log_file().read_text(encoding="utf-8")


def assert_nothing_personal(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_redaction_hides_names_numbers_and_dates_and_keeps_the_technical_words():
    message = (
        f"ValueError: bad row {PERSONAL_ID} for {NAME} (Nguyen Thi Uoc), phone 0912 345 678, "
        f"born {BIRTH_DATE} / 1990-01-05, house 'số 7 Hoàng Liên'"
    )
    redacted = redact(message)
    assert_nothing_personal(redacted)
    assert "Hoàng Liên" not in redacted
    assert redacted.startswith("ValueError: bad row ‹số› for ‹tên›")
    assert redact("UNIQUE constraint failed: resident.personal_id") == (
        "UNIQUE constraint failed: resident.personal_id"
    )


def test_a_traceback_keeps_its_frames_and_loses_its_message():
    try:
        int(NAME)
    except ValueError as error:
        formatted = "".join(traceback.format_exception(error))
    redacted = redact_traceback(formatted)
    assert 'File "' in redacted and "int(NAME)" in redacted  # where it happened
    assert "ValueError: invalid literal for int() with base 10: ‹…›" in redacted
    assert_nothing_personal(redacted)


def test_a_database_error_in_the_log_holds_no_value_of_its_statement(tmp_path, expected_errors):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    configure_logging()
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE person (personal_id TEXT UNIQUE, name TEXT)"))
        connection.execute(text("INSERT INTO person VALUES (:id, :name)"),
                           {"id": PERSONAL_ID, "name": NAME})  # fmt: skip
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO person VALUES (:id, :name)"),
                               {"id": PERSONAL_ID, "name": NAME})  # fmt: skip
    except Exception as error:  # the IntegrityError, as a bug would log it
        assert PERSONAL_ID not in str(error)  # hide_parameters at the engine
        log.error("Lỗi không mong đợi", exc_info=error)
    finally:
        engine.dispose()
    written = log_text()
    assert "IntegrityError" in written and "UNIQUE constraint failed" in written
    assert_nothing_personal(written)


def test_arguments_and_preformatted_tracebacks_are_redacted_too(expected_errors):
    configure_logging()
    try:
        raise RuntimeError(f"{NAME} {PHONE} {BIRTH_DATE}")
    except RuntimeError as error:
        formatted = "".join(traceback.format_exception(error))
    log.error("Lỗi không mong đợi:\n%s", formatted)  # as the window's excepthook logs
    log.warning("Không tự sao lưu được dữ liệu: %s", OSError(f"'{PERSONAL_ID}'"))
    written = log_text()
    assert "RuntimeError: ‹tên› ‹số› ‹ngày›" in written
    assert_nothing_personal(written)


def test_a_bug_in_a_command_leaves_no_personal_data_in_the_log_or_on_stderr(
    database, tmp_path, capsys, monkeypatch, expected_errors
):
    with database.session() as session:
        add_household(session, make_group(session, make_ward(session)), NAME)

    def broken(*_args):
        raise KeyError(f"{NAME} {PERSONAL_ID}")

    monkeypatch.setattr(export_service, "export_residents", broken)
    out = tmp_path / "x.csv"
    assert run(["--db", database.url, "export", "residents", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "Lỗi không mong đợi" in captured.err
    assert_nothing_personal(captured.err)
    assert "KeyError" in log_text()
    assert_nothing_personal(log_text())


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_log_file_is_for_the_owner_only():
    assert configure_logging().stat().st_mode & 0o777 == 0o600
