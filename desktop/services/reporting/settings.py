"""The report settings: who issues the reports, to whom, who signs, where they go.

Every report prints them in the official layout (Nghị định 30/2020/NĐ-CP): the parent
and issuing agency at the top left, the number ("Số: …/BC-CAP"), the place before the
date, "Kính gửi", the signer's title and name, and "Nơi nhận". They are kept in the
`setting` table under one key; the key starts with "ward." because they describe the
ward and go with it when the demo replaces the ward. Nothing stored yet, or a value
unreadable: the defaults derived from the ward stand in, so reports always work.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from sqlalchemy.orm import Session

from desktop.db.models import Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.domain.provinces import province_police
from desktop.reports.data import ARCHIVE_PREFIX, ReportSettings
from desktop.services import audit, signed_in
from desktop.services.settings import load_setting, store_setting
from desktop.services.wards import current_ward

REPORT_SETTINGS_KEY = "ward.report"
# The placeholders a report number pattern may hold.
NUMBER_PLACEHOLDERS = {"so": "the number, blank until the clerk writes it", "nam": "the year"}
_MAX_LENGTH = 200
_DEMO_SIGNER = "Trung tá Nguyễn Văn Thắng"
_NO_AGENCY = {"", "cong an"}  # folded: what names no agency at all


def default_report_settings(ward: Ward | None) -> ReportSettings:
    """The settings a ward's reports start from, before anyone edits them.

    For "Phường Cốc Lếu" in Lào Cai: "Công an tỉnh Lào Cai" over "Công an phường Cốc
    Lếu", "Số: …/BC-CAP", "Lào Cai, ngày …", "Kính gửi: Công an tỉnh Lào Cai",
    "TRƯỞNG CÔNG AN PHƯỜNG" without a name (written by hand until set).
    """
    if ward is None:
        return ReportSettings(
            parent_agency="",
            issuing_agency="Công an",
            number_pattern="{so}/BC-CA",
            place="",
            addressee="",
            signer_title="THỦ TRƯỞNG ĐƠN VỊ",
            signer_name="",
            recipients=(f"{ARCHIVE_PREFIX} VT.",),
        )
    return unit_report_settings(ward.kind, ward.name, ward.province, ward.station_name)


def unit_report_settings(
    kind: str, unit_name: str, province: str, station_name: str
) -> ReportSettings:
    """The report settings of a phường, xã or đặc khu: its province's police (a city's
    "Công an thành phố …") over its station, the number pattern of its kind."""
    kind = kind.lower()
    short = {"xã": "CAX", "đặc khu": "CAĐK"}.get(kind, "CAP")
    police = province_police(province)
    return ReportSettings(
        parent_agency=police,
        issuing_agency=station_name,
        number_pattern=f"{{so}}/BC-{short}",
        place=province,
        addressee=police,
        signer_title=f"TRƯỞNG CÔNG AN {kind.upper()}",
        signer_name="",
        recipients=(
            f"{police} (để báo cáo)",
            f"Đảng ủy, UBND {kind} {unit_name} (để báo cáo)",
            f"{ARCHIVE_PREFIX} VT, {short}.",
        ),
    )


def station_label(session: Session) -> str:
    """The station the reports come from, as the `station` of their `Dữ liệu` rows:
    "Công an phường Cốc Lếu, Lào Cai" (its own name, not the report settings' issuing
    agency, which anyone may retype); "" for a database without a ward."""
    ward = current_ward(session)
    if ward is None:
        return ""
    return ", ".join(
        part for part in (_one_line(ward.station_name), _one_line(ward.province)) if part
    )


def require_issuing_agency(settings: ReportSettings) -> ReportSettings:
    """The settings, when they name the agency that issues the report; UserError, with
    one sentence, when they do not (a database without a ward and no settings stored:
    its report would be headed "CÔNG AN" alone)."""
    if fold(settings.issuing_agency) in _NO_AGENCY:
        raise UserError(
            "Chưa có tên cơ quan ban hành báo cáo (báo cáo sẽ chỉ ghi “CÔNG AN”); hãy điền "
            "cơ quan chủ quản và cơ quan ban hành trong Thiết lập báo cáo rồi làm lại."
        )
    return settings


def fill_demo_report_settings(session: Session, ward: Ward) -> ReportSettings:
    """Store the demo ward's report settings: the defaults with a signer's name."""
    settings = replace(default_report_settings(ward), signer_name=_DEMO_SIGNER)
    return save_report_settings(session, settings, reason=audit.DEMO)


def load_report_settings(session: Session) -> ReportSettings:
    """The stored settings; the ward's defaults for what is missing or unreadable."""
    defaults = default_report_settings(current_ward(session))
    stored = load_setting(session, REPORT_SETTINGS_KEY)
    values = {}
    for item in fields(ReportSettings):
        value = stored.get(item.name)
        if item.name == "recipients":
            if isinstance(value, list) and all(isinstance(line, str) for line in value):
                values[item.name] = tuple(value)
        elif isinstance(value, str):
            values[item.name] = value
    settings = replace(defaults, **values)
    try:
        return clean_report_settings(settings)
    except UserError:
        return defaults


def clean_report_settings(settings: ReportSettings) -> ReportSettings:
    """Tidy the settings (spaces, capitals of the title); raise UserError, with one
    sentence, for an empty issuing agency, place or signer's title, a number pattern
    with an unknown placeholder, or a value too long to print."""
    texts = {
        item.name: _one_line(getattr(settings, item.name))
        for item in fields(ReportSettings)
        if item.name not in ("recipients", "signer_title")
    }
    title_lines = [_one_line(line).upper() for line in settings.signer_title.splitlines()]
    title = "\n".join(line for line in title_lines if line)
    recipients = tuple(_one_line(line).lstrip("-–• ").strip() for line in settings.recipients)
    recipients = tuple(line for line in recipients if line)
    cleaned = ReportSettings(**texts, signer_title=title, recipients=recipients)
    _check(cleaned)
    return cleaned


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


_LABELS = {
    "parent_agency": "Cơ quan chủ quản",
    "issuing_agency": "Cơ quan ban hành",
    "number_pattern": "Ký hiệu số báo cáo",
    "place": "Địa danh",
    "addressee": "Kính gửi",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}


def _check(settings: ReportSettings) -> None:
    for name in ("issuing_agency", "place", "signer_title", "number_pattern"):
        if not getattr(settings, name):
            raise UserError(f"{_LABELS[name]} không được để trống.")
    for name, label in _LABELS.items():
        if len(getattr(settings, name)) > _MAX_LENGTH:
            raise UserError(f"{label} dài quá {_MAX_LENGTH} ký tự; hãy viết gọn lại.")
    if len(settings.signer_title.splitlines()) > 3:
        raise UserError("Chức vụ người ký chỉ có tối đa 3 dòng (ví dụ: “KT. TRƯỞNG …”).")
    unknown = [
        name
        for name in re.findall(r"\{([^{}]*)\}", settings.number_pattern)
        if name not in NUMBER_PLACEHOLDERS
    ]
    stray = re.sub(r"\{(so|nam)\}", "", settings.number_pattern)
    if unknown or "{" in stray or "}" in stray:
        raise UserError(
            "Ký hiệu số báo cáo chỉ dùng {so} (số, để trống cho văn thư ghi) và {nam} "
            "(năm), ví dụ “{so}/BC-CAP”."
        )
    if len(settings.recipients) > 12:
        raise UserError("Nơi nhận có tối đa 12 dòng.")
    if any(len(line) > _MAX_LENGTH for line in settings.recipients):
        raise UserError(f"Mỗi dòng nơi nhận dài tối đa {_MAX_LENGTH} ký tự.")


def save_report_settings(
    session: Session, settings: ReportSettings, reason: str = audit.EDIT
) -> ReportSettings:
    """Check, tidy and store the report settings; return them as stored.

    Raises UserError (nothing stored) for what clean_report_settings() refuses.
    """
    signed_in.require(roles.REPORTS)
    cleaned = clean_report_settings(settings)
    before = load_setting(session, REPORT_SETTINGS_KEY)
    store_setting(session, REPORT_SETTINGS_KEY, cleaned.as_json())
    changes = audit.changed_fields(before, cleaned.as_json())
    if changes:
        audit.record_change(
            session,
            action="update",
            reason=reason,
            entity_type="setting",
            entity_key=REPORT_SETTINGS_KEY,
            changes=changes,
        )
    return cleaned


def reset_report_settings(session: Session) -> ReportSettings:
    """The ward's defaults, for the dialog's "Khôi phục mặc định" (nothing stored)."""
    return default_report_settings(current_ward(session))
