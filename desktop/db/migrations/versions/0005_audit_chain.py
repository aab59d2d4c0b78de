"""audit_chain: each audit entry carries a SHA-256 chained over the one before it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

import json

import sqlalchemy as sa
from alembic import op

from desktop.domain.audit_chain import GENESIS, entry_hash

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column and seal the entries already written, oldest first."""
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("chain_hash", sa.String(64), nullable=True))
    connection = op.get_bind()
    audit = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        *(
            sa.column(name, sa.String)
            for name in (
                "actor",
                "action",
                "reason",
                "entity_type",
                "entity_key",
                "source",
                "chain_hash",
            )
        ),  # fmt: skip
        sa.column("changes", sa.JSON),
    )
    previous = GENESIS
    sealed = []
    rows = connection.execute(sa.select(audit).order_by(audit.c.id)).mappings()
    for row in rows:
        entry = dict(row)
        if isinstance(entry["changes"], str):  # some drivers hand JSON back as text
            entry["changes"] = json.loads(entry["changes"])
        previous = entry_hash(previous, entry)
        sealed.append({"entry_id": row["id"], "sealed_hash": previous})
    if sealed:
        connection.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("entry_id"))
            .values(chain_hash=sa.bindparam("sealed_hash")),
            sealed,
        )

    op.create_index(
        "ix_audit_entry_unsealed",
        "audit_entry",
        ["id"],
        sqlite_where=sa.text("chain_hash IS NULL"),
        postgresql_where=sa.text("chain_hash IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_audit_entry_unsealed", "audit_entry")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("chain_hash")
