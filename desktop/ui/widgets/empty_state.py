"""What the window shows when the database has no ward yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.widgets.icons import app_icon


class EmptyState(QWidget):
    """A friendly centre page: what is missing and how to get a ward to work on."""

    create_demo_requested = Signal()
    import_requested = Signal()
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None, demo_available: bool = True) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "index.html#bat-dau")  # F1 opens this page
        lamp = QLabel(self)
        lamp.setPixmap(app_icon().pixmap(96, 96))
        lamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Chưa có dữ liệu phường/xã"), self)
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.message = QLabel(
            self.tr(
                "Cơ sở dữ liệu này chưa có phường/xã nào.<br><br>"
                "Để dùng thử, hãy tạo <b>phường mẫu</b> (Cốc Lếu, 2.500 hộ): bấm nút bên dưới, "
                "hoặc gõ lệnh <b>denkhuya demo</b> rồi mở lại Đèn Khuya.<br><br>"
                "Để làm việc thật, hãy <b>nhập danh sách hộ</b> từ tệp Excel phường đang giữ."
            ),
            self,
        )
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A centred, wrapped label needs its width fixed to get the height of all its lines.
        self.message.setFixedWidth(540)
        self.message.setMinimumHeight(self.message.heightForWidth(540))
        self.demo_button = QPushButton(self.tr("&Tạo phường mẫu để dùng thử"), self)
        self.demo_button.clicked.connect(self.create_demo_requested)
        self.demo_button.setVisible(demo_available)
        self.import_button = QPushButton(self.tr("&Nhập danh sách hộ từ Excel…"), self)
        self.import_button.clicked.connect(self.import_requested)
        self.reload_button = QPushButton(self.tr("&Tải lại"), self)
        self.reload_button.clicked.connect(self.reload_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (lamp, title, self.message):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(12)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
