"""Adding or editing a resident: identity, contact and the campaign statuses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QWidget

from desktop.domain.errors import UserError
from desktop.domain.person import HEAD, RELATIONS, is_head
from desktop.services.residents import ResidentForm, ResidentInput
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.form_fields import TriStateCombo, parse_birth
from desktop.ui.widgets.formatting import birth_text
from desktop.ui.widgets.messages import confirm, show_refusal

CheckResident = Callable[[ResidentInput], tuple[ResidentInput, list[str]]]
SaveResident = Callable[[ResidentInput], object]
ShowHistory = Callable[[QWidget], object]  # shows the history over the dialog given


class ResidentDialog(FormDialog):
    """Asks for a resident's record, checks it, confirms warnings, then saves it.

    `check` is residents.check_resident_input through the gateway: its UserError (every
    error that stops the save, an ID number that is someone else's) is shown under
    the form first; only then are its warnings confirmed with "Vẫn lưu?" (default No).
    `save` writes; its UserError (another desk saved first) is a refusal.
    With `head=True` the relation is fixed to "Chủ hộ". With `show_history`, a button
    "Ai đã xem, sửa…" calls it with the dialog (for people who may read the audit trail).
    """

    def __init__(
        self,
        parent: QWidget | None,
        check: CheckResident,
        save: SaveResident,
        form: ResidentForm | None = None,
        head: bool = False,
        household_text: str = "",
        offer_another: bool = False,
        show_history: ShowHistory | None = None,
    ) -> None:
        super().__init__(parent, "")
        self.setProperty("help_page", "ho-dan.html#nhan-khau")  # F1 opens this page
        self._check = check
        self._save = save
        self.history_button = None
        if show_history is not None:
            self.history_button = self.buttons.addButton(
                self.tr("Ai đã &xem, sửa…"), QDialogButtonBox.ButtonRole.HelpRole
            )
            self.history_button.setToolTip(
                self.tr("Những ai đã xem, sửa hồ sơ này hoặc xuất tệp có người này (nhật ký)")
            )
            self.history_button.setAutoDefault(False)
            self.history_button.clicked.connect(lambda: show_history(self))
        self.add_another = False  # set when saved with "Lưu và thêm người"
        self._another_clicked = False
        if offer_another:
            another = self.buttons.addButton(
                self.tr("Lưu và thêm &người"), QDialogButtonBox.ButtonRole.ActionRole
            )
            another.setToolTip(self.tr("Lưu người này rồi mở ngay ô nhập người tiếp theo của hộ"))
            another.clicked.connect(self._save_and_add_another)
        self._head = head or (form is not None and is_head(form.relation))
        if form is not None:
            self.setWindowTitle(self.tr("Sửa nhân khẩu: {name}").format(name=form.full_name))
        elif self._head:
            self.setWindowTitle(self.tr("Thêm chủ hộ"))
        else:
            self.setWindowTitle(self.tr("Thêm nhân khẩu"))
        self.set_header(household_text)
        self._build_fields()
        self._fill(form)
        self.setMinimumWidth(500)

    def _build_fields(self) -> None:
        self.full_name = QLineEdit(self)
        self.full_name.setPlaceholderText(self.tr("ví dụ Nguyễn Thị Ước"))
        self.relation = QComboBox(self)
        self.relation.setEditable(True)
        self.relation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.relation.setMinimumWidth(220)
        if self._head:
            self.relation.addItem(HEAD)
            self.relation.setEnabled(False)
            self.relation.setToolTip(
                self.tr("Để đổi chủ hộ, dùng “Đặt làm chủ hộ” trên người mới.")
            )
        else:
            self.relation.addItems([r for r in RELATIONS if r != HEAD])
            self.relation.setCurrentIndex(-1)
            self.relation.lineEdit().setPlaceholderText(self.tr("ví dụ Vợ, Con, Mẹ"))
        self.birth = QLineEdit(self)
        self.birth.setPlaceholderText(self.tr("ngày/tháng/năm, hoặc chỉ năm sinh"))
        self.gender = QComboBox(self)
        self.gender.addItem(self.tr("Chưa rõ"), None)
        self.gender.addItem(self.tr("Nam"), "male")
        self.gender.addItem(self.tr("Nữ"), "female")
        self.personal_id = QLineEdit(self)
        self.personal_id.setPlaceholderText(self.tr("12 chữ số"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("ví dụ 0912345678"))
        self.chip_card = TriStateCombo(self)
        self.vneid_level = QComboBox(self)
        for level, text in ((0, self.tr("Chưa có")), (1, self.tr("Mức 1")), (2, self.tr("Mức 2"))):
            self.vneid_level.addItem(text, level)
        self.app_114 = TriStateCombo(self)
        self.documents = TriStateCombo(self)
        self.notes = QLineEdit(self)
        self.add_row(self.tr("&Họ và tên:"), self.full_name)
        self.add_row(self.tr("&Quan hệ với chủ hộ:"), self.relation)
        self.add_row(self.tr("Ngày &sinh:"), self.birth)
        self.add_row(self.tr("&Giới tính:"), self.gender)
        self.add_row(self.tr("Số định &danh:"), self.personal_id)
        self.add_row(self.tr("Điện th&oại:"), self.phone)
        self.add_row(self.tr("Thẻ &căn cước gắn chip:"), self.chip_card)
        self.add_row(self.tr("&Mức định danh điện tử:"), self.vneid_level)
        self.add_row(self.tr("Báo cháy &114:"), self.app_114)
        self.add_row(self.tr("&Tích hợp giấy tờ:"), self.documents)
        self.add_row(self.tr("Gh&i chú:"), self.notes)
        self.error_fields = [
            ("họ và tên", self.full_name),
            ("số định danh", self.personal_id),
            ("điện thoại", self.phone),
            ("ngày sinh", self.birth),
            ("năm sinh", self.birth),
            ("giới tính", self.gender),
            ("quan hệ", self.relation),
            ("chủ hộ", self.relation),
            ("mức 2", self.vneid_level),
            ("mức định danh", self.vneid_level),
        ]

    def _fill(self, form: ResidentForm | None) -> None:
        self._version = form.version if form else 0
        if form is None:
            return
        self.full_name.setText(form.full_name)
        if not self._head:
            self.relation.setCurrentText(form.relation)
        self.birth.setText(birth_text(form.birth_date, form.birth_year))
        self.gender.setCurrentIndex(max(self.gender.findData(form.gender), 0))
        self.personal_id.setText(form.personal_id or "")
        self.phone.setText(form.phone or "")
        self.chip_card.set_value(form.has_chip_card)
        self.vneid_level.setCurrentIndex(max(self.vneid_level.findData(form.vneid_level), 0))
        self.app_114.set_value(form.app_114)
        self.documents.set_value(form.documents_integrated)
        self.notes.setText(form.notes or "")

    def _save_and_add_another(self) -> None:
        self._another_clicked = True
        try:
            self.accept()
        finally:
            self._another_clicked = False

    @property
    def version(self) -> int:
        """The version of the resident the form was read at (0 when adding)."""
        return self._version

    def resident_input(self) -> ResidentInput:
        """The form's values as typed; raises UserError for a birth date it cannot read."""
        birth_date, birth_year = parse_birth(self.birth.text())
        return ResidentInput(
            full_name=self.full_name.text(),
            relation=HEAD if self._head else self.relation.currentText(),
            birth_date=birth_date,
            birth_year=birth_year,
            gender=self.gender.currentData(),
            personal_id=self.personal_id.text() or None,
            phone=self.phone.text() or None,
            has_chip_card=self.chip_card.value(),
            vneid_level=self.vneid_level.currentData(),
            app_114=self.app_114.value(),
            documents_integrated=self.documents.value(),
            notes=self.notes.text() or None,
        )

    def submit(self) -> bool:
        try:
            data = self.resident_input()
            _, warnings = self._check(data)
        except UserError as error:
            self.show_error(str(error))
            return False
        if warnings and not self._confirm_warnings(warnings):
            return False
        try:
            self._save(data)
        except UserError as error:
            self.show_error(str(error))
            show_refusal(self, error, self.tr("Không lưu được nhân khẩu"))
            return False
        self.add_another = self._another_clicked
        return True

    def _confirm_warnings(self, warnings: list[str]) -> bool:
        listed = "\n".join(f"• {warning}" for warning in warnings)
        return confirm(
            self,
            self.tr("Kiểm tra lại thông tin"),
            self.tr("{warnings}\n\nVẫn lưu?").format(warnings=listed),
        )
