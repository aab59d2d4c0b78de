"""Duyệt mức 2: tick the residents on the level-2 approval list, mark them activated.

The list that comes back from the provincial command is read name after name: type a
name (without diacritics) or the first digits of the ID number, Enter or ↓ goes to the
candidates, Space ticks, typing again goes back to the search. Ticks are kept while the
search changes, and listed on the right. Ctrl+A ticks every candidate shown,
Ctrl+Shift+A unticks them; Ctrl+Enter marks the ticked residents activated on the date
chosen (default today), each credited to the team that collected the application.

A resident marked by mistake is found by ticking "Hiện cả người đã kích hoạt" (they are
listed first, the latest marked at the top, with their date) and undone with Alt+H,
after a question naming them and the date.

An application collected on a shift whose results look wrong (desktop.services.flags)
is marked ⚠ in the team column, the flag in its tooltip; the line under the list says
how many, and Alt+B lists the flags to check and clear them with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.approvals import ActivatedCandidate, ApprovalCandidate
from desktop.services.flags import DataFlag, flags_by_shift
from desktop.ui.campaign.approvals_undo import ask_to_cancel, cancel_title, tell_cancelled
from desktop.ui.campaign.fields import date_field, from_qdate
from desktop.ui.campaign.flags_dialog import FLAG_COLOUR, FLAG_MARK, FlagsDialog, flags_strip
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.instant_mnemonics import InstantMnemonics
from desktop.ui.widgets.messages import carried_out, confirm, show_refusal
from desktop.ui.widgets.row_table_model import (
    CHECK,
    DISPLAY,
    FOREGROUND,
    ID_ROLE,
    TOOLTIP,
    Index,
    RowTableModel,
)
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.table_views import ListView


class CandidateColumn(IntEnum):
    TICK = 0
    NAME = 1
    PERSONAL_ID = 2
    BIRTH_YEAR = 3
    HOUSEHOLD = 4
    GROUP = 5
    COLLECTED = 6
    TEAM = 7
    WAITING = 8
    ACTIVATED = 9  # shown only with the residents already activated


# Already activated: done, not to tick again (the green of an entered visit).
ACTIVATED_COLOUR = QColor("#1e7a34")


class CandidateTableModel(RowTableModel[ApprovalCandidate]):
    """Candidates for activation, with a tick each; ticks survive a new search.

    Residents already activated (ActivatedCandidate) may be listed too, to undo one:
    they have no tick and cannot be ticked.
    """

    ticks_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ticked: dict[int, ApprovalCandidate] = {}
        self.today = None
        # resident id → the flags of the shift that collected their application
        self.flagged: dict[int, list[DataFlag]] = {}
        self.headers = (
            "",
            self.tr("Họ và tên"),
            self.tr("Số định danh"),
            self.tr("Năm sinh"),
            self.tr("Hộ"),
            self.tr("Tổ"),
            self.tr("Thu hồ sơ"),
            self.tr("Tổ công tác"),
            self.tr("Chờ"),
            self.tr("Kích hoạt"),
        )

    def candidate(self, row: int) -> ApprovalCandidate:
        return self.rows[row]

    def row_id(self, candidate: ApprovalCandidate) -> int:
        return candidate.resident_id

    def row_of(self, resident_id: int) -> int | None:
        return next((row for row, c in enumerate(self.rows) if c.resident_id == resident_id), None)

    def toggle(self, row: int) -> None:
        candidate = self.rows[row]
        if not isinstance(candidate, ActivatedCandidate):
            self._tick(candidate, candidate.resident_id not in self.ticked)

    def tick_all(self, ticked: bool) -> None:
        for candidate in self.rows:
            if isinstance(candidate, ActivatedCandidate):
                continue
            if ticked:
                self.ticked[candidate.resident_id] = candidate
            else:
                self.ticked.pop(candidate.resident_id, None)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.ticks_changed.emit()

    def untick(self, resident_id: int) -> None:
        candidate = self.ticked.get(resident_id)
        if candidate is not None:
            self._tick(candidate, False)

    def clear_ticks(self) -> None:
        self.ticked.clear()
        self.tick_all(False)

    def _tick(self, candidate: ApprovalCandidate, ticked: bool) -> None:
        if ticked:
            self.ticked[candidate.resident_id] = candidate
        else:
            self.ticked.pop(candidate.resident_id, None)
        row = next(
            (i for i, c in enumerate(self.rows) if c.resident_id == candidate.resident_id), None
        )
        if row is not None:
            index = self.index(row, CandidateColumn.TICK)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        activated = isinstance(self.rows[index.row()], ActivatedCandidate)
        if index.column() == CandidateColumn.TICK and not activated:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def cell(self, candidate: ApprovalCandidate, column: int, role: int) -> object:
        activated = isinstance(candidate, ActivatedCandidate)
        flagged = self.flagged.get(candidate.resident_id)
        if flagged and column == CandidateColumn.TEAM:
            if role == DISPLAY:
                return f"{FLAG_MARK} {candidate.team_name}"
            if role == FOREGROUND:
                return QBrush(FLAG_COLOUR)
            if role == TOOLTIP:
                return self.tr("Hồ sơ thu trong ca có số liệu cần xem lại:") + "".join(
                    f"\n• {flag.text}" for flag in flagged
                )
        if role == CHECK and column == CandidateColumn.TICK and not activated:
            ticked = candidate.resident_id in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == DISPLAY:
            return self._text(candidate, column)
        if role == FOREGROUND and activated:
            return QBrush(ACTIVATED_COLOUR)
        if role == TOOLTIP and column == CandidateColumn.HOUSEHOLD:
            return f"{candidate.household_code} · {candidate.address}"
        if role == TOOLTIP and isinstance(candidate, ActivatedCandidate):
            return self.tr("Đã kích hoạt ngày {day}; Alt+H để hủy nếu đánh dấu nhầm.").format(
                day=f"{candidate.activated_on:%d/%m/%Y}"
            )
        return None

    def _text(self, candidate: ApprovalCandidate, column: int) -> str:
        if column == CandidateColumn.NAME:
            return candidate.full_name
        if column == CandidateColumn.PERSONAL_ID:
            return candidate.personal_id_masked
        if column == CandidateColumn.BIRTH_YEAR:
            return str(candidate.birth_year or "")
        if column == CandidateColumn.HOUSEHOLD:
            return candidate.address
        if column == CandidateColumn.GROUP:
            return candidate.group_name
        if column == CandidateColumn.COLLECTED:
            if candidate.collected_on is None:
                return self.tr("tại trụ sở")
            return f"{candidate.collected_on:%d/%m/%Y}"
        if column == CandidateColumn.TEAM:
            return candidate.team_name
        if column == CandidateColumn.ACTIVATED and isinstance(candidate, ActivatedCandidate):
            return f"{candidate.activated_on:%d/%m/%Y}"
        if isinstance(candidate, ActivatedCandidate):
            return ""  # waits no more
        if column == CandidateColumn.WAITING and self.today is not None:
            waiting = candidate.days_waiting(self.today)
            return self.tr("{n} ngày").format(n=waiting) if waiting is not None else ""
        return ""

    def setData(self, index: Index, value: object, role: int = CHECK) -> bool:
        if role != CHECK or not index.isValid() or index.column() != CandidateColumn.TICK:
            return False
        candidate = self.rows[index.row()]
        if isinstance(candidate, ActivatedCandidate):
            return False
        self._tick(candidate, Qt.CheckState(value) == Qt.CheckState.Checked)  # type: ignore[arg-type]
        return True


class CandidateView(ListView):
    """The candidates: Space ticks; a letter or digit goes back to the search."""

    typed = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        index = self.currentIndex()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() == Qt.Key.Key_Space and index.isValid():
            assert isinstance(model, CandidateTableModel)
            model.toggle(index.row())
            return
        text = event.text()
        if plain and text and (text.isalnum() or text in "đĐ"):
            self.typed.emit(text)
            return
        super().keyPressEvent(event)


class ApprovalsDialog(QDialog):
    """Mark residents on the approval list activated; `saved` after each marking."""

    saved = Signal()

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "duyet.html")  # F1 opens this page
        self.gateway = gateway
        self.setWindowTitle(self.tr("Duyệt định danh mức 2"))
        self.setModal(True)
        # Tests replace this to answer the flags dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._flags: dict[int, list[DataFlag]] = {}  # shift id → its flags
        self._build()
        self._read_flags()
        self.search()

    def _build(self) -> None:
        self.search_box = SearchBox(self)
        self.search_box.setPlaceholderText(
            self.tr("Gõ tên (không dấu cũng được) hoặc các số đầu của số định danh…")
        )
        self.search_box.search_requested.connect(lambda _text: self.search())
        self.search_box.leave_requested.connect(self._focus_list)
        search_label = QLabel(self.tr("&Tìm:"), self)
        search_label.setBuddy(self.search_box)
        self.include_uncollected = QCheckBox(self.tr("Cả người &nộp hồ sơ tại trụ sở"), self)
        self.include_uncollected.setToolTip(
            self.tr("Hiện cả người chưa có hồ sơ mức 2 do tổ công tác thu (khi có từ tìm kiếm)")
        )
        self.include_uncollected.toggled.connect(lambda _on: self.search())
        self.include_activated = QCheckBox(self.tr("Hiện &cả người đã kích hoạt"), self)
        self.include_activated.setToolTip(
            self.tr("Liệt kê cả người đã đánh dấu kích hoạt (mới nhất lên đầu) để hủy nếu nhầm")
        )
        self.include_activated.toggled.connect(lambda _on: self.search())
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.include_uncollected)
        top.addWidget(self.include_activated)

        self.candidates = CandidateTableModel(self)
        self.candidates.today = self.gateway.today()
        self.candidates.ticks_changed.connect(self._show_ticked)
        self.view = CandidateView(self)
        self.view.setObjectName("candidateList")
        self.view.setModel(self.candidates)
        self.view.typed.connect(self._type_in_search)
        self.view.size_columns(
            {
                CandidateColumn.TICK: 30,
                CandidateColumn.NAME: 180,
                CandidateColumn.PERSONAL_ID: 120,
                CandidateColumn.BIRTH_YEAR: 72,
                CandidateColumn.GROUP: 56,
                CandidateColumn.COLLECTED: 90,
                CandidateColumn.TEAM: 130,
                CandidateColumn.WAITING: 64,
                CandidateColumn.ACTIVATED: 84,
            },
            stretch=CandidateColumn.HOUSEHOLD,
            minimum=28,
        )
        self.view.setColumnHidden(CandidateColumn.ACTIVATED, True)
        self.view.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._update_cancel_button()
        )
        self.count_label = QLabel(self)
        self.flags_row, self.flags_label, self.flags_button = flags_strip(
            self,
            self.tr("Xem cảnh &báo…"),
            self.tr("Các số liệu cần xem lại; bỏ cảnh báo đã kiểm tra (ghi lý do)"),
            self.open_flags,
        )

        self.ticked_list = QListWidget(self)
        self.ticked_list.setObjectName("tickedList")
        self.ticked_list.setAccessibleName(self.tr("Người đã chọn"))
        self.ticked_list.setToolTip(self.tr("Del: bỏ người đang chọn khỏi danh sách"))
        self.ticked_label = QLabel(self.tr("Đã chọn: 0 người"), self)
        self.ticked_label.setBuddy(self.ticked_list)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.ticked_label)
        right_layout.addWidget(self.ticked_list, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.flags_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 260])
        splitter.setChildrenCollapsible(False)

        self.day = date_field(self, self.gateway.today())
        day_label = QLabel(self.tr("Ngày &kích hoạt:"), self)
        day_label.setBuddy(self.day)
        self.mark_button = QPushButton(self.tr("Đánh &dấu đã kích hoạt (Ctrl+Enter)"), self)
        self.mark_button.setAutoDefault(False)
        self.mark_button.clicked.connect(self.mark)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button = QPushButton(self.tr("&Hủy kích hoạt…"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(
            self.tr(
                "Hủy kích hoạt đã đánh dấu nhầm của người đang chọn "
                "(bật “Hiện cả người đã kích hoạt” để tìm họ)"
            )
        )
        self.cancel_button.clicked.connect(self.cancel_activation)
        keys = QLabel(
            self.tr(
                "Enter hoặc ↓: xuống danh sách · Space: chọn/bỏ · gõ chữ: tìm tiếp · "
                "Ctrl+A: chọn cả danh sách · Ctrl+Shift+A: bỏ chọn · Ctrl+Enter: đánh dấu · "
                "Alt+H: hủy kích hoạt người đã kích hoạt đang chọn"
            ),
            self,
        )
        keys.setStyleSheet("color: palette(placeholder-text);")
        keys.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addSpacing(24)
        bottom.addWidget(day_label)
        bottom.addWidget(self.day)
        bottom.addStretch(1)
        bottom.addWidget(self.mark_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(keys)
        layout.addLayout(bottom)
        for keys_text in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys_text), self, self.mark)
        # In the list Ctrl+A ticks; in the search it still selects the text typed.
        for keys_text, ticked in (("Ctrl+A", True), ("Ctrl+Shift+A", False)):
            shortcut = QShortcut(
                QKeySequence(keys_text),
                self.view,
                lambda ticked=ticked: self.candidates.tick_all(ticked),
            )
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.ticked_list, self._untick_current)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        chain = [
            self.search_box,
            self.include_uncollected,
            self.include_activated,
            self.view,
            self.ticked_list,
            self.cancel_button,
            self.day,
            self.mark_button,
            self.close_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        InstantMnemonics(self.findChildren(QAbstractButton), self)  # Alt keys act at once
        self.resize(1240, 640)

    # Searching and ticking -----------------------------------------------------------------

    def search(self, current_resident: int | None = None) -> None:
        """List the candidates for the text typed (everyone waiting when it is empty),
        after those already activated when asked; `current_resident` is put current
        when listed, else the first row."""
        text = self.search_box.search_text()
        rows = self.gateway.approval_candidates(text, self.include_uncollected.isChecked())
        with_activated = self.include_activated.isChecked()
        activated = self.gateway.activated_candidates(text) if with_activated else []
        self.view.setColumnHidden(CandidateColumn.ACTIVATED, not with_activated)
        self.candidates.replace_rows([*activated, *rows])
        if self.candidates.rowCount():
            row = self.candidates.row_of(current_resident) if current_resident else None
            self.view.setCurrentIndex(self.candidates.index(row or 0, CandidateColumn.NAME))
            self.view.set_empty_hint("")
        else:
            self.view.set_empty_hint(self._empty_hint(text, with_activated))
        counted = self.tr("{n} người đang chờ kích hoạt").format(n=vietnamese_number(len(rows)))
        if with_activated:
            counted += self.tr(", {n} người đã kích hoạt").format(
                n=vietnamese_number(len(activated))
            )
        self.count_label.setText(counted + (self.tr(" khớp tìm kiếm") if text else ""))
        self._mark_flags()
        self._update_cancel_button()

    # Data that looks wrong ----------------------------------------------------------------

    def _read_flags(self) -> None:
        self._flags = flags_by_shift(self.gateway.data_flags())

    def _mark_flags(self) -> None:
        """Mark the candidates whose application was collected on a flagged shift."""
        listed = [c.resident_id for c in self.candidates.rows]
        found = self.gateway.collection_shifts(listed) if self._flags and listed else {}
        self.candidates.flagged = {
            resident: self._flags[shift]
            for resident, shift in found.items()
            if shift in self._flags
        }
        if self.candidates.rowCount():
            self.candidates.dataChanged.emit(
                self.candidates.index(0, CandidateColumn.TEAM),
                self.candidates.index(self.candidates.rowCount() - 1, CandidateColumn.TEAM),
            )
        count = sum(len(flags) for flags in self._flags.values())
        self.flags_row.setVisible(bool(count))
        self.flags_label.setText(
            self.tr(
                "{mark} Chiến dịch có {n} số liệu cần xem lại; {people} người trong danh sách "
                "có hồ sơ thu trong những ca đó (dấu {mark} ở cột Tổ công tác)."
            ).format(
                mark=FLAG_MARK,
                n=vietnamese_number(count),
                people=vietnamese_number(len(self.candidates.flagged)),
            )
        )

    def open_flags(self) -> None:
        """List the flags; once one is cleared, the marks are read again."""
        dialog = FlagsDialog(self.gateway, self)
        cleared: list[bool] = []
        dialog.changed.connect(lambda: cleared.append(True))
        self.exec_dialog(dialog)
        dialog.deleteLater()
        if cleared:
            self._read_flags()
            index = self.view.currentIndex()
            current = self.candidates.candidate(index.row()) if index.isValid() else None
            self.search(current_resident=current.resident_id if current else None)

    def _empty_hint(self, text: str, with_activated: bool) -> str:
        if text and with_activated:
            return self.tr("Không có ai đang chờ hay đã kích hoạt khớp “{text}”.").format(text=text)
        if text:
            return self.tr("Không có ai đang chờ kích hoạt khớp “{text}”.").format(text=text)
        if with_activated:
            return self.tr("Chưa có ai đang chờ hay đã được đánh dấu kích hoạt.")
        return self.tr("Không có hồ sơ mức 2 nào đang chờ kích hoạt.")

    def _focus_list(self) -> None:
        if self.candidates.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _type_in_search(self, text: str) -> None:
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_box.setText(text)

    def _show_ticked(self) -> None:
        self.ticked_list.clear()
        for candidate in self.candidates.ticked.values():
            item = QListWidgetItem(f"{candidate.full_name} · {candidate.personal_id_masked[-4:]}")
            item.setToolTip(
                f"{candidate.full_name} · {candidate.personal_id_masked} · {candidate.address} · "
                f"{candidate.team_name}"
            )
            item.setData(ID_ROLE, candidate.resident_id)
            self.ticked_list.addItem(item)
        self.ticked_label.setText(
            self.tr("Đã chọn: {n} người").format(n=len(self.candidates.ticked))
        )

    def _untick_current(self) -> None:
        item = self.ticked_list.currentItem()
        if item is not None:
            row = self.ticked_list.currentRow()
            self.candidates.untick(item.data(ID_ROLE))
            self.ticked_list.setCurrentRow(min(row, self.ticked_list.count() - 1))

    # Marking -------------------------------------------------------------------------------

    def mark(self) -> bool:
        """Mark the ticked residents activated; True when saved."""
        ids = list(self.candidates.ticked)
        on = from_qdate(self.day.date())
        title = self.tr("Duyệt định danh mức 2")
        try:
            warnings = self.gateway.check_activation(ids, on)
        except UserError as error:
            show_refusal(self, error, title)
            return False
        if warnings and not confirm(
            self,
            title,
            "\n".join(f"• {w}" for w in warnings) + "\n\n" + self.tr("Vẫn đánh dấu đã kích hoạt?"),
        ):
            return False
        try:
            result = self.gateway.mark_activated(ids, on)
        except UserError as error:
            show_refusal(self, error, title)
            return False
        by_team = ", ".join(
            f"{team}: {vietnamese_number(n)}" for team, n in sorted(result.by_team.items())
        )
        QMessageBox.information(
            self,
            title,
            self.tr("Đã đánh dấu {n} người kích hoạt mức 2 ngày {day}.\nGhi công: {teams}.").format(
                n=vietnamese_number(result.activated), day=f"{on:%d/%m/%Y}", teams=by_team
            ),
        )
        self.candidates.clear_ticks()
        self.saved.emit()
        self.search_box.clear()
        self.search()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # Undoing an activation ------------------------------------------------------------------

    def current_activated(self) -> ActivatedCandidate | None:
        """The resident under the cursor when they are already activated."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        candidate = self.candidates.candidate(index.row())
        return candidate if isinstance(candidate, ActivatedCandidate) else None

    def _update_cancel_button(self) -> None:
        self.cancel_button.setEnabled(self.current_activated() is not None)

    def cancel_activation(self) -> bool:
        """Undo the activation of the resident under the cursor, after asking; True when
        undone. Once tried, the list is read again (it shows what is stored, also after
        a refusal), the resident kept under the cursor when still listed."""
        candidate = self.current_activated()
        if candidate is None or not ask_to_cancel(self, candidate):
            return False
        resident_id = candidate.resident_id
        undone = carried_out(
            self, lambda: self.gateway.cancel_activation(resident_id), cancel_title()
        )
        if undone:
            tell_cancelled(self, candidate)
            self.saved.emit()
        self.search(current_resident=resident_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return undone

    def reject(self) -> None:
        """Esc: ask before dropping residents ticked but not marked yet."""
        if self.candidates.ticked and not confirm(
            self,
            self.tr("Bỏ danh sách đã chọn?"),
            self.tr("Đã chọn {n} người nhưng chưa đánh dấu kích hoạt. Đóng và bỏ chọn?").format(
                n=len(self.candidates.ticked)
            ),
        ):
            return
        super().reject()
