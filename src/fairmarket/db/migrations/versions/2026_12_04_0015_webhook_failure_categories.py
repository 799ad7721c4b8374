"""Webhook delivery failures as categories (no raw network errors)

Attempts and deliveries get a failure category; the raw error texts stored so far (which
carry addresses and ports) are replaced by the category's message. Signing secrets need no
schema change: a sealed secret fits the column, and `fairmarket db upgrade` seals the ones
stored in plain text after migrating (it has the key; a migration does not).

Revision ID: 0015
Revises: 0020
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The messages of the time, copied: a migration never imports code that may change.
HTTP_STATUS = (
    "'The receiver answered HTTP ' || CAST({column} AS VARCHAR(3)) "
    "|| '; only a 2xx counts as delivered.'"
)
TIMEOUT = (
    "The receiver did not accept the connection or answer in time; answer with a 2xx at once "
    "and do slow work afterwards."
)
CONNECTION_FAILED = (
    "Could not connect to the receiver (refused, reset or unreachable); check that it is up "
    "and reachable from the internet."
)


def upgrade() -> None:
    with op.batch_alter_table("webhook_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure", sa.String(length=30), nullable=True))
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failure", sa.String(length=30), nullable=True))
    _categorise("webhook_attempts", "status_code", "failure", "error")
    op.execute(
        "UPDATE webhook_deliveries SET last_failure = 'endpoint_disabled' "
        "WHERE last_error = 'endpoint disabled'"
    )
    _categorise("webhook_deliveries", "last_status_code", "last_failure", "last_error")


def _categorise(table: str, status: str, failure: str, error: str) -> None:
    undecided = f"{failure} IS NULL"
    op.execute(
        f"UPDATE {table} SET {failure} = 'http_status', {error} = "  # noqa: S608 - constants
        f"{HTTP_STATUS.format(column=status)} "
        f"WHERE {undecided} AND {status} IS NOT NULL AND ({status} < 200 OR {status} > 299)"
    )
    op.execute(
        f"UPDATE {table} SET {failure} = 'timeout', {error} = '{TIMEOUT}' "  # noqa: S608
        f"WHERE {undecided} AND {status} IS NULL AND {error} LIKE '%Timeout%'"
    )
    op.execute(
        f"UPDATE {table} SET {failure} = 'connection_failed', "  # noqa: S608
        f"{error} = '{CONNECTION_FAILED}' "
        f"WHERE {undecided} AND {status} IS NULL AND {error} IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_column("last_failure")
    with op.batch_alter_table("webhook_attempts", schema=None) as batch_op:
        batch_op.drop_column("failure")
