"""The tables of a station's database, in SQLAlchemy 2.0 typed style.

Households and residents carry stable keys (a ward-prefixed household code, a UUID
for residents) so that databases of several stations can be merged later. Derived
columns (folded names, sort keys, the household's head) are written only by the
services in `desktop.services`, which keep them in step with what they derive from.
`version` columns make two desks that edit the same row at once fail loudly instead
of overwriting each other.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Ward(Base):
    """The ward (phường/xã) this station serves, with its police station."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="Phường")
    province: Mapped[str] = mapped_column(String(100))
    station_name: Mapped[str] = mapped_column(String(200))
    station_lat: Mapped[float | None] = mapped_column(Float)
    station_lon: Mapped[float | None] = mapped_column(Float)

    groups: Mapped[list[ResidentialGroup]] = relationship(back_populates="ward")


class ResidentialGroup(Base):
    """A tổ dân phố, thôn or bản: the area a team walks on an evening."""

    __tablename__ = "residential_group"
    __table_args__ = (UniqueConstraint("ward_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(String(200))
    leader_name: Mapped[str | None] = mapped_column(String(100))
    leader_phone: Mapped[str | None] = mapped_column(String(16))

    ward: Mapped[Ward] = relationship(back_populates="groups")


class Household(Base):
    """A household (hộ gia đình) at one address, with its head's name kept at hand."""

    __tablename__ = "household"
    __table_args__ = (
        Index("ix_household_group_address", "group_id", "address_sort_key", "id"),
        Index("ix_household_group_head", "group_id", "head_sort_key", "id"),
        Index("ix_household_address", "address_sort_key", "id"),
        Index("ix_household_head", "head_sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # The code the ward's own list gives the household, kept so that next month's
    # list finds it again (added by migration 0002).
    source_code: Mapped[str | None] = mapped_column(String(64), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("residential_group.id", ondelete="RESTRICT"))
    house_number: Mapped[str | None] = mapped_column(String(30))
    lane: Mapped[str | None] = mapped_column(String(100))
    street: Mapped[str | None] = mapped_column(String(150))
    address: Mapped[str] = mapped_column(String(300), default="")
    address_folded: Mapped[str] = mapped_column(String(300), default="")
    address_sort_key: Mapped[str] = mapped_column(String(400), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    # The head's name, copied here by the registry service so that sorting and
    # searching 60,000 households by head needs no join.
    head_name: Mapped[str] = mapped_column(String(150), default="")
    head_sort_key: Mapped[str] = mapped_column(String(400), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[ResidentialGroup] = relationship()
    residents: Mapped[list[Resident]] = relationship(
        back_populates="household", order_by="Resident.position"
    )

    __mapper_args__ = {"version_id_col": version}


class Resident(Base):
    """A person registered in a household (nhân khẩu), with the campaign statuses."""

    __tablename__ = "resident"
    __table_args__ = (
        Index("ix_resident_household_position", "household_id", "position"),
        Index("ix_resident_name_sort_key", "name_sort_key", "id"),
        Index("ix_resident_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(150))
    name_folded: Mapped[str] = mapped_column(String(150))
    name_sort_key: Mapped[str] = mapped_column(String(400))
    relation: Mapped[str] = mapped_column(String(40))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(6))  # "male" / "female"
    personal_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    phone: Mapped[str | None] = mapped_column(String(16))
    has_chip_card: Mapped[bool | None] = mapped_column(Boolean)
    vneid_level: Mapped[int] = mapped_column(Integer, default=0)
    vneid_level_changed_on: Mapped[date | None] = mapped_column(Date)
    app_114: Mapped[bool | None] = mapped_column(Boolean)
    documents_integrated: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    household: Mapped[Household] = relationship(back_populates="residents")

    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """A named value the user or the program keeps between sessions."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class AuditEntry(Base):
    """One recorded change, export or view of citizens' data: who, when, what and why."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity_type", "entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, export…
    reason: Mapped[str] = mapped_column(String(20))  # edit, import, demo, visit…
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_key: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict | None] = mapped_column(JSON)  # {field: [old, new]}
    source: Mapped[str | None] = mapped_column(String(300))  # file, visit, batch…
