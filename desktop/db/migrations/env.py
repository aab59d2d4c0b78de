"""Alembic environment: runs migrations on the connection handed over by db.schema."""

from alembic import context

from desktop.db.models import Base

config = context.config

# Full-text indexes are SQLite virtual tables made by hand in the migrations; the models
# do not describe them, so autogenerate must not offer to drop them.
FULL_TEXT_TABLES = ("resident_name_search", "household_address_search")
# Nor PostgreSQL's trigram indexes over expressions, made by hand in migration 0009.
FULL_TEXT_INDEXES = ("ix_resident_name_search", "ix_household_address_search")


def include_name(name, type_, parent_names) -> bool:
    if type_ == "index":
        return name not in FULL_TEXT_INDEXES
    return not (type_ == "table" and name.startswith(FULL_TEXT_TABLES))


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Migrations run through desktop.db.schema.upgrade_database().")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
