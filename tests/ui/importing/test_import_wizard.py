"""The import wizard, driven as a person would: file, mapping, review, import."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from desktop.db.models import Resident
from desktop.services.importing import IGNORED
from desktop.ui.importing.wizard import DONE, FILE, MAPPING, REVIEW, WORKBOOK_FILTER, ImportWizard
from tests.conftest import TODAY
from tests.services.importing.workbooks import person, write_ward_list


@pytest.fixture
def ward_list(tmp_path):
    return write_ward_list(
        tmp_path / "ds-to-1.xlsx",
        {
            "Tổ 1": [
                person(
                    "NGUYỄN VĂN AN",
                    date(1980, 3, 5),
                    "Nam",
                    "Chủ hộ",
                    10080012345,
                    912345678,
                    "Số 12, ngõ 5, đường Hoàng Liên",
                    "Mức 2",
                    "Có",
                ),
                person("Trần Thị Bình", "12/07/1983", "Nữ", "Vợ", "010183 012346"),
                person("", "1990", "Nữ", "Con"),
                person("Nguyễn Thị Em", "31/02/2012", "Nữ", "Con"),
            ]
        },
    )


@pytest.fixture
def wizard(qtbot, database, runner, ward_list):
    dialog = ImportWizard(database, runner, TODAY, path=ward_list)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _next(qtbot, wizard) -> None:
    assert wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def _stored_names(database) -> list[str]:
    with database.session() as session:
        return session.scalars(select(Resident.full_name).order_by(Resident.id)).all()


def test_choose_map_review_and_import(qtbot, wizard, database, tmp_path, monkeypatch):
    assert wizard.step() == FILE
    _next(qtbot, wizard)

    assert wizard.step() == MAPPING
    mapping = wizard.mapping_page
    assert mapping.sheet_box.currentText() == "Tổ 1"
    assert mapping.group_edit.text() == "Tổ 1"
    assert mapping.ward_edit.text() == "Cốc Lếu"
    assert mapping.combo(1).currentText() == "Họ và tên"
    assert mapping.combo(4).currentText() == "Quan hệ với chủ hộ"
    assert mapping.table.item(1, 1).text() == "NGUYỄN VĂN AN"  # the preview, as written
    assert mapping.table.item(1, 5).text() == "10080012345"
    # The user decides not to import the phone column.
    mapping.combo(6).setCurrentIndex(mapping.combo(6).findData(IGNORED))
    _next(qtbot, wizard)

    assert wizard.step() == REVIEW
    review = wizard.review_page
    shown = {key: label.text() for key, label in review.count_labels.items()}
    assert shown == {
        "added": "3",
        "updated": "0",
        "unchanged": "0",
        "rejected": "1",
        "warnings": "1",
    }
    rows = [
        [review.problems.item(row, column).text() for column in range(5)]
        for row in range(review.problems.rowCount())
    ]
    assert rows == [
        ["Tổ 1", "11", "HỌ VÀ TÊN", "Lỗi", "Thiếu họ và tên; dòng này không được nhập."],
        [
            "Tổ 1",
            "12",
            "Ngày sinh",
            "Cảnh báo",
            "Ngày sinh “31/02/2012” không có thật. Chưa lưu ngày sinh, giữ năm sinh 2012.",
        ],
    ]
    assert _stored_names(database) == []  # nothing written by the review

    saved_to = tmp_path / "loi.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved_to), "Excel (*.xlsx)")
    )
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    saved = list(load_workbook(saved_to).active.iter_rows(min_row=3, values_only=True))
    assert [(row[1], row[2], row[4]) for row in saved] == [
        (11, "HỌ VÀ TÊN", "Lỗi"),
        (12, "Ngày sinh", "Cảnh báo"),
    ]

    with qtbot.waitSignal(wizard.data_changed):
        _next(qtbot, wizard)

    assert wizard.step() == DONE
    assert "thêm mới 3, cập nhật 0, không đổi 0" in wizard.done_page.outcome.text()
    assert _stored_names(database) == ["Nguyễn Văn An", "Trần Thị Bình", "Nguyễn Thị Em"]
    with database.session() as session:
        assert session.scalars(select(Resident.phone)).all() == [None, None, None]
    _next(qtbot, wizard)
    assert wizard.result is not None and not wizard.isVisible()


def test_cancel_during_the_import_changes_nothing(qtbot, wizard, database):
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert wizard.step() == REVIEW

    def press_cancel(_value: int) -> None:
        # The first progress report of the import: the user presses "Dừng".
        if wizard.busy and wizard.cancel_button.text() == "Dừng":
            qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)

    wizard.progress_bar.valueChanged.connect(press_cancel)
    _next(qtbot, wizard)

    assert wizard.step() == REVIEW
    assert wizard.status.text() == "Đã dừng theo yêu cầu; không có gì thay đổi."
    assert wizard.isVisible()
    assert _stored_names(database) == []


def test_a_file_that_cannot_be_read_is_said_in_the_window(qtbot, database, runner, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    wizard = ImportWizard(database, runner, TODAY, path=path)
    qtbot.addWidget(wizard)
    wizard.show()

    _next(qtbot, wizard)

    assert wizard.step() == FILE
    assert wizard.status.text().startswith("Tệp “ds.xlsx” không phải bảng tính Excel")


def test_a_list_with_no_importable_row_cannot_be_imported(qtbot, database, runner, tmp_path):
    path = write_ward_list(tmp_path / "loi.xlsx", {"Tổ 1": [person("", "1990", None, "Chủ hộ")]})
    wizard = ImportWizard(database, runner, TODAY, path=path)
    qtbot.addWidget(wizard)
    wizard.show()

    _next(qtbot, wizard)
    _next(qtbot, wizard)

    assert wizard.step() == REVIEW
    assert wizard.status.text().startswith("Không nhập được dòng nào")
    assert not wizard.next_button.isEnabled()
    assert wizard.review_page.save_button.isEnabled()
    assert wizard.review_page.problems.rowCount() == 1


def test_the_window_opens_the_import_wizard_from_the_file_menu(
    database, runner, qtbot, monkeypatch
):
    from desktop.ui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(ImportWizard, "exec", lambda wizard: opened.append(wizard) or 0)
    window = MainWindow(database, runner=runner)
    qtbot.addWidget(window)
    window.commands.import_households.trigger()
    assert len(opened) == 1
    assert window.commands.import_households.shortcut().toString() == "Ctrl+I"


def test_the_review_lists_the_columns_left_out_and_one_can_be_taken_in(
    qtbot, database, runner, tmp_path
):
    headings = ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Dân tộc", "Đã làm"]
    path = write_ward_list(
        tmp_path / "ds.xlsx",
        {
            "Tổ 1": [
                [None, "Nguyễn Văn An", 1980, "Chủ hộ", "Kinh", "x"],
                [None, "Trần Thị Bình", 1983, "Vợ", "Tày", None],
            ]
        },
        headings=headings,
    )
    wizard = ImportWizard(database, runner, TODAY, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    _next(qtbot, wizard)

    box = wizard.review_page.ignored
    assert box.isVisible()
    table = box.table
    assert [
        [table.item(row, column).text() for column in range(3)] for row in range(table.rowCount())
    ] == [["Tổ 1", "E", "Dân tộc"], ["Tổ 1", "F", "Đã làm"]]

    # "Đã làm" is the campaign's "KH" column after all: take it in as level 2.
    box.combo(1).setCurrentIndex(box.combo(1).findData("level2_mark"))

    assert wizard.step() == REVIEW
    assert [column.letter for column in box.columns] == ["E"]
    assert wizard.mapping_page.sheets[0].columns[5] == "level2_mark"
    with qtbot.waitSignal(wizard.data_changed):
        _next(qtbot, wizard)
    with database.session() as session:
        levels = session.execute(select(Resident.full_name, Resident.vneid_level)).all()
    assert sorted(tuple(row) for row in levels) == [("Nguyễn Văn An", 2), ("Trần Thị Bình", 0)]


def test_no_box_when_every_column_is_read(qtbot, wizard):
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert not wizard.review_page.ignored.isVisible()


def test_a_csv_file_is_offered_and_read(qtbot, database, runner, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Tổ,Họ và tên,Quan hệ với chủ hộ\nTổ 1,Nguyễn Văn An,Chủ hộ\n", encoding="utf-8-sig"
    )
    wizard = ImportWizard(database, runner, TODAY, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.mapping_page.ward_edit.setText("Cốc Lếu")
    _next(qtbot, wizard)
    wizard.mapping_page.ward_edit.setText("Cốc Lếu")
    _next(qtbot, wizard)
    assert wizard.step() == REVIEW
    assert wizard.review_page.count_labels["added"].text() == "1"
    assert "*.csv" in WORKBOOK_FILTER
