"""ward_map: the street map read from OpenStreetMap, and where each household's position comes from

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ward_map",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.Column("south", sa.Float(), nullable=False),
        sa.Column("west", sa.Float(), nullable=False),
        sa.Column("north", sa.Float(), nullable=False),
        sa.Column("east", sa.Float(), nullable=False),
        sa.Column("area_source", sa.String(length=20), nullable=False),
        sa.Column("ways", sa.Integer(), nullable=False),
        sa.Column("named_streets", sa.Integer(), nullable=False),
        sa.Column("address_points", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ward_map")),
    )
    op.create_table(
        "map_way",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=True),
        sa.Column("other_names", sa.JSON(), nullable=True),
        sa.Column("highway", sa.String(length=30), nullable=False),
        sa.Column("bridge", sa.Boolean(), nullable=False),
        sa.Column("node_ids", sa.LargeBinary(), nullable=False),
        sa.Column("coords", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_way")),
    )
    op.create_index("ix_map_way_name_key", "map_way", ["name_key"], unique=False)
    op.create_table(
        "map_address_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("osm_type", sa.String(length=1), nullable=False),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("house_number", sa.String(length=50), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("street_key", sa.String(length=200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_address_point")),
    )
    op.create_index(
        "ix_map_address_point_street_key", "map_address_point", ["street_key"], unique=False
    )
    op.create_table(
        "map_police_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("osm_type", sa.String(length=1), nullable=False),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_police_station")),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position_source", sa.String(length=20), nullable=True))
    # Every position held so far came with the ward's list (or was typed by an officer,
    # which the database cannot tell apart): both are never overwritten by `map locate`.
    household = sa.table(
        "household",
        sa.column("lat", sa.Float),
        sa.column("position_source", sa.String),
    )
    op.execute(
        household.update().where(household.c.lat.is_not(None)).values(position_source="list")
    )


def downgrade() -> None:
    # SQLite (3.35 and later) drops a column in place; a batch copy of the household
    # table would have to drop the table its residents' foreign keys point at.
    op.drop_column("household", "position_source")
    op.drop_table("map_police_station")
    op.drop_index("ix_map_address_point_street_key", table_name="map_address_point")
    op.drop_table("map_address_point")
    op.drop_index("ix_map_way_name_key", table_name="map_way")
    op.drop_table("map_way")
    op.drop_table("ward_map")
