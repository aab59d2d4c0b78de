"""postgres_search_indexes: trigram indexes over folded names and addresses on PostgreSQL

SQLite finds names and addresses in its FTS5 indexes (0001, 0003). On PostgreSQL the
search's LIKE conditions (desktop.db.search.words_condition) read every row instead:
at 60,000 households a page took 60-160 ms and a count 130-390 ms. A GIN index of
pg_trgm's trigrams over the folded text padded with a space at each end answers those
very conditions ("% nguyen %" for a whole word, "% uoc%" for a word being typed), so
its rows are exactly the LIKE's: PostgreSQL checks each candidate row with the LIKE.

pg_trgm comes with PostgreSQL (Debian's postgresql package, the Windows installer) and
is a trusted extension since PostgreSQL 13, so the owner of the database creates it.
Where it cannot be created (a user without the CREATE right on the database, an older
server, a server built without it), the upgrade is refused with a sentence naming the
one statement an administrator runs, and nothing is changed: a city's database must
not silently search ten times slower.

Nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop.domain.errors import UserError

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (index, table, folded column): desktop.db.search queries these expressions.
INDEXES = (
    ("ix_resident_name_search", "resident", "name_folded"),
    ("ix_household_address_search", "household", "address_folded"),
)
# The server's refusals that an administrator fixes: no right to create it (42501),
# not installed (58P01: no control file), not allowed for this user (0A000).
_REFUSALS = {"42501", "58P01", "0A000"}


def _trigram_schema() -> str:
    """The schema pg_trgm is in, creating it in the current one if it is not there."""
    connection = op.get_bind()
    find = text(
        "SELECT n.nspname FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
    )
    schema = connection.execute(find).scalar()
    if schema is not None:
        return schema
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) not in _REFUSALS:
            raise
        database = connection.execute(text("SELECT current_database()")).scalar()
        raise UserError(
            f"Máy chủ PostgreSQL không cho tạo phần mở rộng pg_trgm trong cơ sở dữ liệu "
            f"“{database}” (Đèn Khuya cần nó để tìm nhanh theo tên và địa chỉ): hãy nhờ "
            "người quản trị máy chủ chạy lệnh “CREATE EXTENSION pg_trgm;” trong cơ sở dữ "
            "liệu đó rồi mở lại. Dữ liệu chưa bị thay đổi gì."
        ) from None
    return connection.execute(find).scalar()


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _trigram_schema().replace('"', '""')
    for index, table, column in INDEXES:
        op.execute(
            f"CREATE INDEX {index} ON {table} "
            f"USING gin ((' ' || {column} || ' ') \"{schema}\".gin_trgm_ops)"
        )
        # Statistics of the new expression: how many names a word is in, for choosing
        # between the index and a walk down the list.
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    # The extension stays: other objects of the database may use it; it costs nothing.
    if op.get_bind().dialect.name != "postgresql":
        return
    for index, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {index}")
