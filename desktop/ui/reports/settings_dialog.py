"""Thiết lập báo cáo…: the agencies, number, place, addressee, signer and recipients
printed on every report (desktop.services.reporting.settings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.reports.data import ReportSettings
from desktop.services.database import Database
from desktop.ui.reports.gateway import ReportGateway
from desktop.ui.widgets.form_dialog import FormDialog


class ReportSettingsDialog(FormDialog):
    """Edit the report settings; Lưu stores them, Hủy leaves them as they were."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("Thiết lập báo cáo"))
        self.setProperty("help_page", "bao-cao.html#thiet-lap")  # F1 opens this page
        self._gateway = ReportGateway(database)
        self.set_header(
            self.tr(
                "Các thông tin này in trên mọi báo cáo theo thể thức Nghị định 30/2020/NĐ-CP. "
                "Trong ký hiệu số, {so} là chỗ văn thư ghi số, {nam} là năm."
            )
        )
        self.parent_agency = self.add_row(self.tr("Cơ quan &chủ quản:"), QLineEdit(self))
        self.issuing_agency = self.add_row(self.tr("Cơ quan &ban hành:"), QLineEdit(self))
        self.number_pattern = self.add_row(self.tr("Ký hiệu &số:"), QLineEdit(self))
        self.place = self.add_row(self.tr("Địa &danh:"), QLineEdit(self))
        self.addressee = self.add_row(self.tr("&Kính gửi:"), QLineEdit(self))
        self.signer_title = self.add_row(self.tr("Chức &vụ người ký:"), self._text_box(2))
        self.signer_name = self.add_row(self.tr("&Họ tên người ký:"), QLineEdit(self))
        self.recipients = self.add_row(self.tr("&Nơi nhận (mỗi dòng một nơi):"), self._text_box(5))
        self.number_pattern.setPlaceholderText("{so}/BC-CAP")
        self.signer_name.setPlaceholderText(self.tr("Ví dụ: Thượng tá Nguyễn Văn A"))
        self.reset_button = self.buttons.addButton(
            self.tr("Khôi phục &mặc định"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.clicked.connect(self.reset)
        self.error_fields = [
            ("Cơ quan chủ quản", self.parent_agency),
            ("Cơ quan ban hành", self.issuing_agency),
            ("Ký hiệu số", self.number_pattern),
            ("Địa danh", self.place),
            ("Kính gửi", self.addressee),
            ("Chức vụ", self.signer_title),
            ("Họ tên người ký", self.signer_name),
            ("Nơi nhận", self.recipients),
        ]
        self.resize(640, self.sizeHint().height())
        self.show_settings(self._gateway.settings())

    def _text_box(self, lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
        return box

    def show_settings(self, settings: ReportSettings) -> None:
        self.parent_agency.setText(settings.parent_agency)
        self.issuing_agency.setText(settings.issuing_agency)
        self.number_pattern.setText(settings.number_pattern)
        self.place.setText(settings.place)
        self.addressee.setText(settings.addressee)
        self.signer_title.setPlainText(settings.signer_title)
        self.signer_name.setText(settings.signer_name)
        self.recipients.setPlainText("\n".join(settings.recipients))

    def settings(self) -> ReportSettings:
        """The settings as typed (the service tidies and checks them)."""
        return ReportSettings(
            parent_agency=self.parent_agency.text(),
            issuing_agency=self.issuing_agency.text(),
            number_pattern=self.number_pattern.text(),
            place=self.place.text(),
            addressee=self.addressee.text(),
            signer_title=self.signer_title.toPlainText(),
            signer_name=self.signer_name.text(),
            recipients=tuple(self.recipients.toPlainText().splitlines()),
        )

    def reset(self) -> None:
        """The ward's defaults in the form (stored only with Lưu)."""
        self.show_settings(self._gateway.default_settings())
        self.clear_error()

    def submit(self) -> bool:
        try:
            self._gateway.save_settings(self.settings())
        except UserError as error:
            self.show_error(str(error))
            return False
        return True
