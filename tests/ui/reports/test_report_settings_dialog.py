"""The report settings dialog: shows the ward's defaults, saves what is typed, refuses
what the decree's layout cannot print."""

from __future__ import annotations

import pytest

from desktop.services.reporting.settings import load_report_settings
from desktop.ui.reports.settings_dialog import ReportSettingsDialog
from tests.builders import make_ward
from tests.ui.reading import error_text


@pytest.fixture
def ward_database(database):
    with database.session() as session:
        make_ward(session, "Cốc Lếu")
    return database


@pytest.fixture
def dialog(qtbot, ward_database) -> ReportSettingsDialog:
    opened = ReportSettingsDialog(ward_database)
    qtbot.addWidget(opened)
    return opened


def stored(database):
    with database.session() as session:
        return load_report_settings(session)


def test_it_opens_with_the_wards_defaults(dialog):
    assert dialog.issuing_agency.text() == "Công an phường Cốc Lếu"
    assert dialog.parent_agency.text() == "Công an tỉnh Lào Cai"
    assert dialog.number_pattern.text() == "{so}/BC-CAP"
    assert dialog.signer_title.toPlainText() == "TRƯỞNG CÔNG AN PHƯỜNG"
    assert dialog.recipients.toPlainText().splitlines()[-1] == "Lưu: VT, CAP."


def test_saving_stores_what_was_typed(dialog, ward_database):
    dialog.signer_title.setPlainText("KT. TRƯỞNG CÔNG AN PHƯỜNG\nPHÓ TRƯỞNG CÔNG AN PHƯỜNG")
    dialog.signer_name.setText("Thiếu tá Hoàng Thị Mai")
    dialog.recipients.setPlainText("Công an tỉnh Lào Cai (để báo cáo)\nLưu: VT, CAP.")

    dialog.accept()

    assert dialog.result() == ReportSettingsDialog.DialogCode.Accepted
    settings = stored(ward_database)
    assert settings.signer_name == "Thiếu tá Hoàng Thị Mai"
    assert settings.signer_title.splitlines() == [
        "KT. TRƯỞNG CÔNG AN PHƯỜNG",
        "PHÓ TRƯỞNG CÔNG AN PHƯỜNG",
    ]
    assert settings.recipients == ("Công an tỉnh Lào Cai (để báo cáo)", "Lưu: VT, CAP.")


def test_an_empty_issuing_agency_is_refused_and_the_cursor_goes_there(qtbot, dialog, ward_database):
    dialog.show()
    dialog.issuing_agency.clear()
    dialog.signer_name.setText("Thiếu tá Hoàng Thị Mai")

    dialog.accept()

    assert dialog.result() != ReportSettingsDialog.DialogCode.Accepted
    assert error_text(dialog) == "Cơ quan ban hành không được để trống."
    assert dialog.focusWidget() is dialog.issuing_agency
    assert stored(ward_database).signer_name == ""  # nothing stored


def test_an_unknown_placeholder_in_the_number_is_refused(dialog):
    dialog.number_pattern.setText("{so}/BC-{donvi}")
    dialog.accept()
    assert error_text(dialog).startswith("Ký hiệu số báo cáo chỉ dùng {so}")


def test_reset_puts_back_the_defaults_without_saving(dialog, ward_database):
    dialog.place.setText("Cốc Lếu")
    dialog.reset()
    assert dialog.place.text() == "Lào Cai"
    dialog.reject()
    assert stored(ward_database).place == "Lào Cai"
