"""Typing in a night's walk sheets, household after household, from the keyboard.

The dialog opens with the cursor in the grid, on the first household not yet entered
of the first shift not yet finished; the night and the team's shift can be changed on
top (Enter then goes back to the grid); the households come in walk order on the left
(✓ once entered). For the household open on the right: the outcome (Alt+G Gặp, Alt+V
Vắng nhà, Alt+T Từ chối, Alt+C Đã chuyển đi, Alt+H Hẹn quay lại), the time of the visit
and notes, and the grid of residents × services (keys in visit_grid_view: `*` ticks
everything owed at the door, `+` one resident's, T a refusal). Ctrl+Enter saves and
opens the next household, and after a team's last household the next team's shift;
Ctrl+S saves and stays; Ctrl+PgDown / Ctrl+PgUp move without saving (asking first when
something is unsaved); Esc closes, asking before unsaved changes are dropped.

Every key takes effect at once and in the order typed, wherever the focus is: the
outcome keys set the outcome there and then and leave the cursor where the typing goes
(a button's Alt key does not wait for its 100 ms "animated click"), and no list opens
later than the keys meant for it. "Vắng nhà" holds for the whole household: everyone is
marked away, and ticking is refused (with a sentence) until the outcome changes.

A door the team knocked on off the route is added with Ctrl+N (Thêm hộ ngoài lộ trình):
found by address, name or code, it joins the end of the walk and opens for entry. A
result typed in for the wrong household is removed with Ctrl+Shift+Del (Xóa kết quả
đã nhập), after a question whose default is No; its services and statuses go back.

The services decide: warnings are confirmed with No as the default, a refusal is shown
and nothing is saved. A household already entered opens its saved visit, and saving
edits it (the visit's version travels with it), so a walk sheet never counts twice.

What is on screen and where is built in desktop.ui.campaign.visit_entry_widgets; this module
is the behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QMessageBox,
    QWidget,
)

from desktop.domain.campaign import (
    ABSENT,
    COME_BACK,
    MET,
    MOVED_AWAY,
    NOT_HOME,
    OUTCOME_LABELS,
    REFUSED,
)
from desktop.domain.errors import UserError
from desktop.services.campaigns import CampaignInfo
from desktop.services.shifts import ShiftRow
from desktop.services.visits import VisitInput, VisitSheet
from desktop.ui.campaign.fields import (
    from_qdate,
    from_qdatetime,
    parse_clock,
    to_qdate,
    to_qdatetime,
)
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.household_picker import HouseholdPickerDialog
from desktop.ui.campaign.visit_entry_model import StopColumn
from desktop.ui.campaign.visit_entry_widgets import VISIT_ENTRY_COME_BACK, VisitEntryWidgets
from desktop.ui.campaign.visit_grid_view import is_tick_key
from desktop.ui.widgets.instant_mnemonics import InstantMnemonics
from desktop.ui.widgets.messages import confirm, show_refusal


@dataclass(frozen=True)
class _FormState:
    """The household form's fields, to tell whether anything was changed."""

    outcome: str | None
    visited_at: str
    come_back_at: datetime | None
    notes: str


class VisitEntryDialog(VisitEntryWidgets, QDialog):
    """Enter the results of a night's walk sheets; `saved` after every visit saved or
    deleted (the residents' statuses changed)."""

    saved = Signal()

    def __init__(
        self,
        gateway: CampaignGateway,
        parent: QWidget | None = None,
        night: date | None = None,
        shift_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "nhap-ket-qua.html")  # F1 opens this page
        self.gateway = gateway
        self.setWindowTitle(self.tr("Nhập kết quả đêm"))
        self.setModal(True)
        self.campaign: CampaignInfo | None = gateway.current_campaign()
        self.sheet: VisitSheet | None = None
        self._shifts: list[ShiftRow] = []
        self._initial_form: _FormState | None = None
        self._outcome_before: str | None = None  # the outcome before the latest click
        self._outcome_by_ticks = False  # "Gặp" chosen by ticking, not by the officer
        self._quiet = False  # True while the dialog itself moves the selection
        self._shown = False
        # Tests replace this to answer the household picker without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._build()
        self._connect()
        self._start(night, shift_id)

    def _connect(self) -> None:
        self.night.dateChanged.connect(lambda _d: self._night_changed())
        self.shift_combo.currentIndexChanged.connect(lambda _i: self._shift_changed())
        self.stop_view.selectionModel().currentRowChanged.connect(self._stop_chosen)
        self.stop_view.activated.connect(lambda _index: self._focus_grid())
        self.outcomes.buttonClicked.connect(self._outcome_clicked)
        self.grid.edited.connect(self._grid_edited)
        self.grid.blocked.connect(self.show_error)
        self.save_button.clicked.connect(lambda: self.save(move_next=False))
        self.save_next_button.clicked.connect(lambda: self.save(move_next=True))
        self.close_button.clicked.connect(self.reject)
        self.add_stop_button.clicked.connect(self.add_off_route_household)
        self.delete_button.clicked.connect(self.delete_entered_visit)
        for keys, slot in (
            ("Ctrl+Return", lambda: self.save(move_next=True)),
            ("Ctrl+Enter", lambda: self.save(move_next=True)),
            ("Ctrl+S", lambda: self.save(move_next=False)),
            ("Ctrl+PgDown", lambda: self.step(1)),
            ("Ctrl+PgUp", lambda: self.step(-1)),
            ("Ctrl+N", self.add_off_route_household),
            ("Ctrl+Shift+Del", self.delete_entered_visit),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        chain: list[QWidget] = [
            self.night,
            self.shift_combo,
            self.stop_view,
            self.add_stop_button,
            *self.outcome_buttons.values(),
            self.come_back,
            self.visited_at,
            self.notes,
            self.grid_view,
            self.save_next_button,
            self.save_button,
            self.delete_button,
            self.close_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        mnemonics = InstantMnemonics(self.findChildren(QAbstractButton), self)
        mnemonics.clicked.connect(self._mnemonic_clicked)
        for widget in (self.night, self.shift_combo, self.stop_view):
            widget.installEventFilter(self)  # `*` and `+` reach the grid from there too
        for button in self.outcome_buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the cursor be

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """`*` and `+` typed outside the grid go to the grid."""
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget):
            assert isinstance(event, QKeyEvent)
            if is_tick_key(event) and self.sheet is not None:
                self._focus_grid()
                self.grid_view.tick_key(event.key())
                return True
        return super().eventFilter(watched, event)

    def _mnemonic_clicked(self, button: QAbstractButton) -> None:
        if button in self.outcome_buttons.values():
            self._typing_goes_on()

    def _typing_goes_on(self) -> None:
        """After an outcome key: the cursor where the next keys are meant to go (the
        come-back time, the field being typed in, else the grid)."""
        if self.outcome() == COME_BACK:
            return  # _outcome_clicked put it in the come-back time
        if self.focusWidget() not in (self.visited_at, self.notes, self.come_back):
            self._focus_grid()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self._focus_grid()

    # Choosing the night, the shift and the household -------------------------------------

    def _start(self, night: date | None, shift_id: int | None) -> None:
        if self.campaign is None:
            self._disable(
                self.tr(
                    "Chưa có chiến dịch nào; hãy tạo chiến dịch trước (Chiến dịch → Chiến dịch…)."
                )
            )
            return
        if night is None:
            night = self._default_night()
        with QSignalBlocker(self.night):
            self.night.setDate(to_qdate(night))
        self._load_shifts(shift_id)
        self._focus_grid()

    def _default_night(self) -> date:
        """Tonight if it has shifts, else the latest night before it that has."""
        today = self.gateway.today()
        assert self.campaign is not None
        days = [day for day in self.gateway.shift_days(self.campaign.id) if day <= today]
        return today if not days or today in days else days[-1]

    def _disable(self, message: str) -> None:
        for widget in (
            self.night,
            self.shift_combo,
            self.save_button,
            self.save_next_button,
            self.add_stop_button,
            self.delete_button,
        ):
            widget.setEnabled(False)
        self.stop_view.set_empty_hint(message)
        self.household_title.setText(message)

    def _night_changed(self) -> None:
        if not self._resolve_unsaved():
            with QSignalBlocker(self.night):
                self.night.setDate(to_qdate(self.sheet.day if self.sheet else self.gateway.today()))
            return
        self._load_shifts(None)

    def _load_shifts(self, shift_id: int | None) -> None:
        assert self.campaign is not None
        day = from_qdate(self.night.date())
        self._shifts = self.gateway.list_shifts(day, self.campaign.id)
        with QSignalBlocker(self.shift_combo):
            self.shift_combo.clear()
            for row in self._shifts:
                self.shift_combo.addItem(self._shift_text(row), row.id)
            position = self.shift_combo.findData(shift_id) if shift_id is not None else -1
            if position < 0:  # the first shift with households still to enter
                position = next(
                    (i for i, row in enumerate(self._shifts) if row.entered < row.stops), 0
                )
            self.shift_combo.setCurrentIndex(position if self._shifts else -1)
        self.shift_combo.setEnabled(bool(self._shifts))
        if not self._shifts:
            self._show_shift(None)
            self.stop_view.set_empty_hint(
                self.tr("Đêm {day} chưa có ca trực nào. Lập ca ở Chiến dịch → Ca trực…").format(
                    day=f"{day:%d/%m/%Y}"
                )
            )
            return
        self._show_shift(self.shift_combo.currentData())

    def _shift_text(self, row: ShiftRow) -> str:
        return self.tr("{team} · {start}–{end} · {groups} · đã nhập {entered}/{stops} hộ").format(
            team=row.team_name,
            start=f"{row.starts_at:%H:%M}",
            end=f"{row.ends_at:%H:%M}",
            groups=", ".join(row.group_names) or self.tr("chưa có địa bàn"),
            entered=row.entered,
            stops=row.stops,
        )

    def _shift_changed(self) -> None:
        shift_id = self.shift_combo.currentData()
        if self.sheet is not None and shift_id == self.sheet.shift_id:
            return
        if not self._resolve_unsaved():
            with QSignalBlocker(self.shift_combo):
                self.shift_combo.setCurrentIndex(self.shift_combo.findData(self.sheet.shift_id))
            return
        self._show_shift(shift_id)

    def _show_shift(self, shift_id: int | None, household_id: int | None = None) -> None:
        """Show a shift's households and open one (default: the first not yet entered)."""
        stops = self.gateway.shift_detail(shift_id).stops if shift_id is not None else ()
        self.add_stop_button.setEnabled(shift_id is not None)
        self._quiet = True
        self.stops.replace_rows(stops)
        self._quiet = False
        self.stop_view.set_empty_hint(
            self.tr("Ca này chưa có hộ nào trong tuyến.")
            if shift_id is not None and not stops
            else ""
        )
        self._update_progress()
        if household_id is None:
            household_id = next(
                (s.household_id for s in stops if s.visit_id is None),
                stops[0].household_id if stops else None,
            )
        self._open(shift_id, household_id)

    def _update_progress(self) -> None:
        total = self.stops.rowCount()
        self.progress_label.setText(
            self.tr("Đã nhập {entered}/{total} hộ của ca này").format(
                entered=self.stops.entered, total=total
            )
            if total
            else ""
        )
        position = self.shift_combo.currentIndex()
        if 0 <= position < len(self._shifts):
            row = self._shifts[position]
            updated = ShiftRow(**{**vars(row), "entered": self.stops.entered, "stops": total})
            self._shifts[position] = updated
            self.shift_combo.setItemText(position, self._shift_text(updated))

    @Slot(QModelIndex, QModelIndex)
    def _stop_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        target = self.stops.stop(current.row()).household_id
        if self.sheet is not None and target == self.sheet.household_id:
            return
        self._select_stop(self.sheet.household_id if self.sheet else None)
        self.open_household(target)

    def _select_stop(self, household_id: int | None) -> None:
        row = self.stops.row_of(household_id) if household_id is not None else None
        self._quiet = True
        if row is None:
            self.stop_view.clearSelection()
        else:
            index = self.stops.index(row, StopColumn.ADDRESS)
            self.stop_view.setCurrentIndex(index)
            self.stop_view.scrollTo(index)
        self._quiet = False

    def open_household(self, household_id: int) -> bool:
        """Open a household of the shift, after dealing with unsaved changes."""
        if not self._resolve_unsaved():
            return False
        self._open(self.shift_combo.currentData(), household_id)
        return True

    def step(self, offset: int) -> None:
        """Open the household `offset` places further along the walk (Ctrl+PgDn/PgUp)."""
        if self.sheet is None:
            return
        row = self.stops.row_of(self.sheet.household_id)
        if row is None:
            return
        target = row + offset
        inside = 0 <= target < self.stops.rowCount()
        if inside and self.open_household(self.stops.stop(target).household_id):
            self._focus_grid()

    def _open(self, shift_id: int | None, household_id: int | None) -> None:
        self.clear_error()
        if shift_id is None or household_id is None:
            self._show_sheet(None)
            return
        try:
            sheet = self.gateway.open_visit(shift_id, household_id)
        except UserError as error:
            self._show_sheet(None)
            self.show_error(str(error))
            return
        self._show_sheet(sheet)
        self._select_stop(household_id)

    # Showing a household -----------------------------------------------------------------

    def _show_sheet(self, sheet: VisitSheet | None) -> None:
        self.sheet = sheet
        self.grid.set_sheet(sheet)
        self.grid_view.configure_columns()
        self.keys_hint.setVisible(sheet is not None)
        if sheet is not None:
            self.keys_hint.setText(self._keys_text.format(n=len(sheet.services)))
        editable = sheet is not None
        for widget in (
            *self.outcome_buttons.values(),
            self.visited_at,
            self.notes,
            self.grid_view,
            self.save_button,
            self.save_next_button,
        ):
            widget.setEnabled(editable)
        self.delete_button.setEnabled(sheet is not None and sheet.already_entered)
        if sheet is None:
            self.household_title.setText(self.tr("Chưa chọn hộ nào"))
            self.banner.hide()
            self._set_outcome(None)
            self.visited_at.clear()
            self.notes.clear()
            self.info_label.clear()
            self._initial_form = self._form_state()
            return
        self.household_title.setText(
            self.tr("{position}Hộ {code} · {address} · chủ hộ {head} · {group}").format(
                position=f"{sheet.position}. " if sheet.position else "",
                code=sheet.household_code,
                address=sheet.address,
                head=sheet.head_name or self.tr("chưa có"),
                group=sheet.group_name,
            )
        )
        if sheet.already_entered:
            entered_at = f"{sheet.entered_at:%H:%M %d/%m/%Y}" if sheet.entered_at else ""
            self.banner.setText(
                self.tr(
                    "Hộ này đã được nhập ({who}, {when}). Đang mở kết quả đã lưu để sửa; "
                    "lưu lại sẽ sửa lượt này, không tính thêm lượt mới."
                ).format(who=sheet.entered_by or "", when=entered_at)
            )
            self.banner.show()
        else:
            self.banner.hide()
        self._set_outcome(sheet.outcome)
        come_back = sheet.come_back_at or datetime.combine(
            sheet.day + timedelta(days=1), VISIT_ENTRY_COME_BACK
        )
        self.come_back.setDateTime(to_qdatetime(come_back))
        self.visited_at.setText(f"{sheet.visited_at:%H:%M}" if sheet.visited_at else "")
        self.notes.setText(sheet.notes or "")
        unlisted = len(sheet.residents) - self.grid.listed_count
        self.info_label.setText(
            self.tr("{count} nhân khẩu{unlisted} · {team} · đêm {day}").format(
                count=len(sheet.residents),
                unlisted=self.tr(" ({n} không có việc cần làm, ở cuối)").format(n=unlisted)
                if unlisted
                else "",
                team=sheet.team_name,
                day=f"{sheet.day:%d/%m/%Y}",
            )
        )
        self.grid_view.start()
        self._initial_form = self._form_state()

    def _set_outcome(self, outcome: str | None) -> None:
        self.outcomes.setExclusive(False)
        for code, button in self.outcome_buttons.items():
            button.setChecked(code == outcome)
        self.outcomes.setExclusive(True)
        self.come_back.setEnabled(outcome == COME_BACK)
        self._lock_grid(outcome)
        self._outcome_before = outcome
        self._outcome_by_ticks = False

    def _lock_grid(self, outcome: str | None) -> None:
        """Nobody can be served at a door not at home or moved away, nor at one that
        refused: ticking there is refused with a sentence, until the outcome changes."""
        label = OUTCOME_LABELS.get(outcome or "", "")
        nobody = self.tr(
            "Hộ đang ghi “{outcome}”: chọn Gặp (Alt+G) trước khi đánh dấu người đã gặp "
            "hay việc đã làm."
        ).format(outcome=label)
        if outcome in (NOT_HOME, MOVED_AWAY):
            self.grid.set_lock(nobody, nobody)
        elif outcome == REFUSED:
            refused = self.tr(
                "Hộ đang ghi “{outcome}”: không đánh dấu việc đã làm; chọn Gặp (Alt+G) "
                "nếu hộ đồng ý làm."
            ).format(outcome=label)
            self.grid.set_lock(refused, None)
        else:
            self.grid.set_lock(None, None)

    def outcome(self) -> str | None:
        button = self.outcomes.checkedButton()
        return button.property("outcome") if button is not None else None

    def _form_state(self) -> _FormState:
        outcome = self.outcome()
        return _FormState(
            outcome=outcome,
            visited_at=self.visited_at.text().strip(),
            come_back_at=from_qdatetime(self.come_back.dateTime())
            if outcome == COME_BACK
            else None,
            notes=" ".join(self.notes.text().split()),
        )

    @property
    def is_dirty(self) -> bool:
        """True when the open household has changes not saved yet."""
        if self.sheet is None:
            return False
        return self.grid.is_dirty or self._form_state() != self._initial_form

    def _focus_grid(self) -> None:
        if self.sheet is not None:
            self.grid_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.grid_view.currentIndex().isValid():
                self.grid_view.start()

    # Reacting to the officer -------------------------------------------------------------

    @Slot(QAbstractButton)
    def _outcome_clicked(self, button: QAbstractButton) -> None:
        """The outcome holds for the whole household: not at home marks everyone away
        (what was ticked goes), moved away unticks everyone, a refusal unticks the
        services; met again takes back the "Không có nhà" of everyone."""
        outcome = button.property("outcome")
        before = self._outcome_before
        self._outcome_before = outcome
        self._outcome_by_ticks = False
        self.come_back.setEnabled(outcome == COME_BACK)
        self._lock_grid(outcome)
        self.clear_error()
        if outcome == NOT_HOME:
            self.grid.mark_everyone_away(ABSENT)
        elif outcome == MOVED_AWAY:
            self.grid.mark_everyone_away(None)
        elif outcome == REFUSED:
            self.grid.clear_services()
        elif before == NOT_HOME:
            self.grid.take_back_away()
        if outcome == COME_BACK:
            self.come_back.setFocus(Qt.FocusReason.OtherFocusReason)

    def _grid_edited(self) -> None:
        """Ticking someone as met, or a service, means the household was met; unticking
        everything again takes back the "Gặp" that ticking chose."""
        self.clear_error()
        if self.outcome() is None and self.grid.anything_ticked:
            self._set_outcome(MET)
            self._outcome_by_ticks = True
        elif self._outcome_by_ticks and not self.grid.anything_ticked:
            self._set_outcome(None)

    # Saving ------------------------------------------------------------------------------

    def visit_input(self) -> VisitInput:
        """The household's visit as the form holds it; UserError for a missing outcome
        or a time that cannot be read."""
        assert self.sheet is not None
        outcome = self.outcome()
        if outcome is None:
            raise UserError(
                self.tr("Hãy chọn kết quả của hộ: Gặp (Alt+G), Vắng nhà (Alt+V), Từ chối (Alt+T)…")
            )
        return VisitInput(
            shift_id=self.sheet.shift_id,
            household_id=self.sheet.household_id,
            outcome=outcome,
            residents=self.grid.resident_inputs(),
            visited_at=parse_clock(self.visited_at.text()),
            come_back_at=(
                from_qdatetime(self.come_back.dateTime()) if outcome == COME_BACK else None
            ),
            notes=self.notes.text(),
        )

    def save(self, move_next: bool) -> bool:
        """Check, confirm the warnings, save; then open the next household or this one
        again. A refusal is shown and nothing is saved. True when saved."""
        if self.sheet is None:
            return False
        self.clear_error()
        sheet = self.sheet
        try:
            data = self.visit_input()
        except UserError as error:
            self.show_error(str(error))
            return False
        try:
            warnings = self.gateway.check_visit(data, sheet.version)
        except UserError as error:
            self._refused(error)
            return False
        if warnings and not confirm(
            self,
            self.tr("Kiểm tra trước khi lưu"),
            "\n".join(f"• {w}" for w in warnings) + "\n\n" + self.tr("Vẫn lưu kết quả của hộ này?"),
        ):
            self._focus_grid()
            return False
        try:
            self.gateway.save_visit(data, sheet.version)
        except UserError as error:
            self._refused(error)
            return False
        self.saved.emit()
        self._after_save(sheet, move_next)
        return True

    def _after_save(self, sheet: VisitSheet, move_next: bool) -> None:
        stops = self.gateway.shift_detail(sheet.shift_id).stops
        self._quiet = True
        self.stops.replace_rows(stops)
        self._quiet = False
        self._update_progress()
        target = sheet.household_id
        message = self.tr("Đã lưu hộ {code}.").format(code=sheet.household_code)
        if move_next:
            ids = [stop.household_id for stop in stops]
            position = ids.index(sheet.household_id) if sheet.household_id in ids else -1
            # On to the next household still to enter: one entered already (a door
            # added off the route, at the end) is not typed twice.
            later = [stop for stop in stops[position + 1 :] if stop.visit_id is None]
            waiting = [stop for stop in stops if stop.visit_id is None]
            if later:
                target = later[0].household_id
            elif waiting:
                target = waiting[0].household_id
                message += " " + self.tr("Đã đến hộ cuối tuyến; mở hộ chưa nhập đầu tiên.")
            else:
                message += " " + self.tr("Đã nhập đủ {n}/{n} hộ của {team}.").format(
                    n=len(stops), team=sheet.team_name
                )
                following = self._next_unfinished_shift()
                if following is not None:
                    self._go_to_shift(following, message)
                    return
                message += " " + self.tr("Mọi ca của đêm {day} đã nhập xong.").format(
                    day=f"{sheet.day:%d/%m/%Y}"
                )
        self._open(sheet.shift_id, target)
        self.info_label.setText(message)
        self._focus_grid()

    def _next_unfinished_shift(self) -> int | None:
        """The position in the shift box of the next shift with households still to
        enter, after the one shown (then from the top); None when all are entered."""
        current = self.shift_combo.currentIndex()
        count = len(self._shifts)
        for step in range(1, count):
            position = (current + step) % count
            row = self._shifts[position]
            if row.entered < row.stops:
                return position
        return None

    def _go_to_shift(self, position: int, message: str) -> None:
        """After a team's last household: on to the next team's shift, saying so."""
        row = self._shifts[position]
        with QSignalBlocker(self.shift_combo):
            self.shift_combo.setCurrentIndex(position)
        self._show_shift(row.id)
        moved_on = self.tr(
            "Chuyển sang ca của {team} ({start}–{end}, đã nhập {entered}/{stops} hộ)."
        ).format(
            team=row.team_name,
            start=f"{row.starts_at:%H:%M}",
            end=f"{row.ends_at:%H:%M}",
            entered=self.stops.entered,
            stops=self.stops.rowCount(),
        )
        self.info_label.setText(f"{message} {moved_on}")
        self._focus_grid()

    def _refused(self, error: UserError) -> None:
        self.show_error(str(error))
        show_refusal(self, error, self.tr("Không lưu được kết quả"))
        self._focus_grid()

    # Off the route, and typed in by mistake ------------------------------------------------

    def add_off_route_household(self) -> None:
        """Thêm hộ ngoài lộ trình (Ctrl+N): find a household of the ward, put it at the end
        of the walk and open it for entry. One already on the route is simply opened."""
        shift_id = self.shift_combo.currentData()
        if shift_id is None or not self.add_stop_button.isEnabled():
            return
        on_route = {stop.household_id for stop in self.stops.stops()}
        picker = HouseholdPickerDialog(self.gateway, on_route, self)
        chosen = picker.chosen if self.exec_dialog(picker) else None
        picker.deleteLater()
        if chosen is None:
            self._focus_grid()
            return
        if chosen.id in on_route:
            already_open = self.sheet is not None and self.sheet.household_id == chosen.id
            if already_open or self.open_household(chosen.id):
                self._focus_grid()
            return
        if not self._resolve_unsaved():
            return
        self.clear_error()
        try:
            position = self.gateway.append_stop(shift_id, chosen.id)
        except UserError as error:
            self.show_error(str(error))
            show_refusal(self, error, self.tr("Không thêm được hộ"))
            return
        self._show_shift(shift_id, chosen.id)
        self.info_label.setText(
            self.tr("Đã thêm hộ {code} vào cuối lộ trình (số {position}).").format(
                code=chosen.code, position=position
            )
        )
        self._focus_grid()

    def delete_entered_visit(self) -> None:
        """Xóa kết quả đã nhập (Ctrl+Shift+Del): remove the saved visit of the open
        household, typed in for the wrong one, after asking (No is the default). A refusal
        is shown and nothing changes."""
        sheet = self.sheet
        if sheet is None or sheet.visit_id is None:
            return
        self.clear_error()
        if not confirm(self, self.tr("Xóa kết quả đã nhập"), self._delete_question(sheet)):
            self._focus_grid()
            return
        try:
            self.gateway.delete_visit(sheet.visit_id, sheet.version)
        except UserError as error:
            self.show_error(str(error))
            show_refusal(self, error, self.tr("Không xóa được kết quả"))
            self._focus_grid()
            return
        self.saved.emit()
        self._show_shift(sheet.shift_id, sheet.household_id)
        self.info_label.setText(
            self.tr("Đã xóa kết quả của hộ {code}; hộ trở lại chưa nhập.").format(
                code=sheet.household_code
            )
        )
        self._focus_grid()

    def _delete_question(self, sheet: VisitSheet) -> str:
        lines = [
            self.tr("Xóa kết quả đã nhập của hộ {code} ở {address} (chủ hộ {head})?").format(
                code=sheet.household_code,
                address=sheet.address,
                head=sheet.head_name or self.tr("chưa có"),
            )
        ]
        services = sum(len(resident.services_here) for resident in sheet.residents)
        if services:
            lines.append(
                self.tr(
                    "{n} việc đã ghi trong lượt này sẽ bị bỏ và trạng thái của nhân khẩu "
                    "trở lại như trước khi nhập."
                ).format(n=services)
            )
        if self.is_dirty:
            lines.append(self.tr("Các thay đổi chưa lưu của hộ này cũng bị bỏ."))
        lines.append(self.tr("Hộ sẽ trở lại chưa nhập trong ca này; không hoàn tác được."))
        return "\n\n".join(lines)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    # Unsaved changes ---------------------------------------------------------------------

    def _resolve_unsaved(self) -> bool:
        """Before leaving the household: save, drop or stay. True to go on."""
        if not self.is_dirty:
            return True
        assert self.sheet is not None
        answer = QMessageBox.question(
            self,
            self.tr("Thay đổi chưa lưu"),
            self.tr("Hộ {code} có thay đổi chưa lưu. Lưu trước khi chuyển sang hộ khác?").format(
                code=self.sheet.household_code
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self._save_in_place()
        return answer == QMessageBox.StandardButton.Discard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on the night or the shift goes on to the household's grid."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if enter and plain and self.focusWidget() in (self.night, self.shift_combo):
            self._focus_grid()
            return
        super().keyPressEvent(event)

    def discard_changes(self) -> None:
        """Drop what was typed for the open household and show it as saved."""
        if self.sheet is not None:
            self._open(self.sheet.shift_id, self.sheet.household_id)

    def _save_in_place(self) -> bool:
        """Save the open household without moving on (before going elsewhere)."""
        saved = self.save(move_next=False)
        return saved

    def reject(self) -> None:
        """Esc and Đóng: ask before dropping unsaved changes (No is the default)."""
        if self.is_dirty and not confirm(
            self,
            self.tr("Bỏ thay đổi chưa lưu?"),
            self.tr("Hộ {code} có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?").format(
                code=self.sheet.household_code if self.sheet else ""
            ),
        ):
            return
        super().reject()
