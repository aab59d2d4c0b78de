"""Tệp → Nhật ký thao tác: the audit trail for administrators and leaders.

Filters across the top (who, what was done, to what, from and to which day, which
resident), the entries newest first on the left (read a page at a time), the chosen
entry's details and changes on the right. "Xuất Excel…" writes what the filters keep
for an inspection, in the background with progress and Cancel; "Kiểm tra tính toàn
vẹn" recomputes the trail's chain and says whether any entry was changed or deleted
outside the program.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDir, QItemSelection, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.services.audit import TrailCheck
from desktop.services.audit_export import TrailExport
from desktop.services.audit_trail import (
    ACTION_CHOICES,
    ENTITY_CHOICES,
    TrailFilter,
    TrailRow,
)
from desktop.services.database import Database
from desktop.services.progress import Progress
from desktop.ui.audit.gateway import AuditGateway
from desktop.ui.audit.trail_model import TrailColumn, TrailTableModel
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.formatting import VIETNAMESE
from desktop.ui.widgets.messages import show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.table_views import ListView
from desktop.ui.widgets.task_runner import TaskRunner

EXCEL_FILTER = "Excel (*.xlsx)"
_GOOD, _BAD = "color: #1b5e20;", "color: #b00020; font-weight: bold;"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditWindow(QDialog):
    """The audit trail with filters, details, export and the chain check."""

    def __init__(
        self,
        database: Database,
        runner: TaskRunner,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "nhat-ky.html")  # F1 opens this page
        self.setWindowTitle(self.tr("Nhật ký thao tác"))
        self.gateway = AuditGateway(database)
        self.runner = runner
        self._today = today or date.today()
        self._resident_ids: tuple[int, ...] = ()
        self._resident_text = ""
        self._resident_names = ""
        self.model = TrailTableModel(self.gateway.page, parent=self)
        self._build()
        self._size_to_screen()
        try:
            self._fill_actors()
        except UserError as error:  # a role that may not read the trail
            self._refused(error)
            return
        self.apply_filters()

    # Building ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_rows())
        self.error_label = error_line(self, selectable=True)
        layout.addWidget(self.error_label)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("trailCount")
        layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = ListView(splitter)
        self.view.setModel(self.model)
        self.view.size_columns(
            {
                TrailColumn.AT: 130,
                TrailColumn.ACTOR: 110,
                TrailColumn.ACTION: 90,
                TrailColumn.ENTITY: 140,
                TrailColumn.LINK: 210,
            },
            TrailColumn.DESCRIPTION,
        )
        self.view.setColumnHidden(TrailColumn.LINK, True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = QTextBrowser(splitter)
        self.detail.setObjectName("entryDetail")
        self.detail.setOpenLinks(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        layout.addWidget(splitter, 1)
        layout.addLayout(self._button_row())

    def _filter_rows(self) -> QGridLayout:
        grid = QGridLayout()
        self.actor = QComboBox(self)
        self.actor.setMinimumContentsLength(14)
        self.action = QComboBox(self)
        self.action.addItem(self.tr("Mọi thao tác"), None)
        for choice in ACTION_CHOICES:
            self.action.addItem(choice.label, choice.key)
        self.entity = QComboBox(self)
        self.entity.addItem(self.tr("Mọi đối tượng"), None)
        for choice in ENTITY_CHOICES:
            self.entity.addItem(choice.label, choice.key)
        self.use_from = QCheckBox(self.tr("Từ &ngày:"), self)
        self.date_from = self._date_field(self._today - timedelta(days=30))
        self.use_to = QCheckBox(self.tr("Đến ngà&y:"), self)
        self.date_to = self._date_field(self._today)
        self.resident = QLineEdit(self)
        self.resident.setPlaceholderText(self.tr("họ tên hoặc số định danh đủ 12 số, rồi Enter"))
        self.resident.setClearButtonEnabled(True)
        self.resident.setMinimumWidth(260)
        self.filter_button = QPushButton(self.tr("&Lọc"), self)
        self.filter_button.setAutoDefault(False)
        self.clear_button = QPushButton(self.tr("&Bỏ lọc"), self)
        self.clear_button.setAutoDefault(False)
        labels = (
            (self.tr("Người thực &hiện:"), self.actor),
            (self.tr("&Thao tác:"), self.action),
            (self.tr("Đối tượn&g:"), self.entity),
        )
        for column, (text, field) in enumerate(labels):
            caption = QLabel(text, self)
            caption.setBuddy(field)
            grid.addWidget(caption, 0, 2 * column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, 0, 2 * column + 1)
        grid.addWidget(self.use_from, 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(self.use_to, 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.date_to, 1, 3)
        caption = QLabel(self.tr("Nhân &khẩu:"), self)
        caption.setBuddy(self.resident)
        grid.addWidget(caption, 1, 4, Qt.AlignmentFlag.AlignRight)
        resident_row = QHBoxLayout()
        resident_row.addWidget(self.resident, 1)
        resident_row.addWidget(self.filter_button)
        resident_row.addWidget(self.clear_button)
        grid.addLayout(resident_row, 1, 5)
        grid.setColumnStretch(5, 1)
        for combo in (self.actor, self.action, self.entity):
            combo.currentIndexChanged.connect(self.apply_filters)
        for check in (self.use_from, self.use_to):
            check.toggled.connect(self._dates_toggled)
        for field in (self.date_from, self.date_to):
            field.dateChanged.connect(self.apply_filters)
        self.resident.returnPressed.connect(self.apply_filters)
        self.filter_button.clicked.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        return grid

    def _date_field(self, day: date) -> QDateEdit:
        field = QDateEdit(_qdate(day), self)
        field.setDisplayFormat("dd/MM/yyyy")
        field.setLocale(VIETNAMESE)
        field.setCalendarPopup(True)
        field.setKeyboardTracking(False)  # one change when the typing is done
        return field

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("&Xuất Excel…"), self)
        self.export_button.setToolTip(
            self.tr("Ghi các mục đang lọc ra tệp Excel cho đoàn kiểm tra (việc xuất cũng được ghi)")
        )
        self.export_button.clicked.connect(self.export)
        self.verify_button = QPushButton(self.tr("Kiểm tra tính toàn &vẹn"), self)
        self.verify_button.setToolTip(
            self.tr("Tính lại chuỗi mã của cả nhật ký: có mục nào bị sửa, xóa ngoài chương trình?")
        )
        self.verify_button.clicked.connect(self.verify)
        self.verify_label = QLabel(self)
        self.verify_label.setObjectName("verifyResult")
        self.verify_label.setWordWrap(True)
        close = QPushButton(self.tr("Đóng"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        for button in (self.export_button, self.verify_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addWidget(self.verify_label, 1)
        row.addWidget(close)
        return row

    def _size_to_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1300, 700
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    def _fill_actors(self) -> None:
        chosen = self.actor.currentData()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(self.tr("Mọi người"), None)
        for name in self.gateway.actors():
            self.actor.addItem(name, name)
        self.actor.setCurrentIndex(max(self.actor.findData(chosen), 0))
        self.actor.blockSignals(False)

    # Filtering ---------------------------------------------------------------------------

    def _dates_toggled(self) -> None:
        self.date_from.setEnabled(self.use_from.isChecked())
        self.date_to.setEnabled(self.use_to.isChecked())
        self.apply_filters()

    def current_filters(self) -> TrailFilter:
        """The filters as set; reads the resident's name or number when it changed
        (UserError: nobody, or too many people, match)."""
        text = " ".join(self.resident.text().split())
        if text != self._resident_text:
            matches = self.gateway.find_residents(text) if text else []
            self._resident_ids = tuple(match.id for match in matches)
            self._resident_text = text
            self._resident_names = "; ".join(match.label() for match in matches)
        return TrailFilter(
            actor=self.actor.currentData(),
            action=self.action.currentData(),
            entity=self.entity.currentData(),
            date_from=_day(self.date_from.date()) if self.use_from.isChecked() else None,
            date_to=_day(self.date_to.date()) if self.use_to.isChecked() else None,
            resident_ids=self._resident_ids,
        )

    def apply_filters(self) -> None:
        """List the entries the filters keep; a refusal is shown and the list stays."""
        try:
            filters = self.current_filters()
            total = self.gateway.count(filters)
            self.model.set_filters(filters)
        except UserError as error:
            self._refused(error)
            return
        self.error_label.hide()
        self.view.setColumnHidden(TrailColumn.LINK, not filters.resident_ids)
        shown = self.tr("{count} mục").format(count=number(total))
        if filters.resident_ids:
            shown += self.tr(" liên quan đến: {names}").format(names=self._resident_names)
        self.count_label.setText(shown)
        self.view.set_empty_hint("" if total else self.tr("Không có mục nào khớp bộ lọc."))
        if self.model.rows:
            self.view.selectRow(0)
        else:
            self.show_entry(None)

    def _refused(self, error: UserError) -> None:
        """A filter the services refused (or a role that may not read): the sentence in
        red under the filters; the list stays as it was."""
        self.error_label.setText(str(error))
        self.error_label.show()

    def clear_filters(self) -> None:
        for widget in (self.actor, self.action, self.entity, self.use_from, self.use_to):
            widget.blockSignals(True)
        self.actor.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.entity.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        for widget in (self.actor, self.action, self.entity, self.use_from, self.use_to):
            widget.blockSignals(False)
        self.resident.clear()
        self._dates_toggled()

    # The entry chosen --------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        self.show_entry(self.model.entry(rows[0].row()) if rows else None)

    def show_entry(self, row: TrailRow | None) -> None:
        """The entry's details and changes in the pane on the right."""
        if row is None:
            self.detail.clear()
            return
        e = html.escape
        facts = [
            (self.tr("Lúc"), f"{row.at:%H:%M:%S ngày %d/%m/%Y} (giờ Việt Nam)"),
            (self.tr("Người thực hiện"), row.actor),
            (self.tr("Thao tác"), f"{row.action_text} · {row.entity_text}"),
            (self.tr("Nguồn gốc"), row.reason_text),
            (self.tr("Mã đối tượng"), row.entity_key or ""),
            (self.tr("Tệp, lượt, nguồn"), row.source or ""),
            (self.tr("Liên quan"), row.link),
            (self.tr("Số mục"), str(row.id)),
        ]
        lines = [f"<p><b>{e(row.description)}</b></p><table cellspacing='2'>"]
        lines += [
            f"<tr><td style='color:gray'>{e(label)}</td><td>{e(value)}</td></tr>"
            for label, value in facts
            if value
        ]
        lines.append("</table>")
        if row.changes:
            lines.append(
                f"<p><b>{e(self.tr('Thay đổi'))}</b></p><table border='1' cellspacing='0' "
                f"cellpadding='3'><tr><th>{e(self.tr('Mục'))}</th><th>{e(self.tr('Trước'))}"
                f"</th><th>{e(self.tr('Sau'))}</th></tr>"
            )
            lines += [
                f"<tr><td>{e(c.what)}</td><td>{e(c.before)}</td><td>{e(c.after)}</td></tr>"
                for c in row.changes
            ]
            lines.append("</table>")
        if row.chain_hash:
            lines.append(
                f"<p style='color:gray'>{e(self.tr('Mã kiểm tra chuỗi'))}: "
                f"<code>{row.chain_hash[:16]}…</code></p>"
            )
        self.detail.setHtml("".join(lines))

    # Export and the chain check ----------------------------------------------------------

    def ask_export_path(self) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"nhat-ky-thao-tac-{self._today:%Y-%m-%d}.xlsx"
        suggested = Path(folder or QDir.homePath()) / name
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Xuất nhật ký thao tác"), str(suggested), EXCEL_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def export(self) -> None:
        """Ask for a file and write the entries the filters keep, with progress."""
        try:
            filters = self.current_filters()
        except UserError as error:
            self._refused(error)
            return
        path = self.ask_export_path()
        if path is not None:
            self.export_to(filters, path)

    def export_to(self, filters: TrailFilter, path: Path) -> None:
        gateway = self.gateway

        def work(progress: Progress) -> TrailExport:
            return gateway.export(filters, path, progress)

        job = ProgressJob(
            self,
            self.runner,
            self.tr("Xuất nhật ký thao tác"),
            self.tr("Đang xuất nhật ký thao tác ra {name}…").format(name=path.name),
            work,
        )
        job.start(self._exported, self._export_failed)

    def _exported(self, exported: TrailExport) -> None:
        self._fill_actors()
        self.apply_filters()  # the export is itself in the trail now
        QMessageBox.information(
            self,
            self.tr("Đã xuất xong"),
            self.tr("Đã xuất {rows} mục nhật ký thao tác ra tệp:\n{path}").format(
                rows=number(exported.rows), path=exported.path
            ),
        )

    def _export_failed(self, error: BaseException) -> None:
        show_task_error(self, error, self.tr("Xuất nhật ký thao tác"))

    def verify(self) -> None:
        """Recompute the chain in the background; the sentence shows beside the button."""
        self.verify_button.setEnabled(False)
        self.verify_label.setStyleSheet("")
        self.verify_label.setText(self.tr("Đang kiểm tra toàn bộ nhật ký…"))
        self.runner.run_task(self.gateway.check, self._verified, self._verify_failed)

    def _verified(self, check: TrailCheck) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.setStyleSheet(_GOOD if check.intact else _BAD)
        self.verify_label.setText(check.sentence())

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.clear()
        show_task_error(self, error, self.tr("Kiểm tra tính toàn vẹn"))
