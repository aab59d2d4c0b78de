"""drop ix_audit_entry_unsealed: new audit entries are found by id, not by this index

desktop.services.audit seals the entries a transaction writes by their ids (those after
the newest one read under the chain's lock). The partial index over unsealed entries
was no longer read, and on PostgreSQL every sealed entry left a dead row in it until the
next VACUUM: after a demo or an import, tens of thousands of them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_audit_entry_unsealed", "audit_entry")


def downgrade() -> None:
    op.create_index(
        "ix_audit_entry_unsealed",
        "audit_entry",
        ["id"],
        sqlite_where=sa.text("chain_hash IS NULL"),
        postgresql_where=sa.text("chain_hash IS NULL"),
    )
