"""Tệp → Nhập danh sách hộ từ Excel…: choose a file, check its columns, review, import.

The same service functions as `denkhuya import` do the work, each step on the task
runner so the window never freezes: reading and recognising the file, planning (read,
check and match every row, writing nothing) for the review, and the import itself,
which plans again inside its one transaction and writes. Cancel stops a running step;
the import then rolls back and nothing is changed.

    wizard = ImportWizard(database, runner, today, parent)
    wizard.data_changed.connect(window.refresh)   # emitted after an import committed
    wizard.open()
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.services.database import Database
from desktop.services.importing import (
    ImportOptions,
    ImportPlan,
    ImportRefused,
    ImportResult,
    WorkbookLayout,
    detect_layout,
    read_workbook,
    save_problems,
)
from desktop.services.progress import Cancelled, Progress
from desktop.ui.importing.gateway import ImportGateway
from desktop.ui.importing.mapping import MappingPage
from desktop.ui.importing.pages import DonePage, FilePage
from desktop.ui.importing.review import ReviewPage
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import report_bug
from desktop.ui.widgets.task_runner import SignalProgress, TaskRunner

WORKBOOK_FILTER = "Bảng tính Excel, CSV (*.xlsx *.xlsm *.xls *.ods *.csv)"
FILE, MAPPING, REVIEW, DONE = range(4)


class ImportWizard(QDialog):
    """The import wizard; `data_changed` tells the window that households changed."""

    data_changed = Signal()

    def __init__(
        self,
        database: Database,
        runner: TaskRunner,
        today: date,
        parent: QWidget | None = None,
        path: str | Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "nhap-danh-sach.html")  # F1 opens this page
        self._gateway = ImportGateway(database)
        self._runner = runner
        self._today = today
        self._workbook = None
        self._layout: WorkbookLayout | None = None
        self._ward_stored: str | None = None
        self._problems: list = []
        self._progress: SignalProgress | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("Nhập danh sách hộ từ Excel"))
        self.setMinimumSize(900, 560)
        self.step_title = QLabel()
        font = self.step_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.step_title.setFont(font)
        self.file_page = FilePage()
        self.mapping_page = MappingPage()
        self.review_page = ReviewPage()
        self.done_page = DonePage()
        self.pages = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.review_page, self.done_page):
            self.pages.addWidget(page)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Thông báo"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.back_button = QPushButton(self.tr("&Quay lại"))
        self.next_button = QPushButton(self.tr("&Tiếp tục"))
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_title)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.file_page.browse_button.clicked.connect(self._browse)
        self.file_page.path_edit.textChanged.connect(self._update_buttons)
        self.review_page.save_requested.connect(self._save_problems)
        self.review_page.ignored.column_mapped.connect(self._map_ignored_column)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.reject)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
        self._show_step(FILE)

    # Steps -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._progress is not None

    def step(self) -> int:
        return self.pages.currentIndex()

    @Slot()
    def go_next(self) -> None:
        """The default button: read the file, review the plan, import, or close."""
        if self.busy:
            return
        step = self.step()
        if step == FILE:
            self._start_reading()
        elif step == MAPPING:
            self._start_review()
        elif step == REVIEW:
            self._start_import()
        else:
            self.accept()

    @Slot()
    def go_back(self) -> None:
        if not self.busy and self.step() in (MAPPING, REVIEW):
            self._show_step(self.step() - 1)

    def reject(self) -> None:
        """Esc / Hủy: stop a running step (nothing is changed), else close."""
        if self._progress is not None:
            self._progress.cancel()
            self.status.setText(self.tr("Đang dừng…"))
            return
        super().reject()

    def _show_step(self, step: int) -> None:
        titles = {
            FILE: self.tr("Bước 1/4 — Chọn tệp danh sách"),
            MAPPING: self.tr("Bước 2/4 — Đối chiếu các cột"),
            REVIEW: self.tr("Bước 3/4 — Kiểm tra trước khi nhập"),
            DONE: self.tr("Bước 4/4 — Kết quả"),
        }
        self.pages.setCurrentIndex(step)
        self.step_title.setText(titles[step])
        self.status.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step()
        busy = self.busy
        self.back_button.setVisible(step in (MAPPING, REVIEW))
        self.back_button.setEnabled(not busy)
        texts = {
            FILE: self.tr("&Tiếp tục"),
            MAPPING: self.tr("&Kiểm tra"),
            REVIEW: self.tr("&Nhập vào cơ sở dữ liệu"),
            DONE: self.tr("Đón&g"),
        }
        self.next_button.setText(texts[step])
        enabled = not busy
        if step == FILE:
            enabled = enabled and bool(self.file_page.path_edit.text().strip())
        if step == REVIEW:
            enabled = enabled and self._plan_counts_ok
        self.next_button.setEnabled(enabled)
        self.cancel_button.setVisible(step != DONE)
        self.cancel_button.setText(self.tr("Dừng") if busy else self.tr("Hủy"))

    _plan_counts_ok = False

    # Running work ------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        text: str,
    ) -> None:
        progress = SignalProgress()
        progress.changed.connect(self._show_progress)
        self._progress = progress
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status.setText(text)
        self._update_buttons()

        def finished(result: Any) -> None:
            self._finish_run()
            on_success(result)

        def failed(error: BaseException) -> None:
            self._finish_run()
            on_error(error)

        self._runner.run_task(lambda: work(progress), finished, failed)

    def _finish_run(self) -> None:
        self._progress = None
        self.progress_bar.hide()
        self.status.clear()
        self._update_buttons()

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self._progress is None or self._progress.cancelled:
            return
        self.progress_bar.setValue(int(1000 * done / total) if total else 0)
        if text:
            self.status.setText(text)

    def _failed(self, error: BaseException) -> None:
        """A refusal or a cancellation is said in the window; a bug is reported."""
        if isinstance(error, Cancelled):
            self.status.setText(self.tr("Đã dừng theo yêu cầu; không có gì thay đổi."))
        elif isinstance(error, UserError):
            self.status.setText(str(error))
        else:
            report_bug(self, error)

    # Step 1: read the file ---------------------------------------------------------

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh sách hộ"), QDir.homePath(), self.tr(WORKBOOK_FILTER)
        )
        if chosen:
            self.file_page.path_edit.setText(chosen)

    def _start_reading(self) -> None:
        path = Path(self.file_page.path_edit.text().strip())
        gateway = self._gateway

        def read(progress: Progress) -> tuple:
            progress.step(0, 1, "Đang đọc tệp…")
            workbook = read_workbook(path)
            layout = detect_layout(workbook)
            return workbook, layout, gateway.ward_name()

        self._run(read, self._read_done, self._failed, self.tr("Đang đọc tệp…"))

    def _read_done(self, outcome: tuple) -> None:
        self._workbook, self._layout, self._ward_stored = outcome
        layout = self._layout
        titled = layout.place.name if layout.place else ""
        self.mapping_page.show_layout(
            self._workbook,
            layout.sheets,
            layout.skipped_sheets,
            self._ward_stored or titled,
            ward_editable=self._ward_stored is None,
        )
        self._show_step(MAPPING)
        if self._ward_stored and titled and fold(titled) != fold(self._ward_stored):
            self.status.setText(
                self.tr(
                    "Lưu ý: tiêu đề tệp ghi {titled}, khác phường/xã của cơ sở dữ liệu "
                    "({stored}); hãy chắc rằng đây đúng là danh sách cần nhập."
                ).format(titled=titled, stored=self._ward_stored)
            )

    # Step 2 → 3: plan for review ---------------------------------------------------

    def _options(self) -> ImportOptions:
        return ImportOptions(today=self._today, ward_name=self.mapping_page.ward_name() or None)

    def _start_review(self) -> None:
        workbook, layout, options = self._workbook, self._layout, self._options()
        gateway = self._gateway

        def review(progress: Progress) -> ImportPlan:
            return gateway.plan(workbook, layout, options, progress)

        self._run(review, self._review_done, self._review_failed, self.tr("Đang kiểm tra…"))

    def _review_done(self, plan: ImportPlan) -> None:
        counts = plan.counts
        self._problems = plan.problems
        self._plan_counts_ok = True
        summary = self.tr(
            "Tệp “{file}” sẽ được nhập vào {ward}: {households} hộ, {residents} nhân khẩu. "
            "Chưa có gì được lưu; bấm “Nhập vào cơ sở dữ liệu” để lưu."
        ).format(
            file=plan.source_name,
            ward=plan.ward.title,
            households=vietnamese_number(counts.households),
            residents=vietnamese_number(counts.residents),
        )
        if plan.groups_to_create:
            summary += " " + self.tr("Tổ mới sẽ được tạo: {names}.").format(
                names=", ".join(plan.groups_to_create)
            )
        self.review_page.show_review(summary, counts, plan.problems, plan.ignored_columns)
        self._show_step(REVIEW)

    def _review_failed(self, error: BaseException) -> None:
        if isinstance(error, ImportRefused):
            self._problems = error.problems
            self._plan_counts_ok = False
            self.review_page.show_review(str(error), None, error.problems)
            self._show_step(REVIEW)
            self.status.setText(str(error))
        else:
            self._failed(error)

    @Slot(str, int, str)
    def _map_ignored_column(self, sheet: str, column: int, key: str) -> None:
        """A column left out is taken in after all: map it, then check the file again."""
        if self._layout is None or self.busy:
            return
        self.mapping_page.map_column(sheet, column, key)
        self._start_review()

    def _save_problems(self) -> None:
        if not self._problems or self._workbook is None:
            return
        source = self._workbook.path
        suggested = source.with_name(f"{source.stem} - danh sách lỗi.xlsx")
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu danh sách lỗi"), str(suggested), self.tr("Excel (*.xlsx)")
        )
        if not chosen:
            return
        problems, name = list(self._problems), source.name

        def save(progress: Progress) -> Path:
            return save_problems(problems, chosen, name)

        def saved(path: Path) -> None:
            self.status.setText(self.tr("Đã lưu danh sách lỗi vào {path}.").format(path=path))

        self._run(save, saved, self._failed, self.tr("Đang lưu danh sách lỗi…"))

    # Step 3 → 4: import --------------------------------------------------------------

    def _start_import(self) -> None:
        workbook, layout, options = self._workbook, self._layout, self._options()
        gateway = self._gateway

        def run_import(progress: Progress) -> ImportResult:
            return gateway.run(workbook, layout, options, progress)

        self._run(run_import, self._import_done, self._failed, self.tr("Đang nhập…"))

    def _import_done(self, result: ImportResult) -> None:
        self.result = result
        counts = result.counts
        self.done_page.outcome.setText(
            self.tr(
                "Đã nhập tệp “{file}” vào {ward}: {households} hộ, {residents} nhân khẩu — "
                "thêm mới {added}, cập nhật {updated}, không đổi {unchanged}; "
                "{rejected} dòng bị loại, {warnings} dòng có cảnh báo.\n\n"
                "Mọi thay đổi đã được ghi vào nhật ký với tên tệp."
            ).format(
                file=result.source_name,
                ward=result.ward,
                households=vietnamese_number(counts.households),
                residents=vietnamese_number(counts.residents),
                added=vietnamese_number(counts.added),
                updated=vietnamese_number(counts.updated),
                unchanged=vietnamese_number(counts.unchanged),
                rejected=vietnamese_number(counts.rejected),
                warnings=vietnamese_number(counts.warnings),
            )
        )
        self._show_step(DONE)
        self.data_changed.emit()
