"""Report settings: defaults from the ward, stored and checked, used by every report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Setting
from desktop.domain.errors import UserError
from desktop.services.reporting.daily import daily_report
from desktop.services.reporting.settings import (
    REPORT_SETTINGS_KEY,
    ReportSettings,
    default_report_settings,
    fill_demo_report_settings,
    load_report_settings,
    save_report_settings,
    unit_report_settings,
)
from desktop.services.wards import current_ward
from tests.builders import make_ward
from tests.services.reporting.station import SECOND_NIGHT


def test_without_anything_stored_the_ward_gives_the_defaults(database):
    with database.session() as session:
        make_ward(session, "Cốc Lếu")
        settings = load_report_settings(session)
    assert settings == ReportSettings(
        parent_agency="Công an tỉnh Lào Cai",
        issuing_agency="Công an phường Cốc Lếu",
        number_pattern="{so}/BC-CAP",
        place="Lào Cai",
        addressee="Công an tỉnh Lào Cai",
        signer_title="TRƯỞNG CÔNG AN PHƯỜNG",
        signer_name="",
        recipients=(
            "Công an tỉnh Lào Cai (để báo cáo)",
            "Đảng ủy, UBND phường Cốc Lếu (để báo cáo)",
            "Lưu: VT, CAP.",
        ),
    )
    assert settings.recipient_lines == (
        "- Công an tỉnh Lào Cai (để báo cáo);",
        "- Đảng ủy, UBND phường Cốc Lếu (để báo cáo);",
        "- Lưu: VT, CAP.",
    )


def test_the_number_leaves_room_for_the_clerk_or_takes_the_year(database):
    with database.session() as session:
        make_ward(session)
        settings = load_report_settings(session)
    assert settings.number_text(date(2026, 1, 5)) == "Số: " + "\u00a0" * 8 + "/BC-CAP"
    yearly = replace(settings, number_pattern="{so}/{nam}/BC-CAP")
    assert yearly.number_text(date(2026, 1, 5), "12") == "Số: 12/2026/BC-CAP"


def test_saved_settings_are_tidied_stored_audited_and_used_by_the_reports(station):
    with station.database.session() as session:
        saved = save_report_settings(
            session,
            replace(
                load_report_settings(session),
                issuing_agency="  Công an  phường Cốc Lếu ",
                signer_title="kt. trưởng công an phường\nphó trưởng công an phường",
                signer_name="Thiếu tá Lò Văn Páo",
                recipients=("- Công an tỉnh Lào Cai;", "", "Lưu: VT, ĐTTH."),
            ),
        )
    assert saved.issuing_agency == "Công an phường Cốc Lếu"
    assert saved.signer_title == "KT. TRƯỞNG CÔNG AN PHƯỜNG\nPHÓ TRƯỞNG CÔNG AN PHƯỜNG"
    assert saved.recipients == ("Công an tỉnh Lào Cai;", "Lưu: VT, ĐTTH.")
    assert saved.recipient_lines == ("- Công an tỉnh Lào Cai;", "- Lưu: VT, ĐTTH.")
    with station.database.session() as session:
        assert load_report_settings(session) == saved
        stored = session.get(Setting, REPORT_SETTINGS_KEY)
        assert stored.value["signer_name"] == "Thiếu tá Lò Văn Páo"
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_key == REPORT_SETTINGS_KEY)
        ).one()
        assert entry.changes["signer_name"] == [None, "Thiếu tá Lò Văn Páo"]
        report = daily_report(session, SECOND_NIGHT)
    assert report.heading.settings == saved


def test_recipients_without_an_archive_line_end_with_one(database):
    with database.session() as session:
        make_ward(session)
        settings = replace(load_report_settings(session), recipients=("Công an tỉnh",))
    assert settings.recipient_lines == ("- Công an tỉnh;", "- Lưu: VT.")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("issuing_agency", "  ", "Cơ quan ban hành không được để trống."),
        ("place", "", "Địa danh không được để trống."),
        ("signer_title", "", "Chức vụ người ký không được để trống."),
        ("number_pattern", "{so}/BC-{donvi}", "Ký hiệu số báo cáo chỉ dùng {so}"),
        ("number_pattern", "{so/BC-CAP", "Ký hiệu số báo cáo chỉ dùng {so}"),
        ("signer_name", "x" * 201, "Họ tên người ký dài quá 200 ký tự"),
    ],
)
def test_bad_values_are_refused_with_one_sentence_and_nothing_stored(
    database, field, value, message
):
    with database.session() as session:
        make_ward(session)
        settings = replace(load_report_settings(session), **{field: value})
        with pytest.raises(UserError, match=message.replace("{", r"\{").replace("}", r"\}")):
            save_report_settings(session, settings)
        assert session.get(Setting, REPORT_SETTINGS_KEY) is None


def test_the_demo_fills_the_settings_for_its_ward_with_a_signer(database):
    with database.session() as session:
        ward = make_ward(session, "Kim Tân")
        fill_demo_report_settings(session, ward)
    with database.session() as session:
        settings = load_report_settings(session)
        assert settings.issuing_agency == "Công an phường Kim Tân"
        assert settings.signer_name
        assert settings == replace(
            default_report_settings(current_ward(session)), signer_name=settings.signer_name
        )


def test_an_unreadable_stored_value_falls_back_to_the_defaults(database):
    with database.session() as session:
        make_ward(session)
        session.add(Setting(key=REPORT_SETTINGS_KEY, value={"issuing_agency": "", "place": 3}))
        session.flush()
        assert load_report_settings(session) == default_report_settings(current_ward(session))


def test_a_city_ward_reports_to_its_city_police_not_a_province():
    settings = unit_report_settings("Phường", "Hải Châu", "Đà Nẵng", "Công an phường Hải Châu")
    assert settings.parent_agency == "Công an thành phố Đà Nẵng"
    assert settings.addressee == "Công an thành phố Đà Nẵng"
    assert settings.number_pattern == "{so}/BC-CAP"
    commune = unit_report_settings("Xã", "Bát Xát", "Lào Cai", "Công an xã Bát Xát")
    assert (commune.parent_agency, commune.number_pattern) == (
        "Công an tỉnh Lào Cai",
        "{so}/BC-CAX",
    )
