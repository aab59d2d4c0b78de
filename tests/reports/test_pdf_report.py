"""The PDF reports: Vietnamese text intact, the official layout where the decree puts it
(Nghị định 30/2020/NĐ-CP), page numbers from page 2, table headers on every page."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pdfplumber
import pytest
from reportlab.lib.units import mm

from desktop.reports.data import PendingGroup, PendingPerson, PendingReport, ReportHeading
from desktop.reports.pdf_report import write_report_pdf
from desktop.services.progress import Cancelled, Progress
from desktop.services.reporting.export import ReportRequest, build_report
from desktop.services.reporting.settings import (
    default_report_settings,
    load_report_settings,
    save_report_settings,
)
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


# --- The pending list of a city: a page's worth of rows at a time ---------------------


def _person(n: int, address: str | None = None) -> PendingPerson:
    return PendingPerson(
        full_name=f"Nguyễn Thị Ước {n}",
        birth_year=1980,
        masked_id="••••••••" + f"{n % 10000:04d}",
        household_code=f"COCLEU-{n:05d}",
        address=address or f"Số {n}, ngõ 12, đường Hoàng Liên",
        head_name="Nguyễn Văn Đông",
        services=("Cài VNeID (mức 1)", "Thu hồ sơ mức 2", "Cài Báo cháy 114")[: 1 + n % 3],
        reason="Chưa đến hộ" if n % 2 else "Vắng nhà (lần đến 25/11/2026)",
    )


def _list_of(*groups: PendingGroup) -> PendingReport:
    heading = ReportHeading(
        replace(default_report_settings(None), number_pattern="{so}/DS-CAP"),
        TODAY,
        "Người dân còn phải thực hiện Tháng cao điểm",
        "Danh sách còn phải làm",
        title="DANH SÁCH",
        addressed=False,
    )
    return PendingReport(heading, "Tháng cao điểm", TODAY, groups)


def _row_numbers(words: list[dict]) -> list[int]:
    """The STT of each row on a page: the numbers at the table's left edge."""
    return [int(w["text"]) for w in words if w["x0"] < LEFT + 4 and w["text"].isdigit()]


@dataclass
class _Page:
    text: str
    words: list[dict]
    verticals: list[dict]  # the table's vertical rules
    chars: list[dict]


@pytest.fixture(scope="module")
def long_list(tmp_path_factory):
    """A group of 400 people, addresses of one to five lines, after a short group: the
    pages as read back, and the progress calls made while laying them out."""
    addresses = {
        n: "Số 7, ngách 174/14, phố Trần Đăng Ninh, tổ dân phố số 12, phường Cốc Lếu "
        "(gần chợ Cốc Lếu, đối diện trường tiểu học Kim Đồng)"
        for n in range(5, 401, 7)
    }
    people = tuple(_person(n, addresses.get(n)) for n in range(1, 401))
    report = _list_of(PendingGroup("Tổ 1", people[:3], 3), PendingGroup("Tổ 2", people, 400))
    path = tmp_path_factory.mktemp("list") / "danh-sach.pdf"
    calls: list[tuple[int, int]] = []
    pages = write_report_pdf(report, str(path), lambda page, total: calls.append((page, total)))
    with pdfplumber.open(path) as pdf:
        read = [
            _Page(
                page.extract_text(),
                page.extract_words(),
                [line for line in page.lines if line["x0"] == line["x1"]],
                page.chars,
            )
            for page in pdf.pages
        ]
    assert len(read) == pages
    return read, calls


def test_a_long_list_prints_every_row_once_in_order_on_pages_it_fits(long_list):
    pages, _ = long_list
    assert len(pages) > 10
    numbers = [_row_numbers(page.words) for page in pages]
    assert [n for page in numbers for n in page] == [1, 2, 3, *range(1, 401)]
    for page in pages[1:]:
        # The table stays inside the frame; its header once, at the top of the page.
        assert min(line["top"] for line in page.verticals) >= TOP - TOLERANCE
        assert max(line["bottom"] for line in page.verticals) <= PAGE_HEIGHT - BOTTOM + TOLERANCE
        assert page.text.count("Họ và tên") == (2 if "Tổ 2:" in page.text else 1)
        body = [c for c in page.chars if c["bottom"] >= TOP]
        assert max(c["x1"] for c in body) <= PAGE_WIDTH - RIGHT + TOLERANCE
        assert max(c["bottom"] for c in body) <= PAGE_HEIGHT - BOTTOM + TOLERANCE


def test_no_row_of_a_long_list_is_cut_across_two_pages(long_list):
    """Each five-line address is on the page of its row, from its first word to its
    last."""
    pages, _ = long_list
    for page in pages:
        words = [w["text"] for w in page.words]
        rows = {int(w[-4:]) for w in words if w.startswith("••••••••")}
        long_rows = [n for n in rows if n >= 5 and n % 7 == 5]
        assert words.count("(gần") == words.count("Đồng)") == len(long_rows), rows


def test_progress_follows_every_page_of_a_long_list_with_a_close_estimate(long_list):
    pages, calls = long_list
    assert [page for page, _ in calls] == list(range(1, len(pages) + 1))
    first_estimate = calls[0][1]
    assert abs(first_estimate - len(pages)) <= max(2, len(pages) // 10), first_estimate


def test_cancel_stops_a_long_list_at_the_page_it_was_asked(tmp_path):
    report = _list_of(PendingGroup("Tổ 1", tuple(map(_person, range(1, 2001))), 2000))
    seen: list[int] = []

    def on_page(page: int, total: int) -> None:
        seen.append(page)
        if page == 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        write_report_pdf(report, str(tmp_path / "huy.pdf"), on_page)
    assert seen == [1, 2, 3]


def test_row_numbers_and_long_words_stay_whole_inside_their_columns(tmp_path):
    """STT 1000 and above widen their column rather than wrap; a word wider than its
    column (an address written without spaces) is broken, not cut off."""
    endless = "Số7ngách174/14phốTrầnĐăngNinhtổdânphốsố12phườngCốcLếu"
    people = tuple(_person(n, endless if n == 1000 else f"Số {n}") for n in range(1, 1003))
    report = _list_of(PendingGroup("Tổ 1", people, 1002))
    path = tmp_path / "dai.pdf"
    write_report_pdf(report, str(path))
    with pdfplumber.open(path) as pdf:
        numbers = [_row_numbers(page.extract_words()) for page in pdf.pages[-3:]]
        assert [n for page in numbers for n in page][-3:] == [1000, 1001, 1002]
        page = pdf.pages[-3:][next(i for i, page in enumerate(numbers) if 1000 in page)]
        heading = found(page, "Địa chỉ")
        borders = sorted({round(line["x0"], 1) for line in page.lines if line["x0"] == line["x1"]})
        left, right = (
            max(x for x in borders if x < heading["x0"]),
            min(x for x in borders if x > heading["x1"]),
        )
        column = sorted(
            (c for c in page.chars if left < c["x0"] < right and c["top"] > heading["bottom"]),
            key=lambda c: (round(c["top"]), c["x0"]),
        )
    assert endless in "".join(c["text"] for c in column)
    assert max(c["x1"] for c in column) <= right


def test_the_pending_list_is_numbered_as_a_list(station, tmp_path):
    report = make(station, ReportRequest("pending", on=TODAY))
    path = tmp_path / "danh-sach.pdf"
    write_report_pdf(report, str(path))
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        assert first.search("/DS-CAP", regex=False)
        assert not first.search("/BC-CAP", regex=False)
        assert "DANH SÁCH" in first.extract_text()
