"""The tables of a station's database, in SQLAlchemy 2.0 typed style.

Households and residents carry stable keys (a ward-prefixed household code, a UUID
for residents) so that databases of several stations can be merged later. Derived
columns (folded names, sort keys, the household's head) are written only by the
services in `desktop.services`, which keep them in step with what they derive from.
`version` columns make two desks that edit the same row at once fail loudly instead
of overwriting each other.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
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


def sort_key_type(length: int) -> String:
    """A stored sort key (desktop.domain.names): ordered by its bytes, as SQLite does.
    On PostgreSQL the column declares COLLATE "C" (migration 0008): a database created
    with a language's or ICU's collation would otherwise reorder every row."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


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
    sort_key: Mapped[str] = mapped_column(sort_key_type(200))
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
    address_sort_key: Mapped[str] = mapped_column(sort_key_type(400), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # Where the position comes from, in order of trust (desktop.domain.positions):
    # "confirmed" by an officer, "list" (the ward's own list), "address_point" or
    # "interpolated" by `map locate`; None without a position (migration 0006).
    position_source: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    # The head's name, copied here by the registry service so that sorting and
    # searching 60,000 households by head needs no join.
    head_name: Mapped[str] = mapped_column(String(150), default="")
    head_sort_key: Mapped[str] = mapped_column(sort_key_type(400), default="")
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
    name_sort_key: Mapped[str] = mapped_column(sort_key_type(400))
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
    # SHA-256 over the previous entry's hash and this entry (desktop.domain.audit_chain).
    chain_hash: Mapped[str | None] = mapped_column(String(64))


# --- Campaigns, teams and the evening visits (migration 0004) ---------------------------


class Campaign(Base):
    """A campaign period (e.g. the 50-day peak month) with the services it tracks."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    services: Mapped[list] = mapped_column(JSON)  # service codes of desktop.domain.campaign
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Team(Base):
    """A tổ công tác of a campaign; who goes out with it changes from night to night."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(sort_key_type(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)


class CampaignTarget(Base):
    """A target for one service: for the ward (no group, no team), a group or a team."""

    __tablename__ = "campaign_target"
    __table_args__ = (UniqueConstraint("campaign_id", "service", "group_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(30))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("residential_group.id", ondelete="CASCADE")
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    target: Mapped[int] = mapped_column(Integer)


class Member(Base):
    """A person who goes out with the teams: officer, youth-union member, group leader."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(150))
    name_sort_key: Mapped[str] = mapped_column(sort_key_type(400))
    role: Mapped[str] = mapped_column(String(20))  # desktop.domain.campaign.ROLES
    rank: Mapped[str | None] = mapped_column(String(50))  # "Thượng úy", for officers
    unit: Mapped[str | None] = mapped_column(String(200))  # "Đoàn phường Cốc Lếu"
    phone: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TeamMembership(Base):
    """A member belongs to a team from one night (to another, once they leave it)."""

    __tablename__ = "team_membership"
    __table_args__ = (Index("ix_team_membership_team", "team_id", "from_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)


class Shift(Base):
    """One team's evening out: date, time window, area and households in walk order."""

    __tablename__ = "shift"
    __table_args__ = (
        UniqueConstraint("team_id", "day"),
        Index("ix_shift_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date)  # the evening it takes place
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    meeting_lat: Mapped[float | None] = mapped_column(Float)
    meeting_lon: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ShiftGroup(Base):
    """A residential group in a shift's area."""

    __tablename__ = "shift_group"

    shift_id: Mapped[int] = mapped_column(
        ForeignKey("shift.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("residential_group.id", ondelete="CASCADE"), primary_key=True
    )


class ShiftMember(Base):
    """Who actually went out with the team that night (kept, whatever the team later is)."""

    __tablename__ = "shift_member"

    shift_id: Mapped[int] = mapped_column(
        ForeignKey("shift.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="RESTRICT"), primary_key=True
    )


class ShiftStop(Base):
    """A household on a shift's route, in walking order."""

    __tablename__ = "shift_stop"
    __table_args__ = (
        UniqueConstraint("shift_id", "household_id"),
        Index("ix_shift_stop_order", "shift_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)


class Visit(Base):
    """What a team found at a household on a shift; entered once per shift and household."""

    __tablename__ = "visit"
    __table_args__ = (
        UniqueConstraint("shift_id", "household_id"),
        Index("ix_visit_household", "household_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id", ondelete="RESTRICT"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(20))  # desktop.domain.campaign.OUTCOMES
    visited_at: Mapped[time | None] = mapped_column(Time)
    come_back_at: Mapped[datetime | None] = mapped_column(DateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class VisitResident(Base):
    """A resident at a visit: met or not, and why nothing (more) was done."""

    __tablename__ = "visit_resident"
    __table_args__ = (
        UniqueConstraint("visit_id", "resident_id"),
        Index("ix_visit_resident_resident", "resident_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"))
    met: Mapped[bool] = mapped_column(Boolean)
    reason_not: Mapped[str | None] = mapped_column(String(20))  # desktop.domain.campaign.REASONS


class ServiceRecord(Base):
    """A service delivered to a resident: once per resident and service, ever.

    The tally, the targets and the reports count these rows; the resident's statuses
    follow from them. `team_id` is the team credited (for an activation, the team that
    collected the application); None counts as "Khác". `changed` keeps what applying
    the record changed on the resident ({field: [old, new]}, see desktop.domain.ledger),
    so that removing the record puts back exactly what it replaced.
    """

    __tablename__ = "service_record"
    __table_args__ = (
        UniqueConstraint("resident_id", "service"),
        Index("ix_service_record_day", "done_on", "service"),
        Index("ix_service_record_team", "team_id", "done_on"),
        Index("ix_service_record_visit", "visit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(30))
    done_on: Mapped[date] = mapped_column(Date)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))  # visit, approval, edit, import, demo
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    changed: Mapped[dict | None] = mapped_column(JSON)  # {field: [old, new]} on the resident


# --- The ward's street map, read from an OpenStreetMap extract (migration 0006) ---------


class WardMap(Base):
    """The map loaded last: which file, what area, when and by whom (one row at most)."""

    __tablename__ = "ward_map"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(100))
    # The area kept, in degrees, and what it came from: "boundary" (the ward's OSM
    # boundary), "bbox" (given), "households" (around those with positions), "file".
    south: Mapped[float] = mapped_column(Float)
    west: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    area_source: Mapped[str] = mapped_column(String(20))
    ways: Mapped[int] = mapped_column(Integer)
    named_streets: Mapped[int] = mapped_column(Integer)
    address_points: Mapped[int] = mapped_column(Integer)


class MapWay(Base):
    """A walkable way of the map (street, ngõ, path, steps, bridge…) with its geometry.

    `node_ids` holds the OSM node ids as little-endian int64 and `coords` the nodes'
    (lat, lon) in 1e-7 degrees as little-endian int32 pairs, OSM's own precision: ways
    that share a node share its id, which is how the walking network is joined.
    """

    __tablename__ = "map_way"
    __table_args__ = (Index("ix_map_way_name_key", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    osm_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str | None] = mapped_column(String(200))
    # The name as addresses are matched (desktop.domain.street_names.street_key).
    name_key: Mapped[str | None] = mapped_column(String(200))
    other_names: Mapped[list | None] = mapped_column(JSON)  # alt_name, old_name…
    highway: Mapped[str] = mapped_column(String(30))
    bridge: Mapped[bool] = mapped_column(Boolean, default=False)
    node_ids: Mapped[bytes] = mapped_column(LargeBinary)
    coords: Mapped[bytes] = mapped_column(LargeBinary)


class MapAddressPoint(Base):
    """A house number on a street from the map (a node, or a building's centre)."""

    __tablename__ = "map_address_point"
    __table_args__ = (Index("ix_map_address_point_street_key", "street_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    osm_type: Mapped[str] = mapped_column(String(1))  # "n" node, "w" building way
    osm_id: Mapped[int] = mapped_column(BigInteger)
    house_number: Mapped[str] = mapped_column(String(50))
    street: Mapped[str] = mapped_column(String(200))
    street_key: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class MapPoliceStation(Base):
    """A police station (amenity=police) on the map, offered as the ward's station."""

    __tablename__ = "map_police_station"

    id: Mapped[int] = mapped_column(primary_key=True)
    osm_type: Mapped[str] = mapped_column(String(1))
    osm_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


# --- Who works at the desk (migration 0007) ---------------------------------------------


class Account(Base):
    """A person who signs in at the desk: their login name, role and password hash.

    `name` is the login as typed, folded (lower case, no diacritics, đ → d) and unique;
    the password is kept only as an Argon2id hash (desktop.services.accounts). An
    account is disabled rather than deleted, so the names in the audit trail keep
    meaning someone. Failed sign-ins are counted here for a database that is not
    encrypted; five in a row lock the account until `locked_until` (UTC).
    """

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))  # desktop.domain.roles: admin, duty…
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
