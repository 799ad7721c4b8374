"""The CLI: migrations, the refusal of an un-migrated database, API keys, due jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import upgrade
from fairmarket.domains.webhooks.signing_secrets import opened_secret
from fairmarket.entrypoints.cli.main import app
from fairmarket.settings import Settings
from tests.domains.test_migration_0007 import NOW, Rows

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", url)
    return url


def test_an_unmigrated_database_is_refused_with_what_to_run(database: str) -> None:
    result = runner.invoke(app, ["sellers", "list"])

    assert result.exit_code == 3
    assert "Run `fairmarket db upgrade` first" in result.output


def test_upgrade_is_idempotent_and_then_commands_work(database: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["db", "check"]).exit_code == 0

    listed = runner.invoke(app, ["sellers", "list", "--json"])
    due = runner.invoke(app, ["jobs", "run-due"])

    assert json.loads(listed.output) == []
    assert json.loads(due.output) == {
        "fired": 0,
        "warned": 0,
        "skipped": 0,
        "orders_auto_cancelled": 0,
        "outcomes": {},
        "shipment_exceptions": 0,
        "rule_evaluations": 0,
        "webhook_deliveries_created": 0,
        "webhook_attempts": 0,
        "webhook_succeeded": 0,
        "webhook_retries_scheduled": 0,
        "webhook_given_up": 0,
        "webhook_endpoints_disabled": 0,
        "expired_idempotency_keys": 0,
    }


def test_apikeys_create_explains_an_unknown_seller_and_scope(database: str) -> None:
    runner.invoke(app, ["db", "upgrade"])

    missing = runner.invoke(app, ["apikeys", "create", "--seller", "99", "--json"])
    bad_scope = runner.invoke(app, ["apikeys", "create", "--seller", "99", "--scope", "root"])

    assert missing.exit_code == 4
    assert "Seller 99 does not exist" in missing.output
    assert bad_scope.exit_code == 2
    assert "Unknown scope(s) root" in bad_scope.output


def test_upgrade_encrypts_the_webhook_secrets_stored_in_plain_text(database: str) -> None:
    plain = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    upgrade(database, "0013")  # before secrets were encrypted
    engine = create_database_engine(database, pool_size=1)
    with engine.begin() as connection:
        rows = Rows(connection)
        seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
        rows.put(
            "webhook_endpoints",
            seller_id=seller,
            url="https://example.com/hooks",
            secret=plain,
            event_types=[],
            status="active",
            created_at=NOW,
            last_event_id=0,
        )

    upgraded = runner.invoke(app, ["db", "upgrade"])
    again = runner.invoke(app, ["db", "upgrade"])

    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT secret FROM webhook_endpoints")).scalar_one()
    engine.dispose()
    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.output.splitlines()[-2:] == [
        "encrypted the signing secrets of 1 webhook endpoint(s)",
        "database is up to date",
    ]
    assert again.output.splitlines() == ["database is up to date"]
    assert stored.startswith("enc1:")
    policies = Settings(_env_file=None).policies()  # type: ignore[call-arg]
    assert opened_secret(policies, stored) == plain
