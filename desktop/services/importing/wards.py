"""Which ward an import goes into.

Into the database's ward; on an empty database into the ward the file's title names
("CÔNG AN PHƯỜNG CỐC LẾU") or the one the user gives (--ward, or the wizard's field);
refused when neither says. A file whose title names another ward than the database's
is refused too, unless the user names the database's ward explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.domain.errors import UserError
from desktop.domain.names import fold
from desktop.services.importing.layout import WorkbookLayout
from desktop.services.importing.titles import place_from_option
from desktop.services.wards import current_ward, ward_code


@dataclass(frozen=True)
class WardPlan:
    """The ward the import writes into: a stored one (ward_id) or one to create."""

    ward_id: int | None
    name: str
    kind: str
    province: str

    @property
    def title(self) -> str:
        """ "phường Cốc Lếu"."""
        return f"{self.kind.lower()} {self.name}"


def resolve_ward(session: Session, layout: WorkbookLayout, ward_name: str | None) -> WardPlan:
    """The ward of the database, or the one to create; raises UserError when unknown."""
    stored = current_ward(session)
    chosen = place_from_option(ward_name) if ward_name and ward_name.strip() else None
    titled = layout.place
    if stored is not None:
        here = WardPlan(stored.id, stored.name, stored.kind, stored.province)
        if chosen is not None and fold(chosen.name) != fold(stored.name):
            raise UserError(
                f"Cơ sở dữ liệu này là của {here.title}, không phải “{chosen.name}”; "
                "mỗi cơ sở dữ liệu phục vụ một phường/xã."
            )
        if chosen is None and titled is not None and fold(titled.name) != fold(stored.name):
            raise UserError(
                f"Tệp ghi danh sách của {titled.kind.lower()} {titled.name}, còn cơ sở dữ liệu "
                f"này là của {here.title}; hãy kiểm tra lại tệp (nếu tệp đúng, hãy ghi rõ "
                f"phường/xã là “{stored.name}”)."
            )
        return here
    place = chosen or titled
    if place is None or not place.name:
        raise UserError(
            "Cơ sở dữ liệu chưa có phường/xã và tiêu đề tệp không ghi tên phường/xã; hãy "
            "ghi tên phường/xã (với dòng lệnh: --ward TÊN)."
        )
    ward_code(place.name)  # refuses a name without letters
    kind = chosen.kind if chosen is not None and ward_name_has_kind(ward_name) else place.kind
    province = titled.province if titled is not None else ""
    return WardPlan(None, place.name, kind, province)


def ward_name_has_kind(text: str | None) -> bool:
    return fold(text or "").startswith(("phuong ", "xa "))
