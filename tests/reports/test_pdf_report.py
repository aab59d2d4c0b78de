"""The PDF reports: Vietnamese text intact, the official layout where the decree puts it
(Nghị định 30/2020/NĐ-CP), page numbers from page 2, table headers on every page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pdfplumber
import pytest
from reportlab.lib.units import mm

from desktop.reports.data import PendingGroup, PendingPerson
from desktop.reports.pdf_report import write_report_pdf
from desktop.services.progress import Progress
from desktop.services.reporting.export import ReportRequest, build_report
from desktop.services.reporting.settings import load_report_settings, save_report_settings
from tests.conftest import TODAY
from tests.services.reporting import fixtures
from tests.services.reporting.station import COUNT_KEYS, SECOND_NIGHT

PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 297 * mm
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
RIGHT_COLUMN_STARTS = PAGE_WIDTH - RIGHT - 95 * mm  # the national title's column
TOLERANCE = 1.0  # points

station_file, station = fixtures.station_file, fixtures.station  # the shared fixtures


def make(station, request: ReportRequest, signer: str = "Thiếu tá Lò Văn Páo"):
    with station.database.session() as session:
        save_report_settings(session, replace(load_report_settings(session), signer_name=signer))
        return build_report(session, request, Progress())


@pytest.fixture
def daily_pdf(station, tmp_path):
    report = make(station, ReportRequest("daily", day=SECOND_NIGHT, remarks="Tổ 3 chưa đến."))
    path = tmp_path / "bao-cao-ngay.pdf"
    write_report_pdf(report, str(path))
    return path


def found(page, text: str) -> dict:
    """The one place `text` is on the page, with its characters."""
    matches = page.search(text, regex=False)
    assert len(matches) == 1, f"{text!r}: {len(matches)} matches"
    return matches[0]


def fonts(match) -> set[str]:
    return {char["fontname"].split("+")[-1] for char in match["chars"]}


def sizes(match) -> set[float]:
    return {round(char["size"], 1) for char in match["chars"]}


def rules_under(rules: list[dict], match: dict) -> list[dict]:
    """The horizontal rules just under a piece of text, within its width."""
    return [
        rule
        for rule in rules
        if 0 < rule["top"] - match["bottom"] < 6
        and rule["x0"] >= match["x0"] - 1
        and rule["x1"] <= match["x1"] + 1
    ]


def on_one_line(match) -> bool:
    return max(c["top"] for c in match["chars"]) - min(c["top"] for c in match["chars"]) < 1


def test_the_text_comes_back_with_its_vietnamese_intact(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    for phrase in (
        "CÔNG AN TỈNH LÀO CAI",
        "CÔNG AN PHƯỜNG CỐC LẾU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lào Cai, ngày 25 tháng 11 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện Tháng cao điểm 50 ngày ngày 25/11/2026",
        "Kính gửi: Công an tỉnh Lào Cai",
        "I. KẾT QUẢ ĐÊM 25/11/2026",
        "Tổ công tác 1",
        "Khác",
        "Tổ 3 chưa đến.",
        "TRƯỞNG CÔNG AN PHƯỜNG",
        "Thiếu tá Lò Văn Páo",
        "Nơi nhận:",
        "- Đảng ủy, UBND phường Cốc Lếu (để báo cáo);",
        "- Lưu: VT, CAP.",
        "Biểu đồ: Tỷ lệ người từ 14 tuổi trở lên đã có định danh điện tử mức 2",
    ):
        assert phrase in text, phrase


def test_only_the_bundled_liberation_serif_is_used(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        used = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
    assert used <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }, used


def test_national_title_and_motto_are_bold_on_one_line_each_in_the_right_column(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        page = pdf.pages[0]
        title = found(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        motto = found(page, "Độc lập - Tự do - Hạnh phúc")
        rules = page.lines
    for match, size in ((title, 12.0), (motto, 13.0)):
        assert on_one_line(match)
        assert fonts(match) == {"LiberationSerif-Bold"}
        assert sizes(match) == {size}
        assert match["x0"] >= RIGHT_COLUMN_STARTS - TOLERANCE
        assert match["x1"] <= PAGE_WIDTH - RIGHT + TOLERANCE
    assert title["top"] < motto["top"]
    assert title["top"] >= TOP - TOLERANCE  # within the top margin's line
    # A rule as long as the motto, just under it.
    under = rules_under(rules, motto)
    assert len(under) == 1
    assert abs((under[0]["x1"] - under[0]["x0"]) - (motto["x1"] - motto["x0"])) < 2


def test_agency_block_number_and_date_sit_where_the_decree_puts_them(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        page = pdf.pages[0]
        parent = found(page, "CÔNG AN TỈNH LÀO CAI")
        issuer = found(page, "CÔNG AN PHƯỜNG CỐC LẾU")
        number = found(page, "/BC-CAP")
        dated = found(page, "Lào Cai, ngày 25 tháng 11 năm 2026")
        title = found(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        rules = page.lines
    assert fonts(parent) == {"LiberationSerif"} and fonts(issuer) == {"LiberationSerif-Bold"}
    for match in (parent, issuer, number):
        assert match["x0"] >= LEFT - TOLERANCE and match["x1"] <= RIGHT_COLUMN_STARTS
    assert parent["top"] < issuer["top"] < number["top"]
    assert abs(parent["top"] - title["top"]) < 1  # the two blocks start level
    # A short rule under the issuing agency: a third to a half of the name, centred.
    under = rules_under(rules, issuer)
    assert len(under) == 1
    width = issuer["x1"] - issuer["x0"]
    assert width / 3 - 1 <= under[0]["x1"] - under[0]["x0"] <= width / 2 + 1
    centre = (issuer["x0"] + issuer["x1"]) / 2
    assert abs((under[0]["x0"] + under[0]["x1"]) / 2 - centre) < 1
    # The date in italics, centred under the national title, level with "Số:".
    assert fonts(dated) == {"LiberationSerif-Italic"} and on_one_line(dated)
    assert abs((dated["x0"] + dated["x1"]) / 2 - (title["x0"] + title["x1"]) / 2) < 1
    assert abs(dated["bottom"] - number["bottom"]) < 1


def test_signature_and_recipients_close_the_report(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        page = pdf.pages[-1]
        received = found(page, "Nơi nhận:")
        archive = found(page, "- Lưu: VT, CAP.")
        signer = found(page, "TRƯỞNG CÔNG AN PHƯỜNG")
        name = found(page, "Thiếu tá Lò Văn Páo")
        ending = found(page, "./.")
    assert fonts(received) == {"LiberationSerif-BoldItalic"} and sizes(received) == {12.0}
    assert sizes(archive) == {11.0} and fonts(archive) == {"LiberationSerif"}
    assert received["x0"] == pytest.approx(LEFT, abs=TOLERANCE)
    assert fonts(signer) == {"LiberationSerif-Bold"}
    assert signer["x0"] > PAGE_WIDTH / 2 - 10 * mm and abs(signer["top"] - received["top"]) < 8
    assert name["top"] - signer["bottom"] > 20 * mm  # room to sign and stamp
    assert ending["top"] < signer["top"]  # the last paragraph stays on the signature's page


def test_pages_are_numbered_from_the_second_centred_in_the_top_margin(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        assert len(pdf.pages) >= 2
        first_top = min(char["top"] for char in pdf.pages[0].chars)
        assert first_top >= TOP - TOLERANCE  # nothing printed in page 1's top margin
        for number, page in enumerate(pdf.pages[1:], start=2):
            in_margin = [c for c in page.chars if c["bottom"] < TOP]
            assert "".join(c["text"] for c in in_margin) == str(number)
            centre = (in_margin[0]["x0"] + in_margin[-1]["x1"]) / 2
            assert centre == pytest.approx(LEFT + (PAGE_WIDTH - LEFT - RIGHT) / 2, abs=2)


def test_the_text_stays_inside_the_margins(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        for page in pdf.pages:
            body = [c for c in page.chars if c["bottom"] >= TOP]
            assert min(c["x0"] for c in body) >= LEFT - TOLERANCE
            assert max(c["x1"] for c in body) <= PAGE_WIDTH - RIGHT + TOLERANCE
            assert max(c["bottom"] for c in body) <= PAGE_HEIGHT - BOTTOM + TOLERANCE


def test_the_chart_shows_each_groups_level_2_rate(daily_pdf):
    with pdfplumber.open(daily_pdf) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    # Tổ 1: 1 of 4 aged 14+ at level 2; Tổ 2: 3 of 4; Tổ 3: 0 of 1; the unit: 4 of 9.
    for label in ("25,0%", "75,0%", "0,0%", "Toàn đơn vị: 44,4%"):
        assert label in text, label


def test_long_tables_repeat_their_header_on_every_page(station, tmp_path):
    report = make(station, ReportRequest("pending", on=TODAY))
    many = tuple(
        PendingPerson(
            full_name=f"Nguyễn Thị Ước {n}",
            birth_year=1980,
            masked_id="••••••••" + f"{n:04d}",
            household_code=f"COCLEU-{n:05d}",
            address=f"Số {n}, ngõ 12, đường Hoàng Liên",
            head_name="Nguyễn Văn Đông",
            services=("Cài Báo cháy 114",),
            reason="Chưa đến hộ",
        )
        for n in range(1, 121)
    )
    long_report = replace(report, groups=(PendingGroup("Tổ 1", many, 120),))
    path = tmp_path / "dai.pdf"
    pages = write_report_pdf(long_report, str(path))
    assert pages >= 3
    with pdfplumber.open(path) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    with_rows = [text for text in texts if "Nguyễn Thị Ước" in text]
    assert len(with_rows) >= 3
    assert all("Họ và tên" in text and "Còn phải làm" in text for text in with_rows)
    assert "••••••••0120" in "\n".join(texts[-2:])
    assert "DANH SÁCH" in texts[0] and "Kính gửi" not in texts[0]


def test_the_official_date_has_leading_zeros_for_small_days_and_january_february():
    from desktop.reports.report_text import official_date

    assert official_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert official_date(date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert official_date(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert official_date(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"


def test_a_consolidated_report_lists_each_units_groups_under_its_total(tmp_path):
    from desktop.reports.data import ConsolidatedReport, CountRow, ReportHeading
    from desktop.services.reporting.settings import default_report_settings

    def counts(visited: int) -> dict[str, int]:
        return {"households_visited": visited, **dict.fromkeys(COUNT_KEYS[1:], 0)}

    settings = replace(
        default_report_settings(None), issuing_agency="Công an tỉnh Lào Cai", place="Lào Cai"
    )
    units = (CountRow("Công an phường Kim Tân", counts(21)), CountRow("Công an xã Cam Đường",
                                                                       counts(5)))  # fmt: skip
    groups = (
        ("Công an phường Kim Tân", CountRow("Tổ 9", counts(9))),
        ("Công an phường Kim Tân", CountRow("Tổ 12", counts(12))),
        ("Công an xã Cam Đường", CountRow("Thôn Tả Phời", counts(5))),
    )
    night = date(2026, 11, 25)
    report = ConsolidatedReport(
        heading=ReportHeading(settings, night, "Tổng hợp", "Báo cáo tổng hợp"),
        day=night,
        report="campaign",
        campaign_name="Tháng cao điểm",
        units=units,
        groups=groups,
        nights=(CountRow("24/11", counts(10)), CountRow("25/11", counts(16))),
        data_rows=(),
        total=counts(26),
        sources=("kim-tan.xlsx", "cam-duong.xlsx"),
        unchecked=("cam-duong.xlsx",),
    )
    path = tmp_path / "tong-hop.pdf"
    write_report_pdf(report, str(path))
    with pdfplumber.open(path) as pdf:
        lines = "\n".join(page.extract_text() for page in pdf.pages).splitlines()
    section = lines[lines.index("II. KẾT QUẢ THEO TỔ DÂN PHỐ CỦA TỪNG ĐƠN VỊ") :]
    body = "\n".join(section)
    expected = ["Công an phường Kim", "1 21 ", "1.1 Tổ 9 9 ", "1.2 Tổ 12 12 ",
                "2 Công an xã Cam Đường 5 ", "2.1 Thôn Tả Phời 5 "]  # fmt: skip
    places = [body.find(piece) for piece in expected]
    assert -1 not in places and places == sorted(places), places
    text = "\n".join(lines)
    assert "III. KẾT QUẢ CỦA CÁC ĐƠN VỊ THEO TỪNG ĐÊM" in text
    assert "chưa kiểm tra được cùng chiến dịch: cam-duong.xlsx." in text.replace("\n", " ")
