"""The CLI: migrations, the refusal of an un-migrated database, API keys, due jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import upgrade
from fairmarket.domains.webhooks.signing_secrets import opened_secret
from fairmarket.entrypoints.cli.main import app
from fairmarket.entrypoints.cli.secret_key import provide_installation_secret
from fairmarket.entrypoints.server import build_application
from fairmarket.settings import DEVELOPMENT_SECRET, Settings
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
        "ended_web_sessions": 0,
        "ended_app_credentials": 0,
    }


def test_apikeys_create_explains_an_unknown_seller_and_scope(database: str) -> None:
    runner.invoke(app, ["db", "upgrade"])

    missing = runner.invoke(app, ["apikeys", "create", "--seller", "99", "--json"])
    bad_scope = runner.invoke(app, ["apikeys", "create", "--seller", "99", "--scope", "root"])

    assert missing.exit_code == 4
    assert "Seller 99 does not exist" in missing.output
    assert bad_scope.exit_code == 2
    assert "Unknown scope(s) root" in bad_scope.output


@pytest.mark.parametrize("mode", ["sandbox", "production"])
def test_serve_refuses_a_guessable_secret_outside_development_and_says_how_to_make_one(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    runner.invoke(app, ["db", "upgrade"])
    monkeypatch.setenv("FAIRMARKET_MODE", mode)
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY", DEVELOPMENT_SECRET)
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY_FILE", str(tmp_path / "secret_key"))

    result = runner.invoke(app, ["serve"])

    assert result.exit_code == 2
    assert result.output.startswith(
        "error: FAIRMARKET_SECRET_KEY is the development secret, which is published with the "
        f"source code. {mode.capitalize()} mode signs web sessions with it"
    )
    assert 'python -c "import secrets; print(secrets.token_urlsafe(48))"' in result.output


def test_a_sandbox_server_started_after_the_demo_signs_with_the_demo_secret(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(app, ["db", "upgrade"])
    secret_file = tmp_path / "var" / "secret_key"
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY_FILE", str(secret_file))
    monkeypatch.delenv("FAIRMARKET_SECRET_KEY", raising=False)
    monkeypatch.setenv("FAIRMARKET_MODE", "sandbox")
    monkeypatch.setenv("FAIRMARKET_EMBEDDED_WORKER", "false")
    assert provide_installation_secret() == secret_file  # what `fairmarket demo` does first

    served = build_application()  # what `fairmarket serve` runs in each server process
    with TestClient(served) as client:
        login = client.get("/seller/login")

    assert login.status_code == 200
    assert served.state.container.settings.secret_key == secret_file.read_text().strip()


def test_the_operator_registers_an_app_and_sees_its_secret_once(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    arguments = ["apps", "register", "--name", "Ship Helper", "--scope", "orders:read"]
    local = [*arguments, "--redirect-uri", "http://localhost:9000/cb"]

    registered = runner.invoke(app, [*local, "--json"])
    monkeypatch.setenv("FAIRMARKET_MODE", "production")
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY", "a-real-secret-for-this-test-8f3kQz9Lm2Xw7")
    refused = runner.invoke(app, local)
    listed = runner.invoke(app, ["apps", "list", "--json"])

    assert registered.exit_code == 0, registered.output
    created = json.loads(registered.output)
    assert created["client_secret"].startswith("fm_cs_")
    assert refused.exit_code == 2
    assert (
        "error [redirect_uri_refused]: Redirect URI http://localhost:9000/cb must start with https://."
        in refused.output
    )
    assert [(a["client_id"], a["scopes"]) for a in json.loads(listed.output)] == [
        (created["client_id"], ["orders:read"])
    ]
    assert created["client_secret"] not in listed.output


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
