"""Alembic environment. Migrations are the schema: tests build their databases by running them."""

from __future__ import annotations

from alembic import context

from fairmarket.db.engine import create_database_engine
from fairmarket.domains.all_models import metadata

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""


def run_migrations() -> None:
    connectable = create_database_engine(url, pool_size=1)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


run_migrations()
