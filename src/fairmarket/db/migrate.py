"""Alembic, driven from code: `fairmarket db upgrade`, and the check that refuses an old schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The key under which `migrations/env.py` finds the models' metadata in the config's attributes.
TARGET_METADATA = "fairmarket_target_metadata"


def alembic_config(database_url: str, *, target_metadata: MetaData | None = None) -> Config:
    """The config `migrations/env.py` runs with. Pass the models' metadata (from
    `fairmarket.domains.all_models`) to autogenerate a migration; running them needs none."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if target_metadata is not None:
        config.attributes[TARGET_METADATA] = target_metadata
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def pending_migrations(engine: Engine, database_url: str) -> list[str]:
    """Revisions not yet applied to this database (empty when it is up to date)."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(script.get_heads())
    if current == heads:
        return []
    return [rev.revision for rev in script.walk_revisions() if rev.revision not in current]
