"""sort keys ordered by their bytes on PostgreSQL: COLLATE "C" on every stored sort key

The sort keys (desktop.domain.names) are made so that their byte order is the
Vietnamese order; SQLite compares them byte by byte. A PostgreSQL database created with
a language's or ICU's collation would compare them by its own rules (ignoring the
punctuation the keys are built from) and reorder every list. Nothing changes on SQLite.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, column, length): the sort_key_type columns of desktop.db.models.
SORT_KEYS = (
    ("residential_group", "sort_key", 200),
    ("household", "address_sort_key", 400),
    ("household", "head_sort_key", 400),
    ("resident", "name_sort_key", 400),
    ("team", "sort_key", 200),
    ("member", "name_sort_key", 400),
)


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in SORT_KEYS:
        # The indexes over these columns are rebuilt by PostgreSQL with the new order.
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} "
            f'TYPE VARCHAR({length}) COLLATE "{collation}"'
        )


def upgrade() -> None:
    _collate("C")


def downgrade() -> None:
    _collate("default")
