"""The wizard's first and last steps: the file to import, and what the import did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class FilePage(QWidget):
    """Step 1: the file to import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            self.tr(
                "Chọn tệp Excel danh sách hộ gia đình, nhân khẩu mà phường đang dùng (.xlsx, "
                ".xls cũ, .ods), hoặc tệp .csv (ví dụ tệp Đèn Khuya đã xuất). Tệp có thể có "
                "nhiều trang, mỗi trang một tổ dân phố; tiêu đề, dòng số thứ tự cột, dòng tổng "
                "cộng và phần chữ ký được tự bỏ qua."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("Đường dẫn tệp"))
        self.path_edit.setPlaceholderText(self.tr("Đường dẫn tệp .xlsx, .xls, .ods hoặc .csv"))
        self.browse_button = QPushButton(self.tr("&Chọn tệp…"))
        label = QLabel(self.tr("&Tệp:"))
        label.setBuddy(self.path_edit)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addStretch(1)


class DonePage(QWidget):
    """Step 4: the outcome."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
