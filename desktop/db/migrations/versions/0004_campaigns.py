"""campaigns, teams, shifts, visits, service records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=150), nullable=False),
        sa.Column("name_sort_key", sa.String(length=400), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("rank", sa.String(length=50), nullable=True),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_key", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_team_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("campaign_id", "name", name=op.f("uq_team_campaign_id_name")),
    )
    op.create_table(
        "campaign_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_target_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["residential_group.id"],
            name=op.f("fk_campaign_target_group_id_residential_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_campaign_target_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_target")),
        sa.UniqueConstraint(
            "campaign_id",
            "service",
            "group_id",
            "team_id",
            name=op.f("uq_campaign_target_campaign_id_service_group_id_team_id"),
        ),
    )
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("meeting_lat", sa.Float(), nullable=True),
        sa.Column("meeting_lon", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_shift_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_shift_team_id_team"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
        sa.UniqueConstraint("team_id", "day", name=op.f("uq_shift_team_id_day")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index("ix_shift_day", ["day"], unique=False)

    op.create_table(
        "team_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_team_membership_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_team_membership_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_membership")),
    )
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.create_index("ix_team_membership_team", ["team_id", "from_date"], unique=False)

    op.create_table(
        "shift_group",
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["residential_group.id"],
            name=op.f("fk_shift_group_group_id_residential_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
            name=op.f("fk_shift_group_shift_id_shift"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("shift_id", "group_id", name=op.f("pk_shift_group")),
    )
    op.create_table(
        "shift_member",
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_shift_member_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
            name=op.f("fk_shift_member_shift_id_shift"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("shift_id", "member_id", name=op.f("pk_shift_member")),
    )
    op.create_table(
        "shift_stop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_shift_stop_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
            name=op.f("fk_shift_stop_shift_id_shift"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_stop")),
        sa.UniqueConstraint(
            "shift_id", "household_id", name=op.f("uq_shift_stop_shift_id_household_id")
        ),
    )
    with op.batch_alter_table("shift_stop", schema=None) as batch_op:
        batch_op.create_index("ix_shift_stop_order", ["shift_id", "position"], unique=False)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("visited_at", sa.Time(), nullable=True),
        sa.Column("come_back_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_visit_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_visit_shift_id_shift"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint(
            "shift_id", "household_id", name=op.f("uq_visit_shift_id_household_id")
        ),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_household", ["household_id"], unique=False)

    op.create_table(
        "service_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_service_record_campaign_id_campaign"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["resident.id"],
            name=op.f("fk_service_record_resident_id_resident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_service_record_team_id_team"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_service_record_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_record")),
        sa.UniqueConstraint(
            "resident_id", "service", name=op.f("uq_service_record_resident_id_service")
        ),
    )
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.create_index("ix_service_record_day", ["done_on", "service"], unique=False)
        batch_op.create_index("ix_service_record_team", ["team_id", "done_on"], unique=False)
        batch_op.create_index("ix_service_record_visit", ["visit_id"], unique=False)

    op.create_table(
        "visit_resident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("reason_not", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["resident.id"],
            name=op.f("fk_visit_resident_resident_id_resident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_resident_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_resident")),
        sa.UniqueConstraint(
            "visit_id", "resident_id", name=op.f("uq_visit_resident_visit_id_resident_id")
        ),
    )
    with op.batch_alter_table("visit_resident", schema=None) as batch_op:
        batch_op.create_index("ix_visit_resident_resident", ["resident_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("visit_resident", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_resident_resident")

    op.drop_table("visit_resident")
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_index("ix_service_record_visit")
        batch_op.drop_index("ix_service_record_team")
        batch_op.drop_index("ix_service_record_day")

    op.drop_table("service_record")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_household")

    op.drop_table("visit")
    with op.batch_alter_table("shift_stop", schema=None) as batch_op:
        batch_op.drop_index("ix_shift_stop_order")

    op.drop_table("shift_stop")
    op.drop_table("shift_member")
    op.drop_table("shift_group")
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.drop_index("ix_team_membership_team")

    op.drop_table("team_membership")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index("ix_shift_day")

    op.drop_table("shift")
    op.drop_table("campaign_target")
    op.drop_table("team")
    op.drop_table("member")
    op.drop_table("campaign")
