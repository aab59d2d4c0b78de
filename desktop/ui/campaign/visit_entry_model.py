"""The two lists of the visit-entry dialog: the walk sheet's households and, for the
household being entered, the grid of its residents × the campaign's doorstep services.

Both hold plain rows from the services (StopRow, VisitSheet). The grid keeps what the
officer ticks in small mutable entries and hands them back as ResidentVisitInput; it
knows which cells can be ticked: a service recorded earlier (by another visit, an
approval or an import) is shown greyed with its date, and its record in the tooltip.

The residents on the walk sheet (those who still owe a service, or whom this visit
recorded) come first, in the household's order; the others (under 14, nothing owed)
come after them, greyed, so they cost no keys. `tick_all_owed` (the `*` key) ticks what
every resident on the sheet still owes, `tick_row_owed` (`+`) what one resident owes;
either again on the same rows clears what it ticked. A reason that means nothing was
done (away, refused, under age, done before) clears the resident's ticks. The dialog
locks ticking while the household's outcome says nobody could be served (`set_lock`):
a tick then emits `blocked` with the sentence to show instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.campaign import (
    ABSENT,
    ALREADY_DONE,
    APP_114,
    CHIP_CARD_COLLECTED,
    DOCUMENTS,
    LEVEL2_COLLECTED,
    NEEDS_CHIP_CARD,
    NO_SMARTPHONE,
    OUTCOME_LABELS,
    REASON_LABELS,
    RESIDENT_REFUSED,
    SERVICE_LABELS,
    UNDER_AGE,
    VNEID_INSTALLED,
)
from desktop.services.shifts import StopRow
from desktop.services.visits import DoneService, ResidentVisitInput, SheetResident, VisitSheet
from desktop.ui.widgets.row_table_model import (
    ALIGNMENT,
    BACKGROUND,
    CHECK,
    DISPLAY,
    EDIT,
    FONT,
    FOREGROUND,
    ID_ROLE,
    RIGHT,
    TOOLTIP,
    Index,
    RowTableModel,
)

# Whether a grid cell is ticked by the keyboard or the mouse (bool).
TICKABLE_ROLE = Qt.ItemDataRole.UserRole + 2

DONE_BACKGROUND = QColor("#e8eaed")
DONE_FOREGROUND = QColor("#5f6368")
NOT_OWED_BACKGROUND = QColor("#f3f3f3")
TICKED_BACKGROUND = QColor("#d7f0dc")
ENTERED_FOREGROUND = QColor("#1e7a34")
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


# --- The walk sheet ----------------------------------------------------------------------


class StopColumn(IntEnum):
    POSITION = 0
    DONE = 1
    ADDRESS = 2
    HEAD = 3
    OUTCOME = 4


class StopListModel(RowTableModel[StopRow]):
    """The shift's households in walk order, ✓ for those already entered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self.headers = (
            self.tr("#"),
            self.tr("✓"),
            self.tr("Địa chỉ"),
            self.tr("Chủ hộ"),
            self.tr("Kết quả"),
        )

    def stop(self, row: int) -> StopRow:
        return self.rows[row]

    def stops(self) -> list[StopRow]:
        return list(self.rows)

    def row_of(self, household_id: int) -> int | None:
        return next(
            (i for i, stop in enumerate(self.rows) if stop.household_id == household_id), None
        )

    @property
    def entered(self) -> int:
        return sum(1 for stop in self.rows if stop.visit_id is not None)

    def row_id(self, stop: StopRow) -> int:
        return stop.household_id

    def cell(self, stop: StopRow, column: int, role: int) -> object:
        if role == DISPLAY:
            return self._text(stop, column)
        if role == ALIGNMENT and column in (StopColumn.POSITION, StopColumn.DONE):
            return _CENTER
        if role == FOREGROUND and stop.visit_id is not None and column == StopColumn.DONE:
            return QBrush(ENTERED_FOREGROUND)
        if role == FONT and column == StopColumn.DONE:
            return self._bold
        if role == TOOLTIP:
            return self.tr("{code} · {address} · chủ hộ {head} · {group} · {count} người").format(
                code=stop.household_code,
                address=stop.address,
                head=stop.head_name or self.tr("chưa có"),
                group=stop.group_name,
                count=stop.residents,
            )
        return None

    def _text(self, stop: StopRow, column: int) -> str:
        if column == StopColumn.POSITION:
            return str(stop.position)
        if column == StopColumn.DONE:
            return "✓" if stop.visit_id is not None else ""
        if column == StopColumn.ADDRESS:
            return stop.address
        if column == StopColumn.HEAD:
            return stop.head_name or ""
        return OUTCOME_LABELS.get(stop.outcome, stop.outcome) if stop.outcome else ""


# --- The household's residents × services ------------------------------------------------


# Reasons that mean nothing was done for the resident at this visit: giving one clears
# their ticks (a refusal is still a person met; someone away is not).
NOTHING_DONE_REASONS = (ABSENT, RESIDENT_REFUSED, UNDER_AGE, ALREADY_DONE)


@dataclass
class ResidentEntry:
    """What the officer has entered for one resident so far."""

    resident: SheetResident
    met: bool
    services: set[str] = field(default_factory=set)
    reason: str | None = None
    listed: bool = True  # on the walk sheet: owes something, or this visit recorded them
    auto: set[str] = field(default_factory=set)  # ticked by `*` or `+`, to clear again
    auto_met: bool = False  # Gặp ticked by `*` or `+`

    def snapshot(self) -> tuple[bool, frozenset[str], str | None]:
        return self.met, frozenset(self.services), self.reason

    @property
    def touched(self) -> bool:
        """True when anything is known about this resident at this visit."""
        return self.met or bool(self.services) or self.reason is not None


# The letter that gives a resident each reason in the grid (T for "Từ chối"…).
REASON_LETTERS = {
    RESIDENT_REFUSED: "T",
    ABSENT: "V",
    NO_SMARTPHONE: "D",
    NEEDS_CHIP_CARD: "C",
    UNDER_AGE: "N",
    ALREADY_DONE: "L",
}

NAME, RELATION, AGE, MET = 0, 1, 2, 3
FIRST_SERVICE = 4


class VisitGridModel(QAbstractTableModel):
    """Residents (rows) × Họ tên, Quan hệ, Tuổi, Gặp, each service, Lý do (columns).

    `edited` is emitted after every change the officer makes.
    """

    edited = Signal()

    blocked = Signal(str)  # a tick the household's outcome does not allow: why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services: tuple[str, ...] = ()
        self._entries: list[ResidentEntry] = []
        self._lock_services: str | None = None  # why services cannot be ticked now
        self._lock_met: str | None = None  # why Gặp cannot be ticked now
        self._italic = QFont()
        self._italic.setItalic(True)
        self._initial: list[tuple[bool, frozenset[str], str | None]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        # Short headers, so five services fit at 1366 pixels; the tooltip says the rest.
        self._short = {
            VNEID_INSTALLED: self.tr("VNeID"),
            LEVEL2_COLLECTED: self.tr("HS mức 2"),
            APP_114: self.tr("114"),
            DOCUMENTS: self.tr("Giấy tờ"),
            CHIP_CARD_COLLECTED: self.tr("HS CCCD"),
        }

    # Loading and reading back ------------------------------------------------------------

    def set_sheet(self, sheet: VisitSheet | None) -> None:
        """Show a household: the residents on the walk sheet first, the others after."""
        self.beginResetModel()
        self._services = sheet.services if sheet else ()
        entries = [
            ResidentEntry(
                resident=resident,
                met=bool(resident.met),
                services=set(resident.services_here),
                reason=resident.reason_not,
                listed=bool(resident.owed or resident.services_here or resident.met is not None),
            )
            for resident in (sheet.residents if sheet else ())
        ]
        self._entries = [e for e in entries if e.listed] + [e for e in entries if not e.listed]
        self._initial = [entry.snapshot() for entry in self._entries]
        self._lock_services = self._lock_met = None
        self.endResetModel()

    def set_lock(self, services: str | None, met: str | None) -> None:
        """Refuse ticking services (and Gặp) with these sentences; None allows them."""
        self._lock_services, self._lock_met = services, met

    @property
    def services(self) -> tuple[str, ...]:
        return self._services

    @property
    def reason_column(self) -> int:
        return FIRST_SERVICE + len(self._services)

    def service_at(self, column: int) -> str | None:
        position = column - FIRST_SERVICE
        return self._services[position] if 0 <= position < len(self._services) else None

    def entry(self, row: int) -> ResidentEntry:
        return self._entries[row]

    @property
    def is_dirty(self) -> bool:
        return [entry.snapshot() for entry in self._entries] != self._initial

    @property
    def anything_ticked(self) -> bool:
        return any(entry.met or entry.services for entry in self._entries)

    @property
    def listed_count(self) -> int:
        """Residents on the walk sheet (the first rows)."""
        return sum(1 for entry in self._entries if entry.listed)

    def next_listed_row(self, row: int) -> int | None:
        """The next row on the walk sheet after `row`, if any."""
        following = row + 1
        if following < len(self._entries) and self._entries[following].listed:
            return following
        return None

    def resident_inputs(self) -> tuple[ResidentVisitInput, ...]:
        """One line per resident something is known about, services in campaign order."""
        return tuple(
            ResidentVisitInput(
                resident_id=entry.resident.id,
                met=entry.met,
                services=tuple(s for s in self._services if s in entry.services),
                reason_not=entry.reason,
            )
            for entry in self._entries
            if entry.touched
        )

    # Changing ------------------------------------------------------------------------------

    def is_tickable(self, row: int, column: int) -> bool:
        if not 0 <= row < len(self._entries):
            return False
        if column == MET:
            return True
        service = self.service_at(column)
        return service is not None and self._earlier(self._entries[row], service) is None

    def toggle(self, row: int, column: int) -> bool:
        """Tick or untick a cell (Gặp or a service); False when it cannot be ticked."""
        if not self.is_tickable(row, column):
            return False
        entry = self._entries[row]
        if column == MET:
            if not entry.met and self._refused(self._lock_met):
                return False
            self.set_met(row, not entry.met)
        else:
            service = self.service_at(column)
            assert service is not None
            adding = service not in entry.services
            if adding and self._refused(self._lock_services):
                return False
            self.set_service(row, service, adding)
        return True

    def _refused(self, why: str | None) -> bool:
        if why is None:
            return False
        self.blocked.emit(why)
        return True

    def set_met(self, row: int, met: bool) -> None:
        """Not met means nothing done: unticking Gặp unticks the services too."""
        entry = self._entries[row]
        entry.met = met
        entry.auto_met = False
        if not met:
            entry.services.clear()
            entry.auto.clear()
        elif entry.reason == ABSENT:
            entry.reason = None
        self._row_changed(row)

    def set_service(self, row: int, service: str, done: bool) -> None:
        """A service done means the resident was met (and was not away, nor refused)."""
        entry = self._entries[row]
        entry.auto.discard(service)
        if done:
            entry.services.add(service)
            entry.met = True
            if entry.reason in NOTHING_DONE_REASONS:
                entry.reason = None
        else:
            entry.services.discard(service)
        self._row_changed(row)

    def set_reason(self, row: int, reason: str | None) -> None:
        """A reason meaning nothing was done clears the resident's services; "Không có
        nhà" clears Gặp too, "Từ chối" ticks it (the resident was there and said no)."""
        entry = self._entries[row]
        entry.reason = reason
        if reason in NOTHING_DONE_REASONS:
            entry.services.clear()
            entry.auto.clear()
            entry.auto_met = False
        if reason == ABSENT:
            entry.met = False
        elif reason == RESIDENT_REFUSED:
            entry.met = True
        self._row_changed(row)

    def mark_everyone_away(self, reason: str | None) -> None:
        """Nobody met (the household was not at home or has moved away): every resident
        unticked, and given `reason` (none: the "Không có nhà" of before is taken back)."""
        for row, entry in enumerate(self._entries):
            entry.met = entry.auto_met = False
            entry.services.clear()
            entry.auto.clear()
            if reason is not None:
                entry.reason = reason
            elif entry.reason == ABSENT:
                entry.reason = None
            self._row_changed(row, emit=False)
        self.edited.emit()

    def take_back_away(self) -> None:
        """The household was met after all: the "Không có nhà" given to everyone goes."""
        for row, entry in enumerate(self._entries):
            if entry.reason == ABSENT:
                entry.reason = None
                self._row_changed(row, emit=False)
        self.edited.emit()

    def clear_services(self) -> None:
        """Nothing was done at this door (the household refused); who was met stays."""
        for row, entry in enumerate(self._entries):
            if entry.services:
                entry.services.clear()
                entry.auto.clear()
                self._row_changed(row, emit=False)
        self.edited.emit()

    # The `*` and `+` keys -------------------------------------------------------------

    def owed_untick(self, row: int) -> list[str]:
        """The services resident `row` still owes that can be ticked and are not."""
        entry = self._entries[row]
        if not entry.listed or entry.reason in NOTHING_DONE_REASONS:
            return []
        return [
            service
            for service in self._services
            if service in entry.resident.owed
            and service not in entry.services
            and self._earlier(entry, service) is None
        ]

    def tick_all_owed(self) -> bool:
        """`*`: tick every service every resident on the walk sheet still owes; when
        nothing is left to tick, clear what `*` and `+` ticked instead. True when ticked."""
        rows = [row for row, entry in enumerate(self._entries) if entry.listed]
        return self._tick_owed(rows)

    def tick_row_owed(self, row: int) -> bool:
        """`+`: tick every service resident `row` still owes; when nothing is left to
        tick, clear what `*` and `+` ticked on the row instead. True when ticked."""
        if not 0 <= row < len(self._entries):
            return False
        return self._tick_owed([row])

    def _tick_owed(self, rows: list[int]) -> bool:
        wanted = {row: self.owed_untick(row) for row in rows}
        wanted = {row: services for row, services in wanted.items() if services}
        if wanted and self._refused(self._lock_services):
            return False
        if not wanted:
            self._clear_auto(rows)
            return False
        for row, services in wanted.items():
            entry = self._entries[row]
            if not entry.met:
                entry.met = entry.auto_met = True
            if entry.reason in NOTHING_DONE_REASONS:
                entry.reason = None
            entry.services.update(services)
            entry.auto.update(services)
            self._row_changed(row, emit=False)
        self.edited.emit()
        return True

    def _clear_auto(self, rows: list[int]) -> None:
        changed = False
        for row in rows:
            entry = self._entries[row]
            if not entry.auto and not entry.auto_met:
                continue
            entry.services -= entry.auto
            entry.auto.clear()
            if entry.auto_met and not entry.services:
                entry.met = False
            entry.auto_met = False
            changed = True
            self._row_changed(row, emit=False)
        if changed:
            self.edited.emit()

    def _row_changed(self, row: int, emit: bool = True) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        if emit:
            self.edited.emit()

    # Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_SERVICE + len(self._services) + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_tickable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.reason_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return entry.resident.id
        if role == TICKABLE_ROLE:
            return self.is_tickable(index.row(), column)
        if column < MET:
            return self._person_data(entry, column, role)
        if column == MET:
            return self._met_data(entry, role)
        if column == self.reason_column:
            return self._reason_data(entry, role)
        service = self.service_at(column)
        return self._service_data(entry, service, role) if service else None

    def _person_data(self, entry: ResidentEntry, column: int, role: int) -> object:
        resident = entry.resident
        if role == DISPLAY:
            if column == NAME:
                return resident.full_name
            if column == RELATION:
                return resident.relation
            return "" if resident.age is None else str(resident.age)
        if role == ALIGNMENT and column == AGE:
            return RIGHT
        if role == FONT and column == NAME and entry.touched:
            return self._bold
        if role == FONT and not entry.listed:
            return self._italic
        if role == FOREGROUND and not entry.listed and not entry.touched:
            return QBrush(DONE_FOREGROUND)
        if role == TOOLTIP and column == NAME:
            tip = self._person_tip(resident)
            if not entry.listed:
                tip = self.tr("Không có trong phiếu đi: không còn việc cần làm.") + "\n" + tip
            return tip
        return None

    def _person_tip(self, resident: SheetResident) -> str:
        lines = [
            self.tr("Số định danh: {id}").format(
                id=resident.personal_id_masked or self.tr("chưa có")
            )
        ]
        if resident.phone:
            lines.append(self.tr("Điện thoại: {phone}").format(phone=resident.phone))
        chip = {True: self.tr("có"), False: self.tr("chưa có"), None: self.tr("chưa rõ")}
        lines.append(self.tr("CCCD gắn chíp: {chip}").format(chip=chip[resident.has_chip_card]))
        lines.append(self.tr("VNeID: mức {level}").format(level=resident.vneid_level))
        lines += list(resident.level2_notes)
        return "\n".join(lines)

    def _met_data(self, entry: ResidentEntry, role: int) -> object:
        if role == CHECK:
            return Qt.CheckState.Checked if entry.met else Qt.CheckState.Unchecked
        if role == TOOLTIP:
            return self.tr("Đã gặp người này (phím 0 hoặc Space)")
        if role == BACKGROUND and entry.met:
            return QBrush(TICKED_BACKGROUND)
        return None

    def _reason_data(self, entry: ResidentEntry, role: int) -> object:
        if role == DISPLAY:
            return REASON_LABELS.get(entry.reason, entry.reason) if entry.reason else ""
        if role == EDIT:
            return entry.reason or ""
        if role == TOOLTIP:
            chosen = REASON_LABELS.get(entry.reason, "") if entry.reason else ""
            hint = self.tr(
                "Lý do chưa làm: gõ chữ cái ({letters}) hoặc Enter để chọn trong danh sách"
            ).format(
                letters=", ".join(
                    f"{letter} {REASON_LABELS[reason].lower()}"
                    for reason, letter in REASON_LETTERS.items()
                )
            )
            return f"{chosen}\n{hint}" if chosen else hint
        return None

    def _service_data(self, entry: ResidentEntry, service: str, role: int) -> object:
        earlier = self._earlier(entry, service)
        if earlier is not None:
            if role == DISPLAY:
                return f"✓ {earlier.done_on:%d/%m}"
            if role == ALIGNMENT:
                return _CENTER
            if role == BACKGROUND:
                return QBrush(DONE_BACKGROUND)
            if role == FOREGROUND:
                return QBrush(DONE_FOREGROUND)
            if role == TOOLTIP:
                return self.tr("Đã ghi “{service}” ngày {day} ({team}); không ghi lại.").format(
                    service=earlier.label, day=f"{earlier.done_on:%d/%m/%Y}", team=earlier.team_name
                )
            return None
        ticked = service in entry.services
        owed = service in entry.resident.owed
        if role == CHECK:
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == BACKGROUND:
            if ticked:
                return QBrush(TICKED_BACKGROUND)
            return None if owed else QBrush(NOT_OWED_BACKGROUND)
        if role == TOOLTIP:
            label = SERVICE_LABELS.get(service, service)
            if owed:
                return self.tr("{service}: cần làm (phím {key} hoặc Space)").format(
                    service=label, key=self._services.index(service) + 1
                )
            return self.tr("{service}: không nằm trong việc cần làm — {why}").format(
                service=label, why=self._not_owed_reason(entry.resident, service)
            )
        return None

    def _not_owed_reason(self, resident: SheetResident, service: str) -> str:
        if resident.age is not None and resident.age < 14:
            return self.tr("dưới 14 tuổi, chỉ làm khi gia đình đề nghị")
        if resident.age is None:
            return self.tr("chưa rõ tuổi")
        if service in (LEVEL2_COLLECTED, DOCUMENTS) and not resident.level2_allowed:
            return resident.level2_notes[0] if resident.level2_notes else ""
        reasons = {
            VNEID_INSTALLED: self.tr("sổ ghi đã có tài khoản VNeID"),
            LEVEL2_COLLECTED: self.tr("sổ ghi đã có mức 2 hoặc chưa có CCCD gắn chíp"),
            APP_114: self.tr("sổ ghi đã cài Báo cháy 114"),
            DOCUMENTS: self.tr("cần định danh mức 2 trước, hoặc đã tích hợp"),
            CHIP_CARD_COLLECTED: self.tr("sổ không ghi thiếu CCCD gắn chíp"),
        }
        return reasons.get(service, "")

    def _earlier(self, entry: ResidentEntry, service: str) -> DoneService | None:
        """The record of this service from elsewhere (not this visit), if any."""
        return next(
            (d for d in entry.resident.done if d.service == service and not d.by_this_visit), None
        )

    def setData(self, index: Index, value: object, role: int = EDIT) -> bool:
        if not index.isValid() or index.row() >= len(self._entries):
            return False
        row, column = index.row(), index.column()
        if role == CHECK and self.is_tickable(row, column):
            checked = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[arg-type]
            if column == MET:
                if checked and self._refused(self._lock_met):
                    return False
                self.set_met(row, checked)
            else:
                if checked and self._refused(self._lock_services):
                    return False
                service = self.service_at(column)
                assert service is not None
                self.set_service(row, service, checked)
            return True
        if role == EDIT and column == self.reason_column:
            reason = str(value) if value else None
            if reason is not None and reason not in REASON_LABELS:
                return False
            self.set_reason(row, reason)
            return True
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        service = self.service_at(section)
        if role == DISPLAY:
            if service is not None:
                key = self._services.index(service) + 1
                return f"{key} · {self._short.get(service, service)}"
            return {
                NAME: self.tr("Họ và tên"),
                RELATION: self.tr("Quan hệ"),
                AGE: self.tr("Tuổi"),
                MET: self.tr("0 · Gặp"),
            }.get(section, self.tr("Lý do chưa làm"))
        if role == TOOLTIP and service is not None:
            return self.tr("{service} (phím {key})").format(
                service=SERVICE_LABELS.get(service, service), key=self._services.index(service) + 1
            )
        return None
