"""Undoing an activation ticked by mistake in the approvals dialog (Ctrl+M): finding the
resident among those already activated, the question first, the refusal, the refresh.

On the nights of tests/services/campaign_night, Nguyễn Văn An was marked activated on
25/11 (credited to team 1, which collected his application on 24/11)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.db.models import Resident, ServiceRecord
from desktop.services import approvals
from desktop.services.approvals import ActivatedCandidate
from desktop.ui.campaign.approvals_dialog import ApprovalsDialog, CandidateColumn
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.main_window import MainWindow
from tests.services.campaign_night import SECOND_NIGHT
from tests.ui.campaign_fixtures import make_campaign_desk
from tests.ui.campaign_fixtures import show_active as _show

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def drop_ticks_on_close(monkeypatch):
    """A dialog left with ticks (a failed test) asks on closing: answer Yes, not hang.
    The `asked` fixture replaces this where a test looks at the question."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)


@pytest.fixture
def gateway(database, today) -> CampaignGateway:
    return CampaignGateway(database, lambda: today)


@pytest.fixture
def asked(monkeypatch):
    """Answers the question with `asked.answer` (Yes unless a test says otherwise) and
    keeps (text, default button) of each question asked."""

    class Questions(list):
        answer = QMessageBox.StandardButton.Yes

    questions = Questions()

    def question(parent, title, text, buttons, default):
        questions.append((text, default))
        return questions.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


@pytest.fixture
def messages(monkeypatch) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {"information": [], "warning": []}
    for kind in said:
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, *rest, kind=kind: said[kind].append(text)
        )
    return said


def _find_activated(qtbot, dialog: ApprovalsDialog, name: str) -> None:
    """Alt+C shows those already activated; the name typed finds the one."""
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)
    assert dialog.include_activated.isChecked()  # at once, not after Qt's 100 ms
    dialog.search_box.setFocus()
    qtbot.keyClicks(dialog.search_box, name)
    qtbot.keyClick(dialog.search_box, Qt.Key.Key_Return)  # searches and goes to the list
    assert dialog.view.hasFocus()


def _activation(database, resident_id: int) -> ServiceRecord | None:
    with database.session() as session:
        record = session.scalars(
            select(ServiceRecord).where(
                ServiceRecord.resident_id == resident_id,
                ServiceRecord.service == "level2_activated",
            )
        ).one_or_none()
        if record is not None:
            session.expunge(record)
        return record


def _level(database, resident_id: int) -> int:
    with database.session() as session:
        return session.get(Resident, resident_id).vneid_level


def _listed(dialog: ApprovalsDialog) -> list[tuple[str, bool]]:
    """(name, already activated) of each row shown."""
    rows = (dialog.candidates.candidate(r) for r in range(dialog.candidates.rowCount()))
    return [(row.full_name, isinstance(row, ActivatedCandidate)) for row in rows]


def test_alt_h_undoes_an_activation_after_asking_and_an_is_waiting_again(
    qtbot, database, gateway, desk, asked, messages
):
    an = desk.residents("an")[0]
    assert _level(database, an) == 2
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    _find_activated(qtbot, dialog, "nguyen van an")
    assert _listed(dialog) == [("Nguyễn Văn An", True)]
    assert not dialog.view.isColumnHidden(CandidateColumn.ACTIVATED)
    activated_on = dialog.candidates.index(0, CandidateColumn.ACTIVATED).data()
    assert activated_on == "25/11/2026"
    assert dialog.cancel_button.isEnabled()

    with qtbot.wait_signal(dialog.saved, timeout=1000):
        qtbot.keyClick(dialog.view, Qt.Key.Key_H, ALT)

    [(question, default)] = asked
    assert "Nguyễn Văn An" in question and "25/11/2026" in question
    assert "Tổ công tác 1" in question  # whose count goes down
    assert default == QMessageBox.StandardButton.No
    assert _activation(database, an) is None
    assert _level(database, an) == 1  # as before: VNeID installed on 24/11, level 1
    assert messages["warning"] == []
    assert "Đã hủy kích hoạt mức 2 ngày 25/11/2026 của Nguyễn Văn An" in messages["information"][0]
    # Back among those waiting, under the cursor, to be ticked again if need be.
    assert _listed(dialog) == [("Nguyễn Văn An", False)]
    assert dialog.view.currentIndex().row() == 0
    assert not dialog.cancel_button.isEnabled()
    assert dialog.count_label.text() == (
        "1 người đang chờ kích hoạt, 0 người đã kích hoạt khớp tìm kiếm"
    )


def test_declining_the_question_changes_nothing(qtbot, database, gateway, desk, asked, messages):
    an = desk.residents("an")[0]
    asked.answer = QMessageBox.StandardButton.No
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    saved = []
    dialog.saved.connect(lambda: saved.append(True))
    _find_activated(qtbot, dialog, "nguyen van an")

    assert not dialog.cancel_activation()

    assert len(asked) == 1 and "Nguyễn Văn An" in asked[0][0]
    record = _activation(database, an)
    assert record is not None and record.done_on == SECOND_NIGHT
    assert _level(database, an) == 2
    assert saved == [] and messages == {"information": [], "warning": []}
    assert _listed(dialog) == [("Nguyễn Văn An", True)]


def test_an_activation_undone_at_another_desk_meanwhile_is_refused_in_one_sentence(
    qtbot, database, gateway, desk, asked, messages
):
    an = desk.residents("an")[0]
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    saved = []
    dialog.saved.connect(lambda: saved.append(True))
    _find_activated(qtbot, dialog, "nguyen van an")
    with database.session() as session:  # the other desk is quicker
        approvals.cancel_activation(session, an)

    assert not dialog.cancel_activation()

    assert messages["warning"] == [
        "Nguyễn Văn An chưa được ghi “Kích hoạt mức 2” nên không có gì để hủy."
    ]
    assert saved == [] and messages["information"] == []
    assert _activation(database, an) is None and _level(database, an) == 1
    assert _listed(dialog) == [("Nguyễn Văn An", False)]  # the list shows what is stored


def test_those_activated_are_listed_latest_first_and_cannot_be_ticked(
    qtbot, database, gateway, desk
):
    dialog = _show(qtbot, ApprovalsDialog(gateway))
    assert dialog.view.isColumnHidden(CandidateColumn.ACTIVATED)
    assert not any(activated for _, activated in _listed(dialog))
    with database.session() as session:  # marked today, after the four of 25/11
        approvals.mark_activated(
            session, [desk.residents("giang")[0]], date(2026, 11, 30), date(2026, 11, 30)
        )

    dialog.include_activated.setChecked(True)

    shown = _listed(dialog)
    activated = [name for name, done in shown if done]
    assert activated[0] == "Nguyễn Văn Giang"  # the latest marked first
    assert sorted(activated) == sorted(
        ["Nguyễn Văn Giang", "Nguyễn Văn An", "Nguyễn Văn Dung", "Lê Thị Dung B", "Nguyễn Văn Hai"]
    )
    assert shown[: len(activated)] == [(name, True) for name in activated]
    assert "5 người đã kích hoạt" in dialog.count_label.text()
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.candidates.index(0, CandidateColumn.NAME))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # tick all
    waiting = {
        dialog.candidates.candidate(r).resident_id for r in range(len(activated), len(shown))
    }
    assert set(dialog.candidates.ticked) == waiting
    tick = dialog.candidates.index(0, CandidateColumn.TICK)
    assert tick.data(Qt.ItemDataRole.CheckStateRole) is None
    assert not tick.flags() & Qt.ItemFlag.ItemIsUserCheckable
    dialog.view.setCurrentIndex(dialog.candidates.index(len(activated), CandidateColumn.NAME))
    assert not dialog.cancel_button.isEnabled()  # a resident still waiting: nothing to undo


def test_those_activated_are_found_by_the_first_digits_of_their_id(gateway, desk, qtbot):
    dialog = ApprovalsDialog(gateway)
    qtbot.addWidget(dialog)
    dialog.include_activated.setChecked(True)
    dialog.search_box.setText("010075000006")  # Nguyễn Văn Hai's number
    dialog.search()
    assert _listed(dialog) == [("Nguyễn Văn Hai", True)]
    assert dialog.candidates.index(0, CandidateColumn.TEAM).data() == "Khác"  # at the station


def test_the_model_with_activated_rows_passes_the_model_tester(qtmodeltester, qtbot, gateway, desk):
    dialog = ApprovalsDialog(gateway)
    qtbot.addWidget(dialog)
    dialog.include_activated.setChecked(True)
    qtmodeltester.check(dialog.candidates, force_py=True)


def test_an_undo_from_ctrl_m_refreshes_the_main_window(
    qtbot, database, today, runner, monkeypatch, asked, messages
):
    desk = make_campaign_desk(database)
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    main.show_dashboard()
    refreshed = []
    monkeypatch.setattr(main.dashboard, "refresh", lambda: refreshed.append(True))

    def run(dialog) -> int:
        assert isinstance(dialog, ApprovalsDialog)
        dialog.include_activated.setChecked(True)
        dialog.search_box.setText("nguyen van an")
        dialog.search()
        assert dialog.cancel_activation()
        return 0

    main.campaign.exec_dialog = run
    main.commands.approve_level2.trigger()

    assert refreshed == [True]
    assert _activation(database, desk.residents("an")[0]) is None
