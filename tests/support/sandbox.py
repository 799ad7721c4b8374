"""A sandbox deployment for tests: its container, and a seller with a key talking to it over
HTTP (another seller with a key beside them)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from fairmarket.bootstrap import Container, bootstrap
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.settings import Mode, Settings
from tests.factories.accounts import make_api_key, make_seller

# Strong enough for sandbox mode, which refuses weak secrets.
SANDBOX_SECRET = "sandbox-test-secret-5f3a9c1e7b2d4068-XyZ"


def sandbox_container(database_url: str, mode: Mode = Mode.SANDBOX) -> Container:
    return bootstrap(
        Settings(  # type: ignore[call-arg]
            mode=mode,
            database_url=database_url,
            embedded_worker=False,
            secret_key=SANDBOX_SECRET,
            # The test receiver listens on 127.0.0.1: an integrator's local receiver, opted in.
            webhook_allow_private_targets=mode is not Mode.PRODUCTION,
            _env_file=None,
        )
    )


class Sandbox:
    """A seller with a key, talking to a sandbox deployment over HTTP."""

    def __init__(self, container: Container) -> None:
        factory = container.uow_factory
        self.container = container
        self.client = TestClient(create_app(container))
        self.seller = make_seller(factory)
        self.key = make_api_key(factory, seller_id=self.seller.seller_id)
        self.other_seller = make_seller(factory)
        self.other_key = make_api_key(factory, seller_id=self.other_seller.seller_id)
        self._keys = 0

    def post(self, path: str, key: str | None = None, **body: Any) -> Response:
        self._keys += 1
        return self.client.post(
            path,
            json=body,
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Idempotency-Key": f"sandbox-{self._keys}",
            },
        )

    def ok(self, path: str, key: str | None = None, **body: Any) -> dict[str, Any]:
        response = self.post(path, key, **body)
        assert response.status_code in (200, 201), response.text  # 201 for what it creates
        payload: dict[str, Any] = response.json()
        return payload

    def get(self, path: str, key: str | None = None, **params: Any) -> dict[str, Any]:
        response = self.client.get(
            path, params=params, headers={"Authorization": f"Bearer {key or self.key}"}
        )
        assert response.status_code == 200, response.text
        payload: dict[str, Any] = response.json()
        return payload

    def delivered_order(self, key: str | None = None) -> int:
        number: int = self.ok("/v1/sandbox/simulate/orders", key)["number"]
        self.ok(f"/v1/orders/{number}/ship", key, carrier="UPS", tracking_number="1Z999AA101")
        self.ok(f"/v1/sandbox/simulate/orders/{number}/deliver", key)
        return number

    def damaged_return(self, key: str | None = None) -> dict[str, Any]:
        """A delivered order's buyer asks for a refund; nobody answers it yet."""
        number = self.delivered_order(key)
        return self.ok(
            f"/v1/sandbox/simulate/orders/{number}/return",
            key,
            kind="refund_only",
            reason="damaged",
        )

    def seller_actor(self) -> Actor:
        return Actor(
            kind=ActorKind.SELLER_USER,
            channel=Channel.API,
            id=self.seller.user_id,
            seller_id=self.seller.seller_id,
            label=self.seller.email,
            scopes=ALL_SCOPES,
        )
