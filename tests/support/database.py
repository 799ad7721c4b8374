"""Test databases are built by running the migrations, on SQLite or on PostgreSQL.

FAIRMARKET_TEST_DATABASE_URL selects PostgreSQL; an unreachable server is an error, never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, text

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import upgrade
from fairmarket.domains.all_models import metadata


def test_database_url(tmp_dir: Path) -> str:
    return os.environ.get("FAIRMARKET_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite3'}"


def reset_postgres_schema(url: str) -> None:
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def build_database(url: str) -> None:
    if url.startswith("postgresql"):
        reset_postgres_schema(url)
    upgrade(url)


def empty_all_tables(engine: Engine) -> None:
    tables = [table.name for table in reversed(metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
