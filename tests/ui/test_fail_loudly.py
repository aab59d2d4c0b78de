"""Tests fail loudly: an error the program logs, the unexpected-error box, a modal box
nobody answers and a background task that breaks with no handler each fail the test
(the `logfail`, `no_modal_boxes` and `no_unexpected_error_box` fixtures of
tests/conftest.py and tests/ui/conftest.py)."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from desktop.domain.errors import UserError
from desktop.logs import log
from desktop.ui.widgets.messages import confirm, report_bug, show_refusal
from desktop.ui.widgets.task_runner import TaskRunner
from tests.conftest import LogFail


def broken() -> None:
    raise RuntimeError("hỏng giữa chừng")


@pytest.fixture
def critical_boxes(monkeypatch) -> list[str]:
    """The texts of the critical boxes (the unexpected-error box) shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


# The check itself ----------------------------------------------------------------------


def failure_of(recorder: LogFail) -> str:
    with pytest.raises(pytest.fail.Exception) as failed:
        recorder.check()
    return str(failed.value)


def error_record(message: str, error: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(error), error, error.__traceback__) if error else None
    return logging.LogRecord("desktop", logging.ERROR, __file__, 1, message, (), exc_info)


def test_a_clean_test_passes_the_check():
    LogFail().check()


def test_a_logged_error_fails_the_check_with_its_message_and_traceback():
    recorder = LogFail()
    try:
        broken()
    except RuntimeError as error:
        recorder.emit(error_record("Lỗi trong tác vụ nền", error))

    failure = failure_of(recorder)

    assert "The program logged an error: ERROR desktop: Lỗi trong tác vụ nền" in failure
    assert "Traceback" in failure and "RuntimeError: hỏng giữa chừng" in failure


def test_the_error_box_and_a_modal_box_fail_the_check_by_name():
    recorder = LogFail()
    recorder.error_boxes.append("shown at desktop/app.py:97 (hook)")
    recorder.modal_boxes.append("QMessageBox.question('Xóa?', 'Xóa hộ này?') at x.py:1")

    failure = failure_of(recorder)

    assert "The unexpected-error box was shown: shown at desktop/app.py:97" in failure
    assert "A modal box would have waited for a user: QMessageBox.question('Xóa?'" in failure


def test_expected_errors_excuse_errors_but_not_modal_boxes_nor_their_absence():
    recorder = LogFail()
    recorder.errors_expected = True
    assert "expected an error, none was logged" in failure_of(recorder)

    recorder.emit(error_record("Lỗi không mong đợi"))
    recorder.error_boxes.append("shown at here")
    recorder.check()

    recorder.modal_boxes.append("QDialog.exec('Sửa hộ') at here")
    assert "QDialog.exec('Sửa hộ')" in failure_of(recorder)


# The fixtures at work ------------------------------------------------------------------


def test_errors_of_the_program_are_recorded_and_warnings_are_not(expected_errors):
    log.warning("chỉ là cảnh báo")
    logging.getLogger("other").error("không phải của chương trình")
    logging.getLogger("desktop.services").error("lỗi ở một mô-đun")
    log.critical("lỗi nặng")

    assert expected_errors.messages == ["lỗi ở một mô-đun", "lỗi nặng"]


def stood_in(*functions) -> bool:
    """Whether the boxes are the stand-ins of tests/ui/conftest.py (else they would wait)."""
    return all(function.__module__ == "tests.ui.conftest" for function in functions)


def test_an_unanswered_box_is_answered_no_and_named_with_its_line(logfail):
    assert stood_in(QMessageBox.question)
    answer = confirm(None, "Xóa hộ", "Xóa hộ của Nguyễn Văn An?")

    assert answer is False
    [box] = logfail.modal_boxes
    assert "QMessageBox.question('Xóa hộ', 'Xóa hộ của Nguyễn Văn An?')" in box
    assert f"{__file__}:" in box and "(test_an_unanswered_box_is_answered_no" in box
    logfail.modal_boxes.clear()  # the check at teardown would fail this test otherwise


def test_dialogs_and_file_choosers_never_wait(qtbot, logfail):
    dialog = QDialog()
    dialog.setWindowTitle("Sửa hộ")
    qtbot.addWidget(dialog)
    box = QMessageBox(QMessageBox.Icon.Warning, "Khôi phục", "Thay toàn bộ dữ liệu?")
    qtbot.addWidget(box)
    assert stood_in(
        QDialog.exec, QMessageBox.exec, QFileDialog.getSaveFileName, QFileDialog.getOpenFileNames
    )

    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert box.exec() == QDialog.DialogCode.Rejected
    assert QFileDialog.getSaveFileName(None, "Lưu") == ("", "")
    assert QFileDialog.getOpenFileNames(None, "Mở") == ([], "")

    assert [box.split(" at ")[0] for box in logfail.modal_boxes] == [
        "QDialog.exec('Sửa hộ')",
        "QMessageBox.exec('Khôi phục', 'Thay toàn bộ dữ liệu?')",
        "QFileDialog.getSaveFileName()",
        "QFileDialog.getOpenFileNames()",
    ]
    logfail.modal_boxes.clear()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise, no grab
def test_a_menu_closes_as_it_opens_and_is_named(qtbot, logfail):
    """PySide6 calls QMenu.exec past a patched class attribute: the menu is closed instead
    of waiting forever for a click nobody makes."""
    menu = QMenu("Bản đồ")
    menu.addAction("Đặt vị trí hộ đã chọn")

    assert menu.exec(QPoint(0, 0)) is None

    assert [box.split(" at ")[0] for box in logfail.modal_boxes] == ["QMenu('Bản đồ')"]
    logfail.modal_boxes.clear()


def test_a_box_the_test_answers_itself_is_not_a_complaint(refusals, logfail):
    show_refusal(None, UserError("Hộ này đã có chủ hộ."))

    assert refusals == ["Hộ này đã có chủ hộ."]
    assert logfail.modal_boxes == []


def test_the_error_box_is_recorded_and_still_shown(critical_boxes, expected_errors):
    report_bug(None, RuntimeError("hỏng"))

    assert expected_errors.messages == ["Lỗi không mong đợi"]
    assert len(expected_errors.error_boxes) == 1 and len(critical_boxes) == 1
    assert "lỗi không mong đợi" in critical_boxes[0]


# Background tasks without an error handler ----------------------------------------------


def test_a_task_that_breaks_without_a_handler_is_a_bug_logged_and_shown(
    runner, critical_boxes, expected_errors
):
    results: list[object] = []

    runner.run_task(broken, results.append)

    assert results == []
    [record] = expected_errors.records
    assert record.exc_info is not None and str(record.exc_info[1]) == "hỏng giữa chừng"
    assert len(critical_boxes) == 1 and len(expected_errors.error_boxes) == 1


def test_a_refusal_without_a_handler_is_logged_and_its_sentence_shown(
    runner, refusals, expected_errors
):
    def refused() -> None:
        raise UserError("Không được")

    runner.run_task(refused, lambda _result: pytest.fail("no result"))

    assert refusals == ["Không được"]
    assert expected_errors.error_boxes == []
    assert isinstance(expected_errors.records[0].exc_info[1], UserError)


def test_a_task_with_a_handler_hands_it_the_error_and_logs_nothing(runner, logfail):
    failures: list[BaseException] = []

    runner.run_task(broken, lambda _result: pytest.fail("no result"), failures.append)

    assert [str(error) for error in failures] == ["hỏng giữa chừng"]
    assert logfail.records == []


def test_in_the_program_a_broken_task_is_logged_and_shown_too(
    qtbot, critical_boxes, expected_errors
):
    runner = TaskRunner()  # a real thread pool, as in the program

    runner.run_task(broken, lambda _result: pytest.fail("no result"))
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)

    assert expected_errors.messages == ["Lỗi không mong đợi"]
    assert len(critical_boxes) == 1


# The whole mechanism, in a pytest run of its own, with this project's pytest settings --

REPOSITORY = Path(__file__).parents[2]

INNER_TESTS = """
    import warnings

    import pytest
    from PySide6.QtWidgets import QMessageBox

    from desktop.logs import log


    def test_logs_an_error():
        log.error("hỏng ở bên trong")


    def test_shows_a_box(qapp):
        assert QMessageBox.warning.__module__ == "tests.ui.conftest"  # else it would wait
        QMessageBox.warning(None, "Không thực hiện được", "Hộp không ai bấm")


    def test_runs_a_task_that_breaks(runner):
        def broken():
            raise RuntimeError("tác vụ hỏng")

        runner.run_task(broken, print)


    def test_expects_its_error(expected_errors):
        log.error("lỗi đã biết")
        assert expected_errors.messages == ["lỗi đã biết"]


    def test_expects_an_error_that_never_comes(expected_errors):
        pass


    def test_clean():
        pass


    @pytest.mark.xfail(reason="xfail_strict")
    def test_passes_though_marked_xfail():
        pass


    def test_warns():
        warnings.warn("cũ rồi", DeprecationWarning)


    def test_leaves_a_file_open(tmp_path):
        (tmp_path / "x.txt").write_text("x", encoding="utf-8")
        open(tmp_path / "x.txt", encoding="utf-8")
"""


def test_a_pytest_run_fails_each_test_that_leaves_an_error_behind(pytester, expected_errors):
    pytester.makeconftest(
        """
        from tests.conftest import expected_errors, logfail  # noqa: F401
        from tests.ui.conftest import no_modal_boxes, no_unexpected_error_box, runner  # noqa: F401
        """
    )
    pytester.makepyprojecttoml((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner=textwrap.dedent(INNER_TESTS))

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rA", "test_inner.py")

    result.assert_outcomes(passed=6, failed=3, errors=4)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_logs_an_error*",
            "The program logged an error: ERROR desktop: hỏng ở bên trong",
            "*ERROR at teardown of test_shows_a_box*",
            "A modal box would have waited for a user: QMessageBox.warning("
            "'Không thực hiện được', 'Hộp không ai bấm') at *test_inner.py:* (test_shows_a_box)",
            "*ERROR at teardown of test_runs_a_task_that_breaks*",
            "A modal box would have waited for a user: QMessageBox.critical('Lỗi không mong đợi'"
            "*) at *task_runner.py:* (_report_unhandled)",
            "The program logged an error: ERROR desktop: Lỗi không mong đợi",
            "RuntimeError: tác vụ hỏng",
            "The unexpected-error box was shown: shown at *task_runner.py:* (_report_unhandled)",
            "*ERROR at teardown of test_expects_an_error_that_never_comes*",
            "expected_errors: the test expected an error, none was logged",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "FAILED test_inner.py::test_passes_though_marked_xfail - *XPASS(strict)*",
            "FAILED test_inner.py::test_warns - DeprecationWarning: cũ rồi",
            "FAILED test_inner.py::test_leaves_a_file_open*",
        ]
    )
    result.stdout.fnmatch_lines(["E   *ResourceWarning: unclosed file*"])
    # The outer logfail heard the inner program's errors too: this test expects them.
    assert "lỗi đã biết" in expected_errors.messages
