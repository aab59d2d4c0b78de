"""The first start wizard's five pages: Đơn vị, Trụ sở, Báo cáo, Tài khoản quản trị,
Bắt đầu. Each page checks its own fields when Tiếp theo is pressed (through the
gateway's checks, which write nothing) and keeps what it checked for the end."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.domain.roles import MIN_PASSWORD_LENGTH
from desktop.reports.data import ReportSettings
from desktop.ui.first_start.gateway import (
    START_DEMO,
    START_EMPTY,
    START_IMPORT,
    AccountMaker,
    Known,
    Unit,
    check_location,
    check_province,
    check_report,
    check_unit,
    report_defaults,
    station_default,
)
from desktop.ui.widgets.form_dialog import error_line

if TYPE_CHECKING:
    from desktop.ui.first_start.wizard import FirstStartWizard


def _label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class _Page(QWizardPage):
    """A page with an explanation, a form and the red line a refusal is shown in."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.explanation = _label(explanation, self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error_label = error_line(self, selectable=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def wizard(self) -> FirstStartWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def show_error(self, error: UserError | str, field: QWidget | None = None) -> bool:
        """Show the refusal and put the cursor where it points; False for validatePage."""
        self.error_label.setText(str(error))
        self.error_label.show()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()
        return False

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()


def _follow(field: QLineEdit, text: str) -> None:
    """Put a default in a field the user has not typed in (a typed value stays)."""
    if not field.isModified():
        field.setText(text)


class UnitPage(_Page):
    """Đơn vị: the 2025 province, the ward with its kind, and the station's name."""

    def __init__(self, provinces: tuple[str, ...], known: Known | None) -> None:
        super().__init__(
            self.tr("Đơn vị"),
            self.tr(
                "Tỉnh, thành phố và phường, xã, đặc khu theo đơn vị hành chính hai cấp từ "
                "năm 2025. Gõ tên tỉnh (có dấu hay không đều được) hoặc chọn trong danh sách."
            ),
        )
        self.province = QComboBox(self)
        self.province.setObjectName("province")
        self.province.setEditable(True)
        self.province.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.province.addItems(sorted(provinces, key=fold))
        completer = self.province.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.province.setCurrentIndex(-1)
        self.province.lineEdit().setPlaceholderText(self.tr("ví dụ Lào Cai"))
        self.ward = QLineEdit(self)
        self.ward.setObjectName("ward")
        self.ward.setPlaceholderText(self.tr("Phường …, Xã … hoặc Đặc khu …"))
        self.station = QLineEdit(self)
        self.station.setObjectName("stationName")
        self.station.setPlaceholderText(self.tr("Công an phường …"))
        self.ward.textChanged.connect(lambda text: _follow(self.station, station_default(text)))
        self.form.addRow(self.tr("Tỉnh/thành &phố:"), self.province)
        self.form.addRow(self.tr("Phường/&xã/đặc khu:"), self.ward)
        self.form.addRow(self.tr("Tên trụ &sở công an:"), self.station)
        self.ward_hint = _label(
            self.tr("Ghi cả loại đơn vị, ví dụ <i>Phường Cốc Lếu</i>, <i>Xã Cam Đường</i>."),
            self,
        )
        self.form.addRow(self.ward_hint)
        if known is not None:
            self.province.setCurrentText(known.province)
            self.ward.setText(known.ward_title)
            self.station.setText(known.station_name)
            self.station.setModified(
                known.station_name != station_default(known.ward_title)
            )  # a name of its own stays when the ward is retyped

    def validatePage(self) -> bool:
        self.clear_error()
        try:
            check_province(self.province.currentText())
        except UserError as error:
            return self.show_error(error, self.province)
        try:
            typed_station = self.station.text() if self.station.isModified() else ""
            unit = check_unit(self.province.currentText(), self.ward.text(), typed_station)
        except UserError as error:
            field = self.station if str(error).startswith("Tên trụ sở") else self.ward
            return self.show_error(error, field)
        self.province.setCurrentText(unit.province)
        self.ward.setText(unit.ward_title)
        if not self.station.isModified():
            self.station.setText(unit.station_name)
        self.wizard().unit = unit
        return True


class StationPage(_Page):
    """Trụ sở: where the station is, typed as "vĩ độ, kinh độ", or left for the map."""

    def __init__(self, known: Known | None) -> None:
        super().__init__(
            self.tr("Trụ sở"),
            self.tr(
                "Vị trí trụ sở là điểm tập trung mặc định khi lập tuyến. Gõ <b>vĩ độ, kinh "
                "độ</b>, ví dụ <i>22.4856, 103.9707</i> (chép từ bản đồ trên điện thoại)."
                "<br><br>Chưa biết thì để trống: có thể đặt sau trên bản đồ, trong cửa sổ "
                "<b>Lập tuyến đêm nay ▸ Bản đồ ▸ Vị trí trụ sở…</b>"
            ),
        )
        self.location = QLineEdit(self)
        self.location.setObjectName("stationLocation")
        self.location.setPlaceholderText(self.tr("vĩ độ, kinh độ — để trống nếu chưa biết"))
        self.form.addRow(self.tr("&Vị trí trụ sở:"), self.location)
        if known is not None:
            self.location.setText(known.location_text)

    def validatePage(self) -> bool:
        self.clear_error()
        try:
            self.wizard().location = check_location(self.location.text())
        except UserError as error:
            return self.show_error(error, self.location)
        return True


class ReportPage(_Page):
    """Báo cáo: the agencies at the top of every report and the signer."""

    def __init__(self, known: Known | None) -> None:
        super().__init__(
            self.tr("Báo cáo"),
            self.tr(
                "Tên cơ quan in ở đầu mọi báo cáo (in hoa khi in) và người ký. Ký hiệu số, "
                "nơi nhận… sửa sau trong <b>Chiến dịch ▸ Thiết lập báo cáo…</b>"
            ),
        )
        self._known = known.report if known is not None else None
        self.parent_agency = QLineEdit(self)
        self.parent_agency.setObjectName("parentAgency")
        self.issuing_agency = QLineEdit(self)
        self.issuing_agency.setObjectName("issuingAgency")
        self.signer_title = QLineEdit(self)
        self.signer_title.setObjectName("signerTitle")
        self.signer_name = QLineEdit(self)
        self.signer_name.setObjectName("signerName")
        self.signer_name.setPlaceholderText(self.tr("để trống thì ký tay"))
        self.form.addRow(self.tr("Cơ quan &chủ quản:"), self.parent_agency)
        self.form.addRow(self.tr("Cơ quan &ban hành:"), self.issuing_agency)
        self.form.addRow(self.tr("Chức &vụ người ký:"), self.signer_title)
        self.form.addRow(self.tr("Họ tên người &ký:"), self.signer_name)
        if self._known is not None:
            for field, value in self._fields(self._known):
                field.setText(value)
                field.setModified(True)  # the stored settings are kept as they are

    def _fields(self, settings: ReportSettings) -> list[tuple[QLineEdit, str]]:
        return [
            (self.parent_agency, settings.parent_agency),
            (self.issuing_agency, settings.issuing_agency),
            (self.signer_title, settings.signer_title),
            (self.signer_name, settings.signer_name),
        ]

    def initializePage(self) -> None:
        """Fill in what the unit page implies, where nothing was typed."""
        for field, value in self._fields(self._base()):
            _follow(field, value)

    def _base(self) -> ReportSettings:
        unit: Unit = self.wizard().unit
        defaults = report_defaults(unit)
        if self._known is None:
            return defaults
        return replace(self._known, place=defaults.place)

    def validatePage(self) -> bool:
        self.clear_error()
        parent = " ".join(self.parent_agency.text().split())
        base = self._base()
        addressee = parent if base.addressee == base.parent_agency else base.addressee
        settings = replace(
            base,
            parent_agency=parent,
            issuing_agency=self.issuing_agency.text(),
            signer_title=self.signer_title.text(),
            signer_name=self.signer_name.text(),
            addressee=addressee,
        )
        try:
            self.wizard().report = check_report(settings)
        except UserError as error:
            text = fold(str(error))
            field = self.issuing_agency
            if "chuc vu" in text:
                field = self.signer_title
            elif "ho ten" in text:
                field = self.signer_name
            elif "chu quan" in text and "ban hanh" not in text:
                field = self.parent_agency
            return self.show_error(error, field)
        return True


class AccountPage(_Page):
    """Tài khoản quản trị: the first administrator, or "Để sau"."""

    def __init__(self, accounts: AccountMaker) -> None:
        lines = [
            self.tr(
                "Tài khoản đầu tiên là tài khoản <b>quản trị</b>: người quản trị tạo tài khoản "
                "cho từng cán bộ. Từ nay mỗi lần mở Đèn Khuya đều phải đăng nhập."
            )
        ]
        if accounts.can_encrypt:
            lines.append(
                self.tr(
                    "Dữ liệu sẽ được <b>mã hóa</b>; khi hoàn tất, chương trình hiện <b>khóa "
                    "khôi phục</b> một lần duy nhất để cất vào két."
                )
            )
        lines.append(
            self.tr(
                "<b>Để sau</b>: khi chưa có tài khoản, ai ngồi ở máy này cũng xem được mọi "
                "thứ. Tạo sau ở menu <b>Tài khoản ▸ Tạo tài khoản quản trị…</b>"
            )
        )
        super().__init__(self.tr("Tài khoản quản trị"), "<br><br>".join(lines))
        self._accounts = accounts
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText(self.tr("ví dụ quan.tri hoặc nguyen.van.an"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("accountDisplayName")
        self.display_name.setPlaceholderText(self.tr("ví dụ Nguyễn Văn An"))
        self.password = QLineEdit(self)
        self.password.setObjectName("accountPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("ít nhất {n} ký tự").format(n=MIN_PASSWORD_LENGTH))
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("accountPasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Tên đăng &nhập:"), self.name)
        self.form.addRow(self.tr("Họ tên h&iển thị:"), self.display_name)
        self.form.addRow(self.tr("&Mật khẩu:"), self.password)
        self.form.addRow(self.tr("Nhập &lại mật khẩu:"), self.password_again)
        self.later_button = QPushButton(self.tr("Để &sau"), self)
        self.later_button.setObjectName("accountLater")
        self.later_button.setToolTip(self.tr("Bỏ qua bước này, chưa tạo tài khoản"))
        self.later_button.clicked.connect(self.leave_for_later)
        self.form.addRow("", self.later_button)

    def _fields(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.display_name, self.password, self.password_again)

    def leave_for_later(self) -> None:
        for field in self._fields():
            field.clear()
        self.wizard().next()

    def validatePage(self) -> bool:
        """Nothing typed: no account. Otherwise the account's rules, checked now; the
        account itself is made when the wizard finishes."""
        self.clear_error()
        name, password = self.name.text(), self.password.text()
        if not any(field.text().strip() for field in self._fields()):
            self.wizard().account = None
            return True
        try:
            self._accounts.check_new_account(name, password)
        except UserError as error:
            field = self.name if "tên đăng nhập" in str(error).lower() else self.password
            return self.show_error(error, field)
        if password != self.password_again.text():
            self.password_again.clear()
            return self.show_error(
                self.tr("Hai lần nhập mật khẩu không khớp; hãy nhập lại."), self.password_again
            )
        self.wizard().account = (name, self.display_name.text(), password)
        return True


class StartPage(_Page):
    """Bắt đầu: import the households, make the practice ward, or start empty."""

    def __init__(self, demo_available: bool, has_households: bool) -> None:
        super().__init__(
            self.tr("Bắt đầu"),
            self.tr("Bấm <b>Hoàn tất</b> để lưu tất cả, rồi:"),
        )
        self.choices = QButtonGroup(self)
        self.import_choice = QRadioButton(
            self.tr("&Nhập danh sách hộ từ tệp Excel (mở trình nhập ngay sau đây)"), self
        )
        self.demo_choice = QRadioButton(self.tr("Tạo &phường mẫu để tập (dữ liệu giả)"), self)
        self.empty_choice = QRadioButton(self.tr("Để trống, thêm hộ &sau"), self)
        self.demo_note = _label(
            self.tr(
                "Phường mẫu Cốc Lếu (Lào Cai) có sẵn tên, trụ sở và thiết lập báo cáo riêng, "
                "nên thông tin đơn vị ở các trang trước <b>không được lưu</b>. Khi làm thật, "
                "hãy bắt đầu với một tệp dữ liệu mới."
            ),
            self,
        )
        self.demo_note.setIndent(24)
        for key, button in (
            (START_IMPORT, self.import_choice),
            (START_DEMO, self.demo_choice),
            (START_EMPTY, self.empty_choice),
        ):
            button.setProperty("choice", key)
            self.choices.addButton(button)
            self.form.addRow(button)
            if button is self.demo_choice:
                self.form.addRow(self.demo_note)
        self.import_choice.setChecked(True)
        self.demo_choice.setVisible(demo_available and not has_households)
        self.demo_choice.toggled.connect(self.demo_note.setVisible)
        self.demo_choice.toggled.connect(self.initializePage)  # the summary changes
        self.demo_note.hide()
        self.summary = _label("", self)
        self.summary.setObjectName("summary")
        self.form.addRow(self.summary)
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # busy: the encryption does not say how far it is
        self.busy_bar.setTextVisible(False)
        self.form.addRow(self.busy_label)
        self.form.addRow(self.busy_bar)
        self.set_busy("")

    @property
    def choice(self) -> str:
        return self.choices.checkedButton().property("choice")

    def initializePage(self) -> None:
        self.summary.setText(self.wizard().summary_text())

    def set_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))
        self.busy_bar.setVisible(bool(text))
        for button in self.choices.buttons():
            button.setEnabled(not text)
