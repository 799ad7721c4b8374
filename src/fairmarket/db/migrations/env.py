"""Alembic environment. Migrations are the schema: tests build their databases by running them.

The models' metadata (needed only to autogenerate a migration) comes from the caller through
`migrate.alembic_config(..., target_metadata=...)`: the db layer never imports the domains.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import TARGET_METADATA

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""


def target_metadata() -> MetaData | None:
    """The models' metadata the caller handed over, or None when it only runs migrations."""
    metadata = config.attributes.get(TARGET_METADATA)
    if metadata is not None and not isinstance(metadata, MetaData):
        raise TypeError(f"{TARGET_METADATA} must be a sqlalchemy MetaData, not {type(metadata)}")
    return metadata


def run_migrations() -> None:
    connectable = create_database_engine(url, pool_size=1)
    try:
        with connectable.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata(),
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        # Also when a check finds differences: no pooled connection is left for the GC to close.
        connectable.dispose()


run_migrations()
