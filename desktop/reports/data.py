"""The reports as plain data: what the Excel and PDF writers print, nothing more.

Services build these (desktop.services.reporting) and hand them to the writers of
this package, which import nothing above the domain.

Counts use the tally's eight keys (desktop.domain.campaign.COUNT_KEYS): households
visited, residents met and the six services, counted as the tally counts them (visits
by the shift's night and team, services by the ledger's day and the team credited,
"Khác" for none). A residential group is the group of the household visited or of the
resident served.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from desktop.domain.campaign import COUNT_KEYS

Counts = dict[str, int]

ARCHIVE_PREFIX = "Lưu:"  # the last line of "Nơi nhận": "- Lưu: VT, CAP."
_BLANK_NUMBER = "\u00a0" * 8  # the clerk writes the number in by hand

# The machine keys of the `Dữ liệu` sheet, in order (a contract with the consolidation
# at the city or provincial command: keep them exactly). Each row says what it belongs
# to: `campaign` (its name), `station` (the police station and province the row comes
# from: "Công an phường Cốc Lếu, Lào Cai"), `report` ("daily" or "campaign") and
# `up_to` (the last night that report counts: a daily report's night, or the night a
# campaign report runs up to). They come after the counts so that a formula or a
# script that reads the older columns by position still finds them where they were.
DATA_COLUMNS = ("unit", "group", "team", "date", *COUNT_KEYS, "campaign", "station", "report",
                "up_to")  # fmt: skip
# The sheet as reports made before those four columns wrote it: still read, as the
# daily reports they were (desktop.services.reporting.consolidation says how).
LEGACY_DATA_COLUMNS = DATA_COLUMNS[: 4 + len(COUNT_KEYS)]
DAILY_DATA, CAMPAIGN_DATA = "daily", "campaign"  # the values of `report`

# Column headings of the count tables, short enough for a 15 mm column.
COUNT_HEADINGS = {
    "households_visited": "Hộ đã đến",
    "residents_met": "Người đã gặp",
    "vneid_installed": "Cài VNeID",
    "level2_collected": "Thu hồ sơ mức 2",
    "level2_activated": "Kích hoạt mức 2",
    "app_114": "Cài Báo cháy 114",
    "documents": "Tích hợp giấy tờ",
    "chip_card_collected": "Thu hồ sơ CCCD",
}
# The same counts in running text ("… 90 người kích hoạt mức 2 …").
COUNT_WORDS = {
    "households_visited": "hộ đã đến",
    "residents_met": "người đã gặp",
    "vneid_installed": "người cài đặt VNeID",
    "level2_collected": "hồ sơ định danh điện tử mức 2 đã thu nhận",
    "level2_activated": "tài khoản mức 2 đã kích hoạt",
    "app_114": "người cài đặt ứng dụng Báo cháy 114",
    "documents": "người tích hợp giấy tờ vào VNeID",
    "chip_card_collected": "hồ sơ cấp CCCD gắn chíp",
}


def empty_counts() -> Counts:
    return dict.fromkeys(COUNT_KEYS, 0)


def add_counts(total: Counts, more: Counts) -> None:
    """Add `more` into `total`, key by key."""
    for key in COUNT_KEYS:
        total[key] += more.get(key, 0)


def sum_counts(rows: list[Counts] | tuple[Counts, ...]) -> Counts:
    total = empty_counts()
    for counts in rows:
        add_counts(total, counts)
    return total


@dataclass(frozen=True)
class CountRow:
    """One line of a count table: a team, a residential group, a night or a unit."""

    name: str
    counts: Counts


@dataclass(frozen=True)
class DataRow:
    """One row of the `Dữ liệu` sheet: a (team, group) pair on a night, and the report
    it belongs to (the campaign, the station, the kind of report and its last night).

    `campaign` and `station` are empty when unknown (a file made before the columns).
    """

    unit: str
    group: str
    team: str
    day: date
    counts: Counts
    campaign: str = ""
    station: str = ""
    report: str = DAILY_DATA
    up_to: date | None = None  # None: `day` (a daily report)

    @property
    def last_night(self) -> date:
        """The last night the row's report counts."""
        return self.up_to or self.day

    def values(self) -> list[str | int]:
        """The row in DATA_COLUMNS order (dates as ISO text)."""
        return [
            self.unit,
            self.group,
            self.team,
            self.day.isoformat(),
            *(self.counts.get(key, 0) for key in COUNT_KEYS),
            self.campaign,
            self.station,
            self.report,
            self.last_night.isoformat(),
        ]


@dataclass(frozen=True)
class TargetLine:
    """A target and how far it has come by the report's night."""

    level: str  # "ward", "group" or "team"
    scope: str  # "Phường Cốc Lếu", "Tổ 3", "Tổ công tác số 2"
    service: str
    label: str
    target: int
    done: int
    per_night: float
    projected_on: date | None  # at the pace so far; the day reached once reached
    reached: bool
    remaining: int
    needed_per_night: float | None  # to reach it by the campaign's last day

    @property
    def percent(self) -> float:
        return 100.0 if self.target == 0 else 100.0 * self.done / self.target


@dataclass(frozen=True)
class GroupStanding:
    """Where a residential group stands on the report's night: people aged 14 and over,
    those at level 2, and what is still to do there."""

    name: str
    households: int
    adults: int
    level2: int
    pending_level2: int  # aged 14+, not at level 2 and no application collected
    pending_app_114: int  # aged 14+, 114 not installed
    households_not_visited: int  # no visit of the campaign yet

    @property
    def percent(self) -> float:
        return 100.0 * self.level2 / self.adults if self.adults else 0.0


@dataclass(frozen=True)
class ReportSettings:
    """The agency, number, place, addressee, signer and recipients of the reports.

    Agencies are kept as written ("Công an phường Cốc Lếu") and printed in capitals;
    `issuing_agency` is also the `unit` of the reports' `Dữ liệu` sheet. The signer's
    title may have two lines ("KT. TRƯỞNG CÔNG AN PHƯỜNG" over "PHÓ TRƯỞNG CÔNG AN
    PHƯỜNG"). Recipients are the lines of "Nơi nhận", the last one "Lưu: VT, …".
    """

    parent_agency: str
    issuing_agency: str
    number_pattern: str  # "{so}/BC-CAP": {so} the number, {nam} the year
    place: str
    addressee: str  # "Kính gửi: …"
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        values = asdict(self)
        values["recipients"] = list(self.recipients)
        return values

    def number_text(self, issued_on: date, number: str | None = None) -> str:
        """ "Số:        /BC-CAP" (blank for the clerk) or with the number given."""
        filled = self.number_pattern.replace("{so}", number or _BLANK_NUMBER)
        return "Số: " + filled.replace("{nam}", str(issued_on.year))

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """The recipients as printed: "- X;" each, the archive line last ("- Lưu: VT, …")."""
        lines = [line for line in self.recipients if line.strip()]
        archive = [line for line in lines if line.startswith(ARCHIVE_PREFIX)]
        others = [line for line in lines if not line.startswith(ARCHIVE_PREFIX)]
        last = archive[-1] if archive else f"{ARCHIVE_PREFIX} VT."
        return (*(f"- {line.rstrip(';.')};" for line in others), f"- {last}")


@dataclass(frozen=True)
class ReportHeading:
    """What the official layout prints around the body (settings plus this report)."""

    settings: ReportSettings
    issued_on: date
    subject: str  # the line under the title
    file_title: str  # the title of the PDF and Excel file
    title: str = "BÁO CÁO"
    addressed: bool = True  # print "Kính gửi: …" (a report sent upward)


@dataclass(frozen=True)
class DailyReport:
    """Báo cáo ngày: one night's results by team and by group, against the targets."""

    heading: ReportHeading
    campaign_name: str
    starts_on: date
    ends_on: date
    day: date
    night_number: int
    nights_left: int
    teams: tuple[CountRow, ...]  # as `denkhuya tally` lists them, "Khác" last
    groups: tuple[CountRow, ...]  # every group of the ward, in order
    data_rows: tuple[DataRow, ...]  # one per (team, group) pair with any count
    total: Counts
    cumulative: Counts
    targets: tuple[TargetLine, ...]  # ward targets first, then groups, then teams
    standings: tuple[GroupStanding, ...]
    remarks: str = ""

    kind = "daily"


@dataclass(frozen=True)
class CampaignReport:
    """Báo cáo kết quả: the campaign up to a night, by group and by night, with the
    trend, the projection and what remains."""

    heading: ReportHeading
    campaign_name: str
    starts_on: date
    ends_on: date
    day: date  # the last night counted
    night_number: int
    nights_left: int
    groups: tuple[CountRow, ...]  # cumulative, every group
    nights: tuple[CountRow, ...]  # one per night from the first to `day` (name: dd/mm)
    night_days: tuple[date, ...]  # the nights of `nights`, in order
    teams: tuple[CountRow, ...]  # cumulative, by team
    data_rows: tuple[DataRow, ...]  # one per (night, team, group) with any count
    total: Counts
    targets: tuple[TargetLine, ...]
    standings: tuple[GroupStanding, ...]
    trends: tuple[Trend, ...]  # one per service tracked

    kind = "campaign"


@dataclass(frozen=True)
class Trend:
    """How the nights are going for one service: average so far and of the last nights."""

    service: str
    label: str
    average: float  # per night, over every night so far
    recent_average: float  # per night, over the last `recent_nights`
    recent_nights: int
    earlier_average: float | None  # per night before those; None when there were none

    @property
    def direction(self) -> str:
        """ "tăng", "giảm" or "giữ mức" (recent nights against the earlier ones)."""
        if self.earlier_average is None:
            return "giữ mức"
        if self.recent_average > self.earlier_average * 1.05:
            return "tăng"
        if self.recent_average < self.earlier_average * 0.95:
            return "giảm"
        return "giữ mức"


@dataclass(frozen=True)
class PendingPerson:
    """A resident still to be served: who, where, what and why."""

    full_name: str
    birth_year: int | None
    masked_id: str
    household_code: str
    address: str
    head_name: str
    services: tuple[str, ...]  # the labels of the services owed
    reason: str  # why not yet: "Chưa đến hộ", "Vắng nhà (lần đến 25/11/2026)", …


@dataclass(frozen=True)
class PendingGroup:
    name: str
    people: tuple[PendingPerson, ...]
    households: int  # households with anyone pending

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class PendingReport:
    """Danh sách còn phải làm: residents still to serve in each group, IDs masked."""

    heading: ReportHeading
    campaign_name: str
    on: date
    groups: tuple[PendingGroup, ...]
    service_totals: dict[str, int] = field(default_factory=dict)  # label → residents owed

    kind = "pending"

    @property
    def people(self) -> int:
        return sum(group.count for group in self.groups)


@dataclass(frozen=True)
class ConsolidatedReport:
    """Báo cáo tổng hợp: several stations' reports added up per unit, either their
    daily reports of one night or their campaign reports up to one night."""

    heading: ReportHeading
    day: date  # the night, or the last night the campaign reports count
    report: str  # DAILY_DATA or CAMPAIGN_DATA: what was consolidated
    campaign_name: str  # "" when no file names its campaign (files of the older layout)
    units: tuple[CountRow, ...]  # one per unit, in the order the files came
    groups: tuple[tuple[str, CountRow], ...]  # (unit, group): each unit's groups in order
    nights: tuple[CountRow, ...]  # campaign: every night (dd/mm) to `day`, all units
    data_rows: tuple[DataRow, ...]  # every row of every file, for the next level up
    total: Counts
    sources: tuple[str, ...]  # the files read, by name
    inputs: tuple[str, ...] = ()  # the same files as absolute paths (never overwritten)
    unchecked: tuple[str, ...] = ()  # files of the older layout: campaign not checked
    night_days: tuple[date, ...] = ()  # the nights of `nights`, in order

    kind = "consolidated"

    @property
    def first_night(self) -> date:
        """The earliest night with a row (the day itself for daily reports)."""
        return min((row.day for row in self.data_rows), default=self.day)

    @property
    def notes(self) -> tuple[str, ...]:
        """What the report says under its units: the files it was made from, and those
        whose campaign could not be checked."""
        notes = ["Số liệu tổng hợp từ các tệp: " + ", ".join(self.sources) + "."]
        if self.unchecked:
            notes.append(
                "Tệp theo mẫu cũ không ghi chiến dịch nên chưa kiểm tra được cùng chiến dịch: "
                + ", ".join(self.unchecked)
                + "."
            )
        return tuple(notes)


Report = DailyReport | CampaignReport | PendingReport | ConsolidatedReport
