"""Asking the former head's new relation when another member becomes head."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.person import HEAD, RELATIONS
from desktop.services.registry import ResidentRow
from desktop.ui.widgets.form_dialog import FormDialog

# What the former head usually becomes, from the new head's relation to them.
_RECIPROCAL = {"Vợ": "Chồng", "Chồng": "Vợ", "Bố": "Con", "Mẹ": "Con"}


def suggested_relation(new_head: ResidentRow, former_head: ResidentRow | None) -> str:
    """A likely relation of the former head to the new one ("Vợ" → "Chồng", "Con" → "Bố")."""
    if new_head.relation in _RECIPROCAL:
        return _RECIPROCAL[new_head.relation]
    if new_head.relation == "Con" and former_head is not None and former_head.gender:
        return "Bố" if former_head.gender == "male" else "Mẹ"
    return ""


class HeadChangeDialog(FormDialog):
    """Confirms making a member the head and asks what the former head becomes."""

    def __init__(
        self, parent: QWidget | None, new_head: ResidentRow, former_head: ResidentRow | None
    ) -> None:
        super().__init__(parent, "")
        self.setWindowTitle(self.tr("Đặt làm chủ hộ"))
        self.save_button.setText(self.tr("Đổi &chủ hộ"))
        if former_head is None:
            self.set_header(self.tr("Đặt {name} làm chủ hộ.").format(name=new_head.full_name))
        else:
            self.set_header(
                self.tr(
                    "Đặt {new} làm chủ hộ thay {former}.\n"
                    "Sau khi đổi, {former} là gì của chủ hộ mới?"
                ).format(new=new_head.full_name, former=former_head.full_name)
            )
        self.former_relation = QComboBox(self)
        self.former_relation.setEditable(True)
        self.former_relation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.former_relation.addItems([r for r in RELATIONS if r != HEAD])
        self.former_relation.setCurrentText(suggested_relation(new_head, former_head))
        self.add_row(self.tr("&Quan hệ của chủ hộ cũ:"), self.former_relation)
        self.former_relation.setEnabled(former_head is not None)
        self.relation_text = ""
        self.setMinimumWidth(440)

    def submit(self) -> bool:
        text = " ".join(self.former_relation.currentText().split())
        if self.former_relation.isEnabled() and not text:
            self.show_error(self.tr("Hãy chọn quan hệ mới của chủ hộ cũ (ví dụ “Vợ”)."))
            return False
        self.relation_text = text or "Khác"
        return True
