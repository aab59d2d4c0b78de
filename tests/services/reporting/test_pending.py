"""The pending list: who is still owed what, and why, with ID numbers masked.

The expected people were worked out by hand from what the station entered (see
tests/services/reporting/station.py): who was met, what was done, who was activated.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.errors import UserError
from desktop.services.reporting.daily import daily_report
from desktop.services.reporting.pending import pending_report
from desktop.services.reporting.settings import load_report_settings, save_report_settings
from tests.conftest import TODAY
from tests.services.reporting.station import SECOND_NIGHT


def report(station, groups=()):
    with station.database.session() as session:
        return pending_report(session, TODAY, groups)


def people(result) -> dict[str, list[tuple[str, tuple[str, ...], str]]]:
    return {
        group.name: [(p.full_name, p.services, p.reason) for p in group.people]
        for group in result.groups
    }


def test_each_group_lists_who_is_still_owed_what_and_why(station):
    assert people(report(station)) == {
        "Tổ 1": [
            # Activated on the second night: only the documents remain.
            ("Nguyễn Văn An", ("Tích hợp giấy tờ",),
             "Đã gặp, chưa làm xong (lần đến 25/11/2026)"),
            # No chip card: the card application comes before level 2.
            ("Trần Văn Bình", ("Cài VNeID (mức 1)", "Cài Báo cháy 114",
                               "Thu hồ sơ CCCD gắn chíp"), "Vắng nhà (lần đến 25/11/2026)"),
            ("Trần Quốc Bảo", ("Cài VNeID (mức 1)", "Thu hồ sơ mức 2", "Cài Báo cháy 114"),
             "Vắng nhà (lần đến 25/11/2026)"),
        ],
        "Tổ 2": [
            ("Phạm Thị Diệu", ("Tích hợp giấy tờ",),
             "Đã gặp, chưa làm xong (lần đến 24/11/2026)"),
            # Activated at the station; away when team 1 came back.
            ("Vũ Thị Én", ("Cài Báo cháy 114", "Tích hợp giấy tờ"),
             "Không có nhà (lần đến 25/11/2026)"),
        ],
        "Tổ 3": [
            ("Hoàng Văn Ước", ("Cài VNeID (mức 1)", "Thu hồ sơ mức 2", "Cài Báo cháy 114"),
             "Chưa đến hộ"),
        ],
    }  # fmt: skip


def test_children_and_people_with_everything_done_are_not_listed(station):
    everyone = {p.full_name for group in report(station).groups for p in group.people}
    assert "Nguyễn Minh Khôi" not in everyone  # born 2016
    assert "Phạm Văn Cường" not in everyone  # level 2, 114 and documents already
    assert "Lê Thị Hoa" not in everyone and "Đỗ Văn Dũng" not in everyone


def test_id_numbers_keep_only_their_last_four_digits(station):
    result = report(station)
    bao = next(p for p in result.groups[0].people if p.full_name == "Trần Quốc Bảo")
    assert bao.masked_id == "••••••••1001"
    assert all(len(p.masked_id) == 12 and p.masked_id[:8] == "•" * 8
               for g in result.groups for p in g.people)  # fmt: skip


def test_counts_per_group_and_per_service(station):
    result = report(station)
    assert [(g.name, g.count, g.households) for g in result.groups] == [
        ("Tổ 1", 3, 2),
        ("Tổ 2", 2, 2),
        ("Tổ 3", 1, 1),
    ]
    assert result.people == 6
    assert result.service_totals == {
        "Cài VNeID (mức 1)": 3,
        "Thu hồ sơ mức 2": 2,
        "Cài Báo cháy 114": 4,
        "Tích hợp giấy tờ": 3,
        "Thu hồ sơ CCCD gắn chíp": 1,
    }


def test_groups_are_chosen_by_name_in_the_ward_order(station):
    result = report(station, ["tổ 3", "Tổ 1"])
    assert [group.name for group in result.groups] == ["Tổ 1", "Tổ 3"]
    assert "(Tổ 1, Tổ 3)" in result.heading.subject


def test_an_unknown_group_is_refused_with_the_groups_there_are(station):
    with pytest.raises(UserError) as refused:
        report(station, ["Tổ 9"])
    assert str(refused.value) == "Không có tổ dân phố “Tổ 9”; các tổ hiện có: Tổ 1, Tổ 2, Tổ 3."


@pytest.mark.parametrize(
    ("pattern", "printed"),
    [
        ("{so}/BC-CAP", "Số: " + "\u00a0" * 8 + "/DS-CAP"),
        ("{so}/{nam}/BC-CAP", "Số: " + "\u00a0" * 8 + "/2026/DS-CAP"),
        ("{so}/bc-cap", "Số: " + "\u00a0" * 8 + "/ds-cap"),
        ("{so}/BCA-CAP", "Số: " + "\u00a0" * 8 + "/BCA-CAP"),  # not a báo cáo's code
        ("{so}/CAP", "Số: " + "\u00a0" * 8 + "/CAP"),  # no kind code to change
    ],
)
def test_the_list_is_numbered_as_a_list_not_a_report(station, pattern, printed):
    with station.database.session() as session:
        settings = replace(load_report_settings(session), number_pattern=pattern)
        save_report_settings(session, settings)
        listed = pending_report(session, TODAY)
        daily = daily_report(session, SECOND_NIGHT)
    assert listed.heading.settings.number_text(TODAY) == printed
    assert daily.heading.settings.number_pattern == pattern  # a báo cáo keeps "BC"
    assert listed.heading.settings.issuing_agency == settings.issuing_agency
