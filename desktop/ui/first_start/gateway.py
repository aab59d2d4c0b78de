"""The first start wizard's one door to the services: checks that write nothing while
the pages are filled, and one transaction for the unit's settings at the end.

The first administrator is not made here: the window hands the wizard the accounts
gateway's methods (AccountMaker), so the same service call, accounts.create_first_admin,
encrypts the data and signs the administrator in, whichever window asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select

from desktop.db.models import Household
from desktop.domain.errors import UserError
from desktop.domain.provinces import PROVINCES_2025, find_province
from desktop.reports.data import ReportSettings
from desktop.services import wards
from desktop.services.database import Database
from desktop.services.reporting import settings as report_settings
from desktop.services.settings import load_setting
from desktop.services.wards import WardInput

# The start page's three choices.
START_IMPORT = "import"
START_DEMO = "demo"
START_EMPTY = "empty"


class AccountMaker(Protocol):
    """What the account page needs of the accounts gateway (desktop/ui/accounts)."""

    @property
    def can_encrypt(self) -> bool: ...

    def check_new_account(self, name: str, password: str) -> None: ...

    def create_first_admin(self, name: str, display_name: str, password: str) -> str: ...


@dataclass(frozen=True)
class Unit:
    """The first page, checked: the 2025 province, the ward and its station's name."""

    province: str
    ward_name: str  # "Cốc Lếu"
    kind: str  # "Phường", "Xã", "Đặc khu"
    station_name: str

    @property
    def ward_title(self) -> str:
        """ "Phường Cốc Lếu"."""
        return f"{self.kind} {self.ward_name}"


@dataclass(frozen=True)
class Known:
    """What the database already says, for filling the pages in again from the menu."""

    ward_title: str
    province: str
    station_name: str
    location_text: str
    report: ReportSettings | None  # None until someone stores report settings
    has_households: bool


def station_default(ward_title: str) -> str:
    """ "Phường Cốc Lếu" → "Công an phường Cốc Lếu"."""
    clean = " ".join(ward_title.split())
    for kind in wards.WARD_KINDS:
        if clean.lower().startswith(kind.lower() + " "):
            return f"Công an {kind.lower()}{clean[len(kind) :]}"
    return f"Công an {clean}" if clean else ""


def check_province(text: str) -> str:
    """The 2025 province typed or chosen; UserError when it is none of the 34."""
    province = find_province(text)
    if province is not None:
        return province
    if not text.strip():
        raise UserError("Hãy chọn tỉnh/thành phố của đơn vị.")
    raise UserError(
        f"“{text.strip()}” không phải một trong 34 tỉnh, thành phố từ năm 2025; "
        "hãy chọn trong danh sách."
    )


def check_unit(province_text: str, ward_text: str, station_text: str) -> Unit:
    """The first page's fields as a Unit; UserError, one sentence, for a mistake."""
    province = check_province(province_text)
    name, kind = wards.split_ward_kind(ward_text)
    station = " ".join(station_text.split()) or station_default(f"{kind} {name}")
    if len(station) > 200:
        raise UserError("Tên trụ sở công an dài quá 200 ký tự; hãy viết gọn lại.")
    return Unit(province, name, kind, station)


def check_location(text: str) -> tuple[float, float] | None:
    """The station's "vĩ độ, kinh độ", or None when left empty (wards.parse_station_location)."""
    return wards.parse_station_location(text)


def report_defaults(unit: Unit) -> ReportSettings:
    """The report settings a unit starts with: its province's police over its station."""
    return report_settings.unit_report_settings(
        unit.kind, unit.ward_name, unit.province, unit.station_name
    )


def check_report(settings: ReportSettings) -> ReportSettings:
    """The report settings tidied; UserError for what the reports refuse."""
    return report_settings.require_issuing_agency(report_settings.clean_report_settings(settings))


class FirstStartGateway:
    """Reads what the database already holds and saves the wizard's settings."""

    provinces = PROVINCES_2025

    def __init__(self, database: Database) -> None:
        self.database = database

    def known(self) -> Known | None:
        """The ward as stored (the wizard opened again from the menu); None on a new
        database."""
        with self.database.session() as session:
            ward = wards.current_ward(session)
            if ward is None:
                return None
            stored = load_setting(session, report_settings.REPORT_SETTINGS_KEY)
            location = (
                f"{ward.station_lat:.6f}, {ward.station_lon:.6f}"
                if ward.station_lat is not None and ward.station_lon is not None
                else ""
            )
            return Known(
                ward_title=f"{ward.kind} {ward.name}",
                province=find_province(ward.province) or ward.province,
                station_name=ward.station_name,
                location_text=location,
                report=report_settings.load_report_settings(session) if stored else None,
                has_households=session.scalar(select(func.count(Household.id))) > 0,
            )

    def save(
        self, unit: Unit, location: tuple[float, float] | None, report: ReportSettings
    ) -> None:
        """The ward (created or changed) and its report settings, in one transaction,
        audited; UserError and nothing stored when a service refuses."""
        lat, lon = location if location is not None else (None, None)
        data = WardInput(
            name=unit.ward_name,
            province=unit.province,
            kind=unit.kind,
            station_name=unit.station_name,
            station_lat=lat,
            station_lon=lon,
        )
        with self.database.session(writing=True) as session:
            wards.set_up_ward(session, data)
            report_settings.save_report_settings(session, report)
