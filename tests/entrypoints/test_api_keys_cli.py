"""`fairmarket apikeys`: create with an expiry, list with status and last use, revoke, rotate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fairmarket.bootstrap import Container, bootstrap
from fairmarket.domains.accounts.credentials import actor_for_api_key
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.cli.main import app
from fairmarket.kernel.actors import Channel
from fairmarket.settings import Settings
from tests.factories.accounts import make_seller

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:
    url = f"sqlite:///{tmp_path / 'apikeys-cli.sqlite3'}"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    built = bootstrap(Settings(database_url=url, embedded_worker=False, _env_file=None))  # type: ignore[call-arg]
    yield built
    built.engine.dispose()


def create(seller_id: int, *options: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["apikeys", "create", "--seller", str(seller_id), "--json", *options]
    )
    assert result.exit_code == 0, result.output
    created: dict[str, object] = json.loads(result.stdout)
    return created


def works(container: Container, key: str) -> bool:
    with container.uow_factory(read_only=True) as uow:
        return actor_for_api_key(uow, key, Channel.API) is not None


def test_list_shows_status_scopes_and_last_use_of_one_sellers_keys(database: Container) -> None:
    seller = make_seller(database.uow_factory).seller_id
    other = make_seller(database.uow_factory).seller_id
    used = create(seller, "--name", "erp", "--scope", "orders:read", "--expires-in-days", "30")
    create(other, "--name", "theirs")
    response = TestClient(create_app(database)).get(
        "/v1/orders", headers={"Authorization": f"Bearer {used['key']}"}
    )
    assert response.status_code == 200

    listed = runner.invoke(app, ["apikeys", "list", "--seller", str(seller)])
    as_json = json.loads(runner.invoke(app, ["apikeys", "list", "--json"]).stdout)

    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert len(lines) == 1
    assert f"{used['prefix']}  active    seller {seller}    erp  last used 20" in lines[0]
    assert lines[0].endswith("[orders:read]")
    assert [item["name"] for item in as_json["items"]] == ["erp", "theirs"]
    assert all("key" not in item and "secret_hash" not in item for item in as_json["items"])


def test_revoke_stops_the_key_and_a_second_revoke_is_a_conflict(database: Container) -> None:
    seller = make_seller(database.uow_factory).seller_id
    created = create(seller)

    revoked = runner.invoke(app, ["apikeys", "revoke", str(created["id"])])
    again = runner.invoke(app, ["apikeys", "revoke", str(created["id"])])
    unknown = runner.invoke(app, ["apikeys", "revoke", "999"])

    assert revoked.exit_code == 0, revoked.output
    assert (
        revoked.stdout
        == f"API key {created['id']} ({created['prefix']}, integration) is revoked.\n"
    )
    assert not works(database, str(created["key"]))
    assert again.exit_code == 5
    assert f"API key {created['prefix']} is already revoked; nothing changed." in again.output
    assert unknown.exit_code == 4
    assert "API key 999 does not exist or is not yours" in unknown.output


def test_rotate_prints_the_new_key_once_and_the_old_keeps_working_for_the_grace(
    database: Container,
) -> None:
    seller = make_seller(database.uow_factory).seller_id
    created = create(seller, "--scope", "orders:read")

    with_grace = runner.invoke(app, ["apikeys", "rotate", str(created["id"]), "--json"])

    assert with_grace.exit_code == 0, with_grace.output
    rotated = json.loads(with_grace.stdout)
    assert rotated["new_key"]["scopes"] == ["orders:read"]
    assert rotated["old_key"]["status"] == "expiring"
    assert works(database, str(created["key"]))
    assert works(database, rotated["new_key"]["key"])

    at_once = runner.invoke(
        app, ["apikeys", "rotate", str(rotated["new_key"]["id"]), "--grace-hours", "0"]
    )

    assert at_once.exit_code == 0, at_once.output
    assert at_once.stdout.startswith("API key (shown once, store it now): fm_sk_")
    assert f"The old key {rotated['new_key']['prefix']} is revoked." in at_once.stdout
    assert not works(database, rotated["new_key"]["key"])
    newest = at_once.stdout.split(": ", 1)[1].split("\n", 1)[0]
    assert works(database, newest)
