"""registry: ward, groups, households, residents, settings, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("entity_type", sa.String(length=30), nullable=False),
        sa.Column("entity_key", sa.String(length=64), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(
            "ix_audit_entry_entity", ["entity_type", "entity_key"], unique=False
        )

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "ward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("station_name", sa.String(length=200), nullable=False),
        sa.Column("station_lat", sa.Float(), nullable=True),
        sa.Column("station_lon", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ward")),
        sa.UniqueConstraint("code", name=op.f("uq_ward_code")),
    )
    op.create_table(
        "residential_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_key", sa.String(length=200), nullable=False),
        sa.Column("leader_name", sa.String(length=100), nullable=True),
        sa.Column("leader_phone", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
            name=op.f("fk_residential_group_ward_id_ward"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residential_group")),
        sa.UniqueConstraint(
            "ward_id", "name", name=op.f("uq_residential_group_ward_id_name")
        ),
    )
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("house_number", sa.String(length=30), nullable=True),
        sa.Column("lane", sa.String(length=100), nullable=True),
        sa.Column("street", sa.String(length=150), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("address_folded", sa.String(length=300), nullable=False),
        sa.Column("address_sort_key", sa.String(length=400), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("head_name", sa.String(length=150), nullable=False),
        sa.Column("head_sort_key", sa.String(length=400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["residential_group.id"],
            name=op.f("fk_household_group_id_residential_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
        sa.UniqueConstraint("code", name=op.f("uq_household_code")),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_address", ["address_sort_key", "id"], unique=False
        )
        batch_op.create_index(
            "ix_household_group_address",
            ["group_id", "address_sort_key", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_household_group_head", ["group_id", "head_sort_key", "id"], unique=False
        )
        batch_op.create_index(
            "ix_household_head", ["head_sort_key", "id"], unique=False
        )

    op.create_table(
        "resident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=150), nullable=False),
        sa.Column("name_folded", sa.String(length=150), nullable=False),
        sa.Column("name_sort_key", sa.String(length=400), nullable=False),
        sa.Column("relation", sa.String(length=40), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=6), nullable=True),
        sa.Column("personal_id", sa.String(length=12), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("has_chip_card", sa.Boolean(), nullable=True),
        sa.Column("vneid_level", sa.Integer(), nullable=False),
        sa.Column("vneid_level_changed_on", sa.Date(), nullable=True),
        sa.Column("app_114", sa.Boolean(), nullable=True),
        sa.Column("documents_integrated", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_resident_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident")),
        sa.UniqueConstraint("personal_id", name=op.f("uq_resident_personal_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_resident_uid")),
    )
    with op.batch_alter_table("resident", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resident_household_position", ["household_id", "position"], unique=False
        )
        batch_op.create_index(
            "ix_resident_name_sort_key", ["name_sort_key", "id"], unique=False
        )
        batch_op.create_index("ix_resident_phone", ["phone"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_name_search()


def create_sqlite_name_search() -> None:
    """Full-text index over folded resident names, kept in step by triggers.

    "nguyen thi uoc" then finds "Nguyễn Thị Ước" among 200,000 residents in about a
    millisecond instead of a full scan with LIKE.
    """
    op.execute(
        "CREATE VIRTUAL TABLE resident_name_search USING fts5("
        "name_folded, content='resident', content_rowid='id', tokenize='unicode61')"
    )
    op.execute(
        "CREATE TRIGGER resident_name_search_insert AFTER INSERT ON resident BEGIN "
        "INSERT INTO resident_name_search(rowid, name_folded) VALUES (new.id, new.name_folded); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER resident_name_search_delete AFTER DELETE ON resident BEGIN "
        "INSERT INTO resident_name_search(resident_name_search, rowid, name_folded) "
        "VALUES ('delete', old.id, old.name_folded); END"
    )
    op.execute(
        "CREATE TRIGGER resident_name_search_update AFTER UPDATE OF name_folded ON resident "
        "BEGIN "
        "INSERT INTO resident_name_search(resident_name_search, rowid, name_folded) "
        "VALUES ('delete', old.id, old.name_folded); "
        "INSERT INTO resident_name_search(rowid, name_folded) VALUES (new.id, new.name_folded); "
        "END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS resident_name_search")
    with op.batch_alter_table("resident", schema=None) as batch_op:
        batch_op.drop_index("ix_resident_phone")
        batch_op.drop_index("ix_resident_name_sort_key")
        batch_op.drop_index("ix_resident_household_position")

    op.drop_table("resident")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index("ix_household_head")
        batch_op.drop_index("ix_household_group_head")
        batch_op.drop_index("ix_household_group_address")
        batch_op.drop_index("ix_household_address")

    op.drop_table("household")
    op.drop_table("residential_group")
    op.drop_table("ward")
    op.drop_table("setting")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
