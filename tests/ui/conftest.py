"""Fixtures for the window's tests: a synchronous task runner and small wards; no test
waits on a modal box, and none shows the unexpected-error box unnoticed."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
)
from sqlalchemy import insert

import desktop
from desktop.db.models import Household
from desktop.services import wards
from desktop.services.database import Database
from desktop.services.households import HouseholdInput, address_columns, next_household_codes
from desktop.ui.widgets import messages
from desktop.ui.widgets.task_runner import TaskRunner
from tests import builders
from tests.conftest import LogFail
from tests.ui.campaign_fixtures import CampaignDesk, make_campaign_desk

_OUR_CODE = Path(desktop.__file__).parent


def shown_from() -> str:
    """Where a box was shown: the innermost line of desktop/ outside the box helpers of
    messages.py (so the line that asked for the box), else the innermost line of a test."""
    helpers = (__file__, messages.__file__)
    stack = [frame for frame in traceback.extract_stack() if frame.filename not in helpers]
    ours = [frame for frame in stack if Path(frame.filename).is_relative_to(_OUR_CODE)]
    frame = (ours or stack)[-1]
    return f"{frame.filename}:{frame.lineno} ({frame.name})"


def _box_stand_ins(noted: Callable[[str], None]) -> dict[tuple[type, str], Callable]:
    """What replaces each blocking box or dialog: it notes the box and answers as a user
    who cancels would (No, Rejected, no file), so the test runs on and fails at the end."""

    def static_box(kind: str):
        def stand_in(parent, title="", text="", *args, **kwargs):
            noted(f"QMessageBox.{kind}({title!r}, {text!r})")
            buttons = args[0] if args else kwargs.get("buttons", QMessageBox.StandardButton.No)
            if kind != "question":
                return QMessageBox.StandardButton.Ok
            if buttons & QMessageBox.StandardButton.Cancel:
                return QMessageBox.StandardButton.Cancel
            return QMessageBox.StandardButton.No

        return stand_in

    def message_box_exec(box: QMessageBox, *args) -> int:
        noted(f"QMessageBox.exec({box.windowTitle()!r}, {box.text()!r})")
        return int(QDialog.DialogCode.Rejected)

    def dialog_exec(dialog: QDialog, *args) -> int:
        noted(f"{type(dialog).__name__}.exec({dialog.windowTitle()!r})")
        return int(QDialog.DialogCode.Rejected)

    def file_dialog(kind: str, nothing: object):
        def stand_in(*args, **kwargs):
            noted(f"QFileDialog.{kind}()")
            return nothing

        return stand_in

    def input_dialog(kind: str, nothing: object):
        def stand_in(parent, title, label="", *args, **kwargs):
            noted(f"QInputDialog.{kind}({title!r}, {label!r})")
            return nothing, False

        return stand_in

    stand_ins: dict[tuple[type, str], Callable] = {
        (QMessageBox, kind): static_box(kind)
        for kind in ("question", "information", "warning", "critical", "about", "aboutQt")
    }
    stand_ins[QMessageBox, "exec"] = message_box_exec
    stand_ins[QDialog, "exec"] = dialog_exec
    for kind, nothing in (
        ("getOpenFileName", ("", "")),
        ("getOpenFileNames", ([], "")),
        ("getSaveFileName", ("", "")),
        ("getExistingDirectory", ""),
    ):
        stand_ins[QFileDialog, kind] = file_dialog(kind, nothing)
    for kind, nothing in (
        ("getText", ""),
        ("getMultiLineText", ""),
        ("getItem", ""),
        ("getInt", 0),
        ("getDouble", 0.0),
    ):
        stand_ins[QInputDialog, kind] = input_dialog(kind, nothing)
    return stand_ins


@pytest.fixture(autouse=True)
def no_modal_boxes(qapp, logfail: LogFail, monkeypatch) -> Iterator[None]:
    """No test waits forever on a modal box nobody will click: each blocking box or dialog
    is replaced by a stand-in that answers "cancel" and fails the test (at teardown, see
    LogFail) naming the box and the line that showed it.

    Autouse fixtures come first, so a test's own monkeypatch of a box (`refusals`, its
    `confirm`, an `exec_dialog`) replaces the stand-in and answers as the test wants.
    """

    def noted(box: str) -> None:
        logfail.modal_boxes.append(f"{box} at {shown_from()}")

    for (owner, name), stand_in in _box_stand_ins(noted).items():
        monkeypatch.setattr(owner, name, stand_in)
    # PySide6 calls QMenu.exec past a patched class attribute, so a menu is closed as
    # soon as it shows instead (its exec then returns None, as if Esc was pressed).
    closer = _MenuCloser(noted)
    QApplication.instance().installEventFilter(closer)
    yield
    QApplication.instance().removeEventFilter(closer)


class _MenuCloser(QObject):
    """Closes every pop-up menu the moment it shows, noting it like a modal box."""

    def __init__(self, noted: Callable[[str], None]) -> None:
        super().__init__()
        self.noted = noted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMenu) and watched.isWindow():
            self.noted(f"QMenu({watched.title()!r})")
            QTimer.singleShot(0, watched.close)
        return False


@pytest.fixture(autouse=True)
def no_unexpected_error_box(logfail: LogFail, monkeypatch) -> None:
    """Notes every unexpected-error box (messages.show_unexpected) so the test fails at
    teardown unless it asked for `expected_errors`; the box is then shown as usual."""
    show_unexpected = messages.show_unexpected

    def noted(parent, log_path: str) -> None:
        logfail.error_boxes.append(f"shown at {shown_from()}")
        show_unexpected(parent, log_path)

    monkeypatch.setattr(messages, "show_unexpected", noted)


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """A task runner that runs every task inline, so tests never wait or sleep."""
    task_runner = TaskRunner(synchronous=True)
    yield task_runner
    task_runner.deleteLater()


@pytest.fixture
def desk(database: Database) -> CampaignDesk:
    """A campaign with teams, shifts and visits on three nights (tests/ui/campaign_fixtures)."""
    return make_campaign_desk(database)


@pytest.fixture
def refusals(monkeypatch) -> list[str]:
    """The sentences of the refusals shown (QMessageBox.warning), instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text)
    )
    return shown


@pytest.fixture
def small_ward(database: Database) -> dict[str, int]:
    """Two groups, three households; Nguyễn Thị Ước lives at 7 Nguyễn Huệ (Tổ 2).

    Returns the ids by name: groups "to1", "to2"; households "an", "uoc", "binh";
    residents "uoc", "an", "lan".
    """
    with database.session() as session:
        ward = builders.make_ward(session)
        to1 = builders.make_group(session, ward, "Tổ 1")
        to2 = builders.make_group(session, ward, "Tổ 2")
        an = builders.add_household(
            session,
            to1,
            "Nguyễn Văn An",
            house_number="1",
            vneid_level=2,
            app_114=True,
            personal_id="010080000001",
            gender="male",
        )
        lan = builders.add_resident(session, an, "Trần Thị Lan", relation="Vợ", birth_year=1982)
        uoc_house = builders.add_household(
            session, to2, "Lê Văn Bình", street="đường Nguyễn Huệ", house_number="7"
        )
        uoc = builders.add_resident(session, uoc_house, "Nguyễn Thị Ước", relation="Vợ")
        binh = builders.add_household(
            session,
            to2,
            "Phạm Văn Cường",
            street="phố Cốc Lếu",
            house_number="20",
            vneid_level=2,
            app_114=True,
            personal_id="010080000002",
            gender="male",
        )
        return {
            "to1": to1.id,
            "to2": to2.id,
            "an": an,
            "uoc": uoc_house,
            "binh": binh,
            "resident_uoc": uoc,
            "resident_lan": lan,
        }


def add_bare_households(database: Database, group_id: int, count: int) -> None:
    """Many households without residents, written in one statement (paging tests)."""
    with database.session() as session:
        ward = wards.current_ward(session)
        codes = next_household_codes(session, ward, count)
        rows = []
        for number, code in enumerate(codes, start=1):
            data = HouseholdInput(
                group_id=group_id, house_number=str(number), street="đường Lê Lợi"
            )
            rows.append(
                {
                    "code": code,
                    "group_id": group_id,
                    "house_number": data.house_number,
                    "street": data.street,
                    "version": 1,
                    **address_columns(data),
                }
            )
        session.execute(insert(Household), rows)
