"""household.source_code: the household code of the ward's own list, for re-imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_code", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_household_source_code"), ["source_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_source_code"))
        batch_op.drop_column("source_code")
